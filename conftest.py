"""Settings for the whole test run (unit tests, nbval, the browser test).

Pin OpenBLAS to one family of compute kernels before NumPy is imported here or in any
kernel or server the tests start (they inherit the environment). OpenBLAS picks its
kernels by CPU; different kernels sum in a different order, and a few lesson
experiments (gradient descent near the edge of stability) amplify those last-bit
differences into different printed results. Haswell kernels (AVX2) run on every
x86-64 machine of the last decade, so saved notebook outputs match on all of them.
``tools/execute_notebooks.py`` records the outputs with the same setting.
"""
import os

os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
