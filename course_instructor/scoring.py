"""Step 4 of grading: a child's results -> a verdict per hidden case, and the points.

Everything the child wrote is hostile until checked: each record is read with
:func:`course_instructor.transport.read_record` (sizes, nesting depth, ``.npy``
headers and dtypes checked before anything is loaded) and decoded with
:func:`course_instructor.runner.decode` (which refuses anything malformed). The verdict
comes from the engine the notebook checks use (:func:`course_utils.checks.engine.judge`),
rendered without hidden values (``reveal=False``).

Nothing the submission chose reaches the feedback: an exception is reported by its
built-in type, its line number and a function name the instructor's module defines
(:func:`error_info`), never by its message; a size the output chose (a dimension of a
shape, a length, a count of keys) is shown only when it is one of the case's own sizes
(the dimensions, sizes and lengths of its inputs and expected outputs), else as ``?``
(:func:`bound_sizes`), so an output's shape cannot carry a hidden number back. The raw
texts (the exception's message, the head of stderr) go to the instructor's JSON only,
under ``untrusted``.

Statuses (the ``status`` of an :class:`ExerciseResult`, in the results JSON):

=============  ====================================================================
ok             the child ran every case; each verdict is in its case
not-graded     the submission or this module could not be read (the reason is given)
import-error   importing the submission's module raised
timeout        the time limit was reached
memory         the memory cap was reached (the kernel killed the job)
crashed        a signal ended the child (segfault, abort, ...)
exited         the child ended before returning every result (exit(), os._exit())
bad-result     a result file could not be read safely (malformed, oversized, forged)
sandbox-error  the sandbox itself failed: not the student's fault; never cached, rerun
grader-error   the grader failed on this exercise: not the student's fault; never cached
=============  ====================================================================
"""
import builtins
import functools
import re
import signal
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from course_instructor import runner, transport
from course_utils.checks import engine, imports

STATUSES = ("ok", "not-graded", "import-error", "timeout", "memory", "crashed", "exited",
            "bad-result", "sandbox-error", "grader-error")
RETRY = ("sandbox-error", "grader-error")       # not the student's doing: never cached
UNREADABLE = "your function's output could not be read back."
SANDBOX_FAILED = ("not graded: the grading sandbox failed on this exercise (not your code); "
                  "your instructor will grade it again.")
GRADER_FAILED = ("not graded: the grader failed on this exercise (not your code); your "
                 "instructor will grade it again.")
TOO_BIG = "your function returned a value too large or too deeply nested to be read back."
UNKNOWN_SIZE = "?"
SIZE_NOTE = " (? stands for a size that is none of this case's own sizes.)"
DTYPES = transport.REAL_DTYPES | transport.COMPLEX_DTYPES


@dataclass
class CaseResult:
    passed: bool
    message: str        # for the student: never a hidden value, never the student's text


@dataclass
class ExerciseResult:
    exercise: str
    points: float
    score: float
    cases: list
    status: str                  # one of STATUSES
    diagnostics: str = ""        # for the instructor: the grader's own words only
    untrusted: dict = field(default_factory=dict)   # for the instructor: the child's text


def make_result(graded, cases, status, diagnostics="", untrusted=None):
    """An :class:`ExerciseResult`: the points shared equally among the cases."""
    n = len(graded.expected)
    passed = sum(c.passed for c in cases)
    score = float(Fraction(graded.points).limit_denominator() * passed / n)
    return ExerciseResult(graded.exercise.id, graded.points, score, cases, status,
                          diagnostics, untrusted or {})


def all_fail(graded, message, status, diagnostics="", untrusted=None):
    """Every case lost with the same ``message``."""
    return make_result(graded, [CaseResult(False, message) for _ in graded.expected],
                       status, diagnostics, untrusted)


def not_graded(sub, graded):
    """The result when ``sub`` cannot be graded on ``graded`` at all, else None."""
    if sub.error:
        return all_fail(graded, sub.error, "not-graded")
    module = graded.exercise.module
    if module not in sub.modules:
        return all_fail(graded, f"not graded: {sub.problems.get(module, 'module missing')}.",
                        "not-graded")
    names = _unprovided(sub.modules[module])
    if names:       # the same refusal as the notebook check (course_utils.checks.imports)
        return all_fail(graded, imports.message(module, names), "import-error",
                        "imports a module the course does not provide")
    return None


@functools.lru_cache(maxsize=64)
def _unprovided(source):
    """:func:`course_utils.checks.imports.unprovided_imports` of a module's bytes (names
    that are identifiers of at most 41 ASCII characters, from the source the student
    wrote: nothing computed at run time, so they carry no hidden value)."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return ()                       # it cannot be imported: the sandbox says so
    return tuple(imports.unprovided_imports(text))


# ------------------------------------------------------------------ exceptions
_IDENTIFIER = re.compile(r"[A-Za-z_]\w{0,60}")
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
    called = raw.get("called")
    return engine.ErrorInfo(
        type=kind if isinstance(kind, str) and kind in _EXCEPTIONS else "an exception",
        message=str(raw.get("message", ""))[:2000],
        line=line if isinstance(line, int) and not isinstance(line, bool)
        and 0 < line <= max_line else None,
        function=function if isinstance(function, str) and function in graded.functions
        else None,
        called=called if isinstance(called, str) and called.startswith("course_utils.")
        and _IDENTIFIER.fullmatch(called.rsplit(".", 1)[-1] or "") else None)


def error_message(raw, graded):
    """The feedback for an exception the child reported (see :func:`error_info`)."""
    info = error_info(raw, graded)
    if info.type == "NotImplementedError":
        return engine.render(engine.Mismatch("raised", error=info), False, "") \
            .replace("your code raised NotImplementedError", "not implemented yet "
                     "(NotImplementedError)")
    hint = engine.explain_error(info)
    return engine.render(engine.Mismatch("raised", error=info, hint=hint), False,
                         graded.exercise.function)


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


class _Unknown(int):
    """A size shown as ``?`` (an int, so that the engine's templates format it)."""

    def __repr__(self):
        return UNKNOWN_SIZE

    __str__ = __repr__


_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")


def bound_sizes(mm, sizes):
    """Replace, in mismatch ``mm``, every size the output chose that is not in ``sizes``
    by ``?``; return whether one was replaced."""
    replaced = False

    def one(d):
        nonlocal replaced
        if isinstance(d, int) and d not in sizes:
            replaced = True
            return _Unknown(-1)
        return d
    if mm.problem == "shape" and isinstance(mm.got, tuple):
        mm.got = tuple(one(d) for d in mm.got)
    elif mm.problem == "length" and isinstance(mm.got, int):
        mm.got = one(mm.got)
    elif mm.problem in ("kind", "returns") and isinstance(mm.got, str):
        def text(m):
            value = one(int(m.group()))
            return UNKNOWN_SIZE if isinstance(value, _Unknown) else m.group()
        mm.got = _NUMBER.sub(text, mm.got)
    return replaced


# ------------------------------------------------------------------ one case
def judge_case(graded, i, record, arrays):
    """The verdict on hidden case ``i`` from the child's record: (passed, message)."""
    ex, case = graded.exercise, graded.cases[i]
    if record.get("too_big"):
        return False, TOO_BIG
    if record.get("unreadable"):
        return False, UNREADABLE
    if not record.get("ok"):
        return False, error_message(record.get("error"), graded)
    try:
        got = runner.decode(record["output"], arrays, np)
        after = runner.decode(record["inputs_after"], arrays, np)
        after = (tuple(after[0]), after[1])
    except (ValueError, KeyError, TypeError, AttributeError, IndexError,
            OverflowError, RecursionError):
        return False, UNREADABLE
    before = graded.received[i]
    try:
        outcome = engine.Outcome(got, changed=engine.first_change(
            (tuple(before[0]), before[1]), after, graded.names))
    except Exception:       # noqa: BLE001 -- a hostile "after" must never stop the grading
        return False, UNREADABLE
    args, kwargs = case.fresh()
    context = {"function": ex.function, "trains": "learning_rate" in graded.names,
               "args": args, "names": graded.names}
    try:
        mm = engine.judge(ex.outputs, case, outcome, graded.expected[i], context)
    except Exception as err:   # noqa: BLE001 -- a comparison must never stop the grading
        return False, f"the output could not be compared ({type(err).__name__})."
    if mm is None:
        return True, "passed"
    engine.remind(mm, graded.reminders)
    bounded = bound_sizes(mm, case_sizes(args, kwargs, graded.expected[i]))
    message = engine.render(mm, False, ex.function,
                            engine.shapes_of(args, kwargs, graded.names, reveal=False))
    if bounded:                     # the note goes with the sentence it explains
        first, _, rest = message.partition("\n")
        message = first + SIZE_NOTE + ("\n" + rest if rest else "")
    return False, message


# ------------------------------------------------------------------ one child
def ended(how, timeout, memory_mb):
    """Why there is no result, in the course's words."""
    return {"timeout": f"no result: the time limit of {timeout:g} s was exceeded "
                       "(an infinite loop? a very slow computation?)",
            "memory": f"no result: the memory limit of {memory_mb} MB was exceeded",
            "crashed": "no result: the process crashed",
            "exited": "no result: the process ended before returning "
                      "(exit(), os._exit() or a crash?)"}[how]


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
        notes.append("timed out")
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
    were copied to (files named ``status``, ``case_<i>``, each ``.json`` + ``.npz``)."""
    ex = graded.exercise
    how, diagnostics = how_it_ended(run)
    untrusted = {"stderr": run.stderr} if run.stderr else {}
    if run.sandbox_failed:
        return all_fail(graded, SANDBOX_FAILED, "sandbox-error", diagnostics, untrusted)

    def read(stem):
        return transport.read_record(results, stem, max_json_bytes=16 << 20,
                                     max_npz_bytes=64 << 20, dtypes=DTYPES)
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
        return all_fail(graded, f"importing your course_utils/{ex.module}.py failed: "
                        + error_message(err, graded), "import-error", diagnostics, untrusted)
    if status is None:
        how = how or "exited"
        return all_fail(graded, ended(how, timeout, memory_mb)
                        + f" while importing course_utils/{ex.module}.py.", how, diagnostics,
                        untrusted)
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
            cases.append(CaseResult(False, ended(final, timeout, memory_mb) + "."))
            continue
        passed, message = judge_case(graded, i, *got)
        if not got[0].get("ok") and _raw_message(got[0].get("error")):
            errors[str(i + 1)] = _raw_message(got[0].get("error"))
        cases.append(CaseResult(passed, message))
    if errors:
        untrusted["case_errors"] = errors
    return make_result(graded, cases, final, "; ".join(notes), untrusted)
