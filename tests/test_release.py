"""The student edition (python -m course_utils release OUT_DIR).

Built once from this repository; then: every solution region is a stub, no solution
line leaks (checked against every solution region, with the release's own leak check
and with an independent line-by-line search), notebooks are cleared, instructor-only
files are left out, bad markers and bad OUT_DIRs are refused without leaving anything
behind, and the edition's notebooks stop at the first exercise with the stub's message.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from course_utils.grading import release

REPO = Path(__file__).resolve().parents[1]
GRADED = ("logistic_regression", "shallow_network", "deep_network")
B, E = "### BEGIN" + " SOLUTION", "### END" + " SOLUTION"   # not markers in this file


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return release.build_student_edition(REPO, tmp_path_factory.mktemp("ed") / "student")


@pytest.fixture(scope="module")
def source_regions():
    paths, _ = release.list_repo_files(REPO)
    shipped = [p for p in paths if not release.is_instructor_only(p)]
    return release.solution_regions(REPO, shipped)


def _run(code, edition_dir, **kw):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(edition_dir)
    return subprocess.run([sys.executable, "-c", code], cwd=edition_dir, env=env,
                          capture_output=True, text=True, timeout=120, **kw)


# ------------------------------------------------------------------ contents
def test_every_graded_module_has_its_regions_stubbed(edition, source_regions):
    by_file = {}
    for r in source_regions:
        by_file.setdefault(r.path, []).append(r)
    for module in GRADED:
        rel = f"course_utils/{module}.py"
        if not (REPO / rel).exists():
            continue
        assert by_file.get(rel), f"{rel} has no solution region"
        out = (edition.out_dir / rel).read_text(encoding="utf-8")
        stubbed = release.find_regions(out, rel)
        assert [r.exercise for r in stubbed] == [r.exercise for r in by_file[rel]]
        for r in stubbed:
            body = "\n".join(r.lines)
            assert body.strip().startswith("raise NotImplementedError("), (rel, r.exercise)
            assert f"Exercise '{r.exercise}'" in body and rel in body
            compile(textwrap.dedent(body), rel, "exec")        # one statement, no solution


def test_stub_keeps_indentation_and_markers():
    src = ("def f(x):\n    y = 1\n    if x:\n        " + B + "\n        z = x * 2\n"
           "        " + E + "\n    return z\n")
    out, regions = release.stub_text(src, "pkg/mod.py")
    lines = out.splitlines()
    assert lines[3] == "        " + B and lines[-2] == "        " + E
    assert lines[4] == "        raise NotImplementedError("
    assert all(line.startswith("            \"") for line in lines[5:-2])
    assert regions[0].exercise == "f" and regions[0].lines == ["        z = x * 2"]
    ns = {}
    exec(compile(out, "mod.py", "exec"), ns)
    with pytest.raises(NotImplementedError, match=r"Exercise 'f' is not done yet: write its "
                                                  r"code in pkg/mod\.py"):
        ns["f"](1)


def test_no_solution_line_leaks(edition, source_regions):
    """The release's own leak check, over every solution region of the repository."""
    graded_files = {f"course_utils/{m}.py" for m in GRADED
                    if (REPO / f"course_utils/{m}.py").exists()}
    assert graded_files <= {r.path for r in source_regions}
    for r in source_regions:   # every region has something to search for
        assert release.needles(r.lines), f"{r.path}:{r.begin + 1} ({r.exercise}) is all trivial"
    report = release.find_leaks(edition.out_dir, source_regions, source_root=REPO)
    assert report.leaks == []
    assert edition.echoes == report.echoes


def _lines_of(path):
    """Normalised lines of a text file (notebooks: every cell and output line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
    if path.suffix == ".ipynb":
        nb = json.loads(text)
        text = "\n".join("".join(c.get("source", "")) + "\n" + json.dumps(c.get("outputs", []))
                         for c in nb["cells"])
    return [" ".join(line.split()) for line in text.splitlines()]


def _outside_regions(path):
    """The text of a source file without the lines between solution markers (a plain
    state machine, independent of the release's parser)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        text = "\n".join("".join(c.get("source", "")) for c in json.loads(text)["cells"])
    kept, inside = [], False
    for line in text.splitlines():
        if line.strip() in (B, E):
            inside = line.strip() == B
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def test_no_solution_line_leaks_independent_search(edition, source_regions):
    """Second oracle: a non-trivial solution line (>= 12 non-blank characters) may appear
    in the edition only if the package's own modules (not the checks) give it away
    outside the solution regions."""
    given = " ".join(" ".join(_outside_regions(REPO / rel).split()) for rel in edition.files
                     if rel.startswith("course_utils/") and rel.endswith(".py")
                     and not rel.startswith("course_utils/checks/"))
    texts = {}
    for path in edition.out_dir.rglob("*"):
        if path.is_file():
            lines = _lines_of(path)
            texts[path] = path.read_bytes() if lines is None else "\n".join(lines)
    checked = 0
    for r in source_regions:
        for line in r.lines:
            code = line.split("  #")[0]
            if len("".join(code.split())) < release.MIN_SIGNIFICANT:
                continue
            checked += 1
            wanted = " ".join(code.split())
            for path, text in texts.items():
                found = (wanted.encode() in text) if isinstance(text, bytes) else wanted in text
                assert not found or wanted in given, \
                    f"{wanted!r} of {r.path} ({r.exercise}) leaks into {path}"
    assert checked >= len(source_regions)


def test_leak_check_catches_planted_leaks(edition, source_regions, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(edition.out_dir, copy)
    line = next(l for r in source_regions if r.exercise == "propagate" for l in r.lines
                if "@" in l)
    nb = next(copy.glob("notebooks/*.ipynb"), None)
    if nb is not None:     # in a notebook output (a traceback shows source lines)
        data = json.loads(nb.read_text(encoding="utf-8"))
        cell = next(c for c in data["cells"] if c["cell_type"] == "code")
        cell["outputs"] = [{"output_type": "error", "ename": "E", "evalue": "",
                            "traceback": ["---> 97" + line]}]
        nb.write_text(json.dumps(data), encoding="utf-8")
    (copy / "notes.md").write_text(f"Spoiler: `{line.strip()}`\n", encoding="utf-8")
    (copy / "old.bin").write_bytes(b"\x00\xff" + line.strip().encode() + b"\x00")
    report = release.find_leaks(copy, source_regions, source_root=REPO)
    leaked = {l.split(":")[0] for l in report.leaks}
    assert {"notes.md", "old.bin"} <= leaked
    if nb is not None:
        assert any(l.startswith(f"{nb.relative_to(copy).as_posix()} cell") for l in report.leaks)
    # The public checks ship, but solution code must not leak through them, even where
    # their author wrote it (outside any region): only the package's helpers and the
    # exercises' scaffolding may give a solution line away.
    shutil.copytree(REPO, tmp_path / "src", ignore=shutil.ignore_patterns(".git", "*.h5"))
    for root in (copy, tmp_path / "src"):
        with open(root / "course_utils" / "checks" / "lesson1.py", "a") as f:
            f.write(f"\n# expected values made with:\n#{line}\n")
    report = release.find_leaks(copy, source_regions, source_root=tmp_path / "src")
    assert any(l.startswith("course_utils/checks/lesson1.py") for l in report.leaks)
    # A file that repeats most of a solution is a leak even where its author wrote it.
    region = next(r for r in source_regions if r.exercise == "optimize")
    (copy / "course_utils" / "backup.py").write_text("\n".join(region.lines) + "\n")
    (tmp_path / "src" / "course_utils" / "backup.py").write_text("\n".join(region.lines) + "\n")
    report = release.find_leaks(copy, source_regions, source_root=tmp_path / "src")
    assert any(l.startswith("course_utils/backup.py") and "repeats most" in l
               for l in report.leaks)


def test_notebooks_are_cleared(edition):
    for nb_path in edition.out_dir.glob("notebooks/*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, nb_path


def test_instructor_only_files_are_left_out(edition):
    shipped = {p.relative_to(edition.out_dir).as_posix()
               for p in edition.out_dir.rglob("*") if p.is_file()}
    assert not any(p.startswith(("course_utils/grading/", "tests/", ".ci/", "benchmarks/"))
                   for p in shipped)
    assert "INSTRUCTORS.md" not in shipped and "README.student.md" not in shipped
    assert (edition.out_dir / "README.md").read_text() == \
        (REPO / "README.student.md").read_text()
    for needed in ("README.md", "requirements.txt", "pyproject.toml",
                   "course_utils/__init__.py", "course_utils/checks/engine.py",
                   "course_utils/markers.py", "course_utils/registry.py"):
        assert needed in shipped
    assert set(edition.files) == shipped
    assert {p for p in edition.left_out if p.startswith("course_utils/grading/")}
    # The public checks ship; the hidden cases do not exist anywhere in the edition.
    assert not any(p.startswith("course_utils/grading") or "/hidden" in p for p in shipped)


def test_edition_package_installs_metadata_intact(edition):
    req = (edition.out_dir / "requirements.txt").read_text()
    assert "-e ." in req.split("\n") or "-e ." in req
    shipped = (edition.out_dir / "pyproject.toml").read_bytes()
    assert shipped == (REPO / "pyproject.toml").read_bytes()


# ------------------------------------------------------------------ behaviour of the stubs
def test_stub_raises_and_the_check_says_so_with_its_message(edition):
    r = _run("from course_utils.checks import logistic_regression as checks\n"
             "from course_utils.logistic_regression import propagate\n"
             "checks.check_propagate(propagate)\n", edition.out_dir)
    assert r.returncode != 0
    last = r.stderr.strip().splitlines()[-1]
    # ExerciseNotDone is a NotImplementedError that IPython shows without the check's stack.
    assert last.startswith("course_utils.checks.engine.ExerciseNotDone: Exercise 'propagate' "
                           "is not done yet: write its code in "
                           "course_utils/logistic_regression.py"), r.stderr
    assert re.search(r"raised at line \d+ of \S+/course_utils/logistic_regression\.py\)$",
                     last), last


def test_filled_in_exercise_passes_its_check(edition, tmp_path):
    copy = tmp_path / "student"
    shutil.copytree(edition.out_dir, copy)
    fill(copy, "course_utils/logistic_regression.py", {"sigmoid", "propagate"})
    r = _run("from course_utils.checks import logistic_regression as checks\n"
             "from course_utils.logistic_regression import sigmoid, propagate, optimize\n"
             "checks.check_sigmoid(sigmoid)\nchecks.check_propagate(propagate)\n"
             "checks.check_optimize(optimize)\n", copy)
    assert r.stdout == "sigmoid: all 4 cases passed.\npropagate: all 3 cases passed.\n"
    assert "ExerciseNotDone: Exercise 'optimize'" in r.stderr


def fill(edition_dir, rel, exercises):
    """Put the reference body of ``exercises`` back into the edition's file ``rel``."""
    src = (REPO / rel).read_text(encoding="utf-8")
    ref = {r.exercise: r.lines for r in release.find_regions(src, rel)}
    path = Path(edition_dir, rel)
    lines = path.read_text(encoding="utf-8").splitlines()
    for r in reversed(release.find_regions("\n".join(lines), rel)):
        if r.exercise in exercises:
            lines[r.begin + 1:r.end] = ref[r.exercise]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ refusals
@pytest.mark.parametrize("body, error", [
    (f"def f():\n    {B}\n    x = 1\n    {B}\n    {E}\n",
     r"mod\.py:4: .*inside the region opened at line 2"),
    (f"def f():\n    x = 1\n    {E}\n", r"mod\.py:3: .*without a"),
    (f"def f():\n    {B}\n    x = 1\n", r"mod\.py:2: .*never closed"),
    (f"def f():\n    {B}\n    x = 1\n  {E}\n", r"mod\.py:4: .*indented differently"),
    (f"def f():\n    ## BEGIN SOLUTION\n    x = 1\n    {E}\n", r"mod\.py:2: malformed"),
    (f"def f():\n    {B}\n    x = 1\n    ### End Solution\n", r"mod\.py:4: malformed"),
])
def test_unbalanced_or_malformed_markers_are_refused_with_file_and_line(body, error):
    with pytest.raises(release.MarkerError, match=error):
        release.find_regions(body, "pkg/mod.py")


def _small_repo(root):
    (root / "course_utils").mkdir(parents=True)
    (root / "course_utils" / "__init__.py").write_text("")
    shutil.copyfile(REPO / "course_utils" / "__main__.py", root / "course_utils" / "__main__.py")
    (root / "course_utils" / "mod.py").write_text(
        f"def f(x):\n    {B}\n    y = x * 2 + 1000000\n    {E}\n    return y\n")
    (root / "README.md").write_text("# course (instructors)\n")
    (root / "README.student.md").write_text("# course\n")
    return root


def test_a_failure_leaves_no_half_written_edition(tmp_path):
    src = _small_repo(tmp_path / "src")
    (src / "notebooks").mkdir()
    (src / "notebooks" / "zz.py").write_text(f"def g():\n    {B}\n    pass\n")  # never closed
    with pytest.raises(release.MarkerError, match=r"notebooks/zz\.py:2"):
        release.build_student_edition(src, tmp_path / "out" / "student")
    assert list((tmp_path / "out").iterdir()) == []


def test_out_dir_inside_the_repo_or_not_empty_is_refused(tmp_path):
    src = _small_repo(tmp_path / "src")
    with pytest.raises(release.ReleaseError, match="inside the repository"):
        release.build_student_edition(src, src / "student")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    with pytest.raises(release.ReleaseError, match="not empty"):
        release.build_student_edition(src, tmp_path / "full")
    (tmp_path / "empty").mkdir()                 # an empty folder is fine
    release.build_student_edition(src, tmp_path / "empty")
    assert "raise NotImplementedError(" in (tmp_path / "empty/course_utils/mod.py").read_text()


def test_walks_the_tree_outside_git_and_clears_notebook_regions(tmp_path):
    src = _small_repo(tmp_path / "src")
    (src / "venv" / "lib").mkdir(parents=True)
    (src / "venv" / "lib" / "x.py").write_text("x = 1\n")
    (src / "course_utils" / "__pycache__").mkdir()
    (src / "course_utils" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    (src / "tests").mkdir()
    (src / "tests" / "test_x.py").write_text("")
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {}, "id": "a",
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": ["7\n"]}],
                     "source": ["x = 3\n", f"{B}\n", "flat = x.reshape(-1) * 1000\n", f"{E}\n"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (src / "notebooks").mkdir()
    (src / "notebooks" / "n.ipynb").write_text(json.dumps(nb))
    ed = release.build_student_edition(src, tmp_path / "out")
    assert sorted(ed.files) == ["README.md", "course_utils/__init__.py",
                                "course_utils/__main__.py", "course_utils/mod.py",
                                "notebooks/n.ipynb"]
    assert ed.left_out == ["README.md", "tests/test_x.py"]     # the instructor README
    assert (tmp_path / "out/README.md").read_text() == "# course\n"   # the student one
    cell = json.loads((tmp_path / "out/notebooks/n.ipynb").read_text())["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    src_text = "".join(cell["source"])
    # a notebook exercise: placeholders for what the solution assigns
    assert "reshape" not in src_text and "flat = None" in src_text


def test_cli_release(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([sys.executable, "-m", "course_utils", "release", str(REPO / "inside")],
                       capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 1 and "inside the repository" in r.stderr
    assert not (REPO / "inside").exists()
    src = _small_repo(tmp_path / "src")
    r = subprocess.run([sys.executable, "-m", "course_utils", "release", str(tmp_path / "ed"),
                        "--source", str(src)], capture_output=True, text=True, cwd=tmp_path,
                       env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "1 solution regions stubbed" in r.stdout
    # In the student edition the instructor tools say what they are. (-S: without site,
    # this venv's editable install of the instructor's package cannot supply grading/.)
    r = subprocess.run([sys.executable, "-S", "-m", "course_utils", "grade", "x",
                        "--gradebook", "g.csv", "--feedback", "fb"], capture_output=True,
                       text=True, cwd=tmp_path / "ed", env=env, timeout=120)
    assert r.returncode == 2 and "instructor tool" in r.stderr, r.stderr


# ------------------------------------------------------------------ notebooks
NOTEBOOK_LESSON = {"01": "logistic_regression", "02": "shallow_network", "03": "deep_network"}


def _execute(nb_path, edition_dir, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("PYTHONPATH", str(edition_dir))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(nb_path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(nb_path.parent)}})
    error = None
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as err:
        error = err
    return nb, error


def _first_error(nb):
    for number, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return number, out
    return None, None


@pytest.fixture(scope="module")
def runnable_edition(edition, tmp_path_factory):
    """A copy of the edition with the cat datasets, which it ships once they are committed;
    until then they are made the way the notebook's error message tells a student to."""
    copy = tmp_path_factory.mktemp("runnable") / "student"
    shutil.copytree(edition.out_dir, copy)
    if not (copy / "datasets" / "train_catvnoncat.h5").exists():
        r = _run("from course_utils.__main__ import main; main(['make-datasets'])", copy)
        assert r.returncode == 0, r.stderr
    return copy


def _notebooks():
    return sorted(p.name for p in (REPO / "notebooks").glob("0[123]_*.ipynb"))


@pytest.mark.parametrize("name", _notebooks())
def test_edition_notebook_stops_at_first_exercise(name, runnable_edition, monkeypatch):
    """Executed with the edition's course_utils, the notebook stops at its first exercise:
    an exercise in the notebook (its assert says what to do) or a graded function (its
    stub's message); the edition's course_utils is the one imported."""
    module = NOTEBOOK_LESSON[name[:2]]
    nb_path = runnable_edition / "notebooks" / name
    nb, error = _execute(nb_path, runnable_edition, monkeypatch)
    assert error is not None, "the student edition ran to the end"
    number, out = _first_error(nb)
    instructor = nbformat.read(REPO / "notebooks" / name, as_version=4)
    first = min(filter(None, [_first_notebook_exercise(instructor),
                              _first_graded_call(instructor, module)]))
    assert number == first[0], (number, first, out["ename"], out["evalue"])
    if first[1] is None:                                  # an exercise in the notebook
        assert out["ename"] == "AssertionError" and out["evalue"].strip(), out
        return
    assert out["ename"] == "NotImplementedError", (out["ename"], out["evalue"])
    m = re.match(r"Exercise '(\w+)' is not done yet: write its code in (\S+),", out["evalue"])
    assert m and m.group(2) == f"course_utils/{module}.py", out["evalue"]
    assert m.group(1) == first[1]
    traceback = release._ANSI.sub("", "".join(out["traceback"]))
    assert str(runnable_edition / "course_utils" / f"{module}.py") in traceback


@pytest.mark.parametrize("name", _notebooks())
def test_filled_in_notebook_exercises_move_the_stop_to_the_first_graded_one(
        name, runnable_edition, monkeypatch, tmp_path):
    """With its notebook exercises solved (the instructor's cells put back), the edition
    runs on to its first graded exercise: the placeholders stand where the solutions go."""
    module = NOTEBOOK_LESSON[name[:2]]
    copy = tmp_path / "student"
    shutil.copytree(runnable_edition, copy)
    instructor = nbformat.read(REPO / "notebooks" / name, as_version=4)
    nb_path = copy / "notebooks" / name
    fill_notebook(nb_path, instructor)
    nb, error = _execute(nb_path, copy, monkeypatch)
    number, out = _first_error(nb)
    assert out is not None and out["ename"] == "NotImplementedError", out
    assert number == _first_graded_call(instructor, module)[0]


def _first_notebook_exercise(nb):
    """(cell number, None) of the first code cell holding a solution region, if any."""
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and release.find_regions(cell.source, f"cell {number}"):
            return number, None
    return None


def fill_notebook(path, instructor):
    """Put the instructor's source back into every cell of ``path`` that has a region."""
    nb = nbformat.read(path, as_version=4)
    solved = {c.get("id"): c.source for c in instructor.cells
              if c.cell_type == "code" and release.find_regions(c.source, "cell")}
    for cell in nb.cells:
        if cell.get("id") in solved:
            cell.source = solved[cell["id"]]
    nbformat.write(nb, path)


def _first_graded_call(nb, module):
    """(cell number, exercise) of the first call of a graded function of ``module``."""
    names = [r.exercise for r in release.find_regions(
        (REPO / f"course_utils/{module}.py").read_text(encoding="utf-8"), module)]
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        code = re.sub(r"#.*", "", cell.source)
        calls = [(m.start(), m.group(1)) for m in
                 re.finditer(r"(?<![\w.])(\w+)\(", code) if m.group(1) in names]
        calls += [(m.start(), m.group(1)) for m in
                  re.finditer(r"checks\.check_(\w+)\(", code) if m.group(1) in names]
        if calls:
            return number, min(calls)[1]
    return None


def test_edition_notebook_01_passes_checks_once_filled_in(runnable_edition, monkeypatch,
                                                          tmp_path):
    """Filling in lesson 1's exercises moves the stop to the next exercise, and the
    checks of the filled-in ones pass."""
    name = next((n for n in _notebooks() if n.startswith("01")), None)
    if name is None:
        pytest.skip("notebook 01 does not exist yet")
    copy = tmp_path / "student"
    shutil.copytree(runnable_edition, copy)
    fill(copy, "course_utils/logistic_regression.py",
         {"sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"})
    fill_notebook(copy / "notebooks" / name,
                  nbformat.read(REPO / "notebooks" / name, as_version=4))
    nb, error = _execute(copy / "notebooks" / name, copy, monkeypatch)
    number, out = _first_error(nb)
    assert out is not None and out["ename"] == "ExerciseNotDone"
    assert out["evalue"].startswith("Exercise 'model' is not done yet")
    printed = "".join(o.get("text", "") for c in nb.cells[:number] if c.cell_type == "code"
                      for o in c.get("outputs", []) if o.get("output_type") == "stream")
    for line in ("sigmoid: all 4 cases passed.", "initialize_with_zeros: all 3 cases passed.",
                 "propagate: all 3 cases passed.", "optimize: all 3 cases passed.",
                 "predict: all 5 cases passed."):
        assert line in printed
