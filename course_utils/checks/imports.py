"""Which imports a lesson module may use: one rule for the notebook checks and the grader.

A lesson module (``course_utils/logistic_regression.py``, ...) may import, at its top or
inside a function:

* Python's standard library;
* the course's own package, ``course_utils`` (``from course_utils import plotting``,
  ``from . import activations``);
* the packages of ``requirements.txt`` that lessons use: :data:`LESSON_PACKAGES`.

The grader's sandbox offers exactly these (and what they need to run), nothing more, so an
import of anything else -- a package installed on the student's own machine, say -- would
work in the notebook and fail in the grader. :func:`unprovided_imports` finds such imports
in the module's source, without running it; the notebook check and the grader both refuse
them with the same message (:func:`message`), which names the module and says what is
available. An import inside ``try: ... except ImportError:`` is the module's own business
and is not counted.
"""
import ast
import re
import sys

# import name -> the distribution in requirements.txt that provides it, in the order the
# message lists them. jupyterlab and ipykernel, the rest of requirements.txt, are the
# notebook's environment, not something a lesson module imports.
LESSON_PACKAGES = {"numpy": "numpy", "matplotlib": "matplotlib", "scipy": "scipy",
                   "sklearn": "scikit-learn", "h5py": "h5py", "PIL": "Pillow"}
COURSE_PACKAGE = "course_utils"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")
_CAUGHT = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def provided(name):
    """Whether the course provides the module ``name`` (dotted) to lesson modules."""
    top = name.split(".")[0]
    return (top in LESSON_PACKAGES or top == COURSE_PACKAGE or top == "__future__"
            or top in sys.stdlib_module_names)


def _guarded(handlers):
    """Whether a ``try`` with these ``except`` clauses catches a failed import."""
    for handler in handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.type is None or any(isinstance(k, ast.Name) and k.id in _CAUGHT
                                       for k in kinds):
            return True
    return False


def unprovided_imports(source):
    """The top-level names of the modules ``source`` imports that the course does not
    provide, sorted (at most 5). An ``import`` under a ``try`` that catches ImportError
    is not counted; neither is a source that does not parse (its import fails anyway)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError, TypeError):
        return []
    found = set()

    def visit(node, guarded):
        if isinstance(node, ast.Try):
            inner = guarded or _guarded(node.handlers)
            for child in node.body:
                visit(child, inner)
            for child in node.handlers + node.orelse + node.finalbody:
                visit(child, guarded)
            return
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if not guarded and not provided(name) and _NAME.fullmatch(top):
                found.add(top)
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return sorted(found)[:5]


def preloadable(source):
    """The modules of the lesson packages and of the course's helpers that ``source``
    imports, as dotted names the grader may import once per submission before it runs
    the exercises (sorted; never a graded lesson module, which must stay the student's).
    ``from course_utils import plotting`` gives ``course_utils.plotting``; a name that is
    not a module (``from numpy import zeros``) is simply not found there."""
    from course_utils.registry import LESSON_MODULES
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError, TypeError):
        return []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            if node.module == COURSE_PACKAGE:
                found.update(f"{COURSE_PACKAGE}.{alias.name}" for alias in node.names)
    graded = {f"{COURSE_PACKAGE}.{m}" for m in LESSON_MODULES}
    return sorted(name for name in found
                  if all(_NAME.fullmatch(part) for part in name.split("."))
                  and (name.split(".")[0] in LESSON_PACKAGES
                       or (name.startswith(COURSE_PACKAGE + ".") and name not in graded
                           and not any(name.startswith(g + ".") for g in graded))))


def available():
    """What a lesson module may import, in words (the end of :func:`message`)."""
    return ", ".join(name if name == dist else f"{name} ({dist})"
                     for name, dist in LESSON_PACKAGES.items())


def phrase(module, names):
    """The sentence the check and the grader both give for ``names`` imported by
    ``course_utils/<module>.py``, not said yet (the grader says it in a student's language)."""
    from course_utils.messages import Phrase
    return Phrase("import.unprovided", {"path": f"course_utils/{module}.py",
                                        "names": ", ".join(names), "available": available()})


def message(module, names):
    """:func:`phrase`, said in the current language (the notebook check's)."""
    return phrase(module, names).text()


def refuse_unprovided(func, module, function):
    """Raise CheckFailed if the course module that defines ``func`` imports a module the
    grader does not have (the grader refuses it the same way). A function defined elsewhere
    (a notebook cell, a test) is not the grader's, so its file is not read."""
    import inspect

    from course_utils.checks.public import CheckFailed
    if not str(getattr(func, "__module__", "")).startswith(COURSE_PACKAGE + "."):
        return
    try:
        with open(inspect.getsourcefile(func) or "", encoding="utf-8") as f:
            source = f.read()
    except (TypeError, OSError, UnicodeDecodeError):
        return                      # not a function from a file: the check says so
    names = unprovided_imports(source)
    if names:
        raise CheckFailed(f"{function}: " + message(module, names))
