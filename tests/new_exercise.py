"""A new graded exercise in the middle of lesson 2, written into a copy of the course.

``add_compute_cost_with_l2(root)`` writes the genuinely new content of one exercise,
``compute_cost_with_l2`` between ``compute_cost`` (exercise 4) and
``backward_propagation``: what no tool can write. Everything it changes in the course's
facts (the later exercises' numbers, the lists and counts, the points) is left as it was,
for the tests and ``python -m tools exercises`` to find. tests/test_exercise_facts.py uses
it; the closing note of issue 16 counts its edits.
"""
import re
from pathlib import Path

import nbformat

from tools import translate

LESSON = "02_planar_one_hidden_layer"
NEW = "compute_cost_with_l2"
AFTER_CELL = "8eb37f29"             # the check cell of compute_cost (exercise 4)

FUNCTION = '''

def compute_cost_with_l2(A2, Y, parameters, lambd):
    """The cost with an L2 penalty: J + lambd / (2 m) (sum W1^2 + sum W2^2).

    Parameters
    ----------
    A2 : ndarray of shape (1, m), the output probabilities
    Y : ndarray of shape (1, m), labels 0 or 1
    parameters : dict with "W1" of shape (n_h, n_x) and "W2" of shape (n_y, n_h)
    lambd : float >= 0, the strength of the penalty

    Returns
    -------
    cost : float
    """
    ### BEGIN SOLUTION
    m = A2.shape[1]
    squares = np.sum(parameters["W1"] ** 2) + np.sum(parameters["W2"] ** 2)
    cost = compute_cost(A2, Y) + float(squares) * lambd / (2 * m)
    ### END SOLUTION
    return cost
'''

PUBLIC = '''

# ---------------------------------------------------------------------- compute_cost_with_l2
def compute_cost_with_l2_cases():
    W = _params([[1.0, 2.0]], [[0.0]], [[3.0]], [[0.0]])
    return [
        # A2 = 1/2: J = ln 2; penalty 0.5 / (2 * 2) * (1 + 4 + 9) = 1.75
        Case("general", (np.array([[0.5, 0.5]]), np.array([[1, 0]]), W, 0.5), LN2 + 1.75,
             m=2, name="A2 = 0.5"),
        # lambd = 0: the plain cost, -ln 0.75 for one example (m = 1)
        Case("m = 1", (np.array([[0.75]]), np.array([[1]]), W, 0.0), -math.log(0.75), m=1,
             name="no penalty (m = 1)"),
    ]
'''

HIDDEN = '''

@points(1)
def compute_cost_with_l2_cases(rng):
    return [Case("general", (rng.rand(1, 5) * 0.98 + 0.01, labels(rng, 5), _params(rng, 2, 3),
                             0.7), m=5),
            Case("general", (rng.rand(1, 8) * 0.98 + 0.01, labels(rng, 8), _params(rng, 3, 4),
                             0.1), m=8),
            Case("m = 1", (rng.rand(1, 1) * 0.98 + 0.01, labels(rng, 1), _params(rng, 2, 2),
                           1.0), m=1)]
'''

TEST = '''

# ---------------------------------------------------------------------- compute_cost_with_l2
def test_compute_cost_with_l2_hand_worked():
    W = params([[1.0, 2.0]], [[0.0]], [[3.0]], [[0.0]])
    # ln 2 + 0.5 / (2 * 2) * (1 + 4 + 9) = ln 2 + 1.75
    cost = sn.compute_cost_with_l2(np.array([[0.5, 0.5]]), np.array([[1, 0]]), W, 0.5)
    assert cost == pytest.approx(LN2 + 1.75) and isinstance(cost, float)
'''

HEADING = ("### Exercise 5 — `compute_cost_with_l2(A2, Y, parameters, lambd)`\n"
           "Add to the cost an **L2 penalty** on the weights:\n"
           "$J + \\frac{\\lambda}{2m}\\left(\\sum W^{[1]2} + \\sum W^{[2]2}\\right)$. "
           "Large weights now cost something, which keeps the boundary smoother.")
TRY = ("from course_utils.shallow_network import compute_cost_with_l2\n\n"
       'print(f"cost with L2 = {compute_cost_with_l2(A2, Y, params, 0.1):.6f}")')
CHECK = "checks.check_compute_cost_with_l2(compute_cost_with_l2)"
HEADING_ZH = ("### 练习 5 — `compute_cost_with_l2(A2, Y, parameters, lambd)`\n"
              "在代价上加上权重的 **L2 惩罚项**："
              "$J + \\frac{\\lambda}{2m}\\left(\\sum W^{[1]2} + \\sum W^{[2]2}\\right)$。"
              "权重大了就要付出代价，决策边界因此更平滑。")


def _insert_before(path, marker, text):
    source = Path(path).read_text(encoding="utf-8")
    at = source.index(marker)
    Path(path).write_text(source[:at].rstrip("\n") + "\n" + text + "\n\n" + source[at:],
                          encoding="utf-8")


def add_compute_cost_with_l2(root, translation=True):
    """Write the new exercise's content into the course at ``root``; return the new cells'
    ids (heading, try-it, check). ``translation``: also write the Chinese translation of the
    heading cell (otherwise it has none, as right after the English is written)."""
    root = Path(root)
    _insert_before(root / "course_utils/shallow_network.py", "\n\ndef backward_propagation(",
                   FUNCTION.strip("\n"))
    _insert_before(root / "course_utils/checks/shallow_network.py",
                   "\n\n# --------------------------------------------------------------------"
                   "-- backward_propagation", PUBLIC.strip("\n"))
    _insert_before(root / "course_instructor/hidden/shallow_network.py",
                   "\n\n@points(3)\ndef backward_propagation_cases(", HIDDEN.strip("\n"))
    _insert_before(root / "tests/test_shallow_network.py",
                   "\n\n# -----------------------------------------------------------------"
                   "------ backward_propagation", TEST.strip("\n"))

    path = root / "notebooks" / f"{LESSON}.ipynb"
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.id == AFTER_CELL) + 1
    cells = [nbformat.v4.new_markdown_cell(HEADING), nbformat.v4.new_code_cell(TRY),
             nbformat.v4.new_code_cell(CHECK)]
    for cell, suffix in zip(cells, ("md", "try", "check")):
        cell.id = f"l2-cost-{suffix}"
    nb.cells[at:at] = cells
    nbformat.write(nb, path)

    if translation:
        catalogue = root / translate.CATALOGUE_DIR / f"{LESSON}.md"
        entry = translate.catalogue_template(cells[0]).rstrip("\n") + "\n\n" + HEADING_ZH
        text = catalogue.read_text(encoding="utf-8")
        next_entry = re.compile(r"^@@ markdown 407feb45 ", re.M).search(text).start()
        catalogue.write_text(text[:next_entry] + entry + "\n\n" + text[next_entry:],
                             encoding="utf-8")
    return [c.id for c in cells]
