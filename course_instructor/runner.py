"""What runs in the sandboxed child: one graded function of one submission.

Usage (by the grader only, through :class:`course_instructor.sandbox.Sandbox`)::

    python -S -s -P -B /course/_grading_runner.py /job/<k> /job/results

The grader copies this file, unchanged, next to a private copy of the course package
whose solution regions are stubbed (``/course``). It depends on nothing but the standard
library, NumPy and that stubbed package. The sandbox has set the resource limits, the
uid and the clean environment before this file runs (see :mod:`_supervisor`).

JOB_DIR holds ``job.json`` (what to run, the case structure, the paths of the
submission's modules) and ``inputs.npz`` (the input arrays). For each case the runner
writes ``RESULTS/case_<i>.json`` (+ ``.npz`` if there are arrays; RESULTS defaults to
``JOB_DIR/results``): the function's return
value and the input arguments as they were after the call (to detect in-place
modification), both encoded with :func:`encode` -- arrays go to the ``.npz`` (saved
without pickling), structure and scalars to the JSON -- or, if it raised, what the
exception says about itself (:func:`course_utils.checks.engine.describe_exception`), or
``too_big`` if the value cannot be encoded. Expected values never enter this process;
the grader judges in its own process, with the same engine as the notebook checks, and
reads every file here as hostile (:mod:`course_instructor.transport`): the student's
code can write to RESULTS too.

Order of events: import NumPy (already imported by the sandbox's first process), load
the submission's module of the exercise by file path under its canonical name
``course_utils.<module>`` (its other graded modules load the same way if its code imports
them), and call the graded function: it runs with the student's own other functions, as
in the notebook.
"""
import collections
import importlib.util
import json
import math
import os
import sys

# ---------------------------------------------------------------- value codec
# A value is encoded as a JSON tree; arrays are stored by key in a separate .npz.
MAX_NODES = 100_000
MAX_STR = 1_000
ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                  "uint64", "float16", "float32", "float64", "complex64", "complex128"}


class EncodeError(ValueError):
    pass


def encode(value, arrays, np, _count=None, _depth=0):
    """JSON-able description of ``value``; ndarrays are put in ``arrays`` by key."""
    count = _count if _count is not None else [0]
    count[0] += 1
    if count[0] > MAX_NODES or _depth > 50:
        raise EncodeError("the value is too large or too deeply nested")
    if isinstance(value, np.ndarray):
        if value.dtype.name not in ALLOWED_DTYPES:
            return {"t": "other", "type": f"ndarray of dtype {value.dtype.name[:40]}",
                    "shape": list(value.shape)}
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"t": "nd", "key": key}
    if isinstance(value, np.generic):
        name = value.dtype.name
        if name not in ALLOWED_DTYPES:
            return {"t": "other", "type": f"numpy {name[:40]}"}
        if value.dtype.kind == "b":
            return {"t": "npscalar", "dtype": name, "v": bool(value)}
        if value.dtype.kind in "iu":
            return {"t": "npscalar", "dtype": name, "v": str(int(value))}
        if value.dtype.kind == "c":
            return {"t": "npscalar", "dtype": name,
                    "v": [float(value.real).hex(), float(value.imag).hex()]}
        return {"t": "npscalar", "dtype": name, "v": float(value).hex()}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        text = str(value) if abs(value) < 10 ** 300 else ("huge" if value > 0 else "-huge")
        return {"t": "int", "v": text}
    if isinstance(value, float):
        return {"t": "float", "v": value.hex()}
    if isinstance(value, str):
        return {"t": "str", "v": value[:MAX_STR]}
    if isinstance(value, tuple) and isinstance(getattr(type(value), "_fields", None), tuple):
        return {"t": "namedtuple", "module": str(type(value).__module__)[:200],
                "name": type(value).__name__[:200],
                "fields": [str(f)[:200] for f in type(value)._fields],
                "items": [encode(v, arrays, np, count, _depth + 1) for v in value]}
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple",
                "items": [encode(v, arrays, np, count, _depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "items": [[encode(k, arrays, np, count, _depth + 1),
                                        encode(v, arrays, np, count, _depth + 1)]
                                       for k, v in value.items()]}
    return {"t": "other", "type": type(value).__name__[:80]}


class Other:
    """A returned value of a kind that cannot be transported (described by its type)."""
    def __init__(self, description, shape=None):
        self.description = description
        self.shape = shape

    def __repr__(self):
        return self.description


def decode(spec, arrays, np, _depth=0, rebuild_namedtuples=False):
    """Inverse of :func:`encode`; raises ValueError on anything malformed.

    Named tuples come back as plain tuples, unless ``rebuild_namedtuples`` (used in the
    child for the grader's inputs, which are trusted): then as the class of that name in
    the module now loaded under the recorded name (the student's module, so that their
    own code sees their own cache class), or an equivalent ``collections.namedtuple``.
    """
    if _depth > 60 or not isinstance(spec, dict):
        raise ValueError("malformed value")
    t = spec.get("t")
    if t == "nd":
        key = spec.get("key")
        if not isinstance(key, str) or key not in arrays:
            raise ValueError("missing array")
        return arrays[key]
    if t == "npscalar":
        dtype = spec.get("dtype")
        if dtype not in ALLOWED_DTYPES:
            raise ValueError("bad dtype")
        kind = np.dtype(dtype).kind
        v = spec.get("v")
        if kind == "b":
            return np.bool_(bool(v))
        if kind in "iu":
            return np.dtype(dtype).type(int(v))
        if kind == "c":
            return np.dtype(dtype).type(complex(float.fromhex(v[0]), float.fromhex(v[1])))
        return np.dtype(dtype).type(float.fromhex(v))
    if t == "none":
        return None
    if t == "bool":
        return bool(spec["v"])
    if t == "int":
        v = spec["v"]
        return int(v) if v not in ("huge", "-huge") else (math.inf if v == "huge" else -math.inf)
    if t == "float":
        return float.fromhex(spec["v"])
    if t == "str":
        return str(spec["v"])
    if t in ("list", "tuple", "namedtuple"):
        items = [decode(s, arrays, np, _depth + 1, rebuild_namedtuples) for s in spec["items"]]
        if t == "list":
            return items
        if t == "namedtuple" and rebuild_namedtuples:
            fields = tuple(spec["fields"])
            cls = getattr(sys.modules.get(spec["module"]), spec["name"], None)
            if not (isinstance(cls, type) and issubclass(cls, tuple)
                    and getattr(cls, "_fields", None) == fields):
                cls = collections.namedtuple(spec["name"], fields)
            return cls(*items)
        return tuple(items)
    if t == "dict":
        out = {}
        for k, v in spec["items"]:
            key = decode(k, arrays, np, _depth + 1, rebuild_namedtuples)
            try:
                hash(key)
            except TypeError:
                raise ValueError("unhashable key") from None
            out[key] = decode(v, arrays, np, _depth + 1, rebuild_namedtuples)
        return out
    if t == "other":
        shape = spec.get("shape")
        return Other(str(spec.get("type"))[:120],
                     tuple(int(s) for s in shape) if isinstance(shape, list) else None)
    raise ValueError("malformed value")


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
    tmp = path + ".tmp"
    if arrays:
        with open(tmp + ".npz", "wb") as f:
            np.savez(f, **arrays)       # uncompressed; no object arrays (encode refuses them)
        os.replace(tmp + ".npz", path + ".npz")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(record, f)
    os.replace(tmp, path + ".json")


def _error(err, student_path):
    """What an exception says about itself, as a JSON-able dict (see ErrorInfo)."""
    from course_utils.checks.engine import describe_exception
    info = describe_exception(err, student_path)
    return {"type": info.type, "message": info.message[:2000], "line": info.line,
            "function": info.function, "called": info.called}


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
    import course_utils.checks.engine    # noqa: F401  (before any student code runs)

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
        args = decode(case["args"], inputs, np, rebuild_namedtuples=True)
        kwargs = decode(case["kwargs"], inputs, np, rebuild_namedtuples=True)
        arrays = {}
        try:
            out = func(*args, **kwargs)
        except BaseException as err:    # noqa: BLE001 -- SystemExit, MemoryError, ... included
            record = {"ok": False, "error": _error(err, student_path)}
        else:
            try:
                record = {"ok": True, "output": encode(out, arrays, np),
                          "inputs_after": encode([list(args), kwargs], arrays, np)}
            except EncodeError:
                arrays, record = {}, {"ok": False, "too_big": True}
            except Exception:           # noqa: BLE001 -- a value that breaks the encoder
                arrays, record = {}, {"ok": False, "unreadable": True}
        _write(os.path.join(results, f"case_{i}"), record, arrays, np)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
