"""ECE 661 Homework 1, Lab 1 (LMS): the lab's answers, from one file.

    python lab1_lms.py [path/to/dataset.mat]

Reads the course's data set (X: K x 3 with a first column of ones, D: K x 1), by default the
dataset.mat beside this file; prints the answers to (a), (b) and (d), the weights to 8 decimals;
saves the figures of (b), (c) and (d) as PNG files beside this file. Needs numpy, scipy and
matplotlib only. The report discusses every number.
"""
import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")  # the figures go to files; no window is opened

# The library's functions without their argument checks (the ones whose names start with _): this
# file's only input is the data file, which _read_dataset checks; the rest is the lab's settings.
from hw1.data import _read_dataset
from hw1.lms import LAB1, _epoch_map, _mse, _mse_zero_level, _rate_outcome, _spectral_radius, _train_lms, _wiener_solution
from hw1.lms_figures import _plot_mse_per_epoch, _plot_planes, _plot_rates

HERE = Path(__file__).resolve().parent
USAGE = "usage: python lab1_lms.py [path/to/dataset.mat]"


def main(argv):
    if len(argv) > 2 or argv[1:] and argv[1] in ("-h", "--help"):
        sys.exit(USAGE)
    path = Path(argv[1]) if len(argv) == 2 else HERE / "dataset.mat"
    try:
        X, D = _read_dataset(path, path)
    except (FileNotFoundError, ValueError) as error:
        sys.exit(f"{error}\n{USAGE}")
    print(f"data set: {path} ({X.shape[0]} samples)")
    zero = _mse_zero_level(X, D)  # noise-free data: an MSE below this is zero, not its digits

    def mse_text(value, digits=4):
        return f"{value:.{digits}e}" if value >= zero else f"< {zero:.1e} (zero to working precision)"

    print("\n(a) Least-squares (Wiener) solution")
    W_star = _wiener_solution(X, D)
    mse_star = _mse(X, D, W_star)
    print(f"    W* = {vector(W_star)}")
    print(f"    MSE(W*) = {mse_text(mse_star, 8)}   (MSE = ||D - XW||^2 / (2K))")

    print(f"\n(b) LMS from W0 = [0, 0, 0], r = {LAB1.lr}, {LAB1.num_epochs} epochs")
    run = _train_lms(X, D, LAB1.lr, LAB1.num_epochs)
    print(f"    W after {len(run.mse_per_epoch)} epochs = {vector(run.w)}")
    print("    MSE after each epoch: " + ", ".join(mse_text(m) for m in run.mse_per_epoch))
    save(_plot_mse_per_epoch(run.mse_per_epoch, mse_star, lr=LAB1.lr), "lab1_b_mse.png")

    print("\n(c) The data with the planes of (a) and (b)")
    save(_plot_planes(X, D, W_star, run.w, lr=LAB1.lr), "lab1_c_planes.png")

    print(f"\n(d) LMS at other rates, {LAB1.num_epochs} epochs each (rho(A): the factor by which one "
          "epoch in the data set's order shrinks or grows the distance to its limit; below 1 it converges)")
    runs = {lr: _train_lms(X, D, lr, LAB1.num_epochs) for lr in LAB1.rates + LAB1.big_rates}
    outcomes = {}
    for lr, r in runs.items():
        radius = _spectral_radius(_epoch_map(X, D, np.array(lr)).A)
        outcomes[lr] = _rate_outcome(radius)
        stopped = f"; stopped after epoch {len(r.mse_per_epoch)}, MSE above 1e100" if r.blew_up else ""
        print(f"    r = {lr:<5g} final MSE {mse_text(r.mse_per_epoch[-1], 8)}  W = {vector(r.w)}  "
              f"rho(A) = {radius:.4g}, {outcomes[lr]}{stopped}")
    converging = [lr for lr in runs if outcomes[lr] == "converges"]
    save(_plot_rates({lr: r.mse_per_epoch for lr, r in runs.items()}, mse_star, converging=converging),
         "lab1_d_rates.png")


def vector(w):
    """Weights to 8 decimals; those of a diverging run, which are huge, to 8 significant digits."""
    return "[" + ", ".join(f"{v:.8f}" if abs(v) < 1e4 else f"{v:.7e}" for v in w) + "]"


def save(fig, name):
    fig.savefig(HERE / name, dpi=200, bbox_inches="tight", metadata={"Software": None})
    print(f"    saved {name}")


if __name__ == "__main__":
    main(sys.argv)
