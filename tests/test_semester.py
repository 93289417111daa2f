"""A semester in one test (issue 18): a cohort of 30 collected from Canvas and Moodle as
they deliver it, graded in one run, and the grades put back.

The students hand in lesson 1 (``course_utils/logistic_regression.py``): correct answers
in several styles (the correct variants of ``tests/corpus.py``), planted mistakes and
hostile code (``planted`` of ``tests/test_autograder.py``, whose points per exercise are
worked out by hand there), the untouched edition, one hand-in from the Chinese notebooks,
a text entry and a damaged zip. They are packed as Canvas's "Download Submissions" and
Moodle's "Download submissions" (in folders) deliver them, by the naming rules
``tests/test_intake.py`` documents (its ``zip_bytes`` builds the zips). The run uses a
term's secret, as an instructor would.

Checked: every student's total is the expected one (the ungraded: 0, and named in what
``grade`` prints), the Chinese hand-in reads Chinese feedback, and the exports parse as
the platforms read them: Canvas's import columns and its ``ID`` per row, Moodle's
worksheet columns with ``Identifier`` and the feedback zip's participant ids (the rule of
``moodle_participant`` in tests/test_export.py). The run's seconds per submission are
recorded (``seconds_per_submission``; ``pytest -rP`` prints them) and bounded generously:
``benchmarks/bench_grading.py`` is the throughput measure.
"""
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from corpus import VARIANTS                      # tests/corpus.py
from test_autograder import L1_POINTS, planted   # the planted bugs' points, by hand
from test_export import moodle_participant
from test_intake import zip_bytes

from course_instructor import release
from course_instructor import sandbox as sb
from course_utils.markers import find_regions

AVAILABLE, REASON = sb.sandbox_available()
pytestmark = [pytest.mark.field,
              pytest.mark.skipif(not AVAILABLE, reason=f"the sandbox cannot run here: {REASON}")]
REPO = Path(__file__).resolve().parents[1]
LR = "course_utils/logistic_regression.py"
REF = (REPO / LR).read_text(encoding="utf-8")
STUB = release.stub_text(REF, LR)[0]
FULL = sum(L1_POINTS.values())                   # 12
PLANTED = planted(REF)
CORRECT = [v for v in VARIANTS if v.module == "logistic_regression" and v.correct]


def with_variants(*variants):
    lines = REF.splitlines()
    for v in variants:
        region = next(r for r in find_regions("\n".join(lines), "module")
                      if r.exercise == v.function)
        lines[region.begin + 1:region.end] = [region.indent + b if b else b
                                             for b in v.lines()]
    return "\n".join(lines) + "\n"


def expected(bug):
    """A planted bug's total: 12 less what it costs, exercise by exercise."""
    return FULL - sum(L1_POINTS[e] - p for e, p in PLANTED[bug][1].items())


def edition_zip(text):
    return zip_bytes([(f"nn-course/{LR}", text.encode()), ("nn-course/README.md", b"# c\n")])


def handin(student, language, text):
    data = text.encode()
    manifest = {"format": "nn-course hand-in 1", "student": student, "edition": "spring",
                "language": language, "created_utc": "2027-03-01T10:00:00Z",
                "python": "3.11.7", "files": {LR: hashlib.sha256(data).hexdigest()}}
    return zip_bytes([("manifest.json", json.dumps(manifest).encode()), (LR, data)])


# Canvas: (sortable-name slug, user id, full name, what, its bytes, expected total)
def canvas_cohort():
    out = [(f"style{k}", 10001 + k, f"Style{k}, Student", "zip", edition_zip(
        with_variants(v)), FULL) for k, v in enumerate(CORRECT[:5])]
    out += [("leeann", 10006, "Lee, Ann", "loose", with_variants(CORRECT[5]).encode(), FULL),
            ("smithjohn", 10007, "Smith, John", "late", edition_zip(
                with_variants(CORRECT[6])), FULL),
            ("wangli", 10008, "Wang, Li", "handin", handin("wangli", "zh", REF), FULL),
            ("stubbs", 10009, "Stubbs, Una", "zip", edition_zip(STUB), 0.0),
            ("kimbo", 10010, "Kim, Bo", "text", b"<p>my answers are in my notebook</p>", 0.0)]
    bugs = ["bug_predict_ge", "bug_propagate_no_m", "bug_init_shape", "inplace_optimize",
            "hostile_loop", "hostile_exit", "hostile_segfault"]
    out += [(bug.replace("_", ""), 10011 + k, f"{bug}, Student", "zip",
             edition_zip(PLANTED[bug][0]), expected(bug)) for k, bug in enumerate(bugs)]
    return out


# Moodle: (full name, participant id, what, its bytes, expected total)
def moodle_cohort():
    out = [("Ana Silva", 2000001, "folder-zip", edition_zip(with_variants(CORRECT[7])), FULL),
           ("Ben Okoro", 2000002, "folder-zip", edition_zip(with_variants(CORRECT[8])), FULL),
           ("Chen Mei", 2000003, "loose", REF.encode(), FULL),
           ("Dana Ruiz", 2000004, "folder-zip",
            edition_zip(with_variants(CORRECT[0], CORRECT[3])), FULL),
           ("Zoë Ölçer", 2000005, "flat-zip", edition_zip(REF), FULL),
           ("Eli Stone", 2000006, "folder-zip", edition_zip(STUB), 0.0),
           ("Bad Zip", 2000007, "folder-zip", b"PK\x03\x04 not really a zip", 0.0)]
    bugs = ["naive_sigmoid_warns", "hostile_monkeypatch", "hostile_fake_print",
            "hostile_import_error", "syntax_error", "hostile_orphan"]
    out += [(f"Planted {bug.split('_')[-1].title()}{k}", 2000011 + k, "folder-zip",
             edition_zip(PLANTED[bug][0]), expected(bug)) for k, bug in enumerate(bugs)]
    return out


def canvas_download(path, cohort):
    members = []
    for k, (slug, uid, _, what, data, _) in enumerate(cohort):
        late = "_LATE" if what == "late" else ""
        attachment = 700001 + k
        name = {"loose": "logistic_regression.py", "text": "text.html",
                "handin": f"{slug}-nn-course.zip"}.get(what, "my-work.zip")
        prefix = f"{slug}{late}_{uid}" + ("" if what == "text" else f"_{attachment}")
        members.append((f"{prefix}_{name}", data))
    members.append(("notes.txt", b"kept by the TA"))            # matches no student
    path.write_bytes(zip_bytes(members))


def moodle_download(folder, cohort):
    for name, pid, what, data, _ in cohort:
        if what == "flat-zip":
            (folder / f"{name}_{pid}_assignsubmission_file_my-work.zip").write_bytes(data)
            continue
        student = folder / f"{name}_{pid}_assignsubmission_file_"
        student.mkdir(parents=True)
        (student / ("logistic_regression.py" if what == "loose" else "my-work.zip")
         ).write_bytes(data)


def read_csv(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def run(cwd, *args):
    env = dict(os.environ, NN_COURSE_SECRET="spring term 2027: a phrase only we know")
    return subprocess.run([sys.executable, "-m", "course_instructor", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=1800)


def test_a_semester_collected_graded_and_put_back(tmp_path, record_property):
    canvas, moodle = canvas_cohort(), moodle_cohort()
    assert len(canvas) + len(moodle) >= 30
    canvas_download(tmp_path / "submissions.zip", canvas)
    moodle_download(tmp_path / "moodle", moodle)
    start = time.monotonic()
    done = run(tmp_path, "grade", "--gradebook", "out/g.csv", "--feedback", "out/fb",
               "--only", "logistic_regression", "--timeout", "4", "--jobs", "2", "-q",
               "--", "submissions.zip", "moodle")
    seconds = time.monotonic() - start
    per_submission = seconds / (len(canvas) + len(moodle))
    record_property("seconds_per_submission", round(per_submission, 2))
    print(f"\nsemester: {len(canvas) + len(moodle)} submissions graded in {seconds:.1f} s, "
          f"{per_submission:.2f} s per submission")
    assert done.returncode == 1, done.stderr          # some could not be graded: named
    said = done.stderr
    assert "submission kimbo_10010 was not graded: it was submitted as a text entry" in said
    assert "submission Bad_Zip_2000007 was not graded: it is not a zip file" in said
    assert "submissions.zip!notes.txt" in said
    assert "no course secret" not in said

    want = {f"{slug}_{uid}": total for slug, uid, _, _, _, total in canvas}
    want.update({f"{name.replace(' ', '_')}_{pid}": total for name, pid, _, _, total in moodle
                 if name != "Zoë Ölçer"})
    want["Zoe_Olcer_2000005"] = FULL                    # accents dropped, letters kept
    book = {row["submission"]: row for row in csv.DictReader(
        (tmp_path / "out" / "g.csv").open(encoding="utf-8"))}
    assert sorted(book) == sorted(want)
    got = {name: float(row["total"]) for name, row in book.items()}
    assert got == pytest.approx(want, abs=1e-9)
    assert all(row["max"] == "12.00" for row in book.values())
    assert book["smithjohn_10007"]["late"] == "yes" and book["leeann_10006"]["late"] == ""
    assert book["Zoe_Olcer_2000005"]["student"] == "Zoë Ölçer"
    chinese = (tmp_path / "out" / "fb" / "wangli_10008.txt").read_text(encoding="utf-8")
    assert chinese.startswith("wangli_10008 的评分反馈\n\n总分：12.00 / 12.00")
    english = (tmp_path / "out" / "fb" / "leeann_10006.txt").read_text(encoding="utf-8")
    assert english.startswith("Feedback for leeann_10006\n\nTotal: 12.00 / 12.00 points")
    results = json.loads((tmp_path / "out" / "g.json").read_text())
    assert results["hidden_inputs"] == "drawn with the course's secret ($NN_COURSE_SECRET)"

    # ---- Canvas: its gradebook export is the roster; one student handed in nothing
    roster = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson 1 (555)",
               "Current Score"], ["    Points Possible", "", "", "", "", "12.00",
                                  "(read only)"]]
    roster += [[full, str(uid), "", slug, "NN 101", "", ""]
               for slug, uid, full, _, _, _ in canvas]
    roster.append(["Absent, Al", "10099", "", "absental", "NN 101", "", ""])
    with (tmp_path / "roster.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(roster)
    done = run(tmp_path, "export", "canvas", "out/g.json", "--roster", "roster.csv",
               "--out", "canvas.csv", "--per-lesson", "Lesson 1")
    assert done.returncode == 0, done.stderr
    assert "missing: Absent, Al" in done.stdout
    rows = read_csv(tmp_path / "canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Lesson 1 (555)"]       # no column Canvas would make an assignment of
    assert rows[1][0] == "    Points Possible" and rows[1][5] == "12.00"
    by_id = {r[1]: r[5] for r in rows[2:]}
    assert by_id == {**{str(uid): f"{total:.2f}" for _, uid, _, _, _, total in canvas},
                     "10099": ""}

    # ---- Moodle: the assignment's grading worksheet, filled, and the feedback zip
    head = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
            "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
            "Feedback comments"]
    sheet = [head] + [[f"Participant {pid}", name, f"s{pid}@example.edu",
                       "Submitted for grading", "", "12.00", "Yes",
                       "Monday, 1 March 2027, 10:00 AM", "-", ""]
                      for name, pid, _, _, _ in moodle]
    sheet.append(["Participant 2000099", "Nadia None", "nadia@example.edu", "No submission",
                  "", "12.00", "Yes", "-", "-", ""])
    with (tmp_path / "worksheet.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(sheet)
    done = run(tmp_path, "export", "moodle", "out/g.json", "--worksheet", "worksheet.csv",
               "--out", "filled.csv", "--feedback", "out/fb", "--feedback-zip", "fb.zip")
    assert done.returncode == 0, done.stderr
    rows = read_csv(tmp_path / "filled.csv")
    assert rows[0] == head
    grades = {r[0]: r[4] for r in rows[1:]}
    assert grades == {**{f"Participant {pid}": f"{total:.2f}"
                         for _, pid, _, _, total in moodle}, "Participant 2000099": ""}
    assert all(r[8] == "-" for r in rows[1:])            # as downloaded: Moodle imports
    with zipfile.ZipFile(tmp_path / "fb.zip") as zf:
        members = zf.namelist()
        assert sorted(moodle_participant(m)[0] for m in members) == \
            sorted(pid for _, pid, _, _, _ in moodle)
        assert all(moodle_participant(m)[1:] == ("assignfeedback", "file") for m in members)
    assert per_submission < 60, f"{per_submission:.1f} s per submission"   # generous
