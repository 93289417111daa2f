"""Lesson 2: a network with one hidden layer of tanh units and a sigmoid output.

For m examples stacked as the columns of X (n_x, m), with n_h hidden units:

    Z1 = W1 X + b1          (n_h, m)        dZ2 = A2 - Y                  (1, m)
    A1 = tanh(Z1)           (n_h, m)        dW2 = 1/m dZ2 A1^T            (1, n_h)
    Z2 = W2 A1 + b2         (1, m)          db2 = 1/m sum(dZ2)            (1, 1)
    A2 = sigma(Z2)          (1, m)          dZ1 = W2^T dZ2 * (1 - A1^2)   (n_h, m)
    J  = 1/m sum L(A2, Y)   float           dW1 = 1/m dZ1 X^T             (n_h, n_x)
                                            db1 = 1/m sum(dZ1, axis=1)    (n_h, 1)

dZ2 and dZ1 are the gradients of the per-example loss L(A2, Y), column by column;
dW and db are the gradients of the cost J, the mean loss, hence the 1/m.

Parameters live in a dict {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h),
"b2": (n_y, 1)}; gradients in a dict with the same names prefixed by "d".

Exercises are the bodies between ``### BEGIN SOLUTION`` and ``### END SOLUTION``.
The input validation before each region is cheap (shapes only), because ``nn_model`` calls
these functions thousands of times; ``nn_model`` scans the data once up front.
"""
import numpy as np

from course_utils._validation import (
    validate_array, validate_labels, validate_nonnegative_int, validate_positive_float,
    validate_positive_int, validate_X)
from course_utils.activations import cross_entropy, sigmoid
from course_utils.metrics import accuracy  # noqa: F401  (re-exported for the notebook)

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
GRADIENT_NAMES = ("dW1", "db1", "dW2", "db2")


def _validate_dict(d, name, keys, made_by):
    """Require a dict holding 2-D numeric arrays under ``keys``; return them in that order.

    The common, valid case costs a few attribute reads (``nn_model`` calls this thousands
    of times); the detailed validation and messages run only when something is wrong.
    """
    try:
        arrays = [d[k] for k in keys]
        for a in arrays:
            if type(a) is not np.ndarray or a.ndim != 2 or a.dtype.kind not in "biuf":
                break
        else:
            return arrays
    except (TypeError, KeyError, IndexError):
        pass
    if not isinstance(d, dict):
        raise TypeError(f"{name} must be a dict with keys {list(keys)}; got "
                        f"{type(d).__name__}. Create it with {made_by}.")
    missing = [k for k in keys if k not in d]
    if missing:
        raise ValueError(f"{name} is missing the key(s) {missing}; it has {sorted(d)}. "
                         f"Create it with {made_by}.")
    for k in keys:
        validate_array(d[k], f'{name}["{k}"]', ndim=2)
    return [d[k] for k in keys]


def _validate_parameters(parameters):
    """Validate the parameter dict (shapes only); return (n_x, n_h, n_y)."""
    W1, b1, W2, b2 = _validate_dict(parameters, "parameters", PARAMETER_NAMES,
                                 "initialize_parameters(n_x, n_h, n_y)")
    n_h, n_x = W1.shape
    n_y = W2.shape[0]
    if b1.shape != (n_h, 1) or W2.shape != (n_y, n_h) or b2.shape != (n_y, 1):
        for k, shape in (("b1", (n_h, 1)), ("W2", (n_y, n_h)), ("b2", (n_y, 1))):
            if parameters[k].shape != shape:
                raise ValueError(
                    f'parameters["{k}"] must have shape {shape} to match W1 of shape '
                    f'{W1.shape} (n_h = {n_h} hidden units) and W2 with n_y = {n_y} rows; got '
                    f'{parameters[k].shape}. Create the parameters with '
                    f'initialize_parameters(n_x, n_h, n_y).')
    return n_x, n_h, n_y


def _validate_X_fits_W1(X, n_x):
    """Require X of shape (n_x, m), where n_x is the number of columns of W1."""
    if type(X) is np.ndarray and X.ndim == 2 and X.shape[0] == n_x and X.dtype.kind in "biuf":
        return X                                       # the common case, validated cheaply
    validate_array(X, "X", ndim=2)
    if X.shape[0] != n_x:
        if X.shape[1] == n_x:
            hint = (" It looks transposed: examples must be columns. Did you pass X.T "
                    "(or forget the .T)?")
        else:
            hint = (f' W1 has {n_x} columns, one per input feature, but X has {X.shape[0]} '
                    f'rows: initialise the parameters for X.shape[0] input features.')
        raise ValueError(f"X must have shape (n_x, m) = ({n_x}, m) to match W1; "
                         f"got {X.shape}.{hint}")
    return X


def _validate_cache(cache, n_h, n_y, m):
    """Validate the forward pass's cache (A1 and A2, the entries backward needs)."""
    A1, A2 = _validate_dict(cache, "cache", ("A1", "A2"), "forward_propagation(X, parameters)")
    for k, a, shape in (("A1", A1, (n_h, m)), ("A2", A2, (n_y, m))):
        if a.shape != shape:
            raise ValueError(f'cache["{k}"] must have shape {shape} to match the parameters and '
                             f"X; got {a.shape}. Pass the cache that forward_propagation "
                             f"returned for this same X.")


def _validate_columns_match(X, Y):
    """Require X (n_x, m) and Y (n_y, m) to have the same number of columns m."""
    validate_array(X, "X", ndim=2)
    validate_array(Y, "Y")
    if Y.ndim == 2 and Y.shape[1] == X.shape[1]:
        return
    m_Y = Y.shape[-1] if Y.ndim == 2 and Y.shape[0] == 1 else Y.size
    if X.shape[0] == m_Y and X.shape[1] != m_Y:
        raise ValueError(f"X must have shape (n_x, m), one column per example; got X of shape "
                         f"{X.shape} for {m_Y} labels. It looks transposed: examples must be "
                         f"columns. Did you forget .T?")
    hint = ""
    if Y.ndim == 1 or (Y.ndim == 2 and Y.shape[0] == X.shape[1]):
        hint = " Labels must be a row per output: use Y.reshape(1, -1)."
    raise ValueError(f"Y must have shape (n_y, m) = (n_y, {X.shape[1]}), one column per "
                     f"column of X; got {Y.shape}.{hint}")


def layer_sizes(X, Y):
    """Exercise 1: the sizes of the three layers.

    Parameters
    ----------
    X : ndarray of shape (n_x, m), one example per column
    Y : ndarray of shape (n_y, m), the labels (n_y = 1 in this lesson)

    Returns
    -------
    n_x : int, the size of the input layer (features per example)
    n_h : int, the size of the hidden layer (4 in this lesson)
    n_y : int, the size of the output layer
    """
    _validate_columns_match(X, Y)
    ### BEGIN SOLUTION
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    ### END SOLUTION
    return n_x, n_h, n_y


def initialize_parameters(n_x, n_h, n_y, seed=2):
    """Exercise 2: small random weights and zero biases.

    The weights are ``randn * 0.01`` drawn from ``np.random.RandomState(seed)``, first W1,
    then W2: the same numbers as ``np.random.seed(seed); np.random.randn(...)`` without
    touching NumPy's global random state. Small, so tanh and sigmoid start in their
    steep middle part; random, so the hidden units differ (zeros would keep them equal).

    Parameters
    ----------
    n_x : int, the size of the input layer
    n_h : int, the size of the hidden layer
    n_y : int, the size of the output layer
    seed : int, the seed of the local random generator

    Returns
    -------
    parameters : dict with
        "W1" : ndarray of shape (n_h, n_x)
        "b1" : ndarray of shape (n_h, 1), zeros
        "W2" : ndarray of shape (n_y, n_h)
        "b2" : ndarray of shape (n_y, 1), zeros
    """
    n_x = validate_positive_int(n_x, "n_x")
    n_h = validate_positive_int(n_h, "n_h")
    n_y = validate_positive_int(n_y, "n_y")
    seed = validate_nonnegative_int(seed, "seed")
    ### BEGIN SOLUTION
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01                    # (n_h, n_x)
    b1 = np.zeros((n_h, 1))                            # (n_h, 1)
    W2 = rng.randn(n_y, n_h) * 0.01                    # (n_y, n_h)
    b2 = np.zeros((n_y, 1))                            # (n_y, 1)
    ### END SOLUTION
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    """Exercise 3: the forward pass, tanh in the hidden layer, sigmoid at the output.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)

    Returns
    -------
    A2 : ndarray of shape (n_y, m), the output probabilities sigma(Z2)
    cache : dict with "Z1" (n_h, m), "A1" (n_h, m), "Z2" (n_y, m) and "A2" (n_y, m),
        what backward_propagation needs
    """
    n_x, _, _ = _validate_parameters(parameters)
    _validate_X_fits_W1(X, n_x)
    ### BEGIN SOLUTION
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    Z1 = W1 @ X + b1                                   # (n_h, m)
    A1 = np.tanh(Z1)                                   # (n_h, m)
    Z2 = W2 @ A1 + b2                                  # (n_y, m)
    A2 = sigmoid(Z2)                                   # (n_y, m)
    ### END SOLUTION
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    """Exercise 4: the cross-entropy cost J = -1/m sum( Y log A2 + (1 - Y) log(1 - A2) ).

    Parameters
    ----------
    A2 : ndarray of shape (1, m), the output probabilities
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    cost : float. Computed with the numerically safe ``activations.cross_entropy``, so a
        confidently wrong A2 of exactly 0 or 1 costs about 34.5, not inf.
    """
    validate_array(A2, "A2")
    if A2.ndim != 2 or A2.shape[0] != 1:
        raise ValueError(f"A2 must have shape (1, m); got {A2.shape}. It is the first value "
                         f"that forward_propagation returns.")
    validate_array(Y, "Y")
    if Y.shape != A2.shape:
        hint = (" Use Y.reshape(1, -1)." if Y.shape in ((A2.shape[1],), (A2.shape[1], 1))
                else "")
        raise ValueError(f"Y must have the shape of A2, (1, m) = {A2.shape}; got "
                         f"{Y.shape}.{hint}")
    ### BEGIN SOLUTION
    cost = cross_entropy(A2, Y)                        # float
    ### END SOLUTION
    return cost


def backward_propagation(parameters, cache, X, Y):
    """Exercise 5: the gradients of the cost with respect to every parameter.

    Parameters
    ----------
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)
    cache : dict with "Z1", "A1" (n_h, m), "Z2", "A2" (n_y, m) from forward_propagation
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    grads : dict with "dW1" (n_h, n_x), "db1" (n_h, 1), "dW2" (n_y, n_h), "db2" (n_y, 1)
    """
    n_x, n_h, n_y = _validate_parameters(parameters)
    _validate_X_fits_W1(X, n_x)
    m = X.shape[1]
    _validate_cache(cache, n_h, n_y, m)
    if type(Y) is not np.ndarray or Y.shape != (n_y, m):
        validate_array(Y, "Y")
        raise ValueError(f"Y must have shape (1, m) = ({n_y}, {m}); got {Y.shape}."
                         + (" Use Y.reshape(1, -1)." if Y.size == m else ""))
    ### BEGIN SOLUTION
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y                                       # (1, m)
    dW2 = (dZ2 @ A1.T) / m                             # (1, n_h)
    db2 = dZ2.sum(axis=1, keepdims=True) / m           # (1, 1)
    dZ1 = (W2.T @ dZ2) * (1.0 - A1 * A1)               # (n_h, m); tanh'(Z1) = 1 - A1^2
    dW1 = (dZ1 @ X.T) / m                              # (n_h, n_x)
    db1 = dZ1.sum(axis=1, keepdims=True) / m           # (n_h, 1)
    ### END SOLUTION
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    """Exercise 6: one step of gradient descent, theta = theta - learning_rate * d theta.

    Parameters
    ----------
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)
    grads : dict with "dW1", "db1", "dW2", "db2" of the same shapes
    learning_rate : float

    Returns
    -------
    parameters : a NEW dict of NEW arrays; the inputs are not modified.
    """
    _validate_parameters(parameters)
    d = _validate_dict(grads, "grads", GRADIENT_NAMES,
                    "backward_propagation(parameters, cache, X, Y)")
    for name, d_value in zip(PARAMETER_NAMES, d):
        if d_value.shape != parameters[name].shape:
            raise ValueError(f'grads["d{name}"] must have the shape of parameters["{name}"], '
                             f'{parameters[name].shape}; got {d_value.shape}.')
    ### BEGIN SOLUTION
    W1 = parameters["W1"] - learning_rate * grads["dW1"]   # (n_h, n_x), a new array
    b1 = parameters["b1"] - learning_rate * grads["db1"]   # (n_h, 1)
    W2 = parameters["W2"] - learning_rate * grads["dW2"]   # (n_y, n_h)
    b2 = parameters["b2"] - learning_rate * grads["db2"]   # (n_y, 1)
    ### END SOLUTION
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, seed=2, learning_rate=1.2):
    """Exercise 7: train the one-hidden-layer network by gradient descent.

    Initialise with ``initialize_parameters(n_x, n_h, n_y, seed)``, then repeat forward
    pass, backward pass and update ``num_iterations`` times (0 iterations return the
    initial parameters). With ``print_cost``, the cost before the update is printed at
    iterations 0, 1000, 2000, ... as ``Cost after iteration i: 0.693048``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0 or 1
    n_h : int, the number of hidden units
    num_iterations : int
    print_cost : bool
    seed : int, the seed of the weights' initialisation
    learning_rate : float

    Returns
    -------
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (1, n_h), "b2" (1, 1)
    """
    # The full validation (including a NaN/inf scan) runs once here, not every iteration.
    _validate_columns_match(X, Y)
    validate_X(X, "X")
    validate_labels(Y, X.shape[1])
    n_h = validate_positive_int(n_h, "n_h")
    num_iterations = validate_nonnegative_int(num_iterations, "num_iterations")
    learning_rate = validate_positive_float(learning_rate, "learning_rate")
    ### BEGIN SOLUTION
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y, seed=seed)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        if print_cost and i % 1000 == 0:           # the cost is only needed when printed
            print(f"Cost after iteration {i}: {compute_cost(A2, Y):.6f}")
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate)
    ### END SOLUTION
    return parameters


def predict(parameters, X):
    """Exercise 8: predict class 1 where the network's output A2 > 0.5.

    Parameters
    ----------
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (1, n_h), "b2" (1, 1)
    X : ndarray of shape (n_x, m)

    Returns
    -------
    predictions : ndarray of shape (1, m) holding 0. and 1. (float), 1. = class 1
    """
    n_x, _, _ = _validate_parameters(parameters)
    _validate_X_fits_W1(X, n_x)
    ### BEGIN SOLUTION
    A2, _ = forward_propagation(X, parameters)         # (1, m)
    predictions = (A2 > 0.5).astype(float)             # (1, m) of 0. and 1.
    ### END SOLUTION
    return predictions

