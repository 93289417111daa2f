"""The public checks the notebooks call, one module per lesson module:

    from course_utils.checks import logistic_regression as checks
    checks.check_propagate(propagate)

``checks/<module>.py`` holds the public cases of ``course_utils/<module>.py`` as one
``<function>_cases()`` per graded function, in the file's order; :func:`install` turns
them into ``check_<function>(func)``. A passing check prints one line; a failing one
raises ``CheckFailed`` with which case and output differ, what was expected, what came
back and, where a usual mistake explains it, a hint. The verdict is the grader's: both
decide with :mod:`course_utils.checks.engine`. An exercise not written yet stops the
notebook with its "not done yet" message.
"""
from course_utils.checks.engine import CheckFailed, ExerciseNotDone, run_check  # noqa: F401
from course_utils.checks.messages import set_language  # noqa: F401


def install(namespace, module):
    """Define ``check_<function>`` in a public-case module, one per graded function.

    The module's ``NOTES`` ({function: note printed when NumPy warned during a passing
    check}) and ``REMINDERS`` ({function: {output: formula reminder}}) are optional.
    """
    from course_utils import registry

    for ex in registry.exercises(module):
        cases = namespace.get(f"{ex.function}_cases")
        if cases is None:
            raise ImportError(f"course_utils/checks/{module}.py has no {ex.function}_cases() "
                              f"for the graded function {ex.id}.")

        def check(func, quiet=False, _ex=ex, _cases=cases):
            _refuse_unprovided_imports(func, module, _ex.function)
            return run_check(_ex.function, func, _cases(), _ex.outputs, quiet=quiet,
                             note_on_events=namespace.get("NOTES", {}).get(_ex.function),
                             reminders=namespace.get("REMINDERS", {}).get(_ex.function),
                             dependencies=_dependencies(namespace, module, _ex))

        check.__name__ = check.__qualname__ = f"check_{ex.function}"
        check.__doc__ = (f"Check {ex.function}() of course_utils/{module}.py on its public "
                         f"cases; print one line if it passes, else raise CheckFailed.")
        namespace[check.__name__] = check


def _refuse_unprovided_imports(func, module, function):
    """Raise CheckFailed if the course module that defines ``func`` imports a module the
    grader does not have (:mod:`course_utils.checks.imports`: the grader refuses it the same
    way). A function defined elsewhere (a notebook cell, a test) is not the grader's."""
    import inspect

    from course_utils.checks import imports
    if not str(getattr(func, "__module__", "")).startswith("course_utils."):
        return
    try:
        with open(inspect.getsourcefile(func) or "", encoding="utf-8") as f:
            source = f.read()
    except (TypeError, OSError, UnicodeDecodeError):
        return                      # not a function from a file: run_check says so
    names = imports.unprovided_imports(source)
    if names:
        raise CheckFailed(f"{function}: " + imports.message(module, names))


def _dependencies(namespace, module, ex):
    """{name: its check} for the other graded functions of ``module`` (for notes)."""
    from course_utils import registry
    return {other.function: namespace[f"check_{other.function}"]
            for other in registry.exercises(module)
            if other.function != ex.function and f"check_{other.function}" in namespace}
