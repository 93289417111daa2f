"""Lesson 1: logistic regression as a one-neuron network.

For one example x of shape (n_x, 1):   z = w^T x + b,   a = sigma(z),
loss  L(a, y) = -( y log a + (1 - y) log(1 - a) ).
Over m examples stacked as the columns of X (n_x, m):

    A  = sigma(w^T X + b)          (1, m)
    J  = 1/m sum L(A, Y)           float
    dZ = A - Y                     (1, m)   the per-example gradients dL/dz, column by column
    dw = 1/m X dZ^T                (n_x, 1) the gradient of the cost J (hence the 1/m)
    db = 1/m sum(dZ)               float

Exercises are the bodies between ``### BEGIN SOLUTION`` and ``### END SOLUTION``.
"""
import numpy as np

from course_utils._validation import (
    validate_array,
    validate_labels,
    validate_positive_float,
    validate_positive_int,
    validate_scalar,
    validate_X,
)
from course_utils.activations import cross_entropy
from course_utils.metrics import accuracy  # noqa: F401  (re-exported for convenience)


def _validate_w_b_X(w, b, X, finite=True):
    """Validate X (n_x, m) against w, then w (n_x, 1) and b (a real number).

    X is validated first, so a transposed X gets the hint about .T. ``finite=False``
    skips the NaN scan of X (for propagate, called every iteration). Returns b as a float.
    """
    n_w = w.shape[0] if isinstance(w, np.ndarray) and w.ndim == 2 else None
    try:
        validate_X(X, "X", n_x=n_w, finite=finite)
    except ValueError as err:
        if n_w is not None and X.ndim == 2 and X.shape[1] == n_w:     # which one is wrong?
            raise ValueError(f"{err} Or, if X is right, w was made for the m = {n_w} "
                             f"examples: w needs one row per feature, X.shape[0] = "
                             f"{X.shape[0]} rows.") from None
        raise
    n_x = X.shape[0]
    validate_array(w, "w")
    if w.ndim != 2 or w.shape[1] != 1 or w.shape[0] != n_x:
        hint = " Make w a column: w.reshape(-1, 1)." if w.ndim == 1 else ""
        raise ValueError(f"w must have shape (n_x, 1) = ({n_x}, 1); got {w.shape}.{hint}")
    return validate_scalar(b, "b")


def sigmoid(z):
    """Exercise 1: the sigmoid sigma(z) = 1 / (1 + exp(-z)), element-wise.

    Parameters
    ----------
    z : float or ndarray of any shape

    Returns
    -------
    s : ndarray of the same shape as z (a 0-d result for a scalar z), values in (0, 1)
        (exactly 0. or 1. only where the true value rounds to them).
    """
    z = np.asarray(z, dtype=float)
    ### BEGIN SOLUTION
    # exp(-z) overflows for z < -709; only ever exponentiate -|z| <= 0 instead.
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION
    return s


def initialize_with_zeros(dim):
    """Exercise 2: parameters of a neuron with ``dim`` inputs, all zero.

    (A single neuron has no symmetry to break, so zeros are fine here.)

    Parameters
    ----------
    dim : int, the number of features n_x

    Returns
    -------
    w : ndarray of shape (dim, 1), zeros (float)
    b : float, 0.0
    """
    dim = validate_positive_int(dim, "dim")
    ### BEGIN SOLUTION
    w = np.zeros((dim, 1))
    b = 0.0
    ### END SOLUTION
    return w, b


def propagate(w, b, X, Y):
    """Exercise 3: cost and gradients of logistic regression for one batch.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), entries 0 or 1

    Returns
    -------
    grads : dict with "dw" of shape (n_x, 1) and "db" (float)
    cost : float, the mean cross-entropy
    """
    b = _validate_w_b_X(w, b, X, finite=False)    # shapes only: optimize() calls this often
    validate_labels(Y, X.shape[1])
    m = X.shape[1]
    ### BEGIN SOLUTION
    A = sigmoid(w.T @ X + b)                     # (1, m)
    cost = cross_entropy(A, Y)                   # float
    dZ = A - Y                                   # (1, m)
    grads = {"dw": X @ dZ.T / m,                 # (n_x, 1)
             "db": float(np.sum(dZ) / m)}
    ### END SOLUTION
    return grads, cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Exercise 4: gradient descent on (w, b).

    Each iteration: ``grads, cost = propagate(w, b, X, Y)``, then
    ``w = w - learning_rate * dw`` and ``b = b - learning_rate * db`` (new values: the
    caller's w must not change, so not ``w -= ...``). The cost is recorded (and printed
    if ``print_cost``, as ``Cost after iteration 100: 0.500253``) at iterations 0, 100,
    200, ...

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    num_iterations : int, at least 1
    learning_rate : float
    print_cost : bool

    Returns
    -------
    params : dict with "w" (n_x, 1) and "b" (float), the learned parameters
    grads : dict with "dw" (n_x, 1) and "db" (float), the gradients of the last iteration
    costs : list of float, the cost every 100 iterations
    """
    b = _validate_w_b_X(w, b, X)
    validate_labels(Y, X.shape[1])
    num_iterations = validate_positive_int(num_iterations, "num_iterations")
    learning_rate = validate_positive_float(learning_rate, "learning_rate")
    costs = []
    ### BEGIN SOLUTION
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]      # a new array: the caller's w is unchanged
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:.6f}")
    ### END SOLUTION
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """Exercise 5: predict 1 where sigma(w^T x + b) > 0.5, else 0.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)

    Returns
    -------
    Y_prediction : ndarray of shape (1, m) holding 0. and 1. (float)
    """
    b = _validate_w_b_X(w, b, X)
    ### BEGIN SOLUTION
    A = sigmoid(w.T @ X + b)                     # (1, m)
    Y_prediction = (A > 0.5).astype(float)
    ### END SOLUTION
    return Y_prediction


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5,
          print_cost=False):
    """Exercise 6: the whole model: initialise, optimise, predict.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m_train)
    Y_train : ndarray of shape (1, m_train)
    X_test : ndarray of shape (n_x, m_test)
    Y_test : ndarray of shape (1, m_test)
    num_iterations, learning_rate, print_cost : as in ``optimize``

    Returns
    -------
    d : dict with "costs" (list of float), "Y_prediction_test" (1, m_test),
        "Y_prediction_train" (1, m_train), "w" (n_x, 1), "b" (float),
        "learning_rate" and "num_iterations".
    """
    validate_X(X_train, "X_train")
    validate_labels(Y_train, X_train.shape[1], "Y_train")
    validate_X(X_test, "X_test", n_x=X_train.shape[0])
    validate_labels(Y_test, X_test.shape[1], "Y_test")
    ### BEGIN SOLUTION
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations,
                                    learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    ### END SOLUTION
    return {"costs": costs,
            "Y_prediction_test": Y_prediction_test,
            "Y_prediction_train": Y_prediction_train,
            "w": w, "b": b,
            "learning_rate": learning_rate,
            "num_iterations": num_iterations}

