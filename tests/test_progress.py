"""The progress report: every exercise as passed, failing or not started, from the public
checks (so 'passed' means the grader's full marks too)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils import progress, registry

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]


def test_the_reference_passes_everything():
    states = progress.status()
    assert [s.exercise.id for s in states] == [e.id for e in registry.exercises()]
    assert {s.state for s in states} == {"passed"}
    text = progress.report("logistic_regression")
    assert text.splitlines()[0] == ("Lesson 1 (course_utils/logistic_regression.py): "
                                    "6 of 6 exercises pass")
    assert "   3 propagate" in text and text.count("passed") == 6


def _edition_with(tmp_path, module_text=None):
    """A copy of the package with lesson 1 replaced by ``module_text`` (else stubbed)."""
    from course_utils.markers import stub_text
    root = tmp_path / "edition"
    shutil.copytree(REPO / "course_utils", root / "course_utils",
                    ignore=shutil.ignore_patterns("__pycache__", "grading"))
    path = root / "course_utils" / "logistic_regression.py"
    src = path.read_text(encoding="utf-8")
    path.write_text(module_text(src) if module_text else stub_text(src, "lr")[0],
                    encoding="utf-8")
    return root


def _cli(root, *args):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "OPENBLAS_NUM_THREADS": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}        # root may be the checkout: write nothing there
    return subprocess.run([sys.executable, "-m", "course_utils", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_student_edition_is_not_started_and_has_no_instructor_commands(tmp_path):
    root = _edition_with(tmp_path)
    r = _cli(root, "progress", "--lesson", "1")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].endswith("0 of 6 exercises pass")
    assert all(line.endswith("not started") for line in lines[1:]), r.stdout
    help_text = _cli(root, "--help").stdout
    assert "progress" in help_text and "release" not in help_text and "grade" not in help_text


def test_a_mistake_shows_the_first_line_of_its_message(tmp_path):
    root = _edition_with(tmp_path, lambda src: src.replace('"dw": X @ dZ.T / m,',
                                                           '"dw": X @ dZ.T,'))
    r = _cli(root, "progress", "--lesson", "1")
    rows = dict(line.split(None, 2)[1:] for line in r.stdout.splitlines()[1:])
    assert rows["propagate"].startswith("failing  propagate, case 'hand-worked, w = 0': "
                                        "grads[\"dw\"] differs"), r.stdout
    assert rows["optimize"].startswith("failing") and rows["sigmoid"] == "passed"


def test_a_module_that_does_not_import_is_failing_with_the_reason(tmp_path):
    root = _edition_with(tmp_path, lambda src: src + "\ndef broken(:\n")
    r = _cli(root, "progress", "--lesson", "1")
    assert "failing  course_utils/logistic_regression.py does not import: SyntaxError" in \
        r.stdout, r.stdout


@pytest.mark.parametrize("lesson", ["0", "4"])
def test_an_unknown_lesson_is_refused(lesson, tmp_path):
    r = _cli(REPO, "progress", "--lesson", lesson)
    assert r.returncode == 2 and "--lesson must be one of [1, 2, 3]" in r.stderr
