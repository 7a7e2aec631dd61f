"""How record pages run store work: on a worker thread in the app, or at once where that is simpler.

A page is handed a ``Runner`` rather than calling ``ui.common.workers`` itself, so the same page
works inside the main window (background) and in a small test or tool (immediately).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ui.common.workers import run_task

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Runner = Callable[[Callable[[], Any], Done, Failed], None]
#: Makes a page's runner; the page passes itself so its callbacks stop when it is closed.
RunnerFor = Callable[[QObject], Runner]


def run_now(fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
    """Run on the calling thread: for work of a few milliseconds, and for tools and tests."""
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - handed to the page, which explains it
        on_error(exc)
    else:
        on_done(result)


def immediate(_page: QObject) -> Runner:
    return run_now


def background_runner(parent: QObject) -> Runner:
    """Run on the thread pool; callbacks come back on the GUI thread while ``parent`` lives."""

    def run(fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        run_task(lambda _progress: fn(), on_done=on_done, on_error=on_error, parent=parent)

    return run
