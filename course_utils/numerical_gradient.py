"""Gradient checking: compare analytic gradients with centred finite differences.

:func:`numerical_gradient` estimates the gradient of a scalar function entry by entry;
:func:`compare_gradients` compares a backward pass's gradients with those estimates and
reports each parameter's relative error (:func:`rel_error`).

    dJ/dtheta_i  ~  ( J(theta + eps e_i) - J(theta - eps e_i) ) / (2 eps)

The centred difference has error O(eps^2); with eps = 1e-7 in float64, a correct
backward pass typically agrees to a relative error below 1e-7, while a bug gives
errors around 1e-1 or larger.
"""
import numpy as np

from course_utils.messages import text as _


def rel_error(x, y):
    """Relative error max |x - y| / max(1e-8, |x| + |y|), element-wise then the maximum."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"rel_error needs arrays of the same shape; got {x.shape} and {y.shape}.")
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)), initial=0.0))


def numerical_gradient(f, x, eps=1e-5):
    """Centred finite-difference gradient of a scalar function f at array x.

    Parameters
    ----------
    f : callable taking an array of x's shape and returning a float
    x : ndarray of any shape (not modified: each nudge is made on a copy)
    eps : float, the step

    Returns
    -------
    grad : ndarray of the same shape as x
    """
    x = np.array(x, dtype=float)          # our own copy
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f(x.copy())
        x[i] = old - eps
        f_minus = f(x.copy())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def compare_gradients(cost_fn, params, grads, eps=1e-6, tol=1e-6, verbose=True):
    """Compare every gradient in ``grads`` with finite differences of ``cost_fn``.

    Parameters
    ----------
    cost_fn : callable(params_dict) -> float, the cost at the given parameters
    params : dict name -> ndarray, e.g. {"W1": ..., "b1": ...}
    grads : dict with "d" + name -> ndarray of the same shape, e.g. {"dW1": ...}
    eps : float, finite-difference step
    tol : float, the largest relative error accepted
    verbose : bool, print each parameter's relative error

    Returns
    -------
    errors : dict name -> relative error

    Raises
    ------
    AssertionError naming every parameter whose gradient is off, with its relative
    error and the entry where analytic and numerical gradients differ most.
    """
    errors, report = {}, []
    for name, value in params.items():
        key = "d" + name
        if key not in grads:
            raise KeyError(f"grads has no entry {key!r} for parameter {name!r}; "
                           f"it has {sorted(grads)}.")
        analytic = np.asarray(grads[key], dtype=float)
        if analytic.shape != np.shape(value):
            raise ValueError(f"grads[{key!r}] must have the shape of {name}, "
                             f"{np.shape(value)}; got {analytic.shape}.")

        def f(v, name=name):
            return cost_fn({**params, name: v})

        numeric = numerical_gradient(f, value, eps)
        err = rel_error(analytic, numeric)
        errors[name] = err
        line = _("gradients.line", name=key, error=err)
        if err > tol:
            worst = np.unravel_index(np.argmax(np.abs(analytic - numeric)), analytic.shape)
            line += _("gradients.too_large", index=tuple(int(i) for i in worst),
                      analytic=analytic[worst], numeric=numeric[worst])
            report.append(line)
        if verbose:
            print(line)
    if report:
        raise AssertionError("\n".join([_("gradients.failed", tol=tol)] + report))
    return errors
