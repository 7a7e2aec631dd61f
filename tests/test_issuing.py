"""Issuing review documents: the checks, the atomic write, the issue dates and audit event,
the batch of records not yet issued, and `iro minutes`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from iro_desktop.cli import main
from iro_desktop.documents import (
    DocumentError,
    DocumentWriteError,
    MissingContactDetailsError,
    ReviewNotFinalError,
)
from iro_desktop.services import issuing
from iro_desktop.services.issuing import (
    generate_all_unissued,
    generate_document,
    issue_timeliness,
)
from iro_desktop.store import Store
from iro_desktop.store.models import AuditEvent, Review, ServiceProfile

from .conftest import PASSPHRASE
from .test_documents import TODAY, Case, _body_text, build_case


@pytest.fixture
def case(store: Store) -> Case:
    return build_case(store)


def test_issuing_records_dates_and_an_audit_event(store: Store, case: Case,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    letter = generate_document(store, case.second, "letter", out / "letter.docx", TODAY)
    with store.session() as s:
        review = s.get(Review, case.second)
        assert review is not None
        assert (review.decisions_issued_on, review.record_issued_on) == (None, None)
    decisions = generate_document(store, case.second, "decisions", out, TODAY)
    assert decisions.name == "NB104233-review-2-2025-03-03-decisions.docx"
    full = generate_document(store, case.second, "full", out / "record.docx", date(2025, 3, 25))
    generate_document(store, case.second, "full", out / "again.docx", date(2025, 4, 1))
    assert {p.name for p in out.iterdir()} == {letter.name, decisions.name, "record.docx",
                                               "again.docx"}
    with store.session() as s:
        review = s.get(Review, case.second)
        assert review is not None
        assert review.decisions_issued_on == TODAY
        assert review.record_issued_on == date(2025, 3, 25)
        assert issue_timeliness(review) == (True, False)
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "document.issued")
                           .order_by(AuditEvent.at)).all()
        assert [(e.detail["kind"], e.detail["file"]) for e in events] == [
            ("letter", "letter.docx"), ("decisions", decisions.name),
            ("full", full.name), ("full", "again.docx")]
        assert {e.child_id for e in events} == {review.child_id}
        assert {e.actor for e in events} == {"Morgan Vale"}
    assert docx.Document(str(full)).core_properties.author == "Morgan Vale"


def _issue_events(store: Store) -> int:
    with store.session() as s:
        return len(s.scalars(select(AuditEvent).where(
            AuditEvent.action == "document.issued")).all())


def test_a_draft_review_is_refused(store: Store, case: Case, tmp_path: Path) -> None:
    with pytest.raises(ReviewNotFinalError, match="not finalised"):
        generate_document(store, case.draft, "full", tmp_path / "draft.docx", TODAY)
    assert not list(tmp_path.glob("*.docx"))
    assert _issue_events(store) == 0


def test_missing_folder_is_a_clear_error_and_nothing_is_written(
        store: Store, case: Case, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "record.docx"
    with pytest.raises(DocumentWriteError, match="does not exist"):
        generate_document(store, case.second, "full", target, TODAY)
    assert not target.parent.exists()
    assert _issue_events(store) == 0


def test_a_failed_write_leaves_no_temporary_file(store: Store, case: Case, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("iro_desktop.store.atomic.os.replace", disk_full)
    with pytest.raises(DocumentWriteError, match="No space left on device"):
        generate_document(store, case.second, "full", out / "record.docx", TODAY)
    assert list(out.iterdir()) == []
    assert _issue_events(store) == 0
    with store.session() as s:
        review = s.get(Review, case.second)
        assert review is not None and review.record_issued_on is None


def test_a_failed_audit_removes_the_new_file(store: Store, case: Case, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(issuing, "record_event", broken)
    with pytest.raises(RuntimeError):
        generate_document(store, case.second, "full", tmp_path / "record.docx", TODAY)
    assert not (tmp_path / "record.docx").exists()


def test_minutes_need_the_contact_details(store: Store, case: Case, tmp_path: Path) -> None:
    with store.session() as s:
        profile = s.scalars(select(ServiceProfile)).one()
        profile.advocacy_name = ""
    with pytest.raises(MissingContactDetailsError, match="advocacy"):
        generate_document(store, case.second, "full", tmp_path / "record.docx", TODAY)
    assert not (tmp_path / "record.docx").exists()


def test_batch_issues_every_finalised_record_not_yet_issued(store: Store, case: Case,
                                                            tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = generate_all_unissued(store, tmp_path, TODAY,
                                   lambda done, total, _msg: seen.append((done, total)))
    assert len(result.written) == 2 and not result.failed
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert generate_all_unissued(store, tmp_path, TODAY).written == []
    with pytest.raises(DocumentWriteError):
        generate_all_unissued(store, tmp_path / "missing", TODAY)


def test_issue_timeliness_uses_the_profile_working_days(store: Store, case: Case) -> None:
    with store.session() as s:
        review = s.get(Review, case.second)
        assert review is not None
        assert issue_timeliness(review) == (None, None)
        assert issue_timeliness(review, today=date(2025, 3, 11)) == (False, None)
        review.decisions_issued_on = date(2025, 3, 10)
        review.record_issued_on = date(2025, 3, 24)
        assert issue_timeliness(review) == (True, True)
        profile = s.scalars(select(ServiceProfile)).one()
        profile.decisions_working_days, profile.record_working_days = 4, 10
        assert issue_timeliness(review) == (False, False)
        review.meeting_date = None
        assert issue_timeliness(review) == (None, None)


def test_cli_minutes(store: Store, case: Case, store_path: Path, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("IRO_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "letter.docx"
    assert main(["minutes", case.second[:8], "--kind", "letter", "--out", str(out),
                 "--store", str(store_path), "--today", "2025-03-07"]) == 0
    assert "Wrote the letter to the young person" in capsys.readouterr().out
    assert "Dear Ellie," in _body_text(docx.Document(str(out)))
    assert main(["minutes", case.draft, "--out", str(tmp_path / "d.docx"),
                 "--store", str(store_path)]) == 1
    assert "not finalised" in capsys.readouterr().err
    assert main(["minutes", "ffffffff", "--out", str(tmp_path / "x.docx"),
                 "--store", str(store_path)]) == 1
    assert "no review" in capsys.readouterr().err
    assert not (tmp_path / "d.docx").exists()


def test_an_unknown_kind_or_a_file_name_not_ending_in_docx_is_refused(
        store: Store, case: Case, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="Unknown kind of document 'memo'"):
        generate_document(store, case.second, "memo", tmp_path, TODAY)
    with pytest.raises(DocumentError, match="does not end in .docx"):
        generate_document(store, case.second, "full", tmp_path / "record.pdf", TODAY)
    assert _issue_events(store) == 0


def test_a_record_kept_by_an_older_version_with_unprintable_text_still_issues(
    store: Store, case: Case, tmp_path: Path
) -> None:
    """Text written before the rules (here straight into the table, past every check) with
    a control character and a name too long for Word's properties: the minutes still go."""
    from sqlalchemy import update

    from iro_desktop.store.models import Child

    with store.session() as session:
        session.execute(update(Child).values(first_name="Elea\x0bnor", last_name="W" * 300))
        session.execute(update(Review).where(Review.id == case.first).values(
            young_person_views="I like\x00 my school."))
    path = issuing.generate_document(store, case.first, "full", tmp_path, TODAY)
    document = docx.Document(str(path))
    text = _body_text(document)
    assert "Eleanor" in text and "I like my school." in text
    assert len(document.core_properties.title) <= 255
