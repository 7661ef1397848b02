"""Adalines and two-layer Madalines with bipolar signals (problems 1.2 and 2.1 to 2.4).

Inputs and outputs are bipolar: +1 is true, -1 is false. An Adaline with weights
``w = (w0, w1, ..., wn)``, bias first, computes the feature ``s = w0 + w1 x1 + ... + wn xn`` and the
output ``y = sign(s)``. Convention: ``sign(0) = +1``. Every weight set used in the report keeps
``|s| > 0`` on every row, so no answer depends on that choice.

Truth tables list the 2**n bipolar input rows with x1 varying slowest and -1 before +1.

Madaline Rule II (:func:`mrii_train`) trains many random starts at once, as one batched numpy
computation; :func:`mrii_xor_solutions` is the XOR experiment of problems 1.2 and 2.4.
"""
from itertools import combinations
from typing import NamedTuple

import numpy as np
from scipy.optimize import linprog
from scipy.spatial.distance import pdist

from hw1.params import POSITIVE, check_array, check_choice, check_rng, check_scalar, describe

# Bipolar signals: +1 is true, -1 false.
BIPOLAR = (-1, 1)
# Truth tables up to 2**20 rows (8 MiB per input column); larger ones are refused before allocating.
MAX_TRUTH_TABLE_INPUTS = 20
# Trials per wrong row grow as 2**num_hidden - 1, all evaluated at once: keep them small.
MAX_HIDDEN = 8

# Output of a two-input Boolean function on the rows (-1,-1), (-1,+1), (+1,-1), (+1,+1), as bits
# (1 = true), mapped to its usual name; {0} and {1} stand for the two inputs.
_TWO_INPUT_NAMES = {
    (0, 0, 0, 0): "FALSE", (0, 0, 0, 1): "AND", (0, 0, 1, 0): "{0} AND NOT {1}",
    (0, 0, 1, 1): "{0}", (0, 1, 0, 0): "NOT {0} AND {1}", (0, 1, 0, 1): "{1}",
    (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR", (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR",
    (1, 0, 1, 0): "NOT {1}", (1, 0, 1, 1): "{0} OR NOT {1}", (1, 1, 0, 0): "NOT {0}",
    (1, 1, 0, 1): "NOT {0} OR {1}", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "TRUE",
}
# the same, indexed by the bits read as a binary number (first row = most significant bit)
_NAME_BY_CODE = [_TWO_INPUT_NAMES[tuple((code >> (3 - r)) & 1 for r in range(4))] for code in range(16)]


class MadalineFits(NamedTuple):
    """Result of :func:`mrii_train`: one entry per random start (leading axis ``num_starts``)."""

    W1: np.ndarray  # (num_starts, num_hidden, num_inputs + 1) hidden weights, bias first
    w2: np.ndarray  # (num_starts, num_hidden + 1) output weights, bias first
    num_errors: np.ndarray  # (num_starts,) misclassified rows at the end
    num_epochs: np.ndarray  # (num_starts,) passes over the rows that were run

    @property
    def num_solved(self):
        """How many starts ended with zero errors."""
        return int(np.count_nonzero(self.num_errors == 0))


class AdalineOutput(NamedTuple):
    """Result of :func:`adaline_output`."""

    s: np.ndarray  # (num_rows,) features
    y: np.ndarray  # (num_rows,) outputs sign(s), +-1


class MadalineOutput(NamedTuple):
    """Result of :func:`madaline_output`."""

    s1: np.ndarray  # (num_rows, num_hidden) hidden features
    h: np.ndarray  # (num_rows, num_hidden) hidden outputs sign(s1)
    s2: np.ndarray  # (num_rows,) output feature
    y: np.ndarray  # (num_rows,) output sign(s2)


class MaxMargin(NamedTuple):
    """Result of :func:`max_margin_weights`."""

    w: np.ndarray  # (num_inputs + 1,) weights, bias first
    margin: float  # the optimal smallest d_i s_i


class BoundaryGeometry(NamedTuple):
    """Result of :func:`boundary_geometry`."""

    angle: np.ndarray  # direction of the normal (w1, w2), degrees in (-180, 180]
    offset: np.ndarray  # signed distance of the line from the origin, -w0 / |(w1, w2)|


class CanonicalMadaline(NamedTuple):
    """Result of :func:`canonical_madaline`: the same networks, one weight set per equivalence class."""

    W1: np.ndarray  # (..., m, n + 1) hidden rows of unit norm, sorted
    w2: np.ndarray  # (..., m + 1) output weights of unit norm, in the hidden units' new order


class SolutionKind(NamedTuple):
    """One way of computing XOR: the hidden units' functions of (x1, x2), the output's of (h1, h2)."""

    hidden1: str
    hidden2: str
    output: str
    num_runs: int


class MriiSolutions(NamedTuple):
    """Result of :func:`mrii_xor_solutions`."""

    fits: MadalineFits  # every start
    solved: np.ndarray  # (num_starts,) bool: zero errors at the end
    failed_errors: list  # the distinct error counts of the starts that did not solve XOR
    network: np.ndarray  # (num_solved,) str: the function each solved Madaline computes ("XOR")
    hidden: np.ndarray  # (num_solved, 2) str: hidden units' functions of (x1, x2), sorted by name
    output: np.ndarray  # (num_solved,) str: the output unit's function of (h1, h2)
    weights: np.ndarray  # (num_solved, 9): canonical W1 rows (hidden units in the order of `hidden`), then w2
    kinds: list  # SolutionKind, most frequent first (ties: by name)
    num_distinct: int  # distinct canonical weight sets, compared to 3 decimals
    min_distance: float  # smallest Euclidean distance between two solved runs' canonical weights
    median_distance: float  # median of those distances
    median_epochs: float  # epochs to zero errors over the solved runs: median,
    p90_epochs: float  # 90th percentile,
    max_epochs_used: int  # and the largest


def bipolar_sign(s):
    """Bipolar sign, +1 where ``s >= 0`` and -1 elsewhere (so ``sign(0) = +1``).

    Parameters
    ----------
    s : array_like (...)

    Returns
    -------
    ndarray (...) of float, entries +-1
    """
    return np.where(check_array("s", s, allow_empty=True) >= 0, 1.0, -1.0)


def truth_table_inputs(num_inputs):
    """All ``2**num_inputs`` bipolar input rows, x1 varying slowest, -1 before +1.

    At most :data:`MAX_TRUTH_TABLE_INPUTS` inputs: a larger table is refused before any memory
    is allocated (30 inputs would take 240 GiB).

    Returns
    -------
    ndarray (2**num_inputs, num_inputs)
    """
    check_scalar("num_inputs", num_inputs, int, min_val=1, max_val=MAX_TRUTH_TABLE_INPUTS)
    bits = (np.arange(2**num_inputs)[:, None] >> np.arange(num_inputs - 1, -1, -1)) & 1
    return 2.0 * bits - 1.0


def boolean_function(name, x):
    """Bipolar target of a named logic function on each row of ``x``.

    Parameters
    ----------
    name : {"nand", "majority", "xor"}
        "nand" and "xor" take two inputs; "majority" is true when most inputs are true.
    x : array_like (num_rows, num_inputs)  bipolar inputs

    Returns
    -------
    ndarray (num_rows,)  +-1
    """
    name = check_choice("name", name, ("nand", "majority", "xor"))
    x = check_array("x", x, values=BIPOLAR, ndim=2)
    if name in ("nand", "xor") and x.shape[1] != 2:
        raise ValueError(f"{name} takes 2 inputs; x has {x.shape[1]} columns.")
    if name == "nand":
        return -np.min(x, axis=1)
    if name == "xor":
        return -x[:, 0] * x[:, 1]
    return bipolar_sign(x.sum(axis=1) - 0.5 * (x.shape[1] % 2 == 0))


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
    y = check_array("y", y, values=BIPOLAR, ndim=1, shape=(4,))  # one output per truth-table row
    if not (isinstance(inputs, (tuple, list)) and len(inputs) == 2 and all(isinstance(v, str) for v in inputs)):
        raise ValueError(f"inputs is {describe(inputs)}; expected two names (str, str).")
    return _TWO_INPUT_NAMES[tuple(int(v > 0) for v in y)].format(*inputs)


def adaline_output(w, x):
    """Feature ``s = w0 + x @ w[1:]`` and output ``y = sign(s)`` of one Adaline.

    Parameters
    ----------
    w : array_like (num_inputs + 1,)  weights, bias first
    x : array_like (num_rows, num_inputs)  inputs, one row per sample

    Returns
    -------
    s : ndarray (num_rows,)
    y : ndarray (num_rows,)  +-1
    """
    x = check_array("x", x, ndim=2)
    w = check_array("w", w, ndim=1)
    if w.shape != (x.shape[1] + 1,):
        raise ValueError(
            f"w has shape {w.shape} and x {x.shape}; expected x (num_rows, n) and w (n + 1,)."
        )
    s = w[0] + x @ w[1:]
    return AdalineOutput(s, bipolar_sign(s))


def madaline_output(W1, w2, x):
    """Forward pass of a two-layer Madaline: Adalines, signs, one output Adaline.

    Parameters
    ----------
    W1 : array_like (num_hidden, num_inputs + 1)  hidden weights, bias first
    w2 : array_like (num_hidden + 1,)  output weights, bias first
    x : array_like (num_rows, num_inputs)

    Returns
    -------
    s1 : ndarray (num_rows, num_hidden)  hidden features
    h : ndarray (num_rows, num_hidden)  hidden outputs sign(s1)
    s2 : ndarray (num_rows,)  output feature
    y : ndarray (num_rows,)  output sign(s2)
    """
    W1, x = check_array("W1", W1, ndim=2), check_array("x", x, ndim=2)
    w2 = check_array("w2", w2, shape=(W1.shape[0] + 1,))
    if W1.shape[1] != x.shape[1] + 1:
        raise ValueError(
            f"W1 has shape {W1.shape} and x {x.shape}; expected x (num_rows, n) and W1 (m, n + 1)."
        )
    s1 = W1[:, 0] + x @ W1[:, 1:].T
    h = bipolar_sign(s1)
    s2, y = adaline_output(w2, h)
    return MadalineOutput(s1, h, s2, y)


def least_squares_weights(x, d):
    """Adaline weights minimising the squared error ``sum_i (d_i - s_i)**2`` (the Wiener solution).

    Parameters
    ----------
    x : array_like (num_rows, num_inputs)
    d : array_like (num_rows,)  bipolar targets

    Returns
    -------
    ndarray (num_inputs + 1,)  weights, bias first (minimum norm if not unique)
    """
    x = check_array("x", x, ndim=2, values=BIPOLAR)
    d = check_array("d", d, shape=(len(x),), values=BIPOLAR, to_match="the rows of x")
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
    x : array_like (num_rows, num_inputs)
    d : array_like (num_rows,)  bipolar targets, both classes present

    Returns
    -------
    w : ndarray (num_inputs + 1,)  weights, bias first
    margin : float  the optimal ``t``
    """
    x = check_array("x", x, ndim=2, values=BIPOLAR)
    d = check_array("d", d, shape=(len(x),), values=BIPOLAR, to_match="the rows of x")
    if np.all(d == d[0]):
        raise ValueError("d has a single class; expected both +1 and -1 targets.")
    num_rows, num_inputs = x.shape
    xa = np.column_stack([np.ones(num_rows), x])
    # variables (w0, w1..wn, t); rows: t - d_i * (xa_i . w) <= 0
    A_ub = np.column_stack([-d[:, None] * xa, np.ones(num_rows)])
    c = np.zeros(num_inputs + 2)
    c[-1] = -1.0
    bounds = [(None, None)] + [(-1.0, 1.0)] * num_inputs + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(num_rows), bounds=bounds, method="highs")
    if res.status != 0:
        raise ValueError(f"the margin linear program failed: {res.message}")
    return MaxMargin(res.x[:-1], float(res.x[-1]))


def _madaline_signs(W1, w2, xa):
    """Hidden outputs (..., num_rows, m) and outputs (..., num_rows) of batched Madalines.

    W1 (..., m, n + 1), w2 (..., m + 1), xa (num_rows, n + 1): inputs with a leading column of ones.
    """
    h = bipolar_sign(np.einsum("rj,...mj->...rm", xa, W1))
    return h, bipolar_sign(w2[..., None, 0] + np.einsum("...rm,...m->...r", h, w2[..., 1:]))


def mrii_train(x, d, *, num_starts=1, num_hidden=2, max_epochs=50, init_scale=0.1, rng):
    """Train two-layer Madalines with Widrow's Madaline Rule II (minimal disturbance), from
    ``num_starts`` random starts at once.

    The weights start uniform in ``[-init_scale, init_scale]``. Each epoch visits the rows in a
    random order. On a row the network gets wrong, hidden units are trial-flipped in order of
    increasing ``|s|`` (least confident first), one at a time, then in pairs, and so on: a flip
    moves the unit's weights by the smallest step (alpha-LMS) that sets its feature on this row
    to the opposite sign, ``s -> -sign(s)``. The first trial that corrects this row without
    raising the number of misclassified rows of the whole set is kept; the others are undone.
    If no trial is kept, the output Adaline takes an alpha-LMS step that sets its feature on this
    row to the target. A start stops after an epoch that ends with no errors, or after
    ``max_epochs``.

    The starts are independent; they are stepped together as arrays with a leading start axis
    (all trials of a row evaluated at once), so the cost of many starts is a few array operations
    per row, not a Python loop over starts.

    Parameters
    ----------
    x : array_like (num_rows, num_inputs)  bipolar inputs
    d : array_like (num_rows,)  bipolar targets
    num_starts : int  independent random starts
    num_hidden : int  hidden Adalines, 1 to MAX_HIDDEN
    max_epochs : int  largest number of passes over the rows
    init_scale : float  half-width of the uniform initial weights
    rng : numpy.random.Generator  source of the initial weights and the row orders

    Returns
    -------
    MadalineFits(W1 (num_starts, num_hidden, num_inputs + 1), w2 (num_starts, num_hidden + 1),
    num_errors (num_starts,), num_epochs (num_starts,))
    """
    x = check_array("x", x, ndim=2, values=BIPOLAR)
    d = check_array("d", d, shape=(len(x),), values=BIPOLAR, to_match="the rows of x")
    num_starts = check_scalar("num_starts", num_starts, int, min_val=1)
    num_hidden = check_scalar("num_hidden", num_hidden, int, min_val=1, max_val=MAX_HIDDEN)
    max_epochs = check_scalar("max_epochs", max_epochs, int, min_val=1)
    init_scale = check_scalar("init_scale", init_scale, float, **POSITIVE)
    check_rng(rng)
    num_rows, num_inputs = x.shape
    xa = np.column_stack([np.ones(num_rows), x])
    starts = np.arange(num_starts)
    W1 = rng.uniform(-init_scale, init_scale, (num_starts, num_hidden, num_inputs + 1))
    w2 = rng.uniform(-init_scale, init_scale, (num_starts, num_hidden + 1))
    errors = np.sum(_madaline_signs(W1, w2, xa)[1] != d, axis=1)
    epochs = np.zeros(num_starts, dtype=int)
    # trial t flips the units at these positions of the confidence order: (0,), (1,), ..., (0, 1), ...
    trials = [units for size in range(1, num_hidden + 1) for units in combinations(range(num_hidden), size)]
    for _ in range(max_epochs):
        active = errors > 0
        if not active.any():
            break
        epochs += active
        row_order = rng.permuted(np.tile(np.arange(num_rows), (num_starts, 1)), axis=1)
        for k in row_order.T:  # k[i]: the row that start i visits at this step
            xk = xa[k]
            s1 = np.einsum("imj,ij->im", W1, xk)
            h = bipolar_sign(s1)
            wrong = active & (bipolar_sign(w2[:, 0] + np.sum(h * w2[:, 1:], axis=1)) != d[k])
            if not wrong.any():
                continue
            confidence_order = np.argsort(np.abs(s1), axis=1, kind="stable")
            flip = np.zeros((len(trials), num_starts, num_hidden), dtype=bool)
            for t, positions in enumerate(trials):
                flip[t, starts[:, None], confidence_order[:, positions]] = True
            # alpha-LMS on every unit: w + (target - s) x / |x|^2 with target -sign(s)
            W_flipped = W1 + ((-h - s1) / np.sum(xk * xk, axis=1)[:, None])[..., None] * xk[:, None, :]
            W_trial = np.where(flip[..., None], W_flipped, W1)  # (trials, starts, m, n + 1)
            y_trial = _madaline_signs(W_trial, w2, xa)[1]
            trial_errors = np.sum(y_trial != d, axis=2)
            kept = wrong & (y_trial[:, starts, k] == d[k]) & (trial_errors <= errors)
            any_kept, first = kept.any(axis=0), kept.argmax(axis=0)
            W1 = np.where(any_kept[:, None, None], W_trial[first, starts], W1)
            errors = np.where(any_kept, trial_errors[first, starts], errors)
            output_step = wrong & ~any_kept
            if output_step.any():
                ha = np.column_stack([np.ones(num_starts), h])
                w2_new = w2 + ((d[k] - np.sum(w2 * ha, axis=1)) / np.sum(ha * ha, axis=1))[:, None] * ha
                w2 = np.where(output_step[:, None], w2_new, w2)
                errors = np.where(output_step, np.sum(_madaline_signs(W1, w2, xa)[1] != d, axis=1), errors)
    return MadalineFits(W1, w2, errors, epochs)


def canonical_madaline(W1, w2, key=None):
    """Remove the symmetries of two-layer sign Madalines, so equal networks get equal weights.

    The outputs do not change when a unit's weights are scaled by a positive number or when
    hidden units are swapped. This scales each hidden row and the output vector to unit norm and
    sorts the hidden units by ``key`` (if given), then by their weight rows, carrying the output
    weights along.

    Parameters
    ----------
    W1 : array_like (..., m, n + 1)  hidden weights, bias first; no all-zero row
    w2 : array_like (..., m + 1)  output weights, bias first; not all zero
    key : array_like (..., m), optional  primary sort key of the hidden units

    Returns
    -------
    CanonicalMadaline(W1 (..., m, n + 1), w2 (..., m + 1))
    """
    W1, w2 = check_array("W1", W1, ndim=range(2, 33)), check_array("w2", w2, ndim=range(1, 32))
    if w2.shape != W1.shape[:-2] + (W1.shape[-2] + 1,):
        raise ValueError(f"w2 has shape {w2.shape}; expected {W1.shape[:-2] + (W1.shape[-2] + 1,)} "
                         f"for W1 of shape {W1.shape}.")
    key = None if key is None else check_array("key", key, shape=W1.shape[:-1])
    norms, out_norm = np.linalg.norm(W1, axis=-1, keepdims=True), np.linalg.norm(w2, axis=-1, keepdims=True)
    if np.any(norms == 0) or np.any(out_norm == 0):
        raise ValueError("W1 or w2 has an all-zero unit; expected every unit to have a nonzero weight vector.")
    W1n = W1 / norms
    keys = [W1n[..., j] for j in range(W1n.shape[-1] - 1, -1, -1)] + ([key] if key is not None else [])
    order = np.lexsort(keys, axis=-1)  # the last key is the primary one
    W1c = np.take_along_axis(W1n, order[..., None], axis=-2)
    w2c = np.concatenate([w2[..., :1], np.take_along_axis(w2[..., 1:], order, axis=-1)], axis=-1)
    return CanonicalMadaline(W1c, w2c / out_norm)


def _two_input_names(y, inputs=("x1", "x2")):
    """Names of two-input functions with bipolar outputs ``y`` (..., 4) on the truth-table rows."""
    codes = (np.asarray(y) > 0) @ np.array([8, 4, 2, 1])
    names = np.array([name.format(*inputs) for name in _NAME_BY_CODE])
    return names[codes]


def mrii_xor_solutions(num_starts, *, max_epochs=50, init_scale=0.1, rng):
    """The XOR experiment: train the 2-2-1 Madaline with MRII from ``num_starts`` random starts, and
    describe what each solved network computes, unit by unit, and how far apart their weights are.

    Each solved network's symmetries are removed (:func:`canonical_madaline`), its hidden units are
    put in the alphabetical order of their logic functions (ties: by weights), and the output
    unit's function is named in terms of those hidden outputs h1, h2.

    Returns
    -------
    MriiSolutions
    """
    x = truth_table_inputs(2)
    d = -x[:, 0] * x[:, 1]  # XOR
    fits = mrii_train(x, d, num_starts=num_starts, max_epochs=max_epochs, init_scale=init_scale, rng=rng)
    solved = fits.num_errors == 0
    if not solved.any():
        raise ValueError(f"no start of {num_starts} solved XOR; expected at least one (try more starts).")
    xa = np.column_stack([np.ones(4), x])
    h = _madaline_signs(fits.W1[solved], fits.w2[solved], xa)[0]  # (num_solved, 4, 2)
    names = _two_input_names(np.swapaxes(h, 1, 2))  # (num_solved, 2)
    rank = np.searchsorted(np.unique(names), names)  # alphabetical rank of each unit's function
    W1c, w2c = canonical_madaline(fits.W1[solved], fits.w2[solved], key=rank)
    hidden = np.take_along_axis(names, np.argsort(rank, axis=1, kind="stable"), axis=1)
    output = _two_input_names(bipolar_sign(w2c[:, :1] + w2c[:, 1:] @ x.T), ("h1", "h2"))  # rows as (h1, h2)
    network = _two_input_names(_madaline_signs(W1c, w2c, xa)[1])
    weights = np.concatenate([W1c.reshape(len(W1c), -1), w2c], axis=1)
    triples, counts = np.unique(np.column_stack([hidden, output]), axis=0, return_counts=True)
    kinds = sorted((SolutionKind(*map(str, t), int(c)) for t, c in zip(triples, counts)),
                   key=lambda k: (-k.num_runs, k.hidden1, k.hidden2, k.output))
    distances = pdist(weights) if len(weights) > 1 else np.array([np.nan])
    epochs = fits.num_epochs[solved]
    return MriiSolutions(
        fits=fits, solved=solved, failed_errors=sorted({int(e) for e in fits.num_errors[~solved]}),
        network=network, hidden=hidden, output=output, weights=weights, kinds=kinds,
        num_distinct=len(np.unique(weights.round(3), axis=0)),
        min_distance=float(np.min(distances)), median_distance=float(np.median(distances)),
        median_epochs=float(np.median(epochs)), p90_epochs=float(np.percentile(epochs, 90)),
        max_epochs_used=int(epochs.max()),
    )


# ---------------------------------------------------------------- display helpers for the notebooks
def round_clean(a, decimals=6):
    """``a`` rounded to ``decimals`` places, with -0 made 0: solver round-off (1e-17) never reaches a table."""
    return np.round(check_array("a", a, allow_empty=True), check_scalar("decimals", decimals, int, min_val=0)) + 0.0


def boundary_geometry(W):
    """Where each Adaline's boundary line ``w0 + w1 x1 + w2 x2 = 0`` lies.

    Parameters
    ----------
    W : array_like (..., 3)  weights, bias first; (w1, w2) not zero

    Returns
    -------
    BoundaryGeometry(angle (...), offset (...))
    """
    W = check_array("W", W, ndim=range(1, 33))
    norm = np.linalg.norm(W[..., 1:], axis=-1)
    if W.shape[-1] != 3 or np.any(norm == 0):
        raise ValueError(f"W has shape {W.shape}; expected (..., 3) with (w1, w2) nonzero in every row.")
    return BoundaryGeometry(np.degrees(np.arctan2(W[..., 2], W[..., 1])), -W[..., 0] / norm)
