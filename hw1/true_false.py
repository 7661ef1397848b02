"""Small experiments behind the true/false answers of Section 1.

- 1.1 polynomial fits of growing degree to noisy samples of a cubic (:func:`polynomial_errors`).
- 1.2 how different the Madalines are that Madaline Rule II finds for XOR (:func:`canonical_madaline`,
  :func:`madaline_solutions`).
- 1.3 steepest descent on an elongated bowl and on a rippled surface, full batch vs mini-batch
  (:func:`descent_angle`, :func:`gradient_descent`, :func:`minibatch_descent`).
- 1.4 the branched sign Adaline of Algorithm 1 under autograd (:func:`branched_adaline`,
  :func:`train_branched_adaline`).
- 1.5 the convolution shape rule over kernel sizes and strides (:func:`shape_rule_table`).
"""
import numpy as np
import pandas as pd
import torch
from numpy.polynomial import legendre

from hw1.adaline import madaline_output, name_two_input_function
from hw1.conv import output_size

# 1.1: the true function, a cubic on [-1, 1]
CUBIC = (0.0, -1.0, 0.0, 1.5)  # power-basis coefficients: f(x) = 1.5 x^3 - x

# 1.3: the rippled surface, a bowl plus cosine ripples of period 2*pi/RIPPLE_FREQ
RIPPLE_AMP = 0.6
RIPPLE_FREQ = 3.0

# ---------------------------------------------------------------- 1.1 overfitting
def true_cubic(x):
    """The cubic that Problem 1.1's samples come from, ``1.5 x^3 - x``; same shape as ``x``."""
    return np.polynomial.polynomial.polyval(np.asarray(x, dtype=float), CUBIC)


def sample_cubic(n, noise_std, rng):
    """Draw ``n`` points uniform on [-1, 1] and noisy targets ``true_cubic(x) + noise``.

    Returns
    -------
    x, d : ndarray (n,), ndarray (n,)
    """
    if noise_std < 0:
        raise ValueError(f"noise_std is {noise_std}; expected a standard deviation >= 0.")
    x = rng.uniform(-1.0, 1.0, n)
    return x, true_cubic(x) + noise_std * rng.standard_normal(n)


def fit_polynomial(x, d, degree):
    """Least-squares polynomial of the given degree, in the Legendre basis (well conditioned on [-1, 1]).

    Parameters
    ----------
    x, d : ndarray (n,)  inputs and targets
    degree : int  at most n - 1, so the fit is unique

    Returns
    -------
    ndarray (degree + 1,)  Legendre coefficients, for :func:`eval_polynomial`
    """
    x, d = np.asarray(x, dtype=float), np.asarray(d, dtype=float)
    if not 0 <= degree < x.size:
        raise ValueError(f"degree is {degree}; expected 0 <= degree < {x.size} (the number of points).")
    coef, *_ = np.linalg.lstsq(legendre.legvander(x, degree), d, rcond=None)
    return coef


def eval_polynomial(coef, x):
    """Value at ``x`` (any shape) of the Legendre series ``coef`` from :func:`fit_polynomial`."""
    return legendre.legval(np.asarray(x, dtype=float), coef)


def jitter_inputs(x, d, jitter_std, n_copies, rng):
    """Noise injection: the data plus ``n_copies`` copies whose inputs are moved by N(0, jitter_std^2).

    Returns
    -------
    x_aug, d_aug : ndarray ((n_copies + 1) * n,)  targets are repeated unchanged
    """
    x, d = np.asarray(x, dtype=float), np.asarray(d, dtype=float)
    moved = x + jitter_std * rng.standard_normal((n_copies, x.size))
    return np.concatenate([x, moved.ravel()]), np.tile(d, n_copies + 1)


def polynomial_errors(degrees, n_train, noise_std, n_trials, rng, *, jitter_std=0.0, n_copies=0,
                      n_test=500):
    """Training and held-out mean squared error of polynomial fits, over many training sets.

    Each trial draws ``n_train`` noisy samples (:func:`sample_cubic`), optionally adds jittered
    copies (:func:`jitter_inputs`), and fits every degree. The held-out error is measured against the
    noise-free cubic at ``n_test`` fresh points, so it is the error of the learned function itself.

    Returns
    -------
    train_mse, test_mse : ndarray (n_trials, len(degrees))
    """
    degrees = list(degrees)
    train_mse = np.empty((n_trials, len(degrees)))
    test_mse = np.empty_like(train_mse)
    for t in range(n_trials):
        x, d = sample_cubic(n_train, noise_std, rng)
        x_fit, d_fit = jitter_inputs(x, d, jitter_std, n_copies, rng) if n_copies else (x, d)
        x_test = rng.uniform(-1.0, 1.0, n_test)
        for j, degree in enumerate(degrees):
            coef = fit_polynomial(x_fit, d_fit, degree)
            train_mse[t, j] = np.mean((eval_polynomial(coef, x) - d) ** 2)
            test_mse[t, j] = np.mean((eval_polynomial(coef, x_test) - true_cubic(x_test)) ** 2)
    return train_mse, test_mse


# ---------------------------------------------------------------- 1.2 Madaline solutions
def canonical_madaline(W1, w2):
    """Remove the symmetries of a 2-layer sign Madaline, so equal networks get equal weights.

    The outputs do not change when a unit's weights are scaled by a positive number or when
    hidden units are swapped. This scales each hidden row and the output vector to unit norm and
    sorts the hidden units by their weight rows (carrying the output weights along).

    Parameters
    ----------
    W1 : ndarray (m, n + 1)  hidden weights, bias first
    w2 : ndarray (m + 1,)  output weights, bias first

    Returns
    -------
    W1c : ndarray (m, n + 1), w2c : ndarray (m + 1,)
    """
    W1, w2 = np.asarray(W1, dtype=float), np.asarray(w2, dtype=float)
    if w2.shape != (W1.shape[0] + 1,):
        raise ValueError(f"w2 has shape {w2.shape}; expected ({W1.shape[0] + 1},) for W1 of shape {W1.shape}.")
    W1n = W1 / np.linalg.norm(W1, axis=1, keepdims=True)
    order = np.lexsort(W1n.T[::-1])
    w2n = np.concatenate([w2[:1], w2[1:][order]])
    return W1n[order], w2n / np.linalg.norm(w2n)


def madaline_solutions(fits, x):
    """What each trained two-layer Madaline computes, unit by unit, and its weights without symmetries.

    Hidden units are listed in the alphabetical order of their logic functions (ties: by weights),
    and the output unit's function is named in terms of those hidden outputs h1, h2.

    Parameters
    ----------
    fits : sequence of MadalineFit  from :func:`hw1.adaline.mrii_train`, 2 inputs and 2 hidden units
    x : ndarray (4, 2)  the truth-table rows (-1,-1), (-1,+1), (+1,-1), (+1,+1)

    Returns
    -------
    pandas.DataFrame  one row per fit: "h1", "h2" (the hidden units' logic functions of x1, x2),
    "output" (the output unit's function of h1, h2), "network" (the whole Madaline's function of
    x1, x2), "n_errors", and "weights" (ndarray (9,): canonical W1 rows, then w2)
    """
    h_rows = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    rows = []
    for fit in fits:
        W1, w2 = canonical_madaline(fit.W1, fit.w2)
        _, h, _, y = madaline_output(W1, w2, x)
        names = [name_two_input_function(h[:, j]) for j in range(h.shape[1])]
        order = sorted(range(len(names)), key=lambda j: names[j])  # stable: ties keep weight order
        W1, w2 = W1[order], np.concatenate([w2[:1], w2[1:][order]])
        identity = np.eye(3)[1:]  # hidden unit j passes input j through: the output unit alone
        output = name_two_input_function(madaline_output(identity, w2, h_rows)[3])
        rows.append({
            "h1": names[order[0]], "h2": names[order[1]],
            "output": output.replace("x1", "h1").replace("x2", "h2"),
            "network": name_two_input_function(y),
            "n_errors": fit.n_errors,
            "weights": np.concatenate([W1.ravel(), w2]),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- 1.3 steepest descent
def bowl_gradient(w, curvatures):
    """Gradient of the bowl ``0.5 * sum(curvatures * w**2)`` at ``w`` (..., 2); same shape as ``w``."""
    return np.asarray(curvatures, dtype=float) * np.asarray(w, dtype=float)


def descent_angle(grad, w, w_min):
    """Angle in degrees between the steepest-descent direction ``-grad`` and the direction to ``w_min``.

    Parameters
    ----------
    grad, w : ndarray (..., 2)  gradients at points w
    w_min : ndarray (2,)  the minimum

    Returns
    -------
    ndarray (...)
    """
    to_min = np.asarray(w_min, dtype=float) - np.asarray(w, dtype=float)
    down = -np.asarray(grad, dtype=float)
    cos = np.sum(down * to_min, -1) / (np.linalg.norm(down, axis=-1) * np.linalg.norm(to_min, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def gradient_descent(grad_fn, w0, lr, n_steps):
    """Fixed-step steepest descent ``w <- w - lr * grad_fn(w)``; returns the path, ndarray (n_steps + 1, 2)."""
    path = [np.asarray(w0, dtype=float)]
    for _ in range(n_steps):
        path.append(path[-1] - lr * grad_fn(path[-1]))
    return np.array(path)


def make_centers(n_samples, spread, rng):
    """Per-sample minima ``c_i`` of the rippled loss, centred so the mean is exactly 0; ndarray (n_samples, 2)."""
    c = spread * rng.standard_normal((n_samples, 2))
    return c - c.mean(axis=0)


def rippled_loss(w, centers):
    """Mean over samples of ``0.5 |w - c_i|^2 + ripple(w)``, at ``w`` (..., 2); ndarray (...).

    The ripple ``RIPPLE_AMP * (2 - cos(f w1) - cos(f w2))`` puts a local minimum near every point of a
    grid of spacing 2 pi / f; the global minimum is at w = 0 (the mean of the centres).
    """
    w = np.asarray(w, dtype=float)
    spread = np.mean(np.sum(centers ** 2, axis=1))
    ripple = RIPPLE_AMP * np.sum(1.0 - np.cos(RIPPLE_FREQ * w), axis=-1)
    return 0.5 * (np.sum(w ** 2, axis=-1) + spread) + ripple


def rippled_gradient(w, batch_mean):
    """Gradient of the rippled loss over a batch whose centres have mean ``batch_mean``.

    Parameters
    ----------
    w, batch_mean : ndarray (..., 2)  points, and the mean of each point's batch of centres

    Returns
    -------
    ndarray (..., 2)
    """
    return (w - batch_mean) + RIPPLE_AMP * RIPPLE_FREQ * np.sin(RIPPLE_FREQ * w)


def minibatch_descent(w0, centers, batch_size, lr, n_steps, rng):
    """Mini-batch gradient descent on the rippled loss, step size decaying linearly from ``lr`` to 0.

    Each step of each run uses ``batch_size`` samples drawn without replacement;
    ``batch_size = len(centers)`` is full-batch steepest descent.

    Parameters
    ----------
    w0 : ndarray (R, 2)  starting points of R independent runs
    centers : ndarray (N, 2)  the samples, from :func:`make_centers`

    Returns
    -------
    ndarray (n_steps + 1, R, 2)  the paths
    """
    n = len(centers)
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size is {batch_size}; expected 1 <= batch_size <= {n} (the number of samples).")
    w = np.array(w0, dtype=float, ndmin=2)
    path = [w]
    for t in range(n_steps):
        if batch_size == n:
            batch_mean = centers.mean(axis=0)
        else:
            picks = np.argsort(rng.random((len(w), n)), axis=1)[:, :batch_size]
            batch_mean = centers[picks].mean(axis=1)
        w = w - lr * (1 - t / n_steps) * rippled_gradient(w, batch_mean)
        path.append(w)
    return np.array(path)


# ---------------------------------------------------------------- 1.4 the branched Adaline
def branched_adaline(w, x, n, activation=torch.sign):
    """Algorithm 1: ``activation(x @ w)`` where n > 0, ``activation(x @ w) + 5`` elsewhere.

    Parameters
    ----------
    w : Tensor (2,)  weights (w1, w2)
    x : Tensor (B, 2)  inputs (x1, x2)
    n : Tensor (B,)  the branch variable, nonzero
    activation : callable  torch.sign as in the homework, or a smooth stand-in such as torch.tanh

    Returns
    -------
    Tensor (B,)
    """
    y = activation(x @ w)
    return torch.where(n > 0, y, y + 5.0)


def make_branch_task(n_rows, rng):
    """A task Algorithm 1 can solve: targets from a hidden weight vector and random branches.

    Returns
    -------
    x : ndarray (n_rows, 2), n : ndarray (n_rows,) of +-1, t : ndarray (n_rows,), w_true : ndarray (2,)
    """
    w_true = np.array([1.0, -2.0])
    x = rng.standard_normal((n_rows, 2))
    n = rng.choice([-1.0, 1.0], n_rows)
    t = np.sign(x @ w_true) + 5.0 * (n < 0)
    return x, n, t, w_true


def train_branched_adaline(x, n, t, w0, lr, n_steps, activation=torch.sign):
    """Full-batch gradient descent on the mean squared error of :func:`branched_adaline`, by autograd.

    Parameters
    ----------
    x : ndarray (B, 2), n : ndarray (B,), t : ndarray (B,)  the task
    w0 : ndarray (2,)  initial weights

    Returns
    -------
    w : ndarray (n_steps + 1, 2)  weights after each step
    loss : ndarray (n_steps + 1,)  the loss at those weights
    grad_norm : ndarray (n_steps,)  |dL/dw| at each step
    """
    x, n, t = (torch.as_tensor(a, dtype=torch.float64) for a in (x, n, t))
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    ws, losses, grad_norms = [], [], []
    for step in range(n_steps + 1):
        loss = torch.mean((branched_adaline(w, x, n, activation) - t) ** 2)
        ws.append(w.detach().numpy().copy())
        losses.append(loss.item())
        if step == n_steps:
            break
        (grad,) = torch.autograd.grad(loss, w)
        grad_norms.append(grad.norm().item())
        with torch.no_grad():
            w -= lr * grad
    return np.array(ws), np.array(losses), np.array(grad_norms)


# ---------------------------------------------------------------- 1.5 the shape rule
def shape_rule_table(n, kernel_sizes, strides, padding=0):
    """Output size ``floor((n - K + 2P) / S) + 1`` for every kernel size K (rows) and stride S (columns).

    Returns
    -------
    pandas.DataFrame (len(kernel_sizes), len(strides) + 1)  column "K", then one column per stride
    """
    table = {"K": list(kernel_sizes)}
    for s in strides:
        table[f"S={s}"] = [output_size(n, k, padding=padding, stride=s) for k in kernel_sizes]
    return pd.DataFrame(table)
