"""Adalines and two-layer Madalines with bipolar signals (problems 1.2 and 2.1 to 2.4).

Inputs and outputs are bipolar: +1 is true, -1 is false. An Adaline with weights
``w = (w0, w1, ..., wn)``, bias first, computes the feature ``s = w0 + w1 x1 + ... + wn xn`` and the
output ``y = sign(s)``. Convention: ``sign(0) = +1``. Every weight set used in the report keeps
``|s| > 0`` on every row, so no answer depends on that choice.

Truth tables list the 2**n bipolar input rows with x1 varying slowest and -1 before +1.
"""
from itertools import combinations, product
from typing import NamedTuple

import numpy as np
from scipy.optimize import linprog

# Output of a two-input Boolean function on the rows (-1,-1), (-1,+1), (+1,-1), (+1,+1), as bits
# (1 = true), mapped to its usual name; {0} and {1} stand for the two inputs.
_TWO_INPUT_NAMES = {
    (0, 0, 0, 0): "FALSE", (0, 0, 0, 1): "AND", (0, 0, 1, 0): "{0} AND NOT {1}",
    (0, 0, 1, 1): "{0}", (0, 1, 0, 0): "NOT {0} AND {1}", (0, 1, 0, 1): "{1}",
    (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR", (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR",
    (1, 0, 1, 0): "NOT {1}", (1, 0, 1, 1): "{0} OR NOT {1}", (1, 1, 0, 0): "NOT {0}",
    (1, 1, 0, 1): "NOT {0} OR {1}", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "TRUE",
}


class MadalineFit(NamedTuple):
    """Result of :func:`mrii_train`."""

    W1: np.ndarray  # (n_hidden, n_inputs + 1) hidden weights, bias first
    w2: np.ndarray  # (n_hidden + 1,) output weights, bias first
    n_errors: int  # misclassified rows at the end
    n_epochs: int  # passes over the rows that were run


def bipolar_sign(s):
    """Bipolar sign, +1 where ``s >= 0`` and -1 elsewhere (so ``sign(0) = +1``).

    Parameters
    ----------
    s : array_like (...)

    Returns
    -------
    ndarray (...) of float, entries +-1
    """
    return np.where(np.asarray(s) >= 0, 1.0, -1.0)


def truth_table_inputs(n_inputs):
    """All ``2**n_inputs`` bipolar input rows, x1 varying slowest, -1 before +1.

    Returns
    -------
    ndarray (2**n_inputs, n_inputs)
    """
    if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)) or n_inputs < 1:
        raise ValueError(f"n_inputs is {n_inputs!r}; expected an integer >= 1.")
    return np.array(list(product([-1.0, 1.0], repeat=n_inputs)))


def boolean_function(name, x):
    """Bipolar target of a named logic function on each row of ``x``.

    Parameters
    ----------
    name : {"nand", "majority", "xor"}
        "nand" and "xor" take two inputs; "majority" is true when most inputs are true.
    x : array_like (n_rows, n_inputs)  bipolar inputs

    Returns
    -------
    ndarray (n_rows,)  +-1
    """
    x = _check_bipolar("x", x, ndim=2)
    if name in ("nand", "xor") and x.shape[1] != 2:
        raise ValueError(f"{name} takes 2 inputs; x has {x.shape[1]} columns.")
    if name == "nand":
        return -np.min(x, axis=1)
    if name == "xor":
        return -x[:, 0] * x[:, 1]
    if name == "majority":
        return bipolar_sign(x.sum(axis=1) - 0.5 * (x.shape[1] % 2 == 0))
    raise ValueError(f"name is {name!r}; expected 'nand', 'majority' or 'xor'.")


def name_two_input_function(y, inputs=("x1", "x2")):
    """Usual name of the two-input Boolean function with outputs ``y`` on the truth-table rows.

    Parameters
    ----------
    y : array_like (4,)  bipolar outputs on rows (-1,-1), (-1,+1), (+1,-1), (+1,+1)
    inputs : (str, str)  names of the two inputs in the returned text

    Returns
    -------
    str, e.g. "NAND" or "NOT x1 OR x2" (that is, x1 implies x2)
    """
    y = _check_bipolar("y", y, ndim=1)
    if y.shape != (4,):
        raise ValueError(f"y has shape {y.shape}; expected 4 outputs, one per truth-table row.")
    return _TWO_INPUT_NAMES[tuple(int(v > 0) for v in y)].format(*inputs)


def adaline_output(w, x):
    """Feature ``s = w0 + x @ w[1:]`` and output ``y = sign(s)`` of one Adaline.

    Parameters
    ----------
    w : array_like (n_inputs + 1,)  weights, bias first
    x : array_like (n_rows, n_inputs)  inputs, one row per sample

    Returns
    -------
    s : ndarray (n_rows,)
    y : ndarray (n_rows,)  +-1
    """
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    if x.ndim != 2 or w.shape != (x.shape[1] + 1,):
        raise ValueError(
            f"w has shape {w.shape} and x {x.shape}; expected x (n_rows, n) and w (n + 1,)."
        )
    s = w[0] + x @ w[1:]
    return s, bipolar_sign(s)


def madaline_output(W1, w2, x):
    """Forward pass of a two-layer Madaline: Adalines, signs, one output Adaline.

    Parameters
    ----------
    W1 : array_like (n_hidden, n_inputs + 1)  hidden weights, bias first
    w2 : array_like (n_hidden + 1,)  output weights, bias first
    x : array_like (n_rows, n_inputs)

    Returns
    -------
    s1 : ndarray (n_rows, n_hidden)  hidden features
    h : ndarray (n_rows, n_hidden)  hidden outputs sign(s1)
    s2 : ndarray (n_rows,)  output feature
    y : ndarray (n_rows,)  output sign(s2)
    """
    W1, x = np.asarray(W1, dtype=float), np.asarray(x, dtype=float)
    if W1.ndim != 2 or x.ndim != 2 or W1.shape[1] != x.shape[1] + 1:
        raise ValueError(
            f"W1 has shape {W1.shape} and x {x.shape}; expected x (n_rows, n) and W1 (m, n + 1)."
        )
    s1 = W1[:, 0] + x @ W1[:, 1:].T
    h = bipolar_sign(s1)
    s2, y = adaline_output(w2, h)
    return s1, h, s2, y


def least_squares_weights(x, d):
    """Adaline weights minimising the squared error ``sum_i (d_i - s_i)**2`` (the Wiener solution).

    Parameters
    ----------
    x : array_like (n_rows, n_inputs)
    d : array_like (n_rows,)  bipolar targets

    Returns
    -------
    ndarray (n_inputs + 1,)  weights, bias first (minimum norm if not unique)
    """
    x, d = _check_rows(x, d)
    xa = np.column_stack([np.ones(len(x)), x])
    return np.linalg.lstsq(xa, d, rcond=None)[0]


def max_margin_weights(x, d):
    """Adaline weights with the largest smallest ``d_i * s_i`` when every ``|w_j| <= 1`` (j >= 1).

    Solves the linear program: maximise ``t`` subject to ``d_i (w0 + w . x_i) >= t`` and
    ``-1 <= w_j <= 1`` for the input weights (the bias is free). With the weights bounded in the
    max-norm, ``t`` is the distance, in the 1-norm, from the closest row to the boundary.
    ``t > 0`` exactly when the rows are linearly separable.

    Parameters
    ----------
    x : array_like (n_rows, n_inputs)
    d : array_like (n_rows,)  bipolar targets, both classes present

    Returns
    -------
    w : ndarray (n_inputs + 1,)  weights, bias first
    margin : float  the optimal ``t``
    """
    x, d = _check_rows(x, d)
    if np.all(d == d[0]):
        raise ValueError("d has a single class; expected both +1 and -1 targets.")
    n_rows, n_inputs = x.shape
    xa = np.column_stack([np.ones(n_rows), x])
    # variables (w0, w1..wn, t); rows: t - d_i * (xa_i . w) <= 0
    A_ub = np.column_stack([-d[:, None] * xa, np.ones(n_rows)])
    c = np.zeros(n_inputs + 2)
    c[-1] = -1.0
    bounds = [(None, None)] + [(-1.0, 1.0)] * n_inputs + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(n_rows), bounds=bounds, method="highs")
    if res.status != 0:
        raise ValueError(f"the margin linear program failed: {res.message}")
    return res.x[:-1], float(res.x[-1])


def _alpha_lms(w, xa, target):
    """alpha-LMS step with alpha = 1: the smallest change of ``w`` that makes ``w . xa == target``."""
    return w + (target - w @ xa) * xa / (xa @ xa)


def _madaline_signs(W1, w2, xa):
    """Hidden outputs (n_rows, n_hidden) and outputs (n_rows,) for bias-augmented inputs ``xa``."""
    h = bipolar_sign(xa @ W1.T)
    return h, bipolar_sign(w2[0] + h @ w2[1:])


def mrii_train(x, d, rng, n_hidden=2, max_epochs=50, init_scale=0.1):
    """Train a two-layer Madaline with Widrow's Madaline Rule II (minimal disturbance).

    The weights start uniform in ``[-init_scale, init_scale]``. Each epoch visits the rows in a
    random order. On a row the network gets wrong, hidden units are trial-flipped in order of
    increasing ``|s|`` (least confident first), one at a time, then in pairs, and so on: a flip
    moves the unit's weights by the smallest step (alpha-LMS) that sets its feature on this row
    to the opposite sign, ``s -> -sign(s)``. A trial is kept when it corrects this row without
    raising the number of misclassified rows of the whole set; otherwise the weights are
    restored and the next trial runs. If no trial is kept, the output Adaline takes an alpha-LMS
    step that sets its feature on this row to the target. Training stops after an epoch that
    ends with no errors, or after ``max_epochs``.

    Parameters
    ----------
    x : array_like (n_rows, n_inputs)  bipolar inputs
    d : array_like (n_rows,)  bipolar targets
    rng : numpy.random.Generator  source of the initial weights and the row order
    n_hidden : int  hidden Adalines
    max_epochs : int
    init_scale : float  half-width of the uniform initial weights

    Returns
    -------
    MadalineFit(W1 (n_hidden, n_inputs + 1), w2 (n_hidden + 1,), n_errors, n_epochs)
    """
    x, d = _check_rows(x, d)
    for name, value in (("n_hidden", n_hidden), ("max_epochs", max_epochs)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} is {value!r}; expected an integer >= 1.")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng is a {type(rng).__name__}; expected a numpy.random.Generator.")
    if not np.isfinite(init_scale) or init_scale <= 0:
        raise ValueError(f"init_scale is {init_scale!r}; expected a positive number.")
    n_rows, n_inputs = x.shape
    xa = np.column_stack([np.ones(n_rows), x])
    W1 = rng.uniform(-init_scale, init_scale, (n_hidden, n_inputs + 1))
    w2 = rng.uniform(-init_scale, init_scale, n_hidden + 1)
    errors = int(np.sum(_madaline_signs(W1, w2, xa)[1] != d))
    epoch = 0
    while errors > 0 and epoch < max_epochs:
        epoch += 1
        for k in rng.permutation(n_rows):
            s1 = W1 @ xa[k]
            h = bipolar_sign(s1)
            if bipolar_sign(w2[0] + h @ w2[1:]) == d[k]:
                continue
            order = np.argsort(np.abs(s1), kind="stable")
            trials = (units for size in range(1, n_hidden + 1) for units in combinations(order, size))
            for units in trials:
                W_trial = W1.copy()
                for j in units:
                    W_trial[j] = _alpha_lms(W1[j], xa[k], -h[j])
                h_trial, y_trial = _madaline_signs(W_trial, w2, xa)
                trial_errors = int(np.sum(y_trial != d))
                if y_trial[k] == d[k] and trial_errors <= errors:
                    W1, errors = W_trial, trial_errors
                    break
            else:
                w2 = _alpha_lms(w2, np.concatenate([[1.0], h]), d[k])
                errors = int(np.sum(_madaline_signs(W1, w2, xa)[1] != d))
    return MadalineFit(W1, w2, errors, epoch)


def _check_bipolar(name, a, ndim):
    a = np.asarray(a, dtype=float)
    if a.ndim != ndim or a.size == 0 or not np.all(np.abs(a) == 1):
        raise ValueError(f"{name} has shape {a.shape}; expected a non-empty {ndim}-D array of +-1.")
    return a


def _check_rows(x, d):
    x, d = _check_bipolar("x", x, ndim=2), _check_bipolar("d", d, ndim=1)
    if len(d) != len(x):
        raise ValueError(f"d has {len(d)} targets; expected one per row of x ({len(x)} rows).")
    return x, d
