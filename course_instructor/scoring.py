"""Step 4 of grading: a child's results -> a verdict per hidden case, and the points.

Everything the child wrote is hostile until checked: each record is read with
:func:`course_instructor.transport.read_record` (sizes, nesting depth, ``.npy``
headers and dtypes checked before anything is loaded) and decoded with
:func:`course_instructor.codec.decode` (which refuses anything malformed). The verdict
comes from the engine the notebook checks use (:func:`course_utils.checks.diagnosis.judge`).

A lost case keeps its reason as data (:class:`CaseResult`): a
:class:`~course_utils.checks.policy.Mismatch` with no value in it, or a
:class:`~course_utils.messages.Phrase` of the course's table. :func:`say` says it when
the feedback is written, in the student's language, rendered as the grader renders
(``reveal=False``: no hidden input, no expected value).

Nothing the submission chose reaches the feedback: an exception is reported by its
built-in type and a function name the instructor's module defines (:func:`error_info`),
never by its message, and on a hidden case never by its line (a line of a long file,
chosen from a hidden input, would carry that input out; an error while importing keeps
its line: no hidden input reaches it); a size the output chose (a dimension of a shape,
a length, a count of keys) is shown only when it is one of the case's own sizes (the
dimensions, sizes and lengths of its inputs and expected outputs), else as ``?``, and a
shape of more dimensions than any of the case's arrays has is said as that number (a
shape of 32 dimensions of 0 or 1 would carry 32 bits) (:func:`bound_sizes`), so an
output's shape cannot carry a hidden number back. The raw
texts (the exception's message, the head of stderr) go to the instructor's JSON only,
under ``untrusted``.

Statuses (the ``status`` of an :class:`ExerciseResult`, in the results JSON):

=============  ====================================================================
ok             the child ran every case; each verdict is in its case
not-graded     the submission or this module could not be read (the reason is given)
import-error   importing the submission's module raised
timeout        the time limit (CPU time) was reached, or the wall-clock backstop while
               not starved of CPU (an ExerciseResult's ``starved`` says it was)
memory         the memory cap was reached (the kernel killed the job)
crashed        a signal ended the child (segfault, abort, ...)
exited         the child ended before returning every result (exit(), os._exit())
bad-result     a result file could not be read safely (malformed, oversized, forged)
sandbox-error  the sandbox itself failed: not the student's fault; never cached, rerun
grader-error   the grader failed on this exercise: not the student's fault; never cached
=============  ====================================================================
"""
import builtins
import copy
import functools
import signal
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from course_instructor import codec, transport
from course_utils.checks import imports
from course_utils.checks.diagnosis import explain_error, judge, remind
from course_utils.checks.policy import ErrorInfo, Mismatch, Outcome, first_change
from course_utils.checks.render import render, shapes_of
from course_utils.messages import Phrase, text

STATUSES = ("ok", "not-graded", "import-error", "timeout", "memory", "crashed", "exited",
            "bad-result", "sandbox-error", "grader-error")
RETRY = ("sandbox-error", "grader-error")       # not the student's doing: never cached
UNREADABLE = Phrase("feedback.unreadable", {})
TOO_BIG = Phrase("feedback.too_big", {})
SANDBOX_FAILED = Phrase("feedback.sandbox_failed", {})
GRADER_FAILED = Phrase("feedback.grader_failed", {})
STARVED = Phrase("feedback.starved", {})
UNKNOWN_SIZE = "?"
# One case's record as the grader reads it (the reference's largest: 1.8 KB of JSON,
# 26 KB of arrays); a record over these is unreadable, costing that case only, and the
# grader's memory stays bounded whatever a child writes.
MAX_RECORD_JSON = 1 << 20
MAX_RECORD_NPZ = 4 << 20
DTYPES = transport.REAL_DTYPES | transport.COMPLEX_DTYPES


@dataclass
class CaseResult:
    """The verdict on one hidden case.

    passed : bool
    reason : why it was lost, as data (None if it passed): a Mismatch that holds no
        value and no exception message, a Phrase, or a Phrase whose field ``reason``
        is such a Mismatch. :func:`say` says it.
    """
    passed: bool
    reason: object = None


@dataclass
class ExerciseResult:
    exercise: str
    points: float
    score: float
    cases: list
    status: str                  # one of STATUSES
    diagnostics: str = ""        # for the instructor: the grader's own words only
    untrusted: dict = field(default_factory=dict)   # for the instructor: the child's text
    starved: bool = False        # a time-out on the clock while kept from the CPU: not final


def make_result(graded, cases, status, diagnostics="", untrusted=None):
    """An :class:`ExerciseResult`: the points shared equally among the cases."""
    n = len(graded.expected)
    passed = sum(c.passed for c in cases)
    score = float(Fraction(graded.points).limit_denominator() * passed / n)
    return ExerciseResult(graded.exercise.id, graded.points, score, cases, status,
                          diagnostics, untrusted or {})


def all_fail(graded, reason, status, diagnostics="", untrusted=None):
    """Every case lost for the same ``reason``."""
    return make_result(graded, [CaseResult(False, reason) for _ in graded.expected],
                       status, diagnostics, untrusted)


def not_graded(sub, graded):
    """The result when ``sub`` cannot be graded on ``graded`` at all, else None."""
    if sub.error:
        return all_fail(graded, submission_not_graded(sub), "not-graded")
    module = graded.exercise.module
    if module not in sub.modules:
        why = sub.problems.get(module, f"course_utils/{module}.py is missing")
        return all_fail(graded, Phrase("feedback.module_not_graded", {"why": why}),
                        "not-graded")
    names = _unprovided(sub.modules[module])
    if names:       # the same refusal as the notebook check (course_utils.checks.imports)
        return all_fail(graded, imports.phrase(module, names), "import-error",
                        "imports a module the course does not provide")
    return None


@functools.lru_cache(maxsize=64)
def _unprovided(source):
    """:func:`course_utils.checks.imports.unprovided_imports` of a module's bytes (names
    that are identifiers of at most 41 ASCII characters, from the source the student
    wrote: nothing computed at run time, so they carry no hidden value)."""
    try:
        decoded = source.decode("utf-8")
    except UnicodeDecodeError:
        return ()                       # it cannot be imported: the sandbox says so
    return tuple(imports.unprovided_imports(decoded))


def submission_not_graded(sub):
    """Why nothing of ``sub`` is graded, as a Phrase (``sub.error`` is the archive's why)."""
    return Phrase("feedback.submission_not_graded", {"name": sub.name, "why": sub.error})


# ------------------------------------------------------------------ saying a reason
def say(graded, k, reason, language="en"):
    """The reason hidden case ``k`` (0-based) of ``graded`` was lost, in ``language``.

    A Mismatch is rendered as the grader renders (``reveal=False``), with the case's
    inputs by shape after a mismatch of kind or shape, and every size the output chose
    that is none of the case's own shown as ``?`` (with a note saying so).
    """
    if reason is None:
        return text("feedback.passed", language)
    if isinstance(reason, Phrase):
        fields = {name: say(graded, k, value, language)
                  if isinstance(value, (Phrase, Mismatch)) else value
                  for name, value in reason.fields.items()}
        return text(reason.key, language, **fields)
    mm, inputs, bounded = copy.deepcopy(reason), "", False
    if mm.problem != "raised":                  # what the output did, on this case
        case = graded.cases[k]
        own = (case.args, case.kwargs, graded.expected[k])
        bounded = bound_sizes(mm, case_sizes(*own), case_ndims(*own))
        inputs = shapes_of(case.args, case.kwargs, graded.names, reveal=False,
                           language=language)
    message = render(mm, False, graded.exercise.function, inputs, language)
    if bounded:                     # the note goes with the sentence it explains
        first, _, rest = message.partition("\n")
        message = first + text("feedback.size_note", language) + ("\n" + rest if rest else "")
    return message


def diagnosis(reason):
    """What a lost case's reason diagnoses, as one key for counting (the cohort report):
    the engine's hint (``hint.transpose``, ...) where there is one, ``not-done`` for the
    edition's stub, else the kind of mismatch (``mismatch.shape``) or of the phrase
    (``feedback.why.timeout``), the innermost one said. None for a passed case."""
    if reason is None:
        return None
    if isinstance(reason, Mismatch):
        if reason.problem == "raised" and reason.error is not None \
                and reason.error.type == "NotImplementedError":
            return "not-done"
        return reason.hint[0] if reason.hint else f"mismatch.{reason.problem}"
    if isinstance(reason, Phrase):
        inner = [v for v in reason.fields.values() if isinstance(v, (Mismatch, Phrase))]
        return diagnosis(inner[0]) if inner else reason.key
    return None


def case_texts(graded, result, language="en"):
    """What each case of ``result`` (an ExerciseResult of ``graded``) says, in order."""
    return [say(graded, k, c.reason, language) for k, c in enumerate(result.cases)]


# ------------------------------------------------------------------ exceptions
_EXCEPTIONS = {name for name, value in vars(builtins).items()
               if isinstance(value, type) and issubclass(value, BaseException)}


def error_info(raw, graded, max_line=100_000):
    """An ErrorInfo from what the child reported, reduced to what the course controls.

    The type is kept only if it is a built-in exception's name and the function only if
    the instructor's module defines a function of that name; the message (kept for the
    instructor's JSON and used only to pick one of the engine's fixed hints) is never
    shown. So the feedback carries no text the submission chose.
    """
    if not isinstance(raw, dict):
        raw = {}
    kind = raw.get("type")
    function = raw.get("function")
    line = raw.get("line")
    return ErrorInfo(
        type=kind if isinstance(kind, str) and kind in _EXCEPTIONS else None,
        message=str(raw.get("message", ""))[:2000],
        line=line if isinstance(line, int) and not isinstance(line, bool)
        and 0 < line <= max_line else None,
        function=function if isinstance(function, str) and function in graded.functions
        else None)


def raised(raw, graded, line=False):
    """The Mismatch of an exception the child reported (see :func:`error_info`), with its
    hint, kept without the exception's message, and without its line unless ``line``
    (an error while importing the module: no hidden input has reached the code)."""
    info = error_info(raw, graded)
    hint = explain_error(info)
    return Mismatch("raised", error=ErrorInfo(info.type, line=info.line if line else None,
                                              function=info.function), hint=hint)


def _raw_message(raw):
    return str(raw.get("message", ""))[:2000] if isinstance(raw, dict) else ""


# ------------------------------------------------------------------ sizes
def case_sizes(*values):
    """The sizes a case shows anyway: 0, 1, and every dimension and size of its arrays and
    every length of its lists, tuples and dicts (inputs and expected outputs)."""
    sizes = {0, 1}

    def walk(v, depth=0):
        if depth > 60:
            return
        if isinstance(v, np.ndarray):
            sizes.update(int(d) for d in v.shape)
            sizes.add(int(v.size))
        elif isinstance(v, dict):
            sizes.add(len(v))
            for x in v.values():
                walk(x, depth + 1)
        elif isinstance(v, (list, tuple)):
            sizes.add(len(v))
            for x in v:
                walk(x, depth + 1)
    for v in values:
        walk(v)
    return frozenset(sizes)


def case_ndims(*values):
    """The numbers of dimensions of a case's arrays (inputs and expected outputs)."""
    ndims = set()

    def walk(v, depth=0):
        if depth > 60:
            return
        if isinstance(v, np.ndarray):
            ndims.add(v.ndim)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x, depth + 1)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x, depth + 1)
    for v in values:
        walk(v)
    return frozenset(ndims)


class _Unknown(int):
    """A size shown as ``?`` (an int, so that the engine's templates format it)."""

    def __repr__(self):
        return UNKNOWN_SIZE

    __str__ = __repr__


def bound_sizes(mm, sizes, ndims=None):
    """Replace, in mismatch ``mm``, every size the output chose that is not in ``sizes``
    by ``?``, and a shape of more dimensions than any number in ``ndims`` (the case's
    arrays'; None: no bound) by that number; return whether a size was replaced by
    ``?``."""
    most = max(ndims, default=0) if ndims is not None else None
    replaced = False

    def one(d):
        nonlocal replaced
        if isinstance(d, int) and not isinstance(d, bool) and d not in sizes:
            replaced = True
            return _Unknown(-1)
        return d

    def kind(phrase):           # "a list of 54881 items", "an ndarray of shape (3, 54881)"
        shape = phrase.fields.get("shape")
        if phrase.key == "kind.array" and isinstance(shape, tuple) and most is not None \
                and len(shape) > most:
            return Phrase("kind.array_ndim", {"ndim": len(shape)})
        fields = {name: tuple(one(d) for d in v) if isinstance(v, tuple) else one(v)
                  for name, v in phrase.fields.items()}
        return Phrase(phrase.key, fields)
    if mm.problem == "shape" and isinstance(mm.got, tuple) and most is not None \
            and len(mm.got) > most:
        mm.problem, mm.got = "ndim", len(mm.got)
    elif mm.problem == "shape" and isinstance(mm.got, tuple):
        mm.got = tuple(one(d) for d in mm.got)
    elif mm.problem == "length" and isinstance(mm.got, int):
        mm.got = one(mm.got)
    elif mm.problem in ("kind", "returns") and isinstance(mm.got, Phrase):
        mm.got = kind(mm.got)
    return replaced


# ------------------------------------------------------------------ one case
def judge_case(graded, i, record, arrays):
    """The verdict on hidden case ``i`` from the child's record: a CaseResult."""
    ex, case = graded.exercise, graded.cases[i]
    if record.get("too_big"):
        return CaseResult(False, TOO_BIG)
    if record.get("unreadable"):
        return CaseResult(False, UNREADABLE)
    if not record.get("ok"):
        return CaseResult(False, raised(record.get("error"), graded))
    try:
        got = codec.decode(record["output"], arrays, np)
        after = codec.decode(record["inputs_after"], arrays, np)
        after = (tuple(after[0]), after[1])
    except (ValueError, KeyError, TypeError, AttributeError, IndexError,
            OverflowError, RecursionError):
        return CaseResult(False, UNREADABLE)
    before = graded.received[i]
    try:
        outcome = Outcome(got, changed=first_change((tuple(before[0]), before[1]), after,
                                                    graded.names))
    except Exception:       # noqa: BLE001 -- a hostile "after" must never stop the grading
        return CaseResult(False, UNREADABLE)
    args, kwargs = case.fresh()
    context = {"function": ex.function, "trains": "learning_rate" in graded.names,
               "args": args, "names": graded.names}
    try:
        mm = judge(ex.outputs, case, outcome, graded.expected[i], context)
    except Exception as err:   # noqa: BLE001 -- a comparison must never stop the grading
        return CaseResult(False, Phrase("feedback.not_comparable",
                                        {"type": type(err).__name__}))
    if mm is None:
        return CaseResult(True)
    remind(mm, graded.reminders)
    return CaseResult(False, _without_values(mm))


def _without_values(mm):
    """``mm`` as the grader keeps it: the numbers that differ (a hidden expected value
    among them) are dropped; kinds, shapes, counts, the path and the hint stay."""
    if mm.problem in ("value", "values"):
        mm.expected = mm.got = mm.index = None
    return mm


# ------------------------------------------------------------------ one child
def ended(how, timeout, memory_mb):
    """Why there is no result, in the course's words (a Phrase for ``{why}``)."""
    if how == "timeout":
        return Phrase("feedback.why.timeout", {"timeout": timeout})
    if how == "memory":
        return Phrase("feedback.why.memory", {"memory_mb": memory_mb})
    return Phrase({"crashed": "feedback.why.crashed", "exited": "feedback.why.exited"}[how], {})


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def how_it_ended(run):
    """``(how, diagnostics)``: how the child ended when that explains missing results
    ("timeout", "memory", "crashed" or None), and the grader's description of the run."""
    notes = []
    if run.timed_out:
        notes.append("timed out" + (" on the wall-clock backstop, starved of CPU"
                                    if run.starved else ""))
    if run.oom_killed:
        notes.append("the memory cap was reached (the kernel killed a process)")
    if run.signal is not None:
        notes.append(f"killed by signal {_signal_name(run.signal)}")
    elif run.returncode not in (None, 0):
        notes.append(f"exit status {run.returncode}")
    if run.problem:
        notes.append(run.problem)
    how = ("timeout" if run.timed_out else "memory" if run.oom_killed
           else "crashed" if run.signal is not None else None)
    return how, "; ".join(notes)


def score(graded, run, results, timeout, memory_mb):
    """The :class:`ExerciseResult` of one child: ``run`` is its
    :class:`~course_instructor.sandbox.RunResult`, ``results`` the folder its results
    were copied to (files named ``status``, ``case_<i>``, each ``.json`` + ``.npz``).
    A time-out of a child that was starved of CPU says so (``starved``)."""
    result = _score(graded, run, results, timeout, memory_mb)
    result.starved = result.status == "timeout" and run.starved
    return result


def _score(graded, run, results, timeout, memory_mb):
    ex = graded.exercise
    how, diagnostics = how_it_ended(run)
    untrusted = {"stderr": run.stderr} if run.stderr else {}
    if run.sandbox_failed:
        return all_fail(graded, SANDBOX_FAILED, "sandbox-error", diagnostics, untrusted)

    def read(stem):
        return transport.read_record(results, stem, max_json_bytes=MAX_RECORD_JSON,
                                     max_npz_bytes=MAX_RECORD_NPZ, dtypes=DTYPES)
    try:
        status = read("status")
    except transport.TransportError as err:
        notes = [diagnostics] if diagnostics else []
        return all_fail(graded, UNREADABLE, "bad-result", "; ".join(notes + [f"status: {err}"]),
                        untrusted)
    if status is not None and status[0].get("stage") != "loaded":
        err = status[0].get("error")
        if _raw_message(err):
            untrusted["import_error"] = _raw_message(err)
        why = Phrase("feedback.import_failed", {"module": ex.module,
                                                 "reason": raised(err, graded, line=True)})
        return all_fail(graded, why, "import-error", diagnostics, untrusted)
    if status is None:
        how = how or "exited"
        why = Phrase("feedback.no_result_importing",
                     {"why": ended(how, timeout, memory_mb), "module": ex.module})
        return all_fail(graded, why, how, diagnostics, untrusted)
    cases, final, errors, notes = [], "ok", {}, [diagnostics] if diagnostics else []
    for i in range(len(graded.expected)):
        try:
            got = read(f"case_{i}")
        except transport.TransportError as err:
            cases.append(CaseResult(False, UNREADABLE))
            final = "bad-result" if final == "ok" else final
            notes.append(f"case {i + 1}: {err}")
            continue
        if got is None:
            final = how or "exited"
            cases.append(CaseResult(False, Phrase("feedback.no_result",
                                                  {"why": ended(final, timeout, memory_mb)})))
            continue
        cases.append(judge_case(graded, i, *got))
        if not got[0].get("ok") and _raw_message(got[0].get("error")):
            errors[str(i + 1)] = _raw_message(got[0].get("error"))
    if errors:
        untrusted["case_errors"] = errors
    return make_result(graded, cases, final, "; ".join(notes), untrusted)
