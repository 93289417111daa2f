"""install.py, the set-up the READMEs' first command runs: on a Python older than 3.11 it
prints a plain message (what is needed, where to get it: python.org, the system's packages,
uv) before pip could say "No matching distribution found", and installs nothing. The real
installation is run by tests/test_field.py."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "install.py"


def _load():
    namespace = {"__name__": "install"}
    exec(compile(SCRIPT.read_text(encoding="utf-8"), str(SCRIPT), "exec"), namespace)
    return namespace


def test_the_script_parses_as_the_python_3_4_grammar():
    ast.parse(SCRIPT.read_text(encoding="utf-8"), feature_version=(3, 4))


@pytest.mark.parametrize("version", [(3, 9, 6), (3, 10, 12), (2, 7, 18)])
def test_an_old_python_gets_a_plain_message(version):
    message = _load()["version_problem"](version + ("final", 0), "/usr/bin/python3")
    found = ".".join(map(str, version))
    assert message.startswith(f"This course needs Python 3.11 or newer; this is Python {found} "
                              "(/usr/bin/python3).\nNothing was installed.")
    assert "https://www.python.org/downloads/" in message
    assert "uv python install 3.11" in message and "python3.11 install.py" in message


def test_python_3_11_and_newer_will_do():
    problem = _load()["version_problem"]
    assert problem((3, 11, 0, "final", 0), "py") is None
    assert problem((3, 14, 1, "final", 0), "py") is None


def test_run_on_a_simulated_python_3_9_it_stops_before_pip(tmp_path):
    """The script itself, run by an interpreter that reports 3.9.6: the message, exit
    status 1, and no virtual environment made."""
    (tmp_path / "install.py").write_bytes(SCRIPT.read_bytes())
    (tmp_path / "requirements.txt").write_text("numpy==2.4.6\n")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; sys.version_info = (3, 9, 6, 'final', 0); "
         "exec(compile(open('install.py').read(), 'install.py', 'exec'), "
         "{'__name__': '__main__', '__file__': 'install.py'})"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and run.stderr == ""
    assert run.stdout.startswith("This course needs Python 3.11 or newer; this is Python 3.9.6")
    assert sorted(os.listdir(tmp_path)) == ["install.py", "requirements.txt"]


def test_the_environment_s_interpreter_is_where_each_system_puts_it(monkeypatch):
    ns = _load()
    assert ns["venv_python"]("/c/.venv") == "/c/.venv/bin/python"
    ns["WINDOWS"] = True
    assert ns["venv_python"]("C:/c/.venv").replace("\\", "/") == "C:/c/.venv/Scripts/python.exe"
