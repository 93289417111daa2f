"""Checks for lesson 1 (logistic regression). Called from notebook 01's check cells.

Where the expected values come from is written next to each case: hand-worked
arithmetic, or (marked "recorded") values recorded once from the reviewed
reference implementation and cross-checked by hand or by finite differences.
"""
import math

import numpy as np

from course_utils.checks._core import Case, CheckFailed, run_cases

LN2 = math.log(2.0)


def check_sigmoid(func):
    """sigmoid: sigma(0) = 0.5, sigma(2) = 1 / (1 + e^-2), and no overflow for |z| = 1000."""
    cases = [
        Case("scalar 0", lambda: (0.0,), 0.5),
        Case("array [0, 2]", lambda: (np.array([0.0, 2.0]),),
             np.array([0.5, 1.0 / (1.0 + math.exp(-2.0))])),
        Case("2-D array keeps its shape", lambda: (np.array([[-1.0], [1.0]]),),
             np.array([[1.0 / (1.0 + math.e)], [1.0 / (1.0 + math.exp(-1.0))]])),
    ]
    run_cases("sigmoid", _zero_d_as_float(func), cases, quiet=True)
    # Large |z|: the naive 1 / (1 + np.exp(-z)) overflows for z = -1000.
    with np.errstate(over="raise", invalid="raise"):
        try:
            got = func(np.array([-1000.0, 1000.0]))
        except FloatingPointError:
            raise CheckFailed(
                "sigmoid, case 'large |z|': np.exp overflowed for z = -1000.\n"
                "Hint: exp(-z) is huge for very negative z. Only exponentiate -|z|: for "
                "z >= 0 use 1 / (1 + exp(-z)), for z < 0 use exp(z) / (1 + exp(z)) "
                "(np.where picks per entry).") from None
    expected = np.array([0.0, 1.0])
    if not (isinstance(got, np.ndarray) and got.shape == (2,) and np.allclose(got, expected)):
        raise CheckFailed(f"sigmoid, case 'large |z|': expected {expected}, got {got!r}.")
    print("sigmoid: all 4 cases passed.")


def _zero_d_as_float(func):
    """sigmoid(0.0) may return a float or a 0-d array; both are fine."""
    def wrapped(*args):
        out = func(*args)
        return float(out) if isinstance(out, np.ndarray) and out.ndim == 0 else out
    return wrapped


def check_initialize_with_zeros(func):
    """initialize_with_zeros: w zeros of shape (dim, 1), b == 0.0 as a float."""
    cases = [Case("dim = 2", lambda: (2,), (np.zeros((2, 1)), 0.0)),
             Case("dim = 1", lambda: (1,), (np.zeros((1, 1)), 0.0)),
             Case("dim = 12288", lambda: (12288,), (np.zeros((12288, 1)), 0.0))]
    run_cases("initialize_with_zeros", func, cases)


def _propagate_cases():
    return [
        # Hand-worked: w = 0, b = 0 so A = [0.5, 0.5]; cost = ln 2.
        # dZ = A - Y = [-0.5, 0.5]; dw = X dZ^T / 2 = [[(-0.5 + 1.5) / 2], [(-1 + 2) / 2]]
        # = [[0.5], [0.5]]; db = (-0.5 + 0.5) / 2 = 0.
        Case("hand-worked, w = 0", lambda: (np.zeros((2, 1)), 0.0,
                                            np.array([[1.0, 3.0], [2.0, 4.0]]),
                                            np.array([[1, 0]])),
             ({"dw": np.array([[0.5], [0.5]]), "db": 0.0}, LN2), m=2),
        # Hand-worked, m = 1: z = 1*2 + 0.5 = 2.5 -> a = sigma(2.5); y = 0
        # cost = -ln(1 - a); dz = a; dw = [[2a]]; db = a.
        Case("one example (m = 1)", lambda: (np.array([[1.0]]), 0.5, np.array([[2.0]]),
                                             np.array([[0]])),
             ({"dw": np.array([[2.0 / (1.0 + math.exp(-2.5))]]),
               "db": 1.0 / (1.0 + math.exp(-2.5))},
              -math.log(1.0 - 1.0 / (1.0 + math.exp(-2.5)))), m=1),
        # Recorded from the reference implementation; the gradients agree with centred
        # finite differences of the cost (tests/test_logistic_regression.py).
        Case("three examples", lambda: (np.array([[1.0], [2.0]]), 1.5,
                                        np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]),
                                        np.array([[1, 1, 0]])),
             ({"dw": np.array([[0.25071532], [-0.06604096]]), "db": -0.125004045},
              0.159005377), m=3, rtol=1e-6),
    ]


def check_propagate(func):
    """propagate: hand-worked cases (including m = 1) and one recorded case."""
    run_cases("propagate", func, _propagate_cases())


def check_optimize(func):
    """optimize: one hand-worked step and 100 steps of a recorded case."""
    cases = [
        # One step from w = 0 with lr = 0.1: dw = [[0.5], [0.5]], db = 0 (see propagate)
        # -> w = [[-0.05], [-0.05]], b = 0; the cost at iteration 0 is ln 2.
        Case("one step by hand", lambda: (np.zeros((2, 1)), 0.0,
                                          np.array([[1.0, 3.0], [2.0, 4.0]]),
                                          np.array([[1, 0]])),
             ({"w": np.array([[-0.05], [-0.05]]), "b": 0.0},
              {"dw": np.array([[0.5], [0.5]]), "db": 0.0}, [LN2]),
             kwargs={"num_iterations": 1, "learning_rate": 0.1}, m=2),
        # Recorded from the reference implementation (100 iterations, lr = 0.009).
        Case("100 iterations", lambda: (np.array([[1.0], [2.0]]), 1.5,
                                        np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]),
                                        np.array([[1, 1, 0]])),
             ({"w": np.array([[0.80956046], [2.0508202]]), "b": 1.59487132},
              {"dw": np.array([[0.17860505], [-0.04840656]]), "db": -0.08888460},
              [0.159005377]),
             kwargs={"num_iterations": 100, "learning_rate": 0.009}, m=3, rtol=1e-6),
    ]
    run_cases("optimize", func, cases)


def check_predict(func):
    """predict: threshold strictly above 0.5, output of shape (1, m) holding 0./1."""
    cases = [
        # z = w^T x + b = [2 - 1, 0 - 1, 1 - 1] = [1, -1, 0] -> sigma = [0.73, 0.27, 0.5];
        # 0.5 is not > 0.5, so the last prediction is 0.
        Case("hand-worked, z = 1, -1, 0", lambda: (np.array([[1.0], [-1.0]]), 0.0,
                                                   np.array([[2.0, 0.0, 1.0],
                                                             [1.0, 1.0, 1.0]])),
             np.array([[1.0, 0.0, 0.0]])),
        # z = [0.1124579 + 0.2772813 - 0.3, ...] = [0.0897, 0.0284, -0.6367]
        Case("three examples", lambda: (np.array([[0.1124579], [0.23106775]]), -0.3,
                                        np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
             np.array([[1.0, 1.0, 0.0]])),
        Case("one example (m = 1)", lambda: (np.array([[3.0]]), -1.0, np.array([[1.0]])),
             np.array([[1.0]])),
    ]
    run_cases("predict", func, cases)


# Recorded from the reference implementation (reviewed: the train predictions match
# the labels, and the first cost is ln 2 as it must be from w = 0, b = 0).
_MODEL_X = np.array([[1.764, 0.4, 0.979, 2.241, 1.868, -0.977, 0.95],
                     [-0.151, -0.103, 0.411, 0.144, 1.454, 0.761, 0.122],
                     [0.444, 0.334, 1.494, -0.205, 0.313, -0.854, -2.553],
                     [0.654, 0.864, -0.742, 2.27, -1.454, 0.046, -0.187]])
_MODEL_Y = np.array([[1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0]])
_MODEL_XT = np.array([[0.175, -0.463, -1.086], [0.64, -0.386, -0.776],
                      [0.996, -1.933, 0.249], [-0.031, -0.139, -0.191]])
_MODEL_YT = np.array([[1.0, 0.0, 1.0]])


def check_model(func):
    """model: ties the pieces together on a small recorded case."""
    expected = {
        "costs": [LN2, 0.24006074],
        "Y_prediction_test": np.array([[1.0, 1.0, 1.0]]),
        "Y_prediction_train": _MODEL_Y.copy(),
        "w": np.array([[1.00172383], [-1.05613941], [0.06837094], [1.0426151]]),
        "b": 0.57668951,
        "learning_rate": 0.1,
        "num_iterations": 101,
    }
    cases = [Case("7 training examples, 101 iterations",
                  lambda: (_MODEL_X.copy(), _MODEL_Y.copy(), _MODEL_XT.copy(), _MODEL_YT.copy()),
                  expected, kwargs={"num_iterations": 101, "learning_rate": 0.1},
                  m=7, rtol=1e-6)]
    run_cases("model", func, cases)
