"""The one small file a student hands in:  ``python -m course_utils handin``, or
``handin()`` in the last cell of each notebook.

It writes ``<student>-nn-course.zip`` into the course folder (or ``out``), which holds

    manifest.json                    what the zip is (below)
    course_utils/<module>.py         the three graded lesson modules
    notebooks/NN_....ipynb           the notebooks the student worked in, English
    notebooks/zh/NN_....ipynb        and Chinese: text outputs kept, pictures left out

and nothing else: never a virtual environment, a cache, checkpoints or the data. A
notebook counts as "worked in" when it differs from the copy the edition shipped
(``course_utils/edition.json`` holds their hashes); pictures are left out because they
make up almost all of a notebook's size (about 1.8 MB for the three lessons of one
language, 64 KB without them), and the grader reads only the lesson modules.

``manifest.json`` (the contract the instructor's grader reads)::

    {"format": "nn-course hand-in 1", "student": "alice", "edition": "2025-09-01+9500de3a",
     "language": "en", "created_utc": "2025-09-01T12:00:00Z", "python": "3.11.7",
     "files": {"course_utils/logistic_regression.py": "<sha256 hex of the member>", ...}}

The student is named once (``handin(name="...")`` or ``--name``; kept in the course
folder's ``.nn-course-student``), else by ``JUPYTERHUB_USER`` (except on Binder, whose
hub user is made up for each session), else by the login name,
reduced to letters, digits, ``-``, ``_`` and ``.``. A graded module that is missing or
does not parse stops the hand-in before anything is written; exercises still holding
their stub are named (handing in a partial lesson is allowed).

In the instructor's repository (no ``edition.json``: edition "development") ``handin()``
writes nothing unless ``out`` is given, so that running a notebook there leaves the
checkout as it was.
"""
import ast
import getpass
import hashlib
import io
import json
import os
import platform
import re
import zipfile
from datetime import datetime, UTC
from pathlib import Path

from course_utils.messages import language as _current_language
from course_utils.messages import text as _
from course_utils.files import atomic_write
from course_utils.registry import LESSON_MODULES

FORMAT = "nn-course hand-in 1"
COURSE_DIR = Path(__file__).resolve().parent.parent
EDITION_FILE = "course_utils/edition.json"
STUDENT_FILE = ".nn-course-student"
SUFFIX = "-nn-course.zip"
DEVELOPMENT = "development"
# Login names that say nothing about who the student is (Binder's and Docker images').
GENERIC_LOGINS = {"jovyan", "root", "user", "student", "ubuntu", "runner"}
# One output of a notebook larger than this (once its pictures are out) is left out too.
MAX_OUTPUT_BYTES = 32 << 10
_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_STUB = re.compile(r"Exercise '(\w+)' is not done yet")


class HandinError(Exception):
    """The hand-in cannot be written; the message says why and what to do."""


def clean_name(name):
    """``name`` reduced to letters, digits, ``-``, ``_`` and ``.`` (runs of anything else
    become ``_``; no leading or trailing ``.``, ``_``, ``-``); at most 60 characters."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str; got {type(name).__name__}.")
    return _NOT_NAME.sub("_", name).strip("._-")[:60]


def student_name(course_dir=COURSE_DIR, name=None):
    """The student's name for the zip: ``name`` (then stored in ``.nn-course-student``),
    else the stored one, else ``JUPYTERHUB_USER`` (not on Binder, which makes one up for
    each session), else the login name.

    Raises :class:`HandinError` when none of these names the student.
    """
    stored = Path(course_dir, STUDENT_FILE)
    if name is not None:
        cleaned = clean_name(name)
        if not cleaned:
            raise HandinError(_("handin.bad_name", name=name))
        atomic_write(stored, cleaned + "\n")
        return cleaned
    if stored.is_file():
        cleaned = clean_name(stored.read_text(encoding="utf-8", errors="replace").strip())
        if cleaned:
            return cleaned
    on_binder = "BINDER_LAUNCH_HOST" in os.environ or "BINDER_REPO_URL" in os.environ
    hub_user = "" if on_binder else os.environ.get("JUPYTERHUB_USER", "")  # Binder's: random
    for candidate in (hub_user, _login()):
        cleaned = clean_name(candidate)
        if cleaned and cleaned.lower() not in GENERIC_LOGINS:
            return cleaned
    raise HandinError(_("handin.no_name"))


def _login():
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):     # no login name on this system
        return ""


def edition(course_dir=COURSE_DIR):
    """The edition's ``edition.json`` as a dict (``{"edition": "development"}`` if absent)."""
    path = Path(course_dir, EDITION_FILE)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"edition": DEVELOPMENT}
    except (OSError, ValueError) as err:
        raise HandinError(_("handin.bad_edition", path=EDITION_FILE, error=err)) from None
    if not isinstance(info, dict) or not isinstance(info.get("edition"), str):
        raise HandinError(_("handin.bad_edition", path=EDITION_FILE, error="no 'edition'"))
    return info


# ------------------------------------------------------------------ what goes in
def lesson_modules(course_dir=COURSE_DIR):
    """``({member path: bytes}, [exercises still holding their stub])`` of the graded
    modules; raises :class:`HandinError` naming a module that is missing or does not
    parse."""
    members, stubs = {}, []
    for module in LESSON_MODULES:
        rel = f"course_utils/{module}.py"
        path = Path(course_dir, rel)
        if not path.is_file():
            raise HandinError(_("handin.missing", path=rel))
        data = path.read_bytes()
        try:
            source = data.decode("utf-8")
            tree = ast.parse(source, rel)
        except UnicodeDecodeError:
            raise HandinError(_("handin.not_utf8", path=rel)) from None
        except SyntaxError as err:
            raise HandinError(_("handin.syntax", path=rel, line=err.lineno,
                                error=err.msg)) from None
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        stubs += [f"{module}.{m.group(1)}" for m in _STUB.finditer(source)
                  if m.group(1) in defined]
        members[rel] = data
    return members, stubs


def worked_notebooks(course_dir=COURSE_DIR, shipped=None):
    """The notebooks (relative POSIX paths) under ``notebooks/`` and ``notebooks/zh/``
    that differ from the edition's copies (``shipped``: {path: sha256}; None: all)."""
    found = []
    for folder in ("notebooks", "notebooks/zh"):
        for path in sorted(Path(course_dir, folder).glob("*.ipynb")):
            rel = path.relative_to(course_dir).as_posix()
            if shipped is None or shipped.get(rel) != _sha256(path.read_bytes()):
                found.append(rel)
    return found


def without_pictures(raw):
    """A notebook's JSON text with its pictures (``image/*`` outputs and attachments) and
    any other output over :data:`MAX_OUTPUT_BYTES` left out; the text outputs stay."""
    nb = json.loads(raw)
    for cell in nb.get("cells", []):
        cell.pop("attachments", None)
        outputs = []
        for out in cell.get("outputs", []) or []:
            data = out.get("data")
            if isinstance(data, dict):
                out["data"] = {k: v for k, v in data.items() if not k.startswith("image/")}
                if not out["data"]:
                    continue
            size = len(json.dumps(out))
            if size > MAX_OUTPUT_BYTES:
                out = {"output_type": "stream", "name": "stdout",
                       "text": [f"[an output of {size >> 10} KB, left out of the hand-in]\n"]}
            outputs.append(out)
        if cell.get("cell_type") == "code":
            cell["outputs"] = outputs
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _guess_language(course_dir, notebooks):
    """"zh" when the notebook saved last is a Chinese one, else "en"."""
    if not notebooks:
        return "en"
    last = max(notebooks, key=lambda rel: Path(course_dir, rel).stat().st_mtime)
    return "zh" if last.startswith("notebooks/zh/") else "en"


# ------------------------------------------------------------------ the zip
class Handin:
    """What :func:`make_handin` wrote: ``path``, ``size`` (bytes), ``manifest`` (dict),
    ``stubs`` (exercises not done yet)."""

    def __init__(self, path, size, manifest, stubs):
        self.path, self.size, self.manifest, self.stubs = path, size, manifest, stubs

    def summary(self):
        """What to tell the student, one sentence a line."""
        n_nb = sum(p.endswith(".ipynb") for p in self.manifest["files"])
        lines = [_("handin.wrote", path=self.path, size=_size(self.size),
                   student=self.manifest["student"], notebooks=n_nb)]
        if self.stubs:
            by_module = {}
            for stub in self.stubs:
                module, _dot, function = stub.partition(".")
                by_module.setdefault(module, []).append(function)
            lines.append(_("handin.stubs", n=len(self.stubs), exercises="; ".join(
                f"{m}.py: " + ", ".join(f) for m, f in by_module.items())))
        lines.append(_("handin.what_to_do"))
        return "\n".join(lines)


def _size(n):
    return f"{n / 1024:.1f} KB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MB"


def make_handin(course_dir=COURSE_DIR, out=None, name=None, language=None, now=None):
    """Write the hand-in zip of the course folder ``course_dir``; return a :class:`Handin`.

    out : folder to write it to (default: ``course_dir``);  name : the student's name
    (stored for next time);  language : "en" or "zh" (default: the language of the
    notebook saved last);  now : a timezone-aware datetime (default: now).
    Raises :class:`HandinError` (nothing written) for a missing or unparsable graded
    module, no usable student name, or a development edition without ``out``.
    """
    course_dir = Path(course_dir)
    if language not in (None, "en", "zh"):
        raise ValueError(f"language must be 'en' or 'zh'; got {language!r}.")
    info = edition(course_dir)
    if info["edition"] == DEVELOPMENT and out is None:
        raise HandinError(_("handin.development"))
    members, stubs = lesson_modules(course_dir)
    student = student_name(course_dir, name)
    shipped = info.get("notebooks") if isinstance(info.get("notebooks"), dict) else None
    notebooks = worked_notebooks(course_dir, shipped)
    for rel in notebooks:
        try:
            members[rel] = without_pictures(Path(course_dir, rel).read_text("utf-8")).encode()
        except (ValueError, UnicodeDecodeError, AttributeError, TypeError):
            members[rel] = Path(course_dir, rel).read_bytes()   # kept as it is
    now = now or datetime.now(UTC)
    manifest = {"format": FORMAT, "student": student, "edition": info["edition"],
                "language": language or _guess_language(course_dir, notebooks),
                "created_utc": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "python": platform.python_version(),
                "files": {rel: _sha256(data) for rel, data in sorted(members.items())}}
    buffer = io.BytesIO()
    stamp = now.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, data in [("manifest.json", json.dumps(manifest, indent=1).encode() + b"\n"),
                          *sorted(members.items())]:
            entry = zipfile.ZipInfo(rel, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o100644 << 16      # a regular file, rw-r--r--
            zf.writestr(entry, data)
    data = buffer.getvalue()
    path = atomic_write(Path(out or course_dir, student + SUFFIX), data)
    return Handin(path.resolve(), len(data), manifest, stubs)


def handin(name=None, out=None, language=None):
    """Write your hand-in zip and say where it is (call it in a notebook's last cell).

    name : how your teacher knows you, given once (kept in the course folder);
    out : another folder to write the zip to. It prints where the zip is, or why none
    was written, and in JupyterLab shows a download link; it returns nothing (so that a
    notebook's last line shows no value): :func:`make_handin` returns what it wrote.
    """
    try:
        done = make_handin(COURSE_DIR, out=out, name=name,
                           language=language or _current_language())
    except HandinError as err:
        print(str(err))
        return
    print(done.summary())
    _show_link(done.path)


def _show_link(path):
    """A download link to ``path``, relative to the notebook (its kernel's folder)."""
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    from html import escape
    from urllib.parse import quote
    href = quote(Path(os.path.relpath(path, Path.cwd())).as_posix())
    display(HTML(f'<a href="{escape(href)}" download="{escape(path.name)}">'
                 f'{escape(_("handin.download", name=path.name))}</a>'))
