"""`python -m ui` starts IRO Desktop."""

import sys

from ui.shell.app import main

sys.exit(main())
