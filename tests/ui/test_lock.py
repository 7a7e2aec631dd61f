"""Locking hides every trace of a child; unlocking puts back exactly what was there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from iro_desktop.services.profile import set_setting
from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import Store
from tests.conftest import PASSPHRASE, FakeClock
from ui.shell.lock_controller import LOCKED_TITLE, LockController
from ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, store: Store) -> Iterator[MainWindow]:
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: not win.is_loading(), timeout=10_000)
    yield win


@pytest.fixture
def controller(window: MainWindow, store: Store, throttle: UnlockThrottle) -> LockController:
    return LockController(window, store, throttle=throttle)


def unlock_with(qtbot: Any, controller: LockController, passphrase: str) -> None:
    page = controller.page
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.passphrase.isEnabled(), timeout=10_000)


def test_lock_action_is_in_the_file_menu(window: MainWindow, controller: LockController) -> None:
    assert controller.lock_action in window.file_menu.actions()
    assert controller.lock_action.shortcut().toString() == "Ctrl+L"


def test_lock_hides_content_dock_and_title(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    window.setWindowTitle("IRO Desktop — Exampleshire")
    assert window.alerts_dock.isVisible()
    with qtbot.waitSignal(controller.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.is_locked
    assert window.pages.currentWidget() is controller.page
    assert not window.pages.widget(0).isVisible()
    assert not window.alerts_dock.isVisible()
    assert not window.menuBar().isEnabled()
    assert not window.statusBar().isVisible()
    assert window.windowTitle() == LOCKED_TITLE
    assert controller.page.passphrase.hasFocus() or not window.isActiveWindow()


def test_unlocking_restores_everything_including_unsaved_text(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    draft = QLineEdit()
    draft.setAccessibleName("Draft")
    window.pages.widget(0).layout().addWidget(draft)
    qtbot.keyClicks(draft, "Unsaved note about the review")
    title = window.windowTitle()
    controller.lock()
    with qtbot.waitSignal(controller.unlocked, timeout=10_000):
        unlock_with(qtbot, controller, PASSPHRASE)
    assert not controller.is_locked
    assert window.pages.currentIndex() == 0
    assert draft.text() == "Unsaved note about the review"
    assert window.alerts_dock.isVisible()
    assert window.menuBar().isEnabled()
    assert window.statusBar().isVisible()
    assert window.windowTitle() == title
    assert controller.page.passphrase.text() == ""


def test_wrong_passphrase_keeps_it_locked(
    qtbot: Any, window: MainWindow, controller: LockController, throttle: UnlockThrottle
) -> None:
    controller.lock()
    unlock_with(qtbot, controller, "not my passphrase at all")
    assert controller.is_locked
    assert window.pages.currentWidget() is controller.page
    assert "not right" in controller.page.message.text()
    assert throttle.failure_count() == 1


def test_throttle_applies_on_the_lock_page(
    qtbot: Any, controller: LockController, clock: FakeClock
) -> None:
    controller.lock()
    for _ in range(5):
        unlock_with(qtbot, controller, "not my passphrase at all")
    assert not controller.page.unlock_button.isEnabled()
    assert controller.page.message.text() == "Too many attempts. Try again in 5 seconds."
    clock.advance(5)
    controller.countdown.refresh()
    with qtbot.waitSignal(controller.unlocked, timeout=10_000):
        unlock_with(qtbot, controller, PASSPHRASE)


def test_locks_after_idle_time(qtbot: Any, controller: LockController) -> None:
    controller.set_idle_interval_ms(200)
    with qtbot.waitSignal(controller.locked, timeout=5_000):
        pass
    assert controller.is_locked


def test_input_restarts_the_idle_timer(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    controller.set_idle_interval_ms(400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.caseload.table, Qt.Key.Key_Down)
    assert not controller.is_locked
    qtbot.waitUntil(lambda: controller.is_locked, timeout=5_000)


def test_other_windows_are_hidden_and_restored(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    other = QWidget()
    other.setWindowTitle("A child's chronology")
    qtbot.addWidget(other)
    other.show()
    controller.lock()
    assert not other.isVisible()
    late = QWidget()
    qtbot.addWidget(late)
    late.show()
    qtbot.waitUntil(lambda: not late.isVisible(), timeout=2_000)
    with qtbot.waitSignal(controller.unlocked, timeout=10_000):
        unlock_with(qtbot, controller, PASSPHRASE)
    assert other.isVisible()
    assert late.isVisible()


def test_shortcuts_do_nothing_while_locked(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    controller.lock()
    tabs_before = window.tabs.count()
    qtbot.keyClick(controller.page.passphrase, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.count() == tabs_before
    assert window.pages.currentWidget() is controller.page


def test_minutes_come_from_the_setting_and_are_clamped(
    qtbot: Any, window: MainWindow, store: Store, throttle: UnlockThrottle
) -> None:
    set_setting(store, "auto_lock_minutes", "12")
    assert LockController(window, store, throttle=throttle).timeout_ms == 12 * 60_000
    set_setting(store, "auto_lock_minutes", "90")
    assert LockController(window, store, throttle=throttle).timeout_ms == 15 * 60_000
    set_setting(store, "auto_lock_minutes", "soon")
    controller = LockController(window, store, throttle=throttle)
    assert controller.timeout_ms == 5 * 60_000
    controller.set_timeout_minutes(0)
    assert controller.timeout_ms == 60_000


def test_closing_while_locked_with_unsaved_work_waits_for_unlock(
    qtbot: Any, window: MainWindow, controller: LockController, monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str]],
) -> None:
    monkeypatch.setattr(window, "has_unsaved_changes", lambda: True)
    controller.lock()
    window.close()
    assert window.isVisible()
    assert "Unlock first" in controller.page.message.text()
    assert message_boxes == [], "no question naming a child may appear while locked"
    monkeypatch.setattr(window, "has_unsaved_changes", lambda: False)


def test_a_title_set_while_locked_waits_for_the_unlock(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    controller.lock()
    window.setWindowTitle("IRO Desktop — Amelia Brown")
    qtbot.waitUntil(lambda: window.windowTitle() == LOCKED_TITLE, timeout=2_000)
    with qtbot.waitSignal(controller.unlocked, timeout=10_000):
        unlock_with(qtbot, controller, PASSPHRASE)
    assert window.windowTitle() == "IRO Desktop — Amelia Brown"


def test_a_dialog_finished_while_locked_stays_closed(
    qtbot: Any, window: MainWindow, controller: LockController
) -> None:
    dialog = QDialog(window)
    dialog.open()
    controller.lock()
    assert not dialog.isVisible()
    dialog.accept()
    with qtbot.waitSignal(controller.unlocked, timeout=10_000):
        unlock_with(qtbot, controller, PASSPHRASE)
    assert not dialog.isVisible()
