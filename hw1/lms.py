"""Lab 1: the Wiener solution, the LMS algorithm, and when LMS with a fixed rate diverges.

Notation of the course (Lecture 2): ``X`` (K, 3) holds one sample ``x_k = [1, x1_k, x2_k]`` per
row, ``D`` (K,) the targets, ``W`` (3,) the weights of the linear model ``y = W^T x``, and

    MSE(W) = 1/(2K) * ||D - X W||^2.

LMS visits the samples one at a time, always in the dataset's order, with the update
``W <- W + r (d_k - W^T x_k) x_k``. One pass (an epoch) is therefore an affine map
``W <- A W + c`` with ``A = (I - r x_K x_K^T) ... (I - r x_1 x_1^T)``; the spectral radius of ``A``
decides whether the iteration converges, which is what :func:`critical_rate_cyclic` finds.
"""
import numpy as np
import scipy.linalg
import scipy.optimize

# Above this MSE a run has blown up: stop before float64 overflows (about 1e308).
MAX_MSE = 1e100


def _check_data(X, D):
    X = np.asarray(X, dtype=np.float64)
    D = np.asarray(D, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 1:
        raise ValueError(f"X has shape {X.shape}; expected (K, n) with K >= 1 samples.")
    if D.shape != (X.shape[0],):
        raise ValueError(f"D has shape {D.shape}; expected ({X.shape[0]},), one target per row of X.")
    return X, D


def _check_rate(rate):
    rates = np.asarray(rate, dtype=np.float64)
    if not np.all(np.isfinite(rates) & (rates > 0)):
        raise ValueError(f"rate is {rate!r}; expected positive finite learning rate(s).")
    return rates


def mse(X, D, W, per_sample_half=True):
    """Mean squared error of the linear model over the whole dataset.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    W : ndarray (..., n)  one weight vector, or a stack of them
    per_sample_half : bool
        True: the course's ``1/(2K) ||D - XW||^2``; False: the plain mean ``1/K ||D - XW||^2``.

    Returns
    -------
    float or ndarray (...)
    """
    X, D = _check_data(X, D)
    residual = D - np.asarray(W, dtype=np.float64) @ X.T
    value = np.mean(residual**2, axis=-1)
    return value / 2 if per_sample_half else value


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
    X, D = _check_data(X, D)
    if np.linalg.matrix_rank(X) < X.shape[1]:
        raise ValueError(f"X of shape {X.shape} is rank deficient; expected full column rank.")
    Q, R = np.linalg.qr(X)
    return scipy.linalg.solve_triangular(R, Q.T @ D)


def lms_step(W, x, d, rate):
    """One LMS update ``W + r (d - W^T x) x`` (a new array; W is not modified).

    Parameters
    ----------
    W : ndarray (n,)  current weights
    x : ndarray (n,)  one sample
    d : float  its target
    rate : float  learning rate r

    Returns
    -------
    ndarray (n,)
    """
    return W + rate * (d - W @ x) * x


def lms_epoch(W, X, D, rate):
    """One pass of LMS over the samples in the dataset's order; returns the new weights (n,)."""
    for x, d in zip(X, D):
        W = lms_step(W, x, d, rate)
    return W


def train_lms(X, D, rate, num_epochs, W0=None, max_mse=MAX_MSE):
    """Run LMS for ``num_epochs`` epochs and record the whole-dataset MSE after each one.

    A run whose MSE passes ``max_mse`` (or stops being finite) has blown up: it stops after that
    epoch, so the weights never overflow and no floating-point warning is raised.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    rate : float  learning rate r > 0
    num_epochs : int
    W0 : ndarray (n,), optional  initial weights (default zeros)
    max_mse : float  blow-up threshold

    Returns
    -------
    W : ndarray (n,)  weights after the last epoch run
    mse_per_epoch : ndarray (E,)  MSE after epochs 1..E; E < num_epochs only if the run blew up
    """
    X, D = _check_data(X, D)
    _check_rate(rate)
    if isinstance(num_epochs, bool) or not isinstance(num_epochs, (int, np.integer)) or num_epochs < 1:
        raise ValueError(f"num_epochs is {num_epochs!r}; expected an integer >= 1.")
    W = np.zeros(X.shape[1]) if W0 is None else np.array(W0, dtype=np.float64)
    history = []
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is detected below, not reported
        for _ in range(num_epochs):
            W = lms_epoch(W, X, D, rate)
            history.append(mse(X, D, W))
            if not history[-1] <= max_mse:
                break
    return W, np.array(history)


def diverged_at_epoch(mse_per_epoch, mse_start):
    """First epoch (1-based) whose MSE is above ``mse_start``, the MSE before training; else None.

    LMS that converges never ends an epoch worse than where it started; one that diverges grows
    geometrically, so the first such epoch is where it is seen to blow up.
    """
    above = np.flatnonzero(~(np.asarray(mse_per_epoch) <= mse_start))
    return int(above[0]) + 1 if above.size else None


def epoch_map(X, D, rate):
    """The affine map ``W <- A W + c`` that one LMS epoch applies, for one rate or many.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    rate : float or ndarray (R,)

    Returns
    -------
    A : ndarray (n, n) or (R, n, n)  ``(I - r x_K x_K^T) ... (I - r x_1 x_1^T)``
    c : ndarray (n,) or (R, n)  the weights one epoch makes from ``W = 0``
    """
    X, D = _check_data(X, D)
    rates = _check_rate(rate)
    r = rates.reshape(-1, 1, 1)
    A = np.broadcast_to(np.eye(X.shape[1]), (r.shape[0],) + (X.shape[1],) * 2).copy()
    c = np.zeros((r.shape[0], X.shape[1], 1))
    for x, d in zip(X, D):
        x = x[:, None]
        # the same step as lms_step, applied to the matrix A and the offset c together
        A = A - r * x @ (x.T @ A)
        c = c + r * (d - x.T @ c) * x
    if rates.ndim == 0:
        return A[0], c[0, :, 0]
    return A, c[..., 0]


def spectral_radius(A):
    """Largest eigenvalue modulus of ``A`` (n, n), or of each matrix in a stack (..., n, n)."""
    return np.abs(np.linalg.eigvals(A)).max(axis=-1)


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
    I = np.eye(A.shape[-1])
    return np.linalg.solve(I - A, np.asarray(c)[..., None])[..., 0]


def epoch_map_mse(X, D, rates, num_epochs, max_mse=MAX_MSE):
    """MSE after each of ``num_epochs`` LMS epochs from ``W = 0``, for many rates at once.

    Iterates the epoch map instead of the samples (what :func:`train_lms` does one rate at a
    time); a rate whose MSE passes ``max_mse`` is frozen after that epoch and reads ``inf``
    from the next one on.

    Parameters
    ----------
    X : ndarray (K, n)
    D : ndarray (K,)
    rates : ndarray (R,)
    num_epochs : int

    Returns
    -------
    ndarray (R, num_epochs)
    """
    A, c = epoch_map(X, D, np.atleast_1d(rates))
    W = np.zeros_like(c)
    out = np.full((c.shape[0], num_epochs), np.inf)
    alive = np.ones(c.shape[0], dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):  # blown-up rates are frozen below
        for epoch in range(num_epochs):
            W[alive] = (A[alive] @ W[alive, :, None])[..., 0] + c[alive]
            out[alive, epoch] = mse(X, D, W[alive])
            alive &= out[:, epoch] <= max_mse
    out[np.isnan(out)] = np.inf
    return out


def stability_bounds(X):
    """Three classical learning-rate limits for LMS on data ``X`` (K, n), with ``R = X^T X / K``.

    Returns
    -------
    dict
        ``per_sample_bound_min``: ``min_k 2 / ||x_k||^2``; below it every single update is a
        contraction or neutral, so the iteration cannot grow (sufficient, conservative).
        ``mean_bound``: ``2 / lambda_max(R)``; the limit for the averaged (full-batch) update.
        ``mean_square_bound``: ``2 / tr(R)``; the usual rule for LMS with independent samples.
    """
    X = np.asarray(X, dtype=np.float64)
    R = X.T @ X / X.shape[0]
    return {
        "per_sample_bound_min": float(2 / np.max(np.sum(X**2, axis=1))),
        "mean_bound": float(2 / np.linalg.eigvalsh(R)[-1]),
        "mean_square_bound": float(2 / np.trace(R)),
    }


def critical_rate_cyclic(X, num_grid=2000, xtol=1e-12):
    """Smallest rate at which the spectral radius of the epoch map reaches 1 (cyclic order).

    Scans a geometric grid from half the per-sample bound (where the map is a contraction) up
    to ten times the mean bound for the first grid point with radius >= 1, then refines the
    crossing with Brent's method.

    Parameters
    ----------
    X : ndarray (K, n)
    num_grid : int  points of the scan
    xtol : float  absolute tolerance on the rate

    Returns
    -------
    float  the critical rate, or ``inf`` if the radius stays below 1 over the scan
    """
    X = np.asarray(X, dtype=np.float64)
    D = np.zeros(X.shape[0])  # A does not depend on the targets
    bounds = stability_bounds(X)
    grid = np.geomspace(bounds["per_sample_bound_min"] / 2, 10 * bounds["mean_bound"], num_grid)
    with np.errstate(over="ignore", invalid="ignore"):  # huge rates may overflow: radius inf
        A = epoch_map(X, D, grid)[0]
    finite = np.all(np.isfinite(A), axis=(-2, -1))
    radius = np.full(grid.shape, np.inf)
    radius[finite] = spectral_radius(A[finite])
    above = np.flatnonzero(radius >= 1)
    if above.size == 0:
        return float("inf")
    if above[0] == 0:
        raise ValueError("X gives an epoch map that is not a contraction even at small rates; "
                         "expected samples that span the weight space.")
    lo, hi = grid[above[0] - 1], grid[above[0]]
    return float(scipy.optimize.brentq(
        lambda r: spectral_radius(epoch_map(X, D, r)[0]) - 1, lo, hi, xtol=xtol))
