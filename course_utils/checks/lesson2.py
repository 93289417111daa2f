"""Checks for lesson 2 (one hidden layer). Called from notebook 02's check cells.

Where the expected values come from is written next to each case: hand-worked
arithmetic (chosen so that tanh and sigmoid give round numbers: tanh(ln 2) = 3/5,
tanh(ln 3) = 4/5, sigma(ln 3) = 3/4, sigma(0) = 1/2), or values "recorded from the
reviewed reference run". The recorded lesson 2 cases reproduce the widely published
outputs of the classic course for the same inputs (e.g. W1[0, 0] = -0.00416758 and
dW1[0, 0] = 0.00301023), and tests/test_shallow_network.py checks the reference's
gradients against centred finite differences.
"""
import contextlib
import io
import math

import numpy as np

from course_utils.activations import cross_entropy
from course_utils.checks._core import Case, CheckFailed, run_cases
from course_utils.gradient_check import check_gradients

__all__ = ["check_layer_sizes", "check_initialize_parameters", "check_forward_propagation",
           "check_compute_cost", "check_backward_propagation",
           "check_backward_propagation_numerically", "check_update_parameters",
           "check_nn_model", "check_predict"]

LN2, LN3 = math.log(2.0), math.log(3.0)


def _sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


# The classic course's small test input: RandomState(1), X = randn(2, 3), then
# Y = randn(1, 3) > 0, i.e. Y = [[True, False, True]].
_X3 = np.array([[1.62434536, -0.61175641, -0.52817175],
                [-1.07296862, 0.86540763, -2.3015387]])
_Y3 = np.array([[True, False, True]])

# initialize_parameters(2, 4, 1) with seed 2 (the published values).
_W1_SEED2 = np.array([[-0.00416758, -0.00056267],
                      [-0.02136196, 0.01640271],
                      [-0.01793436, -0.00841747],
                      [0.00502881, -0.01245288]])
_W2_SEED2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])


def _params(W1, b1, W2, b2):
    return {"W1": np.array(W1, dtype=float), "b1": np.array(b1, dtype=float),
            "W2": np.array(W2, dtype=float), "b2": np.array(b2, dtype=float)}


def _seed2_params():
    return _params(_W1_SEED2, np.zeros((4, 1)), _W2_SEED2, np.zeros((1, 1)))


# ----------------------------------------------------------------------------- layer_sizes
def check_layer_sizes(func):
    """layer_sizes: n_x from X's rows, n_h = 4, n_y from Y's rows."""
    cases = [
        Case("the flower's shapes", lambda: (np.zeros((2, 400)), np.zeros((1, 400))), (2, 4, 1)),
        # The classic test: X (5, 3) and Y (2, 3) -> (5, 4, 2).
        Case("X (5, 3), Y (2, 3)", lambda: (np.ones((5, 3)), np.ones((2, 3))), (5, 4, 2)),
        Case("one example (m = 1)", lambda: (np.ones((3, 1)), np.ones((1, 1))), (3, 4, 1)),
    ]
    run_cases("layer_sizes", _tuple_output(func), cases)


def _tuple_output(func):
    """Accept a returned list of sizes as well as a tuple."""
    def wrapped(*args, **kwargs):
        out = func(*args, **kwargs)
        return tuple(out) if isinstance(out, list) else out
    return wrapped


# ---------------------------------------------------------------------- initialize_parameters
def check_initialize_parameters(func):
    """initialize_parameters: the seed-2 draws, shapes, zero biases, no global RNG."""
    # The expected draws come from NumPy's RandomState (an independent reference): one
    # stream of n_h n_x + n_y n_h normal numbers from the seed, times 0.01; the first
    # n_h n_x fill W1 row by row, the rest fill W2.
    def expected(n_x, n_h, n_y, seed=2):
        draws = np.random.RandomState(seed).standard_normal(n_h * n_x + n_y * n_h) / 100
        return _params(draws[:n_h * n_x].reshape(n_h, n_x), np.zeros((n_h, 1)),
                       draws[n_h * n_x:].reshape(n_y, n_h), np.zeros((n_y, 1)))

    cases = [
        # The published values: W1[0, 0] = -0.00416758, W2[0, 3] = 0.02292208.
        Case("n_x=2, n_h=4, n_y=1 (published values)", lambda: (2, 4, 1), _seed2_params(),
             rtol=1e-6, atol=1e-8),
        Case("n_x=3, n_h=2, n_y=1", lambda: (3, 2, 1), expected(3, 2, 1), rtol=1e-12),
        Case("seed=3 keyword", lambda: (2, 4, 1), expected(2, 4, 1, seed=3),
             kwargs={"seed": 3}, rtol=1e-12),
        Case("one unit everywhere", lambda: (1, 1, 1), expected(1, 1, 1), rtol=1e-12),
    ]
    state = np.random.get_state()
    try:
        run_cases("initialize_parameters", func, cases, quiet=True)
    except CheckFailed as err:
        if "differs" in str(err):
            raise CheckFailed(f"{err}\nHint: draw W1 first, then W2, each with randn(rows, "
                              "columns) * 0.01 from one local np.random.RandomState(seed) "
                              "generator.") from None
        raise
    after = np.random.get_state()
    if not (after[0] == state[0] and np.array_equal(after[1], state[1])
            and after[2:] == state[2:]):
        np.random.set_state(state)
        raise CheckFailed("initialize_parameters changed NumPy's global random state "
                          "(np.random.seed or np.random.randn). Draw from a local generator "
                          "instead, np.random.RandomState(seed), and call its randn.")
    print(f"initialize_parameters: all {len(cases)} cases passed.")


# ------------------------------------------------------------------------ forward_propagation
def _hand_forward_case():
    """n_x = 2, n_h = 2, m = 2 with round numbers.

    W1 = I, b1 = 0, X = diag(ln 2, ln 3)  ->  Z1 = X,  A1 = tanh(Z1) = diag(3/5, 4/5)
    (tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5; tanh(ln 3) = (3 - 1/3) / (3 + 1/3) = 4/5).
    W2 = [ln 3 / 0.6, -ln 3 / 0.8], b2 = 0  ->  Z2 = [ln 3, -ln 3],
    A2 = sigma(Z2) = [1 / (1 + 1/3), 1 / (1 + 3)] = [3/4, 1/4].
    """
    X = np.array([[LN2, 0.0], [0.0, LN3]])
    params = _params(np.eye(2), np.zeros((2, 1)), [[LN3 / 0.6, -LN3 / 0.8]], [[0.0]])
    cache = {"Z1": X.copy(), "A1": np.array([[0.6, 0.0], [0.0, 0.8]]),
             "Z2": np.array([[LN3, -LN3]]), "A2": np.array([[0.75, 0.25]])}
    return X, params, cache


def _hand_forward_case_m1():
    """n_x = 2, n_h = 1, m = 1: W1 = [1, 5], X = [ln 2, 0] -> Z1 = ln 2, A1 = 3/5;
    W2 = [2], b2 = ln 3 - 1.2 -> Z2 = 1.2 + ln 3 - 1.2 = ln 3, A2 = 3/4."""
    X = np.array([[LN2], [0.0]])
    params = _params([[1.0, 5.0]], [[0.0]], [[2.0]], [[LN3 - 1.2]])
    cache = {"Z1": np.array([[LN2]]), "A1": np.array([[0.6]]),
             "Z2": np.array([[LN3]]), "A2": np.array([[0.75]])}
    return X, params, cache


# The classic forward test: X = _X3 and these parameters (non-zero biases).
def _classic_forward_params():
    return _params(_W1_SEED2, [[1.74481176], [-0.7612069], [0.3190391], [-0.24937038]],
                   _W2_SEED2, [[-1.3]])


# Recorded from the reviewed reference run; their means are the published
# 0.262818640198, 0.091999045227, -1.30766601287 and 0.212877681719.
_CLASSIC_FORWARD_CACHE = {
    "Z1": np.array([[1.738645898, 1.7468743649, 1.7483079648],
                    [-0.8135056938, -0.7339435536, -0.787675588],
                    [0.2989391867, 0.322726017, 0.3478846553],
                    [-0.2278403063, -0.2632236041, -0.2233656702]]),
    "A1": np.array([[0.9400693999, 0.9410187548, 0.9411826574],
                    [-0.6715196348, -0.6254720486, -0.6570902463],
                    [0.2903415232, 0.3119697167, 0.3344982147],
                    [-0.2239779971, -0.2573081984, -0.2197236007]]),
    "Z2": np.array([[-1.3073742574, -1.3084476054, -1.307176176]]),
    "A2": np.array([[0.2129265576, 0.2127467319, 0.2129597557]]),
}


def check_forward_propagation(func):
    """forward_propagation: two hand-worked cases (one with m = 1) and the classic one."""
    X, params, cache = _hand_forward_case()
    X1, params1, cache1 = _hand_forward_case_m1()
    cases = [
        Case("hand-worked, m = 2", lambda: (X.copy(), _copy_dict(params)),
             (cache["A2"], cache)),
        Case("one example (m = 1)",
             lambda: (X1.copy(), _copy_dict(params1)),
             (cache1["A2"], cache1)),
        Case("classic test input (recorded)", lambda: (_X3.copy(), _classic_forward_params()),
             (_CLASSIC_FORWARD_CACHE["A2"], _CLASSIC_FORWARD_CACHE), rtol=1e-7, atol=1e-9),
    ]
    try:
        run_cases("forward_propagation", func, cases, quiet=True)
    except CheckFailed as err:
        msg = str(err)
        if "differs" in msg and "Hint:" not in msg:
            msg += ("\nHint: the hidden layer uses tanh (np.tanh), the output layer sigmoid; "
                    "Z = W @ A_prev + b, with W first.")
        raise CheckFailed(msg) from None
    print(f"forward_propagation: all {len(cases)} cases passed.")


# ------------------------------------------------------------------------------ compute_cost
def check_compute_cost(func):
    """compute_cost: hand-worked costs, m = 1, the classic value, and A2 of exactly 0 or 1."""
    cases = [
        # A2 = 1/2 everywhere: each example costs ln 2, so J = ln 2.
        Case("A2 = 0.5", lambda: (np.array([[0.5, 0.5]]), np.array([[1, 0]])), LN2, m=2),
        # J = -(ln 0.8 + ln(1 - 0.1) + ln(1 - 0.5)) / 3
        Case("three examples", lambda: (np.array([[0.8, 0.1, 0.5]]), np.array([[1, 0, 0]])),
             -(math.log(0.8) + math.log(0.9) + math.log(0.5)) / 3, m=3),
        # m = 1: y = 0, a = 3/4 -> J = -ln(1 - 3/4) = ln 4
        Case("one example (m = 1)", lambda: (np.array([[0.75]]), np.array([[0]])),
             math.log(4.0), m=1),
        # The classic test: -(ln 0.5002307 + ln(1 - 0.49985831) + ln 0.50023963) / 3
        Case("classic test input", lambda: (np.array([[0.5002307, 0.49985831, 0.50023963]]),
                                            _Y3.copy()),
             -(math.log(0.5002307) + math.log(1 - 0.49985831) + math.log(0.50023963)) / 3,
             m=3),
    ]
    run_cases("compute_cost", func, cases, quiet=True)
    # A2 exactly 1 where Y = 1 and exactly 0 where Y = 0: the naive formula computes
    # 0 * log(0) = NaN (and warns); a safe cost is ~0. A2 = 0 where Y = 1 must stay finite.
    with np.errstate(divide="raise", invalid="raise", over="raise"):
        try:
            right = func(np.array([[1.0, 0.0]]), np.array([[1, 0]]))
            wrong = func(np.array([[0.0]]), np.array([[1]]))
        except FloatingPointError:
            raise CheckFailed(
                "compute_cost, case 'A2 of exactly 0 or 1': np.log(0) was computed.\n"
                "Hint: A2 can round to exactly 0 or 1 once the network is confident. Use "
                "course_utils.activations.cross_entropy(A2, Y), which clips A2 to "
                "[1e-15, 1 - 1e-15].") from None
    if not (isinstance(right, float) and abs(right) < 1e-8):
        raise CheckFailed(f"compute_cost, case 'A2 equals Y exactly': expected about 0.0, got "
                          f"{right!r}.")
    if not (isinstance(wrong, float) and math.isfinite(wrong) and wrong > 30):
        raise CheckFailed(f"compute_cost, case 'A2 = 0 where Y = 1': expected a large finite "
                          f"cost (about 34.5 with clipping at 1e-15), got {wrong!r}.")
    print(f"compute_cost: all {len(cases) + 1} cases passed.")


# ---------------------------------------------------------------------- backward_propagation
def _hand_backward_expected():
    """Gradients for _hand_forward_case with Y = [1, 1] (m = 2).

    dZ2 = A2 - Y = [3/4 - 1, 1/4 - 1] = [-1/4, -3/4]
    dW2 = dZ2 A1^T / 2 = [(-1/4)(3/5), (-3/4)(4/5)] / 2 = [-0.075, -0.3]
    db2 = (-1/4 - 3/4) / 2 = -0.5
    With w1 = ln 3 / 0.6 and w2 = -ln 3 / 0.8, and 1 - A1^2 = [[0.64, 1], [1, 0.36]]:
    dZ1 = W2^T dZ2 * (1 - A1^2) = [[-w1/4 * 0.64, -3 w1/4 * 1], [-w2/4 * 1, -3 w2/4 * 0.36]]
    dW1 = dZ1 X^T / 2 with X = diag(ln 2, ln 3): dW1[i, j] = dZ1[i, j] X[j, j] / 2
    db1 = the row sums of dZ1, / 2
    """
    w1, w2 = LN3 / 0.6, -LN3 / 0.8
    dZ1 = np.array([[-w1 / 4 * 0.64, -3 * w1 / 4], [-w2 / 4, -3 * w2 / 4 * 0.36]])
    return {"dW1": dZ1 * np.array([[LN2, LN3]]) / 2,
            "db1": dZ1.sum(axis=1, keepdims=True) / 2,
            "dW2": np.array([[-0.075, -0.3]]),
            "db2": np.array([[-0.5]])}


def check_backward_propagation(func):
    """backward_propagation: hand-worked (m = 2 and m = 1) and the classic published case."""
    X, params, cache = _hand_forward_case()
    X1, params1, cache1 = _hand_forward_case_m1()

    def copies(X, params, cache, Y):
        return _copy_dict(params), _copy_dict(cache), X.copy(), Y.copy()

    cases = [
        Case("hand-worked, m = 2", lambda: copies(X, params, cache, np.array([[1, 1]])),
             _hand_backward_expected(), m=2, rtol=1e-10),
        # m = 1, Y = 1: dZ2 = 3/4 - 1 = -1/4; dW2 = -1/4 * 3/5 = -0.15; db2 = -0.25;
        # dZ1 = 2 * (-1/4) * (1 - 0.36) = -0.32; dW1 = -0.32 * [ln 2, 0]; db1 = -0.32.
        Case("one example (m = 1)", lambda: copies(X1, params1, cache1, np.array([[1]])),
             {"dW1": np.array([[-0.32 * LN2, 0.0]]), "db1": np.array([[-0.32]]),
              "dW2": np.array([[-0.15]]), "db2": np.array([[-0.25]])}, m=1, rtol=1e-10),
        # The classic test: parameters from seed 2, the cache of the forward pass on _X3.
        # These are the published values (and the reference's, to 8 digits).
        Case("classic test input (published values)",
             lambda: (_seed2_params(), _classic_backward_cache(), _X3.copy(), _Y3.copy()),
             {"dW1": np.array([[0.00301023, -0.00747267], [0.00257968, -0.00641288],
                               [-0.00156892, 0.003893], [-0.00652037, 0.01618243]]),
              "db1": np.array([[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]]),
              "dW2": np.array([[0.00078841, 0.01765429, -0.00084166, -0.01022527]]),
              "db2": np.array([[-0.16655712]])}, m=3, rtol=2e-6, atol=1e-8),
    ]
    try:
        run_cases("backward_propagation", func, cases, quiet=True)
    except CheckFailed as err:
        msg = str(err)
        if ("'dW1'" in msg or "'db1'" in msg) and "Hint:" not in msg:
            msg += ("\nHint: dZ1 = (W2.T @ dZ2) * (1 - A1**2): the derivative of tanh written "
                    "with A1 = tanh(Z1), multiplied element-wise (*), not with @.")
        raise CheckFailed(msg) from None
    print(f"backward_propagation: all {len(cases)} cases passed.")


def _classic_backward_cache():
    A1 = np.array([[-0.00616578, 0.0020626, 0.00349619],
                   [-0.05225116, 0.02725659, -0.02646251],
                   [-0.02009721, 0.0036869, 0.02883756],
                   [0.02152675, -0.01385234, 0.02599885]])
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
    return {"Z1": np.arctanh(A1), "A1": A1, "Z2": np.log(A2 / (1 - A2)), "A2": A2}


def check_backward_propagation_numerically(backward_func, forward_func, seed=1):
    """Compare backward_propagation with centred finite differences of the cost.

    The cost is cross_entropy(forward_func(X, parameters)[0], Y), on 5 random examples
    with 3 hidden units and weights large enough for tanh to bend (randn * 0.5).
    """
    gen = np.random.RandomState(seed)
    X = gen.randn(2, 5)
    Y = (gen.rand(1, 5) > 0.5).astype(float)
    params = _params(gen.randn(3, 2) * 0.5, gen.randn(3, 1) * 0.5,
                     gen.randn(1, 3) * 0.5, gen.randn(1, 1) * 0.5)

    def cost(p):
        return cross_entropy(forward_func(X, p)[0], Y)

    _, cache = forward_func(X, params)
    grads = backward_func(params, cache, X, Y)
    if not isinstance(grads, dict):
        raise CheckFailed(f"backward_propagation should return a dict of gradients; got "
                          f"{type(grads).__name__}.")
    tol = 1e-7
    try:
        check_gradients(cost, params, grads, eps=1e-5, tol=tol, verbose=False)
    except (AssertionError, KeyError, ValueError) as err:
        raise CheckFailed(f"backward_propagation, numerical gradient check: {err}") from None
    print(f"backward_propagation: all 4 gradients agree with centred finite differences "
          f"(relative error < {tol:.0e}).")


# ------------------------------------------------------------------------- update_parameters
def check_update_parameters(func):
    """update_parameters: hand-worked steps, the default learning rate, no in-place change."""
    params = _params([[1.0, 2.0]], [[0.5]], [[-1.0]], [[0.0]])
    grads = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]]),
             "dW2": np.array([[0.5]]), "db2": np.array([[-0.25]])}
    cases = [
        # lr = 0.5: W1 = [1 - 0.05, 2 + 0.1] = [0.95, 2.1]; b1 = 0.5 - 0.5 = 0;
        # W2 = -1 - 0.25 = -1.25; b2 = 0 + 0.125 = 0.125
        Case("lr = 0.5", lambda: (_copy_dict(params), _copy_dict(grads), 0.5),
             _params([[0.95, 2.1]], [[0.0]], [[-1.25]], [[0.125]]), rtol=1e-12),
        # default lr = 1.2: W1 = [1 - 0.12, 2 + 0.24] = [0.88, 2.24]; b1 = 0.5 - 1.2 = -0.7;
        # W2 = -1 - 0.6 = -1.6; b2 = 0 + 0.3 = 0.3
        Case("default learning rate (1.2)", lambda: (_copy_dict(params), _copy_dict(grads)),
             _params([[0.88, 2.24]], [[-0.7]], [[-1.6]], [[0.3]]), rtol=1e-12),
        # Zero gradients leave the parameters unchanged (seed-2 parameters, n_h = 4).
        Case("zero gradients", lambda: (_seed2_params(),
                                        {"d" + k: np.zeros_like(v)
                                         for k, v in _seed2_params().items()}, 1.2),
             _seed2_params(), rtol=1e-12),
    ]
    run_cases("update_parameters", func, cases)


def _copy_dict(d):
    """A dict of copies of the arrays in ``d``."""
    return {k: v.copy() for k, v in d.items()}


# --------------------------------------------------------------------------------- nn_model
# Recorded from the reviewed reference run; these are also the published values.
_NN_MODEL_10000 = _params(
    [[-0.6584816899, 1.2186681144], [-0.7620427287, 1.393775729],
     [0.5792004964, -1.1039770323], [0.7677339144, -1.4147712903]],
    [[0.2875920031], [0.3511264014], [-0.2431245964], [-0.3577280473]],
    [[-2.4556623741, -3.2704227403, 2.0078495757, 3.3677327293]],
    [[0.2045965637]])

# One step from the seed-2 parameters on _X3 (recorded from the reviewed reference run):
# W1 - 1.2 dW1, etc., with the gradients of the classic backward case (the forward pass
# of the seed-2 parameters on _X3 is exactly that case's cache).
_NN_MODEL_1 = _params(
    [[-0.0077798557, 0.0084045326], [-0.0244575735, 0.0240981663],
     [-0.0160516529, -0.0130890764], [0.0128532544, -0.0318717961]],
    [[-0.0021144164], [-0.0018119368], [0.0011008362], [0.0045770615]],
    [[-0.0115256114, -0.0302752249, 0.0065245344, 0.0351924056]],
    [[0.1998685438]])


def check_nn_model(func):
    """nn_model: 0, 1 and 10000 iterations on the classic input, and the printed costs."""
    cases = [
        Case("0 iterations: the initial parameters", lambda: (_X3.copy(), _Y3.copy(), 4),
             _seed2_params(), kwargs={"num_iterations": 0}, rtol=1e-6, atol=1e-8),
        Case("1 iteration", lambda: (_X3.copy(), _Y3.copy(), 4), _NN_MODEL_1,
             kwargs={"num_iterations": 1}, rtol=1e-7, atol=1e-10),
        Case("10000 iterations (published values)", lambda: (_X3.copy(), _Y3.copy(), 4),
             _NN_MODEL_10000, rtol=1e-6, atol=1e-8),
    ]
    run_cases("nn_model", func, cases, quiet=True)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        func(_X3.copy(), _Y3.copy(), 4, num_iterations=1001, print_cost=True)
    # Recorded from the reviewed reference run (the first is the published 0.692739).
    expected = "Cost after iteration 0: 0.692739\nCost after iteration 1000: 0.000218\n"
    if out.getvalue() != expected:
        raise CheckFailed("nn_model, case 'print_cost=True, 1001 iterations': expected the "
                          f"output\n{expected}got\n{out.getvalue()}Hint: print the cost of the "
                          "forward pass at iterations 0, 1000, ... (i % 1000 == 0), before the "
                          "update, as f\"Cost after iteration {i}: {cost:.6f}\".")
    print(f"nn_model: all {len(cases) + 1} cases passed.")


# ---------------------------------------------------------------------------------- predict
def check_predict(func):
    """predict: A2 > 0.5 as booleans of shape (1, m)."""
    X, params, _ = _hand_forward_case()
    X1, params1, _ = _hand_forward_case_m1()
    cases = [
        # A2 = [3/4, 1/4] (see forward_propagation's hand-worked case) -> [True, False]
        Case("hand-worked, A2 = [0.75, 0.25]", lambda: (_copy_dict(params), X.copy()),
             np.array([[True, False]])),
        # A2 = 3/4 -> [[True]]
        Case("one example (m = 1)", lambda: (_copy_dict(params1), X1.copy()), np.array([[True]])),
        # b2 = 0 and W2 = 0 give A2 = sigma(0) = 0.5 exactly, which is not > 0.5.
        Case("A2 = 0.5 exactly is False",
             lambda: (_params(np.ones((2, 2)), np.zeros((2, 1)), np.zeros((1, 2)),
                              np.zeros((1, 1))), np.ones((2, 3))),
             np.array([[False, False, False]])),
        # The parameters nn_model learns on the classic input fit its labels.
        Case("trained classic network", lambda: (_copy_dict(_NN_MODEL_10000), _X3.copy()),
             _Y3.copy()),
    ]
    run_cases("predict", func, cases)
