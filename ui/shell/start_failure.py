"""A start that fails says why: before Qt is up, on standard error; after, in a message box.

On a minimal Linux desktop Qt's xcb plugin cannot load without a handful of system
libraries, and Qt then aborts the process (exit 134) before anything is shown. The check
here runs first: it loads the plugin the way Qt would and, if that fails, names the missing
libraries and the command that installs them. On Windows a windowed program has no
standard error, so there the message goes to a native message box.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QLibraryInfo
from PySide6.QtWidgets import QApplication, QMessageBox

from iro_desktop.paths import log_dir, resource_path

log = logging.getLogger("iro_desktop.app")

TITLE = "IRO Desktop could not start"


def required_linux_libraries() -> list[tuple[str, str]]:
    """(library, Debian/Ubuntu package) pairs, shared with setup-env.sh and the .deb."""
    pairs: list[tuple[str, str]] = []
    listing = resource_path("linux", "qt-libraries.txt")
    for line in listing.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) == 2 and not line.startswith("#"):
            pairs.append((fields[0], fields[1]))
    return pairs


def xcb_plugin() -> Path:
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return plugins / "platforms" / "libqxcb.so"


def linux_display_problem(environ: Mapping[str, str] = os.environ,
                          load: Callable[[str], object] = ctypes.CDLL,
                          plugin: Path | None = None) -> str | None:
    """Why Qt will not be able to open a window on this Linux desktop, or None."""
    if not sys.platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None
    if not chosen and environ.get("WAYLAND_DISPLAY"):
        return None
    if not environ.get("DISPLAY"):
        return ("There is no desktop to show a window on (DISPLAY is not set). Start IRO "
                "Desktop from a desktop session, or use the `iro` command.")
    plugin = plugin or xcb_plugin()
    if not plugin.is_file():
        return None
    try:
        load(str(plugin))
    except OSError as error:
        missing = [package for library, package in required_linux_libraries()
                   if not _loads(load, library)]
        if not missing:
            return f"Qt's window system plugin cannot be loaded: {error}"
        return ("Qt cannot open a window because these system libraries are missing: "
                f"{', '.join(missing)}.\nInstall them with:\n"
                f"    sudo apt-get install {' '.join(missing)}")
    return None


def _loads(load: Callable[[str], object], library: str) -> bool:
    try:
        load(library)
    except OSError:
        return False
    return True


def report_start_failure(reason: str, *, details: str = "", interactive: bool = True) -> None:
    """Tell the IRO why the application stopped: a box if Qt is up, else standard error."""
    log.critical("Start-up failed: %s", reason)
    advice = f"{reason}\n\nThe log for IT support is in {log_dir()}."
    if interactive and isinstance(QApplication.instance(), QApplication):
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, advice)
        box.setAccessibleName(TITLE)
        if details:
            box.setDetailedText(details)
        box.exec()
        return
    if sys.stderr is not None:
        print(f"{TITLE}: {advice}", file=sys.stderr, flush=True)
        return
    if sys.platform == "win32" and interactive:
        ctypes.windll.user32.MessageBoxW(None, advice, TITLE, 0x10)  # MB_ICONERROR
