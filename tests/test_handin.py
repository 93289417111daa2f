"""The hand-in (course_utils/handin.py): one small zip named after the student, the graded
modules, the notebooks worked in without their pictures, a manifest with hashes; refused,
with the module named, before anything is written when a graded module is missing or does
not parse."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, UTC
from pathlib import Path

import pytest

from course_utils import handin
from course_utils.registry import LESSON_MODULES

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 9, 1, 12, 30, 5, tzinfo=UTC)
NOTEBOOK = "notebooks/01_logistic_regression_cats.ipynb"


def course(tmp_path, edition=None):
    """A course folder: the reference lesson modules, lesson 1's notebooks (saved with
    outputs, as a student's after running them) and, if given, an edition.json."""
    root = tmp_path / "course"
    (root / "course_utils").mkdir(parents=True)
    for module in LESSON_MODULES:
        shutil.copy(REPO / "course_utils" / f"{module}.py", root / "course_utils")
    for rel in (NOTEBOOK, "notebooks/zh/01_logistic_regression_cats.ipynb"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    if edition is not None:
        (root / handin.EDITION_FILE).write_text(json.dumps(edition), encoding="utf-8")
    return root


def members(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# ------------------------------------------------------------------ names
@pytest.mark.parametrize("given, cleaned", [
    ("alice", "alice"), ("Ada Lovelace", "Ada_Lovelace"), ("o'brien.k-2_x", "o_brien.k-2_x"),
    ("../../etc/passwd", "etc_passwd"), ("  -.hidden.- ", "hidden"), ("张伟", ""),
    ("a" * 80, "a" * 60)])
def test_a_name_is_reduced_to_letters_digits_dash_underscore_dot(given, cleaned):
    assert handin.clean_name(given) == cleaned


def test_the_name_given_once_is_kept_and_wins_over_the_login(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-login")
    assert handin.student_name(tmp_path) == "hub-login"
    assert handin.student_name(tmp_path, "Ada Lovelace") == "Ada_Lovelace"
    assert (tmp_path / handin.STUDENT_FILE).read_text() == "Ada_Lovelace\n"
    assert handin.student_name(tmp_path) == "Ada_Lovelace"


def test_the_login_name_is_used_unless_it_names_nobody(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(handin.getpass, "getuser", lambda: "bob")
    assert handin.student_name(tmp_path) == "bob"
    monkeypatch.setattr(handin.getpass, "getuser", lambda: "jovyan")     # Binder's login
    with pytest.raises(handin.HandinError, match=r"handin\(name=\"Your Name\"\)"):
        handin.student_name(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "binder-examples-abc123")   # Binder's made-up user
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    with pytest.raises(handin.HandinError, match=r"Give your name once"):
        handin.student_name(tmp_path)
    with pytest.raises(handin.HandinError, match=r"no letter or digit"):
        handin.student_name(tmp_path, "张伟")
    with pytest.raises(TypeError, match=r"name must be a str; got int"):
        handin.student_name(tmp_path, 7)


# ------------------------------------------------------------------ the zip
def test_the_zip_holds_the_modules_the_notebooks_worked_in_and_a_manifest(tmp_path):
    shipped_zh = hashlib.sha256(
        (REPO / "notebooks/zh/01_logistic_regression_cats.ipynb").read_bytes()).hexdigest()
    root = course(tmp_path, {"edition": "2025-09-01+abcdef12", "notebooks": {
        "notebooks/zh/01_logistic_regression_cats.ipynb": shipped_zh,     # untouched
        NOTEBOOK: "0" * 64}})                                             # worked in
    (root / ".venv" / "lib").mkdir(parents=True)
    (root / ".venv" / "lib" / "big.bin").write_bytes(b"\0" * (2 << 20))
    (root / "course_utils" / "__pycache__").mkdir()
    (root / "course_utils" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (root / "notebooks" / ".ipynb_checkpoints").mkdir()
    (root / "notebooks" / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}")
    done = handin.make_handin(root, name="alice", language="en", now=NOW)

    assert done.path == (root / "alice-nn-course.zip").resolve() and done.stubs == []
    got = members(done.path)
    assert sorted(got) == ["course_utils/deep_network.py", "course_utils/logistic_regression.py",
                           "course_utils/shallow_network.py", "manifest.json", NOTEBOOK]
    assert done.size == done.path.stat().st_size < 100_000      # the notebook: 349 KB as saved
    manifest = json.loads(got["manifest.json"])
    assert manifest == {
        "format": "nn-course hand-in 1", "student": "alice", "edition": "2025-09-01+abcdef12",
        "language": "en", "created_utc": "2025-09-01T12:30:05Z",
        "python": manifest["python"], "files": manifest["files"]}
    assert manifest["python"].count(".") == 2 and manifest["python"].startswith("3.")
    assert manifest["files"] == {name: hashlib.sha256(data).hexdigest()
                                 for name, data in got.items() if name != "manifest.json"}
    for module in LESSON_MODULES:                          # the modules, byte for byte
        rel = f"course_utils/{module}.py"
        assert got[rel] == (root / rel).read_bytes()


def test_a_notebook_keeps_its_text_outputs_and_loses_its_pictures(tmp_path):
    root = course(tmp_path, {"edition": "e"})
    nb = json.loads(members(handin.make_handin(root, name="a", now=NOW).path)[NOTEBOOK])
    saved = json.loads((REPO / NOTEBOOK).read_text(encoding="utf-8"))
    assert [c["source"] for c in nb["cells"]] == [c["source"] for c in saved["cells"]]
    texts = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert texts and not any(k.startswith("image/") for o in texts for k in o.get("data", {}))
    stdout = ["".join(o["text"]) for c in saved["cells"] for o in c.get("outputs", [])
              if o.get("name") == "stdout"]
    assert stdout == ["".join(o["text"]) for o in texts if o.get("name") == "stdout"]
    assert any("<Figure size" in "".join(o.get("data", {}).get("text/plain", ""))
               for o in texts)                             # the figure's text line stays


def test_without_pictures_drops_images_attachments_and_huge_outputs():
    nb = {"cells": [
        {"cell_type": "markdown", "source": "x", "attachments": {"a.png": {"image/png": "AA"}}},
        {"cell_type": "code", "source": "", "outputs": [
            {"output_type": "display_data", "data": {"image/png": "AAAA"}, "metadata": {}},
            {"output_type": "execute_result", "data": {"image/png": "AA", "text/plain": "F"},
             "metadata": {}, "execution_count": 1},
            {"output_type": "stream", "name": "stdout", "text": "y" * 40_000}]}]}
    out = json.loads(handin.without_pictures(json.dumps(nb)))
    assert "attachments" not in out["cells"][0]
    assert out["cells"][1]["outputs"] == [
        {"output_type": "execute_result", "data": {"text/plain": "F"}, "metadata": {},
         "execution_count": 1},
        {"output_type": "stream", "name": "stdout",
         "text": ["[an output of 39 KB, left out of the hand-in]\n"]}]


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.unlink(), r"course_utils/shallow_network.py is missing"),
    (lambda p: p.write_text("def f(:\n    pass\n"),
     r"course_utils/shallow_network.py does not parse: line 1: "),
    (lambda p: p.write_bytes(b"x = '\xff'\n"), r"shallow_network.py is not a UTF-8 text file")])
def test_a_missing_or_broken_module_is_named_and_nothing_is_written(tmp_path, damage, message):
    root = course(tmp_path, {"edition": "e"})
    damage(root / "course_utils" / "shallow_network.py")
    with pytest.raises(handin.HandinError, match=message):
        handin.make_handin(root, name="alice", now=NOW)
    assert sorted(p.name for p in root.iterdir()) == ["course_utils", "notebooks"]


def test_exercises_still_stubbed_are_named_and_the_zip_is_written(tmp_path):
    from course_utils.markers import stub_text
    root = course(tmp_path, {"edition": "e"})
    path = root / "course_utils" / "logistic_regression.py"
    path.write_text(stub_text(path.read_text(), "course_utils/logistic_regression.py",
                              only={"propagate", "model"})[0])
    done = handin.make_handin(root, name="alice", now=NOW)
    assert done.stubs == ["logistic_regression.propagate", "logistic_regression.model"]
    assert "Not done yet (2): logistic_regression.py: propagate, model." in done.summary()
    assert done.path.is_file()


def test_the_instructors_repository_writes_only_where_told(tmp_path, capsys):
    root = course(tmp_path)                                  # no edition.json: development
    with pytest.raises(handin.HandinError, match=r"instructor's repository"):
        handin.make_handin(root, name="alice", now=NOW)
    done = handin.make_handin(root, out=tmp_path / "out", name="alice", now=NOW)
    assert done.path.parent == (tmp_path / "out").resolve()
    assert json.loads(members(done.path)["manifest.json"])["edition"] == "development"
    assert handin.handin() is None                            # this checkout: a note only
    assert "nothing is written here" in capsys.readouterr().out


def test_the_language_is_that_of_the_notebook_saved_last(tmp_path):
    root = course(tmp_path, {"edition": "e"})
    os.utime(root / NOTEBOOK, (1, 1))
    done = handin.make_handin(root, name="a", now=NOW)
    assert done.manifest["language"] == "zh"
    os.utime(root / NOTEBOOK, None)
    os.utime(root / "notebooks/zh/01_logistic_regression_cats.ipynb", (1, 1))
    assert handin.make_handin(root, name="a", now=NOW).manifest["language"] == "en"
    assert handin.make_handin(root, name="a", language="zh").manifest["language"] == "zh"
    with pytest.raises(ValueError, match=r"language must be 'en' or 'zh'; got 'fr'"):
        handin.make_handin(root, name="a", language="fr")


def test_in_jupyter_a_download_link_relative_to_the_notebook_is_shown(tmp_path, monkeypatch):
    import IPython
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: type("Shell", (), {"kernel": 1})())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")              # the kernel runs where the notebook is
    handin._show_link(tmp_path / "Ada_L-nn-course.zip")
    assert [s.data for s in shown] == [
        '<a href="../Ada_L-nn-course.zip" download="Ada_L-nn-course.zip">'
        'Download Ada_L-nn-course.zip</a>']


def test_the_command_writes_the_zip_of_its_course_folder(tmp_path):
    root = course(tmp_path, {"edition": "2025-09-01+abcdef12"})
    shutil.copytree(REPO / "course_utils", root / "course_utils", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*_network.py",
                                                  "logistic_regression.py"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(root)
    run = subprocess.run([sys.executable, "-m", "course_utils", "handin", "--name", "Bo Li",
                          "--language", "zh"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"已为 Bo_Li 写出 {root / 'Bo_Li-nn-course.zip'}（")
    manifest = json.loads(members(root / "Bo_Li-nn-course.zip")["manifest.json"])
    assert (manifest["student"], manifest["language"]) == ("Bo_Li", "zh")
    (root / "course_utils" / "deep_network.py").unlink()
    run = subprocess.run([sys.executable, "-m", "course_utils", "handin"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith("error: course_utils/deep_network.py is missing")


def test_the_grader_reads_the_graded_modules_from_a_hand_in(tmp_path):
    from course_instructor import archive, submissions
    root = course(tmp_path, {"edition": "e"})
    path = handin.make_handin(root, name="Ada L.", now=NOW).path
    found, problems = archive.read_zip(path)
    assert problems == {}
    assert found == {m: (root / "course_utils" / f"{m}.py").read_bytes() for m in LESSON_MODULES}
    assert submissions.submission_name(path) == "Ada_L-nn-course"
