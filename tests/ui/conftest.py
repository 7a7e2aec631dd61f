"""Fixtures for the window shell: a fast throttle clock, no blocking message boxes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from iro_desktop.services.unlock_policy import UnlockThrottle
from tests.conftest import FakeClock
from ui.common.workers import tasks_running


@pytest.fixture
def throttle(tmp_path: Path, clock: FakeClock) -> UnlockThrottle:
    return UnlockThrottle(tmp_path / "unlock-attempts.json", now=clock)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record what would have been shown instead of blocking on a modal box."""
    shown: list[tuple[str, str]] = []

    def fake(kind: str, answer: Any) -> Any:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            shown.append((kind, f"{title}: {text}"))
            return answer
        return staticmethod(show)

    std = QMessageBox.StandardButton
    for kind, answer in (("critical", std.Ok), ("warning", std.Ok), ("information", std.Ok),
                         ("question", std.Yes)):
        monkeypatch.setattr(QMessageBox, kind, fake(kind, answer))
    return shown


@pytest.fixture(autouse=True)
def _no_task_left_running(qtbot: Any) -> Iterator[None]:
    """A worker still running after a test would call back into deleted widgets."""
    yield
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
