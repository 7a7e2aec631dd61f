"""Shared fixtures: a fresh encrypted store per test, fictional data only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from iro_desktop.store import MINIMUM_KDF, Store

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing a test does may touch the real user data folder."""
    monkeypatch.setenv("IRO_DATA_DIR", str(tmp_path_factory.mktemp("iro-data")))
    monkeypatch.delenv("IRO_PASSPHRASE", raising=False)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "test.irostore"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    created = Store.create(store_path, PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        yield created
    finally:
        created.close()


@pytest.fixture
def today() -> date:
    return date(2026, 11, 26)


class FakeClock:
    """A clock a test moves by hand (the unlock throttle and the lock take one)."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
