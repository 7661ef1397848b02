"""hw1.backprop_figures, the cases mutation testing found untested (issue 21): the data each figure draws
(which x values, the guides' points, the step of the table), the limits, the styles that tell the data
from the guides, the legends' texts and places, the titles and axis labels, and the whole sentence of
every refusal. Inputs are a handful of hand-made values; every expected number and string is worked out
by hand from them, never by the code under test."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from hw1.backprop import StepCheck  # noqa: E402
from hw1.backprop_figures import plot_fd_errors, plot_step_losses  # noqa: E402
from helpers import line_named  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

TRUNCATION_LABEL = "slope 2 (truncation, $h^2$)"
ROUND_OFF_LABEL = r"slope $-1$ (round-off, $\varepsilon/h$)"
TANGENT_LABEL = r"first order: $L - \eta\,\Vert\nabla L\Vert^2$"


def style(line):
    return to_hex(line.get_color()), line.get_linestyle(), line.get_linewidth()


def extents(fig):
    """Window extents (pixels) of the figure's axes and of its one legend, after a layout pass."""
    fig.draw_without_rendering()
    return [ax.get_window_extent() for ax in fig.axes], fig.legends[0].get_window_extent()


# ---------------------------------------------------------------- plot_fd_errors

STEPS = np.array([1e-2, 1e-4, 1e-6, 1e-8])
ERRORS = {"relu": np.array([1e-9, 1e-11, 1e-10, 1e-8]),
          "sigmoid": np.array([3e-6, 4e-10, 0.0, 2e-9])}  # an exact zero is a valid |difference|


def test_fd_errors_guides_are_thin_black_lines_through_the_closed_forms():
    fig = plot_fd_errors(STEPS, ERRORS, h=1e-6)
    (ax,) = fig.axes
    truncation = line_named(ax, TRUNCATION_LABEL)
    # drawn down to h = 1e-6 included: 0.05 h^2
    np.testing.assert_array_equal(truncation.get_xdata(), [1e-2, 1e-4, 1e-6])
    np.testing.assert_allclose(truncation.get_ydata(), [5e-6, 5e-10, 5e-14], rtol=1e-14)
    assert style(truncation) == ("#000000", ":", 0.8)
    round_off = line_named(ax, ROUND_OFF_LABEL)  # 3e-15 / h at every step
    np.testing.assert_array_equal(round_off.get_xdata(), STEPS)
    np.testing.assert_allclose(round_off.get_ydata(), [3e-13, 3e-11, 3e-9, 3e-7], rtol=1e-14)
    assert style(round_off) == ("#000000", "--", 0.8)
    (vertical,) = [line for line in ax.get_lines() if line.get_label().startswith("_")]
    assert tuple(vertical.get_xdata()) == (1e-6, 1e-6)
    assert style(vertical) == ("#808080", "-", 0.8)  # grey


def test_fd_errors_data_points_note_limits_and_labels():
    fig = plot_fd_errors(STEPS, ERRORS, h=1e-6)
    (ax,) = fig.axes
    for activation, marker in (("relu", "o"), ("sigmoid", "s")):
        line = line_named(ax, activation)
        np.testing.assert_array_equal(line.get_xdata(), STEPS)
        np.testing.assert_array_equal(line.get_ydata(), ERRORS[activation])
        assert (line.get_marker(), line.get_markersize()) == (marker, 3)
    (note,) = ax.texts
    assert note.get_text() == "$h$ = 1e-06 used in the table"
    # written just left of the vertical line, at the height 1e-3
    assert note.xy == (1e-6, 1e-3) and note.xyann == (-4, 0) and note.anncoords == "offset points"
    assert note.get_ha() == "right"
    assert ax.get_ylim() == (1e-16, 1e-2)
    assert ax.get_title() == "Central finite differences against the hand gradients (problem 3.2)"
    assert ax.get_xlabel() == "finite-difference step $h$ (parameter units)"
    assert ax.get_ylabel() == "largest |hand $-$ finite diff.|\n(loss per parameter unit)"
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.2])  # the report's text width
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["relu", "sigmoid", TRUNCATION_LABEL, ROUND_OFF_LABEL]
    (axes_box,), legend_box = extents(fig)
    assert legend_box.x0 > axes_box.x1, "the legend stands right of the axes"
    assert (legend_box.y0 + legend_box.y1) / 2 == pytest.approx(fig.bbox.height / 2, abs=1), "centred"


def test_fd_errors_takes_up_to_five_activations_each_with_its_own_marker():
    names = ["a", "b", "c", "d", "e"]
    (ax,) = plot_fd_errors(STEPS, {n: ERRORS["relu"] for n in names}, h=1e-6).axes
    assert [line_named(ax, n).get_marker() for n in names] == ["o", "s", "d", "^", "v"]


@pytest.mark.parametrize("call, message", [
    (lambda: plot_fd_errors([0.1, 0.0], {"relu": [1.0, 2.0]}, h=1e-2), "steps holds [0.1, 0.0]; expected steps > 0."),
    (lambda: plot_fd_errors(STEPS, {n: ERRORS["relu"] for n in "abcdef"}, h=1e-6),
     "errors has 6 entries; expected 1 to 5 activations."),
    (lambda: plot_fd_errors(STEPS, {"relu": [1.0, -1e-9, 0.0, 1.0]}, h=1e-6),
     "errors holds a negative value; expected absolute differences >= 0."),
    (lambda: plot_fd_errors(STEPS, ERRORS, h=0.0), "h is 0.0 (float); expected a finite number > 0."),
])
def test_fd_errors_refusals(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


# ---------------------------------------------------------------- plot_step_losses

LRS = np.array([0.0, 0.25, 0.5, 1.0])
LOSSES = {"relu": np.array([14.5, 13.7, 13.0, 12.0]), "sigmoid": np.array([3.0, 2.5, 2.2, 2.1])}
# with lr = 0.5: the tangent is L - lrs * predicted_drop / lr, i.e. 14.5 - 4 lrs and 3 - lrs
CHECKS = {"relu": StepCheck(14.5, 13.0, 2.0, 1.5, 0.75), "sigmoid": StepCheck(3.0, 2.2, 0.5, 0.8, 1.6)}
TANGENTS = {"relu": [14.5, 13.5, 12.5, 10.5], "sigmoid": [3.0, 2.75, 2.5, 2.0]}


def test_step_losses_draws_curve_tangent_and_point_on_each_panel():
    fig = plot_step_losses(LRS, LOSSES, CHECKS, lr=0.5)
    assert len(fig.axes) == 2
    for ax, activation in zip(fig.axes, ["relu", "sigmoid"]):
        assert ax.get_title() == activation
        curve, tangent, point = ax.get_lines()
        np.testing.assert_array_equal(curve.get_xdata(), LRS)
        np.testing.assert_array_equal(curve.get_ydata(), LOSSES[activation])
        assert curve.get_label() == "$L$ after one step"
        np.testing.assert_array_equal(tangent.get_xdata(), LRS)
        np.testing.assert_array_equal(tangent.get_ydata(), TANGENTS[activation])
        assert tangent.get_linestyle() == "--" and tangent.get_label() == TANGENT_LABEL
        assert tuple(point.get_xdata()) == (0.5,) and tuple(point.get_ydata()) == (CHECKS[activation].loss_after,)
        assert (point.get_marker(), point.get_linestyle(), to_hex(point.get_color()), point.get_markersize()) == \
            ("o", "None", "#000000", 3)
        assert point.get_label() == r"$\eta$ = 0.5"
        assert ax.get_xlabel() == r"learning rate $\eta$ (dimensionless)"
        assert ax.get_ylabel() == "loss $L$ after the step"


def test_step_losses_shares_one_legend_below_the_panels_in_one_row():
    fig = plot_step_losses(LRS, LOSSES, CHECKS, lr=0.5)
    assert fig.get_suptitle() == "Loss after one gradient step against the first-order prediction (problem 3.2)"
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 2.9])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["$L$ after one step", TANGENT_LABEL, r"$\eta$ = 0.5"]
    assert [h.get_linestyle() for h in legend.legend_handles] == ["-", "--", "None"]
    axes_boxes, legend_box = extents(fig)
    assert legend_box.y1 < min(box.y0 for box in axes_boxes), "the legend stands below the panels"
    assert (legend_box.x0 + legend_box.x1) / 2 == pytest.approx(fig.bbox.width / 2, abs=1), "centred"
    rows = {round(t.get_window_extent().y0) for t in legend.get_texts()}
    assert len(rows) == 1, "the three entries in one row"


def test_step_losses_takes_up_to_five_activations():
    names = ["a", "b", "c", "d", "e"]
    fig = plot_step_losses(LRS, {n: LOSSES["relu"] for n in names}, {n: CHECKS["relu"] for n in names}, lr=0.5)
    assert [ax.get_title() for ax in fig.axes] == names


@pytest.mark.parametrize("call, message", [
    (lambda: plot_step_losses([[0.1]], LOSSES, CHECKS, lr=0.5),
     "lrs has shape (1, 1); expected a non-empty finite 1-D array of numbers."),
    (lambda: plot_step_losses([0.0, -0.1], {"relu": [1.0, 2.0]}, {"relu": CHECKS["relu"]}, lr=0.5),
     "lrs holds [0.0, -0.1]; expected learning rates >= 0."),
    (lambda: plot_step_losses([0.0, 0.1, 0.2], {"relu": [1.0, 2.0]}, {"relu": CHECKS["relu"]}, lr=0.5),
     "losses['relu'] has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match lrs."),
    (lambda: plot_step_losses(LRS, {n: LOSSES["relu"] for n in "abcdef"}, {n: CHECKS["relu"] for n in "abcdef"},
                              lr=0.5),
     "losses has 6 entries; expected 1 to 5 activations."),
    (lambda: plot_step_losses(LRS, LOSSES, None, lr=0.5), "checks is None; expected a dict {activation: StepCheck}."),
    (lambda: plot_step_losses(LRS, {"relu": LOSSES["relu"]}, {"relu": (1, 2)}, lr=0.5),
     "checks relu is (1, 2) (tuple); expected a hw1.backprop.StepCheck."),
    (lambda: plot_step_losses(LRS, LOSSES, CHECKS, lr=0.0), "lr is 0.0 (float); expected a finite number > 0."),
])
def test_step_losses_refusals(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message
