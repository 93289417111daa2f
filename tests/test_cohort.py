"""What to reteach (course_instructor/cohort.py): a cohort's results per exercise.

The cohort is a results JSON written here by hand, so every count below is known:

    exercise       s1      s2                    s3                         s4
    lr.propagate   full    transpose, passed     transpose, transpose       not-done x2
    lr.optimize    full    full                  time-out, time-out         not-done x2

and s5 could not be graded at all (it counts in no share). By hand: propagate has 1 of
4 with full marks (25%), ``hint.transpose`` in 2 submissions (s3's two cases count once)
and ``not-done`` in 1; optimize 2 of 4 (50%), ``feedback.why.timeout`` 1 and
``not-done`` 1 (a tie, in name order).
"""
import csv
import io
import json
import struct

import pytest

from course_instructor import cohort, scoring
from course_instructor.__main__ import main
from course_utils.checks.policy import ErrorInfo, Mismatch
from course_utils.messages import Phrase

pytestmark = pytest.mark.unit


def case(k, diagnosis):
    return {"case": k, "passed": diagnosis is None, "message": "", "diagnosis": diagnosis}


def entry(points, score, *diagnoses):
    return {"points": points, "score": score, "status": "ok",
            "cases": [case(k, d) for k, d in enumerate(diagnoses, 1)]}


COHORT = {
    "exercises": [{"id": "lr.propagate", "points": 3, "cases": 2},
                  {"id": "lr.optimize", "points": 2, "cases": 2}],
    "submissions": [
        {"name": "s1", "error": None, "exercises": {
            "lr.propagate": entry(3, 3, None, None), "lr.optimize": entry(2, 2, None, None)}},
        {"name": "s2", "error": None, "exercises": {
            "lr.propagate": entry(3, 1.5, "hint.transpose", None),
            "lr.optimize": entry(2, 2, None, None)}},
        {"name": "s3", "error": None, "exercises": {
            "lr.propagate": entry(3, 0, "hint.transpose", "hint.transpose"),
            "lr.optimize": entry(2, 0, "feedback.why.timeout", "feedback.why.timeout")}},
        {"name": "s4", "error": None, "exercises": {
            "lr.propagate": entry(3, 0, "not-done", "not-done"),
            "lr.optimize": entry(2, 0, "not-done", "not-done")}},
        {"name": "s5", "error": "submission s5 was not graded: it is not a zip file.",
         "exercises": {
             "lr.propagate": entry(3, 0, "feedback.submission_not_graded", None),
             "lr.optimize": entry(2, 0, "feedback.submission_not_graded", None)}}]}


@pytest.fixture
def results(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps(COHORT))
    return path


def test_counts_per_exercise(results):
    rows, not_graded = cohort.summarise(cohort.load(results))
    assert not_graded == ["s5"]
    assert [(r["exercise"], r["graded"], r["full"], r["share"], r["mistakes"]) for r in rows] == [
        ("lr.propagate", 4, 1, 0.25, [("hint.transpose", 2), ("not-done", 1)]),
        ("lr.optimize", 4, 2, 0.5, [("feedback.why.timeout", 1), ("not-done", 1)])]


def test_the_three_files(results, tmp_path):
    assert main(["report", str(results), "--out", str(tmp_path / "r")]) == 0
    md = (tmp_path / "r" / "cohort.md").read_text()
    assert md.splitlines()[2:4] == [
        "| `lr.propagate` | 4 | 1 (25%) | `hint.transpose` (2), `not-done` (1) |",
        "| `lr.optimize` | 4 | 2 (50%) | `feedback.why.timeout` (1), `not-done` (1) |"]
    assert md.rstrip().endswith("Not graded (1): s5")
    assert list(csv.reader(io.StringIO((tmp_path / "r" / "cohort.csv").read_text()))) == [
        ["exercise", "graded", "full_marks", "share_full_marks", "diagnosis", "submissions"],
        ["lr.propagate", "4", "1", "0.2500", "hint.transpose", "2"],
        ["lr.propagate", "4", "1", "0.2500", "not-done", "1"],
        ["lr.optimize", "4", "2", "0.5000", "feedback.why.timeout", "1"],
        ["lr.optimize", "4", "2", "0.5000", "not-done", "1"]]
    png = (tmp_path / "r" / "cohort.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1300, 400)   # 13 x 4 inches at 100 dpi
    assert main(["report", str(results), "--out", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "cohort.png").read_bytes() == png     # deterministic


def test_a_file_that_is_no_results_is_refused(tmp_path, capsys):
    (tmp_path / "x.json").write_text('{"rows": []}')
    assert main(["report", str(tmp_path / "x.json"), "--out", str(tmp_path / "r")]) == 2
    assert "is not the results JSON of a grading run" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_a_lost_case_is_diagnosed_by_its_hint_first():
    transposed = Mismatch("shape", "A", (1, 3), (3, 1), hint=("hint.transpose", {}))
    assert scoring.diagnosis(transposed) == "hint.transpose"
    assert scoring.diagnosis(Mismatch("shape", "A", (1, 3), (2, 2))) == "mismatch.shape"
    stub = Mismatch("raised", error=ErrorInfo("NotImplementedError"))
    assert scoring.diagnosis(stub) == "not-done"
    ended = Phrase("feedback.no_result", {"why": Phrase("feedback.why.timeout",
                                                        {"timeout": 10})})
    assert scoring.diagnosis(ended) == "feedback.why.timeout"
    imported = Phrase("feedback.import_failed", {"module": "lr", "reason": Mismatch(
        "raised", error=ErrorInfo("SyntaxError"), hint=("hint.error_syntax", {}))})
    assert scoring.diagnosis(imported) == "hint.error_syntax"
    assert scoring.diagnosis(scoring.UNREADABLE) == "feedback.unreadable"
    assert scoring.diagnosis(None) is None
