"""The course's sentences in Simplified Chinese: every key of en.py, with the same fields.

Code, function names, shapes and formulas stay as they are; the terms follow the
course's glossary (translations/zh/glossary.tsv): 代价 cost, 梯度 gradient, 学习率 ...
"""

TEXTS = {
    # ---- A public check in a notebook and the grader's feedback alike: what an answer is and how
    #      it differs (course_utils/checks/render.py)
    "kind.none": "None",
    "kind.array": "形状为 {shape} 的 ndarray",
    "kind.array_ndim": "{ndim} 维的 ndarray",
    "kind.number": "一个数（Python 的 float 或 int、NumPy 标量或 0 维数组均可）",
    "kind.number_of": "一个数（{type}）",
    "kind.a_number": "一个数",
    "kind.dict": "含 {n} 个键的 dict",
    "kind.dict_keys": "含键 {keys} 的 dict",
    "kind.sequence": "含 {n} 项的 {type}",
    "kind.sequence_of": "含 {n} 项的 tuple（或 list）",
    "kind.bool": "一个 bool（True/False），而不是数",
    "kind.other": "一个 {type}",
    "mismatch.returns": "{function} 应返回 {n} 个值（{names}），实际返回的是{got}。",
    "mismatch.kind": "{path} 应为{expected}，实际得到的是{got}。",
    "mismatch.missing": "{path} 缺少键 {missing}。",
    "mismatch.length": "{path} 应有 {expected} 项，实际有 {got} 项。",
    "mismatch.shape": "{path} 的形状应为 {expected}，实际是 {got}。",
    "mismatch.ndim": "{path} 的形状应为 {expected}，实际是一个 {got} 维的数组。",
    "mismatch.dtype": "{path} 应存放实数，实际的 dtype 是 {got}。",
    "mismatch.nan": "{path} 的 {total} 个元素中有 {count} 个是 NaN 或无穷大。",
    "mismatch.values.public": "{path} 的 {total} 个元素中有 {count} 个不对；第一个在下标 "
                              "{index}：应为 {expected}，实际是 {got}{tol}。",
    "mismatch.values.hidden": "{path} 的 {total} 个元素中有 {count} 个与期望值不同{tol}。",
    "mismatch.value.public": "{path}：应为 {expected}，实际是 {got}{tol}。",
    "mismatch.value.hidden": "{path} 不是期望的值{tol}。",
    "mismatch.tolerance": "（容差 rtol={rtol:g}，atol={atol:g}）",
    "mismatch.where.line": "（第 {line} 行，在 {function} 中）",
    "mismatch.where.line_only": "（第 {line} 行）",
    "mismatch.where.function": "（在 {function} 中）",
    "mismatch.raised.public": "你的代码抛出了 {type}{where}：{message}",
    "mismatch.raised.hidden": "你的代码抛出了 {type}{where}。",
    "mismatch.raised.unknown_type": "一个异常",
    "mismatch.raised.not_done": "还没有实现（NotImplementedError）{where}。",
    "mismatch.changed": "你的函数修改了参数 {path}，而它属于调用者。",
    "mismatch.hint": "提示：{text}",
    "note.line": "注意：{text}",
    "mismatch.inputs": "这个用例的输入：{inputs}。",
    # ---- Hints, each tied to the mistake it diagnoses (course_utils/checks/diagnosis.py)
    "hint.none": "值是 None：是函数结尾漏了 `return`，还是某个名字仍是 None？",
    "hint.db_sum": "这里应是一列，却得到一个数：只对样本求和，np.sum(dZ, axis=1, keepdims=True)。",
    "hint.number_for_array": "这里应是数组，却得到一个数：是不是多做了一次求和或求平均？",
    "hint.squeeze": "这个只有一个元素的数组应是一个普通的数：用 float(...) 或 np.squeeze(...) "
                    "转换。",
    "hint.array_for_number": "这里应是一个数，却得到数组：是不是漏了求和（np.sum）或求平均？",
    "hint.list_for_array": "这里应是 ndarray，却得到 list：用 np.array(...) 转换。",
    "hint.transposed": "这是转置后的形状：是不是少了或多了 .T，或者矩阵乘积的顺序反了（应是 W @ "
                       "A，不是 A @ W）？",
    "hint.keepdims": "这里应是一列，却得到一维的和：np.sum(..., axis=1, keepdims=True) "
                     "会保留二维形状。",
    "hint.shape_tuple": "把完整的二维形状写成元组：np.zeros({shape})，而不是 np.zeros(n)。",
    "hint.one_d": "这里应是二维形状 {shape}，却得到一维数组：本课程把向量都写成列（用 "
                  ".reshape(-1, 1) 或 keepdims=True）。",
    "hint.square": "这里应是一行或一列，却得到方阵：一个 (1, m) 和一个 (m, 1) "
                   "的数组做了逐元素运算（检查 Y 的形状），或者该用矩阵乘积（@ 或 np.dot）"
                   "的地方用了 *。",
    "hint.db_axis": "这样会对所有元素求和；应只对样本求和：np.sum(dZ, axis=1, keepdims=True)。",
    "hint.nan": "出现了 NaN 或无穷大：公式里是不是有 log(0)、0/0 或溢出？",
    "hint.nan_saturated": "输入这么大时，np.exp 会溢出或出现 log(0)：请用课上讲的数值稳定"
                          "写法（只对 -|z| 取指数的 sigmoid；取对数之前先用 np.clip(A, 1e-15, "
                          "1 - 1e-15) 截断概率）。",
    "hint.threshold": "输出恰好为 0.5 时应预测 0：只有概率严格大于 0.5 时才预测 1（A > 0.5）。",
    "hint.unchanged": "{name} 原样返回了：更新 `{name} - learning_rate * d{name}` "
                      "算了并保存下来了吗？",
    "hint.uphill": "这一步走向了上坡：更新要减去梯度，{name} = {name} - learning_rate * d{name}。",
    "hint.sign_gradient": "你的梯度符号反了：在 sigmoid 输出处 dZ = A - Y（不是 Y - A），dAL = "
                          "-(Y / AL - (1 - Y) / (1 - AL))。",
    "hint.sign_cost": "你的代价符号反了：J = -1/m * sum(Y log A + (1 - Y) log(1 - A)) 是正数。",
    "hint.times_m": "你的结果大了 m 倍：是不是忘了除以 m？",
    "hint.divided_twice": "你的结果小了 m 倍：是不是除了两次 m？",
    "hint.random_draws": "从同一个局部生成器 rng = np.random.RandomState(seed) "
                         "抽取随机数（或先调用 np.random.seed(seed)），用 randn(rows, columns)，"
                         "并按文档字符串给出的顺序（先 W1 后 W2……）。",
    "hint.zero_biases": "偏置的初值为零：np.zeros((rows, 1))。",
    "hint.scaled": "每个元素都是期望值乘以同一个因子：是不是缩放错了（例如 * 0.01、/ m 或学习率）"
                   "？",
    "hint.costs_every_100": "只在每 100 次迭代时记录代价（i % 100 == 0 时），从第 0 次迭代开始。",
    "hint.order": "数值看起来是对的，但顺序不对：请按 {names} 的顺序返回。",
    "hint.changed": "请在新数组上计算：写 w = w - learning_rate * dw（不要写 w -= ...），"
                    "并新建一个 dict（new = dict(params)），不要往调用者的 dict 里赋值；浅拷贝 "
                    "params.copy() 仍然共用那些数组。",
    "hint.error_matmul": "矩阵乘积 P @ Q（或 np.dot(P, Q)）要求 P 的列数等于 Q 的行数：(a, b) @ "
                         "(b, c) 得到 (a, c)。把这一行里各操作数的形状和文档字符串里的对照一下："
                         "是不是漏了 .T？",
    "hint.error_broadcast": "逐元素运算（+、-、*、/）遇到了形状不匹配的数组："
                            "每个轴上的长度必须相等或为 1。把这些形状和文档字符串里的对照一下。",
    "hint.error_unpack": "某一行解包出的值的个数和函数返回的不一样："
                         "course_utils.activations.sigmoid 和 relu 只返回 A；linear_forward 返回 "
                         "(Z, cache)；激活层的 cache 是 (linear_cache, Z)。",
    "hint.error_name": "某个名字在定义之前就用到了（拼写错误，或者只在某个分支里定义）；比如 m "
                       "就是 X.shape[1]。",
    "hint.error_none": "某个值是 None：你的某个函数结尾是不是漏了 `return`？",
    "hint.error_key": "dict 里没有这个键：把键名（'W1'、'dW1'……）和文档字符串里的对照一下。",
    "hint.error_validation": "你的代码传给课程某个输入检查的值被拒绝了；"
                             "笔记本里的检查会显示完整的说明。",
    "hint.error_validation.public": "这条信息来自课程的某个输入检查：它指出了你这一行传入的值，"
                                    "以及这个值应当是什么样子。",
    # ---- A student running a check in a notebook (course_utils/checks/public.py, render.py)
    "check.passed": "{function}：{n} 个用例全部通过。",
    "check.passed_one": "{function}：用例通过。",
    "check.case_header": "{function}，用例“{case}”：",
    "check.not_callable": "检查 {function} 时要传入函数本身（不加括号）；收到的却是{got}。",
    "check.not_done_where": "（在 {file} 的第 {line} 行抛出）",
    "check.numpy_said": "（NumPy 的原话：{message}）",
    "detail.matmul": "矩阵乘积 P @ Q 中，P 有 {columns} 列，Q 却有 {rows} 行；两者必须相等。",
    "detail.dot": "对形状为 {left} 和 {right} 的数组做 np.dot：前者的列数必须等于后者的行数。",
    "detail.broadcast": "对形状为 {shapes} 的数组做逐元素运算，它们的形状对不上。",
    "note.dependency": "{function} 调用了你的 {other}，而 {other} 还没有通过它自己的检查："
                       "请先修好 {other}（运行它的检查单元格）。",
    "note.fp_events": "运行你的函数时 NumPy 报告了 {events}。结果是对的，所以算通过；"
                      "课上讲的数值稳定写法可以避免这种情况（否则 NumPy 每次都会打印 "
                      "RuntimeWarning）。",
    "note.cost_exact": "{name} 恰好为 0 或 1 时（很有把握的网络输出可能舍入成这样），"
                       "你的代价不是有限值，因为 0 * log(0) 是 NaN。这不计分，"
                       "但训练时代价就会变成 NaN：先把 {name} 截断到 [1e-15, 1 - 1e-15]"
                       "（np.clip({name}, 1e-15, 1 - 1e-15)），代价就保持有限。",
    # ---- ... and comparing gradients with finite differences (course_utils/numerical_gradient.py,
    #      course_utils/checks/shallow_network.py)
    "gradients.line": "{name:>4}：相对误差 {error:.2e}",
    "gradients.too_large": "  <-- 太大：在下标 {index} 处，你的梯度是 {analytic:.6g}，数值梯度是 "
                           "{numeric:.6g}",
    "gradients.failed": "梯度检验未通过（容差 {tol:.0e}）：",
    "gradients.backward_not_dict": "backward_propagation 应返回一个存放梯度的 dict，实际返回的是 "
                                   "{type}。",
    "gradients.backward_failed": "backward_propagation 的数值梯度检验：{error}",
    "gradients.backward_passed": "backward_propagation：4 个梯度都与中心差分的结果吻合（相对误差 "
                                 "< {tol:.0e}）。",
    # ---- ... and the formula reminders and notes of each lesson's checks
    #      (course_utils/checks/<module>.py)
    "reminder.lr.sigmoid.s": "sigma(z) = 1 / (1 + exp(-z))，逐元素计算（np.exp）。",
    "reminder.lr.predict.Y_prediction": "概率是 (w.T @ X + b) 的 sigmoid；概率 > 0.5 处预测 1，"
                                        "否则预测 0。",
    "reminder.lr.model.w": "先用 initialize_with_zeros(X_train.shape[0]) 初始化，再用 "
                           "num_iterations 和 learning_rate 运行 optimize，从它返回的 params "
                           "中取出 w 和 b。",
    "reminder.lr.model.costs": "costs 就是用 num_iterations 和 learning_rate 运行 optimize "
                               "得到的代价。",
    "reminder.lr.model.Y_prediction_test": "用训练好的 w 和 b 对 X_test 做预测。",
    "reminder.lr.model.Y_prediction_train": "用训练好的 w 和 b 对 X_train 做预测。",
    "reminder.sn.layer_sizes.n_h": "本课中 n_h 是 4：这是固定的大小，不是从数据中读出来的。",
    "reminder.sn.layer_sizes.n_x": "n_x 是 X 的行数（X.shape[0]），每个特征一行。",
    "reminder.sn.layer_sizes.n_y": "n_y 是 Y 的行数（Y.shape[0]）。",
    "reminder.sn.forward_propagation.A2": "Z1 = W1 @ X + b1（W 在前），A1 是 Z1 的 "
                                          "tanh（np.tanh：隐藏层用 tanh），Z2 = W2 @ A1 + b2，A2 "
                                          "是 Z2 的 sigmoid。",
    "reminder.sn.compute_cost.cost": "J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2))，其中 m = "
                                     "Y.shape[1]。",
    "reminder.sn.update_parameters.W1": "每个参数减去 learning_rate 乘以它的梯度，learning_rate "
                                        "用传入的参数（1.2 只是它的默认值）。",
    "reminder.sn.backward_propagation.dW1": "dZ1 = (W2.T @ dZ2) * (1 - A1**2)：这是用 A1 = "
                                            "tanh(Z1) 写出的 tanh 的导数，用 * 逐元素相乘，"
                                            "不是用 @。",
    "reminder.sn.backward_propagation.db1": "db1 = np.sum(dZ1, axis=1, keepdims=True) / m，其中 "
                                            "dZ1 = (W2.T @ dZ2) * (1 - A1**2)。",
    "reminder.sn.nn_model.W1": "先用 initialize_parameters(n_x, n_h, n_y, seed=seed) 初始化，"
                               "然后把 forward_propagation、backward_propagation 和 "
                               "update_parameters（用 learning_rate）重复 num_iterations 次。",
    "reminder.dn.linear_forward.Z": "Z = W @ A + b（W 在前；b 沿 m 列广播）。",
    "reminder.dn.linear_forward.cache": "cache 是 (A, W, b)，按这个顺序：LinearCache(A, W, b)。",
    "reminder.dn.linear_activation_forward.A": "先用 linear_forward 算线性部分，再对它的 Z 取 "
                                               "sigmoid 或 relu。",
    "reminder.dn.linear_activation_forward.cache": "cache 是二元组 (linear_cache, Z)，"
                                                   "按这个顺序。",
    "reminder.dn.L_model_forward.AL": "第 1 到 L-1 层是 [LINEAR -> RELU]，第 L 层是 LINEAR -> "
                                      "SIGMOID。",
    "reminder.dn.L_model_forward.caches": "把每一层的 cache 都加进 caches，最后一层（sigmoid）"
                                          "的也要：一共 L 个 cache。",
    "reminder.dn.linear_activation_backward.dA_prev": "先按 activation 的取值，用 "
                                                      "sigmoid_backward 或 relu_backward 由 dA "
                                                      "和 cache 里的 Z 算出 dZ，再用线性部分的 "
                                                      "cache 调用 linear_backward。",
    "reminder.dn.L_model_backward.grads": "从 dAL（cross_entropy_backward(AL, Y)）开始，先经过第 "
                                          "L 层的 sigmoid，再把每层的 dA_prev 依次传给 ReLU 层 "
                                          "L-1, ..., 1。",
    "reminder.dn.L_layer_model.W1": "先用 initialize_parameters_deep(layers_dims, seed=seed, "
                                    "init=init) 初始化，然后依次调用 L_model_forward、"
                                    "L_model_backward，再用 learning_rate 调用 "
                                    "update_parameters。",
    "reminder.dn.two_layer_model.W1": "先用 initialize_parameters(n_x, n_h, n_y, seed=seed) "
                                      "初始化；然后前向传播（先 relu，再 sigmoid），反向传播从 "
                                      "A2 和 Y 的 cross_entropy_backward 开始，再用 "
                                      "learning_rate 更新。",
    "note.lr.sigmoid": "|z| 很大时 np.exp 溢出了（np.exp(1000) 是 inf）。你的值仍然是对的，因为 "
                       "1 / (1 + inf) = 0，所以算通过；但 NumPy 每次都会发出警告，"
                       "而同样的溢出出现在别的公式里就会得到 NaN。课上讲的稳定写法只对 -|z| "
                       "取指数。",
    # ---- A student reading the grader's feedback (course_instructor/scoring.py, reports.py)
    "feedback.title": "{name} 的评分反馈",
    "feedback.total": "总分：{score} / {max} 分",
    "feedback.exercise": "{exercise}：{score} / {points} 分，{n} 个隐藏用例中通过了 {passed} 个",
    "feedback.hidden_case": "隐藏用例 {k}（共 {n} 个）：{reason}",
    "feedback.all_cases": "全部 {n} 个隐藏用例：{reason}",
    "feedback.dependency": "{function} 通常会调用的 {other} 也丢了分：请先修好 {other}。",
    "feedback.closing": "隐藏用例的输入与笔记本中检查所用的不同；它们的输入和期望值不会显示。"
                        "请先运行笔记本里的检查单元格。",
    "feedback.size_note": "（? 表示一个不属于这个用例自身的尺寸。）",
    "feedback.passed": "通过",
    "feedback.unreadable": "无法读回你的函数的输出。",
    "feedback.too_big": "你的函数返回的值太大或嵌套太深，无法读回。",
    "feedback.not_comparable": "无法比较这个输出（{type}）。",
    "feedback.sandbox_failed": "未评分：评分沙箱在这个练习上出了故障（不是你的代码的问题）；"
                               "老师会重新评分。",
    "feedback.grader_failed": "未评分：评分程序在这个练习上出了故障（不是你的代码的问题）；"
                              "老师会重新评分。",
    "feedback.starved": "未评分：评分机器太忙，没能给这道练习足够的 CPU 时间"
                        "（不是你的代码的问题）；老师会重新评分。",
    "feedback.no_result": "没有结果：{why}。",
    "feedback.no_result_importing": "没有结果：导入 course_utils/{module}.py 时{why}。",
    "feedback.why.timeout": "超过了 {timeout:g} 秒的时间限制（死循环？计算太慢？）",
    "feedback.why.memory": "超过了 {memory_mb} MB 的内存限制",
    "feedback.why.crashed": "进程崩溃了",
    "feedback.why.exited": "进程在返回结果之前就结束了（exit()、os._exit() 还是崩溃？）",
    "feedback.import_failed": "导入你的 course_utils/{module}.py 失败：{reason}",
    "feedback.module_not_graded": "未评分：{why}。",
    "feedback.submission_not_graded": "提交 {name} 未评分：{why}。",
    # ---- A student's lesson module importing what the course does not provide: the notebook
    #      check and the grader's feedback alike (course_utils/checks/imports.py)
    "import.refused": "{function}：{message}",
    "import.unprovided": "{path} 导入了 {names}，但课程不提供它：评分程序里只有 Python "
                         "标准库、课程自己的包 course_utils，以及 requirements.txt 中的这些包："
                         "{available}。请删掉这条导入（或改用上面这些包）。",
    # ---- A student handing in (course_utils/handin.py, python -m course_utils handin)
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
    # ---- A student running python -m course_utils progress (course_utils/progress.py)
    "progress.lesson": "第 {lesson} 课（course_utils/{module}.py）：{n} 个练习中已通过 {done} 个",
    "progress.passed": "已通过",
    "progress.failing": "未通过",
    "progress.not_started": "未开始",
    "progress.import": "course_utils/{module}.py 无法导入：{error}",
    # ---- A student looking at the figures (course_utils/plotting.py)
    "plot.class": "类别 {k}",
    "plot.misclassified": "分错的点",
    "plot.iteration": "迭代次数",
    "plot.cost": "代价",
    "plot.cost_J": "代价 J",
    "plot.learning_rate": "学习率 = {rate}",
    "plot.pred_true": "#{i}\n预测：{pred}\n实际：{true}",
    "plot.layer": "第 {l} 层\nLINEAR → {act}",
    "plot.cache": "缓存 {l}",
    "plot.flow_legend": "蓝色实线：前向传播（数值逐层向上传递，并保存缓存）；"
                        "红色虚线：反向传播（梯度逐层向下传递，并读取缓存）",
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
    # ---- Issue 19: what a Chinese notebook shows in Chinese too: input errors, stubs,
    #      training logs, experiment tables, figure labels, class names
    "plot.net_input": "输入\n{n} 个特征",
    "plot.net_layer": "第 {l} 层\n{n} 个单元，{act}",
    "plot.net_layer_one": "第 {l} 层\n{n} 个单元，{act}",
    "input.not_array": "{name} 必须是 NumPy 数组；收到的是 {got}。可以用 np.asarray({name}) 转换。",
    "input.not_numbers": "{name} 必须存放数值；收到的数组的 dtype 是 {dtype}。",
    "input.ndim": "{name} 必须是 {ndim} 维数组；收到的形状是 {shape}（{got} 维）。",
    "input.real_array": "{name} 必须是一个实数；收到的是形状为 {shape} 的 ndarray。",
    "input.real": "{name} 必须是一个实数；收到的是 {got}。",
    "input.positive_int": "{name} 必须是正整数；收到的是 {got}。",
    "input.nonnegative_int": "{name} 必须是非负整数；收到的是 {got}。",
    "input.positive_number": "{name} 必须是正数；收到的是 {got}。",
    "input.hint_transposed_reshape": "看起来是转置了：样本必须是列。是不是在 reshape(m, -1) "
                                     "之后忘了 .T？",
    "input.X_shape": "{name} 的形状必须是 (n_x, m) = ({n_x}, m)；收到的是 {got}。{hint}",
    "input.not_finite": "{name} 中有 NaN 或无穷大的值，这是不允许的。",
    "input.hint_labels_row": "形状为 {shape} 的标签数组会和 (1, {m}) 广播成错误的形状，而且不会"
                             "报任何错；请用 {name}.reshape(1, -1)。",
    "input.labels_shape": "{name} 的形状必须是 (1, m) = (1, {m})；收到的是 {got}。{hint}",
    "input.labels_values": "{name} 必须只含标签 0 和 1；发现了 {bad}。",
    "input.same_shape": "{left} 和 {right} 的形状必须相同；收到的是 {left_shape} 和 "
                        "{right_shape}。",
    "input.language": "language 必须是 'en' 或 'zh'；收到的是 {got}。",
    "input.w_for_examples": "或者，如果 X 是对的，那么 w 是按 m = {m} 个样本做的：w 必须每个"
                            "特征占一行，共 X.shape[0] = {rows} 行。",
    "input.hint_w_column": "把 w 变成一列：w.reshape(-1, 1)。",
    "input.w_shape": "w 的形状必须是 (n_x, 1) = ({n_x}, 1)；收到的是 {got}。{hint}",
    "input.dict_type": "{name} 必须是含键 {keys} 的 dict；收到的是 {got}。请用 {made_by} 创建它。",
    "input.dict_missing": "{name} 缺少键 {missing}；它有的键是 {keys}。请用 {made_by} 创建它。",
    "input.sn_parameter_shape": "parameters[\"{entry}\"] 的形状必须是 {shape}，才能和形状为 "
                                "{W1_shape} 的 W1（n_h = {n_h} 个隐藏单元）以及有 n_y = {n_y} "
                                "行的 W2 相配；收到的是 {got}。请用 "
                                "initialize_parameters(n_x, n_h, n_y) 创建参数。",
    "input.hint_transposed_pass": "看起来是转置了：样本必须是列。是不是传入了 X.T（或者忘了 .T）？",
    "input.hint_W1_columns": "W1 有 {n_x} 列，每个输入特征一列，但 X 有 {rows} 行："
                             "请按 X.shape[0] 个输入特征来初始化参数。",
    "input.X_fits_W1": "X 的形状必须是 (n_x, m) = ({n_x}, m)，才能和 W1 相配；收到的是 {got}。"
                       "{hint}",
    "input.sn_cache_shape": "cache[\"{entry}\"] 的形状必须是 {shape}，才能和参数以及 X 相配；"
                            "收到的是 {got}。请传入 forward_propagation 对同一个 X 返回的 cache。",
    "input.X_transposed_for_labels": "X 的形状必须是 (n_x, m)，每个样本一列；收到的 X 形状为 "
                                     "{got}，却有 {m} 个标签。看起来是转置了：样本必须是列。"
                                     "是不是忘了 .T？",
    "input.hint_labels_per_output": "标签必须每个输出占一行：请用 Y.reshape(1, -1)。",
    "input.Y_columns": "Y 的形状必须是 (n_y, m) = (n_y, {m})，X 的每一列对应一列；收到的是 "
                       "{got}。{hint}",
    "input.A2_shape": "A2 的形状必须是 (1, m)；收到的是 {got}。它是 forward_propagation 返回的"
                      "第一个值。",
    "input.hint_reshape_row": "请用 Y.reshape(1, -1)。",
    "input.Y_like_A2": "Y 的形状必须和 A2 相同，即 (1, m) = {shape}；收到的是 {got}。{hint}",
    "input.Y_shape": "Y 的形状必须是 (1, m) = ({n_y}, {m})；收到的是 {got}。{hint}",
    "input.sn_grad_shape": "grads[\"d{name}\"] 的形状必须和 parameters[\"{name}\"] 相同，即 "
                           "{shape}；收到的是 {got}。",
    "input.hint_transposed": "看起来是转置了：样本必须是列。",
    "input.dn_A_shape": "{name} 的形状必须是 (n[l-1], m) = ({n}, m)，才能和形状为 "
                        "(n[l], n[l-1]) = {W_shape} 的 W 相配；收到的是 {got}。{hint}",
    "input.hint_b_column": "把 b 变成一列：b.reshape(-1, 1)。",
    "input.dn_b_shape": "b 的形状必须是 (n[l], 1) = ({n}, 1)，才能和形状为 {W_shape} 的 W "
                        "相配；收到的是 {got}。{hint}",
    "input.one_of": "{name} 必须是 {options} 之一；收到的是 {got}。",
    "input.layer_dims": "{name} 必须是至少有 {n} 个层大小的列表 [n_x, n[1], ..., n[L]]；"
                        "收到的是 {got}。",
    "input.layer_size": "每个层的大小都必须是正整数；{name} = {got}。",
    "input.dn_parameters_type": "parameters 必须是含键 'W1'、'b1'、……、'WL'、'bL' 的 dict；"
                                "收到的是 {got}。",
    "input.dn_parameters_missing": "parameters 缺少键 {missing}；它有的键是 {keys}。"
                                   "一个 L 层的网络需要 'W1'、'b1'、……、'WL'、'bL'。",
    "input.dn_b_layer": "parameters['b{l}'] 的形状必须是 (n[{l}], 1) = ({n}, 1)；收到的是 {got}。",
    "input.dn_W_layer": "parameters['W{l}'] 的形状必须是 (n[{l}], n[{k}])，其中 n[{k}] = {n}"
                        "（W{k} 的行数）；收到的是 {got}。",
    "input.dn_output_shape": "{name} 的形状必须是 (1, m)；收到的是 {got}。这个二分类器的最后一层"
                             "只有一个单元。",
    "input.dn_dZ_shape": "dZ 的形状必须是 (n[l], m) = ({n}, {m})，即缓存中 Z 的形状；"
                         "收到的是 {got}。",
    "input.dn_dA_shape": "dA 的形状必须和缓存中的 Z 相同，即 (n[l], m) = {shape}；收到的是 {got}。",
    "input.dn_caches": "caches 必须是 L_model_forward 返回的、由各层缓存组成的非空列表；"
                       "收到的是 {got}。",
    "input.dn_AL_cache": "AL 的形状必须和最后一个缓存中的 Z 相同，即 {shape}；收到的是 {got}。",
    "input.dn_grads_type": "grads 必须是含键 'dW1'、'db1'、…… 的 dict；收到的是 {got}。",
    "input.dn_grads_missing": "grads 缺少键 {entry}；它有的键是 {keys}。",
    "input.dn_grad_shape": "grads[{entry}] 的形状必须和 {name} 相同，即 {shape}；收到的是 {got}。",
    "input.dn_layers_end": "layers_dims 必须以 1 结尾（一个 sigmoid 输出单元，对应形状为 "
                           "(1, m) 的标签 Y）；收到的是 {got}。",
    "input.dn_two_layers": "2 层模型的 layers_dims 必须是 (n_x, n_h, n_y)；收到的是 {got}。"
                           "更深的网络请用 L_layer_model。",
    "table.model": "模型",
    "table.runs": "次数",
    "table.train": "训练集（{n}）",
    "table.train_mean": "训练集",
    "table.test": "测试集（{n}）",
    "table.fresh": "新图片（{n}）",
    "table.scheme": "初始化方案",
    "table.lr": "学习率",
    "table.cost": "代价",
    "table.dead": "死亡单元，第 1-3 层",
    "table.diverged": "发散",
    "table.lesson_rate": "使用本课的学习率 0.0075：",
    "table.sweep": "学习率扫描（种子 {seeds}）",
    "table.logistic": "逻辑回归",
    "table.logistic_short": "逻辑回归",
    "table.layers": "{L} 层 {hidden}",
    "table.layers_only": "{L} 层",
    "table.sweep_row": "{model}，{scheme}",
    "table.lesson": "{model}，本课设置",
    "plot.model_he": "{model}\nHe",
    "plot.model_lesson": "{model}\n{init}\n学习率 {lr}（本课）",
    "scheme.zeros": "全零",
    "scheme.small": "小值 (x 0.01)",
    "scheme.randn": "randn (x 1)",
    "scheme.lecun": "LeCun 1/sqrt(n_in)",
    "scheme.xavier": "Glorot/Xavier",
    "scheme.he": "He sqrt(2/n_in)",
    "class.0": "非猫",
    "class.1": "猫",
    "log.cost": "第 {i} 次迭代的代价：{cost:.6f}",
    "log.accuracy": "准确率：{value:.1f}%",
    "gradients.missing": "grads 里没有参数 {name} 对应的 {entry}；它有 {keys}。",
    "gradients.shape": "grads[{entry}] 的形状应与 {name} 相同，即 {shape}；实际是 {got}。",
    "gradients.rel_error_shapes": "rel_error 需要两个形状相同的数组；收到的是 {left} 和 {right}。",
    "stub.not_done": "练习“{exercise}”还没有完成：请在 {path} 中 '{begin}' 和 '{end}' "
                     "两行之间写出它的代码，替换这里的 raise。",
    "stub.not_done_anonymous": "这个练习还没有完成：请在 {path} 中 '{begin}' 和 '{end}' "
                               "两行之间写出它的代码，替换这里的 raise。",
    "stub.your_code": "# 在这里写你的代码（见上面的说明）：把每个 None 换掉。",
}

# The public cases' names (the ``name`` of each Case in course_utils/checks/<module>.py),
# shown in a failing check's first line (tests/test_translate.py checks that every public
# case has one here, and that none is left over).
CASE_NAMES = {
    "z = 0": "z = 0",
    "z = [0, 2]": "z = [0, 2]",
    "a (2, 1) array keeps its shape": "(2, 1) 的数组保持原来的形状",
    "large |z|": "很大的 |z|",
    "dim = 2": "dim = 2",
    "dim = 1": "dim = 1",
    "dim = 12288": "dim = 12288",
    "hand-worked, w = 0": "手算，w = 0",
    "one example (m = 1)": "一个样本（m = 1）",
    "three examples": "三个样本",
    "one step by hand": "手算一步",
    "100 iterations": "100 次迭代",
    "201 iterations: three recorded costs": "201 次迭代：记录下的三个代价",
    "every probability exactly 0.5": "每个概率都恰好是 0.5",
    "hand-worked, z = 1, -1": "手算，z = 1、-1",
    "hand-worked, b = -1.5": "手算，b = -1.5",
    "7 training examples, 101 iterations": "7 个训练样本，101 次迭代",
    "the flower's shapes": "花数据的形状",
    "X (5, 3), Y (2, 3)": "X 为 (5, 3)，Y 为 (2, 3)",
    "n_x=2, n_h=4, n_y=1 (published values)": "n_x=2，n_h=4，n_y=1（公开的数值）",
    "n_x=3, n_h=2, n_y=1": "n_x=3，n_h=2，n_y=1",
    "seed=3 keyword": "关键字参数 seed=3",
    "one unit everywhere": "每层一个单元",
    "hand-worked, m = 2": "手算，m = 2",
    "classic test input (recorded)": "经典测试输入（记录值）",
    "A2 = 0.5": "A2 = 0.5",
    "classic test input": "经典测试输入",
    "A2 within 1e-12 of 0 or 1": "A2 与 0 或 1 相差不到 1e-12",
    "exactly 0 or 1": "恰好为 0 或 1",
    "classic test input (published values)": "经典测试输入（公开的数值）",
    "lr = 0.5": "学习率 0.5",
    "default learning rate (1.2)": "默认学习率（1.2）",
    "zero gradients": "梯度为零",
    "1 iteration, learning_rate=0.5": "1 次迭代，learning_rate=0.5",
    "0 iterations: the initial parameters": "0 次迭代：初始参数",
    "1 iteration": "1 次迭代",
    "10000 iterations (published values)": "10000 次迭代（公开的数值）",
    "seed=5, n_h = 3, 100 iterations": "seed=5，n_h = 3，100 次迭代",
    "A2 = 0.5 exactly gives 0": "A2 恰好为 0.5 时得 0",
    "hand-worked, A2 = [0.75, 0.25]": "手算，A2 = [0.75, 0.25]",
    "hand-worked, biases and tanh decide": "手算，由偏置和 tanh 决定",
    "trained classic network": "训练好的经典网络",
    "classic (3, 2, 1)": "经典用例 (3, 2, 1)",
    "(1, 1, 3): W2 has n_y rows": "(1, 1, 3)：W2 有 n_y 行",
    "classic [5, 4, 3]": "经典用例 [5, 4, 3]",
    "[2, 1, 1]: draws in the order W1, W2": "[2, 1, 1]：按 W1、W2 的顺序抽取",
    "seed=1, three layers": "seed=1，三层",
    "init='lecun': randn / sqrt(n[l-1])": "init='lecun'：randn / sqrt(n[l-1])",
    "init='xavier': randn * sqrt(2 / (n[l-1] + n[l]))":
        "init='xavier'：randn * sqrt(2 / (n[l-1] + n[l]))",
    "init='he': randn * sqrt(2 / n[l-1])": "init='he'：randn * sqrt(2 / n[l-1])",
    "init='zeros'": "init='zeros'",
    "hand-worked": "手算",
    "b broadcasts over the m columns": "b 广播到 m 列上",
    "classic": "经典用例",
    "hand-worked, sigmoid": "手算，sigmoid",
    "hand-worked, relu": "手算，relu",
    "one example (m = 1), relu": "一个样本（m = 1），relu",
    "classic, sigmoid": "经典用例，sigmoid",
    "classic, relu": "经典用例，relu",
    "L = 1, hand-worked": "L = 1，手算",
    "L = 2, hand-worked": "L = 2，手算",
    "classic, L = 3": "经典用例，L = 3",
    "all cats": "全是猫",
    "AL within 1e-12 of 0 or 1": "AL 与 0 或 1 相差不到 1e-12",
    "hand-worked, sigmoid, m = 1": "手算，sigmoid，m = 1",
    "L = 2, 2 examples": "L = 2，2 个样本",
    "L = 3, 3 examples": "L = 3，3 个样本",
    "hand-worked, L = 1": "手算，L = 1",
    "classic, L = 2": "经典用例，L = 2",
    "(4, 3, 1), 101 iterations, lr 0.5": "(4, 3, 1)，101 次迭代，学习率 0.5",
    "seed=5, 0 iterations": "seed=5，0 次迭代",
    "AL = 0.5 exactly gives 0": "AL 恰好为 0.5 时得 0",
    "x = -1, 0.5, 2": "x = -1、0.5、2",
    "classic network, L = 3": "经典网络，L = 3",
    "[4, 3, 2, 1], 101 iterations, lr 0.5": "[4, 3, 2, 1]，101 次迭代，学习率 0.5",
    "init='he', seed=2, 101 iterations, lr 0.1": "init='he'，seed=2，101 次迭代，学习率 0.1",
}
