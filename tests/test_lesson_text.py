"""The lessons' text, held to issue 19's limits: a light core path (at most 11,000 Markdown
words outside the collapsed "Going further" blocks, across the three English lessons, and
no Markdown cell over 250 words), tables that fit a notebook's width, and a text
alternative beside every figure, in both languages.

Words are counted as whitespace-separated tokens of a Markdown cell's source (LaTeX and
code included), the way the issue counted them, leaving out HTML comments (markers for
tools, never shown). ``python -m pytest tests/test_lesson_text.py
-s`` prints the counts.
"""
import re
import unicodedata
from pathlib import Path

import nbformat
import pytest

from course_utils import registry

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
LESSONS = [notebook for _, _, notebook in registry.LESSONS]
GOING_FURTHER = {"en": "<details><summary><b>Going further:</b>",
                 "zh": "<details><summary><b>深入一步：</b>"}
FIGURE = {"en": "*Figure:*", "zh": "*图：*"}
CORE_WORDS, CELL_WORDS = 11_000, 250
TABLE_COLUMNS, TABLE_ROW, PRINTED_LINE = 5, 110, 100


def _notebook(lesson, language="en"):
    folder = REPO / "notebooks" / ("" if language == "en" else language)
    return nbformat.read(folder / f"{lesson}.ipynb", as_version=4)


def _markdown(lesson, language="en"):
    return [c for c in _notebook(lesson, language).cells if c.cell_type == "markdown"]


def word_counts(lesson):
    """(core words, "Going further" words, [(cell id, words)] of every Markdown cell)."""
    core = further = 0
    cells = []
    for cell in _markdown(lesson):
        n = len(re.sub(r"<!--.*?-->", " ", cell.source, flags=re.S).split())
        cells.append((cell.id, n))
        if cell.source.startswith(GOING_FURTHER["en"]):
            further += n
        else:
            core += n
    return core, further, cells


def test_the_core_path_is_at_most_11000_words_and_no_cell_over_250():
    total, too_long = 0, []
    for lesson in LESSONS:
        core, further, cells = word_counts(lesson)
        print(f"{lesson}: {core} words in the core path, {further} in Going further")
        total += core
        too_long += [(lesson, cell_id, n) for cell_id, n in cells if n > CELL_WORDS]
    print(f"all three lessons: {total} core words")
    assert total <= CORE_WORDS, f"{total} words outside the Going further blocks"
    assert not too_long, f"Markdown cells over {CELL_WORDS} words: {too_long}"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_going_further_blocks_are_collapsed_details_with_a_title(language):
    seen = 0
    for lesson in LESSONS:
        for cell in _markdown(lesson, language):
            if cell.source.startswith(GOING_FURTHER[language]):
                seen += 1
                first = cell.source.splitlines()[0]
                assert first.endswith("</summary>") and len(first) > \
                    len(GOING_FURTHER[language]) + len("</summary>") + 3, (lesson, cell.id)
                assert cell.source.rstrip().endswith("</details>"), (lesson, cell.id)
    assert seen >= 12


def _width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_table_row(line):
    """A printed line with columns: two or more spaces in a row after its first word."""
    return re.search(r"\S {2,}\S", line) is not None


def test_a_printed_table_row_is_told_from_a_sentence():
    assert _is_table_row("model                    runs  train   test")
    assert _is_table_row("   8 predict                      passed")
    assert not _is_table_row("handin(): this is the instructor's repository, so nothing is "
                             "written here.")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_tables_fit_a_notebook(language):
    """Markdown tables have at most 5 columns and short rows; printed tables (lines whose
    columns are aligned with runs of spaces) are at most 100 columns wide (a Chinese
    character counts 2). A printed sentence may be longer: JupyterLab wraps it, which
    breaks only a table's columns."""
    wide = []
    for lesson in LESSONS:
        for cell in _notebook(lesson, language).cells:
            if cell.cell_type == "markdown":
                for row in (r for r in cell.source.splitlines() if r.startswith("|")):
                    columns = len(re.split(r"(?<!\\)\|", row.strip())) - 2
                    if columns > TABLE_COLUMNS or len(row) > TABLE_ROW:
                        wide.append((lesson, cell.id, row[:60]))
            elif cell.cell_type == "code":
                for out in cell.outputs:
                    if out.get("output_type") == "stream" and out.get("name") == "stdout":
                        wide += [(lesson, cell.id, line[:60]) for line in
                                 out["text"].splitlines()
                                 if _width(line) > PRINTED_LINE and _is_table_row(line)]
    assert not wide, wide


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_figure_has_a_text_alternative_beside_it(language):
    """The Markdown cell after a cell that draws a figure starts with a one-sentence
    description of it ("*Figure:* ..."), inside the Going further block if the figure is
    in one; a Markdown image has alt text."""
    missing, figures = [], 0
    for lesson in LESSONS:
        cells = _notebook(lesson, language).cells
        for k, cell in enumerate(cells):
            if cell.cell_type == "markdown":
                for alt in re.findall(r"!\[([^\]]*)\]\(", cell.source):
                    figures += 1
                    if len(alt.split()) < 5 and len(re.findall(r"[\u4e00-\u9fff]", alt)) < 10:
                        missing.append((lesson, cell.id, "image without alt text"))
                continue
            if not any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
                continue
            figures += 1
            after = cells[k + 1] if k + 1 < len(cells) else None
            text = after.source if after is not None and after.cell_type == "markdown" else ""
            text = re.sub(r"^<details><summary>.*?</summary>\s*", "", text)
            if not text.startswith(FIGURE[language]):
                missing.append((lesson, cell.id, "no text alternative after the figure"))
    assert figures >= 25
    assert not missing, missing
