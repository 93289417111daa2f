"""Data loaders for the three lessons.

- ``load_cat_dataset``: the cat / non-cat pictures (64x64 RGB) in the classic h5 schema.
- ``load_planar_dataset``: the 2-D "flower" of lesson 2.
- ``load_extra_datasets``: four more 2-D sets from scikit-learn's generators (fixed seeds)
  and one with no structure.
- ``load_image``: any JPEG/PNG resized to num_px x num_px, for "try your own image".
- ``class_name``: "cat" or "non-cat" for a label, in the notebook's language.

Paths resolve from the package location, never from the current directory.
"""
from pathlib import Path

import numpy as np

from course_utils.messages import text as _

REPO_DIR = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO_DIR / "datasets"
IMAGES_DIR = REPO_DIR / "images"

_REGENERATE = "Regenerate the shipped files with:  python -m course_utils make-datasets"


def _read_h5(path, x_key, y_key):
    """Read one cat-schema file; raise a clear error naming the file if anything is off."""
    import h5py  # imported here so that lessons 2 and 3's 2-D data need no h5py

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"Cat dataset file not found: {path}. {_REGENERATE}")
    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in (x_key, y_key, "list_classes") if k not in f]
            if missing:
                raise ValueError(f"{path} has no dataset named {missing}; found "
                                 f"{sorted(f.keys())}. {_REGENERATE}")
            x = np.array(f[x_key])
            y = np.array(f[y_key])
            classes = np.array(f["list_classes"])
    except OSError as err:
        raise ValueError(f"Cannot read {path} as an HDF5 file ({err}). "
                         f"The file may be corrupt or truncated. {_REGENERATE}") from None
    if x.ndim != 4 or x.shape[1:] != (64, 64, 3) or x.dtype != np.uint8:
        raise ValueError(f"{path}: {x_key} must be uint8 of shape (m, 64, 64, 3); "
                         f"got {x.dtype} of shape {x.shape}. {_REGENERATE}")
    if y.shape != (x.shape[0],) or not np.all((y == 0) | (y == 1)):
        raise ValueError(f"{path}: {y_key} must hold one label 0 or 1 per picture, shape "
                         f"({x.shape[0]},); got shape {y.shape}. {_REGENERATE}")
    return x, y.astype(np.int64).reshape(1, -1), classes


def load_cat_dataset(data_dir=None):
    """Load the cat / non-cat pictures.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder holding ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``
        (default: the course's ``datasets/`` folder). Any files of the same schema work.

    Returns
    -------
    train_x_orig : ndarray of shape (m_train, 64, 64, 3), uint8
    train_y : ndarray of shape (1, m_train), int64 labels (1 = cat)
    test_x_orig : ndarray of shape (m_test, 64, 64, 3), uint8
    test_y : ndarray of shape (1, m_test)
    classes : ndarray of shape (2,), bytes: [b'non-cat', b'cat']
    """
    data_dir = DATASETS_DIR if data_dir is None else Path(data_dir)
    train_x, train_y, classes = _read_h5(data_dir / "train_catvnoncat.h5",
                                         "train_set_x", "train_set_y")
    test_x, test_y, _ = _read_h5(data_dir / "test_catvnoncat.h5", "test_set_x", "test_set_y")
    return train_x, train_y, test_x, test_y, classes


def class_name(label):
    """The name of a cat-data label in the notebook's language: 0 -> "non-cat", 1 -> "cat".

    (The files' ``list_classes`` holds the English names; the lessons show this one.)
    """
    return _(("class.0", "class.1")[int(label)])


def load_planar_dataset(seed=1, m=400, a=4):
    """The planar "flower": two interleaved petal classes in 2-D.

    For class j in {0, 1}, with N = m / 2 points each:
        t = linspace(3.12 j, 3.12 (j + 1), N) + 0.2 noise      (angle)
        r = a sin(4 t) + 0.2 noise                               (radius)
        x = (r sin t, r cos t)
    Noise is standard normal, drawn from RandomState(seed) in the order:
    class 0's t-noise, class 0's r-noise, class 1's t-noise, class 1's r-noise.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m), int labels 0 and 1, N of each (the lessons draw class 0
        as blue circles and class 1 as orange triangles)
    """
    rng = np.random.RandomState(seed)
    N = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype=np.int64)
    for j in range(2):
        ix = slice(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2
        r = a * np.sin(4 * t) + rng.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def load_extra_datasets(n_samples=200):
    """Five more 2-D binary problems, each as (X (2, m), Y (1, m)), in a dict.

    "noisy_circles", "noisy_moons", "blobs" (6 blobs, label = blob index mod 2),
    "gaussian_quantiles" and "no_structure" (uniform points, random labels).
    Every generator has a fixed seed, so the sets are the same on every call.
    """
    from sklearn import datasets as skd

    sets = {
        "noisy_circles": skd.make_circles(n_samples=n_samples, factor=0.5, noise=0.3,
                                          random_state=3),
        "noisy_moons": skd.make_moons(n_samples=n_samples, noise=0.2, random_state=3),
        "blobs": skd.make_blobs(n_samples=n_samples, n_features=2, centers=6,
                                random_state=5),
        "gaussian_quantiles": skd.make_gaussian_quantiles(
            cov=0.5, n_samples=n_samples, n_features=2, n_classes=2, random_state=3),
    }
    rng = np.random.RandomState(3)
    sets["no_structure"] = (rng.rand(n_samples, 2), rng.randint(0, 2, n_samples))
    out = {}
    for name, (x, y) in sets.items():
        out[name] = (x.T.astype(float), (np.asarray(y) % 2).reshape(1, -1).astype(np.int64))
    return out


def load_image(path, num_px=64):
    """Load a JPEG/PNG as an RGB array resized to num_px x num_px.

    Returns
    -------
    image : ndarray of shape (num_px, num_px, 3), uint8
    """
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"Image file not found: {path}. Put your picture in the "
                                f"course's images/ folder ({IMAGES_DIR}) and use its name.")
    try:
        with Image.open(path) as img:
            img = img.convert("RGB").resize((num_px, num_px), Image.Resampling.LANCZOS)
            return np.asarray(img, dtype=np.uint8)
    except UnidentifiedImageError:
        raise ValueError(f"{path} is not an image Pillow can read (use JPEG or PNG).") from None


def image_to_column(image):
    """Flatten one (num_px, num_px, 3) uint8 image into a (num_px*num_px*3, 1) column in [0, 1].

    The same preprocessing as the training data: reshape(1, -1).T, then / 255.
    """
    return image.reshape(1, -1).T / 255.0
