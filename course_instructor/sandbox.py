"""Run grading children in an OS sandbox (bubblewrap on Linux), and get their results back.

The autograder starts one sandbox per submission (a *job*), in which each exercise is a
child of its own, one after the other (:meth:`Sandbox.run_batch`; :meth:`Sandbox.run`
runs one). Under :class:`Sandbox` the children run in ``bwrap`` with:

* new PID, network, IPC, UTS (and, where possible, cgroup) namespaces: they see no process
  of the host (``/proc`` is fresh), have only their own loopback interface, and the first
  process is our supervisor (:mod:`_supervisor`), so when it ends everything inside dies;
  each child is a fresh fork of the supervisor, which has imported NumPy and the
  instructor's helpers once (one interpreter start per submission) and never runs
  student code; when a child ends, every process in the sandbox is killed and its
  scratch and results folders are emptied before the next one starts;
* read-only binds of only what it needs, at fixed paths::

      /python/bin/python3.X      the interpreter (the venv's base interpreter)
      /python/lib/python3.X      its standard library (site-/dist-packages hidden)
      /python/lib/libpython...   the shared libpython, if the interpreter uses one
      /site/<name>               exactly the packages lesson modules may import (NumPy,
                                 Matplotlib, SciPy, scikit-learn, h5py, Pillow: see
                                 course_utils.checks.imports) and those they need, one
                                 top-level folder or module each (``numpy``,
                                 ``numpy.libs``, ``pylab.py``, ``*.dist-info``, ...): never
                                 the site folder itself, so no ``.pth`` file, no editable
                                 install's finder and no other package of the grader's
      /usr/lib/<multiarch>, /usr/lib64 (+ /lib, /lib64 links)   system libraries
      /course                    the private library copy (solutions stubbed)
      /job                       the job's own inputs (job.json, inputs.npz, ...)
      /sandbox/supervise.py      a copy of the supervisor (``--ro-bind-data``)

  and nothing else: no home, checkout, venv, other job, ``/etc`` or ``/usr/bin``
  (``/proc/self/mountinfo`` does name the host folders these come from; nothing beside
  them is reachable);
* writable only: ``/tmp`` (cwd, HOME, TMPDIR) and ``/job/results``, two size-limited
  tmpfs (``bwrap --size``); ``/``, ``/dev`` and everything bound are read-only;
* ``--die-with-parent``, ``--new-session`` (no TIOCSTI into the grader's terminal),
  ``--cap-drop ALL``, a cleared environment, ``no_new_privs`` (bwrap sets it), and a
  seccomp filter (:func:`seccomp_filter`) that refuses new user namespaces
  (``clone``/``unshare`` with ``CLONE_NEWUSER``; ``clone3``), ``ptrace``, the keyrings,
  io_uring, ``userfaultfd``, ``bpf``, ``perf_event_open``, file locks and inotify (on
  the shared read-only files they would be seen by the other sandboxes) and foreign
  syscall ABIs;
* its own unprivileged uid (each child its own, see "Root and unprivileged" below), a
  process cap and a memory cap (see "Limits").

The results come back through the supervisor: when a command has ended (or its time is
up) it kills everything else in the sandbox and sends the regular files of
``/job/results`` over a pipe; :meth:`Sandbox.run_batch` checks every name and size again
and writes them to the host's ``JOB_DIR/results-<k>`` (:meth:`Sandbox.run`:
``JOB_DIR/results``). Nothing in the sandbox can write to the host's file system.

Root and unprivileged
---------------------
* Grader run as **root** (CI, course servers): bwrap runs privileged, without a user
  namespace (as root, ``--unshare-user`` would map the child to uid 0 of the host). The
  supervisor keeps only CAP_SETUID, CAP_SETGID, CAP_KILL and CAP_SETPCAP and starts each
  command as a **uid and gid of its own** (``UID_BASE`` + n, no supplementary groups),
  after emptying the command's capability bounding set (CAP_SETPCAP is what allows that):
  a host uid that owns no file and has no capability in any set (permitted, effective,
  inheritable, ambient, bounding). RLIMIT_NPROC then counts that command's processes
  only; as uid 0 it would count nothing (the kernel does not apply it to root).
* Grader run as an **unprivileged user**: bwrap creates a user namespace (unprivileged
  user namespaces must be enabled) and the child is uid 65534 inside it, which is the
  grader's uid outside (bwrap can map only its own uid). It is contained by the
  namespaces and read-only binds; RLIMIT_NPROC counts per user namespace (Linux >= 5.14),
  so it still caps the job alone.

Limits
------
* Processes (``SandboxLimits.processes``, threads included): a cgroup's ``pids.max``
  where a cgroup is available, and always RLIMIT_NPROC for the command (per job uid as
  root, per user namespace otherwise).
* Memory (``memory_bytes``): for the **whole job** (all its processes and its tmpfs
  pages) where a cgroup is available (``memory.max`` or v1 ``memory.limit_in_bytes``,
  without swap); otherwise RLIMIT_AS only, which is **per process**: then the job can use
  up to ``processes x memory_bytes`` plus the two tmpfs.
* Disk: the two tmpfs are capped by size (``scratch_bytes``, ``results_bytes``; a file
  of 1 byte takes a 4 KiB page, so many small files are capped too). Empty files take
  an inode each, which bwrap cannot cap (no ``nr_inodes``): they are bounded by the
  cgroup's memory where there is one, else only by the time limit.
* Time: the supervisor kills each command when its processes together have used its
  ``timeout`` in seconds of CPU time -- the time limit is judged on CPU time, so a
  verdict does not depend on the machine's load or on the jobs beside it -- or, as a
  backstop for a command that sleeps or is starved, when ``wall_factor`` times that has
  passed on the clock (:attr:`RunResult.starved` says whether it spent much of that
  waiting for a CPU). The grader kills the whole sandbox when the sum of the backstops,
  plus ``grace`` s and 2 s per command, has passed, whatever happens (a SIGKILL to bwrap;
  with ``--die-with-parent`` and the PID namespace, everything inside dies with it).
* The commands of one batch run one at a time, so each has the caps to itself; they
  share the cgroup, the tmpfs and the IPC namespace (emptied of processes and files
  between commands; a System V IPC object one leaves is not removed until the batch
  ends). The grader puts one submission's exercises in a batch: what one of them leaves
  can only cost that submission.
* Stopping: :meth:`Sandbox.stop` kills every running sandbox and refuses new ones (the
  grader was interrupted).

A cgroup is used when the grader can create sub-groups of its own cgroup with the memory
and pids controllers (cgroup v1, or v2 with both in ``cgroup.subtree_control``, e.g. a
delegated cgroup); :attr:`Sandbox.limits_mode` says which mode holds. A job that cannot
enter its cgroup is not run (its result's ``problem`` says so).

Threads: ``--die-with-parent`` is tied to the *thread* that started bwrap (Linux's
parent-death signal), so call :meth:`Sandbox.run` from threads that outlive the job (a
thread pool's workers do).

Without bubblewrap (macOS, a host without user namespaces, a container that forbids
them), :func:`sandbox_available` says why, and :class:`Sandbox` refuses unless
``mode="unsandboxed"`` is passed: a plain child process with resource limits, for trusted
code only.
"""
import functools
import itertools
import marshal
import os
import platform
import re
import selectors
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from course_instructor import _supervisor, transport

JOB = "/job"
LIB = "/course"
SITE = "/site"
PYTHON_PREFIX = "/python"
SUPERVISOR = "/sandbox/supervise.py"
SANDBOX_UID = 65534            # the child's uid inside a user namespace (unprivileged grader)
UID_BASE = 2_000_000_000       # per-job host uids when the grader is root: UID_BASE + n
INSTALL_HINT = ("install bubblewrap: `apt-get install bubblewrap` (Debian/Ubuntu), "
                "`dnf install bubblewrap` (Fedora)")
TRUSTED_HINT = ("To grade trusted code without a sandbox, pass --unsandboxed "
                "(mode='unsandboxed').")


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run here; ``str(err)`` says why and how to fix it."""


@dataclass(frozen=True)
class SandboxLimits:
    """Resource limits of one job (see the module docstring for what holds where)."""
    processes: int = 64               # tasks (processes and threads)
    memory_bytes: int = 1 << 30       # the whole job with a cgroup; per process without
    scratch_bytes: int = 64 << 20     # tmpfs /tmp (cwd, HOME, TMPDIR)
    results_bytes: int = 64 << 20     # tmpfs /job/results, and most bytes copied back
    results_files: int = 1000         # most result files copied back
    file_bytes: int = 64 << 20        # RLIMIT_FSIZE: the largest file it may write
    open_files: int = 256             # RLIMIT_NOFILE
    stderr_bytes: int = 4000          # head of stderr kept for the instructor
    wall_factor: float = 3.0          # the wall-clock backstop, in time limits
    grace: float = 5.0                # s after the backstops before the grader kills it all
    use_cgroup: bool = True           # use a cgroup where one is available


@dataclass(frozen=True)
class RunResult:
    """How one sandboxed command ended.

    ``returncode``: its exit status (None if a signal ended it or it never ran);
    ``signal``: the signal number that ended it, or None; ``timed_out``: the time limit
    (CPU time) or the wall-clock backstop was reached; ``wall``: seconds from start to
    its end (to the end of the sandbox if it sent no status); ``cpu``: seconds of CPU
    time its processes used (None if unknown); ``starved``: it was stopped by the
    backstop after spending at least a quarter of that time waiting for a CPU (the
    machine's load or the jobs beside it, not its own doing); ``stderr``: the
    first bytes of its stderr (and bwrap's), decoded -- text the student controls, for the
    instructor only; ``problem``: a fixed sentence when the sandbox itself failed or results
    were not all copied back, else None; ``oom_killed``: the cgroup's memory cap killed a
    process; ``uid``: the host uid the command ran as; ``sandbox_failed``: the sandbox
    itself did not run the command to its end (it could not start or enter its cgroup,
    ended without a status although neither the time nor the memory limit was reached, or
    the run was stopped by :meth:`Sandbox.stop`): nothing the command did explains it.
    """
    returncode: object
    signal: object
    timed_out: bool
    wall: float
    stderr: str
    problem: object = None
    oom_killed: bool = False
    uid: object = None
    sandbox_failed: bool = False
    cpu: object = None
    starved: bool = False


# ------------------------------------------------------------------ seccomp
_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}     # AUDIT_ARCH_*
EPERM, ENOSYS = 1, 38
# name: (number on x86_64, on aarch64 (None: none there), the errno the filter answers)
REFUSED = {
    "clone3": (435, 435, ENOSYS),        # its flags are in memory: libc falls back to clone
    "ptrace": (101, 117, EPERM),
    # the kernel's keyrings are not namespaced: a key with "other: view" is visible in
    # every sandbox, and a uid's keyring outlives its job: a channel between submissions
    "add_key": (248, 217, EPERM), "request_key": (249, 218, EPERM),
    "keyctl": (250, 219, EPERM),
    # large kernel attack surfaces a lesson never needs
    "io_uring_setup": (425, 425, EPERM), "io_uring_enter": (426, 426, EPERM),
    "io_uring_register": (427, 427, EPERM), "userfaultfd": (323, 282, EPERM),
    "bpf": (321, 280, EPERM), "perf_event_open": (298, 241, EPERM),
    # locks and change notifications on the read-only files every sandbox shares (the
    # library, NumPy, the interpreter) would be seen by the other sandboxes: a channel.
    # ENOSYS, as on a file system without locks (HDF5, for one, then goes on unlocked).
    "flock": (73, 32, ENOSYS), "inotify_init": (253, None, ENOSYS),
    "inotify_init1": (294, 26, ENOSYS),
}
# fcntl's lock, lease and notification commands (F_GETLK, F_SETLK, F_SETLKW, the "open
# file description" ones, F_SETLEASE, F_GETLEASE, F_NOTIFY): ENOSYS like flock.
FCNTL = {"x86_64": 72, "aarch64": 25}
FCNTL_LOCKS = (5, 6, 7, 36, 37, 38, 1024, 1025, 1026)
# clone and unshare: refused (EPERM) with CLONE_NEWUSER only
CLONE = {"x86_64": (56, 272), "aarch64": (220, 97)}
CLONE_NEWUSER = 0x10000000


def seccomp_filter(machine=None):
    """A classic-BPF seccomp program (bytes, for ``bwrap --seccomp``), or None.

    It refuses every syscall of another ABI (i386, x32) with ENOSYS, the calls of
    :data:`REFUSED` with their errno, fcntl's lock commands (:data:`FCNTL_LOCKS`) with
    ENOSYS, and ``clone``/``unshare`` with CLONE_NEWUSER (EPERM); everything else is
    allowed. None on architectures it does not know.
    """
    machine = machine or platform.machine()
    if machine not in _ARCH:
        return None
    column = 0 if machine == "x86_64" else 1
    ld, jeq, jset, jge, ret = 0x20, 0x15, 0x45, 0x35, 0x06      # BPF opcodes
    allow, errno = 0x7FFF0000, 0x00050000
    nr, arg0, arg1 = 0, 16, 24               # offsets in seccomp_data (little-endian)

    def op(code, k, jt=0, jf=0):
        return struct.pack("=HBBI", code, jt, jf, k)
    prog = [op(ld, 4), op(jeq, _ARCH[machine], 1, 0), op(ret, errno | ENOSYS),  # arch check
            op(ld, nr)]
    if machine == "x86_64":                                       # the x32 ABI
        prog += [op(jge, 0x40000000, 0, 1), op(ret, errno | ENOSYS)]
    for numbers in REFUSED.values():
        if numbers[column] is not None:
            prog += [op(jeq, numbers[column], 0, 1), op(ret, errno | numbers[2])]
    locks = [op(ld, arg1)] + [op(jeq, cmd, len(FCNTL_LOCKS) - k, 0)
                              for k, cmd in enumerate(FCNTL_LOCKS)]
    locks += [op(ret, allow), op(ret, errno | ENOSYS)]
    prog += [op(jeq, FCNTL[machine], 0, len(locks))] + locks
    clone, unshare = CLONE[machine]
    prog += [op(jeq, clone, 1, 0), op(jeq, unshare, 0, 3),
             op(ld, arg0), op(jset, CLONE_NEWUSER, 0, 1), op(ret, errno | EPERM),
             op(ret, allow)]
    return b"".join(prog)


# ------------------------------------------------------------------ what the child needs
@dataclass(frozen=True)
class _Layout:
    exe: str            # host path of the real interpreter
    stdlib: str         # host path of its standard library
    libpython: object   # host path of libpython (shared builds), or None
    numpy: str          # host path of numpy/
    site: tuple         # ((name, host path), ...): what is bound at /site/<name>

    @property
    def version_dir(self):
        return f"python{sys.version_info.major}.{sys.version_info.minor}"


def lesson_distributions():
    """The installed distributions a lesson module may use and everything they need: the
    packages of :data:`course_utils.checks.imports.LESSON_PACKAGES` and their
    requirements (not their extras), as ``{normalised name: Distribution}``."""
    import importlib.metadata as metadata

    from course_utils.checks.imports import LESSON_PACKAGES

    found, todo = {}, list(LESSON_PACKAGES.values())
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue                # an optional dependency that is not installed
        found[name] = dist
        for requirement in dist.requires or []:
            spec, _, marker = requirement.partition(";")
            if "extra" in marker or not _marker_holds(marker):
                continue
            todo.append(re.match(r"[A-Za-z0-9._-]+", spec.strip()).group())
    return found


def _marker_holds(marker):
    """Whether an environment marker (without extras) holds here; True if unsure."""
    marker = marker.strip()
    if not marker:
        return True
    try:
        from packaging.markers import Marker
        return Marker(marker).evaluate()
    except Exception:       # noqa: BLE001 -- no packaging, or a marker it cannot read
        return True


def site_entries(distributions):
    """``((name, host path), ...)``: the top-level folders and modules the distributions
    installed (their packages, ``*.libs`` folders of bundled libraries, single-file
    modules and ``.dist-info`` metadata), sorted; never a ``.pth`` file, an editable
    install's finder, a ``__pycache__`` or a script outside the site folder."""
    entries = {}
    for dist in distributions.values():
        for file in dist.files or []:
            top = file.parts[0] if file.parts else ""
            if (not top or top in ("..", "__pycache__") or top.endswith(".pth")
                    or top.startswith("__editable__") or top in entries):
                continue
            path = dist.locate_file(top)
            if len(file.parts) == 1 and not top.endswith((".py", ".so")):
                continue            # a loose data file at the top: not importable
            if os.path.exists(path):
                entries[top] = os.path.realpath(path)
    return tuple(sorted(entries.items()))


@functools.cache
def _layout():
    import numpy
    exe = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
    stdlib = os.path.dirname(os.path.realpath(os.__file__))
    libpython = None
    if sysconfig.get_config_var("Py_ENABLE_SHARED"):
        name = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY")
        candidate = os.path.join(sysconfig.get_config_var("LIBDIR") or "", name or "")
        libpython = os.path.realpath(candidate) if os.path.isfile(candidate) else None
    np_dir = os.path.dirname(os.path.realpath(numpy.__file__))
    site = dict(site_entries(lesson_distributions()))
    site["numpy"] = np_dir                  # the NumPy the grader itself imported
    return _Layout(exe, stdlib, libpython, np_dir, tuple(sorted(site.items())))


class _Mounts:
    """bwrap's mount arguments, in order; every folder that bwrap has to create on the way
    to a mount point is made first with mode 0755 (bwrap run as root makes them 0700, which
    a per-job uid could not enter)."""

    def __init__(self):
        self.args, self.made = [], {"/"}

    def _parents(self, dest):
        parts = Path(dest).parent.parts
        for i in range(2, len(parts) + 1):
            d = "/".join(("",) + parts[1:i])
            if d not in self.made:
                self.made.add(d)
                self.args += ["--perms", "0755", "--dir", d]

    def add(self, op, dest, *, src=None, size=None, perms=None):
        self._parents(dest)
        if perms:
            self.args += ["--perms", perms]
        if size is not None:
            self.args += ["--size", str(size)]
        self.args += [op] + ([src] if src is not None else []) + [dest]
        self.made.add(dest)
        return self


def _system_mounts(m):
    """The system libraries and the dynamic loader's links (/lib, /lib64)."""
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    usr_lib = f"/usr/lib/{multiarch}" if multiarch and os.path.isdir(
        f"/usr/lib/{multiarch}") else "/usr/lib"
    for src in (usr_lib, "/usr/lib64"):
        if os.path.isdir(src) and not os.path.islink(src):
            m.add("--ro-bind", src, src=src)
    for top in ("/lib", "/lib64"):
        if os.path.islink(top):
            m.add("--symlink", top, src=os.readlink(top))
        elif os.path.isdir(top):
            m.add("--ro-bind", top, src=top)


# ------------------------------------------------------------------ cgroups
def _mounts():
    """[(fstype, mount point, root, super options)] of the cgroup file systems."""
    found = []
    try:
        with open("/proc/self/mountinfo", encoding="utf-8") as f:
            for line in f:
                left, _, right = line.partition(" - ")
                fields, tail = left.split(), right.split()
                if len(fields) >= 5 and tail and tail[0] in ("cgroup", "cgroup2"):
                    found.append((tail[0], fields[4], fields[3],
                                  set(tail[2].split(",")) if len(tail) > 2 else set()))
    except OSError:
        pass
    return found


class _Cgroups:
    """Sub-groups of the grader's own cgroup(s) with memory and pids caps, one per job."""

    def __init__(self, parents):
        self.parents = parents          # [(version, parent dir, {controllers})]
        self.counter = itertools.count()

    @classmethod
    def discover(cls):
        """(``_Cgroups`` or None, description of the mode or of why there is none)."""
        try:
            with open("/proc/self/cgroup", encoding="utf-8") as f:
                own = [line.rstrip("\n").split(":", 2) for line in f]
        except OSError:
            return None, "no cgroups (/proc/self/cgroup unreadable)"
        mounts = _mounts()
        parents, missing = {}, []
        for controller in ("memory", "pids"):
            where = None
            for _, names, path in own:
                if controller in names.split(","):
                    for fstype, point, root, opts in mounts:
                        if fstype == "cgroup" and controller in opts:
                            where = ("v1", _join(point, root, path))
            if where is None:
                v2 = [line for line in own if line[0] == "0" and line[1] == ""]
                for fstype, point, root, _ in mounts:
                    if fstype == "cgroup2" and v2:
                        parent = _join(point, root, v2[0][2])
                        if controller in _read(Path(parent, "cgroup.subtree_control")).split():
                            where = ("v2", parent)
            if where is None:
                missing.append(controller)
            else:
                parents.setdefault(where, set()).add(controller)
        if missing:
            return None, ("no cgroup with the " + " and ".join(missing) + " controller"
                          + ("s" if len(missing) > 1 else "") + " for sub-groups of the "
                          "grader's cgroup (cgroup v2: a delegated cgroup is needed)")
        found = cls([(v, p, c) for (v, p), c in sorted(parents.items())])
        found.remove_stale()
        probe = found.create(1 << 30, 64)
        if isinstance(probe, str):
            return None, probe
        probe.remove()
        versions = sorted({v for v, _, _ in found.parents})
        return found, f"cgroup {'+'.join(versions)} (a memory and a pids cap for each job)"

    def remove_stale(self):
        """Remove the empty job groups of graders that no longer run (one killed mid-run
        cannot remove its own; --die-with-parent has already emptied them)."""
        for _, parent, _ in self.parents:
            try:
                names = os.listdir(parent)
            except OSError:
                continue
            for name in names:
                m = re.fullmatch(r"nn-course-(\d+)-\d+", name)
                if m and not _alive(int(m.group(1))):   # its last processes may be exiting
                    _JobGroup([(None, Path(parent, name), ())]).remove(attempts=50)

    def create(self, memory_bytes, processes):
        """A :class:`_JobGroup`, or a string saying why it could not be made."""
        name = f"nn-course-{os.getpid()}-{next(self.counter)}"
        dirs = []
        try:
            for version, parent, controllers in self.parents:
                d = Path(parent, name)
                d.mkdir()
                dirs.append((version, d, controllers))
                if "memory" in controllers:
                    if version == "v1":
                        _write(d / "memory.limit_in_bytes", memory_bytes)
                        _write(d / "memory.memsw.limit_in_bytes", memory_bytes, must=False)
                    else:
                        _write(d / "memory.max", memory_bytes)
                        _write(d / "memory.swap.max", 0, must=False)
                if "pids" in controllers:
                    _write(d / "pids.max", processes)
        except OSError as err:
            _JobGroup(dirs).remove()
            return f"cannot create a cgroup for the job ({type(err).__name__}: {err})"
        return _JobGroup(dirs)


class _JobGroup:
    def __init__(self, dirs):
        self.dirs = dirs

    @property
    def procs_files(self):
        return [str(d / "cgroup.procs") for _, d, _ in self.dirs]

    def oom_killed(self):
        for version, d, controllers in self.dirs:
            if "memory" in controllers:
                text = _read(d / ("memory.oom_control" if version == "v1" else "memory.events"))
                m = re.search(r"^oom_kill (\d+)$", text, re.MULTILINE)
                if m and int(m.group(1)) > 0:
                    return True
        return False

    def kill(self):
        for version, d, _ in self.dirs:
            if version == "v2" and _write(d / "cgroup.kill", 1, must=False):
                continue
            for pid in _read(d / "cgroup.procs").split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (OSError, ValueError):
                    pass

    def remove(self, attempts=100):
        for _, d, _ in reversed(self.dirs):
            for _ in range(attempts):         # its last processes may still be exiting
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    self.kill()
                    time.sleep(0.01)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _join(point, root, path):
    rel = os.path.relpath(path, root) if path.startswith(root) else path.lstrip("/")
    return os.path.normpath(os.path.join(point, "" if rel == "." else rel))


def _read(path):
    try:
        return Path(path).read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""


def _write(path, value, must=True):
    try:
        with open(path, "w", encoding="ascii") as f:
            f.write(f"{value}\n")
        return True
    except OSError:
        if must:
            raise
        return False


# ------------------------------------------------------------------ the stream
def parse_stream(data, max_files, max_bytes):
    """What the supervisor sent: ``(done, partial, problem)``.

    ``done``: ``[(files, stderr head, status)]``, one per command that ended (``files``:
    ``{name: bytes}``, at most ``max_files`` per command, ``max_bytes`` in all);
    ``partial``: ``(files, stderr head)`` of the command that was running when the
    stream stopped (empty if none); ``problem``: None if the stream is whole, else a fixed
    sentence. Every length, name and count is checked here again, because the student's
    code may have written to the same pipe.
    """
    done, files, head, pos, total = [], {}, b"", len(_supervisor.MAGIC), 0
    if not data.startswith(_supervisor.MAGIC):
        return [], ({}, b""), "the sandbox sent no results (it did not start, or was killed)"
    while pos < len(data):
        tag, pos = data[pos:pos + 1], pos + 1
        if tag == b"F" and pos + 2 <= len(data):
            (n,), pos = struct.unpack(">H", data[pos:pos + 2]), pos + 2
            name, pos = data[pos:pos + n], pos + n
            if pos + 8 > len(data):
                break
            (size,), pos = struct.unpack(">Q", data[pos:pos + 8]), pos + 8
            if pos + size > len(data):
                break
            body, pos = data[pos:pos + size], pos + size
            try:
                text = name.decode("ascii")
            except UnicodeDecodeError:
                text = ""
            if not _supervisor.valid_name(text) or text in files \
                    or len(files) >= max_files or total + size > max_bytes:
                return done, (files, head), ("the sandbox's results were malformed; some "
                                             "were dropped")
            files[text] = bytes(body)
            total += size
        elif tag in (b"E", b"S") and pos + 4 <= len(data):
            (n,), pos = struct.unpack(">I", data[pos:pos + 4]), pos + 4
            body, pos = bytes(data[pos:pos + n]), pos + n
            if len(body) < n:
                break
            if tag == b"E":
                head = body[:1 << 16]
                continue
            try:
                status = transport.loads_json(body, max_bytes=4096, max_depth=2)
            except transport.TransportError:
                status = None
            if not isinstance(status, dict):
                return done, (files, head), "the sandbox's status was malformed"
            done.append((files, head, status))
            files, head = {}, b""
        else:
            break
    else:                           # every frame whole: a cut stream breaks out above
        if not files and not head:
            return done, ({}, b""), None
    return done, (files, head), ("the sandbox's results were cut short (it was killed or "
                                 "timed out)")


# ------------------------------------------------------------------ the sandbox
class Sandbox:
    """Runs grading children, each in its own sandbox (or unsandboxed, on request).

    Parameters
    ----------
    library : path
        The private library copy (bound read-only at ``/course``, first on PYTHONPATH); a
        folder of the grader's, inside a private (0700) one: when the grader is root it is
        made readable by others, so that the per-job uids can read it.
    limits : SandboxLimits
    mode : "bwrap" or "unsandboxed"
        "unsandboxed" runs a plain child with resource limits (today's behaviour: it can
        read and write whatever the grader can); it is never chosen automatically.
    preload : tuple of str
        Modules the supervisor imports before it forks the command (default NumPy).

    Attributes
    ----------
    root : bool, whether the grader runs as root (per-job uids) or not (user namespace).
    cgroups : the job cgroups in use, or None (rlimits only).
    uid_mode, limits_mode : str, what holds here, in words; :meth:`describe` joins them.

    Raises :class:`SandboxUnavailable` (mode "bwrap") when bubblewrap cannot run here.
    Thread-safe: :meth:`run` may be called from several threads at once.
    """

    def __init__(self, library, limits=SandboxLimits(), mode="bwrap", preload=("numpy",),
                 _probe=False):
        if mode not in ("bwrap", "unsandboxed"):
            raise ValueError(f"mode must be 'bwrap' or 'unsandboxed'; got {mode!r}")
        self.library = Path(library).resolve()
        if not self.library.is_dir():
            raise ValueError(f"library must be a folder; got {library}")
        self.limits = limits
        self.mode = mode
        self.layout = _layout()
        self.preload = tuple(preload)
        self._supervisor_source = Path(_supervisor.__file__).read_bytes()
        self.python = (f"{PYTHON_PREFIX}/bin/{os.path.basename(self.layout.exe)}"
                       if mode == "bwrap" else self.layout.exe)
        self.root = os.geteuid() == 0
        self.bwrap = shutil.which("bwrap") or "bwrap"
        self._uids = itertools.count()
        self._lock = threading.Lock()
        self._running = {}            # pid -> (Popen, its cgroup's kill or None)
        self._stopped = False
        self.cgroups = None
        self.limits_mode = ("rlimits (RLIMIT_NPROC per job, RLIMIT_AS per process)"
                            if mode == "bwrap" else "rlimits (RLIMIT_AS per process)")
        if mode == "bwrap" and not _probe:
            ok, reason = sandbox_available()
            if not ok:
                raise SandboxUnavailable(reason)
            if limits.use_cgroup:
                self.cgroups, why = _Cgroups.discover()
                self.limits_mode = why if self.cgroups else f"{self.limits_mode}: {why}"
        if mode == "bwrap" and self.root:
            _open_up(self.library)
        self.uid_mode = ("unsandboxed: the grader's own uid" if mode == "unsandboxed" else
                         "per-job host uid (grader is root)" if self.root else
                         f"uid {SANDBOX_UID} in a user namespace (the grader's uid outside)")

    def describe(self):
        """One line: the mode, the uid and which limits hold (for logs and tests)."""
        return f"{self.mode}; {self.uid_mode}; {self.limits_mode}"

    def stop(self):
        """Kill every running job now and refuse new ones (the grader is interrupted).

        Killing bwrap kills its whole sandbox (``--die-with-parent`` inside, the PID
        namespace); the job's cgroup, if any, is killed too. Each :meth:`run` that was
        running returns a result with ``sandbox_failed`` set. Thread-safe.
        """
        with self._lock:
            self._stopped = True
            running = list(self._running.values())
        for proc, on_kill in running:
            _kill(proc, on_kill)

    def _started(self, proc, on_kill):
        with self._lock:
            self._running[proc.pid] = (proc, on_kill)
            stopped = self._stopped
        if stopped:
            _kill(proc, on_kill)

    def _ended(self, proc):
        with self._lock:
            self._running.pop(proc.pid, None)

    # -------------------------------------------------------------- one command
    def run(self, args, job_dir, timeout, env=None):
        """Run a Python command for one job; return a :class:`RunResult`.

        ``args`` are the interpreter's arguments: flags among ``-S -s -P -B -I -E``, then
        ``SCRIPT ARG...`` or ``-c CODE ARG...``; in them ``{job}``, ``{lib}`` and
        ``{results}`` stand for the job folder, the library and the results folder
        (``/job``, ``/course`` and ``/job/results`` in the sandbox), e.g.
        ``["-S", "-s", "-P", "-B", "{lib}/_grading_runner.py", "{job}"]``. The command runs
        in a fork of the supervisor, which has already imported NumPy (see
        :mod:`_supervisor`), as ``python -S`` with PYTHONPATH = library, NumPy would.

        ``timeout``: its time limit, in seconds of CPU time of all its processes (the
        clock's backstop is ``wall_factor`` times that, see the module docstring).
        ``job_dir`` is bound read-only; it must not hold a non-empty ``results/``. What the
        command leaves in ``{job}/results/`` is in ``job_dir/results/`` when this returns
        (regular files named ``[A-Za-z0-9_][A-Za-z0-9_.-]*``, readable by others -- the
        default umask -- within the file and byte caps; anything else is left out and
        ``problem`` says so).
        ``env`` adds variables to the small fixed environment (PATH, PYTHONPATH, HOME,
        TMPDIR, LC_ALL, one BLAS/OpenMP thread). Never raises for anything the command
        does; raises ValueError for bad arguments.
        """
        job_dir = Path(job_dir).resolve()
        return self.run_batch([(args, timeout)], job_dir, env, [job_dir / "results"])[0]

    def run_batch(self, commands, job_dir, env=None, results=None, preload=()):
        """Run several commands of one job one after the other in one sandbox; return a
        :class:`RunResult` for each.

        ``commands``: ``[(args, timeout)]`` as for :meth:`run`. Each command is a fresh
        fork of the supervisor (nothing of the earlier ones is in it) with its own uid
        when the grader is root, its own time limit, resource limits and stderr; when it
        ends every process in the sandbox is killed, its results are sent, and
        ``{results}`` (``/job/results``) and ``/tmp`` are emptied before the next one.
        What command ``k`` left in ``{results}`` is in ``results[k]`` (default
        ``job_dir/results-<k>``) when this returns; the byte cap holds for all together.
        ``preload``: more modules for the supervisor to import before the first fork,
        for this batch only (one that fails to import is skipped).
        Unsandboxed, command ``k``'s ``{results}`` is ``results[k]`` itself and its cwd,
        HOME and TMPDIR a scratch folder of its own in ``job_dir``.
        """
        if not commands:
            return []
        job_dir = Path(job_dir).resolve()
        if not job_dir.is_dir():
            raise ValueError(f"job_dir must be a folder; got {job_dir}")
        results = [Path(r) for r in results] if results is not None else \
            [job_dir / f"results-{k}" for k in range(len(commands))]
        if len(results) != len(commands):
            raise ValueError(f"results must name one folder per command; got {len(results)} "
                             f"for {len(commands)} commands")
        if self._stopped:
            return [RunResult(None, None, False, 0.0, "", STOPPED, sandbox_failed=True)
                    for _ in commands]
        sandboxed = self.mode == "bwrap"
        job, lib = (JOB, LIB) if sandboxed else (str(job_dir), str(self.library))
        parsed = []
        for k, (args, timeout) in enumerate(commands):
            if not isinstance(timeout, (int, float)) or not timeout > 0:
                raise ValueError(f"timeout must be a positive number of seconds; got "
                                 f"{timeout!r}")
            code, argv, safe_path = _parse_args(args)
            out = f"{JOB}/results" if sandboxed else str(results[k])
            parsed.append({"code": None if code is None else _expand([code], job, lib, out)[0],
                           "argv": _expand(argv, job, lib, out), "safe_path": safe_path,
                           "timeout": timeout, "wall": timeout * self.limits.wall_factor,
                           "limits": self._limits_for(timeout),
                           "uid": None, "gid": None})
        for folder in results + ([job_dir / "results"] if sandboxed else []):
            folder.mkdir(exist_ok=True)
            if any(folder.iterdir()):
                raise ValueError(f"{folder} must be empty before the run")
        config = {"preload": list(self.preload), "sandbox": sandboxed,
                  "optional": [str(m) for m in preload if str(m) not in self.preload],
                  "results": f"{job}/results", "max_files": self.limits.results_files,
                  "max_bytes": self.limits.results_bytes,
                  "stderr_bytes": self.limits.stderr_bytes, "commands": parsed}
        env = dict(THREAD_ENV, **(env or {}))
        runs = (self._run_bwrap if sandboxed else self._run_plain)(config, job_dir, env,
                                                                   results)
        if self._stopped:
            runs = [replace(r, problem=STOPPED, sandbox_failed=True) for r in runs]
        return runs

    def _limits_for(self, timeout):
        lim = self.limits
        limits = {"RLIMIT_NPROC": lim.processes, "RLIMIT_AS": lim.memory_bytes,
                  "RLIMIT_FSIZE": lim.file_bytes, "RLIMIT_NOFILE": lim.open_files,
                  "RLIMIT_CORE": 0, "RLIMIT_CPU": int(timeout) + 2}
        if self.mode == "unsandboxed":
            del limits["RLIMIT_NPROC"]     # it would count all the grader's processes
        return limits

    def _bwrap_args(self, job_dir, env, supervisor_fd):
        """The bwrap command line up to the supervisor (see the module docstring)."""
        lay, lim = self.layout, self.limits
        cmd = [self.bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--hostname", "grading",
               "--die-with-parent", "--new-session", "--as-pid-1", "--cap-drop", "ALL"]
        if self.root:       # the supervisor needs these to start the command as the job uid
            cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                    "--cap-add", "CAP_KILL", "--cap-add", "CAP_SETPCAP"]
        else:
            cmd += ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID)]
        fixed = {"PATH": f"{PYTHON_PREFIX}/bin", "HOME": "/tmp", "TMPDIR": "/tmp",
                 "PYTHONPATH": f"{LIB}:{SITE}", "LC_ALL": "C.UTF-8"}
        if lay.libpython:
            fixed["LD_LIBRARY_PATH"] = f"{PYTHON_PREFIX}/lib"
        cmd += ["--clearenv"]
        for key, value in sorted(dict(fixed, **env).items()):
            cmd += ["--setenv", str(key), str(value)]
        m = _Mounts()
        _system_mounts(m)
        stdlib = f"{PYTHON_PREFIX}/lib/{lay.version_dir}"
        m.add("--ro-bind", self.python, src=lay.exe).add("--ro-bind", stdlib, src=lay.stdlib)
        for hidden in ("site-packages", "dist-packages"):   # not the interpreter's packages
            if os.path.isdir(os.path.join(lay.stdlib, hidden)):
                m.add("--tmpfs", f"{stdlib}/{hidden}", size=4096)
                m.add("--remount-ro", f"{stdlib}/{hidden}")
        if lay.libpython:
            m.add("--ro-bind", f"{PYTHON_PREFIX}/lib/{os.path.basename(lay.libpython)}",
                  src=lay.libpython)
        for name, src in lay.site:      # the lesson packages, one top-level entry each
            m.add("--ro-bind", f"{SITE}/{name}", src=src)
        m.add("--ro-bind", LIB, src=str(self.library)).add("--ro-bind", JOB, src=str(job_dir))
        m.add("--tmpfs", f"{JOB}/results", size=lim.results_bytes, perms="1777")
        m.add("--tmpfs", "/tmp", size=lim.scratch_bytes, perms="1777")
        m.add("--ro-bind-data", SUPERVISOR, src=str(supervisor_fd), perms="0444")
        m.add("--proc", "/proc").add("--dev", "/dev").add("--remount-ro", "/dev")
        m.add("--remount-ro", "/")
        return cmd + m.args + ["--chdir", "/tmp"]

    def _run_bwrap(self, config, job_dir, env, results):
        lim, commands = self.limits, config["commands"]
        if self.root:
            for command in commands:
                with self._lock:
                    n = next(self._uids) % 100_000
                command["uid"] = command["gid"] = \
                    UID_BASE + (os.getpid() % 10_000) * 100_000 + n
            _open_up(job_dir)
        config["pythonpath"] = [LIB, SITE]
        for command in commands:
            command["cwd"] = "/tmp"
        fds = [_pipe_with(self._supervisor_source)]    # a copy: no host path in mountinfo
        cmd = self._bwrap_args(job_dir, env, fds[0])
        seccomp = seccomp_filter()
        if seccomp is not None:
            fds.append(_pipe_with(seccomp))
            cmd += ["--seccomp", str(fds[-1])]
        cmd += [self.python, "-I", "-S", "-B", SUPERVISOR, marshal.dumps(config).hex()]
        group = None
        try:
            if self.cgroups is not None:
                group = self.cgroups.create(lim.memory_bytes, lim.processes)
                if isinstance(group, str):     # no cgroup for this job: do not run it
                    return [RunResult(None, None, False, 0.0, "", group, False, c["uid"],
                                      sandbox_failed=True) for c in commands]
                cmd = ["/bin/sh", "-c", _ENTER_CGROUP, "sh"] + group.procs_files + ["--"] + cmd
            deadline = sum(c["wall"] for c in commands) + lim.grace + 2 * len(commands)
            out, err, wall, rc, killed = _communicate(
                cmd, fds, deadline,
                lim.results_bytes + 110 * lim.results_files + (8192 + lim.stderr_bytes)
                * len(commands), lim.stderr_bytes,
                on_kill=group.kill if group else None, tracker=self)
            oom = group.oom_killed() if group else False
        finally:
            for fd in fds:
                os.close(fd)
            if group:
                group.kill()
                group.remove()
        done, partial, problem = parse_stream(out, lim.results_files, lim.results_bytes)
        if rc == 125 and group is not None and not out:
            problem = "the job could not enter its cgroup"
        runs = []
        for k, command in enumerate(commands):
            if k < len(done):
                files, head, status = done[k]
            elif k == len(done):
                (files, head), status = partial, None
            else:
                files, head, status = {}, b"", None
            for name, body in files.items():
                fd = os.open(results[k] / name,
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(body)
            runs.append(_result(status, problem if k == len(done) else None, killed,
                                wall, head + (err if status is None else b""), oom,
                                command["uid"], started=k <= len(done),
                                alone=len(commands) == 1))
        return runs

    def _run_plain(self, config, job_dir, env, results):
        config["pythonpath"] = [str(self.library), os.path.dirname(self.layout.numpy)]
        scratch = []
        for k, command in enumerate(config["commands"]):
            scratch.append(Path(tempfile.mkdtemp(prefix=f"scratch-{k}-", dir=job_dir)))
            command["cwd"] = str(scratch[-1])
            command["env"] = {"HOME": str(scratch[-1]), "TMPDIR": str(scratch[-1])}
            command["pdeathsig"] = True    # the command dies with the supervisor (stop())
        try:
            fixed = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(scratch[0]),
                     "TMPDIR": str(scratch[0]), "LC_ALL": "C.UTF-8",
                     "PYTHONPATH": os.pathsep.join(config["pythonpath"])}
            cmd = [self.python, "-I", "-S", "-B", os.path.abspath(_supervisor.__file__),
                   marshal.dumps(config).hex()]
            deadline = sum(c["wall"] for c in config["commands"]) + self.limits.grace \
                + 2 * len(config["commands"])
            out, err, wall, _, killed = _communicate(
                cmd, [], deadline, 65536 + (8192 + self.limits.stderr_bytes)
                * len(config["commands"]), self.limits.stderr_bytes,
                env=dict(fixed, **env), tracker=self)
        finally:
            for folder in scratch:
                shutil.rmtree(folder, ignore_errors=True)
        done, partial, problem = parse_stream(out, 0, 0)
        runs = []
        for k in range(len(config["commands"])):
            status, head = (done[k][2], done[k][1]) if k < len(done) else \
                (None, partial[1] if k == len(done) else b"")
            runs.append(_result(status, problem if k == len(done) else None, killed, wall,
                                head + (err if status is None else b""), False, os.getuid(),
                                started=k <= len(done)))
        return runs


# sh -c: write our pid into each cgroup.procs given before "--", then become bwrap, so
# that nothing of the job ever runs outside its cgroup (exit 125 if that fails).
_ENTER_CGROUP = ('while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; '
                 'shift; exec "$@"')
STOPPED = "the grading run was stopped"
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
              "NUMEXPR_NUM_THREADS": "1", "VECLIB_MAXIMUM_THREADS": "1"}
_FLAGS = {"-S", "-s", "-P", "-B", "-I", "-E"}


def _pipe_with(data):
    """The read end of a pipe that holds ``data`` (at most 64 KiB) and is closed for writing."""
    r, w = os.pipe()
    try:
        os.write(w, data)
    finally:
        os.close(w)
    return r


def _parse_args(args):
    """``(code or None, sys.argv, safe_path)`` of interpreter arguments (see Sandbox.run)."""
    args = [str(a) for a in args]
    i = 0
    while i < len(args) and args[i] in _FLAGS:
        i += 1
    safe_path = bool({"-P", "-I"} & set(args[:i]))
    rest = args[i:]
    if rest[:1] == ["-c"] and len(rest) >= 2:
        return rest[1], ["-c"] + rest[2:], safe_path
    if rest and not rest[0].startswith("-"):
        return None, rest, safe_path
    raise ValueError("args must be interpreter flags among " + " ".join(sorted(_FLAGS))
                     + f", then SCRIPT ARG... or -c CODE ARG...; got {args!r}")


def _expand(args, job, lib, results):
    out = []
    for a in args:
        a = str(a)
        for key, value in (("{job}", job), ("{lib}", lib), ("{results}", results)):
            if a.startswith(key):
                a = value + a[len(key):]
        out.append(a)
    return out


def _open_up(path):
    """Add read (and, for folders, search) permission for others, so a per-job uid can
    read what is bound for it. Callers keep jobs inside a private (0700) folder."""
    for root, _dirs, files in os.walk(path):
        os.chmod(root, os.stat(root).st_mode | 0o555)
        for name in files:
            p = os.path.join(root, name)
            if not os.path.islink(p):
                os.chmod(p, os.stat(p).st_mode | 0o444)


def _kill(proc, on_kill):
    try:
        proc.kill()
    except OSError:
        pass
    if on_kill:
        on_kill()


def _communicate(cmd, fds, deadline_s, out_cap, err_cap, env=None, on_kill=None,
                 tracker=None):
    """Run ``cmd``; read its stdout (at most ``out_cap`` bytes) and the head of its
    stderr until both close; kill it at the deadline or when stdout overflows.
    ``tracker`` (a Sandbox) is told when it starts and ends, so that it can stop it.
    Returns (stdout bytes, stderr head, wall seconds, returncode, why we killed it:
    None, "timeout" or "overflow")."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, pass_fds=fds, env=env or {},
                            start_new_session=True)
    if tracker is not None:
        tracker._started(proc, on_kill)
    out, err, killed = bytearray(), bytearray(), None
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            sel.register(proc.stderr, selectors.EVENT_READ)
            while sel.get_map() and killed is None:
                left = start + deadline_s - time.monotonic()
                if left <= 0:
                    killed = "timeout"
                    break
                for key, _ in sel.select(left):
                    chunk = os.read(key.fd, 1 << 16)
                    if not chunk:
                        sel.unregister(key.fileobj)
                    elif key.fileobj is proc.stdout:
                        out += chunk
                        if len(out) > out_cap:
                            killed = "overflow"
                    elif len(err) < err_cap:
                        err += chunk[:err_cap - len(err)]
    except BaseException:
        killed = "interrupted"               # e.g. KeyboardInterrupt: stop the job, re-raise
        raise
    finally:
        if killed:
            _kill(proc, on_kill)
        rc = proc.wait()
        if tracker is not None:
            tracker._ended(proc)
        proc.stdout.close()
        proc.stderr.close()
    return bytes(out), bytes(err), time.monotonic() - start, rc, killed


def _result(status, problem, killed, wall, err, oom, uid, started=True, alone=True):
    """The RunResult of one command from its status frame (None if none came).

    ``oom``: the job's cgroup saw an OOM kill; it is this command's if the command was
    ``alone`` in its sandbox, else if the command itself ended by SIGKILL before its time
    was up (the kernel's OOM killer sends SIGKILL)."""
    stderr = err.decode("utf-8", "replace")
    if killed == "overflow":
        problem = "the sandbox sent more than the results cap; it was stopped"
    if status is None:
        if not started and killed == "timeout":
            problem = "not run: the commands before it used up the sandbox's time"
        failed = killed not in ("timeout", "overflow") and not oom
        return RunResult(None, signal.SIGKILL if killed else None, killed == "timeout", wall,
                         stderr, problem or "the sandbox ended without a status", oom, uid,
                         sandbox_failed=failed)
    rc, sig = status.get("returncode"), status.get("signal")
    rc = rc if isinstance(rc, int) and not isinstance(rc, bool) else None
    sig = sig if isinstance(sig, int) and not isinstance(sig, bool) else None
    ms = status.get("wall_ms")
    if isinstance(ms, int) and not isinstance(ms, bool) and ms >= 0:
        wall = ms / 1000
    skipped = status.get("skipped")
    if problem is None and isinstance(skipped, int) and skipped > 0:
        problem = "some result files were over the caps or not regular files; not copied"
    timed_out = bool(status.get("timed_out"))
    cpu = status.get("cpu_ms")
    cpu = cpu / 1000 if isinstance(cpu, int) and not isinstance(cpu, bool) and cpu >= 0 \
        else None
    mine = alone or (sig == signal.SIGKILL and not timed_out)
    return RunResult(rc, sig, timed_out, wall, stderr, problem, oom and mine, uid,
                     cpu=cpu, starved=timed_out and status.get("starved") is True)


# ------------------------------------------------------------------ availability
def _userns_reason():
    """Why unprivileged user namespaces are off, from the sysctls, or None."""
    for path, off, name in (
            ("/proc/sys/kernel/unprivileged_userns_clone", "0",
             "sysctl kernel.unprivileged_userns_clone=0"),
            ("/proc/sys/user/max_user_namespaces", "0", "sysctl user.max_user_namespaces=0"),
            ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
             "sysctl kernel.apparmor_restrict_unprivileged_userns=1 (AppArmor)")):
        if _read(path).strip() == off:
            return name
    return None


@functools.cache
def sandbox_available():
    """``(True, description)`` if bwrap runs here with the intended options, else
    ``(False, reason)``, where ``reason`` says what is missing and how to fix it.

    It really starts a sandbox (with the job's binds) and imports NumPy in it, once per
    process.
    """
    if sys.platform != "linux":
        return False, (f"the grading sandbox needs Linux (bubblewrap); this is {sys.platform}."
                       " Grade in a Linux VM or container. " + TRUSTED_HINT)
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return False, f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}. " + TRUSTED_HINT
    with tempfile.TemporaryDirectory(prefix="nn-course-probe-") as tmp:
        os.chmod(tmp, 0o700)
        lib, job = Path(tmp, "lib"), Path(tmp, "job")
        lib.mkdir()
        job.mkdir()
        probe = Sandbox(lib, _probe=True)   # the intended options, without cgroups
        try:
            res = probe.run(["-S", "-c", "import numpy"], job, timeout=30)
        except OSError as err:
            return False, f"bwrap could not be started ({err}). " + TRUSTED_HINT
    if res.returncode == 0 and res.problem is None:
        version = subprocess.run([bwrap, "--version"], capture_output=True, text=True,
                                 timeout=10).stdout.strip()
        return True, f"{version or 'bwrap'}; {probe.uid_mode}"
    lines = res.stderr.strip().splitlines()
    if lines and lines[0].startswith("Traceback"):
        lines = lines[-1:]                        # the exception, not the traceback's head
    first = lines[0][:200] if lines else (res.problem or "no message")
    if not probe.root and re.search(r"namespace|uid map|Operation not permitted", first):
        why = _userns_reason()
        return False, ("user namespaces are disabled"
                       + (f" ({why})" if why else "") + f": bwrap says {first!r}. Enable them, "
                       "or run the grader as root. " + TRUSTED_HINT)
    if "import numpy" in res.stderr or "numpy" in first.lower():
        return False, (f"NumPy cannot be imported inside the sandbox ({first!r}). "
                       + TRUSTED_HINT)
    return False, f"bwrap cannot create the sandbox here: {first!r}. " + TRUSTED_HINT


def require_sandbox():
    """Raise :class:`SandboxUnavailable` with the reason if the sandbox cannot run here."""
    ok, reason = sandbox_available()
    if not ok:
        raise SandboxUnavailable(reason)
    return reason


__all__ = ["Sandbox", "SandboxLimits", "RunResult", "SandboxUnavailable", "sandbox_available",
           "require_sandbox", "seccomp_filter", "parse_stream", "JOB", "LIB"]
