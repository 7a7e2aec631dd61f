"""Colours follow the palette, and status colours stay readable (4.5:1) in every palette."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPalette

from iro_desktop.domain.timetable import DueStatus
from ui.caseload.caseload_model import STATUS_TONES
from ui.common.palettes import PALETTES, make_palette
from ui.common.style_sheet import render, style_sheet
from ui.common.tones import SETS, contrast_ratio, readable_highlight, tone

ROOT = Path(__file__).resolve().parents[2]
Role = QPalette.ColorRole
AA = 4.5
#: Tones painted as a tinted panel whose text keeps the palette's own colour.
PANEL_TONES = ("info", "warning", "challenge", "error", "ok")
#: Young person mode keeps its own bright look (ui/common/palettes.py "light", set on it).
OWN_COLOURS = {"ui/common/palettes.py", "ui/common/tones.py",
               "ui/consultation/consultation_screens.py",
               "ui/consultation/consultation_pictures.py"}
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def ratios() -> list[tuple[str, str, float]]:
    found = []
    for name, tones in SETS.items():
        palette = PALETTES[name]
        for tone_name, shade in tones.items():
            found.append((name, f"{tone_name} text on its tint",
                          contrast_ratio(shade.foreground, shade.background)))
            for ground in (Role.Window, Role.Base):
                found.append((name, f"{tone_name} text on {ground.name}",
                              contrast_ratio(shade.foreground, palette[ground])))
        for tone_name in PANEL_TONES:
            found.append((name, f"window text on the {tone_name} panel",
                          contrast_ratio(palette[Role.WindowText], tones[tone_name].background)))
        for text, ground in ((Role.WindowText, Role.Window), (Role.Text, Role.Base),
                             (Role.ButtonText, Role.Button),
                             (Role.HighlightedText, Role.Highlight),
                             (Role.PlaceholderText, Role.Base), (Role.Link, Role.Base)):
            found.append((name, f"{text.name} on {ground.name}",
                          contrast_ratio(palette[text], palette[ground])))
    return found


def test_every_status_colour_is_readable_in_light_dark_and_contrast_palettes() -> None:
    low = [(name, what, round(ratio, 2)) for name, what, ratio in ratios() if ratio < AA]
    assert not low


def test_the_caseload_status_contrast_in_each_palette() -> None:
    """The figures quoted in the README: the lowest ratio of the caseload's status chips."""
    for name in SETS:
        lowest = min(contrast_ratio(SETS[name][t].foreground, SETS[name][t].background)
                     for t in STATUS_TONES.values())
        assert lowest >= AA, name


def test_the_style_sheet_follows_the_palette(qapp: Any) -> None:
    light, dark = style_sheet(make_palette("light")), style_sheet(make_palette("dark"))
    left = re.compile(r"@[a-z_]+\.(background|foreground|border)@")
    assert not left.search(light) and not left.search(dark)
    assert tone("error", make_palette("light")).background in light
    assert tone("error", make_palette("dark")).background in dark
    template = (ROOT / "resources" / "style" / "app.qss").read_text(encoding="utf-8")
    assert not HEX.findall(template), "the style sheet takes colours from the palette"
    assert render("@overdue.foreground@", make_palette("contrast")) == "#ff8c8c"


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_tone_follows_the_application_palette(qapp: Any, name: str) -> None:
    previous = qapp.palette()
    try:
        qapp.setPalette(make_palette(name))
        chosen = tone(STATUS_TONES[DueStatus.OVERDUE])
        assert chosen == SETS[name]["overdue"]
        assert tone("error").background in qapp.styleSheet() or not qapp.styleSheet()
    finally:
        qapp.setPalette(previous)


def test_the_default_button_reads_even_on_qt_s_own_palette(qapp: Any) -> None:
    """Qt's default Fusion highlight with white text is 3.6:1: the sheet darkens it."""
    for palette in (QPalette(), qapp.style().standardPalette(),
                    *(make_palette(name) for name in PALETTES)):
        shade = readable_highlight(palette)
        assert contrast_ratio(shade.foreground, shade.background) >= AA


def test_no_hard_coded_colours_in_the_windows() -> None:
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in OWN_COLOURS:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{relative}: {hit}" for hit in HEX.findall(text)]
    assert not offenders


@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_check_boxes_are_outlined_where_fusion_draws_them_dark_on_dark(
    qtbot: Any, name: str
) -> None:
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    from ui.common.outlined_style import OutlinedStyle

    box = QCheckBox("Held")
    qtbot.addWidget(box)
    box.setStyle(OutlinedStyle("Fusion"))
    box.setPalette(make_palette(name))
    box.resize(120, 30)
    image = box.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    edge = [image.pixelColor(indicator.left() + 1, y).lightness()
            for y in range(indicator.top(), indicator.bottom())]
    assert max(edge) > 120, edge
