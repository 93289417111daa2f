"""Plots shared by the lessons. Each function draws on ``ax`` (or a new figure) and
returns the Axes; the notebook calls ``plt.show()``. Nothing here prints."""
import matplotlib.pyplot as plt
import numpy as np


def _class_names(classes):
    return [c.decode() if isinstance(c, bytes) else str(c) for c in classes]


def plot_costs(costs, learning_rate=None, ax=None, label=None, every=100):
    """Learning curve: cost recorded every ``every`` iterations."""
    ax = ax or plt.figure(figsize=(6, 4)).gca()
    costs = np.asarray(costs, dtype=float).ravel()
    ax.plot(np.arange(len(costs)) * every, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if learning_rate is not None:
        ax.set_title(f"Learning rate = {learning_rate:g}")
    return ax


def plot_decision_boundary(model, X, y, ax=None, title=None, step=0.02):
    """Colour the plane by ``model``'s prediction and scatter the data on top.

    Parameters
    ----------
    model : callable taking points of shape (k, 2) (one point per row) and returning
        k predictions (any shape with k entries), e.g. ``lambda x: predict(params, x.T)``
    X : ndarray of shape (2, m)
    y : ndarray of shape (1, m) or (m,)
    """
    ax = ax or plt.figure(figsize=(5, 4)).gca()
    x_min, x_max = X[0].min() - 1, X[0].max() + 1
    y_min, y_max = X[1].min() - 1, X[1].max() + 1
    # a grid of at most ~250 x 250 points, whatever the data's range
    h = max(step, (x_max - x_min) / 250, (y_max - y_min) / 250)
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h), np.arange(y_min, y_max, h))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    ax.scatter(X[0], X[1], c=np.ravel(y), s=12, cmap=plt.cm.Spectral, edgecolors="k",
               linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_image_grid(images, titles, ncols=8, size=1.6, fontsize=8):
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


# ----------------------------------------------------------------------------- experiments

# Marker, fill and size per evaluation set: told apart by shape and fill, not only by colour.
_SET_STYLE = {"train": dict(marker="o", facecolors="none", edgecolors="tab:blue", s=34),
              "test": dict(marker="s", facecolors="black", edgecolors="black", s=30),
              "fresh": dict(marker="D", facecolors="none", edgecolors="tab:red", s=30)}


def _side_by_side(values, step, width):
    """x offsets that put equal values (within step / 4) next to each other, centred on 0."""
    values = np.asarray(values, dtype=float)
    offsets = np.zeros(len(values))
    keys = np.round(values / (step / 4.0))
    for key in np.unique(keys):
        idx = np.flatnonzero(keys == key)
        offsets[idx] = (np.arange(len(idx)) - (len(idx) - 1) / 2.0) * width
    return offsets


def plot_accuracy_dots(models, set_labels=None, ax=None, title=None, step=2.0):
    """Every run as a dot: accuracy per model on each evaluation set, the mean as a bar.

    Parameters
    ----------
    models : dict {model label: {set name: list of accuracies in %, one per run}}, set
        names from "train", "test", "fresh" (e.g. ``experiments.depth_accuracies``)
    set_labels : dict {set name: legend text}, optional
    step : float, the grid step of the y axis in points: 2.0 = one picture of a
        50-picture test set, so the test accuracies sit on the grid lines
    """
    ax = ax or plt.figure(figsize=(8.5, 5), dpi=120, layout="constrained").gca()
    set_labels = set_labels or {}
    sets = [s for s in _SET_STYLE if any(s in m for m in models.values())]
    slot = 0.8 / len(sets)                    # each model gets 0.8 of a unit on the x axis
    for i, runs in enumerate(models.values()):
        for j, name in enumerate(sets):
            if name not in runs:
                continue
            values = np.asarray(runs[name], dtype=float)
            x = i - 0.4 + slot * (j + 0.5)
            ax.scatter(x + _side_by_side(values, step, slot / 7), values, linewidths=1.2,
                       zorder=3, label=set_labels.get(name, name) if i == 0 else None,
                       **_SET_STYLE[name])
            ax.hlines(values.mean(), x - slot * 0.45, x + slot * 0.45, colors="0.3",
                      linewidth=1.5, zorder=2, label="mean over the runs" if i == j == 0 else None)
    ax.set_xticks(range(len(models)), list(models), fontsize=10)
    ax.set_xlim(-0.5, len(models) - 0.5)
    lo = min(min(v) for m in models.values() for v in m.values())
    ax.set_ylim(step * np.floor((lo - step) / step), 101)
    ax.yaxis.set_major_locator(plt.MultipleLocator(10))
    ax.yaxis.set_minor_locator(plt.MultipleLocator(step))
    ax.grid(axis="y", which="major", color="0.75", linewidth=0.8)
    ax.grid(axis="y", which="minor", color="0.9", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_ylabel("accuracy (%)", fontsize=11)
    ax.set_xlabel("model", fontsize=11)
    ax.tick_params(labelsize=10)
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2,
              frameon=False)
    if title:
        ax.set_title(title, fontsize=11)
    return ax


_CURVE_STYLES = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (5, 1, 1, 1)), "v"),
                 ((0, (1, 1)), "x"), ((0, (8, 2)), "P")]


def plot_cost_curves(curves, every=100, ymax=1.0, title=None):
    """Training cost per scheme: the mean over the runs as a thick line, each run thin.

    Curves whose median cost lies above ``ymax`` (e.g. a saturated or diverging start) are
    drawn in a narrow panel of their own, so that the main panel keeps a linear axis on
    which the curves that matter stay readable.

    Parameters
    ----------
    curves : dict {label: list of runs, each a list of costs at iterations 0, every, ...}
        (runs of one label must have the same length; None marks a diverged cost)
    every : int, iterations between two recorded costs
    ymax : float, the top of the main panel's y axis

    Returns
    -------
    fig : the figure, with the main panel first in ``fig.axes``
    """
    arrays = {k: np.array([[np.nan if c is None else c for c in run] for run in runs],
                          dtype=float) for k, runs in curves.items()}
    off = [k for k, a in arrays.items() if np.nanmedian(a) > ymax]
    fig, axes = plt.subplots(1, 2 if off else 1, figsize=(9, 4.6), dpi=120, squeeze=False,
                             gridspec_kw={"width_ratios": [4, 1]} if off else None)
    main, side = axes[0][0], (axes[0][1] if off else None)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, (label, a) in enumerate(arrays.items()):
        linestyle, marker = _CURVE_STYLES[k % len(_CURVE_STYLES)]
        ax = side if label in off else main
        x = np.arange(a.shape[1]) * every
        mean = np.nanmean(a, axis=0)
        runs = f"{a.shape[0]} run{'s' if a.shape[0] > 1 else ''}"
        if ax is main and np.nanmax(mean) > ymax:
            where = "starts at" if mean[0] > ymax else "peaks at"
            runs += f"; {where} {np.nanmax(mean):.2f}, above the axis"
        color = colors[k % len(colors)]
        step = max(1, len(x) // 6)                # markers of curves that coincide
        ax.plot(x, mean, linestyle=linestyle, marker=marker, markevery=(k % step, step),
                markersize=6, markerfacecolor="white", linewidth=1.8, color=color,
                label=f"{label} ({runs})")
        if a.shape[0] > 1:                     # every run as a thin line of the same style
            ax.plot(x, a.T, linestyle=linestyle, linewidth=0.8, alpha=0.5, color=color)
    main.set_ylim(0, ymax)
    main.set_xlabel("iteration", fontsize=11)
    main.set_ylabel("training cost", fontsize=11)
    main.legend(fontsize=9, loc="upper right", framealpha=0.95, title_fontsize=9,
                title="thick: mean over the runs, thin: each run")
    main.grid(color="0.9")
    if title:
        main.set_title(title, fontsize=11)
    if side is not None:
        side.set_xlabel("iteration", fontsize=11)
        side.set_title(f"cost above {ymax:g}", fontsize=10)
        side.legend(fontsize=8, loc="best")
        side.grid(color="0.9")
    for ax in fig.axes:
        ax.tick_params(labelsize=10)
    fig.tight_layout()
    return fig
