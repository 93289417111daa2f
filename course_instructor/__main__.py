"""The instructor's command line:  python -m course_instructor COMMAND ...

    release OUT_DIR               write the student edition
    grade --gradebook FILE.csv --feedback DIR [OPTIONS] -- SUBMISSION...
                                  grade what a platform delivered, in the sandbox
    export canvas|moodle RESULTS.json ...
                                  the grades (and feedback) as the platform imports them
    report RESULTS.json --out DIR what to reteach: full marks and commonest mistakes per
                                  exercise (Markdown, CSV and a figure)

Paths are never options: a path given before ``--`` that starts with ``-`` and exists
(a folder named ``--unsandboxed`` that a shell's ``*`` put on the line) refuses the
command; after ``--`` it is a path. The student's commands are ``python -m
course_utils``; the maintainers' are ``python -m tools``.
"""
import argparse
import os
import signal
import sys
from pathlib import Path

from course_instructor import autograder, cohort, export, intake, release, resume
from course_instructor.exercises import GradingError
from course_instructor.jobs import Limits
from course_instructor.reports import clean
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
                                  fresh=args.fresh, layout=args.layout,
                                  language=args.language)
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
    if graded.secret is None:
        print("warning: no course secret is set (NN_COURSE_SECRET or NN_COURSE_SECRET_FILE): "
              "the hidden inputs are the default draws, the same for every course and year "
              "that sets none. Set one secret per term (INSTRUCTORS.md, \"The hidden "
              "inputs\").", file=sys.stderr)
    if mode == "unsandboxed":
        print("warning: graded WITHOUT the sandbox (--unsandboxed): the submissions' code ran "
              "with your rights.", file=sys.stderr)
    status = 0
    not_graded = graded.not_graded()
    if not_graded:
        print(f"not graded ({len(not_graded)}; 0 points where a submission is concerned; "
              f"details in {results}):", file=sys.stderr)
        for sentence in not_graded:
            print(f"    {clean(sentence, newlines=False)}", file=sys.stderr)
        status = 1
    if graded.retry:
        print(f"warning: {len(graded.retry)} exercise(s) could not be graded through no fault "
              "of the student (status sandbox-error or grader-error in the JSON, 0 points for "
              "now); run the same command again to grade them.", file=sys.stderr)
        status = 1
    return status


def _export(args):
    try:
        results = export.load_results(args.results)
        if args.platform == "canvas":
            columns = args.per_lesson or [args.total]
            report = export.export_canvas(results, args.roster, args.out, columns,
                                          per_lesson=bool(args.per_lesson),
                                          raw_points=args.raw_points, missing=args.missing)
        else:
            report = export.export_moodle(results, args.worksheet, args.out, args.lesson,
                                          raw_points=args.raw_points, missing=args.missing,
                                          feedback_dir=args.feedback,
                                          feedback_zip=args.feedback_zip)
    except export.ExportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}: {report.rows} roster row(s), {len(report.missing)} without a "
          "submission" + (" (0 points)" if args.missing == "zero" else " (left blank)"))
    for note in report.notes:
        print(f"note: {note}")
    for who in report.missing:
        print(f"missing: {clean(who, newlines=False)}")
    for who, names in report.conflicts:
        print(f"error: {clean(who, newlines=False)} matches several submissions "
              f"({', '.join(names)}): left blank; grade them by hand.", file=sys.stderr)
    for name in report.unmatched:
        print(f"error: submission {name} matches no row of the roster: not exported.",
              file=sys.stderr)
    return 0 if report.complete else 1


def _report(args):
    try:
        rows, not_graded, paths = cohort.write_report(args.results, args.out)
    except (cohort.ReportError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {', '.join(map(str, paths))}: {len(rows)} exercise(s), "
          f"{rows[0]['graded'] if rows else 0} graded submission(s)"
          + (f", {len(not_graded)} not graded" if not_graded else ""))
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
                       description="Grade the graded functions of each student's submission "
                                   "against hidden tests, each exercise in its own sandbox "
                                   "(bubblewrap). SUBMISSION: what the platform delivered, "
                                   "as it is (a Canvas or Moodle download, its folder or "
                                   "its files; nbgrader's submitted/ folder; hand-in zips; "
                                   "folders or zips of the edition). Put them after --. "
                                   "Exits with status 1 when something could not be "
                                   "graded (it is named). An interrupted run is resumed by "
                                   "running the same command again.")
    p.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    p.add_argument("--gradebook", required=True, metavar="FILE.csv",
                   help="one row per student: who, points per exercise and per lesson, "
                        "total, max")
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
                   help="time limit per exercise, in seconds of CPU time (default: each "
                        "exercise's own, 10-20 s; the clock's backstop is 3 times it)")
    p.add_argument("--memory-mb", type=int, default=1024, metavar="MB",
                   help="memory limit of each exercise's sandbox (default 1024)")
    p.add_argument("--unsandboxed", action="store_true",
                   help="trusted code only: run the submissions' code without the sandbox, "
                        "with your own rights (where bubblewrap cannot run)")
    p.add_argument("--fresh", action="store_true",
                   help="forget the results an earlier run cached beside the gradebook "
                        "(NAME.cache/) and grade everything again")
    p.add_argument("--layout", choices=intake.LAYOUTS, default="auto",
                   help="how the submissions were delivered (default auto: recognised "
                        "per path; see INSTRUCTORS.md)")
    p.add_argument("--language", choices=sorted(TABLES), default=None,
                   help="the language of every feedback file (default: each hand-in's own, "
                        "from its manifest, else en; the gradebook and "
                        "the JSON are in English)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    p.set_defaults(func=_grade)

    p = sub.add_parser("export", help="grades back to Canvas or Moodle", allow_abbrev=False,
                       description="Write a grading run's grades as the learning platform "
                                   "imports them, for every student of its roster.")
    platforms = p.add_subparsers(dest="platform", required=True, metavar="PLATFORM")
    for name, text in (("canvas", "Canvas: an import CSV made from the gradebook export"),
                       ("moodle", "Moodle: the grading worksheet, filled, and the feedback "
                                  "files as a zip")):
        q = platforms.add_parser(name, help=text, description=text, allow_abbrev=False)
        q.add_argument("results", metavar="RESULTS.json",
                       help="the grading run's results (the gradebook's .json)")
        q.add_argument("--out", required=True, metavar="FILE.csv", help="the file to import")
        q.add_argument("--missing", choices=export.MISSING, default="blank",
                       help="a roster student without a submission: blank (left as it is "
                            "on the platform, the default) or zero")
        q.add_argument("--raw-points", action="store_true",
                       help="write our points as they are, not scaled to the platform's "
                            "maximum")
        q.set_defaults(func=_export)
        if name == "canvas":
            q.add_argument("--roster", required=True, metavar="CANVAS.csv",
                           help="the Canvas gradebook export (Grades > Export)")
            which = q.add_mutually_exclusive_group(required=True)
            which.add_argument("--total", metavar="COLUMN",
                               help="the assignment column for the total, e.g. "
                                    "'nn-course (123460)'")
            which.add_argument("--per-lesson", nargs="+", metavar="COLUMN",
                               help="one assignment column per graded lesson, in order")
        else:
            q.add_argument("--worksheet", required=True, metavar="WORKSHEET.csv",
                           help="the assignment's grading worksheet (Download grading "
                                "worksheet)")
            q.add_argument("--lesson", type=int, metavar="N",
                           help="export lesson N's subtotal (default: the total)")
            q.add_argument("--feedback", metavar="DIR",
                           help="the grading run's feedback folder")
            q.add_argument("--feedback-zip", metavar="OUT.zip",
                           help="write the feedback files as Moodle's feedback zip")

    p = sub.add_parser("report", help="what to reteach: a cohort's results per exercise",
                       allow_abbrev=False,
                       description="For each exercise of a grading run: the share of "
                                   "submissions with full marks and the commonest "
                                   "diagnosed mistakes, as cohort.md, cohort.csv and "
                                   "cohort.png in OUT.")
    p.add_argument("results", metavar="RESULTS.json",
                   help="the grading run's results (the gradebook's .json)")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.set_defaults(func=_report)
    return parser


def paths_posing_as_options(argv):
    """The arguments before ``--`` that start with ``-`` and name an existing file or
    folder (a shell glob may have put a student's file name among the options)."""
    found = []
    for arg in argv:
        if arg == "--":
            break
        if arg.startswith("-") and arg != "-" and os.path.lexists(arg):
            found.append(arg)
    return found


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    posing = paths_posing_as_options(argv)
    if posing:
        print(f"error: {', '.join(map(repr, posing))} "
              + ("is both an option and a file or folder here" if len(posing) == 1 else
                 "are both options and files or folders here")
              + ": a shell glob (such as grade *) may have put a file name among the "
              "options. Nothing was done. Give the options first and the submissions "
              "after --, e.g. python -m course_instructor grade --gradebook g.csv "
              "--feedback fb -- submissions/*", file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
