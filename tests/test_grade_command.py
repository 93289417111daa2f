"""`python -m course_instructor grade` where bubblewrap cannot run: a refusal that says what to
install and which flag accepts the risk; with --unsandboxed, grading as before.

Runs everywhere (no sandbox needed): "cannot run" is made by a PATH without bwrap.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sandbox

REPO = Path(__file__).resolve().parents[1]


def run_grade(tmp_path, *extra):
    sub = tmp_path / "main"
    if not sub.exists():
        shutil.copytree(REPO / "course_utils", sub / "course_utils",
                        ignore=shutil.ignore_patterns("grading", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PATH"] = str(tmp_path / "empty-bin")              # no bwrap on it
    (tmp_path / "empty-bin").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "course_instructor", "grade", str(sub),
                           "--gradebook", str(tmp_path / "out" / "g.csv"), "--feedback",
                           str(tmp_path / "out" / "fb"), "--only", "*.sigmoid", "-q", *extra],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)


def test_without_bubblewrap_grade_refuses_and_says_how_to_fix_it(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "g.csv").write_text("the previous gradebook\n")
    r = run_grade(tmp_path)
    assert r.returncode == 2, r.stderr
    assert "grading needs its sandbox, which cannot run here" in r.stderr
    assert "bubblewrap (bwrap) is not installed" in r.stderr
    assert "apt-get install bubblewrap" in r.stderr and "--unsandboxed" in r.stderr
    assert "trusted code only" in r.stderr
    assert (tmp_path / "out" / "g.csv").read_text() == "the previous gradebook\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["g.csv"]


def test_unsandboxed_grades_trusted_code_and_says_so(tmp_path):
    r = run_grade(tmp_path, "--unsandboxed")
    assert r.returncode == 0, r.stderr
    assert "graded WITHOUT the sandbox (--unsandboxed)" in r.stderr
    rows = (tmp_path / "out" / "g.csv").read_text().splitlines()
    assert rows == ["submission,platform,student_id,student,late,logistic_regression.sigmoid,"
                    "lesson_1,total,max", "main,folder,,,,1.00,1.00,1.00,1.00"]
    assert '"sandbox": "unsandboxed; ' in (tmp_path / "out" / "g.json").read_text()


def test_help_names_the_risk():
    r = subprocess.run([sys.executable, "-m", "course_instructor", "grade", "--help"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert "--unsandboxed" in r.stdout and "trusted code only" in r.stdout
    assert "--fresh" in r.stdout
