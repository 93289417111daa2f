"""Host processes the sandbox tests look for (imported by test_sandbox, test_resume and
test_hostile_cohort; tests/conftest.py puts this folder on ``sys.path``)."""
import os
import time
from pathlib import Path


def processes_with(marker=None, uid=None):
    """Host pids whose command line holds ``marker`` or that run as ``uid``."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker and marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(int(entry))
            elif uid is not None:
                status = Path(f"/proc/{entry}/status").read_text()
                uids = [line.split()[1] for line in status.splitlines()
                        if line.startswith("Uid:")]
                if uids and int(uids[0]) == uid:
                    found.append(int(entry))
        except OSError:
            continue
    return found


def wait_until_gone(marker=None, uid=None, seconds=5.0):
    """The processes of :func:`processes_with` still there after at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not processes_with(marker, uid):
            return []
        time.sleep(0.1)
    return processes_with(marker, uid)
