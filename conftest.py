"""Settings for the whole test run (unit tests, nbval, the browser test).

Pin OpenBLAS to one family of compute kernels before NumPy is imported here or in any
kernel or server the tests start (they inherit the environment). OpenBLAS picks its
kernels by CPU; different kernels sum in a different order, and a few lesson
experiments (gradient descent near the edge of stability) amplify those last-bit
differences into different printed results. Haswell kernels (AVX2) run on every
x86-64 machine of the last decade, so saved notebook outputs match on all of them.
The number of BLAS threads is pinned too: OpenBLAS splits a product between its
threads, and a chaotic run (lesson 1 at learning rate 0.05) ends differently with one
thread than with two. ``tools/execute_notebooks.py`` records the outputs with the same
settings.
"""
import os

os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
