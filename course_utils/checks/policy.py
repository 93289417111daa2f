"""What counts as the same answer: the one acceptance policy of the checks and the grader.

A graded function is run on a :class:`Case` (in the notebook by
:func:`course_utils.checks.public.run_case`, in the grader inside a sandboxed child);
what came back is an :class:`Outcome`. :func:`mismatches` compares it with the expected
answer under the policy below and yields a :class:`Mismatch` for each difference: which
output (named as in the docstring), what kind of difference, and the kinds, shapes or
numbers involved. :mod:`~course_utils.checks.diagnosis` then picks the one to report and
the hint that explains it; :mod:`~course_utils.checks.render` says it.

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
  assignment into the caller's dict): :func:`first_change`;
* how the answer was computed does not matter: a naive sigmoid that overflows, seeding
  NumPy's global generator with ``np.random.seed(seed)``, or computing a value that an
  optional speed-up keyword says may be skipped are all fine. NumPy warnings cost nothing
  (the notebook check prints a note about them).

Nothing here is said in a language: a kind is a Phrase (:class:`course_utils.messages.Phrase`),
said when the mismatch is rendered.
"""
import copy
import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from course_utils.messages import Phrase


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


def cost_probe(name):
    """A public probe of a cost function at outputs of exactly 0 and 1 (never a failure).

    A clipped cost (logs of A clipped to [1e-15, 1 - 1e-15]) gives about 0 for ``name`` = [1, 0]
    and Y = [1, 0]; the naive formula computes 0 * log(0) = NaN, and the check then
    prints a note on why the safe form matters.
    """
    return Case("exactly 0 or 1", (np.array([[1.0, 0.0]]), np.array([[1, 0]])), 0.0,
                atol=1e-9, note=("note.cost_exact", {"name": name}))


@dataclass
class ErrorInfo:
    """What a raised exception says about itself, located in the student's code.

    type : the exception's class name (None: not a built-in one, said "an exception")
    message : its text (never shown by the grader)
    line, function : where in the student's file it was raised (innermost frame there)
    code : that line's text (notebook only)
    """
    type: str
    message: str = ""
    line: int = None
    function: str = None
    code: str = None


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
        "dtype", "nan", "values" or "value" (a number); the grader's feedback also says
        "ndim" (a shape of another number of dimensions, ``got`` that number)
    path : the output, named as in the docstring: 'cost', 'grads["dw"]', 'costs[1]'
    expected, got : kinds (Phrases), shapes, lengths or, for "value(s)", the numbers
    count, total, index : how many entries differ, of how many, and the first one
    tolerance : (rtol, atol) of a values comparison
    hint : (key, fields) of a hint in :mod:`course_utils.messages`, tied to the mistake
        it diagnoses (see :mod:`~course_utils.checks.diagnosis`)
    error : ErrorInfo, for "raised"
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


# ----------------------------------------------------------------------------- kinds

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
    """What a value is, as a Phrase: its kind and shape, never its values."""
    if x is None:
        return Phrase("kind.none", {})
    if isinstance(x, np.ndarray):
        return Phrase("kind.array", {"shape": x.shape})
    if as_number(x) is not None:
        return Phrase("kind.number_of", {"type": type(x).__name__})
    if isinstance(x, dict):
        return Phrase("kind.dict", {"n": len(x)})
    if isinstance(x, (list, tuple)):
        return Phrase("kind.sequence", {"type": type(x).__name__, "n": len(x)})
    if isinstance(x, (bool, np.bool_)):
        return Phrase("kind.bool", {})
    return Phrase("kind.other", {"type": type(x).__name__})


def _expected_kind(e):
    """What an expected value is, as the message states it (a number of any type, ...)."""
    if isinstance(e, np.ndarray):
        return Phrase("kind.array", {"shape": e.shape})
    if as_number(e) is not None:
        return Phrase("kind.number", {})
    if isinstance(e, dict):
        return Phrase("kind.dict_keys", {"keys": ", ".join(map(repr, e))})
    if isinstance(e, (list, tuple)):
        return Phrase("kind.sequence_of", {"n": len(e)})
    return describe(e)


# ----------------------------------------------------------------------------- comparing

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
        yield Mismatch("dtype", path, str(expected.dtype), str(got.dtype))
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
