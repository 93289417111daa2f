"""The Chinese edition of the lessons (notebooks/zh/), generated, never edited by hand.

    python -m tools translate [LESSON ...]     write notebooks/zh/NN_....ipynb
    python -m tools translate --verify         exit 1, naming the cell, if out of step
                                               (--check is the same)
    python -m tools translate --update         merge the English into the catalogues

Each source of the Chinese edition has one home:

* ``notebooks/NN_....ipynb``, the English lesson: the cells, their ids and order, and
  every code cell (the Chinese notebook runs the same code);
* ``translations/zh/NN_....po``, the lesson's **translation catalogue**, a gettext PO
  file (read and written with Babel), so that Poedit, Weblate or Crowdin open it: one
  entry per translated cell, with ``msgctxt`` = the cell's id, ``msgid`` = the English
  text it translates and ``msgstr`` = the translation (empty: not translated yet);
  ``#, fuzzy`` marks a translation whose English has changed (``#| msgid`` shows the
  English it was made from);
* ``translations/zh/glossary.tsv``: the terms (English -> 中文), shown as a table
  after lesson 1's title and tested for consistency.

A Markdown cell's entry holds its text. A code cell with words a student reads (comments,
or strings that are printed or drawn) has an entry too, whose translation is the same
program with Chinese strings and comments (a test compares the token streams); its solution
regions are left empty in ``msgid`` and ``msgstr`` (the two marker lines only): the
generator fills them in from the English cell, so the catalogue, which ships nowhere,
holds no solution all the same. A code cell without words is copied as it is. The
generator adds two lines to the first code cell: ``set_language("zh")`` (the checks speak
Chinese) and ``use_cjk_font()`` (a Chinese font for the figures). It keeps the outputs of
the cells whose source did not change; the others are left empty for
``python -m tools record notebooks/zh/...``.

``--update`` merges the English notebooks into the catalogues, as ``msgmerge`` would: a
new cell gets an empty entry, an entry whose English changed gets the new ``msgid``, is
marked fuzzy and keeps its translation and the old English (``#|``) for the translator,
and an entry of a cell that is gone becomes obsolete (``#~``). Untranslated and fuzzy
entries are shown in English, with a one-line note.

``--verify`` (and tests/test_translate.py) fail when an entry is stale (its ``msgid`` is
not the English cell's text: the message shows the diff), or fuzzy, when a code cell with
words has no translation, when an entry names a cell the English notebook does not have,
or when notebooks/zh/ is not what the generator would write (a hand edit, or not
regenerated or executed since the English changed). Untranslated Markdown cells are
listed; a test requires that there are none.
"""
import ast
import copy
import datetime
import difflib
import io
import json
import os
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, escape, read_po, unescape, write_po

from course_utils import registry
from course_utils.markers import BEGIN, END, MarkerError, find_regions

LANGUAGE = "zh"
LESSONS = tuple(notebook for _, _, notebook in registry.LESSONS)
ZH_DIR = Path("notebooks", LANGUAGE)
CATALOGUE_DIR = Path("translations", LANGUAGE)
GLOSSARY = CATALOGUE_DIR / "glossary.tsv"
DEFAULT_ROOT = Path(__file__).resolve().parent.parent
PO_LOCALE = "zh_CN"
PO_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)   # fixed: no churn in diffs

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
    cell_id: str        # msgctxt
    english: str        # msgid: the English text it translates
    text: str           # msgstr: the translation ("" = not translated yet; for code: the
                        # program, with empty solution regions)
    fuzzy: bool = False  # the English changed since it was translated (after --update)
    previous: str = ""   # the English it was translated from (#| msgid), if fuzzy
    line: int = 0        # line of the entry in the catalogue file
    kind: str = ""       # "markdown" or "code" (the #. comment; for translators)


@dataclass
class Problem:
    """Something out of step, located: the file (and cell) and what to do about it.

    ``blocking``: the generator refuses to write while it stands (a stale or malformed
    translation); a non-blocking problem (a fuzzy or missing translation, shown in English
    meanwhile) fails only ``--verify`` and the tests."""
    where: str
    message: str
    blocking: bool = True

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
CATALOGUE_HEADER = """\
Chinese translation of the lesson {lesson} (notebooks/{lesson}.ipynb).
第 {number} 课中文版的翻译目录（gettext PO 格式，可用 Poedit、Weblate 或 Crowdin 打开）。

msgctxt is the cell's id, msgid the English, msgstr the translation. A code cell's msgstr
is the same program with Chinese strings and comments; leave its solution regions empty.
Use the terms of glossary.tsv. After an English change, `python -m tools translate
--update` marks the entries to review as fuzzy; then `python -m tools translate` writes
notebooks/zh/ and `python -m tools record notebooks/zh/{lesson}.ipynb` executes it."""


def _previous_msgid(message):
    """The old English of a fuzzy entry: its ``#| msgid`` lines, which Babel keeps as user
    comments ("| msgid ..." and '| "..."')."""
    quoted = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    joined = " ".join(quoted)
    joined = joined[len("msgid"):] if joined.startswith("msgid") else joined
    return "".join(unescape(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', joined))


def _previous_lines(text):
    """``#| msgid`` lines for ``text``, one quoted line per line of text, as msgmerge writes."""
    pieces = text.splitlines(keepends=True) or [""]
    return ['#| msgid ""'] + [f"#| {escape(piece)}" for piece in pieces]


def parse_catalogue(text, where):
    """``({cell id: Entry}, [Problem])`` from a PO catalogue's text."""
    try:
        catalog = read_po(io.StringIO(text), locale=PO_LOCALE, abort_invalid=True)
    except PoFileError as err:
        line = re.search(r"(?:line|on) (\d+)", str(err))
        return {}, [Problem(f"{where}:{line.group(1) if line else '?'}",
                            f"not a valid PO file: {err}")]
    entries, problems = {}, []
    for message in catalog:
        if not message.id:                           # the header
            continue
        here = f"{where}:{message.lineno}"
        if not message.context:
            problems.append(Problem(here, "an entry without msgctxt: every entry's msgctxt "
                                          "is the id of the cell it translates."))
            continue
        if message.context in entries:
            problems.append(Problem(here, f"cell {message.context} has a second entry (the "
                                          f"first is at line "
                                          f"{entries[message.context].line})."))
            continue
        previous = _previous_msgid(message)
        kind = next((c for c in message.auto_comments if c in ("markdown", "code")), "")
        entries[message.context] = Entry(message.context, normalised(message.id),
                                         normalised(message.string or ""),
                                         message.fuzzy, previous, message.lineno, kind)
    return entries, problems


def catalogue_text(lesson, entries, obsolete=()):
    """The PO text of a catalogue holding ``entries`` (in the English notebook's order)."""
    number = int(lesson.split("_")[0])
    catalog = Catalog(locale=PO_LOCALE, project="nn-course", version=lesson,
                      header_comment="\n".join(f"# {line}".rstrip() for line in
                                               CATALOGUE_HEADER.format(
                                                   lesson=lesson, number=number).splitlines()),
                      creation_date=PO_DATE, revision_date=PO_DATE,
                      language_team="nn-course translators",
                      last_translator="nn-course translators", fuzzy=False)
    for entry in entries:
        message = catalog.add(entry.english, entry.text, context=entry.cell_id,
                              auto_comments=[entry.kind] if entry.kind else [])
        # Cells are not format strings ("50%" is not a %-directive): say so, for msgfmt.
        message.flags = {"no-python-format"} | ({"fuzzy"} if entry.fuzzy else set())
    for entry in obsolete:                           # cells gone from the English notebook
        catalog.obsolete[entry.cell_id] = Message(entry.english, entry.text,
                                                  context=entry.cell_id)
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    lines = out.getvalue().decode("utf-8").splitlines()
    previous = {e.cell_id: e.previous for e in entries if e.fuzzy and e.previous}
    for k in range(len(lines) - 1, -1, -1):          # the old English of fuzzy entries
        m = re.match(r'msgctxt "(.*)"$', lines[k])
        if m and unescape(f'"{m.group(1)}"') in previous:
            lines[k:k] = _previous_lines(previous[unescape(f'"{m.group(1)}"')])
    return "\n".join(lines) + "\n"


def _first_line(lines, msgid_line, part):
    """The 1-based line of the file holding the first line of an entry's msgid (``part`` =
    "english") or msgstr ("translation"), from the line of its msgid."""
    k = msgid_line - 1
    if part == "translation":
        while not lines[k].startswith("msgstr"):
            k += 1
    return k + 2 if lines[k].endswith(' ""') else k + 1


def rewrite_catalogue(text, rewrite):
    """``text`` (a PO catalogue) with each entry's English and translation passed through
    ``rewrite`` (``python -m tools exercises`` renumbers headings this way).

    ``rewrite(kind, part, lines, first)`` gets the entry's kind ("markdown" or "code"), the
    part ("english": the msgid; "translation": the msgstr), its lines and the 1-based line
    of the file that holds the first of them, and returns as many lines. A translation that
    was up to date stays up to date (not fuzzy) when a tool rewrites the English and the
    translation together.
    """
    catalog = read_po(io.StringIO(text), locale=PO_LOCALE, abort_invalid=True)
    entries, problems = parse_catalogue(text, "catalogue")
    if problems:
        raise ValueError("\n".join(map(str, problems)))
    lines = text.splitlines()
    for entry in entries.values():
        for part in ("english", "translation"):
            old = (entry.english if part == "english" else entry.text).split("\n")
            new = rewrite(entry.kind, part, old, _first_line(lines, entry.line, part))
            if len(new) != len(old):
                raise ValueError("rewrite_catalogue: rewrite must keep the number of lines.")
            if part == "english":
                entry.english = "\n".join(new)
            else:
                entry.text = "\n".join(new)
    obsolete = [Entry(m.context, normalised(m.id), normalised(m.string or ""))
                for m in catalog.obsolete.values()]
    return catalogue_text(catalog.version, list(entries.values()), obsolete)


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
            if entry.kind != "markdown" or not entry.text or entry.fuzzy:
                continue
            where = f"{CATALOGUE_DIR / lesson}.po:{entry.line}: cell {entry.cell_id}"
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
            root / CATALOGUE_DIR / f"{lesson}.po")


def read_catalogue(root, lesson):
    path = paths(root, lesson)[2]
    if not path.is_file():
        return {}, []
    return parse_catalogue(path.read_text(encoding="utf-8"), f"{CATALOGUE_DIR / lesson}.po")


def _diff(old, new):
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(),
                                     "English as translated (catalogue)",
                                     "English now (notebook)", n=1, lineterm=""))
    shown = "\n".join("        " + line for line in diff[:40])
    more = f"\n        ... ({len(diff) - 40} more diff lines)" if len(diff) > 40 else ""
    return shown + more


def _stale_message(lesson, entry, now):
    return (f"stale translation: the English cell changed since it was translated (its "
            f"msgid is not the cell's text). Run `python -m tools translate --update`, which "
            f"marks the entry fuzzy, then update the translation and clear the fuzzy flag. "
            f"What changed:\n{_diff(entry.english, now)}")


def _fuzzy_message(lesson, entry):
    what = f" What changed:\n{_diff(entry.previous, entry.english)}" if entry.previous else ""
    return (f"fuzzy translation: the English changed since it was translated; review the "
            f"translation and clear the fuzzy flag (Poedit: Needs Work). It is shown in "
            f"English until then.{what}")


def needs_translation(cell):
    """Whether a cell holds words a student reads: any Markdown cell; a code cell with a
    comment, or with a string that is printed, drawn or shown (see :func:`code_words`)."""
    return cell.cell_type == "markdown" or (cell.cell_type == "code"
                                            and bool(code_words(cell.source)))


DISPLAY_CALLS = {"print", "title", "set_title", "suptitle", "xlabel", "ylabel", "set_xlabel",
                 "set_ylabel", "text", "annotate", "legend", "plot_image_grid",
                 "plot_accuracy_dots", "plot_cost_curves", "plot_decision_boundary",
                 "plot_costs", "plot"}
DISPLAY_KEYWORDS = {"label", "title", "set_labels"}


def code_words(code):
    """The words a student reads in a code cell, as (line number, text) pairs: comments,
    the messages of ``assert`` statements, and the string literals inside a call that prints
    or draws (``print``, ``set_title``, ``label=`` ...), each if it holds a word that is not
    a name of the cell's code (``print(f"cost = {cost}")`` prints a variable's name: code,
    not prose). IPython's ``%magic`` lines are skipped."""
    plain = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                      for line in code.splitlines())
    try:
        tree = ast.parse(plain)
    except SyntaxError:
        tree = None
    nodes = list(ast.walk(tree)) if tree else []
    names = {n.id for n in nodes if isinstance(n, ast.Name)}
    names |= {n.attr for n in nodes if isinstance(n, ast.Attribute)}
    keys = [n.slice for n in nodes if isinstance(n, ast.Subscript)]     # x["dw"]: code
    keys += [k for n in nodes if isinstance(n, ast.Dict) for k in n.keys if k is not None]
    names |= {k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}

    def prose(text):                       # a word (of 2 letters or more) that is not code
        return any(w not in names and len(re.sub(r"[^A-Za-z]", "", w)) > 1
                   for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text))

    words = [(number, text) for kind, text, number, _line in _tokens(code)
             if kind == tokenize.COMMENT and prose(text)
             and not re.match(r"#\s*(noqa|type:)", text)]
    for node in nodes:
        parts = []
        if isinstance(node, ast.Assert) and node.msg is not None:   # shown when it fails
            parts = [node.msg]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            parts = list(node.args) if name in DISPLAY_CALLS else []
            parts += [k.value for k in node.keywords if k.arg in DISPLAY_KEYWORDS]
        for part in parts:
            words += [(sub.lineno, sub.value) for sub in ast.walk(part)
                      if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
                      and prose(sub.value)]
    return sorted(set(words))


def build(root, lesson, glossary_terms=None):
    """Return ``(notebook, problems)``: the Chinese notebook the generator writes for
    ``lesson``, with the outputs of the committed Chinese notebook's unchanged cells."""
    root = Path(root)
    en_path, zh_path, _ = paths(root, lesson)
    cat_where = f"{CATALOGUE_DIR / lesson}.po"
    english = nbformat.read(en_path, as_version=4)
    entries, problems = read_catalogue(root, lesson)
    old = nbformat.read(zh_path, as_version=4) if zh_path.is_file() else None
    old_cells = {c.get("id"): c for c in old.cells} if old else {}

    ids = {c.id: c for c in english.cells}
    for entry in entries.values():
        if entry.cell_id not in ids:
            problems.append(Problem(f"{cat_where}:{entry.line}",
                                    f"cell {entry.cell_id} is not in notebooks/{lesson}.ipynb "
                                    f"(deleted, or a mistyped id? `python -m tools translate "
                                    f"--update` makes its entry obsolete)."))

    cells, first_code = [], True
    for cell in english.cells:
        where = f"{cat_where}: cell {cell.id}"
        entry = entries.get(cell.id)
        now = english_text(cell)
        usable = None                     # the translation, if there is an up-to-date one
        if entry is None and needs_translation(cell):
            problems.append(Problem(where, "not in the catalogue: `python -m tools translate "
                                           "--update` adds its entry (shown in English until "
                                           "it is translated).", blocking=False))
        elif entry is not None and cell.cell_type in ("markdown", "code"):
            if entry.english != now:
                problems.append(Problem(where, _stale_message(lesson, entry, now)))
            elif entry.fuzzy:
                problems.append(Problem(where, _fuzzy_message(lesson, entry), blocking=False))
            elif entry.text:
                usable = entry.text
        if cell.cell_type == "markdown":
            if usable is not None and not CJK.search(usable):
                problems.append(Problem(where, "the translation has no Chinese text."))
            text = usable if usable is not None else pending_markdown(cell.source)
            new = nbformat.v4.new_markdown_cell(relink(text, en_path.parent, zh_path.parent))
        elif cell.cell_type == "code":
            source = cell.source
            if usable is not None:
                try:
                    source = fill_solutions(usable, cell.source, f"cell {cell.id}")
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
        "catalogue": f"../../{CATALOGUE_DIR.as_posix()}/{lesson}.po",
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
    """[(lesson, cell id, the cell's first line)] of the cells shown in English for now:
    Markdown cells and code cells with words, without an entry, or whose entry is
    untranslated or fuzzy."""
    rows = []
    for lesson in LESSONS:
        entries = read_catalogue(root, lesson)[0]
        nb = nbformat.read(paths(root, lesson)[0], as_version=4)
        for cell in nb.cells:
            entry = entries.get(cell.id)
            if needs_translation(cell) and (entry is None or not entry.text or entry.fuzzy):
                rows.append((lesson, cell.id, (cell.source.strip().splitlines() or [""])[0][:60]))
    return rows


def update(root=DEFAULT_ROOT, lessons=LESSONS, out=sys.stdout):
    """Merge the English notebooks into the catalogues (as ``msgmerge`` does); return the
    changes as lines: ``new`` (an empty entry for a cell to translate), ``fuzzy`` (the
    English changed: the new msgid, the old one as ``#|``, the translation kept for review)
    and ``obsolete`` (the cell is gone: its entry is kept as ``#~``).

    Entries are written in the English notebook's order; a catalogue that would not change
    is not rewritten."""
    changes = []
    for lesson in lessons:
        english = nbformat.read(paths(root, lesson)[0], as_version=4)
        path = paths(root, lesson)[2]
        entries, problems = read_catalogue(root, lesson)
        if problems:
            raise TranslationError(problems)
        merged = []
        for cell in english.cells:
            if not needs_translation(cell):
                continue
            now = english_text(cell)
            entry = entries.pop(cell.id, None)
            if entry is None:
                entry = Entry(cell.id, now, "", kind=cell.cell_type)
                changes.append(f"new: {lesson} {cell.id}")
            elif entry.english != now:
                entry = Entry(cell.id, now, entry.text, fuzzy=bool(entry.text),
                              previous=entry.english if entry.text else "",
                              kind=cell.cell_type)
                changes.append(f"fuzzy: {lesson} {cell.id}")
            merged.append(Entry(entry.cell_id, entry.english, entry.text, entry.fuzzy,
                                entry.previous, kind=cell.cell_type))
        gone = list(entries.values())
        changes += [f"obsolete: {lesson} {e.cell_id}" for e in gone]
        text = catalogue_text(lesson, merged, gone)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for line in changes:
        print(line, file=out)
    return changes


def write(root=DEFAULT_ROOT, lessons=LESSONS, out=sys.stdout):
    """Generate the Chinese notebooks; raise TranslationError (nothing written) on problems."""
    terms = read_glossary(root)
    built = []
    for lesson in lessons:
        nb, problems = build(root, lesson, terms)
        if any(p.blocking for p in problems):
            raise TranslationError([p for p in problems if p.blocking])
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
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.update:
        try:
            changes = update(root, lessons)
        except TranslationError as err:
            for problem in err.problems:
                print(f"error: {problem}", file=sys.stderr)
            return 1
        print(f"{len(changes)} change(s) to the catalogues in {CATALOGUE_DIR}.")
        if not args.verify:
            return 0
    if args.verify:
        problems = verify(root, lessons)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        rows = pending_list(root)
        print(f"{len(rows)} cell(s) wait for a translation (shown in English).")
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
