"""Step 7 of grading: the grades back into the learning platform.

    python -m course_instructor export canvas GRADEBOOK.json --roster CANVAS.csv
                  --out IMPORT.csv (--total COLUMN | --per-lesson COLUMN...)
    python -m course_instructor export moodle GRADEBOOK.json --worksheet WORKSHEET.csv
                  --out WORKSHEET.csv [--lesson N] [--feedback DIR --feedback-zip OUT.zip]

Both start from the grading run's results (``gradebook.json``, which says who handed in
each submission) and from the platform's own file for the class, downloaded by the
instructor, which is the roster: every student on it gets a row, and a student without a
submission gets an explicit missing one (blank, which the platforms leave as it was, or
0 with ``--missing zero``), named in the report. A submission no roster row matches is
named too (and the command exits with status 1), except one downloaded from the other
platform (a run that graded a Canvas and a Moodle course together): it is left out, and
a note says how many.

**Canvas** (Grades > Export, a CSV): its columns ``Student``, ``ID``, ``SIS User ID``,
``SIS Login ID`` (``Integration ID`` where the export has it) and ``Section`` are kept as
they are (Canvas matches students on them), with its ``Points Possible`` row, and the
assignment columns the instructor names: one total (``--total "nn-course (123460)"``) or
one per graded lesson (``--per-lesson "Lesson 1 (123456)" "Lesson 2 (123457)" ...``).
Each must be a column of the export (Canvas names them ``Title (assignment id)``; the
title alone is enough when it is unique), because Canvas creates a new assignment for a
column it does not know. No other column is written. Rows are matched on ``ID`` (the
Canvas user id a Canvas download names), else on ``SIS Login ID`` or ``SIS User ID``
(a hand-in's or nbgrader's student).

**Moodle** (the assignment's "Download grading worksheet"): every column is kept, the
``Grade`` and ``Feedback comments`` (if present) are filled and ``Last modified
(grade)`` is left as downloaded (Moodle imports a grade only if the grade was not changed
in Moodle since). Rows are matched on the participant id of ``Identifier``
("Participant 1234567"), else on the ``Email address`` (or its part before ``@``).
``--feedback-zip`` writes the feedback files as Moodle's "Upload multiple feedback
files in a zip" reads them: ``<Full name>_<participant id>_assignfeedback_file_/
feedback.txt``. One Moodle assignment is one worksheet: ``--lesson N`` exports lesson
N's subtotal, else the total.

Points are scaled to the platform's maximum (Canvas's ``Points Possible``, Moodle's
``Maximum Grade``) when the file states one, so that 7.5 of our 10 points of a
100-point assignment is 75.00; ``--raw-points`` writes our points as they are.
"""
import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from course_instructor.reports import read_results
from course_utils.files import atomic_write

CANVAS_KEPT = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")
CANVAS_REQUIRED = ("Student", "ID", "SIS Login ID", "Section")
MOODLE_REQUIRED = ("Identifier", "Grade", "Last modified (grade)")
MISSING = ("blank", "zero")
_BOM = "\ufeff"


class ExportError(Exception):
    """The export cannot be written; the message says why and what to do."""


@dataclass
class Report:
    """What an export did: ``rows`` written, roster students ``missing`` (no
    submission), submissions ``unmatched`` (no roster row) and ``conflicts`` (two
    submissions for one row: its grade is left blank), and ``notes``."""
    rows: int = 0
    missing: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def complete(self):
        return not self.unmatched and not self.conflicts


# ------------------------------------------------------------------ inputs
def load_results(path):
    """The grading run's results JSON (``gradebook.json``), checked for what export uses."""
    return read_results(path, ("submissions", "lessons"), keys=("max",), error=ExportError)


def _read_csv(path, what):
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ExportError(f"cannot read the {what} {path}: {err}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExportError(f"the {what} {path} is not UTF-8 text (download it again as "
                          "CSV)") from None
    bom = text.startswith(_BOM)
    rows = list(csv.reader(io.StringIO(text[1:] if bom else text)))
    if not rows:
        raise ExportError(f"the {what} {path} is empty.")
    return rows[0], rows[1:], bom


def _write_csv(path, header, rows, bom):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    atomic_write(path, (_BOM if bom else "") + buf.getvalue(), mode=0o600)


def _number(text):
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return value if value > 0 else None


def _fmt(x):
    return f"{x:.2f}"


def _score(sub, which):
    """``sub``'s points for ``which`` ("total" or a lesson number)."""
    if which == "total":
        return float(sub.get("total", 0.0))
    return float((sub.get("lessons") or {}).get(str(which), 0.0))


def _maximum(results, which):
    if which == "total":
        return float(results["max"])
    for lesson in results["lessons"]:
        if lesson.get("lesson") == which:
            return float(lesson["points"])
    graded = ", ".join(str(n["lesson"]) for n in results["lessons"])
    raise ExportError(f"lesson {which} was not graded in this run (graded: {graded}).")


def _value(score, ours, theirs, raw):
    """The cell: our points, or scaled to the platform's maximum ``theirs``."""
    return _fmt(score if raw or not theirs else score / ours * theirs)


def _match(results, rows, by_platform, others, report, elsewhere):
    """``({row index: [submission]}, [unmatched submission])``: ``by_platform(sub)`` gives
    the row of a submission of the file's own platform, ``others(sub)`` of the rest. A
    submission downloaded from the other platform (``elsewhere``: "moodle" for a Canvas
    export) is not this roster's: it is left out, with a note, and is not unmatched."""
    found, unmatched = {}, []
    left_out = [s["name"] for s in results["submissions"] if s.get("platform") == elsewhere]
    if left_out:
        report.notes.append(f"{len(left_out)} submission(s) downloaded from "
                            f"{elsewhere.title()} left out: export them with export "
                            f"{elsewhere}.")
    for sub in results["submissions"]:
        if sub.get("platform") == elsewhere:
            continue
        k = by_platform(sub)
        if k is None:
            k = others(sub)
        if k is None:
            unmatched.append(sub["name"])
        else:
            found.setdefault(k, []).append(sub)
    return found, unmatched


def _lookup(rows, column, value):
    """The one row whose ``column`` equals ``value`` (ignoring case), or None."""
    if column is None or not value:
        return None
    hits = [k for k, row in enumerate(rows)
            if len(row) > column and row[column].strip().lower() == value.lower()]
    return hits[0] if len(hits) == 1 else None


# ------------------------------------------------------------------ Canvas
def _canvas_column(header, wanted):
    """The index of the assignment column ``wanted`` ("Lesson 1 (123456)", or the title
    alone when it is unique)."""
    if wanted in header:
        return header.index(wanted)
    titled = [k for k, h in enumerate(header)
              if re.fullmatch(re.escape(wanted) + r" \(\d+\)", h)]
    if len(titled) == 1:
        return titled[0]
    assignments = [h for h in header if re.search(r"\(\d+\)$", h)]
    raise ExportError(f"the Canvas export has no assignment column {wanted!r}"
                      + (" (several match its title)" if titled else "")
                      + ": Canvas would create a new assignment for it. Create the "
                      "assignment in Canvas first and export the gradebook again, or name "
                      "one of its columns: " + (", ".join(map(repr, assignments)) or "none"))


def export_canvas(results, roster, out, columns, per_lesson=False, raw_points=False,
                  missing="blank"):
    """Write Canvas's import CSV to ``out`` (see the module docstring); return a
    :class:`Report`. ``columns``: one column (the total) or, with ``per_lesson``, one per
    graded lesson in course order."""
    if missing not in MISSING:
        raise ExportError(f"missing must be one of {MISSING}; got {missing!r}.")
    header, body, bom = _read_csv(roster, "Canvas export")
    absent = [c for c in CANVAS_REQUIRED if c not in header]
    if absent:
        raise ExportError(f"{roster} is not a Canvas gradebook export: it has no "
                          f"{', '.join(map(repr, absent))} column (Grades > Export).")
    lessons = [n["lesson"] for n in results["lessons"]]
    which = lessons if per_lesson else ["total"]
    if len(columns) != len(which):
        raise ExportError(f"give {len(which)} assignment column(s) "
                          + (f"(one per graded lesson: {lessons})" if per_lesson else
                             "(the total)") + f"; got {len(columns)}.")
    cols = [_canvas_column(header, c) for c in columns]
    kept = [header.index(c) for c in CANVAS_KEPT if c in header]
    possible_row = next((row for row in body if row and row[0].strip()
                         .startswith("Points Possible")), None)
    students = [row for row in body if len(row) > header.index("ID")
                and row[header.index("ID")].strip()
                and not row[0].strip().startswith("Points Possible")]
    possible = [_number(possible_row[c]) if possible_row and len(possible_row) > c else None
                for c in cols]
    ours = [_maximum(results, w) for w in which]
    report = Report()
    id_col, login = header.index("ID"), header.index("SIS Login ID")
    sis = header.index("SIS User ID") if "SIS User ID" in header else None

    def by_id(sub):
        if sub.get("platform") != "canvas":
            return None
        return _lookup(students, id_col, sub.get("student_id"))

    def by_login(sub):
        if sub.get("platform") == "canvas":
            return None
        k = _lookup(students, login, sub.get("student_id"))
        return k if k is not None else _lookup(students, sis, sub.get("student_id"))
    found, report.unmatched = _match(results, students, by_id, by_login, report, "moodle")
    out_rows = []
    if possible_row is not None:
        out_rows.append([possible_row[k] if len(possible_row) > k else "" for k in kept]
                        + [_fmt(p) if p else "" for p in possible])
    for k, row in enumerate(students):
        cells = [row[i] if len(row) > i else "" for i in kept]
        subs = found.get(k, [])
        if len(subs) > 1:
            report.conflicts.append((row[0], [s["name"] for s in subs]))
            values = [""] * len(which)
        elif not subs:
            report.missing.append(row[0])
            values = ["" if missing == "blank" else "0.00"] * len(which)
        else:
            values = [_value(_score(subs[0], w), o, p, raw_points)
                      for w, o, p in zip(which, ours, possible)]
        out_rows.append(cells + values)
    for o, p, name in zip(ours, possible, (header[c] for c in cols)):
        if p and not raw_points and p != o:
            report.notes.append(f"{name}: our {o:g} points scaled to its {p:g} points "
                                "possible")
    _write_csv(out, [header[i] for i in kept] + [header[c] for c in cols], out_rows, bom)
    report.rows = len(students)
    return report


# ------------------------------------------------------------------ Moodle
_PARTICIPANT = re.compile(r"(\d+)\s*$")


def feedback_folder_name(full_name, participant):
    """``<Full name>_<participant id>_assignfeedback_file_``: Moodle finds the student by
    the id between the first two ``_``, so the name loses its ``_``, slashes and control
    characters."""
    name = "".join(ch for ch in full_name.replace("_", " ")
                   if ch.isprintable() and ch not in "/\\:*?\"<>|").strip()
    return f"{name or 'Participant'}_{participant}_assignfeedback_file_"


def _comment(sub, which, ours, with_file):
    """The feedback comment: the points (per lesson under a total), and where the rest is."""
    lessons = ", ".join(f"lesson {k}: {_fmt(float(v))}"
                        for k, v in sorted((sub.get("lessons") or {}).items()))
    text = f"nn-course grader: {_fmt(_score(sub, which))} / {_fmt(ours)} points"
    text += f" ({lessons})." if lessons and which == "total" else "."
    if sub.get("error"):
        text += " Your submission could not be graded."
    if with_file:
        text += " The feedback file lists every hidden case you lost, and why."
    return html.escape(text)


def export_moodle(results, worksheet, out, lesson=None, raw_points=False, missing="blank",
                  feedback_dir=None, feedback_zip=None):
    """Write Moodle's grading worksheet, filled, to ``out``, and with ``feedback_zip``
    the feedback files (see the module docstring); return a :class:`Report`."""
    if missing not in MISSING:
        raise ExportError(f"missing must be one of {MISSING}; got {missing!r}.")
    if (feedback_dir is None) != (feedback_zip is None):
        raise ExportError("give --feedback (the grading run's feedback folder) and "
                          "--feedback-zip together.")
    header, rows, bom = _read_csv(worksheet, "Moodle grading worksheet")
    absent = [c for c in MOODLE_REQUIRED if c not in header]
    if absent:
        raise ExportError(f"{worksheet} is not a Moodle grading worksheet: it has no "
                          f"{', '.join(map(repr, absent))} column (the assignment's "
                          "\"Download grading worksheet\", in English).")
    which = "total" if lesson is None else lesson
    ours = _maximum(results, which)
    ident, grade = header.index("Identifier"), header.index("Grade")
    maximum = header.index("Maximum Grade") if "Maximum Grade" in header else (
        header.index("Maximum grade") if "Maximum grade" in header else None)
    comments = header.index("Feedback comments") if "Feedback comments" in header else None
    email = header.index("Email address") if "Email address" in header else None
    name_col = header.index("Full name") if "Full name" in header else None
    ids = [(_PARTICIPANT.search(row[ident]).group(1)
            if len(row) > ident and _PARTICIPANT.search(row[ident]) else None) for row in rows]
    mailboxes = [row[email].split("@")[0].lower() if email is not None and len(row) > email
                 else "" for row in rows]

    def by_id(sub):
        if sub.get("platform") != "moodle":
            return None
        hits = [k for k, i in enumerate(ids) if i == sub.get("student_id")]
        return hits[0] if len(hits) == 1 else None

    def by_email(sub):
        if sub.get("platform") == "moodle":
            return None
        k = _lookup(rows, email, sub.get("student_id"))
        if k is None and sub.get("student_id"):
            hits = [k for k, box in enumerate(mailboxes) if box == sub["student_id"].lower()]
            k = hits[0] if len(hits) == 1 else None
        return k
    report = Report()
    found, report.unmatched = _match(results, rows, by_id, by_email, report, "canvas")
    feedback = {}
    out_rows = []
    for k, row in enumerate(rows):
        row = list(row) + [""] * (len(header) - len(row))
        label = row[name_col] if name_col is not None else row[ident]
        subs = found.get(k, [])
        theirs = _number(row[maximum]) if maximum is not None else None
        if not raw_points and theirs is None and maximum is not None and row[maximum]:
            raise ExportError(f"the worksheet's Maximum Grade {row[maximum]!r} is not a "
                              "number (a scale?); export with --raw-points, or use points.")
        if len(subs) > 1:
            report.conflicts.append((label, [s["name"] for s in subs]))
        elif not subs:
            report.missing.append(label)
            if missing == "zero":
                row[grade] = "0.00"
        else:
            sub = subs[0]
            score = _score(sub, which)
            if raw_points and theirs is not None and score > theirs:
                raise ExportError(f"{label}: {score:g} points is more than the assignment's "
                                  f"Maximum Grade {theirs:g}; export without --raw-points "
                                  "to scale.")
            row[grade] = _value(score, ours, theirs, raw_points)
            if comments is not None:
                row[comments] = _comment(sub, which, ours, feedback_zip is not None)
            if feedback_dir is not None and ids[k]:
                text = Path(feedback_dir, f"{sub['name']}.txt")
                if text.is_file() and not text.is_symlink():
                    folder = feedback_folder_name(label if name_col is not None else "", ids[k])
                    feedback[f"{folder}/feedback.txt"] = text.read_bytes()
        out_rows.append(row)
    if maximum is not None and not raw_points:
        report.notes.append(f"our {ours:g} points scaled to each row's Maximum Grade")
    _write_csv(out, header, out_rows, bom)
    if feedback_zip is not None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for member in sorted(feedback):
                info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, feedback[member])
        atomic_write(feedback_zip, buf.getvalue(), mode=0o600)
        report.notes.append(f"{len(feedback)} feedback file(s) in {feedback_zip}")
    report.rows = len(rows)
    return report
