"""Public cases of lesson 1 (course_utils/logistic_regression.py), in exercise order.

Notebook 01 calls ``checks.check_<function>(<function>)`` after each exercise; each check
is made from its ``<function>_cases()`` below (the lines at the end). Where
each expected value comes from is written next to it: hand-worked arithmetic, or
"recorded" once from the reviewed reference run and cross-checked in
tests/test_logistic_regression.py (by hand or by finite differences).
"""
import math

import numpy as np

from course_utils.checks.policy import Case
from course_utils.checks.public import public_check

LN2 = math.log(2.0)


def _s(z):
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_cases():
    return [
        Case("number", (0.0,), 0.5, name="z = 0"),
        Case("array", (np.array([0.0, 2.0]),), np.array([0.5, _s(2.0)]), name="z = [0, 2]"),
        Case("array", (np.array([[-1.0], [1.0]]),), np.array([[_s(-1.0)], [_s(1.0)]]),
             name="a (2, 1) array keeps its shape"),
        # sigma(-1000) = 1 / (1 + e^1000) rounds to 0 and sigma(1000) to 1.
        Case("saturated", (np.array([-1000.0, 1000.0]),), np.array([0.0, 1.0]),
             name="large |z|"),
    ]


def initialize_with_zeros_cases():
    return [Case("general", (2,), (np.zeros((2, 1)), 0.0), name="dim = 2"),
            Case("dim = 1", (1,), (np.zeros((1, 1)), 0.0)),
            Case("general", (12288,), (np.zeros((12288, 1)), 0.0), name="dim = 12288")]


def propagate_cases():
    return [
        # Hand-worked: w = 0, b = 0 so A = [0.5, 0.5]; cost = ln 2.
        # dZ = A - Y = [-0.5, 0.5]; dw = X dZ^T / 2 = [[(-0.5 + 1.5) / 2], [(-1 + 2) / 2]]
        # = [[0.5], [0.5]]; db = (-0.5 + 0.5) / 2 = 0.
        Case("general", (np.zeros((2, 1)), 0.0, np.array([[1.0, 3.0], [2.0, 4.0]]),
                         np.array([[1, 0]])),
             ({"dw": np.array([[0.5], [0.5]]), "db": 0.0}, LN2), m=2,
             name="hand-worked, w = 0"),
        # Hand-worked, m = 1: z = 1*2 + 0.5 = 2.5 -> a = sigma(2.5); y = 0
        # cost = -ln(1 - a); dz = a; dw = [[2a]]; db = a.
        Case("m = 1", (np.array([[1.0]]), 0.5, np.array([[2.0]]), np.array([[0]])),
             ({"dw": np.array([[2.0 * _s(2.5)]]), "db": _s(2.5)}, -math.log(1.0 - _s(2.5))),
             m=1, name="one example (m = 1)"),
        # Recorded; the gradients agree with centred finite differences of the cost.
        Case("general", (np.array([[1.0], [2.0]]), 1.5,
                         np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])),
             ({"dw": np.array([[0.25071532], [-0.06604096]]), "db": -0.125004045},
              0.159005377), m=3, name="three examples"),
    ]


def optimize_cases():
    X3 = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]])
    return [
        # One step from w = 0 with lr = 0.1: dw = [[0.5], [0.5]], db = 0 (see propagate)
        # -> w = [[-0.05], [-0.05]], b = 0; the cost at iteration 0 is ln 2.
        Case("1 iteration", (np.zeros((2, 1)), 0.0, np.array([[1.0, 3.0], [2.0, 4.0]]),
                             np.array([[1, 0]])),
             ({"w": np.array([[-0.05], [-0.05]]), "b": 0.0},
              {"dw": np.array([[0.5], [0.5]]), "db": 0.0}, [LN2]),
             kwargs={"num_iterations": 1, "learning_rate": 0.1}, m=2, name="one step by hand"),
        # Recorded (100 iterations, lr = 0.009): one cost, at iteration 0.
        Case("general", (np.array([[1.0], [2.0]]), 1.5, X3, np.array([[1, 1, 0]])),
             ({"w": np.array([[0.80956046], [2.0508202]]), "b": 1.59487132},
              {"dw": np.array([[0.17860505], [-0.04840656]]), "db": -0.08888460},
              [0.159005377]),
             kwargs={"num_iterations": 100, "learning_rate": 0.009}, m=3,
             name="100 iterations"),
        # Recorded (201 iterations, lr = 0.1): costs at iterations 0, 100 and 200.
        Case("general", (np.array([[0.5], [-0.5]]), 0.0, X3, np.array([[1, 0, 0]])),
             ({"w": np.array([[1.8964323787], [1.0127371362]]), "b": -0.3482172134},
              {"dw": np.array([[-0.021980552], [-0.0102601708]]), "db": 0.0066164808},
              [0.9841753647, 0.0254970169, 0.0135047915]),
             kwargs={"num_iterations": 201, "learning_rate": 0.1}, m=3, rtol=1e-6,
             name="201 iterations: three recorded costs"),
    ]


def predict_cases():
    return [
        # w = 0, b = 0: every probability is sigma(0) = 0.5, which is not > 0.5.
        Case("tie at 0.5", (np.zeros((2, 1)), 0.0, np.array([[1.0, -2.0, 3.0], [0.5, 0.0, 1.0]])),
             np.array([[0.0, 0.0, 0.0]]), name="every probability exactly 0.5"),
        # z = w^T x + b = [2 - 1, 0 - 1] = [1, -1] -> sigma = [0.73, 0.27] -> [1, 0]
        Case("general", (np.array([[1.0], [-1.0]]), 0.0, np.array([[2.0, 0.0], [1.0, 1.0]])),
             np.array([[1.0, 0.0]]), name="hand-worked, z = 1, -1"),
        # z = [1 + 1 - 1.5, 1 + 0 - 1.5] = [0.5, -0.5] -> [1, 0] (without b: [2, 1] -> [1, 1])
        Case("general", (np.array([[1.0], [1.0]]), -1.5, np.array([[1.0, 1.0], [1.0, 0.0]])),
             np.array([[1.0, 0.0]]), name="hand-worked, b = -1.5"),
        # z = [0.1124579 + 0.2772813 - 0.3, ...] = [0.0897, 0.0284, -0.6367]
        Case("general", (np.array([[0.1124579], [0.23106775]]), -0.3,
                         np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
             np.array([[1.0, 1.0, 0.0]]), name="three examples"),
        Case("m = 1", (np.array([[3.0]]), -1.0, np.array([[1.0]])), np.array([[1.0]]),
             name="one example (m = 1)"),
    ]


# Recorded (reviewed: the training predictions match the labels, and the first cost
# is ln 2 as it must be from w = 0, b = 0).
_MODEL_X = np.array([[1.764, 0.4, 0.979, 2.241, 1.868, -0.977, 0.95],
                     [-0.151, -0.103, 0.411, 0.144, 1.454, 0.761, 0.122],
                     [0.444, 0.334, 1.494, -0.205, 0.313, -0.854, -2.553],
                     [0.654, 0.864, -0.742, 2.27, -1.454, 0.046, -0.187]])
_MODEL_Y = np.array([[1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0]])
_MODEL_XT = np.array([[0.175, -0.463, -1.086], [0.64, -0.386, -0.776],
                      [0.996, -1.933, 0.249], [-0.031, -0.139, -0.191]])
_MODEL_YT = np.array([[1.0, 0.0, 1.0]])


def model_cases():
    expected = {
        "costs": [LN2, 0.24006074],
        "Y_prediction_test": np.array([[1.0, 1.0, 1.0]]),
        "Y_prediction_train": _MODEL_Y.copy(),
        "w": np.array([[1.00172383], [-1.05613941], [0.06837094], [1.0426151]]),
        "b": 0.57668951,
        "learning_rate": 0.1,
        "num_iterations": 101,
    }
    return [Case("general", (_MODEL_X, _MODEL_Y, _MODEL_XT, _MODEL_YT), expected,
                 kwargs={"num_iterations": 101, "learning_rate": 0.1}, m=7,
                 name="7 training examples, 101 iterations")]


# Notes printed after a passing check (keys of course_utils/messages/en.py).
NOTES = {"sigmoid": "note.lr.sigmoid"}

# Formula reminders shown with a difference no hint explains, by output
# (keys of course_utils/messages/en.py, so that translations cover them).
REMINDERS = {"sigmoid": {"s": "reminder.lr.sigmoid.s"},
 "predict": {"Y_prediction": "reminder.lr.predict.Y_prediction"},
 "model": {"w": "reminder.lr.model.w",
           "costs": "reminder.lr.model.costs",
           "Y_prediction_test": "reminder.lr.model.Y_prediction_test",
           "Y_prediction_train": "reminder.lr.model.Y_prediction_train"}}


# The public checks, one per graded function, in exercise order (the notebook calls
# checks.check_<function>(<function>)).
check_sigmoid = public_check(sigmoid_cases)
check_initialize_with_zeros = public_check(initialize_with_zeros_cases)
check_propagate = public_check(propagate_cases)
check_optimize = public_check(optimize_cases)
check_predict = public_check(predict_cases)
check_model = public_check(model_cases)
