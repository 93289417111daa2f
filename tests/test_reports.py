"""Step 6 of grading (course_instructor/reports.py): gradebook, JSON, feedback, progress.

The results are built here by hand (no child runs), with hostile text where a submission
could have put some, and the files are checked as an instructor and a student read them.
"""
import csv
import io
import json
import os
import signal
import threading
from types import SimpleNamespace

import pytest

from course_instructor import reports
from course_instructor.archive import Submission
from course_instructor.scoring import CaseResult, ExerciseResult
from course_utils.checks.policy import ErrorInfo, Mismatch
from course_utils.messages import Phrase

pytestmark = pytest.mark.unit

ESCAPES = "\x1b[31m\x1b]0;pwned\x07\r\u202e\u200b\u2066"   # colour, title, CR, bidi, ZW
CONTROLS = "\x1b\x07\r\u202e\u200b\u2066"


def exercise(module, function, points, calls=()):
    ex = SimpleNamespace(module=module, function=function, calls=calls,
                         id=f"{module}.{function}")
    return SimpleNamespace(exercise=ex, id=ex.id, points=points, expected=[0, 0])


EXERCISES = [exercise("lr", "propagate", 3), exercise("lr", "optimize", 3, ("propagate",))]
# A reason carrying text from outside the table (the archive's words, in a field).
HOSTILE = Phrase("feedback.module_not_graded", {"why": "bad" + ESCAPES})


def results(propagate=(True, True), optimize=(True, True), reason=HOSTILE):
    out = {}
    for ex, passed in zip(EXERCISES, (propagate, optimize)):
        cases = [CaseResult(p, None if p else reason) for p in passed]
        out[ex.id] = ExerciseResult(ex.id, ex.points, ex.points * sum(passed) / 2, cases,
                                    "ok", "killed by signal SIGSEGV" if not all(passed) else "",
                                    {"stderr": "Traceback " + ESCAPES} if not all(passed)
                                    else {})
    return out


def test_clean_drops_control_and_format_characters():
    assert reports.clean(f"a{ESCAPES}b\nc\té") == "a[31m]0;pwnedb\ncé"
    assert reports.clean("one\ntwo", newlines=False) == "one two"
    assert reports.clean("plain text, (3, 4).\n") == "plain text, (3, 4).\n"


def test_gradebook_rows_with_a_hostile_name():
    graded = [(Submission("alice", "a"), results()),
              (Submission(f"bob{ESCAPES}\n=cmd", "b"), results(propagate=(True, False))),
              (Submission("=HYPERLINK(1)", "c"), results()),     # a spreadsheet formula
              (Submission("Jane_Doe_1234567", "d", platform="moodle", student_id="1234567",
                          student_name=f"@SUM(1){ESCAPES}", late=True), results())]
    text = reports.gradebook_csv(EXERCISES, graded)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["submission", "platform", "student_id", "student", "late",
                     "lr.propagate", "lr.optimize", "total", "max"],
                    ["alice", "", "", "", "", "3.00", "3.00", "6.00", "6.00"],
                    ["bob[31m]0;pwned =cmd", "", "", "", "", "1.50", "3.00", "4.50", "6.00"],
                    ["'=HYPERLINK(1)", "", "", "", "", "3.00", "3.00", "6.00", "6.00"],
                    ["Jane_Doe_1234567", "moodle", "1234567", "'@SUM(1)[31m]0;pwned",
                     "yes", "3.00", "3.00", "6.00", "6.00"]]
    assert not any(ch in text for ch in CONTROLS)


def test_gradebook_and_json_give_a_subtotal_per_lesson():
    """Lessons 1 and 3 graded (2 + 1 exercises), lesson 2 not: two subtotal columns.
    By hand: lesson 1 = 1.5 + 3 = 4.5 of 6; lesson 3 = 0 of 4; total 4.5 of 10."""
    exercises = [exercise("logistic_regression", "propagate", 3),
                 exercise("logistic_regression", "optimize", 3),
                 exercise("deep_network", "L_model_forward", 4)]
    passed = {"logistic_regression.propagate": (True, False),
              "logistic_regression.optimize": (True, True),
              "deep_network.L_model_forward": (False, False)}
    res = {ex.id: ExerciseResult(ex.id, ex.points, ex.points * sum(passed[ex.id]) / 2,
                                 [CaseResult(p, None if p else HOSTILE)
                                  for p in passed[ex.id]], "ok")
           for ex in exercises}
    graded = [(Submission("ann", "a", platform="canvas", student_id="12345",
                          student_name="annlee"), res)]
    rows = list(csv.reader(io.StringIO(reports.gradebook_csv(exercises, graded))))
    assert rows[0][-4:] == ["lesson_1", "lesson_3", "total", "max"]
    assert rows[1][:5] == ["ann", "canvas", "12345", "annlee", ""]
    assert rows[1][-4:] == ["4.50", "0.00", "4.50", "10.00"]
    data = json.loads(reports.results_json(exercises, graded,
                                           unrecognised=[("d.zip!x.txt", "not named")]))
    assert data["lessons"] == [
        {"lesson": 1, "module": "logistic_regression", "points": 6},
        {"lesson": 3, "module": "deep_network", "points": 4}]
    entry = data["submissions"][0]
    assert entry["lessons"] == {"1": 4.5, "3": 0.0} and entry["total"] == 4.5
    assert (entry["platform"], entry["student_id"], entry["student"]) == \
        ("canvas", "12345", "annlee")
    assert data["unrecognised"] == [{"where": "d.zip!x.txt", "why": "not named"}]


def test_feedback_lists_lost_cases_and_the_building_block_to_fix_first():
    sub = Submission("bob", "b")
    graded = results(propagate=(True, False), optimize=(False, False))
    text = reports.feedback_text(sub, EXERCISES, graded)
    assert text.splitlines()[:4] == ["Feedback for bob", "", "Total: 1.50 / 6.00 points", ""]
    assert "lr.propagate: 1.50 / 3.00 points, 1 of 2 hidden cases passed\n" \
           "    hidden case 2 of 2: not graded: bad[31m]0;pwned.\n" in text
    assert "lr.optimize: 0.00 / 3.00 points, 0 of 2 hidden cases passed\n" \
           "    all 2 hidden cases: not graded: bad[31m]0;pwned.\n" \
           "    Note: propagate, which optimize usually calls, lost points too: fix " \
           "propagate first.\n" in text
    assert text.endswith("Hidden cases are other inputs than the notebook's checks; their "
                         "inputs and expected values are not shown. Run the notebook's check "
                         "cells first.\n")
    zh = reports.feedback_text(sub, EXERCISES, graded, language="zh")
    assert zh.splitlines()[:3] == ["bob 的评分反馈", "", "总分：1.50 / 6.00 分"]
    assert "lr.propagate：1.50 / 3.00 分，2 个隐藏用例中通过了 1 个\n" \
           "    隐藏用例 2（共 2 个）：未评分：bad[31m]0;pwned。\n" in zh
    assert "    全部 2 个隐藏用例：未评分：bad[31m]0;pwned。\n" \
           "    注意：optimize 通常会调用的 propagate 也丢了分：请先修好 propagate。\n" in zh
    assert not any(ch in t for t in (text, zh) for ch in CONTROLS)


def test_a_stub_gets_no_note_about_the_functions_it_calls():
    stub = Mismatch("raised", error=ErrorInfo("NotImplementedError", line=12, function="f"))
    graded = results(propagate=(True, False), optimize=(False, False), reason=stub)
    text = reports.feedback_text(Submission("bob", "b"), EXERCISES, graded)
    assert "    all 2 hidden cases: not implemented yet (NotImplementedError) at line 12 " \
           "(in f).\n" in text
    assert "Note:" not in text


def test_feedback_of_an_unreadable_submission():
    sub = Submission("carol", "c.zip", error="it is not a zip file")
    r = results(propagate=(False, False), optimize=(False, False), reason=HOSTILE)
    text = reports.feedback_text(sub, EXERCISES, r)
    assert "Total: 0.00 / 6.00 points\n\nsubmission carol was not graded: it is not a zip " \
           "file.\n" in text
    assert "hidden case 1" not in text and "all 2 hidden cases:" not in text   # said once


def test_json_keeps_the_childs_text_apart_and_escaped():
    graded = [(Submission("bob", "subs/bob", problems={"x": "course_utils/x.py is missing"}),
               results(propagate=(False, True)))]
    text = reports.results_json(EXERCISES, graded, "bwrap; test")
    assert text.isascii()
    data = json.loads(text)
    assert data["note"] == reports.UNTRUSTED_NOTE and data["sandbox"] == "bwrap; test"
    sub = data["submissions"][0]
    assert sub["problems"] == {"x": "course_utils/x.py is missing"} and sub["total"] == 4.5
    prop = sub["exercises"]["lr.propagate"]
    assert prop["untrusted"] == {"stderr": "Traceback " + ESCAPES}      # kept, escaped
    assert prop["diagnostics"] == "killed by signal SIGSEGV"
    assert [c["passed"] for c in prop["cases"]] == [False, True]
    assert [c["message"] for c in prop["cases"]] == [f"not graded: bad{ESCAPES}.", "passed"]
    assert "untrusted" not in sub["exercises"]["lr.optimize"]


def test_write_all_holds_signals_until_every_file_is_written(tmp_path, monkeypatch):
    """A SIGINT while the files are written is delivered only after the last one."""
    assert threading.current_thread() is threading.main_thread()
    written = []
    real = reports.atomic_write

    def slow_write(path, text, **kwargs):
        if not written:
            os.kill(os.getpid(), signal.SIGINT)       # arrives during the first write
        real(path, text, **kwargs)
        written.append(path.name)
    monkeypatch.setattr(reports, "atomic_write", slow_write)
    graded = [(Submission("alice", "a"), results()), (Submission("bob", "b"), results())]
    with pytest.raises(KeyboardInterrupt):
        reports.write_all(tmp_path / "g.csv", tmp_path / "g.json", tmp_path / "fb", EXERCISES,
                          graded)
    assert written == ["alice.txt", "bob.txt", "g.json", "g.csv"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_progress_bar_on_a_terminal_plain_lines_otherwise():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty, plain = Tty(), io.StringIO()
    for stream in (tty, plain):
        bar = reports.Progress(2, stream=stream)
        bar.finished("alice", 3.5, 12)
        bar.finished("bob\x1b[2J", 12, 12)
    assert "\r[###############...............] 1/2 submissions" in tty.getvalue()
    assert tty.getvalue().endswith("\n") and "graded" not in tty.getvalue()
    assert plain.getvalue() == "graded 1/2: alice 3.50/12.00\ngraded 2/2: bob[2J 12.00/12.00\n"
    quiet = io.StringIO()
    reports.Progress(1, stream=quiet, enabled=False).finished("alice", 1, 1)
    assert quiet.getvalue() == ""
