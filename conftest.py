"""Settings for the whole test run (unit tests, nbval, the browser test), and the test areas.

Environment. OpenBLAS is pinned to one family of compute kernels before NumPy is imported
here or in any kernel or server the tests start (they inherit the environment). OpenBLAS
picks its kernels by CPU; different kernels sum in a different order, and a few lesson
experiments (gradient descent near the edge of stability) amplify those last-bit
differences into different printed results. Haswell kernels (AVX2) run on every x86-64
machine of the last decade, so saved notebook outputs match on all of them. The number of
BLAS threads is pinned too: OpenBLAS splits a product between its threads, and a chaotic
run (lesson 1 at learning rate 0.05) ends differently with one thread than with two.
``python -m tools record`` records the outputs with the same settings. No process of the
run writes bytecode (``__pycache__``) into the checkout.

Areas. Every test belongs to exactly one area, named by a marker (``pyproject.toml`` lists
them; a test module sets ``pytestmark``, the nbval items of the notebooks get
``notebooks``). ``python -m pytest -m unit`` is the fast loop; plain ``python -m pytest``
runs every area. ``--forbid-skips AREA,...`` (``.ci/run`` passes it) turns a skipped test
of those areas into a failure: CI must not lose a browser or sandbox test to a missing tool.
"""
import os
import sys

import pytest

os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"     # kernels, servers and CLIs the tests start
sys.dont_write_bytecode = True                  # this process

AREAS = ("unit", "notebooks", "browser", "binder", "sandbox", "experiments", "field")


def pytest_addoption(parser):
    parser.addoption("--forbid-skips", default="", metavar="AREA,...",
                     help="a skipped test of one of these areas (markers) fails instead")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::")[0].endswith(".ipynb"):
            item.add_marker(pytest.mark.notebooks)
        areas = [m.name for m in item.iter_markers() if m.name in AREAS]
        if len(areas) != 1:
            raise pytest.UsageError(f"{item.nodeid}: every test belongs to exactly one area "
                                    f"({', '.join(AREAS)}); it has {areas or 'none'}. Set "
                                    "pytestmark in its module.")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    forbidden = {a for a in item.config.getoption("--forbid-skips").split(",") if a}
    if report.skipped and not hasattr(report, "wasxfail") \
            and forbidden & {m.name for m in item.iter_markers()}:
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (f"skipped, but this run forbids skipping the areas "
                           f"{sorted(forbidden)}: {reason}")
