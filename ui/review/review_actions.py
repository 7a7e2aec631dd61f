"""What the review editor's buttons do: save a draft, finalise, amend, discard a draft.

A save, a finalise or an amendment is one unit of work in the core, which validates the
form once and writes it; it runs on a worker while typing carries on, and any problems come
back by their fields. Only "Finalise…" checks first on the GUI thread, to decide whether to
ask for confirmation. Autosave is held while the review itself is saved, so the two never race.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from iro_desktop.domain.review_form import ReviewForm
from iro_desktop.domain.review_rules import validate_review
from iro_desktop.domain.validation import FieldError, ValidationError
from iro_desktop.services import drafts, reviews
from iro_desktop.store import ConcurrentEditError, Store
from ui.common.workers import run_task
from ui.review.review_form_json import form_json
from ui.review.review_header import when_text

if TYPE_CHECKING:
    from ui.common.autosave import Autosaver
    from ui.common.widgets_common import InlineMessage
    from ui.review.minutes_panel import MinutesPanel
    from ui.review.review_header import AmendBar, ConfirmFinaliseBar, RecoveryBar

log = logging.getLogger(__name__)


class ReviewActions(QWidget):
    """The editor's behaviour; `ReviewEditor` builds the parts declared here. GUI thread only."""

    saved = Signal()
    finalised = Signal()
    edited = Signal()  # the IRO changed something (not a load): the tab shows a "*"

    store: Store
    review_id: str
    today: Callable[[], date]
    context: reviews.ReviewContext
    version: int
    amending: bool
    busy: bool
    locking: bool
    baseline: str
    saved_form: ReviewForm
    autosaver: Autosaver
    message: InlineMessage
    recovery: RecoveryBar
    confirm: ConfirmFinaliseBar
    amend_bar: AmendBar
    minutes: MinutesPanel
    _recovery_payload: dict[str, Any] | None = None
    _after_idle: Callable[[], None] | None = None

    def form(self) -> ReviewForm:
        raise NotImplementedError

    def set_form(self, form: ReviewForm) -> None:
        raise NotImplementedError

    def load_saved(self, form: ReviewForm) -> None:
        raise NotImplementedError

    def adopt_row_ids(self, saved: ReviewForm) -> None:
        """Give the rows on screen the ids the store gave them, leaving the text as typed."""
        raise NotImplementedError

    def apply_mode(self) -> None:
        raise NotImplementedError

    def show_errors(self, errors: list[FieldError], verb: str) -> None:
        raise NotImplementedError

    def clear_errors(self) -> None:
        raise NotImplementedError

    def save_draft(self) -> None:
        """Save the review with its gaps (Ctrl+S). During an amendment, saves the amendment."""
        if self.busy or self._recovery_payload is not None:
            return
        if self.context.is_final:
            if self.amending:
                self.save_amendment()
            else:
                self.message.show_info("This review is final. Choose Amend… to change it.")
            return
        self._submit(reviews.save_review, "saved", self.saved.emit)

    def ask_to_finalise(self) -> None:
        """Check everything a final record needs; if all is there, ask inline to confirm."""
        if self.busy or self.context.is_final:
            return
        errors = validate_review(self.form(), self.context.facts, self.today(), finalising=True)
        if errors:
            self.confirm.hide()
            self.show_errors(errors, "Not finalised")
            return
        self.clear_errors()
        self.confirm.show()
        self.confirm.confirm.setFocus()

    def finalise(self) -> None:
        self.confirm.hide()
        if self.busy or self.context.is_final:
            return
        self._submit(reviews.finalise_review, "finalised", self.finalised.emit)

    def _submit(self, write: Callable[..., reviews.SavedReview], what: str,
                signal: Callable[[], None]) -> None:
        """The form as typed goes to the core, which validates it once, in the same unit of
        work as the write; its problems come back by field."""
        form, today, version = self.form(), self.today(), self.version
        self._store_action(
            lambda: write(self.store, self.review_id, form, today, expected_version=version),
            what, signal)

    def open_minutes(self) -> None:
        """Ctrl+G: the generate-minutes panel, for a final record as saved."""
        if not self.context.is_final:
            self.message.show_info("Minutes are generated from the final record: finalise the "
                                   "review first (Finalise…).")
            return
        if self.amending:
            self.message.show_info("Save or cancel the amendment first: the minutes are made "
                                   "from the record as saved.")
            return
        self.minutes.start()

    def start_amendment(self) -> None:
        if not self.context.is_final or self.amending:
            return
        self.amending = True
        self.amend_bar.reason.clear()
        self.amend_bar.message.show_messages([])
        self.apply_mode()
        self.amend_bar.reason.setFocus()

    def save_amendment(self) -> None:
        if self.busy or not self.amending:
            return
        form, today, version = self.form(), self.today(), self.version
        reason = self.amend_bar.reason.text().strip()
        self._store_action(
            lambda: reviews.amend_review(self.store, self.review_id, form, reason, today,
                                         expected_version=version),
            "amended", self.saved.emit)

    def cancel_amendment(self) -> None:
        """Put back the final record as saved; the draft of the changes is discarded."""
        if self.busy:
            return
        self.amending = False
        self.clear_errors()
        self.load_saved(self.saved_form)
        self._in_background(lambda: drafts.discard_draft(self.store, reviews.DRAFT_KIND,
                                                         self.review_id), lambda _r: None)

    def discard_recovered_draft(self) -> None:
        self._recovery_payload = None
        self.recovery.hide()
        self.autosaver.mark_written(self.baseline)
        self.apply_mode()
        self._in_background(lambda: drafts.discard_draft(self.store, reviews.DRAFT_KIND,
                                                         self.review_id), lambda _r: None)

    # -- draft found on opening ------------------------------------------------------------

    def _offer_recovery(self) -> None:
        payload = drafts.load_draft(self.store, reviews.DRAFT_KIND, self.review_id)
        if payload is None:
            return
        if payload == json.loads(self.baseline):
            self.autosaver.mark_written(self.baseline)
            return
        info = next((d for d in drafts.list_drafts(self.store)
                     if d.kind == reviews.DRAFT_KIND and d.entity_id == self.review_id), None)
        when = when_text(info.updated_at, self.today()) if info else "an earlier session"
        self._recovery_payload = payload
        self.autosaver.mark_written(json.dumps(payload, ensure_ascii=False,
                                               separators=(",", ":")))
        self.recovery.offer(when, ReviewForm.from_json(payload).text_length())
        self.apply_mode()

    def recovery_offered(self) -> bool:
        return self._recovery_payload is not None

    def recover_draft(self) -> None:
        """Load the autosaved draft into the widgets; it stays unsaved until Save."""
        payload = self._recovery_payload
        if payload is None:
            return
        self._recovery_payload = None
        self.recovery.hide()
        if self.context.is_final:
            self.amending = True
        self.set_form(ReviewForm.from_json(payload))
        self.apply_mode()
        self.message.show_info("The unsaved text was recovered. Save the review to keep it.")

    def explain_failure(self, error: BaseException, what: str) -> None:
        if isinstance(error, ValidationError):
            self.show_errors(error.errors,
                             "Amendment not saved" if what == "amended" else f"Not {what}")
        elif isinstance(error, ConcurrentEditError):
            self.message.show_error(str(error))
        else:
            log.error("Saving a review failed: %s", type(error).__name__, exc_info=error)
            self.message.show_error(
                f"The review could not be {what}: the store could not be written. Nothing you "
                "typed is lost: it stays here and in the autosaved draft. Try again.")

    # -- running a store write -------------------------------------------------------------

    def _store_action(self, write: Callable[[], reviews.SavedReview], what: str,
                      signal: Callable[[], None]) -> None:
        """Hold autosave, wait for a draft write in flight, then write on a worker: one
        unit of work that also reads back what was saved."""
        self.busy = True
        self.locking = what != "saved"
        self.apply_mode()
        self.message.show_info("Saving the review…")
        self.autosaver.pause()

        def start() -> None:
            self._in_background(write, lambda result: self._stored(result, what, signal),
                                lambda error: self._store_failed(error, what))

        if self.autosaver.busy:
            self._after_idle = start
        else:
            start()

    def _stored(self, result: reviews.SavedReview, what: str,
                signal: Callable[[], None]) -> None:
        self.version, self.context = result.version, result.context
        self.busy = self.locking = self.amending = False
        self.adopt_row_ids(result.form)
        self.saved_form = result.form
        self.baseline = self._json(self.form())
        self.autosaver.mark_written(self.baseline)
        self.clear_errors()
        self.apply_mode()
        self.autosaver.resume()
        self.message.show_ok(f"Review {what} at {datetime.now():%H:%M}.")
        signal()

    def _store_failed(self, error: BaseException, what: str) -> None:
        self.busy = self.locking = False
        self.message.clear_message()
        self.apply_mode()
        self.explain_failure(error, what)
        self.autosaver.resume()

    def _in_background(self, work: Callable[[], Any],
                       done: Callable[[Any], None],
                       failed: Callable[[BaseException], None] | None = None) -> None:
        run_task(lambda _progress: work(), on_done=done,
                 on_error=failed or (lambda error: self.explain_failure(error, "saved")),
                 parent=self)

    @staticmethod
    def _json(form: ReviewForm) -> str:
        return form_json(form).text
