"""Loaders: the cat files' schema and error messages, images, planar data basics."""
import h5py
import numpy as np
import pytest
from PIL import Image

from course_utils import datasets

pytestmark = pytest.mark.unit


def _write(path, x, y, x_key="train_set_x", y_key="train_set_y"):
    with h5py.File(path, "w") as f:
        f[x_key] = x
        f[y_key] = y
        f["list_classes"] = np.array([b"non-cat", b"cat"])


def _valid_pair(folder, m_train=3, m_test=2):
    _write(folder / "train_catvnoncat.h5", np.zeros((m_train, 64, 64, 3), np.uint8),
           np.array([0, 1, 1][:m_train]))
    _write(folder / "test_catvnoncat.h5", np.full((m_test, 64, 64, 3), 7, np.uint8),
           np.array([1, 0][:m_test]), "test_set_x", "test_set_y")


def test_shipped_files_load_with_the_classic_shapes():
    train_x, train_y, test_x, test_y, classes = datasets.load_cat_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert test_x.shape == (50, 64, 64, 3)
    assert list(classes) == [b"non-cat", b"cat"]


def test_other_files_of_the_schema_load(tmp_path):
    _valid_pair(tmp_path)
    train_x, train_y, test_x, test_y, classes = datasets.load_cat_dataset(tmp_path)
    assert train_x.shape == (3, 64, 64, 3) and train_y.tolist() == [[0, 1, 1]]
    assert test_x[0, 0, 0, 0] == 7 and test_y.shape == (1, 2)


def test_missing_file_names_it_and_says_how_to_regenerate(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"train_catvnoncat\.h5.*make-datasets"):
        datasets.load_cat_dataset(tmp_path)


def test_corrupt_file(tmp_path):
    _valid_pair(tmp_path)
    (tmp_path / "test_catvnoncat.h5").write_bytes(b"not an hdf5 file at all")
    with pytest.raises(ValueError, match=r"Cannot read .*test_catvnoncat\.h5.*corrupt.*"
                                         r"make-datasets"):
        datasets.load_cat_dataset(tmp_path)


def test_truncated_file(tmp_path):
    _valid_pair(tmp_path)
    path = tmp_path / "train_catvnoncat.h5"
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(ValueError, match=r"train_catvnoncat\.h5"):
        datasets.load_cat_dataset(tmp_path)


def test_wrong_shape_and_missing_key(tmp_path):
    _valid_pair(tmp_path)
    _write(tmp_path / "train_catvnoncat.h5", np.zeros((3, 32, 32, 3), np.uint8),
           np.array([0, 1, 1]))
    with pytest.raises(ValueError, match=r"train_set_x must be uint8 of shape \(m, 64, 64, 3\); "
                                         r"got uint8 of shape \(3, 32, 32, 3\)"):
        datasets.load_cat_dataset(tmp_path)
    with h5py.File(tmp_path / "train_catvnoncat.h5", "w") as f:
        f["images"] = np.zeros((1, 64, 64, 3), np.uint8)
    with pytest.raises(ValueError, match=r"no dataset named \['train_set_x'"):
        datasets.load_cat_dataset(tmp_path)


def test_labels_must_match_pictures(tmp_path):
    _valid_pair(tmp_path)
    _write(tmp_path / "train_catvnoncat.h5", np.zeros((3, 64, 64, 3), np.uint8), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"one label 0 or 1 per picture, shape \(3,\); got "
                                         r"shape \(2,\)"):
        datasets.load_cat_dataset(tmp_path)


def test_load_image_resizes_and_converts(tmp_path):
    path = tmp_path / "gray.png"
    Image.fromarray(np.full((100, 80), 200, np.uint8)).save(path)
    img = datasets.load_image(path)
    assert img.shape == (64, 64, 3) and img.dtype == np.uint8 and (img == 200).all()
    col = datasets.image_to_column(img)
    assert col.shape == (12288, 1) and col.max() == pytest.approx(200 / 255)


def test_load_image_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nope\.jpg.*images/"):
        datasets.load_image(tmp_path / "nope.jpg")
    (tmp_path / "fake.jpg").write_text("hello")
    with pytest.raises(ValueError, match=r"fake\.jpg is not an image Pillow can read"):
        datasets.load_image(tmp_path / "fake.jpg")
