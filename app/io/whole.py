"""Files written whole or not at all: beside the target first, then moved into place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import KnownError


@contextmanager
def written_whole(path: Path, *, opened_in: str) -> Iterator[Path]:
    """A temporary path beside `path` to write to; moved onto `path` when the block ends well.

    Whatever goes wrong, the temporary file goes and `path` is as it was; a file that cannot be
    replaced is explained in Chinese (`opened_in`: the program that may hold it open).
    """
    partial = path.with_name(path.name + ".partial")
    try:
        yield partial
        partial.replace(path)
    except PermissionError:
        raise KnownError(
            f"无法写入“{path}”：文件可能正在 {opened_in} 中打开，请关闭后重试"
        ) from None
    except FileNotFoundError as exc:
        raise KnownError(f"无法写入“{path}”：文件夹不存在（{exc.filename}）") from None
    except IsADirectoryError:
        raise KnownError(f"无法写入“{path}”：这是一个文件夹") from None
    except OSError as exc:
        raise KnownError(f"无法写入“{path}”：{exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
