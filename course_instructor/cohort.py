"""What to reteach: a cohort's results, per exercise.

    python -m course_instructor report RESULTS.json --out DIR

From the instructor's results JSON of a grading run (``gradebook.json``), for each
exercise: how many submissions were graded, the share with full marks, and the most
common diagnosed mistakes -- each lost case's diagnosis (the engine's hint, such as
``hint.transpose``, the edition's stub ``not-done``, or the kind of mismatch or end:
``mismatch.shape``, ``feedback.why.timeout``; :func:`course_instructor.scoring.diagnosis`)
counted once per submission that shows it. Written as ``cohort.md`` (a Markdown table),
``cohort.csv`` (one row per exercise and diagnosis) and ``cohort.png`` (a figure:
full-marks share per exercise, and the commonest diagnoses of the cohort). The same JSON
gives the same three files, byte for byte.

A submission that could not be graded at all (its ``error``) counts in no share: it is
listed apart, as ``not graded``.
"""
import csv
import io
from collections import Counter
from pathlib import Path

from course_instructor.reports import read_results
from course_utils.files import atomic_write

TOP = 3                          # diagnoses shown per exercise


class ReportError(Exception):
    """The results cannot be reported (unreadable, not a grading run's JSON)."""


def load(path):
    """The results JSON at ``path``, checked for what the report reads."""
    return read_results(path, ("submissions", "exercises"), error=ReportError)


def summarise(data):
    """``(rows, not_graded)``: per exercise, in the run's order, a dict with ``exercise``,
    ``graded`` (submissions), ``full`` (with full marks), ``share`` (full / graded, or
    None) and ``mistakes`` ``[(diagnosis, submissions)]``, commonest first (ties by
    name); ``not_graded`` the names of the submissions that could not be graded."""
    graded = [s for s in data["submissions"] if not s.get("error")]
    rows = []
    for ex in data["exercises"]:
        full, mistakes = 0, Counter()
        for sub in graded:
            entry = sub["exercises"][ex["id"]]
            full += entry["score"] >= entry["points"]
            mistakes.update({c["diagnosis"] for c in entry["cases"]
                             if not c["passed"] and c.get("diagnosis")})
        rows.append({"exercise": ex["id"], "graded": len(graded), "full": full,
                     "share": full / len(graded) if graded else None,
                     "mistakes": sorted(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))})
    return rows, sorted(s["name"] for s in data["submissions"] if s.get("error"))


def _share(row):
    return "-" if row["share"] is None else f"{100 * row['share']:.0f}%"


def markdown(rows, not_graded):
    lines = ["| exercise | graded | full marks | commonest diagnosed mistakes (submissions) |",
             "|---|---:|---:|---|"]
    for r in rows:
        top = ", ".join(f"`{d}` ({n})" for d, n in r["mistakes"][:TOP]) or "-"
        lines.append(f"| `{r['exercise']}` | {r['graded']} | {r['full']} ({_share(r)}) "
                     f"| {top} |")
    if not_graded:
        lines += ["", f"Not graded ({len(not_graded)}): " + ", ".join(not_graded)]
    return "\n".join(lines) + "\n"


def table_csv(rows):
    """One row per exercise and diagnosis (and one with an empty diagnosis for an
    exercise nobody lost a case of)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["exercise", "graded", "full_marks", "share_full_marks", "diagnosis",
                "submissions"])
    for r in rows:
        share = "" if r["share"] is None else f"{r['share']:.4f}"
        for d, n in r["mistakes"] or [("", "")]:
            w.writerow([r["exercise"], r["graded"], r["full"], share, d, n])
    return out.getvalue()


def figure(rows, path):
    """The full-marks share per exercise, and the cohort's commonest diagnoses (counted
    over all exercises), as a PNG (Agg, no date or version in it: the same rows give
    the same bytes)."""
    import matplotlib
    import matplotlib.ticker
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["exercise"] for r in rows]
    shares = [100 * (r["share"] or 0.0) for r in rows]
    overall = Counter()
    for r in rows:
        overall.update(dict(r["mistakes"]))
    common = sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    height = max(4.0, 0.28 * len(rows) + 1.5)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, height),
                                      gridspec_kw={"width_ratios": [3, 2]})
    y = list(range(len(rows)))[::-1]
    left.barh(y, shares, color="#4c72b0")
    left.set_yticks(y, names, fontsize=8)
    left.set_xlim(0, 100)
    left.set_xlabel("submissions with full marks (%)")
    left.set_title("Full marks per exercise")
    for yy, s in zip(y, shares):
        left.text(min(s + 1, 88), yy, f"{s:.0f}%", va="center", fontsize=7)
    if common:
        yc = list(range(len(common)))[::-1]
        right.barh(yc, [n for _, n in common], color="#dd8452")
        right.set_yticks(yc, [d for d, _ in common], fontsize=8)
        right.set_xlabel("(submission, exercise) pairs showing it")
        right.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    else:
        right.text(0.5, 0.5, "no mistake diagnosed", ha="center", va="center")
        right.set_yticks([])
    right.set_title("Commonest diagnosed mistakes")
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)


def write_report(results_path, out_dir):
    """Write ``cohort.md``, ``cohort.csv`` and ``cohort.png`` into ``out_dir`` (each
    atomically); return ``(rows, not_graded, paths)``."""
    rows, not_graded = summarise(load(results_path))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "cohort.md", out / "cohort.csv", out / "cohort.png"]
    atomic_write(paths[0], markdown(rows, not_graded))
    atomic_write(paths[1], table_csv(rows))
    atomic_write(paths[2], lambda tmp: figure(rows, tmp))
    return rows, not_graded, paths
