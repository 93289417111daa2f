"""Lesson 3's stored experiments: read the results file and show it as tables and plots.

``datasets/experiments/lesson3.json`` holds the multi-seed depth and initialisation
experiments, with the command and every input that made them. The maintainers' runner
(``python -m tools experiments``, in ``tools/experiments.py``) writes it; the lesson only
reads it, through this module: :func:`load_results`, the text tables and the data of its
two figures.
"""
import json
import unicodedata
from pathlib import Path

import numpy as np

from course_utils.messages import text as _
from course_utils.datasets import DATASETS_DIR

RESULTS_PATH = DATASETS_DIR / "experiments" / "lesson3.json"
FORMAT = "nn-course lesson 3 experiments, version 1"
RECOMPUTE = "python -m tools experiments"
SCHEMES = ("zeros", "small", "randn", "lecun", "xavier", "he")


def load_results(path=RESULTS_PATH):
    """Read a results file written by ``python -m tools experiments``."""
    try:
        results = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise FileNotFoundError(f"No experiment results at {path}. Compute them with:  "
                                f"{RECOMPUTE}") from None
    if results.get("format") != FORMAT:
        raise ValueError(f"{path} is not a results file of this version ({FORMAT!r}); it "
                         f"says {results.get('format')!r}. Recompute it with:  "
                         f"{RECOMPUTE}")
    return results


# ----------------------------------------------------------------------------- summaries

def spread(values):
    """(mean, min, max) of a list of numbers."""
    values = np.asarray(values, dtype=float)
    return float(values.mean()), float(values.min()), float(values.max())


def _width(text):
    """Columns ``text`` takes in a monospaced font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text, width, right=True):
    """``text`` padded with spaces to ``width`` columns (on the left if ``right``)."""
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _cell(values, digits=1, width=19):
    """"mean [min, max]" of the values, or the one value of a single run."""
    if None in values:
        return _pad(_("table.diverged"), width)
    if len(values) == 1:
        return f"{values[0]:.{digits}f}".rjust(width - 7).ljust(width)
    mean, lo, hi = spread(values)
    return f"{mean:.{digits}f} [{lo:.{digits}f},{hi:.{digits}f}]".rjust(width)


SCHEME_KEYS = {"zeros": "scheme.zeros", "small": "scheme.small", "randn": "scheme.randn",
               "lecun": "scheme.lecun", "xavier": "scheme.xavier", "he": "scheme.he"}


def scheme_name(init):
    """The printed name of an initialisation scheme, e.g. "He sqrt(2/n_in)"."""
    return _(SCHEME_KEYS[init])


def model_name(layers_dims, lesson=False, short=False):
    """"2 layers [7]": the number of layers and the hidden layers' sizes (of 12288 inputs);
    ``short``: "4 layers" alone when the network is the 4-layer one."""
    hidden = list(layers_dims[1:-1])
    name = _("table.layers", L=len(layers_dims) - 1, hidden=hidden)
    if short and len(hidden) > 1:
        name = _("table.layers_only", L=len(layers_dims) - 1)
    return _("table.lesson", model=name) if lesson else name


def depth_rows(results):
    """(label, init, learning rate, list of records) per row of the depth table."""
    depth = results["depth"]
    rows = [(_("table.logistic"), "zeros", results["logistic_regression"]["learning_rate"],
             [results["logistic_regression"]])]
    rows += [(model_name(m["layers_dims"]), m["init"], m["learning_rate"], m["runs"])
             for m in depth["models"].values()]
    rows += [(model_name(m["layers_dims"], lesson=True), m["init"], m["learning_rate"],
              m["runs"]) for m in depth["lesson_settings"].values()]
    return rows


def format_depth_table(results):
    """The depth comparison as text: accuracy (%) mean [min, max] over the runs.

    (How each row was trained, its initialisation and learning rate, is in the results
    file and in the lesson's text.)
    """
    n_fresh = results["inputs"]["fresh"]["pictures"]
    lines = [_pad(_("table.model"), 28, right=False) + _pad(_("table.runs"), 5)
             + "".join(_pad(_(key, n=n), 20) for key, n in
                       (("table.train", 209), ("table.test", 50), ("table.fresh", n_fresh)))]
    for label, _init, _lr, records in depth_rows(results):
        acc = {k: [r[f"{k}_accuracy"] for r in records] for k in ("train", "test", "fresh")}
        lines.append(_pad(label, 28, right=False) + f"{len(records):>5}"
                     + "".join(" " + _cell(acc[k]) for k in ("train", "test", "fresh")))
    return "\n".join(lines)


def format_init_table(results):
    """The initialisation experiment as text: one row per scheme with its own learning
    rate, then the rows of ``init_at_lesson_rate`` (all at the lesson's rate): the mean
    final cost and training accuracy, the fresh pictures' accuracy (mean [min, max]) and
    the ReLU units dead at the end in each hidden layer (mean over the runs)."""
    n_fresh = results["inputs"]["fresh"]["pictures"]
    lines = [_pad(_("table.scheme"), 20, right=False) + _pad(_("table.lr"), 7)
             + _pad(_("table.runs"), 5) + _pad(_("table.cost"), 7)
             + _pad(_("table.train_mean"), 7) + _pad(_("table.fresh", n=n_fresh), 20)
             + "  " + _("table.dead")]
    entries = list(results["init"].values()) + list(results["init_at_lesson_rate"].values())
    for k, entry in enumerate(entries):
        if k == len(results["init"]):
            lines.append(_("table.lesson_rate"))
        runs = entry["runs"]
        dead = np.mean([r["dead_units_end"] for r in runs], axis=0)
        costs = [r["final_cost"] for r in runs]
        cost = _("table.diverged") if None in costs else f"{np.mean(costs):.3f}"
        lines.append(_pad(scheme_name(entry["init"]), 20, right=False)
                     + f"{entry['learning_rate']:>7g}{len(runs):>5}" + _pad(cost, 7)
                     + f"{np.mean([r['train_accuracy'] for r in runs]):>7.1f} "
                     + _cell([r["fresh_accuracy"] for r in runs])
                     + "  " + " ".join(f"{d:4.0%}" for d in dead))
    return "\n".join(lines)


def format_sweeps(results):
    """The learning-rate sweeps as text: mean final training cost per rate, * = chosen.

    Each cell also gives the ReLU units dead at the end (mean over the sweep seeds) out of
    all hidden units. The 4-layer He sweep is shown once, with the other schemes.
    """
    entries = [(_("table.sweep_row", model=model_name(m["layers_dims"], short=True),
                  scheme=scheme_name(m["init"])), m)
               for name, m in results["depth"]["models"].items() if name != "4-layer"]
    entries += [(_("table.sweep_row", model=model_name(s["layers_dims"], short=True),
                   scheme=scheme_name(name)), s) for name, s in results["init"].items()]
    rates = results["settings"]["learning_rates"]
    seeds = ", ".join(map(str, results["settings"]["sweep_seeds"]))
    lines = [_pad(_("table.sweep", seeds=seeds), 30, right=False)
             + "".join(_pad(f"{_('table.lr')} {lr:g}", 17) for lr in rates)]
    for label, entry in entries:
        hidden = entry["layers_dims"][1:-1]
        cells = []
        for s in entry["sweep"]:
            cost = s["mean_final_cost"]
            dead = np.mean([np.dot(f, hidden) for f in s["dead_units_end"]])
            mark = "*" if s["learning_rate"] == entry["learning_rate"] else " "
            cells.append((_("table.diverged") if cost is None else f"{cost:.3f}")
                         + f" ({dead:.1f}/{sum(hidden)}){mark}")
        lines.append(_pad(label, 30, right=False) + "".join(_pad(c, 17) for c in cells))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- for the plots

def depth_accuracies(results, lesson_settings=True):
    """{model label: {"train"/"test"/"fresh": accuracies (%) per run}}, for plot_accuracy_dots."""
    depth = results["depth"]
    out = {_("table.logistic_short"): results["logistic_regression"]}
    out.update({_("plot.model_he", model=model_name(m["layers_dims"])): m["runs"]
                for m in depth["models"].values()})
    if lesson_settings:
        out.update({_("plot.model_lesson", model=model_name(m["layers_dims"]),
                      init=scheme_name(m["init"]), lr=f"{m['learning_rate']:g}"): m["runs"]
                    for m in depth["lesson_settings"].values()})
    return {label: {k: [r[f"{k}_accuracy"] for r in (runs if isinstance(runs, list) else [runs])]
                    for k in ("train", "test", "fresh")} for label, runs in out.items()}


def cost_curves(results, schemes=SCHEMES):
    """{scheme name: one cost curve per run}, for plot_cost_curves.

    Each curve is the recorded costs (iterations 0, 100, ...) followed by the final cost,
    so it ends at the last iteration.
    """
    return {f"{scheme_name(name)}, {_('table.lr')} {results['init'][name]['learning_rate']:g}":
            [r["costs"] + [r["final_cost"]] for r in results["init"][name]["runs"]]
            for name in schemes}
