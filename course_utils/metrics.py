"""How good are the predictions? Shared by all lessons."""
import numpy as np

from course_utils._validation import validate_array


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
        raise ValueError(f"predictions and Y must have the same shape; got {predictions.shape} "
                         f"and {Y.shape}.")
    return float(100.0 * np.mean(predictions == Y))
