"""The application's style sheet, for the palette in use.

resources/style/app.qss takes its colours from the palette (``palette(base)``) and its status
colours as ``@tone.part@`` (``@error.background@``), filled in here from ui/common/tones.py,
and the highlight as ``@highlight.part@``, made readable if the system's is not.
When the system switches between light, dark or a contrast theme while the application
runs, the sheet is made again for the new palette.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from iro_desktop.paths import resource_path
from ui.common.tones import readable_highlight, tone_set

_PLACEHOLDER = re.compile(r"@([a-z_]+)\.(background|foreground|border)@")


def render(template: str, palette: QPalette | None = None) -> str:
    tones = {**tone_set(palette), "highlight": readable_highlight(palette)}
    return _PLACEHOLDER.sub(lambda m: str(getattr(tones[m.group(1)], m.group(2))), template)


def style_sheet(palette: QPalette | None = None) -> str:
    path = resource_path("style", "app.qss")
    if not path.is_file():
        return ""
    return render(path.read_text(encoding="utf-8"), palette)


class _FollowPalette(QObject):
    """Makes the sheet again when the application's palette changes (dark mode switched)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self._app and event.type() == QEvent.Type.ApplicationPaletteChange
                and not self._busy):
            self._busy = True
            try:
                self._app.setStyleSheet(style_sheet(self._app.palette()))
            finally:
                self._busy = False
        return False


def apply_style_sheet(app: QApplication) -> None:
    app.setStyleSheet(style_sheet(app.palette()))
    app.installEventFilter(_FollowPalette(app))
