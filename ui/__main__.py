"""`python -m ui [--db PATH] [--demo] [--screenshots DIR] [--lang zh_CN|en]`: the desktop app."""

import sys

from ui.app import main

sys.exit(main())
