"""Backups: made consistently, checked, never overwritten, thinned; the pair opens alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from iro_desktop.store import Store, key_path_for
from iro_desktop.store import backup as backup_module
from iro_desktop.store.backup import (
    AUTOMATIC_INTERVAL,
    BackupError,
    automatic_backup,
    backup_store,
)
from iro_desktop.store.backup_catalogue import (
    DAILY_KEPT,
    MONTHLY_KEPT,
    RECENT_KEPT,
    WEEKLY_KEPT,
    BackupFile,
    backups_of,
    backups_to_keep,
    default_backup_dir,
    newest_backup,
    parse_backup_name,
    throttle_path,
)
from iro_desktop.store.models import Child

from .conftest import PASSPHRASE
from .test_store import _add_child

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _children(path: Path) -> int:
    with Store.open(path, PASSPHRASE) as copy, copy.read_session() as session:
        return int(session.scalar(select(func.count()).select_from(Child)) or 0)


def test_a_backup_is_the_store_and_key_and_opens_on_its_own(store: Store) -> None:
    _add_child(store)
    target = backup_store(store)
    assert target.parent == default_backup_dir()
    assert key_path_for(target).read_bytes() == key_path_for(store.path).read_bytes()
    assert target.name.startswith("test-") and target.name.endswith("-manual.irostore")
    assert _children(target) == 1


def test_two_backups_in_the_same_instant_never_overwrite_each_other(store: Store) -> None:
    first = backup_store(store, now=NOW)
    _add_child(store)
    second = backup_store(store, now=NOW)
    assert first != second
    assert _children(first) == 0 and _children(second) == 1
    parsed = parse_backup_name(second)
    assert parsed is not None and parsed.made_at == NOW


def test_a_backup_during_a_save_holds_only_what_was_committed(store: Store) -> None:
    """The app is working: a unit of work is half done when the backup is taken."""
    with store.session() as session:
        session.add(Child(local_id="LA9", first_name="Una", last_name="Finished",
                          date_of_birth=datetime(2014, 1, 1).date()))
        session.flush()
        during = backup_store(store)  # does not wait for the save, and does not see it
    assert _children(during) == 0
    assert _children(backup_store(store)) == 1


def test_a_backup_that_does_not_verify_is_deleted_and_reported(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real_copy = backup_module._copy_database

    def copy_then_damage(source: Store, target: Path) -> None:
        real_copy(source, target)
        data = bytearray(target.read_bytes())
        for offset in range(len(data) // 2, len(data) // 2 + 300):
            data[offset] ^= 0xFF
        target.write_bytes(bytes(data))

    _add_child(store)
    monkeypatch.setattr(backup_module, "_copy_database", copy_then_damage)
    folder = tmp_path / "bk"
    with pytest.raises(BackupError, match="did not pass its check and was deleted"):
        backup_store(store, folder=folder)
    assert list(folder.iterdir()) == []


def test_a_damaged_store_cannot_be_backed_up_over_the_good_backups(
    store: Store, tmp_path: Path
) -> None:
    from .test_integrity import damage_page

    _add_child(store)
    store.checkpoint()
    root = int(store.execute_scalar("SELECT rootpage FROM sqlite_master WHERE name='child'"))
    store.close()
    damage_page(store.path, root)
    with (
        Store.open(store.path, PASSPHRASE) as damaged,
        pytest.raises(BackupError, match="could not be made"),
    ):
        backup_store(damaged, reason="auto", folder=tmp_path / "bk")
    assert list((tmp_path / "bk").iterdir()) == []


def test_automatic_backups_wait_for_the_interval(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    first = automatic_backup(store, folder=folder, now=NOW)
    assert first is not None
    assert automatic_backup(store, folder=folder, now=NOW + AUTOMATIC_INTERVAL / 2) is None
    later = automatic_backup(store, folder=folder, now=NOW + AUTOMATIC_INTERVAL)
    assert later is not None and later != first
    newest = newest_backup(store.store_id, folder)
    assert newest is not None and newest.path == later


def _series(every: timedelta, count: int) -> list[BackupFile]:
    return [
        BackupFile(Path(f"s-{i}.irostore"), NOW - i * every, "auto") for i in range(count)
    ]


def test_thinning_keeps_recent_then_daily_weekly_monthly() -> None:
    hourly_for_two_years = _series(timedelta(hours=1), 24 * 730)
    kept = backups_to_keep(hourly_for_two_years)
    by_path = {b.path: b for b in hourly_for_two_years}
    times = sorted((by_path[p].made_at for p in kept), reverse=True)
    assert len(kept) <= RECENT_KEPT + DAILY_KEPT + WEEKLY_KEPT + MONTHLY_KEPT
    assert times[:RECENT_KEPT] == [NOW - timedelta(hours=i) for i in range(RECENT_KEPT)]
    days = {t.date() for t in times}
    assert all((NOW - timedelta(days=d)).date() in days for d in range(DAILY_KEPT))
    months = {(t.year, t.month) for t in times}
    assert len(months) == MONTHLY_KEPT
    assert min(times) > NOW - timedelta(days=31 * (MONTHLY_KEPT + 1))


def test_thinning_never_deletes_manual_backups(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    manual = backup_store(store, folder=folder, now=NOW - timedelta(days=900))
    for day in range(40):
        backup_store(store, reason="auto", folder=folder, now=NOW - timedelta(days=39 - day))
    remaining = backups_of(store.store_id, folder)
    assert manual in {b.path for b in remaining}
    automatic = [b for b in remaining if b.automatic]
    assert len(automatic) < 40
    assert all(key_path_for(b.path).is_file() for b in remaining)
    leftovers = {p.name for p in folder.iterdir()} - {
        n
        for b in remaining
        for n in (b.path.name, key_path_for(b.path).name, throttle_path(b.path).name)
    }
    assert leftovers == set()


def test_the_upgrade_backup_uses_the_same_checked_machinery(store: Store, tmp_path: Path) -> None:
    made = backup_store(store, reason="before-upgrade-from-0001", folder=tmp_path / "bk")
    parsed = parse_backup_name(made)
    assert parsed is not None and parsed.reason == "before-upgrade-from-0001" and parsed.automatic
