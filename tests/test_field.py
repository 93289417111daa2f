"""A semester outside the repository: what a student does with the student edition.

* **Install** (``install.py``, the READMEs' first command): a fresh virtual environment with
  only the packages of requirements.txt, no install of the course, no PYTHONPATH; each
  notebook's set-up cells (its first code cell and its other import cells) run there with
  IPython, from the notebook's folder, and import the edition's own ``course_utils``.
* **Hand-in**: a student's folder with a real ``.venv`` of several MB (and caches,
  checkpoints, the data) gives a zip under 1 MB without any of them, from which the grader
  gives the reference full marks.
* **Hub updates by nbgitpuller**: the published edition is pulled into a student's folder
  (nbgitpuller's own GitPuller, as its /git-pull link does), the student edits a lesson
  module and a notebook, the instructor publishes a fix as the README says (a release in a
  new folder copied over the published clone, a commit, a push: no force-push), and a
  second pull brings the fix and keeps the student's work.
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from course_instructor import release

pytestmark = pytest.mark.field

REPO = Path(__file__).resolve().parents[1]
LR = "course_utils/logistic_regression.py"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return release.build_student_edition(REPO, tmp_path_factory.mktemp("field") / "student")


def _clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


# ------------------------------------------------------------------ install
@pytest.fixture(scope="module")
def installed(edition, tmp_path_factory):
    """A copy of the edition set up by its install.py: ``.venv`` with requirements.txt."""
    folder = tmp_path_factory.mktemp("installed") / "nn-course"
    shutil.copytree(edition.out_dir, folder)
    run = subprocess.run([sys.executable, "install.py"], cwd=folder, env=_clean_env(),
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.rstrip().endswith("Done. Start the course with:  .venv/bin/jupyter lab "
                                        "notebooks")
    return folder


def _setup_cells(nb_path):
    """The code of the notebook's first code cell and of every cell made of imports only."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    chosen = code[:1]
    for source in code[1:]:
        try:
            body = ast.parse(source).body
        except SyntaxError:                          # IPython magics: not an import cell
            continue
        if body and all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body):
            chosen.append(source)
    return chosen


def test_the_venv_has_the_student_packages_and_no_course(installed):
    python = installed / ".venv" / "bin" / "python"
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=json"],
                            capture_output=True, text=True, check=True, timeout=120).stdout
    names = {p["name"].lower() for p in json.loads(listed)}
    for pin in (installed / "requirements.txt").read_text().splitlines():
        if pin.strip() and not pin.startswith("#"):
            assert pin.split("==")[0].lower() in names, pin
    assert not {"course-utils", "nn-course", "pytest", "nbval"} & names
    found = subprocess.run([str(python), "-c", "import importlib.util as u; "
                            "print(u.find_spec('course_utils'))"], cwd="/",
                           env=_clean_env(), capture_output=True, text=True, timeout=60)
    assert found.stdout.strip() == "None"        # outside the course folder: not installed


@pytest.mark.parametrize("lang", ["", "zh/"])
@pytest.mark.parametrize("lesson", ["01_logistic_regression_cats", "02_planar_one_hidden_layer",
                                    "03_deep_neural_network"])
def test_each_notebooks_set_up_cells_run_without_an_install(installed, lesson, lang):
    folder = installed / "notebooks" / lang.rstrip("/")
    cells = _setup_cells(folder / f"{lesson}.ipynb")
    probe = ("import course_utils, sys\n"
             "print('course_utils from', course_utils.__file__)\n")
    script = folder / "setup_cells.ipy"
    script.write_text("\n\n".join(cells + [probe]), encoding="utf-8")
    try:
        run = subprocess.run([str(installed / ".venv" / "bin" / "ipython"), "--no-banner",
                              "--quick", "--colors=NoColor", str(script)], cwd=folder,
                             env=_clean_env(MPLBACKEND="Agg", HOME=str(installed.parent)),
                             capture_output=True, text=True, timeout=300)
    finally:
        script.unlink()
    assert run.returncode == 0 and "Error" not in run.stdout, run.stdout[-3000:] + run.stderr
    assert f"course_utils from {installed / 'course_utils' / '__init__.py'}" in run.stdout


# ------------------------------------------------------------------ hand-in
def _fill_all(folder):
    from editions import fill        # tests/editions.py
    from course_utils.markers import find_regions
    for module in ("logistic_regression", "shallow_network", "deep_network"):
        rel = f"course_utils/{module}.py"
        fill(folder, rel, {r.exercise for r in find_regions((REPO / rel).read_text(), rel)})


def test_a_hand_in_from_a_folder_with_a_venv_is_small_and_gets_full_marks(edition, tmp_path):
    from course_instructor import autograder
    from course_instructor.sandbox import sandbox_available
    ok, reason = sandbox_available()
    if not ok:
        pytest.skip(f"the grading sandbox cannot run here: {reason}")
    folder = tmp_path / "nn-course"
    shutil.copytree(edition.out_dir, folder)
    _fill_all(folder)
    subprocess.run([sys.executable, "-m", "venv", str(folder / ".venv")], check=True,
                   timeout=300)                   # a real venv, pip included
    venv_bytes = sum(p.stat().st_size for p in (folder / ".venv").rglob("*") if p.is_file())
    assert venv_bytes > 5 << 20
    for junk in ("course_utils/__pycache__/x.cpython-311.pyc",
                 "notebooks/.ipynb_checkpoints/01_logistic_regression_cats-checkpoint.ipynb"):
        (folder / junk).parent.mkdir(parents=True, exist_ok=True)
        (folder / junk).write_bytes(b"\0" * 1000)
    for rel in edition.files:                     # every notebook worked in, saved with outputs
        if rel.endswith(".ipynb"):
            shutil.copy(REPO / rel, folder / rel)
    run = subprocess.run([sys.executable, "-m", "course_utils", "handin", "--name", "Ada L."],
                         cwd=folder, env=_clean_env(PYTHONPATH=str(folder)),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    zip_path = folder / "Ada_L-nn-course.zip"
    size = zip_path.stat().st_size
    with zipfile.ZipFile(zip_path) as zf:
        names = sorted(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    print(f"hand-in: {size} bytes; {len(names)} members: {names}; .venv: {venv_bytes} bytes")
    assert size < 1 << 20
    assert names == sorted(["manifest.json", LR, "course_utils/shallow_network.py",
                            "course_utils/deep_network.py"] +
                           [rel for rel in edition.files if rel.endswith(".ipynb")])
    assert manifest["edition"] == json.loads(
        (folder / "course_utils/edition.json").read_text())["edition"]
    results = autograder.grade([zip_path], tmp_path / "grades" / "g.csv",
                               tmp_path / "grades" / "fb", jobs=2, progress=False)
    (sub, res), = results
    assert (sub.name, sub.platform, sub.error) == ("Ada_L", "handin", None)   # its manifest's
    assert sub.warnings == []                       # every graded module matches its hash
    assert {r.status for r in res.values()} == {"ok"}
    assert sum(r.score for r in res.values()) == sum(r.points for r in res.values()) > 0
    assert len(res) == 27


# ------------------------------------------------------------------ nbgitpuller
def _git(cwd, *args):
    return subprocess.run(["git", "-c", "user.name=Instructor", "-c", "user.email=i@example.org",
                           *args], cwd=cwd, check=True, capture_output=True, text=True,
                          timeout=120).stdout


def _publish(new_release, published):
    """The README's update recipe: replace the published clone's files by a new release
    (its .git kept), commit, push. No force-push: students' clones merge the new commit."""
    _git(published, "rm", "-rq", ".")
    for item in new_release.iterdir():
        dest = published / item.name
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, dest)
    _git(published, "add", "-A")
    _git(published, "commit", "-qm", "Fix lesson 1")
    _git(published, "push", "-q", "origin", "main")


def _pull(url, target):
    from nbgitpuller.pull import GitPuller
    return list(GitPuller(url, str(target), branch="main").pull())


def test_a_fix_published_mid_term_reaches_a_student_by_nbgitpuller(edition, tmp_path):
    pytest.importorskip("nbgitpuller", reason="pip install nbgitpuller (requirements-dev.txt)")
    remote = tmp_path / "nn-course-student.git"          # stands for the public repository
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    published = tmp_path / "published"
    shutil.copytree(edition.out_dir, published)
    _git(published, "init", "-q", "-b", "main")
    _git(published, "add", "-A")
    _git(published, "commit", "-qm", "Student edition")
    _git(published, "remote", "add", "origin", str(remote))
    _git(published, "push", "-q", "-u", "origin", "main")

    home = tmp_path / "home"                             # the student's home on the hub
    home.mkdir()
    _pull(str(remote), home / "nn-course-student")      # first click on the link: a clone
    student = home / "nn-course-student"
    assert (student / "notebooks" / "01_logistic_regression_cats.ipynb").is_file()

    # The student works: fills sigmoid, runs a notebook (outputs saved), names themself.
    from editions import fill
    fill(student, LR, {"sigmoid"})
    mine = (student / LR).read_text()
    nb2 = student / "notebooks" / "02_planar_one_hidden_layer.ipynb"
    work = json.loads(nb2.read_text())
    work["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout",
                                    "text": ["my run\n"]}]
    nb2.write_text(json.dumps(work, indent=1) + "\n")
    (student / ".nn-course-student").write_text("alice\n")

    # The instructor fixes lesson 1's notebook and a docstring of lesson 1's module.
    fixed = tmp_path / "release-2" / "student"
    shutil.copytree(edition.out_dir, fixed)
    nb1 = fixed / "notebooks" / "01_logistic_regression_cats.ipynb"
    lesson1 = json.loads(nb1.read_text())
    markdown = next(c for c in lesson1["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = ["**Erratum, week 3:** a fixed sentence.\n\n"] + markdown["source"]
    nb1.write_text(json.dumps(lesson1, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    module = (fixed / LR).read_text()
    assert module.count('"""Lesson 1') == 1
    (fixed / LR).write_text(module.replace('"""Lesson 1', '"""(Fixed in week 3.) Lesson 1'))
    _publish(fixed, published)

    _pull(str(remote), student)                          # the next click: a merge
    assert "Erratum, week 3" in (student / "notebooks/01_logistic_regression_cats.ipynb"
                                 ).read_text()
    now = (student / LR).read_text()
    assert "(Fixed in week 3.) Lesson 1" in now                     # the fix arrived
    assert now == mine.replace('"""Lesson 1', '"""(Fixed in week 3.) Lesson 1')  # work kept
    assert json.loads(nb2.read_text())["cells"][1]["outputs"][0]["text"] == ["my run\n"]
    assert (student / ".nn-course-student").read_text() == "alice\n"
    assert _git(student, "status", "--porcelain") == ""            # nothing left half-merged
