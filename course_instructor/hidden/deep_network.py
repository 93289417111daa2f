"""Hidden cases of lesson 3 (course_utils/deep_network.py): 20 points."""
import numpy as np

from course_instructor.hidden import labels, linear_data, points
from course_utils.checks.policy import Case

TRAINING = {"rtol": 1e-5, "atol": 1e-7}


def _dn():
    from course_utils import deep_network       # the reference: caches made like the forward's
    return deep_network


def _params(rng, dims, scale=0.5, bias=0.1):
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * scale
        p[f"b{l}"] = rng.randn(dims[l], 1) * bias
    return p


def _layer_input(rng, n_prev, n, m):
    return rng.randn(n_prev, m), rng.randn(n, n_prev) * 0.7, rng.randn(n, 1) * 0.2


LAYERS = ((3, 1, 2), (4, 3, 5), (2, 2, 1))                # (n[l-1], n[l], m)


@points(1)
def initialize_parameters_cases(rng):
    return [Case("general", (3, 2, 1)), Case("seed", (5, 4, 1), kwargs={"seed": 4}),
            Case("general", (1, 3, 2))]


@points(2)
def initialize_parameters_deep_cases(rng):
    return [Case("general", ([5, 4, 3],)),
            Case("seed", ([3, 2, 2, 1],), kwargs={"seed": 1}),
            Case("init", ([4, 3, 1],), kwargs={"seed": 1, "init": "lecun"}),
            Case("init", ([3, 4, 2],), kwargs={"seed": 5, "init": "xavier"}),
            Case("init", ([6, 2, 1],), kwargs={"seed": 2, "init": "he"}),
            Case("init", ([2, 3, 1],), kwargs={"init": "zeros"})]


@points(1)
def linear_forward_cases(rng):
    return [Case("m = 1" if m == 1 else "general", _layer_input(rng, n_prev, n, m))
            for n_prev, n, m in LAYERS]


@points(2)
def linear_activation_forward_cases(rng):
    return [Case("m = 1" if m == 1 else act, _layer_input(rng, n_prev, n, m) + (act,))
            for n_prev, n, m, act in ((3, 1, 2, "sigmoid"), (4, 3, 5, "relu"),
                                      (2, 2, 1, "relu"), (5, 2, 4, "sigmoid"))]


@points(2)
def L_model_forward_cases(rng):
    return [Case(f"L = {len(dims) - 1}", (rng.randn(dims[0], m), _params(rng, dims)))
            for dims, m in (([3, 1], 4), ([4, 3, 1], 5), ([5, 4, 3, 1], 2))]


@points(1)
def compute_cost_cases(rng):
    return [Case("general", (rng.rand(1, 5) * 0.98 + 0.01, labels(rng, 5)), m=5),
            Case("m = 1", (rng.rand(1, 1) * 0.98 + 0.01, labels(rng, 1)), m=1),
            Case("general", (rng.rand(1, 8) * 0.98 + 0.01, labels(rng, 8)), m=8),
            Case("saturated", (np.array([[1e-11, 1 - 1e-12, 0.6]]),
                               np.array([[1.0, 1.0, 0.0]])), m=3)]


@points(2)
def linear_backward_cases(rng):
    out = []
    for n_prev, n, m in LAYERS + ((3, 2, 4),):
        A, W, b = _layer_input(rng, n_prev, n, m)
        out.append(Case("m = 1" if m == 1 else "general",
                        (rng.randn(n, m), _dn().LinearCache(A, W, b)), m=m))
    return out


@points(2)
def linear_activation_backward_cases(rng):
    out = []
    for n_prev, n, m, act in ((3, 1, 2, "sigmoid"), (4, 3, 5, "relu"), (2, 2, 1, "relu"),
                              (5, 2, 4, "sigmoid")):
        _, cache = _dn().linear_activation_forward(*_layer_input(rng, n_prev, n, m), act)
        out.append(Case("m = 1" if m == 1 else act, (rng.randn(n, m), cache, act), m=m))
    return out


@points(3)
def L_model_backward_cases(rng):
    out = []
    for dims, m in (([3, 1], 4), ([4, 3, 1], 5), ([5, 4, 3, 1], 2), ([3, 2, 2, 1], 3)):
        AL, caches = _dn().L_model_forward(rng.randn(dims[0], m), _params(rng, dims))
        out.append(Case(f"L = {len(dims) - 1}", (AL, labels(rng, m), caches), m=m))
    return out


@points(1)
def update_parameters_cases(rng):
    out = []
    for dims, lr in (([3, 1], 0.1), ([4, 3, 1], 0.0075), ([2, 5, 3, 1], 1.5)):
        params = _params(rng, dims)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        out.append(Case("general", (params, grads, lr)))
    return out


@points(1, timeout=20.0)
def two_layer_model_cases(rng):
    out = []
    for n_x, m, n_h, iters, lr in ((4, 12, 3, 150, 0.1), (3, 9, 5, 201, 0.05),
                                   (5, 7, 2, 101, 0.2)):
        X, Y = linear_data(rng, n_x, m)
        out.append(Case("general", (X, Y, (n_x, n_h, 1)),
                        kwargs={"learning_rate": lr, "num_iterations": iters}, m=m, **TRAINING))
    return out


@points(1)
def predict_cases(rng):
    tie = _params(rng, [3, 2, 1])
    tie["W2"], tie["b2"] = np.zeros((1, 2)), np.zeros((1, 1))       # AL = 0.5 exactly
    return [Case("tie at 0.5", (rng.randn(3, 4), None, tie)),
            Case("general", (rng.randn(4, 6), labels(rng, 6), _params(rng, [4, 3, 1], scale=2.0))),
            Case("m = 1", (rng.randn(2, 1), None, _params(rng, [2, 1], scale=2.0))),
            # small weights and large biases: outputs near 0.5, where the biases and the
            # sigmoid at the output decide
            Case("general", (rng.randn(3, 12), None, _params(rng, [3, 4, 1], scale=0.3,
                                                             bias=0.8))),
            Case("general", (rng.uniform(-0.5, 0.5, (1, 8)), None,       # z in (-0.5, 0.5)
                             {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))}))]


@points(1, timeout=20.0)
def L_layer_model_cases(rng):
    out = []
    for dims, m, iters, lr, extra in (([4, 5, 3, 1], 12, 150, 0.1, {}),
                                      ([3, 4, 1], 9, 201, 0.05, {}),
                                      ([2, 3, 3, 1], 8, 101, 0.2, {"init": "he", "seed": 2})):
        X, Y = linear_data(rng, dims[0], m)
        out.append(Case("init" if extra else "general", (X, Y, dims),
                        kwargs={"learning_rate": lr, "num_iterations": iters, **extra}, m=m,
                        **TRAINING))
    return out
