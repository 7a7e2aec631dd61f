"""The review form as JSON: what autosave writes and what "unsaved changes" compares."""

from __future__ import annotations

import json

from iro_desktop.domain.review_form import ReviewForm
from ui.common.autosave import Snapshot


def form_json(form: ReviewForm) -> Snapshot:
    """The form as JSON-ready data and text: all the GUI thread does for an autosave."""
    payload = form.to_json()
    return Snapshot(payload, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
