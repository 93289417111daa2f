"""The one engine behind the public checks and the grader (course_utils/checks/): its
acceptance policy, the differences it finds and the hints that explain them, and how it
says them (with values in the notebook, without in the grader's feedback)."""
import re
from collections import namedtuple

import numpy as np
import pytest

from course_utils import messages
from course_utils.checks.diagnosis import classify_error, describe_exception, judge
from course_utils.checks.policy import Case, Mismatch, Outcome, compare, first_change
from course_utils.checks.public import CheckFailed, ExerciseNotDone, run_case
from course_utils.checks.render import numpy_detail, render, shapes_of

pytestmark = pytest.mark.unit

CASE = Case("general", ())


# ------------------------------------------------------------------ the acceptance policy
@pytest.mark.parametrize("got, expected", [
    (0.5, 0.5), (np.float64(0.5), 0.5), (np.float32(0.5), 0.5), (np.array(0.5), 0.5),
    (1, 1.0), (0, 0.0), (np.int64(3), 3),                      # numbers of any kind
    (0.5, np.array(0.5)),                                       # a 0-d reference
    (np.array([[True, False]]), np.array([[1.0, 0.0]])),        # bool predictions
    (np.array([[1, 0]], dtype=np.int8), np.array([[1.0, 0.0]])),
    ({"b": 1.0, "a": 2.0, "extra": None}, {"a": 2.0, "b": 1.0}),   # order, extra keys
    ([np.zeros(2), 1.0], (np.zeros(2), 1.0)),                   # list for tuple
    (np.array([0.1, 0.2]), [0.1, 0.2]),                         # costs as a 1-D array
    (((np.ones((2, 1)), np.eye(2)), np.zeros(2)),
     namedtuple("Cache", "linear Z")((np.ones((2, 1)), np.eye(2)), np.zeros(2))),
    (np.array([[1.0, 2.0]]) + 1e-9, np.array([[1.0, 2.0]])),    # within the tolerance
])
def test_accepted(got, expected):
    assert compare(got, expected, "x", CASE) is None


@pytest.mark.parametrize("got, expected, problem, text", [
    (True, 1.0, "kind", r"x should be a number .*; got a bool"),
    (np.zeros((1, 1)), 0.5, "kind", r"x should be a number .*; got an ndarray of shape \(1, 1\)"),
    (0.5, np.zeros((1, 1)), "kind", r"x should be an ndarray of shape \(1, 1\); got a number"),
    (np.zeros(3), np.zeros((3, 1)), "shape", r"x should have shape \(3, 1\); got \(3,\)"),
    (np.array([["a"]]), np.zeros((1, 1)), "dtype", r"should hold real numbers; got dtype <U1"),
    (np.array([np.nan, 1.0]), np.array([0.0, 1.0]), "nan", r"holds NaN or infinity at 1 of 2"),
    ({"a": 1.0}, {"a": 1.0, "b": 2.0}, "missing", r"x is missing the key\(s\) 'b'"),
    ([1.0], [1.0, 2.0], "length", r"x should have 2 items; got 1"),
    (np.array([[0.1, 0.2]]), np.array([[0.1, 0.3]]), "values",
     r"x differs at 1 of 2 entries; first at index \(0, 1\): expected 0.3, got 0.2"),
    (0.25, 0.3, "value", r"x: expected 0.3, got 0.25"),
    (None, 0.3, "kind", r"x should be a number .*; got None"),
])
def test_refused_with_what_differs(got, expected, problem, text):
    mm = compare(got, expected, "x", CASE)
    assert mm.problem == problem
    assert re.search(text, render(mm, True, "f")), render(mm, True, "f")


def test_paths_name_outputs_as_the_docstring_does():
    expected = ({"dw": np.zeros((2, 1)), "db": 0.0}, 0.7)
    got = ({"dw": np.zeros((2, 1)), "db": 1.0}, 0.7)
    mm = judge(("grads", "cost"), CASE, Outcome(got), expected)
    assert mm.path == 'grads["db"]'
    mm = judge(("params", "grads", "costs"), CASE, Outcome(({}, {}, [0.1, 0.5])),
               ({}, {}, [0.1, 0.2]))
    assert mm.path == "costs[1]"
    Cache = namedtuple("ActivationCache", "linear_cache Z")
    mm = judge(("AL", "caches"), CASE, Outcome((np.zeros(1), [((1.0,), np.ones(2))])),
               (np.zeros(1), [Cache((1.0,), np.zeros(2))]))
    assert mm.path == "caches[0][1] (Z)"


def test_a_wrong_number_of_returned_values():
    mm = judge(("grads", "cost"), CASE, Outcome({"dw": 1}), ({"dw": 1}, 0.5))
    assert render(mm, True, "propagate") == \
        "propagate should return 2 values (grads, cost); got a dict of 1 keys."


def test_the_hidden_rendering_shows_no_value():
    mm = compare(np.array([[0.123456, 0.2]]), np.array([[0.654321, 0.2]]), "x", CASE)
    public, hidden = render(mm, True, "f"), render(mm, False, "f")
    assert "0.654321" in public and "0.123456" in public
    assert "0.65" not in hidden and "0.12" not in hidden and "(0, 0)" not in hidden
    assert hidden.startswith("x differs from the expected values at 1 of 2 entries")


def test_input_descriptions_hide_numbers_only_in_the_grader():
    args, kwargs = (np.zeros((2, 1)), 0.5, {"W1": np.zeros((3, 2))}, None), {"init": "he"}
    names = ["w", "b", "parameters", "y"]
    assert shapes_of(args, kwargs, names) == \
        "w (2, 1), b=0.5, parameters {W1 (3, 2)}, y=None, init='he'"
    assert shapes_of(args, kwargs, names, reveal=False) == \
        "w (2, 1), b: a number, parameters {W1 (3, 2)}, y: None, init: a str"


# ------------------------------------------------------------------ in-place changes
def test_first_change_names_the_argument_by_value_not_identity():
    w, params = np.zeros((2, 1)), {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    before = ((w.copy(), {k: v.copy() for k, v in params.items()}), {})
    changed = dict(params, W1=params["W1"] - 1)            # a key rebound in the caller's dict
    assert first_change(before, ((w, changed), {}), ["w", "parameters"]) == \
        'parameters["W1"]'
    assert first_change(before, ((w + 1, params), {}), ["w", "parameters"]) == "w"
    assert first_change(before, ((w, dict(params, extra=1)), {}),
                               ["w", "parameters"]) == "parameters"
    assert first_change(before, before, ["w", "parameters"]) is None


def test_run_finds_in_place_changes_and_restores_the_global_generator():
    def seeds_and_mutates(w):
        np.random.seed(0)
        w -= 1
        return w
    state = np.random.get_state()[1].copy()
    out = run_case(seeds_and_mutates, Case("general", (np.zeros((2, 1)),)), ["w"])
    assert out.changed == "w" and out.error is None
    assert np.array_equal(np.random.get_state()[1], state)


def test_run_records_floating_point_events_instead_of_warning(recwarn):
    out = run_case(lambda z: 1 / (1 + np.exp(-z)), Case("x", (np.array([-1000.0]),)), ["z"])
    assert out.fp_events == ("overflow",) and not recwarn.list


def test_not_implemented_becomes_a_short_exercise_not_done():
    def stub(x):
        raise NotImplementedError("Exercise 'f' is not done yet")
    with pytest.raises(ExerciseNotDone, match=r"^Exercise 'f' is not done yet "
                                                     r"\(raised at line \d+ of .*test_engine"):
        run_case(stub, Case("x", (1,)))
    assert ExerciseNotDone("m")._render_traceback_() == ["NotImplementedError: m"]
    assert CheckFailed("why")._render_traceback_() == ["CheckFailed: why"]


# ------------------------------------------------------------------ exceptions
def _raise(func, *args):
    try:
        func(*args)
    except Exception as err:                     # noqa: BLE001
        return describe_exception(err, __file__)
    raise AssertionError("it did not raise")


@pytest.mark.parametrize("func, kind, detail", [
    (lambda: np.zeros((2, 1)) @ np.zeros((2, 3)), "matmul",
     "P has 1 column(s) but Q has 2 row(s)"),
    (lambda: np.dot(np.zeros((2, 1)), np.zeros((2, 3))), "matmul",
     "np.dot of arrays of shapes (2,1) and (2,3)"),
    (lambda: np.zeros((2, 3)) + np.zeros((3, 2)), "broadcast",
     "arrays of shapes (2,3) and (3,2)"),
    (lambda: [a for a, b in [np.zeros((1, 2))]], "unpack", None),
    (lambda: undefined_name, "name", None),                     # noqa: F821
    (lambda: {}["W1"], "key", None),
    (lambda: None + 1.0, "none", None),
])
def test_numpy_errors_are_said_in_the_course_words(func, kind, detail):
    info = _raise(func)
    assert classify_error(info) == kind
    if detail:
        assert detail in numpy_detail(info)
    assert info.line and info.code and info.function in ("<lambda>", "<listcomp>")


def test_the_reported_line_is_the_students_own():
    def validate(x):                      # stands for the course's validation
        raise ValueError(f"X must have shape (2, m); got {x.shape}.")

    def student(x):
        return validate(x)
    info = _raise(student, np.zeros((3, 3)))
    assert info.function == "validate"               # no solution markers in this file
    assert classify_error(info) == "validation"


@pytest.mark.parametrize("key, fields", [
    ("input.labels_shape", {"name": "Y", "m": 3, "got": "(3, 1)", "hint": ""}),
    ("input.dict_missing", {"name": "grads", "missing": "['dw']", "keys": "['db']",
                            "made_by": "propagate"}),
    ("input.positive_int", {"name": "num_iterations", "got": "-1"}),
])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_course_input_errors_are_recognised_in_both_languages(key, fields, language):
    messages.set_language(language)
    try:
        message = messages.text(key, **fields)
    finally:
        messages.set_language("en")

    def student():
        raise ValueError(message)
    assert classify_error(_raise(student)) == "validation", message


def test_the_grader_reduces_an_error_report_to_what_the_course_controls():
    from course_instructor import scoring
    graded = type("G", (), {"functions": frozenset({"propagate"}),
                            "exercise": type("E", (), {"function": "propagate"})})()
    hostile = {"type": "SecretCarrier_0123456789", "message": "the hidden values are ...",
               "line": 10 ** 9, "function": "leak_ABCDEF", "called": "evil.module"}
    for language, said in (("en", "your code raised an exception."),
                            ("zh", "你的代码抛出了 一个异常。")):
        assert scoring.say(graded, 0, scoring.raised(hostile, graded), language) == said
    honest = {"type": "ValueError", "message": "matmul: Input operand 1 has a mismatch in its "
              "core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 7 is "
              "different from 3)", "line": 12, "function": "propagate"}
    mm = scoring.raised(honest, graded)
    assert mm.error.message == ""                      # kept out of the grader's verdict
    text = scoring.say(graded, 0, mm)
    assert text.startswith("your code raised ValueError (in propagate).\nHint: a "
                           "matrix product") and "7" not in text
    text = scoring.say(graded, 0, mm, "zh")
    assert text.startswith("你的代码抛出了 ValueError（在 propagate 中）。\n"
                           "提示：矩阵乘积")
    assert "7" not in text


# ------------------------------------------------------------------ hints
def _hint(got, expected, case=CASE, output="dw", **context):
    mm = judge((output,), case, Outcome(got), expected, context)
    return mm.hint[0] if mm.hint else None


def test_hints_are_tied_to_the_mistake():
    e = np.array([[0.5], [0.25]])
    m3 = Case("general", (), m=3)
    assert _hint(e.T, e) == "hint.transposed"
    assert _hint(np.zeros(2), np.zeros((2, 1)), function="initialize_with_zeros") == \
        "hint.shape_tuple"
    assert _hint(np.zeros((3, 3)), np.zeros((3, 1))) == "hint.square"
    assert _hint(e * 3, e, m3) == "hint.times_m"
    assert _hint(e / 3, e, m3) == "hint.divided_twice"
    assert _hint(e * 3, e) is None                     # no m: not a "divide by m" hint
    assert _hint(0.4, 1.5, m3) is None                  # no known relation
    assert _hint(np.ones((1, 4)), np.zeros((1, 4)), Case("tie at 0.5", ())) == "hint.threshold"
    assert _hint(np.array([np.nan]), np.array([1.0]), Case("saturated", ())) == \
        "hint.nan_saturated"


def test_sign_hints_point_at_the_right_formula():
    e = np.array([[0.5], [-0.25]])
    grad = judge(("dw",), CASE, Outcome(-e), e)
    cost = judge(("cost",), CASE, Outcome(-0.7), 0.7)
    step = judge(("w",), CASE, Outcome(-e), e, {"trains": True})
    assert grad.hint[0] == "hint.sign_gradient" and cost.hint[0] == "hint.sign_cost"
    assert step.hint[0] == "hint.uphill"


def test_update_hints_compare_with_the_inputs():
    before = {"W1": np.array([[1.0, 2.0]])}
    expected = {"W1": np.array([[0.9, 2.1]])}
    context = {"trains": True, "args": (before,)}
    uphill = judge(("parameters",), CASE, Outcome({"W1": np.array([[1.1, 1.9]])}), expected,
                   context)
    same = judge(("parameters",), CASE, Outcome({"W1": before["W1"]}), expected, context)
    assert uphill.hint == ("hint.uphill", {"name": "W1"})
    assert same.hint == ("hint.unchanged", {"name": "W1"})


def test_a_root_cause_later_in_the_output_is_preferred():
    """b never updated makes w differ too: the hint about b is the one to show."""
    context = {"trains": True, "args": (np.zeros((1, 1)), 1.5), "names": ["w", "b"]}
    expected = ({"w": np.array([[0.8]]), "b": 1.6}, [0.2])
    got = ({"w": np.array([[0.7]]), "b": 1.5}, [0.2])
    mm = judge(("params", "costs"), CASE, Outcome(got), expected, context)
    assert mm.path == 'params["b"]' and mm.hint[0] == "hint.unchanged"


def test_swapped_return_values_get_the_order_hint():
    mm = judge(("grads", "cost"), CASE, Outcome((0.7, {"dw": 1.0})), ({"dw": 1.0}, 0.7))
    assert mm.hint == ("hint.order", {"names": "grads, cost"})


def test_mismatch_carries_no_value_into_hidden_hints():
    for key in ("hint.times_m", "hint.scaled", "hint.uphill"):
        text = render(Mismatch("values", "x", 1.25, 2.5, 1, 1, (0,), (1e-6, 1e-8),
                               (key, {"name": "w"})), False, "f")
        assert "1.25" not in text and "2.5" not in text
