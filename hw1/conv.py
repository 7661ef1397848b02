"""2D convolution from scratch, as deep-learning frameworks define it (problems 1.5, 4.1 and 4.2).

"Convolution" in CNNs is cross-correlation: the kernel is not flipped. The input is padded with
``padding`` zeros on every side and the kernel moves ``stride`` pixels at a time.
"""
import numpy as np


def _check_int(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} is {value!r}; expected an integer >= {minimum}.")


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
    _check_int("input size n", n, 1)
    _check_int("kernel size k", k, 1)
    _check_int("padding", padding, 0)
    _check_int("stride", stride, 1)
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
    x, kernel = np.asarray(x), np.asarray(kernel)
    if x.ndim != 2:
        raise ValueError(f"input x has shape {x.shape}; expected a 2-D array (H, W).")
    if kernel.ndim != 2:
        raise ValueError(f"kernel has shape {kernel.shape}; expected a 2-D array (Kh, Kw).")
    if x.size == 0 or kernel.size == 0:
        raise ValueError(f"x {x.shape} and kernel {kernel.shape} must both be non-empty.")
    _check_int("padding", padding, 0)
    _check_int("stride", stride, 1)
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


def frequency_response(kernel, n=256):
    """Frequency response H(wx, wy) of a small kernel used as a cross-correlation.

    Parameters
    ----------
    kernel : array_like (Kh, Kw)  with odd sides, centred on its middle element
    n : int  samples per axis

    Returns
    -------
    w : ndarray (n,)  angular frequencies in [-pi, pi), rad/sample
    H : ndarray (n, n)  complex response, ``H[i, j]`` at ``(wy, wx) = (w[i], w[j])``
    """
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 2 or kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
        raise ValueError(f"kernel has shape {kernel.shape}; expected a 2-D kernel with odd sides.")
    w = np.fft.fftshift(np.fft.fftfreq(n)) * 2 * np.pi
    ca, cb = kernel.shape[0] // 2, kernel.shape[1] // 2
    # correlation y[i] = sum_a k[a] x[i + a - c] has response sum_a k[a] exp(+j w (a - c))
    phase_y = np.exp(1j * np.outer(w, np.arange(kernel.shape[0]) - ca))
    phase_x = np.exp(1j * np.outer(w, np.arange(kernel.shape[1]) - cb))
    return w, phase_y @ kernel @ phase_x.T


def input_window(x, kernel_shape, i, j, padding=0, stride=1):
    """The patch of the zero-padded input that output entry ``(i, j)`` sums over.

    ``conv2d(x, k, padding, stride)[i, j] == (input_window(x, k.shape, i, j, padding, stride) * k).sum()``

    Returns
    -------
    ndarray (Kh, Kw)
    """
    kh, kw = kernel_shape
    x_pad = np.pad(np.asarray(x, dtype=float), padding)
    return x_pad[i * stride : i * stride + kh, j * stride : j * stride + kw]


def radial_gain(x, y, n_bands=16):
    """Measured amplitude gain |Y| / |X| of a filter, averaged over rings of spatial frequency.

    Parameters
    ----------
    x : ndarray (H, W)  input image
    y : ndarray (H, W)  the filtered image (same size, e.g. ``padding=1`` for a 3x3 kernel)
    n_bands : int  rings between 0 and pi rad/sample (frequency radius, beyond pi dropped)

    Returns
    -------
    centres : ndarray (n_bands,)  ring centres, rad/sample
    gain : ndarray (n_bands,)  sum |Y| / sum |X| over each ring
    """
    if x.shape != y.shape:
        raise ValueError(f"y has shape {y.shape}; expected the input's shape {x.shape}.")
    X, Y = np.fft.fft2(x - x.mean()), np.fft.fft2(y - y.mean())
    wy = 2 * np.pi * np.fft.fftfreq(x.shape[0])[:, None]
    wx = 2 * np.pi * np.fft.fftfreq(x.shape[1])[None, :]
    radius = np.hypot(wy, wx)
    edges = np.linspace(0, np.pi, n_bands + 1)
    band = np.digitize(radius, edges) - 1
    keep = (band >= 0) & (band < n_bands) & (radius > 0)
    num = np.bincount(band[keep], np.abs(Y[keep]), n_bands)
    den = np.bincount(band[keep], np.abs(X[keep]), n_bands)
    return (edges[:-1] + edges[1:]) / 2, num / den


def speed_and_memory(x, kernel, padding, repeat=7):
    """Time conv2d against scipy.signal.correlate2d on the same input and measure conv2d's memory.

    Returns
    -------
    dict with ``ours_s`` and ``scipy_s`` (median seconds over ``repeat`` interleaved runs), their
    ``ratio``, and ``peak_bytes``: the most memory conv2d held at once (tracemalloc, which numpy
    reports its buffers to).
    """
    import time
    import tracemalloc

    import scipy.signal

    x_pad = np.pad(x, padding)
    candidates = {
        "ours_s": lambda: conv2d(x, kernel, padding=padding),
        "scipy_s": lambda: scipy.signal.correlate2d(x_pad, kernel, mode="valid"),
    }
    times = {name: [] for name in candidates}
    for _ in range(repeat):
        for name, run in candidates.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    tracemalloc.start()
    conv2d(x, kernel, padding=padding)
    peak_bytes = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    medians = {name: float(np.median(t)) for name, t in times.items()}
    return {**medians, "ratio": medians["ours_s"] / medians["scipy_s"], "peak_bytes": peak_bytes}
