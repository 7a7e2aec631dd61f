"""A store in a synced or network folder is recognised, so the IRO can be warned."""

from __future__ import annotations

from pathlib import Path

import pytest

from iro_desktop.paths import default_store_path
from iro_desktop.synced_folders import is_network_path, location_risk, sync_service

SYNCED = {
    "C:\\Users\\jo\\OneDrive - Northmoor Council\\Documents\\caseload.irostore": "OneDrive",
    "C:/Users/jo/OneDrive/caseload.irostore": "OneDrive",
    "/home/jo/Dropbox/IRO/caseload.irostore": "Dropbox",
    "/Users/jo/Library/Mobile Documents/com~apple~CloudDocs/caseload.irostore": "iCloud Drive",
    "C:\\Users\\jo\\iCloudDrive\\caseload.irostore": "iCloud Drive",
    "G:\\My Drive\\caseload.irostore": "Google Drive",
    "/Users/jo/Library/CloudStorage/Box-Box/caseload.irostore": "a cloud storage provider",
}


@pytest.mark.parametrize(("path", "service"), sorted(SYNCED.items()))
def test_sync_clients_folders_are_recognised(path: str, service: str) -> None:
    assert sync_service(Path(path)) == service
    risk = location_risk(Path(path))
    assert risk is not None and service in risk


def test_a_folder_redirected_into_onedrive_is_recognised_by_windows_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corporate = tmp_path / "Northmoor Council"
    monkeypatch.setenv("OneDriveCommercial", str(corporate))
    assert sync_service(corporate / "Documents" / "caseload.irostore") == "OneDrive"
    assert sync_service(tmp_path / "elsewhere" / "caseload.irostore") is None


def test_network_shares_and_mapped_drives_are_recognised() -> None:
    assert is_network_path(Path("\\\\fileserver\\iro\\caseload.irostore"))
    assert is_network_path(Path("//fileserver/iro/caseload.irostore"))
    risk = location_risk(Path("\\\\fileserver\\iro\\caseload.irostore"))
    assert risk is not None and "network folder" in risk
    remote, fixed = (lambda _root: 4), (lambda _root: 3)
    assert is_network_path(Path("H:\\caseload.irostore"), drive_type=remote)
    assert not is_network_path(Path("C:\\caseload.irostore"), drive_type=fixed)


def test_the_default_place_is_not_flagged() -> None:
    assert location_risk(default_store_path()) is None
    assert location_risk(Path("/home/jo/Documents/Onedrive notes/x.irostore")) is None
