"""`python -m ui [--db PATH] [--demo] [--screenshots DIR [--screen SIZE]] [--lang zh_CN|en]`."""

import sys

from ui.app import main

sys.exit(main())
