"""Keyrings for tests: one in memory, one that is locked, none at all; set for one test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError


class Memory(KeyringBackend):
    """A keyring that answers, holding its passwords in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        """Keep a password."""
        self.kept[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        """A kept password, if any."""
        return self.kept.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        """Forget a password."""
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class Locked(Memory):
    """A keyring that is there but locked: every use fails."""

    def set_password(self, service: str, username: str, password: str) -> None:
        """Refused: locked."""
        raise KeyringLocked("locked")

    def get_password(self, service: str, username: str) -> str | None:
        """Refused: locked."""
        raise KeyringLocked("locked")


@contextmanager
def using(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """This keyring for the duration (the tests' default is the fail keyring: none at all)."""
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


def failing() -> KeyringBackend:
    """The keyring a machine without any backend has."""
    return fail.Keyring()
