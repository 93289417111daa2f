"""Messages a beginner can act on: for each planted mistake of the corpus (tests/corpus.py)
the public check fails with a message that says what to fix (``expect``) and nothing that
points the wrong way (``wrong``); every correct variant passes. The table of mistakes and
the hints they must get is the corpus itself."""

import numpy as np
import pytest
from corpus import VARIANTS, actionable, load_variant, public_message

from course_utils import shallow_network as sn
from course_utils.checks import shallow_network as checks2
from course_utils.checks.public import CheckFailed

pytestmark = pytest.mark.unit

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
BUGS = [v for v in VARIANTS if not v.correct]
CORRECT = [v for v in VARIANTS if v.correct]


def _checks(module):
    import importlib
    return importlib.import_module(f"course_utils.checks.{module}")


def test_the_corpus_is_large_enough():
    assert len(VARIANTS) >= 60 and len(BUGS) >= 60
    assert {v.module for v in CORRECT} == {v.module for v in BUGS} == {
        "logistic_regression", "shallow_network", "deep_network"}
    assert len({(v.module, v.function, v.name) for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("variant", BUGS, ids=lambda v: f"{v.function}: {v.name}")
def test_a_planted_mistake_gets_an_actionable_message(variant, tmp_path):
    module = load_variant(REPO, variant, tmp_path)
    passed, message = public_message(_checks(variant.module), variant, module)
    assert not passed, "the public check passed a planted mistake"
    assert actionable(variant, message), message
    assert message.startswith(("CheckFailed: ", "ExerciseNotDone: "))
    assert len(message.splitlines()) <= 8 and "Traceback" not in message, message


@pytest.mark.parametrize("variant", CORRECT, ids=lambda v: f"{v.function}: {v.name}")
def test_a_correct_answer_in_another_style_passes(variant, tmp_path):
    module = load_variant(REPO, variant, tmp_path)
    passed, message = public_message(_checks(variant.module), variant, module)
    assert passed, message


def test_a_naive_sigmoid_passes_with_a_note(capsys):
    from course_utils.checks import logistic_regression as checks1
    checks1.check_sigmoid(lambda z: 1 / (1 + np.exp(-np.asarray(z, dtype=float))))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "sigmoid: all 4 cases passed."
    assert out[1].startswith("Note: np.exp overflowed for a large |z|")


def test_a_naive_cost_passes_with_a_note_on_exact_0_and_1(capsys):
    def naive(A2, Y):
        m = Y.shape[1]
        return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)
    checks2.check_compute_cost(naive)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "compute_cost: all 5 cases passed."
    assert out[1].startswith("Note: with A2 exactly 0 or 1") and len(out) == 2


def test_a_composite_says_which_building_block_to_fix(tmp_path):
    from corpus import Variant
    broken = Variant("propagate without / m", "logistic_regression", "propagate", """
        A = sigmoid(w.T @ X + b)
        cost = cross_entropy(A, Y)
        grads = {"dw": X @ (A - Y).T, "db": float(np.sum(A - Y) / m)}
        """)
    module = load_variant(REPO, broken, tmp_path)
    from course_utils.checks import logistic_regression as checks1
    with pytest.raises(CheckFailed, match=r"Note: optimize calls your propagate, which "
                                                  r"does not pass its own check yet"):
        checks1.check_optimize(module.optimize)


def test_the_numerical_gradient_comparison_catches_a_wrong_tanh_derivative(capsys):
    def bad(parameters, cache, X, Y):
        m = X.shape[1]
        dZ2 = cache["A2"] - Y
        dZ1 = parameters["W2"].T @ dZ2 * (1 - cache["A1"])        # tanh' = 1 - A1**2
        return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
                "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}
    with pytest.raises(AssertionError, match=r"dW1: relative error .*too large"):
        checks2.compare_backward_propagation_numerically(bad, sn.forward_propagation)
    checks2.compare_backward_propagation_numerically(sn.backward_propagation,
                                                     sn.forward_propagation)
    assert capsys.readouterr().out == ("backward_propagation: all 4 gradients agree with centred "
                                       "finite differences (relative error < 1e-07).\n")


def test_a_check_needs_the_function_itself():
    with pytest.raises(TypeError, match=r"needs the function itself \(no parentheses\); "
                                        r"got a number"):
        checks2.check_compute_cost(0.5)
