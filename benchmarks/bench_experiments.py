"""How long would lesson 3's depth comparison take if the notebook ran it live?

The multi-seed tables are computed by ``python -m tools experiments`` and stored;
this script estimates what a live version would cost in the notebook: logistic
regression once (2000 iterations) plus, for each seed, the 2-layer [12288, 7, 1] and the
4-layer [12288, 20, 7, 5, 1] network at 2500 iterations (the learning-rate sweep not
included). It times ``--iterations`` iterations of each model on the real pictures
(minimum of ``--repeats`` runs, which alternate so that every model sees the same load)
and scales them up.

    python benchmarks/bench_experiments.py [--seeds 5] [--iterations 200] [--repeats 3]
                                           [--threads N]

Timings are noisy on a shared machine: compare the minimum with the load (``uptime``).
"""
import argparse
import os
import time

os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")   # as the tests and the command

from course_utils import logistic_regression  # noqa: E402
from course_utils.datasets import load_cat_dataset                       # noqa: E402
from course_utils.deep_network import L_layer_model                      # noqa: E402
from tools import experiments  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads is not None:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    train_x, Y, test_x, Y_test, _ = load_cat_dataset()
    X, X_test = experiments.flatten(train_x), experiments.flatten(test_x)
    models = {"2-layer": experiments.TWO_LAYER, "4-layer": experiments.FOUR_LAYER}
    best = {name: float("inf") for name in [*models, "logistic regression"]}
    for _ in range(args.repeats):
        for name, dims in models.items():
            t = time.perf_counter()
            L_layer_model(X, Y, dims, learning_rate=0.01, num_iterations=args.iterations,
                          init="he", seed=1)
            best[name] = min(best[name], (time.perf_counter() - t) / args.iterations)
        t = time.perf_counter()
        logistic_regression.model(X, Y, X_test, Y_test, num_iterations=args.iterations,
                                  learning_rate=0.005)
        best["logistic regression"] = min(best["logistic regression"],
                                          (time.perf_counter() - t) / args.iterations)
    for name, per_iteration in best.items():
        print(f"{name:<20} {1e3 * per_iteration:6.2f} ms per iteration")
    total = (2000 * best["logistic regression"]
             + args.seeds * 2500 * (best["2-layer"] + best["4-layer"]))
    print(f"live depth comparison, {args.seeds} seeds x 2500 iterations + logistic regression: "
          f"about {total:.0f} s (load average {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
