"""Input validation shared by all lessons.

Each validator raises ``TypeError`` or ``ValueError`` *before* any arithmetic, with a
message that names the argument, the expected shape or type, what was received
and, where a common mistake explains it, a hint. A beginner should be able to
act on the message without reading a NumPy traceback.
"""
import numbers

import numpy as np


def validate_array(x, name, ndim=None):
    """Require a numeric ndarray (optionally with ``ndim`` axes); return it."""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array; got {type(x).__name__}. "
                        f"Convert it with np.asarray({name}).")
    if x.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got an array of dtype {x.dtype}.")
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got shape {x.shape} "
                         f"({x.ndim}-D).")
    return x


def validate_scalar(x, name):
    """Require a real number (Python or NumPy scalar, or a size-1 array); return a float."""
    if isinstance(x, np.ndarray) and x.size == 1 and x.dtype.kind in "biuf":
        return float(x.reshape(()))
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    raise TypeError(f"{name} must be a real number; got {type(x).__name__}"
                    + (f" of shape {x.shape}" if isinstance(x, np.ndarray) else "") + ".")


def validate_positive_int(x, name):
    """Require an int >= 1 (bools are rejected)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 1:
        raise ValueError(f"{name} must be a positive integer; got {x!r}.")
    return int(x)


def validate_nonnegative_int(x, name):
    """Require an int >= 0 (bools are rejected)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 0:
        raise ValueError(f"{name} must be a non-negative integer; got {x!r}.")
    return int(x)


def validate_positive_float(x, name):
    """Require a finite real number > 0."""
    value = validate_scalar(x, name)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number; got {x!r}.")
    return value


def validate_X(X, name="X", n_x=None, finite=True):
    """Require a data matrix of shape (n_x, m): one example per column.

    ``finite=False`` skips the NaN/inf scan, for validation repeated every iteration of
    a training loop (the scan would cost as much as the forward pass).
    """
    validate_array(X, name, ndim=2)
    if n_x is not None and X.shape[0] != n_x:
        hint = ""
        if X.shape[1] == n_x:
            hint = (" It looks transposed: examples must be columns. "
                    "Did you forget .T after reshape(m, -1)?")
        raise ValueError(f"{name} must have shape (n_x, m) = ({n_x}, m); got {X.shape}.{hint}")
    if finite and not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinite values.")
    return X


def validate_labels(Y, m, name="Y"):
    """Require labels of shape (1, m) with entries 0 or 1."""
    validate_array(Y, name)
    if Y.shape != (1, m):
        hint = ""
        if Y.shape in ((m, 1), (m,)):
            hint = (f" A {Y.shape} label array would broadcast against (1, {m}) into the wrong "
                    f"shape without any error; use {name}.reshape(1, -1).")
        raise ValueError(f"{name} must have shape (1, m) = (1, {m}); got {Y.shape}.{hint}")
    if not np.all((Y == 0) | (Y == 1)):
        bad = np.unique(Y[(Y != 0) & (Y != 1)])[:5]
        raise ValueError(f"{name} must contain only the labels 0 and 1; found {bad.tolist()}.")
    return Y
