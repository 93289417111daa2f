"""Activations: hand-worked values, derivatives against finite differences, numerical safety."""
import math
import warnings

import numpy as np
import pytest

from course_utils import activations as act

pytestmark = pytest.mark.unit

Z = np.array([[-3.0, -0.5, 0.25], [0.7, 2.0, -1.2]])   # no entry at the ReLU kink


def test_hand_worked_values():
    # sigma(0) = 1/2; sigma(ln 3) = 1 / (1 + 1/3) = 3/4
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid(math.log(3.0)) == pytest.approx(0.75)
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6
    assert act.tanh(math.log(2.0)) == pytest.approx(0.6)
    np.testing.assert_array_equal(act.relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(act.leaky_relu(np.array([-2.0, 3.0])), [-0.02, 3.0])


@pytest.mark.parametrize("g, dg", [
    (act.sigmoid, act.sigmoid_derivative),
    (act.tanh, act.tanh_derivative),
    (act.relu, act.relu_derivative),
    (act.leaky_relu, act.leaky_relu_derivative),
])
def test_derivatives_match_centred_differences(g, dg):
    eps = 1e-6
    numeric = (g(Z + eps) - g(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(dg(Z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("backward, dg", [
    (act.sigmoid_backward, act.sigmoid_derivative),
    (act.tanh_backward, act.tanh_derivative),
    (act.relu_backward, act.relu_derivative),
    (act.leaky_relu_backward, act.leaky_relu_derivative),
])
def test_backward_is_chain_rule(backward, dg):
    dA = np.array([[1.0, -2.0, 0.5], [3.0, 0.1, -1.0]])
    np.testing.assert_allclose(backward(dA, Z), dA * dg(Z))


def test_sigmoid_is_safe_for_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            s = act.sigmoid(np.array([-1000.0, -50.0, 50.0, 1000.0]))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert s[1] == pytest.approx(math.exp(-50.0), rel=1e-12)   # the tiny value is kept


def _costs():
    """The three lessons' costs of probabilities A for labels Y (students write each)."""
    from course_utils import deep_network, logistic_regression, shallow_network

    def lesson1(A, Y):     # propagate's cost with w = 0 and X = logit(A) in one row: A back
        A = np.asarray(A, dtype=float)
        with np.errstate(divide="ignore"):
            X = np.log(A) - np.log1p(-A)               # sigma(X) = A (+-inf at 0 and 1)
        X = np.clip(X, -1e3, 1e3)
        return logistic_regression.propagate(np.ones((1, 1)), 0.0, X, Y)[1]
    return [lesson1, shallow_network.compute_cost, deep_network.compute_cost]


@pytest.mark.parametrize("cost", _costs())
def test_every_lesson_cost_is_the_cross_entropy_and_safe(cost):
    # A = [0.5, 0.5], Y = [1, 0]: each loss is ln 2
    assert cost(np.array([[0.5, 0.5]]), np.array([[1, 0]])) == pytest.approx(math.log(2))
    # A = [0.8], Y = [1]: -ln 0.8
    assert cost(np.array([[0.8]]), np.array([[1]])) == pytest.approx(-math.log(0.8))
    with np.errstate(all="raise", under="ignore"):
        perfect = cost(np.array([[0.0, 1.0]]), np.array([[0, 1]]))
        wrong = cost(np.array([[0.0, 1.0]]), np.array([[1, 0]]))
    assert 0.0 <= perfect < 1e-12
    # each confident mistake costs about -ln(1e-15) = 34.5 instead of inf
    assert np.isfinite(wrong) and wrong == pytest.approx(-math.log(1e-15), rel=1e-4)


def test_no_helper_answers_an_exercise():
    """The sigmoid is lesson 1's graded function itself, and no ready-made cost exists."""
    from course_utils import logistic_regression
    assert act.sigmoid is logistic_regression.sigmoid
    assert not hasattr(act, "cross_entropy")


def test_functions_do_not_modify_inputs():
    z = Z.copy()
    for f in (act.sigmoid, act.tanh, act.relu, act.leaky_relu, act.sigmoid_derivative,
              act.tanh_derivative, act.relu_derivative):
        f(z)
    np.testing.assert_array_equal(z, Z)
