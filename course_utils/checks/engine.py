"""One engine for "is this answer right?", used by the notebook checks and by the grader.

A graded function is run on a :class:`Case` (in the notebook by :func:`run`, in the
grader inside a sandboxed child); what came back is an :class:`Outcome`. :func:`judge`
decides, with the one acceptance policy below, and returns ``None`` (right) or a
:class:`Mismatch` saying which output differs and how. :func:`render` turns a mismatch
into text: with values and the case's inputs in the notebook (``reveal=True``), without
them in the grader's feedback (``reveal=False``).

The acceptance policy (also in the README, "How an exercise works"):

* a number may be a Python float or int, a NumPy scalar or a 0-d array (not a bool, and
  not an array of shape (1, 1): ``float(...)`` or ``np.squeeze(...)`` turns that into one);
* an array must have exactly the expected shape; any real or bool dtype is fine and
  values are compared with a tolerance, so predictions may be True/False or 0/1 in any
  numeric dtype (the reference returns 0. and 1. as floats);
* a dict must hold the expected keys (in any order; extra keys are ignored); a tuple of
  values may be a tuple or a list, so the caches may be plain tuples or the lesson's
  named tuples; a list of numbers (``costs``) may also be a 1-D array;
* the function must not change its arguments (no ``w -= ...`` on the caller's array, no
  assignment into the caller's dict);
* how the answer was computed does not matter: a naive sigmoid that overflows, seeding
  NumPy's global generator with ``np.random.seed(seed)``, or computing a value that an
  optional speed-up keyword says may be skipped are all fine. NumPy warnings cost nothing
  (the notebook check prints a note about them).
"""
import copy
import inspect
import math
import numbers
import re
import warnings
from dataclasses import dataclass, field

import numpy as np

from course_utils.checks.messages import case_name
from course_utils.checks.messages import text as _

# ----------------------------------------------------------------------------- failures

class CheckFailed(AssertionError):
    """A graded function gave a wrong answer on a public case (shown without a stack)."""

    def _render_traceback_(self):            # IPython shows this instead of a traceback
        return [f"CheckFailed: {self}"]


class ExerciseNotDone(NotImplementedError):
    """The exercise is still the student edition's stub."""

    def _render_traceback_(self):
        return [f"NotImplementedError: {self}"]


# ----------------------------------------------------------------------------- cases

@dataclass
class Case:
    """One input of a graded function (and, for a public case, its expected answer).

    kind : str, what the case exercises ("general", "m = 1", "tie at 0.5", "saturated",
        "seed", "L = 3", ...). Every kind of hidden case has a public case of that kind.
    args : tuple, or a callable returning a fresh tuple (so one case cannot disturb another)
    expected : the expected return value (public cases); hidden cases leave it out and the
        grader computes it with the reference
    kwargs : dict of keyword arguments
    name : str, shown in messages (default: the kind)
    m : int, the number of examples, which enables the "divide by m" hints
    rtol, atol : tolerances for numbers, as in ``numpy.isclose``
    note : (message key, fields), for a public *probe*: a case that never fails; if the
        answer differs, this note is printed instead (e.g. what a naive formula does at
        exactly 0 or 1)
    """
    kind: str
    args: object
    expected: object = None
    kwargs: dict = field(default_factory=dict)
    name: str = None
    m: int = None
    rtol: float = 1e-6
    atol: float = 1e-8
    note: tuple = None

    def __post_init__(self):
        self.name = self.name or self.kind

    def fresh(self):
        """(args, kwargs), fresh copies that the function may do anything with."""
        args = self.args() if callable(self.args) else copy.deepcopy(self.args)
        return tuple(args), copy.deepcopy(self.kwargs)


@dataclass
class ErrorInfo:
    """What a raised exception says about itself, located in the student's code.

    type : the exception's class name;  message : its text (never shown by the grader);
    line, function : where in the student's file it was raised (innermost frame there);
    code : that line's text (notebook only);  called : the function that line called, if
    the exception came from deeper (``np.dot``, ``course_utils.activations.sigmoid``...)
    """
    type: str
    message: str = ""
    line: int = None
    function: str = None
    code: str = None
    called: str = None


@dataclass
class Outcome:
    """What one call of a graded function did.

    got : the returned value;  error : ErrorInfo if it raised;  changed : the name of the
    argument it modified (e.g. 'w', 'parameters["W1"]'), if any;  fp_events : NumPy
    floating-point events (overflow, ...) seen during the call (notebook only).
    """
    got: object = None
    error: ErrorInfo = None
    changed: str = None
    fp_events: tuple = ()


@dataclass
class Mismatch:
    """Why an answer is not accepted, in terms a beginner can act on.

    problem : "raised", "changed", "returns", "kind", "missing", "length", "shape",
        "dtype", "nan", "values" or "value" (a number)
    path : the output, named as in the docstring: 'cost', 'grads["dw"]', 'costs[1]'
    expected, got : descriptions (kinds, shapes) or, for "value(s)", the numbers
    count, total, index : how many entries differ, of how many, and the first one
    hint : (key, fields) of a hint in :mod:`messages`, tied to the mistake it diagnoses
    """
    problem: str
    path: str = ""
    expected: object = None
    got: object = None
    count: int = 0
    total: int = 0
    index: tuple = None
    tolerance: tuple = None
    hint: tuple = None
    error: ErrorInfo = None


# ----------------------------------------------------------------------------- policy

def as_number(x):
    """A float if ``x`` is a number under the policy (float, int, NumPy scalar, 0-d array)."""
    if isinstance(x, (bool, np.bool_)):
        return None
    if isinstance(x, numbers.Real):
        return float(x)
    if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf":
        return float(x)
    return None


def describe(x):
    """A short description of what a value is: its kind and shape, never its values."""
    if x is None:
        return _("kind.none")
    if isinstance(x, np.ndarray):
        return _("kind.array", shape=x.shape)
    if as_number(x) is not None:
        return _("kind.number_of", type=type(x).__name__)
    if isinstance(x, dict):
        return _("kind.dict", n=len(x))
    if isinstance(x, (list, tuple)):
        return _("kind.sequence", type=type(x).__name__, n=len(x))
    if isinstance(x, (bool, np.bool_)):
        return _("kind.bool")
    return _("kind.other", type=type(x).__name__)


def _expected_kind(e):
    if isinstance(e, np.ndarray):
        return _("kind.array", shape=e.shape)
    if as_number(e) is not None:
        return _("kind.number")
    if isinstance(e, dict):
        return _("kind.dict_keys", keys=", ".join(map(repr, e)))
    if isinstance(e, (list, tuple)):
        return _("kind.sequence_of", n=len(e))
    return describe(e)


def compare(got, expected, path, case):
    """None if ``got`` is accepted for ``expected`` (the policy above), else a Mismatch."""
    return next(mismatches(got, expected, path, case), None)


def mismatches(got, expected, path, case):
    """Every difference between ``got`` and ``expected`` under the policy, in order: a
    container of the wrong kind or size is one difference (not looked into further)."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            yield Mismatch("kind", path, _expected_kind(expected), describe(got))
            return
        missing = [k for k in expected if k not in got]
        if missing:
            yield Mismatch("missing", path, list(expected), missing)
            return
        for key in expected:
            yield from mismatches(got[key], expected[key], f'{path}["{key}"]', case)
        return
    if isinstance(expected, (list, tuple)):
        numbers_only = all(as_number(e) is not None for e in expected)
        if numbers_only and isinstance(got, np.ndarray) and got.ndim == 1:
            got = list(got)
        if not isinstance(got, (list, tuple)):
            yield Mismatch("kind", path, _expected_kind(expected), describe(got))
            return
        if len(got) != len(expected):
            yield Mismatch("length", path, len(expected), len(got))
            return
        fields = getattr(type(expected), "_fields", None)
        for i, (g, e) in enumerate(zip(got, expected)):
            label = f"{path}[{i}]" + (f" ({fields[i]})" if fields else "")
            yield from mismatches(g, e, label, case)
        return
    if isinstance(expected, np.ndarray) and expected.ndim > 0:
        yield from _array_mismatches(got, expected, path, case)
        return
    e = as_number(expected)
    if e is not None:
        g = as_number(got)
        if g is None:
            yield Mismatch("kind", path, _expected_kind(expected), describe(got))
        elif not math.isfinite(g) and math.isfinite(e):
            yield Mismatch("nan", path, count=1, total=1)
        elif not np.isclose(g, e, rtol=case.rtol, atol=case.atol):
            yield Mismatch("value", path, e, g, tolerance=(case.rtol, case.atol))
        return
    if expected is None:
        if got is not None:
            yield Mismatch("kind", path, describe(None), describe(got))
        return
    if type(got) is not type(expected) or got != expected:
        yield Mismatch("kind", path, describe(expected), describe(got))


def _array_mismatches(got, expected, path, case):
    if not isinstance(got, np.ndarray):
        yield Mismatch("kind", path, _expected_kind(expected), describe(got))
    elif got.shape != expected.shape:
        yield Mismatch("shape", path, expected.shape, got.shape)
    elif got.dtype.kind not in "biuf":
        yield Mismatch("dtype", path, expected.dtype, got.dtype)
    else:
        g, e = got.astype(float), expected.astype(float)
        bad = ~np.isfinite(g) & np.isfinite(e)
        if bad.any():
            yield Mismatch("nan", path, count=int(bad.sum()), total=bad.size)
            return
        bad = ~np.isclose(g, e, rtol=case.rtol, atol=case.atol)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            yield Mismatch("values", path, float(e[index]), float(g[index]), int(bad.sum()),
                           bad.size, index, (case.rtol, case.atol))


def first_change(before, after, names):
    """The first argument (by name) that differs between two snapshots, or None.

    ``before``/``after`` are ``(args, kwargs)``; values are compared exactly (arrays by
    shape, dtype and entries, dicts by keys and values), never by identity, so the
    notebook and the grader (which sees copies) find the same change.
    """
    def diff(a, b, path):
        if isinstance(a, np.ndarray):
            same = (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                    and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
            return None if same else path
        if isinstance(a, dict):
            if not isinstance(b, dict) or a.keys() != b.keys():
                return path
            return next((p for k in a if (p := diff(a[k], b[k], f'{path}["{k}"]'))), None)
        if isinstance(a, (list, tuple)):
            if not isinstance(b, (list, tuple)) or len(a) != len(b):
                return path
            return next((p for i, (x, y) in enumerate(zip(a, b))
                         if (p := diff(x, y, f"{path}[{i}]"))), None)
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return None
        return None if type(a) is type(b) and a == b else path

    (args0, kwargs0), (args1, kwargs1) = before, after
    for i, (a, b) in enumerate(zip(args0, args1)):
        found = diff(a, b, names[i] if i < len(names) else f"argument {i + 1}")
        if found:
            return found
    return next((p for k in kwargs0 if (p := diff(kwargs0[k], kwargs1.get(k), k))), None)


# ----------------------------------------------------------------------------- hints

_ROLE_GRADIENT = re.compile(r'(^|\["|\.)d[A-Za-z]\w*("\])?$')


def _leaf_name(path):
    """The innermost name of a path: 'grads["db"]' -> 'db', 'costs[1]' -> 'costs'."""
    path = re.sub(r" \(\w+\)$", "", path)
    keys = re.findall(r'\["([^"]+)"\]', path)
    return keys[-1] if keys else re.sub(r"\[.*", "", path)


def _role(path):
    name = _leaf_name(path)
    if re.fullmatch(r"d[A-Za-z]\w*", name):
        return "gradient"
    if name in ("cost", "costs"):
        return "cost"
    if re.fullmatch(r"(w|b|W\d+|b\d+)", name):
        return "parameter"
    return "other"


def _input_like(case_args, path, names=()):
    """The input the output at ``path`` updates (the argument or dict entry of that name)."""
    name = _leaf_name(path)
    for i, arg in enumerate(case_args):
        if i < len(names) and names[i] == name and as_number(arg) is not None or \
                i < len(names) and names[i] == name and isinstance(arg, np.ndarray):
            return arg
        if isinstance(arg, dict) and isinstance(arg.get(name), np.ndarray):
            return arg[name]
    return None


def _close(a, b):
    return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=1e-5, atol=1e-9))


def hint_for(mm, got_leaf, expected_leaf, case, context):
    """(key, fields) of the hint that explains ``mm``, or None when none applies.

    ``context``: function (its name), trains (it takes a learning_rate), args (the case's
    inputs as the function received them).
    """
    role, name = _role(mm.path), _leaf_name(mm.path)
    if mm.problem == "kind":
        if got_leaf is None:
            return "hint.none", {}
        if isinstance(expected_leaf, np.ndarray) and as_number(got_leaf) is not None:
            return ("hint.db_sum", {}) if name.startswith("db") else ("hint.number_for_array", {})
        if as_number(expected_leaf) is not None and isinstance(got_leaf, np.ndarray):
            if got_leaf.size == 1:
                return "hint.squeeze", {}
            return "hint.array_for_number", {}
        if isinstance(expected_leaf, np.ndarray) and isinstance(got_leaf, list) and \
                all(as_number(x) is not None or isinstance(x, list) for x in got_leaf):
            return "hint.list_for_array", {}
        return None
    if mm.problem == "shape":
        exp, got = mm.expected, mm.got
        if len(got) == 2 and len(exp) == 2 and got == exp[::-1] and exp[0] != exp[1]:
            return "hint.transposed", {}
        if len(got) == 1 and len(exp) == 2 and got[0] == exp[0] * exp[1]:
            if name.startswith("db"):
                return "hint.keepdims", {}
            if context.get("function", "").startswith("initialize"):
                return "hint.shape_tuple", {"shape": exp}
            return "hint.one_d", {"shape": exp}
        if len(got) == 2 and got[0] == got[1] and len(exp) == 2 and 1 in exp \
                and got[0] in exp and got[0] > 1:
            return "hint.square", {}
        if name.startswith("db") and len(got) == 2 and got == (1, 1) and exp[0] > 1:
            return "hint.db_axis", {}
        return None
    if mm.problem == "length" and name == "costs":
        return "hint.costs_every_100", {}
    if mm.problem == "nan":
        return ("hint.nan_saturated", {}) if case.kind == "saturated" else ("hint.nan", {})
    if mm.problem not in ("values", "value"):
        return None
    got_a, exp_a = np.asarray(got_leaf, dtype=float), np.asarray(expected_leaf, dtype=float)
    if case.kind == "tie at 0.5":
        return "hint.threshold", {}
    trains = context.get("trains", False)
    if role == "parameter" and trains:
        before = _input_like(context.get("args", ()), mm.path, context.get("names", ()))
        if before is not None and _close(got_a, before):
            return "hint.unchanged", {"name": name}
        if before is not None and _close(got_a, 2 * before - exp_a):
            return "hint.uphill", {"name": name}
        if np.any(exp_a != 0) and _close(got_a, -exp_a):
            return "hint.uphill", {"name": name}
    if role == "cost" and trains and got_a.ndim == 1 and got_a.size > 1:
        if got_a[-1] > got_a[0] and exp_a[-1] < exp_a[0]:
            return "hint.uphill", {"name": "w"}
    if role in ("gradient", "cost") and np.any(exp_a != 0):
        if _close(got_a, -exp_a):
            return ("hint.sign_cost", {}) if role == "cost" else ("hint.sign_gradient", {})
        if case.m and case.m > 1:
            if _close(got_a, exp_a * case.m):
                return "hint.times_m", {}
            if _close(got_a, exp_a / case.m):
                return "hint.divided_twice", {}
    if got_a.shape == exp_a.shape and got_a.size >= 3 and np.all(exp_a != 0) \
            and np.all(np.isfinite(got_a)):
        ratio = got_a / exp_a                      # the same factor everywhere (not 0 or 1)?
        if np.allclose(ratio, ratio.flat[0], rtol=1e-4) and abs(ratio.flat[0] - 1) > 1e-3 \
                and abs(ratio.flat[0]) > 1e-3:
            return "hint.scaled", {}
    if role == "parameter" and context.get("function", "").startswith("initialize"):
        return ("hint.zero_biases", {}) if name.startswith("b") else ("hint.random_draws", {})
    return None


# ----------------------------------------------------------------------------- judging

def _leaf(value, path, root):
    """The part of ``value`` (named ``root``) at ``path``, or None if it is not there."""
    rest = path[len(root):]
    for key, index in re.findall(r'\["([^"]+)"\]|\[(\d+)\]', re.sub(r" \(\w+\)", "", rest)):
        try:
            value = value[key] if key else value[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return value


_ROOT_CAUSES = {"hint.unchanged", "hint.uphill", "hint.times_m", "hint.divided_twice",
                "hint.sign_gradient", "hint.sign_cost"}


def judge(outputs, case, outcome, expected, context=None):
    """Decide one case: None if the answer is accepted, else a Mismatch (with its hint).

    outputs : the names of the returned values (from the docstring; several = a tuple)
    case : the Case;  outcome : what the call did;  expected : the right answer
    context : dict with "function", "trains" and "args" (see :func:`hint_for`)
    """
    context = context or {}
    if outcome.error is not None:
        return Mismatch("raised", error=outcome.error, hint=explain_error(outcome.error))
    if outcome.changed:
        return Mismatch("changed", outcome.changed, hint=("hint.changed", {}))
    got = outcome.got
    if len(outputs) == 1:
        pairs = [(outputs[0], got, expected)]
    else:
        if not isinstance(got, (tuple, list)) or len(got) != len(outputs):
            return Mismatch("returns", ", ".join(outputs), len(outputs), describe(got))
        pairs = list(zip(outputs, got, expected))
    found = []
    for name, g, e in pairs:
        for mm in mismatches(g, e, name, case):
            mm.hint = hint_for(mm, _leaf(g, mm.path, name), _leaf(e, mm.path, name),
                               case, context)
            found.append(mm)
            if mm.hint and mm.hint[0] in _ROOT_CAUSES or len(found) >= 20:
                break
        if found and found[-1].hint and found[-1].hint[0] in _ROOT_CAUSES:
            break
    if not found:
        return None
    # Report the first difference, unless a later one is explained by a mistake that
    # makes the earlier ones differ too (b never updated also changes w's path).
    first = next((mm for mm in found if mm.hint and mm.hint[0] in _ROOT_CAUSES), found[0])
    if first.hint is None and len(pairs) > 1 and first.problem in ("kind", "shape") \
            and _other_order_fits(got, expected, case):
        first.hint = ("hint.order", {"names": ", ".join(outputs)})
    return first


def _other_order_fits(got, expected, case):
    """Whether the returned values, in another order, have the expected kinds."""
    import itertools
    for perm in itertools.permutations(range(len(got))):
        if list(perm) == list(range(len(got))):
            continue
        if all(compare(got[p], e, "x", Case("x", (), rtol=0.0, atol=1e300)) is None
               for p, e in zip(perm, expected)):
            return True
    return False


# ----------------------------------------------------------------------------- exceptions

_MATMUL = re.compile(r"matmul: Input operand \d has a mismatch in its core dimension \d.*"
                     r"\(size (\d+) is different from (\d+)\)")
_DOT = re.compile(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned")
_BROADCAST = re.compile(r"operands could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)")
# The course's own input errors, as the string table words them in English and in Chinese.
_COURSE_CHECK = re.compile(r"[\w\[\]'\"]+ (must|is missing|should) "
                           r"|[\w\[\]'\"]+ (的形状)?(必须|缺少)")
_UNPACK = re.compile(r"(too many values to unpack|not enough values to unpack|cannot unpack "
                     r"non-iterable)")


def classify_error(error):
    """The kind of mistake an exception reveals, from a fixed list (for hints)."""
    msg, kind = error.message or "", error.type
    if kind == "ValueError" and (_MATMUL.search(msg) or _DOT.search(msg)):
        return "matmul"
    if kind == "ValueError" and _BROADCAST.search(msg):
        return "broadcast"
    if kind in ("ValueError", "TypeError") and _UNPACK.search(msg):
        return "unpack"
    if kind in ("NameError", "UnboundLocalError"):
        return "name"
    if kind == "TypeError" and "NoneType" in msg:
        return "none"
    if kind == "KeyError":
        return "key"
    if kind in ("ValueError", "TypeError") and _COURSE_CHECK.match(msg):
        return "course_check"
    return None


def numpy_detail(error):
    """NumPy's shape errors said in the course's words, with their sizes (notebook only)."""
    msg = error.message or ""
    if m := _MATMUL.search(msg):
        return _("detail.matmul", rows=m.group(1), columns=m.group(2))
    if m := _DOT.search(msg):
        return _("detail.dot", left=f"({m.group(1)})", right=f"({m.group(2)})")
    if m := _BROADCAST.search(msg):
        return _("detail.broadcast", shapes=" and ".join(m.group(1).split()))
    return None


def explain_error(error):
    kind = classify_error(error)
    return (f"hint.error_{kind}", {}) if kind else None


def describe_exception(err, student_file):
    """ErrorInfo of ``err``, located in the student's own code in ``student_file``.

    The frame reported is the innermost one whose line lies inside a solution region of
    that file (the code the student wrote), so an error raised by the course's input
    checks around an exercise points at the student's line that called it; ``called``
    names the function that line called.
    """
    frames = inspect.getinnerframes(err.__traceback__, context=1) if err.__traceback__ else []
    info = ErrorInfo(type(err).__name__[:80], str(err)[:2000])
    if isinstance(err, SyntaxError) and err.lineno:
        info.line = err.lineno
    regions = _student_lines(student_file)
    mine = [i for i, f in enumerate(frames) if f.filename == student_file]
    written = [i for i in mine if f_in(frames[i].lineno, regions)] or mine
    if written:
        i = written[-1]
        f = frames[i]
        info.line, info.function = f.lineno, f.function
        info.code = (f.code_context or [""])[0].strip()[:200] or None
        if i + 1 < len(frames):
            deeper = frames[i + 1]
            module = deeper.frame.f_globals.get("__name__", "")
            info.called = f"{module}.{deeper.function}" if module else deeper.function
    return info


def f_in(line, regions):
    return any(begin < line < end for begin, end in regions)


def _student_lines(path):
    """(begin, end) line numbers (1-based, exclusive) of the file's solution regions."""
    from course_utils.markers import MarkerError, find_regions
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return [(r.begin + 1, r.end + 1) for r in find_regions(text, path)]
    except (OSError, UnicodeDecodeError, MarkerError, ValueError):
        return []


# ----------------------------------------------------------------------------- running

def run(func, case, names=None):
    """Call ``func`` on ``case`` in this process; return its Outcome.

    NumPy's floating-point events are recorded instead of warned about, NumPy's global
    random state is restored afterwards (seeding it is allowed), and the arguments are
    compared with a snapshot to find in-place changes. ``NotImplementedError`` (the
    student edition's stub) propagates as :class:`ExerciseNotDone`.
    """
    args, kwargs = case.fresh()
    names = names or argument_names(func)
    before = copy.deepcopy((args, kwargs))
    events = []
    state = np.random.get_state()
    outcome = Outcome()
    try:
        with np.errstate(over="call", divide="call", invalid="call", under="ignore",
                         call=lambda kind, flag: events.append(kind)), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome.got = func(*args, **kwargs)
    except NotImplementedError as err:
        raise ExerciseNotDone(_not_done_text(err)) from None
    except Exception as err:                       # noqa: BLE001 -- judged, not hidden
        outcome.error = describe_exception(err, inspect.getsourcefile(func) or "")
    finally:
        np.random.set_state(state)
    outcome.changed = first_change(before, (args, kwargs), names)
    outcome.fp_events = tuple(dict.fromkeys(events))
    return outcome


def _not_done_text(err):
    """The stub's message and where it was raised (the student's file and line)."""
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return str(err)
    return _("stub.raised_at", message=err, line=tb.tb_lineno,
             file=tb.tb_frame.f_code.co_filename)


def argument_names(func):
    try:
        return [p.name for p in inspect.signature(func).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return []


# ----------------------------------------------------------------------------- rendering

def _fmt(x):
    if isinstance(x, float):
        return f"{x:.8g}"
    return repr(x)


def shapes_of(args, kwargs, names, reveal=True):
    """'w (2, 1), b=0.5, X (2, 3)': a case's inputs, arrays by shape (never by value).

    With ``reveal`` (public cases) plain numbers and strings are shown as they are;
    without it (hidden cases) only as "a number", "a str".
    """
    def one(name, v):
        if isinstance(v, np.ndarray):
            return f"{name} {v.shape}"
        if isinstance(v, dict):
            inner = ", ".join(one(k, x) for k, x in list(v.items())[:8])
            return f"{name} {{" + inner + (", ..." if len(v) > 8 else "") + "}"
        if v is None or isinstance(v, (str, bool)) or as_number(v) is not None:
            if reveal:
                return f"{name}={v!r}"
            return f"{name}: " + (_("kind.a_number") if as_number(v) is not None
                                  else describe(v) if v is not None else "None")
        return f"{name}: {describe(v)}"
    parts = [one(names[i] if i < len(names) else f"argument {i + 1}", v)
             for i, v in enumerate(args)]
    parts += [one(k, v) for k, v in kwargs.items()]
    return ", ".join(parts)


def render(mm, reveal, function, inputs=""):
    """The message for a mismatch; ``reveal`` adds values and NumPy's own words.

    ``inputs``: the case's inputs as :func:`shapes_of` describes them (shapes only).
    """
    p = mm.problem
    if p == "raised":
        e = mm.error
        where = (_("where.line", line=e.line, function=e.function) if e.line and e.function
                 else _("where.line_only", line=e.line) if e.line else "")
        if reveal:
            detail = numpy_detail(e)
            lines = [_("raised.public", type=e.type, where=where,
                       message=detail or e.message)]
            if e.code:
                lines.append(f"    {e.code}")
            if detail:
                lines.append(_("numpy_said", message=e.message))
        else:
            lines = [_("raised.hidden", type=e.type, where=where)]
    elif p == "changed":
        lines = [_("changed", path=mm.path)]
    elif p == "returns":
        lines = [_("returns", function=function, n=mm.expected, names=mm.path, got=mm.got)]
    elif p == "kind":
        lines = [_("kind", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "missing":
        lines = [_("missing", path=mm.path, missing=", ".join(map(repr, mm.got)))]
    elif p == "length":
        lines = [_("length", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "shape":
        lines = [_("shape", path=mm.path, expected=mm.expected, got=mm.got)]
    elif p == "dtype":
        lines = [_("dtype", path=mm.path, got=mm.got)]
    elif p == "nan":
        lines = [_("nan", path=mm.path, count=mm.count, total=mm.total)]
    elif p == "values":
        tol = _("tolerance", rtol=mm.tolerance[0], atol=mm.tolerance[1])
        lines = [_("values.public", path=mm.path, count=mm.count, total=mm.total,
                   index=mm.index, expected=_fmt(mm.expected), got=_fmt(mm.got), tol=tol)
                 if reveal else
                 _("values.hidden", path=mm.path, count=mm.count, total=mm.total, tol=tol)]
    else:
        tol = _("tolerance", rtol=mm.tolerance[0], atol=mm.tolerance[1])
        lines = [_("value.public", path=mm.path, expected=_fmt(mm.expected), got=_fmt(mm.got),
                   tol=tol) if reveal else _("value.hidden", path=mm.path, tol=tol)]
    if mm.hint:
        key, fields = mm.hint
        if reveal and key == "hint.error_course_check":
            key = "hint.error_course_check.public"
        lines.append(_("hint", text=_(key, **fields)))
    if inputs and p in ("raised", "shape", "kind", "returns"):
        lines.append(_("inputs", inputs=inputs))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- checks

def cost_probe(name):
    """A public probe of a cost function at outputs of exactly 0 and 1 (never a failure).

    A cost computed on probabilities clipped to [1e-15, 1 - 1e-15] gives about 0 for
    ``name`` = [1, 0] and Y = [1, 0]; the naive formula computes 0 * log(0) = NaN, and
    the check then prints a note on why the safe form matters.
    """
    return Case("exactly 0 or 1", (np.array([[1.0, 0.0]]), np.array([[1, 0]])), 0.0,
                atol=1e-9, note=("note.cost_exact", {"name": name}))


def run_check(function, func, cases, outputs, quiet=False, note_on_events=None,
              reminders=None, dependencies=None):
    """Run a public check: print one line if every case passes, else raise CheckFailed.

    function : the exercise's name;  func : the student's function;  cases : public Cases
    outputs : the names of the returned values;  reminders : {output name: reminder text}
    shown with a values mismatch of that output that no hint explains;  dependencies :
    {name: check} of the other graded functions: when ``func`` calls one of them and
    fails, the message says whether that one passes its own check.
    """
    if not callable(func):
        raise TypeError(_("not_callable", function=function, got=describe(func)))
    names = argument_names(func)
    context = {"function": function, "trains": "learning_rate" in names, "names": names}
    graded = [c for c in cases if c.note is None]
    events, notes = [], []
    recorder = _recording_calls(func, dependencies or {})
    with recorder as called:
        for case in cases:
            outcome = run(func, case, names)
            if case.note is None:
                events += outcome.fp_events
            args, kwargs = case.fresh()
            mm = judge(outputs, case, outcome, case.expected, dict(context, args=args))
            if mm and case.note is not None:
                notes.append(_(case.note[0], **case.note[1]))
                continue
            if mm:
                break
        else:
            mm = None
    if mm:
        remind(mm, reminders)
        message = render(mm, True, function, shapes_of(args, kwargs, names))
        for name in called:
            if not _passes(dependencies[name], recorder.saved[name]):
                message += "\n" + _("note", text=_("note.dependency", function=function,
                                                    other=name))
        raise CheckFailed(_("case_header", function=function, case=case_name(case.name))
                          + message)
    if not quiet:
        print(_("passed" if len(graded) != 1 else "passed.one", function=function,
                n=len(graded)))
        for note in dict.fromkeys(notes):
            print(_("note", text=note))
        if events:
            print(_("note", text=_(note_on_events) if note_on_events else
                    _("note.fp_events", events=", ".join(dict.fromkeys(events)))))


def remind(mm, reminders):
    """Give ``mm`` the formula reminder of its output when no hint explains it."""
    if mm.hint is None and reminders and mm.problem not in ("raised", "changed"):
        text = reminders.get(_leaf_name(mm.path)) or reminders.get(mm.path.split("[")[0])
        if text:
            mm.hint = ("hint.reminder", {"text": _(text)})
    return mm


def _passes(check, func):
    """Whether ``func`` passes ``check`` (run quietly)."""
    try:
        check(func, quiet=True)
    except (CheckFailed, ExerciseNotDone):
        return False
    return True


class _recording_calls:
    """Record which of ``dependencies`` (names in ``func``'s module) ``func`` calls."""

    def __init__(self, func, dependencies):
        self.globals = getattr(func, "__globals__", {})
        self.names = [n for n in dependencies if callable(self.globals.get(n))]
        self.called, self.saved = [], {}

    def __enter__(self):
        for name in self.names:
            original = self.saved[name] = self.globals[name]

            def wrapper(*args, _name=name, _original=original, **kwargs):
                if _name not in self.called:
                    self.called.append(_name)
                return _original(*args, **kwargs)
            wrapper.__wrapped__ = original
            self.globals[name] = wrapper
        return self.called

    def __exit__(self, *exc):
        self.globals.update(self.saved)
        return False
