"""Use cases for a child's record: add, edit, end a period of care, start a new one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.child_rules import ChildDetails, validate_child, validate_period_end
from ..domain.validation import FieldError, ValidationError
from ..store import Store
from ..store.models import Child, PeriodOfCare, Person, utc_now
from .audit_trail import record_event
from .profile import current_iro

CHILD_FIELDS = (
    "local_id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "school",
)
PERIOD_FIELDS = ("legal_status", "placement_type", "placement_provider", "category_of_need")


def _duplicate_id(session: Session, local_id: str, except_child: str | None) -> bool:
    query = select(Child.id).where(Child.local_id == local_id.strip())
    if except_child:
        query = query.where(Child.id != except_child)
    return session.scalar(query) is not None


def _social_worker(child: Child) -> Person | None:
    for person in child.people:
        if person.role == "social_worker" and person.active and person.deleted_at is None:
            return person
    return None


def load_child(session: Session, child_id: str) -> Child:
    child = session.scalar(
        select(Child)
        .where(Child.id == child_id)
        .options(selectinload(Child.periods), selectinload(Child.people))
    )
    if child is None or child.deleted_at is not None:
        raise LookupError("That child's record is no longer in this store.")
    return child


def details_of(store: Store, child_id: str) -> ChildDetails:
    with store.session() as session:
        child = load_child(session, child_id)
        period = child.current_period
        worker = _social_worker(child)
        details = ChildDetails(**{name: getattr(child, name) for name in CHILD_FIELDS})
        details.iro_id = child.iro_id
        if period is not None:
            details.looked_after_from = period.start_date
            for name in PERIOD_FIELDS:
                setattr(details, name, getattr(period, name))
        if worker is not None:
            details.social_worker = worker.name
            details.social_worker_team = worker.team
        return details


def add_child(store: Store, details: ChildDetails, today: date) -> str:
    """Create the child, the current period of care and the social worker in one transaction."""
    errors = validate_child(details, today)
    with store.session() as session:
        if details.local_id.strip() and _duplicate_id(session, details.local_id, None):
            errors.append(
                FieldError("local_id", f"A child with ID {details.local_id} already exists.")
            )
        if errors:
            raise ValidationError(errors)
        iro = current_iro(session)
        child = Child(**{name: _clean(getattr(details, name)) for name in CHILD_FIELDS})
        child.iro_id = details.iro_id or (iro.id if iro else None)
        assert details.looked_after_from is not None
        child.periods.append(
            PeriodOfCare(
                start_date=details.looked_after_from,
                **{name: _clean(getattr(details, name)) for name in PERIOD_FIELDS},
            )
        )
        if details.social_worker.strip():
            child.people.append(
                Person(
                    role="social_worker",
                    name=details.social_worker.strip(),
                    team=details.social_worker_team.strip(),
                )
            )
        session.add(child)
        session.flush()
        record_event(
            session, "child.created", entity_type="child", entity_id=child.id, child_id=child.id
        )
        return child.id


def update_child(store: Store, child_id: str, details: ChildDetails, today: date) -> None:
    """Save edited details; the current period's codes and start date are updated in place."""
    errors = validate_child(details, today)
    with store.session() as session:
        if details.local_id.strip() and _duplicate_id(session, details.local_id, child_id):
            errors.append(
                FieldError("local_id", f"A child with ID {details.local_id} already exists.")
            )
        if errors:
            raise ValidationError(errors)
        child = load_child(session, child_id)
        changed: list[str] = []
        for name in CHILD_FIELDS:
            value = _clean(getattr(details, name))
            if getattr(child, name) != value:
                setattr(child, name, value)
                changed.append(name)
        period = child.current_period
        if period is not None:
            if details.looked_after_from and period.start_date != details.looked_after_from:
                period.start_date = details.looked_after_from
                changed.append("looked_after_from")
            for name in PERIOD_FIELDS:
                value = _clean(getattr(details, name))
                if getattr(period, name) != value:
                    setattr(period, name, value)
                    changed.append(name)
        worker = _social_worker(child)
        name = details.social_worker.strip()
        if worker is None and name:
            child.people.append(
                Person(role="social_worker", name=name, team=details.social_worker_team.strip())
            )
            changed.append("social_worker")
        elif worker is not None and (worker.name, worker.team) != (
            name,
            details.social_worker_team.strip(),
        ):
            if name:
                worker.active = False
                child.people.append(
                    Person(role="social_worker", name=name, team=details.social_worker_team.strip())
                )
            else:
                worker.active = False
            changed.append("social_worker")
        if changed:
            record_event(
                session,
                "child.updated",
                entity_type="child",
                entity_id=child.id,
                child_id=child.id,
                detail={"fields": changed},
            )


def end_period(
    store: Store, child_id: str, end_date: date | None, reason: str, today: date
) -> None:
    with store.session() as session:
        child = load_child(session, child_id)
        period = child.current_period
        if period is None or period.end_date is not None:
            raise ValidationError(
                [FieldError("end_date", "There is no open period of care to end.")]
            )
        errors = validate_period_end(period.start_date, end_date, reason, today)
        if errors:
            raise ValidationError(errors)
        period.end_date = end_date
        period.reason_ceased = reason
        record_event(
            session,
            "period.ended",
            entity_type="period_of_care",
            entity_id=period.id,
            child_id=child.id,
            detail={"reason": reason},
        )


def start_new_period(store: Store, child_id: str, details: ChildDetails, today: date) -> None:
    """A child who comes back into care starts a new period, and the timetable starts again."""
    with store.session() as session:
        child = load_child(session, child_id)
        last = child.current_period
        errors = [
            e
            for e in validate_child(details, today)
            if e.field in ("looked_after_from", *PERIOD_FIELDS)
        ]
        if last is not None and last.end_date is None:
            errors.append(
                FieldError(
                    "looked_after_from", "End the current period of care before starting a new one."
                )
            )
        elif (
            last is not None
            and details.looked_after_from
            and last.end_date
            and details.looked_after_from < last.end_date
        ):
            errors.append(
                FieldError(
                    "looked_after_from", "A new period cannot start before the last one ended."
                )
            )
        if errors:
            raise ValidationError(errors)
        assert details.looked_after_from is not None
        period = PeriodOfCare(
            start_date=details.looked_after_from,
            **{name: _clean(getattr(details, name)) for name in PERIOD_FIELDS},
        )
        child.periods.append(period)
        session.flush()
        record_event(
            session,
            "period.started",
            entity_type="period_of_care",
            entity_id=period.id,
            child_id=child.id,
        )


def soft_delete_child(store: Store, child_id: str, reason: str) -> None:
    if not reason.strip():
        raise ValidationError([FieldError("reason", "Give a reason for removing the record.")])
    with store.session() as session:
        child = load_child(session, child_id)
        child.deleted_at = utc_now()
        child.deleted_reason = reason.strip()
        record_event(
            session,
            "child.deleted",
            entity_type="child",
            entity_id=child.id,
            child_id=child.id,
            detail={"reason": reason.strip()},
        )


def _clean(value: object) -> object:
    return value.strip() if isinstance(value, str) else value
