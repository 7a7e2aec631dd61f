"""How often someone may guess the passphrase: slows a thief down without annoying the IRO.

Five guesses are free; after that each failure costs a growing wait (5, 10, 20, 40, then
60 seconds), and never more than ten guesses fit in any five minutes (the Cyber Essentials
brute-force rule). A success forgets everything.

One throttle for every way in: the `iro` commands (cli/common.py), unlocking, the lock
screen and leaving young person mode all go through `UnlockThrottle.for_store`, whose
record lives beside the store (store/throttle_record.py), so neither another data folder
nor a restarted program forgets it. A deleted, garbled or edited record counts as the
worst case, not as a clean slate: the maximum delay starts from the moment it is noticed.
A brand-new store is not locked out, because creating it writes a clean record.

Time is the record's own time line: it moves on by the time that has passed, measured on
the monotonic clock where that can be compared (the same boot) and never by more than the
wall clock moved. So setting the clock forward does not skip a wait (while the computer
has not restarted), setting it back does not shorten one or disable the five-minute rule,
and it does not lengthen one either: the record is re-anchored to the new clock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from ..paths import default_store_path, user_data_dir
from ..store import Store, StoreError, WrongPassphraseError, key_path_for
from ..store.throttle_record import (
    ClockAnchor,
    RecordKey,
    RecordState,
    ThrottleRecord,
    read_record,
    throttle_path_for,
    upgrade_key_file,
    write_record,
)

log = logging.getLogger(__name__)

FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 5.0
MAX_DELAY_SECONDS = 60.0
WINDOW_SECONDS = 300.0
MAX_GUESSES_PER_WINDOW = 10
#: Enough history for both rules: the delay stops growing and the window holds ten.
_KEEP = 20

Clock = Callable[[], float]


def delay_after(failures: int) -> float:
    """The wait imposed after the given number of consecutive failures."""
    if failures < FREE_FAILURES:
        return 0.0
    doublings = min(failures - FREE_FAILURES, 8)
    return float(min(FIRST_DELAY_SECONDS * 2**doublings, MAX_DELAY_SECONDS))


#: As many failures as it takes to reach the maximum delay: what a tampered record counts as.
PENALTY_FAILURES = next(n for n in range(FREE_FAILURES, 64)
                        if delay_after(n) >= MAX_DELAY_SECONDS)


def default_attempts_path() -> Path:
    """For callers that do not say which store: the record beside the default store (not
    in the data folder, which can be changed); while there is no default store, the old
    per-user record, so that such a caller is never left without a throttle."""
    store = default_store_path()
    if key_path_for(store).exists():
        return throttle_path_for(store)
    return user_data_dir() / "unlock-attempts.json"


def advance(anchor: ClockAnchor, wall: float, mono: float) -> float:
    """The record's time now: the anchor's, plus the time that has really passed."""
    elapsed = max(0.0, wall - anchor.wall)
    if mono >= anchor.mono:
        elapsed = min(elapsed, mono - anchor.mono)
    return anchor.logical + elapsed


class TooManyAttemptsError(StoreError):
    """A guess asked for before the throttle allows it; nothing was tried."""

    def __init__(self, wait: float, tampered: bool = False) -> None:
        whole = max(1, int(wait + 0.999))
        unit = "second" if whole == 1 else "seconds"
        why = (" The record of earlier attempts was missing or had been changed, so IRO "
               "Desktop waits as if many wrong passphrases had been tried." if tampered else "")
        super().__init__(f"Too many attempts. Try again in {whole} {unit}.{why}")
        self.wait_seconds = wait
        self.tampered = tampered


class UnlockThrottle:
    """Decides whether a passphrase guess is allowed now; state survives restarts.

    `for_store(path)` is the one to use. With no arguments it is the default store's (see
    `default_attempts_path`). A bare `path` (a record not beside a store) keeps the same
    rules with an unkeyed record, for tools and tests. A test that fakes `now` fakes the
    monotonic clock with it unless it passes one of its own.
    """

    def __init__(
        self,
        path: Path | None = None,
        now: Clock = time.time,
        monotonic: Clock | None = None,
        *,
        store_path: Path | None = None,
    ) -> None:
        if path is None and store_path is not None:
            path = throttle_path_for(store_path)
        elif path is None:
            path = default_attempts_path()
            if path == throttle_path_for(default_store_path()):
                store_path = default_store_path()
        self.store_path = store_path
        self.path = path
        self._now = now
        self._mono = monotonic or (time.monotonic if now is time.time else now)
        self._unsaved: ThrottleRecord | None = None
        #: True once a missing or altered record has been noticed (for the message).
        self.tampered = False

    @classmethod
    def for_store(cls, store_path: Path, now: Clock = time.time,
                  monotonic: Clock | None = None) -> UnlockThrottle:
        return cls(throttle_path_for(store_path), now, monotonic, store_path=store_path)

    # -- the rules ----------------------------------------------------------------

    def wait_seconds(self) -> float:
        """Seconds until the next guess is allowed; 0 when one is allowed now."""
        failures, now = self._state()
        if not failures:
            return 0.0
        delay_wait = max(0.0, failures[-1] + delay_after(len(failures)) - now)
        recent = [t for t in failures if now - WINDOW_SECONDS < t <= now]
        window_wait = 0.0
        if len(recent) >= MAX_GUESSES_PER_WINDOW:
            oldest = recent[-MAX_GUESSES_PER_WINDOW]
            window_wait = max(0.0, oldest + WINDOW_SECONDS - now)
        return max(delay_wait, window_wait)

    def failure_count(self) -> int:
        return len(self._state()[0])

    def record_failure(self) -> None:
        failures, now = self._state()
        self._save([*failures, now][-_KEEP:], now)

    def record_success(self) -> None:
        _failures, now = self._state()
        self._save([], now)
        self.tampered = False

    # -- the record -------------------------------------------------------------------

    def _key(self) -> RecordKey | None:
        """The record's key; None when the store's key file cannot be read, when no guess
        can succeed anyway and opening says what is wrong with the key file."""
        if self.store_path is None:
            return RecordKey.unbound()
        return RecordKey.for_store(self.store_path)

    def _state(self) -> tuple[list[float], float]:
        """The failures since the last success (oldest first) and the record's time now."""
        wall, mono = self._now(), self._mono()
        key = self._key()
        if key is None:
            return [], wall
        record = self._unsaved
        state = RecordState.FOUND
        if record is None:
            state, record = read_record(self.path, key)
        if record is not None:
            now = advance(record.anchor, wall, mono)
            if wall < record.anchor.wall or mono < record.anchor.mono:
                # The clock went back or the computer restarted: re-anchor, so the time
                # line carries on from here instead of standing still until it catches up.
                self._save(list(record.failures), now)
            return list(record.failures), now
        if state is RecordState.ABSENT and not key.required:
            return [], wall
        log.warning("The unlock attempts record for this store is missing or altered; "
                    "counting it as the maximum delay.")
        self.tampered = True
        failures = [wall] * PENALTY_FAILURES
        self._save(failures, wall)
        return failures, wall

    def _save(self, failures: list[float], now: float) -> None:
        key = self._key()
        if key is None:
            return
        record = ThrottleRecord(tuple(failures), ClockAnchor(now, self._now(), self._mono()))
        try:
            write_record(self.path, record, key)
        except OSError as exc:
            # Keep counting in memory: a read-only folder must not switch the rules off.
            log.warning("The unlock attempts record cannot be written: %s", exc.strerror)
            self._unsaved = record
        else:
            self._unsaved = None


def unlock_store(path: Path, passphrase: str, *, throttle: UnlockThrottle | None = None,
                 backup_dir: Path | None = None) -> Store:
    """Open a store through the throttle: refused (TooManyAttemptsError) while it says
    wait, a wrong passphrase counted, a success clearing the count. A store whose key file
    predates the throttle key gets one now (throttle_record.upgrade_key_file)."""
    throttle = throttle or UnlockThrottle.for_store(path)
    refuse_while_waiting(throttle)
    try:
        store = Store.open(path, passphrase, backup_dir=backup_dir)
    except WrongPassphraseError:
        throttle.record_failure()
        raise
    try:
        store.key_file = upgrade_key_file(store.path, store.key_file, passphrase)
    except (OSError, StoreError) as exc:
        log.warning("The key file could not be upgraded: %s", type(exc).__name__)
    throttle.record_success()
    return store


def confirm_passphrase(store: Store, passphrase: str, *,
                       throttle: UnlockThrottle | None = None) -> bool:
    """The lock screen and leaving young person mode: the same throttle as unlocking."""
    throttle = throttle or UnlockThrottle.for_store(store.path)
    refuse_while_waiting(throttle)
    if store.verify_passphrase(passphrase):
        throttle.record_success()
        return True
    throttle.record_failure()
    return False


def refuse_while_waiting(throttle: UnlockThrottle) -> None:
    """TooManyAttemptsError, with the wait in its message, unless a guess is allowed now."""
    wait = throttle.wait_seconds()
    if wait > 0:
        raise TooManyAttemptsError(wait, throttle.tampered)
