"""The texts the checks and the grader's feedback are made of, by language.

Every sentence a student reads from a check lives here once, as a template with named
fields, so that a translation (see ``tools.translate``) is a second table with
the same keys. :func:`text` formats one in the current language, falling back to
English for a key a translation does not have yet; :func:`set_language` is the one
setting a notebook's first cell makes.
"""

EN = {
    # figure labels (course_utils/plotting.py)
    "plot.class": "class {k}",
    "plot.misclassified": "misclassified",
    "plot.iteration": "iteration",
    "plot.cost": "cost",
    "plot.cost_J": "cost $J$",
    "plot.learning_rate": "Learning rate = {rate}",
    "plot.pred_true": "#{i}\npred: {pred}\ntrue: {true}",
    "plot.layer": "layer {l}\nLINEAR → {act}",
    "plot.cache": "cache {l}",
    "plot.flow_legend": "blue: forward (values go up the layers, caches are stored);  red: "
                        "backward (gradients come down, caches are read)",
    "plot.parity_deep": "deep: a tree of {gates} XOR gates, depth {depth}",
    "plot.parity_shallow": "shallow AND/OR: {terms} AND gates (one per odd pattern)",
    "plot.mean_runs": "mean over the runs",
    "plot.accuracy": "accuracy (%)",
    "plot.model": "model",
    "plot.run": "{n} run",
    "plot.runs": "{n} runs",
    "plot.starts_above": "; starts at {value}, above the axis",
    "plot.peaks_above": "; peaks at {value}, above the axis",
    "plot.training_cost": "training cost",
    "plot.thick_thin": "thick: mean over the runs, thin: each run",
    "plot.cost_above": "cost above {ymax}",
    # headers and verdicts
    "passed": "{function}: all {n} cases passed.",
    "passed.one": "{function}: the case passed.",
    "case_header": "{function}, case '{case}': ",
    "hidden_case": "hidden case {k} of {n}: ",
    "note": "Note: {text}",
    "hint": "Hint: {text}",
    "inputs": "This case's inputs: {inputs}.",
    "not_callable": "the check of {function} needs the function itself (no parentheses); "
                    "got {got}.",
    # kinds of values
    "kind.none": "None",
    "kind.array": "an ndarray of shape {shape}",
    "kind.number": "a number (a float, an int, a NumPy scalar or a 0-d array)",
    "kind.number_of": "a number ({type})",
    "kind.a_number": "a number",
    "kind.dict": "a dict of {n} keys",
    "kind.dict_keys": "a dict with the keys {keys}",
    "kind.sequence": "a {type} of {n} items",
    "kind.sequence_of": "a tuple (or list) of {n} items",
    "kind.bool": "a bool (True/False), not a number",
    "kind.other": "a {type}",
    # what is wrong
    "returns": "{function} should return {n} values ({names}); got {got}.",
    "kind": "{path} should be {expected}; got {got}.",
    "missing": "{path} is missing the key(s) {missing}.",
    "length": "{path} should have {expected} items; got {got}.",
    "shape": "{path} should have shape {expected}; got {got}.",
    "dtype": "{path} should hold real numbers; got dtype {got}.",
    "nan": "{path} holds NaN or infinity at {count} of {total} entries.",
    "values.public": "{path} differs at {count} of {total} entries; first at index {index}: "
                     "expected {expected}, got {got}{tol}.",
    "values.hidden": "{path} differs from the expected values at {count} of {total} "
                     "entries{tol}.",
    "value.public": "{path}: expected {expected}, got {got}{tol}.",
    "value.hidden": "{path} is not the expected value{tol}.",
    "tolerance": " (tolerance rtol={rtol:g}, atol={atol:g})",
    "where.line": " at line {line} (in {function})",
    "where.line_only": " at line {line}",
    "raised.public": "your code raised {type}{where}: {message}",
    "raised.hidden": "your code raised {type}{where}.",
    "numpy_said": "(NumPy's own words: {message})",
    "detail.matmul": "a matrix product P @ Q where P has {columns} column(s) but Q has "
                     "{rows} row(s); they must be equal.",
    "detail.dot": "np.dot of arrays of shapes {left} and {right}: the first one's columns "
                  "must equal the second one's rows.",
    "detail.broadcast": "an entry-by-entry operation on arrays of shapes {shapes}, which do "
                        "not fit together.",
    "changed": "your function changed its argument {path}, which belongs to the caller.",
    "not_done": "not implemented yet (NotImplementedError).",
    # hints, each tied to the mistake it diagnoses
    "hint.none": "the value is None: a function that ends without `return`, or a name left "
                 "as None?",
    "hint.db_sum": "a single number where a column is expected: sum over the examples only, "
                   "np.sum(dZ, axis=1, keepdims=True).",
    "hint.number_for_array": "a single number where an array is expected: a sum or a mean "
                             "too many?",
    "hint.squeeze": "this one-entry array should be a plain number: float(...) or "
                    "np.squeeze(...) turns it into one.",
    "hint.array_for_number": "an array where one number is expected: a missing sum "
                             "(np.sum) or mean?",
    "hint.list_for_array": "a list where an ndarray is expected: np.array(...) makes one.",
    "hint.transposed": "this is the transposed shape: a missing or extra .T, or a matrix "
                       "product in the wrong order (W @ A, not A @ W)?",
    "hint.keepdims": "a 1-D sum where a column is expected: np.sum(..., axis=1, "
                     "keepdims=True) keeps the 2-D shape.",
    "hint.shape_tuple": "give the full 2-D shape as a tuple: np.zeros({shape}), not "
                        "np.zeros(n).",
    "hint.one_d": "a 1-D array where the 2-D shape {shape} is expected: the course keeps "
                  "vectors as columns (use .reshape(-1, 1) or keepdims=True).",
    "hint.square": "a square result where a row or column is expected: a (1, m) and an "
                   "(m, 1) array were combined entry by entry (check Y's shape), or * was "
                   "used where a matrix product (@ or np.dot) was meant.",
    "hint.db_axis": "this sums over everything; sum over the examples only: np.sum(dZ, "
                    "axis=1, keepdims=True).",
    "hint.nan": "NaN or infinity appeared: log(0), 0/0 or an overflow in your formula?",
    "hint.nan_saturated": "with inputs this large, np.exp overflows or log(0) appears: use "
                          "the numerically safe forms the lesson explains (a sigmoid that "
                          "only exponentiates -|z|, course_utils.activations.cross_entropy).",
    "hint.threshold": "an output of exactly 0.5 must give 0: predict 1 only where the "
                      "probability is strictly greater than 0.5 (A > 0.5).",
    "hint.unchanged": "{name} came back unchanged: is the update `{name} - learning_rate * "
                      "d{name}` computed and kept?",
    "hint.uphill": "the step went uphill: the update subtracts the gradient, "
                   "{name} = {name} - learning_rate * d{name}.",
    "hint.sign_gradient": "your gradient has the opposite sign: at a sigmoid output "
                          "dZ = A - Y (not Y - A), and dAL = -(Y / AL - (1 - Y) / (1 - AL)).",
    "hint.sign_cost": "your cost has the opposite sign: J = -1/m * sum(Y log A + (1 - Y) "
                      "log(1 - A)) is positive.",
    "hint.times_m": "your result is m times too large: did you forget to divide by m?",
    "hint.divided_twice": "your result is m times too small: divided by m twice?",
    "hint.random_draws": "draw from one local generator rng = np.random.RandomState(seed) "
                         "(or call np.random.seed(seed) first), with randn(rows, columns), "
                         "in the order the docstring gives (W1 before W2, ...).",
    "hint.zero_biases": "the biases start at zero: np.zeros((rows, 1)).",
    "hint.scaled": "every entry is the expected one times the same factor: a wrong scale "
                   "(such as * 0.01, / m or a learning rate)?",
    "hint.costs_every_100": "record the cost every 100 iterations only (when i % 100 == 0), "
                            "starting with iteration 0.",
    "hint.order": "the values look right but in another order: return {names}, in this order.",
    "hint.changed": "work on new arrays: write w = w - learning_rate * dw (not w -= ...), "
                    "and build a new dict (new = dict(params)) instead of assigning into the "
                    "caller's; a shallow params.copy() still shares the arrays.",
    "hint.reminder": "{text}",
    "hint.error_matmul": "a matrix product P @ Q (or np.dot(P, Q)) needs as many columns in "
                         "P as rows in Q: (a, b) @ (b, c) gives (a, c). Compare the shapes "
                         "of the line's operands with the docstring's: a missing .T?",
    "hint.error_broadcast": "an entry-by-entry operation (+, -, *, /) got arrays whose shapes "
                            "do not fit: each axis must be equal or 1. Compare the shapes "
                            "with the docstring's.",
    "hint.error_unpack": "a line unpacks a different number of values than the function "
                         "returns: course_utils.activations.sigmoid and relu return A only; "
                         "linear_forward returns (Z, cache); an activation cache is "
                         "(linear_cache, Z).",
    "hint.error_name": "a name is used before it is defined (a typo, or defined only in "
                       "one branch); m, for instance, is X.shape[1].",
    "hint.error_none": "a value is None: a function of yours that ends without `return`?",
    "hint.error_key": "a dict has no such key: check the keys' names ('W1', 'dW1', ...) "
                      "against the docstring.",
    "hint.error_course_check": "one of the course's input checks refused a value your code "
                               "passed to it; the notebook's check shows its full message.",
    "note.dependency": "{function} calls your {other}, which does not pass its own check "
                       "yet: fix {other} first (run its check cell).",
    "hint.error_course_check.public": "this message comes from one of the course's input "
                                      "checks: it names the value your line passed and what "
                                      "it should be.",
    "note.fp_events": "NumPy reported {events} while your function ran. The results are "
                      "right, so this passes; the numerically safe form in the lesson "
                      "avoids it (NumPy would print a RuntimeWarning each time).",
    # the progress report (python -m course_utils progress)
    "progress.lesson": "Lesson {lesson} (course_utils/{module}.py): {done} of {n} exercises pass",
    "progress.passed": "passed",
    "progress.failing": "failing",
    "progress.not_started": "not started",
    "progress.import": "course_utils/{module}.py does not import: {error}",
    # formula reminders and notes of the public checks (course_utils/checks/<module>.py)
    "reminder.lr.sigmoid.s": "sigma(z) = 1 / (1 + exp(-z)), entry by entry (np.exp).",
    "reminder.lr.predict.Y_prediction": "the probabilities are sigmoid of (w.T @ X + b); "
                                        "predict 1 where one is > 0.5, else 0.",
    "reminder.lr.model.w": "initialise with initialize_with_zeros(X_train.shape[0]), then"
                           " run optimize with num_iterations and learning_rate, and take"
                           " w and b from its params.",
    "reminder.lr.model.costs": "the costs are optimize's, run with num_iterations and "
                               "learning_rate.",
    "reminder.lr.model.Y_prediction_test": "predict on X_test with the trained w and b.",
    "reminder.lr.model.Y_prediction_train": "predict on X_train with the trained w and b.",
    "note.lr.sigmoid": "np.exp overflowed for a large |z| (np.exp(1000) is inf). Your "
                       "values are still right, since 1 / (1 + inf) = 0, so this passes; "
                       "but NumPy warns every time, and the same overflow inside other "
                       "formulas gives NaN. The lesson's stable form only ever "
                       "exponentiates -|z|.",
    "reminder.sn.layer_sizes.n_h": "n_h is 4 in this lesson: a fixed size, not read from "
                                   "the data.",
    "reminder.sn.layer_sizes.n_x": "n_x is the number of rows of X (X.shape[0]), one per "
                                   "feature.",
    "reminder.sn.layer_sizes.n_y": "n_y is the number of rows of Y (Y.shape[0]).",
    "reminder.sn.forward_propagation.A2": "Z1 = W1 @ X + b1 (W first), A1 is tanh of Z1 "
                                          "(np.tanh: tanh in the hidden layer), Z2 = W2 @"
                                          " A1 + b2, and A2 is sigmoid of Z2.",
    "reminder.sn.compute_cost.cost": "J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2)), m ="
                                     " Y.shape[1].",
    "reminder.sn.update_parameters.W1": "each parameter minus learning_rate times its "
                                        "gradient, with the learning_rate argument (1.2 "
                                        "is only its default).",
    "reminder.sn.backward_propagation.dW1": "dZ1 = (W2.T @ dZ2) * (1 - A1**2): tanh's "
                                            "derivative written with A1 = tanh(Z1), "
                                            "multiplied entry by entry (*), not with @.",
    "reminder.sn.backward_propagation.db1": "db1 = np.sum(dZ1, axis=1, keepdims=True) / "
                                            "m, with dZ1 = (W2.T @ dZ2) * (1 - A1**2).",
    "reminder.sn.nn_model.W1": "initialise with initialize_parameters(n_x, n_h, n_y, "
                               "seed=seed), then repeat forward_propagation, "
                               "backward_propagation and update_parameters (with "
                               "learning_rate) num_iterations times.",
    "reminder.dn.linear_forward.Z": "Z = W @ A + b (W first; b broadcasts over the m "
                                    "columns).",
    "reminder.dn.linear_forward.cache": "the cache is (A, W, b), in this order: "
                                        "LinearCache(A, W, b).",
    "reminder.dn.linear_activation_forward.A": "first the linear part with "
                                               "linear_forward, then sigmoid or relu of "
                                               "its Z.",
    "reminder.dn.linear_activation_forward.cache": "the cache is the pair (linear_cache, "
                                                   "Z), in this order.",
    "reminder.dn.L_model_forward.AL": "[LINEAR -> RELU] for layers 1 .. L-1, then LINEAR "
                                      "-> SIGMOID for layer L.",
    "reminder.dn.L_model_forward.caches": "append every layer's cache to caches, the last"
                                          " (sigmoid) one too: L caches in all.",
    "reminder.dn.linear_activation_backward.dA_prev": "first dZ from sigmoid_backward or "
                                                      "relu_backward (as activation says)"
                                                      " of dA and the cache's Z, then "
                                                      "linear_backward with the linear "
                                                      "cache.",
    "reminder.dn.L_model_backward.grads": "start from dAL (cross_entropy_backward(AL, Y))"
                                          " through the sigmoid layer L, then pass each "
                                          "layer's dA_prev down to the ReLU layers L-1, "
                                          "..., 1.",
    "reminder.dn.L_layer_model.W1": "initialise with "
                                    "initialize_parameters_deep(layers_dims, seed=seed, "
                                    "init=init), then L_model_forward, L_model_backward, "
                                    "update_parameters with learning_rate.",
    "reminder.dn.two_layer_model.W1": "initialise with initialize_parameters(n_x, n_h, "
                                      "n_y, seed=seed); then forward (relu, then "
                                      "sigmoid), backward starting from "
                                      "cross_entropy_backward of A2 and Y, and update "
                                      "with learning_rate.",
    "note.cost_exact": "with {name} exactly 0 or 1 (a confident network's output can round to "
                       "that) your cost is not finite, because 0 * log(0) is NaN. That is not "
                       "graded, but training then reports NaN costs: "
                       "course_utils.activations.cross_entropy({name}, Y) clips {name} to "
                       "[1e-15, 1 - 1e-15] and stays finite.",
    # ---- issue 17: imports a lesson module may use, and the hand-in (course_utils/handin.py)
    "import.unprovided": "{path} imports {names}, which the course does not provide: the "
                         "grader has only Python's standard library, the course's own "
                         "package course_utils and these packages of requirements.txt: "
                         "{available}. Remove that import (or use one of these).",
    "handin.bad_name": "the name {name!r} has no letter or digit to name your hand-in with; "
                       "give the name your teacher knows you by, e.g. handin(name=\"Ada "
                       "Lovelace\").",
    "handin.no_name": "who is handing in? This computer's login name does not say (on Binder "
                      "or a shared image it is 'jovyan'). Give your name once: "
                      "handin(name=\"Your Name\") in a notebook, or python -m course_utils "
                      "handin --name \"Your Name\"; it is kept in the course folder.",
    "handin.bad_edition": "{path} cannot be read ({error}); get it again from your "
                          "course's copy.",
    "handin.missing": "{path} is missing, so there is nothing to grade for its lesson; get "
                      "it back from your course's copy (your teacher's repository or a "
                      "classmate's fresh copy) before handing in. Nothing was written.",
    "handin.not_utf8": "{path} is not a UTF-8 text file (was it saved by another program?); "
                       "open it in JupyterLab, fix it and save it. Nothing was written.",
    "handin.syntax": "{path} does not parse: line {line}: {error}. The grader could not "
                     "import it, so fix that line first (JupyterLab's editor shows it). "
                     "Nothing was written.",
    "handin.development": "handin(): this is the instructor's repository (edition "
                          "\"development\"), so nothing is written here. In the student "
                          "edition this line writes the one file a student hands in, "
                          "<name>-nn-course.zip.",
    "handin.wrote": "Wrote {path} ({size}) for {student}: your three lesson files and "
                    "{notebooks} notebook(s) you worked in.",
    "handin.stubs": "Not done yet ({n}): {exercises}. You may hand in now and again later; "
                    "hand in the newest file.",
    "handin.what_to_do": "Hand in this file (not the folder) as your teacher asks. Run "
                         "handin() again after any change: it replaces the file.",
    "handin.download": "Download {name}",
    # ---- end of issue 17's block
}

# The same texts in Simplified Chinese: every key of EN, with the same {fields}. Code,
# function names, shapes and formulas stay as they are; the terms follow the course's
# glossary (notebooks/zh/translation/glossary.tsv): 代价 cost, 梯度 gradient, 学习率...
ZH = {
    # 图中的文字（course_utils/plotting.py）
    "plot.class": "类别 {k}",
    "plot.misclassified": "分错的点",
    "plot.iteration": "迭代次数",
    "plot.cost": "代价",
    "plot.cost_J": "代价 J",          # no mathtext: it would not use the CJK font
    "plot.learning_rate": "学习率 = {rate}",
    "plot.pred_true": "#{i}\n预测：{pred}\n实际：{true}",
    "plot.layer": "第 {l} 层\nLINEAR → {act}",
    "plot.cache": "缓存 {l}",
    "plot.flow_legend": "蓝色：前向传播（数值逐层向上传递，并保存缓存）；"
                        "红色：反向传播（梯度逐层向下传递，并读取缓存）",
    "plot.parity_deep": "深层：由 {gates} 个 XOR 门组成的树，深度 {depth}",
    "plot.parity_shallow": "浅层 AND/OR：{terms} 个 AND 门（每个奇数模式一个）",
    "plot.mean_runs": "各次运行的平均值",
    "plot.accuracy": "准确率（%）",
    "plot.model": "模型",
    "plot.run": "{n} 次运行",
    "plot.runs": "{n} 次运行",
    "plot.starts_above": "；起点 {value}，超出坐标范围",
    "plot.peaks_above": "；最高 {value}，超出坐标范围",
    "plot.training_cost": "训练代价",
    "plot.thick_thin": "粗线：各次运行的平均；细线：每一次运行",
    "plot.cost_above": "代价高于 {ymax}",
    # headers and verdicts
    "passed": "{function}：{n} 个用例全部通过。",
    "passed.one": "{function}：用例通过。",
    "case_header": "{function}，用例“{case}”：",
    "hidden_case": "隐藏用例 {k}（共 {n} 个）：",
    "note": "注意：{text}",
    "hint": "提示：{text}",
    "inputs": "这个用例的输入：{inputs}。",
    "not_callable": "检查 {function} 时要传入函数本身（不加括号）；收到的却是{got}。",
    # kinds of values
    "kind.none": "None",
    "kind.array": "形状为 {shape} 的 ndarray",
    "kind.number": "一个数（Python 的 float 或 int、NumPy 标量或 0 维数组均可）",
    "kind.number_of": "一个数（{type}）",
    "kind.a_number": "一个数",
    "kind.dict": "含 {n} 个键的 dict",
    "kind.dict_keys": "含键 {keys} 的 dict",
    "kind.sequence": "含 {n} 项的 {type}",
    "kind.sequence_of": "含 {n} 项的 tuple（或 list）",
    "kind.bool": "一个 bool（True/False），而不是数",
    "kind.other": "一个 {type}",
    # what is wrong
    "returns": "{function} 应返回 {n} 个值（{names}），实际返回的是{got}。",
    "kind": "{path} 应为{expected}，实际得到的是{got}。",
    "missing": "{path} 缺少键 {missing}。",
    "length": "{path} 应有 {expected} 项，实际有 {got} 项。",
    "shape": "{path} 的形状应为 {expected}，实际是 {got}。",
    "dtype": "{path} 应存放实数，实际的 dtype 是 {got}。",
    "nan": "{path} 的 {total} 个元素中有 {count} 个是 NaN 或无穷大。",
    "values.public": "{path} 的 {total} 个元素中有 {count} 个不对；第一个在下标 {index}："
                     "应为 {expected}，实际是 {got}{tol}。",
    "values.hidden": "{path} 的 {total} 个元素中有 {count} 个与期望值不同{tol}。",
    "value.public": "{path}：应为 {expected}，实际是 {got}{tol}。",
    "value.hidden": "{path} 不是期望的值{tol}。",
    "tolerance": "（容差 rtol={rtol:g}，atol={atol:g}）",
    "where.line": "（第 {line} 行，在 {function} 中）",
    "where.line_only": "（第 {line} 行）",
    "raised.public": "你的代码抛出了 {type}{where}：{message}",
    "raised.hidden": "你的代码抛出了 {type}{where}。",
    "numpy_said": "（NumPy 的原话：{message}）",
    "detail.matmul": "矩阵乘积 P @ Q 中，P 有 {columns} 列，Q 却有 {rows} 行；两者必须相等。",
    "detail.dot": "对形状为 {left} 和 {right} 的数组做 np.dot：前者的列数必须等于后者的行数。",
    "detail.broadcast": "对形状为 {shapes} 的数组做逐元素运算，它们的形状对不上。",
    "changed": "你的函数修改了参数 {path}，而它属于调用者。",
    "not_done": "还没有实现（NotImplementedError）。",
    # hints, each tied to the mistake it diagnoses
    "hint.none": "值是 None：是函数结尾漏了 `return`，还是某个名字仍是 None？",
    "hint.db_sum": "这里应是一列，却得到一个数：只对样本求和，"
                   "np.sum(dZ, axis=1, keepdims=True)。",
    "hint.number_for_array": "这里应是数组，却得到一个数：是不是多做了一次求和或求平均？",
    "hint.squeeze": "这个只有一个元素的数组应是一个普通的数：用 float(...) 或 "
                    "np.squeeze(...) 转换。",
    "hint.array_for_number": "这里应是一个数，却得到数组：是不是漏了求和（np.sum）或求平均？",
    "hint.list_for_array": "这里应是 ndarray，却得到 list：用 np.array(...) 转换。",
    "hint.transposed": "这是转置后的形状：是不是少了或多了 .T，或者矩阵乘积的顺序反了"
                       "（应是 W @ A，不是 A @ W）？",
    "hint.keepdims": "这里应是一列，却得到一维的和：np.sum(..., axis=1, keepdims=True) "
                     "会保留二维形状。",
    "hint.shape_tuple": "把完整的二维形状写成元组：np.zeros({shape})，而不是 np.zeros(n)。",
    "hint.one_d": "这里应是二维形状 {shape}，却得到一维数组：本课程把向量都写成列"
                  "（用 .reshape(-1, 1) 或 keepdims=True）。",
    "hint.square": "这里应是一行或一列，却得到方阵：一个 (1, m) 和一个 (m, 1) 的数组做了"
                   "逐元素运算（检查 Y 的形状），或者该用矩阵乘积（@ 或 np.dot）的地方用了 *。",
    "hint.db_axis": "这样会对所有元素求和；应只对样本求和：np.sum(dZ, axis=1, keepdims=True)。",
    "hint.nan": "出现了 NaN 或无穷大：公式里是不是有 log(0)、0/0 或溢出？",
    "hint.nan_saturated": "输入这么大时，np.exp 会溢出或出现 log(0)：请用课上讲的数值稳定"
                          "写法（只对 -|z| 取指数的 sigmoid，"
                          "course_utils.activations.cross_entropy）。",
    "hint.threshold": "输出恰好为 0.5 时应预测 0：只有概率严格大于 0.5 时才预测 1"
                      "（A > 0.5）。",
    "hint.unchanged": "{name} 原样返回了：更新 `{name} - learning_rate * d{name}` "
                      "算了并保存下来了吗？",
    "hint.uphill": "这一步走向了上坡：更新要减去梯度，"
                   "{name} = {name} - learning_rate * d{name}。",
    "hint.sign_gradient": "你的梯度符号反了：在 sigmoid 输出处 dZ = A - Y（不是 Y - A），"
                          "dAL = -(Y / AL - (1 - Y) / (1 - AL))。",
    "hint.sign_cost": "你的代价符号反了：J = -1/m * sum(Y log A + (1 - Y) log(1 - A)) "
                      "是正数。",
    "hint.times_m": "你的结果大了 m 倍：是不是忘了除以 m？",
    "hint.divided_twice": "你的结果小了 m 倍：是不是除了两次 m？",
    "hint.random_draws": "从同一个局部生成器 rng = np.random.RandomState(seed) 抽取随机数"
                         "（或先调用 np.random.seed(seed)），用 randn(rows, columns)，"
                         "并按文档字符串给出的顺序（先 W1 后 W2……）。",
    "hint.zero_biases": "偏置的初值为零：np.zeros((rows, 1))。",
    "hint.scaled": "每个元素都是期望值乘以同一个因子：是不是缩放错了"
                   "（例如 * 0.01、/ m 或学习率）？",
    "hint.costs_every_100": "只在每 100 次迭代时记录代价（i % 100 == 0 时），"
                            "从第 0 次迭代开始。",
    "hint.order": "数值看起来是对的，但顺序不对：请按 {names} 的顺序返回。",
    "hint.changed": "请在新数组上计算：写 w = w - learning_rate * dw（不要写 w -= ...），"
                    "并新建一个 dict（new = dict(params)），不要往调用者的 dict 里赋值；"
                    "浅拷贝 params.copy() 仍然共用那些数组。",
    "hint.reminder": "{text}",
    "hint.error_matmul": "矩阵乘积 P @ Q（或 np.dot(P, Q)）要求 P 的列数等于 Q 的行数："
                         "(a, b) @ (b, c) 得到 (a, c)。把这一行里各操作数的形状和文档字符串"
                         "里的对照一下：是不是漏了 .T？",
    "hint.error_broadcast": "逐元素运算（+、-、*、/）遇到了形状不匹配的数组：每个轴上的长度"
                            "必须相等或为 1。把这些形状和文档字符串里的对照一下。",
    "hint.error_unpack": "某一行解包出的值的个数和函数返回的不一样："
                         "course_utils.activations.sigmoid 和 relu 只返回 A；"
                         "linear_forward 返回 (Z, cache)；激活层的 cache 是 (linear_cache, Z)。",
    "hint.error_name": "某个名字在定义之前就用到了（拼写错误，或者只在某个分支里定义）；"
                       "比如 m 就是 X.shape[1]。",
    "hint.error_none": "某个值是 None：你的某个函数结尾是不是漏了 `return`？",
    "hint.error_key": "dict 里没有这个键：把键名（'W1'、'dW1'……）和文档字符串里的对照一下。",
    "hint.error_course_check": "你的代码传给课程某个输入检查的值被拒绝了；"
                               "笔记本里的检查会显示完整的说明。",
    "note.dependency": "{function} 调用了你的 {other}，而 {other} 还没有通过它自己的检查："
                       "请先修好 {other}（运行它的检查单元格）。",
    "hint.error_course_check.public": "这条信息来自课程的某个输入检查：它指出了你这一行"
                                      "传入的值，以及这个值应当是什么样子。",
    "note.fp_events": "运行你的函数时 NumPy 报告了 {events}。结果是对的，所以算通过；"
                      "课上讲的数值稳定写法可以避免这种情况（否则 NumPy 每次都会打印 "
                      "RuntimeWarning）。",
    # the progress report (python -m course_utils progress)
    "progress.lesson": "第 {lesson} 课（course_utils/{module}.py）：{n} 个练习中已通过 {done} 个",
    "progress.passed": "已通过",
    "progress.failing": "未通过",
    "progress.not_started": "未开始",
    "progress.import": "course_utils/{module}.py 无法导入：{error}",
    # formula reminders and notes of the public checks (course_utils/checks/<module>.py)
    "reminder.lr.sigmoid.s": "sigma(z) = 1 / (1 + exp(-z))，逐元素计算（np.exp）。",
    "reminder.lr.predict.Y_prediction": "概率是 (w.T @ X + b) 的 sigmoid；"
                                        "概率 > 0.5 处预测 1，否则预测 0。",
    "reminder.lr.model.w": "先用 initialize_with_zeros(X_train.shape[0]) 初始化，再用"
                           " num_iterations 和 learning_rate 运行 optimize，"
                           "从它返回的 params 中取出 w 和 b。",
    "reminder.lr.model.costs": "costs 就是用 num_iterations 和 learning_rate 运行 "
                               "optimize 得到的代价。",
    "reminder.lr.model.Y_prediction_test": "用训练好的 w 和 b 对 X_test 做预测。",
    "reminder.lr.model.Y_prediction_train": "用训练好的 w 和 b 对 X_train 做预测。",
    "note.lr.sigmoid": "|z| 很大时 np.exp 溢出了（np.exp(1000) 是 inf）。你的值仍然是对的，"
                       "因为 1 / (1 + inf) = 0，所以算通过；但 NumPy 每次都会发出警告，"
                       "而同样的溢出出现在别的公式里就会得到 NaN。课上讲的稳定写法"
                       "只对 -|z| 取指数。",
    "reminder.sn.layer_sizes.n_h": "本课中 n_h 是 4：这是固定的大小，不是从数据中读出来的。",
    "reminder.sn.layer_sizes.n_x": "n_x 是 X 的行数（X.shape[0]），每个特征一行。",
    "reminder.sn.layer_sizes.n_y": "n_y 是 Y 的行数（Y.shape[0]）。",
    "reminder.sn.forward_propagation.A2": "Z1 = W1 @ X + b1（W 在前），A1 是 Z1 的 tanh"
                                          "（np.tanh：隐藏层用 tanh），Z2 = W2 @ A1 + b2，"
                                          "A2 是 Z2 的 sigmoid。",
    "reminder.sn.compute_cost.cost": "J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2))，"
                                     "其中 m = Y.shape[1]。",
    "reminder.sn.update_parameters.W1": "每个参数减去 learning_rate 乘以它的梯度，"
                                        "learning_rate 用传入的参数（1.2 只是它的默认值）。",
    "reminder.sn.backward_propagation.dW1": "dZ1 = (W2.T @ dZ2) * (1 - A1**2)：这是用 "
                                            "A1 = tanh(Z1) 写出的 tanh 的导数，"
                                            "用 * 逐元素相乘，不是用 @。",
    "reminder.sn.backward_propagation.db1": "db1 = np.sum(dZ1, axis=1, keepdims=True) / m，"
                                            "其中 dZ1 = (W2.T @ dZ2) * (1 - A1**2)。",
    "reminder.sn.nn_model.W1": "先用 initialize_parameters(n_x, n_h, n_y, seed=seed) "
                               "初始化，然后把 forward_propagation、backward_propagation 和"
                               " update_parameters（用 learning_rate）重复 num_iterations 次。",
    "reminder.dn.linear_forward.Z": "Z = W @ A + b（W 在前；b 沿 m 列广播）。",
    "reminder.dn.linear_forward.cache": "cache 是 (A, W, b)，按这个顺序："
                                        "LinearCache(A, W, b)。",
    "reminder.dn.linear_activation_forward.A": "先用 linear_forward 算线性部分，"
                                               "再对它的 Z 取 sigmoid 或 relu。",
    "reminder.dn.linear_activation_forward.cache": "cache 是二元组 (linear_cache, Z)，"
                                                   "按这个顺序。",
    "reminder.dn.L_model_forward.AL": "第 1 到 L-1 层是 [LINEAR -> RELU]，"
                                      "第 L 层是 LINEAR -> SIGMOID。",
    "reminder.dn.L_model_forward.caches": "把每一层的 cache 都加进 caches，最后一层"
                                          "（sigmoid）的也要：一共 L 个 cache。",
    "reminder.dn.linear_activation_backward.dA_prev": "先按 activation 的取值，用 "
                                                      "sigmoid_backward 或 relu_backward "
                                                      "由 dA 和 cache 里的 Z 算出 dZ，"
                                                      "再用线性部分的 cache 调用 "
                                                      "linear_backward。",
    "reminder.dn.L_model_backward.grads": "从 dAL（cross_entropy_backward(AL, Y)）开始，"
                                          "先经过第 L 层的 sigmoid，再把每层的 dA_prev "
                                          "依次传给 ReLU 层 L-1, ..., 1。",
    "reminder.dn.L_layer_model.W1": "先用 initialize_parameters_deep(layers_dims, "
                                    "seed=seed, init=init) 初始化，然后依次调用 "
                                    "L_model_forward、L_model_backward，"
                                    "再用 learning_rate 调用 update_parameters。",
    "reminder.dn.two_layer_model.W1": "先用 initialize_parameters(n_x, n_h, n_y, "
                                      "seed=seed) 初始化；然后前向传播（先 relu，"
                                      "再 sigmoid），反向传播从 A2 和 Y 的 "
                                      "cross_entropy_backward 开始，再用 learning_rate 更新。",
    "note.cost_exact": "{name} 恰好为 0 或 1 时（很有把握的网络输出可能舍入成这样），"
                       "你的代价不是有限值，因为 0 * log(0) 是 NaN。这不计分，"
                       "但训练时代价就会变成 NaN："
                       "course_utils.activations.cross_entropy({name}, Y) 会把 {name} 截断到"
                       " [1e-15, 1 - 1e-15]，结果保持有限。",
    # ---- issue 17：课程模块可以导入的包，以及提交作业（course_utils/handin.py）
    "import.unprovided": "{path} 导入了 {names}，但课程不提供它：评分程序里只有 Python "
                         "标准库、课程自己的包 course_utils，以及 requirements.txt 中的这些包："
                         "{available}。请删掉这条导入（或改用上面这些包）。",
    "handin.bad_name": "名字 {name!r} 里没有可用作作业文件名的字母或数字；请给出老师认识你的"
                       "名字，例如 handin(name=\"Ada Lovelace\")。",
    "handin.no_name": "是谁在提交？这台电脑的登录名说明不了（在 Binder 或共享镜像上它是 "
                      "'jovyan'）。请给出一次你的名字：在笔记本里运行 "
                      "handin(name=\"你的名字\")，或者运行 python -m course_utils handin "
                      "--name \"你的名字\"；名字会保存在课程文件夹里。",
    "handin.bad_edition": "无法读取 {path}（{error}）；请从课程的副本里重新取得它。",
    "handin.missing": "{path} 不见了，所以这一课没有可评分的内容；提交之前请从课程的副本"
                      "（老师的仓库或同学的全新副本）里把它找回来。没有写入任何文件。",
    "handin.not_utf8": "{path} 不是 UTF-8 文本文件（是不是被别的程序保存过？）；请在 "
                       "JupyterLab 里打开、修好并保存。没有写入任何文件。",
    "handin.syntax": "{path} 无法解析：第 {line} 行：{error}。评分程序无法导入它，请先改好"
                     "这一行（JupyterLab 的编辑器会标出它）。没有写入任何文件。",
    "handin.development": "handin()：这是教师的仓库（版本 \"development\"），所以这里不写入"
                          "任何文件。在学生版里，这一行会写出学生要提交的那一个文件 "
                          "<name>-nn-course.zip。",
    "handin.wrote": "已为 {student} 写出 {path}（{size}）：包含你的三个课程文件，以及你用过的 "
                    "{notebooks} 个笔记本。",
    "handin.stubs": "尚未完成（{n} 个）：{exercises}。你可以现在提交，以后再提交一次；"
                    "请提交最新的文件。",
    "handin.what_to_do": "请按老师的要求提交这个文件（不是整个文件夹）。每次修改之后再运行一次 "
                         "handin()：它会替换这个文件。",
    "handin.download": "下载 {name}",
    # ---- issue 17 的部分到此为止
}

TRANSLATIONS = {"en": EN, "zh": ZH}
_language = ["en"]


def set_language(language):
    """Choose the language of the checks' messages: "en" (default) or "zh"."""
    if language not in TRANSLATIONS:
        raise ValueError(f"language must be one of {sorted(TRANSLATIONS)}; got {language!r}.")
    _language[0] = language


def language():
    return _language[0]


def text(key, **fields):
    """The template ``key`` in the current language, formatted with ``fields``."""
    template = TRANSLATIONS[_language[0]].get(key, EN[key])
    return template.format(**fields)
