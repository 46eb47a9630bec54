"""The desktop window (PySide6): views, Qt item models and workers over app.services."""
