"""One exercise registry: the solution markers say which graded functions exist, and every
other list -- public cases, hidden cases, tests, points -- follows them, in the same order.

Naming rule: course_utils/<module>.py <-> course_utils/checks/<module>.py (one
<function>_cases() per graded function) <-> course_instructor/hidden/<module>.py (one
@points <function>_cases(rng)) <-> tests/test_<module>.py (tests named test_<function>...).
"""
import ast
import contextlib
import importlib
import io
import re
from pathlib import Path

import numpy as np
import pytest

from course_instructor import hidden
from course_utils import registry
from course_utils.checks.policy import Case
from course_utils.markers import find_regions

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
MODULES = registry.LESSON_MODULES


def _defs(path, suffix):
    """Names (without ``suffix``) of the top-level functions of a file ending in ``suffix``,
    in file order."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return [n.name[:-len(suffix)] for n in tree.body
            if isinstance(n, ast.FunctionDef) and n.name.endswith(suffix)]


@pytest.mark.parametrize("module", MODULES)
def test_the_registry_is_the_markers_in_file_order(module):
    src = (REPO / f"course_utils/{module}.py").read_text(encoding="utf-8")
    regions = [r.exercise for r in find_regions(src, module)]
    assert [ex.function for ex in registry.exercises(module)] == regions
    assert [ex.number for ex in registry.exercises(module)] == list(range(1, len(regions) + 1))


def _public_checks(path):
    """``[(name, argument)]`` of the lines ``check_<f> = public_check(<f>_cases)``, in order."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return [(n.targets[0].id, ast.unparse(n.value.args[0])) for n in tree.body
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
            and ast.unparse(n.value.func) == "public_check"]


@pytest.mark.parametrize("module", MODULES)
def test_public_and_hidden_cases_mirror_the_module(module):
    functions = [ex.function for ex in registry.exercises(module)]
    path = REPO / f"course_utils/checks/{module}.py"
    assert _defs(path, "_cases") == functions
    assert _defs(REPO / f"course_instructor/hidden/{module}.py", "_cases") == functions
    # One visible line per public check (grep "check_propagate =" finds it), in order.
    assert _public_checks(path) == [(f"check_{f}", f"{f}_cases") for f in functions]
    checks = importlib.import_module(f"course_utils.checks.{module}")
    assert sorted(n for n in vars(checks) if n.startswith("check_")) == \
        sorted(f"check_{f}" for f in functions)        # a check is a graded function's
    for name in functions:
        assert getattr(checks, f"check_{name}").function == name


@pytest.mark.parametrize("module", MODULES)
def test_the_module_tests_follow_the_same_order(module):
    tests = [n.name for n in ast.parse((REPO / f"tests/test_{module}.py").read_text()).body
             if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    first = []
    for ex in registry.exercises(module):
        # longest name first, so "initialize_parameters" does not claim
        # "test_initialize_parameters_deep_..."
        others = [e.function for e in registry.exercises(module)
                  if e.function != ex.function and e.function.startswith(ex.function)]
        mine = [i for i, t in enumerate(tests) if t.startswith(f"test_{ex.function}")
                and not any(t.startswith(f"test_{o}") for o in others)]
        assert mine, f"tests/test_{module}.py has no test_{ex.function}..."
        first.append(mine[0])
    assert first == sorted(first), [t for t in (tests[i] for i in first)]


def _kinds(cases):
    return {c.kind for c in cases}


@pytest.mark.parametrize("ex", registry.exercises(), ids=lambda e: e.id)
def test_every_kind_of_hidden_case_has_a_public_counterpart(ex):
    checks = importlib.import_module(f"course_utils.checks.{ex.module}")
    public = getattr(checks, f"{ex.function}_cases")()
    secret = hidden.cases(ex.module, ex.function)
    assert all(isinstance(c, Case) for c in public + secret)
    assert _kinds(secret) <= _kinds([c for c in public if c.note is None]), \
        f"hidden kinds without a public case: {_kinds(secret) - _kinds(public)}"
    assert len(secret) >= 3 and all(c.expected is None for c in secret)
    assert hidden.generator(ex.module, ex.function).points > 0


def test_points_per_lesson():
    points = {m: sum(hidden.generator(m, ex.function).points for ex in registry.exercises(m))
              for m in MODULES}
    assert points == {"logistic_regression": 12, "shallow_network": 14, "deep_network": 20}


@pytest.mark.parametrize("ex", registry.exercises(), ids=lambda e: e.id)
def test_the_reference_passes_its_public_check_with_one_line(ex, capsys):
    checks = importlib.import_module(f"course_utils.checks.{ex.module}")
    module = importlib.import_module(f"course_utils.{ex.module}")
    getattr(checks, f"check_{ex.function}")(getattr(module, ex.function))
    out = capsys.readouterr().out
    assert re.fullmatch(rf"{ex.function}: (all \d+ cases|the case) passed\.\n", out), out


@pytest.mark.parametrize("ex", registry.exercises(), ids=lambda e: e.id)
def test_the_docstring_names_every_returned_value(ex):
    module = importlib.import_module(f"course_utils.{ex.module}")
    args, kwargs = hidden.cases(ex.module, ex.function)[0].fresh()
    with contextlib.redirect_stdout(io.StringIO()):
        out = getattr(module, ex.function)(*args, **kwargs)
    assert (len(out) if len(ex.outputs) > 1 else 1) == len(ex.outputs)
    if len(ex.outputs) > 1:
        assert isinstance(out, tuple)


def test_the_registry_of_the_student_edition_is_the_same(tmp_path):
    """The stubs keep their markers, so the edition lists the same exercises."""
    from course_utils.markers import stub_text
    pkg = tmp_path / "course_utils"
    pkg.mkdir()
    for module in MODULES:
        src = (REPO / f"course_utils/{module}.py").read_text(encoding="utf-8")
        (pkg / f"{module}.py").write_text(stub_text(src, module)[0], encoding="utf-8")
    edition = registry.exercises(package_dir=pkg)
    assert [(e.id, e.outputs) for e in edition] == [(e.id, e.outputs)
                                                    for e in registry.exercises()]
    assert all(e.calls == () for e in edition)          # the bodies are stubs


def test_a_function_without_a_returns_section_is_refused(tmp_path):
    (tmp_path / "logistic_regression.py").write_text(
        'def f(x):\n    """No returns here."""\n    ### BEGIN SOLUTION\n    y = x\n'
        '    ### END SOLUTION\n    return y\n')
    with pytest.raises(ValueError, match=r"f\(\) has no 'Returns' section"):
        registry.exercises(package_dir=tmp_path)


def test_return_names_read_numpydoc():
    doc = """Do it.

    Returns
    -------
    grads : dict with "dw" of shape (n_x, 1)
        and more text
    cost : float
    """
    assert registry.return_names(doc) == ("grads", "cost")
    assert registry.return_names("No sections.") == ()
    np.testing.assert_equal(registry.exercise("logistic_regression", "optimize").outputs,
                            ("params", "grads", "costs"))


def test_a_student_file_with_a_syntax_error_still_lists_its_exercises(tmp_path):
    src = (REPO / "course_utils/logistic_regression.py").read_text(encoding="utf-8")
    (tmp_path / "logistic_regression.py").write_text(src + "\ndef broken(:\n", encoding="utf-8")
    found = registry.exercises(package_dir=tmp_path)
    assert [(e.function, e.outputs) for e in found] == [
        (e.function, e.outputs) for e in registry.exercises("logistic_regression")]
