"""Lets units of work run side by side, and lets one operation have the store to itself.

Re-keying swaps the database file and its key under the open store; a save that started
on the old file at that moment would be lost. Units of work pass through the gate; the
re-key waits for those in progress and holds new ones back until it has finished. Readers
are preferred (a waiting re-key never blocks a unit of work that is nested in another),
and the re-key gives up with a clear message rather than wait for ever.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from .errors import StoreLockedError

#: How long a re-key waits for units of work in progress to finish.
EXCLUSIVE_WAIT_SECONDS = 60.0


class UseGate:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._users = 0
        self._exclusive = False

    @contextlib.contextmanager
    def using(self) -> Iterator[None]:
        with self._condition:
            self._condition.wait_for(lambda: not self._exclusive)
            self._users += 1
        try:
            yield
        finally:
            with self._condition:
                self._users -= 1
                self._condition.notify_all()

    @contextlib.contextmanager
    def exclusive(self, timeout: float = EXCLUSIVE_WAIT_SECONDS) -> Iterator[None]:
        with self._condition:
            free = self._condition.wait_for(
                lambda: self._users == 0 and not self._exclusive, timeout)
            if not free:
                raise StoreLockedError(
                    "The store is busy saving; nothing was changed. Try again in a moment.")
            self._exclusive = True
        try:
            yield
        finally:
            with self._condition:
                self._exclusive = False
                self._condition.notify_all()
