"""Which exercises pass: ``python -m course_utils progress``, or ``show()`` in a notebook.

Runs every exercise's public check quietly (the same checks as the notebook's check
cells, so "passed" here means full marks from the grader too) and lists each exercise
as passed, failing (with the first line of the check's message) or not started.
"""
import contextlib
import importlib
import io
from dataclasses import dataclass

from course_utils import registry
from course_utils.checks import imports
from course_utils.checks.public import CheckFailed, ExerciseNotDone
from course_utils.messages import text as _


_STATES = {"passed": "progress.passed", "failing": "progress.failing",
           "not started": "progress.not_started"}


@dataclass
class Status:
    exercise: registry.Exercise
    state: str          # "passed", "failing" or "not started"
    detail: str = ""    # for "failing": the first line of the check's message


def _check(ex):
    try:
        module = importlib.import_module(f"course_utils.{ex.module}")
        checks = importlib.import_module(f"course_utils.checks.{ex.module}")
    except Exception as err:                     # noqa: BLE001 -- a student's broken file
        names = _unprovided(ex.module)
        if names:          # e.g. a package the course does not provide, not installed here
            return Status(ex, "failing", imports.message(ex.module, names))
        return Status(ex, "failing", _("progress.import", module=ex.module,
                                       error=f"{type(err).__name__}: {err}"))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            getattr(checks, f"check_{ex.function}")(getattr(module, ex.function), quiet=True)
    except ExerciseNotDone:
        return Status(ex, "not started")
    except CheckFailed as err:
        return Status(ex, "failing", str(err).splitlines()[0])
    except Exception as err:                     # noqa: BLE001 -- e.g. the function is missing
        return Status(ex, "failing", f"{type(err).__name__}: {err}".splitlines()[0])
    return Status(ex, "passed")


def _unprovided(module):
    """The imports of ``course_utils/<module>.py`` that the course does not provide."""
    try:
        source = (registry.PACKAGE_DIR / f"{module}.py").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return imports.unprovided_imports(source)


def status(module=None):
    """A Status for every exercise (of ``module``, or of all lessons), in course order."""
    return [_check(ex) for ex in registry.exercises(module)]


def report(module=None, width=160):
    """The progress table as text."""
    lines = []
    for mod, lesson, _notebook in registry.LESSONS:
        if module not in (None, mod):
            continue
        rows = [s for s in status(mod)]
        done = sum(s.state == "passed" for s in rows)
        lines.append(_("progress.lesson", lesson=lesson, module=mod, done=done, n=len(rows)))
        for s in rows:
            state = _(_STATES[s.state])
            line = f"  {s.exercise.number:>2} {s.exercise.function:<28} {state}"
            if s.detail:
                line += f"  {s.detail}"
            lines.append(line if len(line) <= width else line[:width - 3] + "...")
    return "\n".join(lines)


def show(module=None):
    """Print the progress table (of one lesson module, or of all)."""
    print(report(module))
