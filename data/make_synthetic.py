"""Write data/synthetic_dataset.mat, the committed stand-in for the course's LMS dataset.

    .venv/bin/python data/make_synthetic.py

Deterministic: the same seed, the same numbers, and a fixed file header, so a rerun gives the
same bytes (check with `sha256sum data/synthetic_dataset.mat`, or `git status`).
"""
from pathlib import Path

import numpy as np

from hw1.data import make_plane_dataset, write_mat

SEED = 661
NUM_SAMPLES = 100
W_TRUE = (0.5, -1.5, 2.0)  # [w0, w1, w2]; the course data lie near (1, 1, -2)
NOISE_STD = 0.02


def main():
    X, D = make_plane_dataset(np.random.default_rng(SEED), NUM_SAMPLES, W_TRUE, NOISE_STD)
    path = write_mat(Path(__file__).resolve().parent / "synthetic_dataset.mat", X, D)
    print(f"wrote {path.name}: X {X.shape}, D {D.shape}")


if __name__ == "__main__":
    main()
