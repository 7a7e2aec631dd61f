"""Errors the store raises, each with a message a person can act on."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: the message is shown to the user as it is."""


class StoreNotFoundError(StoreError):
    pass


class WrongPassphraseError(StoreError):
    pass


class NotAStoreError(StoreError):
    """The file is not an IRO Desktop store, or it is damaged."""


class StoreExistsError(StoreError):
    pass


class StoreLockedError(StoreError):
    """Another program holds the store, or the folder cannot be written."""


class PassphrasePolicyError(StoreError):
    pass


class ConcurrentEditError(StoreError):
    """The record was changed elsewhere since it was read."""


class StoreBusyError(StoreLockedError):
    """A save waited for another writer for the whole busy timeout and gave up."""


class StoreDamagedError(NotAStoreError):
    """Part of the store cannot be read: SQLCipher or SQLite found damage."""
