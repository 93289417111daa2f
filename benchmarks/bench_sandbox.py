"""Per-exercise cost of the grading sandbox: ``python -c "import numpy"``, N runs each.

    python benchmarks/bench_sandbox.py [--runs 20]

Compares a plain subprocess (what the grader starts today: ``python -S`` with NumPy's
site-packages on PYTHONPATH) with :class:`course_instructor.sandbox.Sandbox` in its
``unsandboxed`` mode and under bubblewrap, with and without a cgroup. Runs are interleaved
(one of each kind in turn) so that a change in the machine's load hits all kinds alike.
Prints the median and the mean wall time of each kind, and the sandbox's overhead.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from course_instructor.sandbox import Sandbox, SandboxLimits, sandbox_available

CODE = "import numpy"


def plain(tmp):
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(np.__file__).parent.parent),
           "HOME": tmp, "TMPDIR": tmp, "OPENBLAS_NUM_THREADS": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-S", "-s", "-P", "-B", "-c", CODE], env=env, cwd=tmp,
                   check=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def boxed(box, job):
    start = time.perf_counter()
    r = box.run(["-S", "-s", "-P", "-B", "-c", CODE], job, timeout=30,
                env={"OPENBLAS_NUM_THREADS": "1"})
    if r.returncode != 0 or r.problem:
        raise SystemExit(f"the sandboxed run failed: {r}")
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    ok, reason = sandbox_available()
    print(f"sandbox: {reason}")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        lib, job = Path(tmp, "lib"), Path(tmp, "job")
        lib.mkdir()
        job.mkdir()
        kinds = {"plain subprocess (today)": lambda: plain(tmp),
                 "Sandbox unsandboxed": lambda: boxed(Sandbox(lib, mode="unsandboxed"), job)}
        if ok:
            with_cg = Sandbox(lib)
            without = Sandbox(lib, replace(SandboxLimits(), use_cgroup=False))
            kinds[f"bwrap, {with_cg.limits_mode.split(' (')[0]}"] = lambda: boxed(with_cg, job)
            if with_cg.cgroups is not None:
                kinds["bwrap, rlimits only"] = lambda: boxed(without, job)
        times = {k: [] for k in kinds}
        for _ in range(runs):
            for name, run in kinds.items():
                times[name].append(run())
    base = statistics.median(times["plain subprocess (today)"])
    print(f"{'kind':<34} {'median':>9} {'mean':>9} {'overhead':>9}   ({runs} runs each)")
    for name, t in times.items():
        med = statistics.median(t)
        print(f"{name:<34} {med * 1000:7.1f}ms {statistics.mean(t) * 1000:7.1f}ms "
              f"{(med - base) * 1000:+7.1f}ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
