"""A version 1 key file, as IRO Desktop wrote before the throttle key (for the tests)."""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iro_desktop.store.keyfile import KeyFile, _derive


def version_1_key_file(key_file: KeyFile, data_key: bytes, passphrase: str) -> KeyFile:
    """The same data key wrapped the old way: no throttle key, the version 1 associated
    data."""
    shell = KeyFile(key_file.store_id, key_file.salt, key_file.nonce, b"", key_file.kdf)
    kek = _derive(passphrase, key_file.salt, key_file.kdf)
    wrapped = AESGCM(kek).encrypt(key_file.nonce, data_key, shell._aad())
    return KeyFile(key_file.store_id, key_file.salt, key_file.nonce, wrapped, key_file.kdf)
