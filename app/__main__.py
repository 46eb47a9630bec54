"""`python -m app`: the same as the `facility-ledger` command."""

import sys

from app.cli import main

sys.exit(main())
