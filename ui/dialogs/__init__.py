"""Dialogs of one task each (the import preview), opened by the window or a page."""
