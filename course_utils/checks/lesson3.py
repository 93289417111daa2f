"""Checks for lesson 3 (L-layer network). Called from notebook 03's check cells.

Where the expected values come from is written next to each case:
- "classic": the classic course's public test case (inputs drawn with
  ``np.random.seed(s); np.random.randn(...)``, here with the equal draws of a local
  ``RandomState(s)``) and its widely published output;
- hand-worked arithmetic, written in a comment;
- "recorded": recorded once from the reviewed reference implementation and
  cross-checked in tests/test_deep_network.py (by hand, finite differences or an
  independent implementation).
"""
import math

import numpy as np

from course_utils.checks._core import Case, CheckFailed, compare, run_cases

__all__ = [
    "check_initialize_parameters", "check_initialize_parameters_deep",
    "check_linear_forward", "check_linear_activation_forward", "check_L_model_forward",
    "check_compute_cost", "check_linear_backward", "check_linear_activation_backward",
    "check_L_model_backward", "check_update_parameters", "check_two_layer_model",
    "check_L_layer_model", "check_predict",
]


def _draw(seed, *shapes):
    """Arrays drawn like the classic ``np.random.seed(seed); np.random.randn(*shape)``..."""
    rng = np.random.RandomState(seed)
    return [rng.randn(*shape) for shape in shapes]


# ----------------------------------------------------------------------------- initialisation

def check_initialize_parameters(func):
    """initialize_parameters(n_x, n_h, n_y): W1 then W2 = randn * 0.01 from seed 1, b zeros."""
    cases = [
        # classic: initialize_parameters(3, 2, 1)
        Case("classic (3, 2, 1)", lambda: (3, 2, 1), {
            "W1": np.array([[0.01624345, -0.00611756, -0.00528172],
                            [-0.01072969, 0.00865408, -0.02301539]]),
            "b1": np.zeros((2, 1)),
            "W2": np.array([[0.01744812, -0.00761207]]),
            "b2": np.zeros((1, 1))}),
        # Seed 1's first draws are 1.62434536, -0.61175641, -0.52817175, -1.07296862:
        # W1 (n_h, n_x) = (1, 1) takes the first, W2 (n_y, n_h) = (3, 1) the next three.
        Case("(1, 1, 3): W2 has n_y rows", lambda: (1, 1, 3), {
            "W1": np.array([[0.0162434536]]), "b1": np.zeros((1, 1)),
            "W2": np.array([[-0.0061175641], [-0.0052817175], [-0.0107296862]]),
            "b2": np.zeros((3, 1))}),
    ]
    run_cases("initialize_parameters", func, cases)


def check_initialize_parameters_deep(func):
    """initialize_parameters_deep(layer_dims): randn * 0.01 from seed 3, layer by layer."""
    cases = [
        # classic: initialize_parameters_deep([5, 4, 3])
        Case("classic [5, 4, 3]", lambda: ([5, 4, 3],), {
            "W1": np.array([[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                            [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
                            [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
                            [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]]),
            "b1": np.zeros((4, 1)),
            "W2": np.array([[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
                            [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
                            [-0.00768836, -0.00230031, 0.00745056, 0.01976111]]),
            "b2": np.zeros((3, 1))}),
        # Seed 3's first draws: 1.78862847, 0.43650985, 0.09649747; W1 (1, 2), W2 (1, 1).
        Case("[2, 1, 1]: draws in the order W1, W2", lambda: ([2, 1, 1],), {
            "W1": np.array([[0.0178862847, 0.0043650985]]), "b1": np.zeros((1, 1)),
            "W2": np.array([[0.0009649747]]), "b2": np.zeros((1, 1))}),
    ]
    run_cases("initialize_parameters_deep", func, cases)


# ----------------------------------------------------------------------------- forward

def check_linear_forward(func):
    """linear_forward(A, W, b) -> (Z, cache): Z = W A + b and cache = (A, W, b)."""
    def wrapped(A, W, b):
        Z, cache = func(A, W, b)
        _check_linear_cache(cache, A, W, b, "linear_forward")
        return Z

    cases = [
        # Hand-worked: Z = [1*1 - 1*3 + 0.5, 1*2 - 1*4 + 0.5] = [-1.5, -1.5]
        Case("hand-worked", lambda: (np.array([[1.0, 2.0], [3.0, 4.0]]),
                                     np.array([[1.0, -1.0]]), np.array([[0.5]])),
             np.array([[-1.5, -1.5]])),
        # b (2, 1) broadcasts over the 3 columns: Z = W A + b = [[1, 2, 3] + 1, [0, 0, 0] - 1]
        Case("b broadcasts over the m columns",
             lambda: (np.array([[1.0, 2.0, 3.0]]), np.array([[1.0], [0.0]]),
                      np.array([[1.0], [-1.0]])),
             np.array([[2.0, 3.0, 4.0], [-1.0, -1.0, -1.0]])),
        # classic: seed 1, A (3, 2), W (1, 3), b (1, 1)
        Case("classic", lambda: tuple(_draw(1, (3, 2), (1, 3), (1, 1))),
             np.array([[3.26295337, -1.23429987]])),
    ]
    run_cases("linear_forward", wrapped, cases)


def _check_linear_cache(cache, A, W, b, exercise):
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise CheckFailed(f"{exercise}: the linear cache should be the tuple (A_prev, W, b) "
                          f"(e.g. LinearCache(A, W, b)); got {type(cache).__name__}"
                          + (f" of {len(cache)} items" if isinstance(cache, tuple) else "")
                          + ".")
    for got, want, name in zip(cache, (A, W, b), ("A_prev", "W", "b")):
        if not (isinstance(got, np.ndarray) and got.shape == want.shape
                and np.array_equal(got, want)):
            raise CheckFailed(f"{exercise}: the linear cache's {name} should be the {name} "
                              f"passed in (shape {want.shape}); got {type(got).__name__}"
                              + (f" of shape {got.shape}" if isinstance(got, np.ndarray)
                                 else "") + ".")


def check_linear_activation_forward(func):
    """linear_activation_forward: sigmoid and relu, plus the cache ((A_prev, W, b), Z)."""
    def wrapped(A_prev, W, b, activation):
        A, cache = func(A_prev, W, b, activation)
        if not isinstance(cache, tuple) or len(cache) != 2:
            raise CheckFailed("linear_activation_forward: the cache should be the pair "
                              "(linear_cache, Z), e.g. ActivationCache(linear_cache, Z); "
                              f"got {type(cache).__name__}.")
        _check_linear_cache(cache[0], A_prev, W, b, "linear_activation_forward")
        msg = compare(cache[1], W @ A_prev + b, "the cache's Z", 1e-9, 1e-12)
        if msg:
            raise CheckFailed(f"linear_activation_forward: {msg} (Z = W A_prev + b, "
                              "before the activation).")
        return A

    s = 1.0 / (1.0 + math.exp(-2.0))
    cases = [
        # Hand-worked: Z = [[2, -2]]; sigmoid -> [s(2), 1 - s(2)]; relu -> [2, 0]
        Case("hand-worked, sigmoid", lambda: (np.array([[1.0, -1.0]]), np.array([[2.0]]),
                                              np.array([[0.0]]), "sigmoid"),
             np.array([[s, 1.0 - s]])),
        Case("hand-worked, relu", lambda: (np.array([[1.0, -1.0]]), np.array([[2.0]]),
                                           np.array([[0.0]]), "relu"),
             np.array([[2.0, 0.0]])),
        # classic: seed 2, A_prev (3, 2), W (1, 3), b (1, 1)
        Case("classic, sigmoid", lambda: (*_draw(2, (3, 2), (1, 3), (1, 1)), "sigmoid"),
             np.array([[0.96890023, 0.11013289]])),
        Case("classic, relu", lambda: (*_draw(2, (3, 2), (1, 3), (1, 1)), "relu"),
             np.array([[3.43896131, 0.0]])),
    ]
    run_cases("linear_activation_forward", wrapped, cases)


def _forward_case_params():
    X, W1, b1, W2, b2, W3, b3 = _draw(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def check_L_model_forward(func):
    """L_model_forward(X, parameters) -> (AL, caches): L caches, relu then sigmoid."""
    def wrapped(X, parameters):
        AL, caches = func(X, parameters)
        L = len(parameters) // 2
        if not isinstance(caches, list) or len(caches) != L:
            raise CheckFailed(f"L_model_forward: caches should be a list of L = {L} caches "
                              f"(one per layer); got {type(caches).__name__}"
                              + (f" of {len(caches)}" if isinstance(caches, list) else "")
                              + ". Did you forget to append the last (sigmoid) layer's cache?")
        for l, cache in enumerate(caches, start=1):
            if not (isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[0], tuple)
                    and len(cache[0]) == 3 and cache[0][1] is parameters[f"W{l}"]):
                raise CheckFailed(f"L_model_forward: caches[{l - 1}] should be layer {l}'s "
                                  f"cache ((A_prev, W{l}, b{l}), Z{l}) as returned by "
                                  "linear_activation_forward.")
        return AL

    cases = [
        # Hand-worked, one layer (L = 1, only the sigmoid): Z = [[0 - 2, 2 - 2]] = [[-2, 0]]
        # -> AL = [[1 / (1 + e^2), 0.5]]
        Case("L = 1, hand-worked", lambda: (np.array([[0.0, 2.0]]),
                                            {"W1": np.array([[1.0]]), "b1": np.array([[-2.0]])}),
             np.array([[1.0 / (1.0 + math.exp(2.0)), 0.5]])),
        # Hand-worked, L = 2: Z1 = [[1, -1]] -> relu [[1, 0]]; Z2 = 2 A1 - 1 = [[1, -1]];
        # AL = sigmoid -> [s(1), s(-1)]. (A sigmoid hidden layer would give other numbers.)
        Case("L = 2, hand-worked", lambda: (np.array([[1.0, -1.0]]),
                                            {"W1": np.array([[1.0]]), "b1": np.array([[0.0]]),
                                             "W2": np.array([[2.0]]), "b2": np.array([[-1.0]])}),
             np.array([[1.0 / (1.0 + math.exp(-1.0)), 1.0 / (1.0 + math.e)]])),
        # classic: L_model_forward_test_case_2hidden (seed 6)
        Case("classic, L = 3", _forward_case_params,
             np.array([[0.03921668, 0.70498921, 0.19734387, 0.04728177]])),
    ]
    run_cases("L_model_forward", wrapped, cases)


def check_compute_cost(func):
    """compute_cost(AL, Y): hand-worked values, and finite at AL = 0 or 1."""
    cases = [
        # classic: -(ln 0.8 + ln 0.9 + ln 0.6) / 3 = 0.27977656...
        Case("classic", lambda: (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])),
             -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3, m=3),
        # classic (first version): -(ln 0.8 + ln 0.9 + ln 0.4) / 3 = 0.41493160...
        Case("all cats", lambda: (np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 1]])),
             -(math.log(0.8) + math.log(0.9) + math.log(0.4)) / 3, m=3),
        # A confident mistake: AL = 0 for a cat. Clipping to 1e-15 gives -ln(1e-15) / 2 for
        # the first example and ~0 for the second (AL = 0 for a non-cat): 17.269...
        Case("AL exactly 0 and 1 (no inf, no NaN)",
             lambda: (np.array([[0.0, 0.0]]), np.array([[1, 0]])),
             -math.log(1e-15) / 2, m=2, rtol=1e-6),
    ]
    with np.errstate(divide="raise", invalid="raise"):
        try:
            run_cases("compute_cost", func, cases)
        except CheckFailed as err:
            if not isinstance(err.__cause__, FloatingPointError):
                raise
            raise CheckFailed("compute_cost, case 'AL exactly 0 and 1': np.log(0) was "
                              "evaluated.\nHint: use activations.cross_entropy, which clips "
                              "AL to [1e-15, 1 - 1e-15].") from None


# ----------------------------------------------------------------------------- backward

def check_linear_backward(func):
    """linear_backward(dZ, cache) -> (dA_prev, dW, db)."""
    cases = [
        # Hand-worked, m = 2: A_prev = I, W = [[1, 2]], dZ = [[1, 3]]:
        # dW = dZ A_prev^T / 2 = [[0.5, 1.5]]; db = (1 + 3) / 2 = 2;
        # dA_prev = W^T dZ = [[1, 3], [2, 6]].
        Case("hand-worked", lambda: (np.array([[1.0, 3.0]]),
                                     (np.eye(2), np.array([[1.0, 2.0]]), np.array([[0.0]]))),
             (np.array([[1.0, 3.0], [2.0, 6.0]]), np.array([[0.5, 1.5]]), np.array([[2.0]])),
             m=2),
        # classic: seed 1, dZ (3, 4), then A_prev (5, 4), W (3, 5), b (3, 1)
        Case("classic", lambda: (lambda d: (d[0], tuple(d[1:])))(
            _draw(1, (3, 4), (5, 4), (3, 5), (3, 1))),
             (np.array([[-1.15171336, 0.06718465, -0.3204696, 2.09812712],
                        [0.60345879, -3.72508701, 5.81700741, -3.84326836],
                        [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
                        [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
                        [-2.52214926, 2.67882552, -0.67947465, 1.48119548]]),
              np.array([[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
                        [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
                        [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]]),
              np.array([[-0.14713786], [-0.11313155], [-0.13209101]])), m=4),
    ]
    run_cases("linear_backward", func, cases)


def _activation_backward_args(activation):
    dA, A, W, b, Z = _draw(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    return dA, ((A, W, b), Z), activation


def check_linear_activation_backward(func):
    """linear_activation_backward(dA, cache, activation) for sigmoid and relu."""
    cases = [
        # Hand-worked relu: Z = [[1, -1]] so dZ = dA * [1, 0] = [[2, 0]] (m = 2);
        # with A_prev = [[1, 1]], W = [[3]]: dW = (2*1 + 0*1) / 2 = 1, db = 1,
        # dA_prev = 3 * [[2, 0]] = [[6, 0]].
        Case("hand-worked, relu",
             lambda: (np.array([[2.0, 5.0]]),
                      ((np.array([[1.0, 1.0]]), np.array([[3.0]]), np.array([[0.0]])),
                       np.array([[1.0, -1.0]])), "relu"),
             (np.array([[6.0, 0.0]]), np.array([[1.0]]), np.array([[1.0]])), m=2),
        # Hand-worked sigmoid: Z = 0 so sigma' = 1/4, dZ = dA / 4 = [[1]]; m = 1,
        # A_prev = [[2]], W = [[-1]]: dW = 2, db = 1, dA_prev = -1.
        Case("hand-worked, sigmoid",
             lambda: (np.array([[4.0]]),
                      ((np.array([[2.0]]), np.array([[-1.0]]), np.array([[0.0]])),
                       np.array([[0.0]])), "sigmoid"),
             (np.array([[-1.0]]), np.array([[2.0]]), np.array([[1.0]])), m=1),
        # classic: seed 2, dA (1, 2), A (3, 2), W (1, 3), b (1, 1), Z (1, 2)
        Case("classic, sigmoid", lambda: _activation_backward_args("sigmoid"),
             (np.array([[0.11017994, 0.01105339], [0.09466817, 0.00949723],
                        [-0.05743092, -0.00576154]]),
              np.array([[0.10266786, 0.09778551, -0.01968084]]), np.array([[-0.05729622]])),
             m=2),
        Case("classic, relu", lambda: _activation_backward_args("relu"),
             (np.array([[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]]),
              np.array([[0.44513824, 0.37371418, -0.10478989]]), np.array([[-0.20837892]])),
             m=2),
    ]
    run_cases("linear_activation_backward", func, cases)


def _backward_case():
    AL, A1, W1, b1, Z1, A2, W2, b2, Z2 = _draw(3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2),
                                               (3, 2), (1, 3), (1, 1), (1, 2))
    # The classic draws Y = [[1, 0]] between AL and A1 without using the generator.
    return AL, np.array([[1, 0]]), [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]


def check_L_model_backward(func):
    """L_model_backward(AL, Y, caches): keys dA0..dA{L-1}, dW1..dWL, db1..dbL."""
    s = 1.0 / (1.0 + math.exp(-1.0))
    cases = [
        # Hand-worked, L = 1, m = 1: Z = 1, AL = s(1), Y = 1. dAL = -1/AL; sigma'(Z) =
        # AL (1 - AL), so dZ = AL - 1. With A_prev = [[2]], W = [[1]]: dW = 2 (AL - 1),
        # db = AL - 1, dA0 = W dZ = AL - 1.
        Case("L = 1, hand-worked",
             lambda: (np.array([[s]]), np.array([[1]]),
                      [((np.array([[2.0]]), np.array([[1.0]]), np.array([[-1.0]])),
                        np.array([[1.0]]))]),
             {"dA0": np.array([[s - 1.0]]), "dW1": np.array([[2.0 * (s - 1.0)]]),
              "db1": np.array([[s - 1.0]])}, m=1),
        # classic: L_model_backward_test_case (seed 3; AL is drawn by randn, so it is not
        # a probability, but the formulas apply all the same)
        Case("classic, L = 2", _backward_case, {
            "dA1": np.array([[0.12913162, -0.44014127], [-0.14175655, 0.48317296],
                             [0.01663708, -0.05670698]]),
            "dW1": np.array([[0.41010002, 0.07807203, 0.13798444, 0.10502167],
                             [0.0, 0.0, 0.0, 0.0],
                             [0.05283652, 0.01005865, 0.01777766, 0.0135308]]),
            "db1": np.array([[-0.22007063], [0.0], [-0.02835349]]),
            # recorded (dW2, db2 and dA0 are not in the classic's printed output)
            "dW2": np.array([[-0.39202432, -0.13325855, -0.04601089]]),
            "db2": np.array([[0.15187861]]),
            "dA0": np.array([[0.0, 0.52257901], [0.0, -0.3269206], [0.0, -0.32070404],
                             [0.0, -0.74079187]])}, m=2),
    ]
    run_cases("L_model_backward", func, cases)


def check_update_parameters(func):
    """update_parameters(params, grads, learning_rate): new arrays, W - lr dW, b - lr db."""
    def classic():
        W1, b1, W2, b2 = _draw(2, (3, 4), (3, 1), (1, 3), (1, 1))
        dW1, db1, dW2, db2 = _draw(3, (3, 4), (3, 1), (1, 3), (1, 1))
        return ({"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, 0.1)

    cases = [
        # Hand-worked: 1 - 0.5 * 2 = 0; 3 - 0.5 * (-4) = 5
        Case("hand-worked", lambda: ({"W1": np.array([[1.0]]), "b1": np.array([[3.0]])},
                                     {"dW1": np.array([[2.0]]), "db1": np.array([[-4.0]])}, 0.5),
             {"W1": np.array([[0.0]]), "b1": np.array([[5.0]])}),
        # classic: update_parameters_test_case, learning rate 0.1
        Case("classic", classic, {
            "W1": np.array([[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
                            [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
                            [-1.0535704, -0.86128581, 0.68284052, 2.20374577]]),
            "b1": np.array([[-0.04659241], [-1.28888275], [0.53405496]]),
            "W2": np.array([[-0.55569196, 0.0354055, 1.32964895]]),
            "b2": np.array([[-0.84610769]])}),
    ]
    run_cases("update_parameters", func, cases)


# ----------------------------------------------------------------------------- models

def _model_data():
    rng = np.random.RandomState(2)
    return rng.rand(4, 6), np.array([[1, 0, 1, 1, 0, 0]])


def check_two_layer_model(func):
    """two_layer_model on 6 examples, 101 iterations (recorded values)."""
    cases = [
        # From W = randn * 0.01, A2 ~ 0.5 so the first cost is ~ln 2 = 0.693147.
        Case("(4, 3, 1), 101 iterations, lr 0.5", lambda: (*_model_data(), (4, 3, 1)),
             ({"W1": np.array([[0.0159810173, -0.0062684957, -0.0055400979, -0.0108816991],
                               [0.0156250668, -0.0451534677, 0.0288348735, -0.0244661602],
                               [0.0141247527, -0.0393961553, 0.0384295531, -0.0375774426]]),
               "b1": np.array([[-0.0005328728], [0.00706284], [0.0012374566]]),
               "W2": np.array([[-0.0031533463, 0.0513561031, 0.0617757014]]),
               "b2": np.array([[-0.0003637262]])},
              [0.6931525464277334, 0.6929528764801175]),
             kwargs={"learning_rate": 0.5, "num_iterations": 101}, m=6, rtol=1e-5),
    ]
    run_cases("two_layer_model", func, cases)


def check_L_layer_model(func):
    """L_layer_model on 6 examples, 101 iterations, the default LeCun init (recorded values)."""
    cases = [
        Case("[4, 3, 2, 1], 101 iterations, lr 0.5", lambda: (*_model_data(), [4, 3, 2, 1]),
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
             kwargs={"learning_rate": 0.5, "num_iterations": 101}, m=6, rtol=1e-5, atol=1e-7),
    ]
    run_cases("L_layer_model", func, cases)


def check_predict(func):
    """predict(X, y, parameters): 1. where AL > 0.5 (strictly), else 0., shape (1, m)."""
    # One sigmoid layer W = [[1]], b = [[0]]: AL = sigma(x) > 0.5 exactly when x > 0.
    one_layer = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    cases = [
        Case("x = -1, 0, 2 (0 gives AL = 0.5: not > 0.5)",
             lambda: (np.array([[-1.0, 0.0, 2.0]]), None, dict(one_layer)),
             np.array([[0.0, 0.0, 1.0]])),
        Case("classic network, L = 3", lambda: (lambda X, p: (X, None, p))(*_forward_case_params()),
             # AL = [0.039, 0.705, 0.197, 0.047] (see check_L_model_forward)
             np.array([[0.0, 1.0, 0.0, 0.0]])),
    ]
    run_cases("predict", func, cases)
