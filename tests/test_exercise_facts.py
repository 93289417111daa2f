"""Exercise facts from one source (issue 16, part 3): every exercise number, count, list of
graded functions and points total the course shows agrees with the registry and the hidden
cases' @points, and ``python -m tools exercises`` rewrites the ones that do not.

Oracles: the registry and the decorators themselves, hand-written expected texts, and a
copy of the course in which a new exercise is inserted in the middle of lesson 2
(tests/new_exercise.py): the check names each place that still shows the old facts, by
hand-listed file and line, and after the tool only the new content is left to write.
"""
import shutil
from pathlib import Path

import nbformat
import new_exercise
import pytest

from course_instructor import hidden
from course_utils import registry
from tools import exercise_facts as ef
from tools import translate
from tools.__main__ import main as tools_main

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
LESSON = ef.Lesson(2, "shallow_network", "02_planar_one_hidden_layer",
                   ("layer_sizes", "compute_cost", "predict"), {})
LESSONS = {2: LESSON}


def _where(i):
    return f"text:{i + 1}"


def _check(text, language="en", lesson=LESSON):
    return ef.check_markdown(text, language, LESSONS, lesson, _where)


def test_every_exercise_fact_agrees_with_the_registry():
    findings, _ = ef.review(REPO)
    assert not findings, "\n".join(map(str, findings)) + \
        "\nrun `python -m tools exercises` (it rewrites what it can and names the rest)"


def test_the_hidden_points_are_read_as_the_grader_reads_them():
    for module in registry.LESSON_MODULES:
        source = (REPO / f"course_instructor/hidden/{module}.py").read_text(encoding="utf-8")
        assert ef.hidden_points(source) == {
            ex.function: hidden.generator(module, ex.function).points
            for ex in registry.exercises(module)}
    assert ef.hidden_points("@points(value=1.5, timeout=3)\ndef f_cases(rng):\n    pass\n") \
        == {"f": 1.5}


def test_counts_and_lists_in_both_languages():
    assert ef.block_text(LESSON, "list", "en") == \
        "three graded functions: `layer_sizes`, `compute_cost` and `predict`"
    assert ef.block_text(LESSON, "list", "zh") == \
        "三个计分函数：`layer_sizes`、`compute_cost` 和 `predict`"
    assert ef.block_text(LESSON, "names", "en") == "`layer_sizes`, `compute_cost` and `predict`"
    one = ef.Lesson(1, "m", "nb", ("sigmoid",))
    assert ef.block_text(one, "list", "en") == "one graded function: `sigmoid`"
    assert ef.block_text(one, "names", "zh") == "`sigmoid`"
    assert [ef.count_zh(n) for n in (1, 2, 9, 10, 12, 13, 20, 21, 99)] == \
        ["一", "两", "九", "十", "十二", "十三", "二十", "二十一", "九十九"]
    assert [ef.count_en(n) for n in (2, 13, 20, 21)] == ["two", "thirteen", "twenty", "21"]
    assert ef.format_points(14) == "14" and ef.format_points(1.5 + 2) == "3.5"


def test_a_block_is_written_from_the_registry():
    text = "We implement <!-- exercises: lesson 2, list -->two functions<!-- /exercises -->.\n" \
           "3. 实现<!-- exercises: lesson 2, count -->八<!-- /exercises -->个函数"
    result = _check(text)
    assert [(f.where, f.fixable) for f in result.findings] == [("text:1", True),
                                                                ("text:2", True)]
    assert "'two functions'" in result.findings[0].message
    assert result.text == (
        "We implement <!-- exercises: lesson 2, list -->three graded functions: `layer_sizes`, "
        "`compute_cost` and `predict`<!-- /exercises -->.\n"
        "3. 实现<!-- exercises: lesson 2, count -->three<!-- /exercises -->个函数")
    assert _check(result.text).findings == []
    assert result.blocks == [(2, "list"), (2, "count")]
    zh = _check("3. 实现<!-- exercises: lesson 2, count -->八<!-- /exercises -->个函数", "zh")
    assert zh.text == "3. 实现<!-- exercises: lesson 2, count -->三<!-- /exercises -->个函数"


def test_a_heading_is_renumbered_and_named_with_its_line():
    text = "Intro\n### Exercise 3 — `compute_cost(A2, Y)`: the cost\n### 练习 1 — `predict`"
    result = _check(text)
    assert [(f.where, f.fixable) for f in result.findings] == [("text:2", True),
                                                                ("text:3", True)]
    assert "says Exercise 3 for `compute_cost`, which is exercise 2 of " \
           "course_utils/shallow_network.py" in result.findings[0].message
    assert result.text == "Intro\n### Exercise 2 — `compute_cost(A2, Y)`: the cost\n" \
                          "### 练习 3 — `predict`"
    assert result.headings == [(1, "compute_cost"), (2, "predict")]


@pytest.mark.parametrize("line, message", [
    ("### Exercise 2: `compute_cost(A2, Y)`", "is not an exercise heading in the course's form"),
    ("### 练习 2：`compute_cost`", "is not an exercise heading in the course's form"),
    ("### Exercise 2 — `nn_model(X, Y)`", "`nn_model` is not a graded function of "
                                          "course_utils/shallow_network.py"),
])
def test_a_heading_that_cannot_be_rewritten_is_reported(line, message):
    result = _check(line)
    assert [(f.where, f.fixable) for f in result.findings] == [("text:1", False)]
    assert message in result.findings[0].message and result.text == line


@pytest.mark.parametrize("text, phrase", [
    ("You will implement eight graded functions.", "'eight graded functions'"),
    ("Six functions, each followed by a check.", "'Six functions'"),
    ("There are 13 exercises in all.", "'13 exercises'"),
    ("Eight graded\nfunctions wrapped over two lines.", "'Eight graded functions'"),
    ("实现八个计分函数：", "'八个计分函数'"),
    ("一共六个函数。", "'六个函数'"),
    ("As in exercise 4, divide by m.", "'exercise 4'"),
    ("与练习 4 一样。", "'练习 4'"),
])
def test_a_count_or_an_exercise_number_written_by_hand_is_reported(text, phrase):
    result = _check(text)
    assert [f.where for f in result.findings] == ["text:1"]
    assert result.findings[0].message.startswith(f"{phrase} states") and \
        not result.findings[0].fixable


@pytest.mark.parametrize("text", [
    "the lesson 2 graded functions",                       # a lesson number, not a count
    "one function per layer; a pair of functions",
    "implement <!-- exercises: lesson 2, list -->three graded functions: `layer_sizes`, "
    "`compute_cost` and `predict`<!-- /exercises -->",
    "### Exercise 2 — `compute_cost`",
    "write blocks as `<!-- exercises: lesson L, KIND -->...<!-- /exercises -->`",
])
def test_what_is_not_a_count_written_by_hand(text):
    assert _check(text).findings == []


@pytest.mark.parametrize("text, message", [
    ("<!-- exercises: lesson 2, names --><!-- /exercises --> first", "starts the line"),
    ("3. <!-- exercises: lesson 2, names --><!-- /exercises -->", "starts the line"),
    ("a <!-- exercises: lesson 2, names -->\n`x`<!-- /exercises -->", "without its pair"),
    ("a <!-- exercises: lesson 7, names --><!-- /exercises -->", "unknown block"),
    ("a <!-- exercises: lesson 2, table --><!-- /exercises -->", "unknown block"),
])
def test_misplaced_unpaired_or_unknown_blocks_are_reported(text, message):
    found = [f for f in _check(text).findings if message in f.message]
    assert found and found[0].where == "text:1" and not found[0].fixable


def _notebook(*cells):
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(c[3:]) if c.startswith("md:")
        else nbformat.v4.new_code_cell(c) for c in cells])


def test_a_notebook_has_each_exercise_once_in_order_with_its_check_cell():
    nb = _notebook("md:### Exercise 1 — `layer_sizes`", "checks.check_layer_sizes(layer_sizes)",
                   "md:### Exercise 3 — `predict`", "predict(params, X)",
                   "md:### Exercise 2 — `compute_cost`", "checks.check_compute_cost(c)")
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    headings = [(0, "c0", "layer_sizes"), (2, "c2", "predict"), (4, "c4", "compute_cost")]
    messages = [str(f) for f in ef._exercise_sections("nb.ipynb", nb, LESSON, headings)]
    assert messages == [
        "nb.ipynb: the exercise headings come in the order ['layer_sizes', 'predict', "
        "'compute_cost']; course_utils/shallow_network.py has ['layer_sizes', 'compute_cost', "
        "'predict']: move the notebook's cells or the module's functions.",
        "nb.ipynb: cell c2: the section of exercise `predict` has no check cell: add one "
        "calling checks.check_predict(predict)."]
    missing = ef._exercise_sections("nb.ipynb", nb, LESSON, headings[:1] + headings[1:2] * 2)
    assert [str(f) for f in missing][:2] == [
        "nb.ipynb: has 2 headings for `predict`; one exercise, one heading.",
        "nb.ipynb: has no heading for exercise 2, `compute_cost` of course_utils/"
        "shallow_network.py: write its cells (after exercise 1's check cell): '### Exercise 2 "
        "— `compute_cost(...)`' with the task, then a check cell calling "
        "checks.check_compute_cost(compute_cost)."]


def test_graded_docstrings_start_with_their_number(tmp_path):
    (tmp_path / "course_utils").mkdir()
    module = tmp_path / "course_utils/shallow_network.py"
    module.write_text('def layer_sizes(X):\n    """Exercise 2: sizes."""\n\n\n'
                      'def compute_cost(A2):\n    """The cost."""\n\n\n'
                      'def helper():\n    """Exercise 9: not graded."""\n', encoding="utf-8")
    findings, new = ef._lesson_module(tmp_path, LESSON)
    assert [(str(f), f.fixable) for f in findings] == [
        ("course_utils/shallow_network.py:2: the docstring of layer_sizes() starts with "
         "'Exercise 2: '; it is exercise 1.", True),
        ("course_utils/shallow_network.py:6: the docstring of compute_cost() has no "
         "'Exercise N: '; it is exercise 2.", True),
        ("course_utils/shallow_network.py:10: helper() is not a graded function (no solution "
         "region): remove 'Exercise 9: ' from its docstring.", False)]
    assert new.splitlines()[1] == '    """Exercise 1: sizes."""'
    assert new.splitlines()[5] == '    """Exercise 2: The cost."""'


def test_the_hidden_module_states_its_total(tmp_path):
    (tmp_path / "course_instructor/hidden").mkdir(parents=True)
    path = tmp_path / "course_instructor/hidden/shallow_network.py"
    path.write_text('"""Hidden cases of lesson 2 (course_utils/shallow_network.py): 3 points."""\n'
                    "# predict is worth 2 points\n", encoding="utf-8")
    lesson = ef.Lesson(2, "shallow_network", "nb", ("layer_sizes", "predict"),
                       {"layer_sizes": 1, "predict": 2.5})
    findings, new = ef._hidden_module(tmp_path, lesson)
    assert [(f.where, f.fixable) for f in findings] == [
        ("course_instructor/hidden/shallow_network.py:1", True),
        ("course_instructor/hidden/shallow_network.py:2", False)]
    assert new.startswith('"""Hidden cases of lesson 2 (course_utils/shallow_network.py): '
                          '3.5 points."""\n')
    lesson.points["predict"] = None
    findings, new = ef._hidden_module(tmp_path, lesson)
    assert new is None and "no @points <function>_cases(rng) for ['predict']" in str(findings[0])


def test_a_catalogue_entry_that_was_up_to_date_stays_up_to_date():
    old = "### Exercise 1 — `f`"
    current = translate.source_hash(old)
    text = (f"# catalogue\n\n@@ markdown aaa en={current}\n> {old}\n\n### 练习 1 — `f`\n\n"
            f"@@ markdown bbb en=000000000000\n> {old}\n\n### 练习 1 — `f`\n")

    def rewrite(kind, part, lines, first):
        return [line.replace(" 1 ", " 2 ") for line in lines]

    new = translate.rewrite_catalogue(text, rewrite)
    entries, problems = translate.parse_catalogue(new, "cat.md")
    assert problems == []
    assert entries["aaa"].english == "### Exercise 2 — `f`" and \
        entries["aaa"].text == "### 练习 2 — `f`"
    assert entries["aaa"].hash == translate.source_hash("### Exercise 2 — `f`")
    assert entries["bbb"].hash == "000000000000"          # it was stale, and stays stale
    assert translate.rewrite_catalogue(text, lambda k, p, lines, f: lines) == text


# Copied for the insertion: what the tool and the translation generator read (no data).
COURSE = ("course_utils", "course_instructor", "notebooks", "translations", "images",
          "README.md", "README.student.md", "INSTRUCTORS.md", "tests/test_shallow_network.py")

# Every place that shows a fact the new exercise changes, as a maintainer would list them
# by searching today's files: the later exercises' headings and the introduction's list
# (English notebook; quoted and translated in the catalogue), the later functions'
# docstrings and the new one's, the hidden module's total, the READMEs' lesson tables.
LATER = (("5", "backward_propagation"), ("6", "update_parameters"), ("7", "nn_model"),
         ("8", "predict"))
INTRO_LIST = "<!-- exercises: lesson 2, list -->"


def _lines(path, *needles):
    """1-based numbers of the lines of ``path`` that contain one of ``needles``."""
    text = Path(path).read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(text, start=1) if any(n in line for n in needles)]


def stale_places(root):
    notebook = f"notebooks/{new_exercise.LESSON}.ipynb"
    nb = nbformat.read(root / notebook, as_version=4)
    places = set()
    for cell in nb.cells:
        for i, line in enumerate(cell.source.splitlines(), start=1):
            if any(line.startswith(f"### Exercise {n} — `{fn}") for n, fn in LATER) or \
                    INTRO_LIST in line:
                places.add(f"{notebook}: cell {cell.id}, line {i}")
    catalogue = f"translations/zh/{new_exercise.LESSON}.md"
    places |= {f"{catalogue}:{i}" for i in _lines(
        root / catalogue, INTRO_LIST, *(f"### Exercise {n} — `{fn}" for n, fn in LATER),
        *(f"### 练习 {n} — `{fn}" for n, fn in LATER))}
    module = "course_utils/shallow_network.py"
    places |= {f"{module}:{i}" for i in _lines(
        root / module, *(f'"""Exercise {n}: ' for n, _ in LATER), '"""The cost with an L2')}
    places |= {"course_instructor/hidden/shallow_network.py:1"}
    for readme in ("README.md", "README.student.md"):
        places |= {f"{readme}:{i}" for i in _lines(root / readme,
                                                   "<!-- exercises: lesson 2, names -->")}
    return places


def test_inserting_an_exercise_mid_lesson_names_every_stale_fact_and_the_tool_fixes_them(
        tmp_path, capsys):
    for name in COURSE:
        source, target = REPO / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, target)
    # The copy's facts are the repository's (the first test holds them right). Not reviewed
    # here: the registry caches what it read per folder, and the insertion comes next.
    new_cells = new_exercise.add_compute_cost_with_l2(tmp_path)
    assert [ex.function for ex in registry.exercises("shallow_network",
                                                     package_dir=tmp_path / "course_utils")][3:6] \
        == ["compute_cost", "compute_cost_with_l2", "backward_propagation"]

    stale = stale_places(tmp_path)
    assert len(stale) == 23          # 5 + 10 in the notebook and its catalogue, 5 + 1 + 2
    findings, _ = ef.review(tmp_path)
    assert {f.where for f in findings} == stale and len(findings) == len(stale)
    assert all(f.fixable for f in findings), [str(f) for f in findings if not f.fixable]
    # The command line, in this process (a new interpreter spends seconds importing nbformat).
    assert tools_main(["exercises", "--verify", "--source", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "error: course_utils/shallow_network.py:261: the docstring of " \
           "backward_propagation() starts with 'Exercise 5: '; it is exercise 6." in err
    assert "23 exercise fact(s) out of step with the registry: 23 rewritten by " \
           "`python -m tools exercises`, 0 to edit by hand." in err

    assert tools_main(["exercises", "--source", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "rewrote course_utils/shallow_network.py (5 facts)" in out and err == ""
    assert ef.review(tmp_path)[0] == []
    nb = nbformat.read(tmp_path / "notebooks/02_planar_one_hidden_layer.ipynb", as_version=4)
    headings = [c.source.splitlines()[0] for c in nb.cells
                if c.cell_type == "markdown" and c.source.startswith("### Exercise")]
    assert [h.split(" — ")[0] for h in headings] == [f"### Exercise {n}" for n in range(1, 10)]
    assert "nine graded functions: `layer_sizes`" in nb.cells[0].source
    assert "15 points." in (tmp_path / "course_instructor/hidden/shallow_network.py") \
        .read_text().splitlines()[0]

    # Left: running the new cells (python -m tools record), nothing the tool could write.
    left = [str(p) for p in translate.verify(tmp_path, (new_exercise.LESSON,))]
    assert left == [f"notebooks/zh/02_planar_one_hidden_layer.ipynb: cell {cell}: has not "
                    "been executed (nbval would not compare it): run `python -m tools record "
                    "notebooks/zh/02_planar_one_hidden_layer.ipynb`." for cell in new_cells[1:]]
