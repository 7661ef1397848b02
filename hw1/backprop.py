"""Back propagation by hand for a two-layer network (problems 3.1 and 3.2).

The network and its loss, for one sample (a column) or a batch (B columns):

    z  = W1 x1 + b1          (m, B)
    x2 = sigma(z)            (m, B)   sigma: "sigmoid" or "relu"
    x3 = W2 x2 + b2          (k, B)
    L  = 1/2 * sum (t - x3)**2        summed over outputs and over the batch

Parameters travel as a dict ``{"W1": (m, n), "b1": (m,), "W2": (k, m), "b2": (k,)}``, and so do
gradients (same keys, same shapes); results of several values are NamedTuples (:class:`ForwardPass`,
:class:`BackwardPass`, :class:`LossAndGrads`, :class:`GradientCheck`, :class:`StepCheck`).
Gradients come in two layouts:

- parameter shape (denominator layout): ``dL/dW1`` has W1's shape (m, n), entry (i, j) is
  dL/dW1[i, j]. This is what ``W <- W - lr * dW`` and PyTorch's ``.grad`` use.
- numerator layout via ``vec``: the row Jacobian ``dL/dvec(W1)`` of shape (1, m*n), where ``vec``
  stacks the columns. The two are related by ``dL/dvec(W) = vec(dW).T``; the numerator-layout
  matrix ``dL/dW`` of shape (n, m) is ``dW.T``.
"""
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import scipy.special

from hw1.params import POSITIVE, check_array, check_choice, check_scalar, check_type

ACTIVATIONS = ("relu", "sigmoid")
PARAMS = ("W1", "b1", "W2", "b2")
# What "agrees" means, stated once. The hand formulas, the Kronecker chain and autograd are the same
# arithmetic in another order: they differ by float64 round-off (1e-15 here, on gradients of size
# 1-30), whose exact value changes with the CPU and BLAS, so it is reported only against a tolerance.
# Central differences with a step h near 1e-5 carry a truncation error ~h^2 and a round-off error
# ~1e-16/h, both about 1e-10 here: 1e-6 leaves a wide margin yet catches any wrong formula.
EXACT_TOLERANCE = 1e-12
FD_TOLERANCE = 1e-6


def sigmoid(z):
    """Logistic function ``1 / (1 + exp(-z))``, overflow-free for large ``|z|``.

    scipy's ``expit`` takes its exp from the C library; numpy's own exp has a variant for AVX-512
    processors whose last bits differ, and the finite-difference figure would show them.
    """
    return scipy.special.expit(check_array("z", z, allow_empty=True))


class ActivationAndSlope(NamedTuple):
    """Result of :func:`activation_and_slope`."""
    value: np.ndarray  # sigma(z)
    slope: np.ndarray  # sigma'(z)


def activation_and_slope(z, activation):
    """``sigma(z)`` and ``sigma'(z)`` elementwise; ReLU's slope at 0 is taken as 0, as in PyTorch.

    Parameters
    ----------
    z : ndarray (m, B)  pre-activations
    activation : {"sigmoid", "relu"}

    Returns
    -------
    ActivationAndSlope(value (m, B), slope (m, B))
    """
    z = check_array("z", z, allow_empty=True)
    return _activation_and_slope(z, check_choice("activation", activation, ACTIVATIONS))


def _activation_and_slope(z, activation):
    if activation == "sigmoid":
        s = scipy.special.expit(z)
        return ActivationAndSlope(s, s * (1.0 - s))
    return ActivationAndSlope(np.maximum(z, 0.0), (z > 0).astype(float))


class Network(NamedTuple):
    """A network's parameters, an input and its target, as float arrays; x1 and t as columns."""
    W1: np.ndarray  # (m, n)
    b1: np.ndarray  # (m,)
    W2: np.ndarray  # (k, m)
    b2: np.ndarray  # (k,)
    X1: np.ndarray  # (n, B)
    T: np.ndarray  # (k, B)


def network_arrays(params, x1, t, activation="relu"):
    """The arguments that the functions of this module take, checked once (one ValueError sentence
    naming the first that is wrong) and as float arrays: the single place where they are checked.

    Returns
    -------
    Network(W1, b1, W2, b2, X1 (n, B), T (k, B))
    """
    check_type("params", params, Mapping, f"a dict with the keys {PARAMS}")
    missing = [p for p in PARAMS if p not in params]
    if missing:
        raise ValueError(f"params lacks {missing}; expected the keys {PARAMS}.")
    check_choice("activation", activation, ACTIVATIONS)
    W1 = check_array("W1", params["W1"], ndim=2)
    (m, n) = W1.shape
    b1 = check_array("b1", params["b1"], shape=(m,))
    W2 = check_array("W2", params["W2"], shape=(None, m))
    k = W2.shape[0]
    b2 = check_array("b2", params["b2"], shape=(k,))
    x1 = check_array("x1", x1, ndim=(1, 2))
    if x1.shape[0] != n:
        raise ValueError(f"x1 has shape {x1.shape}; expected ({n},) or ({n}, B) to fit W1 of shape {W1.shape}.")
    t = check_array("t", t, shape=(k,) + x1.shape[1:])
    return Network(W1, b1, W2, b2, x1.reshape(n, -1), t.reshape(k, -1))


def _matmul(A, B):
    """``A @ B`` for 2-D arrays, summed in a fixed order without BLAS.

    The products here are tiny, and a BLAS kernel chooses its own order of summation (and fused
    multiply-adds) per processor: the results then differ in their last bit from one machine to
    another. Finite differences at small steps are made of exactly that round-off, and the report
    plots them, so every forward and backward pass sums the same way everywhere.
    """
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)


def _columns(a):
    """A vector (rows,) as a one-column matrix (rows, 1); a matrix unchanged."""
    return a.reshape(a.shape[0], -1)


class ForwardPass(NamedTuple):
    """The forward pass, every array in x1's layout: a vector for one sample, columns for a batch."""
    loss: float         # 1/2 * sum((t - x3)**2) over outputs and samples
    x1: np.ndarray      # (n,) or (n, B)  the input
    z: np.ndarray       # (m,) or (m, B)  W1 x1 + b1
    x2: np.ndarray      # (m,) or (m, B)  sigma(z)
    x3: np.ndarray      # (k,) or (k, B)  W2 x2 + b2
    e: np.ndarray       # (k,) or (k, B)  output error x3 - t = dL/dx3
    slope: np.ndarray   # (m,) or (m, B)  sigma'(z)
    W2: np.ndarray      # (k, m)          needed to send the error back


def forward(params, x1, t, activation="relu"):
    """Forward pass and loss.

    Parameters
    ----------
    params : dict  W1 (m, n), b1 (m,), W2 (k, m), b2 (k,)
    x1 : ndarray (n,) or (n, B)  input, one column per sample
    t : ndarray (k,) or (k, B)  target, same layout as x1
    activation : {"sigmoid", "relu"}

    Returns
    -------
    ForwardPass
    """
    net = network_arrays(params, x1, t, activation)
    z, x2, slope, x3, loss = _forward(net, activation)
    layout = (lambda a: a[:, 0]) if np.ndim(x1) == 1 else (lambda a: a)
    return ForwardPass(loss, layout(net.X1), layout(z), layout(x2), layout(x3), layout(x3 - net.T),
                       layout(slope), net.W2)


def _forward(net, activation):
    """z, x2, sigma'(z), x3 and the loss of the checked :class:`Network` ``net``, in columns."""
    z = _matmul(net.W1, net.X1) + net.b1[:, None]
    x2, slope = _activation_and_slope(z, activation)
    x3 = _matmul(net.W2, x2) + net.b2[:, None]
    return z, x2, slope, x3, 0.5 * float(np.sum((net.T - x3) ** 2))


class BackwardPass(NamedTuple):
    """The hidden error and the gradients."""
    delta: np.ndarray  # (m,) or (m, B)  hidden error (W2.T e) * sigma'(z) = dL/dz
    grads: dict        # W1 (m, n), b1 (m,), W2 (k, m), b2 (k,): each in its parameter's shape


def backward(fwd):
    """Gradients of the loss by the vectorised chain rule, each in its parameter's shape.

    With the output error ``e = x3 - t`` (k, B) and the hidden error
    ``delta = (W2.T @ e) * sigma'(z)`` (m, B):
    ``dW2 = e @ x2.T``, ``db2 = e @ 1``, ``dW1 = delta @ x1.T``, ``db1 = delta @ 1``.

    Parameters
    ----------
    fwd : ForwardPass  from :func:`forward`

    Returns
    -------
    BackwardPass
    """
    check_type("fwd", fwd, ForwardPass, "the ForwardPass of forward()")
    e, x1, x2 = _columns(fwd.e), _columns(fwd.x1), _columns(fwd.x2)
    d = _matmul(fwd.W2.T, e) * _columns(fwd.slope)
    grads = {"W1": _matmul(d, x1.T), "b1": d.sum(axis=1), "W2": _matmul(e, x2.T), "b2": e.sum(axis=1)}
    return BackwardPass(d.reshape(fwd.slope.shape), grads)


class LossAndGrads(NamedTuple):
    """Loss, the two errors the gradients rest on, and the gradients."""
    loss: float
    e: np.ndarray      # output error x3 - t, x1's layout
    delta: np.ndarray  # hidden error (W2.T e) * sigma'(z), x1's layout
    grads: dict        # W1, b1, W2, b2 in parameter shape


def loss_and_grads(params, x1, t, activation="relu"):
    """:func:`forward` then :func:`backward`.

    Examples
    --------
    >>> result = loss_and_grads(*problem_3_2(), activation="relu")
    >>> result.loss, result.e, result.delta
    (14.5, array([-2., -5.]), array([13., -1.]))
    >>> result.grads["W1"]
    array([[ 0., 13., 26.],
           [ 0., -1., -2.]])
    """
    fwd = forward(params, x1, t, activation)
    back = backward(fwd)
    return LossAndGrads(fwd.loss, fwd.e, back.delta, back.grads)


def vec(A):
    """Stack the columns of ``A`` (m, n) into one vector (m*n,): ``vec(A)[i + m*j] = A[i, j]``.

    Examples
    --------
    >>> vec(np.array([[1, 2, 3], [4, 5, 6]]))
    array([1, 4, 2, 5, 3, 6])
    """
    return check_array("A", A, ndim=(1, 2), dtype=None, allow_empty=True).reshape(-1, order="F")


def kron_jacobians(params, x1, t, activation="relu"):
    """The row Jacobians ``dL/dvec(W)`` and ``dL/db`` in numerator layout, as problem 3.1 derives.

    For one sample, chain the Jacobians ``dL/dx3 = e.T`` (1, k), ``dx3/dx2 = W2`` (k, m),
    ``dx2/dz = diag(sigma'(z))`` (m, m), ``dz/dvec(W1) = x1.T kron I_m`` (m, m*n),
    ``dz/db1 = I_m``, ``dx3/dvec(W2) = x2.T kron I_k`` (k, k*m), ``dx3/db2 = I_k``.
    A batch's loss is a sum, so its Jacobians are the sum of the samples'.

    Parameters
    ----------
    params, x1, t, activation : as in :func:`forward`

    Returns
    -------
    dict  W1 (1, m*n), b1 (1, m), W2 (1, k*m), b2 (1, k)
    """
    fwd = forward(params, x1, t, activation)
    W2, k, m = fwd.W2, *fwd.W2.shape
    total = {"W1": 0.0, "b1": 0.0, "W2": 0.0, "b2": 0.0}
    # one sample at a time: the Kronecker form is written for a single column
    for x1_s, x2_s, e_s, slope_s in zip(_columns(fwd.x1).T, _columns(fwd.x2).T, _columns(fwd.e).T,
                                         _columns(fwd.slope).T):
        dL_dx3 = e_s[None, :]
        dL_dz = dL_dx3 @ W2 @ np.diag(slope_s)
        total["b2"] = total["b2"] + dL_dx3
        total["W2"] = total["W2"] + dL_dx3 @ np.kron(x2_s[None, :], np.eye(k))
        total["b1"] = total["b1"] + dL_dz
        total["W1"] = total["W1"] + dL_dz @ np.kron(x1_s[None, :], np.eye(m))
    return total


def jacobian_to_grad(J, shape):
    """Undo ``vec``: the row Jacobian ``dL/dvec(W)`` (1, m*n) as the gradient in W's shape (m, n).

    Equivalently ``J.reshape(n, m).T``: NumPy's row-major reshape to (n, m) gives the
    numerator-layout matrix, the transpose of the parameter-shaped gradient.
    """
    J = check_array("J", J, dtype=None)
    if not isinstance(shape, tuple) or any(
            isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1 for d in shape):
        raise ValueError(f"shape is {shape!r}; expected sizes that are integers >= 1.")
    if J.size != int(np.prod(shape)):
        raise ValueError(f"J has {J.size} entries; expected {int(np.prod(shape))} for shape {shape}.")
    return J.reshape(shape, order="F")


def finite_difference_grads(params, x1, t, activation="relu", h=1e-6):
    """Central differences ``(L(p + h) - L(p - h)) / 2h``, one parameter entry at a time.

    Returns
    -------
    dict  gradients in parameter shape, as :func:`backward`
    """
    check_scalar("step h", h, float, **POSITIVE)
    net = network_arrays(params, x1, t, activation)
    grads = {}
    for p in PARAMS:
        g = np.zeros_like(getattr(net, p))
        for idx in np.ndindex(g.shape):
            up, down = getattr(net, p).copy(), getattr(net, p).copy()
            up[idx] += h
            down[idx] -= h
            g[idx] = (_forward(net._replace(**{p: up}), activation)[-1]
                      - _forward(net._replace(**{p: down}), activation)[-1]) / (2 * h)
        grads[p] = g
    return grads


def autograd_grads(params, x1, t, activation="relu"):
    """Loss, errors and gradients from PyTorch autograd in float64, the network built with torch ops.

    ``delta`` is autograd's dL/dz, ``e`` its dL/dx3: independent of :func:`backward`.

    Returns
    -------
    LossAndGrads
    """
    import torch  # heavy; only this check needs it

    W1, b1, W2, b2, X1, T = network_arrays(params, x1, t, activation)
    leaves = {p: torch.tensor(a, dtype=torch.float64, requires_grad=True)
              for p, a in zip(PARAMS, (W1, b1, W2, b2))}
    act = {"sigmoid": torch.sigmoid, "relu": torch.relu}
    X1, T = torch.from_numpy(X1), torch.from_numpy(T)
    z = leaves["W1"] @ X1 + leaves["b1"][:, None]
    z.retain_grad()
    x3 = leaves["W2"] @ act[activation](z) + leaves["b2"][:, None]
    x3.retain_grad()
    loss = 0.5 * ((T - x3) ** 2).sum()
    loss.backward()
    layout = (lambda a: a.numpy()[:, 0]) if np.ndim(x1) == 1 else (lambda a: a.numpy())
    return LossAndGrads(loss.item(), layout(x3.grad), layout(z.grad),
                        {p: leaves[p].grad.numpy() for p in PARAMS})


class GradientCheck(NamedTuple):
    """Largest absolute differences from the hand-derived gradients, per parameter name."""
    max_grad: dict       # largest |gradient entry|
    kronecker: dict      # |hand - Kronecker chain (numerator layout, un-vec'd)|
    autograd: dict       # |hand - PyTorch autograd (float64)|
    finite_diff: dict    # |hand - central differences with step h|

    def agreement(self):
        """Whether each reference agrees with the hand gradients, every entry of every parameter,
        within its tolerance (:data:`EXACT_TOLERANCE`, :data:`FD_TOLERANCE` for finite differences)."""
        within = lambda diffs, tol: max(diffs.values()) <= tol  # noqa: E731
        return {"kronecker": within(self.kronecker, EXACT_TOLERANCE),
                "autograd": within(self.autograd, EXACT_TOLERANCE),
                "finite_diff": within(self.finite_diff, FD_TOLERANCE)}


def gradient_check(params, x1, t, activation="relu", h=1e-5):
    """Compare :func:`loss_and_grads` with the Kronecker chain, autograd and finite differences."""
    grads = loss_and_grads(params, x1, t, activation).grads
    jac = kron_jacobians(params, x1, t, activation)
    auto = autograd_grads(params, x1, t, activation).grads
    fd = finite_difference_grads(params, x1, t, activation, h=h)
    diff = lambda other: {p: float(np.abs(other[p] - grads[p]).max()) for p in PARAMS}  # noqa: E731
    return GradientCheck({p: float(np.abs(grads[p]).max()) for p in PARAMS},
                         diff({p: jacobian_to_grad(jac[p], grads[p].shape) for p in PARAMS}),
                         diff(auto), diff(fd))


def finite_difference_errors(params, x1, t, steps, activation="relu"):
    """For each step h in ``steps``: the largest |finite difference - hand gradient| over all entries."""
    grads = loss_and_grads(params, x1, t, activation).grads
    steps = check_array("steps", steps, ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"steps holds {steps.tolist()}; expected step sizes > 0.")
    errors = []
    for h in steps:
        fd = finite_difference_grads(params, x1, t, activation, h=float(h))
        errors.append(max(float(np.abs(fd[p] - grads[p]).max()) for p in PARAMS))
    return np.array(errors)


class StepCheck(NamedTuple):
    """One gradient-descent step against its first-order prediction ``lr * |g|^2``."""
    loss_before: float
    loss_after: float
    predicted_drop: float
    actual_drop: float
    ratio: float  # actual / predicted


def step_check(params, x1, t, lr, activation="relu"):
    """Take one step ``p <- p - lr * dp`` and compare the loss drop with ``lr * |g|^2``."""
    lr = check_scalar("lr", lr, float, min_val=0)
    before = loss_and_grads(params, x1, t, activation)
    after = forward(gradient_step(params, before.grads, lr), x1, t, activation).loss
    predicted = lr * sum(float(np.sum(g ** 2)) for g in before.grads.values())
    if predicted == 0:
        raise ValueError(f"lr is {lr!r} or the gradient is zero; expected a step that moves the parameters.")
    drop = before.loss - after
    return StepCheck(before.loss, after, predicted, drop, drop / predicted)


def losses_after_step(params, x1, t, lrs, activation="relu"):
    """The loss after one gradient step, for each learning rate in ``lrs``."""
    lrs = check_array("lrs", lrs, ndim=1)
    if np.any(lrs < 0):
        raise ValueError(f"lrs holds {lrs.tolist()}; expected learning rates >= 0.")
    grads = loss_and_grads(params, x1, t, activation).grads
    return np.array([forward(gradient_step(params, grads, float(lr)), x1, t, activation).loss
                     for lr in lrs])


def gradient_step(params, grads, lr):
    """One gradient-descent step ``p <- p - lr * dp``; returns new arrays, inputs untouched."""
    lr = check_scalar("lr", lr, float, min_val=0)
    for name, arrays in (("params", params), ("grads", grads)):
        check_type(name, arrays, Mapping, f"a dict with the keys {PARAMS}")
        missing = [p for p in PARAMS if p not in arrays]
        if missing:
            raise ValueError(f"{name} lacks {missing}; expected the keys {PARAMS}.")
    shapes = {p: check_array(p, params[p], ndim=(1, 2)).shape for p in PARAMS}
    steps = {p: check_array(f"grads {p}", grads[p], shape=shapes[p]) for p in PARAMS}
    return {p: np.asarray(params[p], dtype=float) - lr * steps[p] for p in PARAMS}


class BackpropProblem(NamedTuple):
    """A network's parameters with one sample and its target, as :func:`forward` takes them."""
    params: dict  # {"W1": (m, n), "b1": (m,), "W2": (k, m), "b2": (k,)}
    x1: np.ndarray  # (n,) input
    t: np.ndarray  # (k,) target


def problem_3_2():
    """Problem 3.2's values: ``BackpropProblem(params, x1, t)``."""
    params = {
        "W1": np.array([[3.0, -1.0, 1.0], [-5.0, 2.0, -1.0]]),
        "b1": np.array([1.0, 2.0]),
        "W2": np.array([[1.0, -2.0], [-3.0, 1.0]]),
        "b2": np.array([1.0, 1.0]),
    }
    return BackpropProblem(params, np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0]))
