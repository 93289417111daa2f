"""Hidden cases of lesson 1 (course_utils/logistic_regression.py): 12 points."""
import numpy as np

from course_instructor.hidden import labels, linear_data, points
from course_utils.checks.policy import Case

TRAINING = {"rtol": 1e-5, "atol": 1e-7}


@points(1)
def sigmoid_cases(rng):
    return [Case("array", (rng.randn(3, 4) * 4,)),
            Case("saturated", (np.array([-800.0, -30.0, 0.0, 30.0, 800.0]),)),
            Case("array", (rng.randn(1, 7),)),
            Case("number", (0.3,)),
            Case("array", (rng.randn(2, 3, 2),))]


@points(1)
def initialize_with_zeros_cases(rng):
    return [Case("general", (3,)), Case("dim = 1", (1,)), Case("general", (7,)),
            Case("general", (50,))]


@points(3)
def propagate_cases(rng):
    out = []
    for n, m in ((3, 4), (1, 5), (4, 1), (2, 7), (5, 3)):
        out.append(Case("m = 1" if m == 1 else "general",
                        (rng.randn(n, 1) * 0.5, float(rng.randn()), rng.randn(n, m) * 2,
                         labels(rng, m)), m=m))
    return out


@points(3, timeout=20.0)
def optimize_cases(rng):
    out = []
    for n, m, iters, lr in ((3, 5, 1, 0.1), (2, 8, 101, 0.05), (4, 6, 250, 0.009)):
        X, Y = linear_data(rng, n, m)
        out.append(Case("1 iteration" if iters == 1 else "general",
                        (rng.randn(n, 1) * 0.1, float(rng.randn() * 0.1), X, Y),
                        kwargs={"num_iterations": iters, "learning_rate": lr}, m=m, **TRAINING))
    return out


@points(2)
def predict_cases(rng):
    return [Case("tie at 0.5", (np.zeros((3, 1)), 0.0, rng.randn(3, 4))),
            Case("general", (rng.randn(2, 1), float(rng.randn()), rng.randn(2, 6))),
            Case("m = 1", (rng.randn(5, 1), 0.3, rng.randn(5, 1))),
            Case("general", (rng.randn(4, 1) * 3, -0.2, rng.randn(4, 9))),
            Case("general", (rng.randn(3, 1) * 0.3, 0.8, rng.randn(3, 10)))]   # b matters


@points(2, timeout=20.0)
def model_cases(rng):
    out = []
    for n, m_train, m_test, iters, lr in ((4, 10, 5, 150, 0.05), (3, 8, 4, 301, 0.5),
                                          (6, 12, 6, 100, 0.1)):
        X, Y = linear_data(rng, n, m_train + m_test)
        out.append(Case("general", (X[:, :m_train], Y[:, :m_train], X[:, m_train:],
                                    Y[:, m_train:]),
                        kwargs={"num_iterations": iters, "learning_rate": lr}, m=m_train,
                        **TRAINING))
    return out
