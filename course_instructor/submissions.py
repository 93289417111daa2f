"""Step 1 of grading, the names: each submission's safe, unique name.

A name ends up in file names (``feedback/NAME.txt``), the gradebook and the progress
output, and most of it was chosen by a student (a file name, a manifest's student, a
profile name). So it is reduced to ``[A-Za-z0-9._-]`` (never ``..``, a hidden file, an
option or a spreadsheet formula), and made unique: when two submissions' names are
equal -- or differ only in case, which on a case-insensitive disk (macOS, Windows) is the
same feedback file -- each of them gets a suffix derived from who handed it in and where
it came from (``bob-3f2a9c``), the same in every run on the same inputs and whatever the
order of the arguments. A run is never refused for a name.

Which name: Canvas ``<name slug>_<user id>``, Moodle ``<Full_Name>_<participant id>``,
nbgrader the student id, a hand-in its manifest's student, else the file's name
(without ``.zip``). The reading itself is :mod:`.archive`'s, the layouts :mod:`.intake`'s.
"""
import hashlib
import re
import unicodedata
from pathlib import Path

from course_instructor.archive import ArchiveLimits, Submission  # noqa: F401 (re-export)
from course_utils.registry import LESSON_MODULES

_NOT_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 100


def safe_name(text):
    """``text`` without accents (Zoë -> Zoe), every run of other characters than ASCII
    letters, digits, ``.``, ``_`` and ``-`` replaced by ``_``, without leading or trailing
    ``.``, ``_``, ``-``, at most 100 characters; "submission" if nothing is left."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    return _NOT_NAME.sub("_", text).strip("._-")[:MAX_NAME].rstrip("._-") or "submission"


def submission_name(path):
    """The name of a plain submission at ``path``: its file name without ``.zip``."""
    p = Path(path)
    stem = p.name[:-4] if p.is_file() and p.name.lower().endswith(".zip") else p.name
    return safe_name(stem)


def base_name(platform, student_id, student_name, file):
    """The name a submission gets before collisions are resolved (see the module doc)."""
    if platform == "canvas":
        text = f"{student_name}_{student_id}" if student_name else student_id
    elif platform == "moodle":
        text = f"{student_name}_{student_id}"
    elif platform in ("nbgrader", "handin"):
        text = student_id
    else:
        name = file.rsplit("/", 1)[-1]
        text = name[:-4] if platform in ("zip", "file") and name.lower().endswith(".zip") \
            else name
    return safe_name(text)


def _suffix(sub):
    who = "\0".join([sub.platform, sub.student_id, sub.student_name, sub.source])
    return hashlib.sha256(who.encode("utf-8", "surrogateescape")).hexdigest()


def _with(base, suffix):
    return f"{base[:MAX_NAME - 1 - len(suffix)]}-{suffix}"


def name_all(pairs):
    """Give each submission of ``[(Submission, base name)]`` its unique ``name`` (see the
    module docstring); return the submissions sorted by name.

    A base name no other submission has (in any case) is kept. The others get the first
    of 6, 12 or 64 hex digits of a hash of who handed them in and where it came from that
    no base name and no name given so far has; then a count. Submissions are named in the
    order of (base name, hash), so the names do not depend on the order of the arguments.
    """
    counts = {}
    for _, base in pairs:
        counts[base.lower()] = counts.get(base.lower(), 0) + 1
    used = set()
    for sub, base in sorted(pairs, key=lambda p: (p[1].lower(), p[1], _suffix(p[0]),
                                                  p[0].source)):
        name = base
        if counts[base.lower()] > 1 or base.lower() in used:
            digest = _suffix(sub)
            candidates = [_with(base, digest[:n]) for n in (6, 12, 64)]
            candidates += (_with(base, f"{digest[:12]}-{k}") for k in range(2, len(pairs) + 3))
            name = next(c for c in candidates if c.lower() not in used
                        and c.lower() not in counts)
        sub.name = name
        used.add(name.lower())
    return sorted((sub for sub, _ in pairs), key=lambda s: s.name)


def graded_modules(package_dir):
    """The lesson modules the instructor's package has (the ones a submission is read for)."""
    return [m for m in LESSON_MODULES if (Path(package_dir) / f"{m}.py").is_file()]
