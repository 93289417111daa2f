"""Lesson 2: hand-worked values, finite-difference gradients, properties, error messages."""
import contextlib
import copy
import io
import math
import re

import numpy as np
import pytest

from course_utils import shallow_network as sn
from course_utils.datasets import load_planar_dataset
from course_utils.numerical_gradient import numerical_gradient, rel_error

pytestmark = pytest.mark.unit

LN2, LN3 = math.log(2.0), math.log(3.0)
NAMES = ("W1", "b1", "W2", "b2")


def params(W1, b1, W2, b2):
    return {"W1": np.array(W1, dtype=float), "b1": np.array(b1, dtype=float),
            "W2": np.array(W2, dtype=float), "b2": np.array(b2, dtype=float)}


def random_problem(seed=0, n_x=3, n_h=4, m=7, scale=0.5):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_x, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    p = params(rng.randn(n_h, n_x) * scale, rng.randn(n_h, 1) * scale,
               rng.randn(1, n_h) * scale, rng.randn(1, 1) * scale)
    return X, Y, p


def hand_case():
    """W1 = I, b1 = 0, X = diag(ln 2, ln 3) -> A1 = diag(tanh ln 2, tanh ln 3) = diag(3/5, 4/5);
    W2 = [ln 3 / 0.6, -ln 3 / 0.8], b2 = 0 -> Z2 = [ln 3, -ln 3], A2 = [3/4, 1/4]."""
    X = np.array([[LN2, 0.0], [0.0, LN3]])
    p = params(np.eye(2), np.zeros((2, 1)), [[LN3 / 0.6, -LN3 / 0.8]], [[0.0]])
    return X, p


# The classic course's small input: RandomState(1): X = randn(2, 3), Y = randn(1, 3) > 0.
X3 = np.array([[1.62434536, -0.61175641, -0.52817175],
               [-1.07296862, 0.86540763, -2.3015387]])
Y3 = np.array([[True, False, True]])


# ---------------------------------------------------------------------------- layer_sizes
def test_layer_sizes():
    assert sn.layer_sizes(np.ones((5, 3)), np.ones((2, 3))) == (5, 4, 2)
    sizes = sn.layer_sizes(np.ones((2, 400)), np.zeros((1, 400)))
    assert sizes == (2, 4, 1) and all(type(s) is int for s in sizes)


@pytest.mark.parametrize("Y, match", [
    (np.zeros(400), r"got \(400,\)\. Labels must be a row per output: use Y\.reshape\(1, -1\)"),
    (np.zeros((400, 1)), r"Y must have shape \(n_y, m\) = \(n_y, 400\).*got \(400, 1\)"),
    (np.zeros((1, 10)), r"got \(1, 10\)\.$"),
])
def test_layer_sizes_rejects_bad_Y(Y, match):
    with pytest.raises(ValueError, match=match):
        sn.layer_sizes(np.ones((2, 400)), Y)


def test_layer_sizes_spots_transposed_X():
    with pytest.raises(ValueError, match=r"got X of shape \(400, 2\) for 400 labels\. "
                                         r"It looks transposed"):
        sn.layer_sizes(np.ones((400, 2)), np.zeros((1, 400)))


def test_layer_sizes_rejects_lists():
    with pytest.raises(TypeError, match=r"X must be a NumPy array; got list"):
        sn.layer_sizes([[1.0, 2.0]], np.zeros((1, 2)))


# ---------------------------------------------------------------------- initialize_parameters
def test_initialize_parameters_published_values():
    p = sn.initialize_parameters(2, 4, 1)
    np.testing.assert_allclose(p["W1"], [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                                         [-0.01793436, -0.00841747], [0.00502881, -0.01245288]],
                               atol=5e-9)
    np.testing.assert_allclose(p["W2"], [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]],
                               atol=5e-9)
    assert p["b1"].shape == (4, 1) and not p["b1"].any()
    assert p["b2"].shape == (1, 1) and not p["b2"].any()


@pytest.mark.parametrize("seed", [2, 3])
def test_initialize_parameters_equals_global_seeding_without_touching_it(seed):
    saved = np.random.get_state()
    try:
        np.random.seed(seed)                       # the classic course's way
        W1 = np.random.randn(5, 3) * 0.01
        W2 = np.random.randn(2, 5) * 0.01
        np.random.seed(12345)                      # a known global state
        before = np.random.get_state()
        p = sn.initialize_parameters(3, 5, 2, seed=seed)
        after = np.random.get_state()
    finally:
        np.random.set_state(saved)
    np.testing.assert_array_equal(p["W1"], W1)
    np.testing.assert_array_equal(p["W2"], W2)
    assert before[0] == after[0] and np.array_equal(before[1], after[1])
    assert before[2:] == after[2:]


def test_initialize_parameters_shapes_and_types():
    p = sn.initialize_parameters(7, 3, 2)
    assert {k: v.shape for k, v in p.items()} == {"W1": (3, 7), "b1": (3, 1), "W2": (2, 3),
                                                  "b2": (2, 1)}
    assert all(v.dtype == np.float64 for v in p.values())
    assert not np.array_equal(p["W1"], sn.initialize_parameters(7, 3, 2, seed=3)["W1"])


@pytest.mark.parametrize("args, match", [
    ((0, 4, 1), "n_x must be a positive integer; got 0"),
    ((2, 2.5, 1), "n_h must be a positive integer; got 2.5"),
    ((2, 4, True), "n_y must be a positive integer; got True"),
])
def test_initialize_parameters_rejects_bad_sizes(args, match):
    with pytest.raises(ValueError, match=match):
        sn.initialize_parameters(*args)


def test_initialize_parameters_rejects_bad_seed():
    with pytest.raises(ValueError, match="seed must be a non-negative integer; got -1"):
        sn.initialize_parameters(2, 4, 1, seed=-1)


# ------------------------------------------------------------------------ forward_propagation
def test_forward_propagation_hand_worked():
    X, p = hand_case()
    A2, cache = sn.forward_propagation(X, p)
    np.testing.assert_allclose(cache["Z1"], X)
    np.testing.assert_allclose(cache["A1"], [[0.6, 0.0], [0.0, 0.8]], atol=1e-15)
    np.testing.assert_allclose(cache["Z2"], [[LN3, -LN3]])
    np.testing.assert_allclose(A2, [[0.75, 0.25]])
    assert cache["A2"] is A2 and set(cache) == {"Z1", "A1", "Z2", "A2"}


def test_forward_propagation_matches_a_per_example_loop():
    # An independent reference: one example and one unit at a time, with math.tanh / math.exp.
    X, _, p = random_problem(seed=3, n_x=3, n_h=4, m=5)
    A2, cache = sn.forward_propagation(X, p)
    for i in range(X.shape[1]):
        a1 = [math.tanh(sum(p["W1"][k, j] * X[j, i] for j in range(3)) + p["b1"][k, 0])
              for k in range(4)]
        z2 = sum(p["W2"][0, k] * a1[k] for k in range(4)) + p["b2"][0, 0]
        np.testing.assert_allclose(cache["A1"][:, i], a1, rtol=1e-12)
        assert A2[0, i] == pytest.approx(1.0 / (1.0 + math.exp(-z2)), rel=1e-12)


def test_forward_propagation_classic_means():
    # The classic forward test (parameters with non-zero biases); published means.
    p = params([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                [-0.01793436, -0.00841747], [0.00502881, -0.01245288]],
               [[1.74481176], [-0.7612069], [0.3190391], [-0.24937038]],
               [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]], [[-1.3]])
    _, cache = sn.forward_propagation(X3, p)
    means = [np.mean(cache[k]) for k in ("Z1", "A1", "Z2", "A2")]
    np.testing.assert_allclose(means, [0.262818640198, 0.091999045227, -1.30766601287,
                                       0.212877681719], rtol=1e-7)


def test_forward_propagation_no_overflow_for_large_z():
    p = params([[1.0]], [[0.0]], [[1000.0]], [[0.0]])
    with np.errstate(over="raise", invalid="raise"):
        A2, _ = sn.forward_propagation(np.array([[-50.0, 50.0]]), p)
    np.testing.assert_array_equal(A2, [[0.0, 1.0]])


# -------------------------------------------------------------------------------- compute_cost
def test_compute_cost_hand_worked():
    # A2 = 1/2 everywhere -> ln 2
    assert sn.compute_cost(np.array([[0.5, 0.5]]), np.array([[1, 0]])) == pytest.approx(LN2)
    # -(ln 0.8 + ln 0.9 + ln 0.5) / 3
    cost = sn.compute_cost(np.array([[0.8, 0.1, 0.5]]), np.array([[1, 0, 0]]))
    assert cost == pytest.approx(-(math.log(0.8) + math.log(0.9) + math.log(0.5)) / 3)
    assert isinstance(cost, float)
    # m = 1: y = 0, a = 3/4 -> -ln(1/4) = ln 4
    assert sn.compute_cost(np.array([[0.75]]), np.array([[False]])) == pytest.approx(math.log(4))


def test_compute_cost_is_finite_at_0_and_1():
    # pytest turns RuntimeWarnings (log of 0) into errors, see pyproject.toml.
    assert sn.compute_cost(np.array([[1.0, 0.0]]), np.array([[1, 0]])) < 1e-12
    assert sn.compute_cost(np.array([[0.0]]), np.array([[1]])) == pytest.approx(-math.log(1e-15))


@pytest.mark.parametrize("A2, Y, exc, match", [
    (np.full((400,), 0.5), np.zeros((1, 400)), ValueError,
     r"A2 must have shape \(1, m\); got \(400,\)"),
    (np.full((1, 4), 0.5), np.zeros((4, 1)), ValueError,
     r"Y must have the shape of A2, \(1, m\) = \(1, 4\); got \(4, 1\)\. Use Y\.reshape\(1, -1\)"),
    ([[0.5]], np.zeros((1, 1)), TypeError, r"A2 must be a NumPy array; got list"),
])
def test_compute_cost_errors(A2, Y, exc, match):
    with pytest.raises(exc, match=match):
        sn.compute_cost(A2, Y)


# ----------------------------------------------------------------------- backward_propagation
def test_backward_propagation_hand_worked():
    X, p = hand_case()
    _, cache = sn.forward_propagation(X, p)
    grads = sn.backward_propagation(p, cache, X, np.array([[1, 1]]))
    # dZ2 = A2 - Y = [3/4 - 1, 1/4 - 1] = [-1/4, -3/4]; m = 2
    # dW2 = dZ2 A1^T / 2 = [(-1/4)(3/5), (-3/4)(4/5)] / 2 = [-0.075, -0.3]
    # db2 = (-1/4 - 3/4) / 2 = -0.5
    np.testing.assert_allclose(grads["dW2"], [[-0.075, -0.3]])
    np.testing.assert_allclose(grads["db2"], [[-0.5]])
    # 1 - A1^2 = [[1 - 0.36, 1], [1, 1 - 0.64]] = [[0.64, 1], [1, 0.36]]
    # dZ1 = W2^T dZ2 * (1 - A1^2), W2 = [w1, w2] = [ln3/0.6, -ln3/0.8]:
    #   [[w1 (-1/4) 0.64, w1 (-3/4) 1], [w2 (-1/4) 1, w2 (-3/4) 0.36]]
    w1, w2 = LN3 / 0.6, -LN3 / 0.8
    dZ1 = np.array([[-0.16 * w1, -0.75 * w1], [-0.25 * w2, -0.27 * w2]])
    # dW1 = dZ1 X^T / 2 with X = diag(ln 2, ln 3): column j of dZ1 times X[j, j], over 2
    np.testing.assert_allclose(grads["dW1"], dZ1 * [[LN2, LN3]] / 2)
    np.testing.assert_allclose(grads["db1"], dZ1.sum(axis=1, keepdims=True) / 2)


def test_backward_propagation_published_values():
    p = sn.initialize_parameters(2, 4, 1)     # the published seed-2 draws (tested above)
    _, cache = sn.forward_propagation(X3, p)
    grads = sn.backward_propagation(p, cache, X3, Y3)
    expected = {"dW1": [[0.00301023, -0.00747267], [0.00257968, -0.00641288],
                        [-0.00156892, 0.003893], [-0.00652037, 0.01618243]],
                "db1": [[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]],
                "dW2": [[0.00078841, 0.01765429, -0.00084166, -0.01022527]],
                "db2": [[-0.16655712]]}
    for k, v in expected.items():
        np.testing.assert_allclose(grads[k], v, atol=6e-9)


@pytest.mark.parametrize("seed, n_x, n_h, m", [(0, 3, 4, 7), (1, 2, 1, 1), (2, 5, 6, 3)])
def test_backward_propagation_matches_centred_differences(seed, n_x, n_h, m):
    X, Y, p = random_problem(seed, n_x, n_h, m)
    _, cache = sn.forward_propagation(X, p)
    grads = sn.backward_propagation(p, cache, X, Y)

    for name in NAMES:
        def cost(value, name=name):
            return sn.compute_cost(sn.forward_propagation(X, {**p, name: value})[0], Y)
        numeric = numerical_gradient(cost, p[name], eps=1e-5)
        assert grads["d" + name].shape == p[name].shape
        assert rel_error(grads["d" + name], numeric) < 1e-7, name


def test_backward_propagation_uses_the_cache_not_Z1():
    # backward needs only A1 and A2 from the cache (tanh' = 1 - A1^2).
    X, Y, p = random_problem(4)
    _, cache = sn.forward_propagation(X, p)
    full = sn.backward_propagation(p, cache, X, Y)
    partial = sn.backward_propagation(p, {"A1": cache["A1"], "A2": cache["A2"]}, X, Y)
    for k in full:
        np.testing.assert_array_equal(full[k], partial[k])


# ---------------------------------------------------------------------- update_parameters
def test_update_parameters_hand_worked_and_default_rate():
    p = params([[1.0, 2.0]], [[0.5]], [[-1.0]], [[0.0]])
    g = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]]),
         "dW2": np.array([[0.5]]), "db2": np.array([[-0.25]])}
    # lr = 0.5: [1 - 0.05, 2 + 0.1], 0.5 - 0.5, -1 - 0.25, 0 + 0.125
    new = sn.update_parameters(p, g, 0.5)
    for k, v in {"W1": [[0.95, 2.1]], "b1": [[0.0]], "W2": [[-1.25]], "b2": [[0.125]]}.items():
        np.testing.assert_allclose(new[k], v)
    # default lr = 1.2: [1 - 0.12, 2 + 0.24], 0.5 - 1.2, -1 - 0.6, 0 + 0.3
    new = sn.update_parameters(p, g)
    for k, v in {"W1": [[0.88, 2.24]], "b1": [[-0.7]], "W2": [[-1.6]], "b2": [[0.3]]}.items():
        np.testing.assert_allclose(new[k], v)


def test_update_parameters_returns_new_arrays():
    X, Y, p = random_problem(5)
    _, cache = sn.forward_propagation(X, p)
    g = sn.backward_propagation(p, cache, X, Y)
    p_before, g_before = copy.deepcopy(p), copy.deepcopy(g)
    new = sn.update_parameters(p, g, 0.1)
    assert new is not p
    for k in NAMES:
        np.testing.assert_array_equal(p[k], p_before[k])
        np.testing.assert_array_equal(g["d" + k], g_before["d" + k])
        assert not np.shares_memory(new[k], p[k])


# ---------------------------------------------------------------- validation of the inputs
def good():
    return sn.initialize_parameters(2, 4, 1)


@pytest.mark.parametrize("make, exc, match", [
    (lambda: [1, 2], TypeError, r"parameters must be a dict with keys \['W1', 'b1', 'W2', "
                                r"'b2'\]; got list\. Create it with initialize_parameters"),
    (lambda: {k: v for k, v in good().items() if k != "b2"}, ValueError,
     r"parameters is missing the key\(s\) \['b2'\]"),
    (lambda: {**good(), "W1": [[0.0, 0.0]] * 4}, TypeError,
     r'parameters\["W1"\] must be a NumPy array; got list'),
    (lambda: {**good(), "b1": np.zeros(4)}, ValueError,
     r'parameters\["b1"\] must be a 2-D array; got shape \(4,\)'),
    (lambda: {**good(), "b1": np.zeros((1, 4))}, ValueError,
     r'parameters\["b1"\] must have shape \(4, 1\) to match W1 of shape \(4, 2\)'),
    (lambda: {**good(), "W2": np.zeros((1, 3))}, ValueError,
     r'parameters\["W2"\] must have shape \(1, 4\)'),
    (lambda: {**good(), "b2": np.zeros((1, 2))}, ValueError,
     r'parameters\["b2"\] must have shape \(1, 1\)'),
])
def test_bad_parameters_are_reported(make, exc, match):
    X = np.zeros((2, 5))
    with pytest.raises(exc, match=match):
        sn.forward_propagation(X, make())
    with pytest.raises(exc, match=match):
        sn.predict(make(), X)


def test_forward_spots_transposed_X():
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\) = \(2, m\) to match W1; "
                                         r"got \(5, 2\)\. It looks transposed"):
        sn.forward_propagation(np.zeros((5, 2)), good())


def test_forward_names_W1_columns_when_n_x_differs():
    with pytest.raises(ValueError, match=r"got \(3, 5\)\. W1 has 2 columns, one per input "
                                         r"feature, but X has 3 rows"):
        sn.forward_propagation(np.zeros((3, 5)), good())


def test_forward_rejects_non_numeric_X():
    with pytest.raises(TypeError, match="X must hold numbers"):
        sn.forward_propagation(np.array([["a"] * 3] * 2), good())


def test_backward_errors():
    X, Y, p = random_problem(6, n_x=2, n_h=4, m=5)
    _, cache = sn.forward_propagation(X, p)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 5\); got \(5,\)\. "
                                         r"Use Y\.reshape\(1, -1\)"):
        sn.backward_propagation(p, cache, X, Y.ravel())
    with pytest.raises(ValueError, match=r'cache\["A1"\] must have shape \(4, 5\) to match'):
        sn.backward_propagation(p, {**cache, "A1": cache["A1"][:, :3]}, X, Y)
    with pytest.raises(ValueError, match=r"cache is missing the key\(s\) \['A2'\]"):
        sn.backward_propagation(p, {"A1": cache["A1"]}, X, Y)
    with pytest.raises(TypeError, match=r"cache must be a dict .*got tuple"):
        sn.backward_propagation(p, (cache["A1"], cache["A2"]), X, Y)


def test_update_errors():
    p = good()
    g = {"d" + k: np.zeros_like(v) for k, v in p.items()}
    with pytest.raises(ValueError, match=r'grads\["dW1"\] must have the shape of '
                                         r'parameters\["W1"\], \(4, 2\); got \(2, 4\)'):
        sn.update_parameters(p, {**g, "dW1": np.zeros((2, 4))})
    with pytest.raises(ValueError, match=r"grads is missing the key\(s\) \['db1'\]"):
        sn.update_parameters(p, {k: v for k, v in g.items() if k != "db1"})


@pytest.mark.parametrize("X, Y, kwargs, exc, match", [
    (np.ones((2, 4)), np.array([[0, 1, 2, 1]]), {}, ValueError,
     r"Y must contain only the labels 0 and 1; found \[2\]"),
    (np.array([[0.0, np.nan, 1.0, 2.0], [1.0] * 4]), np.array([[0, 1, 1, 0]]), {}, ValueError,
     "X contains NaN or infinite values"),
    (np.ones((4, 2)), np.array([[0, 1, 1, 0]]), {}, ValueError, "It looks transposed"),
    (np.ones((2, 4)), np.array([0, 1, 1, 0]), {}, ValueError, r"use Y\.reshape\(1, -1\)"),
    (np.ones((2, 4)), np.array([[0, 1, 1, 0]]), {"num_iterations": -1}, ValueError,
     "num_iterations must be a non-negative integer; got -1"),
    (np.ones((2, 4)), np.array([[0, 1, 1, 0]]), {"learning_rate": 0.0}, ValueError,
     "learning_rate must be a positive number; got 0.0"),
])
def test_nn_model_errors(X, Y, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        sn.nn_model(X, Y, 4, **kwargs)


def test_nn_model_rejects_bad_n_h():
    with pytest.raises(ValueError, match="n_h must be a positive integer; got 0"):
        sn.nn_model(np.ones((2, 4)), np.array([[0, 1, 1, 0]]), 0)


# ------------------------------------------------------------------------------- nn_model
def test_nn_model_published_values():
    p = sn.nn_model(X3, Y3, 4, num_iterations=10000)
    np.testing.assert_allclose(p["W1"], [[-0.65848169, 1.21866811], [-0.76204273, 1.39377573],
                                         [0.5792005, -1.10397703], [0.76773391, -1.41477129]],
                               atol=1e-7)
    np.testing.assert_allclose(p["b1"], [[0.287592], [0.3511264], [-0.2431246],
                                         [-0.35772805]], atol=1e-7)
    np.testing.assert_allclose(p["W2"], [[-2.45566237, -3.27042274, 2.00784958, 3.36773273]],
                               atol=1e-7)
    np.testing.assert_allclose(p["b2"], [[0.20459656]], atol=1e-7)


def test_nn_model_zero_iterations_returns_the_initialisation():
    p = sn.nn_model(X3, Y3, 4, num_iterations=0)
    np.testing.assert_allclose(p["W1"][0], [-0.00416758, -0.00056267], atol=5e-9)
    assert not p["b1"].any() and not p["b2"].any()


def test_nn_model_prints_every_1000_and_cost_decreases():
    X, Y = load_planar_dataset()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        sn.nn_model(X, Y, 4, num_iterations=3001, print_cost=True)
    lines = out.getvalue().splitlines()
    assert [ln.split(":")[0] for ln in lines] == [f"Cost after iteration {i}"
                                                  for i in (0, 1000, 2000, 3000)]
    assert all(re.fullmatch(r"Cost after iteration \d+: \d\.\d{6}", ln) for ln in lines)
    costs = [float(ln.split(": ")[1]) for ln in lines]
    assert costs[0] == pytest.approx(0.693048, abs=1e-6)   # about ln 2 with weights ~0.01
    assert all(a > b for a, b in zip(costs, costs[1:]))


def test_nn_model_is_silent_by_default_and_keeps_inputs():
    X, Y = load_planar_dataset(m=40)
    X_before, Y_before = X.copy(), Y.copy()
    state = np.random.get_state()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        sn.nn_model(X, Y, 3, num_iterations=50)
    assert out.getvalue() == ""
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    assert np.array_equal(np.random.get_state()[1], state[1])


def test_nn_model_seed_and_learning_rate_keywords():
    rng = np.random.RandomState(5)
    W1_5 = rng.randn(2, 2) * 0.01
    np.testing.assert_array_equal(sn.nn_model(X3, Y3, 2, num_iterations=0, seed=5)["W1"], W1_5)
    # One step moves every parameter by -learning_rate * (the same gradient), so doubling
    # the learning rate doubles the displacement from the seed-2 initialisation.
    rng = np.random.RandomState(2)
    p0 = params(rng.randn(2, 2) * 0.01, np.zeros((2, 1)), rng.randn(1, 2) * 0.01, np.zeros((1, 1)))
    p_small = sn.nn_model(X3, Y3, 2, num_iterations=1, learning_rate=0.3)
    p_large = sn.nn_model(X3, Y3, 2, num_iterations=1, learning_rate=0.6)
    for k in NAMES:
        np.testing.assert_allclose(p_large[k] - p0[k], 2 * (p_small[k] - p0[k]), rtol=1e-9,
                                   atol=1e-15)
    assert np.abs(p_small["b2"] - p0["b2"]).item() > 1e-3


def test_nn_model_fits_the_flower():
    X, Y = load_planar_dataset()
    p = sn.nn_model(X, Y, 4, num_iterations=10000)
    assert sn.accuracy(sn.predict(p, X), Y) >= 89.0


# -------------------------------------------------------------------------------- predict
def test_predict_hand_worked_threshold():
    X, p = hand_case()                        # A2 = [3/4, 1/4]
    pred = sn.predict(p, X)
    assert pred.dtype == float and pred.shape == (1, 2)
    np.testing.assert_array_equal(pred, [[True, False]])
    # W2 = 0, b2 = 0 -> A2 = sigma(0) = 0.5 exactly, which is not > 0.5
    flat = params(np.ones((2, 2)), np.zeros((2, 1)), np.zeros((1, 2)), np.zeros((1, 1)))
    np.testing.assert_array_equal(sn.predict(flat, np.ones((2, 3))), [[False, False, False]])


def test_predict_matches_the_sign_of_Z2_and_keeps_inputs():
    # sigma(z) > 0.5 exactly when z > 0: an independent closed form.
    X, _, p = random_problem(7, n_x=2, n_h=3, m=50, scale=2.0)
    X_before, p_before = X.copy(), copy.deepcopy(p)
    z2 = p["W2"] @ np.tanh(p["W1"] @ X + p["b1"]) + p["b2"]
    np.testing.assert_array_equal(sn.predict(p, X), z2 > 0)
    np.testing.assert_array_equal(X, X_before)
    for k in NAMES:
        np.testing.assert_array_equal(p[k], p_before[k])


def test_forward_and_backward_keep_inputs():
    X, Y, p = random_problem(8)
    before = copy.deepcopy((X, Y, p))
    _, cache = sn.forward_propagation(X, p)
    cache_before = copy.deepcopy(cache)
    sn.backward_propagation(p, cache, X, Y)
    np.testing.assert_array_equal(X, before[0])
    np.testing.assert_array_equal(Y, before[1])
    for k in NAMES:
        np.testing.assert_array_equal(p[k], before[2][k])
    for k in cache:
        np.testing.assert_array_equal(cache[k], cache_before[k])


def test_accuracy():
    # 3 of 4 right -> 75%
    assert sn.accuracy(np.array([[True, False, True, True]]), np.array([[1, 0, 0, 1]])) == 75.0
    with pytest.raises(ValueError, match=r"same shape; got \(1, 2\) and \(2, 1\)"):
        sn.accuracy(np.zeros((1, 2)), np.zeros((2, 1)))
