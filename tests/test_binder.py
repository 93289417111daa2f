"""Binder and JupyterHub: repo2docker builds the course as it is, and it runs read-only.

Both tests work on clean copies: the *repository* (the files git tracks or would track, as
the release builder lists them, so no venv, cache or ignored file comes along) and its
*student edition* (``course_instructor.release``, as ``python -m course_instructor release``).

1. ``repo2docker --no-build`` (no Docker daemon needed) writes the Dockerfile it would build
   from each copy. It must install the conda environment of Python 3.11 (``binder/runtime.txt``;
   the saved notebook outputs were made with 3.11), install ``binder/requirements.txt`` (the
   student's list, pin for pin) BEFORE the repository is copied, so that a commit to the
   lessons does not rebuild the environment, install nothing else with pip (the notebooks
   find ``course_utils`` beside them), give the files to the notebook user (students edit
   them), and start servers through ``binder/start``.

2. Read-only start-up: the notebooks run in a JupyterHub-like setting, inside bubblewrap,
   where the whole filesystem is mounted read-only (so even root cannot write) except a
   fresh, empty HOME and TMPDIR, with no network, a clean environment (one BLAS thread;
   OPENBLAS_CORETYPE as the root conftest.py sets it) and no PYTHONPATH: the notebooks
   find the copy's ``course_utils`` from where they sit (ahead of this venv's editable
   install of the instructor's repository). The
   repository's lessons 1 and 2 must run to the end with no error and nothing on stderr
   (lesson 3 trains for minutes; nbval runs it); each lesson of the student edition must
   import the course and run up to its first exercise, which stops with the stub's
   NotImplementedError (lesson 1 reads the cat data before that). An audit hook in the
   kernel records every attempt to write (open for writing, mkdir, rename, remove, ...):
   none may aim inside the copy (CPython's ``__pycache__`` aside, which it skips silently
   on a read-only folder) or anywhere outside HOME and TMPDIR; matplotlib's and IPython's
   folders must be in HOME; and a listing of the copy (sizes, modes, mtimes, SHA-256) must
   be the same before and after.

Needs repo2docker (``pip install jupyter-repo2docker``; not in requirements.txt, which is the
students' list) and bubblewrap (Debian: ``apt-get install bubblewrap``). Without them the tests
are skipped with that hint, except under CI (``CI`` set), where that is a failure.
"""
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_instructor import release

REPO = Path(__file__).resolve().parent.parent
LESSONS = ("01_logistic_regression_cats.ipynb",
           "02_planar_one_hidden_layer.ipynb",
           "03_deep_neural_network.ipynb")
R2D_HINT = "install repo2docker for this test: `pip install jupyter-repo2docker`"
BWRAP_HINT = "install bubblewrap for this test: `apt-get install -y bubblewrap` (Debian/Ubuntu)"
NB_UID = 1000            # Binder's notebook user (jovyan); as root repo2docker would use 0
RUN_TIMEOUT = 600        # s for all notebooks of one sandbox run
pytestmark = pytest.mark.binder


def _fail_or_skip(reason):
    """Skip, with what to install; CI (--forbid-skips) turns the skip into a failure."""
    pytest.skip(reason)


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    """{"repository": clean copy, "student_edition": its release} in a temporary folder."""
    base = tmp_path_factory.mktemp("binder")
    repo_copy = base / "repository"
    paths, _ = release.list_repo_files(REPO)
    for rel in paths:
        (repo_copy / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, repo_copy / rel)
    edition = release.build_student_edition(REPO, base / "student-edition").out_dir
    return {"repository": repo_copy, "student_edition": edition}


# --------------------------------------------------------------------------------------------
# 1. The build repo2docker generates
# --------------------------------------------------------------------------------------------

def _decoded(slug):
    """repo2docker names a file it adds to the build by its host path, escaped ('-2e' for
    '.', '-2d' for '-', ...), lower-cased, and followed by '-' and 6 hex digits of a hash."""
    escaped = re.fullmatch(r"(.+)-[0-9a-f]{6}", slug).group(1)
    return re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), escaped)


def _dockerfile(tree, cwd):
    proc = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--debug",
         "--user-id", str(NB_UID), "--user-name", "jovyan", str(tree)],
        cwd=cwd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"repo2docker failed:\n{proc.stderr[-3000:]}"
    assert "FROM " in proc.stdout, f"no Dockerfile printed:\n{proc.stdout[-2000:]}"
    return proc.stdout, proc.stderr


@pytest.mark.parametrize("which", ["repository", "student_edition"])
def test_repo2docker_builds_python_311_and_installs_requirements(trees, which, tmp_path):
    if importlib.util.find_spec("repo2docker") is None:
        _fail_or_skip(R2D_HINT)
    tree = trees[which]
    # the edition must carry the configuration: release ships binder/ as it is
    for name in ("runtime.txt", "requirements.txt", "start", "apt.txt"):
        assert (tree / "binder" / name).read_bytes() == (REPO / "binder" / name).read_bytes()
    dockerfile, log = _dockerfile(tree, cwd=tmp_path)
    lines = [line.strip() for line in dockerfile.splitlines()]

    # Python 3.11: the notebook environment is created from repo2docker's lock file for it
    locks = [(_decoded(m.group(1)), m.group(2)) for line in lines
             if (m := re.match(r"COPY \S+ build_script_files/(\S+) (\S+)$", line))
             and "environment" in line]
    assert len(locks) == 1, f"expected one environment lock file, found {locks}"
    lock_name = locks[0][0].rsplit("/", 1)[-1]
    assert lock_name == "environment.py-3.11-linux-64.lock", lock_name
    assert "ENV NB_ENVIRONMENT_FILE=" + locks[0][1] in lines
    r2d_dir = Path(importlib.util.find_spec("repo2docker").origin).parent
    lock_text = (r2d_dir / "buildpacks" / "conda" / lock_name).read_text()
    pythons = re.findall(r"/python-(\d+\.\d+)\.\d+-[^/\s]*\.(?:conda|tar\.bz2)", lock_text)
    assert pythons == ["3.11"], f"the lock file installs Python {pythons}"
    assert "python=3.11" in log

    # requirements: one pip step, binder/requirements.txt, BEFORE the repository is copied
    # (no local reference in it), as the notebook user
    pip_steps = [i for i, line in enumerate(lines) if re.search(r"\bpip install\b", line)]
    assert len(pip_steps) == 1, [lines[i] for i in pip_steps]
    assert re.search(r'pip install --no-cache-dir -r "?\S*binder/requirements.txt"?$',
                     lines[pip_steps[0]]), lines[pip_steps[0]]
    copy_repo = lines.index(f"COPY --chown={NB_UID}:{NB_UID} src/ ${{REPO_DIR}}/")
    assert pip_steps[0] < copy_repo
    user = [line for line in lines[:pip_steps[0]] if line.startswith("USER ")][-1]
    assert user == "USER ${NB_USER}"
    # ... and that file is the student's list, pin for pin, and nbgitpuller for hubs
    assert _packages(tree / "binder/requirements.txt") == \
        _packages(tree / "requirements.txt") + [_nbgitpuller_pin()]

    # servers start through binder/start
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in lines
    # the Chinese notebooks' figures get a CJK font from binder/apt.txt
    assert "fonts-wqy-microhei" in dockerfile


def _packages(path):
    """The requirement lines of a pip requirements file (comments and blanks dropped)."""
    return [line.split("#")[0].strip() for line in Path(path).read_text().splitlines()
            if line.split("#")[0].strip()]


def _nbgitpuller_pin():
    """nbgitpuller's pin in requirements-dev.txt (the version the field test uses)."""
    return next(line for line in _packages(REPO / "requirements-dev.txt")
                if line.startswith("nbgitpuller=="))


def test_binder_installs_exactly_the_student_list():
    """One list of student packages: binder's copy holds the same pins, plus nbgitpuller
    (the hub's /git-pull link), and no local reference (``-r``, ``-e``, a path) that would
    make repo2docker copy the repository first."""
    binder = _packages(REPO / "binder/requirements.txt")
    assert binder == _packages(REPO / "requirements.txt") + [_nbgitpuller_pin()]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[\w.]+", line) for line in binder), binder


def test_start_script_picks_the_recorded_openblas_kernels(trees):
    start = trees["student_edition"] / "binder" / "start"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    out = subprocess.run(["bash", str(start), "env"], env=env, capture_output=True,
                         text=True, timeout=30, check=True).stdout.splitlines()
    expected = "OPENBLAS_CORETYPE=Haswell" if os.uname().machine == "x86_64" else None
    assert [line for line in out if line.startswith("OPENBLAS_CORETYPE=")] == (
        [expected] if expected else [])
    env["OPENBLAS_CORETYPE"] = "Zen"          # an administrator's choice wins
    out = subprocess.run(["bash", str(start), "sh", "-c", "echo $OPENBLAS_CORETYPE"],
                         env=env, capture_output=True, text=True, timeout=30, check=True)
    assert out.stdout.strip() == "Zen"


# --------------------------------------------------------------------------------------------
# 2. Read-only start-up
# --------------------------------------------------------------------------------------------

# First cell of every executed notebook: record the kernel's attempts to write.
AUDIT_CELL = r'''
import os as _os, sys as _sys
_NN_WRITE_FLAGS = _os.O_WRONLY | _os.O_RDWR | _os.O_CREAT | _os.O_APPEND | _os.O_TRUNC
_NN_PATH_EVENTS = {"os.mkdir": (0,), "os.remove": (0,), "os.rmdir": (0,), "os.truncate": (0,),
                   "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,), "os.rename": (0, 1),
                   "os.replace": (0, 1), "os.link": (1,), "os.symlink": (1,)}
_nn_writes = set()

def _nn_audit(event, args):
    if event == "open":
        path, mode, flags = args
        if not ((mode and set(mode) & set("wax+"))
                or (not mode and (flags or 0) & _NN_WRITE_FLAGS)):
            return
        paths = [path]
    elif event in _NN_PATH_EVENTS:
        paths = [args[i] for i in _NN_PATH_EVENTS[event]]
    else:
        return
    for p in paths:
        if isinstance(p, (str, bytes)):
            _nn_writes.add((event, _os.path.abspath(_os.fsdecode(p))))

_sys.addaudithook(_nn_audit)
'''

# Last cell: report what was recorded and where things live.
REPORT_CELL = r'''
import json as _json
import IPython.paths as _ipaths, matplotlib as _mpl
import course_utils as _cu, course_utils.datasets as _cud
print("NN_REPORT " + _json.dumps({
    "writes": sorted(_nn_writes), "package": _cu.__file__, "datasets": str(_cud.DATASETS_DIR),
    "mpl_config": _mpl.get_configdir(), "mpl_cache": _mpl.get_cachedir(),
    "ipython_dir": _ipaths.get_ipython_dir()}))
'''

# Runs inside the sandbox: executes notebooks with nbclient, one kernel each, cell by cell
# (stopping at the first error, like Run All), then the report cell; prints JSON.
RUNNER = r'''
import asyncio, json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import matplotlib.pyplot  # builds matplotlib's font cache (in HOME) before any notebook,
                          # so its one-off "building the font cache" notice stays out of cells
AUDIT, REPORT, notebooks = json.loads(sys.argv[1])


async def run(path):
    nb = nbformat.read(path, as_version=4)
    n = len(nb.cells)
    nb.cells = [nbformat.v4.new_code_cell(AUDIT)] + nb.cells + [nbformat.v4.new_code_cell(REPORT)]
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.reset_execution_trackers()
    error = None
    async with client.async_setup_kernel():
        await client.async_execute_cell(nb.cells[0], 0)
        for i in range(1, n + 1):
            try:
                await client.async_execute_cell(nb.cells[i], i, execution_count=i)
            except CellExecutionError as err:
                error = {"cell": i - 1, "ename": err.ename, "evalue": err.evalue}
                break
        await client.async_execute_cell(nb.cells[-1], n + 1)
    cells = [{"type": c.cell_type, "source": c.source, "count": c.get("execution_count"),
              "outputs": c.get("outputs", [])} for c in nb.cells[1:n + 1]]
    report = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return {"cells": cells, "error": error,
            "report": json.loads(report.split("NN_REPORT ", 1)[1]) if "NN_REPORT " in report
            else {"missing": nb.cells[-1].outputs}}


print(json.dumps({p: asyncio.run(run(p)) for p in notebooks}))
'''


def _listing(root):
    """{relative path: (kind, mode, size, mtime_ns, sha256)} of everything under root."""
    out = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            out[rel] = ("dir", st.st_mode, None, st.st_mtime_ns, None)
        else:
            out[rel] = ("file", st.st_mode, st.st_size, st.st_mtime_ns,
                        hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def _run_read_only(tree, notebooks, scratch):
    """Run the notebooks of `tree` in bubblewrap: all read-only but a fresh HOME and TMPDIR."""
    if shutil.which("bwrap") is None:
        _fail_or_skip(BWRAP_HINT)
    home, tmp = scratch / "home", scratch / "tmp"
    home.mkdir()
    tmp.mkdir()
    # A clean environment, as the README's hub setup gives: no PYTHONPATH (the notebooks find
    # the course from where they sit), one
    # BLAS thread per student (which also keeps this fast on a busy machine), and the
    # OpenBLAS kernels of the recorded outputs (root conftest.py; binder/start on a hub).
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(home),
           "TMPDIR": str(tmp), "LANG": "C.UTF-8",
           "OPENBLAS_NUM_THREADS": "1",
           "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "Haswell")}
    paths = [str(tree / "notebooks" / name) for name in notebooks]
    cmd = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
           "--bind", str(home), str(home), "--bind", str(tmp), str(tmp),
           "--unshare-net", "--unshare-pid", "--die-with-parent", "--chdir", str(tree),
           "--", sys.executable, "-c", RUNNER, json.dumps([AUDIT_CELL, REPORT_CELL, paths])]
    before = _listing(tree)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert proc.returncode == 0, f"the sandboxed run failed:\n{proc.stderr[-4000:]}"
    after = _listing(tree)
    changed = sorted(set(before.items()) ^ set(after.items()))
    assert not changed, f"files under the copy changed: {changed[:20]}"
    results = json.loads(proc.stdout)
    for path, result in results.items():
        report = result["report"]
        assert "writes" in report, f"{path}: the report cell did not run: {report}"
        assert Path(report["package"]).is_relative_to(tree), report["package"]
        assert Path(report["datasets"]).is_relative_to(tree), report["datasets"]
        for key in ("mpl_config", "mpl_cache", "ipython_dir"):
            assert Path(report[key]).is_relative_to(home), (key, report[key])
        bad = [(event, p) for event, p in report["writes"]
               if "__pycache__" not in Path(p).parts        # CPython's bytecode cache
               and not (Path(p).is_relative_to(home) or Path(p).is_relative_to(tmp))]
        assert not bad, f"{Path(path).name}: the kernel tried to write outside HOME/TMPDIR: {bad}"
    return results


def _problems(cells):
    """(index, what) of code cells that did not run, failed or wrote to stderr."""
    found = []
    for i, cell in enumerate(cells):
        if cell["type"] != "code" or not cell["source"].strip():
            continue
        if cell["count"] is None:
            found.append((i, "not executed"))
        for out in cell["outputs"]:
            if out.get("output_type") == "error":
                found.append((i, f"{out['ename']}: {out['evalue']}"))
            elif out.get("name") == "stderr":
                found.append((i, "stderr: " + out["text"][:300]))
    return found


# Lesson 3 trains deep networks for minutes; nbval runs it to the end in every test run. Here,
# lessons 1 and 2 run to the end, and lesson 3's start (imports, first cells) runs in the
# student edition below.
READ_ONLY_LESSONS = LESSONS[:2]


def test_repository_lessons_run_read_only(trees, tmp_path):
    results = _run_read_only(trees["repository"], READ_ONLY_LESSONS, tmp_path)
    assert len(results) == len(READ_ONLY_LESSONS)
    for path, result in results.items():
        assert result["error"] is None, f"{Path(path).name}: {result['error']}"
        assert not _problems(result["cells"]), f"{Path(path).name}: {_problems(result['cells'])}"


def test_student_edition_opens_read_only_up_to_the_first_exercise(trees, tmp_path):
    results = _run_read_only(trees["student_edition"], LESSONS, tmp_path)
    assert len(results) == len(LESSONS)
    for path, result in results.items():
        name, error = Path(path).name, result["error"]
        assert error is not None, (name, "ran to the end")
        # the first exercise: one in the notebook (its assert says what to do) or a graded
        # function (its stub's message)
        assert (error["ename"] == "AssertionError" and error["evalue"].strip()) or (
            error["ename"] == "NotImplementedError"
            and re.match(r"Exercise '\w+' is not done yet", error["evalue"])), (name, error)
        before = result["cells"][:error["cell"]]
        assert any(c["type"] == "code" for c in before), f"{name}: stops at its first cell"
        assert not _problems(before), (name, _problems(before))
        if name == LESSONS[0]:
            # the data was read (209 training pictures, 64x64 RGB: the schema in the README)
            printed = "".join(o.get("text", "") for c in before for o in c["outputs"])
            assert "train_x_orig: (209, 64, 64, 3) uint8" in printed, printed[-2000:]
