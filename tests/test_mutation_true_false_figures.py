"""hw1.true_false_figures, the cases mutation testing found untested (issue 21): the data each panel draws
(which points, which panel, which sign), the styles that tell the data from the guides, the computed axis
limits, the legends' texts and places, the titles and axis labels, and the whole sentence of every refusal.
Inputs are a handful of hand-made values; every expected number and string is worked out by hand from
them, never by the code under test. Each figure is made and laid out once, in one test that runs all its
checks: mutmut runs for a mutant only the tests that called the function, so a figure shared through a
module-scoped fixture would leave out every test but the first."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.patches import ArrowStyle  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402

from hw1 import true_false_figures as tff  # noqa: E402
from hw1.true_false import BowlDescent, NoiseSweep, PolynomialErrors  # noqa: E402
from helpers import line_named, whole  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

BLACK, GREY = "#000000", "#808080"


def unlabelled(ax):
    return [line for line in ax.get_lines() if line.get_label().startswith("_")]


def marker_style(line):
    return line.get_marker(), line.get_linestyle(), line.get_markersize()


def laid_out(fig):
    """The figure after one layout pass, so that its axes and legends have their final places."""
    fig.draw_without_rendering()
    return fig


def box(artist):
    return artist.get_window_extent()


def assert_six_digits(values):
    """Every value is drawn to 6 significant digits (hw1.report.significant), nothing finer."""
    assert all(float(f"{v:.6g}") == v for v in values)


def assert_legend_right_upper(fig):
    """fig.legend(loc="outside right upper"): right of every axes, in the figure's upper right corner."""
    (legend,) = fig.legends
    for ax in fig.axes:
        assert box(legend).x0 > box(ax).x1
    assert box(legend).x1 == pytest.approx(fig.bbox.width, abs=8) and \
        box(legend).y1 == pytest.approx(fig.bbox.height, abs=8), "the upper right corner"
    assert box(legend).y0 > 10, "not down to the bottom"


def refuses(call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()


# ---------------------------------------------------------------- plot_overfit_fits

# Three points on d = x^2: degree 0 fits their mean 2/3, degree 2 interpolates x^2. Two "jittered" copies
# at the same inputs with targets 0.4, 0.3, 0.4: least squares fits the mean target at each input,
# 0.6 at x = -1 and 1 and 0.2 at x = 0, i.e. 0.2 + 0.4 x^2.
FIT_X, FIT_D = np.array([-1.0, 0.0, 1.0]), np.array([1.0, 0.0, 1.0])
JITTER_X = np.tile(FIT_X, 3)
JITTER_D = np.array([1.0, 0.0, 1.0, 0.4, 0.3, 0.4, 0.4, 0.3, 0.4])
CUBIC_LABEL = "true cubic $1.5x^3 - x$"


def overfit_fits(**changes):
    args = dict(low_degree=0, high_degree=2, noise_std=0.25) | changes
    return tff.plot_overfit_fits(FIT_X, FIT_D, JITTER_X, JITTER_D, **args)


def check_overfit_fits_draws_the_cubic_on_400_points_and_the_training_points_in_black(fits_fig):
    (ax,) = fits_fig.axes
    grid = np.linspace(-1, 1, 400)
    cubic = line_named(ax, CUBIC_LABEL)
    assert_array_equal(cubic.get_xdata(), grid)
    assert_allclose(cubic.get_ydata(), 1.5 * grid ** 3 - grid, rtol=0, atol=1e-15)
    assert (to_hex(cubic.get_color()), cubic.get_linestyle(), cubic.get_linewidth()) == (BLACK, "-", 2)
    points = line_named(ax, "3 training points")
    assert_array_equal(points.get_xdata(), FIT_X)
    assert_array_equal(points.get_ydata(), FIT_D)
    assert marker_style(points) == ("o", "None", 4) and to_hex(points.get_color()) == BLACK


def check_overfit_fits_draws_each_fit_on_the_grid_to_six_digits(fits_fig):
    (ax,) = fits_fig.axes
    grid = np.linspace(-1, 1, 400)
    for label, expected, style in (("degree 0", np.full(400, 2 / 3), "-"), ("degree 2", grid ** 2, "-"),
                                   ("degree 2, 2 jittered copies", 0.2 + 0.4 * grid ** 2, "--")):
        line = line_named(ax, label)
        assert_array_equal(line.get_xdata(), grid)
        assert_allclose(line.get_ydata(), expected, rtol=1e-5, atol=1e-12)
        assert_six_digits(line.get_ydata())
        assert line.get_linestyle() == style
    assert 0.666667 in line_named(ax, "degree 0").get_ydata(), "2/3 to six digits"


def check_overfit_fits_limits_labels_title_and_legend(fits_fig):
    (ax,) = fits_fig.axes
    assert ax.get_ylim() == (-1.5, 1.5)
    assert ax.get_xlabel() == "input $x$ (dimensionless)"
    assert ax.get_ylabel() == "target $d$ (dimensionless)"
    assert ax.get_title() == "One training set (3 points, noise sd 0.25), three fits"
    np.testing.assert_array_equal(fits_fig.get_size_inches(), [6.4, 2.8])
    assert isinstance(fits_fig.get_layout_engine(), ConstrainedLayoutEngine)
    (legend,) = fits_fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [
        CUBIC_LABEL, "degree 0", "degree 2", "degree 2, 2 jittered copies", "3 training points"]
    assert_legend_right_upper(fits_fig)


def test_overfit_fits_figure():
    fig = laid_out(overfit_fits())
    check_overfit_fits_draws_the_cubic_on_400_points_and_the_training_points_in_black(fig)
    check_overfit_fits_draws_each_fit_on_the_grid_to_six_digits(fig)
    check_overfit_fits_limits_labels_title_and_legend(fig)
    plt.close(fig)


def test_overfit_fits_takes_the_extreme_degrees_and_no_noise():
    fig = overfit_fits(low_degree=2, high_degree=0, noise_std=0.0)
    (ax,) = fig.axes
    assert [line.get_label() for line in ax.get_lines()][1:4] == ["degree 2", "degree 0", "degree 0, 2 jittered copies"]
    # degree 0 on the jittered set: the mean of its nine targets, 4.2 / 9
    assert_allclose(line_named(ax, "degree 0, 2 jittered copies").get_ydata(), 4.2 / 9, rtol=1e-5)
    assert ax.get_title() == "One training set (3 points, noise sd 0), three fits"
    plt.close(fig)


def test_overfit_fits_takes_one_jittered_copy():
    fig = tff.plot_overfit_fits(FIT_X, FIT_D, JITTER_X[:6], JITTER_D[:6], low_degree=1, high_degree=2, noise_std=1.0)
    (ax,) = fig.axes
    # one copy: the mean targets 0.7 at x = +-1 and 0.15 at x = 0
    grid = np.linspace(-1, 1, 400)
    assert_allclose(line_named(ax, "degree 2, 1 jittered copies").get_ydata(), 0.15 + 0.55 * grid ** 2, rtol=1e-5,
                    atol=1e-12)
    assert_allclose(line_named(ax, "degree 1").get_ydata(), 2 / 3, rtol=1e-5)  # x^2 has no linear part
    plt.close(fig)


@pytest.mark.parametrize("call, message", [
    (lambda: tff.plot_overfit_fits([FIT_X], FIT_D, JITTER_X, JITTER_D, low_degree=0, high_degree=2, noise_std=0.1),
     "x has shape (1, 3); expected a non-empty finite 1-D array of numbers."),
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D[:2], JITTER_X, JITTER_D, low_degree=0, high_degree=2, noise_std=0.1),
     "d has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match x."),
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D, [JITTER_X], JITTER_D, low_degree=0, high_degree=2, noise_std=0.1),
     "x_jittered has shape (1, 9); expected a non-empty finite 1-D array of numbers."),
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D, JITTER_X, JITTER_D[:8], low_degree=0, high_degree=2, noise_std=0.1),
     "d_jittered has shape (8,); expected a non-empty finite 1-D array of numbers of shape (9,) to match x_jittered."),
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D, FIT_X, FIT_D, low_degree=0, high_degree=2, noise_std=0.1),
     "x_jittered has 3 points; expected x (3 points) and at least one jittered copy of it."),
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D, JITTER_X[:7], JITTER_D[:7], low_degree=0, high_degree=2,
                                   noise_std=0.1),
     "x_jittered has 7 points; expected x (3 points) and at least one jittered copy of it."),
    # checked before anything else is: with x_jittered or low_degree wrong as well, the sentence is still d's
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D[:2], FIT_X, FIT_D, low_degree=0, high_degree=2, noise_std=0.1),
     "d has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match x."),
    (lambda: tff.plot_overfit_fits(FIT_X, FIT_D, JITTER_X, JITTER_D[:8], low_degree=5, high_degree=2, noise_std=0.1),
     "d_jittered has shape (8,); expected a non-empty finite 1-D array of numbers of shape (9,) to match x_jittered."),
    (lambda: overfit_fits(low_degree=-1), "low_degree is -1 (int); expected an integer >= 0 and <= 2."),
    (lambda: overfit_fits(low_degree=3), "low_degree is 3 (int); expected an integer >= 0 and <= 2."),
    (lambda: overfit_fits(high_degree=3), "high_degree is 3 (int); expected an integer >= 0 and <= 2."),
    (lambda: overfit_fits(high_degree=-1), "high_degree is -1 (int); expected an integer >= 0 and <= 2."),
    (lambda: overfit_fits(noise_std=-0.1), "noise_std is -0.1 (float); expected a finite number >= 0."),
])
def test_overfit_fits_refusals(call, message):
    refuses(call, message)


# ---------------------------------------------------------------- plot_overfit_errors

DEGREES = [0, 1, 2, 3]
# degree 3 interpolates: its training error is round-off (1e-30), drawn at the floor 1e-8
ERRORS = PolynomialErrors(None, None, np.array([0.5, 0.333333333, 1e-3, 1e-30]),
                          np.array([0.75, 0.123456789, 0.125, 2.0]), 2)
NOISE_LEVELS = [0.05, 0.1, 0.2]
SWEEPS = {"low": NoiseSweep(np.array([0.01, 0.04, 0.16]), 2.0),
          "high": NoiseSweep(np.array([0.0123456789, 0.05, 0.2]), 1.994),
          "jitter": NoiseSweep(np.array([0.02, 0.08, 0.32]), 0.5),
          "fourth": NoiseSweep(np.array([1.0, 2.0, 3.0]), -1.0)}
RUNS = {"low": (1, 0), "high": (4, 0), "jitter": (4, 2), "fourth": (0, 1)}
NOISE_LABELS = ["degree 1 (slope 2.00)", "degree 4 (slope 1.99)", "degree 4 + input jitter (slope 0.50)",
                "degree 0 + input jitter (slope -1.00)"]


def overfit_errors(**changes):
    args = dict(errors=ERRORS, sweeps=SWEEPS, noise_runs=RUNS, degrees=DEGREES, noise_levels=NOISE_LEVELS,
                num_train=5, noise_std=0.1) | changes
    return tff.plot_overfit_errors(args.pop("errors"), args.pop("sweeps"), args.pop("noise_runs"), **args)


def check_overfit_errors_draws_the_medians_by_degree_with_the_floor_and_six_digits(errors_fig):
    ax_deg = errors_fig.axes[0]
    train = line_named(ax_deg, "training (5 points)")
    assert_array_equal(train.get_xdata(), DEGREES)
    assert_array_equal(train.get_ydata(), [0.5, 0.333333, 1e-3, 1e-8])
    assert marker_style(train) == ("o", "-", 3)
    test = line_named(ax_deg, "held-out (vs true cubic)")
    assert_array_equal(test.get_xdata(), DEGREES)
    assert_array_equal(test.get_ydata(), [0.75, 0.123457, 0.125, 2.0])
    assert marker_style(test) == ("s", "-", 3)
    (true_degree,) = unlabelled(ax_deg)
    assert tuple(true_degree.get_xdata()) == (3, 3)  # the cubic's degree
    assert (to_hex(true_degree.get_color()), true_degree.get_linestyle(), true_degree.get_linewidth()) == (GREY, ":", 1)
    assert ax_deg.get_yscale() == "log" and ax_deg.get_xscale() == "linear"


def check_overfit_errors_y_limits_are_the_whole_decades_around_floor_and_largest_error(errors_fig):
    # 1e-8 (the floor) to 2.0, the largest held-out error: 1e-8 to 1e1
    assert errors_fig.axes[0].get_ylim() == (1e-8, 10.0)
    fig = overfit_errors(errors=PolynomialErrors(None, None, np.array([0.5, 0.5]), np.array([0.03, 0.02]), 1),
                         degrees=[1, 2])
    assert fig.axes[0].get_ylim() == (1e-8, 0.1)
    # both curves at the degrees given, not at their places 0, 1 in the list
    assert [tuple(line.get_xdata()) for line in fig.axes[0].get_lines()[:2]] == [(1, 2), (1, 2)]
    plt.close(fig)


def check_overfit_errors_draws_each_noise_run_with_its_marker_label_and_slope(errors_fig):
    ax_noise = errors_fig.axes[1]
    lines = ax_noise.get_lines()
    assert [line.get_label() for line in lines] == NOISE_LABELS
    assert [marker_style(line) for line in lines] == [("o", "-", 3), ("^", "-", 3), ("s", "-", 3), ("o", "-", 3)]
    expected = [[0.01, 0.04, 0.16], [0.0123457, 0.05, 0.2], [0.02, 0.08, 0.32], [1.0, 2.0, 3.0]]
    for line, medians in zip(lines, expected):
        assert_array_equal(line.get_xdata(), NOISE_LEVELS)
        assert_array_equal(line.get_ydata(), medians)
    assert ax_noise.get_xscale() == ax_noise.get_yscale() == "log"
    assert_array_equal(ax_noise.get_xticks(), NOISE_LEVELS)
    assert [t.get_text() for t in ax_noise.get_xticklabels()] == ["0.05", "0.1", "0.2"]
    assert len(ax_noise.xaxis.get_minorticklocs()) == 0


def check_overfit_errors_labels_titles_and_legends_below_each_panel(errors_fig):
    ax_deg, ax_noise = errors_fig.axes
    assert ax_deg.get_xlabel() == "polynomial degree (parameters $-$ 1)"
    assert ax_deg.get_ylabel() == "median squared error"
    assert ax_deg.get_title() == "Error vs degree, noise sd 0.1"
    assert ax_noise.get_xlabel() == "label noise sd $\\sigma$ (dimensionless)"
    assert ax_noise.get_ylabel() == "median held-out squared error"
    assert ax_noise.get_title() == "Held-out error vs label noise"
    np.testing.assert_array_equal(errors_fig.get_size_inches(), [6.4, 3.3])
    assert isinstance(errors_fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert box(ax_noise).x0 > box(ax_deg).x1, "side by side"
    assert not errors_fig.legends
    for ax, texts in ((ax_deg, ["training (5 points)", "held-out (vs true cubic)"]), (ax_noise, NOISE_LABELS)):
        legend = ax.get_legend()
        assert [t.get_text() for t in legend.get_texts()] == texts
        # its upper centre at (0.5, -0.22) in the axes' coordinates
        assert_allclose(legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).bounds, (0.5, -0.22, 0, 0),
                        atol=1e-12)
        # less the legend's border pad, half its font size (points, at 100 dpi)
        pad = 0.5 * legend.get_texts()[0].get_fontsize() * 100 / 72
        assert box(legend).y1 == pytest.approx(box(ax).y0 - 0.22 * box(ax).height - pad, abs=0.5)
        assert (box(legend).x0 + box(legend).x1) / 2 == pytest.approx((box(ax).x0 + box(ax).x1) / 2, abs=1)


def test_overfit_errors_figure():
    fig = laid_out(overfit_errors())
    check_overfit_errors_draws_the_medians_by_degree_with_the_floor_and_six_digits(fig)
    check_overfit_errors_y_limits_are_the_whole_decades_around_floor_and_largest_error(fig)
    check_overfit_errors_draws_each_noise_run_with_its_marker_label_and_slope(fig)
    check_overfit_errors_labels_titles_and_legends_below_each_panel(fig)
    plt.close(fig)


def test_overfit_errors_takes_the_smallest_valid_arguments():
    fig = overfit_errors(errors=PolynomialErrors(None, None, np.array([0.5]), np.array([0.5]), 0), degrees=[0],
                         sweeps={"a": NoiseSweep(np.array([0.5]), 0.0)}, noise_runs={"a": (0, 0)},
                         noise_levels=[0.5], num_train=1, noise_std=0.0)
    ax_deg, ax_noise = fig.axes
    assert line_named(ax_deg, "training (1 points)").get_ydata()[0] == 0.5
    assert ax_deg.get_title() == "Error vs degree, noise sd 0"
    assert [line.get_label() for line in ax_noise.get_lines()] == ["degree 0 (slope 0.00)"]
    plt.close(fig)


ONE_SWEEP = {"a": NoiseSweep(np.array([0.1, 0.2, 0.3]), 1.0)}


@pytest.mark.parametrize("call, message", [
    (lambda: overfit_errors(degrees=[-1, 0, 1, 2]), "degrees is [-1, 0, 1, 2]; expected integers >= 0."),
    (lambda: overfit_errors(errors=(1, 2)), "errors is (1, 2) (tuple); expected a PolynomialErrors."),
    (lambda: overfit_errors(errors=PolynomialErrors(None, None, np.ones(3), np.ones(4), 0)),
     "errors.train_median has shape (3,); expected a non-empty finite 1-D array of numbers of shape (4,) to match "
     "degrees."),
    (lambda: overfit_errors(errors=PolynomialErrors(None, None, np.ones(4), np.ones(5), 0)),
     "errors.test_median has shape (5,); expected a non-empty finite 1-D array of numbers of shape (4,) to match "
     "degrees."),
    (lambda: overfit_errors(noise_levels=[[0.1]]), "noise_levels has shape (1, 1); expected a non-empty finite 1-D "
     "array of numbers."),
    (lambda: overfit_errors(noise_levels=[0.05, 0.0, 0.2]),
     "noise_levels is [0.05, 0.0, 0.2]; expected positive standard deviations (a log axis)."),
    (lambda: overfit_errors(noise_levels=[0.05, -0.1, 0.2]),
     "noise_levels is [0.05, -0.1, 0.2]; expected positive standard deviations (a log axis)."),
    (lambda: overfit_errors(sweeps=[1]), "sweeps is [1] (list); expected a dict {name: NoiseSweep}."),
    (lambda: overfit_errors(noise_runs=[1]), "noise_runs is [1] (list); expected a dict {name: (degree, num_copies)}."),
    (lambda: overfit_errors(noise_runs={"low": (1, 0)}),
     "sweeps has the runs ['fourth', 'high', 'jitter', 'low'] and noise_runs ['low']; expected the same runs, "
     "at least one."),
    (lambda: overfit_errors(sweeps={}, noise_runs={}),
     "sweeps has the runs [] and noise_runs []; expected the same runs, at least one."),
    (lambda: overfit_errors(sweeps={"a": (1, 2)}, noise_runs={"a": (1, 0)}),
     "sweeps['a'] is (1, 2) (tuple); expected a NoiseSweep."),
    (lambda: overfit_errors(sweeps={"a": NoiseSweep(np.ones(2), 1.0)}, noise_runs={"a": (1, 0)}),
     "sweeps['a'].test_median has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match "
     "noise_levels."),
    (lambda: overfit_errors(sweeps=ONE_SWEEP, noise_runs={"a": (1, -1)}),
     "noise_runs['a'] is [1, -1]; expected integers >= 0."),
    (lambda: overfit_errors(sweeps=ONE_SWEEP, noise_runs={"a": (1, 0, 2)}),
     "noise_runs['a'] is [1, 0, 2]; expected (degree, num_copies)."),
    (lambda: overfit_errors(sweeps=ONE_SWEEP, noise_runs={"a": (1,)}),
     "noise_runs['a'] is [1]; expected (degree, num_copies)."),
    (lambda: overfit_errors(num_train=0), "num_train is 0 (int); expected an integer >= 1."),
    (lambda: overfit_errors(noise_std=-0.1), "noise_std is -0.1 (float); expected a finite number >= 0."),
])
def test_overfit_errors_refusals(call, message):
    refuses(call, message)


# ---------------------------------------------------------------- plot_descent_paths

# The bowl 0.5 (w1^2 + 8 w2^2); the start (-3, 0.5): the gradient (-3, 4), so steepest descent points along
# (3, -4) / 5 and the minimum along (3, -0.5) / sqrt(9.25); each arrow is 1.2 long.
CURVATURES = np.array([1.0, 8.0])
BOWL_START = np.array([-3.0, 0.5])
BOWL = BowlDescent(np.array([[-3.0, 0.5], [-2.0, -0.5], [-1.0, 0.25]]), 0.0, 0.0, 0)
CENTERS = np.array([[1.0, 0.0], [-1.0, 0.0]])
FULL_PATH = np.array([[3.0, -2.5], [2.0, -1.0], [1.0, 0.0]])
MINI_PATH = np.array([[3.0, -2.5], [2.5, -2.0], [0.5, 0.5], [0.25, 0.0]])
RIPPLE_LABELS = ["batch 2", "full batch (2)", "global minimum"]
BOWL_LABELS = ["full-batch descent", "$-\\nabla L$ (steepest descent)", "towards the minimum"]


def descent_paths(**changes):
    args = dict(bowl=BOWL, curvatures=CURVATURES, centers=CENTERS, full_path=FULL_PATH, mini_path=MINI_PATH,
                mini_batch_size=2) | changes
    return tff.plot_descent_paths(args.pop("bowl"), args.pop("curvatures"), args.pop("centers"), args.pop("full_path"),
                                  args.pop("mini_path"), **args)


def contour_of(ax):
    (contour,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    return contour


def vertices(contour):
    return np.concatenate([path.vertices for path in contour.get_paths() if len(path.vertices)])


def check_descent_paths_bowl_panel_draws_the_path_the_minimum_and_the_legend_lines(descent_fig):
    ax_bowl = descent_fig.axes[0]
    path = line_named(ax_bowl, "full-batch descent")
    assert_array_equal(path.get_xdata(), BOWL.path[:, 0])
    assert_array_equal(path.get_ydata(), BOWL.path[:, 1])
    assert (path.get_marker(), path.get_linestyle(), path.get_markersize(), path.get_linewidth()) == (".", "-", 3, 0.8)
    for label, colour in ((BOWL_LABELS[1], "#d62728"), (BOWL_LABELS[2], "#2ca02c")):  # tab:red, tab:green
        proxy = line_named(ax_bowl, label)
        assert len(proxy.get_xdata()) == len(proxy.get_ydata()) == 0 and to_hex(proxy.get_color()) == colour
    (minimum,) = unlabelled(ax_bowl)
    assert (tuple(minimum.get_xdata()), tuple(minimum.get_ydata())) == ((0,), (0,))
    assert (minimum.get_marker(), minimum.get_markersize(), to_hex(minimum.get_color())) == ("*", 8, BLACK)


def check_descent_paths_bowl_arrows_start_at_the_start_and_point_down_the_gradient_and_to_the_minimum(descent_fig):
    ax_bowl = descent_fig.axes[0]
    arrows = {to_hex(a.arrow_patch.get_edgecolor()): a for a in ax_bowl.texts}
    assert sorted(arrows) == ["#2ca02c", "#d62728"]
    for colour, head in (("#d62728", BOWL_START + 1.2 * np.array([0.6, -0.8])),
                         ("#2ca02c", BOWL_START + 1.2 * np.array([3.0, -0.5]) / np.sqrt(9.25))):
        arrow = arrows[colour]
        assert arrow.get_text() == ""
        assert_array_equal(arrow.xyann, BOWL_START)
        assert_allclose(arrow.xy, head, rtol=1e-14)
        assert isinstance(arrow.arrow_patch.get_arrowstyle(), ArrowStyle.CurveB)  # "->"
        assert arrow.arrow_patch.get_linewidth() == 1.5


def check_descent_paths_bowl_contours_are_thin_grey_lines_on_the_grid(descent_fig):
    contour = contour_of(descent_fig.axes[0])
    assert [to_hex(c) for c in contour.get_edgecolor()] == [GREY] * len(contour.levels)
    assert set(contour.get_linewidths()) == {0.6}
    # the loss runs from 0 to 0.5 (4.5^2 + 8 * 2^2) = 26.125 on the grid; 12 levels ask for at most 13 steps:
    # a step of 2.5 (a step of 2 would take 14)
    assert_allclose(np.diff(contour.levels), 2.5)
    points = vertices(contour)
    # the grid is w1 in [-4.5, 4.5] by 0.03, w2 in [-2, 2] by 0.02: contour vertices lie on its lines
    assert points[:, 0].min() == pytest.approx(-4.5) and points[:, 0].max() == pytest.approx(4.5)
    assert points[:, 1].min() == pytest.approx(-2) and points[:, 1].max() == pytest.approx(2)
    on_w1_line = np.isclose(points[:, 0] / 0.03, np.round(points[:, 0] / 0.03), atol=1e-6)
    on_w2_line = np.isclose(points[:, 1] / 0.02, np.round(points[:, 1] / 0.02), atol=1e-6)
    assert np.all(on_w1_line | on_w2_line)
    # the level 2.5 is the ellipse w1^2 + 8 w2^2 = 5
    ring = contour.get_paths()[list(contour.levels).index(2.5)].vertices
    assert_allclose(ring[:, 0] ** 2 + 8 * ring[:, 1] ** 2, 5, rtol=0.02)


def check_descent_paths_ripple_panel_draws_both_paths_the_start_and_the_minimum(descent_fig):
    ax_rip = descent_fig.axes[1]
    mini = line_named(ax_rip, "batch 2")
    assert_array_equal(np.column_stack([mini.get_xdata(), mini.get_ydata()]), MINI_PATH)
    assert (to_hex(mini.get_color()), mini.get_linewidth()) == ("#ff7f0e", 0.6)  # tab:orange
    full = line_named(ax_rip, "full batch (2)")
    assert_array_equal(np.column_stack([full.get_xdata(), full.get_ydata()]), FULL_PATH)
    assert (to_hex(full.get_color()), full.get_linewidth()) == ("#1f77b4", 1.5)  # tab:blue
    (start,) = unlabelled(ax_rip)
    assert (tuple(start.get_xdata()), tuple(start.get_ydata())) == ((3.0,), (-2.5,))
    assert (start.get_marker(), start.get_linestyle(), start.get_markersize(), to_hex(start.get_color())) == \
        ("o", "None", 4, BLACK)
    minimum = line_named(ax_rip, "global minimum")
    assert (tuple(minimum.get_xdata()), tuple(minimum.get_ydata())) == ((0,), (0,))
    assert (minimum.get_marker(), minimum.get_markersize(), to_hex(minimum.get_color())) == ("*", 8, BLACK)


def check_descent_paths_ripple_contours_cover_the_square_grid(descent_fig):
    contour = contour_of(descent_fig.axes[1])
    assert [to_hex(c) for c in contour.get_edgecolor()] == [GREY] * len(contour.levels)
    assert set(contour.get_linewidths()) == {0.6}
    # the loss is 0.5 (|w|^2 + 1) + 0.6 (2 - cos 3 w1 - cos 3 w2): 0.5 at w = 0 and 21.24 in the corners
    # (cos 13.5 = 0.594), a range of 20.74; 15 levels ask for at most 16 steps: 1.5 each (matplotlib's
    # steps 1, 1.5, 2, ...), from 0 to 22.5, one level past each end
    assert_allclose(contour.levels, np.arange(0, 23, 1.5))
    points = vertices(contour)
    assert points.min() == pytest.approx(-4.5) and points.max() == pytest.approx(4.5)
    on_line = np.isclose(points / 0.03, np.round(points / 0.03), atol=1e-6)
    assert np.all(on_line[:, 0] | on_line[:, 1])
    # the level 1.5, around the minimum: 0.5 (|w|^2 + 1) + 0.6 (2 - cos 3 w1 - cos 3 w2) = 1.5
    ring = contour.get_paths()[1].vertices
    w1, w2 = ring[:, 0], ring[:, 1]
    assert_allclose(0.5 * (w1 ** 2 + w2 ** 2 + 1) + 0.6 * (2 - np.cos(3 * w1) - np.cos(3 * w2)), 1.5, atol=0.02)


def check_descent_paths_labels_titles_and_one_legend_below(descent_fig):
    ax_bowl, ax_rip = descent_fig.axes
    assert box(ax_rip).x0 > box(ax_bowl).x1, "side by side"
    for ax in (ax_bowl, ax_rip):
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("weight $w_1$", "weight $w_2$")
        assert ax.get_aspect() == 1.0
    assert ax_bowl.get_title() == "Elongated bowl $\\frac{1}{2}(w_1^2 + 8 w_2^2)$"
    assert ax_rip.get_title() == "Bowl with ripples"
    np.testing.assert_array_equal(descent_fig.get_size_inches(), [6.4, 3.4])
    assert isinstance(descent_fig.get_layout_engine(), ConstrainedLayoutEngine)
    (legend,) = descent_fig.legends
    assert [t.get_text() for t in legend.get_texts()] == BOWL_LABELS + RIPPLE_LABELS
    assert [to_hex(h.get_color()) for h in legend.legend_handles[:3]] == ["#1f77b4", "#d62728", "#2ca02c"]
    assert box(legend).y1 < min(box(ax).y0 for ax in (ax_bowl, ax_rip)), "below the panels"
    assert (box(legend).x0 + box(legend).x1) / 2 == pytest.approx(descent_fig.bbox.width / 2, abs=1), "centred"
    rows = np.array([(box(t).y0 + box(t).y1) / 2 for t in legend.get_texts()])
    # three columns, filled column by column: the upper row holds the entries 1, 3 and 5
    assert np.ptp(rows[0::2]) < 3 and np.ptp(rows[1::2]) < 3, "two rows"
    assert rows[0::2].min() > rows[1::2].max() + 5, "of three each"


def test_descent_paths_figure():
    fig = laid_out(descent_paths())
    check_descent_paths_bowl_panel_draws_the_path_the_minimum_and_the_legend_lines(fig)
    check_descent_paths_bowl_arrows_start_at_the_start_and_point_down_the_gradient_and_to_the_minimum(fig)
    check_descent_paths_bowl_contours_are_thin_grey_lines_on_the_grid(fig)
    check_descent_paths_ripple_panel_draws_both_paths_the_start_and_the_minimum(fig)
    check_descent_paths_ripple_contours_cover_the_square_grid(fig)
    check_descent_paths_labels_titles_and_one_legend_below(fig)
    plt.close(fig)


def test_descent_paths_title_writes_each_curvature_but_one():
    fig = descent_paths(curvatures=np.array([2.5, 1.0]))
    assert fig.axes[0].get_title() == "Elongated bowl $\\frac{1}{2}(2.5 w_1^2 + w_2^2)$"
    plt.close(fig)


def test_descent_paths_takes_a_batch_of_one():
    fig = descent_paths(mini_batch_size=1)
    assert [line.get_label() for line in fig.axes[1].get_lines() if not line.get_label().startswith("_")] == [
        "batch 1", "full batch (2)", "global minimum"]
    plt.close(fig)


@pytest.mark.parametrize("call, message", [
    (lambda: descent_paths(bowl=(1, 2)), "bowl is (1, 2) (tuple); expected a BowlDescent."),
    (lambda: descent_paths(bowl=BowlDescent(np.ones(3), 0.0, 0.0, 0)),
     "bowl.path has shape (3,); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    (lambda: descent_paths(curvatures=[1.0, 2.0, 3.0]),
     "curvatures has shape (3,); expected a non-empty finite 1-D array of numbers of shape (2,)."),
    (lambda: descent_paths(curvatures=[1.0, 0.0]), "curvatures is [1.0, 0.0]; expected two positive numbers."),
    (lambda: descent_paths(curvatures=[-1.0, 8.0]), "curvatures is [-1.0, 8.0]; expected two positive numbers."),
    (lambda: descent_paths(centers=np.ones(2)),
     "centers has shape (2,); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    # checked before anything else is: with the centers or the batch size wrong as well, the sentence is the same
    (lambda: descent_paths(curvatures=[[1.0, 8.0]], centers=np.ones(2)),
     "curvatures has shape (1, 2); expected a non-empty finite 1-D array of numbers of shape (2,)."),
    (lambda: descent_paths(centers=np.ones(2), mini_batch_size=3),
     "centers has shape (2,); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    (lambda: descent_paths(full_path=np.ones((2, 3))),
     "full_path has shape (2, 3); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    (lambda: descent_paths(mini_path=np.ones((2, 3))),
     "mini_path has shape (2, 3); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    (lambda: descent_paths(mini_path=MINI_PATH + [0.0, 0.5]),
     "full_path starts at [3.0, -2.5] and mini_path at [3.0, -2.0]; expected the same start."),
    (lambda: descent_paths(mini_batch_size=3), "mini_batch_size is 3 (int); expected an integer >= 1 and <= 2."),
    (lambda: descent_paths(mini_batch_size=0), "mini_batch_size is 0 (int); expected an integer >= 1 and <= 2."),
])
def test_descent_paths_refusals(call, message):
    refuses(call, message)


# ---------------------------------------------------------------- plot_batch_size

def batch_size(**changes):
    args = dict(batch_sizes=[8, 4, 2, 1], percent_global=[10.0, 20.0, 90.0, 100.0], num_samples=8, num_starts=50,
                num_steps=100) | changes
    return tff.plot_batch_size(args.pop("batch_sizes"), args.pop("percent_global"), **args)


def test_batch_size_draws_the_percentages_on_a_base_2_axis_ticked_at_the_batch_sizes():
    fig = batch_size()
    (ax,) = fig.axes
    (line,) = ax.get_lines()
    assert_array_equal(line.get_xdata(), [8, 4, 2, 1])
    assert_array_equal(line.get_ydata(), [10.0, 20.0, 90.0, 100.0])
    assert (line.get_marker(), line.get_linestyle()) == ("o", "-")
    assert ax.get_xscale() == "log" and ax.xaxis.get_transform().base == 2
    assert ax.get_ylim() == (-5, 105)
    assert_array_equal(ax.get_xticks(), [8, 4, 2, 1])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["8", "4", "2", "1"]
    assert ax.get_xlabel() == "batch size $B$ (samples per gradient, of 8)"
    assert ax.get_ylabel() == "starts ending at the\nglobal minimum (%)"
    assert ax.get_title() == "Rippled surface: 50 starts, 100 steps each"
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 2.4])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    plt.close(fig)


def test_batch_size_takes_one_sample_one_start_and_one_step():
    fig = batch_size(batch_sizes=[1], percent_global=[50.0], num_samples=1, num_starts=1, num_steps=1)
    assert fig.axes[0].get_title() == "Rippled surface: 1 starts, 1 steps each"
    assert fig.axes[0].get_xlabel() == "batch size $B$ (samples per gradient, of 1)"
    plt.close(fig)


@pytest.mark.parametrize("call, message", [
    (lambda: batch_size(num_samples=0), "num_samples is 0 (int); expected an integer >= 1."),
    (lambda: batch_size(batch_sizes=[16, 8, 4, 2]), "batch_sizes is [16, 8, 4, 2]; expected integers >= 1 and <= 8."),
    (lambda: batch_size(batch_sizes=[8, 4, 2, 0]), "batch_sizes is [8, 4, 2, 0]; expected integers >= 1 and <= 8."),
    (lambda: batch_size(percent_global=[1.0, 2.0]),
     "percent_global has shape (2,); expected a non-empty finite 1-D array of numbers of shape (4,) to match "
     "batch_sizes."),
    (lambda: batch_size(num_starts=0), "num_starts is 0 (int); expected an integer >= 1."),
    (lambda: batch_size(num_steps=0), "num_steps is 0 (int); expected an integer >= 1."),
])
def test_batch_size_refusals(call, message):
    refuses(call, message)


# ---------------------------------------------------------------- plot_branch_training

BRANCH_LOSSES = {"sign": np.array([2.0, 2.0, 2.0]), "tanh": np.array([1.5, 1.0, 0.5])}


def test_branch_training_draws_each_loss_by_step_named_by_its_activation():
    branch_fig = laid_out(tff.plot_branch_training(BRANCH_LOSSES))
    (ax,) = branch_fig.axes
    assert [line.get_label() for line in ax.get_lines()] == ["sign (Algorithm 1)", "tanh in place of sign"]
    for line, loss in zip(ax.get_lines(), BRANCH_LOSSES.values()):
        assert_array_equal(line.get_xdata(), [0, 1, 2])
        assert_array_equal(line.get_ydata(), loss)
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] > 2
    assert ax.get_xlabel() == "gradient-descent step"
    assert ax.get_ylabel() == "mean squared error"
    assert ax.get_title() == "Algorithm 1 trained by backpropagation"
    np.testing.assert_array_equal(branch_fig.get_size_inches(), [6.4, 2.2])
    assert isinstance(branch_fig.get_layout_engine(), ConstrainedLayoutEngine)
    (legend,) = branch_fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["sign (Algorithm 1)", "tanh in place of sign"]
    assert_legend_right_upper(branch_fig)
    plt.close(branch_fig)


@pytest.mark.parametrize("call, message", [
    (lambda: tff.plot_branch_training([1.0]), "losses is [1.0] (list); expected a dict {activation name: losses}."),
    (lambda: tff.plot_branch_training({}), "losses is empty; expected at least one run."),
    (lambda: tff.plot_branch_training({1: [1.0]}), "a name in losses is 1 (int); expected an activation's name (str)."),
    (lambda: tff.plot_branch_training({"relu": [[1.0, 2.0]]}),
     "losses['relu'] has shape (1, 2); expected a non-empty finite 1-D array of numbers."),
])
def test_branch_training_refusals(call, message):
    refuses(call, message)


# ---------------------------------------------------------------- plot_shape_rule

# An input of width 4, no padding: W2 = floor((4 - K) / S) + 1
SHAPE_SIZES = np.array([[4, 2, 2, 1], [3, 2, 1, 1], [2, 1, 1, 1]])


def test_shape_rule_draws_one_line_per_stride_each_with_its_marker():
    shape_fig = laid_out(tff.plot_shape_rule([1, 2, 3], [1, 2, 3, 4], SHAPE_SIZES, input_width=4))
    (ax,) = shape_fig.axes
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["stride $S = 1$", "stride $S = 2$", "stride $S = 3$",
                                                    "stride $S = 4$"]
    assert [marker_style(line) for line in lines] == [("o", "-", 4), ("s", "-", 4), ("^", "-", 4), ("o", "-", 4)]
    for line, column in zip(lines, SHAPE_SIZES.T):
        assert_array_equal(line.get_xdata(), [1, 2, 3])
        assert_array_equal(line.get_ydata(), column)
    assert ax.get_xlabel() == "kernel size $K$ (pixels)"
    assert ax.get_ylabel() == "output size $W_2$ (pixels)"
    assert ax.get_title() == "Shape rule for an input of width 4, no padding"
    np.testing.assert_array_equal(shape_fig.get_size_inches(), [6.4, 2.4])
    assert isinstance(shape_fig.get_layout_engine(), ConstrainedLayoutEngine)
    (legend,) = shape_fig.legends
    assert [t.get_text() for t in legend.get_texts()] == [line.get_label() for line in lines]
    assert_legend_right_upper(shape_fig)
    plt.close(shape_fig)


def test_shape_rule_takes_an_input_of_width_one():
    fig = tff.plot_shape_rule([1], [1], [[1]], input_width=1)
    assert fig.axes[0].get_title() == "Shape rule for an input of width 1, no padding"
    plt.close(fig)


@pytest.mark.parametrize("call, message", [
    (lambda: tff.plot_shape_rule([0, 1, 2], [1, 2, 3, 4], SHAPE_SIZES, input_width=4),
     "kernel_sizes is [0, 1, 2]; expected integers >= 1."),
    (lambda: tff.plot_shape_rule([1, 2, 3], [0, 1, 2, 3], SHAPE_SIZES, input_width=4),
     "strides is [0, 1, 2, 3]; expected integers >= 1."),
    (lambda: tff.plot_shape_rule([1, 2, 3], [1, 2], SHAPE_SIZES, input_width=4),
     "sizes has shape (3, 4); expected a non-empty finite 2-D array of numbers of shape (3, 2) to match the kernel "
     "sizes by the strides."),
    (lambda: tff.plot_shape_rule([1, 2, 3], [1, 2, 3, 4], SHAPE_SIZES, input_width=0),
     "input_width is 0 (int); expected an integer >= 1."),
])
def test_shape_rule_refusals(call, message):
    refuses(call, message)
