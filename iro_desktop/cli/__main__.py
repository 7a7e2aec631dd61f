"""`python -m iro_desktop.cli` runs the `iro` command."""

import sys

from . import main

sys.exit(main())
