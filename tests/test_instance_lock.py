"""One program at a time writes a store; a crashed one never leaves it locked."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from iro_desktop.cli import main
from iro_desktop.store import Store
from iro_desktop.store.instance_lock import (
    CLI,
    InstanceLock,
    LockHolder,
    StoreInUseError,
    in_use_message,
    lock_path_for,
)

from .conftest import PASSPHRASE

HOLD = (
    "import sys\n"
    "from pathlib import Path\n"
    "from iro_desktop.store.instance_lock import InstanceLock\n"
    "lock = InstanceLock.acquire(Path(sys.argv[1]), kind=sys.argv[2], what='import')\n"
    "print('HELD', flush=True)\n"
    "sys.stdin.read()\n"
)


def _holder(store_path: Path, kind: str = "app") -> subprocess.Popen[str]:
    """Another process holding the lock until its standard input closes (or it is killed)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store_path), kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "HELD"
    return child


def test_a_second_window_is_told_the_store_is_open(store_path: Path) -> None:
    with InstanceLock.acquire(store_path), pytest.raises(StoreInUseError) as refused:
        InstanceLock.acquire(store_path)
    assert "open in another IRO Desktop window on this laptop" in str(refused.value)
    InstanceLock.acquire(store_path).release()  # free again once released


def test_another_process_holds_it_and_a_crash_frees_it(store_path: Path) -> None:
    child = _holder(store_path, CLI)
    try:
        with pytest.raises(StoreInUseError) as refused:
            InstanceLock.acquire(store_path)
        assert "iro import" in str(refused.value) and str(child.pid) in str(refused.value)
    finally:
        child.kill()  # no clean-up runs: as a crash or a power cut would leave it
        child.wait()
    assert lock_path_for(store_path).exists()  # the file stays behind...
    with InstanceLock.acquire(store_path) as lock:  # ...and means nothing
        assert lock.held


def test_a_writing_command_refuses_while_the_app_has_the_store(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    store.close()
    with InstanceLock.acquire(store.path):
        assert main(["demo", "--store", str(store.path), "--children", "2"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "another IRO Desktop window" in err
        assert main(["list", "children", "--store", str(store.path)]) == 0  # reading is fine
        assert main(["check", "--store", str(store.path)]) == 0


def test_the_message_names_another_computer() -> None:
    holder = LockHolder("app", "", 4242, "TEAM-LAPTOP-7", datetime(2026, 11, 26, 9, tzinfo=UTC))
    text = in_use_message(holder, "caseload.irostore")
    assert "on the computer TEAM-LAPTOP-7" in text and "Close it there first" in text


def test_unreadable_holder_details_still_give_a_clear_message() -> None:
    assert "another IRO Desktop window" in in_use_message(None, "caseload.irostore")
    assert LockHolder.from_json(b"\x00garbage") is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_lock_file_is_private(store_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with InstanceLock.acquire(store_path):
            assert lock_path_for(store_path).stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
