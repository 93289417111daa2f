"""Build the student edition of the course:  python -m course_instructor release OUT_DIR

The student edition is the repository as a student receives it:

* every solution region -- the lines between a ``### BEGIN SOLUTION`` line and a
  ``### END SOLUTION`` line, in ``.py`` files and in notebook code cells -- is replaced
  by a stub that raises ``NotImplementedError`` naming the exercise and the file. The
  two marker lines themselves are kept (same indentation), so the student sees where
  to write and the module docstrings that mention the markers stay true;
* notebooks have their outputs and execution counts cleared;
* only the files of the edition's allow-list (:data:`EDITION`) ship.

Which files: the files git tracks plus new files git would track (``git ls-files
--cached --others --exclude-standard``: not-yet-committed files are included, with a
note; ignored files never). Outside a git checkout, the tree is walked, skipping
:data:`SKIP_DIRS`.

Safety: the edition is written to a temporary sibling of OUT_DIR and renamed into
place only after it has passed the leak check (:func:`find_leaks`), so a failure
never leaves a half-written edition. OUT_DIR must not be inside the repository and
must be absent or empty. Unbalanced or malformed markers stop the build with
``file:line``.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course_utils.markers import MarkerError, find_regions, stub_text

# What the student edition is made of (a trailing "/" means a whole folder): the student's
# package, the lessons, their data and pictures, the student READMEs, the runtime
# requirements with their set-up script, and the Binder configuration. Everything else --
# this package, the tests, the maintainers' tools and translation sources, CI, the
# instructor README -- stays out.
EDITION = (
    "course_utils/",
    "notebooks/",
    "datasets/",
    "images/",
    "binder/",
    "README.student.md",
    "README.student.zh.md",
    "requirements.txt",
    "install.py",
    ".gitignore",
)
# Files shipped under another name: the student README replaces the instructor's.
RENAMED = {"README.student.md": "README.md", "README.student.zh.md": "README.zh.md"}
# Folders never walked when the source is not a git checkout.
SKIP_DIRS = {".git", "venv", ".venv", "env", "__pycache__", ".ipynb_checkpoints",
             ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist", "node_modules"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".egg-info")
# Leak check: a line of a solution region is "trivial" (too generic to be a leak, e.g.
# ``return s``, ``else:``, ``b = 0.0``, ``dZ = A - Y``) when its code part, and its
# comment part, each have fewer than this many non-blank characters.
MIN_SIGNIFICANT = 12


class ReleaseError(Exception):
    """The student edition cannot be built; the message says why and where."""


def _cell_source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def transform_notebook(raw, relpath):
    """Return ``(new_json_text, regions)``: outputs cleared, code-cell regions stubbed."""
    try:
        nb = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ReleaseError(f"{relpath}: not a valid notebook ({err}).") from None
    regions = []
    language = "zh" if relpath.startswith("notebooks/zh/") else "en"
    for number, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") == "code":
            new, found = stub_text(_cell_source(cell), f"{relpath} cell {number}",
                                   language=language)
            regions += found
            cell["source"] = new.splitlines(keepends=True)
            cell["outputs"] = []
            cell["execution_count"] = None
            cell.get("metadata", {}).pop("execution", None)
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", regions


def solution_regions(root, relpaths):
    """Every solution region of the ``.py`` files and notebooks among ``relpaths``."""
    regions = []
    for rel in relpaths:
        path = Path(root, rel)
        if rel.endswith(".py"):
            regions += find_regions(path.read_text(encoding="utf-8"), rel)
        elif rel.endswith(".ipynb"):
            nb = json.loads(path.read_text(encoding="utf-8"))
            for number, cell in enumerate(nb.get("cells", []), start=1):
                if cell.get("cell_type") == "code":
                    regions += find_regions(_cell_source(cell), f"{rel} cell {number}")
    return regions


# --------------------------------------------------------------------------- files
def list_repo_files(root, under=None):
    """Relative POSIX paths of the repository's files: git's view if possible, else a walk;
    only those in the folder ``under`` (e.g. "course_utils") if it is given. Compiled
    Python (``.pyc``, ``.pyo``, ``__pycache__/``) is never listed, whatever git says: it
    would carry a solution without its source.

    Returns ``(paths, untracked)``: ``untracked`` are new files git does not track yet
    (included because git would, i.e. they are not ignored).
    """
    root = Path(root)
    scope = ["--", under] if under else []

    def git(*args):
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                             check=True, timeout=60).stdout
        return out.decode("utf-8")

    try:
        if Path(git("rev-parse", "--show-toplevel").strip()).resolve() != root.resolve():
            raise ValueError("not the top of a git checkout")
        tracked = [p for p in git("ls-files", "-z", "--cached", *scope).split("\0") if p]
        untracked = [p for p in git("ls-files", "-z", "--others", "--exclude-standard",
                                    *scope).split("\0") if p]
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return _walk(root, under), []
    paths = sorted({p for p in tracked + untracked if not _compiled(p)
                    and (Path(root, p).is_file() or Path(root, p).is_symlink())})
    return paths, sorted(set(untracked) - set(tracked))


def _compiled(relpath):
    return relpath.endswith((".pyc", ".pyo")) or "__pycache__" in relpath.split("/")


def _walk(root, under=None):
    paths = []
    top = Path(root, under) if under else Path(root)
    if not top.is_dir():
        return paths
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.endswith(SKIP_SUFFIXES))
        for name in sorted(filenames):
            if not name.endswith(SKIP_SUFFIXES) and name != ".DS_Store":
                paths.append(Path(dirpath, name).relative_to(root).as_posix())
    return paths


def edition_entry(relpath):
    """The entry of :data:`EDITION` that ``relpath`` falls under, or None (not shipped)."""
    for p in EDITION:
        if relpath == p.rstrip("/") or (p.endswith("/") and relpath.startswith(p)):
            return p
    return None


def left_out_group(relpath):
    """What to call a file left out of the edition in a summary: its top folder, or itself."""
    top, sep, _ = relpath.partition("/")
    return top + sep


# --------------------------------------------------------------------------- leaks
def _code_and_comment(line):
    """Split a line at the first ``#`` outside a string literal."""
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif line.startswith(quote, i):
                i += len(quote) - 1
                quote = None
        elif line.startswith(('"""', "'''"), i):
            quote = line[i:i + 3]
            i += 2
        elif c in "\"'":
            quote = c
        elif c == "#":
            return line[:i], line[i:]
        i += 1
    return line, ""


def _norm(s):
    return " ".join(s.split())


def _significant(s):
    return len("".join(s.split())) >= MIN_SIGNIFICANT


def needles(region_lines):
    """The non-trivial normalised pieces of solution lines: whole line, code, comment."""
    out = set()
    for line in region_lines:
        code, comment = _code_and_comment(line)
        for piece in (line, code, comment.lstrip("#")):
            if _significant(piece):
                out.add(_norm(piece))
    return out


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _normalised(text, where):
    """``[(location, normalised line)]`` of a text: ANSI colours removed, blanks collapsed."""
    return [(f"{where}:{n}", _norm(_ANSI.sub("", line)))
            for n, line in enumerate(text.splitlines(), start=1)]


def _notebook_texts(nb, with_outputs=True):
    """(label, text) of every cell of a notebook and, optionally, of every output."""
    for number, cell in enumerate(nb.get("cells", []), start=1):
        yield f" cell {number}", _cell_source(cell)
        for out in cell.get("outputs", []) if with_outputs else []:
            parts = []
            for key in ("text", "traceback", "evalue"):
                value = out.get(key)
                parts.append("\n".join(value) if isinstance(value, list) else str(value or ""))
            for value in (out.get("data") or {}).values():
                parts.append("".join(value) if isinstance(value, list) else str(value))
            parts.append(json.dumps(out))           # anything else it holds
            yield f" cell {number} output", "\n".join(parts)


def _file_lines(path, rel, public_only=False):
    """``(lines, raw_bytes)``: a file's normalised lines (None if it is binary).

    ``public_only``: solution regions blanked and notebook outputs skipped -- the text
    the author wrote outside solutions, which the edition ships on purpose.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, data

    def public(t, where):
        if not public_only:
            return t
        try:
            regions = find_regions(t, where)
        except MarkerError:
            return t
        lines = t.splitlines()
        for r in regions:
            lines[r.begin + 1:r.end] = [""] * (r.end - r.begin - 1)
        return "\n".join(lines)

    if rel.endswith(".ipynb"):
        try:
            lines = []
            for label, t in _notebook_texts(json.loads(text), with_outputs=not public_only):
                lines += _normalised(public(t, rel + label), rel + label)
            return lines, data
        except (json.JSONDecodeError, AttributeError, TypeError):
            pass
    return _normalised(public(text, rel), rel), data


def _found(needles_, lines, data):
    """{needle: location} of the needles occurring in a file."""
    if lines is None:
        return {n: None for n in needles_ if n.encode("utf-8") in data}
    joined = "\n".join(line for _, line in lines)
    hits = {}
    for n in needles_:
        if n in joined:
            hits[n] = next((where for where, line in lines if n in line), None)
    return hits


@dataclass
class LeakReport:
    """``leaks``: solution lines found in the edition that the course does not give away
    elsewhere (see :func:`find_leaks`); they stop the release. ``echoes``: solution lines
    found in the edition that the course's own code gives away anyway (a helper such as
    the stable sigmoid in ``activations``, the scaffolding around an exercise, a
    docstring); they ship on purpose and are listed for review."""
    leaks: list
    echoes: list


def _gives_away(rel):
    """Files whose text outside the regions may repeat solution lines: the package's own
    modules (helpers and exercise scaffolding), but not the public checks."""
    return (rel.startswith("course_utils/") and rel.endswith(".py")
            and not rel.startswith("course_utils/checks/"))


def find_leaks(out_dir, regions, source_root=None):
    """Search every file of ``out_dir`` for the non-trivial lines of ``regions``.

    A solution line (whole, or its code part, or its comment part; blanks collapsed) is
    found in a file if it occurs anywhere in one of the file's lines, blanks collapsed
    and ANSI colour codes removed; notebooks are searched cell by cell, outputs included
    (a traceback shows source lines); in a binary file, if its UTF-8 bytes occur
    anywhere. Trivial lines (fewer than :data:`MIN_SIGNIFICANT` non-blank characters, e.g.
    ``return s``, ``else:``, ``b = 0.0``) are not searched.

    Every find is a leak, except -- with ``source_root`` -- a line the course gives away
    anyway: one that occurs outside the solution regions of the package's own modules
    in the source (helpers and the scaffolding around exercises, not the public checks,
    notebooks or other files). Such an *echo* is a leak all the same in a file that
    repeats at least half (and at least 3) of one region's lines: a copy of a solution.
    """
    out_dir = Path(out_dir)
    wanted = {}
    for region in regions:
        for n in needles(region.lines):
            wanted.setdefault(n, []).append(region)
    per_region = {id(r): len(needles(r.lines)) for r in regions}
    files = sorted(p for p in out_dir.rglob("*") if p.is_file())
    given = set()
    if source_root is not None:
        for path in files:
            rel = path.relative_to(out_dir).as_posix()
            src = Path(source_root, rel)
            if _gives_away(rel) and src.is_file():
                given |= set(_found(wanted, *_file_lines(src, rel, public_only=True)))
    report = LeakReport([], [])
    for path in files:
        rel = path.relative_to(out_dir).as_posix()
        hits = _found(wanted, *_file_lines(path, rel))
        copied = set()
        for region in regions:
            mine = {n for n in hits if n in given and region in wanted[n]}
            if len(mine) >= 3 and 2 * len(mine) >= per_region[id(region)]:
                copied |= mine
        for n in sorted(hits):
            origin = ", ".join(f"{r.path}:{r.begin + 2} ({r.exercise})" for r in wanted[n])
            msg = f"{hits[n] or rel}: {n!r} (solution line of {origin})"
            if n in given and n not in copied:
                report.echoes.append(msg)
            else:
                report.leaks.append(msg + (" -- the file repeats most of that solution"
                                           if n in copied else ""))
    return report


# --------------------------------------------------------------------------- edition id
EDITION_ID = "course_utils/edition.json"


def _git(root, *args):
    """git's output in ``root`` (stripped), or None outside a git checkout."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              check=True, timeout=60, text=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def write_edition_id(root, out, today=None):
    """Write ``course_utils/edition.json`` into the edition at ``out``; return its path.

    It names the edition for the hand-in's manifest (:mod:`course_utils.handin`):
    ``{"edition": "2025-09-01+9500de3a", "commit": <the source's HEAD or null>,
    "uncommitted": <shipped files differed from it>, "released": "2025-09-01",
    "notebooks": {"notebooks/01_....ipynb": <sha256 of the shipped notebook>, ...}}``;
    the notebooks' hashes let ``handin`` tell which notebooks the student worked in.
    """
    import datetime
    import hashlib
    today = today or datetime.datetime.now(datetime.UTC).date().isoformat()
    commit = _git(root, "rev-parse", "HEAD") if Path(root, ".git").exists() else None
    changed = bool(_git(root, "status", "--porcelain", "--", *[e.rstrip("/") for e in EDITION
                                                              if Path(root, e).exists()]))
    notebooks = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in sorted(Path(out, "notebooks").rglob("*.ipynb"))}
    info = {"edition": today + (f"+{commit[:8]}" if commit else ""), "commit": commit,
            "uncommitted": changed if commit else None, "released": today,
            "notebooks": notebooks}
    Path(out, EDITION_ID).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return EDITION_ID


# --------------------------------------------------------------------------- build
def ship_file(src, dst, rel):
    """Write one file of the edition as a student receives it (solution regions stubbed
    in ``.py`` files and notebooks, notebook outputs cleared, anything else copied);
    return the regions stubbed. ``rel``: its path in the edition, for messages."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_symlink():
        raise ReleaseError(f"{rel} is a symbolic link; the edition ships real files only.")
    regions = []
    if rel.endswith(".py"):
        new, regions = stub_text(src.read_text(encoding="utf-8"), rel)
        if regions:
            try:
                compile(new, rel, "exec")
            except SyntaxError as err:
                raise ReleaseError(f"{rel}:{err.lineno}: the stubbed file does not "
                                   f"compile ({err.msg}).") from None
        dst.write_text(new, encoding="utf-8", newline="")
    elif rel.endswith(".ipynb"):
        new, regions = transform_notebook(src.read_text(encoding="utf-8"), rel)
        dst.write_text(new, encoding="utf-8")
    else:
        shutil.copyfile(src, dst)
    os.chmod(dst, stat.S_IMODE(src.stat().st_mode))
    return regions


@dataclass
class Edition:
    out_dir: Path
    files: list
    left_out: list
    untracked: list
    regions: list
    echoes: list


def _validate_out_dir(root, out):
    root_r, out_r = root.resolve(), out.resolve()
    if out_r == root_r or root_r in out_r.parents:
        raise ReleaseError(f"OUT_DIR {out} is inside the repository {root}; choose a folder "
                           "outside it (e.g. ../student-edition).")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ReleaseError(f"OUT_DIR {out} exists and is not a folder.")
    if out.is_dir() and any(out.iterdir()):
        raise ReleaseError(f"OUT_DIR {out} exists and is not empty; remove it or choose "
                           "another folder.")


def build_student_edition(root, out_dir, check_leaks=True):
    """Write the student edition of the repository at ``root`` to ``out_dir``."""
    root, out = Path(root), Path(out_dir)
    if not (root / "course_utils").is_dir():
        raise ReleaseError(f"{root} is not the course repository (no course_utils/ folder).")
    _validate_out_dir(root, out)
    paths, untracked = list_repo_files(root)
    shipped = [p for p in paths if edition_entry(p)]
    left_out = [p for p in paths if not edition_entry(p)]

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)        # mkdtemp makes it private (0700)
        regions = []
        for rel in shipped:
            regions += ship_file(root / rel, tmp / RENAMED.get(rel, rel), rel)
        shipped.append(write_edition_id(root, tmp))
        report = find_leaks(tmp, regions, source_root=root) if check_leaks else None
        if report and report.leaks:
            raise ReleaseError("solution lines would leak into the student edition:\n  "
                               + "\n  ".join(report.leaks))
        if out.is_dir():
            out.rmdir()                      # empty (checked above)
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Edition(out, [RENAMED.get(p, p) for p in shipped], left_out,
                   [p for p in untracked if p in shipped], regions,
                   report.echoes if report else [])
