# Set up the course on this computer: check the Python version, make a virtual environment
# in .venv (in this folder), install requirements.txt into it, and say how to start.
#
#     python3 install.py          (Linux, macOS)
#     py install.py               (Windows, PowerShell or cmd)
#
# Written for any Python 3 (no f-strings, nothing newer), so that an old Python prints the
# plain message below instead of pip's "No matching distribution found for numpy==...".
import os
import sys

NEEDED = (3, 11)
WINDOWS = os.name == "nt"


def version_problem(version_info, executable):
    """The message for a Python older than NEEDED, or None if this one will do."""
    if tuple(version_info[:2]) >= NEEDED:
        return None
    found = ".".join(str(part) for part in version_info[:3])
    lines = [
        "This course needs Python %d.%d or newer; this is Python %s (%s)."
        % (NEEDED + (found, executable)),
        "Nothing was installed. Get a newer Python, then run this again with it:",
        "  * from https://www.python.org/downloads/ (Windows, macOS), or your system's "
        "packages (e.g. `sudo apt install python3.11 python3.11-venv`), then "
        + ("`py -3.11 install.py`" if WINDOWS else "`python3.11 install.py`") + ";",
        "  * or with uv (https://docs.astral.sh/uv/), which fetches Python itself: "
        "`uv python install 3.11`, then `uv run --python 3.11 install.py`.",
    ]
    return "\n".join(lines)


def venv_python(folder):
    """The virtual environment's interpreter."""
    if WINDOWS:
        return os.path.join(folder, "Scripts", "python.exe")
    return os.path.join(folder, "bin", "python")


def main():
    problem = version_problem(sys.version_info, sys.executable)
    if problem:
        print(problem)
        return 1
    import subprocess
    import venv

    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, ".venv")
    python = venv_python(folder)
    if not os.path.exists(python):
        print("Making the virtual environment %s ..." % folder)
        venv.create(folder, with_pip=True)
    print("Installing the course's packages (requirements.txt) into it ...")
    done = subprocess.run([python, "-m", "pip", "install", "--disable-pip-version-check",
                           "-r", os.path.join(here, "requirements.txt")])
    if done.returncode != 0:
        print("pip could not install the packages (its message is above); nothing else "
              "was changed. Check your network connection and run this again.")
        return done.returncode
    jupyter = os.path.join(".venv", "Scripts", "jupyter") if WINDOWS else ".venv/bin/jupyter"
    print("Done. Start the course with:  %s lab notebooks" % jupyter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
