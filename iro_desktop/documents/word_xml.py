"""The few pieces of WordprocessingML that python-docx has no API for.

Word is strict about the order of child elements (LibreOffice is not), so every helper
inserts its element at the place the schema says, before the first element that must
follow it.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

_TR_PR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore",
                "w:wAfter", "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing",
                "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_TC_PR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders",
                "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                "w:hideMark")
_TBL_PR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual",
                 "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                 "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                 "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_P_PR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
               "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd",
               "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
               "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def put_child(parent: BaseOxmlElement, tag: str, order: Sequence[str]) -> BaseOxmlElement:
    """The existing `tag` child of `parent`, or a new one inserted where the schema wants it."""
    existing = parent.find(qn(tag))
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    element = OxmlElement(tag)
    later = {qn(name) for name in order[order.index(tag) + 1:]}
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


# -- tables ------------------------------------------------------------------------------


def mark_header_row(row: _Row) -> None:
    """Repeat the row at the top of every page the table runs onto; screen readers use it too."""
    tr_pr = row._tr.get_or_add_trPr()
    put_child(tr_pr, "w:tblHeader", _TR_PR_ORDER).set(qn("w:val"), "true")


def keep_row_together(row: _Row) -> None:
    put_child(row._tr.get_or_add_trPr(), "w:cantSplit", _TR_PR_ORDER).set(qn("w:val"), "true")


def shade_cell(cell: _Cell, fill: str) -> None:
    """A solid background, e.g. "D9E2F3", for header cells and labels."""
    shd = put_child(cell._tc.get_or_add_tcPr(), "w:shd", _TC_PR_ORDER)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def set_cell_width(cell: _Cell, twips: int) -> None:
    tc_w = put_child(cell._tc.get_or_add_tcPr(), "w:tcW", _TC_PR_ORDER)
    tc_w.set(qn("w:w"), str(twips))
    tc_w.set(qn("w:type"), "dxa")


def set_column_widths(table: Table, twips: Sequence[int]) -> None:
    """Fix the grid (LibreOffice reads it) and each cell's width (Word reads those)."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    put_child(tbl_pr, "w:tblLayout", _TBL_PR_ORDER).set(qn("w:type"), "fixed")
    tbl_w = put_child(tbl_pr, "w:tblW", _TBL_PR_ORDER)
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=False):
        grid_col.set(qn("w:w"), str(width))
    for tr in tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, twips, strict=False):
            tc_w = put_child(tc.get_or_add_tcPr(), "w:tcW", _TC_PR_ORDER)
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")


def set_table_description(table: Table, title: str, description: str = "") -> None:
    """The table's alt text: a title and summary that assistive technology reads first."""
    tbl_pr = table._tbl.tblPr
    put_child(tbl_pr, "w:tblCaption", _TBL_PR_ORDER).set(qn("w:val"), title)
    if description:
        put_child(tbl_pr, "w:tblDescription", _TBL_PR_ORDER).set(qn("w:val"), description)


# -- paragraphs and fields ---------------------------------------------------------------


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (e.g. PAGE, NUMPAGES) that Word and LibreOffice compute on display."""
    p = paragraph._p

    def run() -> BaseOxmlElement:
        r = OxmlElement("w:r")
        p.append(r)
        return r

    run().append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run().append(instr)
    run().append(_fld_char("separate"))
    text = OxmlElement("w:t")
    text.text = placeholder
    run().append(text)
    run().append(_fld_char("end"))


def _fld_char(kind: str) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def set_outline_level(p_pr: BaseOxmlElement, level: int) -> None:
    """Make a paragraph style a heading for the navigation pane and screen readers."""
    put_child(p_pr, "w:outlineLvl", _P_PR_ORDER).set(qn("w:val"), str(level))


def add_border(p_pr: BaseOxmlElement, side: str, colour: str, size_eighths: int = 8) -> None:
    """A rule above ("top") or below ("bottom") a paragraph."""
    borders = put_child(p_pr, "w:pBdr", _P_PR_ORDER)
    edge = put_child(borders, f"w:{side}", ("w:top", "w:left", "w:bottom", "w:right",
                                            "w:between", "w:bar"))
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), "4")
    edge.set(qn("w:color"), colour)


# -- fonts, language and images ----------------------------------------------------------


def set_run_fonts(r_pr: BaseOxmlElement, name: str) -> None:
    """Use `name` for every script; theme fonts would otherwise win over the named font."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(1 if len(r_pr) and r_pr[0].tag == qn("w:rStyle") else 0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_default_language(document: DocxDocument, language: str = "en-GB") -> None:
    """British English for the spelling checker and for screen readers' pronunciation."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def set_default_spacing(document: DocxDocument, after_twips: int, line_240ths: int) -> None:
    """Paragraph spacing in the document defaults, where a table style can still override it."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    p_pr_default = defaults.find(qn("w:pPrDefault"))
    if p_pr_default is None:
        p_pr_default = OxmlElement("w:pPrDefault")
        defaults.append(p_pr_default)
    p_pr = p_pr_default.find(qn("w:pPr"))
    if p_pr is None:
        p_pr = OxmlElement("w:pPr")
        p_pr_default.append(p_pr)
    spacing = put_child(p_pr, "w:spacing", _P_PR_ORDER)
    spacing.set(qn("w:after"), str(after_twips))
    spacing.set(qn("w:line"), str(line_240ths))
    spacing.set(qn("w:lineRule"), "auto")


def describe_images(part_element: BaseOxmlElement, description: str) -> int:
    """Give every picture without alt text (`wp:docPr descr`) a description; returns how many."""
    described = 0
    for doc_pr in part_element.iter(qn("wp:docPr")):
        if not (doc_pr.get("descr") or "").strip():
            doc_pr.set("descr", description)
            described += 1
    return described
