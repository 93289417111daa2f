"""The public checks of lessons 2 and 3: every reference function passes with one line,
and typical mistakes fail with a message naming the case and the output."""
import re

import numpy as np
import pytest

from course_utils import deep_network as dn
from course_utils import shallow_network as sn
from course_utils.checks import CheckFailed, lesson2, lesson3

PASS_LINE = re.compile(r"^\w+: all \d+ cases? passed\.\n$")

LESSON2 = ["layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
           "backward_propagation", "update_parameters", "nn_model", "predict"]
LESSON3 = ["initialize_parameters", "initialize_parameters_deep", "linear_forward",
           "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
           "linear_activation_backward", "L_model_backward", "update_parameters",
           "two_layer_model", "L_layer_model", "predict"]


@pytest.mark.parametrize("name", LESSON2)
def test_lesson2_reference_passes_with_one_line(name, capsys):
    getattr(lesson2, f"check_{name}")(getattr(sn, name))
    out = capsys.readouterr().out
    assert PASS_LINE.match(out) and out.startswith(name), out


@pytest.mark.parametrize("name", LESSON3)
def test_lesson3_reference_passes_with_one_line(name, capsys):
    getattr(lesson3, f"check_{name}")(getattr(dn, name))
    out = capsys.readouterr().out
    assert PASS_LINE.match(out) and out.startswith(name), out


def test_lesson2_backward_without_division_by_m():
    def bad(parameters, cache, X, Y):
        m = X.shape[1]
        return {k: v * m for k, v in sn.backward_propagation(parameters, cache, X, Y).items()}
    with pytest.raises(CheckFailed, match=r"backward_propagation, case '.*': output\['dW1'\]"
                                          r"(.|\n)*forget to divide by m"):
        lesson2.check_backward_propagation(bad)


def test_lesson2_numerical_check_catches_a_wrong_tanh_derivative():
    def bad(parameters, cache, X, Y):
        # uses tanh' = 1 - A1 instead of 1 - A1**2
        m = X.shape[1]
        dZ2 = cache["A2"] - Y
        dZ1 = parameters["W2"].T @ dZ2 * (1 - cache["A1"])
        return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}
    with pytest.raises(AssertionError, match=r"dW1: relative error .*too large"):
        lesson2.check_backward_propagation_numerically(bad, sn.forward_propagation)


def test_lesson3_linear_forward_without_b():
    def bad(A, W, b):
        _, cache = dn.linear_forward(A, W, b)
        return W @ A, cache                       # forgot + b
    with pytest.raises(CheckFailed, match=r"linear_forward, case '[^']+': output\S* differs "
                                          r"at \d+ of \d+ entries; first at index"):
        lesson3.check_linear_forward(bad)


def test_lesson3_linear_backward_missing_transpose():
    def bad(dZ, cache, *args, **kwargs):
        dA_prev, dW, db = dn.linear_backward(dZ, cache, *args, **kwargs)
        return dA_prev, dW.T, db
    with pytest.raises(CheckFailed, match=r"output\[1\] should have shape \(\d+, \d+\); got "
                                          r"\(\d+, \d+\)\.\nHint: The shape is transposed"):
        lesson3.check_linear_backward(bad)


def test_lesson3_update_in_place_is_caught():
    def bad(params, grads, learning_rate):
        for key in params:
            params[key] -= learning_rate * grads["d" + key]
        return params
    with pytest.raises(CheckFailed, match="modified its input arrays in place"):
        lesson3.check_update_parameters(bad)
