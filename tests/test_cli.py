"""The command line: `python -m course_utils make-datasets` reproduces the shipped files."""
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
    assert _commands("course_utils") == ["progress", "make-datasets"]
    assert _commands("course_instructor") == ["release", "grade", "export"]
    assert _commands("tools") == ["translate", "experiments", "record"]


def test_a_command_of_another_audience_is_not_there():
    result = subprocess.run([sys.executable, "-m", "course_utils", "grade", "x"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "invalid choice: 'grade'" in result.stderr
