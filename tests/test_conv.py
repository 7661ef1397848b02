"""conv2d and the shape rule against torch and scipy, plus the bad-argument errors."""
import numpy as np
import pytest
import scipy.signal
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from hw1.conv import conv2d, frequency_response, input_window, output_size, speed_and_memory

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
    (np.ones(5), np.ones((3, 3)), {}, "expected a 2-D array"),
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


def test_conv2d_within_3x_of_scipy_on_2000x2000():
    x = np.random.default_rng(0).standard_normal((2000, 2000))
    kernel = np.random.default_rng(1).standard_normal((3, 3))
    stats = speed_and_memory(x, kernel, padding=1, repeat=5)
    assert stats["ratio"] < 3, f"conv2d took {stats['ratio']:.2f}x scipy's time"
    # padded copy + output + one temporary product, each 2002 x 2002 float64 at most
    assert stats["peak_bytes"] < 3.1 * 2002**2 * 8


@settings(max_examples=50, deadline=None)
@given(conv_case(), st.data())
def test_input_window_reproduces_every_entry(case, data):
    x, kernel, padding, stride = case
    y = conv2d(x, kernel, padding, stride)
    i, j = data.draw(st.integers(0, y.shape[0] - 1)), data.draw(st.integers(0, y.shape[1] - 1))
    window = input_window(x, kernel.shape, i, j, padding, stride)
    assert_allclose((window * kernel).sum(), y[i, j], rtol=1e-12, atol=1e-12)
