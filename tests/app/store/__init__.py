"""Tests of the storage layer: migrations, pragmas, identity, backups, the write path and search."""
