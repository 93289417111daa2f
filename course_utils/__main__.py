"""Command line of the course:  python -m course_utils COMMAND ...

    make-datasets [--out DIR]     regenerate the cat / non-cat h5 files (and sample images)
"""
import argparse
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


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m course_utils",
                                     description="nn-course command-line tools.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("make-datasets", help="regenerate datasets/*_catvnoncat.h5")
    p.add_argument("--out", metavar="DIR", help="output folder (default: the course's datasets/)")
    p.add_argument("--images", metavar="DIR",
                   help="also write the sample grid and example photos to DIR "
                        "(the course's own are in images/)")
    p.set_defaults(func=_make_datasets)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
