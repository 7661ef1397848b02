"""hw1.lms_figures, the cases mutation testing found untested (issue 21): the DATA each figure draws (which
points, on which panel, after which filter), the limits it computes, the styles that tell curves apart,
the legends' texts and places, and the whole sentence of every refusal. Inputs are a handful of hand-made
values; every expected number and string is worked out by hand from them (or from a closed form, as
2**-970 = tiny/eps), never by the code under test."""
import warnings

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from hw1 import lms_figures  # noqa: E402
from helpers import line_named  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

MSE_AXIS_LABEL = r"MSE $=\Vert D - XW\Vert^2/(2K)$"  # by hand, not imported from hw1.lms_figures


def curves(ax):
    """{label: (x, y)} of the labelled lines of ``ax``."""
    return {line.get_label(): (np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float))
            for line in ax.get_lines() if not line.get_label().startswith("_")}


def unlabelled(ax):
    return [line for line in ax.get_lines() if line.get_label().startswith("_")]


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def assert_below(ax, y_anchor, ncols):
    """The legend hangs under the axes, centred on (0.5, ``y_anchor``) in axes units, frameless."""
    legend = ax.get_legend()
    anchor = ax.transAxes.inverted().transform(legend.get_bbox_to_anchor().get_points())
    np.testing.assert_allclose(anchor, [[0.5, y_anchor], [0.5, y_anchor]], atol=1e-12)
    assert legend._loc == 9  # "upper center"
    assert (legend.handlelength, legend.columnspacing, legend.get_frame_on(), legend._ncols) == (1.5, 0.8, False, ncols)


def assert_integer_ticks(axis, nbins):
    """At most ``nbins`` intervals, at integers: matplotlib's own MaxNLocator(nbins, integer=True) is the reference."""
    locator = axis.get_major_locator()
    assert isinstance(locator, MaxNLocator)
    assert locator.tick_values(0, 1).tolist() == [0, 1]  # integers only (else 0, 0.2, ...)
    for top in (10, 12, 7, 100):
        assert locator.tick_values(0, top).tolist() == MaxNLocator(nbins, integer=True).tick_values(0, top).tolist()


def assert_note(ax, text):
    (note,) = ax.texts
    assert note.get_text() == text
    assert note.get_position() == (0.5, 0.5) and note.get_transform() is ax.transAxes
    assert (note.get_ha(), note.get_va(), note.get_wrap()) == ("center", "center", True)
    assert ax.get_yscale() == "log"


# ---------------------------------------------------------------- plot_mse_per_epoch

def test_mse_per_epoch_draws_each_positive_mse_up_to_log_top_against_its_epoch():
    mse = [4.0, 0.0, 1.234567891, 1e200, 1e201, np.inf]  # 0, above LOG_TOP = 1e200 and inf are not drawn
    fig = lms_figures.plot_mse_per_epoch(mse, 0.1234567891, lr=0.25)
    (ax,) = fig.axes
    run = line_named(ax, "LMS, $r = 0.25$")
    np.testing.assert_array_equal(run.get_xdata(), [1, 3, 4])
    np.testing.assert_array_equal(run.get_ydata(), [4.0, 1.2345679, 1e200])  # 8 significant digits
    assert (run.get_marker(), run.get_linestyle(), run.get_markersize()) == ("o", "-", 3)
    wiener = line_named(ax, "Wiener solution, MSE$(W^*)$")
    np.testing.assert_array_equal(wiener.get_ydata(), [0.12345679, 0.12345679])
    assert (to_hex(wiener.get_color()), wiener.get_linestyle(), wiener.get_linewidth()) == ("#000000", "--", 0.8)
    assert ax.get_yscale() == "log"
    assert ax.get_xticks().tolist() == [1, 2, 3, 4, 5, 6]
    assert ax.get_title() == "LMS with $r = 0.25$: MSE over the data set after each epoch"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", MSE_AXIS_LABEL)
    assert legend_texts(ax) == ["LMS, $r = 0.25$", "Wiener solution, MSE$(W^*)$"]
    assert ax.get_legend()._loc == 1  # "upper right"
    np.testing.assert_allclose(fig.get_size_inches(), [5.12, 2.4])  # 0.8 of the 6.4-inch text width
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_mse_per_epoch_draws_no_wiener_line_when_mse_star_is_zero():
    (ax,) = lms_figures.plot_mse_per_epoch([2.0, 1.0], 0.0, lr=1.5).axes
    assert list(curves(ax)) == ["LMS, $r = 1.5$"] and not unlabelled(ax)


def test_figures_keep_their_style_whatever_the_callers_rc_params():
    with matplotlib.rc_context({"font.size": 20, "axes.titlesize": "large", "axes.grid": False}):
        (ax,) = lms_figures.plot_mse_per_epoch([2.0, 1.0], 0.5, lr=0.1).axes
    assert ax.title.get_fontsize() == 9  # hw1.report.STYLE: 9 pt, titles "medium"
    assert ax.xaxis.label.get_fontsize() == 9


@pytest.mark.parametrize("call, message", [
    (lambda: lms_figures.plot_mse_per_epoch([[1.0]], 0.5, lr=0.1),
     "mse_per_epoch has shape (1, 1); expected a non-empty 1-D array of numbers."),
    (lambda: lms_figures.plot_mse_per_epoch([1.0], -1, lr=0.1), "mse_star is -1 (int); expected a finite number >= 0."),
    (lambda: lms_figures.plot_mse_per_epoch([1.0], 0.5, lr=0), "lr is 0 (int); expected a finite number > 0."),
])
def test_mse_per_epoch_refusals(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


# ---------------------------------------------------------------- plot_planes

# x1 spans [-0.5, 2.5] and x2 [0, 1.5]: the planes are drawn over [floor(-0.5), ceil(2.5)] = [-1, 3] on both axes
PLANE_X = np.array([[1.0, -0.5, 0.0], [1.0, 2.5, 0.2], [1.0, 0.0, 1.5]])
PLANE_D = np.array([0.5, 6.0, -2.5])
# W* = [1, 2, -1]: fitted [0, 5.8, -0.5], residuals [0.5, 0.2, -2];
# W_lms = [0, 2, 0.5]: fitted [-1, 5.1, 0.75], residuals [1.5, 0.9, -3.25]
W_STAR, W_LMS = np.array([1.0, 2.0, -1.0]), np.array([0.0, 2.0, 0.5])


def test_planes_residual_panel_draws_each_fit_against_its_fitted_values():
    fig = lms_figures.plot_planes(PLANE_X, PLANE_D, W_STAR, W_LMS, lr=0.02)
    ax3d, ax = fig.axes
    assert ax3d.name == "3d" and ax.name == "rectilinear"
    wiener, lms_fit = line_named(ax, "Wiener $W^*$"), line_named(ax, "LMS, $r = 0.02$")
    np.testing.assert_array_equal(wiener.get_xdata(), [0.0, 5.8, -0.5])
    np.testing.assert_array_equal(wiener.get_ydata(), [0.5, 0.2, -2.0])
    np.testing.assert_array_equal(lms_fit.get_xdata(), [-1.0, 5.1, 0.75])
    np.testing.assert_array_equal(lms_fit.get_ydata(), [1.5, 0.9, -3.25])
    assert (wiener.get_marker(), wiener.get_linestyle(), wiener.get_markersize()) == ("o", "None", 3)
    assert to_rgba(wiener.get_markerfacecolor()) == (0, 0, 0, 0) and to_hex(wiener.get_color()) == to_hex("tab:orange")
    assert (lms_fit.get_marker(), lms_fit.get_linestyle(), lms_fit.get_markersize()) == ("x", "None", 3)
    assert to_hex(lms_fit.get_color()) == to_hex("tab:blue")
    (zero,) = unlabelled(ax)
    np.testing.assert_array_equal(zero.get_ydata(), [0, 0])
    assert (to_hex(zero.get_color()), zero.get_linewidth()) == ("#000000", 0.6)
    assert ax.get_ylim() == pytest.approx((-5.2, 5.2))  # 1.6 times the largest residual in magnitude, 3.25
    assert ax.get_title() == "residuals against the fitted value"
    assert (ax.get_xlabel(), ax.get_ylabel()) == (r"fitted value $\hat y = W^\top x$", r"residual $d - \hat y$")
    legend = ax.get_legend()
    assert legend_texts(ax) == ["Wiener $W^*$", "LMS, $r = 0.02$"]
    assert (legend._loc, legend._ncols, legend.handletextpad, legend.columnspacing) == (9, 2, 0.2, 0.8)
    np.testing.assert_allclose(ax.get_position().bounds, [0.63, 0.15, 0.36, 0.68])
    np.testing.assert_allclose(fig.get_size_inches(), [6.4, 2.9])


def test_planes_3d_panel_draws_the_data_and_both_planes_over_the_integer_hull_of_the_features():
    fig = lms_figures.plot_planes(PLANE_X, PLANE_D, W_STAR, W_LMS, lr=0.02)
    ax3d = fig.axes[0]
    surface, wireframe, dots = ax3d.collections
    grid = -1 + 0.4 * np.arange(11)  # 11 points from floor(-0.5) = -1 to ceil(2.5) = 3
    faces = surface._faces.reshape(-1, 3)
    np.testing.assert_allclose(np.unique(faces[:, 0]), grid, atol=1e-12)
    np.testing.assert_allclose(np.unique(faces[:, 1]), grid, atol=1e-12)
    np.testing.assert_allclose(faces[:, 2], 1 + 2 * faces[:, 0] - faces[:, 1], atol=1e-12)  # W* = [1, 2, -1]
    assert surface.get_alpha() == 0.3
    shaded = surface.get_facecolor()[:, :3] / to_rgba("tab:orange")[:3]  # lit orange: one factor per face
    np.testing.assert_allclose(shaded, shaded[:, :1] * np.ones(3), rtol=1e-6)
    segments = np.concatenate(wireframe._segments3d)
    np.testing.assert_allclose(np.unique(segments[:, 0]), grid, atol=1e-12)
    np.testing.assert_allclose(np.unique(segments[:, 1]), grid, atol=1e-12)
    np.testing.assert_allclose(segments[:, 2], 2 * segments[:, 0] + 0.5 * segments[:, 1], atol=1e-12)  # [0, 2, 0.5]
    assert to_hex(wireframe.get_color()[0]) == to_hex("tab:blue") and wireframe.get_linewidth() == [0.4]
    x1, x2, d = dots._offsets3d
    np.testing.assert_array_equal(x1, [-0.5, 2.5, 0.0])
    np.testing.assert_array_equal(x2, [0.0, 0.2, 1.5])
    np.testing.assert_array_equal(d, PLANE_D)
    assert dots.get_sizes().tolist() == [5] and to_hex(dots.get_facecolor()[0]) == "#000000"
    assert dots.get_depthshade() is False
    for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis):
        assert_integer_ticks(axis, 4)
        assert axis.get_major_ticks()[0].get_pad() == 0
    assert [axis.get_label_text() for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis)] == ["$x_1$", "$x_2$", "$d$"]
    assert [axis.labelpad for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis)] == [-4, -2, -4]
    assert ax3d.get_title() == "data (dots), Wiener plane (orange),\nLMS plane, $r = 0.02$ (blue wireframe)"
    assert ax3d.title.get_position()[1] == pytest.approx(0.92)  # y = 1.0, as mplot3d places it
    assert (ax3d.elev, ax3d.azim) == (14, -60)
    np.testing.assert_allclose(ax3d.get_position(original=True).bounds, [0.0, 0.02, 0.5, 0.86])


def test_planes_3d_title_keeps_its_place_when_drawn():
    fig = lms_figures.plot_planes(PLANE_X, PLANE_D, W_STAR, W_LMS, lr=0.02)
    fig.canvas.draw()
    # y = 1.0 given: mplot3d puts the title at 0.92 of the axes, and matplotlib does not move it up at drawing
    assert fig.axes[0].title.get_position()[1] == pytest.approx(0.92)


def test_planes_keep_their_colours_whatever_the_callers_colour_cycle():
    with matplotlib.rc_context({"axes.prop_cycle": cycler(color=["red", "green"])}):
        fig = lms_figures.plot_planes(PLANE_X, PLANE_D, W_STAR, W_LMS, lr=0.02)
    surface, wireframe, dots = fig.axes[0].collections
    assert to_hex(wireframe.get_color()[0]) == to_hex("tab:blue")  # "blue wireframe", as the title says
    assert to_hex(line_named(fig.axes[1], "LMS, $r = 0.02$").get_color()) == to_hex("tab:blue")  # as the plane
    assert to_hex(dots.get_facecolor()[0]) == "#000000"
    shaded = surface.get_facecolor()[:, :3] / to_rgba("tab:orange")[:3]
    np.testing.assert_allclose(shaded, shaded[:, :1] * np.ones(3), rtol=1e-6)


def test_planes_round_what_they_draw_to_8_significant_digits():
    X = np.array([[1.0, 1.1, 0.0], [1.0, 0.0, 1.0]])
    W = [0.123456789123, 0.12345679, 0.0]
    fig = lms_figures.plot_planes(X, [1.0, 0.0], W, W, lr=0.1)
    ax3d, ax = fig.axes
    # W rounded: [0.12345679, 0.12345679, 0]; fitted 0.12345679 * 2.1 = 0.259259259 -> 0.25925926, 0.12345679
    for label in ("Wiener $W^*$", "LMS, $r = 0.1$"):
        np.testing.assert_array_equal(line_named(ax, label).get_xdata(), [0.25925926, 0.12345679])
        np.testing.assert_array_equal(line_named(ax, label).get_ydata(), [0.74074074, -0.12345679])
    faces = ax3d.collections[0]._faces.reshape(-1, 3)
    corner = faces[(faces[:, 0] == 0) & (faces[:, 1] == 0), 2]
    assert corner.tolist() and set(corner.tolist()) == {0.12345679}  # the plane at (0, 0): W0
    segments = np.concatenate(ax3d.collections[1]._segments3d)
    corner = segments[(segments[:, 0] == 0) & (segments[:, 1] == 0), 2]
    assert corner.tolist() and set(corner.tolist()) == {0.12345679}


def test_planes_give_the_residuals_of_a_perfect_fit_a_range_without_a_warning():
    X = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    W = np.array([1.0, 2.0, 3.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # equal limits (0, 0) would warn, and be widened by matplotlib
        (_, ax) = lms_figures.plot_planes(X, X @ W, W, W, lr=0.1).axes
    # the limits +-1.6 * 2**-970 (tiny / eps) differ; matplotlib widens so narrow a range to +-0.05
    assert ax.get_ylim() == (-0.05, 0.05)


def test_planes_give_a_range_even_when_no_residual_is_finite():
    X = np.array([[1.0, 1e200, 0.0], [1.0, 2e200, 1.0]])  # X W = 1e400, 2e400: inf, so every residual is -inf
    W = np.array([0.0, 1e200, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the 3-D planes of such weights overflow too (reported in issue 21)
        (_, ax) = lms_figures.plot_planes(X, [0.0, 0.0], W, W, lr=0.1).axes
    assert ax.get_ylim() == (-0.05, 0.05)  # +-1.6 * 2**-970, widened by matplotlib


def test_planes_draw_an_overflowed_lms_fit_as_far_as_it_is_finite_and_compute_its_fit_without_a_warning():
    # (the 3-D panel's plane of such weights still warns, in numpy and in mplot3d: reported in issue 21)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # fitted: 1e308 - 0.5e308 = 5e307, then 1e308 + 2.5e308 + ... and 1e308 + 1.5e308 overflow to inf
        fig = lms_figures.plot_planes(PLANE_X, PLANE_D, W_STAR, [1e308, 1e308, 1e308], lr=3.0)
        ax = fig.axes[1]
        np.testing.assert_array_equal(line_named(ax, "LMS, $r = 3$").get_xdata(), [5e307, np.inf, np.inf])
        assert ax.get_ylim() == pytest.approx((-8e307, 8e307))  # 1.6 * |0.5 - 5e307|: the finite residuals
        # inf - inf and 0 * inf are NaN: no residual of the LMS fit is finite; the Wiener fit's set the range
        fig = lms_figures.plot_planes(PLANE_X, PLANE_D, W_STAR, [np.inf, -np.inf, 0.0], lr=3.0)
        assert fig.axes[1].get_ylim() == pytest.approx((-3.2, 3.2))  # 1.6 * 2, the Wiener fit's largest
    assert not [str(w.message) for w in caught if "matmul" in str(w.message)]


@pytest.mark.parametrize("change, message", [
    ({"X": np.ones((3, 2))},
     "X has shape (3, 2); expected a non-empty finite 2-D array of numbers of shape (any, 3)."),
    ({"D": np.ones(2)},
     "D has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match the rows of X."),
    ({"W_star": np.ones(2)}, "W_star has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,)."),
    ({"W_star": [1.0, np.inf, 0.0]},
     "W_star holds NaN or infinite values; expected a non-empty finite 1-D array of numbers of shape (3,)."),
    ({"W_lms": np.ones(4)}, "W_lms has shape (4,); expected a non-empty 1-D array of numbers of shape (3,)."),
    ({"lr": -0.5}, "lr is -0.5 (float); expected a finite number > 0."),
])
def test_planes_refusals(change, message):
    args = {"X": PLANE_X, "D": PLANE_D, "W_star": W_STAR, "W_lms": W_LMS, "lr": 0.1, **change}
    with pytest.raises(ValueError) as raised:
        lms_figures.plot_planes(args["X"], args["D"], args["W_star"], args["W_lms"], lr=args["lr"])
    assert str(raised.value) == message


# ---------------------------------------------------------------- plot_rates

# in this order: colours C0 (2.0), C1 (0.1), C2 (0.5), C3 (3.0), C4 (4.0), C5 (5.0)
HISTORIES = {2.0: [10.0, 1e201, np.inf], 0.1: [3.0, 2.0, 1.5], 0.5: [1.25, 1.5, 1.125], 3.0: [5.0, 50.0],
             4.0: [1e201, np.inf], 5.0: [1e200, np.inf]}  # 1e200 = LOG_TOP: on scale
WITHIN = [2.0, 0.0, 1.5, 1.25]


def test_rates_left_panel_draws_each_converging_run_above_mse_star_in_its_colour():
    fig = lms_figures.plot_rates(HISTORIES, 1.0, converging=[0.5, 0.1])
    left = fig.axes[0]
    assert list(curves(left)) == ["$r = 0.1$", "$r = 0.5$"]  # in the order of histories
    np.testing.assert_array_equal(curves(left)["$r = 0.1$"][0], [1, 2, 3])
    np.testing.assert_array_equal(curves(left)["$r = 0.1$"][1], [2.0, 1.0, 0.5])
    np.testing.assert_array_equal(curves(left)["$r = 0.5$"][1], [0.25, 0.5, 0.125])
    for label, colour in (("$r = 0.1$", "C1"), ("$r = 0.5$", "C2")):
        line = line_named(left, label)
        assert (line.get_marker(), line.get_linestyle(), line.get_markersize()) == ("o", "-", 2)
        assert to_hex(line.get_color()) == to_hex(colour)
    assert left.get_ylim() == pytest.approx((0.125 / 2.5, 2.0 * 5))  # the excesses span [0.125, 2]
    assert legend_texts(left) == ["$r = 0.1$", "$r = 0.5$"]
    assert_below(left, -0.2, 2)
    assert left.get_title() == "converging rates:\nMSE above MSE$(W^*)$"
    assert (left.get_xlabel(), left.get_ylabel()) == ("epoch", "MSE $-$ MSE$(W^*)$ (log)")
    assert_integer_ticks(left.xaxis, 5)
    assert left.get_yscale() == "log"
    np.testing.assert_allclose(fig.get_size_inches(), [6.4, 3.0])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert len(fig.axes) == 2 and left.get_subplotspec().get_gridspec().get_geometry() == (1, 2)


def test_rates_middle_panel_draws_the_largest_converging_rate_then_the_others_as_far_as_on_scale():
    fig = lms_figures.plot_rates(HISTORIES, 1.0, converging=[0.5, 0.1])
    middle = fig.axes[1]
    drawn = curves(middle)
    assert list(drawn) == ["$r = 0.5$", "$r = 2$", "$r = 3$", "$r = 4$ (MSE above 1e+200: not drawn)", "$r = 5$"]
    expected = {"$r = 0.5$": ([1, 2, 3], [1.25, 1.5, 1.125]), "$r = 2$": ([1], [10.0]),
                "$r = 3$": ([1, 2], [5.0, 50.0]), "$r = 4$ (MSE above 1e+200: not drawn)": ([], []),
                "$r = 5$": ([1], [1e200])}
    for label, (x, y) in expected.items():
        np.testing.assert_array_equal(drawn[label][0], x, err_msg=label)
        np.testing.assert_array_equal(drawn[label][1], y, err_msg=label)
    colours = [to_hex(line_named(middle, label).get_color()) for label in drawn]
    assert colours == [to_hex(c) for c in ("C2", "C0", "C3", "C4", "C5")]
    line = line_named(middle, "$r = 3$")
    assert (line.get_marker(), line.get_linestyle(), line.get_markersize()) == ("o", "-", 2)
    assert legend_texts(middle) == list(drawn)
    assert_below(middle, -0.2, 1)
    assert middle.get_title() == "rates that do not converge,\nand the largest one that does"
    assert (middle.get_xlabel(), middle.get_ylabel()) == ("epoch", "MSE (log)")
    assert_integer_ticks(middle.xaxis, 5)
    assert middle.get_yscale() == "log"


# ---------------------------------------------------------------- plot_within_epoch

def test_within_epoch_follows_the_rate_step_by_step_and_marks_the_end_of_the_epoch():
    fig = lms_figures.plot_within_epoch(WITHIN, lr=0.5)
    (right,) = fig.axes
    steps, end = line_named(right, "after each step"), line_named(right, "end of epoch")
    np.testing.assert_array_equal(steps.get_xdata(), [1, 3, 4])  # the 0 after step 2 has no place on a log axis
    np.testing.assert_array_equal(steps.get_ydata(), [2.0, 1.5, 1.25])
    assert (steps.get_linestyle(), steps.get_marker(), steps.get_linewidth()) == ("-", "None", 0.8)
    assert to_hex(steps.get_color()) == to_hex("C0")
    np.testing.assert_array_equal(end.get_xdata(), [4])
    np.testing.assert_array_equal(end.get_ydata(), [1.25])
    assert (end.get_marker(), end.get_linestyle(), end.get_markersize(), to_hex(end.get_color())) == (
        "o", "None", 4, "#000000")
    assert right.get_title() == "$r = 0.5$, within one more epoch"
    assert (right.get_xlabel(), right.get_ylabel()) == ("sample $k$ (step)", "MSE (log)")
    assert legend_texts(right) == ["after each step", "end of epoch"]
    assert_below(right, -0.2, 2)
    assert right.get_yscale() == "log"
    np.testing.assert_allclose(fig.get_size_inches(), [0.6 * 6.4, 2.4])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_within_epoch_with_no_converging_rate_says_so():
    fig = lms_figures.plot_within_epoch(None, lr=None)
    (ax,) = fig.axes
    assert_note(ax, "no converging rate\nto follow within an epoch")
    assert ax.get_title() == "within one more epoch"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("sample $k$ (step)", "MSE (log)")
    assert not ax.get_lines() and ax.get_legend() is None


def test_within_epoch_rounds_to_8_significant_digits_and_accepts_an_overflow():
    fig = lms_figures.plot_within_epoch([1.987654321, 1.5], lr=0.1)
    np.testing.assert_array_equal(curves(fig.axes[0])["after each step"][1], [1.9876543, 1.5])
    fig = lms_figures.plot_within_epoch([np.inf, 2.0], lr=0.1)
    np.testing.assert_array_equal(curves(fig.axes[0])["after each step"][0], [2])


@pytest.mark.parametrize("within, lr, message", [
    ([1.0], -1, "lr is -1 (int); expected a finite number > 0."),
    ([[1.0]], 0.1, "within has shape (1, 1); expected a non-empty 1-D array of numbers."),
    (None, 0.1, "within is None; expected a non-empty 1-D array of numbers."),
    ([1.0], None, "within is [1.0] (list); expected None when lr is None."),
])
def test_within_epoch_refusals(within, lr, message):
    with pytest.raises(ValueError) as raised:
        lms_figures.plot_within_epoch(within, lr=lr)
    assert str(raised.value) == message


# ---------------------------------------------------------------- plot_rates, other data sets


def test_rates_colours_start_again_after_ten_rates():
    histories = {0.1 * (i + 1): [1.0, 2.0] for i in range(11)}
    with matplotlib.rc_context({"axes.prop_cycle": cycler(color=["red", "green", "blue", "black"])}):
        middle = lms_figures.plot_rates(histories, 0.5, converging=[]).axes[1]
        # "CN" is read when drawn: the N-th colour of the cycle then in force (here 4 colours), modulo its length
        colours = [to_hex(line.get_color()) for line in middle.get_lines()]
    # C0 ... C9, then C0 again for the 11th rate
    assert colours == [to_hex(c) for c in ["red", "green", "blue", "black"] * 2 + ["red", "green", "red"]]


def test_rates_round_what_they_draw_to_8_significant_digits():
    fig = lms_figures.plot_rates({0.1: [2.123456789, 1.5]}, 0.123456789, converging=[0.1])
    left, middle = fig.axes
    # 2.1234568 - 0.12345679 = 2.00000001 (the unrounded values give 2)
    assert curves(left)["$r = 0.1$"][1][0] == pytest.approx(2.00000001, rel=1e-13, abs=0)
    np.testing.assert_array_equal(curves(middle)["$r = 0.1$"][1], [2.1234568, 1.5])


def test_rates_with_no_converging_rate_say_so_in_the_left_panel():
    fig = lms_figures.plot_rates({0.1: [1.0, 2.0], 2.0: [1.0, 3.0]}, 0.5, converging=())
    left, middle = fig.axes
    assert_note(left, "no listed rate\nconverges")
    assert not left.get_lines() and left.get_legend() is None
    assert left.get_title() == "converging rates:\nMSE above MSE$(W^*)$"
    assert list(curves(middle)) == ["$r = 0.1$", "$r = 2$"] and not middle.texts
    assert middle.get_title() == "rates that do not converge"


def test_rates_with_every_rate_converging_say_so_in_the_middle_panel():
    fig = lms_figures.plot_rates({0.1: [3.0, 2.0], 0.2: [2.5, 2.0]}, 0.0, converging={0.1, 0.2})
    left, middle = fig.axes
    np.testing.assert_array_equal(curves(left)["$r = 0.1$"][1], [3.0, 2.0])  # MSE(W*) = 0: the MSE itself
    assert list(curves(middle)) == ["$r = 0.2$"] and middle.get_legend() is None
    assert_note(middle, "every listed rate\nconverges")


def test_rates_left_panel_with_runs_ending_exactly_at_mse_star_has_nothing_to_draw_and_says_so():
    fig = lms_figures.plot_rates({0.1: [1.0, 1.0]}, 1.0, converging=[0.1])
    left = fig.axes[0]
    assert_note(left, "every converging run is at\nMSE$(W^*)$ to 8 digits")
    assert left.get_legend() is None


def test_rates_left_panel_equal_to_mse_star_at_8_digits_is_at_it():
    """1 + 4e-9 rounds to 1.0 at 8 significant digits: no excess is left to draw."""
    fig = lms_figures.plot_rates({0.1: [1.000000004, 1.0]}, 1.0, converging=[0.1])
    assert_note(fig.axes[0], "every converging run is at\nMSE$(W^*)$ to 8 digits")
    fig = lms_figures.plot_rates({0.1: [1.00000006, 1.0]}, 1.0, converging=[0.1])
    assert not fig.axes[0].texts and fig.axes[0].get_legend() is not None  # 1.0000001: 1e-7 above it


@pytest.mark.parametrize("call, message", [
    (lambda: lms_figures.plot_rates([1.0], 0.5, converging=[]),
     "histories is [1.0] (list); expected a dict {lr: mse_per_epoch}."),
    (lambda: lms_figures.plot_rates({-1: [1.0]}, 0.5, converging=[]),
     "a rate of histories is -1 (int); expected a finite number > 0."),
    (lambda: lms_figures.plot_rates({0.1: [[1.0]]}, 0.5, converging=[]),
     "histories[0.1] has shape (1, 1); expected a non-empty 1-D array of numbers."),
    (lambda: lms_figures.plot_rates({0.1: [1.0]}, -0.5, converging=[]),
     "mse_star is -0.5 (float); expected a finite number >= 0."),
    (lambda: lms_figures.plot_rates({0.1: [1.0]}, 0.5, converging=0.1),
     "converging is 0.1 (float); expected a collection of rates."),
    (lambda: lms_figures.plot_rates({0.1: [1.0]}, 0.5, converging=[0]),
     "a rate of converging is 0 (int); expected a finite number > 0."),
])
def test_rates_refusals(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


def test_rates_accept_an_overflowed_run():
    fig = lms_figures.plot_rates({0.1: [2.0, np.inf]}, 1.0, converging=[0.1])
    np.testing.assert_array_equal(curves(fig.axes[1])["$r = 0.1$"][0], [1])


# ---------------------------------------------------------------- plot_stability

LRS = np.array([0.1, 0.2, 0.4, 0.8])
SIX_LIMITS = {"per_sample_bound": 0.11, "iid_limit": 0.22, "cyclic_critical_rate": 0.33, "trace_rule": 0.44,
              "mean_bound": 0.55, "a name of my own": 0.6124}


def stability(mse_20=(2.0, 1.5, 2000.0, np.inf), mse_fixed=(1.5, 0.0, 2.0, np.nan),
              radius_cyclic=(0.5, 0.25, 1e200, 1e201), radius_iid=(0.9, 0.8, 1e200, np.inf),
              limits=None, mse_star=1.0, num_epochs=20):
    return lms_figures.plot_stability(LRS, np.array(mse_20), np.array(mse_fixed), np.array(radius_cyclic),
                                      np.array(radius_iid), SIX_LIMITS if limits is None else limits, mse_star,
                                      num_epochs=num_epochs)


def test_stability_mse_panel_draws_the_runs_below_a_thousand_times_the_fixed_points_range():
    fig = stability()
    ax_mse, ax_rho = fig.axes
    drawn = curves(ax_mse)
    assert list(drawn) == ["after 20 epochs (cyclic)", "of the fixed point $W_r$", "MSE$(W^*)$"]
    # the positive MSE(W*) and fixed points span [1, 2]: top 2000, and a run at 2000 or more is left out
    np.testing.assert_array_equal(drawn["after 20 epochs (cyclic)"][0], [0.1, 0.2])
    np.testing.assert_array_equal(drawn["after 20 epochs (cyclic)"][1], [2.0, 1.5])
    np.testing.assert_array_equal(drawn["of the fixed point $W_r$"][0], LRS)
    np.testing.assert_array_equal(drawn["of the fixed point $W_r$"][1], [1.5, 0.0, 2.0, np.nan])
    assert line_named(ax_mse, "of the fixed point $W_r$").get_linestyle() == "--"
    assert line_named(ax_mse, "after 20 epochs (cyclic)").get_linestyle() == "-"
    wiener = line_named(ax_mse, "MSE$(W^*)$")
    np.testing.assert_array_equal(wiener.get_ydata(), [1.0, 1.0])
    assert (to_hex(wiener.get_color()), wiener.get_linestyle(), wiener.get_linewidth()) == ("#000000", ":", 0.8)
    assert ax_mse.get_ylim() == pytest.approx((0.5, 2000.0))
    assert (ax_mse.get_xscale(), ax_mse.get_yscale()) == ("log", "log")
    assert ax_mse.get_title() == "LMS stability against the learning rate" and ax_mse.get_ylabel() == MSE_AXIS_LABEL
    assert legend_texts(ax_mse) == list(drawn) and ax_mse.get_legend()._loc == 9  # "upper center"
    np.testing.assert_allclose(fig.get_size_inches(), [6.4, 5.2])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert ax_mse.get_shared_x_axes().joined(ax_mse, ax_rho)


def test_stability_mse_range_falls_back_on_the_runs_and_then_on_one():
    # MSE(W*) = 0 and no finite fixed point: the runs' positive finite range [2, 4] sets it
    ax_mse = stability(mse_20=(2.0, 4.0, np.inf, np.inf), mse_fixed=(np.nan,) * 4, mse_star=0.0).axes[0]
    assert ax_mse.get_ylim() == pytest.approx((1.0, 4000.0))
    assert list(curves(ax_mse)) == ["after 20 epochs (cyclic)", "of the fixed point $W_r$"]
    np.testing.assert_array_equal(curves(ax_mse)["after 20 epochs (cyclic)"][1], [2.0, 4.0])
    ax_mse = stability(mse_20=(np.inf,) * 4, mse_fixed=(np.nan,) * 4, mse_star=0.0).axes[0]
    assert ax_mse.get_ylim() == pytest.approx((0.5, 1000.0))  # nothing positive: the range [1, 1]


def test_stability_factor_panel_draws_both_factors_up_to_log_top_with_a_line_at_one():
    ax_rho = stability().axes[1]
    drawn = curves(ax_rho)
    cyclic, iid = r"cyclic order: $\rho(A)$", r"i.i.d. order: $\rho(M)^{K/2}$"
    np.testing.assert_array_equal(drawn[cyclic][0], LRS)
    np.testing.assert_array_equal(drawn[cyclic][1], [0.5, 0.25, 1e200, np.nan])  # LOG_TOP = 1e200 is drawn
    np.testing.assert_array_equal(drawn[iid][0], LRS)
    np.testing.assert_array_equal(drawn[iid][1], [0.9, 0.8, 1e200, np.nan])
    assert to_hex(line_named(ax_rho, cyclic).get_color()) == to_hex("tab:purple")
    assert to_hex(line_named(ax_rho, iid).get_color()) == to_hex("tab:brown")
    one = [line for line in unlabelled(ax_rho) if line.get_ydata()[0] == 1 and line.get_ydata()[1] == 1]
    assert len(one) == 1 and (to_hex(one[0].get_color()), one[0].get_linewidth()) == ("#000000", 0.6)
    assert ax_rho.get_ylim() == pytest.approx((0.05, 1e8))  # the smallest factor, 0.25, over 5
    assert (ax_rho.get_xlabel(), ax_rho.get_ylabel()) == ("learning rate $r$", "factor per epoch (log)")
    assert (ax_rho.get_xscale(), ax_rho.get_yscale()) == ("log", "log")


@pytest.mark.parametrize("radius_cyclic, radius_iid, bottom", [
    ((2.0, 3.0, 4.0, 5.0), (1.5, 2.0, 2.5, 3.0), 0.2),  # every factor above 1: 1 / 5
    ((0.0, np.inf, np.nan, 0.0), (0.0,) * 4, 0.2),  # none positive and finite: 1 / 5
    ((1e-120, 1.0, 1.0, 1.0), (1.0,) * 4, 1e-100),  # 1e-121 is below RHO_BOTTOM = 1e-100
    ((1.0,) * 4, (0.5, 1e-99, 1.0, 1.0), 2e-100),
])
@pytest.mark.filterwarnings("ignore:Data has no positive values")  # matplotlib's, on the case with none
def test_stability_factor_axis_bottom(radius_cyclic, radius_iid, bottom):
    ax_rho = stability(radius_cyclic=radius_cyclic, radius_iid=radius_iid).axes[1]
    assert ax_rho.get_ylim() == pytest.approx((bottom, 1e8))


def test_stability_limits_are_vertical_lines_of_their_own_style_in_both_panels_and_named_in_the_legend():
    fig = stability()
    styles = ["-.", "--", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), "-"]
    colours = ["C2", "C3", "C9", "C7", "C8", "k"]
    for ax in fig.axes:
        verticals = [line for line in unlabelled(ax) if np.asarray(line.get_xdata()).size == 2
                     and line.get_xdata()[0] == line.get_xdata()[1]]
        assert [line.get_xdata()[0] for line in verticals] == list(SIX_LIMITS.values())
        for line, style, colour in zip(verticals, styles, colours):
            assert to_hex(line.get_color()) == to_hex(colour) and line.get_linewidth() == 1.0
            if isinstance(style, tuple):
                assert line._unscaled_dash_pattern == style
            else:
                assert line.get_linestyle() == style
    ax_rho = fig.axes[1]
    names = [r"per-sample bound $\min_k 2/\Vert x_k\Vert^2$", r"i.i.d. mean-square limit $r_{\mathrm{iid}}$",
             r"cyclic-order critical rate $r_c$", r"$2/\mathrm{tr}\,R$", r"mean bound $2/\lambda_{\max}(R)$",
             "a name of my own"]
    entries = [f"{name} = {value}" for name, value in zip(names, ["0.110", "0.220", "0.330", "0.440", "0.550",
                                                                 "0.612"])]
    assert legend_texts(ax_rho) == [r"cyclic order: $\rho(A)$", r"i.i.d. order: $\rho(M)^{K/2}$"] + entries
    for entry, style, colour in zip(entries, styles, colours):
        line = line_named(ax_rho, entry)
        assert not np.asarray(line.get_xdata()).size  # a legend entry only
        assert to_hex(line.get_color()) == to_hex(colour) and line.get_linewidth() == 1.0
        if isinstance(style, tuple):
            assert line._unscaled_dash_pattern == style
        else:
            assert line.get_linestyle() == style
    assert_below(ax_rho, -0.3, 2)


def test_stability_rounds_what_it_draws_to_8_significant_digits():
    fig = stability(mse_20=(1.234567891, 1.5, 1.5, 1.5), mse_fixed=(1.987654321, 1.5, 1.5, 1.5),
                    radius_cyclic=(0.123456789, 1.0, 1.0, 1.0), radius_iid=(0.987654321, 1.0, 1.0, 1.0),
                    mse_star=1.234567891)
    ax_mse, ax_rho = fig.axes
    assert curves(ax_mse)["after 20 epochs (cyclic)"][1][0] == 1.2345679
    assert curves(ax_mse)["of the fixed point $W_r$"][1][0] == 1.9876543
    assert curves(ax_mse)["MSE$(W^*)$"][1][0] == 1.2345679  # neither 1.234567891 nor 6 digits' 1.23457
    assert curves(ax_rho)[r"cyclic order: $\rho(A)$"][1][0] == 0.12345679
    assert curves(ax_rho)[r"i.i.d. order: $\rho(M)^{K/2}$"][1][0] == 0.98765432


@pytest.mark.parametrize("change, message", [
    ({"lrs": [[0.1, 0.2, 0.4, 0.8]]}, "lrs has shape (1, 4); expected a non-empty finite 1-D array of numbers."),
    ({"mse_20": [1.0, 2.0]}, "mse_20 has shape (2,); expected a non-empty 1-D array of numbers of shape (4,) to match lrs."),
    ({"mse_fixed": [1.0]}, "mse_fixed has shape (1,); expected a non-empty 1-D array of numbers of shape (4,) to match lrs."),
    ({"radius_cyclic": [1.0]},
     "radius_cyclic has shape (1,); expected a non-empty 1-D array of numbers of shape (4,) to match lrs."),
    ({"radius_iid": [1.0]},
     "radius_iid has shape (1,); expected a non-empty 1-D array of numbers of shape (4,) to match lrs."),
    ({"mse_20": [1.0, -1.0, 1.0, 1.0]},
     "mse_20 holds negative values; expected values >= 0 (inf or NaN where blown up)."),
    ({"mse_fixed": [1.0, 1.0, -1e-300, 1.0]},
     "mse_fixed holds negative values; expected values >= 0 (inf or NaN where blown up)."),
    ({"radius_cyclic": [-1.0, 1.0, 1.0, 1.0]},
     "radius_cyclic holds negative values; expected values >= 0 (inf or NaN where blown up)."),
    ({"radius_iid": [1.0, 1.0, 1.0, -np.inf]},
     "radius_iid holds negative values; expected values >= 0 (inf or NaN where blown up)."),
    ({"limits": [0.1]}, "limits is [0.1] (list); expected a dict {name: rate}."),
    ({"limits": {"mean_bound": 0}}, "limits['mean_bound'] is 0 (int); expected a finite number > 0."),
    ({"mse_star": -1.0}, "mse_star is -1.0 (float); expected a finite number >= 0."),
    ({"num_epochs": 0}, "num_epochs is 0 (int); expected an integer >= 1."),
])
def test_stability_refusals(change, message):
    args = {"lrs": LRS, "mse_20": np.ones(4), "mse_fixed": np.ones(4), "radius_cyclic": np.ones(4),
            "radius_iid": np.ones(4), "limits": {"mean_bound": 0.5}, "mse_star": 0.5, "num_epochs": 3, **change}
    with pytest.raises(ValueError) as raised:
        lms_figures.plot_stability(args["lrs"], args["mse_20"], args["mse_fixed"], args["radius_cyclic"],
                                   args["radius_iid"], args["limits"], args["mse_star"], num_epochs=args["num_epochs"])
    assert str(raised.value) == message


def test_stability_accepts_zero_and_nan_values():
    fig = stability(mse_20=(0.0, 1.0, np.nan, 1.0), radius_iid=(0.0, np.nan, 1.0, 1.0))
    assert len(fig.axes) == 2
