"""The command lines: `python -m course_utils make-datasets` reproduces the shipped files;
each audience has its own commands; no path is ever taken for an option."""
import argparse
import importlib
import subprocess
import sys

import h5py
import numpy as np
import pytest

from course_utils.datasets import DATASETS_DIR
from course_utils.datasets import REPO_DIR as REPO

pytestmark = pytest.mark.unit


def test_make_datasets_reproduces_the_shipped_files(tmp_path):
    out = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "course_utils", "make-datasets", "--out",
                             str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "train_catvnoncat.h5" in result.stdout and result.stderr == ""
    for name in ("train_catvnoncat.h5", "test_catvnoncat.h5"):
        with h5py.File(out / name, "r") as new, h5py.File(DATASETS_DIR / name, "r") as shipped:
            assert sorted(new) == sorted(shipped)
            for key in shipped:
                np.testing.assert_array_equal(np.array(new[key]), np.array(shipped[key]))
    assert sorted(p.name for p in out.iterdir()) == ["test_catvnoncat.h5", "train_catvnoncat.h5"]


def test_unknown_command_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "course_utils", "frobnicate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "invalid choice: 'frobnicate'" in result.stderr


def _commands(package):
    """The commands ``python -m PACKAGE --help`` offers, read from its help text."""
    result = subprocess.run([sys.executable, "-m", package, "--help"], capture_output=True,
                            text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    listing = result.stdout.split("COMMAND", 2)[-1].split("options:")[0]
    return [line.split()[0] for line in listing.splitlines()
            if line.startswith("    ") and not line.startswith("     ")]


def test_each_audience_has_its_own_command_line():
    assert _commands("course_utils") == ["progress", "handin", "make-datasets"]
    assert _commands("course_instructor") == ["release", "grade", "export", "report"]
    assert _commands("tools") == ["translate", "exercises", "experiments", "record"]


def test_a_command_of_another_audience_is_not_there():
    result = subprocess.run([sys.executable, "-m", "course_utils", "grade", "x"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "invalid choice: 'grade'" in result.stderr


def _parsers(parser):
    """``parser`` and every sub-command's parser below it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


@pytest.mark.parametrize("package", ["course_utils", "course_instructor", "tools"])
def test_no_parser_takes_an_abbreviation(package):
    """(Red team, breach 1: a folder named --unsand, globbed onto the line, was taken for
    --unsandboxed.) Every parser of every audience wants options spelled in full."""
    parser = importlib.import_module(f"{package}.__main__").build_parser()
    names = [p.prog for p in _parsers(parser)]
    assert len(names) > 2
    assert all(not p.allow_abbrev for p in _parsers(parser)), names


GLOBBED = ["--unsandboxed", "--unsand", "--timeout=0.05", "--only=x.zip"]


@pytest.mark.parametrize("name", GLOBBED)
def test_a_path_globbed_among_the_options_stops_the_command(tmp_path, name):
    """(Red team, breach 1: `grade *` in a folder holding a folder named --unsandboxed
    turned the sandbox off; --timeout=0.05 cut correct students' time; a zip named
    --only=x.zip refused the run.) The shell's glob puts the name among the options: the
    command refuses before doing anything and says to put submissions after --."""
    (tmp_path / "alice").mkdir()
    if name.endswith(".zip"):
        (tmp_path / name).write_bytes(b"PK\x05\x06" + b"\0" * 18)
    else:
        (tmp_path / name).mkdir()
    result = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -m course_instructor grade --gradebook out/g.csv '
                     "--feedback out/fb *"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"'{name}' is both an option and a file or folder here" in result.stderr
    assert "after --" in result.stderr and "Nothing was done" in result.stderr
    assert not (tmp_path / "out").exists()


def test_after_a_double_dash_such_a_name_is_a_path(tmp_path, monkeypatch):
    from course_instructor.__main__ import paths_posing_as_options
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--unsandboxed").mkdir()
    (tmp_path / "-q").write_text("")
    assert paths_posing_as_options(["grade", "-q", "--unsandboxed", "--", "x"]) == [
        "-q", "--unsandboxed"]
    assert paths_posing_as_options(["grade", "-q", "--", "--unsandboxed"]) == ["-q"]
    assert paths_posing_as_options(["grade", "--", "-q", "--unsandboxed"]) == []
    assert paths_posing_as_options(["grade", "--quiet", "-"]) == []    # not there / stdin
