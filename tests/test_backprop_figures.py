"""hw1.backprop_figures: each figure draws the data it is given, where the report says it does."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from hw1 import backprop  # noqa: E402
from hw1.backprop_figures import plot_fd_errors, plot_step_losses  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

THETA, X1, T = backprop.problem_3_2()


def labelled_lines(ax):
    return {line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")}


def test_fd_errors_draws_each_activation_and_the_two_guides():
    steps = np.logspace(-1, -9, 9)
    errors = {a: backprop.finite_difference_errors(THETA, X1, T, steps, a) for a in backprop.ACTIVATIONS}
    fig = plot_fd_errors(steps, errors, h=1e-5)
    (ax,) = fig.axes
    assert ax.get_xscale() == ax.get_yscale() == "log"
    lines = labelled_lines(ax)
    for activation in backprop.ACTIVATIONS:
        x, y = lines[activation].get_data()
        np.testing.assert_array_equal(x, steps)
        np.testing.assert_array_equal(y, errors[activation])
    assert lines["relu"].get_marker() != lines["sigmoid"].get_marker()
    truncation = next(line for label, line in lines.items() if label.startswith("slope 2"))
    x, y = truncation.get_data()
    assert x.min() >= 1e-6, "the h^2 guide stops where round-off takes over"
    np.testing.assert_allclose(np.diff(np.log10(y)) / np.diff(np.log10(x)), 2)
    round_off = next(line for label, line in lines.items() if label.startswith("slope $-1$"))
    x, y = round_off.get_data()
    np.testing.assert_allclose(np.diff(np.log10(y)) / np.diff(np.log10(x)), -1)
    # the step of the table: one vertical line at h, and its note
    vertical = [line for line in ax.get_lines() if line.get_label().startswith("_")]
    assert [tuple(line.get_xdata()) for line in vertical] == [(1e-5, 1e-5)]
    assert [t.get_text() for t in ax.texts] == ["$h$ = 1e-05 used in the table"]


def test_fd_errors_of_the_sigmoid_fall_as_h_squared_where_drawn():
    """The data behind the report's claim: the sigmoid's error at coarse steps has slope 2."""
    steps = np.array([1e-1, 1e-2, 1e-3])
    errors = {"sigmoid": backprop.finite_difference_errors(THETA, X1, T, steps, "sigmoid")}
    x, y = labelled_lines(plot_fd_errors(steps, errors, h=1e-2).axes[0])["sigmoid"].get_data()
    np.testing.assert_allclose(np.diff(np.log10(y)) / np.diff(np.log10(x)), 2, atol=0.05)


def test_step_losses_one_panel_per_activation_with_curve_tangent_and_point():
    lr, lrs = 1e-3, np.linspace(0, 0.01, 11)
    losses = {a: backprop.losses_after_step(THETA, X1, T, lrs, a) for a in backprop.ACTIVATIONS}
    checks = {a: backprop.step_check(THETA, X1, T, lr, a) for a in backprop.ACTIVATIONS}
    fig = plot_step_losses(lrs, losses, checks, lr=lr)
    assert [ax.get_title() for ax in fig.axes] == list(backprop.ACTIVATIONS)
    for ax, activation in zip(fig.axes, backprop.ACTIVATIONS):
        curve, tangent, point = ax.get_lines()
        check = checks[activation]
        np.testing.assert_array_equal(curve.get_ydata(), losses[activation])
        assert curve.get_ydata()[0] == check.loss_before, "a step of size 0 leaves the loss"
        slope = np.diff(tangent.get_ydata()) / np.diff(tangent.get_xdata())
        np.testing.assert_allclose(slope, -check.predicted_drop / lr)
        assert np.all(slope < 0), "the first-order prediction falls: the gradient points downhill"
        assert tuple(point.get_xdata()) == (lr,) and tuple(point.get_ydata()) == (check.loss_after,)
        # the curve lies above its tangent (the eta^2 term), touching it at eta = 0
        assert np.all(curve.get_ydata() >= tangent.get_ydata() - 1e-12)
    assert fig.legends and len(fig.legends[0].get_texts()) == 3


def test_step_losses_refuses_checks_of_other_activations():
    lrs = np.linspace(0, 0.01, 3)
    losses = {"relu": backprop.losses_after_step(THETA, X1, T, lrs, "relu")}
    checks = {"sigmoid": backprop.step_check(THETA, X1, T, 1e-3, "sigmoid")}
    with pytest.raises(ValueError, match=r"^checks has the activations \['sigmoid'\]; expected those of losses"):
        plot_step_losses(lrs, losses, checks, lr=1e-3)


def test_fd_errors_refuses_a_curve_of_another_length():
    with pytest.raises(ValueError, match=r"^errors\['relu'\] has shape \(2,\); expected .* of shape \(3,\) to match steps"):
        plot_fd_errors([1e-1, 1e-2, 1e-3], {"relu": [1.0, 2.0]}, h=1e-2)
