"""hw1.true_false_figures: each figure draws the data it is given, where the report says it does."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402

from hw1 import true_false, true_false_figures as tff  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)


def lines_by_label(ax):
    return {line.get_label(): line for line in ax.get_lines()}


def test_overfit_fits_draws_the_cubic_the_points_and_three_fits():
    rng = np.random.default_rng(0)
    x, d = true_false.sample_cubic(6, 0.1, rng=rng)
    x_aug, d_aug = true_false.jitter_inputs(x, d, 0.1, 3, rng=rng)
    fig = tff.plot_overfit_fits(x, d, x_aug, d_aug, low_degree=1, high_degree=5, noise_std=0.1)
    lines = lines_by_label(fig.axes[0])
    assert list(lines) == ["true cubic $1.5x^3 - x$", "degree 1", "degree 5", "degree 5, 3 jittered copies",
                           "6 training points"]
    grid = lines["true cubic $1.5x^3 - x$"].get_xdata()
    assert_allclose(lines["true cubic $1.5x^3 - x$"].get_ydata(), 1.5 * grid ** 3 - grid)
    # degree 5 through 6 points interpolates them; the line is that polynomial on the grid
    interpolant = np.polynomial.Polynomial.fit(x, d, 5)
    assert_allclose(lines["degree 5"].get_ydata(), interpolant(grid), rtol=1e-5, atol=1e-12)  # drawn to 6 significant digits
    assert_allclose(lines["degree 1"].get_ydata(), np.polynomial.Polynomial.fit(x, d, 1)(grid), rtol=1e-5, atol=1e-12)
    jittered = np.polynomial.Polynomial.fit(x_aug, d_aug, 5)(grid)
    assert_allclose(lines["degree 5, 3 jittered copies"].get_ydata(), jittered, rtol=1e-5, atol=1e-12)
    assert lines["degree 5, 3 jittered copies"].get_linestyle() == "--"
    assert_array_equal(lines["6 training points"].get_xdata(), x)
    assert_array_equal(lines["6 training points"].get_ydata(), d)
    assert "noise sd 0.1" in fig.axes[0].get_title()


def overfit_errors(rng):
    errors = true_false.polynomial_errors([0, 1, 2, 3, 4], 5, 0.1, 3, num_test=20, rng=rng)
    runs = {"low": (1, 0), "high": (4, 0), "high_jitter": (4, 2)}
    sweeps = {name: true_false.label_noise_sweep(degree, [0.05, 0.1, 0.2], 5, 3, jitter_std=0.1, num_copies=copies,
                                                 num_test=20, rng=rng)
              for name, (degree, copies) in runs.items()}
    return errors, sweeps, runs


def test_overfit_errors_draws_the_medians_by_degree_and_each_noise_run():
    errors, sweeps, runs = overfit_errors(np.random.default_rng(1))
    fig = tff.plot_overfit_errors(errors, sweeps, runs, degrees=[0, 1, 2, 3, 4], noise_levels=[0.05, 0.1, 0.2],
                                  num_train=5, noise_std=0.1)
    ax_deg, ax_noise = fig.axes
    train, test, true_degree = ax_deg.get_lines()
    assert train.get_label() == "training (5 points)"
    assert_array_equal(train.get_xdata(), [0, 1, 2, 3, 4])
    # degree 4 interpolates 5 points: its training error is round-off, drawn at the floor
    assert errors.train_median[4] < 1e-20
    assert_allclose(train.get_ydata(), np.maximum(errors.train_median, tff.TRAIN_ERROR_FLOOR), rtol=1e-5)
    assert train.get_ydata()[-1] == tff.TRAIN_ERROR_FLOOR
    assert_allclose(test.get_ydata(), errors.test_median, rtol=1e-5)
    assert_array_equal(true_degree.get_xdata(), [3, 3])  # the cubic's degree, dotted
    low, high = ax_deg.get_ylim()
    assert low <= tff.TRAIN_ERROR_FLOOR and high >= errors.test_median.max()
    assert np.log10(low) == int(np.log10(low)) and np.log10(high) == int(np.log10(high))  # whole decades
    lines = ax_noise.get_lines()
    assert [line.get_label() for line in lines] == [
        f"degree 1 (slope {sweeps['low'].slope:.2f})", f"degree 4 (slope {sweeps['high'].slope:.2f})",
        f"degree 4 + input jitter (slope {sweeps['high_jitter'].slope:.2f})"]
    for line, sweep in zip(lines, sweeps.values()):
        assert_array_equal(line.get_xdata(), [0.05, 0.1, 0.2])
        assert_allclose(line.get_ydata(), sweep.test_median, rtol=1e-5)
    assert ax_noise.get_xscale() == ax_noise.get_yscale() == ax_deg.get_yscale() == "log"


def test_overfit_errors_refuses_runs_that_do_not_match():
    errors, sweeps, runs = overfit_errors(np.random.default_rng(2))
    with pytest.raises(ValueError, match="^sweeps has the runs"):
        tff.plot_overfit_errors(errors, sweeps, {"low": (1, 0)}, degrees=[0, 1, 2, 3, 4],
                                noise_levels=[0.05, 0.1, 0.2], num_train=5, noise_std=0.1)
    with pytest.raises(ValueError, match="^noise_levels is"):
        tff.plot_overfit_errors(errors, sweeps, runs, degrees=[0, 1, 2, 3, 4], noise_levels=[0.0, 0.1, 0.2],
                                num_train=5, noise_std=0.1)


def descent_paths():
    rng = np.random.default_rng(3)
    bowl = true_false.bowl_descent([1.0, 10.0], [-4.0, 1.5], 0.18, 5)
    centers = true_false.make_centers(8, 2.0, rng=rng)
    full = true_false.minibatch_descent([3.2, -2.6], centers, 8, 0.1, 20, rng=rng)[:, 0]
    mini = true_false.minibatch_descent([3.2, -2.6], centers, 2, 0.1, 20, rng=rng)[:, 0]
    return bowl, centers, full, mini


def test_descent_paths_draw_the_bowl_path_both_directions_and_both_ripple_paths():
    bowl, centers, full, mini = descent_paths()
    fig = tff.plot_descent_paths(bowl, [1.0, 10.0], centers, full, mini, mini_batch_size=2)
    ax_bowl, ax_rip = fig.axes
    path = lines_by_label(ax_bowl)["full-batch descent"]
    assert_array_equal(np.column_stack([path.get_xdata(), path.get_ydata()]), bowl.path)
    arrows = {a.arrow_patch.get_edgecolor(): a for a in ax_bowl.texts}
    assert len(arrows) == 2
    start = np.array([-4.0, 1.5])
    for colour, direction in (("tab:red", -np.array([1.0, 10.0]) * start), ("tab:green", -start)):
        arrow = arrows[matplotlib.colors.to_rgba(colour)]
        assert_allclose(arrow.xyann, start)  # the tail: the start
        assert_allclose(np.subtract(arrow.xy, start), 1.2 * direction / np.linalg.norm(direction))
    assert "10 w_2^2" in ax_bowl.get_title() and "(w_1^2" in ax_bowl.get_title()
    lines = lines_by_label(ax_rip)
    assert_array_equal(lines["batch 2"].get_xdata(), mini[:, 0])
    assert_array_equal(lines["full batch (8)"].get_ydata(), full[:, 1])
    start_marker = [line for line in ax_rip.get_lines() if line.get_marker() == "o"]
    assert_array_equal(np.ravel([start_marker[0].get_xdata(), start_marker[0].get_ydata()]), [3.2, -2.6])
    assert_array_equal(lines["global minimum"].get_xdata(), [0])
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend_texts == ["full-batch descent", "$-\\nabla L$ (steepest descent)", "towards the minimum",
                            "batch 2", "full batch (8)", "global minimum"]


def test_descent_paths_refuse_paths_from_different_starts():
    bowl, centers, full, mini = descent_paths()
    with pytest.raises(ValueError, match="^full_path starts at"):
        tff.plot_descent_paths(bowl, [1.0, 10.0], centers, full, mini + 1, mini_batch_size=2)


def test_batch_size_draws_the_percentages_on_a_base_2_axis():
    fig = tff.plot_batch_size([8, 4, 2, 1], [10.0, 20.0, 90.0, 100.0], num_samples=8, num_starts=50, num_steps=100)
    ax = fig.axes[0]
    (line,) = ax.get_lines()
    assert_array_equal(line.get_xdata(), [8, 4, 2, 1])
    assert_array_equal(line.get_ydata(), [10.0, 20.0, 90.0, 100.0])
    assert ax.get_xscale() == "log" and "of 8" in ax.get_xlabel()
    assert "50 starts, 100 steps" in ax.get_title()
    with pytest.raises(ValueError, match="^batch_sizes is"):
        tff.plot_batch_size([16, 8], [1.0, 2.0], num_samples=8, num_starts=50, num_steps=100)


def test_branch_training_draws_each_runs_loss_named_by_its_activation():
    rng = np.random.default_rng(4)
    task = true_false.make_branch_task(20, rng=rng)
    runs = {name: true_false.train_branched_adaline(task.x, task.n, task.t, [0.5, 0.5], 0.5, 10, activation)
            for name, activation in (("sign", torch.sign), ("tanh", torch.tanh))}
    fig = tff.plot_branch_training({name: run.loss for name, run in runs.items()})
    lines = lines_by_label(fig.axes[0])
    assert list(lines) == ["sign (Algorithm 1)", "tanh in place of sign"]
    assert_array_equal(lines["sign (Algorithm 1)"].get_ydata(), runs["sign"].loss)
    assert np.ptp(lines["sign (Algorithm 1)"].get_ydata()) == 0  # the sign model never moves
    assert lines["tanh in place of sign"].get_ydata()[-1] < lines["tanh in place of sign"].get_ydata()[0]
    assert fig.axes[0].get_ylim()[0] == 0


def test_shape_rule_draws_one_never_rising_line_per_stride():
    steps = true_false.kernel_size_steps(8, list(range(1, 9)), [1, 2, 3, 4])
    fig = tff.plot_shape_rule(list(range(1, 9)), [1, 2, 3, 4], steps.sizes, input_width=8)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == [f"stride $S = {s}$" for s in (1, 2, 3, 4)]
    for column, line in enumerate(lines):
        assert_array_equal(line.get_xdata(), range(1, 9))
        assert_array_equal(line.get_ydata(), steps.sizes[:, column])
        assert np.all(np.diff(line.get_ydata()) <= 0)
    assert_array_equal(lines[0].get_ydata(), [8, 7, 6, 5, 4, 3, 2, 1])  # stride 1: W - K + 1
    with pytest.raises(ValueError, match="^sizes has shape"):
        tff.plot_shape_rule(list(range(1, 9)), [1, 2], steps.sizes, input_width=8)
