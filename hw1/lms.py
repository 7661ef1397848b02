"""Lab 1: the Wiener solution, the LMS algorithm, and when LMS with a fixed rate diverges.

Notation of the course (Lecture 2): ``X`` (K, 3) holds one sample ``x_k = [1, x1_k, x2_k]`` per
row, ``D`` (K,) the targets, ``W`` (3,) the weights of the linear model ``y = W^T x``, and

    MSE(W) = 1/(2K) * ||D - X W||^2.

LMS visits the samples one at a time with the update ``W <- W + lr (d_k - W^T x_k) x_k``.

- In the data set's (cyclic) order, one pass (an epoch) is an affine map ``W <- A W + c`` with
  ``A = (I - lr x_K x_K^T) ... (I - lr x_1 x_1^T)``: the end-of-epoch weights converge iff the
  spectral radius of ``A`` is below 1 (:func:`epoch_map`, :func:`critical_rate_cyclic`).
- With samples drawn independently and uniformly from the data set, the second moment of the
  error ``e = W - W*`` evolves by the linear map ``M = mean_k (I - lr x_k x_k^T) (x) (I - lr x_k x_k^T)``
  (9 x 9 here); LMS is mean-square stable iff its spectral radius is below 1
  (:func:`second_moment_map`, :func:`critical_rate_iid`).

This module imports only numpy and scipy (it is bundled into the standalone Lab 1 script).
"""
from typing import NamedTuple

import numpy as np
import scipy.linalg
import scipy.optimize

from hw1.params import MAX_ABS_VALUE, POSITIVE, check_array, check_rng, check_scalar, check_type

# Above this MSE a run has blown up: stop before float64 overflows (about 1e308).
MAX_MSE = 1e100
# An MSE below this fraction of MSE(W = 0) is zero to working precision (see mse_zero_level).
ZERO_MSE_FRACTION = 1e-20
# Above this condition number, I - A is singular to working precision: no fixed point is computed.
MAX_COND = 1e12


class Lab1Settings(NamedTuple):
    """The settings Lab 1 gives: one home for the notebook and the hand-in file."""
    lr: float          # (b): the learning rate r of the run from W0 = 0
    num_epochs: int    # (b) and (d): passes over the data per run
    rates: tuple       # (d): the rates it lists
    big_rates: tuple   # (d): the larger rates it asks to try


LAB1 = Lab1Settings(lr=0.01, num_epochs=20, rates=(0.005, 0.01, 0.05, 0.5), big_rates=(0.7, 1.0))


class LMSRun(NamedTuple):
    """One LMS run: the weights after the last epoch run and the MSE after each epoch."""
    w: np.ndarray               # (n,)
    mse_per_epoch: np.ndarray   # (E,); E < num_epochs only if the run blew up (MSE > max_mse)
    blew_up: bool               # True if the run was stopped because its MSE passed max_mse


class EpochMap(NamedTuple):
    """The affine map ``W <- A W + c`` of one LMS epoch in the data set's order."""
    A: np.ndarray  # (n, n) or (R, n, n)
    c: np.ndarray  # (n,) or (R, n)


class StabilityBounds(NamedTuple):
    """Closed-form learning-rate limits of LMS on data X, with ``R = X^T X / K``."""
    per_sample: float  # min_k 2 / ||x_k||^2: no single update can amplify the error below it
    trace: float       # 2 / tr(R): the usual rule of thumb for LMS
    mean: float        # 2 / lambda_max(R): limit of the averaged (full-batch) step


# Data whose squares overflow float64 (|value| > MAX_ABS_VALUE) cannot be fitted: refused up front.
def mse(X, D, W, *, per_sample_half=True):
    """Mean squared error of the linear model over the whole data set.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    W : ndarray (..., n)  one weight vector, or a stack of them (may be huge: the MSE is then inf)
    per_sample_half : bool
        True: the course's ``1/(2K) ||D - XW||^2``; False: the plain mean ``1/K ||D - XW||^2``.

    Returns
    -------
    float or ndarray (...)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    W = check_array("W", W, ndim=range(1, 33), allow_empty=True)
    if W.shape[-1:] != (X.shape[1],):
        raise ValueError(f"W has shape {W.shape}; expected (..., {X.shape[1]}), one weight per column of X.")
    return _mse(X, D, W, per_sample_half)


def _mse(X, D, W, per_sample_half=True):
    """:func:`mse` without the checks, for weights that may have blown up to inf or NaN."""
    with np.errstate(over="ignore", invalid="ignore"):  # a blown-up W gives inf, not a warning
        value = np.mean((D - W @ X.T) ** 2, axis=-1)
    return value / 2 if per_sample_half else value


def mse_zero_level(X, D):
    """The MSE below which a fit of ``D`` by ``X`` is exact to working precision: 1e-20 of the MSE
    of ``W = 0`` (a residual 1e-10 of the targets' size, far above float64's rounding and far below
    any noise). On noise-free data MSE(W*) lies below it: report it as zero, not as its digits.

    Returns
    -------
    float > 0
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    return _mse_zero_level(X, D)


def _mse_zero_level(X, D):
    """:func:`mse_zero_level` without the checks."""
    return max(ZERO_MSE_FRACTION * _mse(X, D, np.zeros(X.shape[1])), np.finfo(float).tiny)


def wiener_solution(X, D):
    """Least-squares (Wiener) weights ``W* = argmin ||D - XW||``, by a QR factorisation of X.

    Solving ``R W = Q^T D`` avoids forming ``(X^T X)^{-1}``, which squares the condition number.

    Parameters
    ----------
    X : ndarray (K, n)  full column rank
    D : ndarray (K,)

    Returns
    -------
    ndarray (n,)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE, full_column_rank=True)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    return _wiener_solution(X, D)


def _wiener_solution(X, D):
    """:func:`wiener_solution` without the checks (X of full column rank)."""
    Q, R = np.linalg.qr(X)
    return scipy.linalg.solve_triangular(R, Q.T @ D)


def lms_step(W, x, d, lr):
    """One LMS update ``W + lr (d - W^T x) x`` (a new array; W is not modified).

    Parameters
    ----------
    W : ndarray (n,)  current weights
    x : ndarray (n,)  one sample
    d : float  its target
    lr : float  learning rate r

    Returns
    -------
    ndarray (n,)
    """
    W = check_array("W", W, ndim=1)
    x = check_array("x", x, shape=W.shape, to_match="W")
    d, lr = check_scalar("d", d, float), check_scalar("lr", lr, float, **POSITIVE)
    return _lms_step(W, x, d, lr)


def _lms_step(W, x, d, lr):
    return W + lr * (d - W @ x) * x


def lms_epoch(W, X, D, lr):
    """One pass of LMS over the samples in the data set's order; returns the new weights (n,)."""
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    W = check_array("W", W, shape=(X.shape[1],), to_match="the columns of X")
    lr = check_scalar("lr", lr, float, **POSITIVE)
    return _lms_epoch(W, X, D, lr)


def _lms_epoch(W, X, D, lr):
    for x, d in zip(X, D):
        W = _lms_step(W, x, d, lr)
    return W


def train_lms(X, D, lr, num_epochs, *, W0=None, max_mse=MAX_MSE):
    """Run LMS (cyclic order) for ``num_epochs`` epochs and record the whole-data-set MSE after each.

    A run whose MSE passes ``max_mse`` has blown up: it stops after that epoch, so the weights
    never overflow and no floating-point warning is raised.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    lr : float  learning rate r > 0
    num_epochs : int >= 1
    W0 : ndarray (n,), optional  initial weights (default zeros)
    max_mse : float > 0  blow-up threshold

    Returns
    -------
    LMSRun(w, mse_per_epoch, blew_up)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    lr = check_scalar("lr", lr, float, **POSITIVE)
    num_epochs = check_scalar("num_epochs", num_epochs, int, min_val=1)
    max_mse = check_scalar("max_mse", max_mse, float, **POSITIVE)
    W0 = None if W0 is None else check_array("W0", W0, shape=(X.shape[1],), to_match="the columns of X")
    return _train_lms(X, D, lr, num_epochs, W0=W0, max_mse=max_mse)


def _train_lms(X, D, lr, num_epochs, *, W0=None, max_mse=MAX_MSE):
    """:func:`train_lms` without the checks: from W0 (default zeros), until ``max_mse`` is passed."""
    W = np.zeros(X.shape[1]) if W0 is None else W0.copy()
    history = []
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is detected below, not reported
        for _ in range(num_epochs):
            W = _lms_epoch(W, X, D, lr)
            history.append(_mse(X, D, W))
            if not history[-1] <= max_mse:
                return LMSRun(W, np.array(history), True)
    return LMSRun(W, np.array(history), False)


def within_epoch_mse(X, D, lr, W0):
    """Whole-data-set MSE after each single LMS step of one epoch (cyclic order) from ``W0``.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    lr : float  learning rate r > 0
    W0 : ndarray (n,)  weights at the start of the epoch

    Returns
    -------
    ndarray (K,)  entry k: the MSE after the update with sample k (the last one ends the epoch);
        inf once the weights have blown up (to inf or NaN), as in :func:`epoch_map_mse`
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    lr = check_scalar("lr", lr, float, **POSITIVE)
    W = check_array("W0", W0, shape=(X.shape[1],), to_match="the columns of X")
    steps = []
    with np.errstate(over="ignore", invalid="ignore"):
        for x, d in zip(X, D):
            W = _lms_step(W, x, d, lr)
            steps.append(W)
    mse_per_step = _mse(X, D, np.array(steps))
    mse_per_step[np.isnan(mse_per_step)] = np.inf
    return mse_per_step


def epoch_map(X, D, lr):
    """The affine map ``W <- A W + c`` that one LMS epoch applies, for one rate or many.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    lr : float or ndarray (R,)

    Returns
    -------
    EpochMap(A, c)
        A : ndarray (n, n) or (R, n, n)  ``(I - r x_K x_K^T) ... (I - r x_1 x_1^T)``
        c : ndarray (n,) or (R, n)  the weights one epoch makes from ``W = 0``
        (entries may be inf for huge rates: the product overflows)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    return _epoch_map(X, D, check_array("lr", lr, ndim=(0, 1), **POSITIVE))


def _epoch_map(X, D, lrs):
    r = lrs.reshape(-1, 1, 1)
    n = X.shape[1]
    A = np.broadcast_to(np.eye(n), (r.shape[0], n, n)).copy()
    c = np.zeros((r.shape[0], n, 1))
    with np.errstate(over="ignore", invalid="ignore"):  # huge rates overflow to inf
        for x, d in zip(X, D):
            x = x[:, None]
            # the same step as lms_step, applied to the matrix A and the offset c together
            A = A - r * x @ (x.T @ A)
            c = c + r * (d - x.T @ c) * x
    if lrs.ndim == 0:
        return EpochMap(A[0], c[0, :, 0])
    return EpochMap(A, c[..., 0])


def spectral_radius(A):
    """Largest eigenvalue modulus of ``A`` (n, n), or of each matrix in a stack (..., n, n).

    A matrix with a non-finite entry (an overflowed epoch map) has radius ``inf``.
    """
    A = check_array("A", A, ndim=range(2, 33), allow_empty=True, finite=False)
    if A.shape[-1] != A.shape[-2] or A.shape[-1] == 0:
        raise ValueError(f"A has shape {A.shape}; expected a square matrix (n, n) or a stack (..., n, n).")
    return _spectral_radius(A)


def _spectral_radius(A):
    finite = np.all(np.isfinite(A), axis=(-2, -1))
    radius = np.full(A.shape[:-2], np.inf)
    radius[finite] = np.abs(np.linalg.eigvals(A[finite])).max(axis=-1)
    return radius if radius.ndim else float(radius)


def fixed_point(A, c):
    """The weights ``W_r = (I - A)^{-1} c`` that one epoch maps to themselves.

    Parameters
    ----------
    A : ndarray (n, n) or (R, n, n)
    c : ndarray (n,) or (R, n)

    Returns
    -------
    ndarray (n,) or (R, n)
    """
    A = check_array("A", A, ndim=range(2, 33), allow_empty=True)
    c = check_array("c", c, ndim=range(1, 32), allow_empty=True)
    if A.shape[-1] != A.shape[-2] or c.shape != A.shape[:-1]:
        raise ValueError(f"A has shape {A.shape} and c {c.shape}; expected (..., n, n) and (..., n).")
    I = np.eye(A.shape[-1])
    try:
        return np.linalg.solve(I - A, c[..., None])[..., 0]
    except np.linalg.LinAlgError:
        raise ValueError("I - A is singular (A has the eigenvalue 1), so there is no unique fixed "
                         "point; expected an epoch map without the eigenvalue 1.") from None


def fixed_points(A, c):
    """The fixed point ``W_r = (I - A)^{-1} c`` of each epoch map that has a unique one, NaN where
    none can be computed: :func:`fixed_point` for maps that may be overflowed or marginal.

    A map has no computable fixed point if it overflowed (non-finite ``A`` or ``c``, a rate far past
    stability) or if ``I - A`` is singular to working precision (condition number above
    :data:`MAX_COND`: ``A`` has an eigenvalue 1 or nearly, or is so large that ``I - A`` is no
    longer invertible in float64); its weights then have no limit at all ("no fixed point").

    Parameters
    ----------
    A : ndarray (n, n) or (R, n, n)
    c : ndarray (n,) or (R, n)

    Returns
    -------
    ndarray (n,) or (R, n)  (rows of NaN where there is no fixed point)
    """
    # an overflowed map (inf, NaN) is allowed in: it has no fixed point, a result
    A, c = check_array("A", A, ndim=(2, 3), finite=False), check_array("c", c, ndim=(1, 2), finite=False)
    if A.shape[-1] != A.shape[-2] or c.shape != A.shape[:-1]:
        raise ValueError(f"A has shape {A.shape} and c {c.shape}; expected (..., n, n) and (..., n).")
    A_stack, c_stack = A.reshape(-1, *A.shape[-2:]), c.reshape(-1, c.shape[-1])
    out = np.full(c_stack.shape, np.nan)
    ok = np.all(np.isfinite(A_stack), axis=(-2, -1)) & np.all(np.isfinite(c_stack), axis=-1)
    I_minus_A = np.eye(A.shape[-1]) - A_stack[ok]
    ok[ok] = np.linalg.cond(I_minus_A) < MAX_COND
    if np.any(ok):
        out[ok] = np.linalg.solve(np.eye(A.shape[-1]) - A_stack[ok], c_stack[ok, :, None])[..., 0]
    return out.reshape(c.shape)


def epoch_map_mse(X, D, lrs, num_epochs, *, max_mse=MAX_MSE):
    """MSE after each of ``num_epochs`` LMS epochs from ``W = 0``, for many rates at once.

    Iterates the epoch map instead of the samples (what :func:`train_lms` does one rate at a
    time); a rate whose MSE passes ``max_mse`` is frozen after that epoch and reads ``inf``
    from the next one on.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    lrs : ndarray (R,)  learning rates > 0
    num_epochs : int >= 1

    Returns
    -------
    ndarray (R, num_epochs)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    num_epochs = check_scalar("num_epochs", num_epochs, int, min_val=1)
    max_mse = check_scalar("max_mse", max_mse, float, **POSITIVE)
    A, c = _epoch_map(X, D, check_array("lrs", lrs, ndim=1, **POSITIVE))
    W = np.zeros_like(c)
    out = np.full((c.shape[0], num_epochs), np.inf)
    alive = np.all(np.isfinite(A), axis=(-2, -1)) & np.all(np.isfinite(c), axis=-1)
    with np.errstate(over="ignore", invalid="ignore"):  # blown-up rates are frozen below
        for epoch in range(num_epochs):
            W[alive] = (A[alive] @ W[alive, :, None])[..., 0] + c[alive]
            out[alive, epoch] = _mse(X, D, W[alive])
            alive &= out[:, epoch] <= max_mse
    out[np.isnan(out)] = np.inf
    return out


def stability_bounds(X):
    """The closed-form learning-rate limits of LMS on data ``X`` (K, n), with ``R = X^T X / K``.

    Returns
    -------
    StabilityBounds(per_sample, trace, mean)
        per_sample: ``min_k 2 / ||x_k||^2``; below it every update ``I - r x_k x_k^T`` has norm
        <= 1, so no update can amplify the error, in any order (sufficient, conservative).
        trace: ``2 / tr(R)``, a common rule of thumb for LMS.
        mean: ``2 / lambda_max(R)``; the limit for the averaged (full-batch) update.
    """
    return _stability_bounds(check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE))


def _stability_bounds(X):
    R = X.T @ X / X.shape[0]
    return StabilityBounds(
        per_sample=float(2 / np.max(np.sum(X**2, axis=1))),
        trace=float(2 / np.trace(R)),
        mean=float(2 / np.linalg.eigvalsh(R)[-1]),
    )


def _first_crossing(radius, lo, hi, num_grid, xtol):
    """Smallest rate in [lo, hi] where ``radius(rates) - 1`` changes sign: a geometric scan of
    ``num_grid`` points (``radius`` takes an array of rates), then Brent's method."""
    grid = np.geomspace(lo, hi, num_grid)
    above = np.flatnonzero(radius(grid) >= 1)
    if above.size == 0:
        raise ValueError(f"the spectral radius stays below 1 from r = {lo:.3g} to {hi:.3g}; "
                         "expected a crossing there.")
    if above[0] == 0:
        raise ValueError(f"the spectral radius is already >= 1 at r = {lo:.3g}; expected a "
                         "contraction at small rates (samples that span the weight space).")
    return float(scipy.optimize.brentq(lambda r: float(radius(np.array([r]))[0]) - 1,
                                       grid[above[0] - 1], grid[above[0]], xtol=xtol))


def critical_rate_cyclic(X, *, num_grid=2000, xtol=1e-12):
    """Smallest rate at which the spectral radius of the epoch map reaches 1 (cyclic order).

    Scans a geometric grid from half the per-sample bound (where the map is a contraction) up
    to ten times the mean bound for the first grid point with radius >= 1, then refines the
    crossing with Brent's method.

    Parameters
    ----------
    X : ndarray (K, n)  full column rank
    num_grid : int >= 2  points of the scan
    xtol : float > 0  absolute tolerance on the rate

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For bad arguments, or if the radius stays below 1 over the whole scan (no crossing found).
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE, full_column_rank=True)
    num_grid = check_scalar("num_grid", num_grid, int, min_val=2)
    xtol = check_scalar("xtol", xtol, float, **POSITIVE)
    D = np.zeros(X.shape[0])  # A does not depend on the targets
    bounds = _stability_bounds(X)
    return _first_crossing(lambda rates: _spectral_radius(_epoch_map(X, D, rates).A),
                           bounds.per_sample / 2, 10 * bounds.mean, num_grid, xtol)


def second_moment_map(X, lr):
    """The map ``M = mean_k B_k (x) B_k``, ``B_k = I - lr x_k x_k^T``, for one rate or many.

    With samples drawn independently and uniformly (with replacement) from the data set, the
    error ``e = W - W*`` obeys ``e' = B e + lr v x`` (v: the sample's residual at ``W*``), so its
    second moment obeys ``vec E[e' e'^T] = M vec E[e e^T] + (terms in E[e] and a constant)``:
    LMS is mean-square stable iff the spectral radius of ``M`` is below 1.

    Parameters
    ----------
    X : ndarray (K, n)
    lr : float or ndarray (R,)

    Returns
    -------
    ndarray (n^2, n^2) or (R, n^2, n^2)  (symmetric)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    return _second_moment_map(X, check_array("lr", lr, ndim=(0, 1), **POSITIVE))


def _second_moment_map(X, lrs):
    K, n = X.shape
    outer = np.einsum("ki,kj->kij", X, X).reshape(K, n * n)   # vec(x x^T)
    R = X.T @ X / K
    L = np.kron(np.eye(n), R) + np.kron(R, np.eye(n))
    Q = outer.T @ outer / K                                    # mean of (x x^T) (x) (x x^T)
    r = lrs.reshape(-1, 1, 1)
    M = np.eye(n * n) - r * L + r**2 * Q
    return M[0] if lrs.ndim == 0 else M


def critical_rate_iid(X, *, num_grid=2000, xtol=1e-12):
    """Mean-square stability limit of LMS with samples drawn independently and uniformly from X.

    The smallest rate at which the spectral radius of :func:`second_moment_map` reaches 1. It
    lies between the per-sample bound (below it every ``B_k (x) B_k`` has norm <= 1) and the
    mean bound (noise-free, mean-square stability makes ``E[e] -> 0``, which needs
    ``rho(I - r R) < 1``); a geometric scan of that range, then Brent's method, finds it.

    Parameters
    ----------
    X : ndarray (K, n)  full column rank
    num_grid : int >= 2  points of the scan
    xtol : float > 0  absolute tolerance on the rate

    Returns
    -------
    float
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE, full_column_rank=True)
    num_grid = check_scalar("num_grid", num_grid, int, min_val=2)
    xtol = check_scalar("xtol", xtol, float, **POSITIVE)
    bounds = _stability_bounds(X)
    return _first_crossing(lambda rates: _spectral_radius(_second_moment_map(X, rates)),
                           bounds.per_sample / 2, bounds.mean * (1 + 1e-9), num_grid, xtol)


# rho(A) within this of 1: the epoch map neither contracts nor expands to working precision.
MARGINAL_TOL = 1e-9


def rate_outcome(radius):
    """What the end-of-epoch weights do at a rate whose epoch map has spectral radius ``radius``:
    "converges" (below 1), "diverges" (above 1, inf included) or "marginal" (1 within
    :data:`MARGINAL_TOL`: neither, to working precision)."""
    radius = float(check_array("radius", radius, ndim=0, finite=False))
    if np.isnan(radius) or radius < 0:
        raise ValueError(f"radius is {radius!r}; expected a spectral radius >= 0 (inf for an overflowed map).")
    return _rate_outcome(radius)


def _rate_outcome(radius):
    """:func:`rate_outcome` without the checks (a float >= 0, or inf)."""
    if abs(radius - 1) <= MARGINAL_TOL:
        return "marginal"
    return "converges" if radius < 1 else "diverges"


class RateRun(NamedTuple):
    """One learning rate in the cyclic order: the run and what the epoch map says about it."""
    lr: float
    w: np.ndarray              # (n,) weights after the last epoch run
    mse_per_epoch: np.ndarray  # (E,)
    blew_up: bool              # stopped because the MSE passed max_mse
    radius: float              # spectral radius of the epoch map A (inf if it overflowed)
    outcome: str               # rate_outcome(radius): "converges", "diverges" or "marginal"
    w_fixed: np.ndarray        # (n,) fixed point W_r the end-of-epoch weights converge to; NaN
                               # unless the outcome is "converges" ("no fixed point / unbounded")
    mse_fixed: float           # MSE(W_r), NaN where w_fixed is


def run_rate(X, D, lr, num_epochs, *, max_mse=MAX_MSE):
    """Train LMS at ``lr`` (:func:`train_lms`) and compute its epoch map's radius, what the
    end-of-epoch weights do (:func:`rate_outcome`) and the fixed point, if there is one."""
    run = train_lms(X, D, lr, num_epochs, max_mse=max_mse)
    A, c = epoch_map(X, D, lr)
    radius = spectral_radius(A)
    outcome = rate_outcome(radius)
    # Only a converging map's fixed point is a result: a diverging map's repels (the weights never
    # get there), and with rho(A) >> 1 it is so ill-conditioned that its digits are round-off.
    w_fixed = fixed_points(A, c) if outcome == "converges" else np.full(len(c), np.nan)
    mse_fixed = float(mse(X, D, w_fixed)) if np.all(np.isfinite(w_fixed)) else np.nan
    return RateRun(float(lr), run.w, run.mse_per_epoch, run.blew_up, radius, outcome, w_fixed, mse_fixed)


class StabilitySweep(NamedTuple):
    """Stability of LMS over many rates (one entry per rate)."""
    lrs: np.ndarray            # (R,)
    mse_final: np.ndarray      # (R,) MSE after num_epochs epochs, cyclic order from W = 0 (inf: blew up)
    mse_fixed: np.ndarray      # (R,) MSE of the fixed point W_r where the map is stable, else NaN
    radius_cyclic: np.ndarray  # (R,) rho(A): factor per epoch of the error, cyclic order
    radius_iid: np.ndarray     # (R,) rho(M)^(K/2): factor per epoch of the rms error, i.i.d. order


def stability_sweep(X, D, lrs, num_epochs):
    """Cyclic and i.i.d. stability of LMS at each rate of ``lrs`` (see :class:`StabilitySweep`)."""
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    lrs = check_array("lrs", lrs, ndim=1, **POSITIVE)
    A, c = _epoch_map(X, D, lrs)
    radius_cyclic = _spectral_radius(A)
    stable = radius_cyclic < 1
    mse_fixed = np.full(lrs.shape, np.nan)
    if np.any(stable):  # fixed_points refuses an empty stack: no stable rate, no fixed point
        with np.errstate(invalid="ignore"):  # a stable map without a computable fixed point: NaN
            mse_fixed[stable] = _mse(X, D, fixed_points(A[stable], c[stable]))
    # with many samples a factor per epoch can pass float64's range: inf (or 0), not a warning
    with np.errstate(over="ignore", under="ignore"):
        radius_iid = _spectral_radius(_second_moment_map(X, lrs)) ** (X.shape[0] / 2)
    return StabilitySweep(lrs, epoch_map_mse(X, D, lrs, num_epochs)[:, -1], mse_fixed,
                          radius_cyclic, radius_iid)


def iid_lms_sq_errors(X, D, lr, num_epochs, num_runs, *, rng):
    """Squared distances ``||W - W*||^2`` of ``num_runs`` independent LMS runs from ``W = 0`` after
    ``num_epochs * K`` steps, each step on a sample drawn uniformly with replacement.

    Their mean estimates the second moment that :func:`second_moment_map` propagates (heavy-tailed
    near and above :func:`critical_rate_iid`: look at the median and the upper quantiles too).

    Parameters
    ----------
    X : ndarray (K, n)  full column rank
    D : ndarray (K,)
    lr : float > 0
    num_epochs : int >= 1  (K steps each)
    num_runs : int >= 1
    rng : numpy.random.Generator

    Returns
    -------
    ndarray (num_runs,)  (inf for a run that overflowed)
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE)
    D = check_array("D", D, shape=(X.shape[0],), max_abs=MAX_ABS_VALUE, to_match="the rows of X")
    lr = check_scalar("lr", lr, float, **POSITIVE)
    num_epochs = check_scalar("num_epochs", num_epochs, int, min_val=1)
    num_runs = check_scalar("num_runs", num_runs, int, min_val=1)
    check_rng(rng)
    W_star = wiener_solution(X, D)
    W = np.zeros((num_runs, X.shape[1]))
    with np.errstate(over="ignore", invalid="ignore"):  # overflowed runs end as inf, below
        for _ in range(num_epochs * X.shape[0]):
            k = rng.integers(X.shape[0], size=num_runs)
            x = X[k]
            W += lr * (D[k] - np.einsum("ri,ri->r", W, x))[:, None] * x
        sq = np.sum((W - W_star) ** 2, axis=1)
    sq[~np.isfinite(sq)] = np.inf
    return sq


def stable_intervals_cyclic(X, lr_max, *, num_grid=100_000, xtol=1e-12):
    """The rates in ``(0, lr_max]`` at which the epoch map is a contraction (``rho(A) < 1``), as
    intervals. ``rho(A)`` is not monotone in the rate: above :func:`critical_rate_cyclic` (the end
    of the first interval) narrow windows of convergence can open again.

    A geometric grid from half the per-sample bound (stable) to ``lr_max`` finds the sign changes
    of ``rho(A) - 1``; Brent's method refines each. Windows narrower than the grid's spacing can be
    missed: raise ``num_grid`` to look closer.

    Parameters
    ----------
    X : ndarray (K, n)  full column rank
    lr_max : float > 0  end of the scan
    num_grid : int >= 2
    xtol : float > 0

    Returns
    -------
    ndarray (m, 2)  rows ``[lo, hi]``, the first starting at 0; ``hi = lr_max`` if stable there
    """
    X = check_array("X", X, ndim=2, max_abs=MAX_ABS_VALUE, full_column_rank=True)
    lr_max = check_scalar("lr_max", lr_max, float, **POSITIVE)
    num_grid = check_scalar("num_grid", num_grid, int, min_val=2)
    xtol = check_scalar("xtol", xtol, float, **POSITIVE)
    D = np.zeros(X.shape[0])
    lo = _stability_bounds(X).per_sample / 2
    if lr_max <= lo:
        return np.array([[0.0, lr_max]])
    grid = np.geomspace(lo, lr_max, num_grid)
    stable = _spectral_radius(_epoch_map(X, D, grid).A) < 1
    if not stable[0]:
        raise ValueError(f"the spectral radius is already >= 1 at r = {lo:.3g}; expected a "
                         "contraction at small rates (samples that span the weight space).")
    radius = lambda r: _spectral_radius(_epoch_map(X, D, np.asarray(r)).A) - 1  # noqa: E731
    edges = [scipy.optimize.brentq(radius, grid[i], grid[i + 1], xtol=xtol)
             for i in np.flatnonzero(stable[1:] != stable[:-1])]
    bounds = [0.0] + edges + ([lr_max] if stable[-1] else [])
    return np.array(bounds).reshape(-1, 2)


def quantile_of_runs(errors, q):
    """The ``q`` quantile of the runs' ``errors``: inf where it falls among runs that blew up (inf).

    >>> quantile_of_runs([1.0, 2.0, np.inf, np.inf], 0.5), quantile_of_runs([1.0, 2.0, 3.0], 0.5)
    (inf, 2.0)
    """
    errors = check_array("errors", errors, ndim=1, finite=False)
    q = check_scalar("q", q, float, min_val=0.0, max_val=1.0)
    with np.errstate(invalid="ignore"):  # inf - inf when interpolating between two blown-up runs
        value = np.quantile(errors, q)
    return np.inf if np.isnan(value) else float(value)


# How the notebook prints: an MSE below the zero level has no digits that are not rounding.
NUMBER = (int, float, np.integer, np.floating)
def mse_text(value, zero_level, digits=4, *, short=False):
    """An MSE in scientific notation, or the zero level it is below (noise-free data).

    >>> mse_text(0.00123456, 1e-20), mse_text(1e-30, 1e-20, short=True)
    ('1.2346e-03', '< 1.0e-20')
    """
    value = float(check_type("value", value, NUMBER, "a number"))  # inf: a blown-up run
    zero_level = check_scalar("zero_level", zero_level, float, min_val=0.0)
    digits = check_scalar("digits", digits, int, min_val=1, max_val=17)
    if value >= zero_level:
        return f"{value:.{digits}e}"
    return f"< {zero_level:.1e}" + ("" if short else " (zero to working precision)")


def number_text(value, decimals=8):
    """``value`` to ``decimals`` decimals; a huge one (a diverged run's weights) to as many significant digits.

    >>> number_text(0.5, 3), number_text(-123456.0, 3)
    ('0.500', '-1.23e+05')
    """
    value = float(check_type("value", value, NUMBER, "a number"))
    decimals = check_scalar("decimals", decimals, int, min_val=1, max_val=17)
    return f"{value:.{decimals}f}" if abs(value) < 1e4 else f"{value:.{decimals - 1}e}"


def vector_text(w, decimals=8):
    """A weight vector, each entry as :func:`number_text` writes it.

    >>> vector_text([0.5, -2.0], 2)
    '[0.50, -2.00]'
    """
    w = check_array("w", w, ndim=1, finite=False)
    return "[" + ", ".join(number_text(v, decimals) for v in w) + "]"
