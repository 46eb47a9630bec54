"""Areas whose coverage rates are the GLOSSARY's hard cases, filled through CSV imports (fast)."""

from __future__ import annotations

from pathlib import Path

from app.services import imports
from app.store.db import Ledger

EIGHTHS = "解放门街道"
"""8 counted communities (and one 未回迁): 养老服务 1/8 = 12.5 %, 婴幼儿托育 5/8 = 62.5 %."""
NEAR_TARGET = "南院门街道"
"""1563 communities: 社区助餐 1094/1563 = 69.994 %, just below its 70 % target."""
EMPTY = "北院门街道"
"""No community at all: every rate and every 还差 is "—"."""


def _import(ledger: Ledger, path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")
    imports.import_file(ledger, path)


def fill_rate_areas(ledger: Ledger, folder: Path) -> None:
    """The three streets above, in one ledger."""
    communities = ["社区名称,街道,是否未回迁社区"]
    communities += [f"东{n}路社区,{EIGHTHS},否" for n in range(1, 9)]
    communities.append(f"西八路社区,{EIGHTHS},是")  # neither counted nor covering
    communities += [f"南院门第{n}社区,{NEAR_TARGET},否" for n in range(1, 1564)]
    _import(ledger, folder / "社区.csv", communities)
    statuses = ["社区,功能,状态"]
    statuses.append("东1路社区,养老服务,运营中")
    statuses += [f"东{n}路社区,婴幼儿托育,已建成" for n in range(1, 6)]
    statuses += ["西八路社区,养老服务,运营中", "西八路社区,婴幼儿托育,运营中"]
    statuses += [f"南院门第{n}社区,社区助餐,运营中" for n in range(1, 1095)]
    _import(ledger, folder / "功能.csv", statuses)
