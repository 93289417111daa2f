"""`grade` on what platforms deliver, end to end in the sandbox, then `export`; and the
shell glob that once turned the sandbox off (issue 18, breach 1).

Submissions hold the reference's lesson 1 module (full marks on ``sigmoid``) or the
released stub (zero), packed as Canvas and a student's hand-in pack them (conventions in
tests/test_intake.py). Only ``logistic_regression.sigmoid`` is graded, to stay short.
"""
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from course_instructor import release
from course_instructor import sandbox as sb

REPO = Path(__file__).resolve().parents[1]
AVAILABLE, REASON = sb.sandbox_available()
pytestmark = [pytest.mark.sandbox,
              pytest.mark.skipif(not AVAILABLE, reason=f"the sandbox cannot run here: {REASON}")]
LR = "course_utils/logistic_regression.py"
REFERENCE = (REPO / LR).read_bytes()
STUB = release.stub_text(REFERENCE.decode(), LR)[0].encode()


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def handin(student, language, module):
    members = [(LR, module)]
    manifest = {"format": "nn-course hand-in 1", "student": student, "edition": "test",
                "language": language, "created_utc": "2026-01-05T10:00:00Z",
                "python": "3.11.7",
                "files": {n: hashlib.sha256(d).hexdigest() for n, d in members}}
    return zip_bytes([("manifest.json", json.dumps(manifest).encode())] + members)


def grade(cwd, *args):
    return subprocess.run([sys.executable, "-m", "course_instructor", "grade", "--gradebook",
                           "out/g.csv", "--feedback", "out/fb", "--only", "*.sigmoid", "-q",
                           "--jobs", "2", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


def test_a_canvas_download_graded_and_exported(tmp_path):
    (tmp_path / "submissions.zip").write_bytes(zip_bytes([
        ("doejane_12345_678901_my-work.zip", zip_bytes([(f"nn-course/{LR}", REFERENCE)])),
        ("smithjohn_LATE_23456_789012_smithjohn-nn-course.zip",
         handin("smithjohn", "zh", REFERENCE)),
        ("leeann_34567_890123_logistic_regression.py", STUB),
        ("notes.txt", b"not a submission")]))
    done = grade(tmp_path, "--", "submissions.zip")
    assert done.returncode == 1, done.stderr                 # notes.txt could not be graded
    assert "not graded (1;" in done.stderr and "submissions.zip!notes.txt" in done.stderr
    book = list(csv.reader((tmp_path / "out" / "g.csv").open()))
    assert book == [
        ["submission", "platform", "student_id", "student", "late",
         "logistic_regression.sigmoid", "lesson_1", "total", "max"],
        ["doejane_12345", "canvas", "12345", "doejane", "", "1.00", "1.00", "1.00", "1.00"],
        ["leeann_34567", "canvas", "34567", "leeann", "", "0.00", "0.00", "0.00", "1.00"],
        ["smithjohn_23456", "canvas", "23456", "smithjohn", "yes", "1.00", "1.00", "1.00",
         "1.00"]]
    results = json.loads((tmp_path / "out" / "g.json").read_text())
    assert results["sandbox"].startswith("bwrap")
    assert {s["name"]: s["language"] for s in results["submissions"]} == {
        "doejane_12345": None, "leeann_34567": None, "smithjohn_23456": "zh"}
    assert sorted(p.name for p in (tmp_path / "out" / "fb").iterdir()) == [
        "doejane_12345.txt", "leeann_34567.txt", "smithjohn_23456.txt"]

    (tmp_path / "roster.csv").write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Lesson 1 (555)\n"
        "    Points Possible,,,,,10.00\n"
        '"Doe, Jane",12345,,jdoe,A,\n"Lee, Ann",34567,,alee,A,\n'
        '"Smith, John",23456,,jsmith,A,\n"Kim, Bo",45678,,bkim,A,\n')
    done = subprocess.run([sys.executable, "-m", "course_instructor", "export", "canvas",
                           "out/g.json", "--roster", "roster.csv", "--out", "canvas.csv",
                           "--per-lesson", "Lesson 1"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert list(csv.reader((tmp_path / "canvas.csv").open())) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson 1 (555)"],
        ["    Points Possible", "", "", "", "", "10.00"],
        ["Doe, Jane", "12345", "", "jdoe", "A", "10.00"],
        ["Lee, Ann", "34567", "", "alee", "A", "0.00"],
        ["Smith, John", "23456", "", "jsmith", "A", "10.00"],
        ["Kim, Bo", "45678", "", "bkim", "A", ""]]                 # no submission: blank
    assert "missing: Kim, Bo" in done.stdout


GLOBBED = ["--unsandboxed", "--unsand", "--timeout=0.05", "--only=x.zip"]


def test_names_that_look_like_options_are_graded_as_submissions_after_a_double_dash(tmp_path):
    """(Red team, breach 1.) The same folder as the shell saw it, given after --: the run
    keeps its sandbox and its limits, and each odd name is a submission like any other."""
    for name in ["alice"] + GLOBBED[:3]:
        (tmp_path / name / "course_utils").mkdir(parents=True)
        (tmp_path / name / LR).write_bytes(REFERENCE if name == "alice" else STUB)
    (tmp_path / GLOBBED[3]).write_bytes(zip_bytes([(LR, REFERENCE)]))
    done = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m course_instructor grade --gradebook out/g.csv '
                     "--feedback out/fb --only '*.sigmoid' -q -- *"], cwd=tmp_path,
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "WITHOUT the sandbox" not in done.stderr
    results = json.loads((tmp_path / "out" / "g.json").read_text())
    assert results["sandbox"].startswith("bwrap")
    assert {s["name"]: s["total"] for s in results["submissions"]} == {
        "alice": 1.0, "only_x": 1.0, "timeout_0.05": 0.0, "unsand": 0.0, "unsandboxed": 0.0}


def test_feedback_in_each_hand_ins_language_unless_one_is_forced(tmp_path):
    """Li handed in from the Chinese notebooks (her manifest says zh), Ann from the
    English ones: each reads the feedback in her own language, from the course's one
    table; --language forces one for everybody. The gradebook and the JSON stay English."""
    (tmp_path / "li-nn-course.zip").write_bytes(handin("li", "zh", STUB))
    (tmp_path / "ann-nn-course.zip").write_bytes(handin("ann", "en", STUB))
    done = grade(tmp_path, "--", "li-nn-course.zip", "ann-nn-course.zip")
    assert done.returncode == 0, done.stderr
    li = (tmp_path / "out" / "fb" / "li.txt").read_text()
    assert li.startswith("li 的评分反馈\n\n总分：0.00 / 1.00"), li
    assert "全部 5 个隐藏用例：还没有实现（NotImplementedError）" in li
    ann = (tmp_path / "out" / "fb" / "ann.txt").read_text()
    assert ann.startswith("Feedback for ann\n\nTotal: 0.00 / 1.00 points"), ann
    assert "not implemented yet (NotImplementedError)" in ann
    results = json.loads((tmp_path / "out" / "g.json").read_text())
    assert {s["name"]: s["language"] for s in results["submissions"]} == {"ann": "en",
                                                                          "li": "zh"}
    assert "not implemented yet" in json.dumps(results)                  # English
    done = grade(tmp_path, "--language", "en", "--", "li-nn-course.zip", "ann-nn-course.zip")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "fb" / "li.txt").read_text().startswith("Feedback for li\n")
