"""Setting, changing and removing the app lock of a ledger's window (kept in the ledger's own
settings, never sent anywhere); every change asks the password in force."""

from __future__ import annotations

from app.domain import app_lock
from app.domain.app_lock import AppLock, LockError
from app.store.db import Ledger
from app.store.settings import get_setting, set_settings

SETTING = "app_lock"


def current(ledger: Ledger) -> AppLock | None:
    """The lock in force, or None; LockError if what is stored is damaged."""
    data = get_setting(ledger, SETTING)
    return None if data is None else app_lock.read_lock(data)


def _opened(ledger: Ledger, password: str | None) -> AppLock | None:
    """The lock in force once its password was given (LockError if not)."""
    try:
        lock = current(ledger)
    except LockError:
        return None  # a damaged lock is replaced, whatever was typed
    if lock is not None and not app_lock.opens(lock, password or ""):
        raise LockError("当前密码不对")
    return lock


def set_lock(ledger: Ledger, password: str, idle_minutes: int, *,
             current_password: str | None = None) -> AppLock:
    """Set a new password (and idle minutes); a lock in force asks its password first."""
    _opened(ledger, current_password)
    lock = app_lock.make_lock(password, idle_minutes)
    set_settings(ledger, **{SETTING: lock.to_json()})
    return lock


def set_idle(ledger: Ledger, idle_minutes: int, password: str) -> AppLock:
    """Other idle minutes for the lock in force (its password asked)."""
    lock = _opened(ledger, password)
    if lock is None:
        raise LockError("尚未设置应用锁")
    changed = app_lock.with_idle(lock, idle_minutes)
    set_settings(ledger, **{SETTING: changed.to_json()})
    return changed


def remove_lock(ledger: Ledger, password: str) -> None:
    """No lock any more (its password asked)."""
    _opened(ledger, password)
    set_settings(ledger, **{SETTING: None})


def force_off(ledger: Ledger) -> None:
    """No lock any more, without its password: for whoever looks after the PC, on the command
    line, when the password is forgotten (the data itself was never behind it)."""
    set_settings(ledger, **{SETTING: None})
