"""The figures of Labs 2 and 3 (SimpleNN): each function takes computed data and returns a matplotlib Figure.

The notebook saves them with ``hw1.report.save_figure``, in the report's style (``hw1.report.STYLE``,
set on import). The data come from :mod:`hw1.simplenn`.
"""
import numpy as np
from torch import nn

from hw1.params import POSITIVE, check_array, check_scalar, check_type, describe
from hw1.report import significant
from hw1.simplenn import Gradients, TrainingRun, recording_layers, weight_stats

# float32 results (gradients, training losses) agree across processors to about 1e-7 relative; drawn
# at 4 significant digits, a value lands on another rounding only about once in a thousand.
FIGURE_DIGITS = 4


def plot_weights(net):
    """Lab 3(a): a histogram of each recording layer's weights, with dashed lines at +-1/sqrt(n_in), n_in the layer's fan-in."""
    check_type("net", net, nn.Module, "a torch nn.Module such as SimpleNN")
    weights = {name: m.weight.detach().cpu().numpy() for name, m in recording_layers(net)}
    if not weights:
        raise ValueError(f"net is a {type(net).__name__} without recording layers; expected a SimpleNN.")
    return plot_histograms({"": weights}, xlabel="weight value", bounds={s.name: s.bound for s in weight_stats(net)},
                           title="Lab 3(a): initial weights, default initialisation")


def plot_gradients(default, zero):
    """Labs 3(b) and 3(c): each layer's weight gradient, from the default weights (top row) and with every
    weight zero (bottom row), both :class:`hw1.simplenn.Gradients`; counts on a log scale."""
    for name, grads in (("default", default), ("zero", zero)):
        check_type(name, grads, Gradients, "the Gradients of simplenn.mse_gradients")
    return plot_histograms({"default weights": {name: g.weight for name, g in default.layers.items()},
                            "all weights zero": {name: g.weight for name, g in zero.layers.items()}},
                           log=True, xlabel=r"gradient $\partial L/\partial W$",
                           title="Labs 3(b) and 3(c): weight gradients")


def plot_histograms(rows, *, xlabel, title, bins=20, bounds=None, log=False):
    """Histograms of each layer's values, one row of panels per setting, one legend below.

    Parameters
    ----------
    rows : dict  row label -> {layer name -> ndarray of any shape (flattened here)}; 1 to 3 rows
        of 1 to 6 layers
    xlabel, title : str  x label under the panels and figure title
    bins : int
    bounds : dict, optional  layer name -> b; dashed lines at -b and +b (read as 1/sqrt(n_in), n_in the fan-in)
    log : bool  log-scale counts; each panel then marks the entries that are exactly 0 (a red
        stem at 0, as tall as their count) and says how many there are

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

    check_type("rows", rows, dict, "a dict {row label: {layer name: values}}")
    if not all(isinstance(r, dict) for r in rows.values()):
        raise ValueError(f"rows holds {[describe(r) for r in rows.values()]}; expected a dict per row.")
    rows = {label: {name: check_array(f"rows[{label!r}][{name!r}]", values, ndim=None)
                    for name, values in r.items()} for label, r in rows.items()}
    check_type("bounds", bounds, (dict, type(None)), "None or a dict {layer name: bound}")
    for name, b in (bounds or {}).items():
        check_scalar(f"bounds[{name!r}]", b, float, **POSITIVE)
    if not 1 <= len(rows) <= 3 or not all(1 <= len(r) <= 6 for r in rows.values()):
        raise ValueError(f"rows has {[len(r) for r in rows.values()]} layers per row; "
                         "expected 1 to 3 rows of 1 to 6 layers.")
    bins = check_scalar("bins", bins, int, min_val=1)
    num_rows, num_cols = len(rows), max(len(r) for r in rows.values())
    # fixed margins in inches (constrained layout would cost an extra draw of all panels)
    top, bottom, panel, gap = 0.6, 0.9, 1.0, 0.6
    height = top + bottom + num_rows * panel + (num_rows - 1) * gap
    fig, axes = plt.subplots(num_rows, num_cols, figsize=(6.4, height), squeeze=False)
    fig.subplots_adjust(left=0.1, right=0.99, bottom=bottom / height, top=1 - top / height,
                        wspace=0.45, hspace=gap / panel)
    for ax_row, (label, arrays) in zip(axes, rows.items()):
        for ax, (name, values) in zip(ax_row, arrays.items()):
            # float32 values whose last bits depend on the processor's kernels: binned and drawn at
            # FIGURE_DIGITS, so that a histogram is the same file on every machine (exact zeros stay 0)
            values = significant(np.asarray(values, dtype=float).ravel(), FIGURE_DIGITS)
            ax.hist(values, bins=bins, color="C0")
            if bounds is not None:
                for b in (-bounds[name], bounds[name]):
                    ax.axvline(b, color="C3", linestyle="--", linewidth=1)
            if log:
                zeros = values.size - np.count_nonzero(values)
                ax.set_yscale("log")
                ax.set_ylim(bottom=0.5, top=2 * values.size)
                ax.yaxis.set_minor_locator(NullLocator())  # dozens of minor ticks per panel: slow, and noise
                if zeros:
                    ax.plot([0, 0], [0.5, zeros], color="C3", linewidth=2)
                    ax.plot([0], [zeros], color="C3", marker="o", markersize=4)
                ax.set_title(f"{name}: {zeros:,} of\n{values.size:,} are 0", fontsize=8)
            else:
                ax.set_title(f"{name}:\n{values.size:,} values", fontsize=8)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=2, symmetric=True))
            # "0", not "0.00": short labels fit the narrow panels
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}".replace("-", "\u2212")))
            ax.tick_params(labelsize=8)
        ax_row[0].set_ylabel(f"{label}\ncount" if label else "count", fontsize=8)
        for ax in ax_row[len(arrays):]:
            ax.set_axis_off()
    fig.supxlabel(xlabel, y=0.36 / height, fontsize=9)
    handles = [Patch(color="C0", label=f"histogram, {bins} bins")]
    if bounds is not None:
        handles.append(Line2D([], [], color="C3", linestyle="--", linewidth=1,
                              label=r"$\pm 1/\sqrt{n_{\mathrm{in}}}$"))
    if log:
        handles.append(Line2D([], [], color="C3", linewidth=2, marker="o", markersize=4,
                              label="entries exactly 0"))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0), ncols=len(handles),
               fontsize=8, frameon=False)
    fig.suptitle(title)
    return fig


def plot_training(runs):
    """Loss and test accuracy over epochs for each :class:`TrainingRun` in ``runs`` (label -> run).

    Three panels: the cross-entropy of every run; the same for the run labelled ``"zero"`` on
    its own scale, where its train and test curves, hidden at full scale, are apart; the test
    accuracy. One legend below the panels, off the data.
    """
    import matplotlib.pyplot as plt

    if not isinstance(runs, dict) or not runs or not all(isinstance(r, TrainingRun) for r in runs.values()):
        raise ValueError(f"runs is {describe(runs)}; expected a non-empty dict {{label: TrainingRun}}.")
    fig, (ax_loss, ax_zoom, ax_acc) = plt.subplots(1, 3, figsize=(6.4, 2.6))
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.34, top=0.8, wspace=0.45)
    for (label, run), color in zip(runs.items(), ("C0", "C3", "C2")):
        # float32 training: drawn at FIGURE_DIGITS, which do not depend on the processor's kernels
        run = run._replace(**{field: significant(getattr(run, field), FIGURE_DIGITS)
                              for field in ("train_loss", "test_loss", "test_accuracy")})
        epochs = np.arange(len(run.test_loss))
        for ax in (ax_loss, ax_zoom) if label == "zero" else (ax_loss,):
            ax.plot(epochs[1:], run.train_loss, color=color, marker="o", label=f"{label} start: train")
            ax.plot(epochs, run.test_loss, color=color, marker="s", markerfacecolor="none", markersize=7,
                    linestyle="--", label=f"{label} start: test")
        ax_acc.plot(epochs, run.test_accuracy, color=color, marker="s", markerfacecolor="none",
                    markersize=7, linestyle="--")
    ax_loss.set(title="cross-entropy", xlabel="epoch", ylabel="loss (nats)", xticks=epochs)
    ax_zoom.set(title="zero start, zoomed", xlabel="epoch", ylabel="loss (nats)", xticks=epochs)
    ax_zoom.ticklabel_format(axis="y", useOffset=False)
    ax_acc.set(title="test accuracy", xlabel="epoch", ylabel="accuracy (%)", xticks=epochs, ylim=(0, 100))
    handles, labels = ax_loss.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 0), ncols=2, fontsize=8,
               frameon=False)
    fig.suptitle("SimpleNN on the digits ($3\\times32\\times32$): default vs zero initial weights")
    return fig
