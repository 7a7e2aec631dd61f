"""One unlock throttle, kept beside the store: the CLI is throttled too, and deleting or
editing the record, another data folder or a clock change does not reset the count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iro_desktop.cli import main
from iro_desktop.services.unlock_policy import (
    FREE_FAILURES,
    MAX_DELAY_SECONDS,
    TooManyAttemptsError,
    UnlockThrottle,
    confirm_passphrase,
    unlock_store,
)
from iro_desktop.store import MINIMUM_KDF, Store, StoreNotFoundError, WrongPassphraseError
from iro_desktop.store.keyfile import KeyFile, key_path_for
from iro_desktop.store.throttle_record import throttle_path_for

from .conftest import PASSPHRASE, FakeClock
from .keyfile_legacy import version_1_key_file

WRONG = "not the passphrase at all"


@pytest.fixture
def closed_store(store: Store, store_path: Path) -> Path:
    store.close()
    return store_path


def _throttle(path: Path, wall: FakeClock, mono: FakeClock | None = None) -> UnlockThrottle:
    return UnlockThrottle.for_store(path, now=wall, monotonic=mono or wall)


def _fail(path: Path, throttle: UnlockThrottle, times: int = FREE_FAILURES) -> None:
    for _ in range(times):
        with pytest.raises(WrongPassphraseError):
            unlock_store(path, WRONG, throttle=throttle)


def test_a_new_store_is_not_locked_out(closed_store: Path, clock: FakeClock) -> None:
    assert throttle_path_for(closed_store).exists(), "creating a store writes a clean record"
    throttle = _throttle(closed_store, clock)
    assert throttle.wait_seconds() == 0 and not throttle.tampered
    unlock_store(closed_store, PASSPHRASE, throttle=throttle).close()


def test_guesses_are_refused_while_waiting_even_the_right_one(
    closed_store: Path, clock: FakeClock
) -> None:
    throttle = _throttle(closed_store, clock)
    _fail(closed_store, throttle)
    with pytest.raises(TooManyAttemptsError, match="Try again in 5 seconds") as refused:
        unlock_store(closed_store, PASSPHRASE, throttle=throttle)
    assert refused.value.wait_seconds == 5
    clock.advance(5)
    unlock_store(closed_store, PASSPHRASE, throttle=throttle).close()
    assert throttle.failure_count() == 0


def test_deleting_the_record_counts_as_the_maximum_delay(
    closed_store: Path, clock: FakeClock
) -> None:
    _fail(closed_store, _throttle(closed_store, clock))
    throttle_path_for(closed_store).unlink()
    fresh = _throttle(closed_store, clock)
    assert fresh.wait_seconds() == MAX_DELAY_SECONDS
    assert fresh.tampered
    with pytest.raises(TooManyAttemptsError, match="missing or had been changed"):
        unlock_store(closed_store, PASSPHRASE, throttle=fresh)
    # Deleting it again straight away gains nothing: the penalty was written back.
    clock.advance(30)
    assert _throttle(closed_store, clock).wait_seconds() == pytest.approx(30)


@pytest.mark.parametrize("edit", ["clear failures", "re-sign", "garble", "other store"])
def test_an_edited_record_counts_as_the_maximum_delay(
    closed_store: Path, clock: FakeClock, tmp_path: Path, edit: str
) -> None:
    _fail(closed_store, _throttle(closed_store, clock), times=3)
    record = throttle_path_for(closed_store)
    doc = json.loads(record.read_text())
    if edit == "clear failures":
        doc["failures"] = []
    elif edit == "re-sign":
        doc["mac"] = "0" * 64
    elif edit == "garble":
        doc = {"garbled": True}
    else:
        other = tmp_path / "other" / "b.irostore"
        Store.create(other, PASSPHRASE, kdf=MINIMUM_KDF).close()
        doc = json.loads(throttle_path_for(other).read_text())
    record.write_text(json.dumps(doc))
    assert _throttle(closed_store, clock).wait_seconds() == MAX_DELAY_SECONDS


def test_another_data_folder_does_not_reset_the_count(
    closed_store: Path, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail(closed_store, _throttle(closed_store, clock))
    monkeypatch.setenv("IRO_DATA_DIR", str(tmp_path / "another-data-folder"))
    assert _throttle(closed_store, clock).wait_seconds() == 5


def test_setting_the_clock_forward_skips_no_wait_without_a_restart(
    closed_store: Path
) -> None:
    wall, mono = FakeClock(), FakeClock(start=5_000.0)
    _fail(closed_store, _throttle(closed_store, wall, mono))
    wall.advance(86_400)  # a day ahead by the wall clock; the monotonic clock says 0 s
    assert _throttle(closed_store, wall, mono).wait_seconds() == 5
    mono.advance(5)
    assert _throttle(closed_store, wall, mono).wait_seconds() == 0


def test_setting_the_clock_back_neither_disables_nor_lengthens_the_rules(
    closed_store: Path
) -> None:
    wall, mono = FakeClock(), FakeClock(start=5_000.0)
    throttle = _throttle(closed_store, wall, mono)
    for _ in range(10):  # ten guesses, waiting out each delay: the five-minute rule applies
        wall.advance(throttle.wait_seconds())
        mono.advance(throttle.wait_seconds())
        _fail(closed_store, throttle, times=1)
    before = throttle.wait_seconds()
    assert before > MAX_DELAY_SECONDS
    wall.advance(-3 * 86_400)
    assert _throttle(closed_store, wall, mono).wait_seconds() == pytest.approx(before)
    wall.advance(10)
    mono.advance(10)
    assert _throttle(closed_store, wall, mono).wait_seconds() == pytest.approx(before - 10)


def test_after_a_restart_the_wall_clock_measures_the_time(closed_store: Path) -> None:
    wall, mono = FakeClock(), FakeClock(start=50_000.0)
    _fail(closed_store, _throttle(closed_store, wall, mono))
    wall.advance(3)
    rebooted = FakeClock(start=20.0)  # the monotonic clock starts again from nothing
    assert _throttle(closed_store, wall, rebooted).wait_seconds() == pytest.approx(2)


def test_confirming_on_the_lock_screen_shares_the_record(
    store: Store, store_path: Path, clock: FakeClock
) -> None:
    throttle = _throttle(store_path, clock)
    for _ in range(FREE_FAILURES):
        assert not confirm_passphrase(store, WRONG, throttle=throttle)
    assert _throttle(store_path, clock).wait_seconds() == 5
    with pytest.raises(TooManyAttemptsError):
        confirm_passphrase(store, PASSPHRASE, throttle=throttle)


def test_an_older_store_without_a_record_opens_and_becomes_tamper_evident(
    closed_store: Path, clock: FakeClock
) -> None:
    key_path = key_path_for(closed_store)
    current = KeyFile.read(key_path)
    version_1_key_file(current, current.unwrap(PASSPHRASE), PASSPHRASE).write(key_path)
    throttle_path_for(closed_store).unlink()
    throttle = _throttle(closed_store, clock)
    assert throttle.wait_seconds() == 0, "no history yet for a store from before the record"
    unlock_store(closed_store, PASSPHRASE, throttle=throttle).close()
    assert json.loads(key_path.read_text())["version"] == 2
    Store.open(closed_store, PASSPHRASE).close()  # same data key and passphrase as before
    throttle_path_for(closed_store).unlink()
    assert _throttle(closed_store, clock).wait_seconds() == MAX_DELAY_SECONDS


def test_a_missing_key_file_is_reported_not_throttled(
    closed_store: Path, clock: FakeClock
) -> None:
    _fail(closed_store, _throttle(closed_store, clock))
    assert _throttle(closed_store, clock).wait_seconds() > 0
    key_path_for(closed_store).unlink()
    with pytest.raises(StoreNotFoundError, match="key file"):
        unlock_store(closed_store, PASSPHRASE, throttle=_throttle(closed_store, clock))


def test_the_cli_is_throttled(
    closed_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    monkeypatch.setenv("IRO_PASSPHRASE", WRONG)
    command = ["list", "children", "--store", str(closed_store)]
    for _ in range(FREE_FAILURES):
        assert main(command) == 1
        assert "not right" in capsys.readouterr().err
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "Too many attempts. Try again in" in err and len(err.strip().splitlines()) == 1
