"""Solution markers: graded regions become a raise naming the exercise; a top-level region
(a notebook's ungraded exercise) becomes None placeholders for the names it assigns."""
import pytest

from course_utils.markers import find_regions, notebook_stub_lines, stub_text

pytestmark = pytest.mark.unit


def test_a_notebook_exercise_becomes_placeholders_and_keeps_its_check():
    cell = ("m = X.shape[1]\n### BEGIN SOLUTION\nn_x = X.shape[0]\nX_flat, Y_flat = X.T, Y.T\n"
            "### END SOLUTION\nassert n_x == 2, 'n_x is the number of rows of X'\n")
    new, regions = stub_text(cell, "nb.ipynb cell 4")
    assert [r.exercise for r in regions] == [None]
    assert new == ("m = X.shape[1]\n### BEGIN SOLUTION\n"
                   "# Your code here (see the instructions above): replace each None.\n"
                   "n_x = None\nX_flat = None\nY_flat = None\n### END SOLUTION\n"
                   "assert n_x == 2, 'n_x is the number of rows of X'\n")
    assert "X.shape[0]" not in new.split("### END")[0]


def test_a_region_inside_a_function_still_raises_with_its_name():
    src = "def f(x):\n    ### BEGIN SOLUTION\n    y = x + 1\n    ### END SOLUTION\n    return y\n"
    new, _ = stub_text(src, "pkg/mod.py")
    assert "raise NotImplementedError(not_done('f', 'pkg/mod.py'))" in new
    assert [r.exercise for r in find_regions(new, "pkg/mod.py")] == ["f"]
    namespace = {}
    exec(new, namespace)
    with pytest.raises(NotImplementedError, match=r"^Exercise 'f' is not done yet: write its "
                                                  r"code in pkg/mod\.py, between the"):
        namespace["f"](1)
    from course_utils import messages
    messages.set_language("zh")
    try:
        with pytest.raises(NotImplementedError, match=r"^练习“f”还没有完成：请在 pkg/mod\.py 中"):
            namespace["f"](1)
    finally:
        messages.set_language("en")


def test_a_chinese_notebook_exercise_says_so_in_chinese():
    new, _ = stub_text("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", "zh.ipynb", language="zh")
    assert new.splitlines()[1:3] == ["# 在这里写你的代码（见上面的说明）：把每个 None 换掉。",
                                     "x = None"]


def test_placeholders_for_other_statements_and_bad_code():
    assert notebook_stub_lines(["for i in range(3):", "    total += i"]) == \
        ["# Your code here (see the instructions above): replace each None."]
    assert notebook_stub_lines(["x: int = 3", "y += 1", "def broken(:"])[1:] == []
    assert notebook_stub_lines(["x: int = 3", "y += 1"])[1:] == ["x = None", "y = None"]
