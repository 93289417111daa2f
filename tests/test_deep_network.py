"""Unit tests of lesson 3's graded functions (course_utils.deep_network).

Oracles: hand-worked values (arithmetic in the comments), the classic course's
published outputs for its seeded test cases, centred finite differences of every
backward function, an independent NumPy implementation of the training loop, and
properties (no mutation, no global RNG, the cost decreases, no NaN when saturated).
"""
import math

import numpy as np
import pytest

from course_utils.deep_network import (
    ActivationCache, L_layer_model, L_model_backward, L_model_forward, LinearCache,
    compute_cost, cross_entropy_backward, initialize_parameters, initialize_parameters_deep,
    linear_activation_backward, linear_activation_forward, linear_backward, linear_forward,
    predict, two_layer_model, update_parameters)
from course_utils.numerical_gradient import numerical_gradient, rel_error

pytestmark = pytest.mark.unit


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def classic_randn(seed, *shapes):
    """The classic draws np.random.seed(seed); randn(shape) ..., global state restored."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        return [np.random.randn(*s) for s in shapes]
    finally:
        np.random.set_state(state)


@pytest.fixture
def global_rng_untouched():
    """Fail if the test body changes NumPy's global random state."""
    np.random.seed(12345)
    before = np.random.get_state()[1].copy(), np.random.get_state()[2]
    yield
    after = np.random.get_state()
    assert np.array_equal(after[1], before[0]) and after[2] == before[1], \
        "the global NumPy random state was changed"


def deep_copy(x):
    if isinstance(x, dict):
        return {k: deep_copy(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [deep_copy(v) for v in x]
    return np.array(x, copy=True) if isinstance(x, np.ndarray) else x


def assert_same(a, b):
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        for x, y in zip(a, b, strict=True):
            assert_same(x, y)
    else:
        np.testing.assert_array_equal(a, b)


def small_net(seed=0, dims=(4, 5, 3, 1), m=6):
    """A small network with entries away from the ReLU kink, and data and labels."""
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1])
        params[f"b{l}"] = rng.randn(dims[l], 1) * 0.5
    X = rng.randn(dims[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(int)
    return X, Y, params


# ----------------------------------------------------------------------------- initialisation

def test_initialize_parameters_classic_values_and_draws(global_rng_untouched):
    p = initialize_parameters(3, 2, 1)
    # classic published output of initialize_parameters(3, 2, 1)
    np.testing.assert_allclose(p["W1"], [[0.01624345, -0.00611756, -0.00528172],
                                         [-0.01072969, 0.00865408, -0.02301539]], atol=1e-8)
    np.testing.assert_allclose(p["W2"], [[0.01744812, -0.00761207]], atol=1e-8)
    W1, W2 = classic_randn(1, (2, 3), (1, 2))
    np.testing.assert_array_equal(p["W1"], W1 * 0.01)
    np.testing.assert_array_equal(p["W2"], W2 * 0.01)
    assert_same({k: p[k] for k in ("b1", "b2")}, {"b1": np.zeros((2, 1)), "b2": np.zeros((1, 1))})


def test_initialize_parameters_deep_classic_values(global_rng_untouched):
    p = initialize_parameters_deep([5, 4, 3])
    # classic published output: W1[0] and W2[2] of initialize_parameters_deep([5, 4, 3])
    np.testing.assert_allclose(p["W1"][0], [0.01788628, 0.0043651, 0.00096497, -0.01863493,
                                            -0.00277388], atol=1e-8)
    np.testing.assert_allclose(p["W2"][2], [-0.00768836, -0.00230031, 0.00745056, 0.01976111],
                               atol=1e-8)
    W1, W2 = classic_randn(3, (4, 5), (3, 4))
    np.testing.assert_array_equal(p["W1"], W1 * 0.01)
    np.testing.assert_array_equal(p["W2"], W2 * 0.01)
    assert p["b1"].shape == (4, 1) and p["b2"].shape == (3, 1)
    assert not p["b1"].any() and not p["b2"].any()
    assert list(p) == ["W1", "b1", "W2", "b2"]


@pytest.mark.parametrize("init, factor", [
    ("lecun", lambda n, n_out: 1 / np.sqrt(n)), ("he", lambda n, n_out: np.sqrt(2 / n)),
    ("xavier", lambda n, n_out: np.sqrt(2 / (n + n_out))),
    ("randn", lambda n, n_out: 1.0), ("small", lambda n, n_out: 0.01)])
def test_initialize_parameters_deep_schemes(init, factor, global_rng_untouched):
    dims = [6, 4, 3, 1]
    p = initialize_parameters_deep(dims, seed=1, init=init)
    # the application's deep model: np.random.seed(1); W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1])
    draws = classic_randn(1, (4, 6), (3, 4), (1, 3))
    for l, W in enumerate(draws, start=1):
        np.testing.assert_allclose(p[f"W{l}"], W * factor(dims[l - 1], dims[l]), rtol=1e-15)
        np.testing.assert_array_equal(p[f"b{l}"], np.zeros((dims[l], 1)))


def test_initialize_parameters_deep_zeros():
    p = initialize_parameters_deep([3, 2, 1], init="zeros")
    assert all(not v.any() for v in p.values())
    assert p["W1"].shape == (2, 3) and p["W2"].shape == (1, 2)


# ----------------------------------------------------------------------------- forward

def test_linear_forward_hand_worked_and_cache():
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, -1.0], [0.0, 2.0]])
    b = np.array([[0.5], [-1.0]])
    Z, cache = linear_forward(A, W, b)
    # row 1: [1 - 3, 2 - 4] + 0.5 = [-1.5, -1.5]; row 2: [6, 8] - 1 = [5, 7]
    np.testing.assert_array_equal(Z, [[-1.5, -1.5], [5.0, 7.0]])
    assert isinstance(cache, LinearCache)
    A_prev, W_c, b_c = cache                      # unpacks like the classic tuple
    assert A_prev is A and W_c is W and b_c is b


def test_linear_forward_classic():
    A, W, b = classic_randn(1, (3, 2), (1, 3), (1, 1))
    Z, _ = linear_forward(A, W, b)
    np.testing.assert_allclose(Z, [[3.26295337, -1.23429987]], atol=1e-8)


def test_linear_activation_forward_hand_worked():
    A_prev, W, b = np.array([[1.0, -1.0]]), np.array([[2.0]]), np.array([[0.0]])
    # Z = [[2, -2]]
    A, cache = linear_activation_forward(A_prev, W, b, "sigmoid")
    np.testing.assert_allclose(A, [[sig(2), sig(-2)]], rtol=1e-15)
    assert isinstance(cache, ActivationCache)
    linear_cache, Z = cache
    np.testing.assert_array_equal(Z, [[2.0, -2.0]])
    assert linear_cache.A_prev is A_prev
    A, _ = linear_activation_forward(A_prev, W, b, "relu")
    np.testing.assert_array_equal(A, [[2.0, 0.0]])


def test_linear_activation_forward_classic():
    A_prev, W, b = classic_randn(2, (3, 2), (1, 3), (1, 1))
    A, _ = linear_activation_forward(A_prev, W, b, "sigmoid")
    np.testing.assert_allclose(A, [[0.96890023, 0.11013289]], atol=1e-8)
    A, _ = linear_activation_forward(A_prev, W, b, "relu")
    np.testing.assert_allclose(A, [[3.43896131, 0.0]], atol=1e-8)


def test_L_model_forward_hand_worked():
    # X = [[1, -1]]; Z1 = 1*X + 0 -> relu -> [[1, 0]]; Z2 = 2 A1 - 1 = [[1, -1]]
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]]),
              "W2": np.array([[2.0]]), "b2": np.array([[-1.0]])}
    AL, caches = L_model_forward(np.array([[1.0, -1.0]]), params)
    np.testing.assert_allclose(AL, [[sig(1), sig(-1)]], rtol=1e-15)
    assert len(caches) == 2
    np.testing.assert_array_equal(caches[1].linear_cache.A_prev, [[1.0, 0.0]])
    np.testing.assert_array_equal(caches[1].Z, [[1.0, -1.0]])


def test_L_model_forward_classic():
    X, W1, b1, W2, b2, W3, b3 = classic_randn(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1),
                                              (1, 3), (1, 1))
    AL, caches = L_model_forward(X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2,
                                     "W3": W3, "b3": b3})
    np.testing.assert_allclose(AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]],
                               atol=1e-8)
    assert len(caches) == 3


def test_compute_cost_hand_worked_and_safe():
    # classic: -(ln 0.8 + ln 0.9 + ln(1 - 0.4)) / 3 = 0.2797765635793422
    cost = compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert isinstance(cost, float)
    assert cost == pytest.approx(0.2797765635793422, rel=1e-12)
    # AL exactly 0 for a cat and exactly 0 for a non-cat: clipped to 1e-15 -> ln(1e15) / 2
    cost = compute_cost(np.array([[0.0, 0.0]]), np.array([[1, 0]]))
    assert cost == pytest.approx(-math.log(1e-15) / 2, rel=1e-9)
    assert compute_cost(np.array([[1.0, 0.0]]), np.array([[1, 0]])) < 1e-14


# ----------------------------------------------------------------------------- backward

def test_linear_backward_hand_worked():
    # m = 2, A_prev = I, W = [[1, 2]], dZ = [[1, 3]]:
    # dW = dZ A_prev^T / 2 = [[0.5, 1.5]]; db = (1 + 3) / 2 = 2; dA_prev = W^T dZ = [[1, 3], [2, 6]]
    dA_prev, dW, db = linear_backward(np.array([[1.0, 3.0]]),
                                      LinearCache(np.eye(2), np.array([[1.0, 2.0]]),
                                                  np.array([[0.0]])))
    np.testing.assert_array_equal(dA_prev, [[1.0, 3.0], [2.0, 6.0]])
    np.testing.assert_array_equal(dW, [[0.5, 1.5]])
    np.testing.assert_array_equal(db, [[2.0]])


def test_linear_backward_classic():
    dZ, A, W, b = classic_randn(1, (3, 4), (5, 4), (3, 5), (3, 1))
    dA_prev, dW, db = linear_backward(dZ, (A, W, b))
    np.testing.assert_allclose(dA_prev[0], [-1.15171336, 0.06718465, -0.3204696, 2.09812712],
                               atol=1e-8)
    np.testing.assert_allclose(dW[2], [0.97913304, -0.24376494, -0.08839671, 0.55151192,
                                       -0.10290907], atol=1e-8)
    np.testing.assert_allclose(db, [[-0.14713786], [-0.11313155], [-0.13209101]], atol=1e-8)


def test_linear_backward_finite_differences():
    # J = sum(G * Z) with Z = W A + b, so dJ/dZ = G; linear_backward divides dW, db by m,
    # i.e. it returns the gradients of J / m for dW, db and of J for dA_prev.
    rng = np.random.RandomState(0)
    A, W, b, G = rng.randn(4, 5), rng.randn(3, 4), rng.randn(3, 1), rng.randn(3, 5)
    m = A.shape[1]
    dA_prev, dW, db = linear_backward(G, LinearCache(A, W, b))
    assert rel_error(dA_prev, numerical_gradient(lambda a: np.sum(G * (W @ a + b)), A)) < 1e-7
    assert rel_error(dW, numerical_gradient(lambda w: np.sum(G * (w @ A + b)) / m, W)) < 1e-7
    assert rel_error(db, numerical_gradient(lambda c: np.sum(G * (W @ A + c)) / m, b)) < 1e-7


def test_linear_backward_can_skip_dA_prev():
    rng = np.random.RandomState(1)
    cache = LinearCache(rng.randn(4, 5), rng.randn(3, 4), rng.randn(3, 1))
    dZ = rng.randn(3, 5)
    full = linear_backward(dZ, cache)
    skipped = linear_backward(dZ, cache, compute_dA_prev=False)
    assert skipped[0] is None
    np.testing.assert_array_equal(skipped[1], full[1])
    np.testing.assert_array_equal(skipped[2], full[2])


@pytest.mark.parametrize("activation, g", [
    ("sigmoid", lambda z: 1 / (1 + np.exp(-z))), ("relu", lambda z: np.maximum(z, 0))])
def test_linear_activation_backward_finite_differences(activation, g):
    rng = np.random.RandomState(2)
    A, W, b, G = rng.randn(4, 5), rng.randn(3, 4), rng.randn(3, 1), rng.randn(3, 5)
    m = A.shape[1]
    Z = W @ A + b
    assert np.min(np.abs(Z)) > 1e-3                    # away from the ReLU kink
    dA_prev, dW, db = linear_activation_backward(G, ActivationCache(LinearCache(A, W, b), Z),
                                                 activation)
    assert rel_error(dA_prev, numerical_gradient(lambda a: np.sum(G * g(W @ a + b)), A)) < 1e-6
    assert rel_error(dW, numerical_gradient(lambda w: np.sum(G * g(w @ A + b)) / m, W)) < 1e-6
    assert rel_error(db, numerical_gradient(lambda c: np.sum(G * g(W @ A + c)) / m, b)) < 1e-6


def test_linear_activation_backward_hand_worked_and_classic():
    # relu: Z = [[1, -1]] so dZ = [[2, 0]]; A_prev = [[1, 1]], W = [[3]], m = 2:
    # dW = (2 + 0) / 2 = 1, db = 1, dA_prev = 3 [[2, 0]] = [[6, 0]]
    out = linear_activation_backward(
        np.array([[2.0, 5.0]]),
        ((np.array([[1.0, 1.0]]), np.array([[3.0]]), np.array([[0.0]])), np.array([[1.0, -1.0]])),
        "relu")
    assert_same(out, ([[6.0, 0.0]], [[1.0]], [[1.0]]))
    dA, A, W, b, Z = classic_randn(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    dA_prev, dW, db = linear_activation_backward(dA, ((A, W, b), Z), "sigmoid")
    np.testing.assert_allclose(dW, [[0.10266786, 0.09778551, -0.01968084]], atol=1e-8)
    np.testing.assert_allclose(db, [[-0.05729622]], atol=1e-8)
    dA_prev, dW, db = linear_activation_backward(dA, ((A, W, b), Z), "relu")
    np.testing.assert_allclose(dA_prev, [[0.44090989, 0.0], [0.37883606, 0.0],
                                         [-0.2298228, 0.0]], atol=1e-8)


def test_L_model_backward_finite_differences():
    X, Y, params = small_net()
    m = X.shape[1]
    AL, caches = L_model_forward(X, params)
    assert min(np.min(np.abs(c.Z)) for c in caches) > 1e-3
    grads = L_model_backward(AL, Y, caches)
    assert sorted(grads) == sorted(["dA0", "dA1", "dA2", "dW1", "dW2", "dW3",
                                    "db1", "db2", "db3"])

    def cost(p):
        return compute_cost(L_model_forward(X, p)[0], Y)

    for name, value in params.items():
        num = numerical_gradient(lambda v, name=name: cost({**params, name: v}), value)
        assert rel_error(grads["d" + name], num) < 1e-6, name
    # dA0 is the gradient of the summed loss m J with respect to X
    num = numerical_gradient(lambda x: m * compute_cost(L_model_forward(x, params)[0], Y), X)
    assert rel_error(grads["dA0"], num) < 1e-6


def test_L_model_backward_classic_and_skipping_dA0():
    AL, A1, W1, b1, Z1, A2, W2, b2, Z2 = classic_randn(
        3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    caches = [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]
    grads = L_model_backward(AL, np.array([[1, 0]]), caches)
    np.testing.assert_allclose(grads["dW1"][0], [0.41010002, 0.07807203, 0.13798444,
                                                 0.10502167], atol=1e-8)
    np.testing.assert_allclose(grads["db1"], [[-0.22007063], [0.0], [-0.02835349]], atol=1e-8)
    np.testing.assert_allclose(grads["dA1"][:, 1], [-0.44014127, 0.48317296, -0.05670698],
                               atol=1e-8)
    fast = L_model_backward(AL, np.array([[1, 0]]), caches, compute_dA0=False)
    assert "dA0" not in fast
    assert_same(fast, {k: v for k, v in grads.items() if k != "dA0"})


def test_output_gradient_is_AL_minus_Y_when_consistent():
    # With AL = sigma(ZL), dZL = dAL * sigma'(ZL) = AL - Y: dbL = mean(AL - Y).
    X, Y, params = small_net(seed=3)
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    assert grads["db3"][0, 0] == pytest.approx(float(np.mean(AL - Y)), rel=1e-12)


def test_backward_is_finite_when_the_output_saturates():
    # AL exactly 0 and 1 (sigmoid of +-800 rounds to them): no inf/NaN, no warning
    # (pytest turns RuntimeWarnings into errors), and |dZL| stays <= 1.
    AL = np.array([[0.0, 1.0, 1.0, 0.0]])
    Y = np.array([[1, 0, 1, 0]])
    dAL = cross_entropy_backward(AL, Y)
    assert np.all(np.isfinite(dAL))
    cache = ((np.ones((1, 4)), np.ones((1, 1)), np.zeros((1, 1))),
             np.array([[-800.0, 800.0, 800.0, -800.0]]))
    grads = L_model_backward(AL, Y, [cache])
    assert all(np.all(np.isfinite(g)) for g in grads.values())
    assert np.max(np.abs(grads["db1"])) <= 1.0
    # every entry away from 0 and 1 is exactly the formula: -(1/0.25 - 0) = -4
    assert cross_entropy_backward(np.array([[0.25]]), np.array([[1]]))[0, 0] == -4.0


def test_update_parameters_hand_worked_new_arrays():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[3.0]])}
    grads = {"dW1": np.array([[2.0, -2.0]]), "db1": np.array([[-4.0]]), "dA0": np.ones((2, 1))}
    before_p, before_g = deep_copy(params), deep_copy(grads)
    new = update_parameters(params, grads, 0.5)
    # [1 - 0.5*2, 2 - 0.5*(-2)] = [0, 3]; 3 - 0.5*(-4) = 5
    assert_same(new, {"W1": [[0.0, 3.0]], "b1": [[5.0]]})
    assert new is not params and new["W1"] is not params["W1"]
    assert_same(params, before_p)
    assert_same(grads, before_g)


def test_no_function_modifies_its_inputs():
    X, Y, params = small_net()
    saved = deep_copy((X, Y, params))
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    saved_more = deep_copy((AL, caches, grads))
    compute_cost(AL, Y)
    update_parameters(params, grads, 0.1)
    predict(X, Y, params, print_accuracy=False)
    L_layer_model(X, Y, [4, 5, 3, 1], num_iterations=3)
    two_layer_model(X, Y, (4, 3, 1), num_iterations=3)
    L_model_backward(AL, Y, caches, compute_dA0=False)
    assert_same((X, Y, params), saved)
    assert_same((AL, caches, grads), saved_more)


# ----------------------------------------------------------------------------- models

def reference_training(X, Y, params, lr, iterations):
    """An independent loop: fused dZL = AL - Y, explicit layers, no package code."""
    params = {k: v.copy() for k, v in params.items()}
    L, m, costs = len(params) // 2, X.shape[1], []
    for i in range(iterations):
        As, Zs = [X], []
        for l in range(1, L + 1):
            Zs.append(params[f"W{l}"] @ As[-1] + params[f"b{l}"])
            As.append(np.maximum(Zs[-1], 0) if l < L else 1 / (1 + np.exp(-Zs[-1])))
        AL = As[-1]
        if i % 100 == 0:
            costs.append(float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))))
        dZ = AL - Y
        for l in range(L, 0, -1):
            dW, db = dZ @ As[l - 1].T / m, dZ.mean(axis=1, keepdims=True)
            if l > 1:
                dZ = (params[f"W{l}"].T @ dZ) * (Zs[l - 2] > 0)
            params[f"W{l}"] = params[f"W{l}"] - lr * dW
            params[f"b{l}"] = params[f"b{l}"] - lr * db
    return params, costs


def test_two_layer_model_matches_an_independent_loop_and_prints(capsys, global_rng_untouched):
    X, Y, _ = small_net(seed=5, m=8)
    params, costs = two_layer_model(X, Y, (4, 3, 1), learning_rate=0.5, num_iterations=250,
                                    print_cost=True)
    W1, W2 = classic_randn(1, (3, 4), (1, 3))
    init = {"W1": W1 * 0.01, "b1": np.zeros((3, 1)), "W2": W2 * 0.01, "b2": np.zeros((1, 1))}
    ref_params, ref_costs = reference_training(X, Y, init, 0.5, 250)
    np.testing.assert_allclose(costs, ref_costs, rtol=1e-9)
    for k in ref_params:
        np.testing.assert_allclose(params[k], ref_params[k], rtol=1e-8, atol=1e-12)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0", "Cost after iteration 100", "Cost after iteration 200",
        "Cost after iteration 249"]
    assert lines[0] == f"Cost after iteration 0: {ref_costs[0]:.6f}"


def test_print_every_and_silence(capsys):
    X, Y, _ = small_net(seed=5, m=8)
    L_layer_model(X, Y, [4, 2, 1], num_iterations=1001, print_cost=True, print_every=500)
    lines = capsys.readouterr().out.splitlines()
    assert [int(line.split()[3][:-1]) for line in lines] == [0, 500, 1000]
    L_layer_model(X, Y, [4, 2, 1], num_iterations=5)
    assert capsys.readouterr().out == ""


def test_large_initial_weights_stay_finite_without_warnings():
    # Plain randn on 3000 inputs in [0, 1]: |ZL| in the hundreds, the sigmoid rounds to 0/1.
    rng = np.random.RandomState(0)
    X = rng.rand(3000, 20)
    Y = (rng.rand(1, 20) > 0.5).astype(int)
    params, costs = L_layer_model(X, Y, [3000, 20, 7, 5, 1], num_iterations=101, init="randn")
    assert np.all(np.isfinite(costs)) and max(costs) < 35
    assert all(np.all(np.isfinite(v)) for v in params.values())


def test_zero_init_keeps_units_identical():
    # Symmetry: with W = 0 every hidden unit gets the same gradient, so all stay equal.
    X, Y, _ = small_net(seed=6, m=8)
    params, _ = L_layer_model(X, Y, [4, 3, 1], num_iterations=50, init="zeros",
                              learning_rate=0.5)
    W1 = params["W1"]
    assert np.allclose(W1, W1[0])


def test_predict_threshold_and_accuracy(capsys):
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    # AL = sigma(x) > 0.5 exactly when x > 0; x = 0 gives 0.5, which is not > 0.5
    p = predict(np.array([[-1.0, 0.0, 2.0, 3.0]]), np.array([[0, 1, 1, 0]]), params)
    np.testing.assert_array_equal(p, [[0.0, 0.0, 1.0, 1.0]])
    assert p.dtype == float
    assert capsys.readouterr().out == "Accuracy: 50.0%\n"          # 2 of 4 right
    predict(np.array([[1.0]]), None, params)
    assert capsys.readouterr().out == ""


# ----------------------------------------------------------------------------- error messages

def test_L_layer_model_matches_an_independent_loop(global_rng_untouched):
    X, Y, _ = small_net(seed=4, m=8)
    dims = [4, 5, 3, 1]
    params, costs = L_layer_model(X, Y, dims, learning_rate=0.1, num_iterations=201)
    init = {}
    for l, W in enumerate(classic_randn(1, (5, 4), (3, 5), (1, 3)), start=1):
        init[f"W{l}"], init[f"b{l}"] = W / np.sqrt(dims[l - 1]), np.zeros((dims[l], 1))
    ref_params, ref_costs = reference_training(X, Y, init, 0.1, 201)
    assert len(costs) == 3                            # iterations 0, 100, 200
    np.testing.assert_allclose(costs, ref_costs, rtol=1e-9)
    for k in ref_params:
        np.testing.assert_allclose(params[k], ref_params[k], rtol=1e-8, atol=1e-12)
    assert costs[-1] < costs[0]


def test_errors_linear_forward():
    W, b = np.ones((2, 3)), np.zeros((2, 1))
    with pytest.raises(ValueError, match=r"A must have shape \(n\[l-1\], m\) = \(3, m\).*"
                                         r"got \(4, 3\).*transposed"):
        linear_forward(np.ones((4, 3)), W, b)
    with pytest.raises(ValueError, match=r"b must have shape \(n\[l\], 1\) = \(2, 1\).*"
                                         r"got \(2,\).*reshape\(-1, 1\)"):
        linear_forward(np.ones((3, 4)), W, np.zeros(2))
    with pytest.raises(TypeError, match="W must be a NumPy array; got list"):
        linear_forward(np.ones((3, 4)), [[1, 2, 3]], b)


def test_errors_activation_names_the_allowed_ones():
    with pytest.raises(ValueError, match=r"activation must be one of \('sigmoid', 'relu'\); "
                                         r"got 'tanh'"):
        linear_activation_forward(np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1)), "tanh")
    cache = ((np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1))), np.ones((2, 4)))
    with pytest.raises(ValueError, match="activation must be one of.*got 'Relu'"):
        linear_activation_backward(np.ones((2, 4)), cache, "Relu")
    with pytest.raises(ValueError, match=r"dA must have the shape of Z.*\(2, 4\); got \(4, 2\)"):
        linear_activation_backward(np.ones((4, 2)), cache, "relu")


def test_errors_layer_dims_and_init():
    with pytest.raises(ValueError, match=r"layer_dims must be a list of at least 2.*got \[5\]"):
        initialize_parameters_deep([5])
    with pytest.raises(ValueError, match=r"layer_dims\[1\] must be a positive integer; got 0"):
        initialize_parameters_deep([5, 0, 1])
    with pytest.raises(ValueError, match=r"init must be one of \('small', 'lecun', 'xavier', "
                                         r"'he', 'randn', 'zeros'\); got 'glorot'"):
        initialize_parameters_deep([5, 1], init="glorot")
    with pytest.raises(ValueError, match="n_h must be a positive integer; got 2.5"):
        initialize_parameters(3, 2.5, 1)


def test_errors_L_model_forward():
    params = initialize_parameters_deep([4, 3, 1])
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\) = \(4, m\); got "
                                         r"\(6, 4\).*transposed.*\.T"):
        L_model_forward(np.ones((6, 4)), params)
    with pytest.raises(ValueError, match=r"parameters is missing the key\(s\) \['b2'\]"):
        L_model_forward(np.ones((4, 6)), {k: v for k, v in params.items() if k != "b2"})
    bad = {**params, "W2": np.ones((1, 5))}
    with pytest.raises(ValueError, match=r"parameters\['W2'\] must have shape \(n\[2\], n\[1\]\)"
                                         r" with n\[1\] = 3.*got \(1, 5\)"):
        L_model_forward(np.ones((4, 6)), bad)
    with pytest.raises(TypeError, match="parameters must be a dict"):
        L_model_forward(np.ones((4, 6)), [params])


def test_errors_cost_and_backward():
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 3\); got \(3,\)"):
        compute_cost(np.full((1, 3), 0.5), np.array([1, 0, 1]))
    with pytest.raises(ValueError, match=r"AL must have shape \(1, m\); got \(2, 3\)"):
        compute_cost(np.full((2, 3), 0.5), np.array([[1, 0, 1]]))
    with pytest.raises(ValueError, match=r"Y must contain only the labels 0 and 1; found \[2\]"):
        compute_cost(np.full((1, 3), 0.5), np.array([[1, 2, 1]]))
    with pytest.raises(ValueError, match="caches must be the non-empty list"):
        L_model_backward(np.full((1, 3), 0.5), np.array([[1, 0, 1]]), [])
    cache = LinearCache(np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"dZ must have shape \(n\[l\], m\) = \(2, 4\).*"
                                         r"got \(2, 3\)"):
        linear_backward(np.ones((2, 3)), cache)


def test_errors_update_and_models():
    params = initialize_parameters_deep([4, 3, 1])
    grads = {"dW1": np.ones((3, 4)), "db1": np.ones((3, 1)), "dW2": np.ones((1, 3))}
    with pytest.raises(ValueError, match=r"grads is missing the key 'db2'"):
        update_parameters(params, grads, 0.1)
    with pytest.raises(ValueError, match=r"grads\['db2'\] must have the shape of b2, \(1, 1\); "
                                         r"got \(1,\)"):
        update_parameters(params, {**grads, "db2": np.ones(1)}, 0.1)
    with pytest.raises(ValueError, match="learning_rate must be a positive number; got -1"):
        update_parameters(params, {**grads, "db2": np.ones((1, 1))}, -1)
    X, Y = np.ones((4, 5)), np.array([[1, 0, 1, 0, 1]])
    with pytest.raises(ValueError, match=r"layers_dims must be \(n_x, n_h, n_y\).*L_layer_model"):
        two_layer_model(X, Y, [4, 3, 2, 1])
    with pytest.raises(ValueError, match=r"layers_dims must end with 1"):
        L_layer_model(X, Y, [4, 3, 2])
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\) = \(12288, m\)"):
        L_layer_model(X, Y, [12288, 3, 1])
    with pytest.raises(ValueError, match="X contains NaN or infinite values"):
        L_layer_model(np.full((4, 5), np.nan), Y, [4, 3, 1])
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 5\); got \(5, 1\)"):
        two_layer_model(X, Y.T, (4, 3, 1))
    with pytest.raises(ValueError, match=r"y must have shape \(1, m\) = \(1, 5\)"):
        predict(X, np.ones((1, 4)), params)

