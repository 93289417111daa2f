"""Instructor tools: the student-edition builder and the autograder.

This sub-package is instructor-only: ``release`` leaves it out of the student
edition (it holds the hidden tests).

release        ``python -m course_utils release OUT_DIR``: the repository as a student
               receives it (solution regions replaced by stubs, notebook outputs
               cleared, instructor-only files left out), checked for leaked solution lines.
autograder     ``python -m course_utils grade SUBMISSION... --gradebook G.csv --feedback DIR``
runner         what runs in the sandboxed child process (one per submission and exercise)
hidden/        the hidden cases, one module per lesson module, mirroring course_utils/checks/
               (the verdict itself comes from course_utils.checks.engine, as in the notebooks)
"""
