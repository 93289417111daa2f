"""Helpers for the tests that use a student edition: run code in it, fill exercises in."""
import os
import subprocess
import sys
from pathlib import Path

from course_utils.markers import find_regions

REPO = Path(__file__).resolve().parents[1]


def run_in(edition_dir, code, **kw):
    """Run ``python -c code`` in the edition's folder, with its ``course_utils`` first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(edition_dir)
    return subprocess.run([sys.executable, "-c", code], cwd=edition_dir, env=env,
                          capture_output=True, text=True, timeout=120, **kw)


def fill(edition_dir, rel, exercises):
    """Put the reference body of ``exercises`` back into the edition's file ``rel``."""
    src = (REPO / rel).read_text(encoding="utf-8")
    ref = {r.exercise: r.lines for r in find_regions(src, rel)}
    path = Path(edition_dir, rel)
    lines = path.read_text(encoding="utf-8").splitlines()
    for r in reversed(find_regions("\n".join(lines), rel)):
        if r.exercise in exercises:
            lines[r.begin + 1:r.end] = ref[r.exercise]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
