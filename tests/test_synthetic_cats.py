"""The synthetic cat / non-cat generator: determinism, schema and shipped files."""
import hashlib
from pathlib import Path

import h5py
import numpy as np
import pytest

from course_utils import synthetic_cats

pytestmark = pytest.mark.unit

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
KEYS = ("train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes")

# SHA-256 of the concatenated bytes of the five arrays (in KEYS order), recorded
# from the reviewed run that produced the shipped datasets/*.h5 (numpy 2.4.6,
# x86-64). Any change of the generator's output - intended or not - changes it:
# if the change is intended, regenerate the files with
# `python -m course_utils make-datasets`, re-check the calibration and update it.
EXPECTED_SHA256 = "a467eca64cc7fc672e6887db342b9dfd0d2c9cec5a5acd8e40cf511c59027631"


@pytest.fixture(scope="module")
def data():
    return synthetic_cats.generate_cat_datasets()


def _digest(d):
    h = hashlib.sha256()
    for key in KEYS:
        h.update(np.ascontiguousarray(d[key]).tobytes())
    return h.hexdigest()


def _read(path):
    with h5py.File(path, "r") as f:
        return {key: f[key][()] for key in f.keys()}


def test_schema(data):
    assert set(data) == set(KEYS)
    assert data["train_set_x"].shape == (209, 64, 64, 3) and data["train_set_x"].dtype == np.uint8
    assert data["test_set_x"].shape == (50, 64, 64, 3) and data["test_set_x"].dtype == np.uint8
    assert data["train_set_y"].shape == (209,) and data["train_set_y"].dtype == np.int64
    assert data["test_set_y"].shape == (50,) and data["test_set_y"].dtype == np.int64
    assert data["list_classes"].dtype == np.dtype("S7")
    assert data["list_classes"].tolist() == [b"non-cat", b"cat"]
    assert set(np.unique(data["train_set_y"])) == {0, 1}
    assert int(data["train_set_y"].sum()) == 72
    assert int(data["test_set_y"].sum()) == 33


def test_labels_are_shuffled(data):
    y = data["train_set_y"]
    assert y[:72].sum() < 72 and y[-72:].sum() < 72


def test_generating_twice_gives_identical_arrays(data):
    again = synthetic_cats.generate_cat_datasets()
    for key in KEYS:
        assert np.array_equal(data[key], again[key]), key
        assert data[key].dtype == again[key].dtype


def test_global_numpy_random_state_is_untouched():
    state = np.random.get_state()
    synthetic_cats.render_picture(True, np.random.RandomState(0))
    after = np.random.get_state()
    assert state[0] == after[0] and np.array_equal(state[1], after[1]) and state[2:] == after[2:]


def test_digest_matches_the_reviewed_run(data):
    assert _digest(data) == EXPECTED_SHA256


def test_shipped_files_equal_regenerated_arrays(data):
    train = _read(DATASETS / "train_catvnoncat.h5")
    test = _read(DATASETS / "test_catvnoncat.h5")
    assert set(train) == {"train_set_x", "train_set_y", "list_classes"}
    assert set(test) == {"test_set_x", "test_set_y", "list_classes"}
    for key in ("train_set_x", "train_set_y", "list_classes"):
        assert train[key].dtype == data[key].dtype, key
        assert np.array_equal(train[key], data[key]), key
    for key in ("test_set_x", "test_set_y", "list_classes"):
        assert test[key].dtype == data[key].dtype, key
        assert np.array_equal(test[key], data[key]), key


def test_write_cat_datasets_round_trip(tmp_path, data):
    out = tmp_path / "new" / "dir"
    train_path, test_path = synthetic_cats.write_cat_datasets(out)
    assert Path(train_path) == out / "train_catvnoncat.h5"
    assert Path(test_path) == out / "test_catvnoncat.h5"
    assert sorted(p.name for p in out.iterdir()) == ["test_catvnoncat.h5", "train_catvnoncat.h5"]
    train, test = _read(train_path), _read(test_path)
    for key in ("train_set_x", "train_set_y", "list_classes"):
        assert np.array_equal(train[key], data[key]) and train[key].dtype == data[key].dtype
    for key in ("test_set_x", "test_set_y", "list_classes"):
        assert np.array_equal(test[key], data[key]) and test[key].dtype == data[key].dtype


def test_render_picture_any_size():
    small = synthetic_cats.render_picture(False, np.random.RandomState(3), size=32)
    big = synthetic_cats.render_picture(False, np.random.RandomState(3), size=96)
    assert small.shape == (32, 32, 3) and big.shape == (96, 96, 3)
    assert small.dtype == big.dtype == np.uint8
    assert np.array_equal(big,
                          synthetic_cats.render_picture(False, np.random.RandomState(3), size=96))
