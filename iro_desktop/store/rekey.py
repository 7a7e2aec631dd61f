"""Changing the passphrase re-keys the store, so copies of the old key file stop working.

Re-wrapping the data key alone would leave every old copy of the key file (in a backup,
on a USB stick) able to open today's store with the old passphrase. So a change makes a
new random data key, copies the database into a new file encrypted under it, and writes a
new key file. Old key files then unwrap a key that opens nothing current.

Why a copy (`sqlcipher_export`) rather than `PRAGMA rekey` in place: rekey rewrites every
page of the live file, and SQLCipher does not support it in WAL mode, so a crash would need
a journal to undo it, and the key file would still have to change in step with it. A copy
leaves the old database untouched until one rename, which makes the whole change a single
commit point we choose, and lets us check the copy before committing to it.

On-disk protocol (S = NAME.irostore, K = NAME.irostore.key):

1. Check the new passphrase's strength and unwrap K with the current one (a wrong one
   changes nothing). Wrap a new data key under the new passphrase (same store id and
   throttle key, so the record of failed unlocks stays valid).
2. Open S alone: `journal_mode=DELETE` checkpoints the WAL into S and removes S-wal and
   S-shm (it fails, and nothing changes, if another program has the store open); an
   exclusive lock is then held so nothing writes to S until step 6.
3. `sqlcipher_export` S into `S.rekeying` under the new key (reporting progress by its
   size), check the copy under the new key (`quick_check`, the same schema and the same
   row count in every table), and fsync it.
4. Write the new key file to `K.rekeying` (fsynced).
5. COMMIT POINT: write the marker `S.rekey-commit` atomically (temporary file, fsync,
   rename, fsync of the folder). It names the copy (its 16-byte SQLCipher salt) and the new
   key file (its SHA-256).
6. Release the lock; rename `S.rekeying` over S, then `K.rekeying` over K; delete the
   marker. Each rename is atomic and followed by an fsync of the folder.

Recovery (`recover`, run by `Store.open` before the key file is read): with no marker, the
change had not committed: S and K are the old, untouched pair, and any `*.rekeying` files
are deleted. With a marker, the change had committed: each rename of step 6 not yet done
is done, after checking that the file being moved (or already in place) is the one the
marker names, then the marker is deleted. Every step is idempotent, so a crash during
recovery is recovered the same way. Either way exactly one passphrase opens the store, and
every committed record is in it: the copy was taken under an exclusive lock, after a
checkpoint, and checked before the commit point. A kill at any point is exercised by
tests/test_rekey_crash.py and bench/crash_rekey.py.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from .atomic import atomic_write_bytes, fsync_directory
from .errors import NotAStoreError, StoreError, StoreLockedError
from .keyfile import KdfParams, KeyFile, check_passphrase, key_path_for, new_data_key

Progress = Callable[[int, int], None]

MARKER_FORMAT = "iro-desktop-rekey"
#: SQLite VM steps between progress checks while copying.
_PROGRESS_STEPS = 2000
#: Pages the copy may hold in memory before writing them out (keeps progress moving).
_COPY_CACHE_PAGES = 256


@dataclass(frozen=True)
class RekeyFiles:
    store: Path
    key: Path
    new_store: Path
    new_key: Path
    marker: Path

    @classmethod
    def of(cls, store_path: Path) -> RekeyFiles:
        key = key_path_for(store_path)
        return cls(
            store=store_path,
            key=key,
            new_store=store_path.with_name(store_path.name + ".rekeying"),
            new_key=key.with_name(key.name + ".rekeying"),
            marker=store_path.with_name(store_path.name + ".rekey-commit"),
        )

    def side_files(self, path: Path) -> list[Path]:
        return [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm")]


def rekey_store(
    store_path: Path,
    key_file: KeyFile,
    current: str,
    new: str,
    *,
    kdf: KdfParams | None = None,
    progress: Progress | None = None,
) -> tuple[bytes, KeyFile]:
    """Re-key a closed store (every connection to it closed); returns the new data key and
    key file. Before the commit point any failure leaves the old store as it was."""
    check_passphrase(new)
    old_key = key_file.unwrap(current)
    new_key = new_data_key()
    new_file = KeyFile.wrap(new_key, new, key_file.store_id, kdf or key_file.kdf,
                            key_file.throttle_key)
    files = RekeyFiles.of(store_path)
    if files.marker.exists():
        raise StoreLockedError("An earlier passphrase change has not finished; open the "
                               "store again to finish it, then try again.")
    _discard_uncommitted(files)
    try:
        _copy_under_lock(files, old_key, new_key, new_file, progress)
    except BaseException as exc:
        if not files.marker.exists():
            _discard_uncommitted(files)
            failure = _not_changed(exc, store_path)
            if failure is exc:
                raise
            raise failure from exc
        # The marker was written before the failure: the change has committed; finish it.
    try:
        _finish(files)
    except OSError as exc:
        raise StoreLockedError(
            "The new passphrase is set, but the store's files could not be swapped yet "
            f"({exc.strerror}). Close any other program using the store, then open it with "
            "the new passphrase: the change finishes then."
        ) from exc
    if progress is not None:
        size = max(1, store_path.stat().st_size)
        progress(size, size)
    if key_file.throttle_key is None:
        from .throttle_record import start_record

        start_record(store_path, new_file, time.time(), time.monotonic())
    return new_key, new_file


def recover(store_path: Path) -> str:
    """Finish or roll back an interrupted passphrase change; returns what was done
    ("finished", "rolled back" or "")."""
    files = RekeyFiles.of(store_path)
    if files.marker.exists():
        try:
            _finish(files)
        except OSError as exc:
            raise StoreLockedError(
                f"An interrupted passphrase change cannot be finished ({exc.strerror}); "
                "close any other program using the store and try again."
            ) from exc
        return "finished"
    return "rolled back" if _discard_uncommitted(files) else ""


# -- the copy ------------------------------------------------------------------------


def _connect(path: Path, data_key: bytes) -> Any:
    conn = sqlcipher.connect(str(path), timeout=10, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _copy_under_lock(files: RekeyFiles, old_key: bytes, new_key: bytes,
                     new_file: KeyFile, progress: Progress | None) -> None:
    """Steps 2 to 5, holding an exclusive lock on the store throughout."""
    conn = _connect(files.store, old_key)
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        conn.execute("PRAGMA main.locking_mode = EXCLUSIVE").fetchall()
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        total = max(1, files.store.stat().st_size)
        _export(conn, files.new_store, new_key, total, progress)
        _check_copy(conn, files.new_store, new_key)
        _fsync_file(files.new_store)
        new_file.write(files.new_key)
        _write_marker(files, new_file)
    finally:
        conn.close()


def _export(conn: Any, target: Path, new_key: bytes, total: int,
            progress: Progress | None) -> None:
    _create_private(target)
    conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\"", (str(target),))
    conn.execute("PRAGMA rekeyed.journal_mode = OFF").fetchall()
    conn.execute("PRAGMA rekeyed.synchronous = OFF")
    conn.execute(f"PRAGMA rekeyed.cache_size = {_COPY_CACHE_PAGES}")
    reported = [-1]

    def tick() -> int:
        try:
            done = min(target.stat().st_size, total - 1)
        except OSError:
            return 0
        if progress is not None and done != reported[0]:
            reported[0] = done
            progress(done, total)
        return 0

    if progress is not None:
        reported[0] = 0
        progress(0, total)
        conn.set_progress_handler(tick, _PROGRESS_STEPS)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
        conn.execute("COMMIT")
    finally:
        conn.set_progress_handler(None, 0)
        conn.execute("DETACH DATABASE rekeyed")


def _create_private(path: Path) -> None:
    """An empty owner-only file for SQLite to fill, so the copy is never readable by others
    (SQLite would create it 0644; Windows ignores the mode and keeps the folder's ACLs)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    os.close(fd)


def _shape(conn: Any, schema: str) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    entries = conn.execute(
        f"SELECT type, name, coalesce(sql, '') FROM {schema}.sqlite_master ORDER BY type, name"
    ).fetchall()
    counts = {
        name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
        for kind, name, _sql in entries
        if kind == "table" and not name.startswith("sqlite_")
    }
    return [tuple(row) for row in entries], counts


def _check_copy(conn: Any, target: Path, new_key: bytes) -> None:
    """Read the copy back under the new key before committing to it."""
    copy = _connect(target, new_key)
    try:
        verdict = copy.execute("PRAGMA quick_check").fetchall()
        if verdict != [("ok",)] or _shape(copy, "main") != _shape(conn, "main"):
            raise NotAStoreError("The re-keyed copy of the store did not match the store; "
                                 "nothing was changed and the old passphrase still works.")
    finally:
        copy.close()


def _fsync_file(path: Path) -> None:
    with path.open("r+b") as handle:
        os.fsync(handle.fileno())


def _salt_of(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.read(16).hex()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_marker(files: RekeyFiles, new_file: KeyFile) -> None:
    doc = {
        "format": MARKER_FORMAT,
        "version": 1,
        "store_id": new_file.store_id,
        "db_salt": _salt_of(files.new_store),
        "key_sha256": _digest(files.new_key),
    }
    atomic_write_bytes(files.marker, json.dumps(doc).encode("utf-8"))


# -- commit and recovery --------------------------------------------------------------


def _read_marker(files: RekeyFiles) -> dict[str, str]:
    try:
        doc = json.loads(files.marker.read_bytes().decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != MARKER_FORMAT:
            raise ValueError("not a marker")
        return {name: str(doc[name]) for name in ("db_salt", "key_sha256")}
    except (ValueError, KeyError, UnicodeError, RecursionError) as exc:
        raise NotAStoreError(
            f"{files.marker.name} (left by an interrupted passphrase change) is damaged, so "
            "the change cannot be finished safely. Restore the store from a backup."
        ) from exc


def _finish(files: RekeyFiles) -> None:
    """Step 6, idempotent: move each new file into place if it is not there yet."""
    marker = _read_marker(files)
    _move_checked(files.new_store, files.store, marker["db_salt"], _salt_of, files)
    _move_checked(files.new_key, files.key, marker["key_sha256"], _digest, files)
    files.marker.unlink()
    fsync_directory(files.marker.parent)


def _move_checked(source: Path, target: Path, expected: str,
                  fingerprint: Callable[[Path], str], files: RekeyFiles) -> None:
    if source.exists():
        if fingerprint(source) != expected:
            raise _mismatch(files)
        if target == files.store:
            for stale in files.side_files(files.store):
                if stale.exists():
                    stale.unlink()
        _replace(source, target)
        fsync_directory(target.parent)
    elif not target.exists() or fingerprint(target) != expected:
        raise _mismatch(files)


def _mismatch(files: RekeyFiles) -> NotAStoreError:
    return NotAStoreError(
        f"An interrupted passphrase change left {files.store.name} and its key file in a "
        "state that does not match its record; restore the store from a backup."
    )


def _replace(source: Path, target: Path) -> None:
    """os.replace, retried briefly on Windows, where a virus scanner or indexer may hold
    the file for a moment."""
    attempts = 10 if sys.platform == "win32" else 1
    for attempt in range(1, attempts + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)


def _discard_uncommitted(files: RekeyFiles) -> bool:
    """Delete what an uncommitted change left, including the temporary files of an atomic
    write of the new key file or the marker that was cut short."""
    removed = False
    folder = files.store.parent
    half_written = [*folder.glob(f".{glob.escape(files.new_key.name)}.*.tmp"),
                    *folder.glob(f".{glob.escape(files.marker.name)}.*.tmp")]
    for path in (files.new_store, *files.side_files(files.new_store), files.new_key,
                 *half_written):
        if not path.exists():
            continue
        try:
            path.unlink()
        except OSError:
            continue  # a read-only folder: harmless, nothing refers to it without a marker
        removed = True
    if removed:
        fsync_directory(files.store.parent)
    return removed


def _not_changed(exc: BaseException, path: Path) -> BaseException:
    """The store's own error for a failure before the commit point (others pass through)."""
    if isinstance(exc, sqlcipher.Error):
        return _sql_error(exc, path)
    if isinstance(exc, OSError):
        return StoreLockedError(f"The passphrase was not changed: {exc.strerror}. "
                                "The old passphrase still works.")
    return exc


def _sql_error(exc: BaseException, path: Path) -> StoreError:
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return StoreLockedError(
            f"The passphrase was not changed: {path.name} is in use by another program. "
            "Close it and try again; the old passphrase still works.")
    if "full" in message:
        return StoreLockedError(
            "The passphrase was not changed: the disk is full (changing it needs room for "
            "a second copy of the store). The old passphrase still works.")
    return NotAStoreError(f"The passphrase was not changed ({exc}); the old one still works.")
