"""The worst failure: the editor process dies mid-review. The words must survive.

The editor runs in a subprocess and types through real key events; once autosave has had
time to run, the process is killed with SIGKILL (no clean-up of any kind), and a fresh
process and a freshly opened store find the text and offer it back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.review_form import ReviewForm
from iro_desktop.services import drafts, reviews
from iro_desktop.services.children import add_child
from iro_desktop.store import MINIMUM_KDF, Store
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("I like living with Sam and Jo. I want to keep seeing my brother on Saturdays, "
        "and I don't want to move school before my exams. Can my cat come to contact?")


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IRO_TEST_")}
    env.update(QT_QPA_PLATFORM="offscreen", IRO_PASSPHRASE=PASSPHRASE,
               IRO_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), **extra)
    return env


def _editor(store_path: Path, review_id: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.review.review_editor_main", "--store", str(store_path),
         "--review", review_id],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _draft_text(store: Store, review_id: str) -> str | None:
    payload = drafts.load_draft(store, reviews.DRAFT_KIND, review_id)
    return None if payload is None else str(payload.get("young_person_views", ""))


def test_text_survives_sigkill_and_is_recovered_in_a_new_process(tmp_path: Path) -> None:
    store_path = tmp_path / "crash.irostore"
    with Store.create(store_path, PASSPHRASE, kdf=MINIMUM_KDF) as store:
        child_id = add_child(store, ChildDetails(
            local_id="LA200002", first_name="Kai", last_name="Brennan-Lowe",
            date_of_birth=date(2011, 9, 14), looked_after_from=date(2025, 12, 18),
            legal_status="C2", placement_type="U4", category_of_need="N1",
            social_worker="Priya Sandhu"), date(2026, 11, 26))
        review_id = reviews.start_review(store, child_id, date(2026, 11, 26))

    process = _editor(store_path, review_id,
                      _environment(tmp_path / "data", IRO_TEST_TYPE_TEXT=TEXT))
    try:
        with Store.open(store_path, PASSPHRASE) as watcher:  # a second reader, as WAL allows
            deadline = time.monotonic() + 60
            while _draft_text(watcher, review_id) != TEXT:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the typed text never reached the draft"
                time.sleep(0.2)
        time.sleep(0.5)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL
        assert process.stdout is not None and "typed" in process.stdout.read()
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    with Store.open(store_path, PASSPHRASE) as reopened:
        payload = drafts.load_draft(reopened, reviews.DRAFT_KIND, review_id)
        assert payload is not None
        assert ReviewForm.from_json(payload).young_person_views == TEXT
        offered = drafts.list_drafts(reopened)
        assert [(d.kind, d.entity_id, d.child_name) for d in offered] == [
            (reviews.DRAFT_KIND, review_id, "Kai Brennan-Lowe")]
        assert reviews.load_review_form(reopened, review_id).young_person_views == ""

    again = _editor(store_path, review_id, _environment(tmp_path / "data", IRO_TEST_RECOVER="1"))
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    assert report == {"offered": True, "young_person_views": TEXT}
