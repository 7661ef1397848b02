"""Small experiments behind the true/false answers of Section 1.

- 1.1 polynomial fits of growing degree to noisy samples of a cubic (:func:`polynomial_errors`,
  :func:`label_noise_sweep`).
- 1.2 how different the Madalines are that Madaline Rule II finds for XOR: one experiment,
  :func:`hw1.adaline.mrii_xor_solutions`, shared with Section 2.
- 1.3 steepest descent on an elongated bowl and on a rippled surface, full batch vs mini-batch
  (:func:`bowl_descent`, :func:`minibatch_descent`, :func:`batch_size_sweep`).
- 1.4 the branched sign Adaline of Algorithm 1 under autograd (:func:`branched_adaline`,
  :func:`branched_gradients`, :func:`train_branched_adaline`).
- 1.5 the convolution shape rule as the kernel grows (:func:`kernel_size_steps`, on
  :func:`hw1.conv.output_size_table`).
"""
from typing import NamedTuple

import numpy as np
import torch
from numpy.polynomial import legendre

from hw1.conv import output_size_table
from hw1.params import POSITIVE, check_array, check_int_array, check_rng, check_scalar, check_type, describe

# 1.1: the true function, a cubic on [-1, 1]
CUBIC = (0.0, -1.0, 0.0, 1.5)  # power-basis coefficients: f(x) = 1.5 x^3 - x
TRUE_DEGREE = len(CUBIC) - 1

# 1.3: the rippled surface, a bowl plus cosine ripples of period 2*pi/RIPPLE_FREQ
RIPPLE_AMP = 0.6
RIPPLE_FREQ = 3.0
RIPPLE_PERIOD = 2 * np.pi / RIPPLE_FREQ  # spacing of the local minima


class PolynomialErrors(NamedTuple):
    """Result of :func:`polynomial_errors`."""

    train_mse: np.ndarray  # (num_trials, num_degrees) error on the training points
    test_mse: np.ndarray  # (num_trials, num_degrees) error against the noise-free cubic
    train_median: np.ndarray  # (num_degrees,) medians over the trials
    test_median: np.ndarray  # (num_degrees,)
    best_degree: int  # the degree with the lowest median held-out error


class NoiseSweep(NamedTuple):
    """Result of :func:`label_noise_sweep`."""

    test_median: np.ndarray  # (num_levels,) median held-out error at each noise level
    slope: float  # least-squares slope of log(test_median) against log(sigma); 2 means error ~ sigma^2


class BowlDescent(NamedTuple):
    """Result of :func:`bowl_descent`."""

    path: np.ndarray  # (num_steps + 1, 2) the weights after each step
    start_angle: float  # degrees between -grad and the direction to the minimum, at the start
    max_angle: float  # the largest such angle around the unit circle
    num_sign_changes: int  # steps after which w2 has the opposite sign: the zig-zag


class BatchSweep(NamedTuple):
    """Result of :func:`batch_size_sweep`."""

    batch_sizes: list  # the batch sizes, in the order given
    percent_global: np.ndarray  # % of starts that end within `radius` of the global minimum
    mean_final_loss: np.ndarray  # mean loss at the end, over the starts
    global_loss: float  # the loss at the global minimum w = 0


class BranchTask(NamedTuple):
    """Result of :func:`make_branch_task`."""

    x: np.ndarray  # (num_rows, 2) inputs
    n: np.ndarray  # (num_rows,) branch variable, +-1
    t: np.ndarray  # (num_rows,) targets from Algorithm 1 with `w_true`
    w_true: np.ndarray  # (2,)


class BranchGradients(NamedTuple):
    """Result of :func:`branched_gradients`."""

    autograd: np.ndarray  # (2,) dL/dw by PyTorch autograd
    central_difference: np.ndarray  # (2,) the same by central differences


class BranchTraining(NamedTuple):
    """Result of :func:`train_branched_adaline`."""

    weights: np.ndarray  # (num_steps + 1, 2) weights after each step
    loss: np.ndarray  # (num_steps + 1,) the loss at those weights
    grad_norm: np.ndarray  # (num_steps,) |dL/dw| at each step
    sign_percent_correct: float  # % of rows the sign model (Algorithm 1) gets right at the final weights


class KernelSteps(NamedTuple):
    """Result of :func:`kernel_size_steps`."""

    sizes: np.ndarray  # (num_kernels, num_strides) output sizes, from hw1.conv.output_size_table
    num_steps: int  # steps K -> K + 1 over all strides
    num_larger: int  # steps that give a larger output
    num_equal: int  # steps that give the same size
    first_equal: tuple  # (stride, K, K + 1, size): the first step with equal sizes (strides in order), or None


class Samples(NamedTuple):
    """Inputs and their targets."""
    x: np.ndarray  # (n,)
    d: np.ndarray  # (n,)


# ---------------------------------------------------------------- 1.1 overfitting
def true_cubic(x):
    """The cubic that Problem 1.1's samples come from, ``1.5 x^3 - x``; same shape as ``x``."""
    return np.polynomial.polynomial.polyval(check_array("x", x, allow_empty=True), CUBIC)


def sample_cubic(num_samples, noise_std, *, rng):
    """Draw ``num_samples`` points uniform on [-1, 1] and noisy targets ``true_cubic(x) + noise``.

    Returns
    -------
    Samples(x (num_samples,), d (num_samples,))
    """
    num_samples = check_scalar("num_samples", num_samples, int, min_val=1)
    noise_std = check_scalar("noise_std", noise_std, float, min_val=0)
    check_rng(rng)
    x = rng.uniform(-1.0, 1.0, num_samples)
    return Samples(x, true_cubic(x) + noise_std * rng.standard_normal(num_samples))


def fit_polynomial(x, d, degree):
    """Least-squares polynomial of the given degree, in the Legendre basis (well conditioned on [-1, 1]).

    Parameters
    ----------
    x, d : ndarray (n,)  inputs and targets, finite
    degree : int  at most n - 1, so the fit is unique

    Returns
    -------
    ndarray (degree + 1,)  Legendre coefficients, for :func:`eval_polynomial`
    """
    x = check_array("x", x, ndim=1)
    d = check_array("d", d, shape=x.shape, to_match="x")
    check_scalar("degree", degree, int, min_val=0, max_val=x.size - 1)
    coef, *_ = np.linalg.lstsq(legendre.legvander(x, degree), d, rcond=None)
    return coef


def eval_polynomial(coef, x):
    """Value at ``x`` (any shape) of the Legendre series ``coef`` from :func:`fit_polynomial`."""
    x, coef = check_array("x", x, allow_empty=True), check_array("coef", coef, ndim=1)
    return legendre.legval(x, coef)


def jitter_inputs(x, d, jitter_std, num_copies, *, rng):
    """Noise injection: the data plus ``num_copies`` copies whose inputs are moved by N(0, jitter_std^2).

    Returns
    -------
    Samples(x ((num_copies + 1) * n,), d ((num_copies + 1) * n,))  targets are repeated unchanged
    """
    x = check_array("x", x, ndim=1)
    d = check_array("d", d, shape=x.shape, to_match="x")
    jitter_std = check_scalar("jitter_std", jitter_std, float, min_val=0)
    num_copies = check_scalar("num_copies", num_copies, int, min_val=0)
    check_rng(rng)
    moved = x + jitter_std * rng.standard_normal((num_copies, x.size))
    return Samples(np.concatenate([x, moved.ravel()]), np.tile(d, num_copies + 1))


def polynomial_errors(degrees, num_train, noise_std, num_trials, *, jitter_std=0.0, num_copies=0,
                      num_test=500, rng):
    """Training and held-out mean squared error of polynomial fits, over many training sets.

    Each trial draws ``num_train`` noisy samples (:func:`sample_cubic`), optionally adds jittered
    copies (:func:`jitter_inputs`), and fits every degree. The held-out error is measured against the
    noise-free cubic at ``num_test`` fresh points, so it is the error of the learned function itself.

    Returns
    -------
    PolynomialErrors
    """
    num_train = check_scalar("num_train", num_train, int, min_val=1)
    degrees = check_int_array("degrees", degrees, min_val=0, max_val=num_train - 1)
    noise_std = check_scalar("noise_std", noise_std, float, min_val=0)
    num_trials = check_scalar("num_trials", num_trials, int, min_val=1)
    num_test = check_scalar("num_test", num_test, int, min_val=1)
    jitter_std = check_scalar("jitter_std", jitter_std, float, min_val=0)
    num_copies = check_scalar("num_copies", num_copies, int, min_val=0)
    check_rng(rng)
    train_mse = np.empty((num_trials, len(degrees)))
    test_mse = np.empty_like(train_mse)
    for trial in range(num_trials):
        x, d = sample_cubic(num_train, noise_std, rng=rng)
        x_fit, d_fit = jitter_inputs(x, d, jitter_std, num_copies, rng=rng) if num_copies else (x, d)
        x_test = rng.uniform(-1.0, 1.0, num_test)
        for j, degree in enumerate(degrees):
            coef = fit_polynomial(x_fit, d_fit, degree)
            train_mse[trial, j] = np.mean((eval_polynomial(coef, x) - d) ** 2)
            test_mse[trial, j] = np.mean((eval_polynomial(coef, x_test) - true_cubic(x_test)) ** 2)
    train_median, test_median = np.median(train_mse, axis=0), np.median(test_mse, axis=0)
    return PolynomialErrors(train_mse, test_mse, train_median, test_median,
                            degrees[int(np.argmin(test_median))])


def label_noise_sweep(degree, noise_levels, num_train, num_trials, *, jitter_std=0.0, num_copies=0,
                      num_test=500, rng):
    """Median held-out error of one model at each label-noise level, on the same draws.

    One seed is drawn from ``rng``; every level reruns :func:`polynomial_errors` from it, so the
    inputs and the standard-normal draws are the same and only their scale, sigma, changes.

    The slope is fitted over the positive levels (NaN if fewer than two).

    Returns
    -------
    NoiseSweep
    """
    levels = check_array("noise_levels", noise_levels, ndim=1)
    if np.any(levels < 0):
        raise ValueError(f"noise_levels is {levels.tolist()}; expected standard deviations >= 0.")
    check_scalar("degree", degree, int, min_val=0, max_val=check_scalar("num_train", num_train, int, min_val=1) - 1)
    check_rng(rng)
    seed = int(rng.integers(2**63))
    medians = np.array([
        polynomial_errors([degree], num_train, sigma, num_trials, jitter_std=jitter_std,
                          num_copies=num_copies, num_test=num_test,
                          rng=np.random.default_rng(seed)).test_median[0]
        for sigma in levels])
    positive = levels > 0
    slope = (np.polyfit(np.log(levels[positive]), np.log(medians[positive]), 1)[0]
             if positive.sum() >= 2 else np.nan)
    return NoiseSweep(medians, float(slope))


# ---------------------------------------------------------------- 1.3 steepest descent
def bowl_loss(w, curvatures):
    """The bowl ``0.5 * sum(curvatures * w**2)`` at ``w`` (..., 2); ndarray (...)."""
    w = check_array("w", w, shape=(..., 2))
    curvatures = check_array("curvatures", curvatures, shape=(2,))
    return 0.5 * np.sum(curvatures * w ** 2, axis=-1)


def bowl_gradient(w, curvatures):
    """Gradient of :func:`bowl_loss` at ``w`` (..., 2); same shape as ``w``."""
    w = check_array("w", w, shape=(..., 2))
    curvatures = check_array("curvatures", curvatures, shape=(2,))
    return curvatures * w


def descent_angle(grad, w, w_min):
    """Angle in degrees between the steepest-descent direction ``-grad`` and the direction to ``w_min``.

    Parameters
    ----------
    grad, w : ndarray (..., 2)  gradients at points w; no zero gradient, no w at w_min (no direction)
    w_min : ndarray (2,)  the minimum

    Returns
    -------
    ndarray (...)
    """
    w = check_array("w", w, shape=(..., 2))
    grad, w_min = check_array("grad", grad, shape=(..., 2)), check_array("w_min", w_min, shape=(..., 2))
    to_min, down = w_min - w, -grad
    norms = np.linalg.norm(down, axis=-1) * np.linalg.norm(to_min, axis=-1)
    if not np.all(np.isfinite(norms)) or np.any(norms == 0):
        raise ValueError("grad or w - w_min is zero or not finite at some point; "
                         "expected finite nonzero directions to measure an angle between.")
    return np.degrees(np.arccos(np.clip(np.sum(down * to_min, -1) / norms, -1.0, 1.0)))


def gradient_descent(grad_fn, w0, lr, num_steps):
    """Fixed-step steepest descent ``w <- w - lr * grad_fn(w)``; returns the path, ndarray (num_steps + 1, 2)."""
    lr = check_scalar("lr", lr, float, **POSITIVE)
    num_steps = check_scalar("num_steps", num_steps, int, min_val=0)
    check_type("grad_fn", grad_fn, callable, "a function w -> gradient")
    path = [check_array("w0", w0, shape=(..., 2))]
    for _ in range(num_steps):
        path.append(path[-1] - lr * grad_fn(path[-1]))
    return np.array(path)


def bowl_descent(curvatures, w0, lr, num_steps, *, num_angles=3601):
    """Full-batch descent on the bowl from ``w0``, and how far steepest descent misses the minimum.

    The largest angle is searched on ``num_angles`` points of the unit circle (the angle depends only
    on the direction of w); its closed form is ``arccos(2 sqrt(k) / (1 + k))``, k the curvature ratio.

    Returns
    -------
    BowlDescent
    """
    curvatures = check_array("curvatures", curvatures, shape=(2,))
    if np.any(curvatures <= 0):
        raise ValueError(f"curvatures is {curvatures.tolist()}; expected two finite positive numbers.")
    w0 = check_array("w0", w0, shape=(2,))
    if not np.any(w0):
        raise ValueError("w0 is the minimum (0, 0); expected a start away from it.")
    num_angles = check_scalar("num_angles", num_angles, int, min_val=2)
    theta = np.linspace(0, 2 * np.pi, num_angles)
    circle = np.column_stack([np.cos(theta), np.sin(theta)])
    path = gradient_descent(lambda w: bowl_gradient(w, curvatures), w0, lr, num_steps)
    return BowlDescent(
        path=path,
        start_angle=float(descent_angle(bowl_gradient(path[0], curvatures), path[0], np.zeros(2))),
        max_angle=float(descent_angle(bowl_gradient(circle, curvatures), circle, np.zeros(2)).max()),
        num_sign_changes=int(np.sum(np.diff(np.sign(path[:, 1])) != 0)),
    )


def make_centers(num_samples, spread, *, rng):
    """Per-sample minima ``c_i`` of the rippled loss, centred so the mean is exactly 0; ndarray (num_samples, 2)."""
    num_samples = check_scalar("num_samples", num_samples, int, min_val=1)
    spread = check_scalar("spread", spread, float, min_val=0)
    check_rng(rng)
    c = spread * rng.standard_normal((num_samples, 2))
    return c - c.mean(axis=0)


def rippled_loss(w, centers):
    """Mean over samples of ``0.5 |w - c_i|^2 + ripple(w)``, at ``w`` (..., 2); ndarray (...).

    The ripple ``RIPPLE_AMP * (2 - cos(f w1) - cos(f w2))`` puts a local minimum near every point of a
    grid of spacing 2 pi / f; the global minimum is at w = 0 (the mean of the centres).
    """
    w, centers = check_array("w", w, shape=(..., 2)), check_array("centers", centers, shape=(None, 2))
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
    w, batch_mean = check_array("w", w, shape=(..., 2)), check_array("batch_mean", batch_mean, shape=(..., 2))
    return (w - batch_mean) + RIPPLE_AMP * RIPPLE_FREQ * np.sin(RIPPLE_FREQ * w)


def minibatch_descent(w0, centers, batch_size, lr, num_steps, *, rng):
    """Mini-batch gradient descent on the rippled loss, step size decaying linearly from ``lr`` to 0.

    Each step of each run uses ``batch_size`` samples drawn without replacement;
    ``batch_size = len(centers)`` is full-batch steepest descent.

    Parameters
    ----------
    w0 : ndarray (R, 2) or (2,)  starting points of R independent runs
    centers : ndarray (N, 2)  the samples, from :func:`make_centers`

    Returns
    -------
    ndarray (num_steps + 1, R, 2)  the paths
    """
    centers = check_array("centers", centers, shape=(None, 2))
    n = len(centers)
    batch_size = check_scalar("batch_size", batch_size, int, min_val=1, max_val=n)
    check_rng(rng)
    w0 = check_array("w0", w0, ndim=(1, 2), shape=None)
    if w0.shape[-1] != 2:
        raise ValueError(f"w0 has shape {w0.shape}; expected (R, 2) or (2,) starting points.")
    lr = check_scalar("lr", lr, float, **POSITIVE)
    num_steps = check_scalar("num_steps", num_steps, int, min_val=1)
    w = np.array(w0, dtype=float, ndmin=2)
    path = [w]
    for step in range(num_steps):
        if batch_size == n:
            batch_mean = centers.mean(axis=0)
        else:
            picks = np.argsort(rng.random((len(w), n)), axis=1)[:, :batch_size]
            batch_mean = centers[picks].mean(axis=1)
        w = w - lr * (1 - step / num_steps) * rippled_gradient(w, batch_mean)
        path.append(w)
    return np.array(path)


def batch_size_sweep(starts, centers, batch_sizes, lr, num_steps, *, radius=0.5, rng):
    """For each batch size, run :func:`minibatch_descent` from every start and count the runs that end
    within ``radius`` of the global minimum w = 0.

    Returns
    -------
    BatchSweep
    """
    radius = check_scalar("radius", radius, float, **POSITIVE)
    batch_sizes = check_int_array("batch_sizes", batch_sizes, min_val=1)
    starts = check_array("starts", starts, shape=(None, 2))
    ends = [minibatch_descent(starts, centers, b, lr, num_steps, rng=rng)[-1] for b in batch_sizes]
    return BatchSweep(
        batch_sizes=list(batch_sizes),
        percent_global=np.array([100 * np.mean(np.linalg.norm(end, axis=1) < radius) for end in ends]),
        mean_final_loss=np.array([rippled_loss(end, centers).mean() for end in ends]),
        global_loss=float(rippled_loss(np.zeros(2), centers)),
    )


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
    num_rows = x.shape[0] if _is_tensor(x) and x.ndim == 2 else None
    for name, a, shape in (("w", w, (2,)), ("x", x, (None, 2)), ("n", n, (num_rows,))):
        if (not _is_tensor(a) or a.numel() == 0 or a.ndim != len(shape)
                or any(s is not None and g != s for g, s in zip(a.shape, shape))):
            raise ValueError(f"{name} is {describe(a)}; expected a non-empty float tensor of shape "
                             f"{tuple('B' if s is None else s for s in shape)}".replace("'", "")
                             + (", one branch per row of x." if name == "n" else "."))
        if not torch.isfinite(a).all():
            raise ValueError(f"{name} holds NaN or infinite values; expected finite numbers.")
    check_type("activation", activation, callable, "a function such as torch.sign")
    return _branched(w, x, n, activation)


def _is_tensor(a):
    return isinstance(a, torch.Tensor) and a.is_floating_point()


def _branched(w, x, n, activation):
    y = activation(x @ w)
    return torch.where(n > 0, y, y + 5.0)


def make_branch_task(num_rows, *, rng):
    """A task Algorithm 1 can solve: targets from a hidden weight vector and random branches.

    Returns
    -------
    BranchTask
    """
    num_rows = check_scalar("num_rows", num_rows, int, min_val=1)
    check_rng(rng)
    w_true = np.array([1.0, -2.0])
    x = rng.standard_normal((num_rows, 2))
    n = rng.choice([-1.0, 1.0], num_rows)
    t = np.sign(x @ w_true) + 5.0 * (n < 0)
    return BranchTask(x, n, t, w_true)


def _branch_loss(w, x, n, t, activation):
    """Mean squared error of :func:`branched_adaline` (tensors, float64)."""
    return torch.mean((_branched(w, x, n, activation) - t) ** 2)


class BranchTensors(NamedTuple):
    """Problem 1.4's task and weights as float64 tensors."""
    x: torch.Tensor  # (B, 2) inputs
    n: torch.Tensor  # (B,) the input that chooses the branch
    t: torch.Tensor  # (B,) targets
    w: torch.Tensor  # (2,) weights


def branch_tensors(x, n, t, w):
    """The task ``(x, n, t)`` of :func:`branched_adaline` and its weights ``w``, checked once, as tensors."""
    x = check_array("x", x, shape=(None, 2))
    n = check_array("n", n, shape=(len(x),), to_match="the rows of x")
    t = check_array("t", t, shape=(len(x),), to_match="the rows of x")
    w = check_array("w", w, shape=(2,))
    return BranchTensors(*(torch.as_tensor(a, dtype=torch.float64) for a in (x, n, t, w)))


def branched_gradients(x, n, t, w, *, h=1e-6, activation=torch.sign):
    """dL/dw of the mean squared error of :func:`branched_adaline` at ``w``, two ways: PyTorch
    autograd, and central differences ``(L(w + h e_i) - L(w - h e_i)) / (2 h)``.

    Returns
    -------
    BranchGradients
    """
    h = check_scalar("h", h, float, **POSITIVE)
    x, n, t, w = branch_tensors(x, n, t, w)
    check_type("activation", activation, callable, "a function such as torch.sign")
    w = w.requires_grad_()
    (grad,) = torch.autograd.grad(_branch_loss(w, x, n, t, activation), w)
    with torch.no_grad():
        steps = h * torch.eye(2, dtype=torch.float64)
        central = [(_branch_loss(w + e, x, n, t, activation) - _branch_loss(w - e, x, n, t, activation)).item()
                   / (2 * h) for e in steps]
    return BranchGradients(grad.numpy(), np.array(central))


def train_branched_adaline(x, n, t, w0, lr, num_steps, activation=torch.sign):
    """Full-batch gradient descent on the mean squared error of :func:`branched_adaline`, by autograd.

    Whatever ``activation`` trained the weights, the final accuracy is that of the sign model.

    Parameters
    ----------
    x : ndarray (B, 2), n : ndarray (B,), t : ndarray (B,)  the task
    w0 : ndarray (2,)  initial weights

    Returns
    -------
    BranchTraining
    """
    lr = check_scalar("lr", lr, float, **POSITIVE)
    num_steps = check_scalar("num_steps", num_steps, int, min_val=0)
    w0 = check_array("w0", w0, shape=(2,))  # named as the caller knows it, before branch_tensors checks it as w
    x, n, t, w = branch_tensors(x, n, t, w0)
    check_type("activation", activation, callable, "a function such as torch.sign")
    w = w.clone().requires_grad_()  # a copy: as_tensor shares a float64 w0's memory, and the steps write in place
    ws, losses, grad_norms = [], [], []
    for step in range(num_steps + 1):
        loss = _branch_loss(w, x, n, t, activation)
        ws.append(w.detach().numpy().copy())
        losses.append(loss.item())
        if step == num_steps:
            break
        (grad,) = torch.autograd.grad(loss, w)
        grad_norms.append(grad.norm().item())
        with torch.no_grad():
            w -= lr * grad
    with torch.no_grad():
        accuracy = 100 * torch.mean((_branched(w, x, n, torch.sign) == t).double()).item()
    return BranchTraining(np.array(ws), np.array(losses), np.array(grad_norms), accuracy)


# ---------------------------------------------------------------- 1.5 the shape rule
def kernel_size_steps(n, kernel_sizes, strides, padding=0):
    """How the output size changes when the kernel grows from K to K + 1, for each stride.

    Parameters
    ----------
    n : int  input size
    kernel_sizes : sequence of int  consecutive sizes K, K + 1, ...
    strides : sequence of int

    Returns
    -------
    KernelSteps
    """
    kernel_sizes = check_int_array("kernel_sizes", kernel_sizes, min_val=1)
    if len(kernel_sizes) < 2 or np.any(np.diff(kernel_sizes) != 1):
        raise ValueError(f"kernel_sizes is {kernel_sizes}; expected at least two consecutive sizes K, K + 1, ...")
    sizes = output_size_table(n, kernel_sizes, strides, padding)
    change = np.diff(sizes, axis=0)  # (num_kernels - 1, num_strides)
    equal = [(int(s), kernel_sizes[i], kernel_sizes[i] + 1, int(sizes[i, j]))
             for j, s in enumerate(strides) for i in np.flatnonzero(change[:, j] == 0)]
    return KernelSteps(sizes, int(change.size), int(np.sum(change > 0)), int(np.sum(change == 0)),
                       equal[0] if equal else None)
