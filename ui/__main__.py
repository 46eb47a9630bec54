"""`python -m ui [--db PATH] [--demo] [--screenshots DIR]`: the desktop app."""

import sys

from ui.app import main

sys.exit(main())
