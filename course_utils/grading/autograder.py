"""Grade submissions:  python -m course_utils grade SUBMISSION... --gradebook G.csv --feedback DIR

A SUBMISSION is a folder holding a student's copy of the student edition, or a .zip
of one. Only the graded functions are graded, taken from the submission's graded
modules (``course_utils/logistic_regression.py``, ``shallow_network.py``,
``deep_network.py``); everything else -- helpers, checks, datasets, this grader --
comes from the instructor's copy, so editing it in a submission changes nothing.

How one exercise of one submission is graded
--------------------------------------------
1. The hidden cases' inputs come from :mod:`hidden_tests` (seeded); the expected
   outputs are computed here, in the grader's process, by the instructor's reference
   implementation (once, for all submissions).
2. A child process is started per (submission, exercise) with a wall-clock timeout,
   in a fresh scratch folder, with a clean environment (PATH, PYTHONPATH, HOME and
   TMPDIR = the scratch folder, one BLAS/OpenMP thread, PYTHONHASHSEED=0) and without
   ``site`` (``python -S``; so no ``.pth`` hook can import the instructor's editable
   package). Its PYTHONPATH is a private copy of the instructor's package in which every
   solution region is stubbed and ``grading/`` is absent, then the interpreter's
   site-packages (NumPy). The child (:mod:`runner`) sets CPU-time, address-space,
   file-size, core-dump and open-file limits before any student code runs.
3. The child loads the student's module by file path under its canonical name
   ``course_utils.<module>`` (so its ``from course_utils.activations import ...``
   resolves to the instructor's helpers) and a copy of the instructor's module with
   *this exercise's* region stubbed. The student's function is called with the
   reference versions of the module's other graded functions (and the reference
   functions that call it get the student's): one bug is not punished twice, e.g. a
   wrong ``propagate`` costs only propagate's points, not optimize's and model's too.
4. The child receives only inputs (``.npz`` saved without pickle, plus JSON) and
   sends back only the outputs and the inputs as they were after the call, in the
   same form (read with ``allow_pickle=False``, sizes checked first). Expected values
   never enter the child; comparison and scores happen here (:mod:`compare`).

A crash, a hang, ``os._exit``, a memory bomb, monkeypatched NumPy, printed fake
results or an exception at import time cost the affected cases and nothing else.
"""
import copy
import csv
import importlib
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from fractions import Fraction
from fnmatch import fnmatchcase
from pathlib import Path

import numpy as np

import course_utils
from course_utils.grading import release, runner
from course_utils.grading.compare import compare, same
from course_utils.grading.hidden_tests import EXERCISES, LESSON_MODULES

PACKAGE_DIR = Path(course_utils.__file__).resolve().parent
RUNNER_NAME = "_grading_runner.py"


@dataclass
class Limits:
    timeout: float = None        # seconds per exercise; None: each exercise's own
    memory_mb: int = 1024        # address space of the child
    file_mb: int = 64            # largest file the child may write
    max_module_bytes: int = 1 << 20     # a graded module bigger than this is not graded
    max_zip_members: int = 10_000
    max_zip_total: int = 500 << 20      # declared uncompressed size of a whole archive
    max_result_bytes: int = 64 << 20    # one case's results read back from the child


class GradingError(Exception):
    """The grading run cannot start (bad arguments, broken reference, ...)."""


# ------------------------------------------------------------------ exercises
@dataclass
class Prepared:
    """An exercise ready to be graded: inputs encoded, expected outputs computed."""
    exercise: object
    expected: list
    inputs_after: list           # the inputs as the child will see them (for in-place checks)
    job_cases: list              # encoded inputs (JSON specs)
    arrays: dict                 # their arrays
    reference_source: str        # the instructor's module with this exercise stubbed
    graded_functions: list       # every function of the module that has a solution region
    other_sources: dict          # the other graded modules, in full: {module: source}


def select_exercises(only=None, package_dir=PACKAGE_DIR):
    """The exercises whose module exists in the instructor's package and matches ``only``.

    ``only``: fnmatch patterns on exercise ids ("logistic_regression.*", "*.predict")
    or module names ("deep_network").
    """
    regions = {}
    for module in LESSON_MODULES:
        path = package_dir / f"{module}.py"
        if path.is_file():
            found = release.find_regions(path.read_text(encoding="utf-8"),
                                         f"course_utils/{module}.py")
            regions[module] = {r.exercise for r in found}
    listed = {(ex.module, ex.function) for ex in EXERCISES}
    for module, names in sorted(regions.items()):
        for name in sorted(names - {f for m, f in listed if m == module}):
            print(f"warning: course_utils/{module}.py: {name}() has a solution region but no "
                  "hidden tests in grading/hidden_tests.py; it is not graded.", file=sys.stderr)
    chosen = []
    for ex in EXERCISES:
        if ex.module not in regions:
            continue
        if ex.function not in regions[ex.module]:
            raise GradingError(f"hidden_tests lists {ex.id}, but course_utils/{ex.module}.py "
                               "has no solution region in that function.")
        if only and not any(fnmatchcase(ex.id, p) or fnmatchcase(ex.module, p) for p in only):
            continue
        chosen.append(ex)
    if not chosen:
        raise GradingError("no exercise to grade" + (f" matches {only}" if only else "") + ".")
    return chosen


def prepare(ex, package_dir=PACKAGE_DIR):
    """Compute the expected outputs of ``ex`` with the reference, and encode its inputs."""
    module = importlib.import_module(f"course_utils.{ex.module}")
    reference = getattr(module, ex.function)
    cases = ex.make_cases()
    expected, job_cases, inputs_after, arrays = [], [], [], {}
    for k, (args, kwargs) in enumerate(cases, start=1):
        call_args, call_kwargs = copy.deepcopy((args, kwargs))
        try:
            with redirect_stdout(io.StringIO()):
                expected.append(reference(*call_args, **call_kwargs))
        except Exception as err:
            raise GradingError(f"the reference {ex.id} fails on hidden case {k}: "
                               f"{type(err).__name__}: {err}") from err
        job_cases.append({"args": runner.encode(tuple(args), arrays, np),
                          "kwargs": runner.encode(dict(kwargs), arrays, np)})
        own = {}
        spec = runner.encode(list(args), own, np)
        inputs_after.append(runner.decode(spec, own, np))
    source = (package_dir / f"{ex.module}.py").read_text(encoding="utf-8")
    redacted, stubbed = release.stub_text(source, f"course_utils/{ex.module}.py",
                                          only={ex.function})
    assert [r.exercise for r in stubbed] == [ex.function], stubbed
    graded = sorted({r.exercise for r in release.find_regions(source, ex.module)})
    others = {m: (package_dir / f"{m}.py").read_text(encoding="utf-8")
              for m in LESSON_MODULES if m != ex.module and (package_dir / f"{m}.py").is_file()}
    return Prepared(ex, expected, inputs_after, job_cases, arrays, redacted, graded, others)


def build_library(dest, package_dir=PACKAGE_DIR):
    """The package the children import: the instructor's, solutions stubbed, no grading/."""
    target = Path(dest, "course_utils")
    for src in sorted(package_dir.rglob("*")):
        rel = src.relative_to(package_dir)
        if rel.parts[0] == "grading" or "__pycache__" in rel.parts or not src.is_file():
            continue
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix == ".py":
            out.write_text(release.stub_text(src.read_text(encoding="utf-8"),
                                             f"course_utils/{rel.as_posix()}")[0],
                           encoding="utf-8")
        else:
            shutil.copyfile(src, out)
    shutil.copyfile(Path(runner.__file__), Path(dest, RUNNER_NAME))
    return Path(dest)


# ------------------------------------------------------------------ submissions
@dataclass
class Submission:
    name: str
    source: str
    modules: dict = field(default_factory=dict)     # module -> bytes
    problems: dict = field(default_factory=dict)    # module -> why it is not graded
    error: str = None                               # why nothing is graded


_UNSAFE_NAME = re.compile(r"(^|/)\.\.(/|$)|^/|^[A-Za-z]:|\\|\x00")


def _member_module(name):
    """(depth, module) if a zip member / relative path is <up to 2 dirs>/course_utils/M.py."""
    parts = name.split("/")
    if len(parts) >= 2 and parts[-2] == "course_utils" and len(parts) <= 4 \
            and parts[-1][:-3] in LESSON_MODULES and parts[-1].endswith(".py") \
            and "__MACOSX" not in parts:
        return len(parts) - 2, parts[-1][:-3]
    return None


def safe_extract(zip_path, dest, select, limits):
    """Extract the members ``select(name)`` accepts from a zip, safely.

    Refuses the whole archive (ValueError) if it is not a zip, has too many members,
    declares more than ``max_zip_total`` bytes in all (a zip bomb), or holds an unsafe
    name (absolute, ``..``, backslash: zip-slip) or a symbolic link. Each extracted
    member is streamed with a cap of ``max_module_bytes`` on the bytes actually
    decompressed (declared sizes can lie); a member over the cap is skipped and
    reported. Returns ``(extracted relative names, {name: problem})``.
    """
    dest = Path(dest).resolve()
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as err:
        raise ValueError(f"not a readable zip file ({err})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_members:
            raise ValueError(f"the archive has {len(infos)} members (limit "
                             f"{limits.max_zip_members})")
        if sum(i.file_size for i in infos) > limits.max_zip_total:
            raise ValueError("the archive would expand to more than "
                             f"{limits.max_zip_total >> 20} MB (a zip bomb?)")
        for info in infos:
            if _UNSAFE_NAME.search(info.filename):
                raise ValueError(f"unsafe member name {info.filename[:100]!r} (absolute or "
                                 "'..' paths are refused)")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ValueError(f"member {info.filename[:100]!r} is a symbolic link")
        extracted, problems = [], {}
        for info in infos:
            if info.is_dir() or not select(info.filename):
                continue
            target = (dest / info.filename).resolve()
            if dest not in target.parents:
                raise ValueError(f"unsafe member name {info.filename[:100]!r}")
            try:
                with zf.open(info) as f:
                    data = f.read(limits.max_module_bytes + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError,
                    NotImplementedError, EOFError) as err:
                problems[info.filename] = f"could not be read from the archive ({err})"
                continue
            if len(data) > limits.max_module_bytes:
                problems[info.filename] = (f"is larger than {limits.max_module_bytes >> 10} KB "
                                           "once decompressed; not graded")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            extracted.append(info.filename)
    return extracted, problems


def _find_root(folder):
    """The shallowest folder (depth <= 2) holding course_utils/, without following links."""
    levels = [[folder]]
    for _ in range(2):
        nxt = []
        for d in levels[-1]:
            try:
                nxt += sorted(Path(e.path) for e in os.scandir(d)
                              if e.is_dir(follow_symlinks=False)
                              and not e.name.startswith((".", "__MACOSX")))
            except OSError:
                pass
        levels.append(nxt)
    for level in levels:
        hits = [d for d in level if (d / "course_utils").is_dir()
                and not (d / "course_utils").is_symlink()]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ValueError("it holds several copies of course_utils/: "
                             + ", ".join(str(h.relative_to(folder)) for h in hits[:3]))
    raise ValueError("no course_utils/ folder found in it")


def load_submission(path, name, scratch, limits, modules):
    """Read the graded modules of one submission (a folder or a .zip)."""
    sub = Submission(name, str(path))
    path = Path(path)
    try:
        if path.is_file():
            folder = Path(tempfile.mkdtemp(prefix="zip-", dir=scratch))
            _, problems = safe_extract(path, folder, lambda n: _member_module(n) is not None,
                                       limits)
            for member, problem in problems.items():
                found = _member_module(member)
                sub.problems[found[1]] = f"{member} {problem}"
        elif path.is_dir():
            folder = path.resolve()
        else:
            raise ValueError("it is neither a folder nor a file")
        try:
            root = _find_root(folder)
        except ValueError:
            if not sub.problems:      # else: the graded modules were there, but refused
                raise
            root = None
    except ValueError as err:
        sub.error = f"submission {path.name} was not graded: {err}."
        return sub
    for module in modules:
        if module in sub.problems:
            continue
        if root is None:
            sub.problems[module] = f"course_utils/{module}.py is missing"
            continue
        file = root / "course_utils" / f"{module}.py"
        rel = file.relative_to(folder).as_posix() if path.is_file() else f"course_utils/{module}.py"
        if file.is_symlink() or (file.exists() and not file.is_file()):
            sub.problems[module] = f"{rel} is not a regular file (a link?); not graded"
        elif not file.exists():
            sub.problems[module] = f"{rel} is missing"
        elif file.stat().st_size > limits.max_module_bytes:
            sub.problems[module] = (f"{rel} is larger than {limits.max_module_bytes >> 10} KB;"
                                    " not graded")
        else:
            sub.modules[module] = file.read_bytes()
    return sub


def submission_name(path):
    p = Path(path)
    stem = p.name[:-4] if p.is_file() and p.name.lower().endswith(".zip") else p.name
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "submission"


# ------------------------------------------------------------------ one child
@dataclass
class CaseResult:
    passed: bool
    message: str        # for the student: never a hidden value


@dataclass
class ExerciseResult:
    exercise: str
    points: float
    score: float
    cases: list
    status: str          # ok, not-graded, import-error, timeout, crashed, exited
    diagnostics: str = ""  # for the instructor (results JSON), not the feedback


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])")


def _mask(text):
    """Echo a student's exception message without any number but a shape's small ints."""
    return _NUMBER.sub(lambda m: m.group(0) if re.fullmatch(r"\d{1,4}", m.group(0)) else "…",
                       text)[:160]


def _error_message(err):
    if not isinstance(err, dict):
        return "your function raised an exception."
    name = str(err.get("type", "Exception"))[:80]
    where = str(err.get("where", ""))[:80]
    if name == "NotImplementedError":
        return f"not implemented yet (NotImplementedError{where})."
    msg = _mask(str(err.get("message", "")))
    return f"your code raised {name}{where}" + (f": {msg}" if msg else ".")


def _read_record(path, limits):
    """The JSON record and the arrays of one result, or raise ValueError."""
    js, npz = path.with_suffix(".json"), path.with_suffix(".npz")
    if not js.is_file() or js.is_symlink():
        return None
    if js.stat().st_size > limits.max_result_bytes or (
            npz.exists() and (npz.is_symlink() or npz.stat().st_size > limits.max_result_bytes)):
        raise ValueError("the output is too large")
    record = json.loads(js.read_text(encoding="utf-8"))
    arrays = {}
    if npz.is_file():
        with zipfile.ZipFile(npz) as zf:           # refuse compressed members: no bombs
            if any(i.compress_type != zipfile.ZIP_STORED for i in zf.infolist()) or \
                    sum(i.file_size for i in zf.infolist()) > limits.max_result_bytes:
                raise ValueError("unexpected results file")
        with np.load(npz, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    if not isinstance(record, dict):
        raise ValueError("malformed record")
    return record, arrays


def _ended(how, timeout):
    return {"timeout": f"no result: the time limit of {timeout:g} s was exceeded "
                       "(an infinite loop? a very slow computation?)",
            "crashed": "no result: the process crashed",
            "exited": "no result: the process ended before returning "
                      "(exit(), os._exit() or a crash?)"}[how]


def grade_one(sub, prep, library, scratch, limits):
    """Grade one exercise of one submission in a sandboxed child process."""
    ex = prep.exercise
    n = len(prep.expected)

    def result(cases, status, diagnostics=""):
        passed = sum(c.passed for c in cases)
        score = float(Fraction(ex.points).limit_denominator() * passed / n)
        return ExerciseResult(ex.id, ex.points, score, cases, status, diagnostics)

    def all_fail(message, status, diagnostics=""):
        return result([CaseResult(False, message) for _ in range(n)], status, diagnostics)

    if sub.error:
        return all_fail(sub.error, "not-graded")
    if ex.module not in sub.modules:
        return all_fail(f"not graded: {sub.problems.get(ex.module, 'module missing')}.",
                        "not-graded")
    timeout = limits.timeout if limits.timeout else ex.timeout
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    try:
        shutil.copytree(library, job / "lib", symlinks=True)
        work = job / "work"
        work.mkdir()
        (job / "student.py").write_bytes(sub.modules[ex.module])
        (job / "reference.py").write_text(prep.reference_source, encoding="utf-8")
        others = {}
        for module, source in prep.other_sources.items():
            others[module] = str(job / f"reference_{module}.py")
            Path(others[module]).write_text(source, encoding="utf-8")
        with open(job / "inputs.npz", "wb") as f:
            np.savez(f, **prep.arrays)
        (job / "job.json").write_text(json.dumps({
            "module": ex.module, "function": ex.function,
            "student_path": str(job / "student.py"), "reference_path": str(job / "reference.py"),
            "graded_functions": prep.graded_functions, "cases": prep.job_cases,
            "other_modules": others,
            "limits": {"cpu_seconds": timeout + 1, "memory_bytes": limits.memory_mb << 20,
                       "file_bytes": limits.file_mb << 20}}), encoding="utf-8")
        site_dirs = sorted({str(Path(np.__file__).resolve().parent.parent)})
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "PYTHONPATH": os.pathsep.join([str(job / "lib")] + site_dirs),
               "HOME": str(work), "TMPDIR": str(work), "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
               "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1",
               "MPLBACKEND": "Agg", "LC_ALL": "C.UTF-8"}
        cmd = [sys.executable, "-S", "-s", "-P", "-B", str(job / "lib" / RUNNER_NAME), str(job)]
        with open(job / "stderr.txt", "wb") as err_file:
            proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err_file,
                                    start_new_session=True)
            how = None
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                how = "timeout"
            finally:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)   # the child and anything it started
                except (ProcessLookupError, PermissionError):
                    pass
                proc.wait()
        rc = proc.returncode
        if how is None and rc < 0:
            how = "crashed"
            if -rc == signal.SIGXCPU:
                how = "timeout"
        with open(job / "stderr.txt", "rb") as f:
            diagnostics = f.read(2000).decode("utf-8", "replace")
        if rc is not None and rc < 0:
            diagnostics = f"killed by signal {signal.Signals(-rc).name}. " + diagnostics
        return _collect(job / "results", prep, limits, how, rc, timeout, result, all_fail,
                        diagnostics)
    finally:
        shutil.rmtree(job, ignore_errors=True)


def _collect(results, prep, limits, how, rc, timeout, result, all_fail, diagnostics):
    ex = prep.exercise
    try:
        status = _read_record(results / "status", limits)
    except (ValueError, OSError, json.JSONDecodeError, zipfile.BadZipFile):
        status = None
    if status is not None and status[0].get("stage") != "loaded":
        err = status[0].get("error")
        return all_fail(f"importing your course_utils/{ex.module}.py failed: "
                        + _error_message(err), "import-error", diagnostics)
    if status is None:
        how = how or ("crashed" if rc and rc < 0 else "exited")
        return all_fail(_ended(how, timeout) + f" while importing course_utils/{ex.module}.py.",
                        how, diagnostics)
    cases, final = [], "ok"
    for i, expected in enumerate(prep.expected):
        try:
            got = _read_record(results / f"case_{i}", limits)
        except (ValueError, OSError, json.JSONDecodeError, zipfile.BadZipFile,
                KeyError, TypeError):
            cases.append(CaseResult(False, "your function's output could not be read back."))
            continue
        if got is None:
            how = how or ("crashed" if rc and rc < 0 else "exited")
            final = how
            cases.append(CaseResult(False, _ended(how, timeout) + "."))
            continue
        record, arrays = got
        if not record.get("ok"):
            cases.append(CaseResult(False, _error_message(record.get("error"))))
            continue
        try:
            output = runner.decode(record["output"], arrays, np)
            after = runner.decode(record["inputs_after"], arrays, np)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError,
                OverflowError, RecursionError):
            cases.append(CaseResult(False, "your function's output could not be read back."))
            continue
        if not same(after, prep.inputs_after[i]):
            cases.append(CaseResult(False, "your function modified its input arrays in "
                                           "place; work on new arrays instead."))
            continue
        try:
            msg = compare(output, expected, "output", ex.rtol, ex.atol, ex.scalar_tolerant)
        except Exception as err:   # a comparison must never stop the grading
            msg = f"output could not be compared ({type(err).__name__})."
        cases.append(CaseResult(msg is None, msg or "passed"))
    return result(cases, final, diagnostics)


# ------------------------------------------------------------------ outputs
def _atomic_write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _fmt(x):
    return f"{x:.2f}"


def gradebook_csv(exercises, graded):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["submission"] + [ex.id for ex in exercises] + ["total", "max"])
    total_max = sum(ex.points for ex in exercises)
    for sub, results in graded:
        w.writerow([sub.name] + [_fmt(results[ex.id].score) for ex in exercises]
                   + [_fmt(sum(r.score for r in results.values())), _fmt(total_max)])
    return buf.getvalue()


def feedback_text(sub, exercises, results):
    total = sum(r.score for r in results.values())
    total_max = sum(ex.points for ex in exercises)
    lines = [f"Feedback for {sub.name}", "",
             f"Total: {_fmt(total)} / {_fmt(total_max)} points", ""]
    if sub.error:
        lines += [sub.error, ""]
    for ex in exercises:
        r = results[ex.id]
        n = len(r.cases)
        passed = sum(c.passed for c in r.cases)
        lines.append(f"{ex.id}: {_fmt(r.score)} / {_fmt(r.points)} points, "
                     f"{passed} of {n} hidden cases passed")
        if sub.error:
            continue
        failures = [(k, c.message) for k, c in enumerate(r.cases, start=1) if not c.passed]
        if failures and len({m for _, m in failures}) == 1 and len(failures) == n:
            lines.append(f"    all {n} hidden cases: {failures[0][1]}")
        else:
            lines += [f"    hidden case {k} of {n}: {m}" for k, m in failures]
    lines += ["", "Hidden cases are other inputs than the notebook's checks; their inputs "
              "and expected values are not shown. Run the notebook's check cells first."]
    return "\n".join(lines) + "\n"


def results_json(exercises, graded, counts):
    data = {"exercises": [{"id": ex.id, "points": ex.points, "cases": counts[ex.id]}
                          for ex in exercises],
            "max": sum(ex.points for ex in exercises),
            "submissions": []}
    for sub, results in graded:
        data["submissions"].append({
            "name": sub.name, "source": sub.source, "error": sub.error,
            "total": round(sum(r.score for r in results.values()), 6),
            "exercises": {ex.id: {"score": round(results[ex.id].score, 6),
                                  "points": ex.points, "status": results[ex.id].status,
                                  "diagnostics": results[ex.id].diagnostics,
                                  "cases": [{"case": k, "passed": c.passed,
                                             "message": c.message}
                                            for k, c in enumerate(results[ex.id].cases, 1)]}
                          for ex in exercises}})
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ progress
class Progress:
    """A bar on a terminal (stderr is a TTY), else one plain line per submission."""

    def __init__(self, total, stream=None, enabled=True):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.lock = threading.Lock()
        self.start = time.monotonic()
        if self.tty:
            self._draw("")

    def _draw(self, label):
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
                          f" submissions {time.monotonic() - self.start:5.0f}s {label[:30]:<30}")
        self.stream.flush()

    def finished(self, name, score, total_max):
        with self.lock:
            self.done += 1
            if self.tty:
                self._draw(name)
                if self.done == self.total:
                    self.stream.write("\n")
            elif self.enabled:
                self.stream.write(f"graded {self.done}/{self.total}: {name} "
                                  f"{_fmt(score)}/{_fmt(total_max)}\n")
            self.stream.flush()


# ------------------------------------------------------------------ driver
def grade(submissions, gradebook, feedback_dir, results_path=None, jobs=None, only=None,
          limits=None, progress=True, package_dir=PACKAGE_DIR):
    """Grade ``submissions`` (paths); write the gradebook, the results JSON and feedback.

    Returns ``[(Submission, {exercise id: ExerciseResult})]`` sorted by name.
    """
    limits = limits or Limits()
    jobs = max(1, jobs or os.cpu_count() or 1)
    names = {}
    for path in submissions:
        if not Path(path).exists():
            raise GradingError(f"submission {path} does not exist.")
        name = submission_name(path)
        if name in names:
            raise GradingError(f"two submissions are named {name!r}: {names[name]} and {path}.")
        names[name] = path
    exercises = select_exercises(only, package_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        prepared = [prepare(ex, package_dir) for ex in exercises]
    modules = sorted({ex.module for ex in exercises})
    total_max = sum(ex.points for ex in exercises)
    scratch = Path(tempfile.mkdtemp(prefix="nn-course-grading-"))
    try:
        library = build_library(scratch / "library", package_dir)
        subs = sorted((load_submission(path, name, scratch, limits, modules)
                       for name, path in names.items()), key=lambda s: s.name)
        bar = Progress(len(subs), enabled=progress)
        results = {s.name: {} for s in subs}
        remaining = {s.name: len(prepared) for s in subs}
        lock = threading.Lock()

        def task(sub, prep):
            r = grade_one(sub, prep, library, scratch, limits)
            with lock:
                results[sub.name][r.exercise] = r
                remaining[sub.name] -= 1
                done = remaining[sub.name] == 0
            if done:
                bar.finished(sub.name, sum(x.score for x in results[sub.name].values()),
                             total_max)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(task, s, p) for s in subs for p in prepared]
            for f in futures:
                f.result()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    graded = [(s, results[s.name]) for s in subs]
    _atomic_write(gradebook, gradebook_csv(exercises, graded))
    results_path = results_path or Path(gradebook).with_suffix(".json")
    counts = {p.exercise.id: len(p.expected) for p in prepared}
    _atomic_write(results_path, results_json(exercises, graded, counts))
    for sub, res in graded:
        _atomic_write(Path(feedback_dir, f"{sub.name}.txt"), feedback_text(sub, exercises, res))
    return graded
