"""How often someone may guess the passphrase: slows a thief down without annoying the IRO.

Five guesses are free; after that each failure costs a growing wait (5, 10, 20, 40, then
60 seconds), and never more than ten guesses fit in any five minutes (the Cyber Essentials
brute-force rule). A success forgets everything. The failures are kept in a small JSON file
of timestamps only, so quitting and restarting the application does not reset the count.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable
from pathlib import Path

from ..paths import user_data_dir
from ..store.atomic import atomic_write_bytes

log = logging.getLogger(__name__)

FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 5.0
MAX_DELAY_SECONDS = 60.0
WINDOW_SECONDS = 300.0
MAX_GUESSES_PER_WINDOW = 10
#: Enough history for both rules: the delay stops growing and the window holds ten.
_KEEP = 20


def default_attempts_path() -> Path:
    return user_data_dir() / "unlock-attempts.json"


def delay_after(failures: int) -> float:
    """The wait imposed after the given number of consecutive failures."""
    if failures < FREE_FAILURES:
        return 0.0
    doublings = min(failures - FREE_FAILURES, 8)
    return float(min(FIRST_DELAY_SECONDS * 2**doublings, MAX_DELAY_SECONDS))


class UnlockThrottle:
    """Decides whether a passphrase guess is allowed now; state survives restarts."""

    def __init__(
        self, path: Path | None = None, now: Callable[[], float] = time.time
    ) -> None:
        self.path = path if path is not None else default_attempts_path()
        self._now = now
        self._unsaved: list[float] | None = None

    # -- the rules ----------------------------------------------------------------

    def wait_seconds(self) -> float:
        """Seconds until the next guess is allowed; 0 when one is allowed now."""
        failures = self._load()
        if not failures:
            return 0.0
        now = self._now()
        delay = delay_after(len(failures))
        # A clock set backwards must not lock the IRO out for longer than the rule says.
        delay_wait = min(delay, max(0.0, failures[-1] + delay - now))
        recent = [t for t in failures if now - WINDOW_SECONDS < t <= now]
        window_wait = 0.0
        if len(recent) >= MAX_GUESSES_PER_WINDOW:
            oldest = recent[-MAX_GUESSES_PER_WINDOW]
            window_wait = min(WINDOW_SECONDS, max(0.0, oldest + WINDOW_SECONDS - now))
        return max(delay_wait, window_wait)

    def failure_count(self) -> int:
        return len(self._load())

    def record_failure(self) -> None:
        failures = self._load()
        failures.append(self._now())
        self._save(failures[-_KEEP:])

    def record_success(self) -> None:
        if self._unsaved or self.path.exists():
            self._save([])

    # -- the file -------------------------------------------------------------------

    def _load(self) -> list[float]:
        """The failures since the last success, oldest first; a damaged file counts as none."""
        if self._unsaved is not None:
            return list(self._unsaved)
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            log.warning("The unlock attempts file is damaged; starting afresh.")
            return []
        raw = doc.get("failures") if isinstance(doc, dict) else None
        if not isinstance(raw, list):
            return []
        stamps = [
            float(t)
            for t in raw
            if isinstance(t, int | float) and not isinstance(t, bool) and math.isfinite(t)
        ]
        return sorted(stamps)[-_KEEP:]

    def _save(self, failures: list[float]) -> None:
        data = json.dumps({"version": 1, "failures": failures}).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, data)
        except OSError as exc:
            # Keep counting in memory: a read-only folder must not switch the rules off.
            log.warning("The unlock attempts file cannot be written: %s", exc.strerror)
            self._unsaved = list(failures)
        else:
            self._unsaved = None
