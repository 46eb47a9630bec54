"""The main window's pages: one per ledger view, each scoped by the area tree."""
