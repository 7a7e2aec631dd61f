"""Why a document could not be produced, in words an IRO can act on."""

from __future__ import annotations


class DocumentError(Exception):
    """A review document could not be produced or issued; the message says what to do."""


class ReviewNotFoundError(DocumentError):
    """The review does not exist in this store, or it was deleted."""


class ReviewNotFinalError(DocumentError):
    """Only a finalised review is issued: a draft may still change."""


class MissingContactDetailsError(DocumentError):
    """Every set of minutes must say how to reach the IRO, an advocate and the complaints unit."""


class DocumentWriteError(DocumentError):
    """The file could not be written (missing folder, read-only, disk full...)."""
