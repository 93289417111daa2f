"""Step 2 of grading: which exercises, their hidden inputs and their expected outputs.

Which exercises exist comes from the solution markers (:mod:`course_utils.registry`);
each one's hidden cases come from ``course_instructor/hidden/<module>.py`` (seeded
generators, see :mod:`course_instructor.hidden`). :func:`prepare` runs the
instructor's reference on every hidden case, once per run, in the grader's process, and
encodes the inputs the way the child receives them (JSON plus an ``.npz`` saved
without pickle). Expected values never leave the grader.
"""
import ast
import hashlib
import importlib
import io
import json
from contextlib import redirect_stdout
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import numpy as np

import course_utils
from course_instructor import codec, hidden
from course_utils import registry
from course_utils.checks.public import argument_names

PACKAGE_DIR = Path(course_utils.__file__).resolve().parent


class GradingError(Exception):
    """The grading run cannot start (bad arguments, broken reference, ...)."""


@dataclass
class Graded:
    """An exercise ready to be graded: hidden inputs encoded, expected outputs computed."""
    exercise: registry.Exercise
    points: float
    timeout: float
    cases: list                  # the hidden Cases (their args as the child receives them)
    expected: list               # the reference's answers
    names: list                  # the function's positional argument names
    job_cases: list              # encoded inputs (JSON specs)
    arrays: dict                 # their arrays
    functions: frozenset         # the names of the functions the module defines
    received: list               # each case's (args, kwargs) as the child decodes them
    reminders: dict              # the public checks' formula reminders for its outputs
    inputs_npz: bytes = b""      # ``arrays`` as the .npz file the child reads
    fingerprint: str = ""        # sha256 of the inputs, the expected values and the points

    @property
    def id(self):
        return self.exercise.id


def select_exercises(only=None, package_dir=PACKAGE_DIR):
    """The exercises of the instructor's package (its markers) that match ``only``.

    ``only``: fnmatch patterns on exercise ids ("logistic_regression.*", "*.predict")
    or module names ("deep_network").
    """
    chosen = []
    for ex in registry.exercises(package_dir=package_dir):
        try:
            hidden.generator(ex.module, ex.function)
        except (KeyError, ImportError) as err:
            raise GradingError(f"{ex.id} has a solution region but no hidden cases: {err}") \
                from None
        if only and not any(fnmatchcase(ex.id, p) or fnmatchcase(ex.module, p) for p in only):
            continue
        chosen.append(ex)
    if not chosen:
        raise GradingError("no exercise to grade" + (f" matches {only}" if only else "") + ".")
    return chosen


def prepare(ex, package_dir=PACKAGE_DIR, secret=None):
    """Compute the expected outputs of ``ex`` with the reference, and encode its inputs
    (drawn with the course's ``secret``, bytes or None: see :mod:`.hidden`)."""
    module = importlib.import_module(f"course_utils.{ex.module}")
    reference = getattr(module, ex.function)
    gen = hidden.generator(ex.module, ex.function)
    cases = hidden.cases(ex.module, ex.function, secret)
    expected, job_cases, arrays, received = [], [], {}, []
    for k, case in enumerate(cases, start=1):
        args, kwargs = case.fresh()
        try:
            with redirect_stdout(io.StringIO()):
                expected.append(reference(*args, **kwargs))
        except Exception as err:
            raise GradingError(f"the reference {ex.id} fails on hidden case {k}: "
                               f"{type(err).__name__}: {err}") from err
        args, kwargs = case.fresh()
        job_cases.append({"args": codec.encode(tuple(args), arrays, np),
                          "kwargs": codec.encode(dict(kwargs), arrays, np)})
        own = {}                  # the inputs as the child decodes them (for in-place checks)
        spec = codec.encode([list(args), kwargs], own, np)
        received.append(codec.decode(spec, own, np))
        case.args = tuple(args)
    source = (package_dir / f"{ex.module}.py").read_text(encoding="utf-8")
    functions = frozenset(n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))
    public = importlib.import_module(f"course_utils.checks.{ex.module}")
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    graded = Graded(ex, gen.points, gen.timeout, cases, expected,
                    argument_names(reference), job_cases, arrays, functions, received,
                    getattr(public, "REMINDERS", {}).get(ex.function, {}), buf.getvalue())
    graded.fingerprint = fingerprint(graded)
    return graded


def fingerprint(graded):
    """sha256 (hex) of what a verdict on ``graded`` depends on besides the submission:
    the exercise, its points and time limit, the encoded inputs and the expected values."""
    h = hashlib.sha256()
    expected = {}
    spec = codec.encode(list(graded.expected), expected, np)
    h.update(json.dumps([graded.id, str(graded.points), graded.timeout, graded.job_cases,
                         spec, sorted(graded.functions), graded.names],
                        sort_keys=True).encode())
    for store in (graded.arrays, expected):
        for key in sorted(store):
            a = np.ascontiguousarray(store[key])
            h.update(f"{key}:{a.dtype.str}:{a.shape}".encode())
            h.update(a.tobytes())
    return h.hexdigest()
