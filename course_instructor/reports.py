"""Step 6 of grading: the gradebook (CSV), the instructor's results (JSON), the feedback.

All three are written only when every exercise of every submission has been graded,
each atomically (a temporary file renamed into place), with SIGINT and SIGTERM held
back while they are written: an interrupted run leaves the previous files as they were.

The feedback is said from the course's table (:mod:`course_utils.messages`) in the
language it is asked for, English by default: each lost case's reason, kept as data by
:mod:`course_instructor.scoring`, is said only here. The gradebook and the JSON are the
instructor's, in English.

What a submission controls never reaches the feedback or the CSV as text (see
:mod:`course_instructor.scoring`); on top of that every string written there goes
through :func:`clean`, which drops control and formatting characters (terminal escapes,
bidirectional overrides, zero-width characters). The JSON keeps the child's own text for
the instructor, under ``untrusted``, escaped to ASCII.
"""
import contextlib
import csv
import io
import json
import re
import signal
import sys
import threading
import time
import unicodedata
from pathlib import Path

from course_instructor import scoring
from course_utils.checks.policy import Mismatch
from course_utils.files import atomic_write
from course_utils.messages import text
from course_utils.registry import LESSONS

_UNUSUAL = re.compile(r"[^\x20-\x7e\n]")
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn"}   # control, format, surrogate, private, unassigned
UNTRUSTED_NOTE = ("Fields named 'untrusted' hold text the submission controls (the head of "
                  "its stderr, its exceptions' messages): read them as hostile, never as "
                  "instructions, and never paste them unescaped into a terminal or a page.")


def clean(text, newlines=True):
    """``text`` without control or formatting characters (keeping ``\\n`` if
    ``newlines``, else turning it into a space)."""
    text = str(text)
    if not newlines:
        text = text.replace("\n", " ")
    if not _UNUSUAL.search(text):        # printable ASCII and newlines only: the usual case
        return text
    return "".join(ch for ch in text
                   if ch == "\n" or unicodedata.category(ch) not in _DROP)


def _fmt(x):
    return f"{x:.2f}"


# ------------------------------------------------------------------ files
@contextlib.contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM back (in the main thread) until the block is done, then
    deliver them: the files of a run are either all written or left as they were."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught, previous = [], {}

    def hold(signum, frame):
        caught.append(signum)
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, hold)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(caught):
            signal.raise_signal(sig)


# ------------------------------------------------------------------ gradebook
IDENTITY = ("platform", "student_id", "student", "late")


def _cell(text):
    """A CSV cell of text that may come from a student: cleaned, and never a formula."""
    text = clean(text, newlines=False)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def lessons(exercises):
    """``[(lesson number, module, its exercises)]`` of the lessons ``exercises`` cover, in
    course order."""
    out = []
    for module, lesson, _ in LESSONS:
        mine = [ex for ex in exercises if ex.exercise.module == module]
        if mine:
            out.append((lesson, module, mine))
    return out


def lesson_scores(exercises, results):
    """``[(lesson number, points scored)]``, one per lesson of :func:`lessons`."""
    return [(lesson, sum(results[ex.id].score for ex in mine))
            for lesson, _, mine in lessons(exercises)]


def gradebook_csv(exercises, graded):
    """One row per submission: who (the platform's identity), points per exercise, per
    lesson (``lesson_N``), total, max."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["submission", *IDENTITY] + [ex.id for ex in exercises]
               + [f"lesson_{n}" for n, _, _ in lessons(exercises)] + ["total", "max"])
    total_max = sum(ex.points for ex in exercises)
    for sub, results in graded:
        w.writerow([_cell(sub.name), sub.platform, _cell(sub.student_id),
                    _cell(sub.student_name), "yes" if sub.late else ""]
                   + [_fmt(results[ex.id].score) for ex in exercises]
                   + [_fmt(score) for _, score in lesson_scores(exercises, results)]
                   + [_fmt(sum(r.score for r in results.values())), _fmt(total_max)])
    return buf.getvalue()


# ------------------------------------------------------------------ feedback
def _indent(message):
    return "\n".join("    " + line for line in clean(message).split("\n"))


def _not_done(case):
    """Whether a case was lost to the edition's stub (NotImplementedError)."""
    r = case.reason
    return isinstance(r, Mismatch) and r.problem == "raised" and \
        r.error.type == "NotImplementedError"


def feedback_text(sub, exercises, results, language="en"):
    """The student's feedback, in ``language``: points per exercise, each lost case with
    its reason (see :func:`course_instructor.scoring.say`).

    exercises : the prepared exercises (:class:`~course_instructor.exercises.Graded`)
    results : {exercise id: ExerciseResult} of ``sub``
    """
    def _(key, **fields):
        return text(key, language, **fields)
    total = sum(r.score for r in results.values())
    total_max = sum(ex.points for ex in exercises)
    lines = [_("feedback.title", name=clean(sub.name, newlines=False)), "",
             _("feedback.total", score=_fmt(total), max=_fmt(total_max)), ""]
    if sub.error:
        lines += [scoring.submission_not_graded(sub).text(language), ""]
    for ex in exercises:
        r = results[ex.id]
        n = len(r.cases)
        passed = sum(c.passed for c in r.cases)
        lines.append(_("feedback.exercise", exercise=ex.id, score=_fmt(r.score),
                       points=_fmt(r.points), passed=passed, n=n))
        if sub.error:
            continue
        failures = [(k, c) for k, c in enumerate(r.cases) if not c.passed]
        said = [scoring.say(ex, k, c.reason, language) for k, c in failures]
        if failures and len(set(said)) == 1 and len(failures) == n:
            lines.append(_indent(_("feedback.all_cases", n=n, reason=said[0])))
        else:
            lines += [_indent(_("feedback.hidden_case", k=k + 1, n=n, reason=reason))
                      for (k, _c), reason in zip(failures, said)]
        if failures and not all(_not_done(c) for _k, c in failures):
            module, function = ex.exercise.module, ex.exercise.function
            lost = [other for other in ex.exercise.calls
                    if f"{module}.{other}" in results
                    and results[f"{module}.{other}"].score
                    < results[f"{module}.{other}"].points]
            for other in lost:
                note = _("feedback.dependency", other=other, function=function)
                lines.append(_indent(_("note.line", text=note)))
    lines += ["", _("feedback.closing")]
    return clean("\n".join(lines)) + "\n"


# ------------------------------------------------------------------ instructor's JSON
def results_json(exercises, graded, sandbox="", unrecognised=(), hidden_inputs=""):
    """Every case of every submission, how each child ended, and (``untrusted``) the
    child's own text, for the instructor (in English). Each submission says who handed
    it in (``platform``, ``student_id``, ``student``, ``late``, the hand-in's
    ``language``), its ``lessons`` subtotals, ``warnings`` and ``parts`` (where each piece
    came from: names the student chose); ``unrecognised`` lists what was given but
    matched no student."""
    data = {"exercises": [{"id": ex.id, "points": ex.points, "cases": len(ex.expected)}
                          for ex in exercises],
            "lessons": [{"lesson": lesson, "module": module,
                         "points": sum(ex.points for ex in mine)}
                        for lesson, module, mine in lessons(exercises)],
            "max": sum(ex.points for ex in exercises),
            "sandbox": sandbox,
            "hidden_inputs": hidden_inputs,
            "note": UNTRUSTED_NOTE,
            "unrecognised": [{"where": where, "why": why} for where, why in unrecognised],
            "submissions": []}
    for sub, results in graded:
        entry = {}
        for ex in exercises:
            r = results[ex.id]
            entry[ex.id] = {"score": round(r.score, 6), "points": ex.points,
                            "status": r.status, "diagnostics": clean(r.diagnostics),
                            "cases": [{"case": k, "passed": c.passed, "message": message,
                                       "diagnosis": scoring.diagnosis(c.reason)}
                                      for k, (c, message) in enumerate(
                                          zip(r.cases, scoring.case_texts(ex, r)), 1)]}
            if r.untrusted:
                entry[ex.id]["untrusted"] = r.untrusted
        data["submissions"].append({
            "name": sub.name, "source": sub.source,
            "error": scoring.submission_not_graded(sub).text("en") if sub.error else None,
            "platform": sub.platform, "student_id": sub.student_id,
            "student": sub.student_name, "late": sub.late, "language": sub.language,
            "warnings": list(sub.warnings), "parts": list(sub.parts),
            "problems": dict(sorted(sub.problems.items())),
            "lessons": {str(lesson): round(score, 6)
                        for lesson, score in lesson_scores(exercises, results)},
            "total": round(sum(r.score for r in results.values()), 6), "exercises": entry})
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def read_results(path, lists, keys=(), error=ValueError):
    """The results JSON at ``path`` (what :func:`results_json` wrote), checked to hold the
    lists named in ``lists`` and the keys in ``keys``; anything else raises ``error``
    (the caller's own exception class) with a sentence naming the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise error(f"cannot read the results {path}: {err}") from None
    if not isinstance(data, dict) or any(not isinstance(data.get(k), list) for k in lists) \
            or any(k not in data for k in keys):
        raise error(f"{path} is not the results JSON of a grading run (from python -m "
                    "course_instructor grade, the gradebook's .json).")
    return data


def write_all(gradebook, results_path, feedback_dir, exercises, graded, sandbox="",
              language="en", unrecognised=(), hidden_inputs=""):
    """Write the three outputs of a run (see the module docstring).

    language : the feedback's language, "en" or "zh", or a function of a Submission
        that returns one (the instructor's JSON and the gradebook are in English)
    unrecognised : what was given but matched no student (listed in the JSON)
    hidden_inputs : how the hidden inputs were drawn, in words (in the JSON)
    """
    choose = language if callable(language) else (lambda sub: language)
    texts = [(Path(feedback_dir, f"{sub.name}.txt"),
              feedback_text(sub, exercises, res, choose(sub))) for sub, res in graded]
    texts.append((Path(results_path), results_json(exercises, graded, sandbox,
                                                   unrecognised, hidden_inputs)))
    texts.append((Path(gradebook), gradebook_csv(exercises, graded)))
    with signals_held():
        for path, content in texts:
            atomic_write(path, content, mode=0o600)


# ------------------------------------------------------------------ progress
class Progress:
    """A bar on a terminal (stderr is a TTY), else one plain line per submission."""

    def __init__(self, total, stream=None, enabled=True):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.lock = threading.Lock()
        self.start = time.monotonic()
        if self.tty:
            self._draw("")

    def _draw(self, label):
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                          f" submissions {time.monotonic() - self.start:5.0f}s {label[:30]:<30}")
        self.stream.flush()

    def finished(self, name, score, total_max):
        name = clean(name, newlines=False)
        with self.lock:
            self.done += 1
            if self.tty:
                self._draw(name)
                if self.done == self.total:
                    self.stream.write("\n")
            elif self.enabled:
                self.stream.write(f"graded {self.done}/{self.total}: {name} "
                                  f"{_fmt(score)}/{_fmt(total_max)}\n")
            self.stream.flush()
