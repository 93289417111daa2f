"""The Chinese edition (issue 13): catalogue, generator, glossary, fonts (the messages' table
is tested in tests/test_messages.py).

The generated-equals-committed, stale, missing and glossary tests run on the repository
itself; the stale, missing and hand-edit tests also run on a temporary copy of notebooks/
in which an English cell was changed, to show that they fail and name the cell.
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import messages, plotting  # noqa: E402
from tools import translate  # noqa: E402

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
LESSON1 = translate.LESSONS[0]


# ----------------------------------------------------------------------------- repository
def test_no_translation_is_stale_or_missing():
    problems = [p for lesson in translate.LESSONS for p in translate.build(REPO, lesson)[1]]
    assert not problems, "\n".join(map(str, problems))


def test_the_chinese_notebooks_are_what_the_generator_writes():
    problems = []
    for lesson in translate.LESSONS:
        generated, _ = translate.build(REPO, lesson)
        problems += translate.differences(generated, translate.paths(REPO, lesson)[1],
                                          f"notebooks/zh/{lesson}.ipynb")
    assert not problems, "\n".join(map(str, problems))


def test_the_glossary_is_used_consistently():
    entries = {lesson: translate.read_catalogue(REPO, lesson)[0] for lesson in translate.LESSONS}
    problems = translate.glossary_problems(REPO, entries)
    assert not problems, "\n".join(map(str, problems))


def test_every_cell_with_words_is_translated():
    """The Chinese edition is complete: every Markdown cell and every code cell with words a
    student reads has an up-to-date translation. (During a rewrite of the English text,
    `translate --update` leaves new entries empty and changed ones fuzzy; they are shown in
    English, and this test names them until they are translated.)"""
    rows = translate.pending_list(REPO)
    assert not rows, (f"{len(rows)} cell(s) of the Chinese edition are shown in English; "
                      f"translate them in {translate.CATALOGUE_DIR}:\n"
                      + "\n".join(f"  {lesson} {cell_id} {first}"
                                   for lesson, cell_id, first in rows))
    # every pending Markdown cell is shown in English with the note, and only those
    for lesson in translate.LESSONS:
        nb = nbformat.read(translate.paths(REPO, lesson)[1], as_version=4)
        noted = {c.id for c in nb.cells if translate.PENDING_NOTE in c.source}
        english = {c.id: c for c in nbformat.read(translate.paths(REPO, lesson)[0],
                                                  as_version=4).cells}
        assert noted == {cell_id for les, cell_id, _ in rows
                         if les == lesson and english[cell_id].cell_type == "markdown"}


def test_the_chinese_notebooks_run_the_english_code():
    for lesson in translate.LESSONS:
        english = nbformat.read(translate.paths(REPO, lesson)[0], as_version=4)
        chinese = nbformat.read(translate.paths(REPO, lesson)[1], as_version=4)
        entries = translate.read_catalogue(REPO, lesson)[0]
        ids = [c.id for c in chinese.cells if c.id != translate.GLOSSARY_CELL_ID]
        assert ids == [c.id for c in english.cells], f"{lesson}: other cells or order"
        zh = {c.id: c for c in chinese.cells}
        code = [c for c in english.cells if c.cell_type == "code"]
        for i, cell in enumerate(code):
            want = cell.source
            entry = entries.get(cell.id)
            if entry is not None and entry.text and not entry.fuzzy:
                want = translate.fill_solutions(entry.text, cell.source, cell.id)
                assert want != cell.source, f"{lesson} {cell.id}: an entry that changes nothing"
            if i == 0:
                want = want.rstrip("\n") + translate.ZH_SETUP
            assert zh[cell.id].source == want, f"{lesson} cell {cell.id}"
            assert zh[cell.id].metadata == cell.metadata, f"{lesson} cell {cell.id} metadata"


def test_the_first_code_cell_sets_the_language_and_the_font():
    for lesson in translate.LESSONS:
        nb = nbformat.read(translate.paths(REPO, lesson)[1], as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        assert first.source.endswith('use_cjk_font()\nset_language("zh")'), lesson
        assert "from course_utils.messages import set_language" in first.source
        # the font was found when the outputs were recorded: no note in the output
        shown = "".join(o.get("text", "") for o in first.outputs)
        assert plotting.CJK_FONT_MISSING not in shown


def _numbers(outputs):
    """The numbers a cell prints or returns (not the sizes of its figures)."""
    text = []
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            text.append(out["text"])
        elif out.get("output_type") == "execute_result":
            text.append(out["data"].get("text/plain", ""))
    return re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", "".join(text))


def test_the_chinese_outputs_carry_the_english_numbers():
    """Same code, same results: what the cells print holds the same numbers (in any order:
    a check line says 'all 4 cases passed.' in one and '4 个用例全部通过。' in the other;
    "12 of 50" is "50 张中有 12 张"). nbval compares each notebook's figures with its own."""
    for lesson in translate.LESSONS:
        english = nbformat.read(translate.paths(REPO, lesson)[0], as_version=4)
        chinese = {c.id: c for c in nbformat.read(translate.paths(REPO, lesson)[1],
                                                  as_version=4).cells}
        compared = 0
        for cell in english.cells:
            if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
                continue
            compared += 1
            assert sorted(_numbers(chinese[cell.id].outputs)) == sorted(_numbers(cell.outputs)), (
                f"{lesson} cell {cell.id}: the Chinese outputs' numbers differ from the English "
                f"ones (re-execute both: python -m tools record ...)")
        assert compared > 10


# ----------------------------------------------------------------------------- a copy
@pytest.fixture
def course_copy(tmp_path):
    """notebooks/ (English, Chinese), translations/ and images/ in a temporary folder."""
    shutil.copytree(REPO / "notebooks", tmp_path / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(REPO / "translations", tmp_path / "translations")
    shutil.copytree(REPO / "images", tmp_path / "images")
    assert translate.verify(tmp_path) == []
    return tmp_path


def _edit_english(root, lesson, cell_id, change):
    path = translate.paths(root, lesson)[0]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.id == cell_id)
    cell.source = change(cell.source)
    nbformat.write(nb, path)


def _translated(cell_type):
    entries = translate.read_catalogue(REPO, LESSON1)[0]
    return next(e.cell_id for e in entries.values() if e.kind == cell_type)


def test_a_changed_english_cell_makes_its_translation_stale(course_copy):
    cell_id = _translated("markdown")
    _edit_english(course_copy, LESSON1, cell_id,
                  lambda s: s.replace("\n\n", "\n\nA sentence the translation lacks.\n\n", 1))
    problems = [str(p) for p in translate.verify(course_copy)]
    stale = [p for p in problems if f"cell {cell_id}: stale translation" in p]
    assert len(stale) == 1, problems
    assert "+A sentence the translation lacks." in stale[0]           # the diff
    print("\n" + stale[0])
    result = subprocess.run([sys.executable, "-m", "tools", "translate", "--verify",
                             "--source", str(course_copy)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{translate.CATALOGUE_DIR / LESSON1}.po: cell {cell_id}: stale translation" \
        in result.stderr
    # the generator refuses to write a notebook from a stale catalogue
    result = subprocess.run([sys.executable, "-m", "tools", "translate", "01",
                             "--source", str(course_copy)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "nothing written." in result.stderr


def test_a_changed_english_code_cell_makes_its_code_translation_stale(course_copy):
    cell_id = _translated("code")
    _edit_english(course_copy, LESSON1, cell_id, lambda s: s + "\nprint('one more line')")
    problems = [str(p) for p in translate.verify(course_copy)]
    assert any(f"cell {cell_id}: stale translation" in p for p in problems), problems


def test_a_changed_untranslated_code_cell_needs_regenerating(course_copy):
    entries = translate.read_catalogue(REPO, LESSON1)[0]
    english = nbformat.read(translate.paths(REPO, LESSON1)[0], as_version=4)
    cell = next(c for c in english.cells[2:] if c.cell_type == "code" and c.id not in entries)
    _edit_english(course_copy, LESSON1, cell.id, lambda s: s + "\nx_new = 1")
    problems = [str(p) for p in translate.verify(course_copy)]
    assert any(f"01_logistic_regression_cats.ipynb: cell {cell.id}: its source is not what "
               "the generator writes" in p for p in problems), problems
    # regenerating copies the new code and leaves that cell to be executed
    out = io.StringIO()
    translate.write(course_copy, [LESSON1], out=out)
    assert "1 code cell(s) to execute" in out.getvalue()
    problems = [str(p) for p in translate.verify(course_copy)]
    assert problems == [f"notebooks/zh/{LESSON1}.ipynb: cell {cell.id}: has not been executed "
                        f"(nbval would not compare it): run `python -m tools record "
                        f"notebooks/zh/{LESSON1}.ipynb`."]


def _insert_uncatalogued(course_copy, cell, at):
    """Insert ``cell`` into lesson 1's English notebook at ``at`` and check that
    ``verify`` names it as missing from the catalogue."""
    path = translate.paths(course_copy, LESSON1)[0]
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(at, cell)
    nbformat.write(nb, path)
    problems = [str(p) for p in translate.verify(course_copy)]
    assert any(f"cell {cell.id}: not in the catalogue" in p for p in problems), problems


def test_a_new_english_markdown_cell_needs_a_translation(course_copy):
    new = nbformat.v4.new_markdown_cell("## A new section\n\nWith new text.")
    _insert_uncatalogued(course_copy, new, 3)
    # --update gives it an empty entry: it is then shown in English, with a note
    assert translate.update(course_copy, [LESSON1], out=io.StringIO()) == [
        f"new: {LESSON1} {new.id}"]
    translate.write(course_copy, [LESSON1], out=io.StringIO())
    assert translate.verify(course_copy) == []
    assert (LESSON1, new.id, "## A new section") in translate.pending_list(course_copy)
    zh = nbformat.read(translate.paths(course_copy, LESSON1)[1], as_version=4)
    shown = next(c for c in zh.cells if c.id == new.id).source
    assert shown == f"## A new section\n\n{translate.PENDING_NOTE}\n\nWith new text."


def test_a_code_cell_with_words_must_be_in_the_catalogue(course_copy):
    new = nbformat.v4.new_code_cell('print(f"the answer is {6 * 7}")')
    _insert_uncatalogued(course_copy, new, 5)
    translate.update(course_copy, [LESSON1], out=io.StringIO())
    assert (LESSON1, new.id, 'print(f"the answer is {6 * 7}")') in \
        translate.pending_list(course_copy)


def test_code_words_are_comments_printed_strings_and_assert_messages():
    code = textwrap.dedent("""\
        %matplotlib inline
        x = {"dw": 1, "activation": "relu"}          # a comment
        ax.plot(z, s, "--", label="cost")
        print(f"{x:.2f}", "dw =", x["dw"])
        assert x, "x should be set"
        y = np.zeros((2, 1))  # noqa: F401
        """)
    found = [text for _, text in translate.code_words(code)]
    assert found == ["# a comment", "cost", "x should be set"]     # "dw =" names a variable
    assert translate.code_words('checks.check_sigmoid(sigmoid)\nplt.show()') == []


def test_a_hand_edit_of_a_chinese_notebook_is_reported(course_copy):
    path = translate.paths(course_copy, LESSON1)[1]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.id != "zh-glossary")
    cell.source += "\n手工加的一句话。"
    nbformat.write(nb, path)
    problems = [str(p) for p in translate.verify(course_copy)]
    assert problems == [f"notebooks/zh/{LESSON1}.ipynb: cell {cell.id}: its source is not what "
                        "the generator writes (edited by hand, or not regenerated since the "
                        "English notebook or the catalogue changed): edit the catalogue and run "
                        "`python -m tools translate`, then `python -m tools record "
                        f"notebooks/zh/{LESSON1}.ipynb`."]


def test_an_entry_for_a_cell_that_is_gone_is_reported(course_copy):
    cat = translate.paths(course_copy, LESSON1)[2]
    cat.write_text(cat.read_text(encoding="utf-8") + '\n#. markdown\nmsgctxt "deadbeef"\n'
                   'msgid "Gone."\nmsgstr "不存在的单元格。"\n', encoding="utf-8")
    problems = [str(p) for p in translate.verify(course_copy)]
    assert any("cell deadbeef is not in notebooks/01_logistic_regression_cats.ipynb" in p
               for p in problems), problems


def test_a_fuzzy_entry_fails_verify_and_is_shown_in_english(course_copy):
    cell_id = _translated("markdown")
    cat = translate.paths(course_copy, LESSON1)[2]
    text = cat.read_text(encoding="utf-8")
    text = text.replace(f'msgctxt "{cell_id}"', f'#, fuzzy\nmsgctxt "{cell_id}"', 1)
    cat.write_text(text, encoding="utf-8")
    problems = translate.verify(course_copy)
    assert [p.blocking for p in problems if f"cell {cell_id}: fuzzy" in str(p)] == [False]
    translate.write(course_copy, [LESSON1], out=io.StringIO())      # not blocking
    zh = nbformat.read(translate.paths(course_copy, LESSON1)[1], as_version=4)
    assert translate.PENDING_NOTE in next(c for c in zh.cells if c.id == cell_id).source


# ----------------------------------------------------------------------------- pieces
def test_catalogue_errors_name_the_line():
    broken = 'msgctxt "c1"\nmsgid "a"\nmsgstr "b"\ngarbage here\n'
    entries, problems = translate.parse_catalogue(broken, "cat.po")
    assert entries == {} and len(problems) == 1
    assert str(problems[0]).startswith("cat.po:") and "not a valid PO file" in str(problems[0])
    text = textwrap.dedent("""\
        msgid "no context"
        msgstr "没有 msgctxt"

        msgctxt "c3"
        msgid "English"
        msgstr "中文"

        msgctxt "c3"
        msgid "Other English"
        msgstr "又一个"
        """)
    entries, problems = translate.parse_catalogue(text, "cat.po")
    assert [str(p).split(":")[1] for p in problems] == ["1", "9"]        # the msgid lines
    assert "without msgctxt" in str(problems[0])
    assert "second entry (the first is at line 5)" in str(problems[1])
    assert entries["c3"].english == "English" and entries["c3"].text == "中文"


def test_the_catalogue_round_trips_through_babel_and_msgfmt(tmp_path):
    entries = [translate.Entry("c1", "# Title\n\n50% of the *text*", "# 标题\n\n50% 的文字",
                               kind="markdown"),
               translate.Entry("c2", 'print("x")', 'print("新的 x")', fuzzy=True,
                               previous='print("old x")', kind="code"),
               translate.Entry("c3", "Not yet", "", kind="markdown")]
    text = translate.catalogue_text(LESSON1, entries)
    assert '#| msgid ""\n#| "print(\\"old x\\")"\nmsgctxt "c2"' in text
    back, problems = translate.parse_catalogue(text, "t.po")
    assert not problems
    assert [(e.cell_id, e.english, e.text, e.fuzzy, e.previous, e.kind)
            for e in back.values()] == [(e.cell_id, e.english, e.text, e.fuzzy, e.previous,
                                         e.kind) for e in entries]
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is missing: apt-get install gettext")
    for path in [*(REPO / translate.CATALOGUE_DIR).glob("*.po"), tmp_path / "t.po"]:
        if path.parent == tmp_path:
            path.write_text(text, encoding="utf-8")
        result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (path, result.stderr)


def test_code_translation_is_the_same_program_except_strings_and_comments():
    english = textwrap.dedent("""\
        %matplotlib inline
        rate = 0.005
        print(f"learning rate {rate:g}: {len(xs)} runs")   # one line
        plt.title("Cost")
        d = {"dw": 1}
        """)
    ok = textwrap.dedent("""\
        %matplotlib inline
        rate = 0.005
        # 中文注释
        print(f"共 {len(xs)} 次运行，学习率 {rate:g}")   # 一行
        plt.title("代价")
        d = {"dw": 1}
        """)
    assert translate.code_problem(ok, english) is None
    for bad, what in [(ok.replace("0.005", "0.05"), "('NUMBER', '0.05')"),
                      (ok.replace("plt.title", "plt.suptitle"), "token"),
                      (ok.replace("{rate:g}", "{rate:.3f}"), "token"),
                      (ok.replace("{len(xs)}", "{len(ys)}"), "token"),
                      (ok.replace('{"dw": 1}', '{"dW": 1}'), "has no Chinese text")]:
        problem = translate.code_problem(bad, english)
        assert problem is not None and what in problem, (bad, problem)


def test_every_code_translation_in_the_catalogues_is_the_same_program():
    checked = 0
    for lesson in translate.LESSONS:
        english = {c.id: c for c in
                   nbformat.read(translate.paths(REPO, lesson)[0], as_version=4).cells}
        for entry in translate.read_catalogue(REPO, lesson)[0].values():
            if entry.kind == "code" and entry.text and not entry.fuzzy:
                source = english[entry.cell_id].source
                filled = translate.fill_solutions(entry.text, source, entry.cell_id)
                assert translate.code_problem(filled, source) is None, entry.cell_id
                checked += 1
    assert checked >= 1


def test_solution_regions_stay_out_of_the_catalogue():
    english = "x = 1\n### BEGIN SOLUTION\nm_train = X.shape[0]\n### END SOLUTION\nassert m_train"
    empty = "x = 1  # 注释\n### BEGIN SOLUTION\n### END SOLUTION\nassert m_train"
    assert translate.fill_solutions(empty, english, "c") == (
        "x = 1  # 注释\n### BEGIN SOLUTION\nm_train = X.shape[0]\n### END SOLUTION\nassert m_train")
    with pytest.raises(ValueError, match="leave the solution regions empty"):
        translate.fill_solutions(english, english, "c")
    with pytest.raises(ValueError, match="has 0 solution region"):
        translate.fill_solutions("x = 1", english, "c")
    assert translate.english_text(nbformat.v4.new_code_cell(english)) == (
        "x = 1\n### BEGIN SOLUTION\n### END SOLUTION\nassert m_train")
    # and no line of the package's solutions is in a catalogue file (they ship to students)
    from course_instructor.release import needles
    from course_utils.markers import find_regions
    lines = set()
    for module in (REPO / "course_utils").glob("*.py"):
        for region in find_regions(module.read_text(encoding="utf-8"), module.name):
            lines |= needles(region.lines)
    for nb in (REPO / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(nb, as_version=4).cells:
            if cell.cell_type == "code":
                for region in find_regions(cell.source, nb.name):
                    lines |= needles(region.lines)
    assert lines
    for catalogue in (REPO / translate.CATALOGUE_DIR).glob("*.po"):
        text = " ".join(catalogue.read_text(encoding="utf-8").split())
        assert not [n for n in lines if n in text], catalogue


def test_links_are_rewritten_for_the_zh_folder(tmp_path):
    (tmp_path / "notebooks" / "zh").mkdir(parents=True)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"")
    text = ("![x](../images/a.png) <img src=\"../images/a.png\"> "
            "[next](02_planar_one_hidden_layer.ipynb) [web](https://example.org/a.png) "
            "$a^{[1](i)}$ [gone](../images/b.png) [part](../images/a.png#top)")
    assert translate.relink(text, tmp_path / "notebooks", tmp_path / "notebooks" / "zh") == (
        "![x](../../images/a.png) <img src=\"../../images/a.png\"> "
        "[next](02_planar_one_hidden_layer.ipynb) [web](https://example.org/a.png) "
        "$a^{[1](i)}$ [gone](../images/b.png) [part](../../images/a.png#top)")


def test_the_glossary_holds_the_terms_of_the_issue():
    terms = {t.english: t.chinese for t in translate.read_glossary(REPO)}
    wanted = {"vectorisation": "向量化", "forward propagation": "前向传播",
              "backward propagation": "反向传播", "cost": "代价", "loss": "损失",
              "learning rate": "学习率", "initialisation": "初始化", "hidden layer": "隐藏层",
              "activation function": "激活函数", "neural network": "神经网络",
              "neuron": "神经元", "gradient": "梯度", "gradient descent": "梯度下降",
              "parameter": "参数", "hyperparameter": "超参数", "weight": "权重", "bias": "偏置",
              "layer": "层", "training set": "训练集", "test set": "测试集",
              "over-fitting": "过拟合", "regularisation": "正则化", "sigmoid": "sigmoid 函数",
              "ReLU": "ReLU", "tanh": "tanh", "cross-entropy": "交叉熵",
              "example (sample)": "样本", "feature": "特征", "label": "标签",
              "prediction": "预测", "accuracy": "准确率", "batch": "批量",
              "broadcasting": "广播", "matrix": "矩阵", "vector": "向量", "derivative": "导数",
              "chain rule": "链式法则", "cache": "缓存", "decision boundary": "决策边界",
              "symmetry": "对称性"}
    assert {k: terms.get(k) for k in wanted} == wanted
    # lesson 1 shows the table, right after its title
    nb = nbformat.read(translate.paths(REPO, LESSON1)[1], as_version=4)
    assert nb.cells[1].id == translate.GLOSSARY_CELL_ID
    assert "| learning rate | 学习率 |" in nb.cells[1].source


def test_the_glossary_check_finds_an_inconsistent_translation():
    terms = translate.read_glossary(REPO)
    entry = translate.Entry("c1", "Choose the learning rate and the\ntest set; for example, "
                                  "`cost`.", "选择学习速率和测试集；例如 `cost`。", line=7,
                            kind="markdown")
    problems = [str(p) for p in translate.glossary_problems(REPO, {"x": {"c1": entry}}, terms)]
    assert problems == [
        "translations/zh/x.po:7: cell c1: the English says 'learning rate', the "
        "translation lacks the glossary's '学习率' (learning rate -> 学习率).",
        "translations/zh/x.po:7: cell c1: '学习速率' is not the glossary's term: "
        "write '学习率' (learning rate)."]             # "for example" and code are not terms


# ----------------------------------------------------------------------------- fonts
def _chinese_in_code(lesson):
    chars = set()
    for cell in nbformat.read(translate.paths(REPO, lesson)[1], as_version=4).cells:
        if cell.cell_type == "code":
            chars |= set(translate.CJK.findall(cell.source))
    return chars


def test_matplotlib_finds_a_chinese_font_with_every_glyph_the_figures_use():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    name = plotting.find_cjk_font()
    if name is None:
        message = "no Chinese font: apt-get install fonts-wqy-microhei"
        pytest.skip(message)
    path = font_manager.findfont(font_manager.FontProperties(family=name),
                                 fallback_to_default=False)
    font = FT2Font(path)
    chars = set().union(*(_chinese_in_code(lesson) for lesson in translate.LESSONS))
    assert len(chars) > 20
    lacking = sorted(c for c in chars if font.get_char_index(ord(c)) == 0)
    assert not lacking, f"{name} ({path}) has no glyph for {lacking}"


def _render(text, family):
    fig = plt.figure(figsize=(1.2, 0.6), dpi=100)
    fig.text(0.05, 0.3, text, family=family, fontsize=20)
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[..., 0].copy()
    plt.close(fig)
    return pixels


def test_chinese_labels_render_as_glyphs_not_boxes():
    font = plotting.find_cjk_font()
    if font is None:
        pytest.skip("no Chinese font: apt-get install fonts-wqy-microhei")
    family = ["DejaVu Sans", font]                     # what use_cjk_font() sets
    a, b = _render("代", family), _render("价", family)
    assert (a < 128).any() and (b < 128).any()          # ink
    assert (a != b).any(), "two different characters render the same: missing-glyph boxes?"
    # the fallback alone (DejaVu Sans has no Chinese) draws the same box for both:
    # this is what the test above tells apart
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        box_a, box_b = _render("代", ["DejaVu Sans"]), _render("价", ["DejaVu Sans"])
    assert (box_a == box_b).all()


def test_a_font_installed_after_the_font_cache_was_built_is_found(tmp_path):
    """Matplotlib's font cache (in MPLCONFIGDIR) predates the font: find_cjk_font adds it."""
    if plotting.find_cjk_font() is None:
        pytest.skip("no Chinese font installed")
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path))
    stale = textwrap.dedent(f"""\
        from pathlib import Path
        import matplotlib
        from matplotlib import font_manager as fm
        cjk = {{f.fname for f in fm.fontManager.ttflist if f.name in {plotting.CJK_FONTS!r}}}
        fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if f.fname not in cjk]
        fm.json_dump(fm.fontManager, Path(matplotlib.get_cachedir(),
                                          f"fontlist-v{{fm.FontManager.__version__}}.json"))
        """)
    subprocess.run([sys.executable, "-c", stale], env=env, check=True, timeout=300)
    probe = textwrap.dedent(f"""\
        from matplotlib import font_manager as fm
        print(any(f.name in {plotting.CJK_FONTS!r} for f in fm.fontManager.ttflist))
        from course_utils import plotting
        print(plotting.find_cjk_font())
        """)
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                         text=True, check=True, timeout=300).stdout.splitlines()
    assert out[0] == "False"                      # the cache really lacks it
    assert out[1] in plotting.CJK_FONTS


def test_without_a_chinese_font_a_note_says_how_to_install_one(monkeypatch, capsys):
    monkeypatch.setattr(plotting, "find_cjk_font", lambda: None)
    family = list(plt.rcParams["font.family"])
    with warnings.catch_warnings():
        assert plotting.use_cjk_font() is None
        fig = plt.figure()
        fig.text(0.1, 0.1, "代价")
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("default")
            fig.canvas.draw()
        plt.close(fig)
    note = capsys.readouterr().out
    assert note == plotting.CJK_FONT_MISSING + "\n"
    assert "apt-get install fonts-wqy-microhei" in note and "\n" not in note.strip()
    assert plt.rcParams["font.family"] == family       # nothing changed
    assert seen == [] or all("Glyph" in str(w.message) for w in seen)


def test_setup_takes_the_language():
    before = dict(plt.rcParams)
    try:
        plotting.setup(language="zh")
        if plotting.find_cjk_font():
            assert plt.rcParams["font.family"] == ["DejaVu Sans", plotting.find_cjk_font()]
        with pytest.raises(ValueError, match="language must be 'en' or 'zh'; got 'fr'"):
            plotting.setup(language="fr")
    finally:
        plt.rcParams.update(before)


# ----------------------------------------------------------------------------- edition
def test_the_student_edition_ships_both_languages(tmp_path):
    from course_instructor.release import build_student_edition

    edition = build_student_edition(REPO, tmp_path / "edition")
    for lesson in translate.LESSONS:
        for path in (f"notebooks/{lesson}.ipynb", f"notebooks/zh/{lesson}.ipynb"):
            nb = json.loads((edition.out_dir / path).read_text(encoding="utf-8"))
            code = [c for c in nb["cells"] if c["cell_type"] == "code"]
            assert code and all(c["outputs"] == [] for c in code), path
    zh = json.loads((edition.out_dir / f"notebooks/zh/{LESSON1}.ipynb").read_text("utf-8"))
    assert 'set_language("zh")' in "".join(next(c for c in zh["cells"]
                                                 if c["cell_type"] == "code")["source"])
    # The glossary reaches students as a cell of lesson 1; the catalogues stay home.
    assert translate.GLOSSARY_CELL_ID in [c.get("id") for c in zh["cells"]]
    assert not (edition.out_dir / "translations").exists()


def test_update_marks_changed_entries_fuzzy_and_adds_new_ones(course_copy):
    """After an English rewrite: `--update` merges the English into the catalogue as
    msgmerge would (new cells get empty entries; changed ones are fuzzy, keep their
    translation and the old English as `#| msgid`), and they are shown in English."""
    changed = _translated("markdown")
    before = translate.read_catalogue(course_copy, LESSON1)[0][changed]
    _edit_english(course_copy, LESSON1, changed, lambda s: s + "\n\nOne more sentence.")
    path = translate.paths(course_copy, LESSON1)[0]
    nb = nbformat.read(path, as_version=4)
    new = nbformat.v4.new_markdown_cell("## New\n\nText.")
    nb.cells.insert(5, new)
    nbformat.write(nb, path)
    result = subprocess.run([sys.executable, "-m", "tools", "translate", "--update",
                             "--source", str(course_copy)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()[:-1]) == sorted([f"fuzzy: {LESSON1} {changed}",
                                                              f"new: {LESSON1} {new.id}"])
    after = translate.read_catalogue(course_copy, LESSON1)[0]
    assert after[changed].fuzzy and after[changed].text == before.text
    assert after[changed].previous == before.english
    assert after[changed].english.endswith("One more sentence.")
    assert after[new.id].text == "" and not after[new.id].fuzzy
    problems = translate.verify(course_copy)
    kinds = [(str(p).split(": ")[2][:5], p.blocking) for p in problems]
    assert kinds[0] == ("fuzzy", False), kinds          # to review; shown in English
    assert kinds[1:] and all(blocking for _, blocking in kinds[1:]), kinds  # not regenerated
    translate.write(course_copy, [LESSON1], out=io.StringIO())
    # The new cell's empty entry is no problem: it waits, listed by pending_list.
    assert [str(p).split(": ")[2][:5] for p in translate.verify(course_copy)] == ["fuzzy"]
    assert (LESSON1, new.id, "## New") in translate.pending_list(course_copy)
    zh = {c.id: c for c in nbformat.read(translate.paths(course_copy, LESSON1)[1],
                                         as_version=4).cells}
    assert translate.PENDING_NOTE in zh[changed].source and "One more sentence." in \
        zh[changed].source


# ----------------------------------------------------------------------------- no English left
# Words a Chinese reader sees in English on purpose: the glossary's names kept in English, and
# code (functions, arguments, initialisation schemes) printed as it is.
KEPT_IN_ENGLISH = {
    "sigmoid", "tanh", "relu", "leaky", "lecun", "glorot", "xavier", "he", "randn", "init",
    "rms", "lr", "numpy", "scikit", "learn", "pytorch", "jax", "adam", "dropout", "linear",
    "nan", "inf", "true", "false", "none", "ndarray", "dict", "list", "tuple", "float",
    "int", "bool", "dtype", "rtol", "atol", "keepdims", "axis", "np", "sum", "exp", "log",
    "clip", "zeros", "reshape", "squeeze", "ravel", "begin", "end", "solution", "raise",
    "return", "range", "len",
    "grads", "cost",  # names of the graded functions' outputs, quoted as code
    "matplotlib", "scipy", "sklearn", "pil", "pillow", "pandas",  # packages, by their names
}
_WORD = re.compile(r"^[A-Za-z]{2,}[.,:;!?)]*$")


def english_prose(text):
    """The lines of ``text`` holding English prose: two English words in a row (each of at
    least two letters, not a name kept in English on purpose), outside {fields}."""
    found = []
    for line in text.splitlines():
        words = re.sub(r"\{[^{}]*\}", " ", line).split()
        run = 0
        for word in words:
            bare = re.sub(r"^[(\"'“]+", "", word)
            if _WORD.match(bare) and bare.rstrip(".,:;!?)").lower() not in KEPT_IN_ENGLISH:
                run += 1
                if run == 2:
                    found.append(line)
                    break
            else:
                run = 0
    return found


def _read_outputs(cell):
    """The text a student reads in a code cell's outputs (a figure's text/plain repr,
    "<Figure size ...>", is not shown: the picture is)."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out["text"]
        elif out.get("output_type") == "error":
            yield f"{out['ename']}: {out['evalue']}"
        elif "image/png" not in out.get("data", {}):
            yield out.get("data", {}).get("text/plain", "")


def test_english_prose_is_found():
    assert english_prose("Cost after iteration 0: 0.693147") == \
        ["Cost after iteration 0: 0.693147"]
    assert english_prose("第 0 次迭代的代价：0.693147\nsigmoid：4 个用例全部通过。") == []
    assert english_prose("He sqrt(2/n_in)  0.01  LeCun 1/sqrt(n_in)") == []
    assert english_prose("init        rms Z1     rms Z2       代价") == []


def test_the_chinese_notebooks_outputs_hold_no_english_prose():
    left = []
    for lesson in translate.LESSONS:
        nb = nbformat.read(translate.paths(REPO, lesson)[1], as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                left += [(lesson, cell.id, line) for text in _read_outputs(cell)
                         for line in english_prose(text)]
    print(f"\nEnglish lines left in the Chinese notebooks' outputs: {len(left)}")
    assert not left, left


def test_the_chinese_messages_hold_no_english_prose():
    """Every sentence of the Chinese string table, and every translated case name."""
    left = [(key, line) for key, value in messages.zh.TEXTS.items()
            for line in english_prose(value)]
    left += [(name, line) for name, value in messages.CASE_NAMES["zh"].items()
             for line in english_prose(value)]
    assert not left, left


def test_every_public_case_name_has_a_chinese_name_and_none_is_left_over():
    import importlib

    from course_utils import registry
    names = {case.name for module in registry.LESSON_MODULES
             for ex in registry.exercises(module)
             for case in getattr(importlib.import_module(f"course_utils.checks.{module}"),
                                 f"{ex.function}_cases")()}
    assert names == set(messages.CASE_NAMES["zh"])


def test_a_failing_check_in_chinese_holds_no_english_prose(tmp_path):
    """Every planted mistake of the corpus, checked in Chinese: the case name, what differs,
    the hint and the course's own input errors are all Chinese. (Quoted on purpose, and not
    counted: NumPy's own words after the course's explanation, the text of an error that
    Python itself raised in the student's code, and the student's code quoted back.)"""
    import importlib
    import sys as _sys
    _sys.path.insert(0, str(REPO / "tests"))
    from corpus import VARIANTS, load_variant, public_message
    left = []
    messages.set_language("zh")
    try:
        for variant in (v for v in VARIANTS if not v.correct):
            checks = importlib.import_module(f"course_utils.checks.{variant.module}")
            module = load_variant(REPO, variant, tmp_path)
            passed, message = public_message(checks, variant, module)
            assert not passed, variant.name
            for line in message.removeprefix("CheckFailed: ").splitlines():   # a class name
                if line.startswith("    "):     # a line of the student's own code, quoted
                    continue
                if "NumPy 的原话" in line or ("你的代码抛出了" in line and "：" in line
                                              and not _course_error(line)):
                    continue
                left += [(variant.name, text) for text in english_prose(line)]
    finally:
        messages.set_language("en")
    assert not left, left


def _course_error(line):
    """Whether a "your code raised" line quotes one of the course's own input errors."""
    message = line.split("：", 1)[1]
    return not english_prose(message) or any(
        word in message for word in ("must have shape", "must be", "is missing"))
