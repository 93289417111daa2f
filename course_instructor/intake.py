"""Step 1 of grading: what the instructor gives ``grade`` -> the submissions, each keyed
by who handed it in.

The instructor passes what the learning platform delivered, as it is (``grade --
submissions/*``, or the download itself). Each path is read once by
:func:`course_instructor.archive.snapshot` (nothing extracted, no link followed), then
recognised, without flags (``layout="auto"``; ``layout`` may force one):

=========  ==================================================================  =============
layout     what it looks like                                                  the student
=========  ==================================================================  =============
canvas     "Download Submissions": ``submissions.zip`` holding one file per     user id, name
           attachment, ``<name slug>[_LATE]_<user id>_<attachment id>_<file>``  slug
           (``anon_<id>_...`` under anonymous grading; ``..._text.html`` for a
           text entry); the zip itself, its folder or its files. A zip among
           them is read inside; loose files are grouped per student; a file
           resubmitted under the same name arrives as ``<file>-1.<ext>``.
moodle     "Download submissions" (in folders): ``Full Name_1234567_            participant
           assignsubmission_file[_]/<the student's files>``, one folder per     id, full name
           student (a zip among them is read inside), or flat:
           ``Full Name_1234567_assignsubmission_file_<file>``
nbgrader   the collected layout: ``submitted/<student id>/<assignment>/...``    student id
           (the ``submitted`` folder, or the course folder holding it)
handin     the hand-in zip ``<student>-nn-course.zip`` (``manifest.json`` at    the manifest's
           its root; a folder of them too)                                      student
plain      a folder or zip holding a copy of the edition (up to two folders     file name
           down), or holding graded modules at its top
=========  ==================================================================  =============

A student's part is looked for in what they delivered: a copy of the edition
(``course_utils/`` up to two folders down), graded modules at its top (with a platform's
resubmission suffix), or a zip at its top (up to two zips down). A module given twice
with different contents is graded from Canvas's latest upload (the larger attachment id,
with a warning), and is not graded elsewhere. A hand-in's ``manifest.json`` is hostile
input: read capped, JSON only, every field checked; its student is data (a name, never a
path or an option), its language is kept for the feedback, and a file that does not match
its hash is a warning for the instructor, not a refusal.

What could not be attributed to a student (a file in a download named by no platform's
rule) is returned as :attr:`Intake.unrecognised`; what could not be graded is in each
submission's ``error`` and ``problems``. Names are given by :mod:`.submissions`.
"""
import os
import re
from dataclasses import dataclass, field

from course_instructor import archive, submissions, transport
from course_instructor.archive import ArchiveError, Entry, Submission
from course_instructor.exercises import GradingError

LAYOUTS = ("auto", "canvas", "moodle", "nbgrader", "handin", "plain")
HANDIN_FORMAT = "nn-course hand-in 1"
HANDIN_SUFFIX = "-nn-course.zip"
LANGUAGES = ("en", "zh")
# Canvas: prefix sanitised by Canvas to word characters; ids are digits; anonymous grading
# puts "anon_<id>" (5 letters or digits) in place of the name slug and user id.
CANVAS = re.compile(
    r"^(?:(?:(?P<alate>LATE)_)?anon_(?P<anon>[A-Za-z0-9]+)"
    r"|(?P<slug>\w*?)(?P<late>_LATE)?_(?P<user>\d+))"
    r"_(?:(?P<attachment>\d+)_(?P<file>.+)|(?P<text>text|link)\.html)$")
# Moodle: the full name (Moodle turns "_" in it into " "), the participant id, the plugin;
# folders end "_" (Moodle < 4.1) or not (>= 4.1); flat files go on after "_".
MOODLE = re.compile(r"^(?P<name>[^_/]*)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)"
                    r"(?:_(?P<file>.*))?$")
_STUDENT = re.compile(r"[A-Za-z0-9._-]{1,60}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class Item:
    """One thing delivered for one student (a file, a folder or a zip)."""
    platform: str           # canvas, moodle, nbgrader, handin, folder, zip
    key: str                # what groups items of one student on the platform
    student_id: str
    student_name: str
    entry: Entry
    file: str               # the file name the student gave it (after the platform's prefix)
    late: bool = False
    order: int = 0          # Canvas: the attachment id (a later upload has a larger one)
    text_entry: bool = False    # a text or link typed into the platform, not a file


@dataclass
class Intake:
    """The submissions (unnamed until :func:`course_instructor.submissions.name_all`)
    and what could not be attributed to anyone: ``[(where, why)]``."""
    submissions: list
    unrecognised: list = field(default_factory=list)


def check_paths(paths):
    """Raise :class:`GradingError` (before anything is graded) for a path with nothing at it."""
    if not paths:
        raise GradingError("no submission was given.")
    for path in paths:
        if not os.path.lexists(path):
            raise GradingError(f"submission {path} does not exist.")


# ------------------------------------------------------------------ recognising
def platform_item(entry, allowed):
    """An :class:`Item` if ``entry``'s own name follows Canvas's or Moodle's rule."""
    name = entry.name
    m = CANVAS.match(name) if "canvas" in allowed else None
    if m:
        if m["anon"]:
            sid, student, late = f"anon_{m['anon']}", "", bool(m["alate"])
        else:
            sid, student, late = m["user"], m["slug"], bool(m["late"])
        return Item("canvas", sid, sid, student, entry, m["file"] or f"{m['text']}.html",
                    late, int(m["attachment"] or 0), text_entry=bool(m["text"]))
    m = MOODLE.match(name) if "moodle" in allowed else None
    if m:
        return Item("moodle", m["id"], m["id"], m["name"].strip(), entry, m["file"] or "",
                    text_entry=m["plugin"] != "file")
    return None


def manifest(entry):
    """``(fields, warnings)`` of the hand-in manifest at the top of ``entry``, or
    ``(None, [])`` when there is none. ``fields``: ``student``, ``language``, ``edition``,
    ``created_utc``, ``python`` (each None unless valid) and ``files``
    (``{member: sha256}``); a field that is not valid is left out with a warning."""
    found = entry.child(archive.MANIFEST) if entry.kind in ("zip", "dir") else None
    if found is None or found.kind != "file":
        return None, []
    if found.data is None:
        return None, ["manifest.json could not be read (too large or damaged); ignored"]
    try:
        data = transport.loads_json(found.data, max_bytes=64 << 10, max_depth=3)
    except transport.TransportError:
        return None, ["manifest.json is not valid JSON; ignored"]
    if not isinstance(data, dict) or data.get("format") != HANDIN_FORMAT:
        return None, [f"manifest.json is not an {HANDIN_FORMAT!r} manifest; ignored"]
    fields, warnings = {}, []

    def text(key, pattern, what):
        value = data.get(key)
        ok = isinstance(value, str) and re.fullmatch(pattern, value)
        if value is not None and not ok:
            warnings.append(f"the manifest's {key!r} is not {what}; ignored")
        return value if ok else None
    fields["student"] = text("student", _STUDENT.pattern, "a name of letters, digits, "
                             "'.', '_', '-' (at most 60)")
    fields["language"] = text("language", "en|zh", "'en' or 'zh'")
    fields["edition"] = text("edition", r"[A-Za-z0-9.+_-]{1,80}", "an edition name")
    fields["created_utc"] = text("created_utc",
                                 r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z", "a UTC time")
    fields["python"] = text("python", r"\d{1,2}\.\d{1,3}(\.\d{1,3})?\w{0,8}",
                            "a Python version")
    files = data.get("files")
    if not isinstance(files, dict) or len(files) > 1000 or not all(
            isinstance(k, str) and isinstance(v, str) and _HEX64.fullmatch(v)
            for k, v in files.items()):
        warnings.append("the manifest's 'files' is not a list of sha256 hashes; not checked")
        files = {}
    fields["files"] = files
    return fields, warnings


def _is_handin(entry):
    return entry.kind == "zip" and manifest(entry)[0] is not None


def _submission_at_top(entry):
    """A copy of the edition or a hand-in right at the top of ``entry``."""
    cu = entry.child("course_utils")
    return (cu is not None and cu.kind == "dir") or manifest(entry)[0] is not None


def _has_edition(entry):
    try:
        archive.edition_root(entry)
        return True
    except ArchiveError:
        return False


def _single(entry, allowed):
    """The one submission ``entry`` is (a hand-in, or a plain folder or zip)."""
    fields = manifest(entry)[0] if "handin" in allowed else None
    if fields and fields["student"]:
        return Item("handin", entry.where, fields["student"], "", entry, entry.name)
    platform = {"dir": "folder", "zip": "zip"}.get(entry.kind, "file")
    return Item(platform, entry.where, "", "", entry, entry.name)


def _nbgrader(entry):
    """The ``submitted`` folder of nbgrader's course layout in ``entry``, or None."""
    if entry.kind not in ("dir", "zip"):
        return None
    if entry.name == "submitted" and not _has_edition(entry):
        return entry
    sub = entry.child("submitted")
    return sub if sub is not None and sub.kind == "dir" else None


def _shown(name):
    """A name in a download worth attributing or reporting (not macOS's or a hidden one)."""
    return name not in _JUNK and not name.startswith(".") and name != "__MACOSX"


def expand(entry, allowed):
    """``(items, unrecognised)`` of one path the instructor gave."""
    item = platform_item(entry, allowed)
    if item is not None:
        return [item], []
    if entry.kind == "file" and not archive.MODULE_FILE.match(entry.name):
        return [], [(entry.where, "not a zip file, a folder, a graded module or a file named "
                                  "as a platform names submissions")]
    if entry.kind not in ("dir", "zip") or (entry.problem and not entry.children):
        return [_single(entry, allowed)], []
    submitted = _nbgrader(entry) if "nbgrader" in allowed else None
    if submitted is not None:
        items, others = [], []
        for name, child in sorted(submitted.children.items()):
            if child.kind == "dir" and archive.visible(name):
                items.append(Item("nbgrader", name, name, "", child, name))
            elif _shown(name):
                others.append((child.where, "not a student's folder of nbgrader's "
                                            "submitted/ layout"))
        return items, others
    if not _submission_at_top(entry):
        children = [(n, c) for n, c in sorted(entry.children.items()) if _shown(n)]
        found = [(n, c, platform_item(c, allowed)) for n, c in children]
        if any(item for _, _, item in found):
            rule = " or ".join(p.capitalize() for p in ("canvas", "moodle") if p in allowed)
            return ([item for _, _, item in found if item],
                    [(c.where, f"not named as {rule} names a submission")
                     for _, c, item in found if item is None])
        if "handin" in allowed and not _has_edition(entry) and any(
                _is_handin(c) for _, c in children):
            return ([_single(c, allowed) for _, c in children if _is_handin(c)],
                    [(c.where, "not a hand-in zip") for _, c in children if not _is_handin(c)])
    if len(allowed) == 1 and allowed != {"plain"}:
        layout = next(iter(allowed))
        if layout != "handin" or not _is_handin(entry):
            what = "hand-in zip" if layout == "handin" else f"{layout.capitalize()} download"
            return [], [(entry.where, f"not a {what}")]
    return [_single(entry, allowed)], []


# ------------------------------------------------------------------ a student's part
class _Parts:
    """What one student's items hold: module candidates, problems, errors, the manifest."""

    def __init__(self):
        self.candidates = {}     # module -> [(order, bytes, where)]
        self.problems = {}       # module -> a problem other than "missing"
        self.errors = []         # why a delivered thing holds nothing gradable
        self.fields = None       # the hand-in manifest's fields
        self.warnings = []
        self.parts = []
        self.text_entry = False  # the student also typed a text or a link

    def module(self, module, entry, order):
        data, problem = archive.module_problem(entry, module)
        if problem is None:
            self.candidates.setdefault(module, []).append((order, data, entry.where))
        elif not problem.endswith("is missing"):
            self.problems.setdefault(module, problem)

    def gather(self, entry, file, order, depth=0):
        """Look for graded modules in one delivered thing (see the module docstring)."""
        self.parts.append(entry.where)
        if entry.kind == "file":
            m = archive.MODULE_FILE.match(file)
            if m:
                self.module(m[1], entry, order)
            return
        if entry.kind in ("link", "other"):
            self.errors.append(entry.problem or "it is a symbolic link or not a regular file")
            return
        if entry.problem and not entry.children:
            self.errors.append(entry.problem)
            return
        fields, warnings = manifest(entry)
        if fields is not None or warnings:
            self.warnings += warnings
            if fields is not None and self.fields is None:
                self.fields = fields
                self._check_hashes(entry, fields)
        try:
            root = archive.edition_root(entry)
        except ArchiveError as err:
            if "several copies" in str(err):
                self.errors.append(str(err))
                return
            root = None
        if root is not None:
            for module in archive.GRADED_MODULES:
                self.module(module, root.child(f"{module}.py"), order)
            return
        before = sum(len(v) for v in self.candidates.values()) + len(self.problems)
        for name, child in sorted(entry.children.items()):
            if child.kind == "file" and archive.MODULE_FILE.match(name):
                self.gather(child, name, order, depth + 1)
            elif child.kind == "zip" and depth < 2:
                self.gather(child, name, order, depth + 1)
        if sum(len(v) for v in self.candidates.values()) + len(self.problems) == before:
            self.errors.append("no course_utils/ folder found in it")

    def _check_hashes(self, entry, fields):
        digests = entry.digests or {}
        listed = fields["files"]
        for module in archive.GRADED_MODULES:
            rel = f"course_utils/{module}.py"
            if rel in listed and rel in digests and digests[rel] != listed[rel]:
                self.warnings.append(f"{rel} does not match the manifest's hash (it changed "
                                     "after the hand-in was made, or the manifest is wrong)")
        others = [k for k in listed if not k.startswith("course_utils/")]
        differ = sum(1 for k in others if k in digests and digests[k] != listed[k])
        absent = sum(1 for k in listed if k not in digests)
        if differ:
            self.warnings.append(f"{differ} other file(s) do not match the manifest's hashes")
        if absent:
            self.warnings.append(f"{absent} file(s) the manifest lists are not in the zip")

    def submission(self, item, modules):
        """The :class:`Submission` of one student (``name`` set later)."""
        sub = Submission("", "; ".join(dict.fromkeys(self.parts)) or item.entry.where,
                         platform=item.platform, student_id=item.student_id,
                         student_name=item.student_name, late=item.late,
                         warnings=list(dict.fromkeys(self.warnings)),
                         parts=list(dict.fromkeys(self.parts)))
        if self.fields:
            sub.language = self.fields["language"]
        for module in modules:
            found = self.candidates.get(module, [])
            contents = {data for _, data, _ in found}
            if len(contents) == 1:
                sub.modules[module] = found[0][1]
            elif contents and item.platform == "canvas":
                latest = max(found, key=lambda c: c[0])
                sub.modules[module] = latest[1]
                sub.warnings.append(f"course_utils/{module}.py was handed in more than once; "
                                    "the latest upload was graded")
            elif contents:
                sub.problems[module] = (f"course_utils/{module}.py was handed in more than "
                                        "once, with different contents; not graded")
            else:
                sub.problems[module] = self.problems.get(module,
                                                         f"course_utils/{module}.py is missing")
        if not sub.modules and (self.errors or not self.problems):
            sub.error = self.errors[0] if self.errors else \
                "it was submitted as a text entry or a link, not as files" if self.text_entry \
                else "it holds no graded module (course_utils/*.py)"
        elif self.errors:
            sub.warnings += [f"a part was not read: {e}" for e in dict.fromkeys(self.errors)]
        return sub


# ------------------------------------------------------------------ the run's intake
def collect(paths, modules=archive.GRADED_MODULES, limits=archive.ArchiveLimits(),
            layout="auto"):
    """An :class:`Intake` of ``paths`` (see the module docstring). Raises
    :class:`GradingError` only for bad arguments (a path with nothing at it, an unknown
    layout); whatever the paths hold is reported in the submissions."""
    if layout not in LAYOUTS:
        raise GradingError(f"layout must be one of {', '.join(LAYOUTS)}; got {layout!r}.")
    check_paths(paths)
    allowed = set(LAYOUTS[1:]) if layout == "auto" else {layout}
    items, unrecognised = [], []
    for path in paths:
        try:
            entry = archive.snapshot(path, limits)
            found, others = expand(entry, allowed)
        except FileNotFoundError:
            raise GradingError(f"submission {path} does not exist.") from None
        except Exception:     # noqa: BLE001 -- a bug in the reader costs this path only
            entry = Entry(os.path.basename(os.fspath(path).rstrip("/")), "other",
                          os.fspath(path), problem="it could not be read")
            found, others = [_single(entry, allowed)], []
        items += found
        unrecognised += others
    groups = {}
    for item in items:
        key = (item.platform, item.key) if item.platform in ("canvas", "moodle", "nbgrader") \
            else ("one", item.entry.where, id(item))
        groups.setdefault(key, []).append(item)
    named = []
    for group in groups.values():
        first = group[0]
        first.late = any(i.late for i in group)
        first.student_name = next((i.student_name for i in group if i.student_name), "")
        try:
            parts = _Parts()
            for item in sorted(group, key=lambda i: (i.order, i.entry.where)):
                if item.text_entry:
                    parts.text_entry = True
                    parts.parts.append(item.entry.where)
                else:
                    parts.gather(item.entry, item.file, item.order)
            sub = parts.submission(first, tuple(modules))
        except Exception:     # noqa: BLE001 -- a bug here costs this student only
            sub = Submission("", first.entry.where, platform=first.platform,
                             student_id=first.student_id, student_name=first.student_name,
                             late=first.late, error="it could not be read")
        if first.platform == "handin" and first.file.lower().endswith(HANDIN_SUFFIX) \
                and first.file[:-len(HANDIN_SUFFIX)] != first.student_id:
            sub.warnings.append("the hand-in's file name and its manifest name different "
                                "students")
        named.append((sub, submissions.base_name(first.platform, first.student_id,
                                                 first.student_name, first.file)))
    return Intake(submissions.name_all(named), sorted(unrecognised))
