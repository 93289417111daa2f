"""The course's sentences in English: the reference table (see course_utils.messages)."""

TEXTS = {
    # ---- A public check in a notebook and the grader's feedback alike: what an answer is and how
    #      it differs (course_utils/checks/render.py)
    "kind.none": "None",
    "kind.array": "an ndarray of shape {shape}",
    "kind.array_ndim": "an ndarray of {ndim} dimensions",
    "kind.number": "a number (a float, an int, a NumPy scalar or a 0-d array)",
    "kind.number_of": "a number ({type})",
    "kind.a_number": "a number",
    "kind.dict": "a dict of {n} keys",
    "kind.dict_keys": "a dict with the keys {keys}",
    "kind.sequence": "a {type} of {n} items",
    "kind.sequence_of": "a tuple (or list) of {n} items",
    "kind.bool": "a bool (True/False), not a number",
    "kind.other": "a {type}",
    "mismatch.returns": "{function} should return {n} values ({names}); got {got}.",
    "mismatch.kind": "{path} should be {expected}; got {got}.",
    "mismatch.missing": "{path} is missing the key(s) {missing}.",
    "mismatch.length": "{path} should have {expected} items; got {got}.",
    "mismatch.shape": "{path} should have shape {expected}; got {got}.",
    "mismatch.ndim": "{path} should have shape {expected}; got an array of {got} dimensions.",
    "mismatch.dtype": "{path} should hold real numbers; got dtype {got}.",
    "mismatch.nan": "{path} holds NaN or infinity at {count} of {total} entries.",
    "mismatch.values.public": "{path} differs at {count} of {total} entries; first at index "
                              "{index}: expected {expected}, got {got}{tol}.",
    "mismatch.values.hidden": "{path} differs from the expected values at {count} of {total} "
                              "entries{tol}.",
    "mismatch.value.public": "{path}: expected {expected}, got {got}{tol}.",
    "mismatch.value.hidden": "{path} is not the expected value{tol}.",
    "mismatch.tolerance": " (tolerance rtol={rtol:g}, atol={atol:g})",
    "mismatch.where.line": " at line {line} (in {function})",
    "mismatch.where.line_only": " at line {line}",
    "mismatch.where.function": " (in {function})",
    "mismatch.raised.public": "your code raised {type}{where}: {message}",
    "mismatch.raised.hidden": "your code raised {type}{where}.",
    "mismatch.raised.unknown_type": "an exception",
    "mismatch.raised.not_done": "not implemented yet (NotImplementedError){where}.",
    "mismatch.changed": "your function changed its argument {path}, which belongs to the caller.",
    "mismatch.hint": "Hint: {text}",
    "note.line": "Note: {text}",
    "mismatch.inputs": "This case's inputs: {inputs}.",
    # ---- Hints, each tied to the mistake it diagnoses (course_utils/checks/diagnosis.py)
    "hint.none": "the value is None: a function that ends without `return`, or a name left as "
                 "None?",
    "hint.db_sum": "a single number where a column is expected: sum over the examples only, "
                   "np.sum(dZ, axis=1, keepdims=True).",
    "hint.number_for_array": "a single number where an array is expected: a sum or a mean too "
                             "many?",
    "hint.squeeze": "this one-entry array should be a plain number: float(...) or "
                    "np.squeeze(...) turns it into one.",
    "hint.array_for_number": "an array where one number is expected: a missing sum (np.sum) or "
                             "mean?",
    "hint.list_for_array": "a list where an ndarray is expected: np.array(...) makes one.",
    "hint.transposed": "this is the transposed shape: a missing or extra .T, or a matrix product "
                       "in the wrong order (W @ A, not A @ W)?",
    "hint.keepdims": "a 1-D sum where a column is expected: np.sum(..., axis=1, keepdims=True) "
                     "keeps the 2-D shape.",
    "hint.shape_tuple": "give the full 2-D shape as a tuple: np.zeros({shape}), not np.zeros(n).",
    "hint.one_d": "a 1-D array where the 2-D shape {shape} is expected: the course keeps vectors "
                  "as columns (use .reshape(-1, 1) or keepdims=True).",
    "hint.square": "a square result where a row or column is expected: a (1, m) and an (m, 1) "
                   "array were combined entry by entry (check Y's shape), or * was used where a "
                   "matrix product (@ or np.dot) was meant.",
    "hint.db_axis": "this sums over everything; sum over the examples only: np.sum(dZ, axis=1, "
                    "keepdims=True).",
    "hint.nan": "NaN or infinity appeared: log(0), 0/0 or an overflow in your formula?",
    "hint.nan_saturated": "with inputs this large, np.exp overflows or log(0) appears: use "
                          "the numerically safe forms the lesson explains (a sigmoid that "
                          "only exponentiates -|z|; probabilities clipped with np.clip(A, "
                          "1e-15, 1 - 1e-15) before a log).",
    "hint.threshold": "an output of exactly 0.5 must give 0: predict 1 only where the "
                      "probability is strictly greater than 0.5 (A > 0.5).",
    "hint.unchanged": "{name} came back unchanged: is the update `{name} - learning_rate * "
                      "d{name}` computed and kept?",
    "hint.uphill": "the step went uphill: the update subtracts the gradient, {name} = {name} - "
                   "learning_rate * d{name}.",
    "hint.sign_gradient": "your gradient has the opposite sign: at a sigmoid output dZ = A - Y "
                          "(not Y - A), and dAL = -(Y / AL - (1 - Y) / (1 - AL)).",
    "hint.sign_cost": "your cost has the opposite sign: J = -1/m * sum(Y log A + (1 - Y) log(1 - "
                      "A)) is positive.",
    "hint.times_m": "your result is m times too large: did you forget to divide by m?",
    "hint.divided_twice": "your result is m times too small: divided by m twice?",
    "hint.random_draws": "draw from one local generator rng = np.random.RandomState(seed) (or "
                         "call np.random.seed(seed) first), with randn(rows, columns), in the "
                         "order the docstring gives (W1 before W2, ...).",
    "hint.zero_biases": "the biases start at zero: np.zeros((rows, 1)).",
    "hint.scaled": "every entry is the expected one times the same factor: a wrong scale (such "
                   "as * 0.01, / m or a learning rate)?",
    "hint.costs_every_100": "record the cost every 100 iterations only (when i % 100 == 0), "
                            "starting with iteration 0.",
    "hint.order": "the values look right but in another order: return {names}, in this order.",
    "hint.changed": "work on new arrays: write w = w - learning_rate * dw (not w -= ...), and "
                    "build a new dict (new = dict(params)) instead of assigning into the "
                    "caller's; a shallow params.copy() still shares the arrays.",
    "hint.error_matmul": "a matrix product P @ Q (or np.dot(P, Q)) needs as many columns in P as "
                         "rows in Q: (a, b) @ (b, c) gives (a, c). Compare the shapes of the "
                         "line's operands with the docstring's: a missing .T?",
    "hint.error_broadcast": "an entry-by-entry operation (+, -, *, /) got arrays whose shapes do "
                            "not fit: each axis must be equal or 1. Compare the shapes with the "
                            "docstring's.",
    "hint.error_unpack": "a line unpacks a different number of values than the function returns: "
                         "course_utils.activations.sigmoid and relu return A only; "
                         "linear_forward returns (Z, cache); an activation cache is "
                         "(linear_cache, Z).",
    "hint.error_name": "a name is used before it is defined (a typo, or defined only in one "
                       "branch); m, for instance, is X.shape[1].",
    "hint.error_none": "a value is None: a function of yours that ends without `return`?",
    "hint.error_key": "a dict has no such key: check the keys' names ('W1', 'dW1', ...) against "
                      "the docstring.",
    "hint.error_validation": "one of the course's input checks refused a value your code passed "
                             "to it; the notebook's check shows its full message.",
    "hint.error_validation.public": "this message comes from one of the course's input checks: "
                                    "it names the value your line passed and what it should be.",
    # ---- A student running a check in a notebook (course_utils/checks/public.py, render.py)
    "check.passed": "{function}: all {n} cases passed.",
    "check.passed_one": "{function}: the case passed.",
    "check.case_header": "{function}, case '{case}': ",
    "check.not_callable": "the check of {function} needs the function itself (no parentheses); "
                          "got {got}.",
    "check.not_done_where": " (raised at line {line} of {file})",
    "check.numpy_said": "(NumPy's own words: {message})",
    "detail.matmul": "a matrix product P @ Q where P has {columns} column(s) but Q has {rows} "
                     "row(s); they must be equal.",
    "detail.dot": "np.dot of arrays of shapes {left} and {right}: the first one's columns must "
                  "equal the second one's rows.",
    "detail.broadcast": "an entry-by-entry operation on arrays of shapes {shapes}, which do not "
                        "fit together.",
    "note.dependency": "{function} calls your {other}, which does not pass its own check yet: "
                       "fix {other} first (run its check cell).",
    "note.fp_events": "NumPy reported {events} while your function ran. The results are right, "
                      "so this passes; the numerically safe form in the lesson avoids it (NumPy "
                      "would print a RuntimeWarning each time).",
    "note.cost_exact": "with {name} exactly 0 or 1 (a confident network's output can round to "
                       "that) your cost is not finite, because 0 * log(0) is NaN. That is not "
                       "graded, but training then reports NaN costs: clip {name} to "
                       "[1e-15, 1 - 1e-15] first (np.clip({name}, 1e-15, 1 - 1e-15)), and "
                       "the cost stays finite.",
    # ---- ... and comparing gradients with finite differences (course_utils/numerical_gradient.py,
    #      course_utils/checks/shallow_network.py)
    "gradients.line": "{name:>4}: relative error {error:.2e}",
    "gradients.too_large": "  <-- too large: at index {index} your gradient is {analytic:.6g}, "
                           "the numerical one {numeric:.6g}",
    "gradients.failed": "Gradient check failed (tolerance {tol:.0e}):",
    "gradients.backward_not_dict": "backward_propagation should return a dict of gradients; got "
                                   "{type}.",
    "gradients.backward_failed": "backward_propagation, numerical gradient check: {error}",
    "gradients.backward_passed": "backward_propagation: all 4 gradients agree with centred "
                                 "differences (relative error < {tol:.0e}).",
    # ---- ... and the formula reminders and notes of each lesson's checks
    #      (course_utils/checks/<module>.py)
    "reminder.lr.sigmoid.s": "sigma(z) = 1 / (1 + exp(-z)), entry by entry (np.exp).",
    "reminder.lr.predict.Y_prediction": "the probabilities are sigmoid of (w.T @ X + b); predict "
                                        "1 where one is > 0.5, else 0.",
    "reminder.lr.model.w": "initialise with initialize_with_zeros(X_train.shape[0]), then run "
                           "optimize with num_iterations and learning_rate, and take w and b "
                           "from its params.",
    "reminder.lr.model.costs": "the costs are optimize's, run with num_iterations and "
                               "learning_rate.",
    "reminder.lr.model.Y_prediction_test": "predict on X_test with the trained w and b.",
    "reminder.lr.model.Y_prediction_train": "predict on X_train with the trained w and b.",
    "reminder.sn.layer_sizes.n_h": "n_h is 4 in this lesson: a fixed size, not read from the "
                                   "data.",
    "reminder.sn.layer_sizes.n_x": "n_x is the number of rows of X (X.shape[0]), one per feature.",
    "reminder.sn.layer_sizes.n_y": "n_y is the number of rows of Y (Y.shape[0]).",
    "reminder.sn.forward_propagation.A2": "Z1 = W1 @ X + b1 (W first), A1 is tanh of Z1 "
                                          "(np.tanh: tanh in the hidden layer), Z2 = W2 @ A1 + "
                                          "b2, and A2 is sigmoid of Z2.",
    "reminder.sn.compute_cost.cost": "J = -1/m * sum(Y log A2 + (1 - Y) log(1 - A2)), m = "
                                     "Y.shape[1].",
    "reminder.sn.update_parameters.W1": "each parameter minus learning_rate times its gradient, "
                                        "with the learning_rate argument (1.2 is only its "
                                        "default).",
    "reminder.sn.backward_propagation.dW1": "dZ1 = (W2.T @ dZ2) * (1 - A1**2): tanh's derivative "
                                            "written with A1 = tanh(Z1), multiplied entry by "
                                            "entry (*), not with @.",
    "reminder.sn.backward_propagation.db1": "db1 = np.sum(dZ1, axis=1, keepdims=True) / m, with "
                                            "dZ1 = (W2.T @ dZ2) * (1 - A1**2).",
    "reminder.sn.nn_model.W1": "initialise with initialize_parameters(n_x, n_h, n_y, seed=seed), "
                               "then repeat forward_propagation, backward_propagation and "
                               "update_parameters (with learning_rate) num_iterations times.",
    "reminder.dn.linear_forward.Z": "Z = W @ A + b (W first; b broadcasts over the m columns).",
    "reminder.dn.linear_forward.cache": "the cache is (A, W, b), in this order: LinearCache(A, "
                                        "W, b).",
    "reminder.dn.linear_activation_forward.A": "first the linear part with linear_forward, then "
                                               "sigmoid or relu of its Z.",
    "reminder.dn.linear_activation_forward.cache": "the cache is the pair (linear_cache, Z), in "
                                                   "this order.",
    "reminder.dn.L_model_forward.AL": "[LINEAR -> RELU] for layers 1 .. L-1, then LINEAR -> "
                                      "SIGMOID for layer L.",
    "reminder.dn.L_model_forward.caches": "append every layer's cache to caches, the last "
                                          "(sigmoid) one too: L caches in all.",
    "reminder.dn.linear_activation_backward.dA_prev": "first dZ from sigmoid_backward or "
                                                      "relu_backward (as activation says) of dA "
                                                      "and the cache's Z, then linear_backward "
                                                      "with the linear cache.",
    "reminder.dn.L_model_backward.grads": "start from dAL (cross_entropy_backward(AL, Y)) "
                                          "through the sigmoid layer L, then pass each layer's "
                                          "dA_prev down to the ReLU layers L-1, ..., 1.",
    "reminder.dn.L_layer_model.W1": "initialise with initialize_parameters_deep(layers_dims, "
                                    "seed=seed, init=init), then L_model_forward, "
                                    "L_model_backward, update_parameters with learning_rate.",
    "reminder.dn.two_layer_model.W1": "initialise with initialize_parameters(n_x, n_h, n_y, "
                                      "seed=seed); then forward (relu, then sigmoid), backward "
                                      "starting from cross_entropy_backward of A2 and Y, and "
                                      "update with learning_rate.",
    "note.lr.sigmoid": "np.exp overflowed for a large |z| (np.exp(1000) is inf). Your values are "
                       "still right, since 1 / (1 + inf) = 0, so this passes; but NumPy warns "
                       "every time, and the same overflow inside other formulas gives NaN. The "
                       "lesson's stable form only ever exponentiates -|z|.",
    # ---- A student reading the grader's feedback (course_instructor/scoring.py, reports.py)
    "feedback.title": "Feedback for {name}",
    "feedback.total": "Total: {score} / {max} points",
    "feedback.exercise": "{exercise}: {score} / {points} points, {passed} of {n} hidden cases "
                         "passed",
    "feedback.hidden_case": "hidden case {k} of {n}: {reason}",
    "feedback.all_cases": "all {n} hidden cases: {reason}",
    "feedback.dependency": "{other}, which {function} usually calls, lost points too: fix "
                           "{other} first.",
    "feedback.closing": "Hidden cases are other inputs than the notebook's checks; their inputs "
                        "and expected values are not shown. Run the notebook's check cells first.",
    "feedback.size_note": " (? stands for a size that is none of this case's own sizes.)",
    "feedback.passed": "passed",
    "feedback.unreadable": "your function's output could not be read back.",
    "feedback.too_big": "your function returned a value too large or too deeply nested to be "
                        "read back.",
    "feedback.not_comparable": "the output could not be compared ({type}).",
    "feedback.sandbox_failed": "not graded: the grading sandbox failed on this exercise (not "
                               "your code); your instructor will grade it again.",
    "feedback.grader_failed": "not graded: the grader failed on this exercise (not your code); "
                              "your instructor will grade it again.",
    "feedback.starved": "not graded: the grading machine was too busy to give this exercise "
                        "its CPU time (not your code); your instructor will grade it again.",
    "feedback.no_result": "no result: {why}.",
    "feedback.no_result_importing": "no result: {why} while importing course_utils/{module}.py.",
    "feedback.why.timeout": "the time limit of {timeout:g} s was exceeded (an infinite loop? a "
                            "very slow computation?)",
    "feedback.why.memory": "the memory limit of {memory_mb} MB was exceeded",
    "feedback.why.crashed": "the process crashed",
    "feedback.why.exited": "the process ended before returning (exit(), os._exit() or a crash?)",
    "feedback.import_failed": "importing your course_utils/{module}.py failed: {reason}",
    "feedback.module_not_graded": "not graded: {why}.",
    "feedback.submission_not_graded": "submission {name} was not graded: {why}.",
    # ---- A student's lesson module importing what the course does not provide: the notebook
    #      check and the grader's feedback alike (course_utils/checks/imports.py)
    "import.refused": "{function}: {message}",
    "import.unprovided": "{path} imports {names}, which the course does not provide: the "
                         "grader has only Python's standard library, the course's own "
                         "package course_utils and these packages of requirements.txt: "
                         "{available}. Remove that import (or use one of these).",
    # ---- A student handing in (course_utils/handin.py, python -m course_utils handin)
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
    # ---- A student running python -m course_utils progress (course_utils/progress.py)
    "progress.lesson": "Lesson {lesson} (course_utils/{module}.py): {done} of {n} exercises pass",
    "progress.passed": "passed",
    "progress.failing": "failing",
    "progress.not_started": "not started",
    "progress.import": "course_utils/{module}.py does not import: {error}",
    # ---- A student looking at the figures (course_utils/plotting.py)
    "plot.class": "class {k}",
    "plot.misclassified": "misclassified",
    "plot.iteration": "iteration",
    "plot.cost": "cost",
    "plot.cost_J": "cost $J$",
    "plot.learning_rate": "Learning rate = {rate}",
    "plot.pred_true": "#{i}\npred: {pred}\ntrue: {true}",
    "plot.layer": "layer {l}\nLINEAR → {act}",
    "plot.cache": "cache {l}",
    "plot.flow_legend": "solid blue: forward (values go up the layers, caches are stored);  "
                        "dashed red: backward (gradients come down, caches are read)",
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
    # ---- Issue 19: what a Chinese notebook shows in Chinese too: input errors, stubs,
    #      training logs, experiment tables, figure labels, class names
    "plot.net_input": "input\n{n} features",
    "plot.net_layer": "layer {l}\n{n} units, {act}",
    "plot.net_layer_one": "layer {l}\n{n} unit, {act}",
    "input.not_array": "{name} must be a NumPy array; got {got}. Convert it with "
                       "np.asarray({name}).",
    "input.not_numbers": "{name} must hold numbers; got an array of dtype {dtype}.",
    "input.ndim": "{name} must be a {ndim}-D array; got shape {shape} ({got}-D).",
    "input.real_array": "{name} must be a real number; got ndarray of shape {shape}.",
    "input.real": "{name} must be a real number; got {got}.",
    "input.positive_int": "{name} must be a positive integer; got {got}.",
    "input.nonnegative_int": "{name} must be a non-negative integer; got {got}.",
    "input.positive_number": "{name} must be a positive number; got {got}.",
    "input.hint_transposed_reshape": " It looks transposed: examples must be columns. Did you "
                                     "forget .T after reshape(m, -1)?",
    "input.X_shape": "{name} must have shape (n_x, m) = ({n_x}, m); got {got}.{hint}",
    "input.not_finite": "{name} contains NaN or infinite values.",
    "input.hint_labels_row": " A {shape} label array would broadcast against (1, {m}) into "
                             "the wrong shape without any error; use {name}.reshape(1, -1).",
    "input.labels_shape": "{name} must have shape (1, m) = (1, {m}); got {got}.{hint}",
    "input.labels_values": "{name} must contain only the labels 0 and 1; found {bad}.",
    "input.same_shape": "{left} and {right} must have the same shape; got {left_shape} and "
                        "{right_shape}.",
    "input.language": "language must be 'en' or 'zh'; got {got}.",
    "input.w_for_examples": " Or, if X is right, w was made for the m = {m} examples: w needs "
                            "one row per feature, X.shape[0] = {rows} rows.",
    "input.hint_w_column": " Make w a column: w.reshape(-1, 1).",
    "input.w_shape": "w must have shape (n_x, 1) = ({n_x}, 1); got {got}.{hint}",
    "input.dict_type": "{name} must be a dict with keys {keys}; got {got}. Create it with "
                       "{made_by}.",
    "input.dict_missing": "{name} is missing the key(s) {missing}; it has {keys}. Create it "
                          "with {made_by}.",
    "input.sn_parameter_shape": "parameters[\"{entry}\"] must have shape {shape} to match W1 of "
                                "shape {W1_shape} (n_h = {n_h} hidden units) and W2 with n_y = "
                                "{n_y} rows; got {got}. Create the parameters with "
                                "initialize_parameters(n_x, n_h, n_y).",
    "input.hint_transposed_pass": " It looks transposed: examples must be columns. Did you "
                                  "pass X.T (or forget the .T)?",
    "input.hint_W1_columns": " W1 has {n_x} columns, one per input feature, but X has {rows} "
                             "rows: initialise the parameters for X.shape[0] input features.",
    "input.X_fits_W1": "X must have shape (n_x, m) = ({n_x}, m) to match W1; got {got}.{hint}",
    "input.sn_cache_shape": "cache[\"{entry}\"] must have shape {shape} to match the parameters "
                            "and X; got {got}. Pass the cache that forward_propagation returned "
                            "for this same X.",
    "input.X_transposed_for_labels": "X must have shape (n_x, m), one column per example; got "
                                     "X of shape {got} for {m} labels. It looks transposed: "
                                     "examples must be columns. Did you forget .T?",
    "input.hint_labels_per_output": " Labels must be a row per output: use Y.reshape(1, -1).",
    "input.Y_columns": "Y must have shape (n_y, m) = (n_y, {m}), one column per column of X; "
                       "got {got}.{hint}",
    "input.A2_shape": "A2 must have shape (1, m); got {got}. It is the first value that "
                      "forward_propagation returns.",
    "input.hint_reshape_row": " Use Y.reshape(1, -1).",
    "input.Y_like_A2": "Y must have the shape of A2, (1, m) = {shape}; got {got}.{hint}",
    "input.Y_shape": "Y must have shape (1, m) = ({n_y}, {m}); got {got}.{hint}",
    "input.sn_grad_shape": "grads[\"d{name}\"] must have the shape of parameters[\"{name}\"], "
                           "{shape}; got {got}.",
    "input.hint_transposed": " It looks transposed: examples must be columns.",
    "input.dn_A_shape": "{name} must have shape (n[l-1], m) = ({n}, m) to match W of shape "
                        "(n[l], n[l-1]) = {W_shape}; got {got}.{hint}",
    "input.hint_b_column": " Make b a column: b.reshape(-1, 1).",
    "input.dn_b_shape": "b must have shape (n[l], 1) = ({n}, 1) to match W of shape {W_shape}; "
                        "got {got}.{hint}",
    "input.one_of": "{name} must be one of {options}; got {got}.",
    "input.layer_dims": "{name} must be a list of at least {n} layer sizes [n_x, n[1], ..., "
                        "n[L]]; got {got}.",
    "input.layer_size": " Every layer size must be a positive integer; {name} = {got}.",
    "input.dn_parameters_type": "parameters must be a dict with keys 'W1', 'b1', ..., 'WL', "
                                "'bL'; got {got}.",
    "input.dn_parameters_missing": "parameters is missing the key(s) {missing}; it has {keys}. "
                                   "A network of L layers needs 'W1', 'b1', ..., 'WL', 'bL'.",
    "input.dn_b_layer": "parameters['b{l}'] must have shape (n[{l}], 1) = ({n}, 1); got {got}.",
    "input.dn_W_layer": "parameters['W{l}'] must have shape (n[{l}], n[{k}]) with n[{k}] = {n} "
                        "(the rows of W{k}); got {got}.",
    "input.dn_output_shape": "{name} must have shape (1, m); got {got}. The last layer of this "
                             "binary classifier has one unit.",
    "input.dn_dZ_shape": "dZ must have shape (n[l], m) = ({n}, {m}), that of Z in the cache; "
                         "got {got}.",
    "input.dn_dA_shape": "dA must have the shape of Z in the cache, (n[l], m) = {shape}; got "
                         "{got}.",
    "input.dn_caches": "caches must be the non-empty list of layer caches returned by "
                       "L_model_forward; got {got}.",
    "input.dn_AL_cache": "AL must have the shape of Z in the last cache, {shape}; got {got}.",
    "input.dn_grads_type": "grads must be a dict with keys 'dW1', 'db1', ...; got {got}.",
    "input.dn_grads_missing": "grads is missing the key {entry}; it has {keys}.",
    "input.dn_grad_shape": "grads[{entry}] must have the shape of {name}, {shape}; got {got}.",
    "input.dn_layers_end": "layers_dims must end with 1 (one sigmoid output unit for the "
                           "labels Y of shape (1, m)); got {got}.",
    "input.dn_two_layers": "layers_dims must be (n_x, n_h, n_y) for a 2-layer model; got {got}. "
                           "Use L_layer_model for deeper networks.",
    "table.model": "model",
    "table.runs": "runs",
    "table.train": "train ({n})",
    "table.train_mean": "train",
    "table.test": "test ({n})",
    "table.fresh": "fresh ({n})",
    "table.scheme": "scheme",
    "table.lr": "lr",
    "table.cost": "cost",
    "table.dead": "dead units, layers 1-3",
    "table.diverged": "diverged",
    "table.lesson_rate": "at the lesson's learning rate 0.0075:",
    "table.sweep": "sweep (seeds {seeds})",
    "table.logistic": "logistic regression",
    "table.logistic_short": "logistic\nregression",
    "table.layers": "{L} layers {hidden}",
    "table.layers_only": "{L} layers",
    "table.sweep_row": "{model}, {scheme}",
    "table.lesson": "{model}, lesson",
    "plot.model_he": "{model}\nHe",
    "plot.model_lesson": "{model}\n{init}\nlr {lr} (lesson)",
    "scheme.zeros": "zeros",
    "scheme.small": "small (x 0.01)",
    "scheme.randn": "randn (x 1)",
    "scheme.lecun": "LeCun 1/sqrt(n_in)",
    "scheme.xavier": "Glorot/Xavier",
    "scheme.he": "He sqrt(2/n_in)",
    "class.0": "non-cat",
    "class.1": "cat",
    "log.cost": "Cost after iteration {i}: {cost:.6f}",
    "log.accuracy": "Accuracy: {value:.1f}%",
    "gradients.missing": "grads has no entry {entry} for parameter {name}; it has {keys}.",
    "gradients.shape": "grads[{entry}] must have the shape of {name}, {shape}; got {got}.",
    "gradients.rel_error_shapes": "rel_error needs arrays of the same shape; got {left} and "
                                  "{right}.",
    "stub.not_done": "Exercise '{exercise}' is not done yet: write its code in {path}, "
                     "between the '{begin}' and '{end}' lines, in place of this raise.",
    "stub.not_done_anonymous": "This exercise is not done yet: write its code in {path}, "
                               "between the '{begin}' and '{end}' lines, in place of this "
                               "raise.",
    "stub.your_code": "# Your code here (see the instructions above): replace each None.",
}

CASE_NAMES = {}   # the public cases' names are written in English
