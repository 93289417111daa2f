"""The public checks the notebooks call, one module per lesson module, and their engine.

    from course_utils.checks import logistic_regression as checks
    checks.check_propagate(propagate)

A *check* is the public check of one graded function: ``checks/<module>.py`` holds the
public cases of ``course_utils/<module>.py`` as one ``<function>_cases()`` per graded
function, in the file's order, and one ``check_<function> = public_check(...)`` line
each. A passing check prints one line; a failing one raises ``CheckFailed`` with which
case and output differ, what was expected, what came back and, where a usual mistake
explains it, a hint. An exercise not written yet stops the notebook with its "not done
yet" message. The grader judges its hidden cases with the same engine, so the verdicts
agree:

policy      what counts as the same answer (Case, Outcome, Mismatch, the comparison)
diagnosis   which difference to report and the hint that explains it; exceptions
            located in the student's own lines
render      a Mismatch said in words, with values (notebook) or without (grader)
public      running a check on the student's function: one line, or CheckFailed

The sentences themselves are in :mod:`course_utils.messages`.
"""
