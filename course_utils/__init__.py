"""nn-course: neural networks from first principles in NumPy.

One shape convention is used everywhere in this package and in the notebooks:
**examples are columns**.

========  ================  ==========================================
symbol    shape             meaning
========  ================  ==========================================
X         (n_x, m)          m examples, each a column of n_x features
Y         (1, m)            labels, 0 or 1
W[l]      (n[l], n[l-1])    weights of layer l
b[l]      (n[l], 1)         biases of layer l (broadcast over m columns)
Z[l]      (n[l], m)         W[l] A[l-1] + b[l]
A[l]      (n[l], m)         g[l](Z[l]); A[0] = X
========  ================  ==========================================

Modules
-------
activations          sigmoid, tanh, relu, leaky_relu and their derivatives
logistic_regression  lesson 1 graded functions
shallow_network      lesson 2 graded functions (one tanh hidden layer)
deep_network         lesson 3 graded functions (L layers)
_validation          the input validation the graded functions share (clear errors)
datasets             data loaders (cats, planar flower, extra 2-D sets, your own image)
synthetic_cats       the generator of the shipped cat / non-cat pictures
metrics              accuracy
plotting             decision boundaries, learning curves, image grids
numerical_gradient   relative error, centred numerical gradients, compare_gradients
experiment_results   lesson 3's stored experiments, read and shown
files                atomic_write: a file is written whole or not at all
markers              the solution markers (which graded functions exist)
registry             the exercises, derived from the markers, in course order
checks               the public checks the notebooks call, and the one engine that judges
                     (policy, diagnosis, render, public); the grader judges with it too
messages             every sentence the course says, one table per language (en, zh)
progress             which exercises pass (python -m course_utils progress)
handin               the one file a student hands in (python -m course_utils handin)

The instructor's tools (student edition, autograder) are the separate package
``course_instructor``, which imports this one; this package never imports it.

Nothing in this package touches NumPy's global random state: functions that
draw random numbers take a ``seed`` and use a local ``np.random.RandomState``.
No function modifies its inputs in place.
"""

__version__ = "0.1.0"
