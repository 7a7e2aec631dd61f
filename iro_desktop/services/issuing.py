"""Issuing review documents: check, render, write the file atomically, record the issue.

The order matters. The review is read into a snapshot (one short transaction), the
document is rendered with no transaction open, the file is written to a temporary name
in the target folder and renamed, and only then are the issue date and the audit event
recorded together in one transaction. If that last step fails the new file is removed,
so no document leaves the laptop without a trace in the audit trail.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..documents import (
    DocumentError,
    DocumentWriteError,
    MissingContactDetailsError,
    ReviewNotFinalError,
    ReviewNotFoundError,
    ReviewSnapshot,
    default_file_name,
    document_kind,
    missing_contact_details,
    render_bytes,
)
from ..domain.codes import code_list
from ..domain.review_form import ReviewStatus
from ..domain.timetable import decisions_due, record_due
from ..store import Store
from ..store.atomic import atomic_write_bytes
from ..store.models import Review, ServiceProfile, not_deleted
from .audit_trail import record_event
from .profile import get_profile
from .review_snapshot import read_snapshot

__all__ = [
    "BatchResult",
    "ProgressCallback",
    "check_issuable",
    "generate_all_unissued",
    "generate_document",
    "issue_timeliness",
    "unissued_review_ids",
    "write_file",
]

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class BatchResult:
    """What a batch run wrote, and which reviews it could not issue and why."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def check_issuable(snapshot: ReviewSnapshot) -> None:
    """Refuse what must not be issued: a review that is not final, or minutes without contacts."""
    if not snapshot.is_final:
        status = code_list("review_status").label(snapshot.status).lower()
        raise ReviewNotFinalError(
            f"Review {snapshot.number} for {snapshot.local_id} is not finalised (it is "
            f"{status}). Finalise the review before issuing minutes: a draft may still change."
        )
    missing = missing_contact_details(snapshot)
    if missing:
        raise MissingContactDetailsError(
            "Every set of minutes says how to contact the IRO, get an advocate and make a "
            f"complaint. Add to the service profile (Settings): {'; '.join(missing)}."
        )


def generate_document(store: Store, review_id: str, kind: str, out: Path,
                      today: date) -> Path:
    """Write one document of a finalised review and record that it was issued; returns its path.

    `out` is the file to write, or an existing folder to write it in under a default name.
    """
    document_kind(kind)  # an unknown kind is refused before anything is read
    snapshot = read_snapshot(store, review_id)
    check_issuable(snapshot)
    target = _target(Path(out), snapshot, kind)
    data = render_bytes(snapshot, kind, today)
    write_file(target, data)
    try:
        with store.session() as session:
            _record_issue(session, snapshot, kind, target, today)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target


def write_file(target: Path, data: bytes) -> None:
    """Atomically, with an error an IRO can act on; nothing half-written is left behind."""
    _check_folder(target.parent)
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DocumentWriteError(
            f"The document could not be saved as {target}: {reason}. Check that the folder "
            "exists, that you may write to it and that the disk is not full; nothing was saved."
        ) from exc


def unissued_review_ids(store: Store) -> list[str]:
    """Finalised reviews whose full record has not been issued, oldest meeting first."""
    with store.session() as session:
        return list(session.scalars(
            select(Review.id)
            .where(Review.status == ReviewStatus.FINALISED, Review.record_issued_on.is_(None),
                   not_deleted(Review))
            .order_by(Review.meeting_date, Review.id)
        ))


def generate_all_unissued(store: Store, folder: Path, today: date,
                          progress: ProgressCallback | None = None) -> BatchResult:
    """Issue the full record of every finalised review not yet issued, one transaction each.

    A review that cannot be issued (e.g. missing contact details) is reported in the
    result and the batch carries on; `progress(done, total, message)` follows each one.
    """
    _check_folder(Path(folder))
    review_ids = unissued_review_ids(store)
    result = BatchResult()
    total = len(review_ids)
    if progress is not None:
        progress(0, total, f"{total} review records to issue")
    for done, review_id in enumerate(review_ids, start=1):
        try:
            result.written.append(generate_document(store, review_id, "full", Path(folder),
                                                    today))
        except DocumentWriteError:
            raise
        except DocumentError as exc:
            result.failed.append((review_id, str(exc)))
        if progress is not None:
            progress(done, total, f"Issued {done} of {total} review records")
    return result


def issue_timeliness(review: Review, profile: ServiceProfile | None = None,
                     today: date | None = None) -> tuple[bool | None, bool | None]:
    """Whether the decisions and the full record went out within the profile's working days.

    Each is None while it is not known: no meeting date, or not issued yet and (given
    `today`) not yet overdue. The profile defaults to the one in the review's session.
    """
    if review.meeting_date is None:
        return None, None
    if profile is None:
        session = object_session(review)
        profile = get_profile(session) if session is not None else None
    decision_days = profile.decisions_working_days if profile else 5
    record_days = profile.record_working_days if profile else 15
    return (
        _in_time(review.decisions_issued_on, decisions_due(review.meeting_date, decision_days),
                 today),
        _in_time(review.record_issued_on, record_due(review.meeting_date, record_days), today),
    )


def _in_time(issued: date | None, due: date, today: date | None) -> bool | None:
    if issued is not None:
        return issued <= due
    if today is not None and today > due:
        return False
    return None


def _target(out: Path, snapshot: ReviewSnapshot, kind: str) -> Path:
    if out.is_dir():
        return out / default_file_name(snapshot, kind)
    if out.suffix.lower() != ".docx":
        raise DocumentError(f"{out.name} does not end in .docx: give a Word file name, "
                            "or a folder to save the document in.")
    return out


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise DocumentWriteError(
            f"The folder {folder} does not exist: choose an existing folder; nothing was saved."
        )


def _record_issue(session: Session, snapshot: ReviewSnapshot, kind: str,
                  target: Path, today: date) -> None:
    """The issue dates and the audit event, refused if the review changed while it was written."""
    review = session.get(Review, snapshot.review_id)
    if review is None or review.deleted_at is not None:
        raise ReviewNotFoundError("The review was deleted while its document was written.")
    if review.status != ReviewStatus.FINALISED:
        raise ReviewNotFinalError("The review was reopened while its document was written.")
    if review.version != snapshot.version:
        raise DocumentError("The review was changed while its document was written; "
                            "nothing was issued. Generate the document again.")
    if kind in ("full", "decisions") and review.decisions_issued_on is None:
        review.decisions_issued_on = today
    if kind == "full" and review.record_issued_on is None:
        review.record_issued_on = today
    record_event(
        session, "document.issued", entity_type="review", entity_id=review.id,
        child_id=review.child_id,
        detail={"kind": kind, "file": target.name, "review_number": review.number,
                "issued_on": today.isoformat()},
    )
