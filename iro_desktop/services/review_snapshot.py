"""Reading a review's document snapshot from the store, in one unit of work.

The snapshot itself is plain frozen data owned by `iro_desktop.documents`; filling it is a
use case, since it needs the store, the service profile, the previous final review and
the child's consultation. Once read, the document can be rendered with no session open.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..documents import (
    Contact,
    ReviewNotFoundError,
    ReviewSnapshot,
)
from ..domain.codes import code_list
from ..store import Store
from ..store.models import Child, Iro, PeriodOfCare, Person, Review, ServiceProfile, not_deleted
from .consultations import minutes_note
from .profile import current_iro, get_profile
from .review_context import carried_from, previous_final_review
from .review_record import form_from_review

__all__ = ["load_snapshot", "read_snapshot"]


def read_snapshot(store: Store, review_id: str) -> ReviewSnapshot:
    """Read one review and all it needs in a single unit of work."""
    with store.read_session() as session:
        return load_snapshot(session, review_id)


def load_snapshot(session: Session, review_id: str) -> ReviewSnapshot:
    """The snapshot of one review within an open session (raises ReviewNotFoundError)."""
    review = session.scalar(
        select(Review)
        .where(Review.id == review_id, not_deleted(Review))
        .options(
            selectinload(Review.attendance),
            selectinload(Review.plan_areas),
            selectinload(Review.decisions),
            selectinload(Review.child).selectinload(Child.people),
            selectinload(Review.child).selectinload(Child.periods),
        )
    )
    if review is None:
        raise ReviewNotFoundError(f"There is no review {review_id} in this store.")
    child = review.child
    period = _period(session, review, child)
    profile = get_profile(session)
    previous = previous_final_review(session, review)
    form = form_from_review(review)
    form.carried_forward = carried_from(previous)
    return ReviewSnapshot(
        review_id=review.id,
        child_id=child.id,
        status=review.status,
        version=review.version,
        child_name=child.full_name,
        preferred_name=child.preferred_name or child.first_name,
        date_of_birth=child.date_of_birth,
        local_id=child.local_id,
        legal_status=_labelled("legal_status", period.legal_status if period else None),
        placement_type=_labelled("placement", period.placement_type if period else None),
        looked_after_from=period.start_date if period else None,
        social_worker=_social_worker(child.people),
        iro=_iro_contact(_chair(session, review, child), profile),
        local_authority=profile.local_authority,
        service=Contact(profile.service_name, profile.service_phone, profile.service_email,
                        address=profile.service_address),
        advocacy=Contact(profile.advocacy_name, profile.advocacy_phone, profile.advocacy_email,
                         profile.advocacy_web),
        complaints=Contact(profile.complaints_name, profile.complaints_phone,
                           profile.complaints_email, profile.complaints_web),
        decisions_working_days=profile.decisions_working_days,
        record_working_days=profile.record_working_days,
        template_path=profile.template_path,
        number=review.number,
        review=form,
        previous_review_date=previous.meeting_date if previous else None,
        consultation_note=minutes_note(session, review.id),
    )


def _labelled(list_name: str, code: str | None) -> str:
    label = code_list(list_name).label(code)
    return f"{label} ({code})" if code and code in code_list(list_name) else label


def _period(session: Session, review: Review, child: Child) -> PeriodOfCare | None:
    if review.period_id is not None:
        period = session.get(PeriodOfCare, review.period_id)
        if period is not None:
            return period
    return child.current_period


def _chair(session: Session, review: Review, child: Child) -> Iro | None:
    """The IRO who chaired the review; else the child's IRO; else the user of this laptop."""
    if review.iro_id is not None:
        iro = session.get(Iro, review.iro_id)
        if iro is not None:
            return iro
    if child.iro_id is not None:
        iro = session.get(Iro, child.iro_id)
        if iro is not None:
            return iro
    return current_iro(session)


def _iro_contact(iro: Iro | None, profile: ServiceProfile) -> Contact:
    """The IRO's own phone and email, falling back to the service's, so no one is unreachable."""
    if iro is None:
        return Contact(profile.service_name, profile.service_phone, profile.service_email)
    return Contact(iro.name, iro.phone or profile.service_phone,
                   iro.email or profile.service_email, team=iro.team)


def _social_worker(people: list[Person]) -> Contact | None:
    for person in people:
        if person.role == "social_worker" and person.active and person.deleted_at is None:
            return Contact(person.name, person.phone, person.email, team=person.team)
    return None
