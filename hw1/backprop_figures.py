"""Section 3's figures (back propagation): each function takes computed data and returns a matplotlib Figure.

The notebook computes the data with :mod:`hw1.backprop` and saves the figures with
``hw1.report.save_figure``; the style is ``hw1.report.STYLE`` (set by importing hw1.report).
"""
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from hw1 import report
from hw1.backprop import StepCheck
from hw1.params import POSITIVE, check_array, check_arrays, check_scalar, check_type

MARKERS = "osd^v"  # one per activation, in the order given
# Guides for the eye on the finite-difference plot: the truncation error of a central difference
# falls as h^2, the round-off error of L(theta +- h) grows as eps/h; each line is placed near the data.
TRUNCATION_SCALE, SMALLEST_TRUNCATION_STEP = 0.05, 1e-6
ROUND_OFF_SCALE = 3e-15


def plot_fd_errors(steps, errors, *, h):
    """The largest |finite difference - hand gradient| against the step (log-log), per activation.

    Parameters
    ----------
    steps : 1-D array of steps > 0  (parameter units)
    errors : dict ``{activation: errors}``, each error a 1-D array >= 0 of one entry per step
        (:func:`hw1.backprop.finite_difference_errors`)
    h : float > 0  the step the report's table uses (a vertical line)
    """
    steps = check_array("steps", steps, ndim=1)
    if np.any(steps <= 0):
        raise ValueError(f"steps holds {steps.tolist()}; expected steps > 0.")
    errors = check_arrays("errors", errors, shape=(len(steps),), to_match="steps")
    if len(errors) > len(MARKERS):
        raise ValueError(f"errors has {len(errors)} entries; expected 1 to {len(MARKERS)} activations.")
    if any(np.any(e < 0) for e in errors.values()):
        raise ValueError("errors holds a negative value; expected absolute differences >= 0.")
    h = check_scalar("h", h, float, **POSITIVE)
    fig, ax = plt.subplots(figsize=(report.FIG_WIDTH, 3.2), layout="constrained")
    for (activation, error), marker in zip(errors.items(), MARKERS):
        ax.loglog(steps, error, marker=marker, ms=3, label=activation)
    coarse = steps >= SMALLEST_TRUNCATION_STEP
    ax.loglog(steps[coarse], TRUNCATION_SCALE * steps[coarse]**2, "k:", lw=0.8,
              label="slope 2 (truncation, $h^2$)")
    ax.loglog(steps, ROUND_OFF_SCALE / steps, "k--", lw=0.8, label=r"slope $-1$ (round-off, $\varepsilon/h$)")
    ax.axvline(h, color="grey", lw=0.8)
    ax.annotate(f"$h$ = {h:g} used in the table", (h, 1e-3), xytext=(-4, 0),
                textcoords="offset points", ha="right")
    ax.set_ylim(1e-16, 1e-2)
    ax.set(title="Central finite differences against the hand gradients (problem 3.2)",
           xlabel="finite-difference step $h$ (parameter units)",
           ylabel="largest |hand $-$ finite diff.|\n(loss per parameter unit)")
    fig.legend(loc="outside right center")
    return fig


def plot_step_losses(lrs, losses, checks, *, lr):
    """The loss after one gradient step against the learning rate, beside its first-order prediction,
    one panel per activation.

    Parameters
    ----------
    lrs : 1-D array of learning rates >= 0  (the x axis)
    losses : dict ``{activation: losses}``, the loss after one step with each rate of ``lrs``
        (:func:`hw1.backprop.losses_after_step`)
    checks : dict ``{activation: StepCheck}``, the step taken with ``lr`` (:func:`hw1.backprop.step_check`),
        same activations as ``losses``
    lr : float > 0  the learning rate of ``checks`` (a dot on each curve)
    """
    lrs = check_array("lrs", lrs, ndim=1)
    if np.any(lrs < 0):
        raise ValueError(f"lrs holds {lrs.tolist()}; expected learning rates >= 0.")
    losses = check_arrays("losses", losses, shape=(len(lrs),), to_match="lrs")
    if len(losses) > len(MARKERS):
        raise ValueError(f"losses has {len(losses)} entries; expected 1 to {len(MARKERS)} activations.")
    check_type("checks", checks, Mapping, "a dict {activation: StepCheck}")
    if list(checks) != list(losses):
        raise ValueError(f"checks has the activations {list(checks)}; expected those of losses, {list(losses)}.")
    for activation, check in checks.items():
        check_type(f"checks {activation}", check, StepCheck, "a hw1.backprop.StepCheck")
    lr = check_scalar("lr", lr, float, **POSITIVE)
    fig, axes = plt.subplots(1, len(losses), figsize=(report.FIG_WIDTH, 2.9), layout="constrained", squeeze=False)
    for ax, (activation, loss) in zip(axes[0], losses.items()):
        check = checks[activation]
        ax.plot(lrs, loss, label="$L$ after one step")
        ax.plot(lrs, check.loss_before - lrs * check.predicted_drop / lr, "--",
                label=r"first order: $L - \eta\,\Vert\nabla L\Vert^2$")
        ax.plot([lr], [check.loss_after], "ko", ms=3, label=rf"$\eta$ = {lr:g}")
        ax.set(title=activation, xlabel=r"learning rate $\eta$ (dimensionless)", ylabel="loss $L$ after the step")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3)
    fig.suptitle("Loss after one gradient step against the first-order prediction (problem 3.2)")
    return fig
