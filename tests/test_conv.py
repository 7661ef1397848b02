"""conv2d and the shape rule against torch and scipy, plus the bad-argument errors."""
import numpy as np
import pytest
import scipy.signal
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from hw1.conv import (
    LAPLACIAN, china_photo, conv2d, convolve2d, edge_profiles, energy, energy_check,
    frequency_response, input_window, is_point_symmetric, output_size, output_size_table,
    photo_stats, pixel_census, problem_4_1, radial_gain, response_at, speed_and_memory,
    wrapped_energy,
)

# Problem 4.1's input and kernel, as printed in the assignment
X41 = np.array([
    [0, 0, -1, 0, 0, 0, 1, 0, 0],
    [0, -1, -1, -1, 0, 1, 1, 1, 0],
    [-1, -1, -1, -1, 0, 1, 1, 1, 1],
    [0, -1, -1, -1, 0, 1, 1, 1, 0],
    [0, 0, -1, 0, 0, 0, 1, 0, 0],
], dtype=float)
K41 = np.array([[0, -0.5, 0], [-0.5, 1, -0.5], [0, -0.5, 0]])


def torch_conv2d(x, kernel, padding, stride):
    """The same operation through torch (float64), as an independent reference."""
    t = lambda a: torch.from_numpy(np.asarray(a, dtype=np.float64))[None, None]
    return F.conv2d(t(x), t(kernel), padding=padding, stride=stride)[0, 0].numpy()


@st.composite
def conv_case(draw):
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    padding, stride = draw(st.integers(0, 3)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, h + 2 * padding)), draw(st.integers(1, w + 2 * padding))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return rng.standard_normal((h, w)), rng.standard_normal((kh, kw)), padding, stride


@settings(max_examples=150, deadline=None)
@given(conv_case())
def test_conv2d_matches_torch(case):
    x, kernel, padding, stride = case
    assert_allclose(conv2d(x, kernel, padding, stride), torch_conv2d(x, kernel, padding, stride),
                    rtol=1e-12, atol=1e-12, err_msg="conv2d vs torch.nn.functional.conv2d")


@settings(max_examples=100, deadline=None)
@given(conv_case())
def test_conv2d_matches_scipy(case):
    x, kernel, padding, stride = case
    # scipy has no stride or padding: pad by hand, correlate, then subsample
    full = scipy.signal.correlate2d(np.pad(x, padding), kernel, mode="valid")
    assert_allclose(conv2d(x, kernel, padding, stride), full[::stride, ::stride],
                    rtol=1e-12, atol=1e-12, err_msg="conv2d vs scipy.signal.correlate2d")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.integers(1, 9), st.integers(0, 4), st.integers(1, 5))
def test_output_size_matches_torch(n, k, padding, stride):
    assume(k <= n + 2 * padding)
    got = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), padding=padding, stride=stride)
    assert output_size(n, k, padding, stride) == got.shape[-1]


def test_problem_4_1_worked_entries():
    y = conv2d(X41, K41, padding=1)
    assert y.shape == (5, 9)
    # interior, (row 2, col 2): window [[-1,-1,-1],[-1,-1,-1],[-1,-1,-1]] -> 1*(-1) - 0.5*(-4) = 1
    assert y[2, 2] == 1.0
    # border, (row 0, col 2): the row above is padding -> 1*(-1) - 0.5*(0 + 0 + 0 + -1) = -0.5
    assert y[0, 2] == -0.5
    # corner (0, 0): centre 0, neighbours 0 (right), 0 (below) and two padded zeros -> 0
    assert y[0, 0] == 0.0
    # the kernel is odd-symmetric in the input's sign: flipping the image flips the output
    assert_allclose(conv2d(-X41, K41, padding=1), -y)


def test_frequency_response_of_problem_kernel():
    w, H = frequency_response(K41, n=64)
    # analytically H = 1 - cos(wx) - cos(wy): -1 at DC, 3 at the checkerboard frequency
    wy, wx = np.meshgrid(w, w, indexing="ij")
    assert_allclose(H, 1 - np.cos(wx) - np.cos(wy), atol=1e-12)
    assert_allclose(conv2d(np.ones((5, 5)), K41)[1, 1], -1.0)
    checker = (-1.0) ** np.add.outer(np.arange(5), np.arange(5))
    assert_allclose(conv2d(checker, K41), 3 * checker[1:-1, 1:-1])


@pytest.mark.parametrize("x, kernel, kwargs, message", [
    (np.ones(5), np.ones((3, 3)), {}, "input x has shape \\(5,\\); expected a non-empty finite 2-D array"),
    (np.ones((5, 5)), np.ones(3), {}, "kernel has shape"),
    (np.ones((2, 2)), np.ones((3, 3)), {}, "does not fit"),
    (np.ones((2, 2)), np.ones((5, 5)), {"padding": 1}, "does not fit"),
    (np.ones((5, 5)), np.ones((3, 3)), {"stride": 0}, "stride is 0"),
    (np.ones((5, 5)), np.ones((3, 3)), {"padding": -1}, "padding is -1"),
    (np.ones((5, 5)), np.ones((3, 3)), {"stride": 1.5}, "expected an integer"),
])
def test_conv2d_rejects_bad_arguments(x, kernel, kwargs, message):
    with pytest.raises(ValueError, match=message):
        conv2d(x, kernel, **kwargs)


def test_output_size_rejects_kernel_larger_than_padded_input():
    with pytest.raises(ValueError, match="larger than the padded input"):
        output_size(4, 7, padding=1)
    assert output_size(4, 6, padding=1) == 1


def test_conv2d_does_not_mutate_inputs():
    x, kernel = X41.copy(), K41.copy()
    conv2d(x, kernel, padding=2, stride=2)
    assert_allclose(x, X41)
    assert_allclose(kernel, K41)


def test_conv2d_memory_on_2000x2000():
    """Correctness of the memory claim only; the speed ratio is measured alone in scripts/benchmark.sh."""
    x = np.random.default_rng(0).standard_normal((2000, 2000))
    kernel = np.random.default_rng(1).standard_normal((3, 3))
    stats = speed_and_memory(x, kernel, padding=1, num_repeats=1)
    assert stats.ratio == pytest.approx(stats.ours_s / stats.scipy_s)
    # padded copy + output + one temporary product, each 2002 x 2002 float64 at most
    assert 2 * 2000**2 * 8 < stats.peak_bytes < 3.1 * 2002**2 * 8


@settings(max_examples=50, deadline=None)
@given(conv_case(), st.data())
def test_input_window_reproduces_every_entry(case, data):
    x, kernel, padding, stride = case
    y = conv2d(x, kernel, padding, stride)
    i, j = data.draw(st.integers(0, y.shape[0] - 1)), data.draw(st.integers(0, y.shape[1] - 1))
    window = input_window(x, kernel.shape, i, j, padding, stride)
    assert_allclose((window * kernel).sum(), y[i, j], rtol=1e-12, atol=1e-12)


def test_problem_4_1_values_match_the_assignment():
    x, kernel = problem_4_1()
    assert_allclose(x, X41)
    assert_allclose(kernel, K41)
    assert_allclose(kernel, -np.eye(3)[[1]].T @ np.eye(3)[[1]] - 0.5 * LAPLACIAN)  # -delta - Laplacian/2


@settings(max_examples=80, deadline=None)
@given(conv_case())
def test_convolve2d_matches_scipy_convolve2d(case):
    x, kernel, padding, stride = case
    full = scipy.signal.convolve2d(np.pad(x, padding), kernel, mode="valid")
    assert_allclose(convolve2d(x, kernel, padding, stride), full[::stride, ::stride], rtol=1e-12, atol=1e-12)


def test_point_symmetric_kernel_convolution_equals_correlation():
    assert is_point_symmetric(K41)
    assert_allclose(convolve2d(X41, K41, padding=1), conv2d(X41, K41, padding=1))
    asymmetric = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    assert not is_point_symmetric(asymmetric)
    assert not np.allclose(convolve2d(X41, asymmetric, padding=1), conv2d(X41, asymmetric, padding=1))


def test_pixel_census_of_problem_4_2():
    census = pixel_census(X41, conv2d(X41, K41, padding=1))
    # 24 blob pixels (+-1), 21 zeros; entry (0, 2) is a blob pixel that keeps its sign (-1 -> -0.5)
    assert (census.num_pixels, census.num_blob, census.num_background) == (45, 24, 21)
    assert census.num_blob_flipped + census.num_blob_kept + census.num_blob_zeroed == 24
    assert census.num_blob_kept >= 1 and census.num_flat_blob == 8  # the 2 x 4 interiors of the blobs
    assert census.num_flat == census.num_flat_background + census.num_flat_blob
    assert census.flat_negated
    # brute force: count by hand, pixel by pixel
    y = conv2d(X41, K41, padding=1)
    kept = sum(1 for v, w in zip(X41.ravel(), y.ravel()) if v != 0 and np.sign(v) == np.sign(w))
    zeroed = sum(1 for v, w in zip(X41.ravel(), y.ravel()) if v != 0 and w == 0)
    lit = sum(1 for v, w in zip(X41.ravel(), y.ravel()) if v == 0 and w != 0)
    assert (census.num_blob_kept, census.num_blob_zeroed, census.num_background_lit) == (kept, zeroed, lit)
    with pytest.raises(ValueError, match=r"output y has shape \(5, 8\); expected .* of shape \(5, 9\) to match input x\."):
        pixel_census(X41, y[:, :-1])


def test_edge_profiles():
    edges = edge_profiles(K41, half_width=3)
    assert_allclose(edges.axis_in, [0, 0, 0, 1, 1, 1])
    # axis-aligned: y = -(x[j-1] + x[j+1]) / 2, a negated step spread over two pixels, no overshoot
    assert_allclose(edges.axis_out, [0, 0, -0.5, -0.5, -1, -1])
    # diagonal: a one-pixel ripple of full step height on both sides of the edge
    assert_allclose(edges.diagonal_out, [0, 0, -1, 0, -1, -1])
    # an asymmetric kernel is read in the right place: a pure shift moves the step by one pixel
    shift = np.zeros((3, 3))
    shift[1, 2] = 1.0
    assert_allclose(edge_profiles(shift, half_width=3).axis_out, [0, 0, 1, 1, 1, 1])


def test_response_at_matches_closed_form_and_images():
    w = np.linspace(-np.pi, np.pi, 9)
    wy, wx = np.meshgrid(w, w, indexing="ij")
    assert_allclose(response_at(K41, wy, wx), 1 - np.cos(wx) - np.cos(wy), atol=1e-12)
    # along an axis |H| = |cos w| <= 1; at the corner (pi, pi) H = 3
    assert np.abs(response_at(K41, 0 * w, w)).max() == pytest.approx(1)
    assert response_at(K41, np.pi, np.pi).real == pytest.approx(3)
    # a cosine image along x at frequency w is scaled by H(0, w) away from the border
    cols = np.arange(40)
    for freq in (0.3, 1.7, np.pi):
        image = np.tile(np.cos(freq * cols), (5, 1))
        assert_allclose(conv2d(image, K41)[:, 1:-1], response_at(K41, 0, freq).real * image[1:-1, 2:-2],
                        atol=1e-12)


def test_energy_squares_without_wrapping():
    image = np.array([[16, 200], [3, 255]], dtype=np.uint8)
    assert energy(image) == 16**2 + 200**2 + 3**2 + 255**2
    # uint8 squares wrap modulo 256: 16^2 -> 0, 200^2 = 40000 -> 64, 3^2 -> 9, 255^2 -> 1
    assert wrapped_energy(image) == 0 + 64 + 9 + 1
    assert wrapped_energy(image.astype(float)) == energy(image)
    check = energy_check(np.full((4, 4), 3, np.uint8), K41)
    assert check.energy_in == 9 * 16 and check.energy_in_wrapped == 9 * 16
    with pytest.raises(ValueError, match="expected uint8"):
        energy_check(np.ones((4, 4)), K41)


def test_photo_stats_and_radial_gain_on_the_photo():
    photo = china_photo()
    assert photo.shape == (427, 640) and photo.dtype == np.uint8
    x = photo / 255
    stats = photo_stats(x, K41)
    assert stats.mean_out == pytest.approx(-stats.mean_in, abs=1e-3)  # DC gain -1
    assert stats.flat_max_abs_y_plus_x <= 1 / 255 + 1e-12  # |y + x| = |Laplacian| / 2 < 1/510 there
    assert stats.detail_ratio > 1 > photo_stats(x, np.full((3, 3), 1 / 9)).detail_ratio
    bands = radial_gain(x, conv2d(x, K41, padding=1), num_bands=12)
    assert bands.centres[-1] > np.pi  # the rings reach the corner (pi, pi)
    assert bands.gain[0] == pytest.approx(1, abs=0.05)  # |H| ~ 1 near DC
    assert bands.gain[-1] > 2  # ~3 near the corner


def test_radial_gain_of_an_exact_filter():
    # a circular shift by one pixel: |Y| = |X| at every frequency, so every ring's gain is 1
    x = np.random.default_rng(0).standard_normal((32, 32))
    bands = radial_gain(x, np.roll(x, 1, axis=1), num_bands=8)
    assert_allclose(bands.gain, 1, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.lists(st.integers(1, 9), min_size=1, max_size=5),
       st.lists(st.integers(1, 5), min_size=1, max_size=4), st.integers(0, 4))
def test_output_size_table_counts_windows_and_matches_torch(n, kernel_sizes, strides, padding):
    assume(max(kernel_sizes) <= n + 2 * padding)
    table = output_size_table(n, kernel_sizes, strides, padding)
    assert table.shape == (len(kernel_sizes), len(strides))
    for (r, c), size in np.ndenumerate(table):
        k, s = kernel_sizes[r], strides[c]
        # count the windows that fit: start positions 0, s, 2s, ... with start + k <= n + 2P
        assert size == len(range(0, n + 2 * padding - k + 1, s))
        got = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), padding=padding, stride=s)
        assert size == got.shape[-1]


def test_output_size_table_rejects_bad_arguments():
    with pytest.raises(ValueError, match="non-empty"):
        output_size_table(8, [], [1])
    with pytest.raises(ValueError, match=r"strides is \[0\]; expected integers >= 1\."):
        output_size_table(8, [3], [0])


@pytest.mark.parametrize("i, j, message", [
    (5, 0, r"row index i is 5; expected an integer in 0..4"),
    (0, 9, r"column index j is 9; expected an integer in 0..8"),
    (-1, 0, r"row index i is -1 \(int\); expected an integer >= 0"),
    (0, 1.0, r"column index j is 1.0 \(float\); expected an integer >= 0"),
])
def test_input_window_out_of_range_raises(i, j, message):
    with pytest.raises(ValueError, match=message):
        input_window(X41, (3, 3), i, j, padding=1)


@pytest.mark.parametrize("call, message", [
    (lambda: frequency_response(K41, n=0), r"n \(samples per axis\) is 0 \(int\); expected an integer >= 2 and <= 8192\."),
    (lambda: frequency_response(K41, n=2.5), r"expected an integer >= 2"),
    (lambda: frequency_response(K41, n=10**6), r"is 1000000 \(int\); expected an integer >= 2 and <= 8192"),
    (lambda: frequency_response(np.ones((2, 2))), "odd sides"),
    (lambda: response_at(K41, np.nan, 0), "wy holds NaN or infinite values"),
    (lambda: radial_gain(X41, X41, num_bands=0), "num_bands is 0"),
    (lambda: speed_and_memory(X41, K41, 1, num_repeats=0), "num_repeats is 0"),
    (lambda: edge_profiles(K41, half_width=0), "half_width is 0"),
    (lambda: pixel_census(np.ones(3), np.ones(3)), "input x has shape \\(3,\\); expected a non-empty finite 2-D array"),
    (lambda: photo_stats(X41, np.ones((5, 5))), r"kernel has shape \(5, 5\); expected .* of shape \(3, 3\)"),
    (lambda: energy(np.array([[np.inf]])), "image holds NaN or infinite values"),
    (lambda: is_point_symmetric(np.ones(3)), "kernel has shape \\(3,\\); expected a non-empty finite 2-D"),
])
def test_other_functions_reject_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
