"""What a lesson module may import (course_utils/checks/imports.py): one rule and one
message for the notebook check and the grader, and the sandbox offers exactly what the rule
allows. The grading end to end is in tests/test_agreement.py (the corpus's import variants)."""
import re
from pathlib import Path

import pytest

from course_instructor import sandbox, scoring
from course_instructor.archive import Submission
from course_utils.checks import imports
from course_utils.checks.public import CheckFailed
from course_utils.checks import logistic_regression as checks1

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("source, names", [
    ("import numpy as np\nimport matplotlib.pyplot as plt\nfrom scipy import special", []),
    ("import os, sys, json\nfrom collections import OrderedDict\nfrom __future__ import "
     "annotations", []),
    ("from course_utils import plotting\nfrom . import activations\nimport h5py\nimport PIL",
     []),
    ("import sklearn.linear_model\ndef f():\n    import pandas as pd\n", ["pandas"]),
    ("import torch, numpy\nfrom tensorflow.keras import layers", ["tensorflow", "torch"]),
    ("try:\n    import pandas\nexcept ImportError:\n    pandas = None", []),
    ("try:\n    import pandas\nexcept (ValueError, ModuleNotFoundError):\n    pass", []),
    ("try:\n    import pandas\nexcept ValueError:\n    pass", ["pandas"]),
    ("try:\n    pass\nexcept ImportError:\n    import seaborn", ["seaborn"]),  # the handler itself
    ("import course_instructor.hidden", ["course_instructor"]),
    ("def f(:\n  import pandas", []),                       # does not parse: the import fails
])
def test_unprovided_imports_are_found_without_running_the_code(source, names):
    assert imports.unprovided_imports(source) == names


def test_the_allowed_packages_are_those_of_requirements_txt():
    listed = {re.split(r"[=<>~ ]", line)[0].lower()
              for line in (REPO / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    lesson = {dist.lower() for dist in imports.LESSON_PACKAGES.values()}
    assert listed == lesson | {"jupyterlab", "ipykernel"}     # the notebook's environment
    for name in ("numpy", "matplotlib", "scipy", "sklearn", "h5py", "PIL"):
        assert imports.provided(name + ".sub")
    assert not imports.provided("pandas") and not imports.provided("IPython")


def _module_with(tmp_path, header):
    """course_utils/logistic_regression.py with ``header`` at its top, imported as the
    notebook imports it (a module of the course_utils package)."""
    import importlib.util
    src = (REPO / "course_utils/logistic_regression.py").read_text(encoding="utf-8")
    path = tmp_path / "logistic_regression_copy.py"
    path.write_text(src.replace("import numpy as np\n", f"import numpy as np\n{header}\n", 1))
    spec = importlib.util.spec_from_file_location("course_utils._copy", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, path.read_bytes()


def test_the_check_and_the_grader_give_the_same_message(tmp_path):
    module, source = _module_with(tmp_path, "import nbformat  # installed here, not graded")
    with pytest.raises(CheckFailed) as err:
        checks1.check_sigmoid(module.sigmoid)
    public = str(err.value)
    expected = ("course_utils/logistic_regression.py imports nbformat, which the course does "
                "not provide: the grader has only Python's standard library, the course's own "
                "package course_utils and these packages of requirements.txt: numpy, "
                "matplotlib, scipy, sklearn (scikit-learn), h5py, PIL (Pillow). Remove that "
                "import (or use one of these).")
    assert public == "sigmoid: " + expected
    graded = type("G", (), {"expected": [0, 0, 0], "points": 3, "exercise":
                            type("E", (), {"module": "logistic_regression",
                                           "id": "logistic_regression.sigmoid"})()})()
    result = scoring.not_graded(Submission("a", "x", {"logistic_regression": source}), graded)
    assert result.status == "import-error" and result.score == 0
    assert scoring.case_texts(graded, result) == [expected] * 3
    assert "导入了 nbformat" in scoring.case_texts(graded, result, "zh")[0]


def test_a_function_defined_outside_the_course_package_is_not_refused_for_its_file(capsys):
    """This file imports pytest, which the grader does not have; a function defined here (as
    in a notebook cell) is not a lesson module's, so only its answers count."""
    import numpy as np
    checks1.check_sigmoid(lambda z: 1 / (1 + np.exp(-np.asarray(z, dtype=float))))
    assert capsys.readouterr().out.startswith("sigmoid: all 4 cases passed.")


def test_progress_names_an_unprovided_import_that_is_not_installed(tmp_path, monkeypatch):
    from course_utils import progress, registry
    package = tmp_path / "course_utils"
    package.mkdir()
    src = (REPO / "course_utils/logistic_regression.py").read_text(encoding="utf-8")
    (package / "logistic_regression.py").write_text(
        src.replace("import numpy as np\n", "import numpy as np\nimport pandas\n", 1))
    monkeypatch.setattr(registry, "PACKAGE_DIR", package)
    assert progress._unprovided("logistic_regression") == ["pandas"]


def test_the_sandbox_binds_the_lesson_packages_and_what_they_need_only():
    dists = sandbox.lesson_distributions()
    assert {"numpy", "matplotlib", "scipy", "scikit-learn", "h5py", "pillow"} <= set(dists)
    assert not {"pytest", "nbformat", "ipython", "jupyterlab", "course-utils",
                "nn-course"} & set(dists)
    names = dict(sandbox.site_entries(dists))
    assert {"numpy", "numpy.libs", "matplotlib", "scipy", "sklearn", "h5py", "PIL"} <= set(names)
    assert not [n for n in names if n.endswith(".pth") or n.startswith("__editable__")
                or n == "__pycache__" or n.startswith("_pytest")]
    site = Path(sandbox._layout().numpy).parent
    assert all(Path(p).parent == site for p in names.values())     # never the folder itself


def test_the_grader_preloads_what_the_submission_imports_but_never_a_graded_module():
    source = ("import matplotlib.pyplot as plt\nfrom course_utils import plotting, "
              "shallow_network\nfrom sklearn.linear_model import LogisticRegression\n"
              "import course_utils.deep_network\nfrom PIL import Image\nimport os, pandas\n"
              "def f():\n    import scipy.special\n")
    assert imports.preloadable(source) == ["PIL", "course_utils.plotting", "matplotlib.pyplot",
                                           "scipy.special", "sklearn.linear_model"]
    assert imports.preloadable("def f(:") == []


@pytest.mark.parametrize("source", [
    "import course_utils.shallow_network",
    "import course_utils.shallow_network as sn",
    "from course_utils import shallow_network",
    "from course_utils import shallow_network as sn",
    "from course_utils.shallow_network import forward_propagation",
    "import course_utils.shallow_network.anything",
    "def f():\n    from course_utils import logistic_regression, deep_network\n",
])
def test_no_spelling_of_a_graded_module_is_preloaded(source):
    """A graded module preloaded in the supervisor would be the library's stub, found in
    ``sys.modules`` before the student's own file."""
    assert imports.preloadable(source) == []
    assert imports.preloadable(source + "\nfrom course_utils import plotting\n") == [
        "course_utils.plotting"]


def test_no_course_helper_brings_a_graded_module_with_it():
    """Every module of the course package that :func:`imports.preloadable` may name,
    imported one after the other in a fresh interpreter, leaves no graded module in
    ``sys.modules`` (in the grader's library that module would be a stub)."""
    import pkgutil
    import subprocess
    import sys

    import course_utils
    from course_utils.registry import LESSON_MODULES
    graded = [f"course_utils.{m}" for m in LESSON_MODULES]
    helpers = [m.name for m in pkgutil.walk_packages(course_utils.__path__, "course_utils.")
               if m.name not in graded and not m.name.endswith("__main__")]
    source = "".join(f"import {name}\n" for name in helpers)
    assert imports.preloadable(source) == sorted(helpers)       # all of them may be named
    code = (f"import sys\n{source}"
            f"print(sorted(m for m in sys.modules if m in {graded!r}))")
    out = subprocess.run([sys.executable, "-B", "-c", code], capture_output=True,
                         text=True, timeout=120)
    assert (out.returncode, out.stdout.strip()) == (0, "[]"), out.stderr
