"""The hidden cases (instructor-only: ``release`` never ships ``course_instructor/``).

``hidden/<module>.py`` mirrors ``course_utils/checks/<module>.py``: one
``<function>_cases(rng)`` per graded function of ``course_utils/<module>.py``, in the same
order, each decorated with :func:`points`. A case generator gets a
``np.random.RandomState`` seeded from the exercise's id and the course's secret (see
:func:`course_secret`), so the inputs are the same on every run of a term and other in
the next term, and returns a list of :class:`~course_utils.checks.policy.Case` without
``expected``: the grader computes the expected outputs with the instructor's reference.

The secret is the instructor's, set once per term outside the course's files: the
environment variable ``NN_COURSE_SECRET``, or a file named by ``NN_COURSE_SECRET_FILE``
(read stripped of blanks). Without one, the inputs are the course's default draws (the
same for every course and every year that sets none; ``grade`` warns). The secret never
enters a sandbox, a file the grader writes or the student edition.
Every case's ``kind`` must be the kind of some public case of the same exercise (other
numbers, same kind of input): ``tests/test_registry.py`` checks it, so nothing in the
gradebook comes as a surprise.
"""
import hmac
import importlib
import os
import zlib

import numpy as np

SECRET_ENV = "NN_COURSE_SECRET"
SECRET_FILE_ENV = "NN_COURSE_SECRET_FILE"


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


def course_secret():
    """``(secret bytes, where it was found)`` from the environment (see the module
    docstring), or ``(None, None)`` when none is set. Raises ValueError for a secret
    file that cannot be read or is empty."""
    value = os.environ.get(SECRET_ENV, "").strip()
    if value:
        return value.encode("utf-8"), f"${SECRET_ENV}"
    path = os.environ.get(SECRET_FILE_ENV, "")
    if not path:
        return None, None
    try:
        with open(path, "rb") as f:
            value = f.read(4096).strip()
    except OSError as err:
        raise ValueError(f"{SECRET_FILE_ENV} names {path}, which cannot be read "
                         f"({err.strerror}).") from None
    if not value:
        raise ValueError(f"{SECRET_FILE_ENV} names an empty file ({path}): write the "
                         "term's secret into it.")
    return value, path


def seed(exercise_id, secret=None):
    """The seed of an exercise's hidden cases: from the id alone (the default draws), or
    an HMAC-SHA256 of it keyed by the course's ``secret`` (bytes)."""
    if secret is None:
        return zlib.crc32(exercise_id.encode()) % 2 ** 31
    digest = hmac.new(secret, exercise_id.encode(), "sha256").digest()
    return int.from_bytes(digest[:4], "big") % 2 ** 31


def cases(module, function, secret=None):
    """The hidden cases of ``module.function``, drawn from its own seeded generator
    (seeded by :func:`seed` with the course's ``secret``)."""
    rng = np.random.RandomState(seed(f"{module}.{function}", secret))
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
