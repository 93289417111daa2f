"""Solution markers: the single source of which graded functions exist.

The reference body of every graded function sits between a ``### BEGIN SOLUTION`` line
and a ``### END SOLUTION`` line. This module finds those regions (:func:`find_regions`)
and replaces them by stubs (:func:`stub_text`). It ships with the student edition: the
marker lines stay there around each stub, so the exercise registry
(:mod:`course_utils.registry`) finds the same exercises in both editions.
"""
import re
from dataclasses import dataclass, field

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_MARKER = re.compile(r"^([ \t]*)### (BEGIN|END) SOLUTION[ \t]*$")
# Anything that looks like a marker but is not exactly one (``## BEGIN SOLUTION``,
# ``### Begin solution``, ``### END SOLUTION here``): refused, because a mistyped marker
# would silently ship its solution.
_NEAR_MARKER = re.compile(r"^\s*#+\s*(BEGIN|END)[ _]+SOLUTION\b", re.IGNORECASE)
# The stub's raise (stub_lines), with the exercise it names: handin finds what is not done.
STUB = re.compile(r"raise NotImplementedError\(not_done\('(\w+)'")
_DEF = re.compile(r"^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)")


class MarkerError(Exception):
    """Unbalanced or malformed solution markers (the message starts with file:line)."""


@dataclass
class Region:
    """One solution region: ``begin``/``end`` are 0-based indices of the marker lines."""
    path: str          # relative path, plus " cell N" for a notebook cell
    begin: int
    end: int
    indent: str
    exercise: str      # the enclosing function's name, or a description
    lines: list = field(default_factory=list)   # the solution lines (without markers)


# --------------------------------------------------------------------------- regions
def find_regions(text, where):
    """Return the solution regions of ``text``; ``where`` names it in error messages.

    Raises MarkerError on a nested BEGIN, an END without BEGIN, a BEGIN without END,
    END indented differently from its BEGIN, or a line that looks like a mistyped marker.
    """
    lines = text.splitlines()
    regions, open_at = [], None
    for i, line in enumerate(lines):
        m = _MARKER.match(line)
        if not m:
            if _NEAR_MARKER.match(line):
                raise MarkerError(f"{where}:{i + 1}: malformed solution marker {line.strip()!r}; "
                                  f"write exactly '{BEGIN}' or '{END}' on a line of its own.")
            continue
        indent, kind = m.group(1), m.group(2)
        if kind == "BEGIN":
            if open_at is not None:
                raise MarkerError(f"{where}:{i + 1}: '{BEGIN}' inside the region opened at "
                                  f"line {open_at + 1} (missing '{END}'?).")
            open_at = i
        else:
            if open_at is None:
                raise MarkerError(f"{where}:{i + 1}: '{END}' without a '{BEGIN}' before it.")
            begin_indent = _MARKER.match(lines[open_at]).group(1)
            if indent != begin_indent:
                raise MarkerError(f"{where}:{i + 1}: '{END}' is indented differently from its "
                                  f"'{BEGIN}' at line {open_at + 1}.")
            regions.append(Region(where, open_at, i, indent,
                                  _enclosing_function(lines, open_at, indent),
                                  lines[open_at + 1:i]))
            open_at = None
    if open_at is not None:
        raise MarkerError(f"{where}:{open_at + 1}: '{BEGIN}' is never closed by '{END}'.")
    return regions


def _enclosing_function(lines, index, indent):
    """Name of the innermost ``def`` enclosing line ``index`` (indented by ``indent``)."""
    limit = len(indent.expandtabs())
    for line in reversed(lines[:index]):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        width = len(line) - len(line.lstrip())
        if width >= limit:
            continue
        m = _DEF.match(line)
        if m:
            return m.group(2)
        limit = width
        if limit == 0:
            break
    return None


def stub_lines(exercise, location, indent):
    """The lines that replace a solution region: a raise whose message (:func:`not_done`)
    names the exercise and its file, in the language the notebook chose."""
    return [f"{indent}from course_utils.markers import not_done  # the course's placeholder:",
            f"{indent}raise NotImplementedError(not_done({exercise!r}, {location!r}))  # replace "
            f"both lines"]


def not_done(exercise, location):
    """What a stub says: the exercise is not done yet, and where to write it.

    In the current language (``set_language``), so a Chinese notebook says it in Chinese.
    """
    from course_utils.messages import text
    if exercise is None:
        return text("stub.not_done_anonymous", path=location, begin=BEGIN, end=END)
    return text("stub.not_done", exercise=exercise, path=location, begin=BEGIN, end=END)


def notebook_stub_lines(region_lines, language="en"):
    """The lines that replace a top-level region: a notebook's ungraded exercise.

    Each name the solution assigns becomes ``name = None``, so the cell still runs and
    the check written after the region (an ``assert``) says what is missing, instead of
    a ``NameError``. The first line, a comment, is in the notebook's ``language``.
    """
    import ast
    import textwrap
    try:
        tree = ast.parse(textwrap.dedent("\n".join(region_lines)))
    except SyntaxError:
        tree = ast.Module(body=[], type_ignores=[])
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for n in ast.walk(target):
                if isinstance(n, ast.Name) and n.id not in names:
                    names.append(n.id)
    from course_utils.messages import TABLES
    return [TABLES[language]["stub.your_code"]] + [f"{name} = None" for name in names]


def stub_text(text, where, only=None, language="en"):
    """Return ``(new_text, regions)`` with each solution region of ``text`` stubbed.

    ``only``: a set of exercise names; other regions are left as they are (the
    autograder uses this to hide one reference function from a sandbox). ``language``:
    that of a notebook's placeholder comments ("en" or "zh").
    """
    regions = find_regions(text, where)
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    stubbed = []
    for region in reversed(regions):
        if only is not None and region.exercise not in only:
            continue
        if region.indent == "" and region.exercise is None:        # a notebook exercise
            stub = [s + newline for s in notebook_stub_lines(region.lines, language)]
        else:
            stub = [s + newline for s in stub_lines(region.exercise, where, region.indent)]
        lines[region.begin + 1:region.end] = stub
        stubbed.append(region)
    return "".join(lines), list(reversed(stubbed))
