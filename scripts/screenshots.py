"""Take the screenshots in docs/screenshots from the real widgets, offscreen, so they stay true.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

A demo store of fictional children (``generate_demo``) is made in a temporary folder with
its own user data folder, so nothing of the IRO's own store or settings is touched. Each
scene drives the widgets as a person would (clicks, typing, shortcuts) and grabs them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

BASE = Path(tempfile.gettempdir()) / "iro-desktop-screenshots"
BASE.mkdir(parents=True, exist_ok=True)
# A full-HD screen, so the window keeps the size these pictures are taken at (the window is
# clamped to the screen, and Qt's offscreen screen is otherwise only 800 pixels wide).
(BASE / "screen.json").write_text(
    '{"screens": [{"name": "full HD", "x": 0, "y": 0, "width": 1920, "height": 1040, '
    '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}', encoding="utf-8")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={BASE / 'screen.json'}"
os.environ["IRO_DATA_DIR"] = str(BASE / "data")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from iro_desktop.domain.consultation_forms import Answer  # noqa: E402
from iro_desktop.domain.review_form import AttendanceEntry, DecisionEntry  # noqa: E402
from iro_desktop.domain.timetable import DueStatus  # noqa: E402
from iro_desktop.services import drafts, reviews  # noqa: E402
from iro_desktop.services.challenges import (  # noqa: E402
    ChallengeInput,
    escalate,
    raise_challenge,
    record_response,
)
from iro_desktop.services.child_overview import TimelineKind, load_overview  # noqa: E402
from iro_desktop.services.consultations import (  # noqa: E402
    complete_consultation,
    start_consultation,
)
from iro_desktop.services.demo_data import generate_demo  # noqa: E402
from iro_desktop.services.profile import set_setting  # noqa: E402
from iro_desktop.services.qa_lists import list_audits, list_challenges  # noqa: E402
from iro_desktop.store import MINIMUM_KDF, Store  # noqa: E402
from ui.common.workers import tasks_running  # noqa: E402
from ui.review.review_editor import ReviewEditor, draft_summary  # noqa: E402
from ui.shell.app import create_application, offer_draft_recovery, open_main_window  # noqa: E402
from ui.shell.first_run_wizard import FirstRunWizard  # noqa: E402
from ui.shell.settings_dialog import SettingsDialog  # noqa: E402
from ui.shell.unlock_dialog import UnlockDialog  # noqa: E402

TODAY = date(2026, 11, 26)
PASSPHRASE = "copper lantern meadow sixty"
#: The demo caseload was entered a fortnight before the day shown, so some work is now due.
DEMO_DAY = date(2026, 11, 12)
SIZE = (1280, 800)
STARTED = time.monotonic()
VIEWS = ("I like living with Sam and Jo. My bedroom is the best bit and I have painted it "
         "green. I want to keep going to Oakfield School because my friends are there.\n\n"
         "I miss my brother Daniel. I want to see him more than once a month, maybe at the "
         "weekend so I don't miss school.\n\nI would like to go on the school trip to France "
         "in the summer. I need a passport.")

#: What the child of the review editor's screenshots answered in young person mode.
CONSULTATION = {
    "feel_safe": Answer(("usually",)), "happy_at_home": Answer(("always",)),
    "happy_at_school": Answer(("usually",)), "see_family": Answer(("want_more",)),
    "know_iro": Answer(("yes",)), "know_how_to_complain": Answer(("not_sure",)),
    "who_at_review": Answer(("me", "carer")), "where_review": Answer(("not_at_school",)),
    "own_words": Answer(text="I want to keep going to Oakfield School because my friends are "
                             "there. I miss my brother Daniel."),
}


class Shots:
    """Saves each grab under its name and remembers what it wrote."""

    def __init__(self, out: Path) -> None:
        self.out, self.taken = out, []  # type: list[str]
        out.mkdir(parents=True, exist_ok=True)

    def __call__(self, widget: QWidget, name: str) -> None:
        settle(60)
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.taken.append(path.name)
        print(f"  {path} ({time.monotonic() - STARTED:.1f} s)")


def settle(ms: int = 150, until: Callable[[], bool] | None = None) -> None:
    """Let timers run and workers report back (and ``until()`` come true)."""
    QTest.qWait(ms)
    deadline = time.monotonic() + 20
    while (tasks_running() or (until is not None and not until())) \
            and time.monotonic() < deadline:
        QTest.qWait(25)
    QTest.qWait(40)


def type_text(widget: QWidget, text: str) -> None:
    """Type as a person would: characters, and Return between lines."""
    for number, line in enumerate(text.split("\n")):
        if number:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        if line:
            QTest.keyClicks(widget, line)


def make_store() -> Store:
    shutil.rmtree(BASE, ignore_errors=True)
    (BASE / "Documents").mkdir(parents=True)
    store = Store.create(BASE / "caseload.irostore", PASSPHRASE, kdf=MINIMUM_KDF)
    generate_demo(store, children=40, years=2, today=DEMO_DAY)
    set_setting(store, "documents_folder", str(BASE / "Documents"))
    return store


# -- before the main window -------------------------------------------------------------


def shell_scenes(shot: Shots, store: Store) -> None:
    wizard = FirstRunWizard(store_path=BASE / "new" / "caseload.irostore", kdf=MINIMUM_KDF)
    wizard.resize(720, 640)
    wizard.show()
    shot(wizard, "first-run-welcome")
    wizard.next()
    QTest.keyClicks(wizard.passphrase.fields.first, PASSPHRASE)
    QTest.keyClicks(wizard.passphrase.fields.again, PASSPHRASE)
    shot(wizard, "first-run-passphrase")
    wizard.hide()
    wizard.deleteLater()

    unlock = UnlockDialog(store.path)
    unlock.show()
    QTest.keyClicks(unlock.passphrase, PASSPHRASE)
    shot(unlock, "unlock")
    unlock.hide()
    unlock.deleteLater()


# -- the main window ----------------------------------------------------------------------


def rich_child(store: Store, window: QWidget) -> str:
    """The open child with most in the timeline: reviews, audits, a challenge, good practice."""
    best, best_score = "", -1
    for row in window.caseload.model.rows:  # type: ignore[attr-defined]
        if row.status is DueStatus.ENDED:
            continue
        kinds = [e.kind for e in load_overview(store, row.child_id, TODAY).timeline]
        score = len(set(kinds)) * 10 + min(len(kinds), 9)
        if score > best_score:
            best, best_score = row.child_id, score
    return best


def add_open_challenge(store: Store, child_id: str) -> str:
    """A challenge now past its stage 2 target, raised and escalated through the services."""
    challenge_id = raise_challenge(store, ChallengeInput(
        child_id=child_id, raised_on=TODAY - timedelta(days=24),
        categories=["health.no_action_plan", "education.pep_not_completed"],
        concern="The health action plan and the PEP agreed at the last review are still not "
                "in place.", addressed_to="Team manager, Children in Care Team 2",
        first_stage="stage1"), TODAY)
    record_response(store, challenge_id, 0, TODAY - timedelta(days=17),
                    "Promised within two weeks; nothing has changed.", today=TODAY)
    escalate(store, challenge_id, "stage2", TODAY - timedelta(days=16), today=TODAY)
    return challenge_id


def caseload_scenes(shot: Shots, window: QWidget) -> None:
    shot(window, "caseload")
    view = window.caseload  # type: ignore[attr-defined]
    worker = view.model.rows[0].social_worker.split()[-1]
    view.focus_filter()
    QTest.keyClicks(view.filter_edit, worker[:4])
    shot(window, "caseload-filtered")
    view.filter_edit.clear()
    window.focus_alerts()  # type: ignore[attr-defined]
    shot(window.alerts_dock, "alerts")  # type: ignore[attr-defined]


def record_scenes(shot: Shots, window: QWidget, child_id: str) -> None:
    record = window.open_child(child_id)  # type: ignore[attr-defined]
    settle(until=lambda: record.overview is not None)
    shot(window, "child-record")
    record.sections.setCurrentWidget(record.timeline_table)
    record.timeline_table.setFocus()
    record.timeline_table.selectRow(0)
    shot(window, "child-record-timeline")

    new = window.new_child()  # type: ignore[attr-defined]
    fields = new.form.fields
    QTest.keyClicks(fields["local_id"], "LA200417")
    QTest.keyClicks(fields["first_name"], "Jayden")
    QTest.keyClicks(fields["last_name"], "Example")
    fields["date_of_birth"].setDate(QDate(TODAY + timedelta(days=40)))
    fields["looked_after_from"].setDate(QDate(TODAY - timedelta(days=3)))
    QTest.mouseClick(new.save_button, Qt.MouseButton.LeftButton)
    settle(until=lambda: new.form.summary.isVisible())
    shot(window, "add-child-validation")
    new.revert()  # back to blank: the tab closes without asking
    window.close_tab(window.tabs.indexOf(new))  # type: ignore[attr-defined]

    dialog = SettingsDialog(window.store, window)  # type: ignore[attr-defined]
    dialog.resize(760, 620)
    dialog.show()
    shot(dialog, "settings")
    dialog.reject()


def editor_scenes(shot: Shots, window: QWidget, store: Store) -> None:
    rows = [r for r in window.caseload.model.rows  # type: ignore[attr-defined]
            if r.status is DueStatus.DUE_SOON and r.last_review is not None and r.age >= 10]
    row = rows[0] if rows else window.caseload.model.rows[0]  # type: ignore[attr-defined]
    consultation = start_consultation(store, row.child_id, TODAY)
    complete_consultation(store, consultation.id, CONSULTATION, TODAY)
    record = window.open_child(row.child_id)  # type: ignore[attr-defined]
    settle(until=lambda: record.overview is not None)
    window.activateWindow()
    settle(until=window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    settle(until=lambda: isinstance(window.tabs.currentWidget(), ReviewEditor))
    editor: ReviewEditor = window.tabs.currentWidget()  # type: ignore[attr-defined]
    held = min(TODAY - timedelta(days=1), editor.context.due or TODAY)
    form = editor.form()
    form.held, form.meeting_date, form.meeting_format = True, held, "hybrid"
    form.venue = "Foster carers' home, Ashdown Road"
    form.attendance = [AttendanceEntry(row.social_worker, "social_worker", "attended"),
                       AttendanceEntry("Sam and Jo Hartley", "carer", "attended"),
                       AttendanceEntry("Grace (mother)", "parent", "written"),
                       AttendanceEntry("Mr Ellis, designated teacher", "education",
                                       "apologies")]
    form.care_plan_3_days, form.pmr_3_days = True, False
    form.participation_code, form.consultation_method = "PN1", "consultation_form"
    form.carers_views = "Settled and doing well at school; would like respite in the summer."
    form.social_worker_update = "Contact with Daniel has been monthly; PEP reviewed in October."
    for area in form.plan_areas:
        area.progress, area.notes = "progressing", "On track."
    form.decisions = [
        DecisionEntry("Arrange weekend family time with Daniel twice a month", row.social_worker,
                      held + timedelta(days=28)),
        DecisionEntry("Apply for a passport for the school trip", "Foster carers",
                      held + timedelta(days=42)),
        DecisionEntry("Book a dental check-up", "Foster carers", held + timedelta(days=21))]
    for carried in form.carried_forward:
        carried.status = "done"
    form.next_review_date = None  # the editor proposes the statutory date
    settle(until=lambda: editor.consultation.loaded)
    editor.set_form(form)
    type_text(editor.young_person_views, VIEWS)
    editor.message.clear_message()
    settle(300)
    editor.show_section(0)
    shot(editor, "review-editor")
    editor.show_section(3)
    editor.young_person_views.setFocus()
    shot(editor, "review-editor-views")
    editor.show_section(8)
    shot(editor, "review-editor-decisions")

    other = next(r for r in window.caseload.model.rows  # type: ignore[attr-defined]
                 if r.child_id != row.child_id and r.status is not DueStatus.ENDED)
    window.open_child(other.child_id)  # type: ignore[attr-defined]
    settle()
    window.child_menus.new_review.trigger()  # type: ignore[attr-defined]
    settle(until=lambda: window.tabs.currentWidget() is not editor
           and isinstance(window.tabs.currentWidget(), ReviewEditor))
    fresh: ReviewEditor = window.tabs.currentWidget()  # type: ignore[attr-defined]
    fresh.meeting.held.setChecked(True)
    QTest.mouseClick(fresh.finalise_button, Qt.MouseButton.LeftButton)
    shot(fresh, "review-editor-validation")


def minutes_scene(shot: Shots, window: QWidget, store: Store, child_id: str) -> None:
    overview = load_overview(store, child_id, TODAY)
    finals = [e.entity_id for e in overview.timeline if e.kind is TimelineKind.REVIEW
              and reviews.review_context(store, e.entity_id).is_final]
    editor = window.reviews.open_review(finals[0])  # type: ignore[attr-defined]
    editor.young_person_views.setFocus()
    QTest.keyClick(editor.young_person_views, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    editor.minutes.set_kind("decisions")
    QTest.mouseClick(editor.minutes.generate_button, Qt.MouseButton.LeftButton)
    settle(until=lambda: not editor.minutes.busy)
    shot(editor, "generate-minutes")


def close_tabs(window: QWidget) -> None:
    """Close every tab but the caseload, keeping what was typed as autosaved drafts."""
    tabs = window.tabs  # type: ignore[attr-defined]
    for editor in window.reviews.editors():  # type: ignore[attr-defined]
        editor.flush_autosave()
        tabs.removeTab(tabs.indexOf(editor))
    settle()
    while tabs.count() > 1:
        window.close_tab(tabs.count() - 1)  # type: ignore[attr-defined]
    settle()


def qa_scenes(shot: Shots, window: QWidget, store: Store) -> None:
    close_tabs(window)
    audits = list_audits(store, grade="needs_improvement") or list_audits(store)
    qa = window.qa  # type: ignore[attr-defined]
    qa.open_audit(audits[0].child_id, audit_id=audits[0].audit_id)
    settle()
    shot(window, "qa-audit")
    challenges = list_challenges(store, open_only=True) or list_challenges(store)
    busiest = max(challenges, key=lambda c: (c.is_open, len(c.stages)))
    qa.open_challenge(busiest.challenge_id)
    settle()
    shot(window, "qa-challenge")
    lists = window.open_qa_lists()  # type: ignore[attr-defined]
    lists.tabs.setCurrentWidget(lists.challenges)
    settle()
    shot(window, "qa-lists")


def recovery_and_lock_scenes(shot: Shots, window: QWidget, lock: object, store: Store,
                             child_id: str) -> None:
    review_id = reviews.start_review(store, child_id, TODAY)
    payload = reviews.load_review_form(store, review_id).to_json()
    payload["young_person_views"] = VIEWS
    context = reviews.review_context(store, review_id)
    drafts.save_draft(store, reviews.DRAFT_KIND, review_id, payload, child_id=child_id,
                      summary=draft_summary(context, payload))
    dialog = offer_draft_recovery(window, store)  # type: ignore[arg-type]
    assert dialog is not None
    shot(dialog, "draft-recovery")
    dialog.reject()
    window.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
    lock.lock()  # type: ignore[attr-defined]
    shot(window, "lock-screen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    args = parser.parse_args(argv)
    app = create_application()
    shot = Shots(args.out)
    print("Making the demo store…")
    store = make_store()
    try:
        shell_scenes(shot, store)
        window, lock = open_main_window(store, lambda: TODAY, offer_drafts=False)
        window.resize(*SIZE)
        settle(until=lambda: not window.is_loading())
        child_id = rich_child(store, window)
        add_open_challenge(store, child_id)
        window.refresh()
        settle(until=lambda: not window.is_loading())
        caseload_scenes(shot, window)
        record_scenes(shot, window, child_id)
        editor_scenes(shot, window, store)
        minutes_scene(shot, window, store, child_id)
        qa_scenes(shot, window, store)
        recovery_and_lock_scenes(shot, window, lock, store, child_id)
        for editor in window.reviews.editors():
            editor.autosaver.stop()
        settle()
        window.hide()
        window.deleteLater()
        settle()
    finally:
        store.close()
        shutil.rmtree(BASE, ignore_errors=True)
    print(f"{len(shot.taken)} screenshots in {args.out}")
    app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
