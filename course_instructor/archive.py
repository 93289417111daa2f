"""Read the graded modules of one submission (a folder or a zip), whatever it holds.

A submission is a student's copy of the student edition, or a ``.zip`` of one; the copy
may sit up to two folders down (``alice/course_utils/...``). Only the graded modules are
read: ``<up to 2 folders>/course_utils/{logistic_regression,shallow_network,
deep_network}.py``. Nothing is extracted to disk: each module is read into memory, streamed
and capped on the bytes actually decompressed (declared sizes can lie).

A zip is refused as a whole (:class:`ArchiveError`; ``Submission.error``) when it is not
a zip, is larger than ``max_archive_bytes``, declares a central directory over
``max_directory_bytes`` or more than ``max_members`` members, holds a name that is absolute,
has a ``..`` component, a backslash, a NUL or a drive letter (zip-slip), holds no
``course_utils/`` folder, or several at the same depth. Otherwise each graded module is read,
or gets a problem (``Submission.problems``): missing, a symbolic link, not a regular file,
listed twice, encrypted, compressed with something else than stored/deflate, damaged (bad
CRC, bad local header, truncated or corrupt deflate stream), or larger than
``max_module_bytes``. Symbolic links elsewhere (a zipped virtualenv) are never read, so
they cost nothing.

Every message is a fixed sentence naming only ``course_utils/<module>.py``: nothing the
submission controls (member names, zipfile's error texts) reaches the feedback.
"""
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from course_instructor.transport import zip_directory_size

GRADED_MODULES = ("logistic_regression", "shallow_network", "deep_network")
_UNSAFE = re.compile(r"(^|/)\.\.(/|$)|^/|^[A-Za-z]:|\\|\x00")


class ArchiveError(Exception):
    """The whole submission cannot be graded; the message is a fixed sentence."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_archive_bytes: int = 200 << 20     # the .zip file itself
    max_directory_bytes: int = 4 << 20     # its central directory (read before anything)
    max_members: int = 10_000
    max_module_bytes: int = 1 << 20        # one graded module, decompressed


@dataclass
class Submission:
    """What a submission gives the grader (the fields of the autograder's Submission)."""
    name: str
    source: str
    modules: dict = field(default_factory=dict)     # module -> bytes
    problems: dict = field(default_factory=dict)    # module -> why it is not graded
    error: str = None          # why nothing is graded ("it is not a zip file"; the
                               # feedback says "submission NAME was not graded: ...")


# ------------------------------------------------------------------ zip
def _zip_infos(zf, limits):
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveError(f"the archive has more than {limits.max_members} members")
    for info in infos:
        if _UNSAFE.search(info.filename):
            raise ArchiveError("the archive holds an unsafe member name (absolute, '..', "
                               "a backslash or a NUL: zip-slip)")
    return infos


def _visible(folders):
    return all(p and not p.startswith(".") and p != "__MACOSX" for p in folders)


def _zip_root(infos):
    """The prefix ('' or 'a' or 'a/b') of the shallowest course_utils/ folder."""
    prefixes = set()
    for info in infos:
        parts = info.filename.split("/")
        for depth in range(min(3, len(parts) - 1)):
            if parts[depth] == "course_utils" and _visible(parts[:depth]):
                prefixes.add("/".join(parts[:depth]))
    if not prefixes:
        raise ArchiveError("no course_utils/ folder found in it")
    shallowest = min(p.count("/") + bool(p) for p in prefixes)
    level = sorted(p for p in prefixes if p.count("/") + bool(p) == shallowest)
    if len(level) > 1:
        raise ArchiveError("it holds several copies of course_utils/ at the same depth")
    return level[0]


def _read_member(zf, info, cap):
    """The member's bytes (at most ``cap``), or a problem sentence."""
    # Unix tools store the file's st_mode in the top 16 bits; other systems (and
    # zipfile.writestr) store no file type: only an explicit non-regular type counts.
    kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
    if kind == stat.S_IFLNK:
        return None, "is a symbolic link; not graded"
    if info.is_dir() or kind not in (0, stat.S_IFREG):
        return None, "is not a regular file; not graded"
    if info.flag_bits & 0x1:
        return None, "is encrypted; not graded"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None, "uses a compression method other than deflate; not graded"
    try:
        with zf.open(info) as f:
            data = f.read(cap + 1)
    except Exception:   # noqa: BLE001 -- zipfile/zlib raise many types on damaged data
        return None, "could not be read from the archive (it is damaged); not graded"
    if len(data) > cap:
        return None, f"is larger than {cap >> 10} KB once decompressed; not graded"
    return data, None


def read_zip(path, modules=GRADED_MODULES, limits=ArchiveLimits()):
    """``({module: bytes}, {module: problem})`` of a zip's graded modules.

    Raises only :class:`ArchiveError` (the whole archive refused); any damage to a
    graded module is a problem for that module.
    """
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limits.max_archive_bytes:
                raise ArchiveError(f"the archive is larger than "
                                   f"{limits.max_archive_bytes >> 20} MB")
            ends = zip_directory_size(f, size)
            if ends is None:
                raise ArchiveError("it is not a zip file")
            entries, cd_size = ends
            if entries > limits.max_members:
                raise ArchiveError(f"the archive has more than {limits.max_members} members")
            if cd_size > limits.max_directory_bytes:
                raise ArchiveError("the archive's directory is too large")
            f.seek(0)
            with zipfile.ZipFile(f) as zf:
                infos = _zip_infos(zf, limits)
                root = _zip_root(infos)
                found, problems = {}, {}
                for module in modules:
                    name = f"{root}/course_utils/{module}.py" if root else \
                        f"course_utils/{module}.py"
                    hits = [i for i in infos if i.filename == name]
                    if not hits:
                        problems[module] = f"course_utils/{module}.py is missing"
                        continue
                    if len(hits) > 1:
                        problems[module] = (f"course_utils/{module}.py is listed more than "
                                            "once in the archive; not graded")
                        continue
                    data, problem = _read_member(zf, hits[0], limits.max_module_bytes)
                    if problem:
                        problems[module] = f"course_utils/{module}.py {problem}"
                    else:
                        found[module] = data
                return found, problems
    except ArchiveError:
        raise
    except Exception:   # noqa: BLE001 -- the trust boundary: any damage costs this archive
        raise ArchiveError("it is not a readable zip file (it is damaged)") from None


# ------------------------------------------------------------------ folder
def _folder_root(folder):
    """The shallowest folder (depth <= 2) holding a real course_utils/ folder."""
    level = [Path(folder)]
    for _ in range(3):
        hits = []
        for d in level:
            try:
                cu = os.lstat(d / "course_utils")
            except OSError:
                continue
            if stat.S_ISDIR(cu.st_mode):
                hits.append(d)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ArchiveError("it holds several copies of course_utils/ at the same depth")
        nxt = []
        for d in level:
            try:
                nxt += sorted(Path(e.path) for e in os.scandir(d)
                              if e.is_dir(follow_symlinks=False) and _visible([e.name]))
            except OSError:
                pass
        level = nxt
    raise ArchiveError("no course_utils/ folder found in it")


def read_folder(folder, modules=GRADED_MODULES, limits=ArchiveLimits()):
    """``({module: bytes}, {module: problem})`` of a folder's graded modules, without
    following symbolic links (the module and ``course_utils/`` itself) or blocking on
    FIFOs. Raises only :class:`ArchiveError`."""
    root = _folder_root(folder)
    found, problems = {}, {}
    try:
        dfd = os.open(root / "course_utils", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        raise ArchiveError("its course_utils/ folder cannot be opened") from None
    try:
        for module in modules:
            rel = f"course_utils/{module}.py"
            try:
                fd = os.open(f"{module}.py", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                             dir_fd=dfd)
            except FileNotFoundError:
                problems[module] = f"{rel} is missing"
                continue
            except OSError:
                is_link = os.path.islink(root / rel)
                problems[module] = f"{rel} is " + ("a symbolic link" if is_link
                                                   else "unreadable") + "; not graded"
                continue
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    problems[module] = f"{rel} is not a regular file; not graded"
                    continue
                data = f.read(limits.max_module_bytes + 1)
            if len(data) > limits.max_module_bytes:
                problems[module] = (f"{rel} is larger than {limits.max_module_bytes >> 10} KB;"
                                    " not graded")
            else:
                found[module] = data
    finally:
        os.close(dfd)
    return found, problems


# ------------------------------------------------------------------ one submission
def load_submission(path, name, modules=GRADED_MODULES, limits=ArchiveLimits()):
    """A :class:`Submission` for the folder or zip at ``path``; never raises for what the
    submission holds (its ``error`` or ``problems`` say what went wrong)."""
    sub = Submission(name, str(path))
    path = Path(path)
    try:
        if path.is_symlink():
            # a link in the submissions folder (e.g. kept from a student's archive when it
            # was unpacked) could point at the instructor's checkout: never followed
            raise ArchiveError("it is a symbolic link (pass the folder or file itself)")
        if path.is_dir():
            sub.modules, sub.problems = read_folder(path, modules, limits)
        elif path.is_file():
            sub.modules, sub.problems = read_zip(path, modules, limits)
        else:
            raise ArchiveError("it is neither a folder nor a file")
    except ArchiveError as err:
        sub.error = str(err)
    return sub
