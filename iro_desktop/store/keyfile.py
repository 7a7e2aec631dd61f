"""The wrapped data key that lives beside the store.

The database is encrypted by SQLCipher with a random 256-bit data key given as a raw key,
so opening costs no key derivation. That data key is wrapped (AES-256-GCM) under a key
derived from the passphrase with Argon2id. A passphrase change makes a new data key and
re-keys the database (see rekey.py), so a copy of an old key file no longer opens it.
The key file is small JSON; it must travel with every copy and backup of the store.

Everything in it is read as untrusted: each value is checked for type, range and exact
length before use, with an upper bound on the key derivation's cost as well as OWASP's
lower one, so a damaged or malicious key file is refused in a moment with one clear line
instead of a traceback or minutes of Argon2.

Version 2 adds `throttle_key`, the key that authenticates the record of failed unlocks
beside the store (unlock_policy.py). It is bound into the AES-GCM associated data, so it
cannot be swapped or removed (nor the file turned back into version 1) without making the
key file useless with every passphrase. A version 1 file still opens; it is upgraded at the
next successful unlock.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain.passphrase_rules import MIN_PASSPHRASE_LENGTH, passphrase_problem
from .atomic import atomic_write_bytes
from .errors import NotAStoreError, PassphrasePolicyError, StoreNotFoundError, WrongPassphraseError

__all__ = ["MIN_PASSPHRASE_LENGTH", "KdfParams", "KeyFile", "check_passphrase", "key_path_for"]

FORMAT = "iro-desktop-keyfile"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

# OWASP's minimum for Argon2id is m=19 MiB, t=2, p=1; we default well above it.
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2
#: Upper bounds: an unlock must take seconds on a council laptop, never minutes.
MAX_MEMORY_KIB = 1024 * 1024
MAX_TIME_COST = 20
MAX_PARALLELISM = 16
#: Memory times passes: 4 GiB-passes is about twenty times the default's work.
MAX_WORK_KIB = 4 * 1024 * 1024

SALT_BYTES = 16
NONCE_BYTES = 12
DATA_KEY_BYTES = 32
WRAPPED_KEY_BYTES = DATA_KEY_BYTES + 16
THROTTLE_KEY_BYTES = 32
#: A real key file is well under 1 KiB; anything this big is not one.
MAX_KEY_FILE_BYTES = 64 * 1024
_MAX_STORE_ID = 64


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 1

    def check(self) -> None:
        """Refuse parameters weaker than OWASP's minimum or costlier than an unlock may be."""
        if self.memory_kib < OWASP_MIN_MEMORY_KIB or self.time_cost < OWASP_MIN_TIME_COST:
            raise NotAStoreError(
                "The key file asks for weaker key derivation than allowed; it may have been "
                "tampered with."
            )
        if not 1 <= self.parallelism <= MAX_PARALLELISM:
            raise NotAStoreError(
                f"The key file asks for {self.parallelism} parallel lanes of key derivation "
                f"(1 to {MAX_PARALLELISM} allowed); it is damaged or has been tampered with."
            )
        if (self.memory_kib > MAX_MEMORY_KIB or self.time_cost > MAX_TIME_COST
                or self.memory_kib * self.time_cost > MAX_WORK_KIB):
            raise NotAStoreError(
                "The key file asks for far costlier key derivation than IRO Desktop ever "
                "writes; it is damaged or has been tampered with."
            )


DEFAULT_KDF = KdfParams()
#: The weakest parameters still allowed; tests use them to stay quick.
MINIMUM_KDF = KdfParams(memory_kib=OWASP_MIN_MEMORY_KIB, time_cost=OWASP_MIN_TIME_COST)


def key_path_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".key")


def check_passphrase(passphrase: str) -> None:
    """NCSC length and a zxcvbn strength score (domain/passphrase_rules.py)."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise PassphrasePolicyError(problem)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _field_bytes(doc: dict[str, Any], name: str, length: int) -> bytes:
    text = doc.get(name)
    if not isinstance(text, str) or len(text) > 4 * length:
        raise ValueError(f"{name} is missing or not text")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if len(data) != length:
        raise ValueError(f"{name} is {len(data)} bytes, not {length}")
    return data


def _field_int(doc: dict[str, Any], name: str) -> int:
    value = doc.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} is not a whole number")
    return value


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    try:
        return hash_secret_raw(
            secret=passphrase.encode("utf-8", "surrogatepass"),
            salt=salt,
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            hash_len=32,
            type=Type.ID,
        )
    except (HashingError, MemoryError) as exc:
        raise NotAStoreError(
            "The key file's key derivation cannot run on this computer (not enough memory?)."
        ) from exc


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    kdf: KdfParams
    #: Authenticates the failed-unlock record; None in a version 1 file.
    throttle_key: bytes | None = None

    @property
    def version(self) -> int:
        return 1 if self.throttle_key is None else FORMAT_VERSION

    def _aad(self) -> bytes:
        if self.throttle_key is None:
            return f"{FORMAT}:1:{self.store_id}".encode()
        return f"{FORMAT}:{FORMAT_VERSION}:{self.store_id}:{self.throttle_key.hex()}".encode()

    @classmethod
    def wrap(
        cls,
        data_key: bytes,
        passphrase: str,
        store_id: str,
        kdf: KdfParams = DEFAULT_KDF,
        throttle_key: bytes | None = None,
    ) -> KeyFile:
        """A version 2 key file; `throttle_key` is kept from the old file on a change so the
        record of failed unlocks stays valid."""
        kdf.check()
        salt = secrets.token_bytes(SALT_BYTES)
        nonce = secrets.token_bytes(NONCE_BYTES)
        shell = cls(store_id=store_id, salt=salt, nonce=nonce, wrapped_key=b"", kdf=kdf,
                    throttle_key=throttle_key or secrets.token_bytes(THROTTLE_KEY_BYTES))
        kek = _derive(passphrase, salt, kdf)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, shell._aad())
        return cls(store_id=store_id, salt=salt, nonce=nonce, wrapped_key=wrapped, kdf=kdf,
                   throttle_key=shell.throttle_key)

    def unwrap(self, passphrase: str) -> bytes:
        self.kdf.check()
        kek = _derive(passphrase, self.salt, self.kdf)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.wrapped_key, self._aad())
        except InvalidTag:
            raise WrongPassphraseError("The passphrase is not right for this store.") from None

    def to_json(self) -> bytes:
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "store_id": self.store_id,
            "kdf": {
                "name": "argon2id",
                "memory_kib": self.kdf.memory_kib,
                "time_cost": self.kdf.time_cost,
                "parallelism": self.kdf.parallelism,
                "salt": _b64(self.salt),
            },
            "cipher": "aes-256-gcm",
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
        }
        if self.throttle_key is not None:
            doc["throttle_key"] = _b64(self.throttle_key)
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, source: Path) -> KeyFile:
        """Parse and check every field; anything wrong is the store's own error, one line."""
        try:
            key_file = cls._parse(raw)
        except (ValueError, TypeError, UnicodeError, RecursionError, binascii.Error) as exc:
            raise NotAStoreError(
                f"The key file {source.name} is damaged or not a key file."
            ) from exc
        key_file.kdf.check()
        return key_file

    @classmethod
    def _parse(cls, raw: bytes) -> KeyFile:
        if len(raw) > MAX_KEY_FILE_BYTES:
            raise ValueError("far too big for a key file")
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("not a key file")
        version = doc.get("version")
        if isinstance(version, bool) or version not in READABLE_VERSIONS:
            raise ValueError(f"unknown key file version {version!r}")
        kdf = doc.get("kdf")
        if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
            raise ValueError("unknown key derivation")
        if doc.get("cipher") != "aes-256-gcm":
            raise ValueError("unknown cipher")
        store_id = doc.get("store_id")
        if (not isinstance(store_id, str) or not 0 < len(store_id) <= _MAX_STORE_ID
                or not store_id.isprintable()):
            raise ValueError("store_id is not an identifier")
        return cls(
            store_id=store_id,
            salt=_field_bytes(kdf, "salt", SALT_BYTES),
            nonce=_field_bytes(doc, "nonce", NONCE_BYTES),
            wrapped_key=_field_bytes(doc, "wrapped_key", WRAPPED_KEY_BYTES),
            kdf=KdfParams(
                memory_kib=_field_int(kdf, "memory_kib"),
                time_cost=_field_int(kdf, "time_cost"),
                parallelism=_field_int(kdf, "parallelism"),
            ),
            throttle_key=(_field_bytes(doc, "throttle_key", THROTTLE_KEY_BYTES)
                          if version >= 2 else None),
        )

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_KEY_FILE_BYTES + 1)
        except FileNotFoundError:
            raise StoreNotFoundError(
                f"The key file {path.name} is missing. It must be kept beside the store; "
                "restore it from the same backup as the store."
            ) from None
        except OSError as exc:
            raise StoreNotFoundError(
                f"The key file {path.name} cannot be read: {exc.strerror}."
            ) from exc
        return cls.from_json(raw, path)

    def write(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_json())


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)
