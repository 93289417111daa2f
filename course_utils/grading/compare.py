"""Compare a returned value with the expected one, in the grader's process.

Kind and shape first (a (3,) answer does not pass for (3, 1); a dict must have the
expected keys; a float is not a 1-entry array), then values with explicit tolerances
(``numpy.isclose(got, expected, rtol, atol)`` entry by entry).

Messages go into the student's feedback, so they name kinds, shapes, dtypes and dict
keys, never a value: neither the expected one nor the inputs of a hidden case.
"""
import numbers

import numpy as np

from course_utils.grading.runner import Other


def kind(x):
    if isinstance(x, np.ndarray):
        return f"an ndarray of shape {x.shape}"
    if isinstance(x, Other):
        return f"a {x.description}"
    if isinstance(x, np.generic):
        return f"a numpy {x.dtype.name} scalar"
    return f"a {type(x).__name__}"


def _real(x):
    return isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_))


def _as_scalar(x):
    """A float, a NumPy scalar or a 0-d array as a float (None if it is none of these)."""
    if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf":
        return float(x)
    if _real(x):
        return float(x)
    return None


def compare(got, expected, where="output", rtol=1e-6, atol=1e-8, scalar_tolerant=False):
    """Return None if ``got`` matches ``expected``, else a message about ``where``."""
    if scalar_tolerant and _as_scalar(expected) is not None \
            and not (isinstance(expected, np.ndarray) and expected.ndim > 0):
        value = _as_scalar(got)
        if value is None:
            return f"{where} should be a number (or a 0-d array); got {kind(got)}."
        return None if np.isclose(value, _as_scalar(expected), rtol=rtol, atol=atol) else \
            f"{where} is not the expected value (tolerance rtol={rtol:g}, atol={atol:g})."
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{where} should be a dict; got {kind(got)}."
        missing = [k for k in expected if k not in got]
        if missing:
            return f"{where} is missing the key(s) {missing}."
        for k in expected:
            msg = compare(got[k], expected[k], f"{where}[{k!r}]", rtol, atol, scalar_tolerant)
            if msg:
                return msg
        return None
    if isinstance(expected, (tuple, list)):
        what = "tuple" if isinstance(expected, tuple) else "list"
        if not isinstance(got, (tuple, list)):
            return f"{where} should be a {what} of {len(expected)} items; got {kind(got)}."
        if len(got) != len(expected):
            return (f"{where} should be a {what} of {len(expected)} items; got "
                    f"{len(got)} items.")
        for i, (g, e) in enumerate(zip(got, expected)):
            msg = compare(g, e, f"{where}[{i}]", rtol, atol, scalar_tolerant)
            if msg:
                return msg
        return None
    if isinstance(expected, np.ndarray):
        if not isinstance(got, np.ndarray):
            return f"{where} should be an ndarray of shape {expected.shape}; got {kind(got)}."
        if got.shape != expected.shape:
            hint = ""
            if got.shape == expected.T.shape and got.ndim > 1:
                hint = " (transposed?)"
            elif got.ndim == expected.ndim - 1 and got.size == expected.size:
                hint = " (a 1-D array where a 2-D one was expected: keepdims=True or reshape?)"
            return f"{where} has shape {got.shape}; expected {expected.shape}{hint}."
        if expected.dtype == bool and got.dtype != bool:
            return f"{where} should hold booleans (True/False); got dtype {got.dtype}."
        if got.dtype.kind not in "biuf":
            return f"{where} should hold real numbers; got dtype {got.dtype}."
        if expected.dtype.kind == "f" and got.dtype.kind == "f" and np.isnan(got).any():
            return f"{where} contains NaN."
        bad = ~np.isclose(got.astype(float), expected.astype(float), rtol=rtol, atol=atol)
        if bad.any():
            return (f"{where} differs from the expected values at {int(bad.sum())} of "
                    f"{bad.size} entries (tolerance rtol={rtol:g}, atol={atol:g}).")
        return None
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(got, (bool, np.bool_)):
            return f"{where} should be True or False; got {kind(got)}."
        return None if bool(got) == bool(expected) else f"{where} is not the expected value."
    if _real(expected):
        if isinstance(got, np.ndarray):
            return (f"{where} should be a plain number; got an ndarray of shape {got.shape}. "
                    "Convert it with float(...).")
        if not _real(got):
            return f"{where} should be a number; got {kind(got)}."
        if np.isnan(float(got)):
            return f"{where} is NaN."
        if not np.isclose(float(got), float(expected), rtol=rtol, atol=atol):
            return f"{where} is not the expected value (tolerance rtol={rtol:g}, atol={atol:g})."
        return None
    if type(got) is not type(expected) or got != expected:
        return f"{where} is not the expected value (expected {kind(expected)}, got {kind(got)})."
    return None


def same(a, b):
    """Exact equality of two decoded values (used to detect in-place modification)."""
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return (isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b)))
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return type(a) is type(b) and a == b
