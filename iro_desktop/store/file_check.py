"""Checking a store file for damage without changing it: what `iro check` runs.

Unlike `Store.open` it never upgrades or backs up the store, and it goes on past damage to
say which check failed: the key file, opening the file, SQLCipher's page check, SQLite's
structure check, the links between records. A wrong passphrase is not damage: it is
raised as WrongPassphraseError, as when opening.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import DBAPIError

from . import migrations
from .backup_catalogue import BackupFile, newest_backup
from .errors import StoreError, StoreNotFoundError
from .integrity import CIPHER, LINKS, STRUCTURE, CheckResult, IntegrityReport, in_words
from .integrity import full_check as _full_check
from .keyfile import KeyFile, key_path_for

if TYPE_CHECKING:
    from .database import Store

KEY_FILE = "key file"
STORE_FILE = "store file"


@dataclass(frozen=True)
class StoreCheck:
    path: Path
    report: IntegrityReport
    schema: migrations.SchemaState | None
    newest_backup: BackupFile | None

    @property
    def damaged(self) -> bool:
        return self.report.damaged


def _not_run(reason: str) -> tuple[CheckResult, ...]:
    return tuple(CheckResult(name, (reason,), ran=False) for name in (CIPHER, STRUCTURE, LINKS))


def _schema(store: Store) -> migrations.SchemaState | None:
    try:
        with store.engine.execution_options(iro_begin="DEFERRED").connect() as conn:
            return migrations.schema_state(conn)
    except (sqlcipher.Error, DBAPIError, StoreError):
        return None


def check_store_file(
    path: Path, passphrase: str, *, backup_dir: Path | None = None
) -> StoreCheck:
    """Every check on the store at `path`; raises only for a missing store or a wrong
    passphrase (and an unreadable key file is reported, not raised)."""
    from .database import JOURNAL_MODE, Store, _check_readable

    if not path.is_file():
        raise StoreNotFoundError(f"There is no store at {path}.")
    try:
        key_file = KeyFile.read(key_path_for(path))
    except StoreError as exc:
        results = (CheckResult(KEY_FILE, (str(exc),)), *_not_run("needs the key file"))
        return StoreCheck(path, IntegrityReport(results), None, None)
    data_key = key_file.unwrap(passphrase)
    found = newest_backup(key_file.store_id, backup_dir)
    key_ok = CheckResult(KEY_FILE)
    try:
        _check_readable(path)
    except StoreError as exc:
        results = (key_ok, CheckResult(STORE_FILE, (str(exc),)), *_not_run("cannot open"))
        return StoreCheck(path, IntegrityReport(results), None, found)
    store = Store(path, data_key, key_file, JOURNAL_MODE)
    try:
        try:
            with store.engine.execution_options(iro_begin="DEFERRED").connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
        except (sqlcipher.Error, DBAPIError, StoreError) as exc:
            cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc
            opening = CheckResult(STORE_FILE, (_opening_words(cause),))
            return StoreCheck(path, IntegrityReport((key_ok, opening, *_not_run(
                "the file cannot be opened"))), None, found)
        report = _full_check(store)
        schema = _schema(store)
    finally:
        store.close()
    results = (key_ok, CheckResult(STORE_FILE), *report.results)
    return StoreCheck(path, IntegrityReport(results), schema, found)


def _opening_words(exc: BaseException) -> str:
    if "not a database" in str(exc).lower():
        return (
            "the first page cannot be decrypted: the file is damaged at its start, or the "
            "key file belongs to another store"
        )
    return in_words(exc)
