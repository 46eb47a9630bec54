"""Fixtures the sync tests share."""

from tests.app.sync.relaying import offices

__all__ = ["offices"]
