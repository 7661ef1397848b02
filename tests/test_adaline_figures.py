"""hw1.adaline_figures: each figure draws the data it is given, where the report says it does."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from numpy.testing import assert_allclose, assert_array_equal  # noqa: E402

from hw1 import adaline, adaline_figures as af  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

X2 = adaline.truth_table_inputs(2)


@pytest.fixture(scope="module")
def mrii():
    return adaline.mrii_xor_solutions(60, rng=np.random.default_rng(0))


def scatter_points(ax, label):
    (collection,) = [c for c in ax.collections if c.get_label() == label]
    return collection.get_offsets().data


def line_on_boundary(line, w):
    """Every point of ``line`` satisfies w0 + w1 x1 + w2 x2 = 0."""
    x1, x2 = line.get_xdata(), line.get_ydata()
    assert_allclose(w[0] + w[1] * x1 + w[2] * x2, 0, atol=1e-12)


def test_line_label_writes_the_boundary_as_an_equation():
    assert af._line_label([4.0, 2.0, 1.0]) == "$4 + 2x_1 + x_2 = 0$"
    assert af._line_label([1.0, -1.0, -1.0], "h") == "$1 - h_1 - h_2 = 0$"
    assert af._line_label([0.0, -0.5, 2.0]) == "$-0.5x_1 + 2x_2 = 0$"


def test_p2_1_p2_2_draws_the_outputs_and_the_boundary_lines():
    fig = af.plot_p2_1_p2_2_boundaries([4.0, 2.0, 1.0], [0.5, -0.5, -0.5], [1.0, -1.0, -1.0])
    ax_one, ax_nand = fig.axes
    assert ax_one.get_title() == "Problem 2.1: constant TRUE"
    assert len(scatter_points(ax_one, "$y = +1$ (true)")) == 4  # every input is on the positive side
    assert len(scatter_points(ax_one, "$y = -1$ (false)")) == 0
    (line,) = ax_one.get_lines()
    assert line.get_label() == "$4 + 2x_1 + x_2 = 0$"
    line_on_boundary(line, [4.0, 2.0, 1.0])
    assert_array_equal(scatter_points(ax_nand, "$y = -1$ (false)"), [[1, 1]])  # NAND is false at (+1, +1) only
    ls, mm = ax_nand.get_lines()
    line_on_boundary(ls, [0.5, -0.5, -0.5])
    line_on_boundary(mm, [1.0, -1.0, -1.0])
    assert (ls.get_label(), mm.get_label(), mm.get_linestyle()) == ("least squares", "max margin", "--")


def test_p2_3_draws_the_majority_corners_the_plane_and_both_features():
    x3 = adaline.truth_table_inputs(3)
    s_ls, s_mm = 0.5 * x3.sum(axis=1), x3.sum(axis=1)
    fig = af.plot_p2_3_majority(s_ls, s_mm)
    ax_cube, ax_bars = fig.axes
    true_corners = ax_cube.collections[[c.get_label() for c in ax_cube.collections].index("$y = +1$")]
    assert len(true_corners.get_offsets()) == 4
    # the hexagon lies in the plane x1 + x2 + x3 = 0, inside the cube
    assert_array_equal(af.MAJORITY_HEXAGON.sum(axis=1), 0)
    assert np.abs(af.MAJORITY_HEXAGON).max() == 1
    heights = [[bar.get_height() for bar in container] for container in ax_bars.containers]
    assert_array_equal(heights, [s_ls, s_mm])
    assert [label.get_text() for label in ax_bars.get_xticklabels()][:2] == ["---", "--+"]


def test_p2_4_draws_the_madaline_output_the_hidden_plane_and_the_unreached_corner():
    W1 = np.array([[0.5, -1.0, 1.0], [0.5, 1.0, -1.0]])
    w2 = np.array([1.0, -1.0, -1.0])
    fig = af.plot_p2_4_xor(W1, w2)
    ax_in, ax_hidden = fig.axes
    unit1, unit2 = ax_in.get_lines()
    line_on_boundary(unit1, W1[0])
    line_on_boundary(unit2, W1[1])
    assert_array_equal(scatter_points(ax_in, "$y = +1$ (true)"), [[-1, 1], [1, -1]])  # XOR's true inputs
    assert_array_equal(scatter_points(ax_hidden, "$(-1, -1)$: never reached"), [[-1, -1]])
    (output_line,) = ax_hidden.get_lines()
    assert output_line.get_label() == "$1 - h_1 - h_2 = 0$"
    line_on_boundary(output_line, w2)
    # the shading splits the Madaline's output, +-1, at 0
    (shading,) = [c for c in ax_in.collections if hasattr(c, "levels")]
    assert_array_equal(shading.levels, [-2, 0, 2])


def test_mrii_boundaries_draw_one_solved_run_of_each_frequent_kind(mrii):
    fig = af.plot_mrii_boundaries(mrii)
    panels = min(af.NUM_KIND_PANELS, len(mrii.kinds))
    assert len(fig.axes) == panels
    for ax, kind in zip(fig.axes, mrii.kinds):
        assert ax.get_title() == f"{kind.hidden1},\n{kind.hidden2}"
        h1, h2 = ax.get_lines()
        run = [r for r in range(len(mrii.weights)) if tuple(mrii.hidden[r]) == (kind.hidden1, kind.hidden2)
               and mrii.output[r] == kind.output][0]
        line_on_boundary(h1, mrii.weights[run, :3])
        line_on_boundary(h2, mrii.weights[run, 3:6])
        # each unit's line separates the inputs as the function it is named after
        for line, name, w in ((h1, kind.hidden1, mrii.weights[run, :3]), (h2, kind.hidden2, mrii.weights[run, 3:6])):
            assert adaline.name_two_input_function(adaline.adaline_output(w, X2).y) == name


def test_mrii_weights_place_every_hidden_unit_and_count_the_epochs(mrii):
    W1 = np.array([[0.5, -1.0, 1.0], [0.5, 1.0, -1.0]])
    fig = af.plot_mrii_weights(mrii, W1)
    ax_units, ax_hist = fig.axes
    units, stars = ax_units.collections
    assert len(units.get_offsets()) == 2 * mrii.fits.num_solved
    assert_allclose(stars.get_offsets().data, [[135, -0.5 / np.sqrt(2)], [-45, -0.5 / np.sqrt(2)]], atol=1e-12)
    counts = [patch.get_height() for patch in ax_hist.patches]
    epochs = mrii.fits.num_epochs[mrii.solved]
    assert sum(counts) == mrii.fits.num_solved
    assert_array_equal(counts, np.bincount(epochs)[1:])
    assert ax_units.get_title() == f"hidden units of the {mrii.fits.num_solved} solved runs"


def test_mrii_figures_refuse_other_results():
    with pytest.raises(ValueError, match="^mrii is"):
        af.plot_mrii_boundaries({"kinds": []})
