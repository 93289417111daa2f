"""Lesson 3's experiments, run fairly: several seeds, one thing changed at a time.

Lesson 3 makes two claims about models: "the deeper network generalises better" and
"this initialisation works, that one fails". A claim like that needs a fair comparison
(the same budget, one thing changed) and several seeds, because one run proves nothing.
Both experiments use the graded functions exactly as they are (``L_layer_model``, lesson
1's ``model``); this module only calls them and scores the results.

1. **Depth** (``depth_comparison``). Logistic regression (lesson 1), a 2-layer network
   [12288, 7, 1] and a 4-layer network [12288, 20, 7, 5, 1]. The networks are trained by
   the same code, ``L_layer_model``, from the same initialisation scheme (He, the standard
   start for ReLU layers), for the same number of iterations, each with the learning rate
   its own sweep chose, from 10 seeds. The 4-layer network is also wider (20 units in its
   first layer, not 7, so about 2.9 times the weights), so a 2-layer network [12288, 20, 1]
   with the same first layer is trained too: it separates depth from width.
   Logistic regression starts from zeros and draws nothing, so it is one run: every seed
   would give the same numbers.
   The lesson's own settings (the 2-layer network from randn x 0.01, the 4-layer one from
   LeCun's randn / sqrt(n), both at learning rate 0.0075) run from the same seeds too: they
   change two things at once (depth and initialisation), and seed 1 is the lesson's run.
2. **Initialisation** (``init_comparison``). The 4-layer network from six starting points
   (zeros, small x 0.01, randn, LeCun, Glorot/Xavier, He), each with the same number of
   iterations and its own learning rate, from 5 seeds ("zeros" draws nothing: one run).
   LeCun, Glorot and He also run at the lesson's one rate, 0.0075, from the same seeds
   (``init_at_lesson_rate``): the lesson's old table judged He at that rate only.

How a learning rate is chosen (``choose_learning_rate``): every rate of a small grid,
spaced evenly on a log scale, is tried from the sweep seeds, and the rate with the lowest
mean training cost at the end wins. Only the training set chooses: a choice made by the
test set would make its accuracy an optimistic estimate instead of an honest one.

How noisy is a 50-picture test set? One picture is 2 percentage points, and the spread
from one set of 50 pictures to another is larger still (about 5-6 points for a model that
is right 80% of the time). So every model is also scored on **fresh pictures**: 20 more
test sets of 50 pictures (33 cats each), drawn exactly as the shipped test set is drawn
(``synthetic_cats.make_split``), from seeds that no shipped file uses (``FRESH_SEEDS``).
Their 1000 pictures estimate each run's accuracy to about +-1.4 points, and the 20
accuracies per model show how far apart two 50-picture test sets can be.

``python -m tools experiments`` runs everything (126 trainings: about 25 minutes on a
quiet 2-core machine, 63 minutes with one BLAS thread under load) and
writes ``datasets/experiments/lesson3.json`` (``RESULTS_PATH``), which the notebook reads.
"""
import dataclasses
import hashlib
import json
import time

import numpy as np

from course_utils import logistic_regression, synthetic_cats
from course_utils.datasets import DATASETS_DIR, load_cat_dataset
from course_utils.deep_network import (
    L_layer_model,
    L_model_forward,
    compute_cost,
    initialize_parameters_deep,
    predict,
)
from course_utils.experiment_results import FORMAT, RESULTS_PATH, SCHEMES  # noqa: F401
from course_utils.files import atomic_write
from course_utils.metrics import accuracy

TWO_LAYER = [12288, 7, 1]
FOUR_LAYER = [12288, 20, 7, 5, 1]
TWO_LAYER_WIDE = [12288, 20, 1]
MODELS = {"2-layer": TWO_LAYER, "2-layer-20": TWO_LAYER_WIDE, "4-layer": FOUR_LAYER}
FRESH_SEEDS = tuple(range(20250001, 20250021))     # 20 test sets; no shipped file uses these


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the experiments depend on besides the data files (stored with the results)."""
    iterations: int = 2500                            # the lesson's budget for both networks
    learning_rates: tuple = (0.001, 0.003, 0.01, 0.03)   # the sweep: half-decade steps
    sweep_seeds: tuple = (1, 2)
    depth_seeds: tuple = tuple(range(1, 11))
    init_seeds: tuple = tuple(range(1, 6))
    depth_init: str = "he"
    lesson_inits: tuple = (("2-layer", "small"), ("4-layer", "lecun"))
    lesson_learning_rate: float = 0.0075
    lesson_rate_schemes: tuple = ("lecun", "xavier", "he")
    logistic_iterations: int = 2000                   # lesson 1's settings
    logistic_learning_rate: float = 0.005
    fresh_seeds: tuple = FRESH_SEEDS


# A small version that exercises every code path in seconds (for tests, not for conclusions).
QUICK = Settings(iterations=100, learning_rates=(0.003, 0.01), sweep_seeds=(1,),
                 depth_seeds=(1, 2), init_seeds=(1,), logistic_iterations=100,
                 fresh_seeds=FRESH_SEEDS[:2])


# ----------------------------------------------------------------------------- data

def flatten(x_orig):
    """The lessons' preparation: (m, 64, 64, 3) uint8 -> (12288, m) floats in [0, 1]."""
    return x_orig.reshape(x_orig.shape[0], -1).T / 255.0


def fresh_test_sets(seeds=FRESH_SEEDS):
    """More test sets like the shipped one: 50 pictures, 33 cats, one set per seed.

    Each set is ``synthetic_cats.make_split(seed, 50, 33)``, the procedure that draws the
    shipped test set from its own seed. The sets are concatenated in the order of ``seeds``.

    Returns
    -------
    x_orig : ndarray of shape (50 k, 64, 64, 3), uint8, for k seeds
    y : ndarray of shape (1, 50 k), labels 0 or 1
    """
    splits = [synthetic_cats.make_split(seed, synthetic_cats.N_TEST, synthetic_cats.N_TEST_CATS)
              for seed in seeds]
    return (np.concatenate([x for x, _ in splits]),
            np.concatenate([y for _, y in splits]).reshape(1, -1))


def _sha256_file(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_data(fresh_seeds=FRESH_SEEDS):
    """The shipped pictures, the fresh test sets, and where they come from.

    Returns
    -------
    data : dict with "train", "test" and "fresh", each a pair (X (12288, m), Y (1, m))
    inputs : dict describing the data for the results file: the shipped files' SHA-256,
        the fresh sets' seeds, size and SHA-256, and how many fresh pictures are identical
        to a shipped one (0 expected: each picture is drawn from its own random seed)
    """
    train_x, train_y, test_x, test_y, _ = load_cat_dataset()
    fresh_x, fresh_y = fresh_test_sets(fresh_seeds)
    shipped = {p.tobytes() for p in np.concatenate([train_x, test_x])}
    data = {"train": (flatten(train_x), train_y), "test": (flatten(test_x), test_y),
            "fresh": (flatten(fresh_x), fresh_y)}
    inputs = {
        "files": {name: _sha256_file(DATASETS_DIR / name)
                  for name in ("train_catvnoncat.h5", "test_catvnoncat.h5")},
        "fresh": {
            "how": "synthetic_cats.make_split(seed, 50, 33) for each seed, concatenated",
            "seeds": list(fresh_seeds), "pictures": int(fresh_y.size),
            "cats": int(fresh_y.sum()),
            "sha256": hashlib.sha256(fresh_x.tobytes() + fresh_y.tobytes()).hexdigest(),
            "identical_to_a_shipped_picture": sum(p.tobytes() in shipped for p in fresh_x)},
    }
    return data, inputs


# ----------------------------------------------------------------------------- one run

def _scores(predict_fn, data):
    """Accuracies (%) on the training, test and fresh pictures, and on each fresh set of 50."""
    pred = {name: predict_fn(X) for name, (X, _) in data.items()}
    fresh_y = data["fresh"][1]
    per_set = [accuracy(p, y) for p, y in zip(np.split(pred["fresh"], fresh_y.size // 50, axis=1),
                                              np.split(fresh_y, fresh_y.size // 50, axis=1))]
    scores = {f"{name}_accuracy": accuracy(pred[name], y) for name, (_, y) in data.items()}
    scores["fresh_set_accuracies"] = per_set
    scores["train_cats_predicted"] = int(pred["train"].sum())
    return scores


def _finite_or_none(x):
    """JSON has no NaN or inf: a diverged cost is stored as null."""
    x = float(x)
    return x if np.isfinite(x) else None


def train_network(data, layers_dims, init, learning_rate, seed, iterations):
    """Train one network with ``L_layer_model`` and describe the run.

    Parameters
    ----------
    data : dict from ``load_data``
    layers_dims : list [12288, n[1], ..., 1]
    init : str, one of ``deep_network.INITS``
    learning_rate : float
    seed : int, for the initial weights
    iterations : int

    Returns
    -------
    record : dict with
        "seed", "learning_rate";
        "costs": the training cost at iterations 0, 100, 200, ... (as ``L_layer_model``);
        "final_cost": the training cost after the last update (None if it diverged);
        "train_accuracy", "test_accuracy", "fresh_accuracy" (%), "fresh_set_accuracies"
        (% on each fresh set of 50), "train_cats_predicted" (pictures called "cat");
        "rms_Z_start": root mean square of Z[l] for l = 1..L over the training pictures,
        before any training (is the signal dying out or exploding?);
        "dead_units_end": for each hidden layer, the fraction of its ReLU units whose Z is
        <= 0 on every training picture after training (such a unit outputs 0 and passes
        no gradient back: it is dead).
    """
    X, Y = data["train"]
    with np.errstate(over="ignore", invalid="ignore"):   # a diverging run is recorded, not warned
        parameters, costs = L_layer_model(X, Y, layers_dims, learning_rate=learning_rate,
                                          num_iterations=iterations, init=init, seed=seed)
        AL, caches_end = L_model_forward(X, parameters)
        cost_end = compute_cost(AL, Y)
        scores = _scores(lambda X_: predict(X_, None, parameters), data)
    _, caches_start = L_model_forward(X, initialize_parameters_deep(layers_dims, seed, init))
    return {
        "seed": seed, "learning_rate": learning_rate,
        "costs": [_finite_or_none(c) for c in costs], "final_cost": _finite_or_none(cost_end),
        **scores,
        "rms_Z_start": [float(np.sqrt(np.mean(c.Z ** 2))) for c in caches_start],
        "dead_units_end": [float(np.mean(np.all(c.Z <= 0, axis=1))) for c in caches_end[:-1]],
    }


def train_logistic_regression(data, iterations, learning_rate):
    """Lesson 1's ``model`` (starts from zeros: no seed, the same run every time)."""
    (X, Y), (X_test, Y_test) = data["train"], data["test"]
    d = logistic_regression.model(X, Y, X_test, Y_test, num_iterations=iterations,
                                  learning_rate=learning_rate)
    final_cost = logistic_regression.propagate(d["w"], d["b"], X, Y)[1]
    scores = _scores(lambda X_: logistic_regression.predict(d["w"], d["b"], X_), data)
    return {"learning_rate": learning_rate, "iterations": iterations, "costs": d["costs"],
            "final_cost": final_cost, **scores}


class Runs:
    """Trains each (layers_dims, init, learning rate, seed) once and remembers the record.

    The two experiments share runs (the 4-layer He network is in both); ``progress`` is
    called with one line per new run.
    """

    def __init__(self, data, iterations, progress=None):
        self.data, self.iterations, self.progress = data, iterations, progress
        self.records = {}

    def get(self, layers_dims, init, learning_rate, seed):
        key = (tuple(layers_dims), init, learning_rate, seed)
        if key not in self.records:
            start = time.perf_counter()
            self.records[key] = train_network(self.data, layers_dims, init, learning_rate,
                                              seed, self.iterations)
            if self.progress:
                cost = self.records[key]["final_cost"]
                self.progress(f"{str(list(layers_dims)):<22} {init:<6} lr {learning_rate:<7g} "
                              f"seed {seed:<3} final cost "
                              f"{'diverged' if cost is None else f'{cost:.4f}'} "
                              f"({time.perf_counter() - start:.1f} s)")
        return self.records[key]


# ----------------------------------------------------------------------------- experiments

def choose_learning_rate(runs, layers_dims, init, learning_rates, sweep_seeds):
    """The rate of ``learning_rates`` with the lowest mean final TRAINING cost over the seeds.

    A rate that diverged from any seed counts as infinitely bad; ties go to the smaller rate.

    Returns
    -------
    learning_rate : float, the chosen rate
    sweep : list of dicts, one per rate, with "learning_rate", "mean_final_cost" (None if
        a run diverged) and, one entry per sweep seed, "final_costs", "train_accuracies"
        and "dead_units_end". Only training-set numbers: the test set has no say here.
    """
    sweep = []
    for lr in learning_rates:
        records = [runs.get(layers_dims, init, lr, seed) for seed in sweep_seeds]
        finals = [r["final_cost"] for r in records]
        sweep.append({"learning_rate": lr,
                      "mean_final_cost": None if None in finals else float(np.mean(finals)),
                      "final_costs": finals,
                      "train_accuracies": [r["train_accuracy"] for r in records],
                      "dead_units_end": [r["dead_units_end"] for r in records]})
    best = min(sweep, key=lambda s: (np.inf if s["mean_final_cost"] is None
                                     else s["mean_final_cost"], s["learning_rate"]))
    return best["learning_rate"], sweep


def _seeds_for(init, seeds):
    """"zeros" draws no random number: every seed gives the same run, so run the first only."""
    return seeds[:1] if init == "zeros" else seeds


def _tuned(runs, layers_dims, init, settings, seeds):
    """Choose the learning rate by the sweep, then train from every seed with it."""
    lr, sweep = choose_learning_rate(runs, layers_dims, init, settings.learning_rates,
                                     _seeds_for(init, settings.sweep_seeds))
    return {"layers_dims": list(layers_dims), "init": init, "learning_rate": lr,
            "sweep_seeds": list(_seeds_for(init, settings.sweep_seeds)), "sweep": sweep,
            "runs": [runs.get(layers_dims, init, lr, seed) for seed in _seeds_for(init, seeds)]}


def depth_comparison(runs, settings):
    """The 2-layer and the 4-layer network, same init scheme and budget, own tuned rates.

    Also the lesson's settings (``settings.lesson_inits`` at ``lesson_learning_rate``), from
    the same seeds, which change depth and initialisation at once.
    """
    tuned = {name: _tuned(runs, MODELS[name], settings.depth_init, settings,
                          settings.depth_seeds) for name in MODELS}
    lesson = {name: {"layers_dims": MODELS[name], "init": init,
                     "learning_rate": settings.lesson_learning_rate,
                     "runs": [runs.get(MODELS[name], init, settings.lesson_learning_rate, seed)
                              for seed in settings.depth_seeds]}
              for name, init in settings.lesson_inits}
    return {"models": tuned, "lesson_settings": lesson}


def init_comparison(runs, settings):
    """The 4-layer network from each scheme of ``SCHEMES``, each with its own tuned rate."""
    return {name: _tuned(runs, FOUR_LAYER, name, settings, settings.init_seeds)
            for name in SCHEMES}


def init_at_lesson_rate(runs, settings):
    """The schemes of ``settings.lesson_rate_schemes`` at the lesson's one learning rate."""
    lr = settings.lesson_learning_rate
    return {name: {"layers_dims": FOUR_LAYER, "init": name, "learning_rate": lr,
                   "runs": [runs.get(FOUR_LAYER, name, lr, seed) for seed in settings.init_seeds]}
            for name in settings.lesson_rate_schemes}


def run_experiments(settings=Settings(), progress=None):
    """Run both experiments; return the results (without the command-line metadata).

    Returns
    -------
    results : dict with "settings" (the Settings as a dict), "inputs" (see ``load_data``),
        "logistic_regression" (one record), "depth" (see ``depth_comparison``),
        "init" (see ``init_comparison``) and "init_at_lesson_rate"
    """
    data, inputs = load_data(settings.fresh_seeds)
    runs = Runs(data, settings.iterations, progress)
    return {
        "settings": dataclasses.asdict(settings),
        "inputs": inputs,
        "logistic_regression": train_logistic_regression(
            data, settings.logistic_iterations, settings.logistic_learning_rate),
        "depth": depth_comparison(runs, settings),
        "init": init_comparison(runs, settings),
        "init_at_lesson_rate": init_at_lesson_rate(runs, settings),
    }


def settings_of(results):
    """The Settings a results dict was computed with (lists turned back into tuples)."""
    def as_tuple(v):
        return tuple(as_tuple(x) for x in v) if isinstance(v, list) else v
    return Settings(**{k: as_tuple(v) for k, v in results["settings"].items()})


# ----------------------------------------------------------------------------- storage

def write_results(results, path=RESULTS_PATH):
    """Write ``results`` as JSON, atomically (a reader never sees half a file)."""
    return atomic_write(path, json.dumps(results, indent=1, allow_nan=False) + "\n")
