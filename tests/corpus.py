"""A corpus of student answers: correct ones in several styles and planted mistakes.

Each :class:`Variant` replaces the solution region of one graded function by a body a
student might write. ``tests/test_agreement.py`` holds the two verdicts equal over this
corpus (the public check passes exactly when the grader gives full marks), and
``tests/test_hints.py`` pins, for each planted mistake, what its message must say
(``expect``, a regex) and must not say (``wrong``: hints that would point the wrong way).
The correct variants include the classic course's idioms (np.dot, np.squeeze'd 0-d
costs, global seeding, loops, plain-tuple caches, a naive sigmoid, bool predictions).

Run ``python tests/corpus.py`` (from the repository root) to print every planted
mistake's public message and whether it is actionable: it says what ``expect`` asks and
nothing ``wrong`` warns of. It runs against whatever ``course_utils`` is importable, so
it also measures an older checkout (``--old-api`` for the lesson1/2/3 check modules).
"""
import re
import sys
import textwrap
from dataclasses import dataclass


@dataclass
class Variant:
    name: str
    module: str
    function: str
    body: str                 # the region's new body (dedented); None: the reference's
    correct: bool = False
    expect: str = None        # regex: what the public message must say (planted mistakes)
    wrong: tuple = ()         # regexes of hints that would point the wrong way
    header: str = ""          # lines added before the module's first import (its top)

    def lines(self):
        return textwrap.dedent(self.body).strip("\n").splitlines()


LR, SN, DN = "logistic_regression", "shallow_network", "deep_network"
ANY_HINT_BUT_AXIS = (r"axis", )


def correct(name, module, function, body, header=""):
    return Variant(name, module, function, body, correct=True, header=header)


def bug(name, module, function, body, expect, wrong=(), header=""):
    return Variant(name, module, function, body, expect=expect, wrong=tuple(wrong),
                   header=header)


# ------------------------------------------------------------------ lesson 1
LESSON1 = [
    correct("naive sigmoid", LR, "sigmoid", "s = 1 / (1 + np.exp(-z))"),
    correct("sigmoid with floats", LR, "sigmoid", "s = 1.0 / (1.0 + np.exp(-1.0 * z))"),
    correct("classic zeros, int b", LR, "initialize_with_zeros",
            "w = np.zeros(shape=(dim, 1))\nb = 0"),
    correct("classic propagate, 0-d cost", LR, "propagate", """
        A = sigmoid(np.dot(w.T, X) + b)
        cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        dw = 1 / m * np.dot(X, (A - Y).T)
        db = 1 / m * np.sum(A - Y)
        cost = np.squeeze(np.array(cost))
        grads = {"dw": dw, "db": db}
        """),
    correct("classic optimize with deepcopy", LR, "optimize", """
        import copy
        w = copy.deepcopy(w)
        b = copy.deepcopy(b)
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            dw = grads["dw"]
            db = grads["db"]
            w = w - learning_rate * dw
            b = b - learning_rate * db
            if i % 100 == 0:
                costs.append(cost)
                if print_cost:
                    print("Cost after iteration %i: %f" % (i, cost))
        """),
    correct("classic predict loop", LR, "predict", """
        m = X.shape[1]
        Y_prediction = np.zeros((1, m))
        w = w.reshape(X.shape[0], 1)
        A = sigmoid(np.dot(w.T, X) + b)
        for i in range(A.shape[1]):
            if A[0, i] > 0.5:
                Y_prediction[0, i] = 1
            else:
                Y_prediction[0, i] = 0
        """),
    correct("bool predictions", LR, "predict", "Y_prediction = sigmoid(w.T @ X + b) > 0.5"),
    correct("rounded predictions", LR, "predict",
            "Y_prediction = np.round(sigmoid(np.dot(w.T, X) + b))"),
    correct("classic model", LR, "model", """
        w, b = initialize_with_zeros(X_train.shape[0])
        parameters, grads, costs = optimize(w, b, X_train, Y_train, num_iterations,
                                            learning_rate, print_cost)
        w = parameters["w"]
        b = parameters["b"]
        Y_prediction_test = predict(w, b, X_test)
        Y_prediction_train = predict(w, b, X_train)
        if print_cost:
            print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))
        """),
    bug("sigmoid sign", LR, "sigmoid", "s = 1 / (1 + np.exp(z))", r"exp\(-z\)"),
    bug("sigmoid returns z", LR, "sigmoid", "s = z", r"exp\(-z\)"),
    bug("zeros of shape (dim,)", LR, "initialize_with_zeros", "w = np.zeros(dim)\nb = 0.0",
        r"np\.zeros\(\(", wrong=[r"axis", r"keepdims"]),
    bug("zeros as a row", LR, "initialize_with_zeros", "w = np.zeros((1, dim))\nb = 0.0",
        r"transposed"),
    bug("b as a (1, 1) array", LR, "initialize_with_zeros",
        "w = np.zeros((dim, 1))\nb = np.zeros((1, 1))", r"float\(|squeeze"),
    bug("dw without / m", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y).T, "db": float(np.sum(A - Y) / m)}
        """, r"divide by m"),
    bug("db without / m", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y))}
        """, r"divide by m"),
    bug("dw without the transpose", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y) / m, "db": float(np.sum(A - Y) / m)}
        """, r"\.T", wrong=[r"axis"]),
    bug("w without the transpose", LR, "propagate", """
        A = sigmoid(w @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}
        """, r"\.T"),
    bug("dZ = Y - A", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        dZ = Y - A
        grads = {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}
        """, r"A - Y", wrong=[r"cost is|J = -1/m"]),
    bug("cost with the wrong sign", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = -cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}
        """, r"cost has the opposite sign"),
    bug("* instead of @ for dw", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X * (A - Y) / m, "db": float(np.sum(A - Y) / m)}
        """, r"matrix product|\* was used", wrong=[r"axis"]),
    bug("returns (cost, grads)", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        grads = {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}
        grads, cost = cross_entropy(A, Y), grads
        """, r"order", wrong=[r"axis"]),
    bug("db as a (1, 1) array", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y).T / m, "db": np.sum(A - Y, axis=1, keepdims=True) / m}
        """, r"float\(|squeeze"),
    bug("cost as a (1, 1) array", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = -(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / m
        grads = {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}
        """, r"float\(|squeeze"),
    bug("cost without / m", LR, "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = -float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
        grads = {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}
        """, r"divide by m"),
    bug("in-place update", LR, "optimize", """
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w -= learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
            if i % 100 == 0:
                costs.append(cost)
        """, r"w = w - learning_rate \* dw"),
    bug("gradient ascent", LR, "optimize", """
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w = w + learning_rate * grads["dw"]
            b = b + learning_rate * grads["db"]
            if i % 100 == 0:
                costs.append(cost)
        """, r"uphill", wrong=[r"cost has|cost is"]),
    bug("a cost every iteration", LR, "optimize", """
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w = w - learning_rate * grads["dw"]
            b = b - learning_rate * grads["db"]
            costs.append(cost)
        """, r"every 100 iterations"),
    bug("b never updated", LR, "optimize", """
        for i in range(num_iterations):
            grads, cost = propagate(w, b, X, Y)
            w = w - learning_rate * grads["dw"]
            if i % 100 == 0:
                costs.append(cost)
        """, r"b came back unchanged"),
    bug("threshold >= 0.5", LR, "predict", "Y_prediction = (sigmoid(w.T @ X + b) >= 0.5) * 1.0",
        r"strictly greater than 0\.5"),
    bug("probabilities, not labels", LR, "predict", "Y_prediction = sigmoid(w.T @ X + b)",
        r"greater than 0\.5"),
    bug("predict without b", LR, "predict", "Y_prediction = (sigmoid(w.T @ X) > 0.5) * 1.0",
        r"\+ b"),
    bug("1-D predictions", LR, "predict", "Y_prediction = (sigmoid(w.T @ X + b) > 0.5).ravel() * 1.0",
        r"2-D|reshape"),
    bug("model ignores learning_rate", LR, "model", """
        w, b = initialize_with_zeros(X_train.shape[0])
        params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations)
        w, b = params["w"], params["b"]
        Y_prediction_test = predict(w, b, X_test)
        Y_prediction_train = predict(w, b, X_train)
        """, r"learning_rate"),
    bug("model initialises for m", LR, "model", """
        w, b = initialize_with_zeros(X_train.shape[1])
        params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate)
        w, b = params["w"], params["b"]
        Y_prediction_test = predict(w, b, X_test)
        Y_prediction_train = predict(w, b, X_train)
        """, r"w was made for the m"),
]

# ------------------------------------------------------------------ lesson 2
_SN_FORWARD = """
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    Z1 = {z1}
    A1 = {a1}
    Z2 = W2 @ A1 + b2
    A2 = sigmoid(Z2)
    """
_SN_BACKWARD = """
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = {dz2}
    dW2 = {dw2}
    db2 = {db2}
    dZ1 = {dz1}
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    """
_SN_BW = dict(dz2="A2 - Y", dw2="dZ2 @ A1.T / m", db2="np.sum(dZ2, axis=1, keepdims=True) / m",
              dz1="(W2.T @ dZ2) * (1 - A1 ** 2)")
_SN_UPDATE = """
    W1 = parameters["W1"] {op} {lr} * grads["dW1"]
    b1 = parameters["b1"] {op} {lr} * grads["db1"]
    W2 = parameters["W2"] {op} {lr} * grads["dW2"]
    b2 = {b2}
    """
_SN_UP = dict(op="-", lr="learning_rate", b2='parameters["b2"] - learning_rate * grads["db2"]')
_SN_INIT = """
    rng = np.random.RandomState(seed)
    {w1}
    b1 = {b1}
    {w2}
    b2 = np.zeros((n_y, 1))
    """
_SN_IN = dict(w1="W1 = rng.randn(n_h, n_x) * 0.01", w2="W2 = rng.randn(n_y, n_h) * 0.01",
              b1="np.zeros((n_h, 1))")

LESSON2 = [
    correct("classic layer sizes", SN, "layer_sizes",
            "n_x = X.shape[0]\nn_h = 4\nn_y = Y.shape[0]"),
    correct("global seeding", SN, "initialize_parameters", """
        np.random.seed(seed)
        W1 = np.random.randn(n_h, n_x) * 0.01
        b1 = np.zeros((n_h, 1))
        W2 = np.random.randn(n_y, n_h) * 0.01
        b2 = np.zeros((n_y, 1))
        """),
    correct("classic forward with np.dot", SN, "forward_propagation", """
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = sigmoid(Z2)
        """),
    correct("classic cost with squeeze", SN, "compute_cost", """
        m = Y.shape[1]
        logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
        cost = -np.sum(logprobs) / m
        cost = float(np.squeeze(cost))
        """),
    correct("classic backward with np.power", SN, "backward_propagation", """
        W1 = parameters["W1"]
        W2 = parameters["W2"]
        A1 = cache["A1"]
        A2 = cache["A2"]
        dZ2 = A2 - Y
        dW2 = 1 / m * np.dot(dZ2, A1.T)
        db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        dW1 = 1 / m * np.dot(dZ1, X.T)
        db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
        """),
    correct("update with deepcopy", SN, "update_parameters", """
        import copy
        W1 = copy.deepcopy(parameters["W1"])
        b1 = parameters["b1"]
        W2 = copy.deepcopy(parameters["W2"])
        b2 = parameters["b2"]
        W1 = W1 - learning_rate * grads["dW1"]
        b1 = b1 - learning_rate * grads["db1"]
        W2 = W2 - learning_rate * grads["dW2"]
        b2 = b2 - learning_rate * grads["db2"]
        """),
    correct("classic nn_model", SN, "nn_model", """
        np.random.seed(3)
        n_x = layer_sizes(X, Y)[0]
        n_y = layer_sizes(X, Y)[2]
        parameters = initialize_parameters(n_x, n_h, n_y, seed)
        for i in range(0, num_iterations):
            A2, cache = forward_propagation(X, parameters)
            cost = compute_cost(A2, Y)
            grads = backward_propagation(parameters, cache, X, Y)
            parameters = update_parameters(parameters, grads, learning_rate)
            if print_cost and i % 1000 == 0:
                print("Cost after iteration %i: %f" % (i, cost))
        """),
    correct("rounded predictions", SN, "predict", """
        A2, cache = forward_propagation(X, parameters)
        predictions = np.round(A2)
        """),
    correct("bool predictions", SN, "predict", """
        A2, cache = forward_propagation(X, parameters)
        predictions = A2 > 0.5
        """),
    bug("n_h from the data", SN, "layer_sizes",
        "n_x = X.shape[0]\nn_h = X.shape[1]\nn_y = Y.shape[0]", r"n_h is 4"),
    bug("n_x from the columns", SN, "layer_sizes",
        "n_x = X.shape[1]\nn_h = 4\nn_y = Y.shape[0]", r"X\.shape\[0\]"),
    bug("weights too large", SN, "initialize_parameters",
        _SN_INIT.format(**{**_SN_IN, "w1": "W1 = rng.randn(n_h, n_x) * 0.1",
                           "w2": "W2 = rng.randn(n_y, n_h) * 0.1"}), r"scale|0\.01"),
    bug("W2 drawn first", SN, "initialize_parameters",
        _SN_INIT.format(**{**_SN_IN, "w1": "W2 = rng.randn(n_y, n_h) * 0.01",
                           "w2": "W1 = rng.randn(n_h, n_x) * 0.01"}), r"W1 before W2"),
    bug("global randn without the seed", SN, "initialize_parameters",
        _SN_INIT.format(**{**_SN_IN, "w1": "W1 = np.random.randn(n_h, n_x) * 0.01",
                           "w2": "W2 = np.random.randn(n_y, n_h) * 0.01"}),
        r"RandomState\(seed\)"),
    bug("random biases", SN, "initialize_parameters",
        _SN_INIT.format(**{**_SN_IN, "b1": "rng.randn(n_h, 1) * 0.01"}), r"biases start at zero"),
    bug("sigmoid in the hidden layer", SN, "forward_propagation",
        _SN_FORWARD.format(z1="W1 @ X + b1", a1="sigmoid(Z1)"), r"tanh"),
    bug("forward without b1", SN, "forward_propagation",
        _SN_FORWARD.format(z1="W1 @ X", a1="np.tanh(Z1)"), r"\+ b1"),
    bug("X @ W1", SN, "forward_propagation",
        _SN_FORWARD.format(z1="X.T @ W1.T + b1.T", a1="np.tanh(Z1)"), r"W first|transposed|\.T\?"),
    bug("a misspelt name", SN, "forward_propagation",
        _SN_FORWARD.format(z1="W1 @ X + b1", a1="np.tanh(Z1)").replace(
            "A2 = sigmoid(Z2)", "a2 = sigmoid(Z2)"), r"defined"),
    bug("cost without / m", SN, "compute_cost", "cost = -float(np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)))",
        r"divide by m"),
    bug("cost with the wrong sign", SN, "compute_cost", "cost = -cross_entropy(A2, Y)",
        r"cost has the opposite sign"),
    bug("cost as a (1, 1) array", SN, "compute_cost",
        "cost = -(Y @ np.log(A2).T + (1 - Y) @ np.log(1 - A2).T) / Y.shape[1]", r"squeeze|float\("),
    bug("cost without the (1 - Y) term", SN, "compute_cost",
        "cost = -float(np.sum(Y * np.log(A2))) / Y.shape[1]", r"1 - Y"),
    bug("tanh' = 1 - A1", SN, "backward_propagation",
        _SN_BACKWARD.format(**{**_SN_BW, "dz1": "(W2.T @ dZ2) * (1 - A1)"}), r"1 - A1\*\*2"),
    bug("backward without / m", SN, "backward_propagation",
        _SN_BACKWARD.format(**{**_SN_BW, "dw2": "dZ2 @ A1.T"}), r"divide by m"),
    bug("db2 without keepdims", SN, "backward_propagation",
        _SN_BACKWARD.format(**{**_SN_BW, "db2": "np.sum(dZ2, axis=1) / m"}), r"keepdims"),
    bug("db2 summed over everything", SN, "backward_propagation",
        _SN_BACKWARD.format(**{**_SN_BW, "db2": "np.sum(dZ2) / m"}), r"axis=1"),
    bug("dW2 without the transpose", SN, "backward_propagation",
        _SN_BACKWARD.format(**{**_SN_BW, "dw2": "dZ2 @ A1 / m"}), r"\.T"),
    bug("dZ2 = Y - A2", SN, "backward_propagation",
        _SN_BACKWARD.format(**{**_SN_BW, "dz2": "Y - A2"}), r"A - Y", wrong=[r"cost has"]),
    bug("in-place update", SN, "update_parameters", """
        for key in ("W1", "b1", "W2", "b2"):
            parameters[key] -= learning_rate * grads["d" + key]
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        """, r"new arrays"),
    bug("update goes uphill", SN, "update_parameters", _SN_UPDATE.format(**{
        **_SN_UP, "op": "+", "b2": 'parameters["b2"] + learning_rate * grads["db2"]'}),
        r"uphill"),
    bug("b2 never updated", SN, "update_parameters",
        _SN_UPDATE.format(**{**_SN_UP, "b2": 'parameters["b2"]'}), r"unchanged"),
    bug("a fixed learning rate", SN, "update_parameters",
        _SN_UPDATE.format(**{**_SN_UP, "lr": "1.2", "b2": 'parameters["b2"] - 1.2 * grads["db2"]'}),
        r"learning_rate argument"),
    bug("nn_model ignores the seed", SN, "nn_model", """
        n_x, _, n_y = layer_sizes(X, Y)
        parameters = initialize_parameters(n_x, n_h, n_y)
        for i in range(num_iterations):
            A2, cache = forward_propagation(X, parameters)
            grads = backward_propagation(parameters, cache, X, Y)
            parameters = update_parameters(parameters, grads, learning_rate)
        """, r"seed=seed"),
    bug("nn_model ignores num_iterations", SN, "nn_model", """
        n_x, _, n_y = layer_sizes(X, Y)
        parameters = initialize_parameters(n_x, n_h, n_y, seed=seed)
        for i in range(100):
            A2, cache = forward_propagation(X, parameters)
            grads = backward_propagation(parameters, cache, X, Y)
            parameters = update_parameters(parameters, grads, learning_rate)
        """, r"num_iterations"),
    bug("threshold >= 0.5", SN, "predict", """
        A2, cache = forward_propagation(X, parameters)
        predictions = (A2 >= 0.5) * 1.0
        """, r"strictly greater than 0\.5"),
]

# ------------------------------------------------------------------ lesson 3
_DN_LAB = """
    dZ = {dz}
    dA_prev, dW, db = linear_backward({arg}, linear_cache, compute_dA_prev)
    """
_DN_LB = """
    dW = {dw}
    db = {db}
    dA_prev = {da}
    """
_DN_LBD = dict(dw="dZ @ A_prev.T / m", db="np.sum(dZ, axis=1, keepdims=True) / m",
               da="W.T @ dZ")
_DN_UPD = """
    parameters = {{}}
    for l in range(1, L + 1):
        parameters[f"W{{l}}"] = params[f"W{{l}}"] {op} learning_rate * grads[f"dW{{l}}"]
        parameters[f"b{{l}}"] = params[f"b{{l}}"] {op} learning_rate * grads[f"db{{l}}"]
    """

LESSON3 = [
    correct("global seeding", DN, "initialize_parameters", """
        np.random.seed(seed)
        W1 = np.random.randn(n_h, n_x) * 0.01
        b1 = np.zeros((n_h, 1))
        W2 = np.random.randn(n_y, n_h) * 0.01
        b2 = np.zeros((n_y, 1))
        """),
    correct("classic deep init with string keys", DN, "initialize_parameters_deep", """
        np.random.seed(seed)
        for l in range(1, len(layer_dims)):
            scale = init_factor(init, layer_dims[l - 1], layer_dims[l])
            parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale
            parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
        """),
    correct("plain-tuple linear cache", DN, "linear_forward",
            "Z = np.dot(W, A) + b\ncache = (A, W, b)"),
    correct("plain-tuple activation cache", DN, "linear_activation_forward", """
        if activation == "sigmoid":
            Z, linear_cache = linear_forward(A_prev, W, b)
            A = sigmoid(Z)
        elif activation == "relu":
            Z, linear_cache = linear_forward(A_prev, W, b)
            A = relu(Z)
        cache = (linear_cache, Z)
        """),
    correct("classic L_model_forward", DN, "L_model_forward", """
        A = X
        for l in range(1, L):
            A_prev = A
            A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)],
                                                 parameters['b' + str(l)], activation="relu")
            caches.append(cache)
        AL, cache = linear_activation_forward(A, parameters['W' + str(L)],
                                              parameters['b' + str(L)], activation="sigmoid")
        caches.append(cache)
        """),
    correct("classic cost with squeeze", DN, "compute_cost", """
        m = Y.shape[1]
        cost = (-1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
        cost = np.squeeze(cost)
        """),
    correct("dA_prev always computed", DN, "linear_backward", """
        dW = 1 / m * np.dot(dZ, A_prev.T)
        db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
        dA_prev = np.dot(W.T, dZ)
        """),
    correct("classic activation backward", DN, "linear_activation_backward", """
        linear_cache, activation_cache = cache
        if activation == "relu":
            dZ = relu_backward(dA, activation_cache)
            dA_prev, dW, db = linear_backward(dZ, linear_cache)
        elif activation == "sigmoid":
            dZ = sigmoid_backward(dA, activation_cache)
            dA_prev, dW, db = linear_backward(dZ, linear_cache)
        """),
    correct("classic L_model_backward", DN, "L_model_backward", """
        m = AL.shape[1]
        Y = Y.reshape(AL.shape)
        dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        current_cache = caches[L - 1]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
        grads["dA" + str(L - 1)] = dA_prev_temp
        grads["dW" + str(L)] = dW_temp
        grads["db" + str(L)] = db_temp
        for l in reversed(range(L - 1)):
            current_cache = caches[l]
            dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
                grads["dA" + str(l + 1)], current_cache, "relu")
            grads["dA" + str(l)] = dA_prev_temp
            grads["dW" + str(l + 1)] = dW_temp
            grads["db" + str(l + 1)] = db_temp
        """),
    correct("the shortcut dZ[L] = AL - Y", DN, "L_model_backward", """
        linear_cache, Z = caches[L - 1]
        grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(AL - Y, linear_cache)
        for l in range(L - 1, 0, -1):
            grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
                grads[f"dA{l}"], caches[l - 1], "relu")
        """),
    correct("update on a shallow copy", DN, "update_parameters", """
        parameters = params.copy()
        for l in range(L):
            parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
            parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
        """),
    correct("classic predict loop", DN, "predict", """
        m = X.shape[1]
        p = np.zeros((1, m))
        probas, caches = L_model_forward(X, parameters)
        for i in range(0, probas.shape[1]):
            if probas[0, i] > 0.5:
                p[0, i] = 1
            else:
                p[0, i] = 0
        """),
    bug("A @ W", DN, "linear_forward", "Z = A.T @ W.T + b.T\ncache = (A, W, b)",
        r"W @ A|transposed"),
    bug("linear forward without b", DN, "linear_forward", "Z = W @ A\ncache = (A, W, b)",
        r"\+ b"),
    bug("cache in the wrong order", DN, "linear_forward", "Z = W @ A + b\ncache = (W, A, b)",
        r"\(A, W, b\)"),
    bug("activations swapped", DN, "linear_activation_forward", """
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = relu(Z) if activation == "sigmoid" else sigmoid(Z)
        cache = (linear_cache, Z)
        """, r"sigmoid or relu"),
    bug("cache pair swapped", DN, "linear_activation_forward", """
        Z, linear_cache = linear_forward(A_prev, W, b)
        A = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        cache = (Z, linear_cache)
        """, r"\(linear_cache, Z\)"),
    bug("the classic (A, cache) sigmoid", DN, "linear_activation_forward", """
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
        cache = (linear_cache, activation_cache)
        """, r"return A only"),
    bug("relu at the output too", DN, "L_model_forward", """
        A = X
        for l in range(1, L + 1):
            A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
            caches.append(cache)
        AL = A
        """, r"SIGMOID for layer L"),
    bug("last cache not appended", DN, "L_model_forward", """
        A = X
        for l in range(1, L):
            A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
            caches.append(cache)
        AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
        """, r"the last"),
    bug("cost with the wrong sign", DN, "compute_cost", "cost = -cross_entropy(AL, Y)",
        r"cost has the opposite sign"),
    bug("cost without / m", DN, "compute_cost",
        "cost = -float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))", r"divide by m"),
    bug("dW without / m", DN, "linear_backward",
        _DN_LB.format(**{**_DN_LBD, "dw": "dZ @ A_prev.T"}), r"divide by m"),
    bug("db without keepdims", DN, "linear_backward",
        _DN_LB.format(**{**_DN_LBD, "db": "np.sum(dZ, axis=1) / m"}), r"keepdims"),
    bug("dW without the transpose", DN, "linear_backward",
        _DN_LB.format(**{**_DN_LBD, "dw": "dZ @ A_prev / m"}), r"\.T"),
    bug("dA_prev = W @ dZ", DN, "linear_backward",
        _DN_LB.format(**{**_DN_LBD, "da": "W @ dZ"}), r"\.T"),
    bug("relu derivative for sigmoid", DN, "linear_activation_backward",
        _DN_LAB.format(dz="relu_backward(dA, Z)", arg="dZ"), r"sigmoid_backward"),
    bug("activation derivative skipped", DN, "linear_activation_backward",
        _DN_LAB.format(dz="dA", arg="dZ"), r"sigmoid_backward"),
    bug("dA not passed down", DN, "L_model_backward", """
        dAL = cross_entropy_backward(AL, Y)
        grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(
            dAL, caches[L - 1], "sigmoid")
        for l in range(L - 1, 0, -1):
            grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
                grads[f"dA{L - 1}"], caches[l - 1], "relu")
        """, r"refused|dA must have|pass each layer"),
    bug("every layer a sigmoid", DN, "L_model_backward", """
        dA = cross_entropy_backward(AL, Y)
        for l in range(L, 0, -1):
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], "sigmoid")
            grads[f"dA{l - 1}"] = dA
        """, r"ReLU layers"),
    bug("dAL with the wrong sign", DN, "L_model_backward", """
        dA = -cross_entropy_backward(AL, Y)
        for l in range(L, 0, -1):
            activation = "sigmoid" if l == L else "relu"
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], activation)
            grads[f"dA{l - 1}"] = dA
        """, r"opposite sign"),
    bug("in-place update", DN, "update_parameters", """
        parameters = params.copy()
        for l in range(1, L + 1):
            parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
        """, r"shallow params\.copy\(\)"),
    bug("update goes uphill", DN, "update_parameters", _DN_UPD.format(op="+"), r"uphill"),
    bug("L = len(params)", DN, "update_parameters", """
        parameters = {}
        for l in range(1, len(params) + 1):
            parameters[f"W{l}"] = params[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = params[f"b{l}"] - learning_rate * grads[f"db{l}"]
        """, r"key"),
    bug("L_layer_model ignores init", DN, "L_layer_model", """
        parameters = initialize_parameters_deep(layers_dims, seed=seed, init="lecun")
        for i in range(num_iterations):
            AL, caches = L_model_forward(X, parameters)
            cost = compute_cost(AL, Y)
            grads = L_model_backward(AL, Y, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
            _record(costs, i, cost, num_iterations, print_cost, print_every)
        """, r"init=init"),
    bug("a cost every iteration", DN, "L_layer_model", """
        parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
        for i in range(num_iterations):
            AL, caches = L_model_forward(X, parameters)
            costs.append(compute_cost(AL, Y))
            grads = L_model_backward(AL, Y, caches)
            parameters = update_parameters(parameters, grads, learning_rate)
        """, r"every 100 iterations"),
    bug("threshold >= 0.5", DN, "predict", """
        AL, _ = L_model_forward(X, parameters)
        p = (AL >= 0.5).astype(float)
        """, r"strictly greater than 0\.5"),
]

# ------------------------------------------------------------------ imports
# A lesson module may import the packages of requirements.txt, the standard library and the
# course's own modules, at its top (``header``) or inside a function; anything else is
# refused by the check and the grader alike, with the same message
# (course_utils/checks/imports.py). nbformat is installed here (requirements-dev.txt), so
# only the import rule, not a failed import, can make the public check refuse it.
_UNPROVIDED = r"imports {}, which the course does not provide.*numpy, matplotlib"
IMPORTS = [
    correct("matplotlib.pyplot at the top", LR, "sigmoid", "s = 1 / (1 + np.exp(-z))",
            header="import matplotlib.pyplot as plt"),
    correct("scipy's expit, imported inside", LR, "sigmoid",
            "from scipy.special import expit\ns = expit(z)"),
    correct("the course's plotting at the top", LR, "predict", None,
            header="from course_utils import plotting"),
    correct("an optional import under try", LR, "initialize_with_zeros", """
        try:
            import pandas  # noqa: F401
        except ImportError:
            pandas = None
        w = np.zeros((dim, 1))
        b = 0.0
        """),
    correct("h5py, Pillow and sklearn at the top", SN, "layer_sizes", None,
            header="import h5py\nfrom PIL import Image\nfrom sklearn.linear_model import "
                   "LogisticRegression"),
    correct("scipy.special inside forward_propagation", SN, "forward_propagation", """
        import scipy.special
        Z1 = parameters["W1"] @ X + parameters["b1"]
        A1 = np.tanh(Z1)
        Z2 = parameters["W2"] @ A1 + parameters["b2"]
        A2 = scipy.special.expit(Z2)
        cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
        """),
    correct("a relative import of the course's activations", DN, "linear_forward",
            "from . import activations  # noqa: F401\nZ = W @ A + b\ncache = (A, W, b)"),
    correct("matplotlib at the top of lesson 3", DN, "L_layer_model", None,
            header="import matplotlib\nimport matplotlib.pyplot as plt"),
    bug("pandas, imported inside", LR, "sigmoid", "import pandas as pd\ns = 1 / (1 + np.exp(-z))",
        _UNPROVIDED.format("pandas")),
    bug("nbformat at the top (installed here, not in the grader)", LR, "propagate", None,
        _UNPROVIDED.format("nbformat"), header="import nbformat"),
    bug("IPython at the top, after a try (installed here, not in the grader)", SN,
        "compute_cost", None, _UNPROVIDED.format("IPython"),
        header="try:\n    import numpy\nfinally:\n    from IPython.display import display"),
    bug("the instructor's package", DN, "linear_forward",
        "from course_instructor import hidden\nZ = W @ A + b\ncache = (A, W, b)",
        _UNPROVIDED.format("course_instructor")),
]

VARIANTS = LESSON1 + LESSON2 + LESSON3 + IMPORTS


# ------------------------------------------------------------------ building variants
def module_source(root, variant):
    """The text of ``course_utils/<module>.py`` (under ``root``) with the variant's body."""
    try:
        from course_utils.markers import find_regions
    except ImportError:                                  # an older checkout
        from course_instructor.release import find_regions
    src = (root / f"course_utils/{variant.module}.py").read_text(encoding="utf-8")
    lines = src.splitlines()
    region = next(r for r in find_regions(src, variant.module) if r.exercise == variant.function)
    if variant.body is not None:
        lines[region.begin + 1:region.end] = [region.indent + line if line else ""
                                              for line in variant.lines()]
    if variant.header:
        top = next(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
        lines[top:top] = variant.header.splitlines()
    return "\n".join(lines) + "\n"


def load_variant(root, variant, tmp_dir):
    """The variant's module, imported from a file under its own name."""
    import importlib.util
    slug = re.sub(r"\W+", "_", variant.name)
    path = tmp_dir / f"{variant.module}__{slug}.py"
    path.write_text(module_source(root, variant), encoding="utf-8")
    # in the package, as in a notebook, so that ``from . import activations`` works
    spec = importlib.util.spec_from_file_location(f"course_utils.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def public_message(check_module, variant, module, quiet=True):
    """(passed, message) of the public check of ``variant.function`` run on ``module``."""
    import contextlib
    import io
    check = getattr(check_module, f"check_{variant.function}")
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            check(getattr(module, variant.function))
        return True, ""
    except Exception as err:                     # noqa: BLE001 -- any failure is a message
        return False, f"{type(err).__name__}: {err}"


def actionable(variant, message):
    return bool(re.search(variant.expect, message)) and \
        not any(re.search(w, message) for w in variant.wrong)


def report(old_api=False, root=None):
    """Print every planted mistake's message; return (actionable, planted).

    ``root``: the checkout whose course_utils is measured (default: this one).
    """
    import importlib
    import tempfile
    from pathlib import Path
    root = Path(root or Path(__file__).resolve().parents[1]).resolve()
    sys.path.insert(0, str(root))
    names = {LR: "lesson1", SN: "lesson2", DN: "lesson3"} if old_api else {}
    good = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for v in VARIANTS:
            if v.correct:
                continue
            checks = importlib.import_module(f"course_utils.checks.{names.get(v.module, v.module)}")
            module = load_variant(root, v, Path(tmp))
            passed, message = public_message(checks, v, module)
            ok = not passed and actionable(v, message)
            good += ok
            total += 1
            print(f"[{'ok' if ok else '--'}] {v.module}.{v.function}: {v.name}\n"
                  + textwrap.indent(message or "(the check passed)", "     ") + "\n")
    print(f"{good} of {total} planted mistakes got an actionable message.")
    return good, total


if __name__ == "__main__":
    args = sys.argv[1:]
    report(old_api="--old-api" in args,
           root=args[args.index("--root") + 1] if "--root" in args else None)
