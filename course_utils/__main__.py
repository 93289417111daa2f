"""Command line of the course:  python -m course_utils COMMAND ...

    progress [--lesson N] [--language zh]
                                  which exercises pass, fail or are not started yet
    make-datasets [--out DIR]     regenerate the cat / non-cat h5 files (and sample images)
    release OUT_DIR               write the student edition (instructors)
    translate [LESSON...] [--check]
                                  generate notebooks/zh/ from the English notebooks and the
                                  translation catalogue; --check: is it in step? (instructors)
    grade SUBMISSION... --gradebook FILE.csv --feedback DIR
                                  grade students' submissions (instructors)
    experiments [--quick] [--out DIR] [--threads N]
                                  recompute lesson 3's multi-seed tables (datasets/experiments/)

The instructor commands exist only where course_utils.grading is installed: the student
edition leaves that sub-package out, and its --help does not list them.
"""
import argparse
import os
import sys
from pathlib import Path


def _make_datasets(args):
    from course_utils import synthetic_cats
    from course_utils.datasets import DATASETS_DIR, IMAGES_DIR

    out = Path(args.out) if args.out else DATASETS_DIR
    train_path, test_path = synthetic_cats.write_cat_datasets(out)
    print(f"wrote {train_path}")
    print(f"wrote {test_path}")
    if args.images:
        images = Path(args.images)
        synthetic_cats.save_sample_grid(images / "cat_samples.png")
        synthetic_cats.save_example_photos(images)
        print(f"wrote the sample grid and example photos to {images}")
    return 0


def _progress(args):
    from course_utils import progress, registry
    from course_utils.checks.messages import set_language
    set_language(args.language)
    module = None
    if args.lesson is not None:
        modules = {lesson: m for m, lesson, _ in registry.LESSONS}
        if args.lesson not in modules:
            print(f"error: --lesson must be one of {sorted(modules)}; got {args.lesson}.",
                  file=sys.stderr)
            return 2
        module = modules[args.lesson]
    progress.show(module)
    return 0


def _have_instructor_tools():
    """Whether this copy of the package has the instructor tools (not the student edition).

    Checked on disk next to this file, not by import: another editable install of the
    course on sys.path must not make the student edition look like the instructor's.
    """
    return (Path(__file__).resolve().parent / "grading" / "__init__.py").is_file()


def _instructor_tools():
    """The grading sub-package, which the student edition does not include."""
    try:
        from course_utils import grading  # noqa: F401
    except ImportError:
        print("error: this is an instructor tool; course_utils.grading is not part of the "
              "student edition.", file=sys.stderr)
        return False
    return True


def _release(args):
    if not _instructor_tools():
        return 2
    from course_utils.grading import release

    source = Path(args.source) if args.source else Path(__file__).resolve().parent.parent
    try:
        edition = release.build_student_edition(source, args.out_dir)
    except (release.ReleaseError, release.MarkerError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    exercises = sorted({f"{r.path}: {r.exercise}" for r in edition.regions})
    print(f"wrote the student edition to {edition.out_dir}: {len(edition.files)} files, "
          f"{len(edition.regions)} solution regions stubbed.")
    print(f"left out (instructor-only): {len(edition.left_out)} files "
          f"({', '.join(sorted({release.instructor_only_pattern(p) for p in edition.left_out}))})")
    if edition.untracked:
        print("note: included files that git does not track yet: " + ", ".join(edition.untracked))
    if edition.echoes:
        print(f"note: {len(edition.echoes)} solution line(s) are also given away by the "
              "package's own code outside the solution regions (helpers, scaffolding, "
              "docstrings), so they ship; review them:")
        for echo in edition.echoes:
            print(f"    {echo}")
    if args.verbose:
        print("exercises:\n    " + "\n    ".join(exercises))
    return 0


def _translate(args):
    from course_utils import translate
    return translate.main(args)


def _grade(args):
    if not _instructor_tools():
        return 2
    import signal

    from course_utils.grading import autograder, resume

    def terminate(signum, frame):      # SIGTERM: stop like Ctrl-C (children killed, no write)
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, terminate)
    limits = autograder.Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    mode = "unsandboxed" if args.unsandboxed else "bwrap"
    try:
        graded = autograder.grade(args.submissions, args.gradebook, args.feedback,
                                  results_path=args.results, jobs=args.jobs, only=args.only,
                                  limits=limits, progress=not args.quiet, mode=mode,
                                  fresh=args.fresh)
    except autograder.SandboxUnavailable as err:
        print(f"error: grading needs its sandbox, which cannot run here: {err}\n"
              "Nothing was graded. The sandbox keeps each submission's code away from your "
              "files, your network and the other submissions; --unsandboxed runs it with "
              "your own rights (trusted code only).", file=sys.stderr)
        return 2
    except (autograder.GradingError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\ninterrupted: no output file was changed. The exercises graded so far are "
              f"kept in {resume.cache_dir(args.gradebook)}/; run the same command again to "
              "resume.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    results = args.results or Path(args.gradebook).with_suffix(".json")
    reused = (f" ({graded.reused} exercise result(s) reused from an earlier run's cache)"
              if graded.reused else "")
    print(f"graded {len(graded)} submission(s){reused}: gradebook {args.gradebook}, per-case "
          f"results {results}, feedback in {args.feedback}/")
    if mode == "unsandboxed":
        print("warning: graded WITHOUT the sandbox (--unsandboxed): the submissions' code ran "
              "with your rights.", file=sys.stderr)
    if graded.retry:
        print(f"warning: {len(graded.retry)} exercise(s) could not be graded through no fault "
              "of the student (status sandbox-error or grader-error in the JSON, 0 points for "
              "now); run the same command again to grade them.", file=sys.stderr)
        return 1
    return 0


def _blas_info():
    """The BLAS library NumPy uses and its kernel family (they decide the last bits)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return [{k: lib.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for lib in threadpool_info() if lib.get("user_api") == "blas"]


def _experiments(args):
    # The kernels the tests and the saved notebooks use (root conftest.py): the stored numbers
    # are then bit-identical to a rerun under pytest on any x86-64 machine.
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
    import datetime
    import platform
    import time

    import numpy as np

    import course_utils
    from course_utils import experiments

    if args.threads is not None and args.threads < 1:
        print(f"error: --threads must be a positive integer; got {args.threads}.",
              file=sys.stderr)
        return 2
    settings = experiments.QUICK if args.quick else experiments.Settings()
    out = Path(args.out) if args.out else experiments.RESULTS_PATH.parent
    path = out / ("lesson3-quick.json" if args.quick else experiments.RESULTS_PATH.name)
    command = "python -m course_utils experiments" + (" --quick" if args.quick else "")
    command += (f" --out {args.out}" if args.out else "")
    command += (f" --threads {args.threads}" if args.threads is not None else "")
    if args.threads is not None:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)      # the same numbers with any number of threads
    start = time.perf_counter()
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    results = experiments.run_experiments(settings, progress=lambda line: print(line, flush=True))
    results = {"format": experiments.FORMAT, "command": command,
               "package_version": course_utils.__version__,
               "environment": {"python": platform.python_version(), "numpy": np.__version__,
                               "machine": platform.machine(),
                               "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
                               "blas": _blas_info()},
               "started_utc": started, "run_seconds": round(time.perf_counter() - start, 1),
               **results}
    experiments.write_results(results, path)
    print("\n" + experiments.format_depth_table(results))
    print("\n" + experiments.format_init_table(results))
    print(f"\nwrote {path} ({results['run_seconds']:.0f} s)")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m course_utils",
                                     description="nn-course command-line tools.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("progress", help="which exercises pass, fail or are not started yet",
                       description="Run every exercise's public check quietly and list each "
                                   "exercise as passed, failing or not started.")
    p.add_argument("--lesson", type=int, metavar="N", help="only lesson N (1, 2 or 3)")
    p.add_argument("--language", choices=("en", "zh"), default="en",
                   help="the language of the report (zh: Simplified Chinese)")
    p.set_defaults(func=_progress)

    p = sub.add_parser("make-datasets", help="regenerate datasets/*_catvnoncat.h5")
    p.add_argument("--out", metavar="DIR", help="output folder (default: the course's datasets/)")
    p.add_argument("--images", metavar="DIR",
                   help="also write the sample grid and example photos to DIR "
                        "(the course's own are in images/)")
    p.set_defaults(func=_make_datasets)
    if not _have_instructor_tools():          # the student edition
        return parser

    p = sub.add_parser("release", help="write the student edition (instructors)",
                       description="Write the student edition: solution regions replaced by "
                                   "stubs, notebook outputs cleared, instructor-only files left "
                                   "out, checked for leaked solution lines.")
    p.add_argument("out_dir", metavar="OUT_DIR",
                   help="a new (or empty) folder outside the repository")
    p.add_argument("--source", metavar="DIR",
                   help="the course repository (default: the one this package belongs to)")
    p.add_argument("-v", "--verbose", action="store_true", help="list the stubbed exercises")
    p.set_defaults(func=_release)

    p = sub.add_parser("translate", help="generate the Chinese notebooks (instructors)",
                       description="Generate notebooks/zh/NN_....ipynb from the English "
                                   "notebook and its translation catalogue "
                                   "(notebooks/zh/translation/); with --check, write nothing "
                                   "and fail, naming the cell, on a stale or missing "
                                   "translation or a Chinese notebook that is out of step.")
    p.add_argument("lessons", nargs="*", metavar="LESSON",
                   help="01, 02, 03 or a lesson's name (default: all three)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a translation is stale or missing or "
                        "notebooks/zh/ is not what the generator writes")
    p.add_argument("--template", nargs=2, metavar=("LESSON", "CELL_ID"),
                   help="print the start of a new catalogue entry for that cell")
    p.add_argument("--add-pending", action="store_true",
                   help="first list every Markdown cell without an up-to-date translation "
                        "in notebooks/zh/translation/pending.txt (shown in English for now)")
    p.add_argument("--source", metavar="DIR",
                   help="the course repository (default: the one this package belongs to)")
    p.set_defaults(func=_translate)

    p = sub.add_parser("grade", help="grade submissions (instructors)",
                       description="Grade the graded functions of each submission (a folder "
                                   "holding a copy of the student edition, or a .zip of one) "
                                   "against hidden tests, each exercise in its own sandbox "
                                   "(bubblewrap). An interrupted run is resumed by running "
                                   "the same command again.")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    p.add_argument("--gradebook", required=True, metavar="FILE.csv",
                   help="one row per submission: points per exercise, total, max")
    p.add_argument("--feedback", required=True, metavar="DIR",
                   help="one NAME.txt per submission")
    p.add_argument("--results", metavar="FILE.json",
                   help="per-case results (default: the gradebook's name with .json)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="exercises graded in parallel (default: the number of cores)")
    p.add_argument("--only", action="append", metavar="PATTERN",
                   help="grade only matching exercises, e.g. 'logistic_regression' or "
                        "'*.predict' (repeatable)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="wall-clock limit per exercise (default: each exercise's own, 10-20 s)")
    p.add_argument("--memory-mb", type=int, default=1024, metavar="MB",
                   help="memory limit of each exercise's sandbox (default 1024)")
    p.add_argument("--unsandboxed", action="store_true",
                   help="trusted code only: run the submissions' code without the sandbox, "
                        "with your own rights (where bubblewrap cannot run)")
    p.add_argument("--fresh", action="store_true",
                   help="forget the results an earlier run cached beside the gradebook "
                        "(NAME.cache/) and grade everything again")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    p.set_defaults(func=_grade)

    p = sub.add_parser("experiments", help="recompute lesson 3's multi-seed experiments",
                       description="Train logistic regression, the 2-layer and the 4-layer "
                                   "networks (depth comparison) and the 4-layer network from "
                                   "six initialisations, each from several seeds with a "
                                   "learning rate chosen by a sweep on the training cost; "
                                   "write the tables, with their inputs, as JSON "
                                   "(about 25 minutes on a quiet 2-core machine).")
    p.add_argument("--quick", action="store_true",
                   help="a tiny version that exercises every step in seconds (not for "
                        "conclusions); writes lesson3-quick.json")
    p.add_argument("--out", metavar="DIR",
                   help="output folder (default: the course's datasets/experiments/)")
    p.add_argument("--threads", type=int, default=None, metavar="N",
                   help="limit the BLAS threads (default: the library's). The results file "
                        "records it: the last bits of some sums depend on it")
    p.set_defaults(func=_experiments)
    return parser


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] in (["release"], ["grade"]) and not _have_instructor_tools():
        print(f"error: '{argv[0]}' is an instructor tool; this is the student edition, "
              "which does not include course_utils.grading.", file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
