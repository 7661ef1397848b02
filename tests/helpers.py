"""Data the tests make: a noisy-plane LMS data set, and a .mat file written with the same bytes every run."""
import io
import os
import re
from pathlib import Path

import numpy as np
import pytest
import scipy.io

from hw1.data import Dataset
from hw1.params import check_array, check_rng, check_scalar, check_type

# 116 bytes of text open every MATLAB 5 file; scipy puts today's date there, we put this.
MAT_HEADER = b"MATLAB 5.0 MAT-file, written by tests/helpers.write_mat (fixed header: same bytes every run)"


def make_plane_dataset(num_samples, w_true, noise_std, *, rng):
    """Points of a noisy plane: ``d_k = w0 + w1 x1_k + w2 x2_k + noise``, features standard normal.

    Parameters
    ----------
    num_samples : int  K
    w_true : array_like (3,)  ``[w0, w1, w2]``
    noise_std : float  standard deviation of the Gaussian noise added to ``d``
    rng : numpy.random.Generator

    Returns
    -------
    Dataset(X (K, 3), D (K, 1))  rows of X are ``[1, x1_k, x2_k]``; D a column, as a .mat file holds it
    """
    w_true = check_array("w_true", w_true, shape=(3,))
    num_samples = check_scalar("num_samples", num_samples, int, min_val=1)
    noise_std = check_scalar("noise_std", noise_std, float, min_val=0)
    check_rng(rng)
    features = rng.standard_normal((num_samples, 2))
    X = np.column_stack([np.ones(num_samples), features])
    D = X @ w_true + noise_std * rng.standard_normal(num_samples)
    return Dataset(X, D[:, None])


def write_mat(path, X, D):
    """Write ``X`` and ``D`` to a MATLAB 5 ``.mat`` file whose bytes depend only on the data.

    ``scipy.io.savemat`` stamps the file's header with the current date; the header is replaced
    by :data:`MAT_HEADER`, so rerunning the generator gives a byte-identical file.
    """
    path = check_type("path", path, (str, os.PathLike), "a path (str or pathlib.Path)")
    X, D = check_array("X", X, ndim=2), check_array("D", D, ndim=(1, 2))
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, {"X": X, "D": D})
    path = Path(path)
    path.write_bytes(MAT_HEADER.ljust(116, b" ") + buffer.getvalue()[116:])
    return path


def whole(message):
    """A pattern for pytest.raises(match=...) that matches exactly ``message``, the whole sentence."""
    return "^" + re.escape(message) + "$"


def line_named(ax, label):
    """The one line of ``ax`` whose legend label is ``label`` (fails if there is none or several)."""
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def refusal(call):
    """The sentence of the ValueError that ``call()`` raises (fails if it raises none)."""
    with pytest.raises(ValueError) as raised:
        call()
    return str(raised.value)


@pytest.fixture(autouse=True)
def close_figures():
    """Autouse where a test module imports it: the figures a test opened are closed after it
    (pyplot keeps every open figure alive)."""
    yield
    import matplotlib.pyplot as plt  # here: most modules that import helpers draw nothing
    plt.close("all")
