"""Naming the submissions (course_instructor/submissions.py): safe, unique, stable.

A name becomes a feedback file's name and a gradebook row, and a student chose most of it.
The oracles are the rules themselves, applied by hand: which characters survive, and that
names which sanitise alike -- or differ only in case, the same file on a case-insensitive
disk -- end up distinct, the same whatever the order of the arguments, never a refusal.
"""
import pytest

from course_instructor import archive, intake, scoring, submissions
from course_instructor.archive import Submission
from course_instructor.exercises import GradingError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("file, name", [
    ("alice.zip", "alice"),
    ("Alice Smith (2).ZIP", "Alice_Smith_2"),
    ("\x1b[31mred\x1b[0m\r\n.zip", "31mred_0m"),     # terminal escapes
    ("bob\u202egnp.zip", "bob_gnp"),                  # a bidirectional override
    ("..", "submission"),
    ("-rf.zip", "rf"),                                # no option, no formula
    ("=cmd|x.zip", "cmd_x"),
    ("x" * 200 + ".zip", "x" * 100),
])
def test_names_are_reduced_to_safe_characters(tmp_path, file, name):
    path = tmp_path / file
    if file == "..":
        path = tmp_path / "sub" / ".."
        (tmp_path / "sub").mkdir()
    else:
        path.write_bytes(b"")
    assert submissions.submission_name(path) == name


def test_a_folder_keeps_a_dotted_name(tmp_path):
    (tmp_path / "bob.v2.zip").mkdir()                 # a folder, not a zip
    assert submissions.submission_name(tmp_path / "bob.v2.zip") == "bob.v2.zip"


@pytest.mark.parametrize("platform, sid, student, file, name", [
    ("canvas", "12345", "doejane", "my-work.zip", "doejane_12345"),
    ("canvas", "anon_k4Vx2", "", "my-work.zip", "anon_k4Vx2"),
    ("moodle", "1234567", "Jane Doe", "", "Jane_Doe_1234567"),
    ("moodle", "7", "Zoë O'Neil", "", "Zoe_O_Neil_7"),
    ("moodle", "8", "王小明", "", "8"),
    ("nbgrader", "jdoe", "", "jdoe", "jdoe"),
    ("handin", "alice", "", "alice-nn-course.zip", "alice"),
    ("zip", "", "", "Bob's work.ZIP", "Bob_s_work"),
    ("folder", "", "", "carol.v2.zip", "carol.v2.zip"),
])
def test_base_names_per_platform(platform, sid, student, file, name):
    assert submissions.base_name(platform, sid, student, file) == name


def named(specs):
    """Name Submissions made from [(base, source)] (plain zips)."""
    pairs = [(Submission("", source, platform="zip"), base) for base, source in specs]
    submissions.name_all(pairs)
    return {source: sub.name for sub, (_, source) in zip([p[0] for p in pairs], specs)}


def test_names_that_sanitise_alike_get_distinct_stable_suffixes():
    """(Red team: 'bob!' and 'bob?' both became 'bob' and refused the whole run.)"""
    specs = [("bob", "subs/bob!.zip"), ("bob", "subs/bob?.zip"), ("carol", "subs/carol.zip")]
    names = named(specs)
    assert names["subs/carol.zip"] == "carol"                  # alone: unchanged
    bob1, bob2 = names["subs/bob!.zip"], names["subs/bob?.zip"]
    assert bob1 != bob2 and all(n.startswith("bob-") and len(n) == 10 for n in (bob1, bob2))
    assert named(list(reversed(specs))) == names                # whatever the order
    assert named(specs) == names                                # and in every run


def test_names_that_differ_only_in_case_are_made_distinct():
    """Bob.txt and bob.txt are one file on a case-insensitive disk (macOS, Windows)."""
    names = named([("Bob", "a/Bob.zip"), ("bob", "a/bob.zip")])
    assert len({n.lower() for n in names.values()}) == 2
    assert all(n.lower().startswith("bob-") for n in names.values())


def test_a_name_chosen_to_equal_a_suffixed_one_cannot_take_it():
    first = named([("bob", "x/bob!.zip"), ("bob", "x/bob?.zip")])
    taken = first["x/bob!.zip"]
    names = named([("bob", "x/bob!.zip"), ("bob", "x/bob?.zip"), (taken, f"x/{taken}.zip")])
    assert names[f"x/{taken}.zip"] == taken                     # a base name is kept ...
    assert len({n.lower() for n in names.values()}) == 3        # ... and nobody shares it
    assert names["x/bob!.zip"] != taken


def test_identical_origins_are_counted():
    names = [sub.name for sub in submissions.name_all(
        [(Submission("", "same", platform="zip"), "same") for _ in range(3)])]
    assert len(set(names)) == 3 and all(n.startswith("same-") for n in names)


def test_an_error_becomes_the_sentence_the_feedback_shows():
    sub = Submission("", "x.zip", platform="zip", error="it is not a zip file")
    submissions.name_all([(sub, "x")])
    assert sub.error == "it is not a zip file"
    assert scoring.submission_not_graded(sub).text() == ("submission x was not graded: it is "
                                                         "not a zip file.")


def test_missing_paths_are_refused_before_grading(tmp_path):
    with pytest.raises(GradingError, match="does not exist"):
        intake.check_paths([tmp_path / "nope"])
    with pytest.raises(GradingError, match="no submission was given"):
        intake.check_paths([])


def test_reading_never_raises(tmp_path, monkeypatch):
    (tmp_path / "s" / "course_utils").mkdir(parents=True)
    (tmp_path / "s" / "course_utils" / "deep_network.py").write_bytes(b"x = 1\n")
    got = intake.collect([tmp_path / "s"], ["deep_network", "shallow_network"])
    sub, = got.submissions
    assert sub.modules == {"deep_network": b"x = 1\n"}
    assert sub.problems == {"shallow_network": "course_utils/shallow_network.py is missing"}

    def bug(*args, **kwargs):
        raise RuntimeError("a bug in the reader")
    monkeypatch.setattr(archive, "snapshot", bug)
    sub, = intake.collect([tmp_path / "s"], ["deep_network"]).submissions
    assert sub.modules == {} and sub.error == "it could not be read"
    assert scoring.submission_not_graded(sub).text() == ("submission s was not graded: it "
                                                         "could not be read.")


def test_graded_modules_are_the_lessons_the_package_has(tmp_path):
    (tmp_path / "shallow_network.py").write_text("")
    (tmp_path / "plotting.py").write_text("")
    assert submissions.graded_modules(tmp_path) == ["shallow_network"]
