"""Activation functions and their derivatives, each derivative next to its function.

All functions work element-wise on arrays of any shape (usually Z of shape
(n[l], m)) and return new arrays. ``*_derivative(z)`` gives g'(z);
``*_backward(dA, Z)`` applies the chain rule dZ = dA * g'(Z) used by backprop.

They are written to be numerically safe: ``sigmoid`` never overflows for large
|z| and ``cross_entropy`` never returns inf or NaN for probabilities of 0 or 1.
"""
import numpy as np


def sigmoid(z):
    """sigma(z) = 1 / (1 + exp(-z)), computed without overflow.

    For z >= 0 use 1 / (1 + e^-z); for z < 0 the same value is e^z / (1 + e^z).
    Both only ever exponentiate -|z| <= 0, so exp never overflows.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))                     # in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


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


EPS = 1e-15  # probabilities are kept in [EPS, 1 - EPS] so that log() stays finite


def cross_entropy(A, Y):
    """Mean cross-entropy  J = -1/m sum( y log a + (1 - y) log(1 - a) ).

    Parameters
    ----------
    A : ndarray of shape (1, m), predicted probabilities in [0, 1]
    Y : ndarray of shape (1, m), labels 0 or 1

    Returns
    -------
    cost : float. Probabilities are clipped to [1e-15, 1 - 1e-15], so a confident
        wrong prediction costs about 34.5 instead of inf, and A == Y costs ~0.
    """
    A = np.clip(A, EPS, 1.0 - EPS)
    m = Y.shape[1]
    return float(-(np.dot(np.log(A), Y.T) + np.dot(np.log1p(-A), (1.0 - Y).T)).item() / m)
