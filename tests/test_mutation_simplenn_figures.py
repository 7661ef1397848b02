"""hw1.simplenn_figures, the cases mutation testing found untested (issue 21): the data each panel draws
(rounded to FIGURE_DIGITS), the guides and exact-zero stems and their styles, the figure's size and margins,
the axes' scales, limits, ticks and labels, the one legend's entries and place, the titles, and the whole
sentence of every refusal. Inputs are a handful of hand-made values; every expected number and string is
worked out by hand from them (the colours resolved by matplotlib's own to_hex), never by the code under test."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator  # noqa: E402
from torch import nn  # noqa: E402

from hw1 import simplenn, simplenn_figures  # noqa: E402
from hw1.simplenn_figures import plot_histograms, plot_training  # noqa: E402
from helpers import refusal  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

BOUND_LABEL = r"$\pm 1/\sqrt{n_{\mathrm{in}}}$"


def style(line):
    return to_hex(line.get_color()), line.get_linestyle(), line.get_linewidth()


def legend_entries(fig):
    (legend,) = fig.legends
    return legend, [t.get_text() for t in legend.get_texts()]


def check_legend_place(fig, legend, ncols):
    """Below the panels, centred, in one row of ``ncols``, small and without a frame."""
    assert legend._loc == 8, "lower center"
    anchor = legend.get_bbox_to_anchor()
    assert (anchor.x0, anchor.y0) == pytest.approx((0.5 * fig.bbox.width, 0.0))
    assert legend._ncols == ncols and not legend.get_frame_on()
    assert {t.get_fontsize() for t in legend.get_texts()} == {8}


def bars(ax):
    return [(p.get_x(), p.get_width(), p.get_height()) for p in ax.patches]


# ---------------------------------------------------------------- plot_histograms

def test_one_row_is_2_5_inches_high_with_its_margins():
    """Height 0.6 + 0.9 + 1 panel of 1.0 = 2.5 inches: top margin 0.6/2.5, bottom 0.9/2.5."""
    fig = plot_histograms({"": {"a": np.array([0.123456, 0.5]), "b": np.array([1.0, 2.0, 2.0])}},
                          xlabel="the x", title="the title", bins=4)
    assert tuple(fig.get_size_inches()) == pytest.approx((6.4, 2.5))
    sp = fig.subplotpars
    assert (sp.left, sp.right, sp.bottom, sp.top, sp.wspace) == pytest.approx((0.1, 0.99, 0.36, 0.76, 0.45))
    a, b = fig.axes
    # values at 4 significant digits: 0.123456 is binned as 0.1235; 4 bins from 0.1235 to 0.5
    assert [x for x, _, _ in bars(a)] == pytest.approx([0.1235, 0.1235 + 0.0941250, 0.1235 + 2 * 0.0941250,
                                                        0.1235 + 3 * 0.0941250])
    assert [h for _, _, h in bars(a)] == [1, 0, 0, 1]
    assert [h for _, _, h in bars(b)] == [1, 0, 0, 2]
    assert {to_hex(p.get_facecolor()) for p in a.patches} == {to_hex("C0")}
    assert a.get_title() == "a:\n2 values" and a.title.get_fontsize() == 8
    assert a.get_ylabel() == "count" and a.yaxis.label.get_fontsize() == 8
    assert b.get_ylabel() == "" and a.get_yscale() == "linear" and not a.lines
    assert fig._supxlabel.get_text() == "the x" and fig._supxlabel.get_fontsize() == 9
    assert fig._supxlabel.get_position()[1] == pytest.approx(0.36 / 2.5)
    assert fig._suptitle.get_text() == "the title"
    legend, labels = legend_entries(fig)
    assert labels == ["histogram, 4 bins"]
    assert to_hex(legend.legend_handles[0].get_facecolor()) == to_hex("C0")
    check_legend_place(fig, legend, 1)


def test_x_axis_has_two_symmetric_ticks_with_short_labels():
    fig = plot_histograms({"": {"a": np.array([-1.0, 3.0])}}, xlabel="", title="")
    (ax,) = fig.axes
    locator, formatter = ax.xaxis.get_major_locator(), ax.xaxis.get_major_formatter()
    assert isinstance(locator, MaxNLocator) and locator._nbins == 2 and locator._symmetric
    assert isinstance(formatter, FuncFormatter)
    assert [formatter(v, 0) for v in (0.0, -0.5, 2.0)] == ["0", "\u22120.5", "2"]
    assert ax.xaxis.get_major_ticks()[0].label1.get_fontsize() == 8
    assert ax.yaxis.get_major_ticks()[0].label1.get_fontsize() == 8
    assert len(ax.patches) == 20, "20 bins by default"


def test_bounds_are_red_dashed_lines_at_minus_and_plus_b():
    fig = plot_histograms({"": {"a": np.array([-1.0, 3.0]), "b": np.ones(3)}}, xlabel="", title="",
                          bounds={"a": 0.25, "b": 2.0})
    a, b = fig.axes
    assert [list(line.get_xdata()) for line in a.lines] == [[-0.25, -0.25], [0.25, 0.25]]
    assert [list(line.get_xdata()) for line in b.lines] == [[-2.0, -2.0], [2.0, 2.0]]
    assert {style(line) for line in a.lines + b.lines} == {(to_hex("C3"), "--", 1.0)}
    legend, labels = legend_entries(fig)
    assert labels == ["histogram, 20 bins", BOUND_LABEL]
    assert style(legend.legend_handles[1]) == (to_hex("C3"), "--", 1.0)
    check_legend_place(fig, legend, 2)


def test_log_panels_mark_the_exact_zeros_with_a_stem():
    values = np.zeros(1500)
    values[:300] = np.linspace(1.0, 2.0, 300)  # 1,200 exact zeros among 1,500 values
    fig = plot_histograms({"top": {"g": values}, "bottom": {"g": np.ones(4)}}, xlabel="", title="", log=True)
    top, bottom = fig.axes
    assert top.get_yscale() == "log" and top.get_ylim() == pytest.approx((0.5, 3000))
    assert bottom.get_ylim() == pytest.approx((0.5, 8))
    assert isinstance(top.yaxis.get_minor_locator(), NullLocator)
    assert top.get_title() == "g: 1,200 of\n1,500 are 0" and top.title.get_fontsize() == 8
    assert bottom.get_title() == "g: 0 of\n4 are 0" and not bottom.lines
    assert (top.get_ylabel(), bottom.get_ylabel()) == ("top\ncount", "bottom\ncount")
    stem, dot = top.lines
    assert (list(stem.get_xdata()), list(stem.get_ydata())) == ([0, 0], [0.5, 1200])
    assert style(stem) == (to_hex("C3"), "-", 2.0) and stem.get_marker() == "None"
    assert (list(dot.get_xdata()), list(dot.get_ydata())) == ([0], [1200])
    assert to_hex(dot.get_color()) == to_hex("C3") and dot.get_marker() == "o" and dot.get_markersize() == 4
    # two rows: 0.6 + 0.9 + 2 * 1.0 + 0.6 = 4.1 inches, a gap of 0.6 between rows of panels 1.0 high
    assert tuple(fig.get_size_inches()) == pytest.approx((6.4, 4.1))
    sp = fig.subplotpars
    assert (sp.bottom, sp.top, sp.hspace) == pytest.approx((0.9 / 4.1, 1 - 0.6 / 4.1, 0.6))
    assert fig._supxlabel.get_position()[1] == pytest.approx(0.36 / 4.1)
    legend, labels = legend_entries(fig)
    assert labels == ["histogram, 20 bins", "entries exactly 0"]
    handle = legend.legend_handles[1]
    assert style(handle) == (to_hex("C3"), "-", 2.0) and handle.get_marker() == "o" and handle.get_markersize() == 4
    check_legend_place(fig, legend, 2)


def test_three_rows_fit_and_the_legend_holds_all_three_entries():
    rows = {f"r{i}": {"l": np.arange(i + 1.0)} for i in range(3)}
    fig = plot_histograms(rows, xlabel="", title="", bounds={"l": 1.0}, log=True)
    assert len(fig.axes) == 3 and tuple(fig.get_size_inches()) == pytest.approx((6.4, 5.7)), "0.6+0.9+3+2*0.6"
    legend, labels = legend_entries(fig)
    assert labels == ["histogram, 20 bins", BOUND_LABEL, "entries exactly 0"]
    check_legend_place(fig, legend, 3)


def test_six_panels_fit_in_a_row_and_a_shorter_row_leaves_panels_empty():
    rows = {"a": {f"l{j}": np.arange(j + 1.0) for j in range(6)}, "b": {"l0": np.ones(2)}}
    fig = plot_histograms(rows, xlabel="", title="", bins=2)
    assert len(fig.axes) == 12
    assert [ax.axison for ax in fig.axes] == [True] * 7 + [False] * 5


@pytest.mark.parametrize("rows, kwargs, message", [
    (3, {}, "rows is 3 (int); expected a dict {row label: {layer name: values}}."),
    ({"a": 3}, {}, "rows holds ['3 (int)']; expected a dict per row."),
    ({"r": {"a": np.ones((2, 2)), "b": np.array([1.0, np.nan])}}, {},
     "rows['r']['b'] holds NaN or infinite values; expected a non-empty finite array of numbers."),
    ({"r": {"a": np.ones(2)}}, {"bounds": 3}, "bounds is 3 (int); expected None or a dict {layer name: bound}."),
    ({"r": {"a": np.ones(2)}}, {"bounds": {"a": 0.0}}, "bounds['a'] is 0.0 (float); expected a finite number > 0."),
    ({}, {}, "rows has [] layers per row; expected 1 to 3 rows of 1 to 6 layers."),
    ({str(i): {"a": np.ones(2)} for i in range(4)}, {},
     "rows has [1, 1, 1, 1] layers per row; expected 1 to 3 rows of 1 to 6 layers."),
    ({"r": {str(i): np.ones(2) for i in range(7)}}, {},
     "rows has [7] layers per row; expected 1 to 3 rows of 1 to 6 layers."),
    ({"r": {"a": np.ones(2)}, "s": {}}, {}, "rows has [1, 0] layers per row; expected 1 to 3 rows of 1 to 6 layers."),
    ({"r": {"a": np.ones(2)}}, {"bins": 0}, "bins is 0 (int); expected an integer >= 1."),
])
def test_histogram_refusals_are_whole_sentences(rows, kwargs, message):
    assert refusal(lambda: plot_histograms(rows, xlabel="", title="", **kwargs)) == message


# ---------------------------------------------------------------- plot_weights, plot_gradients

@pytest.fixture(scope="module")
def net():
    return simplenn.make_simplenn(seed=661)


def test_plot_weights_titles_and_guides(net):
    fig = simplenn_figures.plot_weights(net)
    assert fig._suptitle.get_text() == "Lab 3(a): initial weights, default initialisation"
    assert fig._supxlabel.get_text() == "weight value"
    conv1 = fig.axes[0]
    assert conv1.get_ylabel() == "count", "one row, without a row label"
    assert [line.get_xdata()[0] for line in conv1.lines] == pytest.approx([-75 ** -0.5, 75 ** -0.5]), "fan-in 3*5*5"
    assert conv1.get_yscale() == "linear" and len(conv1.patches) == 20
    assert legend_entries(fig)[1] == ["histogram, 20 bins", BOUND_LABEL]
    assert refusal(lambda: simplenn_figures.plot_weights(nn.ReLU())) == (
        "net is a ReLU without recording layers; expected a SimpleNN.")
    assert refusal(lambda: simplenn_figures.plot_weights(None)) == (
        "net is None; expected a torch nn.Module such as SimpleNN.")


def gradients_of(values):
    """A Gradients holding the given weight gradients (the other fields are not drawn)."""
    return simplenn.Gradients(0.0, {name: simplenn.LayerGradient(np.asarray(w, dtype=float), None, None, None)
                                    for name, w in values.items()})


def test_plot_gradients_draws_both_runs_on_log_scales():
    default = gradients_of({"conv1": [[0.5, -0.25], [0.0, 0.125]], "fc1": [1.0, 2.0, 0.0]})
    zero = gradients_of({"conv1": np.zeros((2, 2)), "fc1": [0.0, 3.0, 0.0]})
    fig = simplenn_figures.plot_gradients(default, zero)
    assert [ax.get_title() for ax in fig.axes] == ["conv1: 1 of\n4 are 0", "fc1: 1 of\n3 are 0",
                                                   "conv1: 4 of\n4 are 0", "fc1: 2 of\n3 are 0"]
    assert {ax.get_yscale() for ax in fig.axes} == {"log"}
    assert [ax.get_ylabel() for ax in fig.axes] == ["default weights\ncount", "", "all weights zero\ncount", ""]
    assert fig._suptitle.get_text() == "Labs 3(b) and 3(c): weight gradients"
    assert fig._supxlabel.get_text() == r"gradient $\partial L/\partial W$"
    assert legend_entries(fig)[1] == ["histogram, 20 bins", "entries exactly 0"]
    assert refusal(lambda: simplenn_figures.plot_gradients(3, zero)) == (
        "default is 3 (int); expected the Gradients of simplenn.mse_gradients.")
    assert refusal(lambda: simplenn_figures.plot_gradients(default, None)) == (
        "zero is None; expected the Gradients of simplenn.mse_gradients.")


# ---------------------------------------------------------------- plot_training

def run(train_loss, test_loss, test_accuracy):
    return simplenn.TrainingRun(None, train_loss, test_loss, test_accuracy)


def test_plot_training_layout_styles_and_labels():
    runs = {"default": run([1.0, 0.5], [2.3, 0.9, 0.4], [10.0, 70.0, 90.0]),
            "zero": run([2.30594, 2.3041], [2.3063, 2.3075, 2.3074], [11.4, 7.2, 7.2]),
            "third": run([1.5, 1.25], [2.0, 1.75, 1.5], [20.0, 30.0, 40.0])}
    fig = plot_training(runs)
    assert tuple(fig.get_size_inches()) == pytest.approx((6.4, 2.6))
    sp = fig.subplotpars
    assert (sp.left, sp.right, sp.bottom, sp.top, sp.wspace) == pytest.approx((0.08, 0.99, 0.34, 0.8, 0.45))
    ax_loss, ax_zoom, ax_acc = fig.axes
    assert [to_hex(line.get_color()) for line in ax_loss.lines] == [to_hex(c) for c in ("C0", "C0", "C3", "C3", "C2", "C2")]
    assert [to_hex(line.get_color()) for line in ax_acc.lines] == [to_hex(c) for c in ("C0", "C3", "C2")]
    assert [line.get_label() for line in ax_loss.lines] == [
        "default start: train", "default start: test", "zero start: train", "zero start: test",
        "third start: train", "third start: test"]
    assert [line.get_label() for line in ax_zoom.lines] == ["zero start: train", "zero start: test"]
    train, test = ax_zoom.lines
    assert list(train.get_ydata()) == [2.306, 2.304] and list(train.get_xdata()) == [1, 2]
    assert (train.get_marker(), train.get_linestyle()) == ("o", "-")
    for line in [test] + ax_acc.lines:
        assert (line.get_marker(), line.get_markerfacecolor(), line.get_markersize(), line.get_linestyle()) == (
            "s", "none", 7, "--")
    assert list(ax_acc.lines[2].get_ydata()) == [20.0, 30.0, 40.0]
    assert [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes] == [
        ("cross-entropy", "epoch", "loss (nats)"), ("zero start, zoomed", "epoch", "loss (nats)"),
        ("test accuracy", "epoch", "accuracy (%)")]
    assert [list(ax.get_xticks()) for ax in fig.axes] == [[0, 1, 2]] * 3
    assert ax_acc.get_ylim() == (0, 100)
    assert ax_zoom.yaxis.get_major_formatter().get_useOffset() is False
    assert ax_zoom.xaxis.get_major_formatter().get_useOffset() is True, "only the y axis loses its offset"
    boxes = [ax.get_position() for ax in fig.axes]
    assert boxes[0].x1 < boxes[1].x0 < boxes[1].x1 < boxes[2].x0, "three panels side by side"
    assert boxes[0].y0 == boxes[1].y0 == boxes[2].y0
    legend, labels = legend_entries(fig)
    assert labels == [line.get_label() for line in ax_loss.lines]
    check_legend_place(fig, legend, 2)
    assert fig._suptitle.get_text() == "SimpleNN on the digits ($3\\times32\\times32$): default vs zero initial weights"


@pytest.mark.parametrize("runs, message", [
    ({}, "runs is {} (dict); expected a non-empty dict {label: TrainingRun}."),
    ([1], "runs is [1] (list); expected a non-empty dict {label: TrainingRun}."),
    ({"a": (1, 2, 3, 4)}, "runs is {'a': (1, 2, 3, 4)} (dict); expected a non-empty dict {label: TrainingRun}."),
])
def test_plot_training_refusals_are_whole_sentences(runs, message):
    assert refusal(lambda: plot_training(runs)) == message
