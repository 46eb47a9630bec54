"""Two kinds of failure: known ones (bad input, environment) with a Chinese message, and bugs."""

from __future__ import annotations

from dataclasses import dataclass


class KnownError(Exception):
    """A failure the user can understand and act on; str() is the Chinese message."""

    exit_code = 1


class UsageError(KnownError):
    """Bad input or usage: nothing was written."""

    exit_code = 2


class NeedsPerson(KnownError):
    """Something a person must look at (damage found, a bundle held)."""

    exit_code = 4


class Cancelled(KnownError):
    """Long work stopped because the user asked; what was committed before stays."""


class LedgerMissing(UsageError):
    """The database file does not exist."""


class LedgerTooNew(KnownError):
    """The database was written by a newer version of the app."""


class LedgerDamaged(NeedsPerson):
    """The database failed its integrity check, or SQLite found it malformed while working."""


class LedgerReadOnly(NeedsPerson):
    """A write was refused: the ledger is read-only because it is damaged (restore a backup)."""


class StorageError(KnownError):
    """The disk or the file system failed us: full, read-only, locked, a stick pulled out."""


class KeyFileProblem(NeedsPerson):
    """This database's private key file is missing, unreadable or another database's."""


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field, in Chinese."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


class InvalidInput(UsageError):
    """Field-level errors; the record was not written."""

    def __init__(self, errors: list[FieldError], where: str = "") -> None:
        self.errors = errors
        self.where = where
        prefix = f"{where}：" if where else ""
        super().__init__(prefix + "；".join(str(e) for e in errors))
