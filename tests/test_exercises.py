"""Step 2 of grading (course_instructor/exercises.py): exercises, inputs, expected values.

Oracles: the registry's list of exercises (the markers), hand-written formulas for the
expected values (sigmoid, the zeros of initialize_with_zeros), and NumPy's own .npz
reader for the encoded inputs.
"""
import io

import numpy as np
import pytest

import course_utils.logistic_regression as lr
from course_instructor import codec, exercises, hidden
from course_utils import registry

pytestmark = pytest.mark.unit


def test_select_by_module_or_pattern():
    everything = exercises.select_exercises()
    assert [ex.id for ex in everything] == [ex.id for ex in registry.exercises()]
    lesson1 = exercises.select_exercises(["logistic_regression"])
    assert {ex.module for ex in lesson1} == {"logistic_regression"} and len(lesson1) == 6
    predicts = exercises.select_exercises(["*.predict"])
    assert [ex.id for ex in predicts] == [ex.id for ex in everything
                                         if ex.function == "predict"]
    with pytest.raises(exercises.GradingError, match=r"no exercise to grade matches \['x\*'\]"):
        exercises.select_exercises(["x*"])


def prepared(exercise_id):
    ex = next(e for e in exercises.select_exercises([exercise_id]))
    return exercises.prepare(ex)


def test_expected_values_are_the_formula_on_the_hidden_inputs():
    g = prepared("logistic_regression.sigmoid")
    assert (g.points, g.timeout, g.names) == (1, 10.0, ["z"])
    assert len(g.cases) == len(g.expected) == len(g.job_cases) == 5
    for case, expected in zip(g.cases, g.expected):
        z = np.asarray(case.args[0], dtype=float)
        with np.errstate(over="ignore"):
            np.testing.assert_allclose(expected, 1 / (1 + np.exp(-z)), rtol=1e-12, atol=0)
    zeros = prepared("logistic_regression.initialize_with_zeros")
    for case, (w, b) in zip(zeros.cases, zeros.expected):
        assert np.array_equal(w, np.zeros((case.args[0], 1))) and b == 0.0


def test_inputs_travel_as_the_child_decodes_them():
    g = prepared("logistic_regression.propagate")
    arrays = dict(np.load(io.BytesIO(g.inputs_npz), allow_pickle=False))
    assert sorted(arrays) == sorted(g.arrays)
    for i, (spec, case) in enumerate(zip(g.job_cases, g.cases)):
        args = codec.decode(spec["args"], arrays, np)
        assert len(args) == 4 and args[1] == case.args[1]          # b, a float
        for got, given in zip(args[::2], case.args[::2]):          # w, X
            assert np.array_equal(got, given)
        assert np.array_equal(g.received[i][0][3], case.args[3])   # Y, as in-place check sees it
    assert {"sigmoid", "propagate", "optimize"} <= g.functions


def test_fingerprint_follows_the_inputs_and_the_expected_values(monkeypatch):
    a, b = prepared("logistic_regression.sigmoid"), prepared("logistic_regression.sigmoid")
    assert a.fingerprint == b.fingerprint and len(a.fingerprint) == 64
    b.points = 2
    assert exercises.fingerprint(b) != a.fingerprint
    b.points = 1
    b.expected[0] = b.expected[0] + 1e-12                      # a reference that changed
    assert exercises.fingerprint(b) != a.fingerprint
    c = prepared("logistic_regression.sigmoid")
    c.arrays[sorted(c.arrays)[0]] = c.arrays[sorted(c.arrays)[0]] * 2    # other inputs
    assert exercises.fingerprint(c) != a.fingerprint


def test_a_broken_reference_stops_the_run_before_grading(monkeypatch):
    def broken(z):
        raise ValueError("reference bug")
    monkeypatch.setattr(lr, "sigmoid", broken)
    ex = next(e for e in exercises.select_exercises(["logistic_regression.sigmoid"]))
    with pytest.raises(exercises.GradingError, match="the reference logistic_regression.sigmoid "
                                                     "fails on hidden case 1: ValueError: "
                                                     "reference bug"):
        exercises.prepare(ex)


def test_an_exercise_without_hidden_cases_is_refused(monkeypatch):
    def missing(module, function):
        raise KeyError("no generator")
    monkeypatch.setattr(hidden, "generator", missing)
    with pytest.raises(exercises.GradingError, match="has a solution region but no hidden"):
        exercises.select_exercises()


# ------------------------------------------------------------------ the course's secret
def test_the_course_secret_draws_the_hidden_inputs():
    """Breach 4 of issue 18: the hidden inputs were the same every run and every year,
    so what one cohort learned of them served the next. They are drawn with a secret the
    instructor sets once per term: the same secret gives the same inputs (a rerun, the
    cache), another secret other inputs of the same kinds (the public counterparts hold)."""
    ex = next(e for e in exercises.select_exercises(["logistic_regression.propagate"]))
    spring = exercises.prepare(ex, secret=b"spring 2027")
    again = exercises.prepare(ex, secret=b"spring 2027")
    autumn = exercises.prepare(ex, secret=b"autumn 2027")
    default = exercises.prepare(ex)

    def inputs(g):
        return [np.concatenate([np.ravel(a) for a in case.args if isinstance(a, np.ndarray)])
                for case in g.cases]
    assert all(np.array_equal(a, b) for a, b in zip(inputs(spring), inputs(again)))
    assert spring.fingerprint == again.fingerprint
    for other in (autumn, default):
        assert not any(a.shape == b.shape and np.array_equal(a, b)
                       for a, b in zip(inputs(spring), inputs(other)))
        assert other.fingerprint != spring.fingerprint
        assert [c.kind for c in other.cases] == [c.kind for c in spring.cases]


def test_where_the_secret_comes_from(monkeypatch, tmp_path):
    monkeypatch.delenv(hidden.SECRET_ENV, raising=False)
    monkeypatch.delenv(hidden.SECRET_FILE_ENV, raising=False)
    assert hidden.course_secret() == (None, None)             # the default draws
    path = tmp_path / "grading-secret"
    path.write_text("  correct horse battery\n", encoding="utf-8")
    monkeypatch.setenv(hidden.SECRET_FILE_ENV, str(path))
    assert hidden.course_secret() == (b"correct horse battery", str(path))
    monkeypatch.setenv(hidden.SECRET_ENV, "staple")           # the variable comes first
    assert hidden.course_secret() == (b"staple", f"${hidden.SECRET_ENV}")
    monkeypatch.delenv(hidden.SECRET_ENV)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="NN_COURSE_SECRET_FILE names an empty file"):
        hidden.course_secret()
    monkeypatch.setenv(hidden.SECRET_FILE_ENV, str(tmp_path / "nope"))
    with pytest.raises(ValueError, match="cannot be read"):
        hidden.course_secret()
