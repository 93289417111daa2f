"""Student-facing checks, one module per lesson (their names overlap across lessons:
lessons 1, 2 and 3 each have a ``predict``). A notebook imports its lesson's module,

    from course_utils.checks import lesson1 as checks
    checks.check_propagate(propagate)

A passing check prints one line; a failing one raises ``CheckFailed`` saying which
case and output differ, what was expected, what came back and, for the usual
mistakes, a hint. An exercise that is not written yet raises its NotImplementedError
unchanged, so the notebook stops there with that message.
"""
from course_utils.checks import lesson1, lesson2, lesson3  # noqa: F401
from course_utils.checks._core import CheckFailed  # noqa: F401
