"""`python -m app` runs the command line (no subcommand opens the window)."""

import sys

from app.cli import main

sys.exit(main())
