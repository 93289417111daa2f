"""Plots shared by the lessons. Each function draws on ``ax`` (or a new figure) and
returns the Axes; the notebook calls ``plt.show()``. Nothing here prints.

The two classes are told apart by colour *and* by marker (circles for class 0,
triangles for class 1, with dark edges), so the figures read in greyscale and for
colour-blind readers, and points stay visible over the decision regions.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from course_utils.messages import text as _

CLASS_COLOURS = ("#1f77b4", "#ff7f0e")          # class 0 blue, class 1 orange
REGION_COLOURS = ("#c6dbef", "#fdd0a2")         # the same hues, light, for the regions
MARKERS = ("o", "^")


def setup(language="en"):
    """Readable inline figures for the notebooks: sharper (dpi 120) and larger text.

    ``language="zh"`` also picks a Chinese font for the figures' text (:func:`use_cjk_font`).
    """
    plt.rcParams.update({"figure.dpi": 120, "savefig.dpi": 120, "font.size": 11,
                         "axes.titlesize": 12, "axes.labelsize": 11, "legend.fontsize": 10,
                         "xtick.labelsize": 10, "ytick.labelsize": 10,
                         "figure.figsize": (6.0, 4.0)})
    if language == "zh":
        use_cjk_font()
    elif language != "en":
        raise ValueError(f"language must be 'en' or 'zh'; got {language!r}.")


# Fonts with the Chinese characters, in order of preference: Debian/Ubuntu's
# fonts-wqy-microhei and fonts-noto-cjk, then what Windows and macOS ship.
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
             "Source Han Sans SC", "Droid Sans Fallback", "Microsoft YaHei", "SimHei",
             "PingFang SC", "Heiti SC", "STHeiti", "Arial Unicode MS")
CJK_FONT_MISSING = ("注意：没有找到中文字体，图中的中文会显示成方框。在 Debian/Ubuntu 上可以用 "
                    "`sudo apt-get install fonts-wqy-microhei` 安装，然后重启内核（Kernel > "
                    "Restart Kernel）。")


def find_cjk_font():
    """The name of an installed font with Chinese characters (see CJK_FONTS), or None.

    Matplotlib lists the fonts it knows in a cache (in its config folder, MPLCONFIGDIR),
    made the first time it is imported. A font installed after that is not in the cache,
    so when none of CJK_FONTS is known, the system's font files that the cache lacks are
    added (to this process's list) and the search is repeated.
    """
    from matplotlib import font_manager

    def known():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in names), None)

    found = known()
    if found is None:
        listed = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in listed:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    pass                          # a font file matplotlib cannot read
        found = known()
    return found


def use_cjk_font():
    """Draw the figures' text with a Chinese font; return its name (None if there is none).

    Latin letters and digits keep Matplotlib's default font (DejaVu Sans); characters it
    lacks come from the Chinese font. With no Chinese font installed, print a one-line
    note (in Chinese) on how to install one, and silence Matplotlib's "Glyph ... missing"
    warnings, which the note explains.
    """
    import warnings

    font = find_cjk_font()
    if font is None:
        print(CJK_FONT_MISSING)
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from",
                                category=UserWarning)
        return None
    plt.rcParams["font.family"] = ["DejaVu Sans", font]
    return font


def scatter_classes(X, y, ax, s=18, errors=None):
    """Scatter points (2, m) by class y (0/1): colour and marker per class, dark edges.

    ``errors``: optional bool mask (m,) of misclassified points, drawn with a red ring.
    """
    y = np.asarray(y).ravel().astype(int)
    for k in (0, 1):
        pick = y == k
        ax.scatter(X[0, pick], X[1, pick], s=s, c=CLASS_COLOURS[k], marker=MARKERS[k],
                   edgecolors="k", linewidths=0.4, label=_("plot.class", k=k))
    if errors is not None and np.any(errors):
        ax.scatter(X[0, errors], X[1, errors], s=s * 4, facecolors="none",
                   edgecolors="red", linewidths=1.0, label=_("plot.misclassified"))
    return ax


def _class_names(classes):
    return [c.decode() if isinstance(c, bytes) else str(c) for c in classes]


def plot_costs(costs, learning_rate=None, ax=None, label=None, every=100):
    """Learning curve: cost recorded every ``every`` iterations."""
    ax = ax or plt.figure(figsize=(6, 3.6)).gca()
    costs = np.asarray(costs, dtype=float).ravel()
    ax.plot(np.arange(len(costs)) * every, costs, label=label)
    ax.set_xlabel(_("plot.iteration"))
    ax.set_ylabel(_("plot.cost"))
    if learning_rate is not None:
        ax.set_title(_("plot.learning_rate", rate=f"{learning_rate:g}"))
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
    titles = [_("plot.pred_true", i=i, pred=names[p[i]], true=names[y[i]]) for i in index]
    return plot_image_grid(X_orig[index], titles, ncols=ncols), index


def plot_forward_backward(L=3):
    """The flow of an L-layer network: values and caches forward, gradients backward.

    Blue arrows carry A[l] forward through each layer's LINEAR -> activation box, which
    stores its cache (A[l-1], W[l], b[l]), Z[l]; red arrows carry dA[l] back, and each
    layer's backward step reads its cache and gives dW[l], db[l]. Returns the figure.
    """
    blue, red, gold = "#3b6fd8", "#c0392b", "#c99a06"
    fig, ax = plt.subplots(figsize=(10, 3.8))
    ax.set_xlim(-0.6, 2 * L + 1.8)
    ax.set_ylim(-1.7, 2.2)
    ax.axis("off")
    box = dict(boxstyle="round,pad=0.4", fc="#e8f0fe", ec=blue)
    cache_box = dict(boxstyle="round,pad=0.25", fc="#fff4d6", ec=gold)

    def arrow(x0, y0, x1, y1, colour, **kw):
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops=dict(arrowstyle="->", color=colour, lw=1.5, **kw))

    ax.text(0, 1.2, "$X = A^{[0]}$", ha="center", va="center", fontsize=11)
    for l in range(1, L + 1):
        x = 2 * l
        act = "sigmoid" if l == L else "ReLU"
        ax.text(x, 1.2, _("plot.layer", l=l, act=act), ha="center", va="center", fontsize=10,
                bbox=box)
        ax.text(x, 0.05, _("plot.cache", l=l) + f"\n$(A^{{[{l - 1}]}}, W^{{[{l}]}}, b^{{[{l}]}}), "
                                      f"Z^{{[{l}]}}$", ha="center", va="center", fontsize=9,
                bbox=cache_box)
        arrow(x - 1.25, 1.35, x - 0.75, 1.35, blue)
        ax.text(x - 1, 1.6, f"$A^{{[{l - 1}]}}$", ha="center", fontsize=10, color=blue)
        arrow(x - 0.75, 0.9, x - 1.25, 0.9, red)
        ax.text(x - 1, 0.55, f"$dA^{{[{l - 1}]}}$", ha="center", fontsize=10, color=red)
        arrow(x, 0.85, x, 0.35, gold, ls="--")
        arrow(x, -0.35, x, -0.8, red)
        ax.text(x, -1.05, f"$dW^{{[{l}]}}, db^{{[{l}]}}$", ha="center", fontsize=10, color=red)
    xL = 2 * L
    arrow(xL + 0.75, 1.35, xL + 1.15, 1.35, blue)
    ax.text(xL + 1.3, 1.2, f"$\\hat Y = A^{{[{L}]}}$\n→ " + _("plot.cost_J"), va="center",
            fontsize=11)
    arrow(xL + 1.15, 0.9, xL + 0.75, 0.9, red)
    ax.text(xL + 1.3, 0.75, f"$dA^{{[{L}]}}$", fontsize=11, color=red)
    ax.text(-0.5, -1.6, _("plot.flow_legend"), fontsize=10)
    return fig


def plot_parity_circuits(n=8):
    """Two circuits for the parity (XOR) of n bits: a deep tree and a shallow AND/OR form.

    Left: a balanced tree of two-input XOR gates, depth log2(n), n - 1 gates. Right: the
    same function with one layer of AND gates and one OR gate (a disjunctive normal
    form), which needs one AND gate per input pattern of odd parity: 2^(n-1) of them.
    Returns the figure.
    """
    depth = int(np.ceil(np.log2(n)))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"wspace": 0.15})
    for ax in (left, right):
        ax.axis("off")
    xs = np.arange(n, dtype=float)
    for i, x in enumerate(xs):
        left.text(x, 0, f"$x_{{{i + 1}}}$", ha="center", va="center", fontsize=11)
    level = xs
    for d in range(1, depth + 1):
        nxt = (level[0::2] + level[1::2]) / 2 if len(level) > 1 else level
        for j, x in enumerate(nxt):
            for child in level[2 * j:2 * j + 2]:
                left.plot([child, x], [d - 1 + 0.2, d - 0.2], color="#3b6fd8", lw=1)
            left.text(x, d, "XOR", ha="center", va="center", fontsize=9,
                      bbox=dict(boxstyle="round,pad=0.25", fc="#e8f0fe", ec="#3b6fd8"))
        level = nxt
    left.set_xlim(-0.8, n - 0.2)
    left.set_ylim(-0.6, depth + 0.8)
    left.set_title(_("plot.parity_deep", gates=n - 1, depth=depth))
    terms = 2 ** (n - 1)
    shown = 6
    for i, x in enumerate(xs):
        right.text(x, 0, f"$x_{{{i + 1}}}$", ha="center", va="center", fontsize=11)
    gates = np.linspace(0, n - 1, shown)
    for j, g in enumerate(gates):
        label = "AND" if j != shown - 2 else "…"
        if label == "AND":
            for x in xs:
                right.plot([x, g], [0.2, 1.3], color="#999999", lw=0.4)
        right.text(g, 1.5, label, ha="center", va="center", fontsize=9,
                   bbox=dict(boxstyle="round,pad=0.25", fc="#fff4d6", ec="#c99a06")
                   if label == "AND" else None)
        right.plot([g, (n - 1) / 2], [1.7, 2.8], color="#c99a06", lw=0.8)
    right.text((n - 1) / 2, 3.0, "OR", ha="center", va="center", fontsize=9,
               bbox=dict(boxstyle="round,pad=0.25", fc="#fff4d6", ec="#c99a06"))
    right.set_xlim(-0.8, n - 0.2)
    right.set_ylim(-0.6, 3.6)
    right.set_title(_("plot.parity_shallow", terms=terms))
    return fig


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
                      linewidth=1.5, zorder=2, label=_("plot.mean_runs") if i == j == 0 else None)
    ax.set_xticks(range(len(models)), list(models), fontsize=10)
    ax.set_xlim(-0.5, len(models) - 0.5)
    lo = min(min(v) for m in models.values() for v in m.values())
    ax.set_ylim(step * np.floor((lo - step) / step), 101)
    ax.yaxis.set_major_locator(plt.MultipleLocator(10))
    ax.yaxis.set_minor_locator(plt.MultipleLocator(step))
    ax.grid(axis="y", which="major", color="0.75", linewidth=0.8)
    ax.grid(axis="y", which="minor", color="0.9", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_ylabel(_("plot.accuracy"), fontsize=11)
    ax.set_xlabel(_("plot.model"), fontsize=11)
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
        runs = _("plot.runs" if a.shape[0] > 1 else "plot.run", n=a.shape[0])
        if ax is main and np.nanmax(mean) > ymax:
            runs += _("plot.starts_above" if mean[0] > ymax else "plot.peaks_above",
                      value=f"{np.nanmax(mean):.2f}")
        color = colors[k % len(colors)]
        step = max(1, len(x) // 6)                # markers of curves that coincide
        ax.plot(x, mean, linestyle=linestyle, marker=marker, markevery=(k % step, step),
                markersize=6, markerfacecolor="white", linewidth=1.8, color=color,
                label=f"{label} ({runs})")
        if a.shape[0] > 1:                     # every run as a thin line of the same style
            ax.plot(x, a.T, linestyle=linestyle, linewidth=0.8, alpha=0.5, color=color)
    main.set_ylim(0, ymax)
    main.set_xlabel(_("plot.iteration"), fontsize=11)
    main.set_ylabel(_("plot.training_cost"), fontsize=11)
    main.legend(fontsize=9, loc="upper right", framealpha=0.95, title_fontsize=9,
                title=_("plot.thick_thin"))
    main.grid(color="0.9")
    if title:
        main.set_title(title, fontsize=11)
    if side is not None:
        side.set_xlabel(_("plot.iteration"), fontsize=11)
        side.set_title(_("plot.cost_above", ymax=f"{ymax:g}"), fontsize=10)
        side.legend(fontsize=8, loc="best")
        side.grid(color="0.9")
    for ax in fig.axes:
        ax.tick_params(labelsize=10)
    fig.tight_layout()
    return fig
