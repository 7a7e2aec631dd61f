"""Review minutes as Word documents: structure, footer, header, house style, templates.

Issuing them (the checks, the atomic write, the issue dates and audit event, the batch and
`iro minutes`) is tested in `test_issuing`.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import threading
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import get_args

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from sqlalchemy import select

from iro_desktop.documents import (
    DOCUMENT_KINDS,
    KINDS,
    NOTHING_RECORDED,
    DocumentError,
    DocumentKind,
    default_file_name,
    document_kind,
    render_bytes,
)
from iro_desktop.documents.sample_review import sample_snapshot
from iro_desktop.services.review_snapshot import read_snapshot
from iro_desktop.store import Store
from iro_desktop.store.models import (
    Attendance,
    Child,
    Decision,
    Iro,
    PeriodOfCare,
    Person,
    PlanArea,
    Review,
    ServiceProfile,
)  # fmt: skip

TODAY = date(2025, 3, 7)
CLOSING = "How to contact your IRO, get an advocate, or make a complaint"
CONTACTS = ("Morgan Vale", "morgan.vale@example.org", "01632 960123",
            "Northmoor Children's Advocacy", "0808 157 0123",
            "Children's Complaints Team", "01632 960200")
PARENTS_SAID = "Mum wants Saturday family time"
SOCIAL_WORKER_PHONE = "07700 900451"


@dataclass(frozen=True)
class Case:
    first: str
    second: str
    draft: str


def build_case(store: Store, *, carers_views: str = "") -> Case:
    """One fictional child with two finalised reviews and a draft, entered by hand."""
    with store.session() as s:
        iro = Iro(name="Morgan Vale", email="morgan.vale@example.org", phone="01632 960123",
                  is_current_user=True)
        s.add_all([iro, ServiceProfile(
            local_authority="Northmoor Borough Council", service_phone="01632 960100",
            advocacy_name="Northmoor Children's Advocacy", advocacy_phone="0808 157 0123",
            advocacy_email="advocacy@example.org", advocacy_web="https://advocacy.example.org",
            complaints_name="Children's Complaints Team", complaints_phone="01632 960200",
            complaints_email="complaints@example.org")])
        s.flush()
        child = Child(local_id="NB104233", first_name="Eleanor", last_name="Walsh",
                      preferred_name="Ellie", date_of_birth=date(2010, 7, 14), iro_id=iro.id)
        s.add(child)
        s.flush()
        period = PeriodOfCare(child_id=child.id, start_date=date(2024, 1, 8), legal_status="C2",
                              placement_type="U4", category_of_need="N1")
        s.add_all([period, Person(child_id=child.id, role="social_worker", name="Priya Shah",
                                  team="Children in Care Team 2", phone=SOCIAL_WORKER_PHONE,
                                  email="priya.shah@example.org")])
        s.flush()
        first = Review(child_id=child.id, period_id=period.id, iro_id=iro.id, number=1,
                       status="finalised", meeting_date=date(2024, 2, 5), venue="Civic Centre",
                       participation_code="PN1", finalised_at=datetime(2024, 2, 9, tzinfo=UTC),
                       young_person_views="I like my school.",
                       decisions=[Decision(position=0, text="Book a dental check.",
                                           owner="Carer", target_date=date(2024, 3, 1),
                                           status="done", status_note="Seen in March.")])
        second = Review(
            child_id=child.id, period_id=period.id, iro_id=iro.id, number=2,
            status="finalised", meeting_date=date(2025, 3, 3), venue="The carers' home",
            meeting_format="hybrid", participation_code="PN6", consultation_method="viewpoint",
            care_plan_3_days=True, pmr_3_days=False,
            finalised_at=datetime(2025, 3, 5, tzinfo=UTC),
            young_person_views="I want to stay here.\nI miss my brother.",
            parents_views=f"{PARENTS_SAID} and is sorry for missed visits.",
            carers_views=carers_views,
            social_worker_update="Visits every six weeks; Ellie seen alone.",
            next_review_date=date(2025, 9, 2), next_review_time="16:00",
            next_review_venue="The carers' home",
            attendance=[Attendance(position=0, name="Priya Shah", role="social_worker"),
                        Attendance(position=1, name="Kerry Walsh", role="parent",
                                   status="apologies"),
                        Attendance(position=2, name="Jo Marsh", role="advocate",
                                   status="written")],
            plan_areas=[PlanArea(position=0, area="education", progress="progressing",
                                 notes="Year 9; attendance 96%."),
                        PlanArea(position=1, area="health", progress="partly", notes="")],
            decisions=[Decision(position=i, text=text, owner=owner, target_date=when)
                       for i, (text, owner, when) in enumerate([
                           ("Arrange monthly family time with dates in writing.",
                            "Priya Shah, social worker", date(2025, 4, 4)),
                           ("Offer Ellie an advocate.", "Morgan Vale, IRO", None),
                       ])],
        )
        draft = Review(child_id=child.id, period_id=period.id, number=3, status="draft",
                       meeting_date=date(2025, 9, 2))
        s.add_all([first, second, draft])
        s.flush()
        return Case(first.id, second.id, draft.id)


@pytest.fixture
def case(store: Store) -> Case:
    return build_case(store)


def _doc(store: Store, review_id: str, kind: DocumentKind) -> DocxDocument:
    return docx.Document(io.BytesIO(render_bytes(read_snapshot(store, review_id), kind, TODAY)))


def _headings(document: DocxDocument, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _body_text(document: DocxDocument) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _table(document: DocxDocument, first_header: str, second: str) -> docx.table.Table:
    for table in document.tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[0] == first_header and cells[1] == second:
            return table
    raise AssertionError(f"no table headed {first_header} / {second}")


def test_full_record_sections_in_order(store: Store, case: Case) -> None:
    headings = _headings(_doc(store, case.second, "full"))
    assert headings == [
        "Review details", "Attendance and participation", "The young person's views",
        "Parents' views", "Carers' views", "Social worker's update", "The care plan",
        "Decisions from the last review", "Decisions of this review", "Next review", CLOSING,
    ]


def test_full_record_content(store: Store, case: Case) -> None:
    document = _doc(store, case.second, "full")
    assert [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert _headings(document, 2)[:2] == ["Education / PEP", "Health"]
    details = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert details["Name"] == "Eleanor Walsh (known as Ellie)"
    assert details["Date of birth"] == "14 July 2010"
    assert details["ID number"] == "NB104233"
    assert details["Legal status"] == "Full care order (C2)"
    assert "(U4)" in details["Placement type"]
    assert details["Social worker and team"] == "Priya Shah, Children in Care Team 2"
    assert details["Independent Reviewing Officer"] == "Morgan Vale"
    assert details["Date of review"] == "3 March 2025"
    assert details["Review number"] == "2"
    assert details["Format"] == "Hybrid (in person and virtual)"
    attendance = _table(document, "Name", "Role")
    assert [[c.text for c in r.cells] for r in attendance.rows[1:]] == [
        ["Priya Shah", "Social worker", "Attended"],
        ["Kerry Walsh", "Parent", "Sent apologies"],
        ["Jo Marsh", "Advocate", "Contributed in writing"],
    ]
    text = _body_text(document)
    assert "Child did not attend but conveyed their views by other means" in text
    assert "Viewpoint questionnaire" in text
    assert "I want to stay here." in text and "I miss my brother." in text
    assert "Progress: Partly progressing" in text
    assert "Next review" in text and "2 September 2025" in text and "16:00" in text


def test_decisions_table_has_a_repeating_header_row(store: Store, case: Case) -> None:
    document = _doc(store, case.second, "full")
    table = _table(document, "Decision", "Who is responsible")
    assert [c.text for c in table.rows[0].cells] == ["Decision", "Who is responsible", "By when"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    assert [c.text for c in table.rows[1].cells] == [
        "Arrange monthly family time with dates in writing.", "Priya Shah, social worker",
        "4 April 2025"]
    assert table.rows[2].cells[2].text == "Not set"
    assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None
    previous = _table(document, "Decision", "Who was responsible")
    assert previous.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in previous.rows[1].cells] == [
        "Book a dental check.", "Carer", "1 March 2024", "Done\nSeen in March."]


def test_an_empty_section_says_nothing_was_recorded(store: Store, case: Case) -> None:
    paragraphs = [p.text for p in _doc(store, case.second, "full").paragraphs]
    after_carers = paragraphs[paragraphs.index("Carers' views") + 1]
    assert after_carers == NOTHING_RECORDED
    health = paragraphs.index("Health")
    assert paragraphs[health + 2] == NOTHING_RECORDED
    first = [p.text for p in _doc(store, case.first, "full").paragraphs]
    assert first[first.index("Parents' views") + 1] == NOTHING_RECORDED
    assert "This is the first review, so there were no earlier decisions." in first


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_has_marking_header_contacts_and_page_numbers(
        store: Store, case: Case, kind: DocumentKind) -> None:
    document = _doc(store, case.second, kind)
    assert document.sections
    for section in document.sections:
        header = "\n".join(p.text for p in section.header.paragraphs)
        assert "OFFICIAL-SENSITIVE" in header
        assert "Northmoor Borough Council" in header and "Looked After Child Review" in header
        footer = "\n".join(p.text for p in section.footer.paragraphs)
        for detail in CONTACTS:
            assert detail in footer, detail
        fields = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"]
        assert "Page " in footer and " of " in footer
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4


@pytest.mark.parametrize("kind", KINDS)
def test_properties_styles_and_closing_details(store: Store, case: Case,
                                               kind: DocumentKind) -> None:
    document = _doc(store, case.second, kind)
    props = document.core_properties
    assert "Eleanor Walsh" in props.title or "Ellie" in props.title
    assert props.author == "Morgan Vale"
    assert props.subject.startswith("Looked After Child Review")
    assert props.language == "en-GB"
    assert "Heading 1" in {p.style.name for p in document.paragraphs}
    normal = document.styles["Normal"].font
    assert normal.name == "Arial"
    assert normal.size == Pt(14 if kind == "letter" else 12)
    text = _body_text(document)
    for detail in (*CONTACTS, "complaints@example.org", "advocacy@example.org"):
        assert detail in text, detail


def test_decisions_summary(store: Store, case: Case) -> None:
    document = _doc(store, case.second, "decisions")
    assert _headings(document) == ["Review details", "Decisions of this review",
                                   "Next review", CLOSING]
    assert "Heading 2" in {p.style.name for p in document.paragraphs}
    table = _table(document, "Decision", "Who is responsible")
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert PARENTS_SAID not in _body_text(document)


def test_letter_is_warm_and_leaves_out_what_the_child_should_not_get(
        store: Store, case: Case) -> None:
    document = _doc(store, case.second, "letter")
    text = _body_text(document)
    assert "Dear Ellie," in text
    assert "Arrange monthly family time with dates in writing." in text
    assert "Your next review will be on 2 September 2025 at 16:00." in text
    for hidden in (PARENTS_SAID, "Visits every six weeks", SOCIAL_WORKER_PHONE,
                   "priya.shah@example.org", "Priya Shah", "Kerry Walsh", "I miss my brother"):
        assert hidden not in text, hidden
        for section in document.sections:
            assert hidden not in "\n".join(p.text for p in section.footer.paragraphs)
    assert _headings(document) == ["What we decided", "Your next review",
                                   "If you want to talk to me", "Having an advocate",
                                   "If you are unhappy"]
    assert document.styles["Heading 1"].font.size >= Pt(16)


def test_snapshot_renders_in_a_worker_thread_after_the_store_is_closed(
        store: Store, case: Case) -> None:
    snapshot = read_snapshot(store, case.second)
    store.close()
    results: list[bytes] = []
    worker = threading.Thread(target=lambda: results.append(
        render_bytes(snapshot, "full", TODAY)))
    worker.start()
    worker.join(30)
    assert results and results[0][:2] == b"PK"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x38\x64")) + chunk(b"IEND", b""))


def test_service_template_keeps_its_styles_and_logo(store: Store, case: Case,
                                                    tmp_path: Path) -> None:
    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(_png()),
                                                                    width=Mm(30))
    template.add_paragraph("Sample text that must not appear in the minutes")
    for name in ("Title", "Heading 2", "Header", "Footer"):
        element = template.styles[name].element
        element.getparent().remove(element)
    path = tmp_path / "service.docx"
    template.save(str(path))
    with store.session() as s:
        s.scalars(select(ServiceProfile)).one().template_path = str(path)
    document = _doc(store, case.second, "full")
    assert document.styles["Normal"].font.name == "Georgia"
    assert "Sample text" not in _body_text(document)
    header = document.sections[0].header
    descriptions = [d.get("descr") for d in header._element.iter(qn("wp:docPr"))]
    assert descriptions == ["Northmoor Borough Council logo"]
    assert "OFFICIAL-SENSITIVE" in "\n".join(p.text for p in header.paragraphs)
    assert _headings(document)[2] == "The young person's views"
    assert _headings(document, 2)[0] == "Education / PEP"
    assert document.styles["Heading 2"].element.pPr.find(qn("w:outlineLvl")) is not None
    path.write_bytes(b"not a word file")
    assert _doc(store, case.second, "full").styles["Normal"].font.name == "Arial"


def test_sample_review_renders_every_kind() -> None:
    for kind in KINDS:
        document = docx.Document(io.BytesIO(render_bytes(sample_snapshot(), kind, TODAY)))
        assert "Northmoor Children's Advocacy" in _body_text(document)


def test_the_registry_has_one_entry_per_kind_with_its_own_suffix() -> None:
    assert KINDS == tuple(get_args(DocumentKind)) == ("full", "decisions", "letter")
    assert len({kind.suffix for kind in DOCUMENT_KINDS}) == len(DOCUMENT_KINDS)
    assert [kind.title for kind in DOCUMENT_KINDS] == [
        "Full record", "Decisions summary", "Letter to the young person"]
    snapshot = sample_snapshot()
    assert default_file_name(snapshot, "letter").endswith("-letter.docx")
    assert document_kind("decisions").name == "decisions summary"
    with pytest.raises(DocumentError, match="use one of full, decisions, letter"):
        document_kind("memo")


def test_the_documents_facade_loads_no_python_docx() -> None:
    code = ("import sys, iro_desktop.documents, iro_desktop.services.issuing; "
            "print('docx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "False"
