"""Status colours that stay readable in light, dark and high-contrast palettes.

Overdue, due soon and on track in the caseload, alerts, and the tones of inline messages
(error, warning, information, done) keep a colour of their own, because IROs scan for
them; everything else takes the palette's roles. Each tone has a set for a light palette,
one for a dark palette and one for contrast themes (plain black with bright text, as
Windows' own contrast themes do), and every foreground meets WCAG's 4.5:1 on its
background (tests/ui/test_palettes.py computes it).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from ui.common.palettes import is_dark, is_high_contrast


@dataclass(frozen=True)
class Tone:
    background: str
    foreground: str
    border: str

    def qcolor(self, part: str) -> QColor:
        return QColor(getattr(self, part))


def _tone(background: str, foreground: str, border: str | None = None) -> Tone:
    return Tone(background, foreground, border or foreground)


LIGHT_TONES = {
    "error": _tone("#fdecea", "#8a1116", "#b3261e"),
    "warning": _tone("#fff3c4", "#4d3400", "#b58900"),
    "info": _tone("#e8f1f5", "#17343f", "#005a70"),
    "ok": _tone("#e7f4ea", "#14532d", "#1e7b34"),
    "neutral": _tone("#eceef0", "#2f353b", "#a9aeb3"),
    "overdue": _tone("#f8d7da", "#6b0f17"),
    "due_soon": _tone("#fff0c2", "#5c4400"),
    "on_track": _tone("#d8efdc", "#14461f"),
    "ended": _tone("#e6e6e6", "#333333"),
    "flag": _tone("#e8defa", "#3b1f6b"),
    "challenge": _tone("#fde2c8", "#5a2d00"),
    "accent": _tone("#ffffff", "#004354", "#c3c8cc"),
}
DARK_TONES = {
    "error": _tone("#3d1416", "#ffb4ab", "#f2665c"),
    "warning": _tone("#3a2e05", "#ffe08a", "#d4a72c"),
    "info": _tone("#0f2a33", "#a8def0", "#5cc8de"),
    "ok": _tone("#10301c", "#9fe0b0", "#4cbb6c"),
    "neutral": _tone("#2b2f33", "#dde1e5", "#6b7178"),
    "overdue": _tone("#4a1419", "#ffc9cd"),
    "due_soon": _tone("#3f3206", "#ffe7a0"),
    "on_track": _tone("#123720", "#b7ecc5"),
    "ended": _tone("#2e3134", "#d0d4d8"),
    "flag": _tone("#2e2247", "#ddd0fb"),
    "challenge": _tone("#3f2610", "#ffd2a8"),
    "accent": _tone("#141618", "#7fd3e6", "#5f656b"),
}
CONTRAST_TONES = {
    "error": _tone("#000000", "#ff8c8c"),
    "warning": _tone("#000000", "#ffff00"),
    "info": _tone("#000000", "#00ffff"),
    "ok": _tone("#000000", "#7fff7f"),
    "neutral": _tone("#000000", "#ffffff"),
    "overdue": _tone("#000000", "#ff8c8c"),
    "due_soon": _tone("#000000", "#ffff00"),
    "on_track": _tone("#000000", "#7fff7f"),
    "ended": _tone("#000000", "#ffffff"),
    "flag": _tone("#000000", "#e0b0ff"),
    "challenge": _tone("#000000", "#ffc080"),
    "accent": _tone("#000000", "#00ffff", "#ffffff"),
}
SETS = {"light": LIGHT_TONES, "dark": DARK_TONES, "contrast": CONTRAST_TONES}


def tone_set(palette: QPalette | None = None) -> dict[str, Tone]:
    if is_high_contrast(palette):
        return CONTRAST_TONES
    return DARK_TONES if is_dark(palette) else LIGHT_TONES


def tone(name: str, palette: QPalette | None = None) -> Tone:
    """The named tone for the palette in use (the application's, unless one is given)."""
    return tone_set(palette)[name]


def relative_luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(colour)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio, 1 to 21."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_style(name: str = "error") -> str:
    """A widget style sheet for bold text in the tone's colour (a field's problem, say)."""
    return f"color: {tone(name).foreground}; font-weight: 600;"


def panel_style(selector: str, name: str = "info", *, left_rule: bool = False) -> str:
    """A tinted panel whose text keeps the palette's colour (readable on every tint)."""
    t = tone(name)
    border = (f"border-left: 5px solid {t.border};" if left_rule
              else f"border: 1px solid {t.border};")
    return f"{selector} {{ background: {t.background}; {border} border-radius: 4px; }}"


def readable_highlight(palette: QPalette | None = None) -> Tone:
    """The palette's highlight, darkened (lightened on dark palettes) until its highlighted
    text reads at 4.5:1: Qt's default Fusion blue with white text is only 3.6:1."""
    from PySide6.QtGui import QGuiApplication

    palette = palette or QGuiApplication.palette()
    background = palette.color(QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorRole.HighlightedText).name()
    lighter_text = relative_luminance(text) > 0.5
    for _ in range(12):
        if contrast_ratio(text, background.name()) >= 4.5:
            break
        background = background.darker(115) if lighter_text else background.lighter(115)
    return Tone(background.name(), text, background.name())
