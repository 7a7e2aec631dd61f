"""The record of failed unlocks, kept beside the store as `NAME.irostore.throttle`.

It sits with the store, not in the user's data folder, so choosing another data folder
does not forget it. It is authenticated with HMAC-SHA256 under the key file's
`throttle_key` (bound into the key file's AES-GCM associated data, see keyfile.py), so an
edited or garbled record is noticed. A version 2 key file promises that a record exists:
the store writes one when it is created, and the first successful unlock of an older
(version 1) store writes one and upgrades its key file. So a missing record is tampering
for a version 2 store, and simply "no history yet" for a version 1 store or a brand-new
one. What the policy does about tampering lives in services/unlock_policy.py.

Honest limits: anyone who can read the key file and this code can compute the HMAC key;
the record stops deletion and editing by someone who cannot, and keeps honest mistakes
(a restored store, another data folder) from resetting the count. Offline guessing
against a copied key file is slowed by Argon2id, not by this record.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import atomic_write_bytes
from .keyfile import KeyFile, key_path_for

FORMAT = "iro-desktop-throttle"
FORMAT_VERSION = 1
#: More than enough history for the policy; a longer list is refused as not ours.
MAX_FAILURES = 64
_MAX_BYTES = 16 * 1024
#: Used when no key file can be read (it will not open anyway) or for a bare file path.
_UNBOUND_KEY = hashlib.sha256(b"iro-desktop-throttle:unbound").digest()


def throttle_path_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".throttle")


@dataclass(frozen=True)
class ClockAnchor:
    """Where the record's own time line stood, by the wall clock and the monotonic clock,
    when it was last written; lets the policy tell elapsed time from a clock change."""

    logical: float
    wall: float
    mono: float


@dataclass(frozen=True)
class ThrottleRecord:
    failures: tuple[float, ...]
    anchor: ClockAnchor


class RecordState(enum.Enum):
    FOUND = "found"
    ABSENT = "absent"
    TAMPERED = "tampered"


@dataclass(frozen=True)
class RecordKey:
    """The HMAC key, and whether a record must exist (a version 2 key file says so)."""

    secret: bytes
    required: bool
    store_id: str

    @classmethod
    def unbound(cls) -> RecordKey:
        return cls(_UNBOUND_KEY, False, "")

    @classmethod
    def of(cls, key_file: KeyFile) -> RecordKey:
        if key_file.throttle_key is not None:
            return cls(key_file.throttle_key, True, key_file.store_id)
        legacy = hashlib.sha256(f"iro-desktop-throttle:{key_file.store_id}".encode()).digest()
        return cls(legacy, False, key_file.store_id)

    @classmethod
    def for_store(cls, store_path: Path) -> RecordKey | None:
        """The key for this store's record; None when its key file cannot be read."""
        from .errors import StoreError

        try:
            return cls.of(KeyFile.read(key_path_for(store_path)))
        except StoreError:
            return None


def _body(record: ThrottleRecord, store_id: str) -> dict[str, Any]:
    anchor = record.anchor
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "store_id": store_id,
        "anchor": {"logical": anchor.logical, "wall": anchor.wall, "mono": anchor.mono},
        "failures": list(record.failures),
    }


def _mac(body: dict[str, Any], key: RecordKey) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(key.secret, canonical, hashlib.sha256).hexdigest()


def encode_record(record: ThrottleRecord, key: RecordKey) -> bytes:
    body = _body(record, key.store_id)
    return json.dumps({**body, "mac": _mac(body, key)}).encode("utf-8")


def write_record(path: Path, record: ThrottleRecord, key: RecordKey) -> None:
    """Atomic, so a crash leaves the old record or the new one, never a garbled one."""
    atomic_write_bytes(path, encode_record(record, key))


def read_record(path: Path, key: RecordKey) -> tuple[RecordState, ThrottleRecord | None]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        return RecordState.ABSENT, None
    except OSError:  # unreadable (permissions changed?): not a clean slate
        return RecordState.TAMPERED, None
    try:
        record = _decode(raw, key)
    except (ValueError, TypeError, KeyError, RecursionError):
        return RecordState.TAMPERED, None
    return RecordState.FOUND, record


def _decode(raw: bytes, key: RecordKey) -> ThrottleRecord:
    if len(raw) > _MAX_BYTES:
        raise ValueError("too big")
    doc = json.loads(raw.decode("utf-8"))
    if not isinstance(doc, dict):
        raise ValueError("not a record")
    mac = doc.pop("mac", None)
    if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(doc, key)):
        raise ValueError("not authentic")
    if doc.get("format") != FORMAT or doc.get("version") != FORMAT_VERSION:
        raise ValueError("unknown format")
    if doc.get("store_id") != key.store_id:
        raise ValueError("another store's record")
    anchor = doc["anchor"]
    failures = doc["failures"]
    if not isinstance(anchor, dict) or not isinstance(failures, list):
        raise ValueError("wrong shape")
    if len(failures) > MAX_FAILURES:
        raise ValueError("too many failures")
    return ThrottleRecord(
        failures=tuple(sorted(_number(t) for t in failures)),
        anchor=ClockAnchor(
            logical=_number(anchor["logical"]),
            wall=_number(anchor["wall"]),
            mono=_number(anchor["mono"]),
        ),
    )


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def start_record(store_path: Path, key_file: KeyFile, wall: float, mono: float) -> None:
    """A clean record for a new store (or a store whose key file has just been upgraded),
    so that a version 2 key file never stands without one."""
    record = ThrottleRecord((), ClockAnchor(logical=wall, wall=wall, mono=mono))
    write_record(throttle_path_for(store_path), record, RecordKey.of(key_file))


def upgrade_key_file(store_path: Path, key_file: KeyFile, passphrase: str) -> KeyFile:
    """Make a version 1 store's throttle tamper-evident after a successful unlock: write a
    clean record under a new throttle key, then the version 2 key file (same data key and
    passphrase, so older copies of the key file keep working exactly as before)."""
    import time

    if key_file.throttle_key is not None:
        return key_file
    upgraded = KeyFile.wrap(key_file.unwrap(passphrase), passphrase, key_file.store_id,
                            key_file.kdf)
    start_record(store_path, upgraded, time.time(), time.monotonic())
    upgraded.write(key_path_for(store_path))
    return upgraded
