"""Exercise facts from one source: the numbers, counts, names and points the course shows.

    python -m tools exercises            rewrite every fact that is out of step
    python -m tools exercises --verify   write nothing; exit 1, naming file and line, if
                                         any fact disagrees with the registry

The registry (:mod:`course_utils.registry`, read from the solution markers) says which
graded functions each lesson has, in which order; the hidden cases
(``course_instructor/hidden/<module>.py``, ``@points(p)``) say what each one is worth.
Every place that shows one of these facts is written from them here, or checked:

* **Headings.** ``### Exercise N — `function...``` in the English notebooks and
  ``### 练习 N — `function...``` in the Chinese translations (``translations/zh/``),
  N being the function's number in its module. A notebook has one such heading per graded
  function of its lesson, in the module's order, and the section under each heading calls
  ``checks.check_<function>(``. The tool rewrites N; a missing heading is reported.
* **Blocks** in Markdown (notebooks, catalogues, READMEs): ``<!-- exercises: lesson L,
  KIND -->`` ... ``<!-- /exercises -->``, both on one line, never at its start (CommonMark
  would read such a line as raw HTML). The tool writes what is between them:

  ========  ==========================================  ==================================
  KIND      English                                     Chinese (in a translation)
  ========  ==========================================  ==================================
  count     six                                         六
  names     `a`, `b` and `c`                            `a`、`b` 和 `c`
  list      six graded functions: `a`, `b` and `c`      六个计分函数：`a`、`b` 和 `c`
  ========  ==========================================  ==================================

  The READMEs' lesson tables and the notebooks' introductions must hold theirs
  (:data:`README_BLOCKS`, :data:`NOTEBOOK_BLOCKS`).
* **Docstrings.** Each graded function's docstring starts with ``Exercise N: ``; each
  hidden module's docstring starts with ``Hidden cases of lesson L
  (course_utils/<module>.py): P points.``. The tool writes both.
* **Nothing by hand.** A count of exercises or functions ("eight graded functions",
  "八个计分函数") or an exercise number ("see exercise 4", "练习 4") outside a heading or a
  block, or "N points" in a hidden module outside its first line, is reported: write a
  block, or name the function instead.

After it rewrites a notebook or a catalogue, the tool regenerates the Chinese notebooks
(``python -m tools translate``). A catalogue entry that was up to date with its English
cell stays so: its quote, its translation and its hash are rewritten together. The
rewrites touch Markdown and docstrings only, so no notebook needs re-executing.
"""
import ast
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course_utils import registry
from tools import translate

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python -m tools exercises"

# Where the course must show a lesson's exercises as a block (file -> kind, for every
# lesson), and which blocks each notebook's introduction holds (lesson -> kinds).
README_BLOCKS = {"README.md": "names", "README.student.md": "names"}
NOTEBOOK_BLOCKS = {1: ("list", "count"), 2: ("list",)}
# Files read only for facts stated by hand (blocks are rewritten there too).
OTHER_MARKDOWN = ("INSTRUCTORS.md",)
PYTHON_DIRS = ("course_utils", "course_instructor")

KINDS = ("count", "names", "list")
_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_ZH_DIGITS = "零一二三四五六七八九"

_BLOCK = re.compile(r"<!-- exercises: lesson (\d+), (\w+) -->(.*?)<!-- /exercises -->")
_MARKER = re.compile(r"<!--\s*/?\s*exercises\b")
_LINE_START_MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?<!--")
_HEADING = re.compile(r"^### (Exercise|练习) (\d+) — `(\w+)(?=[(`])")
_HEADING_LIKE = re.compile(r"^#{1,6}\s*(?:Exercise(?!\w)|练习\s*\d)")
_EN_COUNT = re.compile(r"\b(?:(?:" + "|".join(_WORDS[2:]) + r")\s+|(?<!lesson )\d+ )"
                       r"(?:graded\s+)?(?:functions|exercises)\b", re.IGNORECASE)
_ZH_COUNT = re.compile(r"[\d两二三四五六七八九十]+\s*个\s*(?:计分)?(?:函数|练习)")
_NUMBER_REF = re.compile(r"\bexercises? \d+|练习\s*\d+", re.IGNORECASE)
_DOC_START = re.compile(r'^(\s*[rRuU]?(?:"""|\'\'\'))(Exercise \d+: )?')
_HIDDEN_FIRST = re.compile(r'^(\s*[rRuU]?(?:"""|\'\'\'))(Hidden cases of lesson .*? points\.)')
_POINTS = re.compile(r"\b\d+(?:\.\d+)? points\b")


@dataclass
class Finding:
    """A fact out of step: ``fixable`` if the tool rewrites it, else one to edit by hand."""
    where: str
    message: str
    fixable: bool = False

    def __str__(self):
        return f"{self.where}: {self.message}"


@dataclass
class Lesson:
    """The facts of one lesson: its graded functions in order and their points."""
    number: int
    module: str
    notebook: str
    functions: tuple
    points: dict = field(default_factory=dict)     # function -> points (None if missing)

    def exercise_number(self, function):
        return self.functions.index(function) + 1


# ------------------------------------------------------------------------------- facts
def hidden_points(source):
    """{function: points} read from the ``@points(p, ...)`` decorators of a hidden-cases
    module's source (statically, so any copy of the course can be read)."""
    points = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.FunctionDef) and node.name.endswith("_cases")):
            continue
        for dec in node.decorator_list:
            if isinstance(dec, ast.Call) and getattr(dec.func, "id", None) == "points":
                value = dec.args[0] if dec.args else next(
                    (k.value for k in dec.keywords if k.arg == "value"), None)
                if value is not None:
                    points[node.name[:-len("_cases")]] = ast.literal_eval(value)
    return points


def read_lessons(root):
    """{lesson number: Lesson} of the course at ``root``."""
    root = Path(root)
    lessons = {}
    for module, number, notebook in registry.LESSONS:
        functions = tuple(ex.function for ex in
                          registry.exercises(module, package_dir=root / "course_utils"))
        hidden = root / "course_instructor" / "hidden" / f"{module}.py"
        points = hidden_points(hidden.read_text(encoding="utf-8")) if hidden.is_file() else {}
        lessons[number] = Lesson(number, module, notebook, functions,
                                 {f: points.get(f) for f in functions})
    return lessons


# ------------------------------------------------------------------------------- wording
def count_en(n):
    return _WORDS[n] if n < len(_WORDS) else str(n)


def count_zh(n):
    """A count before a measure word (两个, 八个, 十三个)."""
    if n == 2:
        return "两"
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")
    return str(n)


def names(functions, language):
    quoted = [f"`{f}`" for f in functions]
    if len(quoted) < 2:
        return "".join(quoted)
    if language == "zh":
        return "、".join(quoted[:-1]) + " 和 " + quoted[-1]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def block_text(lesson, kind, language):
    """What a block of ``kind`` about ``lesson`` says, in ``language`` ("en" or "zh")."""
    n = len(lesson.functions)
    if kind == "count":
        return count_zh(n) if language == "zh" else count_en(n)
    if kind == "names":
        return names(lesson.functions, language)
    if kind == "list":
        if language == "zh":
            return f"{count_zh(n)}个计分函数：{names(lesson.functions, 'zh')}"
        return (f"{count_en(n)} graded function{'s' if n != 1 else ''}: "
                f"{names(lesson.functions, 'en')}")
    raise KeyError(kind)


def format_points(value):
    return f"{value:g}"


# ------------------------------------------------------------------------------- Markdown
@dataclass
class MarkdownResult:
    text: str
    findings: list
    headings: list          # (line index, function) of the exercise headings, in order
    blocks: list            # (lesson number, kind) of the blocks, in order


def check_markdown(text, language, lessons, lesson, where):
    """Rewrite the facts of one Markdown text; report what cannot be rewritten.

    ``language``: of the blocks' text. ``lesson``: the Lesson whose exercises the headings
    number (None: the text has no exercise headings). ``where(i)``: names line i (0-based).
    """
    findings, headings, blocks, out = [], [], [], []
    for i, line in enumerate(text.split("\n")):
        if _MARKER.search(line) and _LINE_START_MARKER.match(line):
            findings.append(Finding(where(i), "an exercises block starts the line, so "
                                              "Markdown shows the line as raw HTML: put "
                                              "a word before '<!--'."))
        new = _blocks(line, language, lessons, where(i), findings, blocks)
        if _HEADING_LIKE.match(line):
            new = _heading(new, lesson, where(i), findings, headings, i)
        out.append(new)
    new_text = "\n".join(out)
    findings += _stated_by_hand(new_text, where)
    return MarkdownResult(new_text, findings, headings, blocks)


def _blocks(line, language, lessons, here, findings, blocks):
    """``line`` with each block's text written from the registry (a marker quoted in
    inline code, as in this tool's documentation, is not a block)."""
    code = [m.span() for m in re.finditer(r"(`+).+?\1", line)]
    taken = []

    def quoted(m):
        return any(a <= m.start() < b for a, b in code)

    def write(m):
        if quoted(m):
            return m.group(0)
        taken.append(m.span())
        number, kind = int(m.group(1)), m.group(2)
        if number not in lessons or kind not in KINDS:
            findings.append(Finding(here, f"unknown block {m.group(0)[:60]!r}: write "
                                          f"'<!-- exercises: lesson L, KIND -->' with L in "
                                          f"{sorted(lessons)} and KIND count, names or list."))
            return m.group(0)
        blocks.append((number, kind))
        wanted = block_text(lessons[number], kind, language)
        if m.group(3) != wanted:
            findings.append(Finding(here, f"the block 'lesson {number}, {kind}' says "
                                          f"{m.group(3)!r}; the registry: {wanted!r}.",
                                    fixable=True))
        return m.group(0)[:m.start(3) - m.start()] + wanted + "<!-- /exercises -->"

    new = _BLOCK.sub(write, line)
    if any(not quoted(m) and not any(a <= m.start() < b for a, b in taken)
           for m in _MARKER.finditer(line)):
        findings.append(Finding(here, "an exercises marker without its pair on the same "
                                      "line: write '<!-- exercises: lesson L, KIND "
                                      "-->...<!-- /exercises -->' on one line."))
    return new


def _heading(line, lesson, here, findings, headings, i):
    m = _HEADING.match(line)
    if not m:
        findings.append(Finding(here, f"{line.strip()[:70]!r} is not an exercise heading in "
                                      "the course's form '### Exercise N — `function(...)`' "
                                      "('### 练习 N — `function(...)`' in Chinese)."))
        named = re.search(r"`(\w+)", line)          # still counts as that exercise's heading
        if lesson is not None and named and named.group(1) in lesson.functions:
            headings.append((i, named.group(1)))
        return line
    word, written, function = m.group(1), int(m.group(2)), m.group(3)
    if lesson is None:
        findings.append(Finding(here, "an exercise heading outside a lesson's notebook."))
        return line
    if function not in lesson.functions:
        findings.append(Finding(here, f"`{function}` is not a graded function of "
                                      f"course_utils/{lesson.module}.py (no solution region): "
                                      "fix the heading, or mark its solution."))
        return line
    headings.append((i, function))
    number = lesson.exercise_number(function)
    if written != number:
        findings.append(Finding(here, f"says {word} {written} for `{function}`, which is "
                                      f"exercise {number} of course_utils/{lesson.module}.py.",
                                fixable=True))
    return line[:m.start(2)] + str(number) + line[m.end(2):]


def _stated_by_hand(text, where):
    """Counts of exercises and exercise numbers outside blocks and headings."""
    lines = [" " * len(line) if _HEADING_LIKE.match(line) else line
             for line in _BLOCK.sub(lambda m: " " * len(m.group(0)), text).split("\n")]
    flat = "\n".join(lines)
    found = []
    for pattern, what in ((_EN_COUNT, "a count"), (_ZH_COUNT, "a count"),
                          (_NUMBER_REF, "an exercise number")):
        for m in pattern.finditer(flat):
            phrase = " ".join(m.group(0).split())
            found.append(Finding(where(flat.count("\n", 0, m.start())),
                                 f"{phrase!r} states {what} by hand: write a block "
                                 "('<!-- exercises: lesson L, count|names|list -->...<!-- "
                                 "/exercises -->') or name the function instead."))
    return found


# ------------------------------------------------------------------------------- files
def _notebook(root, lesson, lessons):
    """Findings and new text of the English notebook of ``lesson``."""
    rel = f"notebooks/{lesson.notebook}.ipynb"
    path = Path(root, rel)
    nb = nbformat.read(path, as_version=4)
    findings, headings, blocks, changed = [], [], [], False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        result = check_markdown(cell.source, "en", lessons, lesson,
                                lambda i, c=cell: f"{rel}: cell {c.id}, line {i + 1}")
        findings += result.findings
        headings += [(index, cell.id, fn) for _, fn in result.headings]
        blocks += result.blocks
        if result.text != cell.source:
            cell.source, changed = result.text, True
    findings += _exercise_sections(rel, nb, lesson, headings)
    for kind in NOTEBOOK_BLOCKS.get(lesson.number, ()):
        if (lesson.number, kind) not in blocks:
            findings.append(Finding(rel, f"has no block '<!-- exercises: lesson "
                                         f"{lesson.number}, {kind} -->...<!-- /exercises -->' "
                                         "(its introduction names the graded functions)."))
    return findings, (nbformat.writes(nb) + "\n" if changed else None)


def _exercise_sections(rel, nb, lesson, headings):
    """One heading per graded function, in the module's order, each section checked."""
    findings = []
    found = [fn for _, _, fn in headings]
    for fn in sorted(set(found), key=found.index):
        if found.count(fn) > 1:
            findings.append(Finding(rel, f"has {found.count(fn)} headings for `{fn}`; "
                                         "one exercise, one heading."))
    for fn in lesson.functions:
        if fn not in found:
            n = lesson.exercise_number(fn)
            after = f"after exercise {n - 1}'s check cell" if n > 1 else "before exercise 2"
            findings.append(Finding(rel, f"has no heading for exercise {n}, `{fn}` of "
                                         f"course_utils/{lesson.module}.py: write its cells "
                                         f"({after}): '### Exercise {n} — `{fn}(...)`' with "
                                         f"the task, then a check cell calling "
                                         f"checks.check_{fn}({fn})."))
    order = [fn for fn in lesson.functions if fn in found]
    if list(dict.fromkeys(found)) != order:
        findings.append(Finding(rel, f"the exercise headings come in the order {found}; "
                                     f"course_utils/{lesson.module}.py has {order}: move the "
                                     "notebook's cells or the module's functions."))
    starts = [index for index, _, _ in headings] + [len(nb.cells)]
    for (index, cell_id, fn), end in zip(headings, starts[1:]):
        code = "\n".join(c.source for c in nb.cells[index:end] if c.cell_type == "code")
        if not re.search(rf"\bcheck_{fn}\(", code):
            findings.append(Finding(f"{rel}: cell {cell_id}", f"the section of exercise `{fn}` "
                                                              f"has no check cell: add one "
                                                              f"calling checks.check_{fn}("
                                                              f"{fn})."))
    return findings


def _catalogue(root, lesson, lessons):
    """Findings and new text of the Chinese translation catalogue of ``lesson``."""
    rel = f"{translate.CATALOGUE_DIR.as_posix()}/{lesson.notebook}.md"
    path = Path(root, rel)
    if not path.is_file():
        return [], None
    findings = []

    def rewrite(kind, part, lines, first):
        if kind != "markdown":
            return lines
        language = "en" if part == "english" else "zh"
        result = check_markdown("\n".join(lines), language, lessons, lesson,
                                lambda i: f"{rel}:{first + i}")
        findings.extend(result.findings)
        return result.text.split("\n") if lines else lines

    text = path.read_text(encoding="utf-8")
    new = translate.rewrite_catalogue(text, rewrite)
    return findings, (new if new != text else None)


def _markdown_file(root, rel, lessons):
    path = Path(root, rel)
    if not path.is_file():
        return [], None
    text = path.read_text(encoding="utf-8")
    result = check_markdown(text, "en", lessons, None, lambda i: f"{rel}:{i + 1}")
    findings = result.findings
    kind = README_BLOCKS.get(rel)
    for number in sorted(lessons) if kind else ():
        if (number, kind) not in result.blocks:
            findings.append(Finding(rel, f"its lesson table has no block '<!-- exercises: "
                                         f"lesson {number}, {kind} -->...<!-- /exercises -->' "
                                         f"for lesson {number}."))
    return findings, (result.text if result.text != text else None)


def _lesson_module(root, lesson):
    """The 'Exercise N: ' at the start of each graded function's docstring."""
    rel = f"course_utils/{lesson.module}.py"
    text = Path(root, rel).read_text(encoding="utf-8")
    lines = text.split("\n")
    try:
        tree = ast.parse(text)
    except SyntaxError as err:
        return [Finding(f"{rel}:{err.lineno}", f"does not parse ({err.msg}).")], None
    findings = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or ast.get_docstring(node) is None:
            continue
        i = node.body[0].lineno - 1                  # the line where the docstring starts
        m = _DOC_START.match(lines[i])
        if not m:
            if node.name in lesson.functions:
                findings.append(Finding(f"{rel}:{i + 1}", f"the docstring of {node.name}() "
                                                          "should start on this line with "
                                                          "\"\"\"Exercise N: ."))
            continue
        if node.name in lesson.functions:
            number = lesson.exercise_number(node.name)
            wanted = f"Exercise {number}: "
            if m.group(2) != wanted:
                said = f"starts with {m.group(2)!r}" if m.group(2) else "has no 'Exercise N: '"
                findings.append(Finding(f"{rel}:{i + 1}", f"the docstring of {node.name}() "
                                                          f"{said}; it is exercise {number}.",
                                        fixable=True))
                lines[i] = m.group(1) + wanted + lines[i][m.end():]
        elif m.group(2):
            findings.append(Finding(f"{rel}:{i + 1}", f"{node.name}() is not a graded function "
                                                      f"(no solution region): remove "
                                                      f"{m.group(2)!r} from its docstring."))
    new = "\n".join(lines)
    return findings, (new if new != text else None)


def _hidden_module(root, lesson):
    """The points total in the first line of the hidden module's docstring."""
    rel = f"course_instructor/hidden/{lesson.module}.py"
    path = Path(root, rel)
    if not path.is_file():
        return [Finding(rel, f"missing: the hidden cases of course_utils/{lesson.module}.py.")], \
            None
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    missing = [f for f, p in lesson.points.items() if p is None]
    if missing:
        return [Finding(rel, f"no @points <function>_cases(rng) for {missing} (tests/"
                             f"test_registry.py says what to write): its total is unknown.")], \
            None
    total = format_points(sum(lesson.points.values()))
    wanted = f"Hidden cases of lesson {lesson.number} (course_utils/{lesson.module}.py): " \
             f"{total} points."
    findings = []
    m = _HIDDEN_FIRST.match(lines[0]) if lines else None
    if not m:
        findings.append(Finding(f"{rel}:1", f"the docstring should start with {wanted!r}."))
    elif m.group(2) != wanted:
        findings.append(Finding(f"{rel}:1", f"says {m.group(2)!r}; its @points add up to "
                                            f"{total}.", fixable=True))
        lines[0] = m.group(1) + wanted + lines[0][m.end():]
    for i, line in enumerate(lines[1:], start=2):
        if _POINTS.search(line):
            findings.append(Finding(f"{rel}:{i}", f"{_POINTS.search(line).group(0)!r} states "
                                                  "points by hand: the docstring's first line "
                                                  "gives the total, @points each exercise's."))
    new = "\n".join(lines)
    return findings, (new if new != text else None)


def _python_by_hand(root, skip):
    """Counts and exercise numbers stated by hand in the packages' Python files (the
    graded docstrings' 'Exercise N: ' excepted)."""
    findings = []
    for folder in PYTHON_DIRS:
        for path in sorted(Path(root, folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            text = "\n".join(_DOC_START.sub(lambda m: m.group(1), line)
                             if rel in skip else line for line in text.split("\n"))
            findings += _stated_by_hand(text, lambda i, r=rel: f"{r}:{i + 1}")
    return findings


# ------------------------------------------------------------------------------- command
def review(root=DEFAULT_ROOT):
    """``(findings, {relative path: new text})``: every fact out of step, and the files
    with their facts rewritten."""
    root = Path(root)
    lessons = read_lessons(root)
    findings, new = [], {}

    def take(rel, result):
        found, text = result
        findings.extend(found)
        if text is not None:
            new[rel] = text

    for lesson in lessons.values():
        take(f"notebooks/{lesson.notebook}.ipynb", _notebook(root, lesson, lessons))
        take(f"{translate.CATALOGUE_DIR.as_posix()}/{lesson.notebook}.md",
             _catalogue(root, lesson, lessons))
        take(f"course_utils/{lesson.module}.py", _lesson_module(root, lesson))
        take(f"course_instructor/hidden/{lesson.module}.py", _hidden_module(root, lesson))
    for rel in (*README_BLOCKS, *OTHER_MARKDOWN):
        take(rel, _markdown_file(root, rel, lessons))
    findings += _python_by_hand(root, {f"course_utils/{lesson.module}.py"
                                       for lesson in lessons.values()})
    return findings, new


def write(root=DEFAULT_ROOT, out=None):
    """Rewrite the facts out of step, regenerate the Chinese notebooks if a notebook or a
    catalogue changed; return the findings left for a hand edit."""
    root, out = Path(root), out or sys.stdout
    findings, new = review(root)
    for rel, text in new.items():
        Path(root, rel).write_text(text, encoding="utf-8")
        n = sum(1 for f in findings if f.fixable and f.where.startswith(rel))
        print(f"rewrote {rel} ({n} fact{'s' if n != 1 else ''})", file=out)
    if any(rel.endswith((".ipynb", ".md")) and rel.startswith(("notebooks", "translations"))
           for rel in new):
        log = io.StringIO()
        try:
            translate.write(root, out=log)
            print(log.getvalue().rstrip(), file=out)
        except translate.TranslationError as err:
            print(f"notebooks/zh/ not regenerated: {len(err.problems)} translation "
                  "problem(s); fix them, then run `python -m tools translate`:", file=out)
            for problem in err.problems:
                print(f"  {problem}", file=out)
    return [f for f in findings if not f.fixable]


def main(args):
    root = Path(args.source) if args.source else DEFAULT_ROOT
    if args.verify:
        findings, _ = review(root)
        for finding in findings:
            print(f"error: {finding}", file=sys.stderr)
        if findings:
            fixable = sum(f.fixable for f in findings)
            print(f"{len(findings)} exercise fact(s) out of step with the registry: "
                  f"{fixable} rewritten by `{COMMAND}`, {len(findings) - fixable} to edit by "
                  "hand.", file=sys.stderr)
            return 1
        total = sum(len(lesson.functions) for lesson in read_lessons(root).values())
        print(f"every exercise fact agrees with the registry ({total} graded functions).")
        return 0
    left = write(root)
    for finding in left:
        print(f"error: {finding}", file=sys.stderr)
    if left:
        print(f"{len(left)} fact(s) to edit by hand.", file=sys.stderr)
        return 1
    print("every exercise fact agrees with the registry.")
    return 0
