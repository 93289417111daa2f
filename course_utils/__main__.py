"""The student's command line:  python -m course_utils COMMAND ...

    progress [--lesson N] [--language zh]
                                  which exercises pass, fail or are not started yet
    handin [--name NAME] [--out DIR] [--language en|zh]
                                  write the one file you hand in, <name>-nn-course.zip
    make-datasets [--out DIR]     regenerate the cat / non-cat h5 files (and sample images)

The instructor's commands (release, grade) are ``python -m course_instructor``; the
maintainers' (translate, experiments, record) are ``python -m tools``.
"""
import argparse
import sys
from pathlib import Path


def _make_datasets(args):
    from course_utils import synthetic_cats
    from course_utils.datasets import DATASETS_DIR

    out = Path(args.out) if args.out else DATASETS_DIR
    train_path, test_path = synthetic_cats.write_cat_datasets(out)
    print(f"wrote {train_path}")
    print(f"wrote {test_path}")
    if args.images:
        images = Path(args.images)
        synthetic_cats.save_sample_grid(images / "cat_samples.png")
        synthetic_cats.save_sample_grid(images / "cat_samples_zh.png", language="zh")
        synthetic_cats.save_example_photos(images)
        print(f"wrote the sample grid and example photos to {images}")
    return 0


def _progress(args):
    from course_utils import progress, registry
    from course_utils.messages import set_language
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


def _handin(args):
    from course_utils import handin
    from course_utils.messages import set_language
    set_language(args.language or "en")
    try:
        done = handin.make_handin(out=args.out, name=args.name, language=args.language)
    except handin.HandinError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(done.summary())
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m course_utils", allow_abbrev=False,
                                     description="nn-course: the student's commands.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("progress", help="which exercises pass, fail or are not started yet",
                       allow_abbrev=False,
                       description="Run every exercise's public check quietly and list each "
                                   "exercise as passed, failing or not started.")
    p.add_argument("--lesson", type=int, metavar="N", help="only lesson N (1, 2 or 3)")
    p.add_argument("--language", choices=("en", "zh"), default="en",
                   help="the language of the report (zh: Simplified Chinese)")
    p.set_defaults(func=_progress)

    p = sub.add_parser("handin", help="write the one file you hand in, <name>-nn-course.zip",
                       allow_abbrev=False,
                       description="Write <name>-nn-course.zip into the course folder: your "
                                   "three lesson files, the notebooks you worked in (without "
                                   "their pictures) and a manifest. Hand in that file, not "
                                   "the folder.")
    p.add_argument("--name", help="how your teacher knows you (given once: it is kept in "
                                  "the course folder's .nn-course-student)")
    p.add_argument("--out", metavar="DIR", help="write the zip there (default: the course "
                                                "folder)")
    p.add_argument("--language", choices=("en", "zh"),
                   help="the language you worked in (default: that of the notebook saved "
                        "last); also the language of this command's messages")
    p.set_defaults(func=_handin)

    p = sub.add_parser("make-datasets", help="regenerate datasets/*_catvnoncat.h5",
                       allow_abbrev=False,
                       description="Draw the cat / non-cat pictures again, bit for bit as "
                                   "shipped, and write them as the two h5 files.")
    p.add_argument("--out", metavar="DIR", help="output folder (default: the course's datasets/)")
    p.add_argument("--images", metavar="DIR",
                   help="also write the sample grid and example photos to DIR "
                        "(the course's own are in images/)")
    p.set_defaults(func=_make_datasets)
    return parser


def main(argv=None):
    args = build_parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
