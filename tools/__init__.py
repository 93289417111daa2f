"""The maintainers' tools (never shipped to students, never imported by ``course_utils``).

    python -m tools translate ...    the Chinese notebooks from the translation catalogues
    python -m tools exercises ...    the exercise numbers, counts, lists and points the course
                                     shows, written from the registry (--verify: checked)
    python -m tools experiments ...  lesson 3's multi-seed experiments (datasets/experiments/)
    python -m tools record ...       re-execute notebooks and save their outputs, as nbval
                                     compares them

translate        :mod:`tools.translate`
exercises        :mod:`tools.exercise_facts`
experiments      :mod:`tools.experiments` (the runner; the lesson reads its results with
                 :mod:`course_utils.experiment_results`)
record           :mod:`tools.record_notebooks`
"""
