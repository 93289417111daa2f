"""Grading throughput: submissions per minute, sandboxed and --unsandboxed.

    python benchmarks/bench_grading.py [--submissions 100] [--jobs 2] [--rounds 1]
                                       [--before DIR] [--without-imports]

Generates N submissions (seeded): copies of the reference's three lesson modules in
which, per module, one graded function out of two is replaced by a variant from
``tests/corpus.py`` (correct answers in other styles and planted mistakes), each file
with its own last line so that no two submissions share a cached result. Then grades
all of them with ``python -m course_instructor grade --jobs N --fresh``, each exercise in
its own child: under the bubblewrap sandbox (the default) and ``--unsandboxed``.
``--before DIR`` also times another checkout's grader on the same submissions (e.g.
``git archive main | tar -x -C DIR``: the grader before a change), run with
``PYTHONPATH=DIR``; submissions that need a newer grader than DIR's (the import variants)
can be left out with ``--without-imports``. With ``--rounds R`` the modes are interleaved
R times and the median is kept, so that a change in the machine's load hits every mode
alike.

Prints the wall time and submissions per minute of each mode, the sandbox's overhead
per exercise (the difference per (submission, exercise) pair, times the number of
parallel jobs: the time one child costs more), and whether every mode wrote the same
gradebook (the points of every exercise). The machine is shared: the load average is
printed before and after.
"""
import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from corpus import IMPORTS, VARIANTS  # noqa: E402

from course_utils import registry  # noqa: E402
from course_utils.markers import find_regions  # noqa: E402

MODULES = ("logistic_regression", "shallow_network", "deep_network")


def with_variant(text, module, variant):
    lines = text.splitlines()
    region = next(r for r in find_regions(text, module) if r.exercise == variant.function)
    if variant.body is not None:                # None: the reference's body, new imports
        lines[region.begin + 1:region.end] = [region.indent + line if line else ""
                                              for line in variant.lines()]
    if variant.header:                          # imports at the module's top
        top = next(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
        lines[top:top] = variant.header.splitlines()
    return "\n".join(lines) + "\n"


def generate(folder, n, seed=0, variants=VARIANTS):
    """``n`` submission folders under ``folder``; returns their paths and how many of
    their exercises are planted mistakes."""
    rng = random.Random(seed)
    by_function = {}
    for v in variants:
        by_function.setdefault((v.module, v.function), []).append(v)
    paths, bugs = [], 0
    for k in range(n):
        sub = folder / f"student_{k:03d}" / "course_utils"
        sub.mkdir(parents=True)
        for module in MODULES:
            text = (REPO / "course_utils" / f"{module}.py").read_text(encoding="utf-8")
            for ex in registry.exercises(module):
                choices = by_function.get((module, ex.function))
                if choices and rng.random() < 0.5:
                    variant = rng.choice(choices)
                    text = with_variant(text, module, variant)
                    bugs += not variant.correct
            (sub / f"{module}.py").write_text(text + f"# submission {k}\n", encoding="utf-8")
        paths.append(sub.parent)
    return paths, bugs


def grade(paths, out, jobs, mode, before=None):
    """Wall seconds of one grading run of ``paths`` in ``mode``."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "course_instructor", "grade", *map(str, paths),
           "--gradebook", str(out / "g.csv"), "--feedback", str(out / "fb"),
           "--jobs", str(jobs), "--quiet"]
    env = dict(os.environ)
    if mode == "before":
        env["PYTHONPATH"] = str(before)
        cwd = before
    else:
        cmd.append("--fresh")
        if mode == "unsandboxed":
            cmd.append("--unsandboxed")
        cwd = REPO
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{mode}: grade failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall


def points(gradebook):
    """``{submission: {exercise: points}}`` of a gradebook: the verdicts, whatever other
    columns (who, subtotals) a version of the grader writes."""
    with open(gradebook, newline="", encoding="utf-8") as f:
        return {row["submission"]: {k: v for k, v in row.items() if "." in k}
                for row in csv.DictReader(f)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--before", metavar="DIR", help="another checkout's grader to time")
    parser.add_argument("--without-imports", action="store_true",
                        help="leave out the corpus's import variants (lesson modules that "
                             "import Matplotlib, SciPy, ...), e.g. to compare with a grader "
                             "whose sandbox offers NumPy only")
    args = parser.parse_args()
    modes = ["sandboxed", "unsandboxed"] + (["before"] if args.before else [])
    before = Path(args.before).resolve() if args.before else None
    exercises = len(registry.exercises())
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        variants = [v for v in VARIANTS if not (args.without_imports and v in IMPORTS)]
        paths, bugs = generate(Path(tmp, "subs"), args.submissions, variants=variants)
        pairs = len(paths) * exercises
        print(f"{len(paths)} submissions x {exercises} exercises = {pairs} children; "
              f"{bugs} planted mistakes; --jobs {args.jobs}; "
              f"{'without' if args.without_imports else 'with'} the import variants")
        times = {m: [] for m in modes}
        for r in range(args.rounds):
            for mode in modes[r % len(modes):] + modes[:r % len(modes)]:
                times[mode].append(grade(paths, Path(tmp, mode), args.jobs, mode, before))
                print(f"  round {r + 1}: {mode:<12} {times[mode][-1]:7.1f} s", flush=True)
        books = {m: points(Path(tmp, m, "g.csv")) for m in modes}
        same = all(b == books["sandboxed"] for b in books.values())
    print(f"{'mode':<12} {'wall':>9} {'subs/min':>9}   (median of {args.rounds})")
    med = {m: statistics.median(t) for m, t in times.items()}
    for mode in modes:
        print(f"{mode:<12} {med[mode]:8.1f}s {60 * len(paths) / med[mode]:9.1f}")
    overhead = (med["sandboxed"] - med["unsandboxed"]) * args.jobs / pairs
    print(f"sandbox overhead per exercise: {overhead * 1000:+.0f} ms "
          f"(sandboxed - unsandboxed, per child)")
    if before:
        print(f"sandboxed vs before: {med['sandboxed'] / med['before']:.2f} x the time")
    print(f"same gradebook in every mode: {same}"
          + ("" if same else " (the same as sandboxed: " + ", ".join(
              m for m in modes if books[m] == books["sandboxed"]) + ")"))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
