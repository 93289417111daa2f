"""Grade submissions:  python -m course_utils grade SUBMISSION... --gradebook G.csv --feedback DIR

A SUBMISSION is a folder holding a student's copy of the student edition, or a .zip
of one. Only the graded functions are graded, taken from the submission's graded
modules (``course_utils/logistic_regression.py``, ``shallow_network.py``,
``deep_network.py``); everything else -- helpers, checks, datasets, this grader --
comes from the instructor's copy, so editing it in a submission changes nothing.

How one exercise of one submission is graded
--------------------------------------------
1. Which exercises exist comes from the solution markers (:mod:`course_utils.registry`);
   the hidden cases' inputs come from :mod:`course_utils.grading.hidden` (seeded); the
   expected outputs are computed here, in the grader's process, by the instructor's
   reference implementation (once, for all submissions).
2. A child process is started per (submission, exercise) with a wall-clock timeout,
   in a fresh scratch folder, with a clean environment (PATH, PYTHONPATH, HOME and
   TMPDIR = the scratch folder, one BLAS/OpenMP thread, PYTHONHASHSEED=0) and without
   ``site`` (``python -S``; so no ``.pth`` hook can import the instructor's editable
   package). Its PYTHONPATH is a private copy of the instructor's package in which every
   solution region is stubbed and ``grading/`` is absent, then the interpreter's
   site-packages (NumPy). The child (:mod:`runner`) sets CPU-time, address-space,
   file-size, core-dump and open-file limits before any student code runs.
3. The child loads the submission's graded modules by file path under their canonical
   names ``course_utils.<module>`` (so ``from course_utils.activations import ...``
   resolves to the instructor's helpers) and calls the graded function, which runs with
   the student's own other functions, exactly as in the notebook. (A composite such as
   ``model`` therefore fails with a broken ``optimize``; its feedback then says to fix
   ``optimize`` first, as the notebook's check does.)
4. The child receives only inputs (``.npz`` saved without pickle, plus JSON) and
   sends back only the outputs and the inputs as they were after the call, in the
   same form (read with ``allow_pickle=False``, sizes checked first). Expected values
   never enter the child. The verdict is given here by the engine the notebook checks
   use (:mod:`course_utils.checks.engine`), with the same acceptance policy, and its
   message is rendered without hidden values.

A crash, a hang, ``os._exit``, a memory bomb, monkeypatched NumPy, printed fake
results or an exception at import time cost the affected cases and nothing else.
"""
import ast
import builtins
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
from course_utils import registry
from course_utils.checks import engine
from course_utils.grading import hidden, release, runner
from course_utils.registry import LESSON_MODULES

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


def prepare(ex, package_dir=PACKAGE_DIR):
    """Compute the expected outputs of ``ex`` with the reference, and encode its inputs."""
    module = importlib.import_module(f"course_utils.{ex.module}")
    reference = getattr(module, ex.function)
    gen = hidden.generator(ex.module, ex.function)
    cases = hidden.cases(ex.module, ex.function)
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
        job_cases.append({"args": runner.encode(tuple(args), arrays, np),
                          "kwargs": runner.encode(dict(kwargs), arrays, np)})
        own = {}                  # the inputs as the child decodes them (for in-place checks)
        spec = runner.encode([list(args), kwargs], own, np)
        received.append(runner.decode(spec, own, np))
        case.args = tuple(args)
    source = (package_dir / f"{ex.module}.py").read_text(encoding="utf-8")
    functions = frozenset(n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))
    public = importlib.import_module(f"course_utils.checks.{ex.module}")
    return Graded(ex, gen.points, gen.timeout, cases, expected,
                  engine.argument_names(reference), job_cases, arrays, functions, received,
                  getattr(public, "REMINDERS", {}).get(ex.function, {}))


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


_IDENTIFIER = re.compile(r"[A-Za-z_]\w{0,60}")
_EXCEPTIONS = {name for name, value in vars(builtins).items()
               if isinstance(value, type) and issubclass(value, BaseException)}


def error_info(raw, graded, max_line=100_000):
    """An ErrorInfo from what the child reported, reduced to what the course controls.

    The type is kept only if it is a built-in exception's name and the function only if
    the instructor's module defines a function of that name; the message (kept for the
    instructor's JSON and used only to pick one of the engine's fixed hints) is never
    shown. So the feedback carries no text the submission chose.
    """
    if not isinstance(raw, dict):
        raw = {}
    kind = raw.get("type")
    function = raw.get("function")
    line = raw.get("line")
    called = raw.get("called")
    return engine.ErrorInfo(
        type=kind if isinstance(kind, str) and kind in _EXCEPTIONS else "an exception",
        message=str(raw.get("message", ""))[:2000],
        line=line if isinstance(line, int) and not isinstance(line, bool)
        and 0 < line <= max_line else None,
        function=function if isinstance(function, str) and function in graded.functions
        else None,
        called=called if isinstance(called, str) and called.startswith("course_utils.")
        and _IDENTIFIER.fullmatch(called.rsplit(".", 1)[-1] or "") else None)


def _error_message(raw, graded):
    info = error_info(raw, graded)
    if info.type == "NotImplementedError":
        return engine.render(engine.Mismatch("raised", error=info), False, "") \
            .replace("your code raised NotImplementedError", "not implemented yet "
                     "(NotImplementedError)")
    hint = engine.explain_error(info)
    return engine.render(engine.Mismatch("raised", error=info, hint=hint), False,
                         graded.exercise.function)


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


def grade_one(sub, graded, library, scratch, limits):
    """Grade one exercise of one submission in a sandboxed child process."""
    ex = graded.exercise
    n = len(graded.expected)

    def result(cases, status, diagnostics=""):
        passed = sum(c.passed for c in cases)
        score = float(Fraction(graded.points).limit_denominator() * passed / n)
        return ExerciseResult(ex.id, graded.points, score, cases, status, diagnostics)

    def all_fail(message, status, diagnostics=""):
        return result([CaseResult(False, message) for _ in range(n)], status, diagnostics)

    if sub.error:
        return all_fail(sub.error, "not-graded")
    if ex.module not in sub.modules:
        return all_fail(f"not graded: {sub.problems.get(ex.module, 'module missing')}.",
                        "not-graded")
    timeout = limits.timeout if limits.timeout else graded.timeout
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    try:
        shutil.copytree(library, job / "lib", symlinks=True)
        work = job / "work"
        work.mkdir()
        modules = {}
        for module, source in sub.modules.items():
            modules[module] = str(job / "submission" / f"{module}.py")
            Path(modules[module]).parent.mkdir(exist_ok=True)
            Path(modules[module]).write_bytes(source)
        with open(job / "inputs.npz", "wb") as f:
            np.savez(f, **graded.arrays)
        (job / "job.json").write_text(json.dumps({
            "module": ex.module, "function": ex.function, "student_modules": modules,
            "cases": graded.job_cases,
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
        return _collect(job / "results", graded, limits, how, rc, timeout, result, all_fail,
                        diagnostics)
    finally:
        shutil.rmtree(job, ignore_errors=True)


def judge_case(graded, i, record, arrays):
    """The verdict on hidden case ``i`` from the child's record: (passed, message)."""
    ex, case = graded.exercise, graded.cases[i]
    if not record.get("ok"):
        return False, _error_message(record.get("error"), graded)
    try:
        got = runner.decode(record["output"], arrays, np)
        after = runner.decode(record["inputs_after"], arrays, np)
        after = (tuple(after[0]), after[1])
    except (ValueError, KeyError, TypeError, AttributeError, IndexError,
            OverflowError, RecursionError):
        return False, "your function's output could not be read back."
    before = graded.received[i]
    outcome = engine.Outcome(got, changed=engine.first_change((tuple(before[0]), before[1]),
                                                              after, graded.names))
    args, kwargs = case.fresh()
    context = {"function": ex.function, "trains": "learning_rate" in graded.names,
               "args": args, "names": graded.names}
    try:
        mm = engine.judge(ex.outputs, case, outcome, graded.expected[i], context)
    except Exception as err:   # a comparison must never stop the grading
        return False, f"the output could not be compared ({type(err).__name__})."
    if mm is None:
        return True, "passed"
    engine.remind(mm, graded.reminders)
    return False, engine.render(mm, False, ex.function,
                                engine.shapes_of(args, kwargs, graded.names, reveal=False))


def _collect(results, graded, limits, how, rc, timeout, result, all_fail, diagnostics):
    ex = graded.exercise
    try:
        status = _read_record(results / "status", limits)
    except (ValueError, OSError, json.JSONDecodeError, zipfile.BadZipFile):
        status = None
    if status is not None and status[0].get("stage") != "loaded":
        err = status[0].get("error")
        return all_fail(f"importing your course_utils/{ex.module}.py failed: "
                        + _error_message(err, graded), "import-error", diagnostics)
    if status is None:
        how = how or ("crashed" if rc and rc < 0 else "exited")
        return all_fail(_ended(how, timeout) + f" while importing course_utils/{ex.module}.py.",
                        how, diagnostics)
    cases, final = [], "ok"
    for i in range(len(graded.expected)):
        try:
            got = _read_record(results / f"case_{i}", limits)
        except (ValueError, OSError, json.JSONDecodeError, zipfile.BadZipFile,
                KeyError, TypeError, RecursionError):
            cases.append(CaseResult(False, "your function's output could not be read back."))
            continue
        if got is None:
            how = how or ("crashed" if rc and rc < 0 else "exited")
            final = how
            cases.append(CaseResult(False, _ended(how, timeout) + "."))
            continue
        passed, message = judge_case(graded, i, *got)
        cases.append(CaseResult(passed, message))
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


def _indent(text):
    return "\n".join("    " + line for line in text.splitlines())


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
            lines.append(_indent(f"all {n} hidden cases: {failures[0][1]}"))
        else:
            lines += [_indent(f"hidden case {k} of {n}: {m}") for k, m in failures]
        if failures and not all(m.startswith("not implemented") for _, m in failures):
            lost = [other for other in ex.exercise.calls
                    if f"{ex.exercise.module}.{other}" in results
                    and results[f"{ex.exercise.module}.{other}"].score
                    < results[f"{ex.exercise.module}.{other}"].points]
            for other in lost:
                lines.append(_indent(f"Note: {other}, which {ex.exercise.function} usually "
                                     f"calls, lost points too: fix {other} first."))
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
    exercises = prepared
    modules = [m for m in LESSON_MODULES if (package_dir / f"{m}.py").is_file()]
    total_max = sum(g.points for g in prepared)
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
