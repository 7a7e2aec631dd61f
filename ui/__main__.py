"""`python -m ui` starts IRO Desktop."""

import sys

from ui.app import main

sys.exit(main())
