"""Read what the instructor gives ``grade`` -- a folder, a zip, a platform's download --
once, into memory, whatever it holds.

:func:`snapshot` turns one path into a tree of :class:`Entry` (folders, files, zips whose
members are their children, to three zips deep). It is the only place that touches a
submission's files, and it reads each of them once:

* **Folders** are walked through descriptors: the given path is opened without following a
  link (``O_NOFOLLOW``), and everything below it is opened relative to its parent's
  descriptor, again without following links. Swapping the folder, or anything in it, for
  a symbolic link while it is read changes nothing: what was opened stays what is read,
  and a link is never followed (it is an entry of kind "link"). FIFOs never block
  (``O_NONBLOCK``). Hidden folders, ``__MACOSX`` and ``__pycache__`` are not walked; the
  walk stops at :attr:`ArchiveLimits.max_depth` levels and
  :attr:`ArchiveLimits.max_entries` names.
* **Zips** are read through the same kind of descriptor, never extracted: their central
  directory is checked (size, member count) before :mod:`zipfile` parses it, and a
  member is decompressed only if its name matters (below), streamed and capped on the
  bytes actually produced (declared sizes can lie). A ``\\`` in a member name is a
  folder separator (Windows PowerShell 5.1's Compress-Archive writes them); a name that
  is absolute, has a drive letter or a ``..`` component refuses the whole zip (zip-slip).
* **Only names that matter are read**: a graded module (``<module>.py``, also with a
  platform's prefix or a resubmission suffix such as ``-1``), ``manifest.json`` at the
  top of a zip or folder, and nested ``.zip`` files (into memory, capped). Everything
  else is only listed.

Reading never raises for what a submission holds: what could not be read is an entry's
``problem``, a fixed sentence naming only ``course_utils/<module>.py`` or the zip as a
whole, so nothing the submission controls (its names, zipfile's error texts) reaches
the feedback. :func:`edition_root` and :func:`graded_modules` find a student's copy of
the edition in a tree; :func:`read_zip`, :func:`read_folder` and :func:`load_submission`
read one plain submission (what :mod:`course_instructor.intake` does for every layout).
"""
import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from course_instructor.transport import zip_directory_size

GRADED_MODULES = ("logistic_regression", "shallow_network", "deep_network")
MANIFEST = "manifest.json"
# A module file as a student names it: "logistic_regression.py", or
# "logistic_regression-1.py" (Canvas renames a file resubmitted under the same name so).
MODULE_FILE = re.compile(r"(" + "|".join(GRADED_MODULES) + r")(?:-\d{1,4})?\.py$")
# ... and as a platform may prefix it ("leeann_34567_890123_logistic_regression.py"): the
# names whose bytes are read, before anyone knows which platform named them.
_MODULE_NAMED = re.compile(r"(?:.*[_ ])?" + MODULE_FILE.pattern)
_UNSAFE = re.compile(r"(^|/)\.\.(/|$)|^/|^[A-Za-z]:|\x00")
_SKIPPED_FOLDERS = ("__MACOSX", "__pycache__", "node_modules")
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class ArchiveError(Exception):
    """The whole submission cannot be graded; the message is a fixed sentence."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_archive_bytes: int = 200 << 20     # a student's zip (and a zip inside a download)
    max_download_bytes: int = 4 << 30      # a zip given as a path (a platform's download)
    max_directory_bytes: int = 4 << 20     # a student zip's central directory
    max_download_directory_bytes: int = 32 << 20
    max_members: int = 10_000              # members of a student's zip
    max_download_members: int = 100_000    # members of a zip given as a path
    max_module_bytes: int = 1 << 20        # one graded module, decompressed
    max_manifest_bytes: int = 64 << 10     # a hand-in's manifest.json
    max_hashed_bytes: int = 32 << 20       # members hashed to check a manifest, in all
    max_zip_depth: int = 3                 # zips inside zips, the outermost counted
    max_depth: int = 8                     # folder levels walked below a given folder
    max_entries: int = 100_000             # names listed in one given path, in all
    max_read_bytes: int = 4 << 30          # bytes decompressed for one given path, in all


@dataclass
class Submission:
    """What a submission gives the grader: its graded modules, and who handed it in.

    ``name`` is the safe, unique name of its feedback file and gradebook row; ``modules``
    ``{module: bytes}``; ``problems`` ``{module: why it is not graded}``; ``error`` why
    nothing is graded. Who: ``platform`` (canvas, moodle, nbgrader, handin, folder, zip),
    ``student_id`` (the platform's identity: Canvas user id, Moodle participant id,
    nbgrader student id, the hand-in's student), ``student_name`` (as the platform names
    the student, if it does), ``late`` (Canvas marked it late), ``language`` (the hand-in
    manifest's, else None). ``warnings``: fixed sentences for the instructor (a manifest
    that does not match its files, an ignored duplicate); ``parts``: where each piece came
    from inside what the instructor gave (names the student chose: data, never a path).
    """
    name: str
    source: str
    modules: dict = field(default_factory=dict)     # module -> bytes
    problems: dict = field(default_factory=dict)    # module -> why it is not graded
    error: str = None          # why nothing is graded ("it is not a zip file"; the
                               # feedback says "submission NAME was not graded: ...")
    platform: str = ""
    student_id: str = ""
    student_name: str = ""
    late: bool = False
    language: str = None
    warnings: list = field(default_factory=list)
    parts: list = field(default_factory=list)


@dataclass
class Entry:
    """One name in a snapshot.

    ``kind``: "dir", "zip" (its members are its ``children``), "file", "link" (never
    followed) or "other" (a FIFO, a device, a zip member of another type). ``data``: the
    bytes of a file whose name matters (see the module docstring), else None;
    ``problem``: why this file's bytes, or this zip or folder as a whole, could not be
    read (a fixed sentence). ``digests``: for a zip with a manifest, ``{member: sha256
    hex or None}`` of the members the manifest lists; ``where``: how to find it in what
    the instructor gave (``download.zip!alice.zip!course_utils/x.py``).
    """
    name: str
    kind: str
    where: str = ""
    children: dict = None
    data: bytes = None
    size: int = 0
    problem: str = None
    digests: dict = None

    def child(self, name):
        return (self.children or {}).get(name)

    def walk(self, prefix=""):
        """``(relative path, entry)`` of everything below, folders first, sorted."""
        for name, entry in sorted((self.children or {}).items()):
            path = f"{prefix}{name}"
            yield path, entry
            if entry.kind == "dir":
                yield from entry.walk(path + "/")


def visible(name):
    """A folder that is walked and searched: not hidden, not macOS's or a cache."""
    return bool(name) and not name.startswith(".") and name not in _SKIPPED_FOLDERS


def wanted(name, top):
    """Whether a file's bytes are read: a module, a top-level manifest, a zip."""
    return bool(_MODULE_NAMED.fullmatch(name)) or (top and name == MANIFEST) \
        or name.lower().endswith(".zip")


class _Budget:
    """What one given path may still cost: names listed, bytes decompressed."""

    def __init__(self, limits):
        self.entries, self.bytes = limits.max_entries, limits.max_read_bytes

    def name(self):
        self.entries -= 1
        return self.entries >= 0

    def spend(self, n):
        self.bytes -= n
        return self.bytes >= 0


# ------------------------------------------------------------------ zips
def _member_kind(info):
    # Unix tools store the file's st_mode in the top 16 bits; other systems (and
    # zipfile.writestr) store no file type: only an explicit non-regular type counts.
    kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
    if kind == stat.S_IFLNK:
        return "link"
    return "file" if kind in (0, stat.S_IFREG) else "other"


def _read_member(zf, info, cap, budget):
    """The member's bytes (at most ``cap``), or a problem sentence (its tail)."""
    if info.flag_bits & 0x1:
        return None, "is encrypted; not graded"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None, "uses a compression method other than deflate; not graded"
    try:
        with zf.open(info) as f:
            data = f.read(cap + 1)
    except Exception:   # noqa: BLE001 -- zipfile/zlib raise many types on damaged data
        return None, "could not be read from the archive (it is damaged); not graded"
    if not budget.spend(len(data)):
        return None, "was not read: the download holds more data than the grader reads"
    if len(data) > cap:
        return None, f"is larger than {cap >> 10} KB once decompressed; not graded"
    return data, None


def _hash_member(zf, info, budget, cap):
    """sha256 hex of a member (for a manifest's check), or None (unreadable, too big)."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                          zipfile.ZIP_DEFLATED):
        return None
    h, n = hashlib.sha256(), 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(1 << 16):
                n += len(chunk)
                if n > cap or not budget.spend(len(chunk)):
                    return None
                h.update(chunk)
    except Exception:   # noqa: BLE001 -- damaged: no digest
        return None
    return h.hexdigest()


def _zip_caps(limits, depth):
    """(bytes, directory bytes, members) a zip may have: a download's at depth 0."""
    if depth == 0:
        return (limits.max_download_bytes, limits.max_download_directory_bytes,
                limits.max_download_members)
    return limits.max_archive_bytes, limits.max_directory_bytes, limits.max_members


def _open_zip(f, size, limits, depth):
    """A ZipFile on ``f`` after its size and declared directory were checked."""
    max_bytes, max_directory, max_members = _zip_caps(limits, depth)
    if size > max_bytes:
        raise ArchiveError(f"the archive is larger than {max_bytes >> 20} MB")
    ends = zip_directory_size(f, size)
    if ends is None:
        raise ArchiveError("it is not a zip file")
    entries, cd_size = ends
    if entries > max_members:
        raise ArchiveError(f"the archive has more than {max_members} members")
    if cd_size > max_directory:
        raise ArchiveError("the archive's directory is too large")
    f.seek(0)
    zf = zipfile.ZipFile(f)
    if len(zf.infolist()) > max_members:
        raise ArchiveError(f"the archive has more than {max_members} members")
    return zf


def _zip_tree(zf, entry, limits, depth, budget):
    """Fill ``entry`` (kind "zip") with the members of ``zf``."""
    infos = zf.infolist()
    names = []
    for info in infos:
        name = info.filename.replace("\\", "/")     # Windows PowerShell 5.1 writes "\"
        if _UNSAFE.search(name):
            raise ArchiveError("the archive holds an unsafe member name (absolute, '..', "
                               "a drive letter or a NUL: zip-slip)")
        names.append(name)
    entry.children = {}
    listed = {}
    for info, name in zip(infos, names):
        if not budget.name():
            entry.problem = "it holds more files than the grader looks at"
            return
        parts = [p for p in name.split("/") if p]
        if not parts:
            continue
        folder = entry
        for k, part in enumerate(parts[:-1]):
            nxt = folder.children.get(part)
            if nxt is None:
                nxt = folder.children[part] = Entry(
                    part, "dir", f"{entry.where}!{'/'.join(parts[:k + 1])}", {})
            elif nxt.kind != "dir":
                raise ArchiveError("the archive holds a file and a folder of the same name")
            folder = nxt
        last = parts[-1]
        where = f"{entry.where}!{'/'.join(parts)}"
        if name.endswith("/"):                        # a folder member
            old = folder.children.get(last)
            if old is None:
                folder.children[last] = Entry(last, "dir", where, {})
            elif old.kind != "dir":
                raise ArchiveError("the archive holds a file and a folder of the same name")
            continue
        old = folder.children.get(last)
        if old is not None:
            if old.kind == "dir":
                raise ArchiveError("the archive holds a file and a folder of the same name")
            old.kind, old.data, old.children = "file", None, None
            old.problem = "is listed more than once in the archive; not graded"
            continue
        member = folder.children[last] = Entry(last, _member_kind(info), where,
                                               size=info.file_size)
        listed["/".join(parts)] = info
        if member.kind == "file" and wanted(last, top=len(parts) == 1):
            _read_wanted(zf, info, member, limits, depth, budget)
    manifest = entry.child(MANIFEST)
    if manifest is not None and manifest.data is not None:
        entry.digests = _manifest_digests(zf, manifest.data, listed, limits, budget)


def _read_wanted(zf, info, member, limits, depth, budget):
    """Read a member whose name matters: a module, the manifest, or a nested zip."""
    if member.name.lower().endswith(".zip"):
        if depth + 1 >= limits.max_zip_depth:
            member.kind, member.problem = "zip", "it is nested in too many zips"
            return
        data, problem = _read_member(zf, info, limits.max_archive_bytes, budget)
        member.kind = "zip"
        if problem:
            member.problem = "it could not be read from its archive"
        else:
            _zip_entry(io.BytesIO(data), len(data), member, limits, depth + 1, budget)
        return
    cap = limits.max_manifest_bytes if member.name == MANIFEST else limits.max_module_bytes
    member.data, member.problem = _read_member(zf, info, cap, budget)


def _manifest_digests(zf, data, listed, limits, budget):
    """``{member: sha256 hex or None}`` for the members a manifest's ``files`` names
    (at most 1000; the manifest itself is validated by the intake)."""
    import json
    try:
        files = json.loads(data.decode("utf-8")).get("files")
    except (ValueError, AttributeError, UnicodeDecodeError, RecursionError):
        return {}
    if not isinstance(files, dict):
        return {}
    out = {}
    for name in sorted(files)[:1000]:
        if isinstance(name, str) and name in listed:
            out[name] = _hash_member(zf, listed[name], budget, limits.max_hashed_bytes)
    return out


def _zip_entry(f, size, entry, limits, depth, budget):
    """Fill ``entry`` with the zip in ``f``; a refusal is the entry's ``problem``."""
    entry.kind, entry.children = "zip", {}
    try:
        with _open_zip(f, size, limits, depth) as zf:
            _zip_tree(zf, entry, limits, depth, budget)
    except ArchiveError as err:
        entry.children, entry.problem = {}, str(err)
    except Exception:   # noqa: BLE001 -- the trust boundary: any damage costs this archive
        entry.children = {}
        entry.problem = "it is not a readable zip file (it is damaged)"


# ------------------------------------------------------------------ folders
def _read_fd(fd, cap):
    data = bytearray()
    while len(data) <= cap:
        chunk = os.read(fd, min(1 << 20, cap + 1 - len(data)))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def _folder_file(dfd, name, entry, limits, depth, budget, top):
    """Read a file of a folder (relative to its descriptor) if its name matters."""
    if not wanted(name, top):
        return
    try:
        fd = os.open(name, _FILE_FLAGS, dir_fd=dfd)
    except OSError as err:
        if err.errno == errno.ELOOP:         # swapped for a link since it was listed
            entry.kind = "link"
        else:
            entry.problem = "is unreadable; not graded"
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            entry.kind = "other"
            return
        entry.size = st.st_size
        if name.lower().endswith(".zip"):
            if depth + 1 >= limits.max_zip_depth:
                entry.kind, entry.problem = "zip", "it is nested in too many zips"
                return
            os.set_blocking(fd, True)
            with os.fdopen(os.dup(fd), "rb") as f:
                _zip_entry(f, st.st_size, entry, limits, depth + 1, budget)
            return
        cap = limits.max_manifest_bytes if name == MANIFEST else limits.max_module_bytes
        data = _read_fd(fd, cap)
        if not budget.spend(len(data)):
            entry.problem = "was not read: the folder holds more data than the grader reads"
        elif len(data) > cap:
            entry.problem = f"is larger than {cap >> 10} KB; not graded"
        else:
            entry.data = data
    except OSError:
        entry.problem = "is unreadable; not graded"
    finally:
        os.close(fd)


def _folder_tree(dfd, entry, limits, depth, level, budget):
    """Fill ``entry`` (kind "dir") with the folder open as ``dfd``."""
    entry.children = {}
    try:
        with os.scandir(dfd) as it:
            found = sorted(((e.name, e) for e in it), key=lambda pair: pair[0])
    except OSError:
        entry.problem = "it could not be listed"
        return
    for name, de in found:
        if not budget.name():
            entry.problem = "it holds more files than the grader looks at"
            return
        where = f"{entry.where}/{name}"
        try:
            if de.is_symlink():
                kind = "link"
            elif de.is_dir(follow_symlinks=False):
                kind = "dir"
            elif de.is_file(follow_symlinks=False):
                kind = "file"
            else:
                kind = "other"
        except OSError:
            kind = "other"
        child = entry.children[name] = Entry(name, kind, where)
        if kind == "file":
            _folder_file(dfd, name, child, limits, depth, budget, top=level == 0)
        elif kind == "dir":
            child.children = {}
            if not visible(name) or level + 1 >= limits.max_depth:
                continue
            try:
                sub = os.open(name, _DIR_FLAGS, dir_fd=dfd)
            except OSError as err:           # swapped for a link, or unreadable
                child.kind = "link" if err.errno in (errno.ELOOP, errno.ENOTDIR) else "other"
                continue
            try:
                _folder_tree(sub, child, limits, depth, level + 1, budget)
            finally:
                os.close(sub)


# ------------------------------------------------------------------ one path
def snapshot(path, limits=ArchiveLimits()):
    """An :class:`Entry` tree of the folder, zip or file at ``path``, read once (see the
    module docstring). Never raises for what it holds: a link, a FIFO, an unreadable or
    damaged file is the top entry's kind and ``problem``; raises ``FileNotFoundError``
    only when nothing is at ``path``."""
    text = os.fspath(path)
    name = text.rstrip("/") or "/"          # a trailing "/" would follow a link
    base = os.path.basename(name) or name
    budget = _Budget(limits)
    try:
        fd = os.open(name, _FILE_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as err:
        if err.errno == errno.ELOOP:         # a symbolic link: never followed
            return Entry(base, "link", name,
                         problem="it is a symbolic link (pass the folder or file itself)")
        return Entry(base, "other", name, problem="it cannot be opened")
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            entry = Entry(base, "dir", name)
            _folder_tree(fd, entry, limits, 0, 0, budget)
            return entry
        if not stat.S_ISREG(st.st_mode):
            return Entry(base, "other", name, problem="it is neither a folder nor a file")
        entry = Entry(base, "file", name, size=st.st_size)
        if _MODULE_NAMED.fullmatch(base):
            data = _read_fd(fd, limits.max_module_bytes)
            if len(data) > limits.max_module_bytes:
                entry.problem = f"is larger than {limits.max_module_bytes >> 10} KB; not graded"
            else:
                entry.data = data
        elif base.lower().endswith(".zip") or _starts_like_zip(fd):
            os.set_blocking(fd, True)
            with os.fdopen(os.dup(fd), "rb") as f:
                _zip_entry(f, st.st_size, entry, limits, 0, budget)
        return entry
    finally:
        os.close(fd)


def _starts_like_zip(fd):
    try:
        head = os.pread(fd, 4, 0)
    except OSError:
        return False
    return head[:2] == b"PK"


# ------------------------------------------------------------------ the edition in a tree
def edition_root(entry):
    """The ``course_utils`` folder entry of the shallowest copy of the edition in
    ``entry`` (a folder or zip), up to two visible folders down; raises
    :class:`ArchiveError` when there is none, or several at that depth."""
    level = [entry]
    for _ in range(3):
        hits = [e.children["course_utils"] for e in level
                if e.child("course_utils") is not None
                and e.children["course_utils"].kind == "dir"]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ArchiveError("it holds several copies of course_utils/ at the same depth")
        level = [c for e in level for n, c in sorted(e.children.items())
                 if c.kind == "dir" and visible(n)]
    raise ArchiveError("no course_utils/ folder found in it")


def module_problem(entry, module):
    """``(bytes, None)`` of one module file entry, or ``(None, problem)``."""
    rel = f"course_utils/{module}.py"
    if entry is None or entry.kind == "dir":
        return None, f"{rel} is missing"
    if entry.kind == "link":
        return None, f"{rel} is a symbolic link; not graded"
    if entry.kind != "file":
        return None, f"{rel} is not a regular file; not graded"
    if entry.problem or entry.data is None:
        return None, f"{rel} {entry.problem or 'could not be read; not graded'}"
    return entry.data, None


def graded_modules(folder, modules=GRADED_MODULES):
    """``({module: bytes}, {module: problem})`` of a ``course_utils`` folder entry."""
    found, problems = {}, {}
    for module in modules:
        data, problem = module_problem(folder.child(f"{module}.py"), module)
        if problem:
            problems[module] = problem
        else:
            found[module] = data
    return found, problems


# ------------------------------------------------------------------ one plain submission
def _plain(entry, modules):
    if entry.problem and entry.kind in ("link", "other", "zip", "dir"):
        raise ArchiveError(entry.problem)
    if entry.kind not in ("zip", "dir"):
        raise ArchiveError("it is not a zip file" if entry.kind == "file"
                           else "it is neither a folder nor a file")
    return graded_modules(edition_root(entry), modules)


def read_zip(path, modules=GRADED_MODULES, limits=ArchiveLimits()):
    """``({module: bytes}, {module: problem})`` of a student's zip (a student zip's
    limits apply). Raises only :class:`ArchiveError` (the whole archive refused)."""
    entry = Entry(Path(path).name, "file", Path(path).name)
    try:
        with open(path, "rb") as f:
            _zip_entry(f, os.fstat(f.fileno()).st_size, entry, limits, 1, _Budget(limits))
    except OSError:
        raise ArchiveError("it cannot be opened") from None
    return _plain(entry, modules)


def read_folder(folder, modules=GRADED_MODULES, limits=ArchiveLimits()):
    """``({module: bytes}, {module: problem})`` of a folder's graded modules, read
    through descriptors without following links. Raises only :class:`ArchiveError`."""
    return _plain(snapshot(folder, limits), modules)


def load_submission(path, name, modules=GRADED_MODULES, limits=ArchiveLimits()):
    """A :class:`Submission` for the plain folder or zip at ``path`` (no platform
    layout); never raises for what the submission holds."""
    sub = Submission(name, str(path))
    try:
        try:
            entry = snapshot(path, limits)
        except FileNotFoundError:
            raise ArchiveError("it is neither a folder nor a file") from None
        sub.modules, sub.problems = _plain(entry, modules)
    except ArchiveError as err:
        sub.error = str(err)
    return sub
