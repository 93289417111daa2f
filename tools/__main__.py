"""The maintainers' command line:  python -m tools COMMAND ...  (see :mod:`tools`)."""
import argparse
import os
import sys
from pathlib import Path


def _translate(args):
    from tools import translate
    return translate.main(args)


def _exercises(args):
    from tools import exercise_facts
    return exercise_facts.main(args)


def _record(args):
    from tools import record_notebooks
    return record_notebooks.main(args.notebooks)


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
    from course_utils import experiment_results
    from tools import experiments

    if args.threads is not None and args.threads < 1:
        print(f"error: --threads must be a positive integer; got {args.threads}.",
              file=sys.stderr)
        return 2
    settings = experiments.QUICK if args.quick else experiments.Settings()
    out = Path(args.out) if args.out else experiment_results.RESULTS_PATH.parent
    path = out / ("lesson3-quick.json" if args.quick else experiment_results.RESULTS_PATH.name)
    command = "python -m tools experiments" + (" --quick" if args.quick else "")
    command += (f" --out {args.out}" if args.out else "")
    command += (f" --threads {args.threads}" if args.threads is not None else "")
    if args.threads is not None:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)      # the same numbers with any number of threads
    start = time.perf_counter()
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results = experiments.run_experiments(settings, progress=lambda line: print(line, flush=True))
    results = {"format": experiment_results.FORMAT, "command": command,
               "package_version": course_utils.__version__,
               "environment": {"python": platform.python_version(), "numpy": np.__version__,
                               "machine": platform.machine(),
                               "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
                               "blas": _blas_info()},
               "started_utc": started, "run_seconds": round(time.perf_counter() - start, 1),
               **results}
    experiments.write_results(results, path)
    print("\n" + experiment_results.format_depth_table(results))
    print("\n" + experiment_results.format_init_table(results))
    print(f"\nwrote {path} ({results['run_seconds']:.0f} s)")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m tools", allow_abbrev=False,
                                     description="nn-course: the maintainers' commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("translate", help="generate the Chinese notebooks", allow_abbrev=False,
                       description="Generate notebooks/zh/NN_....ipynb from the English "
                                   "notebook and its PO translation catalogue "
                                   "(translations/zh/); with --verify, write nothing "
                                   "and fail, naming the cell, on a stale or missing "
                                   "translation or a Chinese notebook that is out of step.")
    p.add_argument("lessons", nargs="*", metavar="LESSON",
                   help="01, 02, 03 or a lesson's name (default: all three)")
    p.add_argument("--verify", "--check", action="store_true",
                   help="write nothing; exit 1 if a translation is stale, fuzzy or missing "
                        "or notebooks/zh/ is not what the generator writes")
    p.add_argument("--update", action="store_true",
                   help="merge the English notebooks into the PO catalogues: new cells get "
                        "empty entries, changed ones are marked fuzzy (write nothing else)")
    p.add_argument("--source", metavar="DIR",
                   help="the course repository (default: the one this package belongs to)")
    p.set_defaults(func=_translate)

    p = sub.add_parser("exercises", help="write the exercise facts from the registry",
                       allow_abbrev=False,
                       description="Rewrite every exercise number, count, list of graded "
                                   "functions and points total the course shows (notebook "
                                   "headings and introductions, the READMEs' lesson tables, "
                                   "docstrings, the Chinese catalogues) from the registry and "
                                   "the hidden cases' @points, then regenerate the Chinese "
                                   "notebooks; name what needs a hand edit (exit 1).")
    p.add_argument("--verify", action="store_true",
                   help="write nothing; exit 1, naming file and line, if any fact is out of "
                        "step")
    p.add_argument("--source", metavar="DIR",
                   help="the course repository (default: the one this package belongs to)")
    p.set_defaults(func=_exercises)

    p = sub.add_parser("experiments", help="recompute lesson 3's multi-seed experiments",
                       allow_abbrev=False,
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

    p = sub.add_parser("record", help="re-execute notebooks and save their outputs",
                       allow_abbrev=False,
                       description="Run each notebook top to bottom in a fresh kernel, with "
                                   "the settings the tests use, and save it with its outputs "
                                   "(what nbval compares). Stops at a cell that fails or "
                                   "writes to stderr, without saving that notebook.")
    p.add_argument("notebooks", nargs="*", metavar="NOTEBOOK",
                   help="default: every notebook under notebooks/")
    p.set_defaults(func=_record)
    return parser


def main(argv=None):
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
