"""The graded exercises and their hidden test cases (instructor-only: never shipped).

:data:`EXERCISES` is the table the autograder works from: for each graded function,
its module, points, a generator of hidden cases, tolerances and a time limit. The
hidden cases are more and different than the public checks' (other shapes, m = 1,
ties at 0.5, saturated outputs, other seeds and learning rates). A case generator
receives a ``np.random.RandomState`` seeded from the exercise's name, so the inputs
are the same on every run; it returns ``[(args, kwargs), ...]``. Inputs that are
outputs of earlier steps (caches, gradients) are made with the instructor's reference
functions. Expected values are never stored here: the autograder computes them with
the reference implementation in its own process.

Points are shared equally by an exercise's cases (an exercise with 4 cases and 2
points gives 0.5 per passing case).
"""
import zlib
from dataclasses import dataclass

import numpy as np

LESSON_MODULES = ("logistic_regression", "shallow_network", "deep_network")


@dataclass(frozen=True)
class Exercise:
    module: str                 # a module of course_utils holding solution regions
    function: str               # the graded function (its region's enclosing def)
    points: float
    cases: object               # callable(rng) -> list of (args tuple, kwargs dict)
    rtol: float = 1e-6
    atol: float = 1e-8
    timeout: float = 10.0       # wall-clock seconds for all the exercise's cases
    scalar_tolerant: bool = False  # a float and a 0-d array are the same answer

    @property
    def id(self):
        return f"{self.module}.{self.function}"

    def make_cases(self):
        return self.cases(np.random.RandomState(zlib.crc32(self.id.encode()) % 2 ** 31))


def _labels(rng, m):
    """A (1, m) row of 0./1. labels holding both classes when m > 1."""
    Y = (rng.rand(1, m) > 0.5).astype(float)
    if m > 1:
        Y[0, 0], Y[0, 1] = 0.0, 1.0
    return Y


def _linear_data(rng, n, m, noise=0.3):
    """X (n, m) and labels from a random linear rule plus noise (learnable, not perfectly)."""
    X = rng.randn(n, m)
    w = rng.randn(n, 1)
    Y = ((w.T @ X + noise * rng.randn(1, m)) > 0).astype(float)
    Y[0, 0], Y[0, 1] = 0.0, 1.0
    return X, Y


# ------------------------------------------------------------------ lesson 1
def _sigmoid(rng):
    return [((rng.randn(3, 4) * 4,), {}),
            ((np.array([-800.0, -30.0, 0.0, 30.0, 800.0]),), {}),   # saturation, no NaN
            ((rng.randn(1, 7),), {}),
            ((0.3,), {}),                                           # a plain number
            ((rng.randn(2, 3, 2),), {})]


def _initialize_with_zeros(rng):
    return [((d,), {}) for d in (3, 1, 7, 50)]


def _propagate(rng):
    cases = []
    for n, m in ((3, 4), (1, 5), (4, 1), (2, 7), (5, 3)):
        cases.append(((rng.randn(n, 1) * 0.5, float(rng.randn()), rng.randn(n, m) * 2,
                       _labels(rng, m)), {}))
    return cases


def _optimize(rng):
    cases = []
    for n, m, iters, lr in ((3, 5, 1, 0.1), (2, 8, 101, 0.05), (4, 6, 250, 0.009),
                            (1, 4, 0, 0.1)):
        X, Y = _linear_data(rng, n, m)
        cases.append(((rng.randn(n, 1) * 0.1, float(rng.randn() * 0.1), X, Y),
                      {"num_iterations": iters, "learning_rate": lr}))
    return cases


def _predict_lr(rng):
    return [((np.zeros((3, 1)), 0.0, rng.randn(3, 4)), {}),     # sigma(0) = 0.5 is not > 0.5
            ((rng.randn(2, 1), float(rng.randn()), rng.randn(2, 6)), {}),
            ((rng.randn(5, 1), 0.3, rng.randn(5, 1)), {}),
            ((rng.randn(4, 1) * 3, -0.2, rng.randn(4, 9)), {})]


def _model_lr(rng):
    cases = []
    for n, m_train, m_test, iters, lr in ((4, 10, 5, 150, 0.05), (3, 8, 4, 301, 0.5),
                                          (6, 12, 6, 100, 0.1)):
        X, Y = _linear_data(rng, n, m_train + m_test)
        cases.append(((X[:, :m_train], Y[:, :m_train], X[:, m_train:], Y[:, m_train:]),
                      {"num_iterations": iters, "learning_rate": lr}))
    return cases


# ------------------------------------------------------------------ lesson 2
def _l2():
    from course_utils import shallow_network
    return shallow_network


def _l2_params(rng, n_x, n_h, n_y=1, scale=0.5):
    return {"W1": rng.randn(n_h, n_x) * scale, "b1": rng.randn(n_h, 1) * 0.1,
            "W2": rng.randn(n_y, n_h) * scale, "b2": rng.randn(n_y, 1) * 0.1}


def _layer_sizes(rng):
    return [((rng.randn(5, 3), _labels(rng, 3)), {}),
            ((rng.randn(2, 10), _labels(rng, 10)), {}),
            ((rng.randn(7, 1), _labels(rng, 1)), {}),
            ((rng.randn(3, 4), rng.rand(2, 4)), {})]


def _initialize_parameters_l2(rng):
    return [((2, 4, 1), {}), ((3, 5, 1), {"seed": 7}), ((1, 2, 1), {}),
            ((4, 3, 2), {"seed": 0})]


def _forward_propagation(rng):
    return [((rng.randn(n_x, m), _l2_params(rng, n_x, n_h)), {})
            for n_x, n_h, m in ((2, 4, 5), (3, 2, 1), (1, 5, 6), (4, 3, 3))]


def _compute_cost_l2(rng):
    return [((rng.rand(1, 6) * 0.98 + 0.01, _labels(rng, 6)), {}),
            ((rng.rand(1, 1) * 0.98 + 0.01, _labels(rng, 1)), {}),
            ((rng.rand(1, 9) * 0.98 + 0.01, _labels(rng, 9)), {}),
            ((np.array([[1.0, 0.0, 0.3, 1.0]]), np.array([[1.0, 0.0, 1.0, 0.0]])), {})]


def _backward_propagation(rng):
    cases = []
    for n_x, n_h, m in ((2, 4, 5), (3, 2, 1), (1, 5, 6), (4, 3, 3)):
        X, params = rng.randn(n_x, m), _l2_params(rng, n_x, n_h)
        _, cache = _l2().forward_propagation(X, params)
        cases.append(((params, cache, X, _labels(rng, m)), {}))
    return cases


def _update_parameters_l2(rng):
    cases = []
    for n_x, n_h, kwargs in ((2, 4, {}), (3, 2, {"learning_rate": 0.1}),
                             (5, 1, {"learning_rate": 2.5})):
        params = _l2_params(rng, n_x, n_h)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        cases.append(((params, grads), kwargs))
    return cases


def _nn_model(rng):
    cases = []
    for n_x, m, n_h, iters, seed in ((2, 20, 4, 200, 2), (3, 15, 2, 150, 5), (2, 12, 6, 101, 2)):
        X = rng.randn(n_x, m)
        Y = ((X[0:1] * X[1:2] + 0.2 * rng.randn(1, m)) > 0).astype(float)   # not linear
        Y[0, 0], Y[0, 1] = 0.0, 1.0
        cases.append(((X, Y, n_h), {"num_iterations": iters, "seed": seed}))
    return cases


def _predict_l2(rng):
    tie = _l2_params(rng, 3, 2)
    tie["W2"], tie["b2"] = np.zeros((1, 2)), np.zeros((1, 1))       # A2 = 0.5 exactly
    return [((tie, rng.randn(3, 4)), {}),
            ((_l2_params(rng, 2, 4, scale=2.0), rng.randn(2, 8)), {}),
            ((_l2_params(rng, 4, 3, scale=2.0), rng.randn(4, 1)), {}),
            ((_l2_params(rng, 1, 5, scale=2.0), rng.randn(1, 7)), {})]


# ------------------------------------------------------------------ lesson 3
def _l3():
    from course_utils import deep_network
    return deep_network


def _l3_params(rng, dims, scale=0.5):
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * scale
        p[f"b{l}"] = rng.randn(dims[l], 1) * 0.1
    return p


def _initialize_parameters_l3(rng):
    return [((3, 2, 1), {}), ((5, 4, 1), {"seed": 4}), ((1, 3, 2), {})]


def _initialize_parameters_deep(rng):
    return [(([5, 4, 3],), {}), (([3, 2, 2, 1],), {"seed": 1}),
            (([4, 3, 1],), {"seed": 1, "init": "lecun"}), (([3, 4, 2],), {"seed": 5, "init": "xavier"}),
            (([2, 3, 1],), {"init": "zeros"})]


def _layer_input(rng, n_prev, n, m):
    return rng.randn(n_prev, m), rng.randn(n, n_prev) * 0.7, rng.randn(n, 1) * 0.2


def _linear_forward(rng):
    return [(_layer_input(rng, n_prev, n, m), {}) for n_prev, n, m in ((3, 1, 2), (4, 3, 5),
                                                                        (2, 2, 1))]


def _linear_activation_forward(rng):
    return [(_layer_input(rng, n_prev, n, m) + (act,), {})
            for n_prev, n, m, act in ((3, 1, 2, "sigmoid"), (4, 3, 5, "relu"),
                                      (2, 2, 1, "relu"), (5, 2, 4, "sigmoid"))]


def _L_model_forward(rng):
    return [((rng.randn(dims[0], m), _l3_params(rng, dims)), {})
            for dims, m in (([3, 1], 4), ([4, 3, 1], 5), ([5, 4, 3, 1], 2))]


def _compute_cost_l3(rng):
    return [((rng.rand(1, 5) * 0.98 + 0.01, _labels(rng, 5)), {}),
            ((rng.rand(1, 1) * 0.98 + 0.01, _labels(rng, 1)), {}),
            ((rng.rand(1, 8) * 0.98 + 0.01, _labels(rng, 8)), {}),
            ((np.array([[0.0, 1.0, 0.6]]), np.array([[1.0, 1.0, 0.0]])), {})]


def _linear_backward(rng):
    cases = []
    for n_prev, n, m, kwargs in ((3, 1, 2, {}), (4, 3, 5, {}), (2, 2, 1, {}),
                                 (3, 2, 4, {"compute_dA_prev": False})):
        A, W, b = _layer_input(rng, n_prev, n, m)
        cases.append(((rng.randn(n, m), _l3().LinearCache(A, W, b)), kwargs))
    return cases


def _linear_activation_backward(rng):
    cases = []
    for n_prev, n, m, act in ((3, 1, 2, "sigmoid"), (4, 3, 5, "relu"), (2, 2, 1, "relu"),
                              (5, 2, 4, "sigmoid")):
        _, cache = _l3().linear_activation_forward(*_layer_input(rng, n_prev, n, m), act)
        cases.append(((rng.randn(n, m), cache, act), {}))
    return cases


def _L_model_backward(rng):
    cases = []
    for dims, m, kwargs in (([3, 1], 4, {}), ([4, 3, 1], 5, {}), ([5, 4, 3, 1], 2, {}),
                            ([3, 2, 1], 3, {"compute_dA0": False})):
        AL, caches = _l3().L_model_forward(rng.randn(dims[0], m), _l3_params(rng, dims))
        cases.append(((AL, _labels(rng, m), caches), kwargs))
    return cases


def _update_parameters_l3(rng):
    cases = []
    for dims, lr in (([3, 1], 0.1), ([4, 3, 1], 0.0075), ([2, 5, 3, 1], 1.5)):
        params = _l3_params(rng, dims)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        cases.append(((params, grads, lr), {}))
    return cases


def _two_layer_model(rng):
    cases = []
    for n_x, m, n_h, iters, lr in ((4, 12, 3, 150, 0.1), (3, 9, 5, 201, 0.05),
                                   (5, 7, 2, 101, 0.2)):
        X, Y = _linear_data(rng, n_x, m)
        cases.append(((X, Y, (n_x, n_h, 1)), {"learning_rate": lr, "num_iterations": iters}))
    return cases


def _L_layer_model(rng):
    cases = []
    for dims, m, iters, lr, extra in (([4, 5, 3, 1], 12, 150, 0.1, {}),
                                      ([3, 4, 1], 9, 201, 0.05, {}),
                                      ([2, 3, 3, 1], 8, 101, 0.2, {"init": "he", "seed": 2})):
        X, Y = _linear_data(rng, dims[0], m)
        cases.append(((X, Y, dims), {"learning_rate": lr, "num_iterations": iters, **extra}))
    return cases


def _predict_l3(rng):
    tie = _l3_params(rng, [3, 2, 1])
    tie["W2"], tie["b2"] = np.zeros((1, 2)), np.zeros((1, 1))       # AL = 0.5 exactly
    return [((rng.randn(3, 4), None, tie), {}),
            ((rng.randn(4, 6), _labels(rng, 6), _l3_params(rng, [4, 3, 1], scale=2.0)), {}),
            ((rng.randn(2, 1), None, _l3_params(rng, [2, 1], scale=2.0)), {})]


TRAINING = {"rtol": 1e-5, "atol": 1e-7, "timeout": 20.0}

EXERCISES = (
    # lesson 1: logistic regression (12 points)
    Exercise("logistic_regression", "sigmoid", 1, _sigmoid, scalar_tolerant=True),
    Exercise("logistic_regression", "initialize_with_zeros", 1, _initialize_with_zeros),
    Exercise("logistic_regression", "propagate", 3, _propagate),
    Exercise("logistic_regression", "optimize", 3, _optimize, **TRAINING),
    Exercise("logistic_regression", "predict", 2, _predict_lr),
    Exercise("logistic_regression", "model", 2, _model_lr, **TRAINING),
    # lesson 2: one hidden layer (14 points)
    Exercise("shallow_network", "layer_sizes", 1, _layer_sizes),
    Exercise("shallow_network", "initialize_parameters", 1, _initialize_parameters_l2),
    Exercise("shallow_network", "forward_propagation", 2, _forward_propagation),
    Exercise("shallow_network", "compute_cost", 1, _compute_cost_l2),
    Exercise("shallow_network", "backward_propagation", 3, _backward_propagation),
    Exercise("shallow_network", "update_parameters", 1, _update_parameters_l2),
    Exercise("shallow_network", "nn_model", 3, _nn_model, **TRAINING),
    Exercise("shallow_network", "predict", 2, _predict_l2),
    # lesson 3: deep network (20 points)
    Exercise("deep_network", "initialize_parameters", 1, _initialize_parameters_l3),
    Exercise("deep_network", "initialize_parameters_deep", 2, _initialize_parameters_deep),
    Exercise("deep_network", "linear_forward", 1, _linear_forward),
    Exercise("deep_network", "linear_activation_forward", 2, _linear_activation_forward),
    Exercise("deep_network", "L_model_forward", 2, _L_model_forward),
    Exercise("deep_network", "compute_cost", 1, _compute_cost_l3),
    Exercise("deep_network", "linear_backward", 2, _linear_backward),
    Exercise("deep_network", "linear_activation_backward", 2, _linear_activation_backward),
    Exercise("deep_network", "L_model_backward", 3, _L_model_backward),
    Exercise("deep_network", "update_parameters", 1, _update_parameters_l3),
    Exercise("deep_network", "two_layer_model", 1, _two_layer_model, **TRAINING),
    Exercise("deep_network", "L_layer_model", 1, _L_layer_model, **TRAINING),
    Exercise("deep_network", "predict", 1, _predict_l3),
)
