"""The unlock dialog: wrong passphrases are refused and throttled, the right one opens."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QWidget

from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import MINIMUM_KDF, Store
from tests.conftest import PASSPHRASE, FakeClock
from ui.common.workers import PROGRESS_DELAY_MS, run_task, run_with_progress
from ui.shell.unlock_dialog import WRONG_PASSPHRASE, UnlockDialog


@pytest.fixture
def closed_store(store: Store, store_path: Path) -> Path:
    store.close()
    return store_path


@pytest.fixture
def dialog(qtbot: Any, closed_store: Path, throttle: UnlockThrottle) -> UnlockDialog:
    dlg = UnlockDialog(closed_store, throttle=throttle)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def attempt(qtbot: Any, dialog: UnlockDialog, passphrase: str) -> None:
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy.isVisible() and dialog.passphrase.isEnabled(),
                    timeout=10_000)


def test_shows_which_store(dialog: UnlockDialog, closed_store: Path) -> None:
    assert closed_store.name in dialog.store_label.text()
    assert dialog.demo_badge.isHidden()


def test_demo_store_has_a_badge(qtbot: Any, tmp_path: Path) -> None:
    dlg = UnlockDialog(tmp_path / "demo-caseload.irostore")
    qtbot.addWidget(dlg)
    assert not dlg.demo_badge.isHidden()


def test_wrong_passphrase_is_refused(qtbot: Any, dialog: UnlockDialog) -> None:
    attempt(qtbot, dialog, "not the passphrase at all")
    assert dialog.unlocked_store() is None
    assert dialog.isVisible()
    assert dialog.message.text() == WRONG_PASSPHRASE
    assert dialog.unlock_button.isEnabled()


def test_right_passphrase_opens(qtbot: Any, dialog: UnlockDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    opened = dialog.unlocked_store()
    assert opened is not None
    assert dialog.passphrase.text() == ""
    opened.close()


def test_window_stays_responsive_while_unlocking(qtbot: Any, dialog: UnlockDialog) -> None:
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.busy.isVisible()
    assert not dialog.unlock_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.unlocked_store() is not None, timeout=10_000)
    store = dialog.unlocked_store()
    assert store is not None
    store.close()


def test_countdown_after_five_failures(
    qtbot: Any, dialog: UnlockDialog, clock: FakeClock, throttle: UnlockThrottle
) -> None:
    for _ in range(5):
        attempt(qtbot, dialog, "a wrong passphrase here")
    assert not dialog.unlock_button.isEnabled()
    assert dialog.message.text() == "Too many attempts. Try again in 5 seconds."
    clock.advance(2)
    dialog.countdown.refresh()
    assert dialog.message.text() == "Too many attempts. Try again in 3 seconds."
    # Pressing Enter while waiting does nothing.
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert not dialog.busy.isVisible()
    clock.advance(3)
    dialog.countdown.refresh()
    assert dialog.unlock_button.isEnabled()
    assert dialog.message.isHidden()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert throttle.failure_count() == 0
    store = dialog.unlocked_store()
    assert store is not None
    store.close()


def test_countdown_survives_a_restart(
    qtbot: Any, closed_store: Path, throttle: UnlockThrottle, clock: FakeClock
) -> None:
    for _ in range(6):
        throttle.record_failure()
    again = UnlockDialog(closed_store, throttle=UnlockThrottle(throttle.path, now=clock))
    qtbot.addWidget(again)
    assert not again.unlock_button.isEnabled()
    assert again.message.text() == "Too many attempts. Try again in 10 seconds."


def test_missing_store_gives_a_plain_message(
    qtbot: Any, tmp_path: Path, throttle: UnlockThrottle
) -> None:
    dlg = UnlockDialog(tmp_path / "gone.irostore", throttle=throttle)
    qtbot.addWidget(dlg)
    dlg.show()
    attempt(qtbot, dlg, PASSPHRASE)
    assert "There is no store" in dlg.message.text()
    assert throttle.failure_count() == 0


def run_app(env_extra: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IRO_DESKTOP_SMOKE": "1",
           "IRO_DATA_DIR": str(data_dir), **env_extra}
    if "IRO_PASSPHRASE" not in env_extra:
        env.pop("IRO_PASSPHRASE", None)
    return subprocess.run([sys.executable, "-m", "ui"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).parents[2])


def test_start_up_offers_the_wizard_then_the_unlock_dialog(tmp_path: Path) -> None:
    first = run_app({}, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "first paint of FirstRunWizard" in first.stderr
    Store.create(tmp_path / "caseload.irostore", PASSPHRASE, kdf=MINIMUM_KDF).close()
    second = run_app({}, tmp_path)
    assert second.returncode == 0, second.stderr
    assert "first paint of UnlockDialog" in second.stderr
    third = run_app({"IRO_PASSPHRASE": PASSPHRASE}, tmp_path)
    assert third.returncode == 0, third.stderr
    assert "first paint of the main window" in third.stderr
    assert (tmp_path / "logs" / "iro-desktop.log").is_file()


# -- the worker helper the unlock (and every slow action) relies on -----------------------


def test_run_task_reports_progress_result_and_errors_on_the_gui_thread(qtbot: Any) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    seen: list[object] = []
    gui_thread = QThread.currentThread()

    def work(progress: Any) -> int:
        progress(1, 2, "half way")
        return 42

    def on_progress(done: int, total: int, text: str) -> None:
        seen.append((done, total, text, QThread.currentThread() is gui_thread))

    run_task(work, on_done=seen.append, on_error=seen.append, on_progress=on_progress,
             parent=owner)
    qtbot.waitUntil(lambda: 42 in seen, timeout=5_000)
    assert seen[0] == (1, 2, "half way", True)

    def broken(_progress: Any) -> None:
        raise ValueError("broken on purpose")

    run_task(broken, on_done=seen.append, on_error=seen.append, parent=owner)
    qtbot.waitUntil(lambda: isinstance(seen[-1], ValueError), timeout=5_000)


def test_progress_dialog_appears_only_for_slow_work(qtbot: Any) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    results: list[object] = []
    quick = run_with_progress(lambda _p: "quick", parent=owner, label="Quick",
                              on_done=results.append, on_error=results.append)
    qtbot.waitUntil(lambda: "quick" in results, timeout=5_000)
    qtbot.wait(PROGRESS_DELAY_MS + 200)
    assert not (shiboken6.isValid(quick) and quick.isVisible()), "quick work shows no dialog"

    slow = run_with_progress(lambda _p: time.sleep(1.2) or "slow", parent=owner,
                             label="Slow", on_done=results.append, on_error=results.append)
    qtbot.waitUntil(slow.isVisible, timeout=2_000)
    qtbot.waitUntil(lambda: "slow" in results, timeout=5_000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(slow) or not slow.isVisible(), timeout=2_000)


def test_guesses_are_counted_beside_the_store_not_in_the_data_folder(
    qtbot: Any, closed_store: Path
) -> None:
    """The dialog's own throttle is the store's record: another data folder, or deleting
    the application's settings, does not give a guesser a fresh start."""
    dlg = UnlockDialog(closed_store)
    qtbot.addWidget(dlg)
    dlg.show()
    attempt(qtbot, dlg, "not the passphrase at all")
    assert dlg.unlocked_store() is None
    assert UnlockThrottle.for_store(closed_store).failure_count() == 1
    attempt(qtbot, dlg, PASSPHRASE)
    store = dlg.unlocked_store()
    assert store is not None
    store.close()
    assert UnlockThrottle.for_store(closed_store).failure_count() == 0
