"""The figures of Labs 2 and 3 (hw1.simplenn_figures): which data each panel draws, and one clear error per
bad argument."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from hw1 import simplenn, simplenn_figures  # noqa: E402
from hw1.report import significant  # noqa: E402
from hw1.simplenn_figures import FIGURE_DIGITS  # noqa: E402

SEED = 661
LAYERS = ["conv1", "conv2", "conv3", "fc1", "fc2"]


@pytest.fixture(scope="module")
def net():
    return simplenn.make_simplenn(seed=SEED)


@pytest.fixture(scope="module")
def gradients(net):
    """One backward pass from the default weights and one with every weight zero, as in Labs 3(b) and 3(c)."""
    generator = torch.Generator().manual_seed(SEED)
    x, target = torch.randn(1, 3, 32, 32, generator=generator), torch.randn(1, 10, generator=generator)
    return (simplenn.mse_gradients(net, x, target),
            simplenn.mse_gradients(simplenn.with_zero_weights(net), x, target))


def counted(ax):
    """How many values a histogram panel counts (the heights of its bars)."""
    return sum(p.get_height() for p in ax.patches)


def drawn(line):
    """The points a line draws: its x and y values."""
    return list(line.get_xdata()), list(line.get_ydata())


def test_plot_weights_draws_each_layers_weights_within_its_bound(net):
    fig = simplenn_figures.plot_weights(net)
    stats = {s.name: s for s in simplenn.weight_stats(net)}
    assert len(fig.axes) == len(LAYERS)
    for ax, (name, layer) in zip(fig.axes, simplenn.recording_layers(net)):
        assert ax.get_title() == f"{name}:\n{layer.weight.numel():,} values"
        assert counted(ax) == layer.weight.numel(), "every weight of the layer counted once"
        left = min(p.get_x() for p in ax.patches)
        right = max(p.get_x() + p.get_width() for p in ax.patches)
        assert left == pytest.approx(stats[name].min, abs=1e-4) and right == pytest.approx(stats[name].max, abs=1e-4)
        assert [line.get_xdata()[0] for line in ax.lines] == pytest.approx([-stats[name].bound, stats[name].bound])
    plt.close(fig)
    with pytest.raises(ValueError, match="net is a Linear without recording layers"):
        simplenn_figures.plot_weights(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match="net is .*; expected a torch nn.Module"):
        simplenn_figures.plot_weights("net")


def test_plot_gradients_draws_the_default_run_on_top_and_the_zero_run_below(gradients):
    default, zero = gradients
    fig = simplenn_figures.plot_gradients(default, zero)
    top, bottom = np.reshape(fig.axes, (2, len(LAYERS)))
    assert top[0].get_ylabel() == "default weights\ncount" and bottom[0].get_ylabel() == "all weights zero\ncount"
    for row, grads in ((top, default), (bottom, zero)):
        for ax, name in zip(row, LAYERS):
            weight = grads.layers[name].weight
            zeros = weight.size - np.count_nonzero(weight)
            assert ax.get_title() == f"{name}: {zeros:,} of\n{weight.size:,} are 0"
            assert counted(ax) == weight.size and ax.get_yscale() == "log"
    # with zero weights only FC2's weights get a gradient: every panel below it is one bar, at 0
    for ax in bottom[:4]:
        bars = [p for p in ax.patches if p.get_height() > 0]
        assert len(bars) == 1 and bars[0].get_x() <= 0 <= bars[0].get_x() + bars[0].get_width()
    assert len([p for p in bottom[4].patches if p.get_height() > 0]) > 1
    plt.close(fig)
    with pytest.raises(ValueError, match="zero is .*; expected the Gradients of simplenn.mse_gradients"):
        simplenn_figures.plot_gradients(default, {"fc1": None})


def test_plot_histograms_panels_and_exact_zeros():
    arrays = {f"layer{i}": np.arange(i + 3.0) for i in range(5)}
    fig = simplenn_figures.plot_histograms({"": arrays}, xlabel="value", title="t", bounds={k: 1.0 for k in arrays})
    assert len(fig.axes) == 5 and fig.axes[0].get_ylabel() == "count"
    assert sum(p.get_height() for p in fig.axes[4].patches) == 7, "every value counted once"
    assert [line.get_xdata()[0] for line in fig.axes[4].lines] == [-1.0, 1.0], "dashed bounds at -b and +b"
    plt.close(fig)
    rows = {"first": {"a": np.array([0.0, 0.0, 2.0]), "b": np.ones(4)}, "second": {"a": np.zeros(5)}}
    fig = simplenn_figures.plot_histograms(rows, xlabel="g", title="t", log=True)
    (a, b), (a2, empty) = np.reshape(fig.axes, (2, 2))
    assert a.get_title() == "a: 2 of\n3 are 0" and a.get_yscale() == "log" and a.get_ylabel() == "first\ncount"
    assert max(line.get_ydata().max() for line in a.lines) == 2, "a red stem as tall as the zeros"
    assert b.get_title() == "b: 0 of\n4 are 0" and not b.lines
    assert a2.get_title() == "a: 5 of\n5 are 0" and not empty.axison, "a shorter row leaves its panels empty"
    assert len(fig.legends) == 1 and not any(ax.get_legend() for ax in fig.axes), "one legend, off the panels"
    plt.close(fig)
    with pytest.raises(ValueError, match="1 to 6 layers"):
        simplenn_figures.plot_histograms({"": {str(i): np.ones(2) for i in range(7)}}, xlabel="", title="")
    with pytest.raises(ValueError, match="1 to 3 rows"):
        simplenn_figures.plot_histograms({}, xlabel="", title="")
    with pytest.raises(ValueError, match="bins is 0"):
        simplenn_figures.plot_histograms({"": {"a": np.ones(2)}}, xlabel="", title="", bins=0)


def test_plot_training_shows_the_zero_start_apart(net):
    run = simplenn.TrainingRun(net, [1.0, 0.5], [2.3, 0.9, 0.4], [10.0, 70.0, 90.0])
    zero = simplenn.TrainingRun(net, [2.3059, 2.3041], [2.3063, 2.3075, 2.3074], [11.4, 7.2, 7.2])
    fig = simplenn_figures.plot_training({"default": run, "zero": zero})
    ax_loss, ax_zoom, ax_acc = fig.axes
    assert len(ax_loss.lines) == 4 and len(ax_zoom.lines) == 2 and len(ax_acc.lines) == 2
    # training losses from epoch 1, test losses and accuracies from epoch 0 (before training), each drawn at
    # FIGURE_DIGITS significant digits (2.3059 as 2.306)
    def points(values, first_epoch):
        return list(range(first_epoch, first_epoch + len(values))), list(significant(values, FIGURE_DIGITS))

    assert [drawn(line) for line in ax_loss.lines] == [
        points(run.train_loss, 1), points(run.test_loss, 0), points(zero.train_loss, 1), points(zero.test_loss, 0)]
    assert drawn(ax_loss.lines[2])[1] == [2.306, 2.304]
    assert [drawn(line) for line in ax_zoom.lines] == [points(zero.train_loss, 1), points(zero.test_loss, 0)]
    assert [drawn(line) for line in ax_acc.lines] == [points(run.test_accuracy, 0), points(zero.test_accuracy, 0)]
    assert [line.get_color() for line in ax_acc.lines] == ["C0", "C3"], "default blue, zero red, as the caption says"
    low, high = ax_zoom.get_ylim()
    assert high - low < 0.01, "the zoomed panel spans the zero start's losses only"
    assert len(fig.legends) == 1 and not any(ax.get_legend() for ax in fig.axes), "one legend, off the panels"
    plt.close(fig)
