"""Lesson 3's stored experiments: read the results file and show it as tables and plots.

``datasets/experiments/lesson3.json`` holds the multi-seed depth and initialisation
experiments, with the command and every input that made them. The maintainers' runner
(``python -m tools experiments``, in ``tools/experiments.py``) writes it; the lesson only
reads it, through this module: :func:`load_results`, the text tables and the data of its
two figures.
"""
import json
from pathlib import Path

import numpy as np

from course_utils.datasets import DATASETS_DIR

RESULTS_PATH = DATASETS_DIR / "experiments" / "lesson3.json"
FORMAT = "nn-course lesson 3 experiments, version 1"
RECOMPUTE = "python -m tools experiments"
SCHEMES = ("zeros", "small", "randn", "lecun", "xavier", "he")
SCHEME_NAMES = {"zeros": "zeros", "small": "small (x 0.01)", "randn": "randn (x 1)",
                "lecun": "LeCun 1/sqrt(n_in)", "xavier": "Glorot/Xavier",
                "he": "He sqrt(2/n_in)"}


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


def _cell(values, digits=1, width=19):
    """"mean [min, max]" of the values, or the one value of a single run."""
    if None in values:
        return "diverged".rjust(width)
    if len(values) == 1:
        return f"{values[0]:.{digits}f}".rjust(width - 7).ljust(width)
    mean, lo, hi = spread(values)
    return f"{mean:.{digits}f} [{lo:.{digits}f},{hi:.{digits}f}]".rjust(width)


def depth_rows(results):
    """(label, init, learning rate, list of records) per row of the depth table."""
    depth = results["depth"]
    rows = [("logistic regression", "zeros", results["logistic_regression"]["learning_rate"],
             [results["logistic_regression"]])]
    rows += [(str(m["layers_dims"]), m["init"], m["learning_rate"], m["runs"])
             for m in depth["models"].values()]
    rows += [(f"{m['layers_dims']}, lesson", m["init"], m["learning_rate"], m["runs"])
             for m in depth["lesson_settings"].values()]
    return rows


def format_depth_table(results):
    """The depth comparison as text: accuracy (%) mean [min, max] over the seeds."""
    n_fresh = results["inputs"]["fresh"]["pictures"]
    lines = [f"{'model':<31} {'init':<6} {'lr':>7} {'runs':>4} {'train (209)':>19} "
             f"{'test (50)':>19} {f'fresh ({n_fresh})':>19} {'final cost':>10}"]
    for label, init, lr, records in depth_rows(results):
        acc = {k: [r[f"{k}_accuracy"] for r in records] for k in ("train", "test", "fresh")}
        cost = np.mean([r["final_cost"] for r in records])
        lines.append(f"{label:<31} {init:<6} {lr:>7g} {len(records):>4} {_cell(acc['train'])} "
                     f"{_cell(acc['test'])} {_cell(acc['fresh'])} {cost:>10.4f}")
    return "\n".join(lines)


def format_init_table(results):
    """The initialisation experiment as text: one row per scheme with its own learning
    rate, then the rows of ``init_at_lesson_rate`` (all at the lesson's rate)."""
    n_fresh = results["inputs"]["fresh"]["pictures"]
    lines = [f"{'scheme':<20} {'lr':>6} {'runs':>4} {'final cost':>21} {'train (209)':>19} "
             f"{'test (50)':>19} {f'fresh ({n_fresh})':>19}  dead units, layers 1-3"]
    entries = list(results["init"].values()) + list(results["init_at_lesson_rate"].values())
    for k, s in enumerate(entries):
        if k == len(results["init"]):
            lines.append("at the lesson's learning rate:")
        runs = s["runs"]
        dead = np.mean([r["dead_units_end"] for r in runs], axis=0)
        lines.append(f"{SCHEME_NAMES[s['init']]:<20} {s['learning_rate']:>6g} {len(runs):>4} "
                     + _cell([r["final_cost"] for r in runs], digits=3, width=21) + " "
                     + " ".join(_cell([r[f"{k}_accuracy"] for r in runs])
                                for k in ("train", "test", "fresh"))
                     + "  " + " ".join(f"{d:4.0%}" for d in dead))
    return "\n".join(lines)


def format_sweeps(results):
    """The learning-rate sweeps as text: mean final training cost per rate, * = chosen.

    Each cell also gives the ReLU units dead at the end (mean over the sweep seeds) out of
    all hidden units. The 4-layer He sweep is shown once, with the other schemes.
    """
    entries = [(f"{m['layers_dims']}, {m['init']}", m)
               for name, m in results["depth"]["models"].items() if name != "4-layer"]
    entries += [(f"4-layer, {SCHEME_NAMES[name]}", s) for name, s in results["init"].items()]
    rates = results["settings"]["learning_rates"]
    seeds = ", ".join(map(str, results["settings"]["sweep_seeds"]))
    lines = [f"{'sweep (seeds ' + seeds + ')':<28}"
             + "".join(f"{'lr ' + format(lr, 'g'):>23}" for lr in rates)]
    for label, entry in entries:
        hidden = entry["layers_dims"][1:-1]
        cells = []
        for s in entry["sweep"]:
            cost = s["mean_final_cost"]
            dead = np.mean([np.dot(f, hidden) for f in s["dead_units_end"]])
            mark = "*" if s["learning_rate"] == entry["learning_rate"] else " "
            cells.append(("diverged" if cost is None else f"{cost:.3f}")
                         + f" ({dead:4.1f}/{sum(hidden)} dead){mark}")
        lines.append(f"{label:<28}" + "".join(f"{c:>23}" for c in cells))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- for the plots

def depth_accuracies(results, lesson_settings=True):
    """{model label: {"train"/"test"/"fresh": accuracies (%) per run}}, for plot_accuracy_dots."""
    depth = results["depth"]
    out = {"logistic\nregression": results["logistic_regression"]}
    out.update({f"{len(m['layers_dims']) - 1} layers\n{m['layers_dims'][1:-1]}, He": m["runs"]
                for m in depth["models"].values()})
    if lesson_settings:
        out.update({f"{len(m['layers_dims']) - 1} layers, lesson\n"
                    f"{'x 0.01' if m['init'] == 'small' else 'LeCun'}, lr {m['learning_rate']:g}":
                    m["runs"] for m in depth["lesson_settings"].values()})
    return {label: {k: [r[f"{k}_accuracy"] for r in (runs if isinstance(runs, list) else [runs])]
                    for k in ("train", "test", "fresh")} for label, runs in out.items()}


def cost_curves(results, schemes=SCHEMES):
    """{scheme name: one cost curve per run}, for plot_cost_curves.

    Each curve is the recorded costs (iterations 0, 100, ...) followed by the final cost,
    so it ends at the last iteration.
    """
    return {f"{SCHEME_NAMES[name]}, lr {results['init'][name]['learning_rate']:g}":
            [r["costs"] + [r["final_cost"]] for r in results["init"][name]["runs"]]
            for name in schemes}
