"""Deterministic generator of synthetic "cat" / "non-cat" pictures.

Everything here is drawn by our own code: no data is downloaded or copied.
The pictures are small cartoon scenes, 64x64 RGB by default:

* cats: varied fur (orange, black, grey, white, cream, tabby stripes, calico
  patches, tuxedo, colour-point), pointed ears, almond eyes with slit or
  round pupils, nose, mouth, whiskers, sometimes a sitting body and a tail;
  varied sizes, positions and head tilts;
* non-cats: other animals (dogs with floppy ears, bears and mice with round
  ears, rabbits, owls), objects (balls, mugs, cars, clocks, fruit, lamps) and
  scenes (houses, mountains, flowers, trees, snowmen);
* both classes share the same backgrounds (skies, grass, rooms, studio
  gradients, fabric, bokeh) and the same colour palettes, so that a linear
  template of pixel colours is a poor cat detector while the combination of
  local shapes (pointed ears AND cat eyes AND whiskers) is a good one.

Determinism across machines: every random number comes from a local
``np.random.RandomState`` with a fixed seed; per-pixel arithmetic uses only
``+ - * /``, ``sqrt``, ``floor``, comparisons, ``min``/``max``/``clip`` and
``where`` (IEEE-754 correctly rounded, hence bit-identical on every CPU);
sines and cosines are only computed on scalars with :mod:`math`. The final
float image is clipped and rounded to ``uint8``.

The arrays mimic the classic "cat vs non-cat" h5 files of the deep-learning
course: 209 training pictures (72 cats) and 50 test pictures (33 cats),
``list_classes == [b'non-cat', b'cat']``.

Calibration (how the distribution was chosen): most animals are portraits
near the centre of the frame (``_PLACE``), other animals get the same fur
colours, backgrounds and placement as cats, and in 90% of the animal
pictures (``P_CONTRAST``) the background is made darker than a light animal
or lighter than a dark one. The silhouette features that tell a cat from a
bear or a dog (ear tips, eyes) therefore flip sign with the fur colour: a
single linear template of the pixels averages them out, a ReLU network can
learn both polarities. With the course's reference trainers (inputs
``x.reshape(m, -1).T / 255``), seed 1 gave: logistic regression (2000 it.,
lr 0.005) train 99.5% / test 76%; 2-layer (12288, 7, 1) 99.5% / 78%; 4-layer
(12288, 20, 7, 5, 1), ``randn / sqrt(n_prev)`` init, 2500 it., lr 0.0075:
100% / 94%. That is one seed on an easy test set: over 10 seeds, scored on
1000 fresh pictures of the same generator, the means are 64%, 67% and 71%
(``python -m tools experiments``, datasets/experiments/lesson3.json).
The deep model's mistakes are mostly small, whole-body (sitting) cats and
brown/tabby cats, and other animals with cat-like coats (orange, calico patches).
Changing anything here changes the arrays: re-run the calibration and update
``tests/test_synthetic_cats.py``.
"""

from __future__ import annotations

import colorsys
import math
from pathlib import Path

import numpy as np

from course_utils.files import atomic_write

__all__ = [
    "IMAGE_SIZE",
    "N_TRAIN",
    "N_TRAIN_CATS",
    "N_TEST",
    "N_TEST_CATS",
    "TRAIN_SEED",
    "TEST_SEED",
    "render_picture",
    "generate_cat_datasets",
    "write_cat_datasets",
    "save_sample_grid",
    "save_example_photos",
    "write_all",
]

IMAGE_SIZE = 64
N_TRAIN, N_TRAIN_CATS = 209, 72
N_TEST, N_TEST_CATS = 50, 33
TRAIN_SEED = 20190209
TEST_SEED = 20190050
MY_CAT_SEED = 9
MY_NONCAT_SEED = 11
LIST_CLASSES = np.array([b"non-cat", b"cat"], dtype="S7")

REPO_ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------
# small helpers (scalar maths only)
# ---------------------------------------------------------------------------
def _hsv(h, s, v):
    return np.array(colorsys.hsv_to_rgb(h % 1.0, min(max(s, 0.0), 1.0), min(max(v, 0.0), 1.0)))


def _mix(c0, c1, t):
    return np.asarray(c0, dtype=np.float64) * (1.0 - t) + np.asarray(c1, dtype=np.float64) * t


def _jitter(rng, color, amount=0.06):
    c = np.asarray(color, dtype=np.float64) * (1.0 + rng.uniform(-amount, amount))
    c = c + rng.uniform(-amount / 2, amount / 2, size=3)
    return np.clip(c, 0.0, 1.0)


def _tri(t):
    """Triangle wave with period 1 and values in [0, 1] (no transcendental)."""
    return np.abs(2.0 * (t - np.floor(t)) - 1.0)


def _smooth01(t):
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


# ---------------------------------------------------------------------------
# canvas with anti-aliased signed-distance primitives
# ---------------------------------------------------------------------------
class _Canvas:
    """A float RGB image in [0, 1] with coordinates x (right), y (down) in [0, 1]."""

    def __init__(self, size):
        self.size = int(size)
        self.px = 1.0 / self.size
        c = (np.arange(self.size, dtype=np.float64) + 0.5) / self.size
        self.X = np.repeat(c[None, :], self.size, axis=0)
        self.Y = np.repeat(c[:, None], self.size, axis=1)
        self.img = np.zeros((self.size, self.size, 3), dtype=np.float64)

    # -- coverage / painting ------------------------------------------------
    def alpha(self, d, blur=0.0):
        w = max(self.px, blur)
        return np.clip(0.5 - d / w, 0.0, 1.0)

    def fill(self, d, color, blur=0.0, opacity=1.0):
        a = self.alpha(d, blur)
        if opacity != 1.0:
            a = a * opacity
        self.paint(a, color)

    def paint(self, a, color):
        a3 = a[..., None]
        col = np.asarray(color, dtype=np.float64)
        self.img = self.img * (1.0 - a3) + col * a3

    def set(self, color_field):
        self.img = np.array(color_field, dtype=np.float64)

    # -- signed distances (normalised units, negative inside) -----------------
    def ellipse(self, cx, cy, rx, ry, ang=0.0):
        c, s = math.cos(ang), math.sin(ang)
        dx = self.X - cx
        dy = self.Y - cy
        u = (dx * c + dy * s) / rx
        v = (dy * c - dx * s) / ry
        k = np.sqrt(u * u + v * v)
        g = np.sqrt(u * u / (rx * rx) + v * v / (ry * ry))
        far = (k - 1.0) * k / np.maximum(g, 1e-12)
        near = (k - 1.0) * min(rx, ry)
        return np.where(k > 0.5, far, near)

    def circle(self, cx, cy, r):
        dx = self.X - cx
        dy = self.Y - cy
        return np.sqrt(dx * dx + dy * dy) - r

    def polygon(self, pts):
        """Convex polygon, vertices in either orientation."""
        pts = [(float(x), float(y)) for x, y in pts]
        n = len(pts)
        area = 0.0
        for i in range(n):
            x0, y0 = pts[i]
            x1, y1 = pts[(i + 1) % n]
            area += x0 * y1 - x1 * y0
        sign = 1.0 if area > 0 else -1.0
        d = None
        for i in range(n):
            x0, y0 = pts[i]
            x1, y1 = pts[(i + 1) % n]
            ex, ey = x1 - x0, y1 - y0
            length = math.sqrt(ex * ex + ey * ey)
            if length == 0.0:
                continue
            nx, ny = sign * ey / length, -sign * ex / length
            e = (self.X - x0) * nx + (self.Y - y0) * ny
            d = e if d is None else np.maximum(d, e)
        return d

    def rect(self, x0, y0, x1, y1):
        return self.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])

    def segment(self, x0, y0, x1, y1, width):
        ex, ey = x1 - x0, y1 - y0
        l2 = max(ex * ex + ey * ey, 1e-12)
        px = self.X - x0
        py = self.Y - y0
        t = np.clip((px * ex + py * ey) / l2, 0.0, 1.0)
        qx = px - t * ex
        qy = py - t * ey
        return np.sqrt(qx * qx + qy * qy) - width / 2.0

    def polyline(self, pts, width):
        d = None
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
            e = self.segment(x0, y0, x1, y1, width)
            d = e if d is None else np.minimum(d, e)
        return d

    def noise(self, grid):
        """Smooth bilinear value noise from a (gh+1, gw+1) grid of values."""
        gh, gw = grid.shape[0] - 1, grid.shape[1] - 1
        fx = self.X * gw
        fy = self.Y * gh
        ix = np.minimum(np.floor(fx).astype(np.int64), gw - 1)
        iy = np.minimum(np.floor(fy).astype(np.int64), gh - 1)
        tx = fx - ix
        ty = fy - iy
        tx = tx * tx * (3.0 - 2.0 * tx)
        ty = ty * ty * (3.0 - 2.0 * ty)
        a = grid[iy, ix]
        b = grid[iy, ix + 1]
        c = grid[iy + 1, ix]
        d = grid[iy + 1, ix + 1]
        return (a * (1.0 - tx) + b * tx) * (1.0 - ty) + (c * (1.0 - tx) + d * tx) * ty

    def to_uint8(self):
        return np.round(np.clip(self.img, 0.0, 1.0) * 255.0).astype(np.uint8)


class _Frame:
    """Local frame of a head/object: centre, scale r and rotation angle."""

    def __init__(self, cx, cy, r, ang=0.0):
        self.cx, self.cy, self.r, self.ang = cx, cy, r, ang
        self.c, self.s = math.cos(ang), math.sin(ang)

    def pt(self, lx, ly):
        return (self.cx + self.r * (lx * self.c - ly * self.s),
                self.cy + self.r * (lx * self.s + ly * self.c))

    def ellipse(self, cv, lx, ly, rx, ry, a=0.0):
        gx, gy = self.pt(lx, ly)
        return cv.ellipse(gx, gy, rx * self.r, ry * self.r, a + self.ang)

    def circle(self, cv, lx, ly, rr):
        gx, gy = self.pt(lx, ly)
        return cv.circle(gx, gy, rr * self.r)

    def polygon(self, cv, pts):
        return cv.polygon([self.pt(x, y) for x, y in pts])

    def segment(self, cv, x0, y0, x1, y1, w, min_px=0.0):
        a = self.pt(x0, y0)
        b = self.pt(x1, y1)
        return cv.segment(a[0], a[1], b[0], b[1], max(w * self.r, min_px * cv.px))

    def polyline(self, cv, pts, w, min_px=0.0):
        return cv.polyline([self.pt(x, y) for x, y in pts], max(w * self.r, min_px * cv.px))

    def local(self, cv):
        dx = cv.X - self.cx
        dy = cv.Y - self.cy
        lx = (dx * self.c + dy * self.s) / self.r
        ly = (dy * self.c - dx * self.s) / self.r
        return lx, ly


# ---------------------------------------------------------------------------
# palettes
# ---------------------------------------------------------------------------
_FUR_BASE = {
    "orange": (0.88, 0.52, 0.20),
    "black": (0.10, 0.10, 0.11),
    "grey": (0.52, 0.52, 0.55),
    "white": (0.94, 0.93, 0.90),
    "cream": (0.92, 0.80, 0.60),
    "brown": (0.50, 0.36, 0.24),
}
_EYE_COLORS = [
    (0.45, 0.78, 0.25), (0.92, 0.82, 0.20), (0.93, 0.62, 0.15),
    (0.40, 0.65, 0.98), (0.62, 0.85, 0.35),
]
_PINK = (0.96, 0.64, 0.68)
_DARK = (0.07, 0.06, 0.06)


def _draw_fur(rng, animal):
    """Draw a fur description (independent of canvas size).

    Cats and the other animals share the same colour distribution, so that
    fur colour says nothing about the class.
    """
    kinds = ["orange", "black", "grey", "white", "cream", "brown",
             "tabby", "calico", "tuxedo", "point"]
    probs = np.array([12, 10, 10, 9, 7, 9, 14, 10, 10, 9], dtype=np.float64)
    kind = kinds[rng.choice(len(kinds), p=probs / probs.sum())]
    fur = {"kind": kind}
    if kind in _FUR_BASE:
        base = _FUR_BASE[kind]
    elif kind == "tabby":
        base = [_FUR_BASE["orange"], _FUR_BASE["grey"], _FUR_BASE["brown"]][rng.randint(3)]
    elif kind == "calico":
        base = _FUR_BASE["white"]
    elif kind == "tuxedo":
        base = _FUR_BASE["black"]
    else:  # colour point
        base = _FUR_BASE["cream"]
    fur["base"] = _jitter(rng, base, 0.10)
    fur["dark"] = np.clip(fur["base"] * rng.uniform(0.35, 0.6), 0, 1)
    fur["stripes"] = kind == "tabby" or (kind in ("orange", "grey", "brown") and rng.rand() < 0.45)
    fur["stripe_freq"] = rng.uniform(2.2, 3.6)
    fur["stripe_phase"] = rng.rand()
    fur["stripe_bend"] = rng.uniform(-0.4, 0.4)
    fur["patch_grid"] = rng.rand(6, 6)
    fur["patch_cols"] = (_jitter(rng, _FUR_BASE["orange"], 0.08),
                         _jitter(rng, _FUR_BASE["black"], 0.08))
    fur["light"] = _jitter(rng, (0.95, 0.94, 0.91), 0.04)
    fur["point"] = _jitter(rng, (0.30, 0.22, 0.17), 0.1)
    if animal != "cat":
        # stripes are a cat thing; other animals get patches instead
        if fur["stripes"]:
            fur["stripes"] = False
            fur["kind"] = "calico" if kind == "tabby" else kind
            if kind == "tabby":
                fur["patch_cols"] = (fur["dark"], fur["base"])
                fur["base"] = fur["light"] * 0.5 + fur["base"] * 0.5
    return fur


def _fur_field(cv, frame, fur):
    """(H, W, 3) colour field for the fur, patterns in the frame's coordinates."""
    lx, ly = frame.local(cv)
    col = np.zeros(cv.img.shape) + fur["base"]
    if fur["stripes"]:
        s = _tri(lx * fur["stripe_freq"] + fur["stripe_phase"] + fur["stripe_bend"] * ly * ly)
        m = _smooth01((0.42 - s) / 0.2)[..., None]
        col = col * (1.0 - m) + fur["dark"] * m
    if fur["kind"] == "calico":
        n = cv.noise(fur["patch_grid"])  # patches are fixed to the picture
        c0, c1 = fur["patch_cols"]
        m0 = _smooth01((n - 0.62) / 0.05)[..., None]
        m1 = _smooth01((0.30 - n) / 0.05)[..., None]
        col = col * (1.0 - m0) + c0 * m0
        col = col * (1.0 - m1) + c1 * m1
    if fur["kind"] == "point":
        dx = lx
        dy = ly - 0.3
        t = np.clip(1.0 - np.sqrt(dx * dx + dy * dy * 1.6) / 0.75, 0.0, 1.0)[..., None]
        col = col * (1.0 - t) + fur["point"] * t
    return col


# ---------------------------------------------------------------------------
# backgrounds (shared by both classes)
# ---------------------------------------------------------------------------
def _random_color(rng, smin=0.1, smax=0.8, vmin=0.15, vmax=0.95):
    return _hsv(rng.rand(), rng.uniform(smin, smax), rng.uniform(vmin, vmax))


def _bg_sky(cv, rng):
    mode = rng.choice(3, p=[0.6, 0.25, 0.15])
    if mode == 0:  # day
        top = _jitter(rng, (0.30, 0.55, 0.90), 0.12)
        bottom = _jitter(rng, (0.75, 0.87, 0.98), 0.08)
    elif mode == 1:  # sunset
        top = _jitter(rng, (0.35, 0.30, 0.60), 0.12)
        bottom = _jitter(rng, (0.98, 0.62, 0.35), 0.1)
    else:  # night
        top = _jitter(rng, (0.03, 0.05, 0.18), 0.3)
        bottom = _jitter(rng, (0.12, 0.16, 0.35), 0.2)
    t = cv.Y[..., None]
    cv.set(top * (1.0 - t) + bottom * t)
    n_clouds = rng.randint(0, 4) if mode < 2 else 0
    for _ in range(n_clouds):
        cx, cy, w = rng.uniform(0, 1), rng.uniform(0.05, 0.5), rng.uniform(0.08, 0.2)
        ccol = _jitter(rng, (0.97, 0.97, 0.98) if mode == 0 else (0.95, 0.75, 0.7), 0.05)
        d = None
        for k in range(4):
            e = cv.ellipse(cx + (k - 1.5) * w * 0.5, cy + rng.uniform(-0.02, 0.02),
                           w * rng.uniform(0.4, 0.7), w * rng.uniform(0.25, 0.4))
            d = e if d is None else np.minimum(d, e)
        cv.fill(d, ccol, blur=0.02)
    stars = rng.rand(12, 2)
    if mode == 2:
        for sx, sy in stars:
            cv.fill(cv.circle(sx, sy * 0.7, 0.006), (1.0, 1.0, 0.9), blur=0.006)
    ground = rng.rand() < 0.6
    h = rng.uniform(0.65, 0.9)
    gcol = _jitter(rng,
                   [(0.35, 0.62, 0.25), (0.85, 0.78, 0.55),
                    (0.45, 0.40, 0.35)][rng.randint(3)], 0.12)
    if ground:
        if mode == 2:
            gcol = gcol * 0.35
        cv.fill(h - cv.Y, gcol)


def _bg_grass(cv, rng):
    sky = _jitter(rng, (0.55, 0.75, 0.95), 0.12)
    g1 = _jitter(rng, (0.30, 0.58, 0.20), 0.15)
    g2 = _jitter(rng, (0.18, 0.40, 0.12), 0.15)
    h = rng.uniform(0.2, 0.6)
    grid = rng.rand(4, 40)
    t = cv.Y[..., None]
    cv.set(sky * (1 - t) + sky * 0.8 * t)
    n = cv.noise(grid)[..., None]
    grass = g1 * n + g2 * (1.0 - n)
    a = cv.alpha(h - cv.Y)
    cv.paint(a, 0.0)  # darken then add grass
    cv.img = cv.img + grass * a[..., None]
    for _ in range(rng.randint(0, 6)):  # small flowers in the grass
        fx, fy = rng.uniform(0, 1), rng.uniform(h + 0.05, 1.0)
        fc = _random_color(rng, 0.4, 0.8, 0.8, 1.0)
        cv.fill(cv.circle(fx, fy, 0.012), fc)


def _bg_room(cv, rng):
    wall = _random_color(rng, 0.05, 0.5, 0.3, 0.95)
    floor_y = rng.uniform(0.55, 0.85)
    cv.set(np.zeros(cv.img.shape) + wall)
    if rng.rand() < 0.4:  # striped wallpaper
        f = rng.uniform(6, 14)
        s = _tri(cv.X * f)
        m = (_smooth01((0.3 - s) / 0.1) * 0.25)[..., None]
        cv.img = cv.img * (1 - m) + (wall * 0.6) * m
    if rng.rand() < 0.5:  # window
        wx, wy = rng.uniform(0.0, 0.75), rng.uniform(0.05, 0.2)
        ww, wh = rng.uniform(0.18, 0.35), rng.uniform(0.2, 0.35)
        frame = _jitter(rng, (0.95, 0.95, 0.93), 0.05)
        glass = _jitter(rng, (0.6, 0.8, 0.97), 0.12)
        cv.fill(cv.rect(wx, wy, wx + ww, wy + wh), frame)
        cv.fill(cv.rect(wx + 0.02, wy + 0.02, wx + ww - 0.02, wy + wh - 0.02), glass)
        cv.fill(cv.rect(wx + ww / 2 - 0.008, wy, wx + ww / 2 + 0.008, wy + wh), frame)
        cv.fill(cv.rect(wx, wy + wh / 2 - 0.008, wx + ww, wy + wh / 2 + 0.008), frame)
    if rng.rand() < 0.4:  # picture frame
        px_, py_ = rng.uniform(0.05, 0.75), rng.uniform(0.05, 0.25)
        pw, ph = rng.uniform(0.12, 0.22), rng.uniform(0.1, 0.18)
        cv.fill(cv.rect(px_, py_, px_ + pw, py_ + ph), _random_color(rng, 0.3, 0.7, 0.2, 0.5))
        cv.fill(cv.rect(px_ + 0.015, py_ + 0.015, px_ + pw - 0.015, py_ + ph - 0.015),
                _random_color(rng, 0.2, 0.8, 0.4, 0.95))
    floor = _random_color(rng, 0.2, 0.7, 0.25, 0.8)
    kind = rng.randint(2)
    grid = rng.rand(9, 9)
    a = cv.alpha(floor_y - cv.Y)
    if kind == 0:  # wooden planks
        s = _tri(cv.X * 7.0 + cv.Y * 0.5)
        shade = (0.85 + 0.15 * s)[..., None]
        fcol = floor * shade
    else:  # carpet
        n = cv.noise(grid)[..., None]
        fcol = floor * (0.8 + 0.3 * n)
    cv.paint(a, 0.0)
    cv.img = cv.img + fcol * a[..., None]
    cv.fill(np.abs(cv.Y - floor_y) - 0.012, wall * 0.5)


def _bg_studio(cv, rng):
    c0 = _random_color(rng, 0.0, 0.7, 0.1, 1.0)
    c1 = _random_color(rng, 0.0, 0.7, 0.1, 1.0)
    ang = rng.uniform(0, 2 * math.pi)
    ca, sa = math.cos(ang), math.sin(ang)
    t = np.clip((cv.X - 0.5) * ca + (cv.Y - 0.5) * sa + 0.5, 0, 1)[..., None]
    cv.set(c0 * (1 - t) + c1 * t)


def _bg_fabric(cv, rng):
    c0 = _random_color(rng, 0.2, 0.8, 0.3, 0.95)
    c1 = _random_color(rng, 0.2, 0.8, 0.2, 0.8)
    f = rng.uniform(3, 7)
    sx = _smooth01((_tri(cv.X * f) - 0.5) / 0.1)
    sy = _smooth01((_tri(cv.Y * f) - 0.5) / 0.1)
    m = (0.5 * sx + 0.5 * sy)[..., None]
    cv.set(c0 * (1 - m) + c1 * m)


def _bg_bokeh(cv, rng):
    c0 = _random_color(rng, 0.2, 0.8, 0.1, 0.8)
    c1 = _random_color(rng, 0.2, 0.8, 0.2, 0.9)
    n = cv.noise(rng.rand(4, 4))[..., None]
    cv.set(c0 * (1 - n) + c1 * n)
    for _ in range(rng.randint(3, 10)):
        cv.fill(cv.circle(rng.rand(), rng.rand(), rng.uniform(0.03, 0.1)),
                _random_color(rng, 0.1, 0.6, 0.5, 1.0), blur=0.03, opacity=rng.uniform(0.3, 0.7))


_BACKGROUNDS = [_bg_sky, _bg_grass, _bg_room, _bg_studio, _bg_fabric, _bg_bokeh]
_BG_PROBS = np.array([0.17, 0.15, 0.25, 0.18, 0.1, 0.15])


def _background(cv, rng):
    _BACKGROUNDS[rng.choice(len(_BACKGROUNDS), p=_BG_PROBS / _BG_PROBS.sum())](cv, rng)


# ---------------------------------------------------------------------------
# placement (shared by cats and other animals)
# ---------------------------------------------------------------------------
# Placement of the animal (cats and other animals share it). Most pictures
# are portraits with the head near the centre, as in typical pet photos;
# a fifth show the whole animal sitting. (Calibrated, see module docstring.)
_PLACE = {
    "p_sit": 0.2,
    "sit_r": (0.13, 0.17), "sit_cx": (0.42, 0.58), "sit_cy": (0.3, 0.4),
    "head_r": (0.27, 0.34), "head_cx": (0.45, 0.55), "head_cy": (0.5, 0.58),
    "tilt_sd": 0.1, "p_odd_tilt": 0.03,
}


def _placement(rng):
    k = _PLACE
    pose = "sit" if rng.rand() < k["p_sit"] else "head"
    p = "sit_" if pose == "sit" else "head_"
    r = rng.uniform(*k[p + "r"])
    cx = rng.uniform(*k[p + "cx"])
    cy = rng.uniform(*k[p + "cy"])
    tilt = rng.normal(0.0, k["tilt_sd"])
    if rng.rand() < k["p_odd_tilt"]:
        tilt = rng.choice([-1, 1]) * rng.uniform(0.6, 1.2)
    return {"pose": pose, "r": r, "cx": cx, "cy": cy, "tilt": tilt,
            "body_dx": rng.uniform(-0.3, 0.3), "tail_side": rng.choice([-1, 1])}


def _body(cv, pl, fur, rng, tail):
    """A sitting body under the head (cats and other animals)."""
    r = pl["r"]
    body = _Frame(pl["cx"] + pl["body_dx"] * r, pl["cy"], r, 0.0)
    col = _fur_field(cv, body, fur)
    side = pl["tail_side"]
    if tail:
        wig = rng.uniform(-0.3, 0.3)
        d = body.polyline(cv, [(side * 0.8, 2.9), (side * 1.5, 2.7), (side * 1.8, 2.1 + wig),
                               (side * 1.7, 1.4 + wig)], 0.28)
        cv.paint(cv.alpha(d), col)
    else:
        rng.uniform(-0.3, 0.3)
    d = body.ellipse(cv, 0.0, 1.85, 1.05, 1.3)
    cv.paint(cv.alpha(d), col)
    if fur["kind"] in ("tuxedo", "calico", "point") or rng.rand() < 0.2:
        cv.fill(body.ellipse(cv, 0.0, 1.7, 0.45, 0.8),
                fur["light"] if fur["kind"] != "point" else fur["base"])
    for sx in (-0.42, 0.42):
        d = body.ellipse(cv, sx, 3.05, 0.32, 0.2)
        cv.paint(cv.alpha(d), col)
        if fur["kind"] == "tuxedo":  # white socks
            cv.fill(d, fur["light"], opacity=0.5)


def _body_and_head(cv, rng, pl, fur, tail=False, tilt_scale=1.0):
    """Draw the body for the pose (sitting, or head and shoulders); return the head's
    frame and the fur colour field painted on it."""
    if pl["pose"] == "sit":
        _body(cv, pl, fur, rng, tail=tail)
    else:
        _body_shoulders(cv, pl, fur)
    head = _Frame(pl["cx"], pl["cy"], pl["r"], pl["tilt"] * tilt_scale)
    return head, _fur_field(cv, head, fur)


# ---------------------------------------------------------------------------
# cats
# ---------------------------------------------------------------------------
def _draw_cat(cv, rng, pl, fur):
    head, col = _body_and_head(cv, rng, pl, fur, tail=True)
    dark_fur = float(np.mean(fur["base"])) < 0.35

    # ears
    ear_h = rng.uniform(1.25, 1.6)
    ear_spread = rng.uniform(0.7, 0.95)
    ear_lean = rng.uniform(-0.08, 0.15)
    inner = _PINK if not dark_fur else (0.45, 0.3, 0.32)
    for side in (-1, 1):
        tip = (side * (ear_spread + ear_lean), -ear_h)
        b0 = (side * 0.98, -0.25)
        b1 = (side * 0.18, -0.78)
        d = head.polygon(cv, [b0, b1, tip])
        cv.paint(cv.alpha(d), col if fur["kind"] != "point" else fur["point"])
        cxr = (b0[0] + b1[0] + tip[0]) / 3.0
        cyr = (b0[1] + b1[1] + tip[1]) / 3.0
        sh = 0.55
        pts = [(cxr + (p[0] - cxr) * sh, cyr + (p[1] - cyr) * sh + 0.05) for p in (b0, b1, tip)]
        cv.fill(head.polygon(cv, pts), inner)

    # head and cheeks
    d = np.minimum(head.ellipse(cv, 0, 0, 1.0, 0.86), head.ellipse(cv, 0, 0.2, 1.1, 0.68))
    cv.paint(cv.alpha(d), col)
    if fur["kind"] in ("tuxedo", "calico") or (fur["kind"] != "point" and rng.rand() < 0.3):
        cv.fill(np.minimum(head.ellipse(cv, -0.18, 0.42, 0.3, 0.22),
                           head.ellipse(cv, 0.18, 0.42, 0.3, 0.22)),
                fur["light"])
    else:
        rng.rand()

    # eyes
    closed = rng.rand() < 0.06
    eye_dx = rng.uniform(0.32, 0.44)
    eye_y = rng.uniform(-0.15, 0.0)
    erx = rng.uniform(0.18, 0.25)
    ery = erx * rng.uniform(0.65, 0.9)
    iris = _jitter(rng, _EYE_COLORS[rng.randint(len(_EYE_COLORS))], 0.08)
    pupil_w = rng.choice([0.03, 0.06, 0.1, 0.14])
    slant = rng.uniform(0.0, 0.3)
    outline = _DARK if not dark_fur else (0.0, 0.0, 0.0)
    for side in (-1, 1):
        ex = side * eye_dx
        a = -side * slant
        if closed:
            d = head.polyline(cv, [(ex - erx, eye_y), (ex, eye_y + ery * 0.6), (ex + erx, eye_y)],
                              0.06, 0.7)
            cv.fill(d, outline)
            continue
        cv.fill(head.ellipse(cv, ex, eye_y, erx * 1.15, ery * 1.2, a), outline)
        cv.fill(head.ellipse(cv, ex, eye_y, erx, ery, a), iris)
        cv.fill(head.ellipse(cv, ex, eye_y, pupil_w * erx / 0.2, ery * 0.92, 0.0),
                (0.02, 0.02, 0.02))
        cv.fill(head.circle(cv, ex - 0.06, eye_y - ery * 0.4, 0.045), (1.0, 1.0, 1.0), opacity=0.9)

    # nose, mouth, whiskers
    nose_col = _PINK if rng.rand() < 0.7 else (0.35, 0.22, 0.22)
    ny = rng.uniform(0.22, 0.3)
    cv.fill(head.polygon(cv, [(-0.11, ny), (0.11, ny), (0.0, ny + 0.11)]), nose_col)
    mcol = (0.15, 0.1, 0.1) if not dark_fur else (0.5, 0.45, 0.45)
    d = head.polyline(cv, [(-0.14, ny + 0.24), (0.0, ny + 0.18), (0.14, ny + 0.24)], 0.04, 0.5)
    d = np.minimum(d, head.segment(cv, 0.0, ny + 0.1, 0.0, ny + 0.18, 0.04, 0.5))
    cv.fill(d, mcol)
    wcol = (0.97, 0.97, 0.97) if (dark_fur or rng.rand() < 0.5) else (0.15, 0.13, 0.12)
    wlen = rng.uniform(1.3, 1.65)
    for side in (-1, 1):
        for k in range(3):
            y0 = ny + 0.12 + 0.06 * k
            y1 = ny + 0.0 + 0.16 * k + rng.uniform(-0.06, 0.06)
            d = head.segment(cv, side * 0.3, y0, side * wlen, y1, 0.035, 0.75)
            cv.fill(d, wcol, opacity=0.9)


def _body_shoulders(cv, pl, fur):
    body = _Frame(pl["cx"] + pl["body_dx"] * pl["r"] * 0.5, pl["cy"], pl["r"], 0.0)
    col = _fur_field(cv, body, fur)
    cv.paint(cv.alpha(body.ellipse(cv, 0.0, 1.5, 1.25, 1.1)), col)


# ---------------------------------------------------------------------------
# other animals (hard negatives)
# ---------------------------------------------------------------------------
def _eyes_round(cv, head, rng, dx, y, rr, col=(0.12, 0.07, 0.04)):
    for side in (-1, 1):
        cv.fill(head.circle(cv, side * dx, y, rr), col)
        cv.fill(head.circle(cv, side * dx - rr * 0.3, y - rr * 0.35, rr * 0.35), (1.0, 1.0, 1.0),
                opacity=0.9)


def _whiskers(cv, head, rng, ny, length, col):
    for side in (-1, 1):
        for k in range(3):
            y0 = ny + 0.06 * k
            y1 = ny - 0.12 + 0.15 * k + rng.uniform(-0.05, 0.05)
            cv.fill(head.segment(cv, side * 0.25, y0, side * length, y1, 0.035, 0.75), col,
                    opacity=0.9)


def _draw_dog(cv, rng, pl, fur):
    head, col = _body_and_head(cv, rng, pl, fur, tilt_scale=0.7)
    ear_col = fur["dark"] if rng.rand() < 0.5 else col
    cv.paint(cv.alpha(np.minimum(head.ellipse(cv, 0, 0, 0.9, 0.95),
                                 head.ellipse(cv, 0, 0.45, 0.55, 0.55))), col)
    muzzle = fur["light"] if rng.rand() < 0.5 else fur["base"] * 1.1
    cv.fill(head.ellipse(cv, 0, 0.5, 0.52, 0.4), np.clip(muzzle, 0, 1))
    ear_len = rng.uniform(0.6, 0.95)
    for side in (-1, 1):
        d = head.ellipse(cv, side * 0.92, -0.1 + ear_len * 0.45, 0.3, ear_len,
                         -side * rng.uniform(0.1, 0.4))
        if isinstance(ear_col, np.ndarray) and ear_col.ndim == 3:
            cv.paint(cv.alpha(d), ear_col)
        else:
            cv.fill(d, ear_col)
    _eyes_round(cv, head, rng, rng.uniform(0.3, 0.42), rng.uniform(-0.25, -0.05),
                rng.uniform(0.1, 0.15))
    cv.fill(head.ellipse(cv, 0, 0.33, rng.uniform(0.16, 0.24), 0.13), (0.05, 0.04, 0.04))
    d = head.polyline(cv, [(-0.22, 0.68), (0.0, 0.6), (0.22, 0.68)], 0.05, 0.6)
    cv.fill(np.minimum(d, head.segment(cv, 0, 0.42, 0, 0.6, 0.05, 0.6)), (0.1, 0.07, 0.07))
    if rng.rand() < 0.4:
        cv.fill(head.ellipse(cv, 0.0, 0.82, 0.14, 0.18), (0.92, 0.45, 0.5))


def _draw_bear(cv, rng, pl, fur, mouse=False):
    head, col = _body_and_head(cv, rng, pl, fur)
    if mouse:
        er, ex, ey = rng.uniform(0.42, 0.55), 0.8, -0.7
    else:
        er, ex, ey = rng.uniform(0.28, 0.38), 0.72, -0.72
    inner = _PINK if mouse else fur["dark"]
    for side in (-1, 1):
        cv.paint(cv.alpha(head.circle(cv, side * ex, ey, er)), col)
        cv.fill(head.circle(cv, side * ex, ey, er * 0.6), inner)
    cv.paint(cv.alpha(np.minimum(head.ellipse(cv, 0, 0, 1.0, 0.9),
                                 head.ellipse(cv, 0, 0.2, 1.05, 0.7))), col)
    if mouse:
        _eyes_round(cv, head, rng, rng.uniform(0.3, 0.4), rng.uniform(-0.15, 0.0),
                    rng.uniform(0.1, 0.14),
                    col=(0.02, 0.02, 0.02))
        cv.fill(head.ellipse(cv, 0, 0.45, 0.35, 0.3), np.clip(fur["base"] * 1.1, 0, 1))
        cv.fill(head.circle(cv, 0, 0.5, 0.1), _PINK)
        _whiskers(cv, head, rng, 0.5, rng.uniform(1.2, 1.5),
                  (0.95, 0.95, 0.95) if np.mean(fur["base"]) < 0.5 else (0.2, 0.2, 0.2))
    else:
        cv.fill(head.ellipse(cv, 0, 0.38, 0.45, 0.33),
                np.clip(_mix(fur["base"], (0.85, 0.72, 0.55), 0.6), 0, 1))
        _eyes_round(cv, head, rng, rng.uniform(0.32, 0.42), rng.uniform(-0.2, -0.05),
                    rng.uniform(0.07, 0.1),
                    col=(0.02, 0.02, 0.02))
        cv.fill(head.ellipse(cv, 0, 0.25, 0.17, 0.11), (0.04, 0.03, 0.03))
        d = head.polyline(cv, [(-0.14, 0.52), (0.0, 0.46), (0.14, 0.52)], 0.04, 0.5)
        cv.fill(np.minimum(d, head.segment(cv, 0, 0.3, 0, 0.46, 0.04, 0.5)), (0.1, 0.07, 0.07))


def _draw_rabbit(cv, rng, pl, fur):
    head, col = _body_and_head(cv, rng, pl, fur)
    ear_len = rng.uniform(0.7, 0.95)
    for side in (-1, 1):
        a = side * rng.uniform(0.05, 0.3)
        cx, cy = side * 0.38, -0.7 - ear_len
        cv.paint(cv.alpha(head.ellipse(cv, cx, cy, 0.24, ear_len, a)), col)
        cv.fill(head.ellipse(cv, cx, cy + 0.05, 0.12, ear_len * 0.75, a), _PINK)
    cv.paint(cv.alpha(np.minimum(head.ellipse(cv, 0, 0, 0.85, 0.8),
                                 head.ellipse(cv, 0, 0.25, 0.9, 0.6))), col)
    _eyes_round(cv, head, rng, rng.uniform(0.36, 0.46), rng.uniform(-0.15, 0.0),
                rng.uniform(0.12, 0.16),
                col=(0.25, 0.12, 0.05) if rng.rand() < 0.5 else (0.03, 0.03, 0.03))
    cv.fill(head.ellipse(cv, 0, 0.3, 0.1, 0.07), _PINK)
    cv.fill(head.polygon(cv, [(-0.1, 0.45), (0.1, 0.45), (0.1, 0.62), (-0.1, 0.62)]),
            (0.98, 0.98, 0.96))
    cv.fill(head.segment(cv, 0, 0.45, 0, 0.62, 0.02, 0.4), (0.6, 0.6, 0.6))
    _whiskers(cv, head, rng, 0.38, rng.uniform(1.2, 1.5),
              (0.95, 0.95, 0.95) if np.mean(fur["base"]) < 0.5 else (0.2, 0.2, 0.2))


def _draw_owl(cv, rng, pl, fur):
    base = fur["base"]
    r = pl["r"]
    head = _Frame(pl["cx"], pl["cy"], r, pl["tilt"] * 0.5)
    # body
    cv.fill(head.ellipse(cv, 0, 1.3 if pl["pose"] == "sit" else 1.0, 1.05, 1.45), base * 0.85)
    cv.fill(head.ellipse(cv, 0, 1.5 if pl["pose"] == "sit" else 1.2, 0.65, 1.0),
            np.clip(base * 1.25, 0, 1))
    for k in range(4):  # chest feathers
        for j in range(3):
            x, y = (j - 1) * 0.3 + (k % 2) * 0.15 - 0.07, 1.0 + 0.28 * k
            cv.fill(head.polyline(cv, [(x - 0.1, y), (x, y + 0.08), (x + 0.1, y)], 0.05, 0.6),
                    base * 0.6)
    for side in (-1, 1):  # wings
        cv.fill(head.ellipse(cv, side * 0.95, 1.3, 0.35, 0.9, side * 0.2), base * 0.65)
    # head and ear tufts
    tuft = rng.rand() < 0.6
    if tuft:
        for side in (-1, 1):
            cv.fill(head.polygon(cv,
                                 [(side * 0.85, -0.35), (side * 0.35, -0.7),
                                  (side * 0.95, -1.15)]), base * 0.8)
    cv.fill(head.ellipse(cv, 0, 0, 1.0, 0.82), base)
    disc = np.clip(_mix(base, (1, 1, 1), 0.4), 0, 1)
    iris = _jitter(rng, [(0.98, 0.75, 0.1), (0.95, 0.5, 0.1)][rng.randint(2)], 0.05)
    for side in (-1, 1):
        cv.fill(head.circle(cv, side * 0.42, 0.0, 0.42), disc)
        cv.fill(head.circle(cv, side * 0.42, 0.0, 0.27), (0.05, 0.05, 0.05))
        cv.fill(head.circle(cv, side * 0.42, 0.0, 0.23), iris)
        cv.fill(head.circle(cv, side * 0.42, 0.0, 0.13), (0.02, 0.02, 0.02))
        cv.fill(head.circle(cv, side * 0.42 - 0.06, -0.07, 0.05), (1, 1, 1))
    cv.fill(head.polygon(cv, [(-0.1, 0.2), (0.1, 0.2), (0.0, 0.5)]), (0.85, 0.6, 0.2))


_ANIMALS = ["dog", "bear", "mouse", "rabbit", "owl"]
_ANIMAL_PROBS = np.array([0.32, 0.26, 0.16, 0.14, 0.12])
_DRAW_ANIMAL = {
    "cat": _draw_cat,
    "dog": _draw_dog,
    "bear": _draw_bear,
    "mouse": lambda cv, rng, pl, fur: _draw_bear(cv, rng, pl, fur, mouse=True),
    "rabbit": _draw_rabbit,
    "owl": _draw_owl,
}


# ---------------------------------------------------------------------------
# objects and scenes (easy negatives)
# ---------------------------------------------------------------------------
def _object_frame(rng):
    return _Frame(rng.uniform(0.3, 0.7), rng.uniform(0.35, 0.65), rng.uniform(0.15, 0.3),
                  rng.normal(0, 0.15))


def _draw_ball(cv, rng):
    f = _object_frame(rng)
    c0 = _random_color(rng, 0.5, 0.9, 0.6, 1.0)
    c1 = _random_color(rng, 0.0, 0.9, 0.6, 1.0)
    lx, ly = f.local(cv)
    freq = rng.uniform(1.0, 2.0)
    s = _tri(lx * freq + 0.25 * ly * ly)[..., None]
    col = c0 * s + c1 * (1 - s)
    cv.fill(cv.ellipse(f.cx + 0.2 * f.r, f.cy + 0.95 * f.r, f.r, 0.2 * f.r), (0, 0, 0), blur=0.03,
            opacity=0.3)
    cv.paint(cv.alpha(f.circle(cv, 0, 0, 1.0)), col)
    cv.fill(f.circle(cv, -0.35, -0.35, 0.25), (1, 1, 1), blur=0.05, opacity=0.6)


def _draw_mug(cv, rng):
    f = _object_frame(rng)
    c = _random_color(rng, 0.2, 0.9, 0.3, 1.0)
    d_out = f.ellipse(cv, 0.75, 0.0, 0.45, 0.45)
    d_in = f.ellipse(cv, 0.75, 0.0, 0.28, 0.28)
    cv.fill(np.maximum(d_out, -d_in), c * 0.85)
    cv.fill(np.minimum(f.polygon(cv, [(-0.75, -0.7), (0.75, -0.7), (0.75, 0.8), (-0.75, 0.8)]),
                       f.ellipse(cv, 0, 0.8, 0.75, 0.15)), c)
    cv.fill(f.ellipse(cv, 0, -0.7, 0.75, 0.15), c * 0.7)
    cv.fill(f.ellipse(cv, 0, -0.68, 0.65, 0.1), _jitter(rng, (0.35, 0.2, 0.1), 0.1))
    if rng.rand() < 0.5:
        cv.fill(f.circle(cv, 0, 0.1, 0.3), _random_color(rng, 0.3, 0.9, 0.5, 1.0))
    for k in (-1, 1):
        cv.fill(f.polyline(cv,
                           [(0.2 * k, -0.9), (0.3 * k, -1.15), (0.15 * k, -1.4),
                            (0.25 * k, -1.6)], 0.06, 0.6),
                (0.95, 0.95, 0.95), opacity=0.5)


def _draw_car(cv, rng):
    f = _Frame(rng.uniform(0.3, 0.7), rng.uniform(0.45, 0.7), rng.uniform(0.13, 0.22),
               rng.normal(0, 0.05))
    c = _random_color(rng, 0.4, 0.9, 0.3, 1.0)
    cv.fill(f.polygon(cv, [(-0.9, -0.4), (0.9, -0.4), (0.65, -1.0), (-0.5, -1.0)]), c * 0.9)
    cv.fill(f.polygon(cv, [(-0.75, -0.45), (-0.05, -0.45), (-0.05, -0.9), (-0.45, -0.9)]),
            (0.7, 0.85, 0.95))
    cv.fill(f.polygon(cv, [(0.05, -0.45), (0.75, -0.45), (0.55, -0.9), (0.05, -0.9)]),
            (0.7, 0.85, 0.95))
    cv.fill(f.polygon(cv, [(-1.6, -0.45), (1.6, -0.45), (1.7, 0.3), (-1.7, 0.3)]), c)
    cv.fill(f.ellipse(cv, 1.55, -0.15, 0.12, 0.1), (1.0, 0.95, 0.6))
    for x in (-1.0, 1.0):
        cv.fill(f.circle(cv, x, 0.3, 0.42), (0.08, 0.08, 0.08))
        cv.fill(f.circle(cv, x, 0.3, 0.2), (0.75, 0.75, 0.75))


def _draw_clock(cv, rng):
    f = _object_frame(rng)
    rim = _random_color(rng, 0.3, 0.9, 0.2, 0.9)
    cv.fill(f.circle(cv, 0, 0, 1.0), rim)
    cv.fill(f.circle(cv, 0, 0, 0.85), (0.97, 0.96, 0.92))
    for k in range(12):
        a = k * math.pi / 6
        cv.fill(f.circle(cv, 0.7 * math.cos(a), 0.7 * math.sin(a), 0.05), (0.1, 0.1, 0.1))
    a1, a2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    cv.fill(f.segment(cv, 0, 0, 0.45 * math.cos(a1), 0.45 * math.sin(a1), 0.09, 0.7),
            (0.1, 0.1, 0.1))
    cv.fill(f.segment(cv, 0, 0, 0.65 * math.cos(a2), 0.65 * math.sin(a2), 0.06, 0.6),
            (0.1, 0.1, 0.1))


def _draw_fruit(cv, rng):
    f = _object_frame(rng)
    c = _jitter(rng,
                [(0.85, 0.12, 0.1), (0.5, 0.8, 0.2), (0.98, 0.6, 0.1),
                 (0.95, 0.85, 0.2)][rng.randint(4)], 0.1)
    d = np.minimum(f.circle(cv, -0.35, 0.05, 0.75), f.circle(cv, 0.35, 0.05, 0.75))
    cv.fill(d, c)
    cv.fill(f.circle(cv, -0.4, -0.3, 0.25), (1, 1, 1), blur=0.05, opacity=0.4)
    cv.fill(f.segment(cv, 0, -0.55, 0.1, -1.0, 0.1, 0.7), (0.35, 0.22, 0.1))
    cv.fill(f.ellipse(cv, 0.35, -0.85, 0.3, 0.12, -0.4), (0.2, 0.6, 0.15))


def _draw_lamp(cv, rng):
    f = _object_frame(rng)
    shade = _random_color(rng, 0.2, 0.8, 0.5, 1.0)
    cv.fill(f.segment(cv, 0, -0.3, 0, 1.0, 0.12), (0.3, 0.3, 0.3))
    cv.fill(f.ellipse(cv, 0, 1.0, 0.6, 0.15), (0.25, 0.25, 0.25))
    cv.fill(f.polygon(cv, [(-0.4, -1.1), (0.4, -1.1), (0.8, -0.3), (-0.8, -0.3)]), shade)
    cv.fill(f.ellipse(cv, 0, -0.1, 0.6, 0.3), (1.0, 0.95, 0.7), blur=0.05, opacity=0.5)


def _draw_house(cv, rng):
    f = _Frame(rng.uniform(0.35, 0.65), rng.uniform(0.5, 0.7), rng.uniform(0.15, 0.25), 0.0)
    wall = _random_color(rng, 0.1, 0.6, 0.5, 1.0)
    roof = _random_color(rng, 0.4, 0.9, 0.25, 0.8)
    cv.fill(f.polygon(cv, [(-1, -0.4), (1, -0.4), (1, 1), (-1, 1)]), wall)
    cv.fill(f.polygon(cv, [(-1.25, -0.35), (1.25, -0.35), (0, -1.3 - rng.uniform(0, 0.4))]), roof)
    cv.fill(f.polygon(cv, [(-0.2, 0.3), (0.2, 0.3), (0.2, 1), (-0.2, 1)]), roof * 0.7)
    glass = _jitter(rng, (0.6, 0.8, 0.95), 0.1)
    for x in (-0.6, 0.6):
        cv.fill(f.polygon(cv,
                          [(x - 0.22, -0.1), (x + 0.22, -0.1), (x + 0.22, 0.3),
                           (x - 0.22, 0.3)]), glass)
        cv.fill(f.segment(cv, x, -0.1, x, 0.3, 0.04, 0.5), (1, 1, 1))
    if rng.rand() < 0.5:
        cv.fill(f.polygon(cv, [(0.5, -1.0), (0.75, -1.0), (0.75, -0.6), (0.5, -0.6)]), roof * 0.6)


def _draw_mountains(cv, rng):
    sun = _jitter(rng, (1.0, 0.85, 0.3), 0.1)
    cv.fill(cv.circle(rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.3), rng.uniform(0.05, 0.1)), sun)
    for _ in range(rng.randint(2, 4)):
        x, w, top = rng.uniform(0, 1), rng.uniform(0.25, 0.5), rng.uniform(0.2, 0.5)
        c = _jitter(rng, [(0.45, 0.45, 0.55), (0.35, 0.4, 0.3), (0.55, 0.45, 0.4)][rng.randint(3)],
                    0.1)
        tri = [(x - w, 1.0), (x + w, 1.0), (x, top)]
        cv.fill(cv.polygon(tri), c)
        cap = 0.25
        cv.fill(cv.polygon([(x - w * cap, top + (1 - top) * cap),
                            (x + w * cap, top + (1 - top) * cap), (x, top)]),
                (0.97, 0.97, 0.98))
    if rng.rand() < 0.5:
        cv.fill(rng.uniform(0.8, 0.92) - cv.Y, _jitter(rng, (0.3, 0.5, 0.75), 0.1))


def _draw_flowers(cv, rng):
    for _ in range(rng.randint(1, 4)):
        f = _Frame(rng.uniform(0.2, 0.8), rng.uniform(0.25, 0.6), rng.uniform(0.06, 0.16),
                   rng.uniform(0, 1))
        pet = _random_color(rng, 0.4, 0.9, 0.7, 1.0)
        cv.fill(cv.segment(f.cx, f.cy, f.cx + rng.uniform(-0.05, 0.05), 1.05, 0.015),
                (0.2, 0.55, 0.2))
        cv.fill(cv.ellipse(f.cx + 0.04, f.cy + 0.25, 0.04, 0.015, -0.5), (0.25, 0.6, 0.2))
        n = rng.randint(5, 9)
        for k in range(n):
            a = 2 * math.pi * k / n
            cv.fill(f.ellipse(cv, 0.8 * math.cos(a), 0.8 * math.sin(a), 0.7, 0.32, a), pet)
        cv.fill(f.circle(cv, 0, 0, 0.45), _jitter(rng, (0.95, 0.8, 0.2), 0.1))


def _draw_tree(cv, rng):
    f = _Frame(rng.uniform(0.3, 0.7), rng.uniform(0.35, 0.5), rng.uniform(0.15, 0.25), 0.0)
    cv.fill(f.polygon(cv, [(-0.18, 0.2), (0.18, 0.2), (0.25, 2.5), (-0.25, 2.5)]),
            _jitter(rng, (0.4, 0.26, 0.12), 0.1))
    leaf = _jitter(rng, [(0.2, 0.55, 0.2), (0.85, 0.45, 0.1), (0.3, 0.45, 0.15)][rng.randint(3)],
                   0.12)
    for _ in range(6):
        cv.fill(f.circle(cv, rng.uniform(-0.6, 0.6), rng.uniform(-0.5, 0.4),
                         rng.uniform(0.4, 0.65)),
                leaf * rng.uniform(0.8, 1.1))


def _draw_snowman(cv, rng):
    f = _Frame(rng.uniform(0.35, 0.65), rng.uniform(0.25, 0.4), rng.uniform(0.08, 0.12),
               rng.normal(0, 0.1))
    white = (0.96, 0.97, 1.0)
    cv.fill(f.circle(cv, 0, 4.0, 1.9), white)
    cv.fill(f.circle(cv, 0, 1.8, 1.35), white)
    cv.fill(f.circle(cv, 0, 0, 1.0), white)
    for side in (-1, 1):
        cv.fill(f.circle(cv, side * 0.35, -0.15, 0.12), (0.05, 0.05, 0.05))
        cv.fill(f.polyline(cv, [(side * 1.2, 1.6), (side * 2.2, 1.0), (side * 2.5, 0.7)], 0.1,
                           0.7), (0.4, 0.25, 0.1))
    cv.fill(f.polygon(cv, [(0, 0.05), (0, 0.3), (0.9, 0.2)]), (1.0, 0.5, 0.1))
    hat = _random_color(rng, 0.0, 0.6, 0.05, 0.4)
    cv.fill(f.polygon(cv, [(-0.6, -1.8), (0.6, -1.8), (0.6, -0.7), (-0.6, -0.7)]), hat)
    cv.fill(f.polygon(cv, [(-0.95, -0.85), (0.95, -0.85), (0.95, -0.65), (-0.95, -0.65)]), hat)
    for k in range(3):
        cv.fill(f.circle(cv, 0, 1.3 + 0.45 * k, 0.1), (0.05, 0.05, 0.05))


_OBJECTS = [_draw_ball, _draw_mug, _draw_car, _draw_clock, _draw_fruit, _draw_lamp,
            _draw_house, _draw_mountains, _draw_flowers, _draw_tree, _draw_snowman]


def _draw_thing(cv, rng, info=None):
    draw = _OBJECTS[rng.randint(len(_OBJECTS))]
    draw(cv, rng)
    if info is not None:
        info["thing"] = draw.__name__[len("_draw_"):]


def _luminance(c):
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _contrast_background(cv, fur, u):
    """Push the background's mean luminance away from the fur's luminance.

    Light animals end up on darker backgrounds and dark animals on lighter
    ones (u in [0, 1) picks how far). The mean is computed with math.fsum,
    which is exactly rounded and therefore independent of summation order.
    """
    img = cv.img
    lum = img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114
    mean = math.fsum(lum.ravel().tolist()) / lum.size
    lf = _luminance(fur["base"])
    if lf > CONTRAST_SPLIT:
        target = CONTRAST_DARK[0] + u * (CONTRAST_DARK[1] - CONTRAST_DARK[0])
        if mean > target:
            cv.img = img * (target / max(mean, 1e-6))
    else:
        target = CONTRAST_LIGHT[0] + u * (CONTRAST_LIGHT[1] - CONTRAST_LIGHT[0])
        if mean < target:
            cv.img = 1.0 - (1.0 - img) * ((1.0 - target) / max(1.0 - mean, 1e-6))


P_CONTRAST = 0.9
CONTRAST_SPLIT = 0.45
CONTRAST_DARK = (0.08, 0.32)
CONTRAST_LIGHT = (0.6, 0.9)

# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------
P_ANIMAL_NONCAT = 0.6


def render_picture(is_cat, rng, size=IMAGE_SIZE, info=None):
    """Render one picture as a (size, size, 3) uint8 array.

    ``rng`` is a ``np.random.RandomState``; the random draws do not depend on
    ``size``, so the same ``RandomState`` seed renders the same scene at any
    resolution. If ``info`` is a dict, it receives a description of the
    picture (subject kind, fur, pose, ...), handy to study a model's mistakes.
    """
    cv = _Canvas(size)
    if is_cat:
        kind = "cat"
    elif rng.rand() < P_ANIMAL_NONCAT:
        kind = _ANIMALS[rng.choice(len(_ANIMALS), p=_ANIMAL_PROBS / _ANIMAL_PROBS.sum())]
    else:
        kind = "thing"
    fur = _draw_fur(rng, kind) if kind != "thing" else None
    _background(cv, rng)
    contrast = rng.rand() < P_CONTRAST
    lum = rng.uniform(0.0, 1.0)
    if fur is not None and contrast:
        _contrast_background(cv, fur, lum)
    if kind == "thing":
        pl = None
        _draw_thing(cv, rng, info)
    else:
        pl = _placement(rng)
        _DRAW_ANIMAL[kind](cv, rng, pl, fur)
    if info is not None:
        info.update(kind=kind, fur=None if fur is None else fur["kind"],
                    contrast=bool(contrast and fur is not None),
                    pose=None if pl is None else pl["pose"],
                    head_radius=None if pl is None else pl["r"],
                    tilt=None if pl is None else pl["tilt"])
    return cv.to_uint8()


def make_split(seed, n, n_cats, size=IMAGE_SIZE):
    """``n`` pictures, ``n_cats`` of them cats, in an order and with drawings from ``seed``.

    Returns
    -------
    x : ndarray of shape (n, size, size, 3), uint8
    y : ndarray of shape (n,), int64 labels (1 = cat)
    """
    rs = np.random.RandomState(seed)
    labels = np.zeros(n, dtype=np.int64)
    labels[:n_cats] = 1
    labels = labels[rs.permutation(n)]
    seeds = rs.randint(0, 2**31 - 1, size=n)
    x = np.empty((n, size, size, 3), dtype=np.uint8)
    for i in range(n):
        x[i] = render_picture(bool(labels[i]), np.random.RandomState(int(seeds[i])), size)
    return x, labels


def generate_cat_datasets():
    """Return the train/test arrays as a dict (see module docstring)."""
    train_x, train_y = make_split(TRAIN_SEED, N_TRAIN, N_TRAIN_CATS)
    test_x, test_y = make_split(TEST_SEED, N_TEST, N_TEST_CATS)
    return {
        "train_set_x": train_x,
        "train_set_y": train_y,
        "test_set_x": test_x,
        "test_set_y": test_y,
        "list_classes": LIST_CLASSES.copy(),
    }


def _write_h5(path, arrays):
    """Write ``arrays`` ({name: array}) as the datasets of an HDF5 file, atomically."""
    import h5py

    def write(tmp):
        with h5py.File(tmp, "w") as f:
            for key, value in arrays.items():
                f.create_dataset(key, data=value)
    return atomic_write(path, write)


def write_cat_datasets(out_dir, data=None):
    """Write ``train_catvnoncat.h5`` and ``test_catvnoncat.h5`` into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if data is None:
        data = generate_cat_datasets()
    train_path = _write_h5(out_dir / "train_catvnoncat.h5", {
        "train_set_x": data["train_set_x"],
        "train_set_y": data["train_set_y"],
        "list_classes": data["list_classes"],
    })
    test_path = _write_h5(out_dir / "test_catvnoncat.h5", {
        "test_set_x": data["test_set_x"],
        "test_set_y": data["test_set_y"],
        "list_classes": data["list_classes"],
    })
    return train_path, test_path


def save_sample_grid(path, n=32, ncols=8, data=None, language="en"):
    """Save a labelled grid of the first ``n`` training pictures as a PNG, each titled with
    its class name in ``language`` ("en" or "zh", which needs a Chinese font)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_utils.messages import TABLES
    from course_utils.plotting import find_cjk_font

    if data is None:
        data = generate_cat_datasets()
    x, y = data["train_set_x"], data["train_set_y"]
    n = min(n, len(x))
    nrows = (n + ncols - 1) // ncols
    names = TABLES[language]
    font = {} if language == "en" else {"font.family": ["DejaVu Sans", find_cjk_font()]}
    with plt.rc_context(font):
        fig, axes = plt.subplots(nrows, ncols, figsize=(1.6 * ncols, 1.8 * nrows), dpi=100)
        for i, ax in enumerate(np.asarray(axes).reshape(-1)):
            ax.axis("off")
            if i < n:
                ax.imshow(x[i], interpolation="nearest")
                ax.set_title(names[("class.0", "class.1")[int(y[i])]], fontsize=10,
                             color="tab:red" if y[i] == 1 else "black")
        fig.tight_layout()
        atomic_write(path, lambda p: fig.savefig(p, format="png", metadata={"Software": None}))
    plt.close(fig)
    return Path(path)


def save_example_photos(images_dir, size=256):
    """Write ``my_cat.jpg`` and ``my_noncat.png`` (rendered at ``size`` pixels)."""
    from PIL import Image

    images_dir = Path(images_dir)
    cat = render_picture(True, np.random.RandomState(MY_CAT_SEED), size)
    noncat = render_picture(False, np.random.RandomState(MY_NONCAT_SEED), size)
    cat_path = atomic_write(images_dir / "my_cat.jpg",
                            lambda p: Image.fromarray(cat).save(p, format="JPEG", quality=92))
    noncat_path = atomic_write(images_dir / "my_noncat.png",
                               lambda p: Image.fromarray(noncat).save(p, format="PNG"))
    return cat_path, noncat_path


def write_all(root=REPO_ROOT):
    """Regenerate every shipped file (datasets, sample grid, example photos)."""
    root = Path(root)
    data = generate_cat_datasets()
    paths = list(write_cat_datasets(root / "datasets", data))
    paths.append(save_sample_grid(root / "images" / "cat_samples.png", data=data))
    paths.append(save_sample_grid(root / "images" / "cat_samples_zh.png", data=data,
                                  language="zh"))
    paths.extend(save_example_photos(root / "images"))
    return paths


if __name__ == "__main__":  # pragma: no cover
    for p in write_all():
        print(p)
