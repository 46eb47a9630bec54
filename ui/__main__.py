"""`python -m ui [--db PATH] [--demo] [--screenshots DIR [--screen SIZE]] [--lang zh_CN|en]
[FILE.cfbundle|FILE.cfconnect]`."""

import sys

from ui import preload

preload.app_modules()  # before PySide6 (ui.preload says why)

from ui.app import main  # noqa: E402

sys.exit(main())
