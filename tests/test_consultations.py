"""Consultations in the store: answers, follow-up flags, the review link, figures, migration."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, select

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.consultation_forms import Answer
from iro_desktop.domain.validation import ValidationError
from iro_desktop.reports.consultation_figures import consultation_figures, figures_in_session
from iro_desktop.services import consultations as cs
from iro_desktop.services import reviews
from iro_desktop.services.children import add_child
from iro_desktop.services.profile import IroDetails, set_iro_details
from iro_desktop.store import MINIMUM_KDF, Store, key_path_for
from iro_desktop.store.migrations import alembic_config
from iro_desktop.store.models import AuditEvent, Base, Consultation, ConsultationFlag, Review

from .conftest import PASSPHRASE
from .test_migrations import revision_without_upgrading
from .test_postgres_schema import pg_engine  # noqa: F401 - the fixture

TODAY = date(2026, 11, 26)
NEVER_SAFE = {"feel_safe": Answer(("never",)), "know_how_to_complain": Answer(("yes",))}


def _child(store: Store, local_id: str = "LA1", dob: date = date(2014, 5, 17),
           first: str = "Amelia") -> str:
    return add_child(store, ChildDetails(
        local_id=local_id, first_name=first, last_name="Brown", date_of_birth=dob,
        looked_after_from=date(2026, 9, 1), legal_status="C2", placement_type="U4",
        category_of_need="N1", social_worker="Sam Worker", social_worker_team="Team 1"), TODAY)


def _flags(store: Store) -> list[tuple[str, str]]:
    with store.session() as session:
        return [(f.kind, f.detail) for f in session.scalars(select(ConsultationFlag))]


def test_start_continues_the_unfinished_one_with_the_form_for_the_age(store: Store) -> None:
    child_id = _child(store)
    first = cs.start_consultation(store, child_id, TODAY)
    assert (first.age_band, first.status, first.child_name) == ("10-15", "in_progress", "Amelia")
    assert first.review_id is None
    assert cs.start_consultation(store, child_id, TODAY).id == first.id
    young = _child(store, "LA2", date(2023, 1, 1))
    with pytest.raises(ValidationError, match="under 4"):
        cs.start_consultation(store, young, TODAY)


def test_answers_are_saved_and_completing_raises_flags_in_one_go(store: Store) -> None:
    child_id = _child(store)
    view = cs.start_consultation(store, child_id, TODAY)
    assert cs.save_answers(store, view.id, {"feel_safe": Answer(("always",))})
    assert cs.consultation_for_child(store, child_id).answers == {  # type: ignore[union-attr]
        "feel_safe": Answer(("always",))}
    answers = {**NEVER_SAFE, "know_how_to_complain": Answer(("not_sure",)),
               "own_words": Answer(text="I want to see my nan more.")}
    ids = cs.complete_consultation(store, view.id, answers, TODAY)
    assert len(ids) == 2
    assert [k for k, _ in _flags(store)] == ["feels_unsafe", "does_not_know_how_to_complain"]
    done = cs.consultation_for_child(store, child_id)
    assert done is not None and done.is_completed and done.consulted_on == TODAY
    assert done.own_words == "I want to see my nan more."
    # a late autosave changes nothing once it is complete
    assert not cs.save_answers(store, view.id, {"feel_safe": Answer(("always",))})
    assert cs.consultation_for_child(store, child_id).answers["feel_safe"] == Answer(("never",))  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="already finished"):
        cs.complete_consultation(store, view.id, answers, TODAY)
    with store.session() as session:
        actions = list(session.scalars(select(AuditEvent.action)
                                       .where(AuditEvent.entity_id == view.id)))
    assert actions == ["consultation.started", "consultation.completed"]


@pytest.mark.parametrize("answers", [
    {},
    {"feel_safe": Answer(declined=True), "know_how_to_complain": Answer(declined=True)},
    {"feel_safe": Answer(("usually",)), "know_how_to_complain": Answer(("yes",))},
    {"happy_at_home": Answer(("never",)), "know_iro": Answer(("no",))},
])
def test_no_flag_for_safe_skipped_or_declined_answers(store: Store, answers: dict[str, Answer]
                                                       ) -> None:
    view = cs.start_consultation(store, _child(store), TODAY)
    assert cs.complete_consultation(store, view.id, answers, TODAY) == []
    assert _flags(store) == []


def test_a_failed_completion_raises_no_flag(store: Store) -> None:
    view = cs.start_consultation(store, _child(store), TODAY)
    with pytest.raises(ValueError, match="Unknown answer"):
        cs.complete_consultation(store, view.id, {"feel_safe": Answer(("maybe",))}, TODAY)
    assert _flags(store) == []
    assert cs.consultation_for_child(store, view.child_id).status == "in_progress"  # type: ignore[union-attr]


def test_attaches_to_the_draft_review_or_to_the_next_one_started(store: Store) -> None:
    child_id = _child(store)
    review_id = reviews.start_review(store, child_id, TODAY)
    view = cs.start_consultation(store, child_id, TODAY)
    assert view.review_id == review_id
    assert cs.consultation_for_review(store, review_id).id == view.id  # type: ignore[union-attr]

    other = _child(store, "LA2", first="Oliver")
    waiting = cs.start_consultation(store, other, TODAY)
    cs.complete_consultation(store, waiting.id, NEVER_SAFE, TODAY)
    later = reviews.start_review(store, other, TODAY)
    found = cs.consultation_for_review(store, later)
    assert found is not None and found.id == waiting.id and found.review_id == later
    with store.session() as session:
        assert session.get(Consultation, waiting.id).review_id == later  # type: ignore[union-attr]
        assert cs.minutes_note(session, later) == (
            "Oliver completed a consultation form with their IRO on 26 November 2026.")


def test_a_final_review_does_not_take_a_later_consultation(store: Store) -> None:
    child_id = _child(store)
    with store.session() as session:
        review = Review(child_id=child_id, number=1, status="finalised",
                        meeting_date=date(2026, 9, 20))
        session.add(review)
        session.flush()
        final_id = review.id
    view = cs.start_consultation(store, child_id, TODAY)
    assert cs.consultation_for_review(store, final_id) is None
    with store.session() as session:
        assert cs.minutes_note(session, final_id) == ""
    assert cs.consultation_for_child(store, child_id).id == view.id  # type: ignore[union-attr]


def test_declined_and_not_required(store: Store) -> None:
    child_id = _child(store)
    review_id = reviews.start_review(store, child_id, TODAY)
    cs.start_consultation(store, child_id, TODAY)
    declined = cs.decline_consultation(store, child_id, TODAY, "Did not want to today.")
    view = cs.consultation_for_review(store, review_id)
    assert view is not None and view.id == declined and view.status == "declined"
    with store.session() as session:
        assert "chose not to complete it" in cs.minutes_note(session, review_id)
    toddler = _child(store, "LA3", date(2024, 2, 2))
    row = cs.mark_not_required(store, toddler, TODAY, "Aged 2")
    assert cs.consultation_for_child(store, toddler).status == "not_required"  # type: ignore[union-attr]
    assert cs.consultation_for_child(store, toddler).id == row  # type: ignore[union-attr]
    assert _flags(store) == []


def test_flags_are_listed_until_the_action_is_recorded(store: Store) -> None:
    amelia, oliver = _child(store), _child(store, "LA2", first="Oliver")
    for child_id in (amelia, oliver):
        view = cs.start_consultation(store, child_id, TODAY)
        cs.complete_consultation(store, view.id, NEVER_SAFE, TODAY)
    flags = cs.open_flags(store)
    assert [f.child_name for f in flags] == ["Amelia Brown", "Oliver Brown"]
    assert flags[0].label == "Does not always feel safe where they live"
    assert [f.child_id for f in cs.open_flags(store, amelia)] == [amelia]
    with pytest.raises(ValidationError) as caught:
        cs.record_flag_action(store, flags[0].id, " ", date(2026, 11, 1), TODAY)
    assert {e.field for e in caught.value.errors} == {"action_taken", "resolved_on"}
    with pytest.raises(ValidationError, match="future"):
        cs.record_flag_action(store, flags[0].id, "Spoke to carer", date(2026, 12, 1), TODAY)
    cs.record_flag_action(store, flags[0].id, "Spoke to Amelia and her carer; safety plan "
                          "agreed.", TODAY, TODAY)
    assert [f.child_id for f in cs.open_flags(store)] == [oliver]
    history = cs.flags_for_child(store, amelia)
    assert history[0].resolved_on == TODAY and history[0].action_taken.startswith("Spoke")
    with pytest.raises(LookupError):
        cs.record_flag_action(store, "nope", "x", None)


def _completed(store: Store, child_id: str, on: date, safe: str | None, complain: str | None,
               told: str | None = None) -> None:
    answers: dict[str, Answer] = {}
    for qid, value in (("feel_safe", safe), ("know_how_to_complain", complain),
                       ("want_to_be_told_who_to_talk_to", told)):
        if value == "declined":
            answers[qid] = Answer(declined=True)
        elif value:
            answers[qid] = Answer((value,))
    view = cs.start_consultation(store, child_id, on)
    cs.complete_consultation(store, view.id, answers, on)


def test_figures_for_the_annual_report(store: Store) -> None:
    iro = set_iro_details(store, IroDetails(name="Jo Chair"))
    teens = [_child(store, f"T{i}", date(2012, 1, 1)) for i in range(5)]
    small = [_child(store, f"S{i}", date(2021, 1, 1)) for i in range(2)]
    on = date(2026, 6, 1)
    _completed(store, teens[0], on, "always", "yes")
    _completed(store, teens[1], on, "usually", "no", "yes")
    _completed(store, teens[2], on, "never", "not_sure")
    _completed(store, teens[3], on, "declined", None)          # answered neither
    _completed(store, teens[4], date(2025, 1, 1), "never", "no")  # before the period
    _completed(store, small[0], on, "sometimes", "yes")
    cs.decline_consultation(store, small[1], on)
    figures = consultation_figures(store, date(2026, 4, 1), date(2027, 3, 31))
    bands = {b.age_band: b for b in figures.bands}
    assert [b.label for b in figures.bands] == ["4–6", "7–9", "10–15", "16+"]
    assert (bands["4-6"].completed, bands["7-9"].completed, bands["10-15"].completed) == (1, 0, 4)
    teen = bands["10-15"]
    assert (teen.feel_safe, teen.feel_safe_answered) == (2, 3)
    assert teen.feel_safe_counts == {"always": 1, "usually": 1, "never": 1}
    assert (teen.know_how_to_complain, teen.complain_answered) == (1, 3)
    assert teen.want_to_be_told == 1
    assert bands["4-6"].feel_safe_share == 0.0
    assert bands["7-9"].feel_safe_share is None
    assert figures.completed == 5 and figures.declined == 1 and figures.not_required == 0
    assert figures.feel_safe_share == pytest.approx(2 / 4)
    assert figures.know_how_to_complain_share == pytest.approx(2 / 4)
    assert figures.completion_rate == pytest.approx(5 / 6)
    assert consultation_figures(store, on, on, iro_id=iro).completed == 5
    assert consultation_figures(store, on, on, iro_id="someone-else").completed == 0
    with store.read_session() as session:
        only = figures_in_session(session, on, on, condition=Consultation.child_id.in_(small))
    assert (only.completed, only.declined) == (1, 1)


# -- the schema --------------------------------------------------------------------------------


def test_the_migration_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert [d for d in diff if "consultation" in repr(d)] == []


def test_a_store_at_0001_is_backed_up_then_upgraded_to_0002(tmp_path: Path) -> None:
    path = tmp_path / "old.irostore"
    old = Store.create(path, PASSPHRASE, kdf=MINIMUM_KDF)
    child_id = _child(old)
    with old.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    assert old.schema_revision() == "0001"
    old.close()
    backups = tmp_path / "backups"
    store = Store.open(path, PASSPHRASE, backup_dir=backups)
    try:
        assert store.schema_revision() == "0002"
        copies = sorted(backups.glob("*.irostore"))
        assert len(copies) == 1 and key_path_for(copies[0]).exists()
        assert "before-upgrade-from-0001" in copies[0].name
        view = cs.start_consultation(store, child_id, TODAY)
        cs.complete_consultation(store, view.id, NEVER_SAFE, TODAY)
        assert [f.kind for f in cs.open_flags(store)] == ["feels_unsafe"]
    finally:
        store.close()
    assert revision_without_upgrading(copies[0]) == "0001"


@pytest.mark.postgres
def test_figures_query_runs_on_postgresql(pg_engine: Engine) -> None:  # noqa: F811
    """The team store is PostgreSQL: the JSON paths of the figures must work there too."""
    from sqlalchemy.orm import Session

    from iro_desktop.store.migrations import upgrade_to_head
    from iro_desktop.store.models import Child

    with pg_engine.begin() as conn:
        upgrade_to_head(conn)
    with Session(pg_engine) as session, session.begin():
        child = Child(local_id="PG1", first_name="Ffion", last_name="Testerby",
                      date_of_birth=date(2013, 5, 6))
        session.add(child)
        session.flush()
        session.add(Consultation(child_id=child.id, age_band="10-15", status="completed",
                                 consulted_on=TODAY, answers={
                                     "feel_safe": {"values": ["never"], "text": "",
                                                   "declined": False}}))
    with Session(pg_engine) as session:
        figures = figures_in_session(session, TODAY, TODAY)
    assert figures.completed == 1 and figures.feel_safe_share == 0.0


def test_a_review_being_saved_takes_the_waiting_consultation(store: Store) -> None:
    child_id = _child(store)
    view = cs.start_consultation(store, child_id, TODAY)
    review_id = reviews.start_review(store, child_id, TODAY)
    with store.session() as session:
        assert cs.attach_to_review(session, review_id) == view.id
        assert cs.attach_to_review(session, "no-such-review") is None
    with store.session() as session:
        assert session.get(Consultation, view.id).review_id == review_id  # type: ignore[union-attr]
