"""Qt's own messages go to the application's log at their own level.

Qt says why it cannot start (a platform plugin that will not load, a missing library) in
warnings and a fatal message. Once a handler is installed Qt no longer prints them, so
the handler logs each at the matching level, under ``qt.<category>``, and also writes the
serious ones to standard error: a fatal one is followed by an abort, before any log line
or window could tell the IRO.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message(mode: QtMsgType, context: object, message: str) -> None:
    """Log one Qt message; echo errors and fatal messages to standard error when there is one."""
    category = getattr(context, "category", None) or "default"
    level = LEVELS.get(mode, logging.WARNING)
    name = "qt" if category == "default" else f"qt.{category}".replace("qt.qt.", "qt.")
    logging.getLogger(name).log(level, "%s", message)
    if level >= logging.ERROR and sys.stderr is not None:
        print(f"Qt: {message}", file=sys.stderr, flush=True)


def install_qt_log() -> None:
    qInstallMessageHandler(qt_message)
