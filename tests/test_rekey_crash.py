"""A passphrase change killed at random points leaves a store that exactly one passphrase
opens, with every record (tests/rekey_crash.py explains how; bench/crash_rekey.py runs
hundreds). Set IRO_REKEY_CRASH_RUNS for more runs than the suite's share."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from .rekey_crash import run_campaign

RUNS = int(os.environ.get("IRO_REKEY_CRASH_RUNS", "20"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32",
                    reason="kills with SIGKILL, which Windows does not have; the protocol is "
                           "the same there (os.replace is atomic on NTFS)")
def test_passphrase_change_survives_a_kill_at_any_point(tmp_path: Path) -> None:
    campaign = run_campaign(RUNS, seed=20261126, workdir=tmp_path)
    assert campaign.runs == RUNS
    assert campaign.change_events > 20, "the kill points must cover the whole change"
    print(campaign.summary())
