"""hw1.conv, the cases mutation testing found untested (issue 21). Expected values are worked by hand
(closed forms, small examples) or come from a second method (scipy.ndimage), never from hw1.conv itself.
Kernels here are deliberately NOT symmetric (and not square), so a sign or axis slip shows."""
import math

import numpy as np
import pytest
import scipy.ndimage

from hw1 import conv


def test_defaults_are_no_padding_and_stride_one():
    assert conv.output_size(5, 3) == 3  # (5 - 3 + 0) // 1 + 1
    assert conv.output_size_table(5, [3], [1]).tolist() == [[3]]
    assert conv.convolve2d(np.ones((3, 3)), np.ones((3, 3))).tolist() == [[9.0]]
    x = np.arange(9.0).reshape(3, 3)
    assert conv.input_window(x, (2, 2), 0, 0).tolist() == [[0.0, 1.0], [3.0, 4.0]]
    assert len(conv.frequency_response(np.ones((1, 1)))[0]) == 256
    assert len(conv.radial_gain(np.eye(4), np.eye(4)).centres) == 16
    assert conv.edge_profiles(np.ones((1, 1))).offset.tolist() == list(range(-4, 4))


def test_conv2d_keeps_extended_precision():
    """The result dtype is numpy's common type of x, kernel and float64: long double stays long double
    (1 + 2**-60 is 1.0 in float64 but not in x86's 80-bit long double)."""
    if np.finfo(np.longdouble).eps >= 2.0**-60:
        pytest.skip("long double is float64 on this platform")
    tiny = np.longdouble(2.0) ** -60
    x = np.full((2, 2), 1 + tiny, np.longdouble)
    for image, kernel in ((x, np.ones((1, 1))), (np.ones((2, 2)), np.full((1, 1), 1 + tiny, np.longdouble))):
        y = conv.conv2d(image, kernel)
        assert y.dtype == np.longdouble and np.all(y - 1 == tiny)


def test_conv2d_of_uint8_is_float64_without_wrapping():
    y = conv.conv2d(np.full((2, 2), 200, np.uint8), np.ones((2, 2), np.int64))
    assert y.dtype == np.float64 and y.tolist() == [[800.0]]


def test_point_symmetry_is_a_half_turn_not_a_mirror():
    assert conv.is_point_symmetric([[1.0, 2.0], [2.0, 1.0]])  # a half turn gives it back
    assert not conv.is_point_symmetric([[1.0, 2.0], [1.0, 2.0]])  # a mirror image top-bottom only


@pytest.mark.parametrize("shape", [(3, 2), (2, 3)])
def test_even_sided_kernels_are_refused(shape):
    with pytest.raises(ValueError) as raised:
        conv.response_at(np.ones(shape), 0.0, 0.0)
    assert str(raised.value) == f"kernel has shape {shape}; expected a 2-D kernel with odd sides."


def test_frequency_grid_is_minus_pi_to_pi():
    w, _ = conv.frequency_response(np.ones((1, 1)), n=4)
    assert np.allclose(w, [-math.pi, -math.pi / 2, 0.0, math.pi / 2], rtol=0, atol=1e-15)


@pytest.mark.parametrize("shape, tap", [((3, 3), (0, 2)), ((3, 5), (2, 4)), ((5, 3), (0, 1))])
def test_response_of_a_single_tap_is_a_pure_phase(shape, tap):
    """One weight of 1 at (a, b) of a kernel centred at (cy, cx): H = exp(j (wy (a - cy) + wx (b - cx)))."""
    kernel = np.zeros(shape)
    kernel[tap] = 1.0
    (a, b), (cy, cx) = tap, (shape[0] // 2, shape[1] // 2)
    wy, wx = 0.3, 0.7
    expected = complex(math.cos(wy * (a - cy) + wx * (b - cx)), math.sin(wy * (a - cy) + wx * (b - cx)))
    assert abs(complex(conv.response_at(kernel, wy, wx)) - expected) < 1e-12


@pytest.mark.parametrize("kernel, axis_out, diagonal_out", [
    # y(c) = x(c + 1) - x(c - 1) along a row: 1 at offsets -1 and 0, for both edges
    ([[-1.0, 0.0, 1.0]], [0, 0, 0, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 0, 0, 0]),
    # y(r) = x(r + 2) - x(r - 2) down a column: blind to the vertical edge; 1 at offsets -2..1 on the diagonal
    ([[-1.0], [0.0], [0.0], [0.0], [1.0]], [0] * 8, [0, 0, 1, 1, 1, 1, 0, 0]),
    ([[-1.0, 0.0, 0.0, 0.0, 1.0]], [0, 0, 1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 1, 0, 0]),
])
def test_edge_profiles_of_one_sided_differences(kernel, axis_out, diagonal_out):
    profiles = conv.edge_profiles(kernel, half_width=4)
    step = [0, 0, 0, 0, 1, 1, 1, 1]
    assert profiles.offset.tolist() == list(range(-4, 4))
    assert profiles.axis_in.tolist() == step and profiles.diagonal_in.tolist() == step
    assert profiles.axis_out.tolist() == axis_out and profiles.diagonal_out.tolist() == diagonal_out


def test_energy_check_worked_by_hand():
    """One pixel of 20: energy 400; squared in uint8, 400 mod 256 = 144. The kernel adds each pixel's
    right neighbour (padding 1): y = [[20, 0], [0, 0]], energy 400."""
    image = np.array([[20, 0], [0, 0]], np.uint8)
    kernel = [[0.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
    check = conv.energy_check(image, kernel)
    assert tuple(check) == (400.0, 144, 400.0, 1.0, 400 / 144)


def test_energy_check_needs_a_square_that_is_not_a_multiple_of_256():
    identity = [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    assert conv.energy_check(np.array([[1]], np.uint8), identity).energy_in_wrapped == 1
    with pytest.raises(ValueError, match="^image has every square a multiple of 256"):
        conv.energy_check(np.array([[16]], np.uint8), identity)


def test_photo_stats_against_scipy():
    """A photo in steps of 1/255, with one pixel at 1/255.5 (its Laplacian then lies between 1/256 and
    1/255) and one Laplacian of exactly 1/255 (not flat: the test is strict). Second method: scipy."""
    rng = np.random.default_rng(3)
    photo = np.full((9, 11), 100 / 255)
    photo[2:5, 6:9] = rng.integers(0, 256, (3, 3)) / 255
    photo[6, 2] = 100 / 255 + 1 / 255.5   # neighbours' |Laplacian| = 1/255.5: flat
    photo[6, 8] = 100 / 255 + 1 / 255     # neighbours' |Laplacian| = 1/255 exactly: not flat
    kernel = np.array([[0.0, -0.5, 0.0], [-0.5, 1.0, -0.5], [0.0, -0.25, 0.0]])
    stats = conv.photo_stats(photo, kernel)
    correlate = lambda a, k: scipy.ndimage.correlate(a, k, mode="constant", cval=0.0)
    y = correlate(photo, kernel)
    lap_x, lap_y = correlate(photo, conv.LAPLACIAN)[1:-1, 1:-1], correlate(y, conv.LAPLACIAN)
    flat = np.abs(lap_x) < 1 / 255
    assert 0 < flat.mean() < 1 and np.any(np.isclose(np.abs(lap_x), 1 / 255, rtol=0, atol=1e-15))
    assert stats.mean_in == pytest.approx(photo[1:-1, 1:-1].mean(), rel=1e-12)
    assert stats.mean_out == pytest.approx(y[1:-1, 1:-1].mean(), rel=1e-12)
    assert stats.flat_fraction == pytest.approx(flat.mean(), rel=1e-12)
    assert stats.flat_max_abs_y_plus_x == pytest.approx(np.abs(y + photo)[1:-1, 1:-1][flat].max(), rel=1e-9)
    # the Laplacians' valid parts, without their outer ring (as on the photo)
    inner = (slice(2, -2), slice(2, -2))
    assert stats.detail_ratio == pytest.approx(lap_y[inner].std() / correlate(photo, conv.LAPLACIAN)[inner].std(),
                                               rel=1e-12)


def test_radial_gain_bands_worked_by_hand():
    """A 4x4 image has spatial frequencies 0, pi/2 and pi per axis, radii 0, pi/2, pi/sqrt(2), pi,
    pi*sqrt(5)/2, pi*sqrt(2). Three bands of width pi*sqrt(2)/3 ~ 1.48: the first holds only the
    excluded 0 (no data: NaN), the others every nonzero radius. y = 2x, in amplitude, in both."""
    x = np.random.default_rng(0).random((4, 4)) * 1e-3  # small amplitudes: a band's sum |X| is below 1
    gain = conv.radial_gain(x, 2 * x, num_bands=3)
    width = math.pi * math.sqrt(2) / 3
    assert np.allclose(gain.centres, [width / 2, 1.5 * width, 2.5 * width], rtol=1e-12, atol=0)
    assert np.isnan(gain.gain[0]) and gain.gain[1:].tolist() == [2.0, 2.0]


TWO_D = "expected a non-empty finite 2-D array of numbers."


@pytest.mark.parametrize("call, message", [
    (lambda: conv.response_at(np.ones(3), 0.0, 0.0), f"kernel has shape (3,); {TWO_D}"),
    (lambda: conv.radial_gain(np.ones((4, 4)), np.ones(16)),
     "output y has shape (16,); expected a non-empty finite 2-D array of numbers of shape (4, 4) to match input x."),
    (lambda: conv.radial_gain(np.ones(16), np.ones(16)), f"input x has shape (16,); {TWO_D}"),
    (lambda: conv.energy(np.ones(3)), f"image has shape (3,); {TWO_D}"),
    (lambda: conv.wrapped_energy(np.ones(3, np.uint8)), f"image has shape (3,); {TWO_D}"),
    (lambda: conv.input_window(np.ones(3), (1, 1), 0, 0), f"input x has shape (3,); {TWO_D}"),
    (lambda: conv.photo_stats(np.ones(3), np.ones((3, 3))), f"photo has shape (3,); {TWO_D}"),
    (lambda: conv.input_window(np.ones((3, 3)), [2, 2], 0, 0),
     "kernel_shape is [2, 2] (list); expected a tuple of two sizes (Kh, Kw)."),
    (lambda: conv.input_window(np.ones((3, 3)), (0, 2), 0, 0), "kernel_shape h is 0 (int); expected an integer >= 1."),
    (lambda: conv.input_window(np.ones((5, 5)), (1, 1), 3, 0, stride=2),
     "row index i is 3; expected an integer in 0..2 (the output has 3 along that axis)."),
    (lambda: conv.input_window(np.ones((5, 5)), (1, 1), 0, 3, stride=2),
     "column index j is 3; expected an integer in 0..2 (the output has 3 along that axis)."),
    (lambda: conv.output_size(0, 1), "input size n is 0 (int); expected an integer >= 1."),
    (lambda: conv.output_size(3, 0), "kernel size k is 0 (int); expected an integer >= 1."),
    (lambda: conv.output_size(3, 1, -1), "padding is -1 (int); expected an integer >= 0."),
    (lambda: conv.output_size(3, 1, 0, 0), "stride is 0 (int); expected an integer >= 1."),
    (lambda: conv.output_size(3, 6, padding=1),
     "kernel size k=6 is larger than the padded input n + 2*padding = 5; expected the kernel to fit inside the "
     "padded input."),
    (lambda: conv.output_size_table(5, [0], [1]), "kernel_sizes is [0]; expected integers >= 1."),
    (lambda: conv.conv2d(np.ones((5, 5)), np.ones((5, 5)), padding=-1), "padding is -1 (int); expected an integer >= 0."),
    (lambda: conv.energy_check(np.array([[16]], np.uint8), np.ones((3, 3))),
     "image has every square a multiple of 256 (e.g. all zeros); expected an image with some nonzero value not "
     "divisible by 16."),
    (lambda: conv.response_at(np.ones((3, 3)), np.zeros(2), np.zeros(3)),
     "wy of shape (2,) and wx of shape (3,) do not broadcast; expected shapes numpy can broadcast together."),
])
def test_refusals_in_one_sentence(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


def test_response_at_no_frequencies_is_an_empty_answer():
    assert conv.response_at(np.ones((3, 3)), np.array([]), np.array([])).shape == (0,)
    assert conv.response_at(np.ones((3, 3)), np.zeros((0, 1)), np.zeros(2)).shape == (0, 2)


def test_convolve2d_keeps_extended_precision_of_the_kernel():
    if np.finfo(np.longdouble).eps >= 2.0**-60:
        pytest.skip("long double is float64 on this platform")
    tiny = np.longdouble(2.0) ** -60
    y = conv.convolve2d(np.ones((2, 2)), np.full((1, 1), 1 + tiny, np.longdouble))
    assert y.dtype == np.longdouble and np.all(y - 1 == tiny)


def test_radial_gain_one_band_and_empty_last_band():
    """One band: everything but 0 in it. A 3x3 image has frequencies 0 and +-2pi/3 per axis, radii
    2pi/3 ~ 2.09 and 2pi*sqrt(2)/3 ~ 2.96; with 4 bands of width ~1.11 they fall in bands 1 and 2,
    and the last band holds nothing (NaN)."""
    x4 = np.random.default_rng(1).random((4, 4))
    one = conv.radial_gain(x4, 2 * x4, num_bands=1)
    assert np.allclose(one.centres, [math.pi * math.sqrt(2) / 2], rtol=1e-12) and one.gain.tolist() == [2.0]
    x3 = np.random.default_rng(2).random((3, 3))
    gain = conv.radial_gain(x3, 2 * x3, num_bands=4).gain
    assert np.isnan(gain[0]) and gain[1:3].tolist() == [2.0, 2.0] and np.isnan(gain[3])


def test_speed_and_memory_measures_the_padded_call():
    """With padding 50 a 100x100 image becomes 200x200: conv2d then holds the padded copy and the
    200x200 output at once, 2 * 200 * 200 * 8 bytes; the timings are seconds, not clock readings."""
    result = conv.speed_and_memory(np.ones((100, 100)), np.ones((1, 1)), 50, num_repeats=1)
    assert result.peak_bytes >= 2 * 200 * 200 * 8
    assert 0 < result.ours_s < 60 and 0 < result.scipy_s < 60
    assert conv.speed_and_memory(np.ones((4, 4)), np.ones((1, 1)), 0, num_repeats=1).peak_bytes > 0
