"""Re-execute notebooks in place, as nbval will re-run them (maintainers).

    python -m tools record [NOTEBOOK ...]      (default: every notebook)

Runs each notebook top to bottom in a fresh kernel of the current environment, with the
environment the tests use (see the root ``conftest.py``: OpenBLAS pinned to one kernel
family and one thread), from the notebook's own folder, and saves it with outputs and
execution counts.
Stops at the first cell that fails or writes to stderr, without saving that notebook.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")     # as in the root conftest.py
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import nbformat                                            # noqa: E402
from nbclient import NotebookClient                        # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def execute(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                raise SystemExit(f"{path}: a cell wrote to stderr:\n{out.get('text')}")
    for cell in nb.cells:
        cell.metadata.pop("execution", None)     # timestamps would churn every diff
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv):
    """Execute and save each notebook of ``argv`` (paths), or every one under notebooks/."""
    paths = [Path(p).resolve() for p in argv] or sorted(ROOT.glob("notebooks/**/*.ipynb"))
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        print(f"{path.relative_to(ROOT)}: {execute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
