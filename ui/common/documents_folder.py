"""Where documents are saved when the IRO has not chosen a folder: their Documents folder.

On a council laptop Documents is where IROs look for their files (and is often redirected
to a network share by IT); the home folder is not. platformdirs knows each system's
Documents folder (Windows' Known Folder, macOS, XDG on Linux); a missing one falls back
to the home folder.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs


def documents_folder() -> Path:
    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()
