"""2D convolution from scratch, as deep-learning frameworks define it (problems 1.5, 4.1 and 4.2).

"Convolution" in CNNs is cross-correlation: the kernel is not flipped. The input is padded with
``padding`` zeros on every side and the kernel moves ``stride`` pixels at a time.

Also here: problem 4.1's values, what problem 4.2's kernel does (pixel counts, edge profiles,
frequency response, its effect on a photograph) and conv2d's speed and memory.
"""
import math
import time
import tracemalloc
from typing import NamedTuple

import numpy as np

from hw1.params import check_array, check_int_array, check_scalar, describe

# The discrete Laplacian (4-neighbour): the sum of the neighbours minus four times the centre.
LAPLACIAN = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
# ITU-R BT.601 luma weights for R, G, B (what PIL's convert("L") uses).
LUMA = np.array([0.299, 0.587, 0.114])
MAX_RESPONSE_SAMPLES = 8192  # frequency_response: n * n complex numbers, 1 GiB at most


def output_size(n, k, padding=0, stride=1):
    """Output length of a convolution along one axis: ``floor((n - k + 2 * padding) / stride) + 1``.

    Parameters
    ----------
    n : int  input length (W1 or H1)
    k : int  kernel length (K)
    padding : int  zeros added on each side (P)
    stride : int  step between windows (S)

    Returns
    -------
    int  output length (W2 or H2)

    Examples
    --------
    >>> output_size(9, 3, padding=1)
    9
    >>> output_size(32, 5, padding=2, stride=2)
    16
    """
    check_scalar("input size n", n, int, min_val=1)
    check_scalar("kernel size k", k, int, min_val=1)
    check_scalar("padding", padding, int, min_val=0)
    check_scalar("stride", stride, int, min_val=1)
    if k > n + 2 * padding:
        raise ValueError(
            f"kernel size k={k} is larger than the padded input n + 2*padding = {n + 2 * padding}; "
            "expected the kernel to fit inside the padded input."
        )
    return (n - k + 2 * padding) // stride + 1


def output_size_table(n, kernel_sizes, strides, padding=0):
    """Output sizes of the shape rule for every kernel size (rows) and stride (columns).

    >>> output_size_table(8, [1, 3], [1, 2])
    array([[8, 4],
           [6, 3]])
    """
    kernel_sizes = check_int_array("kernel_sizes", kernel_sizes, min_val=1)
    strides = check_int_array("strides", strides, min_val=1)
    return np.array([[output_size(n, k, padding, s) for s in strides] for k in kernel_sizes])


def conv2d(x, kernel, padding=0, stride=1):
    """2D cross-correlation of a single-channel image with a kernel, zero padding and a stride.

    ``y[i, j] = sum_{a, b} x_pad[i * stride + a, j * stride + b] * kernel[a, b]``

    Vectorised as one shifted, strided slice per kernel tap: a Python loop over the K*K taps
    (9 for a 3x3 kernel), never over pixels, and no memory beyond the padded copy and the output.

    Parameters
    ----------
    x : array_like (H1, W1)  input image
    kernel : array_like (Kh, Kw)  weights, not flipped
    padding : int  zeros added on each side
    stride : int  step between windows, in both directions

    Returns
    -------
    ndarray (H2, W2)  with H2 = output_size(H1, Kh, padding, stride), likewise W2

    Examples
    --------
    >>> conv2d(np.arange(9.0).reshape(3, 3), np.ones((2, 2)))
    array([[ 8., 12.],
           [20., 24.]])
    """
    x = check_array("input x", x, ndim=2, dtype=None)
    kernel = check_array("kernel", kernel, ndim=2, dtype=None)
    check_scalar("padding", padding, int, min_val=0)
    check_scalar("stride", stride, int, min_val=1)
    if any(k > n + 2 * padding for k, n in zip(kernel.shape, x.shape)):
        raise ValueError(
            f"kernel of shape {kernel.shape} does not fit inside input x of shape {x.shape} "
            f"padded by {padding}; expected each kernel side <= input side + 2*padding."
        )
    h2, w2 = (output_size(n, k, padding, stride) for n, k in zip(x.shape, kernel.shape))
    dtype = np.result_type(x, kernel, np.float64)
    x_pad = np.pad(x.astype(dtype, copy=False), padding)
    y = np.zeros((h2, w2), dtype)
    for (a, b), weight in np.ndenumerate(kernel):
        y += weight * x_pad[a : a + stride * h2 : stride, b : b + stride * w2 : stride]
    return y


def convolve2d(x, kernel, padding=0, stride=1):
    """True 2D convolution (the signal-processing one): :func:`conv2d` with the kernel turned 180 degrees.

    >>> convolve2d(np.arange(9.0).reshape(3, 3), np.array([[1.0, 0.0], [0.0, 0.0]]))
    array([[4., 5.],
           [7., 8.]])
    """
    kernel = check_array("kernel", kernel, ndim=2, dtype=None)
    return conv2d(x, kernel[::-1, ::-1], padding, stride)


def is_point_symmetric(kernel):
    """Whether ``kernel`` equals itself turned by 180 degrees; then convolution and correlation agree."""
    kernel = check_array("kernel", kernel, ndim=2, dtype=None)
    return bool(np.array_equal(kernel, kernel[::-1, ::-1]))


class ConvProblem(NamedTuple):
    """An input image and a kernel, as :func:`conv2d` takes them."""
    x: np.ndarray  # (H, W)
    kernel: np.ndarray  # (Kh, Kw)


def problem_4_1():
    """Problem 4.1's ``ConvProblem(x, kernel)``: the 5x9 input (two blobs, -1 and +1) and the 3x3 kernel."""
    x = np.array([
        [0, 0, -1, 0, 0, 0, 1, 0, 0],
        [0, -1, -1, -1, 0, 1, 1, 1, 0],
        [-1, -1, -1, -1, 0, 1, 1, 1, 1],
        [0, -1, -1, -1, 0, 1, 1, 1, 0],
        [0, 0, -1, 0, 0, 0, 1, 0, 0],
    ], dtype=float)
    kernel = np.array([[0.0, -0.5, 0.0], [-0.5, 1.0, -0.5], [0.0, -0.5, 0.0]])
    return ConvProblem(x, kernel)


def input_window(x, kernel_shape, i, j, padding=0, stride=1):
    """The patch of the zero-padded input that output entry ``(i, j)`` sums over.

    ``conv2d(x, k, padding, stride)[i, j] == (input_window(x, k.shape, i, j, padding, stride) * k).sum()``

    Returns
    -------
    ndarray (Kh, Kw)
    """
    x = check_array("input x", x, ndim=2, dtype=None)
    if not isinstance(kernel_shape, tuple) or len(kernel_shape) != 2:
        raise ValueError(f"kernel_shape is {describe(kernel_shape)}; expected a tuple of two sizes (Kh, Kw).")
    kh, kw = (check_scalar(f"kernel_shape {name}", k, int, min_val=1) for name, k in zip("hw", kernel_shape))
    h2, w2 = output_size(x.shape[0], kh, padding, stride), output_size(x.shape[1], kw, padding, stride)
    for name, index, size in (("row index i", i, h2), ("column index j", j, w2)):
        check_scalar(name, index, int, min_val=0)
        if index >= size:
            raise ValueError(f"{name} is {index}; expected an integer in 0..{size - 1} "
                             f"(the output has {size} along that axis).")
    x_pad = np.pad(x.astype(float), padding)
    return x_pad[i * stride : i * stride + kh, j * stride : j * stride + kw]


class PixelCensus(NamedTuple):
    """How the pixels of an input x change under a filter, y = filtered x (problem 4.2's counts)."""
    num_pixels: int
    num_flat: int                  # all four neighbours equal the pixel (zero padding outside)
    num_flat_background: int       # ... of which x = 0
    num_flat_blob: int             # ... of which x != 0
    num_blob: int                  # x != 0
    num_blob_flipped: int          # sign(y) = -sign(x)
    num_blob_kept: int             # sign(y) = sign(x)
    num_blob_zeroed: int           # y = 0
    num_background: int            # x = 0
    num_background_lit: int        # y != 0 there: the halo around the blobs
    flat_negated: bool             # y = -x on every flat pixel


def pixel_census(x, y):
    """Count, on input ``x`` and its filtered ``y`` (same shape), which pixels flip, keep or lose their sign.

    Flatness uses the 4-neighbourhood with zero padding, as problem 4.1's kernel sees it.
    """
    x = check_array("input x", x, ndim=2, dtype=None)
    y = check_array("output y", y, shape=x.shape, dtype=None, to_match="input x")
    x_pad = np.pad(x.astype(float), 1)
    same = [x_pad[:-2, 1:-1] == x, x_pad[2:, 1:-1] == x, x_pad[1:-1, :-2] == x, x_pad[1:-1, 2:] == x]
    flat = np.logical_and.reduce(same)
    blob, sx, sy = x != 0, np.sign(x), np.sign(y)
    return PixelCensus(
        num_pixels=int(x.size), num_flat=int(flat.sum()),
        num_flat_background=int((flat & ~blob).sum()), num_flat_blob=int((flat & blob).sum()),
        num_blob=int(blob.sum()), num_blob_flipped=int((blob & (sy == -sx)).sum()),
        num_blob_kept=int((blob & (sy == sx)).sum()), num_blob_zeroed=int((blob & (y == 0)).sum()),
        num_background=int((~blob).sum()), num_background_lit=int((~blob & (y != 0)).sum()),
        flat_negated=bool(np.all(y[flat] == -x[flat])),
    )


class EdgeProfiles(NamedTuple):
    """A unit step (0 -> 1) and the filter's output, sampled across the edge, far from any border."""
    offset: np.ndarray         # pixels across the edge; 0 is the first pixel of value 1
    axis_in: np.ndarray        # a vertical edge, read along a row
    axis_out: np.ndarray
    diagonal_in: np.ndarray    # an edge at 45 degrees (x = 1 where row + column >= c), read along a row
    diagonal_out: np.ndarray


def edge_profiles(kernel, half_width=4):
    """What an axis-aligned and a diagonal step edge become under ``kernel`` (valid region only).

    >>> edge_profiles(problem_4_1()[1], half_width=2).axis_out
    array([ 0. , -0.5, -0.5, -1. ])
    """
    kernel = check_array("kernel", kernel, ndim=2)
    if kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:  # no middle element to centre on
        raise ValueError(f"kernel has shape {kernel.shape}; expected a 2-D kernel with odd sides.")
    check_scalar("half_width", half_width, int, min_val=1)
    ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
    size = 2 * half_width + 2 * max(ry, rx) + 1
    rows, cols = np.indices((size, size))
    centre = size // 2
    axis = (cols >= centre).astype(float)
    diagonal = (rows + cols >= 2 * centre).astype(float)
    keep = slice(centre - half_width, centre + half_width)
    profiles = {}
    for name, image in (("axis", axis), ("diagonal", diagonal)):
        out = conv2d(image, kernel)  # valid: output (r, c) is centred on input (r + ry, c + rx)
        profiles[name] = image[centre, keep], out[centre - ry, centre - half_width - rx : centre + half_width - rx]
    return EdgeProfiles(np.arange(-half_width, half_width), profiles["axis"][0], profiles["axis"][1],
                        profiles["diagonal"][0], profiles["diagonal"][1])


def response_at(kernel, wy, wx):
    """Frequency response ``H(wy, wx) = sum_ab k[a, b] exp(+j (wy (a - cy) + wx (b - cx)))`` of a kernel
    with odd sides used as a cross-correlation, at any frequencies (rad/sample; arrays broadcast).

    >>> float(response_at(problem_4_1()[1], np.pi, np.pi).real)
    3.0
    """
    kernel = check_array("kernel", kernel, ndim=2)
    if kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:  # no middle element to centre on
        raise ValueError(f"kernel has shape {kernel.shape}; expected a 2-D kernel with odd sides.")
    wy, wx = check_array("wy", wy, allow_empty=True), check_array("wx", wx, allow_empty=True)
    try:
        wy, wx = np.broadcast_arrays(wy, wx)
    except ValueError:
        raise ValueError(f"wy of shape {wy.shape} and wx of shape {wx.shape} do not broadcast; "
                         "expected shapes numpy can broadcast together.") from None
    H = np.zeros(wy.shape, complex)
    for (a, b), weight in np.ndenumerate(kernel):
        H += weight * np.exp(1j * (wy * (a - kernel.shape[0] // 2) + wx * (b - kernel.shape[1] // 2)))
    return H


class FrequencyResponse(NamedTuple):
    """Result of :func:`frequency_response`."""
    w: np.ndarray  # (n,) angular frequencies in [-pi, pi), rad/sample
    H: np.ndarray  # (n, n) complex response, H[i, j] at (wy, wx) = (w[i], w[j])


def frequency_response(kernel, n=256):
    """Frequency response H(wx, wy) of a small kernel on an ``n`` x ``n`` grid (see :func:`response_at`).

    Parameters
    ----------
    kernel : array_like (Kh, Kw)  with odd sides, centred on its middle element
    n : int  samples per axis, >= 2

    Returns
    -------
    FrequencyResponse(w (n,), H (n, n))
    """
    # the grid holds n * n complex numbers
    check_scalar("n (samples per axis)", n, int, min_val=2, max_val=MAX_RESPONSE_SAMPLES)
    w = np.fft.fftshift(np.fft.fftfreq(n)) * 2 * np.pi
    return FrequencyResponse(w, response_at(kernel, w[:, None], w[None, :]))


def china_photo():
    """scikit-learn's "China" sample photograph (427 x 640) in grey, as uint8 like PIL's ``convert("L")``."""
    from sklearn.datasets import load_sample_image

    rgb = load_sample_image("china.jpg").astype(float)
    return np.rint(rgb @ LUMA).astype(np.uint8)


def energy(image):
    """Sum of squares of an image's values, in float64 whatever its dtype (no wrap-around)."""
    image = check_array("image", image, ndim=2, dtype=None)
    return float(np.sum(np.square(image.astype(np.float64))))


def wrapped_energy(image):
    """``sum(image.flatten() ** 2)`` with each square taken in the array's own dtype (for uint8: modulo
    256, so wrong), the sum itself without overflow: the mistake the report's errata shows."""
    image = check_array("image", image, ndim=2, dtype=None)
    return int(np.sum(image.ravel() ** 2, dtype=np.int64))


class EnergyCheck(NamedTuple):
    """Energy (sum of squares) of a uint8 image and of its filtered version, two ways."""
    energy_in: float          # in float64
    energy_in_wrapped: int    # squares taken in uint8 (modulo 256): wrapped_energy(image)
    energy_out: float         # of conv2d(image, kernel, padding=1), in float64
    ratio: float              # energy_out / energy_in
    ratio_wrapped: float      # energy_out / energy_in_wrapped


def energy_check(image, kernel):
    """Compare a uint8 image's energy computed correctly and as ``sum(image.flatten() ** 2)``."""
    image = check_array("image", image, ndim=2, dtype=None)
    kernel = check_array("kernel", kernel, ndim=2)
    if image.dtype != np.uint8:
        raise ValueError(f"image has dtype {image.dtype}; expected uint8 (the case that wraps).")
    e_in, e_wrapped = energy(image), wrapped_energy(image)
    if e_wrapped == 0:
        raise ValueError("image has every square a multiple of 256 (e.g. all zeros); expected an "
                         "image with some nonzero value not divisible by 16.")
    e_out = energy(conv2d(image.astype(float), kernel, padding=1))
    return EnergyCheck(e_in, e_wrapped, e_out, e_out / e_in, e_out / e_wrapped)


class PhotoStats(NamedTuple):
    """What a filter does to a photograph, away from the zero-padded border."""
    mean_in: float                # mean of the input, values in [0, 1]
    mean_out: float               # mean of the filtered image
    flat_fraction: float          # share of pixels whose |Laplacian| < 1/255
    flat_max_abs_y_plus_x: float  # largest |y + x| over those pixels (0: exactly negated)
    detail_ratio: float           # std of the Laplacian of y / std of the Laplacian of x


def photo_stats(photo, kernel):
    """Filter ``photo`` (values in [0, 1]) with ``kernel`` (padding 1) and measure :class:`PhotoStats`."""
    photo = check_array("photo", photo, ndim=2)
    kernel = check_array("kernel", kernel, shape=(3, 3))
    y = conv2d(photo, kernel, padding=1)
    inner = (slice(1, -1), slice(1, -1))
    laplacian = conv2d(photo, LAPLACIAN, padding=1)[inner]
    flat = np.abs(laplacian) < 1 / 255
    detail = conv2d(y, LAPLACIAN)[inner].std() / conv2d(photo, LAPLACIAN)[inner].std()
    x_in, y_in = photo[inner], y[inner]
    return PhotoStats(
        mean_in=float(x_in.mean()), mean_out=float(y_in.mean()), flat_fraction=float(flat.mean()),
        flat_max_abs_y_plus_x=float(np.abs(y_in + x_in)[flat].max()), detail_ratio=float(detail),
    )


class RadialGain(NamedTuple):
    """Measured amplitude gain against spatial frequency."""
    centres: np.ndarray  # ring centres, rad/sample
    gain: np.ndarray     # sum |Y| / sum |X| over each ring


def radial_gain(x, y, num_bands=16):
    """Measured amplitude gain |Y| / |X| of a filter, averaged over rings of spatial frequency.

    Parameters
    ----------
    x : ndarray (H, W)  input image
    y : ndarray (H, W)  the filtered image (same size, e.g. ``padding=1`` for a 3x3 kernel)
    num_bands : int  rings between 0 and pi * sqrt(2) rad/sample (the corner (pi, pi) of the band)

    Returns
    -------
    RadialGain
    """
    x = check_array("input x", x, ndim=2, dtype=None)
    y = check_array("output y", y, shape=x.shape, dtype=None, to_match="input x")
    check_scalar("num_bands", num_bands, int, min_val=1)
    X, Y = np.fft.fft2(x - x.mean()), np.fft.fft2(y - y.mean())
    wy = 2 * np.pi * np.fft.fftfreq(x.shape[0])[:, None]
    wx = 2 * np.pi * np.fft.fftfreq(x.shape[1])[None, :]
    radius = np.hypot(wy, wx)
    edges = np.linspace(0, np.pi * math.sqrt(2), num_bands + 1)
    band = np.minimum(np.digitize(radius, edges) - 1, num_bands - 1)
    keep = radius > 0
    num = np.bincount(band[keep], np.abs(Y[keep]), num_bands)
    den = np.bincount(band[keep], np.abs(X[keep]), num_bands)
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return RadialGain((edges[:-1] + edges[1:]) / 2, gain)


class SpeedAndMemory(NamedTuple):
    """conv2d against scipy.signal.correlate2d on one input."""
    ours_s: float     # median seconds per conv2d call
    scipy_s: float    # median seconds per scipy call
    ratio: float      # ours_s / scipy_s
    peak_bytes: int   # most memory conv2d held at once (tracemalloc sees numpy's buffers)


def speed_and_memory(x, kernel, padding, num_repeats=7):
    """Time conv2d against scipy.signal.correlate2d (median of ``num_repeats`` interleaved runs) and
    measure conv2d's peak memory. Timings vary with the machine's load: run it alone."""
    import scipy.signal

    x = check_array("input x", x, ndim=2, dtype=None)
    kernel = check_array("kernel", kernel, ndim=2, dtype=None)
    padding = check_scalar("padding", padding, int, min_val=0)
    check_scalar("num_repeats", num_repeats, int, min_val=1)
    x_pad = np.pad(x, padding)
    candidates = {
        "ours_s": lambda: conv2d(x, kernel, padding=padding),
        "scipy_s": lambda: scipy.signal.correlate2d(x_pad, kernel, mode="valid"),
    }
    times = {name: [] for name in candidates}
    for _ in range(num_repeats):
        for name, run in candidates.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    tracemalloc.start()
    conv2d(x, kernel, padding=padding)
    peak_bytes = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    ours, theirs = (float(np.median(times[name])) for name in ("ours_s", "scipy_s"))
    return SpeedAndMemory(ours, theirs, ours / theirs, int(peak_bytes))
