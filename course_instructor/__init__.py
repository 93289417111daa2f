"""Instructor tools: the student-edition builder and the autograder.

This sub-package is instructor-only: ``release`` leaves it out of the student
edition (it holds the hidden tests).

release        ``python -m course_instructor release OUT_DIR``: the repository as a student
               receives it (solution regions replaced by stubs, notebook outputs
               cleared, instructor-only files left out), checked for leaked solution lines.
autograder     ``python -m course_instructor grade --gradebook G.csv --feedback DIR --
               SUBMISSION...``: the driver, which runs the grading steps in order:
  intake       what platforms deliver (Canvas, Moodle, nbgrader, hand-ins, folders, zips)
               -> one submission per student, keyed by the platform's identity; read
               once with ``archive`` (descriptors, no link followed, only the graded
               modules, capped), named by ``submissions`` (safe, unique)
  exercises    the exercises, their hidden inputs and expected values
  jobs         the stubbed library, one sandboxed job per submission (with ``sandbox``,
               ``_supervisor`` and, in the child, ``runner``)
  scoring      a child's results (read with ``transport``) -> verdicts and points
  resume       the cache of finished exercises that makes a rerun resume
  reports      gradebook CSV, the instructor's JSON, the feedback, the progress bar
export         ``python -m course_instructor export canvas|moodle RESULTS.json ...``: the
               grades (and feedback files) as Canvas and Moodle import them
hidden/        the hidden cases, one module per lesson module, mirroring course_utils/checks/
               (the verdict itself comes from course_utils.checks.engine, as in the notebooks)
"""
