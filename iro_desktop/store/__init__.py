"""The encrypted local store: SQLCipher under a wrapped key, SQLAlchemy models, migrations."""

from .database import Store, store_files
from .errors import (
    ConcurrentEditError,
    NotAStoreError,
    PassphrasePolicyError,
    StoreError,
    StoreExistsError,
    StoreLockedError,
    StoreNotFoundError,
    WrongPassphraseError,
)
from .keyfile import DEFAULT_KDF, MINIMUM_KDF, KdfParams, key_path_for

__all__ = [
    "DEFAULT_KDF",
    "MINIMUM_KDF",
    "ConcurrentEditError",
    "KdfParams",
    "NotAStoreError",
    "PassphrasePolicyError",
    "Store",
    "StoreError",
    "StoreExistsError",
    "StoreLockedError",
    "StoreNotFoundError",
    "WrongPassphraseError",
    "key_path_for",
    "store_files",
]
