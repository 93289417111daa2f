"""numerical_gradient: rel_error by hand, numerical gradients of known functions, the report
(in English and in Chinese)."""
import numpy as np
import pytest

from course_utils import messages
from course_utils.numerical_gradient import compare_gradients, numerical_gradient, rel_error

pytestmark = pytest.mark.unit


def test_rel_error_by_hand():
    # |1 - 1.1| / (1 + 1.1) = 0.1 / 2.1
    assert rel_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match=r"same shape; got \(2,\) and \(2, 1\)"):
        rel_error(np.zeros(2), np.zeros((2, 1)))


def test_numerical_gradient_of_a_quadratic():
    # f(x) = sum(x^2) + 3 x0 x1 -> grad = 2x + 3 (x1, x0)
    x = np.array([1.0, -2.0])
    g = numerical_gradient(lambda v: float(np.sum(v ** 2) + 3 * v[0] * v[1]), x)
    np.testing.assert_allclose(g, [2 - 6, -4 + 3], rtol=1e-7)
    np.testing.assert_array_equal(x, [1.0, -2.0])          # input untouched


def test_compare_gradients_passes_and_fails_with_a_report(capsys):
    params = {"W": np.array([[1.0, 2.0]]), "b": np.array([[0.5]])}

    def cost(p):          # J = sum(W^2) + 2 b
        return float(np.sum(p["W"] ** 2) + 2 * p["b"].item())

    good = {"dW": 2 * params["W"], "db": np.array([[2.0]])}
    errors = compare_gradients(cost, params, good)
    assert max(errors.values()) < 1e-7
    assert "dW: relative error" in capsys.readouterr().out

    bad = {"dW": params["W"], "db": np.array([[2.0]])}      # forgot the factor 2
    with pytest.raises(AssertionError, match=r"dW: relative error 3\.3.e-01  <-- too large: "
                                             r"at index \(0, 1\) your gradient is 2"):
        compare_gradients(cost, params, bad, verbose=False)
    with pytest.raises(KeyError, match="no entry 'db'"):
        compare_gradients(cost, params, {"dW": good["dW"]}, verbose=False)


def test_the_report_speaks_the_notebooks_language(capsys):
    params = {"W": np.array([[1.0, 2.0]])}

    def cost(p):          # J = sum(W^2): dW = 2 W
        return float(np.sum(p["W"] ** 2))
    messages.set_language("zh")
    try:
        compare_gradients(cost, params, {"dW": 2 * params["W"]})
        with pytest.raises(AssertionError, match=r"^梯度检验未通过（容差 1e-06）：\n  dW：相对误差 "
                                                 r"3\.3.e-01  <-- 太大：在下标 \(0, 1\) 处"):
            compare_gradients(cost, params, {"dW": params["W"]}, verbose=False)
    finally:
        messages.set_language("en")
    assert capsys.readouterr().out.startswith("  dW：相对误差 ")
