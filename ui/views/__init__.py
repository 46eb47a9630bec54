"""Widget layouts: each view builds its widgets; controllers wire the behaviour."""
