"""Light, dark and high-contrast palettes, and whether the palette in use is dark.

The application follows the system's palette (Windows and macOS dark mode, Windows' contrast
themes reach Qt as a palette). These are the same three made by hand, for the screenshots
and the tests, and for a Linux desktop whose platform theme gives Qt no dark palette.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

LIGHT = {
    Role.Window: "#f6f7f8", Role.WindowText: "#1b1f23", Role.Base: "#ffffff",
    Role.AlternateBase: "#f0f3f5", Role.Text: "#1b1f23", Role.Button: "#ffffff",
    Role.ButtonText: "#1b1f23", Role.Highlight: "#005a70", Role.HighlightedText: "#ffffff",
    Role.Link: "#005a70", Role.LinkVisited: "#5b2a86", Role.ToolTipBase: "#ffffe1",
    Role.ToolTipText: "#1b1f23", Role.PlaceholderText: "#5c6269", Role.BrightText: "#ffffff",
    Role.Light: "#ffffff", Role.Midlight: "#e3e6e8", Role.Mid: "#a9aeb3",
    Role.Dark: "#6b7178", Role.Shadow: "#3b4147",
}
DARK = {
    Role.Window: "#1e2124", Role.WindowText: "#e8eaed", Role.Base: "#141618",
    Role.AlternateBase: "#23272b", Role.Text: "#e8eaed", Role.Button: "#2b2f33",
    Role.ButtonText: "#e8eaed", Role.Highlight: "#5cc8de", Role.HighlightedText: "#0b1a1e",
    Role.Link: "#7fd3e6", Role.LinkVisited: "#c9a7ef", Role.ToolTipBase: "#2b2f33",
    Role.ToolTipText: "#e8eaed", Role.PlaceholderText: "#a3a9b0", Role.BrightText: "#ffffff",
    Role.Light: "#4a4f55", Role.Midlight: "#3a3f44", Role.Mid: "#5f656b",
    Role.Dark: "#8d949b", Role.Shadow: "#000000",
}
#: After Windows' "Night sky" / "High Contrast Black": black, white, yellow and cyan.
CONTRAST = {
    Role.Window: "#000000", Role.WindowText: "#ffffff", Role.Base: "#000000",
    Role.AlternateBase: "#101010", Role.Text: "#ffffff", Role.Button: "#000000",
    Role.ButtonText: "#ffffff", Role.Highlight: "#ffff00", Role.HighlightedText: "#000000",
    Role.Link: "#00ffff", Role.LinkVisited: "#ff80ff", Role.ToolTipBase: "#000000",
    Role.ToolTipText: "#ffffff", Role.PlaceholderText: "#c0c0c0", Role.BrightText: "#ffffff",
    Role.Light: "#ffffff", Role.Midlight: "#c0c0c0", Role.Mid: "#ffffff",
    Role.Dark: "#ffffff", Role.Shadow: "#ffffff",
}
PALETTES = {"light": LIGHT, "dark": DARK, "contrast": CONTRAST}
#: Disabled text: dimmer, still 4.5:1 on the window in each palette.
DISABLED_TEXT = {"light": "#5c6269", "dark": "#a3a9b0", "contrast": "#c0c0c0"}


def make_palette(name: str) -> QPalette:
    palette = QPalette()
    for role, colour in PALETTES[name].items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(DISABLED_TEXT[name]))
    return palette


def apply_palette(app: QGuiApplication, name: str) -> None:
    """Use one of the three palettes, as the system would (the style sheet follows)."""
    app.setPalette(make_palette(name))


def is_dark(palette: QPalette | None = None) -> bool:
    """True when text is lighter than its background: dark mode and black contrast themes."""
    palette = palette or QGuiApplication.palette()
    return palette.color(Role.Window).lightness() < palette.color(Role.WindowText).lightness()


def is_high_contrast(palette: QPalette | None = None) -> bool:
    """Pure black on white or white on black: a contrast theme, where tints are left out."""
    palette = palette or QGuiApplication.palette()
    window = palette.color(Role.Window).name()
    text = palette.color(Role.WindowText).name()
    return {window, text} == {"#000000", "#ffffff"}
