"""Step 5 of grading: remember finished exercises, so an interrupted run can be resumed.

Each finished (submission, exercise) result is written at once to a cache folder next
to the gradebook (``gradebook.csv`` -> ``gradebook.cache/``), one JSON file per pair,
named by a hash of everything the result depends on:

* the grader: its own code (``course_instructor/*.py``), the library the children
  import (the instructor's helpers, solutions stubbed, and the child's program), Python's
  and NumPy's versions, the sandbox mode and the limits;
* the exercise: its hidden inputs, the reference's expected values, its points and time
  limit (:func:`course_instructor.exercises.fingerprint`);
* the submission: the bytes of each of its graded modules, and what could not be read.

A result is stored as data, not as text: each lost case's reason (a Mismatch or a Phrase,
see :class:`course_instructor.scoring.CaseResult`) is written with the grader's codec
(:mod:`course_instructor.codec`, which keeps tuples apart from lists and floats exact),
so the feedback of a resumed run is said in each student's language like any other.

Rerunning the same command after an interruption therefore skips the finished pairs and
writes the same files as an uninterrupted run; a change to any of the above regrades
what it affects. Results that are not the student's doing (``sandbox-error``,
``grader-error``) and submissions that were not read are never cached. ``--fresh``
empties the cache first.
"""
import hashlib
import json
import platform
import shutil
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

from course_instructor import codec, scoring, transport
from course_utils.checks.policy import ErrorInfo, Mismatch
from course_utils.files import atomic_write
from course_utils.messages import Phrase

VERSION = "2"                 # bump when the meaning of a cached result changes
GRADING_DIR = Path(__file__).resolve().parent


def cache_dir(gradebook):
    """The cache folder of a gradebook: ``NAME.csv`` -> ``NAME.cache`` beside it."""
    gradebook = Path(gradebook)
    return gradebook.with_name(gradebook.stem + ".cache")


def _hash_tree(h, folder):
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")


def run_key(library, limits, mode):
    """sha256 (hex) of the grader's side of every result of a run (see the module doc)."""
    h = hashlib.sha256(f"nn-course grading cache {VERSION}\0".encode())
    for path in sorted(GRADING_DIR.rglob("*.py")):
        h.update(path.relative_to(GRADING_DIR).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    _hash_tree(h, library)
    h.update(json.dumps([platform.python_version(), np.__version__, mode, asdict(limits)],
                        sort_keys=True).encode())
    return h.hexdigest()


def pair_key(run, sub, graded):
    """sha256 (hex) of one (submission, exercise) pair under the run key ``run``."""
    h = hashlib.sha256(f"{run}\0{graded.fingerprint}\0".encode())
    for module, source in sorted(sub.modules.items()):
        h.update(f"{module}\0{hashlib.sha256(source).hexdigest()}\0".encode())
    h.update(json.dumps([sorted(sub.problems.items()), sub.error]).encode())
    return h.hexdigest()


class Cache:
    """The finished results of earlier runs of the same grading, in ``folder``."""

    def __init__(self, folder, run, fresh=False):
        self.folder = Path(folder)
        self.run = run
        if fresh and self.folder.is_dir():
            shutil.rmtree(self.folder)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for stale in self.folder.glob(".tmp-*"):      # a write cut short by a kill
            stale.unlink(missing_ok=True)

    def key(self, sub, graded):
        return pair_key(self.run, sub, graded)

    def get(self, key, graded):
        """The cached :class:`~course_instructor.scoring.ExerciseResult`, or None
        (absent, or not a result this grader wrote: then it is graded again)."""
        path = self.folder / f"{key}.json"
        if not path.is_file():
            return None
        try:
            data = transport.read_json(path, max_bytes=16 << 20)
            if data.get("key") != key:
                return None
            r = data["result"]
            cases = [scoring.CaseResult(bool(c["passed"]), _reason(c["reason"]))
                     for c in r["cases"]]
            if len(cases) != len(graded.expected) or r["status"] not in scoring.STATUSES:
                return None
            result = scoring.make_result(graded, cases, r["status"], str(r["diagnostics"]),
                                         dict(r["untrusted"]))
            return result if result.score == r["score"] else None
        except (transport.TransportError, KeyError, TypeError, ValueError, AttributeError,
                RecursionError):
            return None

    def put(self, key, result):
        """Store ``result`` (atomically: a reader sees the whole file or none)."""
        if result.status in scoring.RETRY or result.status == "not-graded":
            return
        data = {"key": key, "result": {
            "score": result.score, "status": result.status, "diagnostics": result.diagnostics,
            "untrusted": result.untrusted,
            "cases": [{"passed": c.passed, "reason": _data(c.reason)} for c in result.cases]}}
        atomic_write(self.folder / f"{key}.json", json.dumps(data, sort_keys=True), mode=0o600)

    def __len__(self):
        return sum(1 for p in self.folder.glob("*.json"))


# ------------------------------------------------------------------ reasons as data
def _plain(reason):
    """A reason with its Mismatch and ErrorInfo as tagged dicts (Phrases stay Phrases)."""
    if isinstance(reason, Mismatch):
        return {"mismatch": {f.name: _plain(getattr(reason, f.name)) for f in fields(reason)}}
    if isinstance(reason, ErrorInfo):
        return {"error": asdict(reason)}
    if isinstance(reason, Phrase):
        return Phrase(reason.key, {k: _plain(v) for k, v in reason.fields.items()})
    return reason


def _data(reason):
    """A case's reason as the JSON the cache stores (see :func:`_reason`)."""
    return codec.encode(_plain(reason), {}, np)


def _reason(data):
    """The reason stored by :func:`_data` (ValueError, TypeError or KeyError if it is not
    one: the pair is then graded again)."""
    def rebuilt(value):
        if isinstance(value, Phrase):
            return Phrase(str(value.key), {str(k): rebuilt(v) for k, v in value.fields.items()})
        if isinstance(value, dict) and value.keys() == {"mismatch"}:
            return Mismatch(**{k: rebuilt(v) for k, v in value["mismatch"].items()})
        if isinstance(value, dict) and value.keys() == {"error"}:
            return ErrorInfo(**value["error"])
        return value
    return rebuilt(codec.decode(data, {}, np, rebuild_namedtuples=True))
