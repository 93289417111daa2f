"""Grade submissions:

    python -m course_instructor grade --gradebook G.csv --feedback DIR -- SUBMISSION...

A SUBMISSION is what a learning platform delivered (a Canvas or Moodle download, its
folder or files, nbgrader's ``submitted/``), a student's hand-in zip, or a folder or zip
holding a copy of the student edition (see :mod:`.intake`). Only the graded functions are
graded, taken from the submission's graded modules
(``course_utils/logistic_regression.py``, ``shallow_network.py``, ``deep_network.py``);
everything else -- helpers, checks, datasets, this grader -- comes from the instructor's
copy, so editing it in a submission changes nothing.

A run is a pipeline of small steps, one module each (:func:`grade` marks them):

1. :mod:`.intake`       what was given (platform downloads, hand-ins, folders, zips) ->
                        one submission per student, keyed by the platform's identity;
                        read once by :mod:`.archive` (nothing extracted, no link followed,
                        every size capped), named by :mod:`.submissions` (safe, unique)
2. :mod:`.exercises`    the exercises (from the solution markers), their hidden inputs and
                        the reference's expected outputs, computed once, here
3. :mod:`.jobs`         the library the children import (built once, solutions stubbed),
                        then one job per submission run in :mod:`.sandbox`
                        (bubblewrap: no network, no other process, read-only everything but
                        a capped scratch, process and memory caps), each exercise in its
                        own child there (a fresh fork, its own uid, emptied scratch)
4. :mod:`.scoring`      the child's results, read through :mod:`.transport` (every header
                        and size checked before loading) and decoded with :mod:`.codec`,
                        judged by the notebook checks' engine; each lost case keeps its
                        reason as data, with no hidden value or text of the submission
5. :mod:`.resume`       each finished pair cached beside the gradebook, so that a rerun
                        after an interruption skips it and writes the same files
6. :mod:`.reports`      gradebook CSV, the instructor's JSON and the feedback (the reasons
                        said in the student's language), written atomically at the end

Nothing a submission does aborts the run: a failure costs that submission or exercise,
with the reason in the JSON's ``status`` (see :mod:`.scoring`).
"""

import os
import shutil
import tempfile
import threading
import traceback
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from course_instructor import exercises as _exercises
from course_instructor import intake as _intake
from course_instructor import jobs as _jobs
from course_instructor import hidden, reports, resume, sandbox, scoring
from course_instructor import submissions as _submissions
from course_instructor.exercises import PACKAGE_DIR, GradingError
from course_instructor.jobs import Limits
from course_instructor.reports import Progress
from course_utils.messages import TABLES

MODES = ("bwrap", "unsandboxed")


class Results(list):
    """``[(Submission, {exercise id: ExerciseResult})]`` sorted by name, and about the run:
    ``sandbox`` (what held, in words), ``reused`` (results taken from the cache of an
    earlier run), ``retry`` (``(name, exercise id)`` not graded through no fault of the
    student: rerun to grade them), ``unrecognised`` (``(where, why)``: what was given but
    could not be attributed to a student), :meth:`not_graded`."""
    sandbox = ""
    secret = None            # where the course's secret came from (None: not set)
    hidden_inputs = ""       # how the hidden inputs were drawn, in words
    reused = 0
    retry = ()
    unrecognised = ()

    def not_graded(self):
        """One sentence for each submission, module or file given that could not be
        graded (not for a module the student left out: that one is missing)."""
        out = [scoring.submission_not_graded(sub).text("en") for sub, _ in self if sub.error]
        out += [f"submission {sub.name}: {problem}" for sub, _ in self if not sub.error
                for problem in sub.problems.values() if not problem.endswith("is missing")]
        return out + [f"{where}: {why}" for where, why in self.unrecognised]


# ------------------------------------------------------------------ one pair
_SANDBOXES = {}
_SANDBOXES_LOCK = threading.Lock()


def _sandbox_for(library, limits):
    """A bubblewrap sandbox for a library folder (for callers that pass a folder)."""
    key = (str(Path(library).resolve()), limits.sandbox())
    with _SANDBOXES_LOCK:
        if key not in _SANDBOXES:
            _SANDBOXES[key] = _jobs.make_sandbox(library, limits, "bwrap")
        return _SANDBOXES[key]


def grade_one(sub, graded, box, scratch, limits):
    """Grade one exercise of one submission in its own sandboxed child (see
    :func:`grade_batch`); ``box`` may also be the library folder (then a bubblewrap
    sandbox of that library is made once and reused)."""
    if not isinstance(box, sandbox.Sandbox) and scoring.not_graded(sub, graded) is None:
        box = _sandbox_for(box, limits)
    return grade_batch(sub, [graded], box, scratch, limits)[0]


def grade_batch(sub, batch, box, scratch, limits):
    """Grade the exercises ``batch`` of one submission: one sandbox, each exercise its
    own child in it. Returns an ExerciseResult per exercise; never raises for anything
    the submission does, nor for a failure of the grader (status "grader-error")."""
    try:
        found = [scoring.not_graded(sub, graded) for graded in batch]
        todo = [i for i, r in enumerate(found) if r is None]
        if todo:
            runs, results, job = _jobs.run_job(box, sub, [batch[i] for i in todo], scratch,
                                               limits)
            try:
                for i, run, folder in zip(todo, runs, results):
                    try:
                        found[i] = scoring.score(batch[i], run, folder,
                                                 limits.timeout or batch[i].timeout,
                                                 limits.memory_mb)
                    except Exception as err:  # noqa: BLE001 -- costs this pair only
                        found[i] = _grader_failed(batch[i], err)
            finally:
                shutil.rmtree(job, ignore_errors=True)
        return found
    except Exception as err:      # noqa: BLE001 -- a bug here costs these pairs, not the run
        return [_grader_failed(graded, err) for graded in batch]


def _grader_failed(graded, err):
    """The result of a pair that the grader itself failed on (graded again next run)."""
    trace = traceback.format_exc()[-4000:]
    return scoring.all_fail(graded, scoring.GRADER_FAILED, "grader-error",
                            f"the grader raised {type(err).__name__}",
                            {"grader_traceback": trace})


# ------------------------------------------------------------------ all pairs
def _grade_all(subs, prepared, box, scratch, limits, cache, jobs, bar):
    """Every (submission, exercise) pair: one task (one sandbox) per submission, ``jobs``
    at a time; on an interruption (KeyboardInterrupt in this thread) every running job
    is killed and nothing more is cached before it propagates.

    Time limits are judged on CPU time, so an exercise that loops costs its limit once,
    in parallel with the other jobs. Only a child stopped by the wall-clock backstop
    while it was kept waiting for a CPU (``starved``: another submission's busy
    processes, or the machine's load) is graded again, at the end, one submission at a
    time; only that verdict is kept and cached. Starved even then, it is not the
    student's doing: "sandbox-error", graded again by the next run."""
    results = {s.name: {} for s in subs}
    total_max = sum(g.points for g in prepared)
    lock, stopping, reused = threading.Lock(), threading.Event(), [0]
    alone = jobs <= 1 or len(subs) <= 1             # nothing else runs beside a job
    again = {}                                      # name -> [(graded, cache key)] to regrade

    def task(sub, batch):
        if stopping.is_set():
            return
        keys = [cache.key(sub, graded) for graded in batch]
        found = [cache.get(key, graded) for key, graded in zip(keys, batch)]
        todo = [i for i, r in enumerate(found) if r is None]
        if todo:
            fresh = grade_batch(sub, [batch[i] for i in todo], box, scratch, limits)
            if stopping.is_set():
                return                   # killed by the interruption: not a result
            for i, r in zip(todo, fresh):
                if r.starved and not alone:
                    with lock:
                        again.setdefault(sub.name, []).append((batch[i], keys[i]))
                else:
                    r = _not_starved(batch[i], r)
                    cache.put(keys[i], r)
                found[i] = r
        with lock:
            reused[0] += len(batch) - len(todo)
            results[sub.name] = {r.exercise: r for r in found}
        bar.finished(sub.name, sum(r.score for r in found), total_max)

    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grading")
    try:
        futures = [pool.submit(task, s, prepared) for s in subs]
        for f in futures:
            f.result()
    except BaseException:
        stopping.set()
        box.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    try:
        for sub in subs:                            # in name order: one sandbox at a time
            pairs = again.get(sub.name)
            if pairs:
                batch, keys = zip(*pairs)
                for graded, key, r in zip(batch, keys,
                                          grade_batch(sub, list(batch), box, scratch, limits)):
                    r = _not_starved(graded, r)
                    cache.put(key, r)
                    results[sub.name][r.exercise] = r
    except BaseException:
        box.stop()
        raise
    return results, reused[0]


def _not_starved(graded, r):
    """``r``, unless it is a time-out of a child starved of CPU while it ran alone: then
    the machine's load is to blame, not the student ("sandbox-error": graded again by
    the next run, never cached)."""
    if not r.starved:
        return r
    return scoring.all_fail(graded, scoring.STARVED, "sandbox-error",
                            r.diagnostics + "; starved of CPU even alone (the machine's "
                            "load): graded again by the next run", r.untrusted)


def feedback_language(sub):
    """The language of ``sub``'s feedback when none is forced: the one its hand-in's
    manifest names (checked as "en" or "zh" when it was read), else English."""
    return sub.language if sub.language in TABLES else "en"


def _secret():
    """``(secret, where)`` of the course (see :mod:`.hidden`); a bad secret file is a
    :class:`GradingError`."""
    try:
        return hidden.course_secret()
    except ValueError as err:
        raise GradingError(str(err)) from None


@contextmanager
def _private_folder():
    """A new folder only the grader can enter (0700), removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="nn-course-grading-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------ the run
def grade(submissions, gradebook, feedback_dir, results_path=None, jobs=None, only=None,
          limits=None, progress=True, package_dir=PACKAGE_DIR, mode="bwrap", fresh=False,
          layout="auto", language=None, secret=None):
    """Grade ``submissions`` (paths: downloads, folders, zips, hand-ins; see
    :mod:`.intake`); write the gradebook, the results JSON and feedback.

    ``mode``: "bwrap" (the default: each child in a bubblewrap sandbox; raises
    :class:`~course_instructor.sandbox.SandboxUnavailable` with the reason where it
    cannot run) or "unsandboxed" (trusted code only). ``fresh``: forget the results
    cached by earlier runs. ``layout``: "auto" (recognise each path's layout) or one of
    :data:`course_instructor.intake.LAYOUTS` to force it. ``language``: of the feedback,
    "en" or "zh" for every submission, or a function of a Submission that returns one;
    None (the default): each hand-in's own (its manifest's), else English
    (:func:`feedback_language`). ``secret``: the bytes
    the hidden inputs are drawn with (default: the course's secret from the environment,
    :func:`course_instructor.hidden.course_secret`, or the default draws). Returns
    :class:`Results`. Raises :class:`~course_instructor.exercises.GradingError` for bad
    arguments, before anything is graded; an interruption (KeyboardInterrupt) leaves
    every output file as it was and the finished pairs in the cache.
    """
    if mode not in MODES:
        raise GradingError(f"mode must be one of {MODES}; got {mode!r}.")
    limits = limits or Limits()
    jobs = max(1, jobs or os.cpu_count() or 1)
    if layout not in _intake.LAYOUTS:
        raise GradingError(f"layout must be one of {', '.join(_intake.LAYOUTS)}; got "
                           f"{layout!r}.")
    _intake.check_paths(submissions)                                         # 1. given?
    if mode == "bwrap":
        sandbox.require_sandbox()            # refuse before any work, with the reason
    exercises = _exercises.select_exercises(only, package_dir)               # 2. exercises
    secret, found = (secret, "given") if secret is not None else _secret()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        prepared = [_exercises.prepare(ex, package_dir, secret) for ex in exercises]
    modules = _submissions.graded_modules(package_dir)
    with _private_folder() as scratch:
        library = _jobs.build_library(scratch / "library", package_dir)     # 3. library
        box = _jobs.make_sandbox(library, limits, mode)                      # 3. sandbox
        given = _intake.collect(submissions, modules, limits.archive(), layout)  # 1. read
        subs = given.submissions
        cache = resume.Cache(resume.cache_dir(gradebook),                    # 5. cache
                             resume.run_key(library, limits, mode), fresh=fresh)
        bar = Progress(len(subs), enabled=progress)
        results, reused = _grade_all(subs, prepared, box, scratch, limits,  # 3-5. grade
                                     cache, jobs, bar)
    graded = Results((s, results[s.name]) for s in subs)
    graded.sandbox, graded.reused = box.describe(), reused
    graded.secret = found
    graded.hidden_inputs = (f"drawn with the course's secret ({found})" if found else
                            "the default draws (no course secret set: see INSTRUCTORS.md)")
    graded.unrecognised = given.unrecognised
    graded.retry = [(s.name, r.exercise) for s, res in graded for r in res.values()
                    if r.status in scoring.RETRY]
    results_path = results_path or Path(gradebook).with_suffix(".json")
    reports.write_all(gradebook, results_path, feedback_dir, prepared, graded,   # 6. reports
                      graded.sandbox, language or feedback_language, graded.unrecognised,
                      graded.hidden_inputs)
    return graded
