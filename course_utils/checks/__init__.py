"""Student-facing checks: each notebook check cell calls one of these with the
function it imported, e.g. ``checks.check_propagate(propagate)``.

A passing check prints one line; a failing one raises ``CheckFailed`` saying which
case and output differ, what was expected, what came back and, for the usual
mistakes, a hint.
"""
from course_utils.checks._core import CheckFailed
from course_utils.checks.lesson1 import (
    check_initialize_with_zeros, check_model, check_optimize, check_predict,
    check_propagate, check_sigmoid)
