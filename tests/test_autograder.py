"""The autograder's driver (python -m course_instructor grade ...), end to end, sandboxed.

One grading run of lesson 1 over many submissions made here from the reference source
by text substitution: the instructor's repository (full marks), the untouched student
edition (zero), planted bugs (exact partial marks), hostile submissions (each loses only
its own exercise's points) and unsafe archives. A second run grades all lessons. Every
run uses the bubblewrap sandbox (the default); where it cannot run, these tests are
skipped with the reason, except under CI, where that is a failure. The refusal without
bubblewrap and the --unsandboxed flag are in tests/test_grade_command.py. The attacks of issue 11
and the zip fuzz are in tests/test_hostile_cohort.py; each step has its own test file
(test_exercises, test_submissions, test_jobs, test_scoring, test_resume, test_reports).
"""
import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from course_instructor import autograder, codec, exercises, hidden, jobs, release
from course_instructor import sandbox as sb
from course_utils import registry
from course_utils.markers import find_regions
from course_utils.registry import LESSON_MODULES

REPO = Path(__file__).resolve().parents[1]
AVAILABLE, REASON = sb.sandbox_available()
pytestmark = [pytest.mark.sandbox,
              pytest.mark.skipif(not AVAILABLE, reason=f"the sandbox cannot run here: {REASON}")]
LR = "course_utils/logistic_regression.py"
L1 = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"]
L1_POINTS = {"sigmoid": 1, "initialize_with_zeros": 1, "propagate": 3, "optimize": 3,
             "predict": 2, "model": 2}
LIMITS = jobs.Limits(timeout=8)   # generous: the reference needs < 1 s per exercise


# ------------------------------------------------------------------ making submissions
def mutate(src, old, new):
    assert src.count(old) == 1, f"{old!r} is not exactly once in the reference"
    return src.replace(old, new)


def replace_body(src, exercise, body):
    """Replace the solution region of ``exercise`` by ``body`` (lines, unindented)."""
    lines = src.splitlines()
    region = next(r for r in find_regions(src, "module") if r.exercise == exercise)
    lines[region.begin + 1:region.end] = [region.indent + b for b in body]
    return "\n".join(lines) + "\n"


def after_imports(src, code):
    anchor = "from course_utils.metrics import accuracy, report_cost"
    line = next(line for line in src.splitlines(keepends=True) if line.startswith(anchor))
    return mutate(src, line, line + code + "\n")


def write_module(root, name, text, rel=LR):
    path = Path(root, name, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Path(root, name)


def planted(ref):
    """name -> (source of logistic_regression.py, {exercise: expected points})."""
    return {
        # A composite runs with the student's own building blocks, as in the notebook: a
        # bug in one costs the functions that call it too (and the public checks of those
        # fail as well, so the gradebook holds no surprise).
        "bug_predict_ge": (mutate(ref, "(A > 0.5)", "(A >= 0.5)"),
                           {"predict": 1.6}),                 # only the tie case fails (1 of 5)
        "bug_propagate_no_m": (mutate(ref, '"dw": X @ dZ.T / m,', '"dw": X @ dZ.T,'),
                               {"propagate": 0.6, "optimize": 0, "model": 0}),
        #                                      (only propagate's m = 1 case passes)
        "bug_init_shape": (mutate(ref, "w = np.zeros((dim, 1))", "w = np.zeros(dim)"),
                           {"initialize_with_zeros": 0, "model": 0}),
        "naive_sigmoid_warns": (replace_body(ref, "sigmoid", ["s = 1 / (1 + np.exp(-z))"]),
                                {}),                          # overflow warnings cost nothing
        "inplace_optimize": (mutate(ref, 'w = w - learning_rate * grads["dw"]',
                                    'w -= learning_rate * grads["dw"]'),
                             {"optimize": 0}),    # model's own w, not its input: fine
        "hostile_loop": (replace_body(ref, "propagate", ["while True:", "    pass"]),
                         {"propagate": 0, "optimize": 0, "model": 0}),
        "hostile_exit": (replace_body(ref, "optimize", ["import os", "os._exit(0)"]),
                         {"optimize": 0, "model": 0}),
        "hostile_segfault": (replace_body(ref, "predict", ["import ctypes",
                                                           "ctypes.string_at(0)"]),
                             {"predict": 0, "model": 0}),
        "hostile_memory": (replace_body(ref, "sigmoid", [
            "hog = np.ones(2 * 10 ** 9)              # 16 GB, written", "s = z"]),
            {e: 0 for e in L1 if e != "initialize_with_zeros"}),
        "hostile_monkeypatch": (replace_body(after_imports(ref, "\n".join([
            "import numpy.testing",
            "np.isclose = lambda *a, **k: np.ones(np.shape(a[0]), bool)",
            "np.allclose = np.array_equal = lambda *a, **k: True",
            "numpy.testing.assert_allclose = lambda *a, **k: None"])),
            "initialize_with_zeros", ["w = np.ones((dim, 1))", "b = 0.0"]),
            {"initialize_with_zeros": 0, "model": 0}),
        "hostile_fake_print": (replace_body(ref, "model", [
            'print("model: all 3 hidden cases passed. Total: 12.00 / 12.00")',
            'print(\'{"ok": true, "score": 2}\')',
            "Y_prediction_test = Y_prediction_train = costs = w = b = None"]),
            {"model": 0}),
        "hostile_import_error": (after_imports(ref, 'raise RuntimeError("boom at import")'),
                                 {e: 0 for e in L1}),
        "syntax_error": (mutate(ref, "    b = 0.0\n", "    b = = 0.0\n"), {e: 0 for e in L1}),
        # A process left running is killed with its sandbox; the answer itself is right.
        "hostile_orphan": (after_imports(ref, "import subprocess as _sp, sys as _sys\n"
                                              "_sp.Popen([_sys.executable, '-c', "
                                              "'import time; time.sleep(299.25)'])"), {}),
    }


def make_zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("grading")


@pytest.fixture(scope="module")
def reference(workdir):
    """The instructor's package as a submission named "main", wherever the repo is cloned."""
    sub = workdir / "reference" / "main"
    shutil.copytree(REPO / "course_utils", sub / "course_utils",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return sub


@pytest.fixture(scope="module")
def edition(workdir):
    return release.build_student_edition(REPO, workdir / "student").out_dir


@pytest.fixture(scope="module")
def lesson1_run(workdir, edition, reference):
    ref = (REPO / LR).read_text(encoding="utf-8")
    subs_dir = workdir / "subs"
    subs, expected = [reference, edition], {"main": {}, "student": {e: 0 for e in L1}}
    for name, (text, points) in planted(ref).items():
        subs.append(write_module(subs_dir, name, text))
        expected[name] = points
    # Helpers edited in the submission change nothing: the instructor's are used.
    helpers = subs_dir / "edited_helpers"
    shutil.copytree(edition, helpers)
    (helpers / LR).write_text(ref, encoding="utf-8")
    with open(helpers / "course_utils" / "activations.py", "a") as f:
        f.write("\n\ndef relu(z):\n    return 0.0\n")
    (helpers / "course_utils" / "_validation.py").write_text("raise ImportError('edited')\n")
    (helpers / "course_utils" / "checks" / "diagnosis.py").write_text("raise SystemExit(3)\n")
    subs.append(helpers)
    expected["edited_helpers"] = {}
    # A graded module that is a link to the instructor's reference is not graded.
    link = subs_dir / "symlinked" / "course_utils"
    link.mkdir(parents=True)
    (link / "logistic_regression.py").symlink_to(REPO / LR)
    subs.append(subs_dir / "symlinked")
    expected["symlinked"] = {e: 0 for e in L1}
    # Archives: nested folder (fine), zip-slip, zip bomb.
    subs.append(make_zip(subs_dir / "zipped.zip", {f"alice/{LR}": ref,
                                                    "alice/notebooks/x.ipynb": "{}"}))
    expected["zipped"] = {}
    subs.append(make_zip(subs_dir / "zip_slip.zip", {LR: ref, "../escaped_by_zip.py": "x=1"}))
    expected["zip_slip"] = {e: 0 for e in L1}
    subs.append(make_zip(subs_dir / "zip_bomb.zip", {LR: ref + "#" + " " * (30 << 20)}))
    expected["zip_bomb"] = {e: 0 for e in L1}

    out = workdir / "out1"
    graded = autograder.grade(subs, out / "gradebook.csv", out / "feedback", jobs=2,
                              only=["logistic_regression"], limits=LIMITS, progress=False)
    return {"graded": graded, "out": out, "expected": expected, "subs": subs}


def read_gradebook(path):
    with open(path, newline="") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


# ------------------------------------------------------------------ lesson 1 run
def test_gradebook_has_exactly_the_expected_marks(lesson1_run):
    rows = read_gradebook(lesson1_run["out"] / "gradebook.csv")
    assert sorted(rows) == sorted(lesson1_run["expected"])
    assert list(rows) == sorted(rows)                       # sorted by name
    for name, overrides in lesson1_run["expected"].items():
        want = {f"logistic_regression.{e}": float(overrides.get(e, p))
                for e, p in L1_POINTS.items()}
        got = {k: float(v) for k, v in rows[name].items() if k.startswith("logistic_")}
        assert got == want, name
        assert float(rows[name]["total"]) == pytest.approx(sum(want.values()), abs=1e-9), name
        assert rows[name]["max"] == "12.00"
    assert rows["main"]["total"] == "12.00" and rows["student"]["total"] == "0.00"


def test_a_composite_names_the_building_block_to_fix_first(lesson1_run):
    rows = read_gradebook(lesson1_run["out"] / "gradebook.csv")
    row = rows["bug_propagate_no_m"]
    assert (row["logistic_regression.propagate"], row["logistic_regression.optimize"],
            row["logistic_regression.model"]) == ("0.60", "0.00", "0.00")
    fb = _feedback(lesson1_run, "bug_propagate_no_m")
    assert "Note: propagate, which optimize usually calls, lost points too: fix propagate " \
           "first." in fb
    assert "Note: optimize, which model usually calls, lost points too" in fb
    assert "which propagate usually calls" not in fb          # sigmoid is fine
    assert "usually calls" not in _feedback(lesson1_run, "student")   # not implemented


def _results(run):
    data = json.loads((run["out"] / "gradebook.json").read_text())
    return data, {s["name"]: s for s in data["submissions"]}


def test_results_json_records_cases_and_how_each_child_ended(lesson1_run):
    data, subs = _results(lesson1_run)
    assert [e["id"] for e in data["exercises"]] == [f"logistic_regression.{e}" for e in L1]
    assert data["max"] == 12
    def status(sub, ex):
        return subs[sub]["exercises"][f"logistic_regression.{ex}"]["status"]
    assert status("hostile_loop", "propagate") == "timeout"
    assert status("hostile_exit", "optimize") == "exited"
    assert status("hostile_segfault", "predict") == "crashed"
    assert "SIGSEGV" in subs["hostile_segfault"]["exercises"][
        "logistic_regression.predict"]["diagnostics"]
    assert status("hostile_import_error", "sigmoid") == "import-error"
    assert all(status("hostile_loop", e) == "ok"
               for e in ("sigmoid", "initialize_with_zeros", "predict"))
    cases = subs["bug_predict_ge"]["exercises"]["logistic_regression.predict"]["cases"]
    assert [c["passed"] for c in cases] == [False, True, True, True, True]


def _feedback(run, name):
    return (run["out"] / "feedback" / f"{name}.txt").read_text()


def test_feedback_explains_each_failure(lesson1_run):
    def fb(name):
        return _feedback(lesson1_run, name)
    assert "Total: 12.00 / 12.00 points" in fb("main")
    assert "not implemented yet (NotImplementedError) (in sigmoid)" in fb("student")
    assert ("all 4 hidden cases: w should have shape (3, 1); got (3,).\n"
            "    Hint: give the full 2-D shape as a tuple: np.zeros((3, 1))" in fb("bug_init_shape")
            or "hidden case 1 of 4: w should have shape (3, 1); got (3,)" in fb("bug_init_shape"))
    assert ("hidden case 1 of 5: Y_prediction differs from the expected values at 4 of 4 "
            "entries" in fb("bug_predict_ge"))
    assert "predict 1 only where the probability is strictly greater than 0.5" in \
        fb("bug_predict_ge")
    assert "your function changed its argument w, which belongs to the caller." in \
        fb("inplace_optimize")
    assert "time limit of 8 s was exceeded" in fb("hostile_loop")
    assert "process ended before returning" in fb("hostile_exit")
    assert "the process crashed" in fb("hostile_segfault")
    assert "your code raised MemoryError (in sigmoid)" in fb("hostile_memory")   # no line
    assert re.search(r"importing your course_utils/logistic_regression.py failed: your code "
                     r"raised RuntimeError at line \d+\.", fb("hostile_import_error"))
    assert "boom" not in fb("hostile_import_error")          # the student's own words
    assert "the archive holds an unsafe member name" in fb("zip_slip")
    assert "escaped_by_zip" not in fb("zip_slip")            # a name the student chose
    assert re.search(r"failed: your code raised SyntaxError at line \d+", fb("syntax_error"))
    assert "is larger than 1024 KB once decompressed" in fb("zip_bomb")
    assert "course_utils/logistic_regression.py is a symbolic link; not graded" in \
        fb("symlinked")
    assert 'd["costs"] should be a tuple (or list) of 2 items; got None' in fb("hostile_fake_print")


def _hidden_numbers(module):
    """Every number of the hidden cases of ``module`` (inputs and expected values), as
    they could be printed: a feedback file must contain none of them."""
    import importlib
    ref = importlib.import_module(f"course_utils.{module}")
    found = set()

    def walk(v):
        if isinstance(v, np.ndarray):
            for x in v.ravel()[:50]:
                walk(float(x))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)
        elif isinstance(v, float) and v not in (0.0, 1.0, -1.0) and np.isfinite(v):
            found.update({f"{v:.3g}", f"{v:.6g}", f"{v:.8g}", repr(v)})
    for ex in registry.exercises(module):
        for case in hidden.cases(module, ex.function):
            args, kwargs = case.fresh()
            walk(args), walk(kwargs)
            with contextlib.redirect_stdout(io.StringIO()):
                walk(getattr(ref, ex.function)(*args, **kwargs))
    return {n for n in found if len(n.strip("-0.")) >= 2}


def test_feedback_never_shows_a_hidden_value(lesson1_run):
    """Kinds, shapes, keys, counts and the course's own hints only: no number of a case."""
    numbers = _hidden_numbers("logistic_regression")
    assert len(numbers) > 100
    for path in (lesson1_run["out"] / "feedback").iterdir():
        text = path.read_text()
        leaked = sorted(n for n in numbers if re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", text))
        assert not leaked, (path.name, leaked[:5])
        assert not re.search(r"\[\[|\bnan\b|\binf\b", text), path.name


def test_no_process_outlives_its_child(lesson1_run):
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "299.25" not in ps


def test_zip_slip_member_was_not_extracted_anywhere(lesson1_run, workdir):
    assert not list(workdir.rglob("escaped_by_zip.py"))
    assert not Path(os.getcwd(), "escaped_by_zip.py").exists()
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("escaped_by_zip.py"))


def test_rerun_gives_the_same_gradebook(lesson1_run, workdir):
    subs = [s for s in lesson1_run["subs"]
            if Path(s).name in ("main", "bug_propagate_no_m", "hostile_exit", "zip_bomb.zip")]
    out = workdir / "rerun"
    autograder.grade(subs, out / "g.csv", out / "fb", jobs=1, only=["logistic_regression"],
                     limits=LIMITS, progress=False)
    first = read_gradebook(lesson1_run["out"] / "gradebook.csv")
    again = read_gradebook(out / "g.csv")
    assert again == {k: first[k] for k in again}
    autograder.grade(list(reversed(subs)), out / "g2.csv", out / "fb2", jobs=2,
                     only=["logistic_regression"], limits=LIMITS, progress=False)
    assert (out / "g2.csv").read_bytes() == (out / "g.csv").read_bytes()
    assert (out / "g2.json").read_bytes() == (out / "g.json").read_bytes()
    for name in ("main", "bug_propagate_no_m"):
        assert (out / "fb2" / f"{name}.txt").read_text() == _feedback(lesson1_run, name)


# ------------------------------------------------------------------ all lessons
def test_all_lessons_reference_full_stubs_zero_bugs_partial(workdir, edition, reference):
    present = [m for m in LESSON_MODULES if (REPO / f"course_utils/{m}.py").exists()]
    chosen = exercises.select_exercises()
    points = {ex.id: hidden.generator(ex.module, ex.function).points for ex in chosen}
    total = sum(points.values())
    subs = [reference, edition]
    expected_bug = {}
    if "shallow_network" in present and "deep_network" in present:
        bugs = workdir / "bugs_l2_l3"
        shutil.copytree(REPO / "course_utils", bugs / "course_utils",
                        ignore=shutil.ignore_patterns("grading", "__pycache__"))
        sn = bugs / "course_utils" / "shallow_network.py"
        sn.write_text(replace_body(sn.read_text(), "backward_propagation", [
            "W2 = parameters['W2']", "A1, A2 = cache['A1'], cache['A2']", "dZ2 = A2 - Y",
            "dW2 = dZ2 @ A1.T / m", "db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
            "dZ1 = (W2.T @ dZ2) * (1.0 - A1)      # bug: tanh' is 1 - A1 ** 2",
            "dW1 = dZ1 @ X.T / m", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m"]))
        dn = bugs / "course_utils" / "deep_network.py"
        dn.write_text(replace_body(dn.read_text(), "linear_backward", [
            "dW = dZ @ A_prev.T                   # bug: no / m",
            "db = np.sum(dZ, axis=1, keepdims=True) / m",
            "dA_prev = W.T @ dZ if compute_dA_prev else None"]))
        subs.append(bugs)
        # linear_backward: only its m = 1 case passes (2 points, 4 cases); so does
        # linear_activation_backward, which calls it; the rest of the backward path and the
        # models lose their points, and nn_model with backward_propagation.
        expected_bug = {"shallow_network.backward_propagation": 0.0,
                        "shallow_network.nn_model": 0.6,       # its 0-iteration case,
                                                               # 1 of 5 for 3 points
                        "deep_network.linear_backward": 0.5,
                        "deep_network.linear_activation_backward": 0.5,
                        "deep_network.L_model_backward": 0.0,
                        "deep_network.two_layer_model": 0.0,
                        "deep_network.L_layer_model": 0.0}
    out = workdir / "out_all"
    autograder.grade(subs, out / "g.csv", out / "fb", jobs=2, limits=LIMITS, progress=False)
    rows = read_gradebook(out / "g.csv")
    assert float(rows["main"]["total"]) == total == float(rows["main"]["max"])
    assert float(rows["student"]["total"]) == 0
    if expected_bug:
        for ex in chosen:
            want = expected_bug.get(ex.id, float(points[ex.id]))
            assert float(rows["bugs_l2_l3"][ex.id]) == want, ex.id


# ------------------------------------------------------------------ units
def test_codec_round_trip_without_pickle(tmp_path):
    from course_utils.deep_network import LinearCache
    value = {"a": np.arange(6.0).reshape(2, 3), "b": 0.1, "n": 3, "t": (True, None, "relu"),
             "nan": float("nan"), "s": np.float32(2.5), "i": np.int64(7),
             "cache": LinearCache(np.ones((2, 1)), np.eye(2), np.zeros((2, 1))),
             "obj": np.array([object()]), "f": len}
    arrays = {}
    spec = codec.encode(value, arrays, np)
    with open(tmp_path / "x.npz", "wb") as f:
        np.savez(f, **arrays)
    loaded = dict(np.load(tmp_path / "x.npz", allow_pickle=False))
    back = codec.decode(json.loads(json.dumps(spec)), loaded, np)
    assert back["b"] == 0.1 and back["n"] == 3 and back["t"] == (True, None, "relu")
    assert np.isnan(back["nan"]) and type(back["s"]) is np.float32 and back["i"] == 7
    assert type(back["cache"]) is tuple and np.array_equal(back["cache"][1], np.eye(2))
    assert isinstance(back["obj"], codec.Other) and isinstance(back["f"], codec.Other)
    rebuilt = codec.decode(spec, loaded, np, rebuild_namedtuples=True)
    assert type(rebuilt["cache"]) is LinearCache
    with pytest.raises(ValueError):
        codec.decode({"t": "nd", "key": "missing"}, {}, np)
    with pytest.raises(ValueError):
        codec.decode({"t": "npscalar", "dtype": "object", "v": "0"}, {}, np)


def test_bad_arguments_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(exercises.GradingError, match="layout must be one of"):
        autograder.grade([tmp_path / "a"], tmp_path / "g.csv", tmp_path / "fb",
                         layout="blackboard", progress=False)
    with pytest.raises(exercises.GradingError, match="does not exist"):
        autograder.grade([tmp_path / "nope"], tmp_path / "g.csv", tmp_path / "fb",
                         progress=False)
    with pytest.raises(exercises.GradingError, match="no exercise"):
        autograder.grade([tmp_path / "a"], tmp_path / "g.csv", tmp_path / "fb",
                         only=["nothing.*"], progress=False)
    assert not (tmp_path / "g.csv").exists()


def test_cli_grade(tmp_path, edition, reference):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([sys.executable, "-m", "course_instructor", "grade", str(reference),
                        str(edition),
                        "--gradebook", str(tmp_path / "g.csv"), "--feedback",
                        str(tmp_path / "fb"), "--only", "*.sigmoid", "--only", "*.predict",
                        "-j", "2", "--language", "zh"], capture_output=True, text=True,
                       cwd=tmp_path, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert lines[-1].startswith("warning: no course secret is set (NN_COURSE_SECRET or ")
    lines = lines[:-1]
    assert len(lines) == 2 and all(l.startswith("graded ") for l in lines)   # not a TTY
    assert {l.split(": ")[1].split()[0] for l in lines} == {"main", "student"}
    rows = read_gradebook(tmp_path / "g.csv")
    predicts = [ex for ex in registry.exercises() if ex.function == "predict"]
    assert float(rows["main"]["total"]) == 1 + sum(
        hidden.generator(ex.module, "predict").points for ex in predicts) and predicts
    assert rows["student"]["total"] == "0.00"
    assert sorted(p.name for p in (tmp_path / "fb").iterdir()) == ["main.txt", "student.txt"]
    feedback = (tmp_path / "fb" / "student.txt").read_text()      # --language zh
    assert feedback.startswith("student 的评分反馈\n\n总分：0.00 / ")
    assert "logistic_regression.sigmoid：0.00 / 1.00 分，5 个隐藏用例中通过了 0 个\n" \
           "    全部 5 个隐藏用例：还没有实现（NotImplementedError）（在 sigmoid 中）" in feedback
    assert '"message": "not implemented yet (NotImplementedError) (in sigmoid)' in \
        (tmp_path / "g.json").read_text()                          # the JSON stays English
    assert (tmp_path / "g.json").exists()
