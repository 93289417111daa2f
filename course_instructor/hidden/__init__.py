"""The hidden cases (instructor-only: ``release`` never ships ``course_instructor/``).

``hidden/<module>.py`` mirrors ``course_utils/checks/<module>.py``: one
``<function>_cases(rng)`` per graded function of ``course_utils/<module>.py``, in the same
order, each decorated with :func:`points`. A case generator gets a
``np.random.RandomState`` seeded from the exercise's id, so the inputs are the same on
every run, and returns a list of :class:`~course_utils.checks.policy.Case` without
``expected``: the grader computes the expected outputs with the instructor's reference.
Every case's ``kind`` must be the kind of some public case of the same exercise (other
numbers, same kind of input): ``tests/test_registry.py`` checks it, so nothing in the
gradebook comes as a surprise.
"""
import importlib
import zlib

import numpy as np


def points(value, timeout=10.0):
    """Mark a case generator with the exercise's points and its time limit (seconds)."""
    def mark(func):
        func.points, func.timeout = value, timeout
        return func
    return mark


def generator(module, function):
    """The hidden-case generator of ``module.function`` (KeyError if there is none)."""
    hidden = importlib.import_module(f"course_instructor.hidden.{module}")
    gen = getattr(hidden, f"{function}_cases", None)
    if gen is None or not hasattr(gen, "points"):
        raise KeyError(f"course_instructor/hidden/{module}.py has no @points "
                       f"{function}_cases(rng).")
    return gen


def cases(module, function):
    """The hidden cases of ``module.function``, drawn from its own seeded generator."""
    exercise_id = f"{module}.{function}"
    rng = np.random.RandomState(zlib.crc32(exercise_id.encode()) % 2 ** 31)
    return generator(module, function)(rng)


# ------------------------------------------------------------------ shared input makers
def labels(rng, m):
    """A (1, m) row of 0./1. labels holding both classes when m > 1."""
    Y = (rng.rand(1, m) > 0.5).astype(float)
    if m > 1:
        Y[0, 0], Y[0, 1] = 0.0, 1.0
    return Y


def linear_data(rng, n, m, noise=0.3):
    """X (n, m) and labels from a random linear rule plus noise (learnable, not perfectly)."""
    X = rng.randn(n, m)
    w = rng.randn(n, 1)
    Y = ((w.T @ X + noise * rng.randn(1, m)) > 0).astype(float)
    Y[0, 0], Y[0, 1] = 0.0, 1.0
    return X, Y
