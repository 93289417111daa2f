"""Activation functions and their derivatives, each derivative next to its function.

All functions work element-wise on arrays of any shape (usually Z of shape
(n[l], m)) and return new arrays. ``*_derivative(z)`` gives g'(z);
``*_backward(dA, Z)`` applies the chain rule dZ = dA * g'(Z) used by backprop.

``sigmoid`` is yours: it is lesson 1's first graded function
(``course_utils/logistic_regression.py``), and lessons 2 and 3 use the one you wrote
there. (The course gives no ready-made sigmoid, nor a cross-entropy: you write both.)
"""
import numpy as np

from course_utils.logistic_regression import sigmoid  # noqa: F401  (lesson 1, graded: yours)


def sigmoid_derivative(z):
    """sigma'(z) = sigma(z) (1 - sigma(z)); at most 0.25, at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_backward(dA, Z):
    """dZ = dA * sigma'(Z); dA and Z have the same shape (n[l], m)."""
    return dA * sigmoid_derivative(Z)


def tanh(z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1); zero-centred."""
    return np.tanh(z)


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)^2; at most 1, at z = 0."""
    t = np.tanh(z)
    return 1.0 - t * t


def tanh_backward(dA, Z):
    """dZ = dA * (1 - tanh(Z)^2)."""
    return dA * tanh_derivative(Z)


def relu(z):
    """relu(z) = max(0, z)."""
    return np.maximum(0.0, z)


def relu_derivative(z):
    """relu'(z) = 1 for z > 0, else 0 (we take 0 at z = 0)."""
    return (np.asarray(z) > 0).astype(float)


def relu_backward(dA, Z):
    """dZ = dA where Z > 0, else 0."""
    return np.where(Z > 0, dA, 0.0)


def leaky_relu(z, alpha=0.01):
    """leaky_relu(z) = z for z > 0, alpha * z otherwise (a small slope keeps gradients alive)."""
    return np.where(np.asarray(z) > 0, z, alpha * np.asarray(z))


def leaky_relu_derivative(z, alpha=0.01):
    """leaky_relu'(z) = 1 for z > 0, alpha otherwise."""
    return np.where(np.asarray(z) > 0, 1.0, alpha)


def leaky_relu_backward(dA, Z, alpha=0.01):
    """dZ = dA * leaky_relu'(Z)."""
    return dA * leaky_relu_derivative(Z, alpha)


def linear(z):
    """The identity g(z) = z: stacking layers with it collapses into one linear map."""
    return np.asarray(z, dtype=float)
