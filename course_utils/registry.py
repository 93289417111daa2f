"""The exercise registry: which graded functions exist, in which order, returning what.

The solution markers are the single source (:mod:`course_utils.markers`): a graded
function is a function of a lesson module whose body holds a ``### BEGIN SOLUTION`` /
``### END SOLUTION`` region. Everything else that lists exercises -- the public cases in
``course_utils/checks/<module>.py``, the hidden cases in
``course_instructor/hidden/<module>.py``, the tests in ``tests/test_<module>.py``,
the student edition, the progress report -- is derived from this list or checked against
it by ``tests/test_registry.py``, in the same order. What the course shows about the
exercises (their numbers, counts and lists in the notebooks, the READMEs and the
docstrings, and the points) is written from it by ``python -m tools exercises`` and
checked by ``tests/test_exercise_facts.py``.

The names of a function's return values come from its docstring's ``Returns`` section
(numpydoc: one ``name : description`` line per value), so messages can say ``costs`` or
``grads["dw"]`` instead of "output[2]".
"""
import ast
import functools
import inspect
import re
from dataclasses import dataclass
from pathlib import Path

from course_utils.markers import find_regions

PACKAGE_DIR = Path(__file__).resolve().parent

# (module, lesson number, notebook): the lessons in course order.
LESSONS = (
    ("logistic_regression", 1, "01_logistic_regression_cats"),
    ("shallow_network", 2, "02_planar_one_hidden_layer"),
    ("deep_network", 3, "03_deep_neural_network"),
)
LESSON_MODULES = tuple(module for module, _, _ in LESSONS)

_RETURNS = re.compile(r"^Returns\n-+\n(.*?)(?:\n\n[A-Z][A-Za-z ]+\n-+\n|\Z)", re.S | re.M)
_VALUE = re.compile(r"^(\w+) :")


@dataclass(frozen=True)
class Exercise:
    """One graded function.

    module : str, e.g. "logistic_regression" (the file ``course_utils/<module>.py``)
    function : str, e.g. "propagate"
    lesson : int, 1, 2 or 3
    number : int, its position in the module (1 = first), as the notebook numbers it
    outputs : tuple of str, the names of the returned values, from the docstring
    calls : tuple of str, the other graded functions of the module its body calls
        (read from the solution, so empty in the student edition, whose bodies are stubs)
    """
    module: str
    function: str
    lesson: int
    number: int
    outputs: tuple
    calls: tuple

    @property
    def id(self):
        return f"{self.module}.{self.function}"


def return_names(docstring):
    """The names in a numpydoc ``Returns`` section, in order (empty if there is none)."""
    text = inspect.cleandoc(docstring or "")
    match = _RETURNS.search(text)
    if not match:
        return ()
    return tuple(m.group(1) for line in match.group(1).splitlines()
                 if not line.startswith(" ") and (m := _VALUE.match(line)))


def _module_exercises(module, lesson, source):
    regions = find_regions(source, f"course_utils/{module}.py")
    names = [r.exercise for r in regions]
    if len(set(names)) != len(names) or None in names:
        raise ValueError(f"course_utils/{module}.py: every solution region must sit in a "
                         f"function of its own; found {names}.")
    try:
        functions = {node.name: node for node in ast.parse(source).body
                     if isinstance(node, ast.FunctionDef)}
    except SyntaxError:          # a student's unfinished edit: read the docstrings as text
        functions = None
    out = []
    for number, (name, region) in enumerate(zip(names, regions), start=1):
        if functions is not None:
            node = functions[name]
            used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            calls = tuple(other for other in names if other != name and other in used)
            outputs = return_names(ast.get_docstring(node))
        else:
            calls, outputs = (), return_names(_docstring_before(source, name, region.begin))
        if not outputs:
            raise ValueError(f"course_utils/{module}.py: {name}() has no 'Returns' section "
                             "naming its return values in its docstring.")
        out.append(Exercise(module, name, lesson, number, outputs, calls))
    return out


def _docstring_before(source, name, line):
    """The first triple-quoted string after ``def name(`` and before line ``line``."""
    text = "\n".join(source.splitlines()[:line])
    start = text.rfind(f"def {name}(")
    match = re.search(r'"""(.*?)"""', text[start:], re.S) if start >= 0 else None
    return match.group(1) if match else ""


@functools.cache
def _all(package_dir):
    found = []
    for module, lesson, _ in LESSONS:
        path = Path(package_dir, f"{module}.py")
        if path.is_file():
            found += _module_exercises(module, lesson, path.read_text(encoding="utf-8"))
    return tuple(found)


def exercises(module=None, package_dir=PACKAGE_DIR):
    """Every graded function, in course order (or only those of ``module``)."""
    return tuple(ex for ex in _all(str(package_dir)) if module in (None, ex.module))


def exercise(module, function, package_dir=PACKAGE_DIR):
    """The graded function ``module.function``; KeyError if it is not one."""
    for ex in exercises(module, package_dir):
        if ex.function == function:
            return ex
    raise KeyError(f"{module}.{function} is not a graded function (no solution region).")
