"""How good are the predictions, and the lines the training loops print. Shared by all lessons.

The printed lines come from the course's string table, so a Chinese notebook prints them
in Chinese (``set_language("zh")`` in its first cell).
"""
import numpy as np

from course_utils._validation import validate_array
from course_utils.messages import text as _


def accuracy(predictions, Y):
    """Percentage of predictions equal to the labels.

    Parameters
    ----------
    predictions : ndarray of shape (1, m), 0/1 or bool
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    accuracy : float, in [0, 100]
    """
    validate_array(predictions, "predictions")
    validate_array(Y, "Y")
    if predictions.shape != Y.shape:
        raise ValueError(_("input.same_shape", left="predictions", right="Y",
                           left_shape=predictions.shape, right_shape=Y.shape))
    return float(100.0 * np.mean(predictions == Y))


def report_cost(iteration, cost):
    """Print one line of a training log: ``Cost after iteration 100: 0.500253``.

    Parameters
    ----------
    iteration : int
    cost : float, printed with 6 decimals
    """
    print(_("log.cost", i=iteration, cost=float(cost)))


def report_accuracy(value):
    """Print ``Accuracy: 98.6%`` (one decimal), ``value`` in percent."""
    print(_("log.accuracy", value=float(value)))
