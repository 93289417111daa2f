"""Plots shared by the lessons. Each function draws on ``ax`` (or a new figure) and
returns the Axes; the notebook calls ``plt.show()``. Nothing here prints.

The two classes are told apart by colour *and* by marker (circles for class 0,
triangles for class 1, with dark edges), so the figures read in greyscale and for
colour-blind readers, and points stay visible over the decision regions.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

CLASS_COLOURS = ("#1f77b4", "#ff7f0e")          # class 0 blue, class 1 orange
REGION_COLOURS = ("#c6dbef", "#fdd0a2")         # the same hues, light, for the regions
MARKERS = ("o", "^")


def setup():
    """Readable inline figures for the notebooks: sharper (dpi 120) and larger text."""
    plt.rcParams.update({"figure.dpi": 120, "savefig.dpi": 120, "font.size": 11,
                         "axes.titlesize": 12, "axes.labelsize": 11, "legend.fontsize": 10,
                         "xtick.labelsize": 10, "ytick.labelsize": 10,
                         "figure.figsize": (6.0, 4.0)})


def scatter_classes(X, y, ax, s=18, errors=None):
    """Scatter points (2, m) by class y (0/1): colour and marker per class, dark edges.

    ``errors``: optional bool mask (m,) of misclassified points, drawn with a red ring.
    """
    y = np.asarray(y).ravel().astype(int)
    for k in (0, 1):
        pick = y == k
        ax.scatter(X[0, pick], X[1, pick], s=s, c=CLASS_COLOURS[k], marker=MARKERS[k],
                   edgecolors="k", linewidths=0.4, label=f"class {k}")
    if errors is not None and np.any(errors):
        ax.scatter(X[0, errors], X[1, errors], s=s * 4, facecolors="none",
                   edgecolors="red", linewidths=1.0, label="misclassified")
    return ax


def _class_names(classes):
    return [c.decode() if isinstance(c, bytes) else str(c) for c in classes]


def plot_costs(costs, learning_rate=None, ax=None, label=None, every=100):
    """Learning curve: cost recorded every ``every`` iterations."""
    ax = ax or plt.figure(figsize=(6, 3.6)).gca()
    costs = np.asarray(costs, dtype=float).ravel()
    ax.plot(np.arange(len(costs)) * every, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if learning_rate is not None:
        ax.set_title(f"Learning rate = {learning_rate:g}")
    return ax


def plot_decision_boundary(model, X, y, ax=None, title=None, step=0.02, show_errors=True):
    """Shade the plane by ``model``'s prediction and draw the data on top.

    Parameters
    ----------
    model : callable taking points of shape (k, 2) (one point per row) and returning
        k predictions (0/1 or bool, any shape with k entries), e.g.
        ``lambda x: predict(params, x.T)``
    X : ndarray of shape (2, m)
    y : ndarray of shape (1, m) or (m,), labels 0 or 1
    show_errors : ring the points the model gets wrong
    """
    ax = ax or plt.figure(figsize=(5.5, 4.2)).gca()
    x_min, x_max = X[0].min() - 1, X[0].max() + 1
    y_min, y_max = X[1].min() - 1, X[1].max() + 1
    # a grid of at most ~250 x 250 points, whatever the data's range
    h = max(step, (x_max - x_min) / 250, (y_max - y_min) / 250)
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(REGION_COLOURS))
    errors = None
    if show_errors:
        predicted = np.asarray(model(X.T), dtype=float).ravel()
        errors = predicted != np.ravel(y)
    scatter_classes(X, y, ax, errors=errors)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_image_grid(images, titles, ncols=8, size=1.8, fontsize=10):
    """Show uint8 images (k, h, w, 3) in a grid with one title each; returns the figure."""
    k = len(images)
    nrows = max(1, int(np.ceil(k / ncols)))
    ncols = min(ncols, max(k, 1))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3),
                             squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, img, title in zip(axes.ravel(), images, titles):
        ax.imshow(img, interpolation="nearest")
        ax.set_title(title, fontsize=fontsize)
    fig.tight_layout()
    return fig


def plot_mislabeled(classes, X_orig, y, p, ncols=8):
    """Grid of the pictures where prediction ``p`` differs from label ``y``.

    Parameters
    ----------
    classes : the class names, e.g. [b'non-cat', b'cat']
    X_orig : ndarray of shape (m, 64, 64, 3), uint8
    y, p : ndarrays of shape (1, m), labels and predictions (0/1)

    Returns
    -------
    fig, index : the figure (None if nothing is mislabeled) and the indices shown
    """
    names = _class_names(classes)
    y = np.asarray(y).ravel().astype(int)
    p = np.asarray(p).ravel().astype(int)
    index = np.flatnonzero(y != p)
    if index.size == 0:
        return None, index
    titles = [f"#{i}\npred: {names[p[i]]}\ntrue: {names[y[i]]}" for i in index]
    return plot_image_grid(X_orig[index], titles, ncols=ncols), index
