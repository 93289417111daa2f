"""The first process of a grading sandbox: run one Python command, then send its results out.

Started by :mod:`course_utils.grading.sandbox` only, with the standard library only
(``python -I -S -B _supervisor.py CONFIG``; CONFIG is the grader's own settings as hex of
:mod:`marshal` data: trusted, and about 10 ms cheaper to load than ``json`` with its
imports). It is trusted code, but it runs in the same sandbox as the student's code, so
it relies on nothing the student could change, and it never reads the student's data
with anything but byte counts and file names.

Order of events:

1. Import the ``preload`` modules (NumPy) with the command's ``sys.path``, once, so that
   the command does not pay for a second interpreter start and a second NumPy import.
2. Fork. The child becomes the command: it takes the job's own uid and gid (when the
   sandbox was started by root; no supplementary groups, which clears every capability),
   sets the resource limits, starts a new session, puts stdin and stdout on ``/dev/null``
   (stderr stays: the grader keeps its first bytes for the instructor), closes every other
   file descriptor (the results channel included), sets ``sys.path``/``sys.argv`` and runs
   the script or the ``-c`` code as ``__main__``, then ``os._exit``: like ``python -S``,
   except that ``atexit`` functions and non-daemon threads are not waited for.
3. Wait for it, at most ``timeout`` seconds (a pidfd); then kill it, and inside the
   sandbox's own PID namespace every other process too (``kill(-1)``: a ``setsid`` or
   double-fork survivor included), so nothing writes while the results are copied.
4. Inside the sandbox only: copy the regular files of the results folder (a size-limited
   tmpfs) to the results channel (our stdout), at most ``max_files`` files and
   ``max_bytes`` bytes; symbolic links, folders and other names are skipped.
5. Write the status frame: how the command ended, and how many files were skipped.

Frames (integers big-endian)::

    MAGIC
    b"F" <u16 name length> <name, ASCII> <u64 size> <data>      one per file
    b"S" <u32 length> <JSON status>                              last

The grader (:func:`course_utils.grading.sandbox.parse_stream`) checks every length and
name again: whatever is written here might also have been written by the student's code.
"""
import _signal as signal     # the C module: ``signal`` would import enum (about 12 ms)
import marshal
import os
import resource
import select
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
            os.setgroups([])
            os.setresgid(config["gid"], config["gid"], config["gid"])
            os.setresuid(config["uid"], config["uid"], config["uid"])
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[1])   # before the cap
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


def _wait(pid, timeout):
    """The child's wait status, or None if it is still running after ``timeout`` s."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        left = deadline - time.monotonic()
        if left <= 0:
            status = None
            break
        if pidfd is not None:
            select.select([pidfd], [], [], left)
        else:
            time.sleep(min(left, 0.005))
    if pidfd is not None:
        os.close(pidfd)
    return status


def _send_results(folder, max_files, max_bytes, out):
    """Copy the regular files of ``folder`` to ``out`` as F frames; return how many were
    skipped."""
    skipped, sent_files, sent_bytes = 0, 0, 0
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return 0
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
    return skipped


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


def main(config):
    # As the PID namespace's first process, signals from inside reach us only if we
    # handle them; Python handles SIGINT, so ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    in_sandbox = config["sandbox"] and os.getpid() == 1
    if in_sandbox and config["uid"] is None:
        _no_dumps()
    out = os.dup(1)                    # the results channel
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 1)
    sys.path[:] = list(config["pythonpath"]) + _STDLIB_PATH
    for module in config["preload"]:
        __import__(module)
    sys.path[:] = _STDLIB_PATH
    status = {"returncode": None, "signal": None, "timed_out": False, "skipped": 0}
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(out)
        _become_command(config, parent)
    wait_status = _wait(pid, config["timeout"])
    if wait_status is None:
        status["timed_out"] = True
    for target in ([-1] if in_sandbox else []) + [-pid]:
        try:                           # kill(-1): everything in our PID namespace but us
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    if wait_status is None:
        _, wait_status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(wait_status):
        status["signal"] = os.WTERMSIG(wait_status)
    else:
        status["returncode"] = os.WEXITSTATUS(wait_status)
    _write_all(out, MAGIC)
    if in_sandbox:
        status["skipped"] = _send_results(config["results"], config["max_files"],
                                          config["max_bytes"], out)
    data = _json(status).encode()
    _write_all(out, b"S" + len(data).to_bytes(4, "big") + data)
    os.close(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(marshal.loads(bytes.fromhex(sys.argv[1]))))
