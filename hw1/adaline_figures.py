"""Section 2's figures: each function takes computed results and returns a matplotlib Figure.

The Adalines and Madalines are in :mod:`hw1.adaline`; the notebook computes them, calls these
functions and saves the figures with :func:`hw1.report.save_figure`. Style: :data:`hw1.report.STYLE`.
"""
import matplotlib.pyplot as plt
import numpy as np
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from hw1 import adaline
from hw1.params import check_array, check_type
from hw1.report import FIG_WIDTH

# The plane x1 + x2 + x3 = 0 (the majority's boundary) cuts the cube [-1, 1]^3 in a regular hexagon:
# the permutations of (1, -1, 0), in order around it.
MAJORITY_HEXAGON = np.array([[1, -1, 0], [1, 0, -1], [0, 1, -1], [-1, 1, 0], [-1, 0, 1], [0, -1, 1]])
VIEW = (25, -30)  # elevation, azimuth of the cube (degrees)
# Panels of the MRII boundaries figure: one run of each of the most frequent kinds of solution.
NUM_KIND_PANELS = 4
XY_LABELS = {"xlabel": "input $x_1$ (bipolar, no unit)", "ylabel": "input $x_2$ (bipolar, no unit)"}


def _draw_boundary(ax, w, lim=3.0, **style):
    """Draw the line ``w0 + w1 x1 + w2 x2 = 0`` on ``ax`` over [-lim, lim], solved for the input with the
    larger weight (so steep lines are drawn as well as flat ones)."""
    w0, w1, w2 = w
    t = np.array([-lim, lim])
    if abs(w2) >= abs(w1):
        return ax.plot(t, -(w0 + w1 * t) / w2, **style)
    return ax.plot(-(w0 + w2 * t) / w1, t, **style)


def _draw_rows(ax, x, y, size=60):
    """Scatter the bipolar rows ``x`` (n_rows, 2) on ``ax``: circles where ``y = +1``, crosses where -1."""
    for label, marker, colour in ((1, "o", "tab:blue"), (-1, "X", "tab:red")):
        ax.scatter(*x[y == label].T, marker=marker, s=size, color=colour, zorder=3,
                   label=f"$y = {label:+d}$ ({'true' if label > 0 else 'false'})")


def _line_label(w, symbol="x"):
    """The boundary of weights ``w`` (bias first) as an equation: ``$4 + 2x_1 + x_2 = 0$``."""
    terms = [f"{w[0]:g}"] if w[0] else []
    for j, c in enumerate(w[1:], start=1):
        if c:
            magnitude = "" if abs(c) == 1 else f"{abs(c):g}"
            sign = "-" if c < 0 else "+"
            terms.append(f"{sign} {magnitude}{symbol}_{j}" if terms else f"{'-' if c < 0 else ''}{magnitude}{symbol}_{j}")
    return f"${' '.join(terms) or '0'} = 0$"


def plot_p2_1_p2_2_boundaries(w_one, w_nand_ls, w_nand_mm):
    """Problems 2.1 and 2.2: the four inputs, coloured by the Adaline's output, and its boundary line;
    right, the NAND Adaline's least-squares and maximum-margin lines.

    Parameters
    ----------
    w_one : ndarray (3,)  the weights of Problem 2.1, bias first
    w_nand_ls, w_nand_mm : ndarray (3,)  the NAND weights by least squares and by maximum margin
    """
    w_one = check_array("w_one", w_one, shape=(3,))
    w_nand_ls = check_array("w_nand_ls", w_nand_ls, shape=(3,))
    w_nand_mm = check_array("w_nand_mm", w_nand_mm, shape=(3,))
    x = adaline.truth_table_inputs(2)
    y_one = adaline.adaline_output(w_one, x).y
    name = adaline.name_two_input_function(y_one)
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.6), layout="constrained")
    ax = axes[0]
    _draw_rows(ax, x, y_one)
    _draw_boundary(ax, w_one, color="k", label=_line_label(w_one))
    constant = "constant " if name in ("TRUE", "FALSE") else ""
    ax.set(title=f"Problem 2.1: {constant}{name}", xlim=(-3, 2), ylim=(-2.5, 2.5))
    ax = axes[1]
    _draw_rows(ax, x, adaline.adaline_output(w_nand_ls, x).y)
    _draw_boundary(ax, w_nand_ls, color="k", label="least squares")
    _draw_boundary(ax, w_nand_mm, color="y", ls="--", label="max margin")
    ax.set(title="Problem 2.2: NAND", xlim=(-2.5, 2.5), ylim=(-2.5, 2.5))
    for ax in axes:
        ax.set(**XY_LABELS, aspect="equal")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return fig


def plot_p2_3_majority(s_ls, s_mm):
    """Problem 2.3: the cube of inputs with the majority's boundary plane and its true and false corners;
    right, the feature ``s`` on each row with the least-squares and the maximum-margin weights.

    Parameters
    ----------
    s_ls, s_mm : ndarray (8,)  the features on the rows of ``truth_table_inputs(3)``
    """
    s_ls = check_array("s_ls", s_ls, shape=(8,))
    s_mm = check_array("s_mm", s_mm, shape=(8,))
    x = adaline.truth_table_inputs(3)
    d = adaline.boolean_function("majority", x)
    fig = plt.figure(figsize=(FIG_WIDTH, 3.6), layout="constrained")
    fig.get_layout_engine().set(wspace=0.08)
    ax = fig.add_subplot(1, 2, 1, projection="3d")
    for a, b in ((a, b) for a in x for b in x if np.sum(a != b) == 1 and tuple(a) < tuple(b)):
        ax.plot(*np.stack([a, b]).T, color="0.7", lw=0.6)  # cube edges
    ax.add_collection3d(Poly3DCollection([MAJORITY_HEXAGON], alpha=0.3, facecolor="tab:green", edgecolor="g"))
    for label, marker, colour in ((1, "o", "tab:blue"), (-1, "X", "tab:red")):
        ax.scatter(*x[d == label].T, marker=marker, s=40, color=colour, depthshade=False, label=f"$y = {label:+d}$")
    ax.set(title="plane $x_1 + x_2 + x_3 = 0$", xticks=[-1, 1], yticks=[-1, 1], zticks=[-1, 1])
    for axis, label in ((ax.xaxis, "$x_1$"), (ax.yaxis, "$x_2$"), (ax.zaxis, "$x_3$")):
        axis.set_label_text(label, fontsize=11)
        axis.labelpad = 0
        axis.set_rotate_label(False)
    ax.tick_params(pad=0)
    ax.view_init(elev=VIEW[0], azim=VIEW[1])
    ax.set_box_aspect(None, zoom=0.85)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower left", ncol=2)
    ax = fig.add_subplot(1, 2, 2)
    rows = np.arange(len(x))
    ax.bar(rows - 0.2, s_ls, width=0.4, label="least squares", color="0.5")
    ax.bar(rows + 0.2, s_mm, width=0.4, label="max margin", color="tab:green")
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(rows, ["".join("+" if v > 0 else "-" for v in row) for row in x])
    ax.set(xlabel="input row (signs of $x_1 x_2 x_3$)", ylabel="feature $s$ (no unit)",
           title=f"feature $s$ on the {len(x)} rows")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2)
    fig.suptitle("Problem 2.3: majority of three inputs")
    return fig


def plot_p2_4_xor(W1, w2):
    """Problem 2.4: the input plane shaded by the Madaline's output, with the XOR targets and the hidden
    units' lines; right, the hidden plane ``(h1, h2)`` with the output unit's line.

    Parameters
    ----------
    W1 : ndarray (2, 3)  hidden weights, bias first; w2 : ndarray (3,)  output weights, bias first
    """
    W1 = check_array("W1", W1, shape=(2, 3))
    w2 = check_array("w2", w2, shape=(3,))
    x = adaline.truth_table_inputs(2)
    d = adaline.boolean_function("xor", x)
    hidden = adaline.madaline_output(W1, w2, x).h
    unreached = np.array([h for h in x if not any(np.array_equal(h, g) for g in hidden)])
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.2), layout="constrained")
    ax = axes[0]
    g1, g2 = np.meshgrid(np.linspace(-2, 2, 401), np.linspace(-2, 2, 401))
    y_grid = adaline.madaline_output(W1, w2, np.column_stack([g1.ravel(), g2.ravel()])).y
    ax.contourf(g1, g2, y_grid.reshape(g1.shape), levels=[-2, 0, 2], colors=["#f4cccc", "#cfe2f3"])
    _draw_rows(ax, x, d)
    _draw_boundary(ax, W1[0], color="k", label="unit 1: $s_1 = 0$")
    _draw_boundary(ax, W1[1], color="k", ls="--", label="unit 2: $s_2 = 0$")
    ax.set(title="input plane (shade: Madaline output)", xlim=(-2, 2), ylim=(-2, 2), **XY_LABELS, aspect="equal")
    ax = axes[1]
    _draw_rows(ax, hidden, d)
    if len(unreached):
        ax.scatter(unreached[:, 0], unreached[:, 1], s=60, facecolors="none", edgecolors="0.5",
                   label=", ".join(f"$({a:g}, {b:g})$" for a, b in unreached) + ": never reached")
    _draw_boundary(ax, w2, color="g", label=_line_label(w2, "h"))
    ax.set(title="hidden plane $(h_1, h_2)$", xlim=(-2, 2), ylim=(-2, 2),
           xlabel="hidden output $h_1$ (bipolar)", ylabel="hidden output $h_2$ (bipolar)", aspect="equal")
    legend = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels())}  # once each
    fig.legend(legend.values(), legend.keys(), loc="outside lower center", ncol=3)
    fig.suptitle("Problem 2.4: XOR from two Adalines and an output Adaline")
    return fig


def plot_mrii_boundaries(mrii):
    """MRII on XOR: the hidden units' lines of one run of each of the :data:`NUM_KIND_PANELS` most
    frequent kinds of solution (``mrii.kinds``), over the four inputs (filled where XOR is true)."""
    mrii = check_type("mrii", mrii, adaline.MriiSolutions, "the MriiSolutions of adaline.mrii_xor_solutions")
    x = adaline.truth_table_inputs(2)
    d = adaline.boolean_function("xor", x)
    kinds = mrii.kinds[:NUM_KIND_PANELS]
    fig, axes = plt.subplots(1, len(kinds), figsize=(FIG_WIDTH, 2.6), sharey=True, layout="constrained",
                             squeeze=False)
    axes = axes[0]
    for ax, kind in zip(axes, kinds):
        run = np.flatnonzero((mrii.hidden[:, 0] == kind.hidden1) & (mrii.hidden[:, 1] == kind.hidden2)
                             & (mrii.output == kind.output))[0]
        for unit, colour in enumerate(["tab:blue", "tab:orange"]):
            _draw_boundary(ax, mrii.weights[run, 3 * unit:3 * unit + 3], lim=1.6, color=colour,
                           label=f"$h_{unit + 1} = 0$")
        ax.scatter(x[:, 0], x[:, 1], c=np.where(d > 0, "black", "white"), edgecolors="black", s=30, zorder=3)
        ax.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), aspect="equal", xlabel="$x_1$ (bipolar)",
               title=f"{kind.hidden1},\n{kind.hidden2}")
        ax.title.set_fontsize(8)  # two lines of logic names over a quarter of the width
    axes[0].set_ylabel("$x_2$ (bipolar)")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=2)
    fig.suptitle(f"Hidden-unit lines of {_count_word(len(kinds))} XOR Madalines found by MRII "
                 "(black dots: XOR true)", fontsize=9)
    return fig


def _count_word(n):
    return {1: "one", 2: "two", 3: "three", 4: "four"}.get(n, str(n))


def plot_mrii_weights(mrii, W1_fixed):
    """MRII on XOR: every hidden unit of every solved run placed by the direction and offset of its line
    (:func:`hw1.adaline.boundary_geometry`), with the fixed units ``W1_fixed`` (2, 3) of the assignment's
    Figure 4 as stars; right, the histogram of the epochs the solved runs needed."""
    mrii = check_type("mrii", mrii, adaline.MriiSolutions, "the MriiSolutions of adaline.mrii_xor_solutions")
    W1_fixed = check_array("W1_fixed", W1_fixed, shape=(None, 3))
    geometry = adaline.boundary_geometry(mrii.weights[:, :6].reshape(-1, 3))  # every hidden unit of every run
    fixed = adaline.boundary_geometry(W1_fixed)
    epochs = mrii.fits.num_epochs[mrii.solved]
    fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.6), layout="constrained")
    ax = axes[0]
    ax.scatter(geometry.angle, geometry.offset, s=4, alpha=0.4, color="tab:purple", label="MRII hidden unit")
    ax.scatter(fixed.angle, fixed.offset, marker="*", s=120, color="k", label="units of the assignment's Figure 4")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
    ax.set(title=f"hidden units of the {len(epochs)} solved runs", xlabel="direction of $(w_1, w_2)$ (degrees)",
           ylabel="line offset $-w_0 / \\|(w_1, w_2)\\|$ (no unit)", xticks=range(-180, 181, 90))
    ax = axes[1]
    ax.hist(epochs, bins=np.arange(0.5, epochs.max() + 1.5), color="tab:purple")
    ax.set(title="epochs to reach zero errors", xlabel="epochs (passes over the 4 rows)",
           ylabel="solved runs (count)")
    fig.suptitle("MRII on XOR: the same function, many different weights")
    return fig
