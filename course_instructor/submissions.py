"""Step 1 of grading: name the submissions and read their graded modules.

A submission is a folder holding a student's copy of the student edition, or a ``.zip``
of one. Its name is the folder's or the zip's name (without ``.zip``), reduced to
``[A-Za-z0-9._-]`` because it was chosen by the student and ends up in file names, the
gradebook and the feedback. Only the graded modules are read, into memory, by
:mod:`course_instructor.archive`, which never raises for what a submission holds.
"""
import re
from pathlib import Path

from course_instructor import archive
from course_instructor.archive import ArchiveLimits, Submission
from course_instructor.exercises import GradingError
from course_utils.registry import LESSON_MODULES

_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def submission_name(path):
    """The name of the submission at ``path``: its file name, without ``.zip``, with every
    run of other characters than letters, digits, ``.``, ``_`` and ``-`` replaced by ``_``,
    without leading or trailing ``.``, ``_``, ``-`` (so never ``..``, a hidden file, an
    option or a spreadsheet formula), at most 100 characters."""
    p = Path(path)
    stem = p.name[:-4] if p.is_file() and p.name.lower().endswith(".zip") else p.name
    return _NOT_NAME.sub("_", stem).strip("._-")[:100] or "submission"


def name_submissions(paths):
    """``{name: path}`` of the submissions, in the order given.

    Raises :class:`GradingError` (before anything is graded) when a path does not exist
    or two submissions would get the same name.
    """
    names = {}
    for path in paths:
        if not Path(path).exists() and not Path(path).is_symlink():
            raise GradingError(f"submission {path} does not exist.")
        name = submission_name(path)
        if name in names:
            raise GradingError(f"two submissions are named {name!r}: {names[name]} and {path}.")
        names[name] = path
    return names


def graded_modules(package_dir):
    """The lesson modules the instructor's package has (the ones a submission is read for)."""
    return [m for m in LESSON_MODULES if (Path(package_dir) / f"{m}.py").is_file()]


def load(path, name, modules, limits=ArchiveLimits()):
    """The :class:`Submission` at ``path``; never raises.

    What the archive reader refuses is in ``error`` (the whole submission) or
    ``problems`` (one module); an unexpected failure of the reader itself (a bug, a file
    that vanished) costs this submission only, with a fixed sentence.
    """
    try:
        return archive.load_submission(path, name, tuple(modules), limits)
    except Exception:     # noqa: BLE001 -- one unreadable submission never stops the run
        return Submission(name, str(path), error="it could not be read")
