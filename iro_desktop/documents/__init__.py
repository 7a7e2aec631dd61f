"""Word documents of a review: the full record, the decisions summary, the young person's letter.

This package only turns a frozen `ReviewSnapshot` into bytes: it never reads the store.
Reading the snapshot and issuing a document (checks, atomic write, issue date and audit
event) are use cases in `iro_desktop.services`. What they need is exported here, and
importing this facade does not load python-docx (the renderers load it when called).
"""

from __future__ import annotations

from .contacts import missing_contact_details
from .errors import (
    DocumentError,
    DocumentWriteError,
    MissingContactDetailsError,
    ReviewNotFinalError,
    ReviewNotFoundError,
)
from .kinds import (
    DOCUMENT_KINDS,
    KINDS,
    DocumentKind,
    ReviewDocumentKind,
    default_file_name,
    document_kind,
    render,
    render_bytes,
)
from .review_snapshot import (
    NOTHING_RECORDED,
    AttendanceLine,
    Contact,
    DecisionLine,
    PlanAreaLine,
    ReviewSnapshot,
)

__all__ = [
    "DOCUMENT_KINDS",
    "KINDS",
    "NOTHING_RECORDED",
    "AttendanceLine",
    "Contact",
    "DecisionLine",
    "DocumentError",
    "DocumentKind",
    "DocumentWriteError",
    "MissingContactDetailsError",
    "PlanAreaLine",
    "ReviewDocumentKind",
    "ReviewNotFinalError",
    "ReviewNotFoundError",
    "ReviewSnapshot",
    "default_file_name",
    "document_kind",
    "missing_contact_details",
    "render",
    "render_bytes",
]
