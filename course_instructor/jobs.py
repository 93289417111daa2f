"""Step 3 of grading: run the exercises of one submission in sandboxed children.

The library the children import is built once per run (:func:`build_library`) as the
release builds the student edition's copy of the package -- from the release's own file
list, every solution region stubbed, then its leak check -- plus the child's program
(:mod:`course_instructor.runner`) and the codec it shares with the grader
(:mod:`course_instructor.codec`). It is bound read-only at ``/course`` in every sandbox
(:mod:`course_instructor.sandbox`).

A job is the exercises of one submission: one sandbox, in which
each exercise is its own child (a fresh fork of the sandbox's first process, its own uid
when the grader is root, its own time limit, an emptied scratch and results folder; see
:meth:`Sandbox.run_batch`). Its folder, which the sandbox sees read-only at ``/job``::

    submission/<m>.py     the submission's graded modules, as read by the archive step
    <k>/job.json          exercise k: module, function, the submission's module paths (as
                          the child sees them: /job/submission/<m>.py), its hidden inputs
    <k>/inputs.npz        their arrays (no pickle)

Child ``k`` writes its results to ``/job/results`` (a size-capped tmpfs); the supervisor
sends them back, and they are in the job folder's ``results-<k>/`` on the host when the
sandbox has ended, where :mod:`course_instructor.scoring` reads them.
"""
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from course_instructor import codec, release, sandbox
from course_instructor.archive import ArchiveLimits
from course_instructor.exercises import PACKAGE_DIR, GradingError
from course_utils.checks import imports

RUNNER_NAME = "_grading_runner.py"
CODEC_NAME = "_grading_codec.py"          # the name the runner imports the codec by
RUNNER_FILE = Path(__file__).with_name("runner.py")    # runs in the child only (no import)
RUNNER_ARGS = ["-S", "-s", "-P", "-B", "{lib}/" + RUNNER_NAME, "{job}/<k>", "{results}"]
# Imported by the sandbox's first process before it forks the child: the instructor's
# helpers, loaded once per job instead of once per child start (see _supervisor). Not
# course_utils.activations: its sigmoid is lesson 1's graded one, which must come from the
# submission (the child imports it after installing the finder of the student's modules).
PRELOAD = ("numpy", "json", "importlib.util", "_grading_codec", "course_utils",
           "course_utils.checks.diagnosis", "course_utils.files",
           "course_utils._validation", "course_utils.metrics", "course_utils.markers")
CHILD_ENV = {"PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
             "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"}


@dataclass
class Limits:
    """The limits of a grading run (see INSTRUCTORS.md, "Sandbox")."""
    timeout: float = None        # seconds per exercise; None: each exercise's own
    memory_mb: int = 1024        # memory of one child (the whole job where a cgroup holds)
    file_mb: int = 64            # largest file the child may write
    processes: int = 64          # processes and threads of one child
    scratch_mb: int = 64         # its /tmp (cwd, HOME, TMPDIR)
    max_module_bytes: int = 1 << 20     # a graded module bigger than this is not graded
    max_zip_members: int = 10_000
    max_zip_bytes: int = 200 << 20      # a submission's .zip file
    # What the children of one submission may send back, all its exercises together
    # (the reference's 27: about 0.26 MB): the grader's memory stays small whatever a
    # child returns (a result over it is that child's error, see scoring).
    max_result_bytes: int = 4 << 20

    def sandbox(self):
        return sandbox.SandboxLimits(
            processes=self.processes, memory_bytes=self.memory_mb << 20,
            scratch_bytes=self.scratch_mb << 20, results_bytes=self.max_result_bytes,
            file_bytes=self.file_mb << 20)

    def archive(self):
        return ArchiveLimits(max_archive_bytes=self.max_zip_bytes,
                             max_members=self.max_zip_members,
                             max_module_bytes=self.max_module_bytes)


def build_library(dest, package_dir=PACKAGE_DIR):
    """The package the children import, as the student edition ships it: the files the
    release lists for ``package_dir`` (the ``course_utils`` folder of the course
    repository: git's files, or a walk; never compiled Python), each written by
    :func:`course_instructor.release.ship_file` (solutions stubbed), then the release's
    leak check over all of it; and beside it the child's program as
    ``_grading_runner.py`` and the codec as ``_grading_codec.py``. So an editor's backup
    (``logistic_regression.py~``) or any stray file holding a solution line stops the run
    (:class:`GradingError`, naming it) instead of reaching the sandbox. Returns ``dest``."""
    package_dir = Path(package_dir).resolve()
    root, name = package_dir.parent, package_dir.name
    dest = Path(dest)
    regions = []
    for rel in release.list_repo_files(root, under=name)[0]:
        inside = f"course_utils/{rel.split('/', 1)[1]}"
        regions += release.ship_file(root / rel, dest / inside, inside)
    shutil.copyfile(RUNNER_FILE, dest / RUNNER_NAME)
    shutil.copyfile(Path(codec.__file__), dest / CODEC_NAME)
    report = release.find_leaks(dest, regions, source_root=root)
    if report.leaks:
        raise GradingError("solution lines would reach the sandbox's copy of the course; "
                           "move these files out of the package (an editor's backup?) and "
                           "run again:\n  " + "\n  ".join(report.leaks))
    return dest


def make_sandbox(library, limits, mode="bwrap"):
    """The :class:`~course_instructor.sandbox.Sandbox` of a run; raises
    :class:`~course_instructor.sandbox.SandboxUnavailable` (with the reason and how to
    fix it) when ``mode`` is "bwrap" and bubblewrap cannot run here."""
    return sandbox.Sandbox(library, limits.sandbox(), mode=mode, preload=PRELOAD)


def write_job(job, sub, batch, box):
    """Write the job folder of the exercises ``batch`` for ``sub``."""
    base = sandbox.JOB if box.mode == "bwrap" else str(job)
    (job / "submission").mkdir()
    paths = {}
    for module, source in sorted(sub.modules.items()):
        (job / "submission" / f"{module}.py").write_bytes(source)
        paths[module] = f"{base}/submission/{module}.py"
    for k, graded in enumerate(batch):
        ex = graded.exercise
        (job / str(k)).mkdir()
        (job / str(k) / "inputs.npz").write_bytes(graded.inputs_npz)
        (job / str(k) / "job.json").write_text(json.dumps({
            "module": ex.module, "function": ex.function, "student_modules": paths,
            "cases": graded.job_cases}), encoding="utf-8")


def run_job(box, sub, batch, scratch, limits):
    """Run the exercises ``batch`` on ``sub`` in one sandbox of ``box``;
    return ``(RunResults, their results folders, the job folder)``.

    The job folder (inside ``scratch``) holds the results; the caller removes it.
    """
    job = Path(tempfile.mkdtemp(prefix="job-", dir=scratch))
    write_job(job, sub, batch, box)
    commands = [([a.replace("<k>", str(k)) for a in RUNNER_ARGS],
                 limits.timeout if limits.timeout else graded.timeout)
                for k, graded in enumerate(batch)]
    env = dict(CHILD_ENV)
    coretype = os.environ.get("OPENBLAS_CORETYPE", "")
    if coretype.isalnum():                   # the BLAS kernels the grader itself uses
        env["OPENBLAS_CORETYPE"] = coretype
    results = [job / f"results-{k}" for k in range(len(batch))]
    preload = sorted({name for source in sub.modules.values()
                      for name in imports.preloadable(source.decode("utf-8", "replace"))})
    return (box.run_batch(commands, job, env=env, results=results, preload=preload),
            results, job)
