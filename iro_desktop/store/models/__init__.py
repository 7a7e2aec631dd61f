"""The ORM models of the store (SQLAlchemy 2, typed)."""

from .base import Base, RecordMixin, live, new_id, not_deleted, utc_now
from .consultation import Consultation, ConsultationFlag
from .people import Child, Iro, PeriodOfCare, Person, ServiceProfile
from .qa import Challenge, ChallengeCategory, ChallengeStage, GoodPractice, QaAudit, QaAuditArea
from .records import AuditEvent, Draft, Setting
from .reviews import Attendance, Decision, MonitoringNote, PlanArea, Review

__all__ = [
    "Attendance",
    "AuditEvent",
    "Base",
    "Challenge",
    "ChallengeCategory",
    "ChallengeStage",
    "Child",
    "Consultation",
    "ConsultationFlag",
    "Decision",
    "Draft",
    "GoodPractice",
    "Iro",
    "MonitoringNote",
    "PeriodOfCare",
    "Person",
    "PlanArea",
    "QaAudit",
    "QaAuditArea",
    "RecordMixin",
    "Review",
    "ServiceProfile",
    "Setting",
    "live",
    "new_id",
    "not_deleted",
    "utc_now",
]
