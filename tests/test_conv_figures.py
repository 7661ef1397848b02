"""hw1.conv_figures: each figure draws the data it is given, in the panel the report says."""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from hw1 import conv  # noqa: E402
from hw1.conv_figures import plot_frequency_response, plot_heatmaps, plot_photo  # noqa: E402
from helpers import close_figures  # noqa: E402, F401 (autouse: each test's figures are closed after it)

X, K = conv.problem_4_1()
Y = conv.conv2d(X, K, padding=1)


def panel(fig, title_start):
    (ax,) = [ax for ax in fig.axes if ax.get_title().startswith(title_start)]
    return ax


def test_heatmaps_show_input_kernel_and_output_with_their_entries():
    fig = plot_heatmaps(X, K, Y, padding=1, stride=1)
    titles = ["input $X$ (5 x 9)", "kernel $K$ (3 x 3)", "output $Y$ = conv2d($X$, $K$, padding 1, stride 1)"]
    for title, array in zip(titles, [X, K, Y]):
        ax = panel(fig, title)
        (image,) = ax.get_images()
        np.testing.assert_array_equal(image.get_array(), array)
        assert image.get_clim() == (-1.5, 1.5), "one colour scale, symmetric: red positive, blue negative"
        written = {(round(t.get_position()[1]), round(t.get_position()[0])): float(t.get_text()) for t in ax.texts}
        assert written == {index: value for index, value in np.ndenumerate(array)}
    assert len(fig.axes) == 5  # three maps, the colour bar's place and the colour bar


def test_heatmaps_refuse_an_output_of_another_convolution():
    with pytest.raises(ValueError, match=r"^y has shape \(5, 9\); expected .* of shape \(3, 7\) to match the output size"):
        plot_heatmaps(X, K, Y, padding=0, stride=1)


def test_photo_shows_each_image_whole_and_cropped():
    rng = np.random.default_rng(0)
    photo = rng.random((30, 40))
    filtered, blurred = conv.conv2d(photo, K, padding=1), conv.conv2d(photo, np.full((5, 5), 1 / 25), padding=2)
    rows, cols = slice(5, 15), slice(10, 30)
    fig = plot_photo(photo, filtered, blurred, rows=rows, cols=cols, blur_shape=(5, 5))
    axes = np.array(fig.axes).reshape(2, 3)
    assert [ax.get_title() for ax in axes[0]] == ["input", "after kernel $K$", "after a 5 x 5 box blur"]
    for col, image in enumerate([photo, filtered, blurred]):
        np.testing.assert_array_equal(axes[0, col].get_images()[0].get_array(), image)
        np.testing.assert_array_equal(axes[1, col].get_images()[0].get_array(), image[rows, cols])
    # the kernel's output (negative on average) is shown from its 1st to its 99th percentile
    np.testing.assert_allclose(axes[0, 1].get_images()[0].get_clim(), np.percentile(filtered, [1, 99]))
    assert axes[0, 0].get_images()[0].get_clim() == (0, 1)
    assert axes[0, 0].get_ylabel() == "whole image\n(30 x 40 px)"
    assert axes[1, 0].get_ylabel() == "crop\n(10 x 20 px)"


def test_photo_refuses_an_empty_crop():
    with pytest.raises(ValueError, match=r"^rows and cols crop the 6 x 6 photo to \(0, 3\); expected a non-empty crop"):
        plot_photo(np.ones((6, 6)), np.ones((6, 6)), np.ones((6, 6)), rows=slice(4, 4), cols=slice(0, 3), blur_shape=(3, 3))


def test_frequency_response_draws_the_map_the_cuts_and_the_measured_gains():
    w, H = conv.frequency_response(K, n=32)
    radius = np.linspace(0, np.pi, 20)
    axis, diagonal = np.abs(conv.response_at(K, 0, radius).real), np.abs(conv.response_at(K, radius, radius).real)
    blur = np.abs(conv.response_at(np.full((3, 3), 1 / 9), 0, radius).real)
    photo = np.random.default_rng(1).random((32, 32))
    measured = conv.radial_gain(photo, conv.conv2d(photo, K, padding=1), num_bands=6)
    measured_blur = conv.radial_gain(photo, conv.conv2d(photo, np.full((3, 3), 1 / 9), padding=1), num_bands=6)
    fig = plot_frequency_response(w, H.real, radius, axis, diagonal, blur, measured, measured_blur)
    ax_map, ax_cut = panel(fig, "$H = 1"), panel(fig, "gain magnitude")
    np.testing.assert_array_equal(ax_map.get_images()[0].get_array(), H.real)
    # the map's colours: H runs from -1 at (0, 0) to 3 at the corner, inside the scale of +-3
    assert ax_map.get_images()[0].get_clim() == (-3, 3)
    lines = {line.get_label(): line for line in ax_cut.get_lines()}
    np.testing.assert_array_equal(lines[r"$|H|$ of $K$ along $\omega_x$ ($\omega_y = 0$)"].get_ydata(), axis)
    diagonal_line = lines[r"$|H|$ of $K$ along $\omega_x = \omega_y$"]
    np.testing.assert_allclose(diagonal_line.get_xdata(), np.sqrt(2) * radius)
    np.testing.assert_array_equal(diagonal_line.get_ydata(), diagonal)
    assert diagonal_line.get_ydata()[-1] == 3, "the corner (pi, pi) is the checkerboard's gain 3"
    np.testing.assert_array_equal(lines[r"$|H|$ of the blur along $\omega_x$"].get_ydata(), blur)
    kernel_dots = lines["$K$ on the photo: $|Y| / |X|$ per ring"]
    np.testing.assert_array_equal(kernel_dots.get_xdata(), measured.centres)
    np.testing.assert_array_equal(kernel_dots.get_ydata(), measured.gain)
    np.testing.assert_array_equal(lines["blur on the photo: $|Y| / |X|$ per ring"].get_ydata(), measured_blur.gain)
    # the blur is a low-pass filter: its measured gain falls ring by ring
    assert np.all(np.diff(measured_blur.gain) < 0)


def test_frequency_response_refuses_a_cut_of_another_length():
    w, H = conv.frequency_response(K, n=8)
    gain = conv.RadialGain(np.array([1.0]), np.array([1.0]))
    with pytest.raises(ValueError, match=r"^diagonal_gain has shape \(3,\); expected .* to match radius"):
        plot_frequency_response(w, H.real, np.zeros(4), np.zeros(4), np.zeros(3), np.zeros(4), gain, gain)
