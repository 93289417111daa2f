"""Hidden cases of lesson 2 (course_utils/shallow_network.py): 14 points."""
import numpy as np

from course_instructor.hidden import labels, points
from course_utils.checks.policy import Case

TRAINING = {"rtol": 1e-5, "atol": 1e-7}


def _params(rng, n_x, n_h, n_y=1, scale=0.5):
    return {"W1": rng.randn(n_h, n_x) * scale, "b1": rng.randn(n_h, 1) * 0.1,
            "W2": rng.randn(n_y, n_h) * scale, "b2": rng.randn(n_y, 1) * 0.1}


def _forward(X, params):
    from course_utils.shallow_network import forward_propagation    # the reference
    return forward_propagation(X, params)


SHAPES = ((2, 4, 5), (3, 2, 1), (1, 5, 6), (4, 3, 3))      # (n_x, n_h, m)


@points(1)
def layer_sizes_cases(rng):
    return [Case("general", (rng.randn(5, 3), labels(rng, 3))),
            Case("general", (rng.randn(2, 10), labels(rng, 10))),
            Case("m = 1", (rng.randn(7, 1), labels(rng, 1))),
            Case("n_y = 2", (rng.randn(3, 4), rng.rand(2, 4)))]


@points(1)
def initialize_parameters_cases(rng):
    return [Case("general", (2, 4, 1)), Case("seed", (3, 5, 1), kwargs={"seed": 7}),
            Case("general", (1, 2, 1)), Case("seed", (4, 3, 2), kwargs={"seed": 0})]


@points(2)
def forward_propagation_cases(rng):
    return [Case("m = 1" if m == 1 else "general", (rng.randn(n_x, m), _params(rng, n_x, n_h)))
            for n_x, n_h, m in SHAPES]


@points(1)
def compute_cost_cases(rng):
    return [Case("general", (rng.rand(1, 6) * 0.98 + 0.01, labels(rng, 6)), m=6),
            Case("m = 1", (rng.rand(1, 1) * 0.98 + 0.01, labels(rng, 1)), m=1),
            Case("general", (rng.rand(1, 9) * 0.98 + 0.01, labels(rng, 9)), m=9),
            Case("saturated", (np.array([[1 - 1e-10, 1e-10, 0.3, 1 - 1e-11]]),
                               np.array([[1.0, 0.0, 1.0, 0.0]])), m=4)]


@points(3)
def backward_propagation_cases(rng):
    out = []
    for n_x, n_h, m in SHAPES:
        X, params = rng.randn(n_x, m), _params(rng, n_x, n_h)
        _, cache = _forward(X, params)
        out.append(Case("m = 1" if m == 1 else "general", (params, cache, X, labels(rng, m)),
                        m=m))
    return out


@points(1)
def update_parameters_cases(rng):
    out = []
    for n_x, n_h, kwargs in ((2, 4, {}), (3, 2, {"learning_rate": 0.1}),
                             (5, 1, {"learning_rate": 2.5})):
        params = _params(rng, n_x, n_h)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        kind = "learning rate given" if kwargs else "default learning rate"
        out.append(Case(kind, (params, grads) + tuple(kwargs.values())))
    return out


@points(3, timeout=20.0)
def nn_model_cases(rng):
    out = []
    for n_x, m, n_h, iters, seed in ((2, 20, 4, 200, None), (3, 15, 2, 150, 5),
                                     (2, 12, 6, 101, None), (2, 9, 3, 0, None)):
        X = rng.randn(n_x, m)
        Y = ((X[0:1] * X[1:2] + 0.2 * rng.randn(1, m)) > 0).astype(float)   # not linear
        Y[0, 0], Y[0, 1] = 0.0, 1.0
        kwargs = {"num_iterations": iters} | ({"seed": seed} if seed is not None else {})
        kind = "seed" if seed is not None else ("0 iterations" if iters == 0 else "general")
        out.append(Case(kind, (X, Y, n_h), kwargs=kwargs, m=m, **TRAINING))
    return out


@points(2)
def predict_cases(rng):
    tie = _params(rng, 3, 2)
    tie["W2"], tie["b2"] = np.zeros((1, 2)), np.zeros((1, 1))       # A2 = 0.5 exactly
    return [Case("tie at 0.5", (tie, rng.randn(3, 4))),
            Case("general", (_params(rng, 2, 4, scale=2.0), rng.randn(2, 8))),
            Case("m = 1", (_params(rng, 4, 3, scale=2.0), rng.randn(4, 1))),
            Case("general", (_params(rng, 1, 5, scale=2.0), rng.randn(1, 7))),
            Case("general", (_params(rng, 2, 3, scale=0.5) | {"b1": rng.randn(3, 1)},
                             rng.randn(2, 12)))]
