"""Lesson 1: hand-worked values, finite-difference gradients, properties, error messages."""
import math

import numpy as np
import pytest

from course_utils import logistic_regression as lr
from course_utils.numerical_gradient import numerical_gradient, rel_error

pytestmark = pytest.mark.unit


def test_sigmoid_values_and_shape():
    # sigma(0) = 0.5; sigma(ln 4) = 1 / (1 + 1/4) = 0.8
    np.testing.assert_allclose(lr.sigmoid(np.array([[0.0, math.log(4.0)]])), [[0.5, 0.8]])
    assert lr.sigmoid(np.array([1.0, 2.0, 3.0])).shape == (3,)


def test_sigmoid_no_overflow():
    with np.errstate(over="raise"):
        np.testing.assert_array_equal(lr.sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])


def test_initialize_with_zeros():
    w, b = lr.initialize_with_zeros(3)
    assert w.shape == (3, 1) and w.dtype == float and not w.any()
    assert isinstance(b, float) and b == 0.0


@pytest.mark.parametrize("dim", [0, -1, 2.5, True, "3"])
def test_initialize_with_zeros_rejects_bad_dim(dim):
    with pytest.raises(ValueError, match="dim must be a positive integer"):
        lr.initialize_with_zeros(dim)


def test_propagate_hand_worked():
    # w = 0, b = 0 -> A = [0.5, 0.5]; cost = ln 2; dZ = [-0.5, 0.5]
    # dw = X dZ^T / 2 = [[(1*-0.5 + 3*0.5) / 2], [(2*-0.5 + 4*0.5) / 2]] = [[0.5], [0.5]]
    grads, cost = lr.propagate(np.zeros((2, 1)), 0.0, np.array([[1.0, 3.0], [2.0, 4.0]]),
                               np.array([[1, 0]]))
    assert cost == pytest.approx(math.log(2))
    np.testing.assert_allclose(grads["dw"], [[0.5], [0.5]])
    assert grads["db"] == pytest.approx(0.0)
    assert isinstance(cost, float) and isinstance(grads["db"], float)


def test_propagate_gradients_match_finite_differences():
    rng = np.random.RandomState(0)
    X = rng.randn(5, 8)
    Y = (rng.rand(1, 8) > 0.5).astype(float)
    w = rng.randn(5, 1) * 0.5
    b = 0.3
    grads, _ = lr.propagate(w, b, X, Y)
    num_dw = numerical_gradient(lambda w_: lr.propagate(w_, b, X, Y)[1], w)
    num_db = numerical_gradient(lambda b_: lr.propagate(w, float(b_), X, Y)[1], np.array(b))
    assert rel_error(grads["dw"], num_dw) < 1e-7
    assert rel_error(grads["db"], num_db) < 1e-7


def test_optimize_decreases_cost_and_keeps_inputs():
    rng = np.random.RandomState(1)
    X = rng.randn(3, 20)
    Y = (X[0:1] + X[1:2] > 0).astype(float)
    w0 = np.zeros((3, 1))
    params, grads, costs = lr.optimize(w0, 0.0, X, Y, num_iterations=301, learning_rate=0.1)
    assert len(costs) == 4                       # iterations 0, 100, 200, 300
    assert costs[0] == pytest.approx(math.log(2))
    assert all(a > b for a, b in zip(costs, costs[1:]))
    assert not w0.any()                          # the caller's w was not modified
    assert params["w"].shape == (3, 1) and isinstance(params["b"], float)


def test_optimize_prints_cost_every_100(capsys):
    lr.optimize(np.zeros((2, 1)), 0.0, np.array([[1.0, 3.0], [2.0, 4.0]]), np.array([[1, 0]]),
                num_iterations=201, learning_rate=0.1, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0", "Cost after iteration 100", "Cost after iteration 200"]
    assert lines[0] == "Cost after iteration 0: 0.693147"


def test_predict_threshold_is_strict():
    # z = [1, -1, 0]: sigma = [0.73, 0.27, 0.5]; 0.5 is not > 0.5
    p = lr.predict(np.array([[1.0], [-1.0]]), 0.0, np.array([[2.0, 0.0, 1.0], [1.0, 1.0, 1.0]]))
    np.testing.assert_array_equal(p, [[1.0, 0.0, 0.0]])
    assert p.dtype == float


def test_model_separates_a_separable_set():
    rng = np.random.RandomState(2)
    X = rng.randn(2, 60)
    Y = (X[0:1] - X[1:2] > 0).astype(float)
    d = lr.model(X[:, :40], Y[:, :40], X[:, 40:], Y[:, 40:], num_iterations=500,
                 learning_rate=0.5)
    assert set(d) == {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b",
                      "learning_rate", "num_iterations"}
    assert lr.accuracy(d["Y_prediction_train"], Y[:, :40]) >= 95.0
    assert lr.accuracy(d["Y_prediction_test"], Y[:, 40:]) >= 90.0
    assert len(d["costs"]) == 5


# ---- error messages -------------------------------------------------------------

W2 = np.zeros((2, 1))
X23 = np.ones((2, 3))
Y13 = np.array([[1, 0, 1]])


def test_transposed_X_gets_a_hint():
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\) = \(2, m\); got \(3, 2\)"
                                         r"\. It looks transposed.*\.T after reshape"):
        lr.propagate(W2, 0.0, X23.T, Y13)


def test_column_labels_get_a_hint():
    with pytest.raises(ValueError, match=r"Y must have shape \(1, m\) = \(1, 3\); got \(3, 1\)"
                                         r"\..*reshape\(1, -1\)"):
        lr.propagate(W2, 0.0, X23, Y13.T)


def test_labels_outside_0_1():
    with pytest.raises(ValueError, match=r"only the labels 0 and 1; found \[2\]"):
        lr.propagate(W2, 0.0, X23, np.array([[1, 2, 0]]))


def test_w_of_wrong_size():
    with pytest.raises(ValueError, match=r"X must have shape \(n_x, m\) = \(3, m\); got \(2, 3\)"):
        lr.propagate(np.zeros((3, 1)), 0.0, X23, Y13)
    with pytest.raises(ValueError, match=r"w must have shape \(n_x, 1\).*got \(2,\).*reshape"):
        lr.predict(np.zeros(2), 0.0, X23)


def test_non_array_and_bad_b():
    with pytest.raises(TypeError, match="X must be a NumPy array; got list"):
        lr.propagate(W2, 0.0, [[1, 2, 3], [4, 5, 6]], Y13)
    with pytest.raises(TypeError, match="b must be a real number; got ndarray of shape"):
        lr.propagate(W2, np.zeros((1, 2)), X23, Y13)


def test_nan_in_data_is_reported_before_training():
    X = X23.copy()
    X[0, 1] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        lr.optimize(W2, 0.0, X, Y13)
    with pytest.raises(ValueError, match="X_train contains NaN"):
        lr.model(X, Y13, X23, Y13)


def test_bad_hyperparameters():
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        lr.optimize(W2, 0.0, X23, Y13, learning_rate=-1)
    with pytest.raises(ValueError, match="num_iterations must be a positive integer"):
        lr.optimize(W2, 0.0, X23, Y13, num_iterations=1.5)
