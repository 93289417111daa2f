"""The first process of a grading sandbox: run Python commands, send their results out.

Started by :mod:`course_instructor.sandbox` only, with the standard library only
(``python -I -S -B _supervisor.py CONFIG``; CONFIG is the grader's own settings as hex of
:mod:`marshal` data: trusted, and about 10 ms cheaper to load than ``json`` with its
imports). It is trusted code, but it runs in the same sandbox as the student's code, so
it relies on nothing the student could change, it never runs or compiles the student's
code itself, and it never reads the student's data with anything but byte counts and
file names.

Order of events:

1. Import the ``preload`` modules (NumPy, the instructor's helpers) with the commands'
   ``sys.path``, once, so that no command pays for an interpreter start and a NumPy
   import of its own; then the ``optional`` ones, the lesson packages this job's
   submission imports (Matplotlib's pyplot costs a child about a second, its font list
   built anew in an empty HOME), ignoring any that fails.
2. For each command, in turn (one command per exercise; a sandbox runs the exercises of
   one submission):

   a. Fork. The child becomes the command: it takes the command's own uid and gid (when
      the sandbox was started by root: it first empties its capability bounding set, then
      drops the supplementary groups and changes ids, which clears the permitted,
      effective and ambient sets, then clears the inheritable set), sets the resource
      limits, starts a new session, puts stdin and stdout
      on ``/dev/null`` and stderr on a pipe of ours (read while it runs; the grader keeps
      its first bytes for the instructor), closes every other file descriptor (the results channel
      included), sets ``sys.path``/``sys.argv`` and runs the script or the ``-c`` code as
      ``__main__``, then ``os._exit``: like ``python -S``, except that ``atexit``
      functions and non-daemon threads are not waited for. Every command starts from
      this process as it was after step 1: nothing of an earlier command is in it.
   b. Wait for it (a pidfd) until it ends, or until its processes together have used
      ``timeout`` seconds of CPU time (the time limit, judged on CPU time so that the
      verdict does not depend on how loaded the machine is), or until ``wall`` seconds
      have passed (a generous backstop, for a command that sleeps or is starved); then
      kill it, and inside the sandbox's own PID namespace every other process too
      (``kill(-1)``: a ``setsid`` or double-fork survivor included), and reap them, so
      nothing runs or writes while the results are copied or during the next command.
      Its CPU time is read from ``/proc`` every 0.1 s while it runs (every process of
      the sandbox's PID namespace but ours: its children, their waited-for children
      and the orphans waiting for us), and from the kernel's count of our reaped
      children when it has ended. A command ended by the backstop is ``starved`` if it
      spent at least a quarter of that time waiting for a CPU (``/proc/<pid>/schedstat``)
      or if that cannot be read: the grader then does not take its time-out as final.
   c. Inside the sandbox only: copy the regular files of the results folder (a
      size-limited tmpfs) to the results channel (our stdout), at most ``max_files``
      files and ``max_bytes`` bytes in all commands together; symbolic links, folders
      and other names are skipped. Then empty the results folder and ``/tmp``, as the
      command's own uid (a fork that removes what that uid wrote), so that the next
      command starts with both empty.
   d. Write the command's stderr head and status frames.

Frames (integers big-endian)::

    MAGIC
    then for each command:
    b"F" <u16 name length> <name, ASCII> <u64 size> <data>      one per result file
    b"E" <u32 length> <the head of its stderr>
    b"S" <u32 length> <JSON status>                              last of the command

The grader (:func:`course_instructor.sandbox.parse_stream`) checks every length and
name again: whatever is written here might also have been written by the student's code.
"""
import _signal as signal     # the C module: ``signal`` would import enum (about 12 ms)
import marshal
import os
import resource
import select
import stat                    # (already imported by os: free)
import sys
import time

MAGIC = b"NNSBX1\n"
_STDLIB_PATH = list(sys.path)          # -I -S: the standard library only
NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def valid_name(name):
    """A result file name: 1-100 of [A-Za-z0-9_.-], not starting with '.' or '-'."""
    return (isinstance(name, str) and 0 < len(name) <= 100 and name[0] not in ".-"
            and set(name) <= NAME_CHARS)


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _become_command(config, parent):
    """In the forked child: drop to the job's ids, apply the limits, run, never return."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)   # as in any interpreter
        if config.get("pdeathsig"):    # unsandboxed: die with the supervisor (no PID ns)
            _die_with(parent)
        if config["uid"] is not None:
            _drop_bounding_set()
            os.setgroups([])
            os.setresgid(config["gid"], config["gid"], config["gid"])
            os.setresuid(config["uid"], config["uid"], config["uid"])
            _clear_inheritable()
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(config["stderr_fd"], 2)
        os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[1])   # before the cap
        os.environ.update(config.get("env") or {})
        for name, value in config["limits"].items():
            which = getattr(resource, name)
            _, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))
        os.setsid()
        os.chdir(config["cwd"])
        sys.path[:] = _command_path(config)
        sys.dont_write_bytecode = True
        sys.argv = list(config["argv"])
        main = type(sys)("__main__")             # what the interpreter runs a script as
        main.__builtins__ = __builtins__
        if config["code"] is not None:
            source, filename = config["code"], "<string>"
        else:
            filename = main.__file__ = config["argv"][0]
            with open(filename, "rb") as f:       # bytes: the coding cookie is honoured
                source = f.read()
        sys.modules["__main__"] = main
        exec(compile(source, filename, "exec"), main.__dict__)
        code = 0
    except SystemExit as stop:        # what the interpreter does with sys.exit(x)
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:
            print(stop.code, file=sys.stderr)
    except BaseException:              # noqa: BLE001 -- report like the interpreter does
        import traceback
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:      # noqa: BLE001 -- a closed or replaced stream
                pass
        os._exit(code & 0xFF if isinstance(code, int) else 1)


def _libc():
    import ctypes                 # imported by main() before any fork (see there)
    return ctypes, ctypes.CDLL(None, use_errno=True)


def _drop_bounding_set():
    """Empty the capability bounding set (needs CAP_SETPCAP), so that nothing the command
    runs can ever gain a capability; stop at the first number the kernel does not know."""
    _, libc = _libc()
    for cap in range(64):
        if libc.prctl(24, cap, 0, 0, 0) != 0:               # PR_CAPBSET_DROP
            break
    if libc.prctl(23, 0, 0, 0, 0) == 1:                     # PR_CAPBSET_READ of cap 0
        raise OSError("the capability bounding set could not be emptied")


def _clear_inheritable():
    """capset() with every set empty (only the inheritable one has bits left)."""
    ctypes, libc = _libc()
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)            # _LINUX_CAPABILITY_VERSION_3
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")


def _die_with(parent):
    """Get SIGKILL when the supervisor ends (Linux's parent-death signal)."""
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)     # PR_SET_PDEATHSIG
    if os.getppid() != parent:           # it ended before the signal was set
        os._exit(1)


def _command_path(config):
    """``sys.path`` as ``python [-P] ...`` with PYTHONPATH=``config["pythonpath"]`` has it."""
    path = list(config["pythonpath"]) + _STDLIB_PATH
    if not config["safe_path"]:
        script = config["argv"][0] if config["code"] is None else ""
        path.insert(0, os.path.dirname(os.path.abspath(script)) if script else "")
    return path


class _Drain:
    """The read end of a command's stderr pipe: read while it runs (so that it never
    blocks on a full pipe), keeping the first ``cap`` bytes."""

    def __init__(self, fd, cap):
        self.fd, self.cap, self.head, self.open = fd, cap, bytearray(), True

    def read(self):
        try:
            chunk = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self.open = False
        elif len(self.head) < self.cap:
            self.head += chunk[:self.cap - len(self.head)]

    def rest(self):
        """What is left after every writer was killed (never blocks)."""
        os.set_blocking(self.fd, False)
        while self.open:
            before = len(self.head), self.open
            self.read()
            if (len(self.head), self.open) == before and self.open:
                break              # nothing more to read now
        os.close(self.fd)
        return bytes(self.head)


def _wait(pid, timeout, drain=None):
    """The child's wait status, or None if it is still running after ``timeout`` s;
    meanwhile ``drain`` (a :class:`_Drain`) is read."""
    return _watch(pid, None, timeout, drain, False)[0]


_TICKS = os.sysconf("SC_CLK_TCK")
_POLL = 0.1                   # s between two readings of the command's CPU time


def _times(pid):
    """(CPU s of process ``pid`` and of its waited-for children, s it waited for a CPU or
    None); (0, None) if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rpartition(b")")[2].split()
    except OSError:
        return 0.0, None
    try:                      # fields 14-17 of proc(5): utime, stime, cutime, cstime
        cpu = sum(int(x) for x in fields[11:15]) / _TICKS
    except ValueError:
        cpu = 0.0
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as f:
            waited = int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        waited = None
    return cpu, waited


def _usage(pid, in_sandbox):
    """(CPU s, wait s or None) of the command: in the sandbox, of every process of its
    PID namespace but us; outside, of the child ``pid`` (and its waited-for children)."""
    if not in_sandbox:
        return _times(pid)
    me = os.getpid()
    try:
        pids = [int(n) for n in os.listdir("/proc") if n.isdigit() and int(n) != me]
    except OSError:
        return 0.0, None
    cpu, waited, known = 0.0, 0.0, False
    for p in pids:
        c, w = _times(p)
        cpu += c
        if w is not None:
            waited += w
            known = known or p == pid
    return cpu, waited if known else None


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _watch(pid, cpu_limit, wall_limit, drain, in_sandbox):
    """Wait for the child ``pid``: ``(wait status or None, why it was stopped: None,
    "cpu" or "wall", CPU s used, s waited for a CPU or None)``. ``cpu_limit`` None: no
    CPU limit. Meanwhile ``drain`` (a :class:`_Drain`) is read."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    start = time.monotonic()
    deadline, why, cpu, waited = start + wall_limit, None, 0.0, None
    next_poll = start + _POLL
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        now = time.monotonic()
        if cpu_limit is not None and now >= next_poll:
            cpu, waited = _usage(pid, in_sandbox)
            next_poll = now + _POLL
            if cpu >= cpu_limit:
                status, why = None, "cpu"
                break
        left = deadline - now
        if left <= 0:
            status, why = None, "wall"
            break
        if cpu_limit is not None:
            left = min(left, max(next_poll - now, 0.001))
        fds = ([pidfd] if pidfd is not None else []) + \
            ([drain.fd] if drain is not None and drain.open else [])
        if fds:
            ready, _, _ = select.select(fds, [], [], left if pidfd is not None
                                        else min(left, 0.005))
            if drain is not None and drain.fd in ready:
                drain.read()
        else:
            time.sleep(min(left, 0.005))
    if pidfd is not None:
        os.close(pidfd)
    return status, why, cpu, waited


def _send_results(folder, max_files, max_bytes, out):
    """Copy the regular files of ``folder`` to ``out`` as F frames, at most ``max_files``
    files and ``max_bytes`` bytes; return (how many were skipped, bytes sent)."""
    skipped, sent_files, sent_bytes = 0, 0, 0
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return 0, 0
    for entry in entries:
        if not (valid_name(entry.name) and entry.is_file(follow_symlinks=False)) \
                or sent_files >= max_files:
            skipped += 1
            continue
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            skipped += 1
            continue
        with os.fdopen(fd, "rb") as f:
            data = f.read(max_bytes - sent_bytes + 1)
        if len(data) > max_bytes - sent_bytes:
            skipped += 1
            continue
        name = entry.name.encode("ascii")
        _write_all(out, b"F" + len(name).to_bytes(2, "big") + name
                   + len(data).to_bytes(8, "big") + data)
        sent_files += 1
        sent_bytes += len(data)
    return skipped, sent_bytes


def _json(status):
    """JSON of a flat dict of ints, bools and None (without importing json)."""
    def value(v):
        return "null" if v is None else ("true" if v is True else "false" if v is False
                                         else str(int(v)))
    return "{" + ", ".join(f'"{k}": {value(v)}' for k, v in status.items()) + "}"


def _no_dumps():
    """Make this process non-dumpable, so a same-uid process cannot open /proc/1/mem or
    /proc/1/fd (only matters when the command has our uid: an unprivileged grader)."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)        # PR_SET_DUMPABLE, 0
    except (ImportError, OSError, AttributeError):
        pass


def _kill_all(pid, in_sandbox):
    """SIGKILL the command's session and, in the sandbox, every process but us."""
    for target in ([-1] if in_sandbox else []) + [-pid]:
        try:                           # kill(-1): everything in our PID namespace but us
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass


def _reap_all():
    """Wait for every child we have (as the namespace's init, orphans are ours too)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


def _clear_level(fd):
    """Unlink the files of the folder ``fd``; return its sub-folders, made enterable."""
    folders = []
    for name in os.listdir(fd):
        if stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
            os.chmod(name, 0o700, dir_fd=fd)   # a folder (no process is left to swap it)
            folders.append(name)
        else:
            os.unlink(name, dir_fd=fd)
    return folders


def _remove_contents(folder):
    """Empty ``folder`` however deep its tree (past PATH_MAX) or odd its names: every
    call is relative to one open folder, moved down by name and back up through "..",
    so no path is ever built and one descriptor is open at a time."""
    fd = os.open(folder, _DIR_FLAGS)
    pending, names = [_clear_level(fd)], []
    try:
        while pending:
            if pending[-1]:
                name = pending[-1].pop()
                deeper = os.open(name, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = deeper
                names.append(name)
                pending.append(_clear_level(fd))
            else:
                pending.pop()
                if names:
                    up = os.open("..", _DIR_FLAGS, dir_fd=fd)
                    os.close(fd)
                    fd = up
                    os.rmdir(names.pop(), dir_fd=fd)
    finally:
        os.close(fd)


def _empty(folders, uid, gid):
    """Remove what is in ``folders`` (the command's /tmp and results). Files at the top
    are ours to remove (we own both folders); anything deeper is removed as the
    command's ``uid`` (a fork, within 30 seconds), whose files they are."""
    deeper = False
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    deeper = True
                else:
                    os.unlink(entry.path)
            except OSError:
                deeper = True
    if not deeper:
        return
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
            if uid is not None:
                os.setgroups([])
                os.setresgid(gid, gid, gid)
                os.setresuid(uid, uid, uid)
            for folder in folders:
                try:
                    _remove_contents(folder)
                except OSError:
                    code = 1
        finally:
            os._exit(code)
    if _wait(pid, 30) is None:
        _kill_all(pid, True)
    _reap_all()


def run_command(k, config, command, out, in_sandbox, budget):
    """Steps 2a-2d for command ``k``; returns the bytes left of the results budget."""
    cmd = dict(config, **command)
    status = {"returncode": None, "signal": None, "timed_out": False, "skipped": 0,
              "wall_ms": 0, "cpu_ms": 0, "starved": False}
    err_r, err_w = os.pipe()
    cmd["stderr_fd"] = err_w
    parent = os.getpid()
    before = _children_cpu()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(out)
        _become_command(cmd, parent)
    os.close(err_w)
    drain = _Drain(err_r, cmd["stderr_bytes"])
    wait_status, why, cpu, waited = _watch(pid, cmd["timeout"], cmd["wall"], drain,
                                           in_sandbox)
    wall = time.monotonic() - start
    status["wall_ms"] = int(wall * 1000)
    _kill_all(pid, in_sandbox)
    if wait_status is None:
        status["timed_out"] = True
        _, wait_status = os.waitpid(pid, 0)
    if in_sandbox:
        _reap_all()
    status["cpu_ms"] = int(max(cpu, _children_cpu() - before) * 1000)
    status["starved"] = why == "wall" and (waited is None or waited >= wall / 4)
    if os.WIFSIGNALED(wait_status):
        status["signal"] = os.WTERMSIG(wait_status)
    else:
        status["returncode"] = os.WEXITSTATUS(wait_status)
    if in_sandbox:
        skipped, sent = _send_results(cmd["results"], cmd["max_files"], budget, out)
        status["skipped"] = skipped
        budget -= sent
        _empty([cmd["results"], cmd["cwd"]], cmd["uid"], cmd["gid"])
    head = drain.rest()
    _write_all(out, b"E" + len(head).to_bytes(4, "big") + head)
    data = _json(status).encode()
    _write_all(out, b"S" + len(data).to_bytes(4, "big") + data)
    return budget


def main(config):
    # As the PID namespace's first process, signals from inside reach us only if we
    # handle them; Python handles SIGINT, so ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    in_sandbox = config["sandbox"] and os.getpid() == 1
    if in_sandbox and all(c["uid"] is None for c in config["commands"]):
        _no_dumps()
    out = os.dup(1)                    # the results channel
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    sys.path[:] = list(config["pythonpath"]) + _STDLIB_PATH
    for module in config["preload"]:
        __import__(module)
    if config.get("optional"):       # what this job's submission imports (may not exist)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for module in config["optional"]:
                try:
                    __import__(module)
                except Exception:    # noqa: BLE001 -- its command's own import will say why
                    pass
    if any(c.get("pdeathsig") or c.get("uid") is not None for c in config["commands"]):
        import ctypes  # noqa: F401  (for _die_with and the capabilities, once, not per command)
    sys.path[:] = _STDLIB_PATH
    _write_all(out, MAGIC)
    budget = config["max_bytes"]
    for k, command in enumerate(config["commands"]):
        budget = run_command(k, config, command, out, in_sandbox, budget)
    os.close(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(marshal.loads(bytes.fromhex(sys.argv[1]))))
