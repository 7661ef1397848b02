"""Section 4's figures (convolution): each function takes computed data and returns a matplotlib Figure.

The notebook computes the data with :mod:`hw1.conv` and saves the figures with
``hw1.report.save_figure``; the style is ``hw1.report.STYLE`` (set by importing hw1.report).
"""
import numpy as np
import matplotlib.pyplot as plt

from hw1 import report
from hw1.conv import RadialGain, output_size
from hw1.params import check_array, check_int_array, check_scalar, check_type

HEATMAP_LIMIT = 1.5  # colour scale of the problem 4.1 heat maps: -1.5 (blue) to +1.5 (red)
RESPONSE_LIMIT = 3  # colour scale of H: its extreme values on the band, -1 and 3, fit in +-3


def _shape_text(a):
    return " x ".join(map(str, a.shape))


def plot_heatmaps(x, kernel, y, *, padding, stride):
    """Problem 4.1: input, kernel and output as heat maps, each entry written in its cell.

    Parameters
    ----------
    x : 2-D array  the input
    kernel : 2-D array  the kernel
    y : 2-D array  ``conv2d(x, kernel, padding=padding, stride=stride)``
    padding, stride : int  the convolution's, named in the output's title
    """
    x = check_array("x", x, ndim=2)
    kernel = check_array("kernel", kernel, ndim=2)
    padding = check_scalar("padding", padding, int, min_val=0)
    stride = check_scalar("stride", stride, int, min_val=1)
    expected = tuple(output_size(n, k, padding, stride) for n, k in zip(x.shape, kernel.shape))
    y = check_array("y", y, shape=expected, to_match="the output size of x, kernel, padding and stride")
    fig, axes = plt.subplot_mosaic([["X", "K"], ["Y", "bar"]], figsize=(report.FIG_WIDTH, 4.4),
                                   width_ratios=[9, 3], layout="constrained")
    for name, a, title in [("X", x, f"input $X$ ({_shape_text(x)})"), ("K", kernel, f"kernel $K$ ({_shape_text(kernel)})"),
                           ("Y", y, f"output $Y$ = conv2d($X$, $K$, padding {padding}, stride {stride})")]:
        image = axes[name].imshow(a, cmap="coolwarm", vmin=-HEATMAP_LIMIT, vmax=HEATMAP_LIMIT)
        for (r, c), v in np.ndenumerate(a):
            axes[name].text(c, r, f"{v:g}", ha="center", va="center", fontsize=10)
        axes[name].set(title=title, xlabel="column $j$", ylabel="row $i$",
                       xticks=range(a.shape[1]), yticks=range(a.shape[0]))
        axes[name].grid(False)
    axes["bar"].axis("off")
    fig.colorbar(image, ax=axes["bar"], location="left", fraction=0.2, label="entry value")
    fig.suptitle("Problem 4.1: input, kernel and output (red positive, blue negative)")
    return fig


def plot_photo(photo, filtered, blurred, *, rows, cols, blur_shape):
    """Problem 4.2 on a photograph: the input, the kernel's output and a box blur's, whole and cropped.

    Parameters
    ----------
    photo : 2-D array in [0, 1]  the grey-scale input
    filtered, blurred : 2-D arrays of the photo's shape  after the kernel, after the blur
    rows, cols : slice  the crop shown in the bottom row
    blur_shape : (int, int)  the size of the box blur, named in its title
    """
    photo = check_array("photo", photo, ndim=2)
    filtered = check_array("filtered", filtered, shape=photo.shape, to_match="photo")
    blurred = check_array("blurred", blurred, shape=photo.shape, to_match="photo")
    check_type("rows", rows, slice, "a slice of the photo's rows")
    check_type("cols", cols, slice, "a slice of the photo's columns")
    blur_shape = check_int_array("blur_shape", blur_shape, min_val=1)
    if len(blur_shape) != 2:
        raise ValueError(f"blur_shape is {blur_shape}; expected the two sizes of a 2-D kernel.")
    crop_shape = photo[rows, cols].shape
    if 0 in crop_shape:
        raise ValueError(f"rows and cols crop the {_shape_text(photo)} photo to {crop_shape}; expected a non-empty crop.")
    low, high = np.percentile(filtered, [1, 99])  # the kernel's output has outliers at sharp corners
    panels = [(photo, "input", (0, 1)), (filtered, "after kernel $K$", (low, high)),
              (blurred, f"after a {blur_shape[0]} x {blur_shape[1]} box blur", (0, 1))]
    fig, axes = plt.subplots(2, 3, figsize=(report.FIG_WIDTH, 3.6), layout="constrained")
    for col, (image, title, (vmin, vmax)) in enumerate(panels):
        for row, view in enumerate([image, image[rows, cols]]):
            axes[row, col].imshow(view, cmap="gray", vmin=vmin, vmax=vmax)
            axes[row, col].set(xticks=[], yticks=[])
            axes[row, col].grid(False)
        axes[0, col].set_title(title)
    axes[0, 0].set_ylabel(f"whole image\n({_shape_text(photo)} px)")
    axes[1, 0].set_ylabel(f"crop\n({crop_shape[0]} x {crop_shape[1]} px)")
    fig.suptitle("Problem 4.2: the kernel on a photograph ($K$'s output shown from its 1st to 99th percentile)")
    return fig


def plot_frequency_response(w, response, radius, axis_gain, diagonal_gain, blur_axis_gain, measured, measured_blur):
    """Problem 4.2: the kernel's frequency response as a map, and gain magnitudes against frequency radius.

    Parameters
    ----------
    w : 1-D array  the frequencies of the response's axes, rad/sample (:func:`hw1.conv.frequency_response`)
    response : 2-D array (len(w), len(w))  the real part of the kernel's response H on that grid
    radius : 1-D array in [0, pi]  the radii of the three cuts
    axis_gain, diagonal_gain, blur_axis_gain : 1-D arrays of ``radius``'s length
        |H| of the kernel along omega_x, along the diagonal omega_x = omega_y (drawn at sqrt(2) * radius),
        and |H| of the blur along omega_x
    measured, measured_blur : RadialGain  the gains measured on the photograph (:func:`hw1.conv.radial_gain`)
    """
    w = check_array("w", w, ndim=1)
    response = check_array("response", response, shape=(len(w), len(w)), to_match="w")
    radius = check_array("radius", radius, ndim=1)
    cuts = [check_array(name, cut, shape=radius.shape, to_match="radius") for name, cut in
            [("axis_gain", axis_gain), ("diagonal_gain", diagonal_gain), ("blur_axis_gain", blur_axis_gain)]]
    gains = {}  # the measured gains: (centres, gain) of the photograph, and of its blur
    for name, gain in (("measured", measured), ("measured_blur", measured_blur)):
        check_type(name, gain, RadialGain, "a hw1.conv.RadialGain")
        centres = check_array(f"{name} centres", gain.centres, ndim=1)
        gains[name] = centres, check_array(f"{name} gain", gain.gain, shape=centres.shape, to_match="its centres",
                                           finite=False)
    measured, measured_blur = gains["measured"], gains["measured_blur"]
    fig, (ax_map, ax_cut) = plt.subplots(1, 2, figsize=(report.FIG_WIDTH, 3.1), layout="constrained",
                                         width_ratios=[1, 1.25])
    image = ax_map.imshow(response, extent=[-np.pi, np.pi, -np.pi, np.pi], origin="lower", cmap="RdBu_r",
                          vmin=-RESPONSE_LIMIT, vmax=RESPONSE_LIMIT)
    ax_map.contour(w, w, response, levels=[0], colors="k", linewidths=0.8)
    ax_map.set(title=r"$H = 1 - \cos\omega_x - \cos\omega_y$" + "\n" + r"(black curve: $H = 0$)",
               xlabel=r"$\omega_x$ (rad/sample)", ylabel=r"$\omega_y$ (rad/sample)")
    ax_map.grid(False)
    fig.colorbar(image, ax=ax_map, shrink=0.8).ax.set_title("$H$")  # above the bar, clear of the next panel
    ax_cut.plot(radius, cuts[0], "C0--", label=r"$|H|$ of $K$ along $\omega_x$ ($\omega_y = 0$)")
    ax_cut.plot(np.sqrt(2) * radius, cuts[1], "C0-", label=r"$|H|$ of $K$ along $\omega_x = \omega_y$")
    ax_cut.plot(radius, cuts[2], "C1--", label=r"$|H|$ of the blur along $\omega_x$")
    ax_cut.plot(*measured, "C0o", ms=3, label="$K$ on the photo: $|Y| / |X|$ per ring")
    ax_cut.plot(*measured_blur, "C1s", ms=3, label="blur on the photo: $|Y| / |X|$ per ring")
    ax_cut.axvline(np.pi, color="grey", lw=0.6)
    ax_cut.set(title="gain magnitude against frequency", ylabel=r"amplitude gain $|H|$",
               xlabel=r"frequency radius $\sqrt{\omega_x^2 + \omega_y^2}$ (rad/sample)",
               xlim=(0, np.pi * np.sqrt(2)), ylim=(0, 3.2))
    fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    fig.suptitle("Problem 4.2: frequency response, in theory and measured on the photograph")
    return fig
