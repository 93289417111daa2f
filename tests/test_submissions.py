"""Step 1 of grading (course_instructor/submissions.py): names and reading.

The reading itself is course_instructor/archive.py's (tests/test_archive.py); here:
the names a student's file name turns into, the refusals before a run starts, and that
loading never raises.
"""
import pytest

from course_instructor import archive, scoring, submissions
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


def test_duplicates_and_missing_paths_are_refused_before_grading(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "a").mkdir(parents=True)
    (tmp_path / "c.zip").write_bytes(b"")
    assert submissions.name_submissions([tmp_path / "a", tmp_path / "c.zip"]) == {
        "a": tmp_path / "a", "c": tmp_path / "c.zip"}
    with pytest.raises(GradingError, match="two submissions are named 'a'"):
        submissions.name_submissions([tmp_path / "a", tmp_path / "b" / "a"])
    with pytest.raises(GradingError, match="does not exist"):
        submissions.name_submissions([tmp_path / "nope"])


def test_loading_never_raises(tmp_path, monkeypatch):
    (tmp_path / "s" / "course_utils").mkdir(parents=True)
    (tmp_path / "s" / "course_utils" / "deep_network.py").write_bytes(b"x = 1\n")
    sub = submissions.load(tmp_path / "s", "s", ["deep_network", "shallow_network"])
    assert sub.modules == {"deep_network": b"x = 1\n"}
    assert sub.problems == {"shallow_network": "course_utils/shallow_network.py is missing"}

    def bug(*args, **kwargs):
        raise RuntimeError("a bug in the reader")
    monkeypatch.setattr(archive, "load_submission", bug)
    sub = submissions.load(tmp_path / "s", "s", ["deep_network"])
    assert sub.modules == {} and sub.error == "it could not be read"
    assert scoring.submission_not_graded(sub).text() == ("submission s was not graded: it "
                                                         "could not be read.")


def test_graded_modules_are_the_lessons_the_package_has(tmp_path):
    (tmp_path / "shallow_network.py").write_text("")
    (tmp_path / "plotting.py").write_text("")
    assert submissions.graded_modules(tmp_path) == ["shallow_network"]
