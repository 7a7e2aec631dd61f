"""The annual report as a use case: choose its scope, produce it, save it as a file.

The report view and `iro report` both call these, so the choice of scope (the whole
service, one IRO or one team, over a period), the file formats, the checks on where the
file goes and the atomic write with its wording are written once. Every refusal is a
sentence a person can act on (`ScopeError`, `ReportFileError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ..reports import (
    AnnualReport,
    ProgressCallback,
    ReportScope,
    build_report,
    export_format,
    resolve_scope,
)
from ..store import Store
from ..store.atomic import atomic_write_bytes
from ..store.models import Iro, not_deleted

__all__ = [
    "WHOLE_SERVICE",
    "ReportFileError",
    "ScopeChoice",
    "check_target",
    "default_file_name",
    "export_report",
    "named_scope",
    "produce_report",
    "scope_choices",
    "with_suffix",
]


class ReportFileError(Exception):
    """The report could not be saved where asked; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class ScopeChoice:
    """One entry of the scope list: the whole service, one IRO or one team."""

    label: str
    iro_id: str | None = None
    team: str | None = None

    def scope(self, date_from: date, date_to: date) -> ReportScope:
        """This choice over a period (raises ScopeError when the dates are reversed)."""
        return ReportScope(date_from, date_to, iro_id=self.iro_id, team=self.team)


WHOLE_SERVICE = ScopeChoice("Whole service")


def scope_choices(store: Store) -> list[ScopeChoice]:
    """The whole service, then each IRO by name, then each team named on an IRO."""
    with store.read_session() as session:
        rows = session.execute(
            select(Iro.id, Iro.name, Iro.team).where(not_deleted(Iro)).order_by(Iro.name)
        ).all()
    choices = [WHOLE_SERVICE]
    choices += [ScopeChoice(f"IRO: {name}", iro_id=iro_id) for iro_id, name, _ in rows]
    teams = sorted({team.strip() for _, _, team in rows if team and team.strip()})
    choices += [ScopeChoice(f"Team: {team}", team=team) for team in teams]
    return choices


def named_scope(
    store: Store,
    date_from: date,
    date_to: date,
    *,
    iro_name: str | None = None,
    team: str | None = None,
) -> ReportScope:
    """The scope for an IRO's name or a team's name as typed (raises ScopeError if unknown)."""
    with store.read_session() as session:
        return resolve_scope(session, date_from, date_to, iro_name=iro_name, team=team)


def produce_report(
    store: Store, scope: ReportScope, progress: ProgressCallback | None = None
) -> AnnualReport:
    """Every figure of the report; `progress(done, total, what)` follows each step."""
    return build_report(store, scope, progress)


def with_suffix(path: Path, fmt: str) -> Path:
    """Add the format's suffix when the name typed has none of it (e.g. 'annual report')."""
    suffix = export_format(fmt).suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def default_file_name(scope: ReportScope, fmt: str) -> str:
    """A name that says the period, for the save dialog to offer."""
    name = f"IRO annual report {scope.date_from.isoformat()} to {scope.date_to.isoformat()}"
    return name + export_format(fmt).suffix


def check_target(path: Path) -> Path:
    """Refuse, before any work, a path that names a folder or sits in a missing folder."""
    if path.is_dir():
        raise ReportFileError(f"{path} is a folder: give a file name to save the report as.")
    if not path.parent.is_dir():
        raise _missing_folder(path)
    return path


def export_report(report: AnnualReport, path: Path, fmt: str) -> Path:
    """Write the report to `path` as `fmt` (docx, xlsx or json), all or nothing."""
    render = export_format(fmt).render
    check_target(path)
    data = render(report)
    try:
        atomic_write_bytes(path, data)
    except PermissionError as exc:
        raise ReportFileError(
            f"IRO Desktop may not write {path}. The file may be open in Word or Excel, or the "
            "folder may be read-only: close the file or choose another folder."
        ) from exc
    except FileNotFoundError as exc:  # the folder went away while the report was rendered
        raise _missing_folder(path) from exc
    except OSError as exc:
        reason = exc.strerror or "the disk refused it"
        raise ReportFileError(f"the file {path} could not be written ({reason}).") from exc
    return path


def _missing_folder(path: Path) -> ReportFileError:
    return ReportFileError(f"the folder {path.parent} does not exist. Choose another folder.")
