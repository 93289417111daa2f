"""The student edition's notebooks, executed: each stops at its first exercise with the
stub's message, and filling exercises in moves the stop on (``release`` builds the edition;
the edition's own ``course_utils`` is the one imported)."""
import re
import shutil

import nbformat
import pytest
from editions import REPO, fill, run_in  # tests/editions.py

from course_instructor import release
from course_utils.markers import find_regions

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    return release.build_student_edition(REPO, tmp_path_factory.mktemp("ed") / "student")


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
        r = run_in(copy, "from course_utils.__main__ import main; main(['make-datasets'])")
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
        if cell.cell_type == "code" and find_regions(cell.source, f"cell {number}"):
            return number, None
    return None


def fill_notebook(path, instructor):
    """Put the instructor's source back into every cell of ``path`` that has a region."""
    nb = nbformat.read(path, as_version=4)
    solved = {c.get("id"): c.source for c in instructor.cells
              if c.cell_type == "code" and find_regions(c.source, "cell")}
    for cell in nb.cells:
        if cell.get("id") in solved:
            cell.source = solved[cell["id"]]
    nbformat.write(nb, path)


def _first_graded_call(nb, module):
    """(cell number, exercise) of the first call of a graded function of ``module``."""
    names = [r.exercise for r in find_regions(
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


# ------------------------------------------------------------------ the walk in order
def _check_cells(nb):
    """{exercise: number of the cell that checks it} (``checks.check_<exercise>(``)."""
    found = {}
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code":
            for m in re.finditer(r"checks\.check_(\w+)\(", re.sub(r"#.*", "", cell.source)):
                found.setdefault(m.group(1), number)
    return found


@pytest.mark.parametrize("name", _notebooks())
def test_working_in_order_never_meets_an_exercise_before_it_is_asked_for(
        name, runnable_edition, monkeypatch, tmp_path):
    """The walk: with exercises 1..k done (their reference bodies put back) and the
    notebook's own exercises filled in, the notebook, executed from the top, stops first
    in exercise k+1's section -- after exercise k's check cell, at the latest at k+1's own
    check cell (each exercise has a "try it" cell just before its check) -- with exercise
    k+1's "not done yet" message; with all done it runs to the end. So a student working
    in order never meets an exercise, or a cell that needs one, before it is asked for.
    For k = 0..n: n + 1 runs of the notebook per lesson."""
    from course_utils import registry
    module = NOTEBOOK_LESSON[name[:2]]
    rel = f"course_utils/{module}.py"
    copy = tmp_path / "student"
    shutil.copytree(runnable_edition, copy)
    instructor = nbformat.read(REPO / "notebooks" / name, as_version=4)
    nb_path = copy / "notebooks" / name
    fill_notebook(nb_path, instructor)
    stubbed = (copy / rel).read_text(encoding="utf-8")
    order = [ex.function for ex in registry.exercises(module)]
    checks = _check_cells(instructor)
    assert set(order) <= set(checks), f"exercises without a check cell: {set(order) - set(checks)}"
    assert [checks[f] for f in order] == sorted(checks[f] for f in order), \
        "the notebook checks the exercises in another order than the module's"
    for k in range(len(order) + 1):
        (copy / rel).write_text(stubbed, encoding="utf-8")
        fill(copy, rel, set(order[:k]))
        nb, error = _execute(nb_path, copy, monkeypatch)
        number, out = _first_error(nb)
        if k == len(order):
            assert out is None, (k, number, out and (out["ename"], out["evalue"][:300]))
            break
        assert out is not None, f"with {k} exercises done, the notebook ran to the end"
        after = checks[order[k - 1]] if k else 0
        where = (f"with exercises 1..{k} done, the run stopped at cell {number} "
                 f"({out['ename']}: {out['evalue'][:160]}); {order[k]}'s section is "
                 f"cells {after + 1}..{checks[order[k]]}")
        assert after < number <= checks[order[k]], where
        assert out["ename"] in ("NotImplementedError", "ExerciseNotDone"), where
        assert out["evalue"].startswith(f"Exercise '{order[k]}' is not done yet"), where
