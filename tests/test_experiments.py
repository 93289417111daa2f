"""Lesson 3's stored experiments (course_utils.experiments, datasets/experiments/).

Oracles: a rerun of stored entries (one seed of the depth comparison, whose 4-layer run
is also that seed's entry of the He scheme in the initialisation experiment; logistic
regression; the data fingerprints) must give the stored numbers bit for bit;
the file's internal consistency is checked by independent arithmetic (accuracies are
whole pictures, the mean of 20 equal-sized sets is the accuracy on their union, the
chosen learning rate is the sweep's lowest mean training cost); the command's --quick
path writes a file of the same schema; hand-built inputs for the learning-rate rule,
the storage and the plots.

Bit-identical reruns: NumPy's OpenBLAS picks its kernels by CPU, and different kernels
sum in a different order. The root conftest.py pins them to the Haswell family (and the
command sets the same default), so every x86-64 machine computes the same bits. The
number of BLAS threads matters too, in places: logistic regression's costs (a
matrix-vector product) differ in the last bit between 1 and 2 threads (measured; its
accuracies do not), while the networks' runs came out identical. So the reruns use the
thread count recorded in the file. Where NumPy's BLAS is another library or kernel
family (e.g. Apple's Accelerate on arm64), the rerun tests are skipped with that reason:
last-bit differences are then expected, and gradient descent can amplify them.
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

from course_utils import experiments as ex
from course_utils.datasets import DATASETS_DIR

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course_utils import plotting  # noqa: E402

RUN_FIELDS = {"seed", "learning_rate", "costs", "final_cost", "train_accuracy",
              "test_accuracy", "fresh_accuracy", "fresh_set_accuracies",
              "train_cats_predicted", "rms_Z_start", "dead_units_end"}


@pytest.fixture(scope="module")
def stored():
    return ex.load_results()


def _blas_kernels():
    """The distinct (BLAS, kernel) pairs loaded here. A set: once SciPy is imported (by
    scikit-learn, in another test) its own OpenBLAS is listed beside NumPy's."""
    from threadpoolctl import threadpool_info
    return sorted({(lib.get("internal_api"), lib.get("architecture"))
                   for lib in threadpool_info() if lib.get("user_api") == "blas"})


@pytest.fixture(scope="module")
def same_kernels(stored):
    """The BLAS the results were recorded with: the same kernels and number of threads."""
    from threadpoolctl import threadpool_limits
    blas = stored["environment"]["blas"]
    recorded = sorted({(lib["internal_api"], lib["architecture"]) for lib in blas})
    here = _blas_kernels()
    if here != recorded:
        pytest.skip(f"the results were recorded with BLAS kernels {recorded}; NumPy here uses "
                    f"{here}, so a bit-identical rerun is not expected")
    with threadpool_limits(limits=blas[0]["num_threads"], user_api="blas"):
        yield


@pytest.fixture(scope="module")
def data(stored):
    return ex.load_data(ex.settings_of(stored).fresh_seeds)


# ----------------------------------------------------------------------------- reruns

def test_the_data_are_the_ones_the_results_were_computed_from(stored, data):
    _, inputs = data
    assert inputs == stored["inputs"]          # file hashes, fresh seeds, fresh pictures' hash
    assert inputs["fresh"]["identical_to_a_shipped_picture"] == 0
    assert inputs["fresh"]["pictures"] == 1000 and inputs["fresh"]["cats"] == 660


def test_rerun_of_one_depth_seed_reproduces_the_stored_numbers(stored, data, same_kernels):
    """Seed 3 of [12288, 7, 1] and [12288, 20, 7, 5, 1] (the 4-layer run is also the He
    scheme's seed-3 entry of the initialisation experiment). [12288, 20, 1] and the other
    schemes are checked by the schema tests only: rerunning them would take a minute more."""
    settings = ex.settings_of(stored)
    seed = settings.depth_seeds[2]
    assert seed not in settings.sweep_seeds    # a run of the final tables, not of a sweep
    for name in ("2-layer", "4-layer"):
        model = stored["depth"]["models"][name]
        record = next(r for r in model["runs"] if r["seed"] == seed)
        rerun = ex.train_network(data[0], model["layers_dims"], model["init"],
                                 model["learning_rate"], seed, settings.iterations)
        assert json.loads(json.dumps(rerun)) == record, name
    he = stored["init"]["he"]
    assert he["learning_rate"] == stored["depth"]["models"]["4-layer"]["learning_rate"]
    assert next(r for r in he["runs"] if r["seed"] == seed) == record


def test_rerun_of_logistic_regression_reproduces_the_stored_numbers(stored, data, same_kernels):
    settings = ex.settings_of(stored)
    rerun = ex.train_logistic_regression(data[0], settings.logistic_iterations,
                                         settings.logistic_learning_rate)
    assert json.loads(json.dumps(rerun)) == stored["logistic_regression"]


# ----------------------------------------------------------------------------- the stored file

def test_stored_file_says_how_it_was_made(stored):
    assert stored["format"] == ex.FORMAT
    assert stored["command"].startswith("python -m course_utils experiments")
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
    for name, m in lesson.items():
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
    assert list(stored["init"]) == list(ex.SCHEMES)
    for name, s in stored["init"].items():
        assert s["layers_dims"] == ex.FOUR_LAYER and s["init"] == name
        _check_sweep(s, settings.learning_rates)
        seeds = settings.init_seeds[:1] if name == "zeros" else settings.init_seeds
        _check_runs(s["runs"], seeds, settings.iterations, 4, len(settings.fresh_seeds))
    at_lesson_rate = stored["init_at_lesson_rate"]
    assert list(at_lesson_rate) == list(settings.lesson_rate_schemes)
    for name, s in at_lesson_rate.items():
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
    depth = ex.format_depth_table(stored).splitlines()
    assert len(depth) == 1 + 1 + 3 + 2 and depth[1].startswith("logistic regression")
    init = ex.format_init_table(stored).splitlines()
    assert len(init) == 1 + len(ex.SCHEMES) + 1 + 3
    assert len(ex.format_sweeps(stored).splitlines()) == 1 + 2 + len(ex.SCHEMES)


# ----------------------------------------------------------------------------- the command

def test_quick_command_writes_a_file_of_the_same_schema(tmp_path, stored):
    result = subprocess.run([sys.executable, "-m", "course_utils", "experiments", "--quick",
                             "--out", str(tmp_path), "--threads", "1"],   # 1: faster when busy
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson3-quick.json"]  # no temp file
    quick = ex.load_results(tmp_path / "lesson3-quick.json")
    assert quick["command"] == (f"python -m course_utils experiments --quick --out {tmp_path} "
                                f"--threads 1")
    assert [lib["num_threads"] for lib in quick["environment"]["blas"]] == [1]
    assert ex.settings_of(quick) == ex.QUICK
    assert f"wrote {tmp_path / 'lesson3-quick.json'}" in result.stdout

    def shape(x):   # the schema: keys of dicts, recursively (lists by their first element)
        if isinstance(x, dict):
            return {k: shape(v) for k, v in x.items()}
        return [shape(x[0])] if isinstance(x, list) and x and isinstance(x[0], dict) else None
    assert shape(quick) == shape(stored)
    q = ex.QUICK
    assert quick["inputs"]["fresh"]["pictures"] == 50 * len(q.fresh_seeds)
    assert all(len(r["costs"]) == 1 for s in quick["init"].values() for r in s["runs"])


def test_threads_must_be_positive():
    result = subprocess.run([sys.executable, "-m", "course_utils", "experiments", "--quick",
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
    with pytest.raises(FileNotFoundError, match="python -m course_utils experiments"):
        ex.load_results(tmp_path / "missing.json")
    (tmp_path / "other.json").write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="not a results file of this version"):
        ex.load_results(tmp_path / "other.json")


def test_write_results_refuses_nan_and_leaves_no_partial_file(tmp_path):
    path = tmp_path / "r.json"
    with pytest.raises(ValueError):
        ex.write_results({"format": ex.FORMAT, "x": float("nan")}, path)
    assert list(tmp_path.iterdir()) == []
    ex.write_results({"format": ex.FORMAT, "x": [1.5, None]}, path)
    assert ex.load_results(path) == {"format": ex.FORMAT, "x": [1.5, None]}


def test_spread():
    assert ex.spread([76.0, 80.0, 78.0]) == (78.0, 76.0, 80.0)


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
