"""Lesson 3: a deep (L-layer) network built from forward/backward pairs with caches.

Layer l (l = 1..L) maps A[l-1] (n[l-1], m) to A[l] (n[l], m):

    Z[l] = W[l] A[l-1] + b[l]          W[l] (n[l], n[l-1]),  b[l] (n[l], 1) broadcast over m
    A[l] = g[l](Z[l])                  relu for l < L, sigmoid for l = L;  A[0] = X

Backward. One notation in all lessons: dA[l] and dZ[l] (n[l], m) are the gradients of
the per-example loss L(a, y) = -(y log a + (1 - y) log(1 - a)), column by column
(column i is dL(a(i), y(i)) / dA[l](i)); dW[l] and db[l] are then the gradients of the
cost J = 1/m sum_i L(a(i), y(i)), hence the 1/m:

    dZ[l]   = dA[l] * g[l]'(Z[l])                          (n[l], m)
    dW[l]   = 1/m dZ[l] A[l-1]^T                           (n[l], n[l-1])
    db[l]   = 1/m sum over the m columns of dZ[l]          (n[l], 1)
    dA[l-1] = W[l]^T dZ[l]                                 (n[l-1], m)

starting from dA[L] = -(Y / A[L] - (1 - Y) / (1 - A[L])), the derivative of the loss
with respect to the output (at a sigmoid output it gives dZ[L] = A[L] - Y).

Every forward function returns ``(output, cache)``; its backward function takes
``(upstream gradient, cache)``. The caches hold exactly what backward needs:

    LinearCache(A_prev, W, b)           from linear_forward
    ActivationCache(linear_cache, Z)    from linear_activation_forward

Both are named tuples, so they unpack like the classic course's plain tuples:
``A_prev, W, b = linear_cache`` and ``linear_cache, Z = cache``.

Exercises are the bodies between ``### BEGIN SOLUTION`` and ``### END SOLUTION``.
"""
from typing import NamedTuple

import numpy as np

from course_utils._validation import (
    validate_array, validate_labels, validate_nonnegative_int, validate_positive_float,
    validate_positive_int, validate_X)
from course_utils.activations import EPS, cross_entropy, relu, relu_backward, sigmoid, \
    sigmoid_backward

ACTIVATIONS = ("sigmoid", "relu")
INITS = ("small", "lecun", "xavier", "he", "randn", "zeros")


# ----------------------------------------------------------------------------- caches

class LinearCache(NamedTuple):
    """What ``linear_backward`` needs from ``linear_forward``.

    A_prev : ndarray of shape (n[l-1], m), the layer's input (for dW = dZ A_prev^T / m)
    W : ndarray of shape (n[l], n[l-1]) (for dA_prev = W^T dZ)
    b : ndarray of shape (n[l], 1) (kept as in the classic course: db has its shape)
    """
    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray


class ActivationCache(NamedTuple):
    """What ``linear_activation_backward`` needs from ``linear_activation_forward``.

    linear_cache : LinearCache, for the linear part
    Z : ndarray of shape (n[l], m), the pre-activation (for dZ = dA * g'(Z))
    """
    linear_cache: LinearCache
    Z: np.ndarray


# ----------------------------------------------------------------------------- validation

def _validate_layer(A, W, b, A_name="A"):
    """Shape validation of one layer's input and parameters (cheap: no scan of the data)."""
    validate_array(W, "W", ndim=2)
    validate_array(A, A_name, ndim=2)
    if A.shape[0] != W.shape[1]:
        hint = (" It looks transposed: examples must be columns."
                if A.shape[1] == W.shape[1] else "")
        raise ValueError(f"{A_name} must have shape (n[l-1], m) = ({W.shape[1]}, m) to match "
                         f"W of shape (n[l], n[l-1]) = {W.shape}; got {A.shape}.{hint}")
    validate_array(b, "b")
    if b.shape != (W.shape[0], 1):
        hint = (" Make b a column: b.reshape(-1, 1)."
                if b.shape == (W.shape[0],) else "")
        raise ValueError(f"b must have shape (n[l], 1) = ({W.shape[0]}, 1) to match W of "
                         f"shape {W.shape}; got {b.shape}.{hint}")


def _validate_activation(activation):
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}; got {activation!r}.")


def _validate_layer_dims(layer_dims, name="layer_dims", min_len=2):
    """Require a list/tuple of at least ``min_len`` positive ints; return it as a list."""
    if not isinstance(layer_dims, (list, tuple)) or len(layer_dims) < min_len:
        raise ValueError(f"{name} must be a list of at least {min_len} layer sizes "
                         f"[n_x, n[1], ..., n[L]]; got {layer_dims!r}.")
    for l, n in enumerate(layer_dims):
        try:
            validate_positive_int(n, f"{name}[{l}]")
        except ValueError as err:
            raise ValueError(f"{err} Every layer size must be a positive integer; "
                             f"{name} = {layer_dims!r}.") from None
    return [int(n) for n in layer_dims]


def _num_layers(parameters):
    """Check that ``parameters`` holds W1, b1, ..., WL, bL of consistent shapes; return L."""
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict with keys 'W1', 'b1', ..., 'WL', 'bL'; "
                        f"got {type(parameters).__name__}.")
    L = sum(1 for k in parameters if isinstance(k, str) and k[:1] == "W" and k[1:].isdigit())
    expected = [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]
    missing = [k for k in expected if k not in parameters]
    if L == 0 or missing:
        raise ValueError(f"parameters is missing the key(s) {missing or ['W1', 'b1']}; it has "
                         f"{sorted(map(str, parameters))}. A network of L layers needs "
                         f"'W1', 'b1', ..., 'WL', 'bL'.")
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        validate_array(W, f"parameters['W{l}']", ndim=2)
        validate_array(b, f"parameters['b{l}']")
        if b.shape != (W.shape[0], 1):
            raise ValueError(f"parameters['b{l}'] must have shape (n[{l}], 1) = "
                             f"({W.shape[0]}, 1); got {b.shape}.")
        if l > 1 and W.shape[1] != parameters[f"W{l - 1}"].shape[0]:
            raise ValueError(f"parameters['W{l}'] must have shape (n[{l}], n[{l - 1}]) with "
                             f"n[{l - 1}] = {parameters[f'W{l - 1}'].shape[0]} (the rows of "
                             f"W{l - 1}); got {W.shape}.")
    return L


def _validate_output(AL, Y, name="AL"):
    """AL of shape (1, m) and labels Y of shape (1, m) with entries 0 or 1."""
    validate_array(AL, name, ndim=2)
    if AL.shape[0] != 1:
        raise ValueError(f"{name} must have shape (1, m); got {AL.shape}. The last layer "
                         f"of this binary classifier has one unit.")
    validate_labels(Y, AL.shape[1])


# ----------------------------------------------------------------------------- initialisation

def initialize_parameters(n_x, n_h, n_y, seed=1):
    """Exercise 1: parameters of a 2-layer network LINEAR -> RELU -> LINEAR -> SIGMOID.

    W1 then W2 are drawn as ``randn(...) * 0.01`` from ``RandomState(seed)`` (the same
    numbers as the classic ``np.random.seed(1); np.random.randn(...)``); biases are zero.

    Parameters
    ----------
    n_x, n_h, n_y : int, the sizes of the input, hidden and output layers
    seed : int

    Returns
    -------
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)
    """
    n_x = validate_positive_int(n_x, "n_x")
    n_h = validate_positive_int(n_h, "n_h")
    n_y = validate_positive_int(n_y, "n_y")
    rng = np.random.RandomState(seed)
    ### BEGIN SOLUTION
    W1 = rng.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = rng.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END SOLUTION
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def init_factor(init, n_prev, n):
    """The factor multiplying ``randn(n[l], n[l-1])`` for an initialisation scheme.

    With n_prev = n[l-1] (fan-in) and n = n[l] (fan-out):
    "small": 0.01;  "lecun": 1 / sqrt(n_prev) (LeCun: keeps the variance of Z[l] near that
    of A[l-1]; the usual start for tanh and sigmoid);  "xavier": sqrt(2 / (n_prev + n))
    (Glorot/Xavier: a compromise between the forward and the backward pass);  "he":
    sqrt(2 / n_prev) (He: LeCun's variance doubled, because ReLU zeroes half of Z; the
    standard start for ReLU networks);  "randn": 1 (plain standard normal);  "zeros": 0.
    """
    return {"small": 0.01, "lecun": 1.0 / np.sqrt(n_prev),
            "xavier": np.sqrt(2.0 / (n_prev + n)), "he": np.sqrt(2.0 / n_prev),
            "randn": 1.0, "zeros": 0.0}[init]


def initialize_parameters_deep(layer_dims, seed=3, init="small"):
    """Exercise 2: parameters of an L-layer network, layer_dims = [n_x, n[1], ..., n[L]].

    For l = 1..L in order: W[l] = randn(n[l], n[l-1]) * factor, b[l] = zeros((n[l], 1)),
    all drawn from one ``RandomState(seed)``. The factor depends on ``init``:

    ========  ==========================  ============================================
    init      factor                      use
    ========  ==========================  ============================================
    "small"   0.01                        the step-by-step exercise (default, seed 3)
    "lecun"   1 / sqrt(n[l-1])            LeCun; the application's deep model (seed 1)
    "xavier"  sqrt(2 / (n[l-1] + n[l]))   Glorot/Xavier
    "he"      sqrt(2 / n[l-1])            He: the standard start for ReLU layers
    "randn"   1                           too large: saturation (an experiment)
    "zeros"   0, nothing drawn            fails: every unit of a layer stays the same
    ========  ==========================  ============================================

    Parameters
    ----------
    layer_dims : list of int, [n_x, n[1], ..., n[L]] (at least 2 entries)
    seed : int
    init : str, one of "small", "lecun", "xavier", "he", "randn", "zeros"

    Returns
    -------
    parameters : dict with "W1", "b1", ..., "WL", "bL";
        W[l] of shape (n[l], n[l-1]), b[l] of shape (n[l], 1)
    """
    layer_dims = _validate_layer_dims(layer_dims)
    if init not in INITS:
        raise ValueError(f"init must be one of {INITS}; got {init!r}.")
    rng = np.random.RandomState(seed)
    parameters = {}
    L = len(layer_dims) - 1
    ### BEGIN SOLUTION
    for l in range(1, L + 1):
        shape = (layer_dims[l], layer_dims[l - 1])
        if init == "zeros":
            parameters[f"W{l}"] = np.zeros(shape)
        else:
            parameters[f"W{l}"] = rng.randn(*shape) * init_factor(init, *shape[::-1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    ### END SOLUTION
    return parameters


# ----------------------------------------------------------------------------- forward

def linear_forward(A, W, b):
    """Exercise 3: the linear part of a layer, Z = W A + b.

    Parameters
    ----------
    A : ndarray of shape (n[l-1], m), activations of the previous layer (or X)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1), broadcast over the m columns

    Returns
    -------
    Z : ndarray of shape (n[l], m)
    cache : LinearCache(A, W, b), for linear_backward
    """
    _validate_layer(A, W, b, "A")
    ### BEGIN SOLUTION
    Z = W @ A + b                                # (n[l], m)
    cache = LinearCache(A, W, b)
    ### END SOLUTION
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """Exercise 4: one layer, LINEAR -> ACTIVATION: A = g(W A_prev + b).

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
    activation : "sigmoid" or "relu"

    Returns
    -------
    A : ndarray of shape (n[l], m)
    cache : ActivationCache(linear_cache, Z), for linear_activation_backward
    """
    _validate_activation(activation)
    _validate_layer(A_prev, W, b, "A_prev")
    ### BEGIN SOLUTION
    Z, linear_cache = linear_forward(A_prev, W, b)   # (n[l], m)
    A = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    cache = ActivationCache(linear_cache, Z)
    ### END SOLUTION
    return A, cache


def L_model_forward(X, parameters):
    """Exercise 5: the whole forward pass, [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    parameters : dict with "W1", "b1", ..., "WL", "bL" (see initialize_parameters_deep)

    Returns
    -------
    AL : ndarray of shape (n[L], m), the output probabilities (n[L] = 1 for a binary label)
    caches : list of L ActivationCaches, caches[l - 1] from layer l
    """
    L = _num_layers(parameters)
    validate_X(X, "X", n_x=parameters["W1"].shape[1], finite=False)   # shapes only: cheap
    caches = []
    ### BEGIN SOLUTION
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"],
                                          "sigmoid")
    caches.append(cache)
    ### END SOLUTION
    return AL, caches


def compute_cost(AL, Y):
    """Exercise 6: the cross-entropy cost J = -1/m sum( Y log AL + (1 - Y) log(1 - AL) ).

    Parameters
    ----------
    AL : ndarray of shape (1, m), probabilities in [0, 1]
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    cost : float. Safe at AL = 0 or 1 (``activations.cross_entropy`` clips to
        [1e-15, 1 - 1e-15]), so a confidently wrong prediction costs about 34.5, not inf.
    """
    _validate_output(AL, Y)
    ### BEGIN SOLUTION
    cost = cross_entropy(AL, Y)
    ### END SOLUTION
    return cost


# ----------------------------------------------------------------------------- backward

def linear_backward(dZ, cache, compute_dA_prev=True):
    """Exercise 7: gradients of the linear part Z = W A_prev + b.

    Parameters
    ----------
    dZ : ndarray of shape (n[l], m), the per-example loss gradients with respect to Z
    cache : LinearCache(A_prev, W, b) from linear_forward
    compute_dA_prev : bool, default True. An optional speed-up that you may ignore:
        computing dA_prev anyway is always right. False allows skipping dA_prev = W^T dZ
        (returning None in its place): the course's training loops pass False for layer
        1, whose dA_prev = dA[0] is the gradient with respect to the data X, which
        nothing uses (with 12288 inputs it costs as much as the forward product W1 X).

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m), the per-example gradients with respect to
        A_prev (or None, see above)
    dW : ndarray of shape (n[l], n[l-1]), dW = 1/m dZ A_prev^T
    db : ndarray of shape (n[l], 1), db = 1/m sum of dZ over the m columns
    """
    A_prev, W, b = cache
    _validate_layer(A_prev, W, b, "A_prev")
    validate_array(dZ, "dZ")
    if dZ.shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(f"dZ must have shape (n[l], m) = ({W.shape[0]}, {A_prev.shape[1]}), "
                         f"that of Z in the cache; got {dZ.shape}.")
    m = A_prev.shape[1]
    ### BEGIN SOLUTION
    dW = (dZ / m) @ A_prev.T                         # (n[l], n[l-1]); dividing the
                                                     # small dZ, not the big dW, saves a pass
    db = np.sum(dZ, axis=1, keepdims=True) / m       # (n[l], 1)
    dA_prev = W.T @ dZ if compute_dA_prev else None  # (n[l-1], m)
    ### END SOLUTION
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation, compute_dA_prev=True):
    """Exercise 8: gradients of one layer LINEAR -> ACTIVATION.

    Parameters
    ----------
    dA : ndarray of shape (n[l], m), the per-example loss gradients with respect to A
    cache : ActivationCache(linear_cache, Z) from linear_activation_forward
    activation : "sigmoid" or "relu", as in the forward pass
    compute_dA_prev : bool, an optional speed-up you may ignore: pass it on to
        linear_backward (False allows dA_prev to be None)

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m) (or None)
    dW : ndarray of shape (n[l], n[l-1])
    db : ndarray of shape (n[l], 1)
    """
    _validate_activation(activation)
    linear_cache, Z = cache
    validate_array(dA, "dA")
    validate_array(Z, "Z")
    if dA.shape != Z.shape:
        raise ValueError(f"dA must have the shape of Z in the cache, (n[l], m) = {Z.shape}; "
                         f"got {dA.shape}.")
    ### BEGIN SOLUTION
    if activation == "sigmoid":
        dZ = sigmoid_backward(dA, Z)                 # dA * s (1 - s)
    else:
        dZ = relu_backward(dA, Z)                    # dA where Z > 0, else 0
    dA_prev, dW, db = linear_backward(dZ, linear_cache, compute_dA_prev)
    ### END SOLUTION
    return dA_prev, dW, db


def cross_entropy_backward(AL, Y):
    """dAL = dL/dAL, per example: -(Y / AL - (1 - Y) / (1 - AL)), without division by zero.

    Where a denominator (AL or 1 - AL) is within 1e-15 of zero, e.g. an output
    sigmoid that rounded to exactly 0. or 1., it is replaced by 1e-15 (the clip of
    ``cross_entropy``), so the result stays finite and dZ = dAL * sigma'(Z) stays
    bounded. Every other entry is exactly the formula.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
    Y : ndarray of shape (1, m)

    Returns
    -------
    dAL : ndarray of shape (1, m)
    """
    a = np.where(np.abs(AL) < EPS, EPS, AL)
    one_minus_a = 1.0 - AL
    one_minus_a = np.where(np.abs(one_minus_a) < EPS, EPS, one_minus_a)
    return -(Y / a - (1 - Y) / one_minus_a)


def L_model_backward(AL, Y, caches, compute_dA0=True):
    """Exercise 9: gradients of the cost with respect to every layer, from L down to 1.

    Starts from dAL = -(Y / AL - (1 - Y) / (1 - AL)) (see cross_entropy_backward), goes
    back through the SIGMOID layer L, then the RELU layers L-1, ..., 1.

    Parameters
    ----------
    AL : ndarray of shape (1, m), the output of L_model_forward
    Y : ndarray of shape (1, m), labels 0 or 1
    caches : list of L ActivationCaches from L_model_forward
    compute_dA0 : bool, default True. An optional speed-up you may ignore (returning
        "dA0" anyway is always right): False allows skipping dA0, the gradient with
        respect to X, which training never uses (with 12288 inputs it is as costly as
        W1 X). The course's L_layer_model passes False.

    Returns
    -------
    grads : dict with "dA0", ..., "dA{L-1}" (dA{l} of shape (n[l], m), the input
        gradient of layer l + 1), "dW1", ..., "dWL" and "db1", ..., "dbL"
    """
    _validate_output(AL, Y)
    if not isinstance(caches, (list, tuple)) or len(caches) == 0:
        raise ValueError(f"caches must be the non-empty list of layer caches returned by "
                         f"L_model_forward; got {caches!r:.80}.")
    if np.shape(caches[-1][1]) != AL.shape:
        raise ValueError(f"AL must have the shape of Z in the last cache, "
                         f"{np.shape(caches[-1][1])}; got {AL.shape}.")
    L = len(caches)
    grads = {}
    ### BEGIN SOLUTION
    dAL = cross_entropy_backward(AL, Y)                       # (1, m)
    dA = dAL
    for l in range(L, 0, -1):                                 # layers L, L-1, ..., 1
        activation = "sigmoid" if l == L else "relu"
        need = compute_dA0 or l > 1
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], activation, compute_dA_prev=need)
        if need:
            grads[f"dA{l - 1}"] = dA
    ### END SOLUTION
    return grads


def update_parameters(params, grads, learning_rate):
    """Exercise 10: one step of gradient descent, W[l] - lr dW[l] and b[l] - lr db[l].

    Parameters
    ----------
    params : dict with "W1", "b1", ..., "WL", "bL"
    grads : dict with "dW1", "db1", ..., "dWL", "dbL" of the same shapes
    learning_rate : float

    Returns
    -------
    parameters : a new dict of new arrays (``params`` and its arrays are not modified)
    """
    L = _num_layers(params)
    learning_rate = validate_positive_float(learning_rate, "learning_rate")
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict with keys 'dW1', 'db1', ...; "
                        f"got {type(grads).__name__}.")
    for l in range(1, L + 1):
        for p in "Wb":
            key = f"d{p}{l}"
            if key not in grads:
                raise ValueError(f"grads is missing the key {key!r}; it has {sorted(grads)}.")
            if np.shape(grads[key]) != params[f"{p}{l}"].shape:
                raise ValueError(f"grads[{key!r}] must have the shape of {p}{l}, "
                                 f"{params[f'{p}{l}'].shape}; got {np.shape(grads[key])}.")
    ### BEGIN SOLUTION
    parameters = dict(params)
    for l in range(1, L + 1):
        for p in ("W", "b"):
            # theta - lr * d_theta, written as a new array (-lr * d_theta) to which theta is
            # added in place: the same numbers, one temporary array fewer (W1 is 20 x 12288).
            new = grads[f"d{p}{l}"] * -learning_rate
            new += params[f"{p}{l}"]
            parameters[f"{p}{l}"] = new
    ### END SOLUTION
    return parameters


# ----------------------------------------------------------------------------- models

def _validate_training_args(X, Y, layers_dims, num_iterations, learning_rate, print_every):
    """Validate a training call once, including the one full scan of X for NaN/inf."""
    layers_dims = _validate_layer_dims(layers_dims, "layers_dims")
    validate_X(X, "X", n_x=layers_dims[0])
    validate_labels(Y, X.shape[1])
    if layers_dims[-1] != 1:
        raise ValueError(f"layers_dims must end with 1 (one sigmoid output unit for the "
                         f"labels Y of shape (1, m)); got {layers_dims!r}.")
    return (layers_dims, validate_nonnegative_int(num_iterations, "num_iterations"),
            validate_positive_float(learning_rate, "learning_rate"),
            validate_positive_int(print_every, "print_every"))


def _record(costs, i, cost, num_iterations, print_cost, print_every):
    """Record the cost every 100 iterations; print it every ``print_every`` and at the end."""
    if i % 100 == 0:
        costs.append(cost)
    if print_cost and (i % print_every == 0 or i == num_iterations - 1):
        print(f"Cost after iteration {i}: {cost:.6f}")


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                    print_cost=False, seed=1, print_every=100):
    """Exercise 11: train LINEAR -> RELU -> LINEAR -> SIGMOID by gradient descent.

    Initialises with ``initialize_parameters(n_x, n_h, n_y, seed)``, then repeats:
    forward (two linear_activation_forward calls), cost, backward (dA2 from
    cross_entropy_backward, two linear_activation_backward calls, the first layer's
    without dA0), update.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0 or 1
    layers_dims : (n_x, n_h, n_y) with n_y = 1
    learning_rate : float
    num_iterations : int
    print_cost : bool, print "Cost after iteration i: ..." every ``print_every``
        iterations and at the last one
    seed : int, for initialize_parameters
    print_every : int, a multiple of 100 keeps the printed costs those in ``costs``

    Returns
    -------
    parameters : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (1, n_h), "b2" (1, 1)
    costs : list of float, the cost at iterations 0, 100, 200, ...
    """
    layers_dims, num_iterations, learning_rate, print_every = _validate_training_args(
        X, Y, layers_dims, num_iterations, learning_rate, print_every)
    if len(layers_dims) != 3:
        raise ValueError(f"layers_dims must be (n_x, n_h, n_y) for a 2-layer model; "
                         f"got {layers_dims!r}. Use L_layer_model for deeper networks.")
    n_x, n_h, n_y = layers_dims
    costs = []
    ### BEGIN SOLUTION
    parameters = initialize_parameters(n_x, n_h, n_y, seed=seed)
    for i in range(num_iterations):
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = cross_entropy_backward(A2, Y)
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu", compute_dA_prev=False)
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        _record(costs, i, cost, num_iterations, print_cost, print_every)
    ### END SOLUTION
    return parameters, costs


def predict(X, y, parameters, print_accuracy=True):
    """Exercise 12: predict 1 where the network's output is > 0.5, else 0.

    Follows the classic ``predict(X, y, parameters)``: it returns the predictions and,
    when labels ``y`` are given, prints the accuracy. ``y=None`` (e.g. for your own
    picture) predicts without printing.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    y : ndarray of shape (1, m) of labels 0 or 1, or None
    parameters : dict with "W1", "b1", ..., "WL", "bL"
    print_accuracy : bool, print "Accuracy: 98.6%" (one decimal) when y is given

    Returns
    -------
    p : ndarray of shape (1, m) holding 0. and 1. (float)
    """
    _num_layers(parameters)
    validate_X(X, "X", n_x=parameters["W1"].shape[1])
    if y is not None:
        validate_labels(y, X.shape[1], "y")
    ### BEGIN SOLUTION
    AL, _ = L_model_forward(X, parameters)           # (1, m)
    p = (AL > 0.5).astype(float)
    ### END SOLUTION
    if y is not None and print_accuracy:
        print(f"Accuracy: {100.0 * np.mean(p == y):.1f}%")
    return p


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                  print_cost=False, init="lecun", seed=1, print_every=100):
    """Exercise 13: train [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID by gradient descent.

    Initialises with ``initialize_parameters_deep(layers_dims, seed, init)`` (by default
    the application's W[l] = randn / sqrt(n[l-1]) from seed 1), then repeats:
    L_model_forward, compute_cost, L_model_backward (without dA0), update_parameters.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0 or 1
    layers_dims : list [n_x, n[1], ..., n[L]] with n[L] = 1
    learning_rate : float
    num_iterations : int
    print_cost : bool, print the cost every ``print_every`` iterations and at the last one
    init : str, the initialisation scheme (see initialize_parameters_deep)
    seed : int
    print_every : int

    Returns
    -------
    parameters : dict with "W1", "b1", ..., "WL", "bL"
    costs : list of float, the cost at iterations 0, 100, 200, ...
    """
    layers_dims, num_iterations, learning_rate, print_every = _validate_training_args(
        X, Y, layers_dims, num_iterations, learning_rate, print_every)
    costs = []
    ### BEGIN SOLUTION
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches, compute_dA0=False)
        parameters = update_parameters(parameters, grads, learning_rate)
        _record(costs, i, cost, num_iterations, print_cost, print_every)
    ### END SOLUTION
    return parameters, costs
