"""ECE 661 Homework 1, Lab 1 (LMS): every result of the lab, from one file.

    python lab1_lms.py [path/to/dataset.mat]

Reads the course's data set (X: K x 3 with a first column of ones, D: K x 1), by default the
dataset.mat beside this file; prints the answers to (a), (b) and (d), the weights to 8 decimals;
saves the figures of (b), (c) and (d) as PNG files beside this file. Needs numpy, scipy and
matplotlib only. The report discusses every number.
"""
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the figures go to files; no window is opened

from hw1.data import file_sha256, load_dataset
from hw1.lms import critical_rate_cyclic, mse, run_rate, train_lms, wiener_solution, within_epoch_mse
from hw1.lms_figures import plot_mse_per_epoch, plot_planes, plot_rates

HERE = Path(__file__).resolve().parent
LR, NUM_EPOCHS = 0.01, 20                            # (b)
RATES, BIG_RATES = [0.005, 0.01, 0.05, 0.5], [0.7, 1.0]  # (d), and the larger rates it asks to try
USAGE = "usage: python lab1_lms.py [path/to/dataset.mat]"


def vector(w):
    """Weights to 8 decimals; those of a diverging run, which are huge, to 8 significant digits."""
    return "[" + ", ".join(f"{v:.8f}" if abs(v) < 1e4 else f"{v:.7e}" for v in w) + "]"


def save(fig, name):
    path = HERE / name
    fig.savefig(path, dpi=200, bbox_inches="tight", metadata={"Software": None})
    print(f"    saved {path.name}")


def main(argv):
    if len(argv) > 2 or argv[1:] and argv[1] in ("-h", "--help"):
        sys.exit(USAGE)
    path = Path(argv[1]) if len(argv) == 2 else HERE / "dataset.mat"
    try:
        X, D = load_dataset(path)
    except (FileNotFoundError, ValueError) as error:
        sys.exit(f"{error}\n{USAGE}")
    print(f"data set: {path} ({X.shape[0]} samples), sha256 {file_sha256(path)}")

    print("\n(a) Least-squares (Wiener) solution")
    W_star = wiener_solution(X, D)
    mse_star = mse(X, D, W_star)
    print(f"    W* = {vector(W_star)}")
    print(f"    MSE(W*) = {mse_star:.8e}   (MSE = ||D - XW||^2 / (2K))")

    print(f"\n(b) LMS from W0 = [0, 0, 0], r = {LR}, {NUM_EPOCHS} epochs")
    run = train_lms(X, D, LR, NUM_EPOCHS)
    print(f"    W after {NUM_EPOCHS} epochs = {vector(run.w)}")
    print("    MSE after each epoch: " + ", ".join(f"{m:.4e}" for m in run.mse_per_epoch))
    save(plot_mse_per_epoch(run.mse_per_epoch, mse_star, lr=LR), "lab1_b_mse.png")

    print("\n(c) The data with the planes of (a) and (b)")
    save(plot_planes(X, D, W_star, run.w, lr=LR), "lab1_c_planes.png")

    print(f"\n(d) LMS at other rates, {NUM_EPOCHS} epochs each "
          "(rho(A): the factor by which one epoch shrinks or grows the distance to its limit)")
    runs = {lr: run_rate(X, D, lr, NUM_EPOCHS) for lr in RATES + BIG_RATES}
    for lr, r in runs.items():
        verdict = "converges" if r.radius < 1 else "diverges"
        if r.blew_up:
            verdict += f": stopped after epoch {len(r.mse_per_epoch)}, MSE above 1e100"
        print(f"    r = {lr:<5g} final MSE {r.mse_per_epoch[-1]:.8e}  W = {vector(r.w)}  "
              f"rho(A) = {r.radius:.4g}, {verdict}")
    print(f"    LMS in the data set's order converges for r below {critical_rate_cyclic(X):.4f} (rho(A) = 1 there)")
    # the figure's third panel follows one more epoch at the largest rate whose MSE went down
    # (0.5 on the course's data)
    went_down = [lr for lr, r in runs.items() if r.mse_per_epoch[-1] <= r.mse_per_epoch[0]]
    if not went_down:
        sys.exit("no learning rate lowered the MSE on this data set: no figure for (d)")
    lr_within = max(went_down)
    within = within_epoch_mse(X, D, lr_within, runs[lr_within].w)
    save(plot_rates({lr: r.mse_per_epoch for lr, r in runs.items()}, mse_star, within, lr_within=lr_within),
         "lab1_d_rates.png")


if __name__ == "__main__":
    main(sys.argv)
