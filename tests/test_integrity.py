"""Damage in a store is found and said in words: by `iro check`, on opening, and in use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from iro_desktop.services.demo_data import generate_demo
from iro_desktop.store import MINIMUM_KDF, Store, key_path_for
from iro_desktop.store.backup import backup_store
from iro_desktop.store.errors import StoreDamagedError
from iro_desktop.store.file_check import KEY_FILE, check_store_file
from iro_desktop.store.integrity import CIPHER, SAMPLE, STRUCTURE, full_check, probe_store
from iro_desktop.store.models import Child

from .conftest import PASSPHRASE

PAGE = 4096


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A small demo store, closed, with every change folded into the database file."""
    path = tmp_path / "filled.irostore"
    with Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF) as store:
        generate_demo(store, children=8, years=2, seed=3)
        store.checkpoint()
    return path


def root_page(path: Path, table: str) -> int:
    with Store.open(path, PASSPHRASE) as store:
        page = store.execute_scalar(f"SELECT rootpage FROM sqlite_master WHERE name = '{table}'")
    return int(page)


def damage_page(path: Path, page: int, length: int = 200) -> None:
    """Overwrite bytes inside one page, as a bad sector or a stray write would."""
    data = bytearray(path.read_bytes())
    start = (page - 1) * PAGE + 100
    for offset in range(start, start + length):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


def damage_middle(path: Path) -> None:
    pages = path.stat().st_size // PAGE
    damage_page(path, pages // 2)


def iro(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iro_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "IRO_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
    )


def test_a_sound_store_passes_every_check(filled: Path) -> None:
    result = check_store_file(filled, PASSPHRASE)
    assert not result.damaged
    assert all(r.ok for r in result.report.results)
    assert result.schema is not None and result.schema.is_current
    with Store.open(filled, PASSPHRASE) as store:
        assert store.open_warning is None
        assert store.integrity_check() == []
        assert not full_check(store).damaged


def test_iro_check_reports_page_damage_in_words_not_a_traceback(filled: Path) -> None:
    damage_middle(filled)
    result = iro("check", "--store", str(filled))
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1
    assert f"{CIPHER}: DAMAGED" in result.stdout
    assert "fails its HMAC check" in result.stdout
    assert f"{STRUCTURE}: DAMAGED" in result.stdout
    assert "key file: ok" in result.stdout
    assert result.stderr.count("\n") == 1 and "is damaged" in result.stderr
    assert "no backup of this store" in result.stdout


def test_iro_check_names_the_newest_backup(filled: Path, tmp_path: Path) -> None:
    with Store.open(filled, PASSPHRASE) as store:
        made = backup_store(store)
    damage_middle(filled)
    result = iro("check", "--store", str(filled))
    assert result.returncode == 1
    assert made.name in result.stdout and "iro restore" in result.stdout


def test_a_damaged_key_file_is_reported_as_the_key_file(filled: Path) -> None:
    key_path_for(filled).write_bytes(b"{not json")
    result = check_store_file(filled, PASSPHRASE)
    assert result.damaged
    assert result.report.failed_checks() == [KEY_FILE]
    cli = iro("check", "--store", str(filled))
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert "key file: DAMAGED" in cli.stdout


def test_damage_at_the_start_is_reported_not_raised(filled: Path) -> None:
    damage_page(filled, 1, length=64)
    result = check_store_file(filled, PASSPHRASE)
    assert result.damaged
    assert "store file" in result.report.failed_checks()


def test_opening_a_damaged_store_warns_and_points_to_the_backup(filled: Path) -> None:
    with Store.open(filled, PASSPHRASE) as store:
        made = backup_store(store)
    damage_page(filled, root_page(filled, "child"))
    with Store.open(filled, PASSPHRASE) as store:
        warning = store.open_warning
    assert warning is not None
    assert warning.newest_backup is not None and warning.newest_backup.path == made
    text = warning.message()
    assert "damage" in text and made.name in text and "iro restore" in text
    assert f'--store "{filled}"' in text  # never restores over another store


def test_the_open_check_finds_a_cut_short_file(filled: Path) -> None:
    with filled.open("r+b") as handle:
        handle.truncate(filled.stat().st_size - 1000)
    with Store.open(filled, PASSPHRASE) as store:
        result = probe_store(store)
    assert result.check == SAMPLE and not result.ok


def test_reading_a_damaged_page_is_a_store_error_in_words(filled: Path) -> None:
    damage_page(filled, root_page(filled, "child"))
    with Store.open(filled, PASSPHRASE) as store:
        with pytest.raises(StoreDamagedError, match="damaged"), store.read_session() as session:
            session.scalars(select(Child)).all()
        # and again: the connection SQLCipher refused is not handed out a second time
        with pytest.raises(StoreDamagedError), store.read_session() as session:
            session.scalars(select(Child)).all()


def test_the_store_method_reports_damage_instead_of_raising(filled: Path) -> None:
    damage_middle(filled)
    with Store.open(filled, PASSPHRASE) as store:
        problems = store.integrity_check()
    assert any(p.startswith(CIPHER) for p in problems)
