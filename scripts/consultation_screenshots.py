"""Draw the screenshots of young person mode in docs/screenshots/ (fictional child, temp store).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/consultation_screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.consultation_forms import Answer
from iro_desktop.services.children import add_child
from iro_desktop.services.consultations import start_consultation
from iro_desktop.services.profile import IroDetails, set_iro_details
from iro_desktop.services.unlock_policy import UnlockThrottle
from iro_desktop.store import MINIMUM_KDF, Store
from ui.consultation.young_person_mode import YoungPersonMode

TODAY = date(2026, 11, 26)
SHOTS = (
    # file, first name, date of birth, screen (0 welcome), answers shown
    ("consultation-4-6.png", "Maisie", date(2021, 3, 14), 1, {"feel_safe": Answer(("always",))}),
    ("consultation-10-15.png", "Jayden", date(2013, 8, 2), 8, {
        "feel_safe": Answer(("usually",)), "happy_at_home": Answer(("always",)),
        "see_family": Answer(("want_more",)), "see_friends": Answer(("about_right",)),
        "know_iro": Answer(("yes",)), "know_social_worker": Answer(("yes",)),
        "know_how_to_complain": Answer(("not_sure",))}),
)


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    os.environ.setdefault("IRO_DATA_DIR", str(folder))
    store = Store.create(folder / "shots.irostore", "screenshot passphrase 1", kdf=MINIMUM_KDF)
    set_iro_details(store, IroDetails(name="Sam"))
    out.mkdir(parents=True, exist_ok=True)
    for number, (name, first, born, screen, answers) in enumerate(SHOTS):
        child_id = add_child(store, ChildDetails(
            local_id=f"SHOT{number}", first_name=first, last_name="Example", date_of_birth=born,
            looked_after_from=date(2026, 1, 5), legal_status="C2", placement_type="U4",
            category_of_need="N1"), TODAY)
        view = start_consultation(store, child_id, TODAY)
        mode = YoungPersonMode(store, view, today=lambda: TODAY,
                               throttle=UnlockThrottle(folder / "throttle.json"))
        for question in mode.questions:
            question.set_answer(answers.get(question.question.id))
        mode.resize(1280, 800)
        mode.show()
        mode.show_screen(screen)
        app.processEvents()
        mode.grab().save(str(out / name))
        mode.autosaver.stop()
        mode._may_close = True  # noqa: SLF001 - a picture, not a session with a child
        mode.close()
        print(out / name)
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
