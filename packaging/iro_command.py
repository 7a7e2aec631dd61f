"""The `iro` command in an installation (PyInstaller needs a script to start from)."""

import sys

from iro_desktop.cli import main

sys.exit(main())
