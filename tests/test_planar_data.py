"""The planar "flower" and the extra 2-D data sets: determinism, shapes, balance, formula."""
import math

import numpy as np
import pytest
from sklearn import datasets as skd

from course_utils.datasets import load_extra_datasets, load_planar_dataset

pytestmark = pytest.mark.unit


def test_planar_shapes_types_and_balance():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype.kind == "i"
    assert set(np.unique(Y)) == {0, 1}
    assert int(np.sum(Y == 0)) == 200 and int(np.sum(Y == 1)) == 200
    # class 0 first, then class 1
    assert not Y[0, :200].any() and Y[0, 200:].all()
    assert np.all(np.isfinite(X))


def test_planar_is_deterministic_and_leaves_global_rng_alone():
    state = np.random.get_state()
    X1, Y1 = load_planar_dataset()
    X2, Y2 = load_planar_dataset()
    after = np.random.get_state()
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert np.array_equal(state[1], after[1]) and state[2] == after[2]
    X3, _ = load_planar_dataset(seed=2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("i", [0, 1, 57, 199, 200, 313, 399])
def test_planar_formula_for_single_points(i):
    # The documented formula, point by point: noise from RandomState(1) in the order
    # class 0's t-noise (200), class 0's r-noise (200), class 1's t-noise, class 1's r-noise.
    N, a = 200, 4
    noise = np.random.RandomState(1).randn(4 * N)
    j, k = divmod(i, N)                               # class j, k-th point of that class
    t_noise = noise[2 * N * j + k]
    r_noise = noise[2 * N * j + N + k]
    t = 3.12 * j + k * 3.12 / (N - 1) + 0.2 * t_noise  # linspace(3.12 j, 3.12 (j + 1), N)[k]
    r = a * math.sin(4 * t) + 0.2 * r_noise
    X, Y = load_planar_dataset()
    assert X[0, i] == pytest.approx(r * math.sin(t), abs=1e-12)
    assert X[1, i] == pytest.approx(r * math.cos(t), abs=1e-12)
    assert Y[0, i] == j


def test_planar_first_point_by_hand():
    # RandomState(1).randn() starts 1.62434536, -0.61175641, ...: t_0 = 0 + 0.2 * 1.62434536
    # = 0.32486907; the first r-noise is the 201st draw.
    X, _ = load_planar_dataset()
    t0 = 0.2 * 1.6243453636632417
    r_noise = np.random.RandomState(1).randn(201)[200]
    r0 = 4 * math.sin(4 * t0) + 0.2 * r_noise
    assert X[:, 0] == pytest.approx([r0 * math.sin(t0), r0 * math.cos(t0)], abs=1e-12)


def test_planar_points_lie_near_the_petals():
    # |x| = |r| and r = 4 sin(4t) + small noise: every radius is at most 4 plus the noise.
    X, _ = load_planar_dataset()
    assert np.max(np.hypot(X[0], X[1])) < 4 + 0.2 * 4


def test_planar_other_sizes():
    X, Y = load_planar_dataset(m=10)
    assert X.shape == (2, 10) and Y.shape == (1, 10) and int(Y.sum()) == 5


EXPECTED_EXTRA = ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure"]


def test_extra_datasets_shapes_labels_and_determinism():
    first = load_extra_datasets()
    second = load_extra_datasets()
    assert list(first) == EXPECTED_EXTRA
    for name in EXPECTED_EXTRA:
        X, Y = first[name]
        assert X.shape == (2, 200) and X.dtype == np.float64, name
        assert Y.shape == (1, 200) and Y.dtype == np.int64, name
        assert set(np.unique(Y)) <= {0, 1}, name
        np.testing.assert_array_equal(X, second[name][0])
        np.testing.assert_array_equal(Y, second[name][1])


def test_extra_datasets_come_from_the_documented_generators():
    extra = load_extra_datasets()
    x, y = skd.make_circles(n_samples=200, factor=0.5, noise=0.3, random_state=3)
    np.testing.assert_array_equal(extra["noisy_circles"][0], x.T)
    np.testing.assert_array_equal(extra["noisy_circles"][1], y.reshape(1, -1))
    x, y = skd.make_blobs(n_samples=200, n_features=2, centers=6, random_state=5)
    np.testing.assert_array_equal(extra["blobs"][0], x.T)
    np.testing.assert_array_equal(extra["blobs"][1], (y % 2).reshape(1, -1))   # blob index mod 2
    rng = np.random.RandomState(3)
    x = rng.rand(200, 2)
    y = rng.randint(0, 2, 200)
    np.testing.assert_array_equal(extra["no_structure"][0], x.T)
    np.testing.assert_array_equal(extra["no_structure"][1], y.reshape(1, -1))
