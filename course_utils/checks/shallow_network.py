"""Public cases of lesson 2 (course_utils/shallow_network.py), in exercise order.

Notebook 02 calls ``checks.check_<function>(<function>)`` after each exercise (each made
from its ``<function>_cases()`` below, by the lines at the end). Where the expected values
come from is written next to each case: hand-worked arithmetic (chosen so that tanh and
sigmoid give round numbers: tanh(ln 2) = 3/5, tanh(ln 3) = 4/5, sigma(ln 3) = 3/4,
sigma(0) = 1/2), or values "recorded" once from the reviewed reference run. The recorded
cases reproduce the widely published outputs of the classic course for the same inputs
(e.g. W1[0, 0] = -0.00416758 and dW1[0, 0] = 0.00301023), and
tests/test_shallow_network.py checks the reference's gradients against centred finite
differences.
"""
import math

import numpy as np

from course_utils.activations import cross_entropy
from course_utils.checks.policy import Case, cost_probe
from course_utils.checks.public import CheckFailed, public_check
from course_utils.messages import text
from course_utils.numerical_gradient import compare_gradients

LN2, LN3 = math.log(2.0), math.log(3.0)

# The classic course's small test input: RandomState(1), X = randn(2, 3), then
# Y = randn(1, 3) > 0, i.e. Y = [[True, False, True]].
_X3 = np.array([[1.62434536, -0.61175641, -0.52817175],
                [-1.07296862, 0.86540763, -2.3015387]])
_Y3 = np.array([[1, 0, 1]])

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
def layer_sizes_cases():
    return [
        Case("general", (np.zeros((2, 400)), np.zeros((1, 400))), (2, 4, 1),
             name="the flower's shapes"),
        # The classic test: X (5, 3) and Y (2, 3) -> (5, 4, 2).
        Case("n_y = 2", (np.ones((5, 3)), np.ones((2, 3))), (5, 4, 2), name="X (5, 3), Y (2, 3)"),
        Case("m = 1", (np.ones((3, 1)), np.ones((1, 1))), (3, 4, 1), name="one example (m = 1)"),
    ]


# ---------------------------------------------------------------------- initialize_parameters
def _draws(n_x, n_h, n_y, seed=2):
    """The expected draws, from NumPy's RandomState (an independent reference): one stream
    of n_h n_x + n_y n_h normal numbers from the seed, times 0.01; the first n_h n_x fill
    W1 row by row, the rest fill W2."""
    draws = np.random.RandomState(seed).standard_normal(n_h * n_x + n_y * n_h) / 100
    return _params(draws[:n_h * n_x].reshape(n_h, n_x), np.zeros((n_h, 1)),
                   draws[n_h * n_x:].reshape(n_y, n_h), np.zeros((n_y, 1)))


def initialize_parameters_cases():
    return [
        # The published values: W1[0, 0] = -0.00416758, W2[0, 3] = 0.02292208.
        Case("general", (2, 4, 1), _seed2_params(), name="n_x=2, n_h=4, n_y=1 (published values)"),
        Case("general", (3, 2, 1), _draws(3, 2, 1), rtol=1e-12, name="n_x=3, n_h=2, n_y=1"),
        Case("seed", (2, 4, 1), _draws(2, 4, 1, seed=3), kwargs={"seed": 3}, rtol=1e-12,
             name="seed=3 keyword"),
        Case("general", (1, 1, 1), _draws(1, 1, 1), rtol=1e-12, name="one unit everywhere"),
    ]


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


def forward_propagation_cases():
    X, params, cache = _hand_forward_case()
    X1, params1, cache1 = _hand_forward_case_m1()
    return [
        Case("general", (X, params), (cache["A2"], cache), name="hand-worked, m = 2"),
        Case("m = 1", (X1, params1), (cache1["A2"], cache1), name="one example (m = 1)"),
        Case("general", (_X3, _classic_forward_params()),
             (_CLASSIC_FORWARD_CACHE["A2"], _CLASSIC_FORWARD_CACHE), rtol=1e-7, atol=1e-9,
             name="classic test input (recorded)"),
    ]


# ------------------------------------------------------------------------------ compute_cost
def compute_cost_cases():
    A_sat = np.array([[1.0 - 1e-12, 1e-12, 1e-12]])
    return [
        # J = -(ln 0.8 + ln(1 - 0.1) + ln(1 - 0.5)) / 3
        Case("general", (np.array([[0.8, 0.1, 0.5]]), np.array([[1, 0, 0]])),
             -(math.log(0.8) + math.log(0.9) + math.log(0.5)) / 3, m=3, name="three examples"),
        # A2 = 1/2 everywhere: each example costs ln 2, so J = ln 2.
        Case("general", (np.array([[0.5, 0.5]]), np.array([[1, 0]])), LN2, m=2, name="A2 = 0.5"),
        # m = 1: y = 0, a = 3/4 -> J = -ln(1 - 3/4) = ln 4
        Case("m = 1", (np.array([[0.75]]), np.array([[0]])), math.log(4.0), m=1,
             name="one example (m = 1)"),
        # The classic test: -(ln 0.5002307 + ln(1 - 0.49985831) + ln 0.50023963) / 3
        Case("general", (np.array([[0.5002307, 0.49985831, 0.50023963]]), _Y3),
             -(math.log(0.5002307) + math.log(1 - 0.49985831) + math.log(0.50023963)) / 3,
             m=3, name="classic test input"),
        # Confident outputs, right for the first two examples and wrong for the third:
        # J = -(ln(1 - 1e-12) + ln(1 - 1e-12) + ln(1e-12)) / 3 = about 27.631 / 3.
        Case("saturated", (A_sat, np.array([[1, 0, 1]])),
             -(math.log(A_sat[0, 0]) + math.log(1 - A_sat[0, 1]) + math.log(A_sat[0, 2])) / 3,
             m=3, name="A2 within 1e-12 of 0 or 1"),
        cost_probe("A2"),          # never a failure: a note on exact 0 and 1
    ]


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


def backward_propagation_cases():
    X, params, cache = _hand_forward_case()
    X1, params1, cache1 = _hand_forward_case_m1()
    return [
        Case("general", (params, cache, X, np.array([[1, 1]])), _hand_backward_expected(),
             m=2, rtol=1e-10, name="hand-worked, m = 2"),
        # m = 1, Y = 1: dZ2 = 3/4 - 1 = -1/4; dW2 = -1/4 * 3/5 = -0.15; db2 = -0.25;
        # dZ1 = 2 * (-1/4) * (1 - 0.36) = -0.32; dW1 = -0.32 * [ln 2, 0]; db1 = -0.32.
        Case("m = 1", (params1, cache1, X1, np.array([[1]])),
             {"dW1": np.array([[-0.32 * LN2, 0.0]]), "db1": np.array([[-0.32]]),
              "dW2": np.array([[-0.15]]), "db2": np.array([[-0.25]])}, m=1, rtol=1e-10,
             name="one example (m = 1)"),
        # The classic test: parameters from seed 2, the cache of the forward pass on _X3.
        # These are the published values (and the reference's, to 8 digits).
        Case("general", (_seed2_params(), _classic_backward_cache(), _X3, _Y3),
             {"dW1": np.array([[0.00301023, -0.00747267], [0.00257968, -0.00641288],
                               [-0.00156892, 0.003893], [-0.00652037, 0.01618243]]),
              "db1": np.array([[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]]),
              "dW2": np.array([[0.00078841, 0.01765429, -0.00084166, -0.01022527]]),
              "db2": np.array([[-0.16655712]])}, m=3, rtol=2e-6, atol=1e-8,
             name="classic test input (published values)"),
    ]


def _classic_backward_cache():
    A1 = np.array([[-0.00616578, 0.0020626, 0.00349619],
                   [-0.05225116, 0.02725659, -0.02646251],
                   [-0.02009721, 0.0036869, 0.02883756],
                   [0.02152675, -0.01385234, 0.02599885]])
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
    return {"Z1": np.arctanh(A1), "A1": A1, "Z2": np.log(A2 / (1 - A2)), "A2": A2}


def compare_backward_propagation_numerically(backward_func, forward_func, seed=1):
    """Compare backward_propagation with centred finite differences of the cost.

    Not a check in the grader's sense (no public cases, nothing graded): an independent
    test of the student's gradients against their own forward pass. The cost is
    cross_entropy(forward_func(X, parameters)[0], Y), on 5 random examples with 3 hidden
    units and weights large enough for tanh to bend (randn * 0.5). Prints one line if
    every gradient agrees, else raises CheckFailed with each relative error that is off.
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
        raise CheckFailed(text("gradients.backward_not_dict", type=type(grads).__name__))
    tol = 1e-7
    try:
        compare_gradients(cost, params, grads, eps=1e-5, tol=tol, verbose=False)
    except (AssertionError, KeyError, ValueError) as err:
        raise CheckFailed(text("gradients.backward_failed", error=err)) from None
    print(text("gradients.backward_passed", tol=tol))


# ------------------------------------------------------------------------- update_parameters
def update_parameters_cases():
    params = _params([[1.0, 2.0]], [[0.5]], [[-1.0]], [[0.0]])
    grads = {"dW1": np.array([[0.1, -0.2]]), "db1": np.array([[1.0]]),
             "dW2": np.array([[0.5]]), "db2": np.array([[-0.25]])}
    return [
        # lr = 0.5: W1 = [1 - 0.05, 2 + 0.1] = [0.95, 2.1]; b1 = 0.5 - 0.5 = 0;
        # W2 = -1 - 0.25 = -1.25; b2 = 0 + 0.125 = 0.125
        Case("learning rate given", (params, grads, 0.5),
             _params([[0.95, 2.1]], [[0.0]], [[-1.25]], [[0.125]]), rtol=1e-12, name="lr = 0.5"),
        # default lr = 1.2: W1 = [1 - 0.12, 2 + 0.24] = [0.88, 2.24]; b1 = 0.5 - 1.2 = -0.7;
        # W2 = -1 - 0.6 = -1.6; b2 = 0 + 0.3 = 0.3
        Case("default learning rate", (params, grads),
             _params([[0.88, 2.24]], [[-0.7]], [[-1.6]], [[0.3]]), rtol=1e-12,
             name="default learning rate (1.2)"),
        # Zero gradients leave the parameters unchanged (seed-2 parameters, n_h = 4).
        Case("learning rate given", (_seed2_params(),
                                     {"d" + k: np.zeros_like(v) for k,
                                      v in _seed2_params().items()},
                                     1.2),
             _seed2_params(), rtol=1e-12, name="zero gradients"),
    ]


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


# 100 iterations from seed 5 with n_h = 3 (recorded from the reviewed reference run; the
# trained network fits the three labels).
_NN_MODEL_SEED5 = _params(
    [[-0.5314981326, 1.0052165588], [0.5772881679, -1.0602258849], [-0.6641389042, 1.243837957]],
    [[0.2245183334], [-0.2442243903], [0.3039286353]],
    [[-1.6915257008, 1.8748198669, -2.5056050364]],
    [[0.2828483327]])


def nn_model_cases():
    return [
        # The docstring defines 0 iterations: the initial parameters, initialize_parameters'.
        Case("0 iterations", (_X3, _Y3, 4), _seed2_params(), kwargs={"num_iterations": 0},
             name="0 iterations: the initial parameters"),
        Case("general", (_X3, _Y3, 4), _NN_MODEL_1, kwargs={"num_iterations": 1},
             rtol=1e-7, atol=1e-10, name="1 iteration"),
        Case("general", (_X3, _Y3, 4), _NN_MODEL_10000, name="10000 iterations (published values)"),
        Case("seed", (_X3, _Y3, 3), _NN_MODEL_SEED5, kwargs={"num_iterations": 100, "seed": 5},
             rtol=1e-6, name="seed=5, n_h = 3, 100 iterations"),
    ]


# ---------------------------------------------------------------------------------- predict
def predict_cases():
    X, params, _ = _hand_forward_case()
    X1, params1, _ = _hand_forward_case_m1()
    return [
        # b2 = 0 and W2 = 0 give A2 = sigma(0) = 0.5 exactly, which is not > 0.5.
        Case("tie at 0.5", (_params(np.ones((2, 2)), np.zeros((2, 1)), np.zeros((1, 2)),
                                    np.zeros((1, 1))), np.ones((2, 3))),
             np.array([[0.0, 0.0, 0.0]]), name="A2 = 0.5 exactly gives 0"),
        # A2 = [3/4, 1/4] (see forward_propagation's hand-worked case) -> [1, 0]
        Case("general", (params, X), np.array([[1.0, 0.0]]), name="hand-worked, A2 = [0.75, 0.25]"),
        # A2 = 3/4 -> [[1]]
        Case("m = 1", (params1, X1), np.array([[1.0]]), name="one example (m = 1)"),
        # x = 0.5: Z1 = [2x - 1, 2x + 1] = [0, 2], A1 = [0, tanh 2] = [0, 0.964];
        # Z2 = A1[0] - A1[1] + 0.5 = -0.464 -> 0. x = -0.5: Z1 = [-2, 0], A1 = [-0.964, 0],
        # Z2 = -0.464 -> 0. (Without b1, or with a sigmoid hidden layer, x = 0.5 gives 1.)
        Case("general", (_params([[2.0], [2.0]], [[-1.0], [1.0]], [[1.0, -1.0]], [[0.5]]),
                         np.array([[0.5, -0.5]])), np.array([[0.0, 0.0]]),
             name="hand-worked, biases and tanh decide"),
        # The parameters nn_model learns on the classic input fit its labels.
        Case("general", (_NN_MODEL_10000, _X3), _Y3.astype(float), name="trained classic network"),
    ]


# Formula reminders shown with a difference no hint explains, by output
# (keys of course_utils/messages/en.py, so that translations cover them).
REMINDERS = {"layer_sizes": {"n_h": "reminder.sn.layer_sizes.n_h",
                 "n_x": "reminder.sn.layer_sizes.n_x",
                 "n_y": "reminder.sn.layer_sizes.n_y"},
 "forward_propagation": {"A2": "reminder.sn.forward_propagation.A2",
                         "cache": "reminder.sn.forward_propagation.A2"},
 "compute_cost": {"cost": "reminder.sn.compute_cost.cost"},
 "update_parameters": {"W1": "reminder.sn.update_parameters.W1",
                       "b1": "reminder.sn.update_parameters.W1",
                       "W2": "reminder.sn.update_parameters.W1",
                       "b2": "reminder.sn.update_parameters.W1"},
 "backward_propagation": {"dW1": "reminder.sn.backward_propagation.dW1",
                          "db1": "reminder.sn.backward_propagation.db1"},
 "nn_model": {"W1": "reminder.sn.nn_model.W1"}}


# The public checks, one per graded function, in exercise order (the notebook calls
# checks.check_<function>(<function>)).
check_layer_sizes = public_check(layer_sizes_cases)
check_initialize_parameters = public_check(initialize_parameters_cases)
check_forward_propagation = public_check(forward_propagation_cases)
check_compute_cost = public_check(compute_cost_cases)
check_backward_propagation = public_check(backward_propagation_cases)
check_update_parameters = public_check(update_parameters_cases)
check_nn_model = public_check(nn_model_cases)
check_predict = public_check(predict_cases)
