"""The student-facing checks: the reference passes, and typical mistakes fail with
a message that names the case, the output and (where it applies) the usual mistake."""
import numpy as np
import pytest

from course_utils.checks import lesson1 as checks
from course_utils import logistic_regression as lr
from course_utils.checks import CheckFailed


@pytest.mark.parametrize("check, func, line", [
    (checks.check_sigmoid, lr.sigmoid, "sigmoid: all 4 cases passed."),
    (checks.check_initialize_with_zeros, lr.initialize_with_zeros,
     "initialize_with_zeros: all 3 cases passed."),
    (checks.check_propagate, lr.propagate, "propagate: all 3 cases passed."),
    (checks.check_optimize, lr.optimize, "optimize: all 2 cases passed."),
    (checks.check_predict, lr.predict, "predict: all 3 cases passed."),
    (checks.check_model, lr.model, "model: all 1 case passed."),
])
def test_reference_passes_with_one_line(check, func, line, capsys):
    check(func)
    assert capsys.readouterr().out == line + "\n"


def test_naive_sigmoid_is_caught_with_a_hint():
    def naive(z):
        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    with pytest.raises(CheckFailed, match=r"large \|z\|.*overflowed(.|\n)*Hint: .*-\|z\|"):
        checks.check_sigmoid(naive)


def test_forgot_to_divide_by_m():
    def bad(w, b, X, Y):
        A = lr.sigmoid(w.T @ X + b)
        return {"dw": X @ (A - Y).T, "db": float(np.sum(A - Y))}, lr.propagate(w, b, X, Y)[1]
    with pytest.raises(CheckFailed, match=r"case 'hand-worked, w = 0': output\[0\]\['dw'\] "
                                          r"differs(.|\n)*forget to divide by m"):
        checks.check_propagate(bad)


def test_sign_error_in_cost():
    def bad(w, b, X, Y):
        grads, cost = lr.propagate(w, b, X, Y)
        return grads, -cost
    with pytest.raises(CheckFailed, match=r"output\[1\]: expected 0.69314718, got -0.69314718"
                                          r"(.|\n)*opposite sign"):
        checks.check_propagate(bad)


def test_elementwise_product_instead_of_matrix_product():
    def bad(w, b, X, Y):
        A = lr.sigmoid(w.T @ X + b)
        m = X.shape[1]
        return {"dw": X * (A - Y) / m, "db": float(np.mean(A - Y))}, 0.0
    with pytest.raises(CheckFailed, match=r"output\[0\]\['dw'\] should have shape \(2, 1\); "
                                          r"got \(2, 2\)"):
        checks.check_propagate(bad)


def test_missing_transpose_hint():
    def bad(w, b, X, Y):
        grads, cost = lr.propagate(w, b, X, Y)
        return {"dw": grads["dw"].T, "db": grads["db"]}, cost
    with pytest.raises(CheckFailed, match=r"should have shape \(2, 1\); got \(1, 2\)\.\n"
                                          r"Hint: The shape is transposed"):
        checks.check_propagate(bad)


def test_db_returned_as_array():
    def bad(w, b, X, Y):
        grads, cost = lr.propagate(w, b, X, Y)
        return {"dw": grads["dw"], "db": np.array([[grads["db"]]])}, cost
    with pytest.raises(CheckFailed, match=r"\['db'\] should be a plain number .*float"):
        checks.check_propagate(bad)


def test_in_place_update_is_caught():
    def bad(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
        costs = []
        for i in range(num_iterations):
            grads, cost = lr.propagate(w, b, X, Y)
            w -= learning_rate * grads["dw"]          # modifies the caller's array
            b -= learning_rate * grads["db"]
            if i % 100 == 0:
                costs.append(cost)
        return {"w": w, "b": b}, grads, costs
    with pytest.raises(CheckFailed, match="modified its input arrays in place"):
        checks.check_optimize(bad)


def test_predict_with_wrong_threshold():
    def bad(w, b, X):
        return (lr.sigmoid(w.T @ X + b) >= 0.5).astype(float)
    with pytest.raises(CheckFailed, match=r"case 'hand-worked, z = 1, -1, 0'.*index \(0, 2\): "
                                          r"expected 0, got 1"):
        checks.check_predict(bad)


def test_bool_predictions_pass_since_they_equal_0_and_1():
    def as_bool(w, b, X):
        return lr.sigmoid(w.T @ X + b) > 0.5
    # A bool array compares equal to 0/1 values, so it passes value-wise.
    checks.check_predict(as_bool)


def test_a_crash_is_reported_with_the_case():
    def crash(w, b, X, Y):
        raise KeyError("dw")
    with pytest.raises(CheckFailed, match=r"propagate, case 'hand-worked, w = 0': your "
                                          r"function raised KeyError"):
        checks.check_propagate(crash)


def test_not_implemented_passes_through_unchanged():
    def stub(w, b, X, Y):
        raise NotImplementedError("Exercise: propagate")
    with pytest.raises(NotImplementedError, match="Exercise: propagate"):
        checks.check_propagate(stub)
