"""What platforms deliver, read as they deliver it (course_instructor/intake.py).

Every input is built here from the platforms' documented naming conventions (no file is
copied from anywhere):

* Canvas, "Download Submissions" (lib/content_zipper.rb in canvas-lms):
  ``<sortable name, lower-cased, non-word characters removed>[_LATE]_<user id>_
  <attachment id>_<file name>``; ``anon_<anonymous id>`` in place of name and user id
  under anonymous grading; ``<prefix>_text.html`` for a text entry; a file resubmitted
  under the same name is renamed ``<file>-1.<ext>`` by Canvas (issues of courses that met
  it, e.g. IIC1253/IIC1253-2025-1#34, nus-cs2103-AY2223S2/forum#361);
* Moodle, "Download submissions" (mod/assign, and its feedback importer's comment):
  ``<full name>_<participant id>_assignsubmission_file_/<the student's files>`` per
  student (no trailing ``_`` since Moodle 4.1), or flat ``..._assignsubmission_file_
  <file>``; ``Participant_<id>`` under blind marking;
* nbgrader's collected layout: ``submitted/<student id>/<assignment id>/...``;
* the hand-in zip of the student issue: ``<student>-nn-course.zip`` with ``manifest.json``;
* Windows PowerShell 5.1's Compress-Archive: ``\\`` between folders, made on FAT (MS-DOS)
  (PowerShell/Microsoft.PowerShell.Archive#48, icsharpcode/SharpZipLib#617).

Each module's bytes name their student, so a test sees whose work was read for whom.
"""
import hashlib
import io
import json
import shutil
import zipfile

import pytest

from course_instructor import archive, intake

pytestmark = pytest.mark.unit
MODULES = archive.GRADED_MODULES


def work(student, modules=MODULES):
    """{module: bytes}: a student's graded modules, each naming its author."""
    return {m: f"# {student}'s {m}\nx = 1\n".encode() for m in modules}


def zip_bytes(members, system=None):
    """A zip of ``members`` [(name, bytes)]; ``system`` sets create_system (0: MS-DOS)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 5, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if system is not None:
                info.create_system = system
            zf.writestr(info, data)
    return buf.getvalue()


def edition(student, prefix="", modules=MODULES):
    """Members of a student's copy of the edition under ``prefix``."""
    return [(f"{prefix}course_utils/{m}.py", b) for m, b in work(student, modules).items()] \
        + [(f"{prefix}course_utils/__init__.py", b""), (f"{prefix}README.md", b"# course\n")]


def handin(name, language="en", tamper=None, **fields):
    """The bytes of ``<name>-nn-course.zip`` as the student issue's contract makes it
    (``fields`` override the manifest's)."""
    members = [(f"course_utils/{m}.py", b) for m, b in work(name).items()]
    members.append(("notebooks/01_logistic_regression_cats.ipynb", b'{"cells": []}'))
    manifest = {"format": "nn-course hand-in 1", "student": name,
                "edition": "2026-01-05+9500de3a", "language": language,
                "created_utc": "2026-01-05T10:00:00Z", "python": "3.11.7",
                "files": {n: hashlib.sha256(d).hexdigest() for n, d in members}}
    manifest.update(fields)
    if tamper:                                  # the file changed after the manifest was made
        members = [(n, d + b"# changed\n" if n == tamper else d) for n, d in members]
    return zip_bytes([("manifest.json", json.dumps(manifest).encode())] + members)


def write_tree(root, files):
    """Write ``{relative path: bytes}`` under ``root``; return ``root``."""
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def by_name(got):
    return {s.name: s for s in got.submissions}


# ------------------------------------------------------------------ Canvas
def canvas_download():
    """``submissions.zip`` as Canvas delivers it::

        doejane_12345_678901_my-work.zip            a zip of the edition (nn-course/...)
        smithjohn_LATE_23456_789012_smithjohn-nn-course.zip      late; a hand-in (zh)
        leeann_34567_890123_logistic_regression.py  loose files, one per module
        leeann_34567_890124_shallow_network.py
        leeann_34567_890125_deep_network-1.py       resubmitted under the same name
        anon_k4Vx2_901234_my-work.zip               anonymous grading
        parkmin_56789_912345_outer.zip              a zip in a zip in a zip
        kimbo_45678_text.html                       a text entry: nothing to grade
        notes.txt                                   named by no rule
    """
    lee = work("leeann")
    return {
        "doejane_12345_678901_my-work.zip": zip_bytes(edition("doejane", "nn-course/")),
        "smithjohn_LATE_23456_789012_smithjohn-nn-course.zip": handin("smithjohn", "zh"),
        "leeann_34567_890123_logistic_regression.py": lee["logistic_regression"],
        "leeann_34567_890124_shallow_network.py": lee["shallow_network"],
        "leeann_34567_890125_deep_network-1.py": lee["deep_network"],
        "anon_k4Vx2_901234_my-work.zip": zip_bytes(edition("anonymous")),
        "parkmin_56789_912345_outer.zip": zip_bytes(
            [("inner.zip", zip_bytes(edition("parkmin", "work/")))]),
        "kimbo_45678_text.html": b"<p>I could not upload</p>",
        "notes.txt": b"the instructor's notes",
    }


def deliver(tmp_path, files, how):
    """The paths to give ``grade`` for a download: the zip itself, its folder, or its
    files one by one (``grade -- submissions/*``)."""
    if how == "zip":
        (tmp_path / "submissions.zip").write_bytes(zip_bytes(files.items()))
        return [tmp_path / "submissions.zip"]
    folder = write_tree(tmp_path / "submissions", files)
    return [folder] if how == "folder" else sorted(folder.iterdir())


@pytest.mark.parametrize("how", ["zip", "folder", "files"])
def test_a_canvas_download_as_it_is_delivered(tmp_path, how):
    got = intake.collect(deliver(tmp_path, canvas_download(), how))
    subs = by_name(got)
    assert sorted(subs) == ["anon_k4Vx2", "doejane_12345", "kimbo_45678", "leeann_34567",
                            "parkmin_56789", "smithjohn_23456"]
    for name, student in [("doejane_12345", "doejane"), ("leeann_34567", "leeann"),
                          ("anon_k4Vx2", "anonymous"), ("parkmin_56789", "parkmin"),
                          ("smithjohn_23456", "smithjohn")]:
        assert subs[name].modules == work(student), name
        assert subs[name].problems == {} and subs[name].error is None
        assert subs[name].platform == "canvas"
    assert (subs["doejane_12345"].student_id, subs["doejane_12345"].student_name) == \
        ("12345", "doejane")
    assert subs["anon_k4Vx2"].student_id == "anon_k4Vx2"
    assert subs["smithjohn_23456"].late and not subs["doejane_12345"].late
    assert subs["smithjohn_23456"].language == "zh" and subs["doejane_12345"].language is None
    assert subs["kimbo_45678"].error == ("it was submitted as a text entry or a link, not "
                                         "as files")
    (where, why), = got.unrecognised
    assert where.endswith("notes.txt") and "named as" in why


def test_canvas_keeps_the_latest_of_a_module_handed_in_twice(tmp_path):
    """Two uploads of one module in one submission: the larger attachment id is the later
    upload (Canvas numbers them in order); the instructor is told."""
    files = {"leeann_34567_890123_logistic_regression.py": b"old = 1\n",
             "leeann_34567_890127_logistic_regression-1.py": b"new = 1\n"}
    sub, = intake.collect(deliver(tmp_path, files, "folder")).submissions
    assert sub.modules == {"logistic_regression": b"new = 1\n"}
    assert any("handed in more than once" in w for w in sub.warnings)


# ------------------------------------------------------------------ Moodle
def moodle_download():
    """The folders of Moodle's "Download submissions" (in folders)::

        Jane Doe_1234567_assignsubmission_file_/my-work.zip       Moodle < 4.1
        John Smith_2345678_assignsubmission_file/nn-course/course_utils/...   >= 4.1,
                                                          the student's folders kept
        Ann Lee_3456789_assignsubmission_file_/logistic_regression.py (+ 2 more)
        Ann Lee_3456789_assignsubmission_onlinetext_/onlinetext.html
        Participant_4567890_assignsubmission_file_/w.zip           blind marking
        Zoë Ölçer_5678901_assignsubmission_file_/backup.zip       damaged
        Kim Bo_6789012_assignsubmission_file_.zip                 a student's folder, zipped
    """
    files = {"Jane Doe_1234567_assignsubmission_file_/my-work.zip":
             zip_bytes(edition("jane")),
             "Ann Lee_3456789_assignsubmission_onlinetext_/onlinetext.html": b"<p>hi</p>",
             "Participant_4567890_assignsubmission_file_/w.zip": zip_bytes(edition("blind")),
             "Zoë Ölçer_5678901_assignsubmission_file_/backup.zip": b"PK\x03\x04broken",
             "Kim Bo_6789012_assignsubmission_file_.zip": zip_bytes(edition("kim", "work/"))}
    for name, data in edition("john", "nn-course/"):
        files[f"John Smith_2345678_assignsubmission_file/{name}"] = data
    for m, data in work("ann").items():
        files[f"Ann Lee_3456789_assignsubmission_file_/{m}.py"] = data
    return files


@pytest.mark.parametrize("how", ["zip", "folder", "files"])
def test_a_moodle_download_in_folders(tmp_path, how):
    got = intake.collect(deliver(tmp_path, moodle_download(), how))
    subs = by_name(got)
    assert sorted(subs) == ["Ann_Lee_3456789", "Jane_Doe_1234567", "John_Smith_2345678",
                            "Kim_Bo_6789012", "Participant_4567890", "Zoe_Olcer_5678901"]
    for name, student in [("Jane_Doe_1234567", "jane"), ("John_Smith_2345678", "john"),
                          ("Ann_Lee_3456789", "ann"), ("Participant_4567890", "blind"),
                          ("Kim_Bo_6789012", "kim")]:
        assert subs[name].modules == work(student), name
        assert subs[name].platform == "moodle" and subs[name].error is None
    assert (subs["Jane_Doe_1234567"].student_id, subs["Jane_Doe_1234567"].student_name) == \
        ("1234567", "Jane Doe")
    assert subs["Zoe_Olcer_5678901"].student_name == "Zoë Ölçer"
    assert subs["Zoe_Olcer_5678901"].error == "it is not a zip file"
    assert got.unrecognised == []


def test_moodle_flat_download(tmp_path):
    """Not in folders: each file's name carries the prefix."""
    files = {"Jane Doe_1234567_assignsubmission_file_my-work.zip": zip_bytes(edition("jane"))}
    for m, data in work("ann").items():
        files[f"Ann Lee_3456789_assignsubmission_file_{m}.py"] = data
    subs = by_name(intake.collect(deliver(tmp_path, files, "zip")))
    assert subs["Jane_Doe_1234567"].modules == work("jane")
    assert subs["Ann_Lee_3456789"].modules == work("ann")


# ------------------------------------------------------------------ nbgrader
def test_nbgrader_collected_layout(tmp_path):
    """``course/submitted/<student>/<assignment>/...`` (with nbgrader's timestamp.txt)."""
    files = {"submitted/jdoe/nn-course/timestamp.txt": b"2026-01-05 10:00:00 UTC"}
    for name, data in edition("jdoe", "submitted/jdoe/nn-course/"):
        files[name] = data
    for name, data in edition("asmith", "submitted/asmith/nn-course/", MODULES[:1]):
        files[name] = data
    course = write_tree(tmp_path / "course", files)
    for given in (course, course / "submitted"):
        subs = by_name(intake.collect([given]))
        assert sorted(subs) == ["asmith", "jdoe"]
        assert subs["jdoe"].modules == work("jdoe") and subs["jdoe"].platform == "nbgrader"
        assert subs["asmith"].modules == work("asmith", MODULES[:1])
        assert subs["asmith"].problems["deep_network"] == "course_utils/deep_network.py is missing"


# ------------------------------------------------------------------ hand-ins
def test_hand_in_zips_keyed_by_their_manifest(tmp_path):
    folder = tmp_path / "handins"
    write_tree(folder, {
        "alice-nn-course.zip": handin("alice"),
        "bob-nn-course.zip": handin("bob", "zh", tamper="course_utils/shallow_network.py"),
        "carol-nn-course.zip": handin("dave"),                # named for another student
        "README.txt": b"collected by email"})
    for given in ([folder], sorted(folder.glob("*.zip"))):
        got = intake.collect(given)
        subs = by_name(got)
        assert sorted(subs) == ["alice", "bob", "dave"]
        assert subs["alice"].modules == work("alice") and subs["alice"].platform == "handin"
        assert (subs["alice"].language, subs["bob"].language) == ("en", "zh")
        assert subs["alice"].warnings == []
        assert subs["bob"].modules["shallow_network"].endswith(b"# changed\n")  # graded anyway
        assert any("course_utils/shallow_network.py does not match the manifest's hash" in w
                   for w in subs["bob"].warnings)
        assert any("file name and its manifest name different students" in w
                   for w in subs["dave"].warnings)
    assert [w for w, _ in intake.collect([folder]).unrecognised] == [f"{folder}/README.txt"]


@pytest.mark.parametrize("fields, warning", [
    ({"student": "../../etc/passwd"}, "'student' is not a name"),
    ({"student": "--unsandboxed"}, None),                 # a name, kept as data
    ({"language": "fr"}, "'language' is not 'en' or 'zh'"),
    ({"files": {"course_utils/x.py": "not a hash"}}, "'files' is not a list of sha256"),
    ({"created_utc": "yesterday"}, "'created_utc' is not a UTC time"),
])
def test_a_hostile_manifest_is_data(tmp_path, fields, warning):
    (tmp_path / "x-nn-course.zip").write_bytes(handin("x", **fields))
    sub, = intake.collect([tmp_path / "x-nn-course.zip"]).submissions
    assert sub.modules == work("x") and sub.error is None
    if warning:
        assert any(warning in w for w in sub.warnings), sub.warnings
    if fields.get("student") == "../../etc/passwd":
        assert (sub.platform, sub.name) == ("zip", "x-nn-course")    # keyed by its file
    if fields.get("student") == "--unsandboxed":
        assert (sub.student_id, sub.name) == ("--unsandboxed", "unsandboxed")


@pytest.mark.parametrize("manifest, warning", [
    (b"{" * 100_000, "could not be read"),               # over the 64 KiB cap
    (b"\xff\xfe not json", "not valid JSON"),
    (b'[1, 2, 3]', "not an 'nn-course hand-in 1' manifest"),
    (b'{"format": "nn-course hand-in 1", "student": ' + b"[" * 50 + b"]" * 50 + b"}",
     "not valid JSON"),                                   # nested too deeply
])
def test_a_broken_manifest_is_ignored_with_a_warning(tmp_path, manifest, warning):
    z = zip_bytes([("manifest.json", manifest)] + edition("y"))
    (tmp_path / "y-nn-course.zip").write_bytes(z)
    sub, = intake.collect([tmp_path / "y-nn-course.zip"]).submissions
    assert sub.modules == work("y") and sub.name == "y-nn-course"
    assert any(warning in w for w in sub.warnings), sub.warnings


# ------------------------------------------------------------------ Windows, plain
def test_a_zip_made_by_windows_powershell(tmp_path):
    """Compress-Archive of PowerShell 5.1: backslashes, folder entries, MS-DOS system."""
    members = [("nn-course\\", b""), ("nn-course\\course_utils\\", b"")] + [
        (n.replace("/", "\\"), d) for n, d in edition("win", "nn-course/")]
    (tmp_path / "win.zip").write_bytes(zip_bytes(members, system=0))
    sub, = intake.collect([tmp_path / "win.zip"]).submissions
    assert sub.modules == work("win") and sub.error is None and sub.platform == "zip"
    for evil in ("..\\..\\evil.py", "C:\\Windows\\x.py", "\\\\server\\share\\x.py"):
        (tmp_path / "evil.zip").write_bytes(zip_bytes(members + [(evil, b"x")], system=0))
        sub, = intake.collect([tmp_path / "evil.zip"]).submissions
        assert sub.modules == {} and "unsafe member name" in sub.error


def test_plain_folders_and_zips_are_named_by_their_files(tmp_path):
    write_tree(tmp_path / "alice", dict(edition("alice")))
    (tmp_path / "bob.zip").write_bytes(zip_bytes(edition("bob", "bob/")))
    (tmp_path / "carol.zip").write_bytes(zip_bytes([("carol.zip", zip_bytes(
        edition("carol")))]))                           # she zipped her zip
    subs = by_name(intake.collect([tmp_path / "alice", tmp_path / "bob.zip",
                                   tmp_path / "carol.zip"]))
    assert {n: s.modules for n, s in subs.items()} == {
        "alice": work("alice"), "bob": work("bob"), "carol": work("carol")}
    assert (subs["alice"].platform, subs["bob"].platform) == ("folder", "zip")


def test_names_that_sanitise_alike_are_all_graded(tmp_path):
    (tmp_path / "bob!.zip").write_bytes(zip_bytes(edition("bob1")))
    (tmp_path / "bob?.zip").write_bytes(zip_bytes(edition("bob2")))
    (tmp_path / "Bob").mkdir()
    write_tree(tmp_path / "Bob", dict(edition("bob3")))
    got = intake.collect(sorted(tmp_path.iterdir()))
    names = [s.name for s in got.submissions]
    assert len({n.lower() for n in names}) == 3 and all(n.lower().startswith("bob-")
                                                        for n in names)
    assert sorted(s.modules["deep_network"] for s in got.submissions) == sorted(
        work(b)["deep_network"] for b in ("bob1", "bob2", "bob3"))


# ------------------------------------------------------------------ forcing a layout
def test_a_layout_can_be_forced(tmp_path):
    (tmp_path / "doejane_12345_678901_my-work.zip").write_bytes(zip_bytes(edition("jane")))
    given = [tmp_path / "doejane_12345_678901_my-work.zip"]
    assert intake.collect(given).submissions[0].name == "doejane_12345"
    plain, = intake.collect(given, layout="plain").submissions
    assert (plain.name, plain.platform) == ("doejane_12345_678901_my-work", "zip")
    write_tree(tmp_path / "alice", dict(edition("alice")))
    got = intake.collect([tmp_path / "alice"], layout="canvas")
    assert got.submissions == [] and "not a Canvas download" in got.unrecognised[0][1]
    with pytest.raises(intake.GradingError, match="layout must be one of"):
        intake.collect(given, layout="blackboard")


def test_a_platform_folder_is_never_taken_for_a_students_copy(tmp_path):
    """Moodle's folder root holds one copy of the edition per student, each a folder
    down: it is a download, not one submission holding several copies."""
    files = {}
    for who, pid in (("Ann", 11), ("Ben", 12)):
        for name, data in edition(who):
            files[f"{who} X_{pid}_assignsubmission_file_/{name}"] = data
    root = write_tree(tmp_path / "download", files)
    subs = by_name(intake.collect([root]))
    assert sorted(subs) == ["Ann_X_11", "Ben_X_12"]
    shutil.rmtree(root)


def test_only_a_modules_own_name_counts_inside_what_a_student_gave(tmp_path):
    """A platform's prefix is read off its own names only: inside a student's folder,
    old_logistic_regression.py is just another file, and a text entry beside files is
    ignored."""
    files = {"Ann Lee_3456789_assignsubmission_file_/logistic_regression.py": b"new = 1\n",
             "Ann Lee_3456789_assignsubmission_file_/old_logistic_regression.py": b"old\n",
             "Ann Lee_3456789_assignsubmission_onlinetext_/onlinetext.html": b"<p>hi</p>"}
    sub, = intake.collect(deliver(tmp_path, files, "folder")).submissions
    assert sub.modules == {"logistic_regression": b"new = 1\n"} and sub.warnings == []
    assert sub.error is None


def test_a_forced_hand_in_layout_refuses_other_zips(tmp_path):
    (tmp_path / "a-nn-course.zip").write_bytes(handin("a"))
    (tmp_path / "b.zip").write_bytes(zip_bytes(edition("b")))
    got = intake.collect([tmp_path / "a-nn-course.zip", tmp_path / "b.zip"], layout="handin")
    assert [s.name for s in got.submissions] == ["a"]
    assert got.unrecognised == [(str(tmp_path / "b.zip"), "not a hand-in zip")]


def test_a_link_in_a_download_is_named_never_followed(tmp_path):
    """A symbolic link among a download's files (to the instructor's copy, say) costs its
    student, with the reason; one named by no rule is listed (or, given by itself, is a
    submission not graded, as any link given); none is followed."""
    (tmp_path / "reference.zip").write_bytes(zip_bytes(edition("REFERENCE")))
    folder = write_tree(tmp_path / "submissions", {
        "leeann_34567_890123_logistic_regression.py": b"lee = 1\n"})
    (folder / "doejane_12345_678901_my-work.zip").symlink_to(tmp_path / "reference.zip")
    (folder / "extra.zip").symlink_to(tmp_path / "reference.zip")
    for given in ([folder], sorted(folder.iterdir())):
        got = intake.collect(given)
        subs = by_name(got)
        assert subs["doejane_12345"].modules == {}
        assert "symbolic link" in subs["doejane_12345"].error
        assert subs["leeann_34567"].modules == {"logistic_regression": b"lee = 1\n"}
        if given == [folder]:
            assert [w.rsplit("/", 1)[-1] for w, _ in got.unrecognised] == ["extra.zip"]
        else:
            assert subs["extra"].error == ("it is a symbolic link (pass the folder or file "
                                           "itself)")
        assert all(b"REFERENCE" not in b"".join(s.modules.values()) for s in got.submissions)
