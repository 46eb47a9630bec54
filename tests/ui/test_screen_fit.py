"""Every page and dialog of the screenshot tour on the laptops clerks have: 1366 × 768 at 125% and
1920 × 1080 at 150%, each above a taskbar. No dialog leaves the screen or cuts a button off; the
overview's 缺少 column, the spaces list's 使用状态 and the reports' progress and result are seen
without scrolling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import paths
from tests.ui.conftest import _copy_of_demo
from ui.camera import REPORT
from ui.screens import FULL_HD, SMALL

ROOT = Path(__file__).resolve().parents[2]
SIZES = (SMALL, FULL_HD)
PAGES = ["01_overview", "02_communities", "03_spaces", "04_matrix", "05_demands", "06_projects",
         "07_operators", "08_evaluations", "09_sync", "10_reports", "19_sync_connected",
         "22_reports_result", "32_key_reminder"]
DIALOGS = ["11_space_form", "12_demand_form", "13_about", "14_import_preview",
           "15_enroll_device", "16_trust_upstream", "17_revoke_device", "18_revocation_review",
           "20_backups", "21_reports_progress", "31_programme_directory"]


@pytest.fixture(scope="module")
def tours(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tour at both laptop sizes, side by side (one process each): the folder of each."""
    root = tmp_path_factory.mktemp("fit")
    env = {**os.environ, "XDG_CONFIG_HOME": str(root / "config"),
           "XDG_DATA_HOME": str(root / "data")}
    env.pop(paths.DB_ENV, None)
    env.pop("QT_QPA_PLATFORM", None)
    running = {}
    for size in SIZES:
        where = root / size.name
        where.mkdir()
        ledger = _copy_of_demo(demo_template, where)
        running[size.name] = subprocess.Popen(
            [sys.executable, "-m", "ui", "--screenshots", str(where / "shots"), "--db",
             str(ledger), "--screen", size.name],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    folders = {}
    for name, child in running.items():
        _out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        folders[name] = root / name / "shots" / name
    return folders


def _report(folder: Path) -> dict[str, object]:
    report = json.loads((folder / REPORT).read_text(encoding="utf-8"))
    assert isinstance(report, dict)
    return report


@pytest.mark.parametrize("size", SIZES, ids=[size.name for size in SIZES])
def test_every_page_and_dialog_fits_a_laptop_screen(tours: dict[str, Path], size) -> None:
    folder = tours[size.name]
    report = _report(folder)
    width, height = size.logical
    assert report["logical"] == [width, height]
    assert report["available"] == [0, 0, width, height - size.taskbar]
    pictures = report["pictures"]
    assert isinstance(pictures, dict)
    assert set(PAGES + DIALOGS) <= set(pictures)
    problems = [f"{name}: {problem}" for name, found in pictures.items() for problem in found]
    assert not problems, "\n".join(problems)
    for name in pictures:  # the whole emulated screen, in device pixels
        image = QImage(str(folder / f"{name}.png"))
        assert (image.width(), image.height()) == (size.width, size.height), name
