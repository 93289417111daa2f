"""The shared figures draw what their docstrings promise (checked on the Agg backend)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest

from course_utils import plotting  # noqa: E402

pytestmark = pytest.mark.unit


def teardown_function():
    plt.close("all")


def test_classes_differ_by_colour_and_marker_and_errors_are_ringed():
    X = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 0.0, 1.0]])
    y = np.array([[0, 1, 0, 1]])
    ax = plt.figure().gca()
    plotting.scatter_classes(X, y, ax, errors=np.array([False, True, False, False]))
    sets = ax.collections
    assert [len(c.get_offsets()) for c in sets] == [2, 2, 1]
    assert [c.get_label() for c in sets] == ["class 0", "class 1", "misclassified"]
    paths = [c.get_paths()[0].vertices.shape[0] for c in sets[:2]]
    assert paths[0] != paths[1]                         # a circle and a triangle


def test_decision_boundary_rings_exactly_the_mistakes():
    X = np.array([[-2.0, -1.0, 1.0, 2.0], [0.0, 0.0, 0.0, 0.0]])
    y = np.array([[0, 1, 1, 1]])                        # x1 > 0 predicts 1: one mistake
    ax = plotting.plot_decision_boundary(lambda p: p[:, 0] > 0, X, y, title="t")
    ringed = [c for c in ax.collections if c.get_label() == "misclassified"]
    assert len(ringed) == 1 and np.allclose(ringed[0].get_offsets(), [[-1.0, 0.0]])
    assert ax.get_xlabel() == "$x_1$" and ax.get_title() == "t"


def test_circuit_and_flow_figures():
    fig = plotting.plot_parity_circuits(8)
    titles = [a.get_title() for a in fig.axes]
    assert titles == ["deep: a tree of 7 XOR gates, depth 3",
                      "shallow AND/OR: 128 AND gates (one per odd pattern)"]
    fig = plotting.plot_forward_backward(L=3)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert sum(t.startswith("layer ") for t in texts) == 3
    assert "layer 3\nLINEAR → sigmoid" in texts and "layer 1\nLINEAR → ReLU" in texts


def test_setup_makes_figures_readable():
    plotting.setup()
    assert plt.rcParams["figure.dpi"] == 120 and plt.rcParams["font.size"] == 11


def test_curves_on_one_axes_differ_by_line_style_and_marker():
    ax = plt.figure().gca()
    for k in range(3):
        plotting.plot_costs([0.7, 0.5, 0.4 - 0.1 * k], ax=ax, label=f"run {k}")
    styles = {(line.get_linestyle(), line.get_marker()) for line in ax.get_lines()}
    assert len(styles) == 3                             # not told apart by colour alone


def test_network_diagram_labels_every_layer():
    fig = plotting.plot_network([12288, 20, 1], ["ReLU", "sigmoid"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "input\n12288 features" in texts
    assert "layer 1\n20 units, ReLU" in texts and "layer 2\n1 unit, sigmoid" in texts
    assert "⋮" in texts                                 # 20 and 12288 units are abridged
