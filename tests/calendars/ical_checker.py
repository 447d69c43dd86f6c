"""Runs ../shared/tools/ical-check (or $OVERBLIK_ICAL_CHECK) on bytes; skips the test when absent.

With OVERBLIK_REQUIRE_ALL=1 (CI) a missing checker fails the test instead (tests.requirements_gate).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.requirements_gate import require

ROOT = Path(__file__).resolve().parents[2]


def checker_path() -> Path | None:
    candidates = [os.environ.get("OVERBLIK_ICAL_CHECK", "")]
    candidates += [
        str(ROOT.parent / "shared/tools/ical-check"),
        str(ROOT.parent.parent / "shared/tools/ical-check"),
    ]
    for cand in filter(None, candidates):
        path = Path(cand)
        path = path / "check_ics" if path.is_dir() else path
        if path.is_file():
            return path
    return None


def run_checker(
    data: bytes, start: str = "2025-01-01", end: str = "2026-01-01", expect: int | None = None
) -> dict[str, Any]:
    """The checker's JSON report for `data` with --require-all --strict; asserts nothing itself."""
    path = checker_path()
    require("ical-check", path is not None, "set OVERBLIK_ICAL_CHECK or keep ../shared/tools/ical-check")
    assert path is not None
    with tempfile.NamedTemporaryFile(suffix=".ics", delete=False) as fh:
        fh.write(data)
    try:
        cmd = [str(path), fh.name, "--json", "--require-all", "--strict", "--from", start, "--to", end]
        if expect is not None:
            cmd += ["--expect-instances", str(expect)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    finally:
        os.unlink(fh.name)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"ical-check gave no JSON (exit {proc.returncode}): {proc.stderr[-2000:]}")
    report["exit_code"] = proc.returncode
    return report


def summary(report: dict[str, Any]) -> str:
    """A short text for assertion messages."""
    return json.dumps({k: v for k, v in report.items() if k != "instances"}, indent=1, default=str)[:4000]
