"""Step 5 of grading (course_instructor/resume.py): an interrupted run is resumed.

Units: what the cache key depends on, and that the cache gives back exactly what was
put in, or nothing (a damaged or foreign entry is graded again). End to end: a real
``python -m course_instructor grade`` is stopped by SIGTERM, then again by SIGINT, while one
submission hangs after the others are done; each time the previous gradebook is intact and
no process of the run is left; the third run finishes, reusing what was cached, and
writes the same bytes as an uninterrupted run.
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from processes import processes_with  # tests/processes.py

from course_instructor import jobs, resume, scoring
from course_instructor import sandbox as sb
from course_instructor.archive import Submission
from course_utils.checks.policy import ErrorInfo, Mismatch
from course_utils.messages import Phrase

pytestmark = pytest.mark.sandbox

REPO = Path(__file__).resolve().parents[1]
AVAILABLE, REASON = sb.sandbox_available()
needs_bwrap = pytest.mark.skipif(not AVAILABLE,
                                 reason=f"the sandbox cannot run here: {REASON}")


def graded(fingerprint="f" * 64, n=2):
    ex = SimpleNamespace(id="m.f", module="m", function="f")
    return SimpleNamespace(exercise=ex, id="m.f", points=3, expected=[0] * n,
                           fingerprint=fingerprint)


def sub(**kw):
    return Submission("alice", "alice.zip", **kw)


# ------------------------------------------------------------------ keys
def test_cache_folder_is_beside_the_gradebook():
    assert resume.cache_dir("grades/gradebook.csv") == Path("grades/gradebook.cache")


def test_the_key_follows_the_modules_the_problems_the_exercise_and_the_grader():
    base = resume.pair_key("run", sub(modules={"m": b"x = 1\n"}), graded())
    assert base == resume.pair_key("run", Submission("bob", "elsewhere",
                                                     modules={"m": b"x = 1\n"}), graded())
    others = [resume.pair_key("run", sub(modules={"m": b"x = 2\n"}), graded()),
              resume.pair_key("run", sub(modules={"m": b"x = 1\n", "n": b""}), graded()),
              resume.pair_key("run", sub(modules={"m": b"x = 1\n"}, problems={"n": "missing"}),
                              graded()),
              resume.pair_key("other run", sub(modules={"m": b"x = 1\n"}), graded()),
              resume.pair_key("run", sub(modules={"m": b"x = 1\n"}), graded("e" * 64))]
    assert len({base, *others}) == 6


def test_the_run_key_follows_the_library_the_limits_and_the_mode(tmp_path):
    lib = tmp_path / "lib"
    (lib / "course_utils").mkdir(parents=True)
    (lib / "course_utils" / "activations.py").write_text("EPS = 1e-12\n")
    limits = jobs.Limits()
    key = resume.run_key(lib, limits, "bwrap")
    assert key == resume.run_key(lib, limits, "bwrap")
    assert key != resume.run_key(lib, replace(limits, timeout=3), "bwrap")
    assert key != resume.run_key(lib, limits, "unsandboxed")
    (lib / "course_utils" / "activations.py").write_text("EPS = 1e-8\n")
    assert key != resume.run_key(lib, limits, "bwrap")


# ------------------------------------------------------------------ entries
# Reasons of every form a case can lose for (see scoring.CaseResult): a Mismatch (kinds as
# Phrases, tuples and lists, a hint), a Phrase with a Phrase field, a Phrase with a Mismatch.
REASONS = [
    Mismatch("kind", 'grads["dw"]', Phrase("kind.array", {"shape": (3, 1)}),
             Phrase("kind.sequence", {"type": "list", "n": 3}), hint=("hint.list_for_array", {})),
    Mismatch("missing", "parameters", ["W1", "b1"], ["b1"]),
    Mismatch("values", "A2", count=2, total=6, tolerance=(1e-6, 1e-8),
             hint=("hint.scaled", {})),
    Phrase("feedback.no_result", {"why": Phrase("feedback.why.timeout", {"timeout": 10.0})}),
    Phrase("feedback.import_failed", {"module": "m", "reason": Mismatch(
        "raised", error=ErrorInfo("ValueError", line=3, function="f"),
        hint=("hint.error_matmul", {}))}),
]


def result(status="ok", passed=(True, False), reason=REASONS[0]):
    cases = [scoring.CaseResult(p, None if p else reason) for p in passed]
    return scoring.make_result(graded(), cases, status, "killed by signal SIGSEGV",
                               {"stderr": "\x1b[2J student text"})


@pytest.mark.parametrize("reason", REASONS, ids=lambda r: type(r).__name__)
def test_an_entry_comes_back_as_it_was_put(tmp_path, reason):
    cache = resume.Cache(tmp_path / "c", "run")
    key = cache.key(sub(modules={"m": b""}), graded())
    assert cache.get(key, graded()) is None
    cache.put(key, result(reason=reason))
    back = cache.get(key, graded())
    assert back == result(reason=reason) and len(cache) == 1
    assert type(back.cases[1].reason) is type(reason)
    assert result().score == 1.5
    assert os.stat(tmp_path / "c").st_mode & 0o777 == 0o700


@pytest.mark.parametrize("status", ["sandbox-error", "grader-error", "not-graded"])
def test_what_is_not_the_students_doing_is_never_cached(tmp_path, status):
    cache = resume.Cache(tmp_path / "c", "run")
    cache.put("k", result(status))
    assert len(cache) == 0 and cache.get("k", graded()) is None


@pytest.mark.parametrize("damage", ["garbage", "other key", "case count", "score",
                                    "status", "deep"])
def test_a_damaged_entry_is_graded_again(tmp_path, damage):
    cache = resume.Cache(tmp_path / "c", "run")
    cache.put("k", result())
    path = tmp_path / "c" / "k.json"
    text = path.read_text()
    text = {"garbage": "not json {", "other key": text.replace('"key": "k"', '"key": "j"'),
            "case count": text.replace('"cases": [', '"cases": [{"passed": true, '
                                                     '"reason": {"t": "none"}}, '),
            "score": text.replace('"score": 1.5', '"score": 3.0'),
            "status": text.replace('"status": "ok"', '"status": "full marks"'),
            "deep": "[" * 10_000}[damage]
    path.write_text(text)
    assert cache.get("k", graded()) is None


def test_fresh_empties_and_stale_temporaries_go(tmp_path):
    cache = resume.Cache(tmp_path / "c", "run")
    cache.put("k", result())
    (tmp_path / "c" / ".tmp-cut-short").write_text('{"key": "k"')
    cache = resume.Cache(tmp_path / "c", "run")
    assert sorted(os.listdir(tmp_path / "c")) == ["k.json"]
    cache = resume.Cache(tmp_path / "c", "run", fresh=True)
    assert len(cache) == 0


# ------------------------------------------------------------------ interrupted runs
def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Three lesson-1 submissions: the reference, a planted bug, and 'z_slow', graded last
    (its optimize, and so its model, hang and leave a marked process behind)."""
    root = tmp_path_factory.mktemp("cohort")
    marker = f"resume-marker-{uuid.uuid4().hex}"
    ref = (REPO / "course_utils" / "logistic_regression.py").read_text(encoding="utf-8")
    hang = ("    import subprocess, sys\n"
            f"    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)"
            f"  # {marker}'])\n"
            "    while True:\n        pass\n")
    start = ref.index("    for i in range(num_iterations):")
    variants = {"z_slow": ref[:start] + hang + ref[start:],
                "main": ref,
                "bug": ref.replace('"dw": X @ dZ.T / m,', '"dw": X @ dZ.T,')}
    assert variants["bug"] != ref
    paths = []
    for name, text in variants.items():
        (root / name / "course_utils").mkdir(parents=True)
        (root / name / "course_utils" / "logistic_regression.py").write_text(text)
        paths.append(str(root / name))
    return root, paths, marker


def command(paths, out):
    return [sys.executable, "-m", "course_instructor", "grade", *paths, "--gradebook",
            str(out / "g.csv"), "--feedback", str(out / "fb"), "--only",
            "logistic_regression", "--timeout", "3", "-j", "1", "-q"]


def interrupt(paths, out, marker, sig, tmpdir):
    """Start a run (its temporary folders in ``tmpdir``), wait until the hanging job runs and
    another submission's results are cached, send ``sig``; return the exit code."""
    proc = subprocess.Popen(command(paths, out), cwd=out.parent, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(tmpdir)})
    try:
        assert wait_for(lambda: processes_with(marker)
                        and list((out / "g.cache").glob("*.json")), 120), \
            "the hanging job never ran while another was cached"
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert "interrupted: no output file was changed" in err, err
    return proc.returncode


@needs_bwrap
def test_an_interrupted_run_is_resumed_to_the_same_files(cohort, tmp_path):
    root, paths, marker = cohort
    out = tmp_path / "resumed"
    (out / "fb").mkdir(parents=True)
    (out / "g.csv").write_text("the previous gradebook\n")
    (out / "g.json").write_text("{}\n")
    (out / "fb" / "main.txt").write_text("the previous feedback\n")
    before = snapshot(out)
    tmpdir = tmp_path / "tmpdir"                 # the grader's own scratch folders go here
    tmpdir.mkdir()
    cached = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        assert interrupt(paths, out, marker, sig, tmpdir) == 130
        files = snapshot(out)
        assert {k: v for k, v in files.items() if not k.startswith("g.cache/")} == before
        assert wait_for(lambda: not processes_with(marker), 10), "a job outlived the run"
        cached.append(len(list((out / "g.cache").glob("*.json"))))
    # One job at a time, in name order: 'bug' and 'main' were done (6 exercises each)
    # when z_slow hung; z_slow's were not (it was running at each interruption).
    assert cached == [12, 12]
    assert list(tmpdir.iterdir()) == []          # each interrupted run removed its scratch

    done = subprocess.run(command(paths, out), cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"({cached[1]} exercise result(s) reused from an earlier run's cache)" in done.stdout

    fresh = tmp_path / "uninterrupted"
    once = subprocess.run(command(paths, fresh), cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert once.returncode == 0 and "reused" not in once.stdout, once.stderr
    resumed = {k: v for k, v in snapshot(out).items() if not k.startswith("g.cache/")}
    expected = {k: v for k, v in snapshot(fresh).items() if not k.startswith("g.cache/")}
    assert sorted(expected) == ["fb/bug.txt", "fb/main.txt", "fb/z_slow.txt", "g.csv", "g.json"]
    assert resumed == expected                        # byte for byte
    rows = expected["g.csv"].decode().splitlines()
    assert rows[3].startswith("z_slow,folder,,,,1.00,1.00,3.00,0.00,2.00,0.00,")  # its hangs
    # main: every exercise, all of lesson 1: 1 + 1 + 3 + 3 + 2 + 2 = 12 (lesson 1 and total)
    assert rows[2] == "main,folder,,,,1.00,1.00,3.00,3.00,2.00,2.00,12.00,12.00,12.00"
    assert b"time limit of 3 s was exceeded" in expected["fb/z_slow.txt"]
    shutil.rmtree(fresh)
