"""Reading the graded modules of a submission (folder or zip), whatever the zip holds.

Oracles: the bytes the test itself put into each zip or folder. Damaged zips are built for
the one defect each test is about; the fuzz applies seeded random damage to a valid zip of a
student edition's graded modules.
"""
import io
import os
import stat
import tracemalloc
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import course_utils
from course_instructor import archive
from course_instructor.archive import ArchiveError, ArchiveLimits
from course_utils.markers import stub_text

pytestmark = pytest.mark.unit

PACKAGE = Path(course_utils.__file__).resolve().parent
MODULES = archive.GRADED_MODULES


def student_edition():
    """{module: bytes} of the graded modules with every solution stubbed (as released)."""
    out = {}
    for m in MODULES:
        text = (PACKAGE / f"{m}.py").read_text(encoding="utf-8")
        out[m] = stub_text(text, f"course_utils/{m}.py")[0].encode("utf-8")
    return out


EDITION = student_edition()


def make_zip(path, members, compression=zipfile.ZIP_DEFLATED):
    """Write ``members`` [(name, bytes or ZipInfo-tuple)] to a zip at ``path``."""
    with zipfile.ZipFile(path, "w", compression) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")                 # "Duplicate name": on purpose
        for name, data in members:
            if isinstance(name, zipfile.ZipInfo):
                zf.writestr(name, data)
            else:
                zf.writestr(name, data)
    return path


def edition_members(prefix="alice/", extra=True):
    members = [(f"{prefix}course_utils/{m}.py", EDITION[m]) for m in MODULES]
    if extra:
        members += [(f"{prefix}course_utils/__init__.py", b'"""course utils"""\n'),
                    (f"{prefix}notebooks/01.ipynb", b'{"cells": []}' * 100),
                    (f"{prefix}README.md", b"# student edition\n")]
    return members


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.create_system, info.external_attr = 3, (stat.S_IFLNK | 0o777) << 16
    return info


FIXED_PROBLEMS = ("is missing", "is a symbolic link; not graded",
                  "is not a regular file; not graded", "is encrypted; not graded",
                  "uses a compression method other than deflate; not graded",
                  "could not be read from the archive (it is damaged); not graded",
                  "is larger than 1024 KB once decompressed; not graded",
                  "is listed more than once in the archive; not graded")
FIXED_ERRORS = ("it is not a zip file", "the archive is larger than",
                "the archive has more than", "the archive's directory is too large",
                "the archive holds an unsafe member name", "no course_utils/ folder found",
                "it holds several copies of course_utils/",
                "it is not a readable zip file (it is damaged)",
                "it is neither a folder nor a file",
                "the archive holds a file and a folder of the same name",
                "it holds more files than the grader looks at")


def check_fixed(modules, problems):
    for module, text in problems.items():
        assert text.startswith(f"course_utils/{module}.py ")
        assert text[len(f"course_utils/{module}.py "):] in FIXED_PROBLEMS, text


# ------------------------------------------------------------------ valid zips and folders
@pytest.mark.parametrize("prefix", ["", "alice/", "alice/nn-course-student/"])
def test_graded_modules_come_out_unchanged(tmp_path, prefix):
    z = make_zip(tmp_path / "s.zip", edition_members(prefix))
    modules, problems = archive.read_zip(z)
    assert modules == EDITION and problems == {}


def test_too_deep_is_not_found(tmp_path):
    z = make_zip(tmp_path / "s.zip", edition_members("a/b/c/"))
    with pytest.raises(ArchiveError, match="no course_utils/ folder found"):
        archive.read_zip(z)


def test_stored_members_and_a_missing_module(tmp_path):
    members = edition_members()[1:]                     # no logistic_regression.py
    modules, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members,
                                                  zipfile.ZIP_STORED))
    assert sorted(modules) == ["deep_network", "shallow_network"]
    assert problems == {"logistic_regression": "course_utils/logistic_regression.py is missing"}


def test_shallowest_copy_wins_and_two_at_one_depth_are_refused(tmp_path):
    members = edition_members("a/") + [("a/old/course_utils/deep_network.py", b"old = 1\n")]
    modules, _ = archive.read_zip(make_zip(tmp_path / "one.zip", members))
    assert modules == EDITION
    two = edition_members("a/") + edition_members("b/")
    with pytest.raises(ArchiveError, match="several copies of course_utils/"):
        archive.read_zip(make_zip(tmp_path / "two.zip", two))


def test_macosx_and_hidden_folders_are_ignored(tmp_path):
    members = edition_members("alice/") + [
        ("__MACOSX/alice/course_utils/deep_network.py", b"\x00\x05\x16\x07"),
        (".git/course_utils/deep_network.py", b"x = 1\n")]
    modules, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members))
    assert modules == EDITION and problems == {}


@pytest.mark.parametrize("layout", ["", "alice/", "alice/copy/"])
def test_zip_and_folder_give_the_same_modules(tmp_path, layout):
    """A valid submission, zipped or as a folder, at any of the allowed depths."""
    z = make_zip(tmp_path / "s.zip", edition_members(layout))
    folder = tmp_path / "folder"
    for name, data in edition_members(layout):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    for path in (z, folder):
        new = archive.load_submission(path, "s")
        assert new.error is None and new.problems == {}
        assert new.modules == EDITION


# ------------------------------------------------------------------ whole-archive refusals
@pytest.mark.parametrize("name", ["../evil.py", "/etc/passwd", "a/../../x",
                                  "C:/x.py", "a\\..\\x.py"])
def test_zip_slip_names_refuse_the_archive(tmp_path, name):
    z = make_zip(tmp_path / "s.zip", edition_members() + [(name, b"x")])
    with pytest.raises(ArchiveError, match="unsafe member name"):
        archive.read_zip(z)


def test_nul_in_a_name_cannot_smuggle_a_module(tmp_path):
    """zipfile cuts a name at NUL: 'course_utils/deep_network.py\\0.txt' is read as the
    module itself, never as another file."""
    members = edition_members("")[:2] + [("course_utils/deep_network.py\0.txt", b"x = 1\n")]
    modules, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members))
    assert modules["deep_network"] == b"x = 1\n" and problems == {}


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04" + b"\0" * 100,
                                  b"PK\x05\x06" + b"\0" * 18])
def test_not_a_zip(tmp_path, data):
    (tmp_path / "s.zip").write_bytes(data)
    with pytest.raises(ArchiveError):
        archive.read_zip(tmp_path / "s.zip")


def test_member_count_directory_and_size_caps(tmp_path):
    z = make_zip(tmp_path / "s.zip", edition_members() + [(f"junk/{i}", b"") for i in range(50)])
    with pytest.raises(ArchiveError, match="more than 20 members"):
        archive.read_zip(z, limits=replace(ArchiveLimits(), max_members=20))
    with pytest.raises(ArchiveError, match="directory is too large"):
        archive.read_zip(z, limits=replace(ArchiveLimits(), max_directory_bytes=1000))
    with pytest.raises(ArchiveError, match="larger than 0 MB"):
        archive.read_zip(z, limits=replace(ArchiveLimits(), max_archive_bytes=1000))
    assert archive.read_zip(z)[0] == EDITION


# ------------------------------------------------------------------ per-module problems
def test_a_symlinked_module_is_not_graded_but_other_links_cost_nothing(tmp_path):
    members = [(n, d) for n, d in edition_members() if "deep_network" not in n] + [
        (symlink_info("alice/course_utils/deep_network.py"), "/etc/passwd"),
        (symlink_info("alice/.venv/bin/python"), "python3")]        # a zipped venv
    modules, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members))
    assert sorted(modules) == ["logistic_regression", "shallow_network"]
    assert problems == {"deep_network":
                        "course_utils/deep_network.py is a symbolic link; not graded"}


def test_a_folder_or_a_fifo_named_like_a_module(tmp_path):
    members = edition_members()[:2] + [("alice/course_utils/deep_network.py/", b"")]
    _, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members))
    assert problems["deep_network"] == "course_utils/deep_network.py is missing"
    fifo = zipfile.ZipInfo("alice/course_utils/deep_network.py")
    fifo.create_system, fifo.external_attr = 3, (stat.S_IFIFO | 0o644) << 16
    members = edition_members()[:2] + [(fifo, b"")]
    _, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members))
    assert problems["deep_network"].endswith("is not a regular file; not graded")


def test_listed_twice(tmp_path):
    members = edition_members() + [("alice/course_utils/deep_network.py", b"other = 1\n")]
    modules, problems = archive.read_zip(make_zip(tmp_path / "s.zip", members))
    assert "deep_network" not in modules
    assert problems["deep_network"].endswith("listed more than once in the archive; not graded")


def patch_member(data, name, fn):
    """Apply ``fn(bytearray, local header offset, central header offset)`` for member
    ``name`` of zip bytes ``data``."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        local = zf.getinfo(name).header_offset
    central = out.find(b"PK\x01\x02")
    while out[central + 46:central + 46 + len(name)] != name.encode():
        central = out.find(b"PK\x01\x02", central + 4)
        assert central >= 0, name
    fn(out, local, central)
    return bytes(out)


NAME = "alice/course_utils/deep_network.py"


def test_encrypted_member(tmp_path):
    data = make_zip(io.BytesIO(), edition_members()).getvalue()

    def encrypt(out, local, central):
        out[local + 6] |= 1
        out[central + 8] |= 1
    (tmp_path / "s.zip").write_bytes(patch_member(data, NAME, encrypt))
    modules, problems = archive.read_zip(tmp_path / "s.zip")
    assert problems == {"deep_network": "course_utils/deep_network.py is encrypted; not graded"}
    assert sorted(modules) == ["logistic_regression", "shallow_network"]


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_other_compression_methods(tmp_path, method):
    z = make_zip(tmp_path / "s.zip", edition_members(), method)
    modules, problems = archive.read_zip(z)
    assert modules == {}
    check_fixed(modules, problems)
    assert all("other than deflate" in p for p in problems.values()) and len(problems) == 3


def test_bad_crc_and_broken_deflate_stream(tmp_path):
    data = make_zip(io.BytesIO(), edition_members()).getvalue()

    def flip_crc(out, local, central):
        out[central + 16] ^= 0xFF                      # the CRC-32 in the directory

    def break_stream(out, local, central):
        start = local + 30 + len(NAME)
        for k in range(start + 10, start + 40):        # garbage inside the deflate data
            out[k] = 0xFF
    for fn in (flip_crc, break_stream):
        (tmp_path / "s.zip").write_bytes(patch_member(data, NAME, fn))
        modules, problems = archive.read_zip(tmp_path / "s.zip")
        assert problems == {"deep_network": "course_utils/deep_network.py could not be read "
                                            "from the archive (it is damaged); not graded"}
        assert sorted(modules) == ["logistic_regression", "shallow_network"]


def test_a_decompression_bomb_is_streamed_and_capped(tmp_path):
    """150 MB of zeros deflate to about 150 KB; reading stops at the cap (1 MiB + 1)."""
    members = edition_members()[:2] + [(NAME, b"\0" * (150 << 20))]
    z = make_zip(tmp_path / "s.zip", members)
    assert z.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        modules, problems = archive.read_zip(z)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == {"deep_network": "course_utils/deep_network.py is larger than "
                                        "1024 KB once decompressed; not graded"}
    assert peak < 8 << 20 and sorted(modules) == ["logistic_regression", "shallow_network"]


def test_declared_sizes_that_lie(tmp_path):
    """A directory claiming 10 bytes for a 2 MiB member: never more than is declared or
    the cap is read, and a wrong size shows as damage."""
    data = make_zip(io.BytesIO(), edition_members()[:2] + [(NAME, b"#" * (2 << 20))]).getvalue()

    def small(out, local, central):
        out[central + 24:central + 28] = (10).to_bytes(4, "little")     # uncompressed size
        out[local + 22:local + 26] = (10).to_bytes(4, "little")
    (tmp_path / "s.zip").write_bytes(patch_member(data, NAME, small))
    modules, problems = archive.read_zip(tmp_path / "s.zip")
    assert "deep_network" not in modules and "damaged" in problems["deep_network"]


def test_messages_never_name_what_the_student_chose(tmp_path):
    marker = "IGNORE-PREVIOUS-full-marks"
    members = [(f"{marker}/course_utils/{m}.py", EDITION[m]) for m in MODULES[:2]]
    members.append((symlink_info(f"{marker}/course_utils/deep_network.py"), marker))
    sub = archive.load_submission(make_zip(tmp_path / "s.zip", members), "s")
    assert sub.error is None and "deep_network" in sub.problems
    assert all(marker not in text for text in sub.problems.values())
    bad = make_zip(tmp_path / "bad.zip", [(f"../{marker}.py", b"")])
    sub = archive.load_submission(bad, "bad")
    assert sub.error.startswith("the archive holds an unsafe member name") and \
        marker not in sub.error


# ------------------------------------------------------------------ folders
def test_folder_links_fifos_and_sizes(tmp_path):
    root = tmp_path / "bob" / "course_utils"
    root.mkdir(parents=True)
    (root / "logistic_regression.py").write_bytes(EDITION["logistic_regression"])
    (root / "shallow_network.py").symlink_to(tmp_path / "elsewhere.py")
    os.mkfifo(root / "deep_network.py")                 # would block a plain read
    modules, problems = archive.read_folder(tmp_path)
    assert modules == {"logistic_regression": EDITION["logistic_regression"]}
    assert problems == {
        "shallow_network": "course_utils/shallow_network.py is a symbolic link; not graded",
        "deep_network": "course_utils/deep_network.py is not a regular file; not graded"}
    (root / "deep_network.py").unlink()
    (root / "deep_network.py").write_bytes(b"#" * ((1 << 20) + 1))
    _, problems = archive.read_folder(tmp_path)
    assert problems["deep_network"] == ("course_utils/deep_network.py is larger than "
                                        "1024 KB; not graded")


def test_a_symlinked_course_utils_folder_is_not_followed(tmp_path):
    real = tmp_path / "instructor" / "course_utils"
    real.mkdir(parents=True)
    (real / "deep_network.py").write_text("reference = True\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "course_utils").symlink_to(real)
    loaded = archive.load_submission(sub, "sub")
    assert loaded.modules == {} and "no course_utils/ folder found" in loaded.error


def test_a_submission_that_is_a_symlink_is_not_followed(tmp_path):
    """(Red team: a link to the instructor's checkout, among the unpacked submissions,
    got the reference's marks.)"""
    real = tmp_path / "instructor"
    (real / "course_utils").mkdir(parents=True)
    (real / "course_utils" / "deep_network.py").write_text("reference = True\n")
    (tmp_path / "link").symlink_to(real)
    (tmp_path / "zip-link").symlink_to(make_zip(tmp_path / "s.zip", {}))
    for name in ("link", "zip-link"):
        loaded = archive.load_submission(tmp_path / name, name)
        assert loaded.modules == {}
        assert loaded.error == "it is a symbolic link (pass the folder or file itself)"


def test_neither_folder_nor_file(tmp_path):
    sub = archive.load_submission(tmp_path / "nothing", "nothing")
    assert sub.error == "it is neither a folder nor a file"


# ------------------------------------------------------------------ fuzz
def damaged_copies(base, rng, n):
    """Seeded damage: 1-8 random bit flips, a truncation, or a duplicated chunk."""
    for _ in range(n):
        data = bytearray(base)
        kind = rng.randint(3)
        if kind == 0:
            for _ in range(rng.randint(1, 9)):
                data[rng.randint(len(data))] ^= 1 << rng.randint(8)
        elif kind == 1:
            data = data[:rng.randint(len(data))]
        else:
            start = rng.randint(len(data))
            data[start:start] = data[start:start + rng.randint(1, 2000)]
        yield bytes(data)


def test_zip_fuzz_only_archive_error_escapes(tmp_path):
    """300 damaged copies of a valid zip of a student edition: each gives modules and
    fixed problems, or an ArchiveError; nothing else escapes, memory stays bounded,
    nothing is written, and a good submission read after each one is still whole."""
    base = make_zip(io.BytesIO(), edition_members()).getvalue()
    good = make_zip(tmp_path / "good.zip", edition_members())
    rng = np.random.RandomState(2024)
    counts = {"read": 0, "problems": 0, "refused": 0}
    worst_peak = 0
    for k, data in enumerate(damaged_copies(base, rng, 300)):
        path = tmp_path / "fuzz.zip"
        path.write_bytes(data)
        tracemalloc.start()
        try:
            modules, problems = archive.read_zip(path)
            check_fixed(modules, problems)
            assert set(modules) | set(problems) == set(MODULES)
            counts["problems" if problems else "read"] += 1
        except ArchiveError as err:
            assert str(err).startswith(FIXED_ERRORS), (k, err)
            counts["refused"] += 1
        finally:
            worst_peak = max(worst_peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        assert archive.load_submission(good, "good").modules == EDITION
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fuzz.zip", "good.zip"]
    assert worst_peak < 16 << 20, worst_peak
    assert counts["refused"] > 30 and counts["problems"] > 30, counts    # real damage


# ------------------------------------------------------------------ swapped while read
def swap_on_first(monkeypatch, names, target, swap):
    """Call ``swap()`` right after the first call of one of ``os.<names>`` whose path
    argument is ``target`` or below it: the moment the reader first touches it."""
    real = {n: getattr(os, n) for n in names}
    done = []

    def hooked(name):
        def call(path, *args, **kwargs):
            result = real[name](path, *args, **kwargs)
            if not done and isinstance(path, (str, os.PathLike)) \
                    and os.fspath(path).startswith(str(target)):
                done.append(name)
                swap()
            return result
        return call
    for n in names:
        monkeypatch.setattr(os, n, hooked(n))
    return done


def student_and_reference(tmp_path):
    """A student's folder and, elsewhere, the instructor's copy (the reference)."""
    student = tmp_path / "subs" / "alice"
    reference = tmp_path / "instructor"
    for root, text in ((student, "student"), (reference, "REFERENCE")):
        (root / "course_utils").mkdir(parents=True)
        for m in MODULES:
            (root / "course_utils" / f"{m}.py").write_text(f"# {text}\n")
    return student, reference


def test_a_folder_swapped_for_a_link_while_it_is_read_is_read_as_it_was(tmp_path,
                                                                        monkeypatch):
    """(Red team, breach 2: a submission folder swapped for a link to the instructor's
    checkout while the grader read it -- a student's live home on a hub -- was graded on
    the link's target.) Right after the reader first touches the folder, it becomes a link
    to the reference; the reader holds what it opened and reads the student's files."""
    student, reference = student_and_reference(tmp_path)

    def swap():
        os.rename(student, tmp_path / "moved-away")
        os.symlink(reference, student)
    done = swap_on_first(monkeypatch, ("open", "stat", "lstat", "scandir"), student, swap)
    loaded = archive.load_submission(student, "alice")
    assert done and os.path.islink(student)                # it was swapped during the read
    assert loaded.modules == {m: b"# student\n" for m in MODULES}


def test_a_module_swapped_for_a_link_is_never_followed(tmp_path, monkeypatch):
    """The same with one module, swapped after the folder was opened: it is read as it
    was or refused as a link, never the reference."""
    student, reference = student_and_reference(tmp_path)
    module = student / "course_utils" / "logistic_regression.py"

    def swap():
        module.unlink()
        module.symlink_to(reference / "course_utils" / "logistic_regression.py")
    done = swap_on_first(monkeypatch, ("open", "scandir"), student, swap)
    loaded = archive.load_submission(student, "alice")
    assert done and module.is_symlink()
    assert b"REFERENCE" not in b"".join(loaded.modules.values())
    assert loaded.modules.get("logistic_regression", b"# student\n") == b"# student\n"


def test_a_folder_flipping_between_folder_and_link_never_gives_the_reference(tmp_path):
    """A thread makes the submission's name now the student's folder, now a link to the
    reference, as fast as it can, while it is read 200 times: each read is the student's
    work or refused, never the reference's."""
    import threading
    student, reference = student_and_reference(tmp_path)
    real, stop = tmp_path / "real", threading.Event()
    os.rename(student, real)

    def flip():
        while not stop.is_set():
            os.rename(real, student)                        # alice: the student's folder
            os.rename(student, real)
            os.symlink(reference, student)                  # alice: a link to the reference
            os.unlink(student)
    thread = threading.Thread(target=flip)
    thread.start()
    seen = set()
    try:
        for _ in range(200):
            loaded = archive.load_submission(student, "alice")   # never raises
            seen.add(b"".join(loaded.modules.values())[:11])
    finally:
        stop.set()
        thread.join()
    assert b"# REFERENCE" not in seen
