"""hw1.lms_figures: every Lab 1 figure is a Figure with titled, labelled axes, math in mathtext, text
large enough to read at the report's width, and legends that do not cover the plotted data."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from hw1 import lms, lms_figures  # noqa: E402

RAW_MATH = ["y_hat", "W^T", "||", "^2 /", "rho(", "lambda_"]


def small_data():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(40), rng.standard_normal((40, 2))])
    return X, X @ [1.0, 1.0, -2.0] + 0.01 * rng.standard_normal(40)


def figures():
    X, D = small_data()
    W_star = lms.wiener_solution(X, D)
    mse_star = lms.mse(X, D, W_star)
    rate_runs = {lr: lms.run_rate(X, D, lr, 8) for lr in [0.01, 0.05, 0.5, 1.2]}
    runs = {lr: r.mse_per_epoch for lr, r in rate_runs.items()}
    converging = [lr for lr, r in rate_runs.items() if r.outcome == "converges"]
    assert converging == [0.01, 0.05, 0.5]
    run = lms.train_lms(X, D, 0.01, 8)
    sweep = lms.stability_sweep(X, D, np.geomspace(1e-3, 2, 60), 8)
    bounds = lms.stability_bounds(X)
    limits = {r"per-sample $\min_k 2/\Vert x_k\Vert^2$": bounds.per_sample, "mean": bounds.mean}
    return {
        "mse": lms_figures.plot_mse_per_epoch(run.mse_per_epoch, mse_star, lr=0.01),
        "planes": lms_figures.plot_planes(X, D, W_star, run.w, lr=0.01),
        "rates": lms_figures.plot_rates(runs, mse_star, converging=converging),
        # other data sets: no listed rate converges, or every one does
        "rates, none converge": lms_figures.plot_rates(runs, mse_star, converging=[]),
        "rates, all converge": lms_figures.plot_rates({lr: runs[lr] for lr in converging}, 0.0,
                                                      converging=converging),
        "within": lms_figures.plot_within_epoch(lms.within_epoch_mse(X, D, 0.5, W_star), lr=0.5),
        "within, none converge": lms_figures.plot_within_epoch(None, lr=None),
        "stability": lms_figures.plot_stability(sweep.lrs, sweep.mse_final, sweep.mse_fixed, sweep.radius_cyclic,
                                                sweep.radius_iid, limits, mse_star, num_epochs=8),
    }


@pytest.fixture(scope="module")
def drawn():
    figs = figures()
    for fig in figs.values():
        fig.canvas.draw()
    yield figs
    for fig in figs.values():
        plt.close(fig)


def test_axes_have_titles_and_labels(drawn):
    for name, fig in drawn.items():
        assert fig.axes[0].get_title(), f"{name}: no title"
        for ax in fig.axes:
            shows_x = any(label.get_visible() and label.get_text() for label in ax.get_xticklabels())
            assert ax.get_ylabel(), f"{name}: {ax.get_title()!r} lacks a y label"
            assert ax.get_xlabel() or not shows_x, f"{name}: {ax.get_title()!r} lacks an x label"


def test_text_is_mathtext_and_readable(drawn):
    for name, fig in drawn.items():
        for text in fig.findobj(matplotlib.text.Text):
            content = text.get_text()
            if not content or not text.get_visible():
                continue
            assert text.get_fontsize() >= 7, f"{name}: {content!r} is {text.get_fontsize()} pt"
            if "$" not in content:
                assert not any(raw in content for raw in RAW_MATH), f"{name}: raw math {content!r}"


def test_legends_do_not_cover_data(drawn):
    for name, fig in drawn.items():
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            legend = ax.get_legend()
            if legend is None or ax.name == "3d":
                continue
            box = legend.get_window_extent(renderer)
            for line in ax.get_lines():
                points = line.get_transform().transform(np.column_stack(line.get_data()))
                points = points[np.all(np.isfinite(points), axis=1)]
                inside = ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                          & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
                assert not inside.any(), f"{name}: the legend of {ax.get_title()!r} covers {line.get_label()!r}"


def test_rates_panels_follow_the_outcomes(drawn):
    """Which curves go to which panel is the caller's verdict; an empty panel says why."""
    def labels(ax):
        return [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]

    def notes(ax):
        return [t.get_text() for t in ax.texts]

    left, middle = drawn["rates"].axes
    assert labels(left)[:3] == ["$r = 0.01$", "$r = 0.05$", "$r = 0.5$"]
    assert labels(middle) == ["$r = 0.5$", "$r = 1.2$"]
    left, middle = drawn["rates, none converge"].axes
    assert notes(left) == ["no listed rate\nconverges"]
    assert notes(drawn["within, none converge"].axes[0]) == ["no converging rate\nto follow within an epoch"]
    assert labels(middle) == ["$r = 0.01$", "$r = 0.05$", "$r = 0.5$", "$r = 1.2$"]
    left, middle = drawn["rates, all converge"].axes
    assert notes(middle) == ["every listed rate\nconverges"] and labels(middle) == ["$r = 0.5$"]
    assert "MSE$(W^*)$" not in labels(left), "MSE(W*) = 0 has no place on a log axis"


def test_functions_return_figures():
    assert all(isinstance(fig, matplotlib.figure.Figure) for fig in figures().values())
    plt.close("all")


def test_rates_left_panel_draws_each_converging_run_above_mse_star_and_the_others_as_they_are():
    histories = {0.01: np.array([3.0, 2.0, 1.5]), 0.5: np.array([1.25, 1.25, 1.25]), 1.2: np.array([4.0, 40.0])}
    fig = lms_figures.plot_rates(histories, 1.0, converging=[0.01, 0.5])
    left, middle = fig.axes[0], fig.axes[1]
    drawn = {line.get_label(): line.get_ydata() for line in left.get_lines()}
    np.testing.assert_array_equal(drawn["$r = 0.01$"], [2.0, 1.0, 0.5])  # 3 - 1, 2 - 1, 1.5 - 1
    np.testing.assert_array_equal(drawn["$r = 0.5$"], [0.25, 0.25, 0.25])
    assert "$r = 1.2$" not in drawn  # the diverging run is in the middle panel, as it is
    middle_drawn = {line.get_label(): line.get_ydata() for line in middle.get_lines()}
    np.testing.assert_array_equal(middle_drawn["$r = 1.2$"], [4.0, 40.0])
    np.testing.assert_array_equal(middle_drawn["$r = 0.5$"], [1.25, 1.25, 1.25])
    plt.close(fig)


def test_stability_limit_lines_look_like_no_curve():
    """Each limit's vertical line has a colour of its own: none is drawn like a curve of either panel."""
    lrs = np.geomspace(0.01, 2, 20)
    fig = lms_figures.plot_stability(lrs, np.linspace(1, 2, 20), np.linspace(1, 2, 20), np.linspace(0.5, 2, 20),
                                     np.linspace(0.6, 2.5, 20), {"per_sample_bound": 0.2, "iid_limit": 0.4,
                                                                 "cyclic_critical_rate": 0.6, "trace_rule": 0.7,
                                                                 "mean_bound": 1.7}, 0.5, num_epochs=20)
    curves, limits = set(), []
    for ax in fig.axes:
        for line in ax.get_lines():
            xdata = np.asarray(line.get_xdata(), dtype=float)
            if xdata.size == 0:  # a legend entry only
                continue
            colour = matplotlib.colors.to_hex(line.get_color())
            if xdata.size == 2 and xdata[0] == xdata[1]:  # axvline
                limits.append(colour)
            elif xdata.size == lrs.size:
                curves.add(colour)
    assert len(limits) == 2 * 5  # each limit in both panels
    assert len(set(limits)) == 5 and not set(limits) & curves, (limits, curves)
    plt.close(fig)
