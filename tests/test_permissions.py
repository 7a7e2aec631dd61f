"""Files and folders holding children's data are private to the user (POSIX modes).

On Windows the modes mean nothing; there the user's profile folder is private through its
ACLs, and these tests are skipped rather than claim a Windows check.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from iro_desktop.log_file import configure_file_logging
from iro_desktop.paths import user_data_dir
from iro_desktop.store import MINIMUM_KDF, Store, key_path_for
from iro_desktop.store.atomic import atomic_write_bytes
from iro_desktop.store.backup import backup_store

from .conftest import PASSPHRASE
from .test_store import _add_child

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _everyone_readable_umask() -> Iterator[None]:
    """The usual umask, under which files are created 0644 unless we say otherwise."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_store_its_wal_key_and_new_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "deeper" / "caseload.irostore"
    with Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF) as store:
        _add_child(store)
        assert mode(path) == 0o600
        assert mode(key_path_for(path)) == 0o600
        assert mode(path.with_name(path.name + "-wal")) == 0o600
        assert mode(path.with_name(path.name + "-shm")) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700


def test_an_existing_folder_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    Store.create(folder / "c.irostore", PASSPHRASE, kdf=MINIMUM_KDF).close()
    assert mode(folder) == 0o755


def test_a_store_made_before_is_tightened_on_opening(store: Store) -> None:
    store.close()
    os.chmod(store.path, 0o644)
    os.chmod(key_path_for(store.path), 0o644)
    Store.open(store.path, PASSPHRASE).close()
    assert mode(store.path) == 0o600 and mode(key_path_for(store.path)) == 0o600


def test_backups_and_their_folder_are_private(store: Store) -> None:
    data = user_data_dir()
    data.mkdir(mode=0o755, parents=True, exist_ok=True)
    target = backup_store(store)
    assert mode(target) == 0o600 and mode(key_path_for(target)) == 0o600
    assert mode(target.parent) == 0o700


def test_atomic_writes_are_private(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    atomic_write_bytes(target, b"data")
    assert mode(target) == 0o600
    os.chmod(target, 0o644)
    atomic_write_bytes(target, b"new data")  # a replacement is private too
    assert mode(target) == 0o600


def test_the_log_its_folder_and_the_data_folder_are_private() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    user_data_dir().mkdir(mode=0o755, parents=True, exist_ok=True)
    os.chmod(user_data_dir(), 0o755)  # as an earlier version (or Qt's settings) made it
    try:
        path = configure_file_logging("permissions-test.log")
        logging.getLogger("iro_desktop.test").warning("a line")
        assert mode(path) == 0o600 and mode(path.parent) == 0o700
        assert mode(user_data_dir()) == 0o700
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
