"""`python -m ui [--db PATH] [--demo] [--screenshots DIR [--screen SIZE]] [--lang zh_CN|en]
[FILE.cfbundle|FILE.cfconnect]`."""

import sys

from ui.app import main

sys.exit(main())
