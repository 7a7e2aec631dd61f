"""Schema versions: older stores are backed up then upgraded, newer ones are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from iro_desktop.store import MINIMUM_KDF, NotAStoreError, Store, key_path_for
from iro_desktop.store.migrations import alembic_config, schema_state
from iro_desktop.store.models import Child

from .conftest import PASSPHRASE


def test_new_store_is_at_head(store: Store) -> None:
    with store.engine.connect() as conn:
        assert schema_state(conn).is_current


def test_older_store_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.irostore"
    store = Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF)
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(
            text(
                "INSERT INTO child (id, local_id, first_name, last_name, date_of_birth, "
                "preferred_name, gender, ethnicity, school, notes, created_at, "
                "updated_at, version) VALUES ('c1', 'LA1', 'Old', 'Record', "
                "'2010-01-01', '', '', '', '', '', '2020-01-01 00:00:00+00:00', "
                "'2020-01-01 00:00:00+00:00', 1)"
            )
        )
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        head = schema_state(conn).head
    store.close()
    backups = tmp_path / "backups"
    reopened = Store.open(path, PASSPHRASE, backup_dir=backups)
    with reopened.session() as session:
        assert session.scalar(select(Child.first_name)) == "Old"
    assert reopened.schema_revision() == head
    reopened.close()
    if head == "0001":
        assert not backups.exists(), "no upgrade was needed, so no backup is taken"
    else:
        copies = sorted(backups.glob("*.irostore"))
        assert len(copies) == 1 and key_path_for(copies[0]).exists()
        assert revision_without_upgrading(copies[0]) == "0001"


def revision_without_upgrading(path: Path) -> str | None:
    """The schema version of a store file, read without `Store.open` (which would upgrade it)."""
    from iro_desktop.store.keyfile import KeyFile

    key_file = KeyFile.read(key_path_for(path))
    with Store(path, key_file.unwrap(PASSPHRASE), key_file, "WAL") as copy:
        return copy.schema_revision()


def test_store_from_a_newer_version_is_refused(store: Store, store_path: Path) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    with pytest.raises(NotAStoreError, match="newer version"):
        Store.open(store_path, PASSPHRASE)


def test_backup_copies_store_and_key(store: Store, tmp_path: Path) -> None:
    from iro_desktop.store.backup import backup_store

    with store.session() as session:
        session.add(
            Child(
                local_id="B1",
                first_name="Backed",
                last_name="Up",
                date_of_birth=__import__("datetime").date(2014, 3, 3),
            )
        )
    target = backup_store(store, folder=tmp_path / "bk")
    with Store.open(target, PASSPHRASE) as copy, copy.session() as session:
        assert session.scalar(select(Child.first_name)) == "Backed"


def test_revision_files_match_alembic_history() -> None:
    from alembic.script import ScriptDirectory

    from iro_desktop.store.migrations import known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    history = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert list(known_revisions()) == history
    assert script.get_current_head() == known_revisions()[-1]
