"""The wrapped data key that lives beside the store.

The database is encrypted by SQLCipher with a random 256-bit data key given as a raw key,
so opening costs no key derivation. That data key is wrapped (AES-256-GCM) under a key
derived from the passphrase with Argon2id, so changing the passphrase only re-wraps it.
The key file is small JSON; it must travel with every copy and backup of the store.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .atomic import atomic_write_bytes
from .errors import NotAStoreError, PassphrasePolicyError, StoreNotFoundError, WrongPassphraseError

FORMAT = "iro-desktop-keyfile"
FORMAT_VERSION = 1
MIN_PASSPHRASE_LENGTH = 12

# OWASP's minimum for Argon2id is m=19 MiB, t=2, p=1; we default well above it.
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 1

    def check(self) -> None:
        if self.memory_kib < OWASP_MIN_MEMORY_KIB or self.time_cost < OWASP_MIN_TIME_COST:
            raise NotAStoreError(
                "The key file asks for weaker key derivation than allowed; it may have been "
                "tampered with."
            )


DEFAULT_KDF = KdfParams()
#: The weakest parameters still allowed; tests use them to stay quick.
MINIMUM_KDF = KdfParams(memory_kib=OWASP_MIN_MEMORY_KIB, time_cost=OWASP_MIN_TIME_COST)


def key_path_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".key")


def check_passphrase(passphrase: str) -> None:
    """NCSC / Cyber Essentials: length matters, no other complexity rules."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphrasePolicyError(
            f"The passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long. "
            "Three random words make a good one."
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    kdf: KdfParams

    def _aad(self) -> bytes:
        return f"{FORMAT}:{FORMAT_VERSION}:{self.store_id}".encode()

    @classmethod
    def wrap(
        cls, data_key: bytes, passphrase: str, store_id: str, kdf: KdfParams = DEFAULT_KDF
    ) -> KeyFile:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        shell = cls(store_id=store_id, salt=salt, nonce=nonce, wrapped_key=b"", kdf=kdf)
        kek = _derive(passphrase, salt, kdf)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, shell._aad())
        return cls(store_id=store_id, salt=salt, nonce=nonce, wrapped_key=wrapped, kdf=kdf)

    def unwrap(self, passphrase: str) -> bytes:
        self.kdf.check()
        kek = _derive(passphrase, self.salt, self.kdf)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.wrapped_key, self._aad())
        except InvalidTag:
            raise WrongPassphraseError("The passphrase is not right for this store.") from None

    def to_json(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
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
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, source: Path) -> KeyFile:
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError("not a key file")
            if doc.get("version") != FORMAT_VERSION:
                raise ValueError(f"unknown key file version {doc.get('version')!r}")
            kdf = doc["kdf"]
            if kdf["name"] != "argon2id" or doc["cipher"] != "aes-256-gcm":
                raise ValueError("unknown algorithm")
            return cls(
                store_id=str(doc["store_id"]),
                salt=_unb64(kdf["salt"]),
                nonce=_unb64(doc["nonce"]),
                wrapped_key=_unb64(doc["wrapped_key"]),
                kdf=KdfParams(
                    memory_kib=int(kdf["memory_kib"]),
                    time_cost=int(kdf["time_cost"]),
                    parallelism=int(kdf["parallelism"]),
                ),
            )
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise NotAStoreError(
                f"The key file {source.name} is damaged or not a key file."
            ) from exc

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            raw = path.read_bytes()
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
    return os.urandom(32)
