"""The Chinese edition of the lessons (notebooks/zh/), generated, never edited by hand.

    python -m tools translate [LESSON ...]     write notebooks/zh/NN_....ipynb
    python -m tools translate --verify         exit 1, naming the cell, if out of step
    python -m tools translate --template LESSON CELL_ID   start a catalogue entry
    python -m tools translate --add-pending    list untranslated cells in pending.txt

Each source of the Chinese edition has one home:

* ``notebooks/NN_....ipynb``, the English lesson: the cells, their ids and order, and
  every code cell (the Chinese notebook runs the same code);
* ``translations/zh/NN_....md``, the lesson's **translation catalogue**: one
  entry per translated cell, keyed by the cell's id (format below);
* ``translations/zh/glossary.tsv``: the terms (English -> 中文), shown as a table
  after lesson 1's title and tested for consistency;
* ``translations/zh/pending.txt``: the Markdown cells not translated yet. They
  are shown in English with a one-line note; the list is printed by the tests and is to
  be empty when the translation is complete.

A catalogue entry starts with a header line naming the kind of cell, its id and a short
hash of the English text it translates, then quotes that English text (``> `` lines,
for reviewers, and for the diff shown when the English changes), a blank line, and the
translation::

    @@ markdown 54c2da39 en=3f9c01ab2e7d
    > ## 1. The data
    > ...

    ## 1. 数据
    ...

A code entry is the same with the translation in a ```` ```python ```` fence: the same
program with Chinese strings and comments (a test compares the token streams). Its
solution regions are left empty (the two marker lines only): the generator fills them in
from the English cell, so the catalogue, which ships to students, holds no solution.
A code cell without an entry is copied as it is. The generator adds two lines to the
first code cell: ``set_language("zh")`` (the checks speak Chinese) and ``use_cjk_font()``
(a Chinese font for the figures). It keeps the outputs of the cells whose source did not
change; the others are left empty for ``python -m tools record notebooks/zh/...``.

``--verify`` (and tests/test_translate.py) fail when an entry is stale (the English text
changed since it was translated: the message shows the diff and the new hash), when a
Markdown cell has neither an entry nor a line in pending.txt, when an entry names a cell
the English notebook does not have, or when notebooks/zh/ is not what the generator would
write (a hand edit, or not regenerated or executed since the English changed).
"""
import ast
import copy
import difflib
import hashlib
import io
import json
import os
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_utils import registry
from course_utils.markers import BEGIN, END, MarkerError, find_regions

LANGUAGE = "zh"
LESSONS = tuple(notebook for _, _, notebook in registry.LESSONS)
ZH_DIR = Path("notebooks", LANGUAGE)
CATALOGUE_DIR = Path("translations", LANGUAGE)
GLOSSARY = CATALOGUE_DIR / "glossary.tsv"
PENDING = CATALOGUE_DIR / "pending.txt"
DEFAULT_ROOT = Path(__file__).resolve().parent.parent

HEADER = re.compile(r"^@@ (markdown|code) ([A-Za-z0-9_-]{1,64}) en=([0-9a-f]{12})[ \t]*$")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Appended to the first code cell of every Chinese notebook.
ZH_SETUP = (
    "\n\n"
    "# 中文版：检查信息用中文显示，图中的中文用中文字体。\n"
    "from course_utils.messages import set_language\n"
    "from course_utils.plotting import use_cjk_font\n"
    "\n"
    "use_cjk_font()\n"
    'set_language("zh")')
PENDING_NOTE = "*（本节的中文译文尚未完成，暂时显示英文原文。）*"
GLOSSARY_CELL_ID = "zh-glossary"
GLOSSARY_LESSON = LESSONS[0]
GLOSSARY_INTRO = (
    "### 术语表\n\n"
    "本课程的中文版统一使用下面的译名。英文原词写在旁边，代码里的函数名和变量名也用这些"
    "英文词，方便你对照英文资料阅读。\n\n"
    "<details><summary>点击展开术语表（英中对照）</summary>\n\n")


@dataclass
class Entry:
    """One catalogue entry: the translation of the cell ``cell_id`` of one lesson."""
    kind: str           # "markdown" or "code"
    cell_id: str
    hash: str           # short hash of the English text it was translated from
    english: str        # that English text, as quoted in the entry
    text: str           # the translation (for code: the program inside the fence)
    line: int           # line number of the header in the catalogue file


@dataclass
class Problem:
    """Something out of step, located: the file (and cell) and what to do about it."""
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


class TranslationError(Exception):
    """Problems that stop the generator; ``problems`` lists them."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


# ----------------------------------------------------------------------------- texts
def normalised(text):
    """The text compared and hashed: trailing blanks and surrounding blank lines dropped."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).strip("\n")


def without_solutions(code, where="code"):
    """``code`` with every solution region emptied (its two marker lines kept)."""
    lines = code.splitlines()
    for region in reversed(find_regions(code, where)):
        del lines[region.begin + 1:region.end]
    return "\n".join(lines)


def english_text(cell):
    """What a catalogue entry translates: the cell's text, without solution lines."""
    if cell.cell_type == "code":
        return normalised(without_solutions(cell.source, f"cell {cell.id}"))
    return normalised(cell.source)


def source_hash(text):
    """The short hash a catalogue entry records (12 hex digits of SHA-256)."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:12]


def fill_solutions(translated, english, where):
    """The translated code with its empty solution regions filled from the English cell."""
    theirs = find_regions(english, where)
    ours = find_regions(translated, where)
    if len(ours) != len(theirs):
        raise ValueError(f"has {len(ours)} solution region(s), the English cell "
                         f"{len(theirs)}: keep each '{BEGIN}' / '{END}' pair.")
    if any(r.lines for r in ours):
        raise ValueError(f"leave the solution regions empty (just the '{BEGIN}' and '{END}' "
                         "lines): the generator copies them from the English cell, and the "
                         "catalogue ships to students.")
    lines = translated.splitlines()
    for mine, source in reversed(list(zip(ours, theirs))):
        lines[mine.begin + 1:mine.begin + 1] = source.lines
    return "\n".join(lines)


# ----------------------------------------------------------------------------- catalogue
def catalogue_template(cell):
    """A new catalogue entry for ``cell``: header and quoted English (translation to add)."""
    text = english_text(cell)
    quote = "\n".join(f"> {line}" if line else ">" for line in text.splitlines())
    fence = "\n```python\n\n```" if cell.cell_type == "code" else ""
    return f"@@ {cell.cell_type} {cell.id} en={source_hash(text)}\n{quote}\n{fence}\n"


def parse_catalogue(text, where):
    """``({cell id: Entry}, [Problem])`` from a catalogue file's text."""
    entries, problems = {}, []
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("@@")]
    for n, start in enumerate(starts):
        here = f"{where}:{start + 1}"
        m = HEADER.match(lines[start])
        if not m:
            problems.append(Problem(here, f"malformed entry header {lines[start]!r}; write "
                                          "'@@ markdown|code CELL_ID en=HASH' (12 hex digits)."))
            continue
        kind, cell_id, digest = m.groups()
        body = lines[start + 1:starts[n + 1] if n + 1 < len(starts) else len(lines)]
        quote = []
        while body and body[0].startswith(">"):
            line = body.pop(0)
            quote.append(line[2:] if line.startswith("> ") else line[1:])
        if body and body[0].strip():
            problems.append(Problem(here, f"cell {cell_id}: leave a blank line between the "
                                          "quoted English ('> ' lines) and the translation."))
            continue
        translation = normalised("\n".join(body))
        if kind == "code":
            fenced = re.fullmatch(r"```python\n(.*?)\n?```", translation, re.S)
            if not fenced:
                problems.append(Problem(here, f"cell {cell_id}: a code entry's translation is "
                                              "one ```python ... ``` block."))
                continue
            translation = fenced.group(1)
        if cell_id in entries:
            problems.append(Problem(here, f"cell {cell_id} has a second entry (the first is "
                                          f"at line {entries[cell_id].line})."))
            continue
        entries[cell_id] = Entry(kind, cell_id, digest, normalised("\n".join(quote)),
                                 translation, start + 1)
    return entries, problems


def rewrite_catalogue(text, rewrite):
    """``text`` with each entry's quoted English and translation passed through ``rewrite``.

    ``rewrite(kind, part, lines, first)`` gets the entry's kind ("markdown" or "code"), the
    part ("english": the quoted lines without their ``> ``; "translation": the lines after
    them, the blank line included, up to the next entry), those lines and the 1-based line
    number of the first one in the file, and returns as many lines. An entry whose hash was
    the hash of its quote gets the hash of its new quote: a translation that was up to
    date stays up to date when a tool rewrites the English and the translation together.
    """
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if HEADER.match(line)]
    for n, start in enumerate(starts):
        kind, cell_id, digest = HEADER.match(lines[start]).groups()
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        q = start + 1
        while q < end and lines[q].startswith(">"):
            q += 1
        quoted = [line[2:] if line.startswith("> ") else line[1:] for line in lines[start + 1:q]]
        new_quote = rewrite(kind, "english", quoted, start + 2)
        new_translation = rewrite(kind, "translation", lines[q:end], q + 1)
        if len(new_quote) != len(quoted) or len(new_translation) != end - q:
            raise ValueError("rewrite_catalogue: rewrite must keep the number of lines.")
        for i, (old, new) in enumerate(zip(quoted, new_quote)):
            if new != old:
                lines[start + 1 + i] = f"> {new}" if new else ">"
        lines[q:end] = new_translation
        if digest == source_hash("\n".join(quoted)) and new_quote != quoted:
            new_hash = source_hash("\n".join(new_quote))
            lines[start] = f"@@ {kind} {cell_id} en={new_hash}"
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def read_pending(root):
    """``({lesson: [cell id, ...]}, [Problem])`` from pending.txt."""
    path = Path(root, PENDING)
    pending, problems = {}, []
    if not path.is_file():
        return pending, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
        if not fields:
            continue
        if len(fields) < 2 or fields[0] not in LESSONS:
            problems.append(Problem(f"{PENDING}:{number}", f"expected 'LESSON CELL_ID' with "
                                                           f"LESSON one of {list(LESSONS)}; "
                                                           f"got {line.strip()!r}."))
            continue
        pending.setdefault(fields[0], []).append(fields[1])
    return pending, problems


# ----------------------------------------------------------------------------- glossary
@dataclass
class Term:
    english: str        # as shown in the table
    chinese: str        # as shown in the table
    match: re.Pattern   # finds the term in English text (whole words, any case)
    require: str        # what a translation of such text must contain
    forbid: tuple       # renderings that must not appear in any translation
    note: str
    line: int


def read_glossary(root):
    """The glossary's terms, in the file's order (tab-separated; see its header)."""
    terms = []
    path = Path(root, GLOSSARY)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = (line.split("\t") + [""] * 6)[:6]
        english, chinese, match, require, forbid, note = (f.strip() for f in fields)
        if not english or not chinese:
            raise ValueError(f"{GLOSSARY}:{number}: a term needs an English and a Chinese "
                             f"column, separated by a tab; got {line!r}.")
        pattern = match or re.escape(english) + "s?"
        terms.append(Term(english, chinese, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])",
                                                       re.IGNORECASE),
                          require or chinese, tuple(f for f in forbid.split("|") if f),
                          note, number))
    return terms


def glossary_markdown(terms):
    """The glossary as the Markdown cell shown after lesson 1's title."""
    rows = ["| English | 中文 | 说明 |", "|---|---|---|"]
    cell = lambda text: text.replace("|", "\\|")          # noqa: E731 (a | ends a cell)
    rows += [f"| {cell(t.english)} | {cell(t.chinese)} | {cell(t.note)} |" for t in terms]
    return GLOSSARY_INTRO + "\n".join(rows) + "\n\n</details>"


def prose(markdown):
    """Markdown without code, maths, link targets and HTML tags: the words a reader reads."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())     # terms may span lines


def glossary_problems(root, entries_by_lesson, terms=None):
    """Every translated Markdown cell whose English uses a glossary term must use its
    Chinese term, and no translation may use a rendering the glossary forbids."""
    terms = read_glossary(root) if terms is None else terms
    problems = []
    for lesson, entries in entries_by_lesson.items():
        for entry in entries.values():
            if entry.kind != "markdown":
                continue
            where = f"{CATALOGUE_DIR / lesson}.md:{entry.line}: cell {entry.cell_id}"
            english, chinese = prose(entry.english), prose(entry.text)
            for term in terms:
                found = term.match.search(english)
                if found and term.require not in chinese:
                    problems.append(Problem(where, f"the English says {found.group(0)!r}, the "
                                                   f"translation lacks the glossary's "
                                                   f"{term.require!r} ({term.english} -> "
                                                   f"{term.chinese})."))
                for bad in term.forbid:
                    if bad in chinese:
                        problems.append(Problem(where, f"{bad!r} is not the glossary's term: "
                                                       f"write {term.chinese!r} "
                                                       f"({term.english})."))
    return problems


# ----------------------------------------------------------------------------- code
def _tokens(code):
    """(type, text, line number, line) of the tokens of ``code``, each string literal as
    one STRING token (from Python 3.12 on, tokenize splits an f-string into several)."""
    lines = code.splitlines(keepends=True)
    f_start = getattr(tokenize, "FSTRING_START", None)
    f_end = getattr(tokenize, "FSTRING_END", None)
    depth, first = 0, None
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if f_start is not None and tok.type == f_start:
            depth += 1
            first = first or tok
        elif depth:
            if tok.type == f_end:
                depth -= 1
                if not depth:
                    yield tokenize.STRING, _slice(lines, first.start, tok.end), \
                        first.start[0], first.line
                    first = None
        else:
            yield tok.type, tok.string, tok.start[0], tok.line


def _slice(lines, start, end):
    (r0, c0), (r1, c1) = start, end
    if r0 == r1:
        return lines[r0 - 1][c0:c1]
    return lines[r0 - 1][c0:] + "".join(lines[r0:r1 - 1]) + lines[r1 - 1][:c1]


def program_tokens(code):
    """The tokens of ``code`` that make the program: no comments, no line breaks inside
    brackets, and each string literal reduced to ("STRING", the fields of an f-string).

    Two cells with the same tokens are the same program except for the text of their
    strings and comments. IPython's ``%magic`` lines tokenize as operators and names.
    """
    out = []
    for kind, text, _, _ in _tokens(code):
        if kind == tokenize.STRING:
            out.append(("STRING", _fstring_fields(text)))
        elif kind in (tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE):
            out.append((tokenize.tok_name[kind], ""))
        elif kind not in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER):
            out.append((tokenize.tok_name[kind], text))
    return out


def _fstring_fields(literal):
    """The replacement fields ({value!conversion:spec}) of an f-string, in any order (word
    order differs between languages); () for a plain string."""
    if "f" not in re.match(r"[A-Za-z]*", literal).group(0).lower():
        return ()
    try:
        node = ast.parse(literal.strip(), mode="eval").body
    except SyntaxError:
        return (literal,)
    return tuple(sorted(ast.dump(v) for v in getattr(node, "values", ())
                        if isinstance(v, ast.FormattedValue)))


def _string_literals(code):
    """(line number, literal, line) of every string literal, in order."""
    return [(number, text, line) for kind, text, number, line in _tokens(code)
            if kind == tokenize.STRING]


def code_problem(translated, english):
    """None if ``translated`` is ``english`` with other strings and comments, else why not."""
    try:
        mine, theirs = program_tokens(translated), program_tokens(english)
    except (tokenize.TokenError, IndentationError, SyntaxError) as err:
        return f"does not tokenize ({err})."
    if mine != theirs:
        i = next((k for k, (a, b) in enumerate(zip(mine, theirs)) if a != b),
                 min(len(mine), len(theirs)))
        got = mine[i] if i < len(mine) else "the end of the cell"
        want = theirs[i] if i < len(theirs) else "the end of the cell"
        return (f"is not the same program as the English cell: token {i + 1} is {got}, the "
                f"English has {want}. Translate only strings and comments.")
    for (line, ours, text), (_, original, _) in zip(_string_literals(translated),
                                                    _string_literals(english)):
        if ours != original and not CJK.search(ours):
            return (f"line {line} changes the string {original} to {ours}, which has no "
                    f"Chinese text: that changes the program, not its language "
                    f"({text.strip()!r}).")
    return None


# ----------------------------------------------------------------------------- links
_LINK = re.compile(r"(!?\[[^\]\n]*\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
_HTML_LINK = re.compile(r"((?:src|href)=\")([^\"]+)(\")")


def relink(markdown, english_dir, zh_dir):
    """Rewrite the relative links of an English cell for a cell in ``zh_dir``: a link to a
    lesson stays (it then opens the Chinese lesson beside this one); a link to another
    file that exists is made relative to ``zh_dir``; anything else is left alone (so
    LaTeX such as ``a^{[1](i)}`` is never touched)."""
    def fix(m):
        path, rest = re.match(r"([^#?]*)(.*)", m.group(2)).groups()
        if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path) or path.startswith("/"):
            return m.group(0)
        if Path(path).name in {f"{name}.ipynb" for name in LESSONS} and "/" not in path:
            return m.group(0)
        full = Path(english_dir, path)
        if not full.exists():
            return m.group(0)
        new = os.path.relpath(full, zh_dir).replace(os.sep, "/")
        return m.group(1) + new + rest + m.group(3)
    return _HTML_LINK.sub(fix, _LINK.sub(fix, markdown))


def pending_markdown(text):
    """An untranslated cell: the English, with a one-line note after its heading."""
    lines = text.splitlines()
    head = lines[:1] + [""] if lines and lines[0].startswith("#") else []
    rest = "\n".join(lines[len(head[:1]):]).strip("\n")
    return "\n".join(head + [PENDING_NOTE, "", rest])


# ----------------------------------------------------------------------------- generator
def lesson_name(name):
    """'01', '1', '01_logistic_regression_cats' or a path to it -> the lesson's name."""
    stem = Path(str(name)).stem
    for lesson in LESSONS:
        if stem == lesson or (stem.isdigit() and int(stem) == int(lesson.split("_")[0])):
            return lesson
    raise ValueError(f"no lesson {name!r}; the lessons are {list(LESSONS)}.")


def paths(root, lesson):
    """(English notebook, Chinese notebook, catalogue) of ``lesson`` under ``root``."""
    root = Path(root)
    return (root / "notebooks" / f"{lesson}.ipynb", root / ZH_DIR / f"{lesson}.ipynb",
            root / CATALOGUE_DIR / f"{lesson}.md")


def read_catalogue(root, lesson):
    path = paths(root, lesson)[2]
    if not path.is_file():
        return {}, []
    return parse_catalogue(path.read_text(encoding="utf-8"), f"{CATALOGUE_DIR / lesson}.md")


def _stale_message(lesson, entry, now):
    diff = list(difflib.unified_diff(entry.english.splitlines(), now.splitlines(),
                                     "English as translated (catalogue)",
                                     "English now (notebook)", n=1, lineterm=""))
    shown = "\n".join("        " + line for line in diff[:40])
    more = f"\n        ... ({len(diff) - 40} more diff lines)" if len(diff) > 40 else ""
    return (f"stale translation: the English cell changed since it was translated (entry "
            f"en={entry.hash}, English now en={source_hash(now)}). Update the translation "
            f"and its header and quote (`python -m tools translate --template "
            f"{lesson} {entry.cell_id}` prints them), or move the cell to {PENDING}. "
            f"What changed:\n{shown}{more}")


def build(root, lesson, glossary_terms=None):
    """Return ``(notebook, problems)``: the Chinese notebook the generator writes for
    ``lesson``, with the outputs of the committed Chinese notebook's unchanged cells."""
    root = Path(root)
    en_path, zh_path, _ = paths(root, lesson)
    cat_where = f"{CATALOGUE_DIR / lesson}.md"
    english = nbformat.read(en_path, as_version=4)
    entries, problems = read_catalogue(root, lesson)
    pending_all, pending_problems = read_pending(root)
    problems += pending_problems
    pending = pending_all.get(lesson, [])
    old = nbformat.read(zh_path, as_version=4) if zh_path.is_file() else None
    old_cells = {c.get("id"): c for c in old.cells} if old else {}

    ids = {c.id: c for c in english.cells}
    for entry in entries.values():
        where = f"{cat_where}:{entry.line}"
        if entry.cell_id not in ids:
            problems.append(Problem(where, f"cell {entry.cell_id} is not in notebooks/"
                                           f"{lesson}.ipynb (deleted, or a mistyped id?)."))
        elif ids[entry.cell_id].cell_type != entry.kind:
            problems.append(Problem(where, f"cell {entry.cell_id} is a "
                                           f"{ids[entry.cell_id].cell_type} cell, not "
                                           f"{entry.kind}."))
    for cell_id in pending:
        if cell_id not in ids or ids[cell_id].cell_type != "markdown":
            problems.append(Problem(f"{PENDING}", f"{lesson} {cell_id}: not a Markdown cell "
                                                  f"of notebooks/{lesson}.ipynb."))

    cells, first_code = [], True
    for cell in english.cells:
        where = f"{cat_where}: cell {cell.id}"
        entry = entries.get(cell.id)
        entry = entry if entry is not None and entry.kind == cell.cell_type else None
        now = english_text(cell)
        if cell.cell_type == "markdown":
            if cell.id in pending:
                if entry is not None and entry.hash == source_hash(now):
                    problems.append(Problem(where, f"is translated and up to date: remove it "
                                                   f"from {PENDING}."))
                text = pending_markdown(cell.source)
            elif entry is None:
                problems.append(Problem(where, f"no translation: add an entry (`python -m "
                                               f"tools translate --template {lesson} "
                                               f"{cell.id}`) or list the cell in {PENDING}."))
                text = pending_markdown(cell.source)
            else:
                if entry.hash != source_hash(now):
                    problems.append(Problem(where, _stale_message(lesson, entry, now)))
                if not CJK.search(entry.text):
                    problems.append(Problem(where, "the translation has no Chinese text."))
                text = entry.text
            new = nbformat.v4.new_markdown_cell(relink(text, en_path.parent, zh_path.parent))
        elif cell.cell_type == "code":
            source = cell.source
            if entry is not None:
                if entry.hash != source_hash(now):
                    problems.append(Problem(where, _stale_message(lesson, entry, now)))
                try:
                    source = fill_solutions(entry.text, cell.source, f"cell {cell.id}")
                    why = code_problem(source, cell.source)
                except (ValueError, MarkerError) as err:
                    why = str(err)
                if why:
                    problems.append(Problem(where, f"the translated code {why}"))
                    source = cell.source
            if first_code:
                source = source.rstrip("\n") + ZH_SETUP
                first_code = False
            new = nbformat.v4.new_code_cell(source)
            before = old_cells.get(cell.id)
            if before is not None and before.cell_type == "code" and before.source == source:
                new.outputs = copy.deepcopy(before.outputs)
                new.execution_count = before.get("execution_count")
        else:
            new = nbformat.v4.new_raw_cell(cell.source)
        new.id = cell.id
        new.metadata = copy.deepcopy(cell.metadata)
        if "attachments" in cell:
            new.attachments = copy.deepcopy(cell.attachments)
        cells.append(new)
        if lesson == GLOSSARY_LESSON and len(cells) == 1:
            glossary = nbformat.v4.new_markdown_cell(glossary_markdown(
                read_glossary(root) if glossary_terms is None else glossary_terms))
            glossary.id = GLOSSARY_CELL_ID
            cells.append(glossary)

    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(english.metadata))
    nb.nbformat, nb.nbformat_minor = english.nbformat, english.nbformat_minor
    if old is not None and "language_info" in old.metadata:       # set by the execution
        nb.metadata["language_info"] = copy.deepcopy(old.metadata["language_info"])
    nb.metadata["nn_course"] = {
        "language": LANGUAGE, "generated_from": f"../{lesson}.ipynb",
        "catalogue": f"../../{CATALOGUE_DIR.as_posix()}/{lesson}.md",
        "note": "Generated by `python -m tools translate`: edit the catalogue, "
                "not this notebook."}
    nbformat.validate(nb)
    return nb, problems


def _as_json(nb):
    return json.loads(nbformat.writes(nb))


def differences(generated, committed_path, where):
    """Problems where the committed Chinese notebook differs from the generated one."""
    if not Path(committed_path).is_file():
        return [Problem(where, "missing: run `python -m tools translate`.")]
    committed = nbformat.read(committed_path, as_version=4)
    if _as_json(committed) == _as_json(generated):
        problems = []
    else:
        problems = [_first_difference(generated, committed, where)]
    for cell in committed.cells:
        if cell.cell_type == "code" and cell.source.strip() and cell.get(
                "execution_count") is None:
            problems.append(Problem(f"{where}: cell {cell.get('id')}",
                                    f"has not been executed (nbval would not compare it): "
                                    f"run `python -m tools record {where}`."))
    return problems


def _first_difference(generated, committed, where):
    fix = ("not what the generator writes (edited by hand, or not regenerated since the "
           "English notebook or the catalogue changed): edit the catalogue and run `python -m "
           "tools translate`, then `python -m tools record "
           f"{where}`.")
    gen_ids = [c.id for c in generated.cells]
    com_ids = [c.get("id") for c in committed.cells]
    if gen_ids != com_ids:
        i = next((k for k, (a, b) in enumerate(zip(gen_ids, com_ids)) if a != b),
                 min(len(gen_ids), len(com_ids)))
        a = gen_ids[i] if i < len(gen_ids) else "(none)"
        b = com_ids[i] if i < len(com_ids) else "(none)"
        return Problem(f"{where}: cell {i + 1}", f"should be cell {a}, is cell {b}: {fix}")
    for gen, com in zip(generated.cells, committed.cells):
        a, b = _as_json_cell(gen), _as_json_cell(com)
        if a != b:
            what = "source" if a.get("source") != b.get("source") else ", ".join(
                k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))
            return Problem(f"{where}: cell {gen.id}", f"its {what} is {fix}")
    return Problem(where, f"its metadata is {fix}")


def _as_json_cell(cell):
    return json.loads(json.dumps(cell))


def verify(root=DEFAULT_ROOT, lessons=LESSONS):
    """Every problem of the Chinese edition: catalogue, glossary, generated vs committed."""
    problems, entries = [], {}
    terms = read_glossary(root)
    for lesson in lessons:
        generated, found = build(root, lesson, terms)
        problems += found
        entries[lesson] = read_catalogue(root, lesson)[0]
        problems += differences(generated, paths(root, lesson)[1], f"{ZH_DIR / lesson}.ipynb")
    problems += glossary_problems(root, entries, terms)
    return problems


def pending_list(root=DEFAULT_ROOT):
    """[(lesson, cell id, the cell's first line)] of the cells shown in English for now."""
    pending, _ = read_pending(root)
    rows = []
    for lesson in LESSONS:
        ids = set(pending.get(lesson, []))
        if not ids:
            continue
        nb = nbformat.read(paths(root, lesson)[0], as_version=4)
        rows += [(lesson, c.id, (c.source.strip().splitlines() or [""])[0][:60])
                 for c in nb.cells if c.id in ids]
    return rows


def add_pending(root=DEFAULT_ROOT, lessons=LESSONS, out=sys.stdout):
    """List in pending.txt every Markdown cell with no up-to-date translation (no entry, or a
    stale one, which stays in the catalogue for the translator); return the cells added.

    For after a change of the English notebooks: the cells are then shown in English, and
    the change to pending.txt says which ones, for review."""
    pending, _ = read_pending(root)
    added = []
    for lesson in lessons:
        english = nbformat.read(paths(root, lesson)[0], as_version=4)
        entries = read_catalogue(root, lesson)[0]
        for cell in english.cells:
            entry = entries.get(cell.id)
            if cell.cell_type == "markdown" and cell.id not in pending.get(lesson, []) and (
                    entry is None or entry.hash != source_hash(english_text(cell))):
                first = (cell.source.strip().splitlines() or [""])[0][:70]
                added.append(f"{lesson}  {cell.id}  {first}")
    if added:
        path = Path(root, PENDING)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        path.write_text(text + ("" if text.endswith("\n") or not text else "\n")
                        + "\n".join(added) + "\n", encoding="utf-8")
    for line in added:
        print(f"pending: {line}", file=out)
    return added


def write(root=DEFAULT_ROOT, lessons=LESSONS, out=sys.stdout):
    """Generate the Chinese notebooks; raise TranslationError (nothing written) on problems."""
    terms = read_glossary(root)
    built = []
    for lesson in lessons:
        nb, problems = build(root, lesson, terms)
        if problems:
            raise TranslationError(problems)
        built.append((lesson, nb))
    for lesson, nb in built:
        path = paths(root, lesson)[1]
        rel = path.relative_to(Path(root)).as_posix()
        if path.is_file() and _as_json(nbformat.read(path, as_version=4)) == _as_json(nb):
            print(f"{rel}: up to date", file=out)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        todo = [c.id for c in nb.cells if c.cell_type == "code" and c.source.strip()
                and c.execution_count is None]
        print(f"wrote {rel}: {len(nb.cells)} cells"
              + (f"; {len(todo)} code cell(s) to execute: python -m tools record "
                 f"{rel}" if todo else ""), file=out)


# ----------------------------------------------------------------------------- command
def main(args):
    root = Path(args.source) if args.source else DEFAULT_ROOT
    try:
        lessons = tuple(lesson_name(n) for n in args.lessons) or LESSONS
        if args.template:
            lessons = (lesson_name(args.template[0]),)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.template:
        nb = nbformat.read(paths(root, lessons[0])[0], as_version=4)
        cell = next((c for c in nb.cells if c.id == args.template[1]), None)
        if cell is None:
            print(f"error: notebooks/{lessons[0]}.ipynb has no cell {args.template[1]}",
                  file=sys.stderr)
            return 2
        print(catalogue_template(cell))
        return 0
    if args.add_pending:
        print(f"{len(add_pending(root, lessons))} cell(s) added to {PENDING}.")
    if args.verify:
        problems = verify(root, lessons)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        rows = pending_list(root)
        print(f"{len(rows)} Markdown cell(s) wait for a translation ({PENDING}).")
        if problems:
            print(f"{len(problems)} problem(s).", file=sys.stderr)
            return 1
        print("the Chinese notebooks are in step with the English ones.")
        return 0
    try:
        write(root, lessons)
    except TranslationError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing written.", file=sys.stderr)
        return 1
    return 0

