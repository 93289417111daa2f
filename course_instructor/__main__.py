"""The instructor's command line:  python -m course_instructor COMMAND ...

    release OUT_DIR               write the student edition
    grade [--] SUBMISSION... --gradebook FILE.csv --feedback DIR
                                  grade students' submissions in the sandbox

The student's commands are ``python -m course_utils``; the maintainers' are
``python -m tools``.
"""
import argparse
import signal
import sys
from pathlib import Path

from course_instructor import autograder, release, resume
from course_instructor.exercises import GradingError
from course_instructor.jobs import Limits
from course_instructor.sandbox import SandboxUnavailable
from course_utils.markers import MarkerError
from course_utils.messages import TABLES

REPO_DIR = Path(__file__).resolve().parent.parent


def _release(args):
    source = Path(args.source) if args.source else REPO_DIR
    try:
        edition = release.build_student_edition(source, args.out_dir)
    except (release.ReleaseError, MarkerError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    exercises = sorted({f"{r.path}: {r.exercise}" for r in edition.regions})
    print(f"wrote the student edition to {edition.out_dir}: {len(edition.files)} files, "
          f"{len(edition.regions)} solution regions stubbed.")
    print(f"left out (not on the edition's list): {len(edition.left_out)} files "
          f"({', '.join(sorted({release.left_out_group(p) for p in edition.left_out}))})")
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


def _grade(args):
    def terminate(signum, frame):      # SIGTERM: stop like Ctrl-C (children killed, no write)
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, terminate)
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    mode = "unsandboxed" if args.unsandboxed else "bwrap"
    try:
        graded = autograder.grade(args.submissions, args.gradebook, args.feedback,
                                  results_path=args.results, jobs=args.jobs, only=args.only,
                                  limits=limits, progress=not args.quiet, mode=mode,
                                  fresh=args.fresh, language=args.language)
    except SandboxUnavailable as err:
        print(f"error: grading needs its sandbox, which cannot run here: {err}\n"
              "Nothing was graded. The sandbox keeps each submission's code away from your "
              "files, your network and the other submissions; --unsandboxed runs it with "
              "your own rights (trusted code only).", file=sys.stderr)
        return 2
    except (GradingError, OSError) as err:
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


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m course_instructor", allow_abbrev=False,
                                     description="nn-course: the instructor's commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("release", help="write the student edition", allow_abbrev=False,
                       description="Write the student edition: the files of the edition's "
                                   "list, solution regions replaced by stubs, notebook "
                                   "outputs cleared, checked for leaked solution lines.")
    p.add_argument("out_dir", metavar="OUT_DIR",
                   help="a new (or empty) folder outside the repository")
    p.add_argument("--source", metavar="DIR",
                   help="the course repository (default: the one this package belongs to)")
    p.add_argument("-v", "--verbose", action="store_true", help="list the stubbed exercises")
    p.set_defaults(func=_release)

    p = sub.add_parser("grade", help="grade submissions", allow_abbrev=False,
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
    p.add_argument("--language", choices=sorted(TABLES), default="en",
                   help="the language of the feedback files (default en; the gradebook and "
                        "the JSON are in English)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    p.set_defaults(func=_grade)
    return parser


def main(argv=None):
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
