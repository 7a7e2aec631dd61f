"""Opening, creating and keying the encrypted store, and its unit of work.

`Store.open` brings a store to a known state in one pass: the key file unwraps the data
key (a wrong passphrase fails here, before the database is touched), SQLCipher opens the
file with the raw key, the schema version is checked, and an older store is backed up and
migrated.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from ..paths import make_private, private_dir
from . import migrations, rekey, text_guard
from .atomic import create_private_file
from .errors import (
    NotAStoreError,
    StoreBusyError,
    StoreDamagedError,
    StoreExistsError,
    StoreLockedError,
    StoreNotFoundError,
)
from .integrity import DamageWarning, check_on_open, full_check
from .keyfile import DEFAULT_KDF, KdfParams, KeyFile, check_passphrase, key_path_for, new_data_key
from .throttle_record import start_record
from .use_gate import UseGate

ProgressCallback = Callable[[int, int, str], None]

#: Durable and crash-safe: WAL with synchronous=FULL survives power loss after commit
#: (bench/bench_store.py compares it with a rollback journal).
JOURNAL_MODE = "WAL"
#: How long a unit of work waits for another writer before giving up with StoreBusyError.
BUSY_TIMEOUT_SECONDS = 10.0


def store_files(path: Path) -> list[Path]:
    """Every file that belongs to a store: the database, its journals and the key file."""
    return [
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
        key_path_for(path),
    ]


def _connector(path: Path, data_key: bytes, journal_mode: str) -> Callable[[], Any]:
    hex_key = data_key.hex()

    def connect() -> Any:
        conn = sqlcipher.connect(
            str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
        )
        # SQLCipher logs failures to stderr itself; errors reach the user through ours.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA journal_mode = {journal_mode}")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    return connect


def _classify(exc: BaseException, path: Path) -> Exception:
    message = str(exc).lower()
    if "not a database" in message or "malformed" in message or "encrypted" in message:
        return NotAStoreError(
            f"{path.name} is not an IRO Desktop store, or it is damaged, or its key file "
            "belongs to another store."
        )
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return StoreLockedError(
            f"The store {path.name} cannot be opened for writing: check that its folder "
            f"({path.parent}) is not read-only and that the disk is not full."
        )
    if "locked" in message or "busy" in message:
        return StoreLockedError(f"The store {path.name} is in use by another program.")
    return NotAStoreError(f"The store {path.name} cannot be opened: {exc}")


class Store:
    """An open, unlocked store. Create one with `Store.create` or `Store.open`."""

    def __init__(self, path: Path, data_key: bytes, key_file: KeyFile, journal_mode: str) -> None:
        self.path = path
        self.key_file = key_file
        self.journal_mode = journal_mode
        #: What the cheap check found when the store was opened (None: nothing).
        self.open_warning: DamageWarning | None = None
        self._gate = UseGate()
        self._bind(data_key)

    def _bind(self, data_key: bytes) -> None:
        """The engine and session factories for this data key (again after a re-key)."""
        path, journal_mode = self.path, self.journal_mode
        self.engine: Engine = create_engine(
            "sqlite://",
            creator=_connector(path, data_key, journal_mode),
            module=sqlcipher,
            poolclass=QueuePool,
            pool_size=2,
            max_overflow=4,
        )
        event.listen(self.engine, "begin", _begin_transaction)
        event.listen(self.engine, "connect", _disable_pysqlite_transactions)
        event.listen(self.engine, "handle_error", _in_plain_words)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        text_guard.install(self._sessions)
        self._read_sessions = sessionmaker(
            self.engine.execution_options(iro_begin="DEFERRED"), expire_on_commit=False
        )

    @property
    def store_id(self) -> str:
        return self.key_file.store_id

    # -- life cycle -----------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        kdf: KdfParams = DEFAULT_KDF,
        journal_mode: str = JOURNAL_MODE,
    ) -> Store:
        path = Path(path)
        check_passphrase(passphrase)
        existing = [p for p in store_files(path) if p.exists()]
        if existing:
            raise StoreExistsError(f"A store already exists at {path}; choose another name.")
        try:
            private_dir(path.parent)
        except OSError as exc:
            raise StoreLockedError(
                f"The folder {path.parent} cannot be created: {exc.strerror}."
            ) from exc
        if not os.access(path.parent, os.W_OK):
            raise StoreLockedError(f"The folder {path.parent} is read-only; choose another.")
        data_key = new_data_key()
        key_file = KeyFile.wrap(data_key, passphrase, str(uuid.uuid4()), kdf)
        store: Store | None = None
        try:
            key_file.write(key_path_for(path))
            create_private_file(path)  # SQLite gives its WAL the database file's mode
            store = cls(path, data_key, key_file, journal_mode)
            with store.engine.begin() as conn:
                migrations.upgrade_to_head(conn)
            start_record(path, key_file, time.time(), time.monotonic())
            return store
        except BaseException as exc:
            if store is not None:
                store.close()
            for leftover in store_files(path):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            if isinstance(exc, sqlcipher.Error | DBAPIError):
                raise _classify(exc, path) from exc
            raise

    @classmethod
    def open(
        cls,
        path: Path | str,
        passphrase: str,
        *,
        journal_mode: str = JOURNAL_MODE,
        backup_dir: Path | None = None,
    ) -> Store:
        path = Path(path)
        if not path.is_file():
            raise StoreNotFoundError(f"There is no store at {path}.")
        rekey.recover(path)
        key_file = KeyFile.read(key_path_for(path))
        data_key = key_file.unwrap(passphrase)
        return cls.open_with_key(path, data_key, key_file, journal_mode, backup_dir)

    @classmethod
    def open_with_key(
        cls,
        path: Path,
        data_key: bytes,
        key_file: KeyFile,
        journal_mode: str = JOURNAL_MODE,
        backup_dir: Path | None = None,
    ) -> Store:
        _check_readable(path)
        for existing in store_files(path):  # stores made before 0600 was the rule
            if existing.exists():
                make_private(existing)
        store = cls(path, data_key, key_file, journal_mode)
        try:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()
                state = migrations.schema_state(conn)
            if state.too_new:
                raise NotAStoreError(
                    f"{path.name} was written by a newer version of IRO Desktop "
                    f"(schema {state.current}); please update the application."
                )
            if not state.is_current:
                from .backup import backup_store

                backup_store(
                    store,
                    reason=f"before-upgrade-from-{state.current or 'none'}",
                    folder=backup_dir,
                )
                with store.engine.begin() as conn:
                    migrations.upgrade_to_head(conn)
            store.open_warning = check_on_open(store, backup_dir)
        except (sqlcipher.Error, DBAPIError) as exc:
            store.close()
            raise _classify(exc, path) from exc
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- units of work ----------------------------------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls everything back on error."""
        with self._gate.using():
            session = self._sessions()
            try:
                with session.begin():
                    yield session
            finally:
                session.close()

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A unit of work that only reads: it does not take the write lock, so it never
        waits for (or holds up) a save; a consistent snapshot thanks to WAL."""
        with self._gate.using():
            session = self._read_sessions()
            try:
                with session.begin():
                    yield session
            finally:
                session.close()

    # -- keys and checks ----------------------------------------------------------------

    def change_passphrase(
        self,
        current: str,
        new: str,
        kdf: KdfParams | None = None,
        progress: rekey.Progress | None = None,
    ) -> None:
        """Re-key the store under a new data key (rekey.py), so no old key file opens it;
        `progress(done, total)` follows the copy. Units of work wait until it is done."""
        with self._gate.exclusive():
            self.engine.dispose()
            data_key, key_file = rekey.rekey_store(
                self.path, self.key_file, current, new, kdf=kdf, progress=progress)
            self.engine.dispose()
            self.key_file = key_file
            self._bind(data_key)

    def verify_passphrase(self, passphrase: str) -> bool:
        from .errors import WrongPassphraseError

        try:
            self.key_file.unwrap(passphrase)
        except WrongPassphraseError:
            return False
        return True

    def integrity_check(self) -> list[str]:
        """SQLCipher's page HMAC check, SQLite's structure check and the links, each named
        with what it found (integrity.full_check); empty means healthy. Never raises for
        damage: a bad page is reported, not met as "SQL logic error"."""
        return full_check(self).problem_lines()

    def checkpoint(self) -> None:
        """Fold the WAL into the database file (outside any transaction, as SQLite needs)."""
        if self.journal_mode.upper() != "WAL":
            return
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return migrations.schema_state(conn).current

    def execute_scalar(self, sql: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql)).scalar()


def _begin_transaction(conn: Any) -> None:
    """Units of work take the write lock when they begin (BEGIN IMMEDIATE), so a read that
    later writes can never fail half-way with "database is locked": it waits its turn
    (busy timeout) at the start instead. Read-only sessions begin DEFERRED."""
    mode = conn.get_execution_options().get("iro_begin", "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _in_plain_words(context: ExceptionContext) -> None:
    """A save that waited out the busy timeout, or met damage, says so in words (the GUI
    and the CLI show StoreError messages as they are); other errors pass unchanged."""
    message = str(context.original_exception).lower()
    if "database is locked" in message or "database is busy" in message:
        raise StoreBusyError(
            "The store is busy: another program (another IRO Desktop window, or the iro "
            f"command) kept it for more than {BUSY_TIMEOUT_SECONDS:g} seconds, so this was "
            "not saved. Nothing is lost: try again in a moment."
        ) from context.original_exception
    if "malformed" in message:
        context.is_disconnect = True  # SQLCipher refuses a connection after a bad page
        raise StoreDamagedError(
            "Part of the store cannot be read: it is damaged. Save nothing more; restore "
            "the newest backup (`iro check` names it and gives the command) or ask IT support."
        ) from context.original_exception


def _disable_pysqlite_transactions(dbapi_conn: Any, _record: Any) -> None:
    """Let SQLAlchemy issue BEGIN itself so every unit of work is one real transaction."""
    dbapi_conn.isolation_level = None


def _check_readable(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StoreNotFoundError(f"The store {path.name} cannot be read: {exc.strerror}.") from exc
    if header.startswith(b"SQLite format 3"):
        raise NotAStoreError(
            f"{path.name} is an unencrypted SQLite database, not an IRO Desktop store."
        )
    if len(header) < 16:
        raise NotAStoreError(f"{path.name} is empty or damaged: it is not an IRO Desktop store.")
