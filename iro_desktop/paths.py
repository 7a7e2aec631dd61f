"""Where IRO Desktop finds its shipped resources and keeps the user's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "IRO Desktop"
APP_AUTHOR = "IRO Desktop"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, or inside a frozen build."""
    override = os.environ.get("IRO_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """The per-user data folder; `IRO_DATA_DIR` overrides it (tests, portable installs)."""
    override = os.environ.get("IRO_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_store_path() -> Path:
    return user_data_dir() / "caseload.irostore"


def demo_store_path() -> Path:
    return user_data_dir() / "demo-caseload.irostore"


def log_dir() -> Path:
    override = os.environ.get("IRO_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
