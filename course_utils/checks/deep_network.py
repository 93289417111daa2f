"""Public cases of lesson 3 (course_utils/deep_network.py), in exercise order.

Notebook 03 calls ``checks.check_<function>(<function>)`` after each exercise (each made
from its ``<function>_cases()`` below, by the lines at the end). Where the expected values
come from is written next to each case:
- "classic": the classic course's public test case (inputs drawn with
  ``np.random.seed(s); np.random.randn(...)``, here with the equal draws of a local
  ``RandomState(s)``) and its widely published output;
- hand-worked arithmetic, written in a comment;
- "recorded": recorded once from the reviewed reference implementation and
  cross-checked in tests/test_deep_network.py (by hand, finite differences or an
  independent implementation).
Caches passed *into* a function are the lesson's named tuples (``LinearCache``,
``ActivationCache``), as the forward functions return them; caches a student's function
returns may be plain tuples.
"""
import math
from collections import namedtuple

import numpy as np

from course_utils.checks.policy import Case, cost_probe
from course_utils.checks.public import public_check

# Labels for the expected caches (the student's may be plain tuples).
_Linear = namedtuple("LinearCache", "A_prev W b")
_Activation = namedtuple("ActivationCache", "linear_cache Z")


def _s(z):
    return 1.0 / (1.0 + math.exp(-z))


def _draw(seed, *shapes):
    """Arrays drawn like the classic ``np.random.seed(seed); np.random.randn(*shape)``..."""
    rng = np.random.RandomState(seed)
    return [rng.randn(*shape) for shape in shapes]


def _caches(*layers):
    """The lesson's cache types for layers given as (A_prev, W, b, Z)."""
    from course_utils.deep_network import ActivationCache, LinearCache
    return [ActivationCache(LinearCache(A, W, b), Z) for A, W, b, Z in layers]


def _network(seed, dims, m):
    """X (dims[0], m) and parameters drawn from ``seed``, and the forward pass on them:
    (X, parameters, AL, caches), from the lesson's equations (ReLU, then a sigmoid)."""
    rng = np.random.RandomState(seed)
    X = rng.randn(dims[0], m)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1])
        params[f"b{l}"] = rng.randn(dims[l], 1) * 0.5
    A, layers = X, []
    for l in range(1, len(dims)):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = np.dot(W, A) + b
        layers.append((A, W, b, Z))
        A = 1.0 / (1.0 + np.exp(-Z)) if l == len(dims) - 1 else np.maximum(Z, 0.0)
    return X, params, A, _caches(*layers)


# ----------------------------------------------------------------------------- initialisation

def initialize_parameters_cases():
    return [
        # classic: initialize_parameters(3, 2, 1)
        Case("general", (3, 2, 1), {
            "W1": np.array([[0.01624345, -0.00611756, -0.00528172],
                            [-0.01072969, 0.00865408, -0.02301539]]),
            "b1": np.zeros((2, 1)),
            "W2": np.array([[0.01744812, -0.00761207]]),
            "b2": np.zeros((1, 1))}, name="classic (3, 2, 1)"),
        # Seed 1's first draws are 1.62434536, -0.61175641, -0.52817175, -1.07296862:
        # W1 (n_h, n_x) = (1, 1) takes the first, W2 (n_y, n_h) = (3, 1) the next three.
        Case("general", (1, 1, 3), {
            "W1": np.array([[0.0162434536]]), "b1": np.zeros((1, 1)),
            "W2": np.array([[-0.0061175641], [-0.0052817175], [-0.0107296862]]),
            "b2": np.zeros((3, 1))}, name="(1, 1, 3): W2 has n_y rows"),
        # Seed 3's first draws: 1.78862847, 0.43650985, 0.09649747 (see below).
        Case("seed", (1, 2, 1), {
            "W1": np.array([[0.0178862847], [0.0043650985]]), "b1": np.zeros((2, 1)),
            "W2": np.array([[0.0009649747, -0.0186349270]]), "b2": np.zeros((1, 1))},
             kwargs={"seed": 3}, name="seed=3 keyword"),
    ]


def _scaled_draws(seed, dims, factor):
    """The expected parameters: one RandomState(seed) stream, W[l] = randn(n[l], n[l-1])
    * factor(n[l-1], n[l]) for l = 1, 2, ... in order, b[l] zeros."""
    rng = np.random.RandomState(seed)
    out = {}
    for l in range(1, len(dims)):
        out[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * factor(dims[l - 1], dims[l])
        out[f"b{l}"] = np.zeros((dims[l], 1))
    return out


def initialize_parameters_deep_cases():
    return [
        # classic: initialize_parameters_deep([5, 4, 3])
        Case("general", ([5, 4, 3],), {
            "W1": np.array([[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                            [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
                            [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
                            [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]]),
            "b1": np.zeros((4, 1)),
            "W2": np.array([[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
                            [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
                            [-0.00768836, -0.00230031, 0.00745056, 0.01976111]]),
            "b2": np.zeros((3, 1))}, name="classic [5, 4, 3]"),
        # Seed 3's first draws: 1.78862847, 0.43650985, 0.09649747; W1 (1, 2), W2 (1, 1).
        Case("general", ([2, 1, 1],), {
            "W1": np.array([[0.0178862847, 0.0043650985]]), "b1": np.zeros((1, 1)),
            "W2": np.array([[0.0009649747]]), "b2": np.zeros((1, 1))},
             name="[2, 1, 1]: draws in the order W1, W2"),
        Case("seed", ([3, 2, 2, 1],), _scaled_draws(1, [3, 2, 2, 1], lambda n, _: 0.01),
             kwargs={"seed": 1}, rtol=1e-12, name="seed=1, three layers"),
        Case("init", ([4, 3, 1],), _scaled_draws(1, [4, 3, 1], lambda n, _: 1 / math.sqrt(n)),
             kwargs={"seed": 1, "init": "lecun"}, rtol=1e-12,
             name="init='lecun': randn / sqrt(n[l-1])"),
        Case("init", ([3, 4, 2],), _scaled_draws(5, [3, 4, 2],
                                                 lambda n, n_out: math.sqrt(2 / (n + n_out))),
             kwargs={"seed": 5, "init": "xavier"}, rtol=1e-12,
             name="init='xavier': randn * sqrt(2 / (n[l-1] + n[l]))"),
        Case("init", ([5, 3, 1],), _scaled_draws(2, [5, 3, 1], lambda n, _: math.sqrt(2 / n)),
             kwargs={"seed": 2,
                     "init": "he"}, rtol=1e-12, name="init='he': randn * sqrt(2 / n[l-1])"),
        Case("init", ([2, 3, 1],), _scaled_draws(3, [2, 3, 1], lambda n, _: 0.0),
             kwargs={"init": "zeros"}, name="init='zeros'"),
    ]


# ----------------------------------------------------------------------------- forward


def linear_forward_cases():
    A, W, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, -1.0]]), np.array([[0.5]])
    A2, W2, b2 = np.array([[1.0, 2.0, 3.0]]), np.array([[1.0], [0.0]]), np.array([[1.0], [-1.0]])
    Ac, Wc, bc = _draw(1, (3, 2), (1, 3), (1, 1))
    A1, W1, b1 = np.array([[2.0], [-1.0]]), np.array([[3.0, 1.0]]), np.array([[0.25]])
    return [
        # Hand-worked: Z = [1*1 - 1*3 + 0.5, 1*2 - 1*4 + 0.5] = [-1.5, -1.5]
        Case("general", (A, W, b), (np.array([[-1.5, -1.5]]), _Linear(A, W, b)),
             name="hand-worked"),
        # b (2, 1) broadcasts over the 3 columns: Z = W A + b = [[1, 2, 3] + 1, [0, 0, 0] - 1]
        Case("general", (A2, W2, b2),
             (np.array([[2.0, 3.0, 4.0], [-1.0, -1.0, -1.0]]), _Linear(A2, W2, b2)),
             name="b broadcasts over the m columns"),
        # m = 1: Z = 3*2 + 1*(-1) + 0.25 = 5.25
        Case("m = 1", (A1, W1, b1), (np.array([[5.25]]), _Linear(A1, W1, b1)),
             name="one example (m = 1)"),
        # classic: seed 1, A (3, 2), W (1, 3), b (1, 1)
        Case("general", (Ac, Wc, bc), (np.array([[3.26295337, -1.23429987]]), _Linear(Ac, Wc, bc)),
             name="classic"),
    ]


def linear_activation_forward_cases():
    A, W, b = np.array([[1.0, -1.0]]), np.array([[2.0]]), np.array([[0.0]])
    Z = np.array([[2.0, -2.0]])
    Ac, Wc, bc = _draw(2, (3, 2), (1, 3), (1, 1))
    Zc = np.array([[3.4389613135, -2.08938436]])     # classic, recorded (W A + b)
    A1, W1, b1 = np.array([[1.0], [2.0]]), np.array([[1.0, -1.0], [0.5, 0.5]]), np.zeros((2, 1))
    return [
        # Hand-worked: Z = [[2, -2]]; sigmoid -> [s(2), 1 - s(2)]; relu -> [2, 0]
        Case("sigmoid", (A, W, b, "sigmoid"),
             (np.array([[_s(2.0), 1.0 - _s(2.0)]]), _Activation(_Linear(A, W, b), Z)),
             name="hand-worked, sigmoid"),
        Case("relu", (A, W, b, "relu"), (np.array([[2.0, 0.0]]), _Activation(_Linear(A, W, b), Z)),
             name="hand-worked, relu"),
        # m = 1: Z = [[1 - 2], [0.5 + 1]] = [[-1], [1.5]] -> relu [[0], [1.5]]
        Case("m = 1", (A1, W1, b1, "relu"),
             (np.array([[0.0], [1.5]]),
              _Activation(_Linear(A1, W1, b1), np.array([[-1.0], [1.5]]))),
             name="one example (m = 1), relu"),
        # classic: seed 2, A_prev (3, 2), W (1, 3), b (1, 1)
        Case("sigmoid", (Ac, Wc, bc, "sigmoid"),
             (np.array([[0.96890023, 0.11013289]]), _Activation(_Linear(Ac, Wc, bc), Zc)),
             name="classic, sigmoid"),
        Case("relu", (Ac, Wc, bc, "relu"),
             (np.array([[3.43896131, 0.0]]), _Activation(_Linear(Ac, Wc, bc), Zc)),
             name="classic, relu"),
    ]


# classic L_model_forward_test_case_2hidden (seed 6): the published AL, and the Z of each
# layer recorded from the reviewed reference run (sigmoid(Z3) is the published AL).
_Z1 = np.array([[-5.2382571359, 3.1804013645, 0.4074500965, -1.8861272064],
                [-2.7735823443, -0.5617731559, 3.1814162305, -0.9920943195],
                [4.1850091613, -1.7800690897, -0.1450261917, 2.7214163843],
                [5.0585080175, -1.2567408232, -3.5456665432, 3.8232185196]])
_Z2 = np.array([[2.2644602967, 1.0997129815, -2.9029802677, 1.5403633456],
                [6.3372256943, -2.3811624606, -4.1122880642, 4.485823829],
                [10.3750834204, -0.6659146815, 1.6363518505, 8.1787016948]])
_Z3 = np.array([[-3.1986467642, 0.8711705538, -1.4029786357, -3.0031943487]])


def _forward_case_params():
    X, W1, b1, W2, b2, W3, b3 = _draw(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def L_model_forward_cases():
    X1, p1 = np.array([[0.0, 2.0]]), {"W1": np.array([[1.0]]), "b1": np.array([[-2.0]])}
    X2 = np.array([[1.0, -1.0]])
    p2 = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]]),
          "W2": np.array([[2.0]]), "b2": np.array([[-1.0]])}
    X, p = _forward_case_params()
    relu = lambda z: np.maximum(z, 0.0)                     # noqa: E731
    return [
        # L = 1 (only the sigmoid layer): Z = [[0 - 2, 2 - 2]] = [[-2, 0]]
        # -> AL = [[1 / (1 + e^2), 0.5]]
        Case("L = 1", (X1, p1), (np.array([[_s(-2.0), 0.5]]),
                                 [_Activation(_Linear(X1, p1["W1"], p1["b1"]),
                                              np.array([[-2.0, 0.0]]))]),
             name="L = 1, hand-worked"),
        # L = 2: Z1 = [[1, -1]] -> relu [[1, 0]]; Z2 = 2 A1 - 1 = [[1, -1]];
        # AL = sigmoid -> [s(1), s(-1)]. (A sigmoid hidden layer would give other numbers.)
        Case("L = 2", (X2, p2), (np.array([[_s(1.0), _s(-1.0)]]), [
            _Activation(_Linear(X2, p2["W1"], p2["b1"]), np.array([[1.0, -1.0]])),
            _Activation(_Linear(np.array([[1.0, 0.0]]), p2["W2"], p2["b2"]),
                        np.array([[1.0, -1.0]]))]), name="L = 2, hand-worked"),
        Case("L = 3", (X, p), (np.array([[0.03921668, 0.70498921, 0.19734387, 0.04728177]]), [
            _Activation(_Linear(X, p["W1"], p["b1"]), _Z1),
            _Activation(_Linear(relu(_Z1), p["W2"], p["b2"]), _Z2),
            _Activation(_Linear(relu(_Z2), p["W3"], p["b3"]), _Z3)]), rtol=1e-7,
             name="classic, L = 3"),
    ]


def compute_cost_cases():
    A_sat = np.array([[1e-12, 1.0 - 1e-12]])
    return [
        # classic: -(ln 0.8 + ln 0.9 + ln 0.6) / 3 = 0.27977656...
        Case("general", (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])),
             -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3, m=3, name="classic"),
        # -(ln 0.8 + ln 0.9 + ln 0.4) / 3 = 0.41493160...
        Case("general", (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 1]])),
             -(math.log(0.8) + math.log(0.9) + math.log(0.4)) / 3, m=3, name="all cats"),
        # m = 1: y = 1, a = 1/4 -> J = -ln(1/4) = ln 4
        Case("m = 1", (np.array([[0.25]]), np.array([[1]])), math.log(4.0), m=1,
             name="one example (m = 1)"),
        # A confident mistake and a confident right answer: -(ln 1e-12 + ln(1 - (1 - 1e-12))) / 2
        Case("saturated", (A_sat, np.array([[1, 0]])),
             -(math.log(A_sat[0, 0]) + math.log(1.0 - A_sat[0, 1])) / 2, m=2,
             name="AL within 1e-12 of 0 or 1"),
        cost_probe("AL"),          # never a failure: a note on exact 0 and 1
    ]


# ----------------------------------------------------------------------------- backward


def linear_backward_cases():
    dZc, Ac, Wc, bc = _draw(1, (3, 4), (5, 4), (3, 5), (3, 1))
    from course_utils.deep_network import LinearCache
    return [
        # Hand-worked, m = 2: A_prev = I, W = [[1, 2]], dZ = [[1, 3]]:
        # dW = dZ A_prev^T / 2 = [[0.5, 1.5]]; db = (1 + 3) / 2 = 2;
        # dA_prev = W^T dZ = [[1, 3], [2, 6]].
        Case("general", (np.array([[1.0, 3.0]]),
                         LinearCache(np.eye(2), np.array([[1.0, 2.0]]), np.array([[0.0]]))),
             (np.array([[1.0, 3.0], [2.0, 6.0]]), np.array([[0.5, 1.5]]), np.array([[2.0]])),
             m=2, name="hand-worked"),
        # m = 1: A_prev = [[2], [1]], W = [[1, -1], [0, 3]], dZ = [[0.5], [-1]]:
        # dW = dZ A_prev^T = [[1, 0.5], [-2, -1]]; db = dZ; dA_prev = W^T dZ = [[0.5], [-3.5]]
        Case("m = 1", (np.array([[0.5], [-1.0]]),
                       LinearCache(np.array([[2.0], [1.0]]), np.array([[1.0, -1.0], [0.0, 3.0]]),
                                   np.zeros((2, 1)))),
             (np.array([[0.5], [-3.5]]), np.array([[1.0, 0.5], [-2.0, -1.0]]),
              np.array([[0.5], [-1.0]])), m=1, name="one example (m = 1)"),
        # classic: seed 1, dZ (3, 4), then A_prev (5, 4), W (3, 5), b (3, 1)
        Case("general", (dZc, LinearCache(Ac, Wc, bc)),
             (np.array([[-1.15171336, 0.06718465, -0.3204696, 2.09812712],
                        [0.60345879, -3.72508701, 5.81700741, -3.84326836],
                        [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
                        [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
                        [-2.52214926, 2.67882552, -0.67947465, 1.48119548]]),
              np.array([[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
                        [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
                        [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]]),
              np.array([[-0.14713786], [-0.11313155], [-0.13209101]])), m=4, name="classic"),
    ]


def linear_activation_backward_cases():
    dA, A, W, b, Z = _draw(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    classic = _caches((A, W, b, Z))[0]
    relu_hand = _caches((np.array([[1.0, 1.0]]), np.array([[3.0]]), np.array([[0.0]]),
                         np.array([[1.0, -1.0]])))[0]
    sigmoid_hand = _caches((np.array([[2.0]]), np.array([[-1.0]]), np.array([[0.0]]),
                            np.array([[0.0]])))[0]
    return [
        # Hand-worked relu: Z = [[1, -1]] so dZ = dA * [1, 0] = [[2, 0]] (m = 2);
        # with A_prev = [[1, 1]], W = [[3]]: dW = (2*1 + 0*1) / 2 = 1, db = 1,
        # dA_prev = 3 * [[2, 0]] = [[6, 0]].
        Case("relu", (np.array([[2.0, 5.0]]), relu_hand, "relu"),
             (np.array([[6.0, 0.0]]), np.array([[1.0]]), np.array([[1.0]])), m=2,
             name="hand-worked, relu"),
        # Hand-worked sigmoid: Z = 0 so sigma' = 1/4, dZ = dA / 4 = [[1]]; m = 1,
        # A_prev = [[2]], W = [[-1]]: dW = 2, db = 1, dA_prev = -1.
        Case("m = 1", (np.array([[4.0]]), sigmoid_hand, "sigmoid"),
             (np.array([[-1.0]]), np.array([[2.0]]), np.array([[1.0]])), m=1,
             name="hand-worked, sigmoid, m = 1"),
        # classic: seed 2, dA (1, 2), A (3, 2), W (1, 3), b (1, 1), Z (1, 2)
        Case("sigmoid", (dA, classic, "sigmoid"),
             (np.array([[0.11017994, 0.01105339], [0.09466817, 0.00949723],
                        [-0.05743092, -0.00576154]]),
              np.array([[0.10266786, 0.09778551, -0.01968084]]), np.array([[-0.05729622]])),
             m=2, name="classic, sigmoid"),
        Case("relu", (dA, classic, "relu"),
             (np.array([[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]]),
              np.array([[0.44513824, 0.37371418, -0.10478989]]), np.array([[-0.20837892]])),
             m=2, name="classic, relu"),
    ]


def L_model_backward_cases():
    s = _s(1.0)
    _, _, AL2, caches2 = _network(3, [4, 3, 1], 2)
    _, _, AL3, caches3 = _network(19, [3, 4, 2, 1], 3)
    return [
        # L = 1, m = 1: Z = 1, AL = s(1), Y = 1. dAL = -1/AL; sigma'(Z) = AL (1 - AL), so
        # dZ = AL - 1. With A_prev = [[2]], W = [[1]]: dW = 2 (AL - 1), db = AL - 1,
        # dA0 = W dZ = AL - 1.
        Case("L = 1", (np.array([[s]]), np.array([[1]]),
                       _caches((np.array([[2.0]]), np.array([[1.0]]), np.array([[-1.0]]),
                                np.array([[1.0]])))),
             {"dA0": np.array([[s - 1.0]]), "dW1": np.array([[2.0 * (s - 1.0)]]),
              "db1": np.array([[s - 1.0]])}, m=1, name="L = 1, hand-worked"),
        # Consistent caches (AL = sigma(Z[L]), so dZ[L] = AL - Y is right): recorded, and
        # equal to centred finite differences of the cost (tests/test_deep_network.py).
        Case("L = 2", (AL2, np.array([[1, 0]]), caches2), {
            "dA0": np.array([[0.7216251236, 0.0344499312], [1.3998021308, 0.0900843272],
                             [0.0409676547, -0.0920661228], [-0.3313507444, 0.0905208573]]),
            "dA1": np.array([[-0.1893207718, 0.0215471687], [0.818802168, -0.093190347],
                             [0.5702372063, -0.0649004182]]),
            "dW1": np.array([[0.0047027757, -0.0200764958, -0.0038220258, -0.0067550447],
                             [0.7322664359, 0.039506168, -0.1135630308, -0.0338744522],
                             [-0.0141648359, 0.0604707279, 0.0115120031, 0.0203463031]]),
            "db1": np.array([[0.0107735843], [0.409401084], [-0.0324502091]]),
            "dW2": np.array([[0.0086059175, -0.6630570065, 0.1697046003]]),
            "db2": np.array([[-0.3543770038]])}, m=2, rtol=1e-7, name="L = 2, 2 examples"),
        Case("L = 3", (AL3, np.array([[1, 0, 1]]), caches3), {
            "dA0": np.array([[-0.0375930468, 0.0254712899, 0.2219735568],
                             [0.2109848771, -0.4758632971, -0.177161376],
                             [0.0766691791, -0.1682720951, 0.221653594]]),
            "dA1": np.array([[0.0908780506, -0.1638339109, 0.0416496111],
                             [-0.3727868031, 0.7778864052, -0.1977531152],
                             [-0.3220250584, 0.753916069, -0.1916594123],
                             [0.1803988702, -0.4053794893, 0.1030549657]]),
            "dA2": np.array([[-0.0196529136, 0.0433050696, -0.0110089498],
                             [-0.1784384173, 0.393187912, -0.0999556413]]),
            "dW1": np.array([[0.0172670192, 0.0173217712, 0.0031519506],
                             [-0.0776595426, -0.0901501547, 0.0052940328],
                             [0.0369103153, 0.0155788615, -0.0161258228],
                             [0.0394488047, 0.0488480452, -0.0075460639]]),
            "db1": np.array([[-0.0104354164], [0.0691154956], [-0.0638864708], [-0.0406418844]]),
            "dW2": np.array([[-0.0081761179, -0.0085523145, 0.0, -0.0076811501],
                             [0.1562729916, 0.0782009345, -0.0233811223, 0.0073391811]]),
            "db2": np.array([[-0.0065509712], [0.0382646178]]),
            "dW3": np.array([[-0.0254841696, 0.0453648952]]),
            "db3": np.array([[0.0698348095]])}, m=3, rtol=1e-7, name="L = 3, 3 examples"),
    ]


def update_parameters_cases():
    W1, b1, W2, b2 = _draw(2, (3, 4), (3, 1), (1, 3), (1, 1))
    dW1, db1, dW2, db2 = _draw(3, (3, 4), (3, 1), (1, 3), (1, 1))
    return [
        # Hand-worked: 1 - 0.5 * 2 = 0; 3 - 0.5 * (-4) = 5
        Case("general", ({"W1": np.array([[1.0]]), "b1": np.array([[3.0]])},
                         {"dW1": np.array([[2.0]]), "db1": np.array([[-4.0]])}, 0.5),
             {"W1": np.array([[0.0]]), "b1": np.array([[5.0]])}, name="hand-worked, L = 1"),
        # classic: update_parameters_test_case, learning rate 0.1
        Case("general", ({"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                         {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, 0.1), {
            "W1": np.array([[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
                            [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
                            [-1.0535704, -0.86128581, 0.68284052, 2.20374577]]),
            "b1": np.array([[-0.04659241], [-1.28888275], [0.53405496]]),
            "W2": np.array([[-0.55569196, 0.0354055, 1.32964895]]),
            "b2": np.array([[-0.84610769]])}, name="classic, L = 2"),
    ]


# ----------------------------------------------------------------------------- models


def _model_data():
    rng = np.random.RandomState(2)
    return rng.rand(4, 6), np.array([[1, 0, 1, 1, 0, 0]])


def two_layer_model_cases():
    return [
        # Recorded. From W = randn * 0.01, A2 ~ 0.5 so the first cost is ~ln 2 = 0.693147.
        Case("general", (*_model_data(), (4, 3, 1)),
             ({"W1": np.array([[0.0159810173, -0.0062684957, -0.0055400979, -0.0108816991],
                               [0.0156250668, -0.0451534677, 0.0288348735, -0.0244661602],
                               [0.0141247527, -0.0393961553, 0.0384295531, -0.0375774426]]),
               "b1": np.array([[-0.0005328728], [0.00706284], [0.0012374566]]),
               "W2": np.array([[-0.0031533463, 0.0513561031, 0.0617757014]]),
               "b2": np.array([[-0.0003637262]])},
              [0.6931525464277334, 0.6929528764801175]),
             kwargs={"learning_rate": 0.5, "num_iterations": 101}, m=6, rtol=1e-5,
             name="(4, 3, 1), 101 iterations, lr 0.5"),
    ]


def predict_cases():
    one_layer = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X, p = _forward_case_params()
    return [
        # W = 0, b = 0: AL = sigma(0) = 0.5 everywhere, which is not > 0.5.
        Case("tie at 0.5", (np.array([[-1.0, 0.0, 2.0]]), None,
                            {"W1": np.array([[0.0]]), "b1": np.array([[0.0]])}),
             np.array([[0.0, 0.0, 0.0]]), name="AL = 0.5 exactly gives 0"),
        # One sigmoid layer W = [[1]], b = [[0]]: AL = sigma(x) > 0.5 exactly when x > 0.
        Case("general", (np.array([[-1.0, 0.5, 2.0]]), None, one_layer),
             np.array([[0.0, 1.0, 1.0]]), name="x = -1, 0.5, 2"),
        Case("m = 1", (np.array([[-3.0]]), None, one_layer), np.array([[0.0]]),
             name="one example (m = 1)"),
        # AL = [0.039, 0.705, 0.197, 0.047] (see L_model_forward's classic case)
        Case("general", (X, None, p), np.array([[0.0, 1.0, 0.0, 0.0]]),
             name="classic network, L = 3"),
    ]


def L_layer_model_cases():
    return [
        # Recorded (the default LeCun start, seed 1).
        Case("general", (*_model_data(), [4, 3, 2, 1]),
             ({"W1": np.array([[1.2346478466, -0.7943166099, -0.0927922291, -0.5170574944],
                               [0.6774929219, -1.8572786531, 1.3058307849, -0.8788837471],
                               [-0.6058953896, 1.5045824474, 1.0077677686, -0.9307913696]]),
               "b1": np.array([[0.3764732342], [0.2379815992], [0.2976695282]]),
               "W2": np.array([[-1.0988412352, -1.8653173667, 1.6552714789],
                               [-0.6350225193, -0.099551472, -0.5068317939]]),
               "b2": np.array([[0.0741203825], [0.0]]),
               "W3": np.array([[-2.5283126236, 0.4121125898]]),
               "b3": np.array([[2.0852943019]])},
              [0.6935953725066669, 0.0684500488114086]),
             kwargs={"learning_rate": 0.5, "num_iterations": 101}, m=6, rtol=1e-5, atol=1e-7,
             name="[4, 3, 2, 1], 101 iterations, lr 0.5"),
        # Recorded: the He start from seed 2, learning rate 0.1.
        Case("init", (*_model_data(), [4, 3, 2, 1]),
             ({"W1": np.array([[-0.3327212983, -0.0596970877, -1.5229880378, 1.1138059662],
                               [-1.2681504639, -0.5952052703, 0.3555908602, -0.8805516506],
                               [-0.619855743, -0.6719094487, 0.4020842236, 1.7111144381]]),
               "b1": np.array([[-0.0743279983], [0.0], [0.1408768714]]),
               "W2": np.array([[-0.2516724165, -0.9127823037, 0.148019161],
                               [-0.3745801789, -0.015619985, 1.1339423308]]),
               "b2": np.array([[-0.0623386013], [0.0013683463]]),
               "W3": np.array([[-0.6711682777, 0.5204732714]]),
               "b3": np.array([[-0.0979644258]])},
              [0.7228435754786172, 0.6464518091387292]),
             kwargs={"learning_rate": 0.1, "num_iterations": 101, "init": "he", "seed": 2},
             m=6, rtol=1e-5, atol=1e-7, name="init='he', seed=2, 101 iterations, lr 0.1"),
    ]


# Formula reminders shown with a difference no hint explains, by output
# (keys of course_utils/messages/en.py, so that translations cover them).
REMINDERS = {"linear_forward": {"Z": "reminder.dn.linear_forward.Z",
                    "cache": "reminder.dn.linear_forward.cache"},
 "linear_activation_forward": {"A": "reminder.dn.linear_activation_forward.A",
                               "cache": "reminder.dn.linear_activation_forward.cache"},
 "L_model_forward": {"AL": "reminder.dn.L_model_forward.AL",
                     "caches": "reminder.dn.L_model_forward.caches"},
 "linear_activation_backward": {"dA_prev": "reminder.dn.linear_activation_backward.dA_prev",
                                "dW": "reminder.dn.linear_activation_backward.dA_prev",
                                "db": "reminder.dn.linear_activation_backward.dA_prev"},
 "L_model_backward": {"grads": "reminder.dn.L_model_backward.grads"},
 "L_layer_model": {"W1": "reminder.dn.L_layer_model.W1"},
 "two_layer_model": {"W1": "reminder.dn.two_layer_model.W1"}}


# The public checks, one per graded function, in exercise order (the notebook calls
# checks.check_<function>(<function>)).
check_initialize_parameters = public_check(initialize_parameters_cases)
check_initialize_parameters_deep = public_check(initialize_parameters_deep_cases)
check_linear_forward = public_check(linear_forward_cases)
check_linear_activation_forward = public_check(linear_activation_forward_cases)
check_L_model_forward = public_check(L_model_forward_cases)
check_compute_cost = public_check(compute_cost_cases)
check_linear_backward = public_check(linear_backward_cases)
check_linear_activation_backward = public_check(linear_activation_backward_cases)
check_L_model_backward = public_check(L_model_backward_cases)
check_update_parameters = public_check(update_parameters_cases)
check_two_layer_model = public_check(two_layer_model_cases)
check_predict = public_check(predict_cases)
check_L_layer_model = public_check(L_layer_model_cases)
