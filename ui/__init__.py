"""The PySide6 shell of IRO Desktop: windows, dialogs, Qt models and workers."""
