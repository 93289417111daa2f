"""How close are the lesson 3 training loops to the cost of their unavoidable products?

Training on the cat pictures is dominated by the two products with the 12288-wide
input: W1 X in the forward pass and dZ1 X^T in the backward pass. Everything else
(the small layers, activations, the update of W1) should add little. For each model
this script prints its time per iteration, the time of those two products with the
same shapes (measured in the same run), and the ratio; the target is <= 1.3.

Timings are noisy on a shared machine, so every number is the minimum of several
repeats, and the model's runs and the products' runs alternate so that both see the
same load. A model run includes its initialisation (drawing W1 costs about half an
iteration), spread over the iterations of the run.

    python benchmarks/bench_training.py [--iterations 50] [--repeats 9] [--threads 1]

``--threads N`` limits the BLAS threads (with threadpoolctl, installed with
scikit-learn); on a machine shared with other jobs, 1 thread gives steadier numbers.
"""
import argparse
import time

import numpy as np

from course_utils.deep_network import L_layer_model, two_layer_model


def cat_shaped_data(m=209, num_px=64, seed=0):
    """Random pictures laid out exactly like the notebook's: reshape(m, -1).T / 255."""
    rng = np.random.RandomState(seed)
    x_orig = rng.randint(0, 256, size=(m, num_px, num_px, 3), dtype=np.uint8)
    X = x_orig.reshape(m, -1).T / 255.0                 # (12288, m), a transposed layout
    Y = rng.randint(0, 2, size=(1, m))
    return X, Y


def wall_time(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def products_loop(X, n1, iterations, seed=1):
    """A function doing ``iterations`` times W1 @ X and dZ1 @ X.T, W1 (n1, n_x), dZ1 (n1, m)."""
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n1, X.shape[0]) * 0.01
    dZ1 = rng.randn(n1, X.shape[1])

    def loop():
        for _ in range(iterations):
            W1 @ X
            dZ1 @ X.T

    return loop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--threads", type=int, default=None,
                        help="limit the BLAS threads (default: the library's default)")
    args = parser.parse_args()
    if args.threads is not None:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
    X, Y = cat_shaped_data()
    threads = "default" if args.threads is None else args.threads
    print(f"X {X.shape}, {args.iterations} iterations per run, minimum of {args.repeats} "
          f"runs, BLAS threads: {threads}\n")
    print(f"{'model':<40} {'ms/iter':>8} {'products ms/iter':>17} {'ratio':>6}")
    runs = [("two_layer_model (12288, 7, 1)", two_layer_model, (12288, 7, 1)),
            ("L_layer_model (12288, 20, 7, 5, 1)", L_layer_model, [12288, 20, 7, 5, 1])]
    for name, model, dims in runs:
        products = products_loop(X, dims[1], args.iterations)
        t_model = t_prod = float("inf")
        for _ in range(args.repeats):          # alternate, so both see the same load
            t_model = min(t_model, wall_time(
                lambda model=model, dims=dims: model(X, Y, dims,
                                                     num_iterations=args.iterations)))
            t_prod = min(t_prod, wall_time(products))
        t_model /= args.iterations
        t_prod /= args.iterations
        print(f"{name:<40} {1e3 * t_model:8.2f} {1e3 * t_prod:17.2f} "
              f"{t_model / t_prod:6.2f}")


if __name__ == "__main__":
    main()
