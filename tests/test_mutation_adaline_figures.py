"""hw1.adaline_figures, the cases mutation testing found untested (issue 21): the data each panel draws
(which points, which panel, which sign, which colour and marker tell the data from the guides), the
computed line ends and limits, the legends' texts and places, the titles and axis labels, and the whole
sentence of every refusal. Inputs are a handful of hand-made weights and a hand-made MriiSolutions;
every expected number and string is worked out by hand from them, never by the code under test."""
import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402

from hw1 import adaline_figures as af  # noqa: E402
from hw1.adaline import MadalineFits, MriiSolutions, SolutionKind  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)
from tests.helpers import whole  # noqa: E402

# the four bipolar inputs in truth-table order: x1 slowest, -1 before +1
ROWS2 = [[-1, -1], [-1, 1], [1, -1], [1, 1]]
TRUE_LABEL, FALSE_LABEL = "$y = +1$ (true)", "$y = -1$ (false)"
INPUT_AXIS_LABELS = ("input $x_1$ (bipolar, no unit)", "input $x_2$ (bipolar, no unit)")  # written out, not imported
BLUE, RED, GREEN, PURPLE = "#1f77b4", "#d62728", "#2ca02c", "#9467bd"  # tab:blue, tab:red, tab:green, tab:purple


# Each figure is built once, in the one test that runs every check_* on it: mutmut runs, for a mutant, only
# the tests that called the mutated function when it collected its stats, so a figure shared through a
# module-scoped fixture would credit the call to whichever test built it first and the other checks
# would never see a mutant.


def labelled(artists, label):
    (artist,) = [a for a in artists if a.get_label() == label]
    return artist


def offsets(collection):
    return np.asarray(collection.get_offsets())


def marker_of(collection, marker):
    """Whether the scatter ``collection`` draws ``marker`` (matplotlib's own path for it is the reference)."""
    style = MarkerStyle(marker)
    expected = style.get_path().transformed(style.get_transform()).vertices
    drawn = collection.get_paths()[0].vertices
    return drawn.shape == expected.shape and np.allclose(drawn, expected)


def line_data(line):
    return np.asarray(line.get_xdata(), float).tolist(), np.asarray(line.get_ydata(), float).tolist()


def legend_texts(legend):
    return [text.get_text() for text in legend.get_texts()]


def assert_hangs_below(ax, y_anchor, ncols):
    """The axes' legend hangs under it ("upper center" at (0.5, ``y_anchor``) in axes units)."""
    legend = ax.get_legend()
    anchor = ax.transAxes.inverted().transform(legend.get_bbox_to_anchor().get_points())
    assert_allclose(anchor, [[0.5, y_anchor], [0.5, y_anchor]], atol=1e-12)
    assert (legend._loc, legend._ncols) == (9, ncols)  # 9: "upper center"


def assert_outside(legend, loc, ncols):
    """A figure legend placed by the constrained layout outside the axes, at the bottom."""
    assert (legend._loc, getattr(legend, "_outside_loc", None), legend._ncols) == (loc, "lower", ncols)


def handle_style(handle):
    """What a legend entry shows: a line's colour and style, or the points' face and edge colours."""
    if isinstance(handle, Line2D):
        return "line", to_hex(handle.get_color()), handle.get_linestyle()
    face, edge = handle.get_facecolor(), handle.get_edgecolor()
    return ("points", to_hex(face[0]) if len(face) and face[0][3] > 0 else "none",
            to_hex(edge[0]) if len(edge) else "none")


def assert_side_by_side(axes):
    """Two panels, the left and the right half of one row."""
    assert [ax.get_subplotspec().get_geometry() for ax in axes] == [(1, 2, 0, 0), (1, 2, 1, 1)]


def assert_rows_drawn(ax, true_rows, false_rows, size=60):
    """Blue circles on the rows the output calls true, red crosses on the false ones, above the lines."""
    true, false = labelled(ax.collections, TRUE_LABEL), labelled(ax.collections, FALSE_LABEL)
    assert_array_equal(offsets(true).reshape(-1, 2), np.reshape(true_rows, (-1, 2)))
    assert_array_equal(offsets(false).reshape(-1, 2), np.reshape(false_rows, (-1, 2)))
    for points, marker, colour in ((true, "o", BLUE), (false, "X", RED)):
        assert marker_of(points, marker)
        assert to_hex(points.get_facecolor()[0]) == colour
        assert points.get_sizes().tolist() == [size] and points.get_zorder() == 3


# ---------------------------------------------------------------- helpers


def test_draw_boundary_solves_for_the_input_with_the_larger_weight():
    fig, ax = plt.subplots()
    # |w2| > |w1|: x2 = -(1 + x1) / 2 at x1 = -3 and 3
    (flat,) = af._draw_boundary(ax, [1.0, 1.0, 2.0], color="m", ls=":")
    assert line_data(flat) == ([-3.0, 3.0], [1.0, -2.0])
    assert (to_hex(flat.get_color()), flat.get_linestyle()) == ("#bf00bf", ":")
    # |w1| > |w2|: x1 = -(1 + x2) / 2 at x2 = -3 and 3
    (steep,) = af._draw_boundary(ax, [1.0, 2.0, -1.0])
    assert line_data(steep) == ([-2.0, 1.0], [-3.0, 3.0])
    # a tie is solved for x2: x2 = -(1 + x1)
    (tie,) = af._draw_boundary(ax, [1.0, 1.0, 1.0])
    assert line_data(tie) == ([-3.0, 3.0], [2.0, -4.0])
    (short,) = af._draw_boundary(ax, [0.0, 0.0, -1.0], lim=1.5)  # x2 = 0 from x1 = -1.5 to 1.5
    assert line_data(short) == ([-1.5, 1.5], [0.0, 0.0])


def test_draw_rows_marks_true_rows_with_blue_circles_and_false_ones_with_red_crosses():
    fig, ax = plt.subplots()
    af._draw_rows(ax, np.array(ROWS2, float), np.array([1.0, -1.0, -1.0, 1.0]))
    assert_rows_drawn(ax, [ROWS2[0], ROWS2[3]], [ROWS2[1], ROWS2[2]])
    af._draw_rows(ax, np.array(ROWS2, float), np.ones(4), size=10)
    assert [c.get_sizes().tolist() for c in ax.collections[2:]] == [[10], [10]]


@pytest.mark.parametrize("w, symbol, text", [
    ([0.0, 0.0, 0.0], "x", "$0 = 0$"),
    ([0.0, 1.0, -1.0], "x", "$x_1 - x_2 = 0$"),
    ([0.0, -1.0, 0.0], "x", "$-x_1 = 0$"),
    ([0.0, 0.0, -2.0], "x", "$-2x_2 = 0$"),
    ([-2.0, 0.0, 1.5], "x", "$-2 + 1.5x_2 = 0$"),
    ([0.5, -2.0, 1.0], "h", "$0.5 - 2h_1 + h_2 = 0$"),
    ([1.0, 2.0, 3.0, -4.0], "x", "$1 + 2x_1 + 3x_2 - 4x_3 = 0$"),
    ([0.0, 0.5, 0.0], "x", "$0.5x_1 = 0$"),  # a weight between 0 and 1 is positive, first or not
    ([1.0, 0.5, 0.0], "x", "$1 + 0.5x_1 = 0$"),
])
def test_line_label_writes_each_nonzero_term_with_its_sign(w, symbol, text):
    assert af._line_label(w, symbol) == text


def test_line_label_names_the_inputs_x_by_default():
    assert af._line_label([0.0, 1.0, 1.0]) == "$x_1 + x_2 = 0$"


def test_count_word_spells_up_to_four():
    assert [af._count_word(n) for n in (1, 2, 3, 4, 5, 12)] == ["one", "two", "three", "four", "5", "12"]


# ---------------------------------------------------------------- plot_p2_1_p2_2_boundaries


def check_p2_1_colours_the_rows_by_the_adaline_and_draws_its_line(fig):
    ax = fig.axes[0]
    assert_rows_drawn(ax, ROWS2[1:], ROWS2[:1])  # OR is false at (-1, -1) only
    (line,) = ax.get_lines()
    assert line_data(line) == ([-3.0, 3.0], [3.0, -3.0])  # x2 = -x1
    assert (line.get_label(), to_hex(line.get_color()), line.get_linestyle()) == ("$x_1 + x_2 = 0$", "#000000", "-")
    assert ax.get_title() == "Problem 2.1: OR"
    assert (ax.get_xlim(), ax.get_ylim()) == ((-3.0, 2.0), (-2.5, 2.5))


def check_p2_2_colours_the_rows_by_the_least_squares_weights_and_draws_both_lines(fig):
    ax = fig.axes[1]
    assert_rows_drawn(ax, ROWS2[3:], ROWS2[:3])  # -1 + x1 + x2 >= 0 at (1, 1) only
    ls, mm = ax.get_lines()
    assert line_data(ls) == ([-3.0, 3.0], [4.0, -2.0])  # x2 = 1 - x1
    assert (ls.get_label(), to_hex(ls.get_color()), ls.get_linestyle()) == ("least squares", "#000000", "-")
    assert line_data(mm) == ([-3.0, 3.0], [2.5, -0.5])  # x2 = (2 - x1) / 2
    assert (mm.get_label(), to_hex(mm.get_color()), mm.get_linestyle()) == ("max margin", "#bfbf00", "--")
    assert ax.get_title() == "Problem 2.2: NAND"
    assert (ax.get_xlim(), ax.get_ylim()) == ((-2.5, 2.5), (-2.5, 2.5))


def check_p2_1_p2_2_label_both_panels_and_hang_a_legend_under_each(fig):
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.6])
    assert_side_by_side(fig.axes)
    for ax, line_labels in zip(fig.axes, (["$x_1 + x_2 = 0$"], ["least squares", "max margin"])):
        assert (ax.get_xlabel(), ax.get_ylabel()) == INPUT_AXIS_LABELS
        assert ax.get_aspect() == 1.0
        assert legend_texts(ax.get_legend()) == [TRUE_LABEL, FALSE_LABEL, *line_labels]
        assert_hangs_below(ax, -0.2, 2)


def test_p2_1_p2_2_boundaries():
    """Problem 2.1 with w = (0, 1, 1): s = x1 + x2 is -2, 0, 0, 2 and sign(0) = +1, so OR; the least-squares
    NAND weights are replaced by an AND Adaline (-1, 1, 1) so that the right panel shows which weights colour it."""
    fig = af.plot_p2_1_p2_2_boundaries([0.0, 1.0, 1.0], [-1.0, 1.0, 1.0], [2.0, -1.0, -2.0])
    check_p2_1_colours_the_rows_by_the_adaline_and_draws_its_line(fig)
    check_p2_2_colours_the_rows_by_the_least_squares_weights_and_draws_both_lines(fig)
    check_p2_1_p2_2_label_both_panels_and_hang_a_legend_under_each(fig)


def test_p2_1_calls_a_constant_function_constant():
    # s = -4 + 2 x1 + x2 <= -1 on every row (TRUE is in test_adaline_figures.py, OR in test_p2_1_p2_2_boundaries)
    fig = af.plot_p2_1_p2_2_boundaries([-4.0, 2.0, 1.0], [1.0, -1.0, -1.0], [1.0, -1.0, -1.0])
    assert fig.axes[0].get_title() == "Problem 2.1: constant FALSE"


@pytest.mark.parametrize("args, message", [
    (([0.0, 1.0], [1.0, -1.0, -1.0], [1.0, -1.0, -1.0]),
     "w_one has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,)."),
    (([0.0, 1.0, 1.0], [[1.0, -1.0, -1.0]], [1.0, -1.0, -1.0]),
     "w_nand_ls has shape (1, 3); expected a non-empty finite 1-D array of numbers of shape (3,)."),
    (([0.0, 1.0, 1.0], [1.0, -1.0, -1.0], [1.0, -1.0, -1.0, 0.0]),
     "w_nand_mm has shape (4,); expected a non-empty finite 1-D array of numbers of shape (3,)."),
])
def test_p2_1_p2_2_refusals(args, message):
    with pytest.raises(ValueError, match=whole(message)):
        af.plot_p2_1_p2_2_boundaries(*args)


# ---------------------------------------------------------------- plot_p2_3_majority

ROWS3 = list(itertools.product([-1, 1], repeat=3))  # truth-table order: x1 slowest
S_LS = np.array([-1.5, -0.5, -0.5, 0.5, -0.5, 0.5, 0.5, 1.5])  # (x1 + x2 + x3) / 2
S_MM = np.array([-3.0, -1.0, -1.0, 1.0, -1.0, 1.0, 1.0, 2.0])


def check_p2_3_cube_has_its_twelve_edges_in_light_grey(fig):
    ax = fig.axes[0]
    edges = ax.get_lines()
    # an edge joins two corners that differ in exactly one coordinate, drawn from its -1 end to its +1 end
    expected = {(a, b) for a in ROWS3 for b in ROWS3 if sum(u != v for u, v in zip(a, b)) == 1 and a < b}
    assert len(expected) == 12
    assert {tuple(map(tuple, np.transpose(line.get_data_3d()).tolist())) for line in edges} == expected
    assert len(edges) == 12
    assert {(to_rgba(line.get_color()), line.get_linewidth()) for line in edges} == {((0.7, 0.7, 0.7, 1.0), 0.6)}


def check_p2_3_cube_shades_the_boundary_hexagon_and_marks_the_majority_corners(fig):
    ax = fig.axes[0]
    (hexagon,) = [c for c in ax.collections if c.get_label() not in ("$y = +1$", "$y = -1$")]
    # x1 + x2 + x3 = 0 meets the cube's edges at their midpoints: the permutations of (1, -1, 0), in turn
    assert_array_equal(hexagon._faces[0], [[1, -1, 0], [1, 0, -1], [0, 1, -1], [-1, 1, 0], [-1, 0, 1], [0, -1, 1]])
    assert hexagon.get_alpha() == 0.3
    assert to_hex(hexagon.get_facecolor()[0]) == GREEN and to_hex(hexagon.get_edgecolor()[0]) == "#008000"
    # the majority is true where at least two of the three inputs are +1
    true_corners = [(-1, 1, 1), (1, -1, 1), (1, 1, -1), (1, 1, 1)]
    false_corners = [(-1, -1, -1), (-1, -1, 1), (-1, 1, -1), (1, -1, -1)]
    for label, marker, colour, corners in (("$y = +1$", "o", BLUE, true_corners),
                                           ("$y = -1$", "X", RED, false_corners)):
        points = labelled(ax.collections, label)
        assert_array_equal(np.transpose([np.asarray(v) for v in points._offsets3d]), corners)
        assert marker_of(points, marker) and to_hex(points.get_facecolor()[0]) == colour
        assert points.get_sizes().tolist() == [40] and points._depthshade is False


def check_p2_3_cube_axes_view_and_legend(fig):
    ax = fig.axes[0]
    assert ax.get_title() == "plane $x_1 + x_2 + x_3 = 0$"
    for axis, label in ((ax.xaxis, "$x_1$"), (ax.yaxis, "$x_2$"), (ax.zaxis, "$x_3$")):
        assert axis.get_ticklocs().tolist() == [-1, 1]
        assert axis.get_label_text() == label and axis.label.get_fontsize() == 11
        assert axis.labelpad == 0
        assert axis.get_rotate_label(label) is False  # matplotlib would turn a label longer than 4 characters
        assert axis.get_major_ticks()[0].get_pad() == 0
    assert (ax.elev, ax.azim) == (25, -30)
    # the default box (4, 4, 3), shrunk by 0.85 (matplotlib's own zoom-1 box is the reference)
    ref = plt.figure().add_subplot(projection="3d")
    ref.set_box_aspect(None)
    assert_allclose(ax._box_aspect, 0.85 * ref._box_aspect, rtol=1e-12)
    assert_allclose(ax._box_aspect[:2] / ax._box_aspect[2], [4 / 3, 4 / 3], rtol=1e-12)
    (legend,) = fig.legends
    assert legend_texts(legend) == ["$y = +1$", "$y = -1$"]
    assert_outside(legend, 3, 2)  # 3: "lower left"
    assert [to_hex(h.get_facecolor()[0]) for h in legend.legend_handles] == [BLUE, RED]


def check_p2_3_bars_show_both_features_side_by_side_on_each_row(fig):
    ax = fig.axes[1]
    ls, mm = ax.containers
    for bars, heights, centre_shift, colour, label in ((ls, S_LS, -0.2, "#808080", "least squares"),
                                                       (mm, S_MM, 0.2, GREEN, "max margin")):
        assert bars.get_label() == label
        assert [bar.get_height() for bar in bars] == heights.tolist()
        assert_allclose([bar.get_x() + bar.get_width() / 2 for bar in bars], np.arange(8) + centre_shift, atol=1e-12)
        assert_allclose([bar.get_width() for bar in bars], 0.4, rtol=1e-12)
        assert {to_hex(bar.get_facecolor()) for bar in bars} == {colour}
    (zero,) = ax.get_lines()
    assert (list(zero.get_ydata()), to_hex(zero.get_color()), zero.get_linewidth()) == ([0, 0], "#000000", 0.8)
    assert ax.get_xticks().tolist() == list(range(8))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["---", "--+", "-+-", "-++", "+--", "+-+", "++-", "+++"]
    assert ax.get_xlabel() == "input row (signs of $x_1 x_2 x_3$)"
    assert ax.get_ylabel() == "feature $s$ (no unit)"
    assert ax.get_title() == "feature $s$ on the 8 rows"
    assert legend_texts(ax.get_legend()) == ["least squares", "max margin"]
    assert_hangs_below(ax, -0.25, 2)


def check_p2_3_figure_title_and_layout(fig):
    assert fig.get_suptitle() == "Problem 2.3: majority of three inputs"
    assert len(fig.axes) == 2 and fig.axes[0].name == "3d" and fig.axes[1].name == "rectilinear"
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert fig.get_layout_engine().get()["wspace"] == 0.08
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.6])
    assert_side_by_side(fig.axes)


def test_p2_3_majority():
    """The cube, the hexagon and the corners on the left; the two features of each row as bars on the right."""
    fig = af.plot_p2_3_majority(S_LS, S_MM)
    check_p2_3_cube_has_its_twelve_edges_in_light_grey(fig)
    check_p2_3_cube_shades_the_boundary_hexagon_and_marks_the_majority_corners(fig)
    check_p2_3_cube_axes_view_and_legend(fig)
    check_p2_3_bars_show_both_features_side_by_side_on_each_row(fig)
    check_p2_3_figure_title_and_layout(fig)


@pytest.mark.parametrize("args, message", [
    ((S_LS[:7], S_MM), "s_ls has shape (7,); expected a non-empty finite 1-D array of numbers of shape (8,)."),
    ((S_LS, S_MM[None]), "s_mm has shape (1, 8); expected a non-empty finite 1-D array of numbers of shape (8,)."),
])
def test_p2_3_refusals(args, message):
    with pytest.raises(ValueError, match=whole(message)):
        af.plot_p2_3_majority(*args)


# ---------------------------------------------------------------- plot_p2_4_xor

# Two hidden units that both copy x1 (boundaries x1 = -0.555 and x1 = 0.555): h = (-1, -1) or (1, 1) only.
# The output unit 0.5 + h1 copies h1, so the Madaline outputs sign(x1 + 0.555).
W1_COPY = np.array([[0.555, 1.0, 0.0], [-0.555, 1.0, 0.0]])
W2_COPY = np.array([0.5, 1.0, 0.0])
NEVER = "$(-1, 1)$, $(1, -1)$: never reached"


def check_p2_4_shades_the_input_plane_by_the_madaline_output(fig):
    ax = fig.axes[0]
    (shading,) = [c for c in ax.collections if hasattr(c, "levels")]
    assert [to_hex(c) for c in shading.get_facecolor()] == ["#f4cccc", "#cfe2f3"]  # -1 pink, +1 blue
    false_region, true_region = shading.get_paths()
    # the output switches between the grid points -0.56 and -0.55 (401 points over [-2, 2], step 0.01):
    # the filled edge is halfway, at -0.555
    for region, (x_min, x_max) in ((false_region, (-2, -0.555)), (true_region, (-0.555, 2))):
        box = region.get_extents()
        assert_allclose([box.x0, box.x1, box.y0, box.y1], [x_min, x_max, -2, 2], atol=1e-9)


def check_p2_4_input_plane_marks_the_xor_targets_and_the_hidden_lines(fig):
    ax = fig.axes[0]
    assert_rows_drawn(ax, [ROWS2[1], ROWS2[2]], [ROWS2[0], ROWS2[3]])  # XOR: true where the inputs differ
    unit1, unit2 = ax.get_lines()
    assert line_data(unit1) == ([-0.555, -0.555], [-3.0, 3.0])
    assert (unit1.get_label(), to_hex(unit1.get_color()), unit1.get_linestyle()) == \
        ("unit 1: $s_1 = 0$", "#000000", "-")
    assert line_data(unit2) == ([0.555, 0.555], [-3.0, 3.0])
    assert (unit2.get_label(), to_hex(unit2.get_color()), unit2.get_linestyle()) == \
        ("unit 2: $s_2 = 0$", "#000000", "--")
    assert ax.get_title() == "input plane (shade: Madaline output)"
    assert (ax.get_xlim(), ax.get_ylim()) == ((-2.0, 2.0), (-2.0, 2.0))
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_aspect()) == (*INPUT_AXIS_LABELS, 1.0)


def check_p2_4_hidden_plane_marks_the_reached_and_the_unreached_corners(fig):
    ax = fig.axes[1]
    # inputs (-1, +1) and (+1, -1), where XOR is true, reach h = (-1, -1) and (1, 1); so do the other two
    assert_rows_drawn(ax, [[-1, -1], [1, 1]], [[-1, -1], [1, 1]])
    never = labelled(ax.collections, NEVER)
    assert_array_equal(offsets(never), [[-1, 1], [1, -1]])
    assert never.get_sizes().tolist() == [60]
    assert never.get_facecolor().size == 0 or never.get_facecolor()[0][3] == 0  # hollow
    assert to_hex(never.get_edgecolor()[0]) == "#808080"
    (output,) = ax.get_lines()
    assert line_data(output) == ([-0.5, -0.5], [-3.0, 3.0])  # h1 = -0.5
    assert (output.get_label(), to_hex(output.get_color())) == ("$0.5 + h_1 = 0$", "#008000")
    assert ax.get_title() == "hidden plane $(h_1, h_2)$"
    assert (ax.get_xlim(), ax.get_ylim()) == ((-2.0, 2.0), (-2.0, 2.0))
    assert ax.get_xlabel() == "hidden output $h_1$ (bipolar)"
    assert ax.get_ylabel() == "hidden output $h_2$ (bipolar)"
    assert ax.get_aspect() == 1.0


def check_p2_4_one_legend_with_each_entry_once(fig):
    (legend,) = fig.legends
    assert legend_texts(legend) == [TRUE_LABEL, FALSE_LABEL, "unit 1: $s_1 = 0$", "unit 2: $s_2 = 0$", NEVER,
                                    "$0.5 + h_1 = 0$"]
    assert_outside(legend, 8, 3)  # 8: "lower center"
    # each text beside its own artist: circles, crosses, the two black lines, the hollow rings, the green line
    assert [handle_style(h) for h in legend.legend_handles] == [
        ("points", BLUE, BLUE), ("points", RED, RED), ("line", "#000000", "-"), ("line", "#000000", "--"),
        ("points", "none", "#808080"), ("line", "#008000", "-")]
    assert fig.get_suptitle() == "Problem 2.4: XOR from two Adalines and an output Adaline"
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.2])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert_side_by_side(fig.axes)


def test_p2_4_xor():
    """The copying Madaline above: shading, targets and lines on the input plane; two corners never reached."""
    fig = af.plot_p2_4_xor(W1_COPY, W2_COPY)
    check_p2_4_shades_the_input_plane_by_the_madaline_output(fig)
    check_p2_4_input_plane_marks_the_xor_targets_and_the_hidden_lines(fig)
    check_p2_4_hidden_plane_marks_the_reached_and_the_unreached_corners(fig)
    check_p2_4_one_legend_with_each_entry_once(fig)


def test_p2_4_marks_no_corner_unreached_when_the_hidden_units_copy_the_inputs():
    # h1 = sign(x1 + 0.555), h2 = sign(x2 + 0.555): h = x on the four inputs, every corner reached;
    # the output -1 + h1 + h2 is AND: true where x1 >= -0.555 and x2 >= -0.555
    fig = af.plot_p2_4_xor([[0.555, 1.0, 0.0], [0.555, 0.0, 1.0]], [-1.0, 1.0, 1.0])
    ax_in, ax_hidden = fig.axes
    assert [c.get_label() for c in ax_hidden.collections] == [TRUE_LABEL, FALSE_LABEL]
    assert_rows_drawn(ax_hidden, [ROWS2[1], ROWS2[2]], [ROWS2[0], ROWS2[3]])
    assert legend_texts(fig.legends[0]) == [TRUE_LABEL, FALSE_LABEL, "unit 1: $s_1 = 0$", "unit 2: $s_2 = 0$",
                                            "$-1 + h_1 + h_2 = 0$"]
    # unit 2's line x2 = -0.555 runs from x1 = -3 to 3, past the shading: the limits are set, not autoscaled
    assert line_data(ax_in.get_lines()[1]) == ([-3.0, 3.0], [-0.555, -0.555])
    assert (ax_in.get_xlim(), ax_in.get_ylim()) == ((-2.0, 2.0), (-2.0, 2.0))
    (shading,) = [c for c in ax_in.collections if hasattr(c, "levels")]
    false_region, true_region = shading.get_paths()
    # the true corner region, with both edges halfway between the grid points -0.56 and -0.55 of both axes
    for region, box in ((false_region, [-2, 2, -2, 2]), (true_region, [-0.555, 2, -0.555, 2])):
        extents = region.get_extents()
        assert_allclose([extents.x0, extents.x1, extents.y0, extents.y1], box, atol=1e-9)


@pytest.mark.parametrize("args, message", [
    ((W1_COPY[:1], W2_COPY), "W1 has shape (1, 3); expected a non-empty finite 2-D array of numbers of shape (2, 3)."),
    ((W1_COPY, W2_COPY[:2]), "w2 has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,)."),
])
def test_p2_4_refusals(args, message):
    with pytest.raises(ValueError, match=whole(message)):
        af.plot_p2_4_xor(*args)


# ---------------------------------------------------------------- the MRII figures

def solutions(hidden, output, weights, kinds, num_epochs=None, solved=None):
    """A hand-made MriiSolutions holding only what the figures read."""
    weights = np.asarray(weights, float)
    solved = np.ones(len(weights), bool) if solved is None else np.asarray(solved)
    num_epochs = np.ones(len(solved), int) if num_epochs is None else np.asarray(num_epochs)
    fits = MadalineFits(np.zeros((len(solved), 2, 3)), np.zeros((len(solved), 3)), (~solved).astype(int), num_epochs)
    return MriiSolutions(fits=fits, solved=solved, failed_errors=[], network=None, hidden=np.array(hidden),
                         output=np.array(output), weights=weights, kinds=kinds, num_distinct=len(weights),
                         min_distance=0.0, median_distance=0.0, median_epochs=1.0, p90_epochs=1.0, max_epochs_used=1)


def run_weights(r):
    """Run r's weights: unit 1 is the line x2 = -r/10, unit 2 the line x1 = -r/10, then an output unit."""
    return [r / 10, 0.0, 1.0, r / 10, 1.0, 0.0, 9.0, 9.0, 9.0]


# Runs 0 to 2 each match the first kind in part only (hidden1; hidden2 and output; both hidden units);
# run 3 is its first full match, run 4 a later one. Run 5 is the second kind.
KIND_A = SolutionKind("AND", "NOR", "h1 OR h2", 2)
KIND_B = SolutionKind("NAND", "OR", "AND", 1)
HIDDEN = [["AND", "OR"], ["NAND", "NOR"], ["AND", "NOR"], ["AND", "NOR"], ["AND", "NOR"], ["NAND", "OR"]]
OUTPUT = ["AND", "h1 OR h2", "AND", "h1 OR h2", "h1 OR h2", "AND"]
MRII = solutions(HIDDEN, OUTPUT, [run_weights(r) for r in range(6)], [KIND_A, KIND_B])


def check_mrii_boundaries_draw_the_first_run_of_each_kind(fig):
    assert len(fig.axes) == 2
    for ax, run, kind in zip(fig.axes, (3, 5), (KIND_A, KIND_B)):
        h1, h2 = ax.get_lines()
        assert line_data(h1) == ([-1.6, 1.6], [-run / 10, -run / 10])
        assert line_data(h2) == ([-run / 10, -run / 10], [-1.6, 1.6])
        assert [(line.get_label(), to_hex(line.get_color())) for line in (h1, h2)] == \
            [("$h_1 = 0$", BLUE), ("$h_2 = 0$", "#ff7f0e")]
        assert ax.get_title() == f"{kind.hidden1},\n{kind.hidden2}" and ax.title.get_fontsize() == 8


def check_mrii_boundaries_fill_the_inputs_where_xor_is_true(fig):
    for ax in fig.axes:
        (inputs,) = ax.collections
        assert_array_equal(offsets(inputs), ROWS2)
        assert [to_hex(c) for c in inputs.get_facecolor()] == ["#ffffff", "#000000", "#000000", "#ffffff"]
        assert {to_hex(c) for c in inputs.get_edgecolor()} == {"#000000"}
        assert inputs.get_sizes().tolist() == [30] and inputs.get_zorder() == 3
        assert (ax.get_xlim(), ax.get_ylim(), ax.get_aspect()) == ((-1.6, 1.6), (-1.6, 1.6), 1.0)
        assert ax.get_xlabel() == "$x_1$ (bipolar)"


def check_mrii_boundaries_share_the_y_axis_one_legend_and_the_title(fig):
    first, second = fig.axes
    assert first.get_shared_y_axes().joined(first, second)
    assert (first.get_ylabel(), second.get_ylabel()) == ("$x_2$ (bipolar)", "")
    (legend,) = fig.legends
    assert legend_texts(legend) == ["$h_1 = 0$", "$h_2 = 0$"]
    assert_outside(legend, 8, 2)
    title = fig._suptitle
    assert title.get_text() == "Hidden-unit lines of two XOR Madalines found by MRII (black dots: XOR true)"
    assert title.get_fontsize() == 9
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 2.6])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_mrii_boundaries():
    """The two kinds of MRII above, each drawn from its first full match (run 3, then run 5)."""
    fig = af.plot_mrii_boundaries(MRII)
    check_mrii_boundaries_draw_the_first_run_of_each_kind(fig)
    check_mrii_boundaries_fill_the_inputs_where_xor_is_true(fig)
    check_mrii_boundaries_share_the_y_axis_one_legend_and_the_title(fig)


def test_mrii_boundaries_draw_at_most_four_kinds_and_one_alone():
    kinds = [SolutionKind(f"K{k}", "OR", "AND", 1) for k in range(5)]
    many = solutions([[f"K{k}", "OR"] for k in range(5)], ["AND"] * 5, [run_weights(r) for r in range(5)], kinds)
    fig = af.plot_mrii_boundaries(many)
    assert [ax.get_title() for ax in fig.axes] == [f"K{k},\nOR" for k in range(4)]
    assert fig.get_suptitle().startswith("Hidden-unit lines of four XOR")
    one = af.plot_mrii_boundaries(solutions(HIDDEN[5:], OUTPUT[5:], [run_weights(5)], [KIND_B]))
    assert len(one.axes) == 1 and one.axes[0].get_ylabel() == "$x_2$ (bipolar)"
    assert one.get_suptitle().startswith("Hidden-unit lines of one XOR")


# runs 0, 2, 3 solved (4, 2 and 4 epochs); run 1 failed after 9
WEIGHTS = [[1, 1, 0, 0, 0, 2, 7, 7, 7], [2, 0, -1, 3, -3, 0, 7, 7, 7], [0, 3, 3, -1, 0, -1, 7, 7, 7]]
FIXED = [[-1.0, 0.0, 1.0], [0.0, -1.0, 0.0]]


def check_mrii_weights_place_each_hidden_unit_by_its_direction_and_offset(fig):
    ax = fig.axes[0]
    units, stars = ax.collections
    # angle = atan2(w2, w1) in degrees, offset = -w0 / |(w1, w2)|
    assert_allclose(offsets(units), [[0, -1], [90, 0], [-90, -2], [180, -1], [45, 0], [-90, 1]], atol=1e-12)
    assert units.get_label() == "MRII hidden unit"
    assert units.get_sizes().tolist() == [4] and units.get_alpha() == 0.4
    assert to_hex(units.get_facecolor()[0]) == PURPLE
    assert_allclose(offsets(stars), [[90, 1], [180, 0]], atol=1e-12)
    assert stars.get_label() == "units of the assignment's Figure 4"
    assert marker_of(stars, "*") and stars.get_sizes().tolist() == [120]
    assert to_hex(stars.get_facecolor()[0]) == "#000000"
    assert legend_texts(ax.get_legend()) == ["MRII hidden unit", "units of the assignment's Figure 4"]
    assert_hangs_below(ax, -0.2, 1)
    assert ax.get_title() == "hidden units of the 3 solved runs"
    assert ax.get_xlabel() == "direction of $(w_1, w_2)$ (degrees)"
    assert ax.get_ylabel() == "line offset $-w_0 / \\|(w_1, w_2)\\|$ (no unit)"
    assert ax.get_xticks().tolist() == [-180, -90, 0, 90, 180]


def check_mrii_weights_count_the_epochs_of_the_solved_runs_only(fig):
    ax = fig.axes[1]
    # one bar per whole number of epochs, 1 to 4 (bins 0.5 to 4.5): no run took 1 or 3, one 2, two 4
    assert [(bar.get_x(), bar.get_width(), bar.get_height()) for bar in ax.patches] == \
        [(0.5, 1.0, 0.0), (1.5, 1.0, 1.0), (2.5, 1.0, 0.0), (3.5, 1.0, 2.0)]
    assert {to_hex(bar.get_facecolor()) for bar in ax.patches} == {PURPLE}
    assert ax.get_title() == "epochs to reach zero errors"
    assert ax.get_xlabel() == "epochs (passes over the 4 rows)"
    assert ax.get_ylabel() == "solved runs (count)"
    assert fig.get_suptitle() == "MRII on XOR: the same function, many different weights"
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.6])
    assert_side_by_side(fig.axes)


def test_mrii_weights_figure():
    """Three solved runs of four: six hidden units and two fixed ones placed, the epochs of the solved counted."""
    mrii = solutions([["AND", "OR"]] * 3, ["AND"] * 3, WEIGHTS, [], num_epochs=[4, 9, 2, 4],
                     solved=[True, False, True, True])
    fig = af.plot_mrii_weights(mrii, FIXED)
    check_mrii_weights_place_each_hidden_unit_by_its_direction_and_offset(fig)
    check_mrii_weights_count_the_epochs_of_the_solved_runs_only(fig)


@pytest.mark.parametrize("call, message", [
    (lambda: af.plot_mrii_boundaries(None), "mrii is None; expected the MriiSolutions of adaline.mrii_xor_solutions."),
    (lambda: af.plot_mrii_weights((1, 2), FIXED),
     "mrii is (1, 2) (tuple); expected the MriiSolutions of adaline.mrii_xor_solutions."),
    (lambda: af.plot_mrii_weights(MRII, [0.0, 1.0, 0.0]),
     "W1_fixed has shape (3,); expected a non-empty finite 2-D array of numbers of shape (any, 3)."),
])
def test_mrii_refusals(call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()
