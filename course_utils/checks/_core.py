"""The engine behind the student-facing checks.

A check runs a graded function on a few cases, compares every output with the
expected one (kind, then shape, then values within a stated tolerance) and either
prints one stable line or raises ``CheckFailed`` with a message that says:
which case, which output, what was expected, what came back, and a hint when the
difference looks like a well-known mistake.
"""
import copy
import numbers
from dataclasses import dataclass, field

import numpy as np


class CheckFailed(AssertionError):
    """A graded function gave a wrong output in a check."""


@dataclass
class Case:
    """One input and its expected output.

    ``args`` is a callable returning a fresh tuple of arguments (so one case cannot
    disturb another). ``expected`` is the expected return value. ``m`` (the number
    of examples, if any) lets the checker recognise a missing division by m.
    """
    name: str
    args: object
    expected: object
    kwargs: dict = field(default_factory=dict)
    m: int = None
    rtol: float = 1e-6
    atol: float = 1e-8


def _kind(x):
    if isinstance(x, np.ndarray):
        return f"ndarray of shape {x.shape}"
    return type(x).__name__


def _fmt_value(x):
    return f"{x:.8g}" if isinstance(x, numbers.Real) and not isinstance(x, bool) else repr(x)


def _hint(got, expected, m):
    """Name the usual mistake that turns ``expected`` into ``got``, if one does."""
    got = np.asarray(got, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        if got.shape == expected.T.shape:
            return "The shape is transposed: a missing or extra .T?"
        if got.ndim == 2 and got.shape[0] == got.shape[1] and expected.ndim == 2 \
                and 1 in expected.shape and got.shape[0] in expected.shape:
            return ("A square result where a row or column was expected: a (m, 1) array "
                    "broadcast against a (1, m) one, or * used where a matrix product "
                    "(@ / np.dot) was meant.")
        if got.size == 1 and expected.size > 1:
            return "A single number where an array was expected: a sum or mean too many?"
        return "Check which axis you sum over (keepdims=True keeps the 2-D shape)."

    def close(a, b):
        return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))

    if np.any(expected != 0) and close(got, -expected):
        return "Your result has the opposite sign: check the minus sign (the cost is -1/m sum ...)."
    if m and m > 1 and np.any(expected != 0):
        if close(got, expected * m):
            return "Your result is m times too large: did you forget to divide by m?"
        if close(got, expected / m):
            return "Your result is m times too small: divided by m twice?"
    return None


def compare(got, expected, where, rtol, atol, m=None):
    """Return None if ``got`` matches ``expected``, else a message about ``where``."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{where} should be a dict; got {_kind(got)}."
        missing = [k for k in expected if k not in got]
        if missing:
            return f"{where} is missing the key(s) {missing}; it has {sorted(got)}."
        for k in expected:
            msg = compare(got[k], expected[k], f"{where}[{k!r}]", rtol, atol, m)
            if msg:
                return msg
        return None
    if isinstance(expected, (tuple, list)) and not isinstance(expected, np.ndarray):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return (f"{where} should be a {type(expected).__name__} of {len(expected)} "
                    f"items; got {_kind(got)}"
                    + (f" of {len(got)} items" if isinstance(got, (tuple, list)) else "") + ".")
        for i, (g, e) in enumerate(zip(got, expected)):
            msg = compare(g, e, f"{where}[{i}]", rtol, atol, m)
            if msg:
                return msg
        return None
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"{where} should be an ndarray of shape {expected.shape}; got {_kind(got)}."
        if got.shape != expected.shape:
            hint = _hint(got, expected, m)
            return (f"{where} should have shape {expected.shape}; got {got.shape}."
                    + (f"\nHint: {hint}" if hint else ""))
        if expected.dtype == bool and got.dtype != bool:
            return f"{where} should hold booleans (True/False); got dtype {got.dtype}."
        if got.dtype.kind not in "biuf":
            return f"{where} should hold numbers; got dtype {got.dtype}."
        if np.isnan(got).any():
            return f"{where} contains NaN."
        bad = ~np.isclose(got, expected, rtol=rtol, atol=atol)
        if bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            hint = _hint(got, expected, m)
            return (f"{where} differs at {int(bad.sum())} of {bad.size} entries; first at "
                    f"index {idx}: expected {_fmt_value(expected[idx].item())}, got "
                    f"{_fmt_value(got[idx].item())} (tolerance rtol={rtol:g}, atol={atol:g})."
                    + (f"\nHint: {hint}" if hint else ""))
        return None
    if isinstance(expected, numbers.Real) and not isinstance(expected, bool):
        if isinstance(got, np.ndarray) and got.size == 1:
            return (f"{where} should be a plain number (float); got an ndarray of shape "
                    f"{got.shape}. Convert it with float(...).")
        if not isinstance(got, numbers.Real) or isinstance(got, bool):
            return f"{where} should be a number; got {_kind(got)}."
        if not np.isclose(got, expected, rtol=rtol, atol=atol):
            hint = _hint(got, expected, m)
            return (f"{where}: expected {_fmt_value(expected)}, got {_fmt_value(got)} "
                    f"(tolerance rtol={rtol:g}, atol={atol:g})."
                    + (f"\nHint: {hint}" if hint else ""))
        return None
    if got != expected:
        return f"{where}: expected {expected!r}, got {got!r}."
    return None


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def run_cases(exercise, func, cases, quiet=False):
    """Run ``func`` on every case; print one line if all pass, else raise CheckFailed."""
    if not callable(func):
        raise TypeError(f"check for {exercise} needs the function itself; got {_kind(func)}.")
    for case in cases:
        args = case.args()
        before = copy.deepcopy(args)
        try:
            got = func(*args, **case.kwargs)
        except NotImplementedError:
            raise
        except Exception as err:
            raise CheckFailed(f"{exercise}, case '{case.name}': your function raised "
                              f"{type(err).__name__}: {err}") from err
        if not _same(args, before):
            raise CheckFailed(f"{exercise}, case '{case.name}': your function modified its "
                              "input arrays in place. Work on new arrays (e.g. w = w - "
                              "learning_rate * dw) instead of changing the caller's.")
        msg = compare(got, case.expected, "output", case.rtol, case.atol, case.m)
        if msg:
            raise CheckFailed(f"{exercise}, case '{case.name}': {msg}")
    if not quiet:
        print(f"{exercise}: all {len(cases)} case{'s' if len(cases) != 1 else ''} passed.")
