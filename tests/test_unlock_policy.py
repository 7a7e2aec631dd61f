"""The passphrase-guessing throttle: free tries, growing waits, the five-minute cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iro_desktop.paths import default_store_path
from iro_desktop.services.unlock_policy import (
    MAX_DELAY_SECONDS,
    MAX_GUESSES_PER_WINDOW,
    WINDOW_SECONDS,
    UnlockThrottle,
    default_attempts_path,
)
from iro_desktop.store import MINIMUM_KDF, Store

from .conftest import PASSPHRASE, FakeClock


@pytest.fixture
def attempts_path(tmp_path: Path) -> Path:
    return tmp_path / "unlock-attempts.json"


@pytest.fixture
def throttle(attempts_path: Path, clock: FakeClock) -> UnlockThrottle:
    return UnlockThrottle(attempts_path, now=clock)


def fail_when_allowed(throttle: UnlockThrottle, clock: FakeClock) -> float:
    """Wait out any delay, then fail once; returns how long the wait was."""
    wait = throttle.wait_seconds()
    clock.advance(wait)
    assert throttle.wait_seconds() == 0
    throttle.record_failure()
    return wait


def test_five_failures_are_free(throttle: UnlockThrottle) -> None:
    for _ in range(4):
        throttle.record_failure()
        assert throttle.wait_seconds() == 0
    throttle.record_failure()
    assert throttle.wait_seconds() == 5


def test_delay_grows_and_is_capped(throttle: UnlockThrottle, clock: FakeClock) -> None:
    for _ in range(5):
        throttle.record_failure()
    waits = []
    for _ in range(4):
        waits.append(throttle.wait_seconds())
        fail_when_allowed(throttle, clock)
    assert waits == [5, 10, 20, 40]
    assert throttle.wait_seconds() == 60
    clock.advance(1000)
    throttle.record_failure()
    assert throttle.wait_seconds() == 60


def test_wait_counts_down(throttle: UnlockThrottle, clock: FakeClock) -> None:
    for _ in range(6):
        throttle.record_failure()
    clock.advance(3)
    assert throttle.wait_seconds() == pytest.approx(7)
    clock.advance(7)
    assert throttle.wait_seconds() == 0


def test_no_more_than_ten_guesses_in_five_minutes(
    throttle: UnlockThrottle, clock: FakeClock
) -> None:
    start = clock()
    for _ in range(MAX_GUESSES_PER_WINDOW):
        fail_when_allowed(throttle, clock)
    assert clock() - start < WINDOW_SECONDS
    # The growing delay alone would allow the eleventh guess after 60 s; the cap says no.
    wait = throttle.wait_seconds()
    assert wait == pytest.approx(start + WINDOW_SECONDS - clock())
    assert wait > 60
    clock.advance(wait)
    assert throttle.wait_seconds() == 0


def test_window_slides(throttle: UnlockThrottle, clock: FakeClock) -> None:
    stamps = []
    for _ in range(30):
        fail_when_allowed(throttle, clock)
        stamps.append(clock())
    # Any eleven consecutive guesses span at least the whole window.
    for i in range(len(stamps) - MAX_GUESSES_PER_WINDOW):
        assert stamps[i + MAX_GUESSES_PER_WINDOW] - stamps[i] >= WINDOW_SECONDS


def test_success_resets(throttle: UnlockThrottle, clock: FakeClock) -> None:
    for _ in range(7):
        throttle.record_failure()
    assert throttle.wait_seconds() > 0
    throttle.record_success()
    assert throttle.wait_seconds() == 0
    assert throttle.failure_count() == 0
    for _ in range(4):
        throttle.record_failure()
    assert throttle.wait_seconds() == 0


def test_state_persists_across_instances(attempts_path: Path, clock: FakeClock) -> None:
    first = UnlockThrottle(attempts_path, now=clock)
    for _ in range(5):
        first.record_failure()
    second = UnlockThrottle(attempts_path, now=clock)
    assert second.wait_seconds() == 5
    doc = json.loads(attempts_path.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "version", "store_id", "anchor", "failures", "mac"}
    assert all(isinstance(t, float) for t in doc["failures"])


@pytest.mark.parametrize(
    "content", ["{not json", "[1, 2, 3]", '{"failures": "many"}', '{"failures": [true, "x"]}', ""]
)
def test_damaged_file_counts_as_the_maximum_delay(
    attempts_path: Path, clock: FakeClock, content: str
) -> None:
    """Garbling the record must not wipe the count (it used to start afresh)."""
    attempts_path.write_text(content, encoding="utf-8")
    throttle = UnlockThrottle(attempts_path, now=clock)
    assert throttle.wait_seconds() == MAX_DELAY_SECONDS
    assert throttle.tampered
    clock.advance(MAX_DELAY_SECONDS)
    assert throttle.wait_seconds() == 0


def test_clock_set_backwards_neither_shortens_nor_lengthens_the_wait(
    throttle: UnlockThrottle, clock: FakeClock
) -> None:
    for _ in range(5):
        throttle.record_failure()
    clock.advance(-86_400)
    assert throttle.wait_seconds() == 5
    clock.advance(2)
    assert throttle.wait_seconds() == pytest.approx(3)
    clock.advance(3)
    assert throttle.wait_seconds() == 0


def test_unwritable_folder_still_counts(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    throttle = UnlockThrottle(blocker / "unlock-attempts.json", now=clock)
    for _ in range(5):
        throttle.record_failure()
    assert throttle.wait_seconds() == 5


def test_default_record_is_beside_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IRO_DATA_DIR", str(tmp_path))
    # No default store yet: the per-user record, so the caller still has a throttle.
    assert default_attempts_path() == tmp_path / "unlock-attempts.json"
    assert UnlockThrottle().path == tmp_path / "unlock-attempts.json"
    Store.create(default_store_path(), PASSPHRASE, kdf=MINIMUM_KDF).close()
    assert default_attempts_path() == tmp_path / "caseload.irostore.throttle"
    throttle = UnlockThrottle()
    assert throttle.path == tmp_path / "caseload.irostore.throttle"
    assert throttle.store_path == default_store_path()
