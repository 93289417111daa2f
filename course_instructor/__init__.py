"""The instructor's package: the student-edition builder and the autograder.

Students never receive it: ``release`` ships only the files of the edition's allow-list
(it holds the hidden cases). It imports ``course_utils``; ``course_utils`` never imports it.

release        ``python -m course_instructor release OUT_DIR``: the repository as a student
               receives it (solution regions replaced by stubs, notebook outputs
               cleared, only the allow-list), checked for leaked solution lines.
autograder     ``python -m course_instructor grade --gradebook G.csv --feedback DIR --
               SUBMISSION...``: the driver, which runs the grading steps in order:
  1. intake      what platforms deliver (Canvas, Moodle, nbgrader, hand-ins, folders, zips)
                 -> one submission per student, keyed by the platform's identity; read
                 once with ``archive`` (descriptors, no link followed, only the graded
                 modules, capped), named by ``submissions`` (safe, unique)
  2. exercises   the exercises, their hidden inputs and expected values
  3. jobs        the stubbed library, one sandboxed job per submission (with ``sandbox``,
                 ``_supervisor`` and, in the child, ``runner``)
  4. scoring     a child's results (read with ``transport``) -> verdicts and points
  5. resume      the cache of finished exercises that makes a rerun resume
  6. reports     gradebook CSV, the instructor's JSON, the feedback, the progress bar
codec          the values a child receives and returns, as JSON and arrays: imported by
               the grader's steps and, as a copy beside it, by the child's ``runner``
export         ``python -m course_instructor export canvas|moodle RESULTS.json ...``: the
               grades (and feedback files) as Canvas and Moodle import them
cohort         ``python -m course_instructor report RESULTS.json --out DIR``: what to
               reteach (full marks and commonest diagnosed mistakes per exercise)
hidden/        the hidden cases, one module per lesson module, mirroring course_utils/checks/
               (the verdict itself comes from course_utils.checks, as in the notebooks)
"""
