"""Lesson 3's stored experiments, rerun: the stored numbers come out again, bit for bit.

A rerun of stored entries (one seed of the depth comparison, whose 4-layer run is also that
seed's entry of the He scheme in the initialisation experiment; logistic regression; the
data fingerprints) must give the stored numbers bit for bit, and the command's --quick path
writes a file of the same schema. (The file's internal consistency and the tables are
tested in test_experiments.py.)

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
import json
import subprocess
import sys

import pytest

from course_utils import experiment_results as er
from tools import experiments as ex

pytestmark = pytest.mark.experiments


@pytest.fixture(scope="module")
def stored():
    return er.load_results()


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


# ----------------------------------------------------------------------------- the command

def test_quick_command_writes_a_file_of_the_same_schema(tmp_path, stored):
    result = subprocess.run([sys.executable, "-m", "tools", "experiments", "--quick",
                             "--out", str(tmp_path), "--threads", "1"],   # 1: faster when busy
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson3-quick.json"]  # no temp file
    quick = er.load_results(tmp_path / "lesson3-quick.json")
    assert quick["command"] == (f"python -m tools experiments --quick --out {tmp_path} "
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
