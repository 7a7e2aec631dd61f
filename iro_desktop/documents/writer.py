"""Writing the body of a review document: headings, text, labelled lines and tables.

One small vocabulary shared by the record, the decisions summary and the letter, so
they look alike and every table gets the same accessibility treatment (a repeating,
shaded header row; a caption; rows that do not split across pages).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.table import Table
from docx.text.paragraph import Paragraph

from .review_snapshot import NOTHING_RECORDED
from .styles import HEADER_SHADE, LABEL_SHADE, normal_has_spacing, table_style_id
from .word_xml import (
    keep_row_together,
    mark_header_row,
    set_column_widths,
    set_table_description,
    shade_cell,
)


class DocxWriter:
    """Appends content to a document that `page_setup.start_document` prepared."""

    def __init__(self, document: DocxDocument, width_twips: int) -> None:
        self.document = document
        self.width = width_twips
        self._style_ids = _style_ids(document, ("Title", "Heading 1", "Heading 2",
                                                "List Bullet"))
        self._table_style = table_style_id(document)
        self._tighten_cells = normal_has_spacing(document)

    def styled(self, text: str, style: str) -> Paragraph:
        """A paragraph in a named style (python-docx's own lookup scans every style each time)."""
        paragraph = self.document.add_paragraph(text)
        paragraph._p.style = self._style_ids[style]
        return paragraph

    def title(self, text: str) -> Paragraph:
        return self.styled(text, "Title")

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.styled(text, f"Heading {level}")

    def paragraph(self, text: str = "") -> Paragraph:
        return self.document.add_paragraph(text)

    def text(self, text: str, *, empty: str = NOTHING_RECORDED) -> None:
        """Free text as typed, one paragraph per line; an empty section says so."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            self.paragraph(empty).runs[0].italic = True
            return
        for line in lines:
            self.paragraph(line)

    def labelled(self, label: str, value: str) -> Paragraph:
        """A "Label: value" line with the label in bold."""
        paragraph = self.document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        return paragraph

    def block(self, intro: str, lines: Sequence[tuple[str, str]]) -> None:
        """A paragraph and labelled lines set close together, never split across pages."""
        paragraphs = [self.paragraph(intro)] if intro else []
        paragraphs += [self.labelled(label, value) for label, value in lines]
        for paragraph in paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True
        for paragraph in paragraphs[1:-1] if intro else paragraphs[:-1]:
            paragraph.paragraph_format.space_after = 0

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            if "List Bullet" in self._style_ids:
                self.styled(item, "List Bullet")
            else:
                self.document.add_paragraph(f"•\u00a0{item}")

    def details_table(self, rows: Sequence[tuple[str, str]], caption: str) -> Table:
        """Two columns, label and value; the label column shaded and bold."""
        table: Table = self.document.add_table(rows=len(rows), cols=2)
        for row, (label, value) in zip(table.rows, rows, strict=True):
            label_cell, value_cell = row.cells
            label_cell.text = label
            label_cell.paragraphs[0].runs[0].bold = True
            shade_cell(label_cell, LABEL_SHADE)
            value_cell.text = value
            keep_row_together(row)
        self._finish(table, (0.36, 0.64), caption, "")
        return table

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
             shares: Sequence[float], caption: str, description: str = "") -> Table:
        """A table with a header row that repeats on every page it runs onto."""
        table: Table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        header, *body = table.rows
        for cell, text in zip(header.cells, headers, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            shade_cell(cell, HEADER_SHADE)
        mark_header_row(header)
        keep_row_together(header)
        for row, values in zip(body, rows, strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                _cell_text(cell.paragraphs[0], text)
            keep_row_together(row)
        self._finish(table, shares, caption, description)
        return table

    def _finish(self, table: Table, shares: Sequence[float], caption: str,
                description: str) -> None:
        table._tbl.tblPr.style = self._table_style
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        widths = [int(self.width * share) for share in shares]
        widths[-1] = self.width - sum(widths[:-1])
        set_column_widths(table, widths)
        set_table_description(table, caption, description)
        if self._tighten_cells:
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.space_after = 0
        self.document.add_paragraph().paragraph_format.space_after = 0


def _cell_text(paragraph: Paragraph, text: str) -> None:
    """Text in a cell, keeping the typed line breaks as breaks within the cell."""
    lines = [line for line in text.splitlines() if line.strip()] or [""]
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)


def _style_ids(document: DocxDocument, names: Sequence[str]) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = document.styles[name].style_id
        except KeyError:
            continue
    return found
