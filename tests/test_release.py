"""The student edition (python -m course_instructor release OUT_DIR).

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

import pytest
from editions import fill, run_in  # tests/editions.py

from course_instructor import release
from course_utils.markers import MarkerError, find_regions, stub_text

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
GRADED = ("logistic_regression", "shallow_network", "deep_network")
B, E = "### BEGIN" + " SOLUTION", "### END" + " SOLUTION"   # not markers in this file


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return release.build_student_edition(REPO, tmp_path_factory.mktemp("ed") / "student")


@pytest.fixture(scope="module")
def source_regions():
    paths, _ = release.list_repo_files(REPO)
    shipped = [p for p in paths if release.edition_entry(p)]
    return release.solution_regions(REPO, shipped)


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
        stubbed = find_regions(out, rel)
        assert [r.exercise for r in stubbed] == [r.exercise for r in by_file[rel]]
        for r in stubbed:
            body = "\n".join(r.lines)
            assert body.strip().startswith("raise NotImplementedError("), (rel, r.exercise)
            assert f"Exercise '{r.exercise}'" in body and rel in body
            compile(textwrap.dedent(body), rel, "exec")        # one statement, no solution


def test_stub_keeps_indentation_and_markers():
    src = ("def f(x):\n    y = 1\n    if x:\n        " + B + "\n        z = x * 2\n"
           "        " + E + "\n    return z\n")
    out, regions = stub_text(src, "pkg/mod.py")
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


def test_the_edition_is_its_allow_list(edition):
    shipped = {p.relative_to(edition.out_dir).as_posix()
               for p in edition.out_dir.rglob("*") if p.is_file()}
    assert set(edition.files) == shipped
    for rel in shipped - {"README.md", "README.zh.md"}:
        assert release.edition_entry(rel), f"{rel} is not on the edition's list"
    for needed in ("README.md", "requirements.txt", "course_utils/__init__.py",
                   "course_utils/checks/policy.py", "course_utils/markers.py",
                   "course_utils/registry.py", "notebooks/01_logistic_regression_cats.ipynb",
                   "notebooks/zh/01_logistic_regression_cats.ipynb", "binder/runtime.txt",
                   "datasets/train_catvnoncat.h5", "images/cat_samples.png"):
        assert needed in shipped, needed
    assert (edition.out_dir / "README.md").read_text() == \
        (REPO / "README.student.md").read_text()
    assert (edition.out_dir / "README.zh.md").read_text() == \
        (REPO / "README.student.zh.md").read_text()
    assert (edition.out_dir / "install.py").read_bytes() == (REPO / "install.py").read_bytes()
    # The instructor's package, the tests, the maintainers' tools and their inputs stay out.
    for prefix in ("course_instructor/", "tests/", "tools/", "translations/", ".ci/",
                   "benchmarks/"):
        assert not any(p.startswith(prefix) for p in shipped), prefix
        assert any(p.startswith(prefix) for p in edition.left_out), prefix
    for name in ("INSTRUCTORS.md", "README.student.md", "README.student.zh.md",
                 "pyproject.toml", "conftest.py",
                 "requirements-dev.txt"):
        assert name not in shipped
    assert not any("/hidden" in p for p in shipped)


def test_the_edition_carries_its_id_for_the_hand_in(edition):
    """course_utils/edition.json: the release date and the source commit (the hand-in's
    manifest copies the id), and each shipped notebook's hash (so that handin knows
    which notebooks a student worked in)."""
    import hashlib
    import re
    import subprocess
    info = json.loads((edition.out_dir / "course_utils/edition.json").read_text())
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    assert info["commit"] == head and isinstance(info["uncommitted"], bool)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", info["released"])
    assert info["edition"] == f"{info['released']}+{head[:8]}"
    shipped = sorted(p.relative_to(edition.out_dir).as_posix()
                     for p in (edition.out_dir / "notebooks").rglob("*.ipynb"))
    assert sorted(info["notebooks"]) == shipped and len(shipped) == 6
    for rel, digest in info["notebooks"].items():
        assert hashlib.sha256((edition.out_dir / rel).read_bytes()).hexdigest() == digest


def test_no_instructor_or_maintainer_module_reaches_the_edition(edition):
    """Nothing the edition ships imports the instructor's package or the maintainers'
    tools, or even names them in code: the student package stands alone."""
    import ast
    for path in edition.out_dir.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert name.split(".")[0] not in ("course_instructor", "tools"), \
                    f"{path.relative_to(edition.out_dir)} imports {name}"
    r = run_in(edition.out_dir,
               "import course_utils.__main__ as m\n"
               "sub = next(a for a in m.build_parser()._actions if a.dest == 'command')\n"
               "print(' '.join(sub.choices))")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["progress", "handin", "make-datasets"], r.stdout


def test_the_edition_ships_the_student_requirements_only(edition):
    req = (edition.out_dir / "requirements.txt").read_text()
    assert req == (REPO / "requirements.txt").read_text()
    names = [re.split(r"[=<>\[ ]", line)[0].lower() for line in req.splitlines()
             if line.strip() and not line.startswith("#")]
    assert "numpy" in names and "jupyterlab" in names
    for tool in ("pytest", "nbval", "playwright", "jupyter-repo2docker", "ruff", "-e", "-r"):
        assert tool not in names, tool


# ------------------------------------------------------------------ behaviour of the stubs
def test_stub_raises_and_the_check_says_so_with_its_message(edition):
    r = run_in(edition.out_dir,
               "from course_utils.checks import logistic_regression as checks\n"
               "from course_utils.logistic_regression import propagate\n"
               "checks.check_propagate(propagate)\n")
    assert r.returncode != 0
    last = r.stderr.strip().splitlines()[-1]
    # ExerciseNotDone is a NotImplementedError that IPython shows without the check's stack.
    assert last.startswith("course_utils.checks.public.ExerciseNotDone: Exercise 'propagate' "
                           "is not done yet: write its code in "
                           "course_utils/logistic_regression.py"), r.stderr
    assert re.search(r"raised at line \d+ of \S+/course_utils/logistic_regression\.py\)$",
                     last), last


def test_filled_in_exercise_passes_its_check(edition, tmp_path):
    copy = tmp_path / "student"
    shutil.copytree(edition.out_dir, copy)
    fill(copy, "course_utils/logistic_regression.py", {"sigmoid", "propagate"})
    r = run_in(copy, "from course_utils.checks import logistic_regression as checks\n"
                     "from course_utils.logistic_regression import sigmoid, propagate, optimize\n"
                     "checks.check_sigmoid(sigmoid)\nchecks.check_propagate(propagate)\n"
                     "checks.check_optimize(optimize)\n")
    assert r.stdout == "sigmoid: all 4 cases passed.\npropagate: all 3 cases passed.\n"
    assert "ExerciseNotDone: Exercise 'optimize'" in r.stderr


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
    with pytest.raises(MarkerError, match=error):
        find_regions(body, "pkg/mod.py")


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
    with pytest.raises(MarkerError, match=r"notebooks/zz\.py:2"):
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
                                "course_utils/__main__.py", "course_utils/edition.json",
                                "course_utils/mod.py", "notebooks/n.ipynb"]
    info = json.loads((tmp_path / "out/course_utils/edition.json").read_text())
    assert info["commit"] is None and info["edition"] == info["released"]  # no git: no commit
    assert ed.left_out == ["README.md", "tests/test_x.py"]     # the instructor README
    assert (tmp_path / "out/README.md").read_text() == "# course\n"   # the student one
    cell = json.loads((tmp_path / "out/notebooks/n.ipynb").read_text())["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    src_text = "".join(cell["source"])
    # a notebook exercise: placeholders for what the solution assigns
    assert "reshape" not in src_text and "flat = None" in src_text


def test_cli_release(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([sys.executable, "-m", "course_instructor", "release",
                        str(REPO / "inside")],
                       capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 1 and "inside the repository" in r.stderr
    assert not (REPO / "inside").exists()
    src = _small_repo(tmp_path / "src")
    r = subprocess.run([sys.executable, "-m", "course_instructor", "release",
                        str(tmp_path / "ed"), "--source", str(src)],
                       capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "1 solution regions stubbed" in r.stdout
    assert "left out (not on the edition's list): 1 files (README.md)" in r.stdout
