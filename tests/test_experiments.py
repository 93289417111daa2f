"""Lesson 3's stored experiments (tools/experiments.py, course_utils/experiment_results.py).

Oracles (the bit-for-bit reruns are in test_experiment_reruns.py): the file's internal
consistency is checked by independent arithmetic (accuracies are whole pictures, the mean of
20 equal-sized sets is the accuracy on their union, the chosen learning rate is the sweep's
lowest mean training cost); hand-built inputs for the learning-rate rule, the storage and
the plots.
"""

import dataclasses
import hashlib
import json
import math
import subprocess
import sys

import matplotlib
import numpy as np
import pytest

from course_utils import experiment_results as er
from course_utils.datasets import DATASETS_DIR
from tools import experiments as ex

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_utils import plotting  # noqa: E402

pytestmark = pytest.mark.unit

RUN_FIELDS = {"seed", "learning_rate", "costs", "final_cost", "train_accuracy",
              "test_accuracy", "fresh_accuracy", "fresh_set_accuracies",
              "train_cats_predicted", "rms_Z_start", "dead_units_end"}


@pytest.fixture(scope="module")
def stored():
    return er.load_results()


# ----------------------------------------------------------------------------- the stored file


def test_stored_file_says_how_it_was_made(stored):
    assert stored["format"] == er.FORMAT
    assert stored["command"].startswith("python -m tools experiments")
    assert "--quick" not in stored["command"]
    assert stored["settings"] == json.loads(json.dumps(dataclasses.asdict(ex.Settings())))
    env = stored["environment"]
    assert {"python", "numpy", "machine", "OPENBLAS_CORETYPE", "blas"} <= set(env)
    assert stored["run_seconds"] > 0 and stored["package_version"]
    # the shipped files' SHA-256, computed here independently of the package
    for name, digest in stored["inputs"]["files"].items():
        assert hashlib.sha256((DATASETS_DIR / name).read_bytes()).hexdigest() == digest


def _check_runs(runs, seeds, iterations, n_layers, n_fresh_sets):
    assert [r["seed"] for r in runs] == list(seeds)
    for r in runs:
        assert set(r) == RUN_FIELDS
        assert len(r["costs"]) == math.ceil(iterations / 100)
        assert len(r["rms_Z_start"]) == n_layers and len(r["dead_units_end"]) == n_layers - 1
        assert all(0 <= d <= 1 for d in r["dead_units_end"])
        # accuracies are whole pictures: k / 209, k / 50 (steps of 2 points), k / 1000
        for key, m in (("train_accuracy", 209), ("test_accuracy", 50), ("fresh_accuracy", 1000)):
            k = r[key] * m / 100
            assert abs(k - round(k)) < 1e-9, (key, r[key])
        assert r["test_accuracy"] % 2 == 0
        # 20 sets of 50: the mean of their accuracies is the accuracy on the 1000 pictures
        assert len(r["fresh_set_accuracies"]) == n_fresh_sets
        assert np.mean(r["fresh_set_accuracies"]) == pytest.approx(r["fresh_accuracy"])
        assert 0 <= r["train_cats_predicted"] <= 209


def _check_sweep(entry, learning_rates):
    sweep = entry["sweep"]
    assert [s["learning_rate"] for s in sweep] == list(learning_rates)
    for s in sweep:
        assert set(s) == {"learning_rate", "mean_final_cost", "final_costs",
                          "train_accuracies", "dead_units_end"}     # no test-set number
        assert len(s["final_costs"]) == len(entry["sweep_seeds"])
        if s["mean_final_cost"] is not None:
            assert s["mean_final_cost"] == pytest.approx(np.mean(s["final_costs"]))
    # the rule: the lowest mean final training cost (diverged = worst)
    means = [math.inf if s["mean_final_cost"] is None else s["mean_final_cost"] for s in sweep]
    assert entry["learning_rate"] == learning_rates[int(np.argmin(means))]
    # the chosen rate's runs from the sweep seeds are the sweep's runs
    chosen = sweep[int(np.argmin(means))]
    by_seed = {r["seed"]: r for r in entry["runs"]}
    for seed, cost in zip(entry["sweep_seeds"], chosen["final_costs"]):
        if seed in by_seed:
            assert by_seed[seed]["final_cost"] == cost


def test_depth_comparison_is_fair_and_complete(stored):
    settings = ex.settings_of(stored)
    n_sets = len(settings.fresh_seeds)
    models = stored["depth"]["models"]
    assert list(models) == ["2-layer", "2-layer-20", "4-layer"]
    assert {m["init"] for m in models.values()} == {"he"}      # one thing changed: depth
    # [12288, 20, 1] has the 4-layer network's first layer: only the depth differs
    assert models["2-layer-20"]["layers_dims"][:2] == models["4-layer"]["layers_dims"][:2]
    for name, m in models.items():
        assert m["layers_dims"] == ex.MODELS[name]
        _check_sweep(m, settings.learning_rates)
        _check_runs(m["runs"], settings.depth_seeds, settings.iterations,
                    len(m["layers_dims"]) - 1, n_sets)
    assert len(settings.depth_seeds) >= 5
    lesson = stored["depth"]["lesson_settings"]
    assert {k: v["init"] for k, v in lesson.items()} == {"2-layer": "small", "4-layer": "lecun"}
    for m in lesson.values():
        _check_runs(m["runs"], settings.depth_seeds, settings.iterations,
                    len(m["layers_dims"]) - 1, n_sets)
    lr = stored["logistic_regression"]
    assert lr["iterations"] == 2000 and lr["learning_rate"] == 0.005
    assert len(lr["fresh_set_accuracies"]) == n_sets


def test_seed_1_of_the_lessons_settings_is_the_lessons_run(stored):
    """The notebook's saved outputs (lesson 3, sections 10 and 11): 2-layer 99.5% / 78.0%,
    4-layer 100.0% / 94.0% (two_layer_model and L_layer_model([12288, 7, 1], init="small")
    draw the same weights and do the same arithmetic)."""
    lesson = stored["depth"]["lesson_settings"]
    first = {name: m["runs"][0] for name, m in lesson.items()}
    assert first["2-layer"]["seed"] == first["4-layer"]["seed"] == 1
    assert (first["2-layer"]["train_accuracy"], first["2-layer"]["test_accuracy"]) == (
        pytest.approx(99.5, abs=0.05), 78.0)
    assert (first["4-layer"]["train_accuracy"], first["4-layer"]["test_accuracy"]) == (100.0, 94.0)


def test_init_experiment_gives_every_scheme_the_same_budget(stored):
    settings = ex.settings_of(stored)
    assert list(stored["init"]) == list(er.SCHEMES)
    for name, s in stored["init"].items():
        assert s["layers_dims"] == ex.FOUR_LAYER and s["init"] == name
        _check_sweep(s, settings.learning_rates)
        seeds = settings.init_seeds[:1] if name == "zeros" else settings.init_seeds
        _check_runs(s["runs"], seeds, settings.iterations, 4, len(settings.fresh_seeds))
    at_lesson_rate = stored["init_at_lesson_rate"]
    assert list(at_lesson_rate) == list(settings.lesson_rate_schemes)
    for s in at_lesson_rate.values():
        assert s["learning_rate"] == settings.lesson_learning_rate == 0.0075
        _check_runs(s["runs"], settings.init_seeds, settings.iterations, 4,
                    len(settings.fresh_seeds))
    # LeCun at 0.0075 is the lesson's 4-layer setting: the same runs in both tables
    lesson_4 = stored["depth"]["lesson_settings"]["4-layer"]["runs"]
    assert at_lesson_rate["lecun"]["runs"] == lesson_4[:len(settings.init_seeds)]
    # zeros: every Z is 0 at the start, and every hidden unit is dead at the end
    zeros = stored["init"]["zeros"]["runs"][0]
    assert zeros["rms_Z_start"] == [0.0] * 4 and zeros["dead_units_end"] == [1.0] * 3
    assert zeros["costs"][0] == pytest.approx(math.log(2))       # sigma(0) = 1/2 for all


def test_tables_print_one_row_per_model_and_scheme(stored):
    depth = er.format_depth_table(stored).splitlines()
    assert len(depth) == 1 + 1 + 3 + 2 and depth[1].startswith("logistic regression")
    init = er.format_init_table(stored).splitlines()
    assert len(init) == 1 + len(er.SCHEMES) + 1 + 3
    assert len(er.format_sweeps(stored).splitlines()) == 1 + 2 + len(er.SCHEMES)


# ----------------------------------------------------------------------------- the command


def test_threads_must_be_positive():
    result = subprocess.run([sys.executable, "-m", "tools", "experiments", "--quick",
                             "--threads", "0"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "--threads must be a positive integer; got 0" in result.stderr


# ----------------------------------------------------------------------------- small parts


class FakeRuns:
    """Runs.get with given final costs {(lr, seed): cost}."""

    def __init__(self, costs):
        self.costs = costs

    def get(self, layers_dims, init, learning_rate, seed):
        return {"final_cost": self.costs[learning_rate, seed], "train_accuracy": 50.0,
                "dead_units_end": [0.0]}


def test_choose_learning_rate_takes_the_lowest_mean_training_cost():
    # means: 0.001 -> (0.5 + 0.3) / 2 = 0.4; 0.01 -> (0.1 + 0.5) / 2 = 0.3; 0.1 diverged once
    runs = FakeRuns({(0.001, 1): 0.5, (0.001, 2): 0.3, (0.01, 1): 0.1, (0.01, 2): 0.5,
                     (0.1, 1): 0.0, (0.1, 2): None})
    lr, sweep = ex.choose_learning_rate(runs, [2, 1], "he", (0.001, 0.01, 0.1), (1, 2))
    assert lr == 0.01
    assert [s["mean_final_cost"] for s in sweep] == [pytest.approx(0.4), pytest.approx(0.3),
                                                     None]


def test_choose_learning_rate_breaks_ties_towards_the_smaller_rate():
    runs = FakeRuns({(0.01, 1): 0.25, (0.001, 1): 0.25})
    assert ex.choose_learning_rate(runs, [2, 1], "he", (0.01, 0.001), (1,))[0] == 0.001


def test_load_results_says_how_to_make_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m tools experiments"):
        er.load_results(tmp_path / "missing.json")
    (tmp_path / "other.json").write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="not a results file of this version"):
        er.load_results(tmp_path / "other.json")


def test_write_results_refuses_nan_and_leaves_no_partial_file(tmp_path):
    path = tmp_path / "r.json"
    with pytest.raises(ValueError):
        ex.write_results({"format": er.FORMAT, "x": float("nan")}, path)
    assert list(tmp_path.iterdir()) == []
    ex.write_results({"format": er.FORMAT, "x": [1.5, None]}, path)
    assert er.load_results(path) == {"format": er.FORMAT, "x": [1.5, None]}


def test_spread():
    assert er.spread([76.0, 80.0, 78.0]) == (78.0, 76.0, 80.0)


def test_accuracy_dots_put_equal_values_side_by_side():
    models = {"a": {"train": [100.0, 100.0], "test": [80.0, 80.0, 82.0]},
              "b": {"train": [99.0], "test": [76.0]}}
    ax = plotting.plot_accuracy_dots(models)
    train, mean, test = ax.collections[:3]      # per model: train dots, mean bar, test dots
    xy = test.get_offsets()
    assert sorted(xy[:, 1]) == [80.0, 80.0, 82.0]
    two = xy[xy[:, 1] == 80.0]
    assert two[0, 0] != two[1, 0]                            # side by side, not on top
    assert np.mean(two[:, 0]) == pytest.approx(xy[xy[:, 1] == 82.0][0, 0])   # centred
    lo, hi = ax.get_ylim()
    ticks = np.union1d(ax.yaxis.get_majorticklocs(), ax.yaxis.get_minorticklocs())
    ticks = ticks[(ticks >= lo) & (ticks <= hi)]
    assert np.allclose(np.diff(ticks), 2.0)     # grid lines every 2 points: one test picture
    assert ax.get_ylabel() == "accuracy (%)"
    plt.close(ax.figure)


def test_cost_curves_move_the_curves_above_ymax_to_their_own_panel():
    curves = {"good": [[0.7, 0.5, 0.2], [0.7, 0.4, 0.1]], "saturated": [[22.6, 22.6, 22.6]],
              "starts high": [[1.3, 0.6, 0.3]]}
    fig = plotting.plot_cost_curves(curves, ymax=1.0)
    main, side = fig.axes
    assert main.get_ylim() == (0.0, 1.0)
    def legend(ax):
        return [line.get_label() for line in ax.get_lines() if line.get_label()[0] != "_"]
    assert legend(main) == ["good (2 runs)", "starts high (1 run; starts at 1.30, above the axis)"]
    assert legend(side) == ["saturated (1 run)"]
    mean, run_1, run_2 = main.get_lines()[:3]           # the mean, then each run of "good"
    assert list(mean.get_ydata()) == pytest.approx([0.7, 0.45, 0.15])
    assert list(run_2.get_ydata()) == [0.7, 0.4, 0.1]
    assert main.get_xlabel() == "iteration" and main.get_ylabel() == "training cost"
    plt.close(fig)
