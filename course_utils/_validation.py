"""Input validation shared by all lessons.

Each validator raises ``TypeError`` or ``ValueError`` *before* any arithmetic, with a
message that names the argument, the expected shape or type, what was received
and, where a common mistake explains it, a hint. A beginner should be able to
act on the message without reading a NumPy traceback.
"""
import numbers

import numpy as np

from course_utils.messages import text as _


def validate_array(x, name, ndim=None):
    """Require a numeric ndarray (optionally with ``ndim`` axes); return it."""
    if not isinstance(x, np.ndarray):
        raise TypeError(_("input.not_array", name=name, got=type(x).__name__))
    if x.dtype.kind not in "biuf":
        raise TypeError(_("input.not_numbers", name=name, dtype=x.dtype))
    if ndim is not None and x.ndim != ndim:
        raise ValueError(_("input.ndim", name=name, ndim=ndim, shape=x.shape, got=x.ndim))
    return x


def validate_scalar(x, name):
    """Require a real number (Python or NumPy scalar, or a size-1 array); return a float."""
    if isinstance(x, np.ndarray) and x.size == 1 and x.dtype.kind in "biuf":
        return float(x.reshape(()))
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    if isinstance(x, np.ndarray):
        raise TypeError(_("input.real_array", name=name, shape=x.shape))
    raise TypeError(_("input.real", name=name, got=type(x).__name__))


def validate_positive_int(x, name):
    """Require an int >= 1 (bools are rejected)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 1:
        raise ValueError(_("input.positive_int", name=name, got=repr(x)))
    return int(x)


def validate_nonnegative_int(x, name):
    """Require an int >= 0 (bools are rejected)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or x < 0:
        raise ValueError(_("input.nonnegative_int", name=name, got=repr(x)))
    return int(x)


def validate_positive_float(x, name):
    """Require a finite real number > 0."""
    value = validate_scalar(x, name)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(_("input.positive_number", name=name, got=repr(x)))
    return value


def validate_X(X, name="X", n_x=None, finite=True):
    """Require a data matrix of shape (n_x, m): one example per column.

    ``finite=False`` skips the NaN/inf scan, for validation repeated every iteration of
    a training loop (the scan would cost as much as the forward pass).
    """
    validate_array(X, name, ndim=2)
    if n_x is not None and X.shape[0] != n_x:
        hint = _("input.hint_transposed_reshape") if X.shape[1] == n_x else ""
        raise ValueError(_("input.X_shape", name=name, n_x=n_x, got=X.shape, hint=hint))
    if finite and not np.all(np.isfinite(X)):
        raise ValueError(_("input.not_finite", name=name))
    return X


def validate_labels(Y, m, name="Y"):
    """Require labels of shape (1, m) with entries 0 or 1."""
    validate_array(Y, name)
    if Y.shape != (1, m):
        hint = (_("input.hint_labels_row", shape=Y.shape, m=m, name=name)
                if Y.shape in ((m, 1), (m,)) else "")
        raise ValueError(_("input.labels_shape", name=name, m=m, got=Y.shape, hint=hint))
    if not np.all((Y == 0) | (Y == 1)):
        bad = np.unique(Y[(Y != 0) & (Y != 1)])[:5]
        raise ValueError(_("input.labels_values", name=name, bad=bad.tolist()))
    return Y
