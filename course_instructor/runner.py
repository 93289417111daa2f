"""What runs in the sandboxed child: one graded function of one submission.

Usage (by the grader only, through :class:`course_instructor.sandbox.Sandbox`)::

    python -S -s -P -B /course/_grading_runner.py /job/<k> /job/results

The grader copies this file, unchanged, next to a private copy of the course package
whose solution regions are stubbed (``/course``) and next to the grader's codec
(``course_instructor/codec.py``, copied as ``_grading_codec.py``): it runs only there and
is never imported by the grader. It depends on nothing but the standard library, NumPy,
that stubbed package and the codec. The sandbox has set the resource limits, the uid and
the clean environment before this file runs (see :mod:`_supervisor`).

JOB_DIR holds ``job.json`` (what to run, the case structure, the paths of the
submission's modules) and ``inputs.npz`` (the input arrays). For each case the runner
writes ``RESULTS/case_<i>.json`` (+ ``.npz`` if there are arrays; RESULTS defaults to
``JOB_DIR/results``), each file atomically (:func:`course_utils.files.atomic_write`): the
function's return value and the input arguments as they were after the call (to detect
in-place modification), both encoded with the codec -- arrays go to the ``.npz`` (saved
without pickling), structure and scalars to the JSON -- or, if it raised, what the
exception says about itself (:func:`course_utils.checks.diagnosis.describe_exception`),
or ``too_big`` if the value cannot be encoded. Expected values never enter this process;
the grader judges in its own process, with the same engine as the notebook checks, and
reads every file here as hostile (:mod:`course_instructor.transport`): the student's
code can write to RESULTS too.

Order of events: import NumPy (already imported by the sandbox's first process), load
the submission's module of the exercise by file path under its canonical name
``course_utils.<module>`` (its other graded modules load the same way if its code imports
them), and call the graded function: it runs with the student's own other functions, as
in the notebook.
"""
import importlib.util
import json
import os
import sys

import _grading_codec as codec      # course_instructor/codec.py, copied beside this file

# ---------------------------------------------------------------- the child
class _Submission:
    """A meta-path finder for the submission's other graded modules: ``import
    course_utils.<module>`` loads the student's file, as in the notebook (where the
    editable install finds it), but only when their code imports it."""

    def __init__(self, paths):
        self.paths = paths

    def find_spec(self, name, path=None, target=None):
        if name in self.paths:
            return importlib.util.spec_from_file_location(name, self.paths[name])
        return None


def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _write(path, record, arrays, np):
    """``path``.json (and ``path``.npz if there are arrays), each written atomically."""
    from course_utils.files import atomic_write

    def save(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)       # uncompressed; no object arrays (encode refuses them)
    if arrays:
        atomic_write(path + ".npz", save)
    atomic_write(path + ".json", json.dumps(record))


def _error(err, student_path):
    """What an exception says about itself, as a JSON-able dict (see ErrorInfo)."""
    from course_utils.checks.diagnosis import describe_exception
    info = describe_exception(err, student_path)
    return {"type": info.type, "message": info.message[:2000], "line": info.line,
            "function": info.function}


def main(job_dir, results=None):
    with open(os.path.join(job_dir, "job.json"), encoding="utf-8") as f:
        job = json.load(f)
    results = results or os.path.join(job_dir, "results")
    os.makedirs(results, exist_ok=True)
    # What the student's code prints goes nowhere (text written to fd 2 reaches only the
    # instructor's JSON, as untrusted text); results travel in files.
    devnull = open(os.devnull, "w")
    sys.stdout = sys.stderr = devnull

    import warnings
    import numpy as np
    warnings.simplefilter("ignore")      # a student's warnings cost nothing

    import course_utils                  # the instructor's package (solutions stubbed)
    import course_utils.checks.diagnosis  # noqa: F401  (before any student code runs)
    import course_utils.files             # noqa: F401

    status = {"stage": "import"}
    student_path = job["student_modules"][job["module"]]
    try:
        others = {f"course_utils.{name}": path
                  for name, path in job["student_modules"].items() if name != job["module"]}
        for name in others:              # never the stubs a preloaded helper imported
            sys.modules.pop(name, None)
        sys.meta_path.insert(0, _Submission(others))
        student = _load_module(f"course_utils.{job['module']}", student_path)
        setattr(course_utils, job["module"], student)
        func = getattr(student, job["function"], None)
        if not callable(func):
            raise AttributeError(f"your {job['module']}.py has no function "
                                 f"{job['function']}()")
    except BaseException as err:       # noqa: BLE001 -- anything the student's code raises
        status["error"] = _error(err, student_path)
        _write(os.path.join(results, "status"), status, {}, np)
        return 0
    _write(os.path.join(results, "status"), {"stage": "loaded"}, {}, np)

    inputs = dict(np.load(os.path.join(job_dir, "inputs.npz"), allow_pickle=False))
    for i, case in enumerate(job["cases"]):
        args = codec.decode(case["args"], inputs, np, rebuild_namedtuples=True)
        kwargs = codec.decode(case["kwargs"], inputs, np, rebuild_namedtuples=True)
        arrays = {}
        try:
            out = func(*args, **kwargs)
        except BaseException as err:    # noqa: BLE001 -- SystemExit, MemoryError, ... included
            record = {"ok": False, "error": _error(err, student_path)}
        else:
            try:
                record = {"ok": True, "output": codec.encode(out, arrays, np),
                          "inputs_after": codec.encode([list(args), kwargs], arrays, np)}
            except codec.EncodeError:
                arrays, record = {}, {"ok": False, "too_big": True}
            except Exception:           # noqa: BLE001 -- a value that breaks the encoder
                arrays, record = {}, {"ok": False, "unreadable": True}
        try:
            _write(os.path.join(results, f"case_{i}"), record, arrays, np)
        except OSError:                 # the results folder is full (its size cap)
            stem = os.path.join(results, f"case_{i}")
            if os.path.lexists(stem + ".npz"):
                os.unlink(stem + ".npz")
            _write(stem, {"ok": False, "too_big": True}, {}, np)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
