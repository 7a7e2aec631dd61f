"""The service profile and the current IRO: read and update as one unit of work each."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.text_rules import LINE_LENGTH, NAME_LENGTH, text_problem
from ..store import Store
from ..store.models import Iro, ServiceProfile, Setting, not_deleted
from .audit_trail import record_event

PROFILE_FIELDS = (
    "local_authority",
    "service_name",
    "service_phone",
    "service_email",
    "service_address",
    "advocacy_name",
    "advocacy_phone",
    "advocacy_email",
    "advocacy_web",
    "complaints_name",
    "complaints_phone",
    "complaints_email",
    "complaints_web",
    "decisions_working_days",
    "record_working_days",
    "challenge_stage_days",
    "challenge_overall_days",
    "template_path",
)


@dataclass
class IroDetails:
    name: str = ""
    email: str = ""
    phone: str = ""
    team: str = ""


def get_profile(session: Session) -> ServiceProfile:
    """The single service profile row, created with defaults the first time."""
    profile = session.scalar(
        select(ServiceProfile).where(not_deleted(ServiceProfile)).limit(1)
    )
    if profile is None:
        profile = ServiceProfile()
        session.add(profile)
        session.flush()
    return profile


def profile_values(store: Store) -> dict[str, Any]:
    """The profile's values, or the defaults when none has been saved (reads only)."""
    with store.read_session() as session:
        profile = session.scalar(
            select(ServiceProfile).where(not_deleted(ServiceProfile)).limit(1)
        )
        if profile is None:
            defaults = {c.name: c.default.arg for c in ServiceProfile.__table__.columns
                        if c.default is not None and not callable(c.default.arg)}
            return {name: defaults.get(name, "") for name in PROFILE_FIELDS}
        return {name: getattr(profile, name) for name in PROFILE_FIELDS}


def update_profile(store: Store, values: dict[str, Any]) -> None:
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown service profile fields: {', '.join(sorted(unknown))}")
    for key in (
        "decisions_working_days",
        "record_working_days",
        "challenge_stage_days",
        "challenge_overall_days",
    ):
        if key in values and not (1 <= int(values[key]) <= 60):
            raise ValueError("Working-day targets must be between 1 and 60.")
    for key, value in values.items():
        if isinstance(value, str):
            longest = 1000 if key == "template_path" else LINE_LENGTH
            problem = text_problem(key, key.replace("_", " ").capitalize(), value,
                                   max_length=longest, multiline=key == "service_address")
            if problem is not None:
                raise ValueError(problem.message)
    with store.session() as session:
        profile = get_profile(session)
        changed = [k for k, v in values.items() if getattr(profile, k) != v]
        for key in changed:
            setattr(profile, key, values[key])
        if changed:
            record_event(
                session,
                "service_profile.updated",
                entity_type="service_profile",
                entity_id=profile.id,
                detail={"fields": changed},
            )


def current_iro(session: Session) -> Iro | None:
    return session.scalar(
        select(Iro).where(Iro.is_current_user.is_(True), not_deleted(Iro)).limit(1)
    )


def get_iro_details(store: Store) -> IroDetails:
    with store.read_session() as session:
        iro = current_iro(session)
        if iro is None:
            return IroDetails()
        return IroDetails(name=iro.name, email=iro.email, phone=iro.phone, team=iro.team)


def set_iro_details(store: Store, details: IroDetails) -> str:
    if not details.name.strip():
        raise ValueError("The IRO's name is needed: it goes on every set of minutes.")
    for f in fields(IroDetails):
        longest = NAME_LENGTH if f.name == "name" else LINE_LENGTH
        problem = text_problem(f.name, f"The IRO's {f.name}", getattr(details, f.name),
                               max_length=longest)
        if problem is not None:
            raise ValueError(problem.message)
    with store.session() as session:
        iro = current_iro(session)
        if iro is None:
            iro = Iro(is_current_user=True, name=details.name)
            session.add(iro)
        for f in fields(IroDetails):
            setattr(iro, f.name, getattr(details, f.name).strip())
        session.flush()
        record_event(session, "iro.updated", entity_type="iro", entity_id=iro.id, actor=iro.name)
        return iro.id


def get_setting(store: Store, key: str, default: str = "") -> str:
    with store.read_session() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
        return default if value is None else value


def set_setting(store: Store, key: str, value: str) -> None:
    with store.session() as session:
        row = session.scalar(select(Setting).where(Setting.key == key))
        if row is None:
            session.add(Setting(key=key, value=value))
        elif row.value != value:
            row.value = value
