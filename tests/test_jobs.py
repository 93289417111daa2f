"""Step 3 of grading (course_instructor/jobs.py): the library and one job.

Oracles: the instructor's package itself (what must and must not be in the library),
the job folder as written (what the child will read, with the paths it will see), and
one real run of the child on the reference's sigmoid, checked with the sigmoid formula.
"""
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import course_utils
from course_instructor import archive, codec, exercises, jobs, release, transport
from course_instructor import sandbox as sb
from course_utils.markers import find_regions

pytestmark = pytest.mark.unit

PACKAGE = Path(course_utils.__file__).resolve().parent
AVAILABLE, REASON = sb.sandbox_available()
MODES = ["unsandboxed", pytest.param("bwrap", marks=pytest.mark.skipif(
    not AVAILABLE, reason=f"the sandbox cannot run here: {REASON}"))]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return jobs.build_library(tmp_path_factory.mktemp("lib") / "library")


def test_the_library_has_stubs_and_no_grader(library):
    lib = library / "course_utils"
    assert not (library / "course_instructor").exists()
    assert (library / jobs.RUNNER_NAME).read_bytes() == jobs.RUNNER_FILE.read_bytes()
    assert (library / jobs.CODEC_NAME).read_bytes() == Path(codec.__file__).read_bytes()
    for module in ("logistic_regression", "shallow_network", "deep_network"):
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        stubbed = (lib / f"{module}.py").read_text(encoding="utf-8")
        regions = find_regions(source, module)
        assert regions and stubbed.count("raise NotImplementedError") >= len(regions)
        lines = source.splitlines()
        solution = [lines[i] for r in regions for i in range(r.begin + 1, r.end)
                    if len(lines[i].strip()) > 25]
        assert solution and not any(line in stubbed.splitlines() for line in solution)
    helpers = sorted(p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                     if "__pycache__" not in p.parts)
    assert sorted(p.relative_to(lib) for p in lib.rglob("*.py")) == helpers


def course_copy(tmp_path):
    """A copy of the course's package (its tracked files) in a folder of its own, outside
    any git checkout: what an instructor's tree looks like to the library's builder."""
    tracked = subprocess.run(["git", "-C", str(PACKAGE.parent), "ls-files", "-z",
                              "course_utils"], capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode().split("\0")):
        (tmp_path / "repo" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE.parent / rel, tmp_path / "repo" / rel)
    return tmp_path / "repo" / "course_utils"


@pytest.mark.parametrize("stray", ["logistic_regression.py~", "#deep_network.py#",
                                   "shallow_network.py.orig", "notes/solutions.txt"])
def test_a_stray_file_holding_a_solution_stops_the_library(tmp_path, stray):
    """(Red team, breach 3: with an editor's backup such as logistic_regression.py~ in the
    package, the library copied it unstubbed and a submission loaded the reference.) The
    library is built from the release's list and leak-checked: the run stops and says
    which file, and nothing of it reaches a library folder."""
    package = course_copy(tmp_path)
    source = next(m for m in archive.GRADED_MODULES if stray.strip("#").startswith(m)) \
        if not stray.startswith("notes") else "deep_network"
    (package / stray).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package / f"{source}.py", package / stray)
    with pytest.raises(exercises.GradingError, match="solution lines would reach the sandbox"
                       ) as err:
        jobs.build_library(tmp_path / "library", package)
    assert f"course_utils/{stray}" in str(err.value)
    (package / stray).unlink()
    lib = jobs.build_library(tmp_path / "library2", package)
    assert sorted(p.relative_to(lib / "course_utils") for p in (lib / "course_utils")
                  .rglob("*") if p.is_file()) == sorted(
        p.relative_to(package) for p in package.rglob("*") if p.is_file())


def test_compiled_python_never_reaches_the_library(tmp_path):
    """A compiled reference (a .pyc beside its module, or in __pycache__) holds no source
    line for the leak check to find, but imports as the solution: never listed."""
    package = course_copy(tmp_path)
    import py_compile
    py_compile.compile(str(package / "logistic_regression.py"),
                       cfile=str(package / "logistic_regression.pyc"))
    py_compile.compile(str(package / "deep_network.py"))        # into __pycache__/
    lib = jobs.build_library(tmp_path / "library", package)
    assert not list(lib.rglob("*.pyc"))
    assert "course_utils/logistic_regression.pyc" not in release.list_repo_files(
        package.parent)[0]


def test_limits_map_to_the_sandbox_and_the_archive():
    limits = jobs.Limits(memory_mb=256, file_mb=8, processes=16, scratch_mb=4,
                         max_module_bytes=1000, max_zip_members=5, max_zip_bytes=2000,
                         max_result_bytes=3000)
    s = limits.sandbox()
    assert (s.memory_bytes, s.file_bytes, s.processes, s.scratch_bytes, s.results_bytes) == \
        (256 << 20, 8 << 20, 16, 4 << 20, 3000)
    a = limits.archive()
    assert (a.max_module_bytes, a.max_members, a.max_archive_bytes) == (1000, 5, 2000)


@pytest.fixture(scope="module")
def sigmoid():
    return exercises.prepare(next(iter(exercises.select_exercises(
        ["logistic_regression.sigmoid"]))))


@pytest.fixture(scope="module")
def predict():
    return exercises.prepare(next(iter(exercises.select_exercises(
        ["logistic_regression.predict"]))))


@pytest.mark.parametrize("mode", MODES)
def test_one_job_runs_the_submissions_own_functions(library, sigmoid, predict, tmp_path,
                                                     mode):
    box = jobs.make_sandbox(library, jobs.Limits(), mode)
    reference = (PACKAGE / "logistic_regression.py").read_bytes()
    sub = archive.Submission("s", "s", modules={"logistic_regression": reference,
                                                "deep_network": b"import nothing_at_all\n"})
    runs, results, job = jobs.run_job(box, sub, [sigmoid, predict], tmp_path, jobs.Limits())
    assert [(r.returncode, r.problem) for r in runs] == [(0, None), (0, None)], runs
    assert results == [job / "results-0", job / "results-1"]
    base = sb.JOB if mode == "bwrap" else str(job)           # paths as the child sees them
    for k, graded in enumerate((sigmoid, predict)):
        spec = json.loads((job / str(k) / "job.json").read_text())
        assert (spec["module"], spec["function"]) == ("logistic_regression",
                                                      graded.exercise.function)
        assert spec["student_modules"] == {
            "deep_network": f"{base}/submission/deep_network.py",
            "logistic_regression": f"{base}/submission/logistic_regression.py"}
        assert (job / str(k) / "inputs.npz").read_bytes() == graded.inputs_npz
        status = transport.read_record(results[k], "status")
        assert status == ({"stage": "loaded"}, {})   # the broken other module cost nothing
    assert (job / "submission" / "logistic_regression.py").read_bytes() == reference
    for i, case in enumerate(sigmoid.cases):
        record, arrays = transport.read_record(results[0], f"case_{i}")
        got = codec.decode(record["output"], arrays, np)
        with np.errstate(over="ignore"):
            np.testing.assert_allclose(got, 1 / (1 + np.exp(-np.asarray(case.args[0]))),
                                       rtol=1e-12)
    assert sorted(p.name for p in results[1].iterdir()) == sorted(
        ["status.json"] + [f"case_{i}.{x}" for i in range(len(predict.cases))
                           for x in ("json", "npz")])     # its own results only


@pytest.mark.parametrize("mode", MODES)
def test_a_stub_preloaded_in_the_supervisor_never_replaces_the_students_module(
        library, sigmoid, tmp_path, monkeypatch, mode):
    """The runner's safety net behind imports.preloadable: even if the supervisor had
    imported a graded module (the library's stub, without ``marker``), the submission's
    ``from course_utils.shallow_network import marker`` finds the student's file."""
    monkeypatch.setattr(jobs.imports, "preloadable",
                        lambda source: ["course_utils.shallow_network"])
    box = jobs.make_sandbox(library, jobs.Limits(), mode)
    reference = (PACKAGE / "logistic_regression.py").read_bytes()
    sub = archive.Submission("s", "s", modules={
        "logistic_regression": b"from course_utils.shallow_network import marker\n" + reference,
        "shallow_network": b"def marker():\n    return 42\n"})
    runs, results, _ = jobs.run_job(box, sub, [sigmoid], tmp_path, jobs.Limits())
    assert [(r.returncode, r.problem) for r in runs] == [(0, None)], runs
    assert transport.read_record(results[0], "status") == ({"stage": "loaded"}, {})
