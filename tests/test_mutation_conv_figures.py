"""hw1.conv_figures, the cases mutation testing found untested (issue 21): the data each panel draws (which
array, which panel, which crop), the colour scales and colour maps, the entries written in the cells, the
contour and the guides, the axis limits, the legend's texts and place, the titles and axis labels, and the
whole sentence of every refusal. Inputs are a handful of hand-made values; every expected number and string
is worked out by hand from them, never by the code under test.

Every test makes its own figure (about 0.05 s; a layout pass, 0.2 to 0.4 s, only where a place is checked):
mutmut runs, for each mutant, only the tests that called the mutated function, and a figure shared through a
module-scoped fixture counts as called by the first test alone."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from hw1.conv import RadialGain  # noqa: E402
from hw1.conv_figures import plot_frequency_response, plot_heatmaps, plot_photo  # noqa: E402
from helpers import whole  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)


def gridlines_shown(ax):
    return any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())


# A style unlike the report's: where a figure left its grid, line style or size to the style (or toggled the
# grid), it would show here.
OTHER_STYLE = {"axes.grid": False, "lines.linestyle": ":", "figure.figsize": (4.0, 3.0)}


def in_both_styles(make_figure):
    """The figure made in the report's style (hw1.report.STYLE, grid on) and in OTHER_STYLE."""
    figures = [make_figure()]
    with plt.rc_context(OTHER_STYLE):
        figures.append(make_figure())
    return figures


def refused(call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()


# ---------------------------------------------------------------- plot_heatmaps

# x (2 x 3) and kernel (2 x 2) with padding 1 and stride 2: floor((2 - 2 + 2) / 2) + 1 = 2 rows and
# floor((3 - 2 + 2) / 2) + 1 = 2 columns. The padded x is 4 x 5 and y[i, j] = x_pad[2i, 2j] - x_pad[2i+1, 2j+1]:
# y[0, 0] = 0 - 1, y[0, 1] = 0 - 0, y[1, 0] = 0 - 0, y[1, 1] = 0.25 - 0.
HEAT_X = np.array([[1.0, -0.5, 0.0], [2.0, 0.25, -1.0]])
HEAT_K = np.array([[1.0, 0.0], [0.0, -1.0]])
HEAT_Y = np.array([[-1.0, 0.0], [0.0, 0.25]])
HEAT_TITLES = {"X": "input $X$ (2 x 3)", "K": "kernel $K$ (2 x 2)",
               "Y": "output $Y$ = conv2d($X$, $K$, padding 1, stride 2)"}


@pytest.fixture
def heatmaps():
    fig = plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=1, stride=2)
    maps = {name: ax for ax in fig.axes for name, title in HEAT_TITLES.items() if ax.get_title() == title}
    return fig, maps


def test_heatmaps_draw_each_array_in_its_panel_of_the_mosaic(heatmaps):
    fig, maps = heatmaps
    assert sorted(maps) == ["K", "X", "Y"]
    # X top left, K top right, Y bottom left (row, column of the 2 x 2 grid)
    places = {name: (ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start)
              for name, ax in maps.items()}
    assert places == {"X": (0, 0), "K": (0, 1), "Y": (1, 0)}
    assert maps["X"].get_subplotspec().get_gridspec().get_width_ratios() == [9, 3]
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 4.4])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    for name, array in (("X", HEAT_X), ("K", HEAT_K), ("Y", HEAT_Y)):
        (image,) = maps[name].get_images()
        np.testing.assert_array_equal(image.get_array(), array)
        assert image.get_cmap().name == "coolwarm"
        assert image.get_clim() == (-1.5, 1.5)


def test_heatmaps_write_every_entry_centred_in_its_cell(heatmaps):
    _, maps = heatmaps
    written = {"X": {(0, 0): "1", (1, 0): "-0.5", (2, 0): "0", (0, 1): "2", (1, 1): "0.25", (2, 1): "-1"},
               "K": {(0, 0): "1", (1, 0): "0", (0, 1): "0", (1, 1): "-1"},
               "Y": {(0, 0): "-1", (1, 0): "0", (0, 1): "0", (1, 1): "0.25"}}  # (x = column, y = row): text
    for name, texts in written.items():
        ax = maps[name]
        assert {t.get_position(): t.get_text() for t in ax.texts} == texts
        assert {(t.get_ha(), t.get_va(), t.get_fontsize()) for t in ax.texts} == {("center", "center", 10)}


def test_heatmaps_titles_labels_and_ticks(heatmaps):
    fig, maps = heatmaps
    for name, ax in maps.items():
        assert ax.get_xlabel() == "column $j$" and ax.get_ylabel() == "row $i$"
        columns, rows = {"X": (3, 2), "K": (2, 2), "Y": (2, 2)}[name]
        assert list(ax.get_xticks()) == list(range(columns)) and list(ax.get_yticks()) == list(range(rows))
    assert fig.get_suptitle() == "Problem 4.1: input, kernel and output (red positive, blue negative)"


def test_heatmaps_draw_no_grid_over_the_cells_in_any_style():
    for fig in in_both_styles(lambda: plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=1, stride=2)):
        maps = [ax for ax in fig.axes if ax.get_title() in HEAT_TITLES.values()]
        assert len(maps) == 3 and not any(gridlines_shown(ax) for ax in maps)


def test_heatmaps_colour_bar_stands_left_in_the_empty_bottom_right_cell(heatmaps):
    fig, maps = heatmaps
    fig.draw_without_rendering()  # the constrained layout places the panels and the colour bar
    (bar_cell,) = [ax for ax in fig.axes if not ax.axison]
    assert (bar_cell.get_subplotspec().rowspan.start, bar_cell.get_subplotspec().colspan.start) == (1, 1)
    colorbar = maps["Y"].get_images()[0].colorbar
    assert colorbar is not None and colorbar.ax in fig.axes
    assert colorbar.ax.get_ylabel() == "entry value"
    assert colorbar.orientation == "vertical" and colorbar.ax.yaxis.get_ticks_position() == "left"
    bar_box, cell_box = colorbar.ax.get_position(), bar_cell.get_position()
    assert maps["Y"].get_position().x1 < bar_box.x0 and bar_box.x1 < cell_box.x0, "between Y and the empty cell"
    assert (bar_box.y0, bar_box.y1) == pytest.approx((cell_box.y0, cell_box.y1))
    # the layout gives the bar a box 0.2 of the cell's width (fraction=0.2); the bar drawn in it is narrower
    assert colorbar.ax.get_position(original=True).width == pytest.approx(0.2 * cell_box.width, rel=1e-9)


def test_heatmaps_refusals():
    refused(lambda: plot_heatmaps([1.0, 2.0, 3.0], HEAT_K, HEAT_Y, padding=1, stride=2),
            "x has shape (3,); expected a non-empty finite 2-D array of numbers.")
    refused(lambda: plot_heatmaps(HEAT_X, [[[1.0]]], HEAT_Y, padding=1, stride=2),
            "kernel has shape (1, 1, 1); expected a non-empty finite 2-D array of numbers.")
    refused(lambda: plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=-1, stride=2),
            "padding is -1 (int); expected an integer >= 0.")
    refused(lambda: plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=1.0, stride=2),
            "padding is 1.0 (float); expected an integer >= 0.")
    refused(lambda: plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=1, stride=0),
            "stride is 0 (int); expected an integer >= 1.")
    refused(lambda: plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=1, stride=2.0),
            "stride is 2.0 (float); expected an integer >= 1.")
    # with padding 0 and stride 1 the output is (2 - 2 + 1) x (3 - 2 + 1) = 1 x 2
    refused(lambda: plot_heatmaps(HEAT_X, HEAT_K, HEAT_Y, padding=0, stride=1),
            "y has shape (2, 2); expected a non-empty finite 2-D array of numbers of shape (1, 2) "
            "to match the output size of x, kernel, padding and stride.")


# ---------------------------------------------------------------- plot_photo

# a 4 x 5 photo; the kernel's output holds -10 ... 9, whose 1st and 99th percentiles (linear between the
# sorted values, at the positions 0.01 * 19 and 0.99 * 19) are -10 + 0.19 and -10 + 18.81
PHOTO = np.arange(20.0).reshape(4, 5) / 19
FILTERED = np.arange(20.0).reshape(4, 5) - 10
BLURRED = PHOTO[::-1]
ROWS, COLS = slice(1, 3), slice(2, 3)  # a 2 x 1 crop


@pytest.fixture
def photo_axes():
    fig = plot_photo(PHOTO, FILTERED, BLURRED, rows=ROWS, cols=COLS, blur_shape=(3, 5))
    return fig, np.array(fig.axes).reshape(2, 3)


def test_photo_draws_each_image_whole_above_and_cropped_below_on_its_scale(photo_axes):
    fig, axes = photo_axes
    scales = [(0, 1), (-9.81, 8.81), (0, 1)]
    for col, (image, scale) in enumerate(zip([PHOTO, FILTERED, BLURRED], scales)):
        for row, view in enumerate([image, image[1:3, 2:3]]):
            (shown,) = axes[row, col].get_images()
            np.testing.assert_array_equal(shown.get_array(), view)
            np.testing.assert_allclose(shown.get_clim(), scale, rtol=1e-12)
            assert shown.get_cmap().name == "gray"


def test_photo_titles_labels_and_no_ticks(photo_axes):
    fig, axes = photo_axes
    assert [ax.get_title() for ax in axes.flat] == ["input", "after kernel $K$", "after a 3 x 5 box blur", "", "", ""]
    assert axes[0, 0].get_ylabel() == "whole image\n(4 x 5 px)"
    assert axes[1, 0].get_ylabel() == "crop\n(2 x 1 px)"
    assert [ax.get_ylabel() for ax in axes.flat if ax not in (axes[0, 0], axes[1, 0])] == [""] * 4
    for ax in axes.flat:
        assert len(ax.get_xticks()) == 0 and len(ax.get_yticks()) == 0
    assert fig.get_suptitle() == ("Problem 4.2: the kernel on a photograph "
                                  "($K$'s output shown from its 1st to 99th percentile)")
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.6])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def test_photo_has_the_reports_width_in_any_style():
    for fig in in_both_styles(lambda: plot_photo(PHOTO, FILTERED, BLURRED, rows=ROWS, cols=COLS, blur_shape=(3, 5))):
        np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.6])


def test_photo_refusals():
    def call(photo=PHOTO, filtered=FILTERED, blurred=BLURRED, rows=ROWS, cols=COLS, blur_shape=(3, 5)):
        return lambda: plot_photo(photo, filtered, blurred, rows=rows, cols=cols, blur_shape=blur_shape)

    refused(call(photo=[0.5, 1.0]), "photo has shape (2,); expected a non-empty finite 2-D array of numbers.")
    refused(call(filtered=FILTERED[:, :4]), "filtered has shape (4, 4); expected a non-empty finite 2-D array "
                                            "of numbers of shape (4, 5) to match photo.")
    refused(call(blurred=BLURRED[:3]), "blurred has shape (3, 5); expected a non-empty finite 2-D array "
                                       "of numbers of shape (4, 5) to match photo.")
    refused(call(rows=(1, 3)), "rows is (1, 3) (tuple); expected a slice of the photo's rows.")
    refused(call(cols=[2]), "cols is [2] (list); expected a slice of the photo's columns.")
    refused(call(blur_shape=(0, 3)), "blur_shape is [0, 3]; expected integers >= 1.")
    refused(call(blur_shape=(3, 3, 3)), "blur_shape is [3, 3, 3]; expected the two sizes of a 2-D kernel.")
    refused(call(blur_shape=(3,)), "blur_shape is [3]; expected the two sizes of a 2-D kernel.")
    refused(call(rows=slice(2, 2)), "rows and cols crop the 4 x 5 photo to (0, 1); expected a non-empty crop.")
    refused(call(cols=slice(5, 9)), "rows and cols crop the 4 x 5 photo to (2, 0); expected a non-empty crop.")


# ---------------------------------------------------------------- plot_frequency_response

# a 3 x 3 "response" that grows along omega_x, H = omega_x - 0.5 on the grid -1, 0, 1: its zero is the
# vertical segment omega_x = 0.5 from omega_y = -1 to 1
W = np.array([-1.0, 0.0, 1.0])
RESPONSE = np.tile(W - 0.5, (3, 1))
RADIUS = np.array([0.0, 1.5, 3.0])
AXIS_GAIN, DIAGONAL_GAIN, BLUR_GAIN = np.array([1.0, 2.0, 3.0]), np.array([0.5, 1.0, 1.5]), np.array([1.0, 0.5, 0.25])
MEASURED = RadialGain(np.array([0.5, 1.5]), np.array([0.9, 2.1]))
MEASURED_BLUR = RadialGain(np.array([0.25, 1.25, 2.25]), np.array([0.8, np.nan, 0.1]))  # an empty ring: NaN
AXIS_LABEL = r"$|H|$ of $K$ along $\omega_x$ ($\omega_y = 0$)"
DIAGONAL_LABEL = r"$|H|$ of $K$ along $\omega_x = \omega_y$"
BLUR_LABEL = r"$|H|$ of the blur along $\omega_x$"
KERNEL_DOTS_LABEL = "$K$ on the photo: $|Y| / |X|$ per ring"
BLUR_DOTS_LABEL = "blur on the photo: $|Y| / |X|$ per ring"


@pytest.fixture
def response_figure():
    fig = plot_frequency_response(W, RESPONSE, RADIUS, AXIS_GAIN, DIAGONAL_GAIN, BLUR_GAIN, MEASURED, MEASURED_BLUR)
    ax_map, ax_cut = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    return fig, ax_map, ax_cut


def test_response_map_colours_contour_and_labels(response_figure):
    fig, ax_map, _ = response_figure
    (image,) = ax_map.get_images()
    np.testing.assert_array_equal(image.get_array(), RESPONSE)
    assert image.get_extent() == pytest.approx([-np.pi, np.pi, -np.pi, np.pi], rel=1e-15)
    assert image.origin == "lower"
    assert image.get_cmap().name == "RdBu_r" and image.get_clim() == (-3, 3)
    (contour,) = [c for c in ax_map.collections if isinstance(c, ContourSet)]
    np.testing.assert_array_equal(contour.levels, [0.0])
    (path,) = contour.get_paths()
    np.testing.assert_allclose(path.vertices[:, 0], 0.5)
    assert sorted(path.vertices[[0, -1], 1]) == [-1, 1]
    assert [to_hex(c) for c in contour.get_edgecolor()] == ["#000000"] and list(contour.get_linewidths()) == [0.8]
    assert ax_map.get_title() == "$H = 1 - \\cos\\omega_x - \\cos\\omega_y$\n(black curve: $H = 0$)"
    assert ax_map.get_xlabel() == r"$\omega_x$ (rad/sample)" and ax_map.get_ylabel() == r"$\omega_y$ (rad/sample)"
    colorbar = image.colorbar
    assert colorbar is not None and colorbar.ax.get_title() == "$H$"


def test_response_map_without_grid_and_cuts_styled_alike_in_any_style():
    for fig in in_both_styles(lambda: plot_frequency_response(W, RESPONSE, RADIUS, AXIS_GAIN, DIAGONAL_GAIN,
                                                              BLUR_GAIN, MEASURED, MEASURED_BLUR)):
        ax_map, ax_cut = fig.axes[:2]
        assert not gridlines_shown(ax_map)
        styles = {line.get_label(): (to_hex(line.get_color()), line.get_linestyle()) for line in ax_cut.get_lines()}
        assert [styles[label] for label in (AXIS_LABEL, DIAGONAL_LABEL, BLUR_LABEL, KERNEL_DOTS_LABEL,
                                            BLUR_DOTS_LABEL)] == \
            [("#1f77b4", "--"), ("#1f77b4", "-"), ("#ff7f0e", "--"), ("#1f77b4", "None"), ("#ff7f0e", "None")]


def test_response_cuts_and_measured_gains_against_the_radius(response_figure):
    _, _, ax_cut = response_figure
    lines = {line.get_label(): line for line in ax_cut.get_lines()}
    drawn = {AXIS_LABEL: (RADIUS, AXIS_GAIN, "C0", "--", "None"),
             DIAGONAL_LABEL: ([0, 1.5 * np.sqrt(2), 3 * np.sqrt(2)], DIAGONAL_GAIN, "C0", "-", "None"),
             BLUR_LABEL: (RADIUS, BLUR_GAIN, "C1", "--", "None"),
             KERNEL_DOTS_LABEL: (MEASURED.centres, MEASURED.gain, "C0", "None", "o"),
             BLUR_DOTS_LABEL: (MEASURED_BLUR.centres, MEASURED_BLUR.gain, "C1", "None", "s")}
    for label, (x, y, colour, linestyle, marker) in drawn.items():
        line = lines[label]
        np.testing.assert_allclose(line.get_xdata(), x, rtol=1e-15)
        np.testing.assert_array_equal(line.get_ydata(), y)
        assert (to_hex(line.get_color()), line.get_linestyle(), line.get_marker()) == \
            (to_hex(colour), linestyle, marker), label
        if marker != "None":
            assert line.get_markersize() == 3
    (guide,) = [line for line in ax_cut.get_lines() if line.get_label().startswith("_")]
    assert tuple(guide.get_xdata()) == (np.pi, np.pi)  # the band's edge pi, a vertical line
    assert (to_hex(guide.get_color()), guide.get_linewidth()) == ("#808080", 0.6)
    assert ax_cut.get_xlim() == (0, np.pi * np.sqrt(2)) and ax_cut.get_ylim() == (0, 3.2)
    assert ax_cut.get_title() == "gain magnitude against frequency"
    assert ax_cut.get_ylabel() == r"amplitude gain $|H|$"
    assert ax_cut.get_xlabel() == r"frequency radius $\sqrt{\omega_x^2 + \omega_y^2}$ (rad/sample)"


def test_response_figure_colour_bar_right_of_the_map_legend_below_in_two_columns(response_figure):
    fig, ax_map, ax_cut = response_figure
    fig.draw_without_rendering()  # the constrained layout places the panels, the colour bar and the legend
    colorbar = ax_map.get_images()[0].colorbar
    map_box, bar_box = ax_map.get_position(), colorbar.ax.get_position()
    assert bar_box.x0 > map_box.x1 and bar_box.x1 < ax_cut.get_position().x0, "between the map and the cuts"
    assert bar_box.height == pytest.approx(0.8 * map_box.height, rel=1e-9), "shrunk to 0.8 of the map's height"
    assert fig.get_suptitle() == "Problem 4.2: frequency response, in theory and measured on the photograph"
    np.testing.assert_array_equal(fig.get_size_inches(), [6.4, 3.1])
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert ax_map.get_subplotspec().get_gridspec().get_width_ratios() == [1, 1.25]
    (legend,) = fig.legends
    texts = legend.get_texts()
    assert [t.get_text() for t in texts] == [AXIS_LABEL, DIAGONAL_LABEL, BLUR_LABEL, KERNEL_DOTS_LABEL, BLUR_DOTS_LABEL]
    assert {t.get_fontsize() for t in texts} == {8}
    legend_box = legend.get_window_extent()
    assert legend_box.y1 < min(ax.get_window_extent().y0 for ax in (ax_map, ax_cut)), "below the panels"
    assert (legend_box.x0 + legend_box.x1) / 2 == pytest.approx(fig.bbox.width / 2, abs=1), "centred"
    columns = {round(t.get_window_extent().x0) for t in texts}
    assert len(columns) == 2, "two columns"


def test_response_refusals():
    def call(w=W, response=RESPONSE, radius=RADIUS, axis=AXIS_GAIN, diagonal=DIAGONAL_GAIN, blur=BLUR_GAIN,
             measured=MEASURED, measured_blur=MEASURED_BLUR):
        return lambda: plot_frequency_response(w, response, radius, axis, diagonal, blur, measured, measured_blur)

    refused(call(w=[W]), "w has shape (1, 3); expected a non-empty finite 1-D array of numbers.")
    refused(call(response=RESPONSE[:, :2]), "response has shape (3, 2); expected a non-empty finite 2-D array "
                                            "of numbers of shape (3, 3) to match w.")
    refused(call(radius=[RADIUS]), "radius has shape (1, 3); expected a non-empty finite 1-D array of numbers.")
    for name, keyword in (("axis_gain", "axis"), ("diagonal_gain", "diagonal"), ("blur_axis_gain", "blur")):
        refused(call(**{keyword: [1.0, 2.0]}), f"{name} has shape (2,); expected a non-empty finite 1-D array "
                                                "of numbers of shape (3,) to match radius.")
    refused(call(measured=(1, 2)), "measured is (1, 2) (tuple); expected a hw1.conv.RadialGain.")
    refused(call(measured_blur=None), "measured_blur is None; expected a hw1.conv.RadialGain.")
    refused(call(measured=RadialGain(np.ones((1, 2)), np.ones(2))),
            "measured centres has shape (1, 2); expected a non-empty finite 1-D array of numbers.")
    refused(call(measured_blur=RadialGain(np.array([0.5, np.inf]), np.ones(2))),
            "measured_blur centres holds NaN or infinite values; expected a non-empty finite 1-D array of numbers.")
    refused(call(measured=RadialGain(np.ones(2), np.ones(3))),
            "measured gain has shape (3,); expected a non-empty 1-D array of numbers of shape (2,) "
            "to match its centres.")
    refused(call(measured_blur=RadialGain(np.ones(3), np.ones(1))),
            "measured_blur gain has shape (1,); expected a non-empty 1-D array of numbers of shape (3,) "
            "to match its centres.")
