"""Grades back to the platforms (course_instructor/export.py).

The platforms' files are written here as the platforms' documentation describes them:

* Canvas's gradebook export: ``Student, ID, SIS User ID, SIS Login ID, Section``, then one
  column per assignment named ``Title (assignment id)`` and read-only score columns; the
  second row is ``    Points Possible``. Canvas's import needs a name or ID or SIS User ID,
  the SIS Login ID and the Section, and creates an assignment for a column it does not know.
* Moodle's grading worksheet: ``Identifier`` ("Participant 1234567"), ``Full name``,
  ``Email address``, ``Status``, ``Grade``, ``Maximum Grade``, ``Grade can be changed``,
  ``Last modified (submission)``, ``Last modified (grade)``, ``Feedback comments``; its
  importer needs Identifier, Grade and Last modified (grade). Its feedback-zip importer
  splits each path part at ``_`` and takes the second piece as the participant id and
  the next two as the plugin (``assignfeedback``, ``file``).

The results are written by hand; every expected grade is worked out in a comment.
"""
import csv
import io
import json
import subprocess
import sys
import zipfile

import pytest

from course_instructor import export
from course_instructor.export import ExportError

pytestmark = pytest.mark.unit

CANVAS = """\
Student,ID,SIS User ID,SIS Login ID,Section,Lesson 1 (123456),Lesson 2 (123457),\
Lesson 3 (123458),nn-course (123460),Current Score,Final Score
    Points Possible,,,,,10.00,20.00,30.00,100.00,(read only),(read only)
"Doe, Jane",12345,2001,jdoe,NN 101 A,,,,,80.5,80.5
"Smith, John",23456,2002,jsmith,NN 101 A,,,,,,
"Lee, Ann",34567,2003,alee,NN 101 B,,,,,,
"Student, Test",99999,,teststudent,NN 101 A,,,,,,
"""

MOODLE = """\
Identifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,\
Last modified (submission),Last modified (grade),Feedback comments
Participant 1234567,Jane Doe,jane@example.edu,Submitted for grading,,100.00,Yes,\
"Monday, 5 January 2026, 10:00 AM",-,
Participant 2345678,John Smith,john@example.edu,No submission,,100.00,Yes,-,-,
Participant 3456789,Ann_Lee,alee@example.edu,Submitted for grading,,100.00,Yes,\
"Monday, 5 January 2026, 11:00 AM","Tuesday, 6 January 2026, 9:00 AM",
"""


def sub(name, platform, sid, total, lessons, error=None):
    return {"name": name, "platform": platform, "student_id": sid, "student": "",
            "total": total, "lessons": {str(k): v for k, v in lessons.items()},
            "error": error}


def results(*subs):
    """Lesson maxima 6, 8 and 16 points (30 in all)."""
    return {"max": 30, "lessons": [{"lesson": 1, "module": "logistic_regression", "points": 6},
                                   {"lesson": 2, "module": "shallow_network", "points": 8},
                                   {"lesson": 3, "module": "deep_network", "points": 16}],
            "submissions": list(subs)}


JANE = sub("doejane_12345", "canvas", "12345", 15, {1: 6, 2: 4, 3: 5})
JOHN = sub("smithjohn_23456", "canvas", "23456", 0, {1: 0, 2: 0, 3: 0},
           error="submission smithjohn_23456 was not graded: it is not a zip file.")
ANN = sub("alee", "handin", "alee", 30, {1: 6, 2: 8, 3: 16})      # keyed by her login
GHOST = sub("ghost_77777", "canvas", "77777", 3, {1: 3, 2: 0, 3: 0})


def rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def roster(tmp_path):
    (tmp_path / "canvas.csv").write_text(CANVAS, encoding="utf-8")
    return tmp_path / "canvas.csv"


def test_canvas_one_column_per_lesson(tmp_path, roster):
    report = export.export_canvas(results(JANE, JOHN, ANN, GHOST), roster, tmp_path / "o.csv",
                                  ["Lesson 1 (123456)", "Lesson 2 (123457)", "Lesson 3"],
                                  per_lesson=True)
    # Jane: 6/6 x 10 = 10.00; 4/8 x 20 = 10.00; 5/16 x 30 = 9.375 -> 9.38.  John: 0.
    # Ann (matched on her SIS Login ID): 10, 20, 30.  Test Student: no submission, blank.
    assert rows(tmp_path / "o.csv") == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson 1 (123456)",
         "Lesson 2 (123457)", "Lesson 3 (123458)"],
        ["    Points Possible", "", "", "", "", "10.00", "20.00", "30.00"],
        ["Doe, Jane", "12345", "2001", "jdoe", "NN 101 A", "10.00", "10.00", "9.38"],
        ["Smith, John", "23456", "2002", "jsmith", "NN 101 A", "0.00", "0.00", "0.00"],
        ["Lee, Ann", "34567", "2003", "alee", "NN 101 B", "10.00", "20.00", "30.00"],
        ["Student, Test", "99999", "", "teststudent", "NN 101 A", "", "", ""]]
    assert report.missing == ["Student, Test"] and report.unmatched == ["ghost_77777"]
    assert not report.complete and report.rows == 4


def test_canvas_total_raw_points_and_zero_for_the_missing(tmp_path, roster):
    export.export_canvas(results(JANE), roster, tmp_path / "o.csv", ["nn-course"])
    assert [r[-1] for r in rows(tmp_path / "o.csv")] == [
        "nn-course (123460)", "100.00", "50.00", "", "", ""]          # 15/30 x 100 = 50
    export.export_canvas(results(JANE), roster, tmp_path / "o.csv", ["nn-course (123460)"],
                         raw_points=True, missing="zero")
    assert [r[-1] for r in rows(tmp_path / "o.csv")] == [
        "nn-course (123460)", "100.00", "15.00", "0.00", "0.00", "0.00"]


def test_canvas_refuses_a_column_that_would_create_an_assignment(tmp_path, roster):
    with pytest.raises(ExportError, match="Canvas would create a new assignment") as err:
        export.export_canvas(results(JANE), roster, tmp_path / "o.csv", ["Lesson 4"])
    assert "'Lesson 1 (123456)'" in str(err.value)                  # what it could name
    with pytest.raises(ExportError, match="give 3 assignment column"):
        export.export_canvas(results(JANE), roster, tmp_path / "o.csv", ["Lesson 1"],
                             per_lesson=True)
    (tmp_path / "bad.csv").write_text("Student,ID,Section\n")
    with pytest.raises(ExportError, match="no 'SIS Login ID' column"):
        export.export_canvas(results(JANE), tmp_path / "bad.csv", tmp_path / "o.csv", ["x"])
    assert not (tmp_path / "o.csv").exists()


def test_canvas_two_submissions_for_one_student_are_left_to_the_instructor(tmp_path, roster):
    twin = sub("jdoe", "handin", "jdoe", 30, {1: 6, 2: 8, 3: 16})    # Jane's login again
    report = export.export_canvas(results(JANE, twin), roster, tmp_path / "o.csv",
                                  ["nn-course"])
    assert rows(tmp_path / "o.csv")[2][-1] == ""
    assert report.conflicts == [("Doe, Jane", ["doejane_12345", "jdoe"])]


def test_canvas_keeps_a_bom_and_the_integration_id(tmp_path):
    text = CANVAS.replace("SIS Login ID,Section", "SIS Login ID,Integration ID,Section") \
        .replace(",jdoe,", ",jdoe,int-1,").replace(",jsmith,", ",jsmith,,") \
        .replace(",alee,", ",alee,,").replace(",teststudent,", ",teststudent,,") \
        .replace("Points Possible,,,,,", "Points Possible,,,,,,")
    (tmp_path / "c.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    export.export_canvas(results(JANE), tmp_path / "c.csv", tmp_path / "o.csv", ["nn-course"])
    out = (tmp_path / "o.csv").read_bytes()
    assert out.startswith(b"\xef\xbb\xbfStudent,ID,SIS User ID,SIS Login ID,Integration ID,")
    assert rows(tmp_path / "o.csv")[2] == ["Doe, Jane", "12345", "2001", "jdoe", "int-1",
                                           "NN 101 A", "50.00"]


def moodle_participant(member):
    """The participant id Moodle's feedback importer reads from a zip member's path:
    the first path part split at "_" into at least 4 pieces, the 2nd numeric, the 3rd
    and 4th the plugin."""
    for part in member.split("/"):
        pieces = part.split("_", 4)
        if len(pieces) >= 4 and pieces[1].isdigit():
            return int(pieces[1]), pieces[2], pieces[3]
    return None


def test_moodle_worksheet_and_feedback_zip(tmp_path):
    (tmp_path / "w.csv").write_text(MOODLE, encoding="utf-8")
    (tmp_path / "fb").mkdir()
    (tmp_path / "fb" / "Jane_Doe_1234567.txt").write_text("Feedback for Jane\n")
    (tmp_path / "fb" / "alee.txt").write_text("Feedback for Ann\n")
    jane = sub("Jane_Doe_1234567", "moodle", "1234567", 15, {1: 6, 2: 4, 3: 5})
    ann = sub("alee", "handin", "alee", 30, {1: 6, 2: 8, 3: 16})   # her address's mailbox
    report = export.export_moodle(results(jane, ann), tmp_path / "w.csv", tmp_path / "o.csv",
                                  feedback_dir=tmp_path / "fb",
                                  feedback_zip=tmp_path / "feedback.zip")
    out = rows(tmp_path / "o.csv")
    assert out[0] == next(csv.reader(io.StringIO(MOODLE)))          # every column kept
    grade, last = out[0].index("Grade"), out[0].index("Last modified (grade)")
    # Jane 15/30 x 100 = 50.00; Ann 30/30 x 100 = 100.00; John: no submission, blank
    assert [r[grade] for r in out[1:]] == ["50.00", "", "100.00"]
    assert [r[last] for r in out[1:]] == ["-", "-", "Tuesday, 6 January 2026, 9:00 AM"]
    comment = out[1][out[0].index("Feedback comments")]
    assert comment.startswith("nn-course grader: 15.00 / 30.00 points (lesson 1: 6.00, "
                              "lesson 2: 4.00, lesson 3: 5.00).")
    assert report.missing == ["John Smith"] and report.complete
    with zipfile.ZipFile(tmp_path / "feedback.zip") as zf:
        members = sorted(zf.namelist())
        assert members == ["Ann Lee_3456789_assignfeedback_file_/feedback.txt",
                           "Jane Doe_1234567_assignfeedback_file_/feedback.txt"]
        assert zf.read(members[1]) == b"Feedback for Jane\n"
    assert [moodle_participant(m) for m in members] == [
        (3456789, "assignfeedback", "file"), (1234567, "assignfeedback", "file")]


def test_moodle_one_lesson_and_raw_points(tmp_path):
    (tmp_path / "w.csv").write_text(MOODLE, encoding="utf-8")
    jane = sub("Jane_Doe_1234567", "moodle", "1234567", 15, {1: 6, 2: 4, 3: 5})
    export.export_moodle(results(jane), tmp_path / "w.csv", tmp_path / "o.csv", lesson=2)
    assert rows(tmp_path / "o.csv")[1][4] == "50.00"                # 4/8 x 100
    export.export_moodle(results(jane), tmp_path / "w.csv", tmp_path / "o.csv",
                         raw_points=True, missing="zero")
    assert [r[4] for r in rows(tmp_path / "o.csv")[1:]] == ["15.00", "0.00", "0.00"]
    with pytest.raises(ExportError, match="lesson 4 was not graded"):
        export.export_moodle(results(jane), tmp_path / "w.csv", tmp_path / "o.csv", lesson=4)
    (tmp_path / "small.csv").write_text(MOODLE.replace("100.00", "10.00"), encoding="utf-8")
    with pytest.raises(ExportError, match="more than the assignment's Maximum Grade 10"):
        export.export_moodle(results(jane), tmp_path / "small.csv", tmp_path / "o.csv",
                             raw_points=True)


def test_moodle_refuses_what_is_not_its_worksheet(tmp_path):
    (tmp_path / "w.csv").write_text("Identifier,Full name,Grade\n", encoding="utf-8")
    with pytest.raises(ExportError, match="no 'Last modified \\(grade\\)' column"):
        export.export_moodle(results(), tmp_path / "w.csv", tmp_path / "o.csv")
    (tmp_path / "latin1.csv").write_bytes("Identifier,Grade\nZoë".encode("latin-1"))
    with pytest.raises(ExportError, match="not UTF-8"):
        export.export_moodle(results(), tmp_path / "latin1.csv", tmp_path / "o.csv")


def test_the_command_line(tmp_path, roster):
    (tmp_path / "g.json").write_text(json.dumps(results(JANE, GHOST)))
    run = [sys.executable, "-m", "course_instructor", "export", "canvas", str(tmp_path / "g.json"),
           "--roster", str(roster), "--out", str(tmp_path / "o.csv"), "--total", "nn-course"]
    done = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr                  # ghost matches no roster row
    assert "submission ghost_77777 matches no row of the roster" in done.stderr
    assert "missing: Smith, John" in done.stdout and (tmp_path / "o.csv").is_file()
    done = subprocess.run(run[:-1] + ["Lesson 9"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Canvas would create a new assignment" in done.stderr
    for platform in ("canvas", "moodle"):
        done = subprocess.run([sys.executable, "-m", "course_instructor", "export", platform,
                               "--help"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "--missing" in done.stdout


def test_a_run_of_two_platforms_exports_each_to_its_own(tmp_path, roster):
    """One run graded a Canvas download and a Moodle one: the Canvas export leaves the
    Moodle submissions out (they are no roster row's), with a note, and vice versa."""
    (tmp_path / "w.csv").write_text(MOODLE, encoding="utf-8")
    jane_moodle = sub("Jane_Doe_1234567", "moodle", "1234567", 15, {1: 6, 2: 4, 3: 5})
    both = results(JANE, jane_moodle)
    report = export.export_canvas(both, roster, tmp_path / "c.csv", ["nn-course"])
    assert report.complete and report.unmatched == []
    assert report.notes[0] == ("1 submission(s) downloaded from Moodle left out: export "
                               "them with export moodle.")
    report = export.export_moodle(both, tmp_path / "w.csv", tmp_path / "m.csv")
    assert report.complete and "1 submission(s) downloaded from Canvas left out" in \
        report.notes[0]
    assert [r[4] for r in rows(tmp_path / "m.csv")[1:]] == ["50.00", "", ""]
