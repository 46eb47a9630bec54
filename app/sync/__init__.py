"""Offline-first sync: signatures, bundles, merges and receipts."""
