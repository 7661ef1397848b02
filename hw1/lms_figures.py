"""Lab 1's figures: each function takes computed data and returns a matplotlib Figure.

The notebook saves them with ``hw1.report.save_figure``; the standalone Lab 1 script with
``fig.savefig``. This module imports only numpy, matplotlib and hw1's argument checks and figure
style (``hw1.report.STYLE``, applied while each figure is drawn), so both give the same picture.
"""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from hw1.params import POSITIVE, check_array, check_scalar, check_type, describe
from hw1.report import FIG_WIDTH, LABELS, STYLE, _significant, significant

MSE_LABEL = r"MSE $=\Vert D - XW\Vert^2/(2K)$"
# A log axis shows values up to this: near float64's limit (1e308) its ticks overflow. Only a run
# that has blown up (MSE above hw1.lms.MAX_MSE = 1e100, where it is stopped) gets there.
LOG_TOP = 1e200
# a legend under its axes, off the data
# the stability plot's factor axis stops here (the curves go on rising beyond it)
RHO_TOP = 1e8
# ... and at the bottom, at most here: with many samples the factor per epoch can underflow to 0
RHO_BOTTOM = 1e-100
BELOW = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.2), "handlelength": 1.5, "columnspacing": 0.8,
         "frameon": False}


# What is drawn comes from float64 sums whose last bits depend on the BLAS kernel, and a PDF keeps
# positions to 1e-10 pt (and sorts 3-D polygons by depth): values are drawn at this many significant
# digits, so the figures are the same file on every machine.
DIGITS = 8


def _style():
    return matplotlib.rc_context(STYLE)


def plot_mse_per_epoch(mse_per_epoch, mse_star, *, lr):
    """Problem (b): the MSE after each epoch of one LMS run (log scale), and MSE(W*)."""
    # a run that blew up ends above max_mse, possibly at inf: a result, drawn as it is
    mse_per_epoch = check_array("mse_per_epoch", mse_per_epoch, ndim=1, finite=False)
    mse_star = check_scalar("mse_star", mse_star, float, min_val=0)  # 0 on noise-free data: not drawn
    return _plot_mse_per_epoch(mse_per_epoch, mse_star, lr=check_scalar("lr", lr, float, **POSITIVE))


def _plot_mse_per_epoch(mse_per_epoch, mse_star, *, lr):
    """:func:`plot_mse_per_epoch` without the checks."""
    mse_per_epoch, mse_star = _significant(mse_per_epoch, DIGITS), float(_significant(mse_star, DIGITS))
    epochs = np.arange(1, len(mse_per_epoch) + 1)
    with _style():
        # drawn at the width the report prints it (0.8 of the text), so its text keeps its size
        fig, ax = plt.subplots(figsize=(0.8 * FIG_WIDTH, 2.4), layout="constrained")
        _semilogy_finite(ax, epochs, mse_per_epoch, "o-", ms=3, label=f"LMS, $r = {lr:g}$")
        if mse_star > 0:  # 0 on noise-free data: no line on a log axis
            ax.axhline(mse_star, color="k", ls="--", lw=0.8, label=r"Wiener solution, MSE$(W^*)$")
        ax.set(title=f"LMS with $r = {lr:g}$: MSE over the data set after each epoch",
               xlabel="epoch", ylabel=MSE_LABEL, xticks=epochs)
        ax.legend(loc="upper right")
    return fig


def plot_planes(X, D, W_star, W_lms, *, lr):
    """Problem (c): the data with both planes in 3-D, and the residuals against the fitted value."""
    X = check_array("X", X, shape=(None, 3))
    D = check_array("D", D, shape=(len(X),), to_match="the rows of X")
    # a diverging run's weights may have overflowed: a result, drawn as far as it is finite
    W_star, W_lms = check_array("W_star", W_star, shape=(3,)), check_array("W_lms", W_lms, shape=(3,), finite=False)
    return _plot_planes(X, D, W_star, W_lms, lr=check_scalar("lr", lr, float, **POSITIVE))


def _plot_planes(X, D, W_star, W_lms, *, lr):
    """:func:`plot_planes` without the checks."""
    W_star, W_lms = _significant(W_star, DIGITS), _significant(W_lms, DIGITS)
    with np.errstate(over="ignore", invalid="ignore"):  # overflowed weights: drawn as far as finite
        fitted = {"star": _significant(X @ W_star, DIGITS), "lms": _significant(X @ W_lms, DIGITS)}
    residual = {key: _significant(D - value, DIGITS) for key, value in fitted.items()}
    with _style():
        fig = plt.figure(figsize=(FIG_WIDTH, 2.9))
        ax3d = fig.add_axes([0.0, 0.02, 0.5, 0.86], projection="3d")
        lo = np.floor(X[:, 1:].min())
        hi = np.ceil(X[:, 1:].max())
        g1, g2 = np.meshgrid(np.linspace(lo, hi, 11), np.linspace(lo, hi, 11))
        ax3d.plot_surface(g1, g2, W_star[0] + W_star[1] * g1 + W_star[2] * g2,
                          color="tab:orange", alpha=0.3)
        ax3d.plot_wireframe(g1, g2, W_lms[0] + W_lms[1] * g1 + W_lms[2] * g2, color="tab:blue", lw=0.4)
        ax3d.scatter(X[:, 1], X[:, 2], D, s=5, color="k", depthshade=False)
        for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis):
            axis.set_major_locator(MaxNLocator(4, integer=True))
        ax3d.tick_params(pad=0)
        ax3d.set_xlabel("$x_1$", labelpad=-4)
        ax3d.set_ylabel("$x_2$", labelpad=-2)
        ax3d.set_zlabel("$d$", labelpad=-4)
        ax3d.set_title("data (dots), Wiener plane (orange),\n"
                       f"LMS plane, $r = {lr:g}$ (blue wireframe)", y=1.0)
        ax3d.view_init(elev=14, azim=-60)
        ax = fig.add_axes([0.63, 0.15, 0.36, 0.68])
        ax.plot(fitted["star"], residual["star"], "o", ms=3, mfc="none", color="tab:orange",
                label="Wiener $W^*$")
        ax.plot(fitted["lms"], residual["lms"], "x", ms=3, color="tab:blue", label=f"LMS, $r = {lr:g}$")
        ax.axhline(0, color="k", lw=0.6)
        residuals = np.abs(np.concatenate([residual["star"], residual["lms"]]))
        residuals = residuals[np.isfinite(residuals)]
        # at least a little above 0 (a perfect fit), so that the two limits differ
        top = 1.6 * max(residuals.max(initial=0), np.finfo(float).tiny / np.finfo(float).eps)
        ax.set(title="residuals against the fitted value", xlabel=r"fitted value $\hat y = W^\top x$",
               ylabel=r"residual $d - \hat y$", ylim=(-top, top))
        ax.legend(loc="upper center", ncol=2, handletextpad=0.2, columnspacing=0.8)
    return fig


def _positive_range(*arrays):
    """(smallest, largest) of the positive finite entries of ``arrays``, or None if there is none:
    the data's extent on a log axis."""
    values = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])
    values = values[np.isfinite(values) & (values > 0)]
    return (values.min(), values.max()) if values.size else None


def _semilogy_finite(ax, x, y, *args, **kwargs):
    """``ax.semilogy`` of the points where ``y`` is positive and at most :data:`LOG_TOP` (a blown-up
    run's last MSE may be huge or inf; a noise-free fit's MSE may be 0)."""
    x, y = np.asarray(x), np.asarray(y, dtype=float)
    keep = (y > 0) & (y <= LOG_TOP)
    ax.semilogy(x[keep], y[keep], *args, **kwargs)


def _note(ax, text):
    """A panel with nothing to draw says why, in its middle."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", wrap=True)
    ax.set_yscale("log")


def plot_rates(histories, mse_star, *, converging):
    """Problem (d) in two panels: the MSE per epoch of the converging rates (how far above MSE(W*)),
    and of the others, beside the largest converging rate for comparison.

    Parameters
    ----------
    histories : dict {lr: mse_per_epoch}  the runs (a blown-up run is shorter; its last MSE may be inf)
    mse_star : float  MSE(W*) (not drawn if 0, as on noise-free data)
    converging : collection of rates  those of ``histories`` whose end-of-epoch weights converge
        (``rho(A) < 1``): the first panel; the others go to the second
    """
    check_type("histories", histories, dict, "a dict {lr: mse_per_epoch}")
    histories = {check_scalar("a rate of histories", lr, float, **POSITIVE):
                 check_array(f"histories[{lr!r}]", h, ndim=1, finite=False) for lr, h in histories.items()}
    mse_star = check_scalar("mse_star", mse_star, float, min_val=0)
    converging = {check_scalar("a rate of converging", lr, float, **POSITIVE) for lr in check_type(
        "converging", converging, (list, tuple, set, frozenset), "a collection of rates")}
    return _plot_rates(histories, mse_star, converging=converging)


def _plot_rates(histories, mse_star, *, converging):
    """:func:`plot_rates` without the checks."""
    histories = {lr: _significant(h, DIGITS) for lr, h in histories.items()}
    mse_star = float(_significant(mse_star, DIGITS))
    rates = list(histories)
    converging = [lr for lr in rates if lr in converging]
    others = [lr for lr in rates if lr not in converging]
    largest = max(converging, default=None)
    color = {lr: f"C{i % 10}" for i, lr in enumerate(rates)}
    with _style():
        fig, axes = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.0), layout="constrained")
        ax = axes[0]
        # the converging runs all end near MSE(W*): what tells them apart is how far above it they end
        excess = {lr: histories[lr] - mse_star for lr in converging}
        for lr in converging:
            _semilogy_finite(ax, np.arange(1, len(excess[lr]) + 1), excess[lr], "o-", ms=2,
                             color=color[lr], label=f"$r = {lr:g}$")
        extent = _positive_range(*excess.values()) if excess else None
        if not converging:
            _note(ax, "no listed rate\nconverges")
        elif extent is None:  # nothing above MSE(W*) to draw on a log axis
            _note(ax, f"every converging run is at\nMSE$(W^*)$ to {DIGITS} digits")
        else:
            ax.set_ylim(extent[0] / 2.5, extent[1] * 5)
            ax.legend(**BELOW, ncol=2)
        ax.set(title="converging rates:\nMSE above MSE$(W^*)$", xlabel="epoch",
               ylabel="MSE $-$ MSE$(W^*)$ (log)")
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax = axes[1]
        for lr in ([largest] if largest is not None else []) + others:
            off_scale = not np.any(np.asarray(histories[lr]) <= LOG_TOP)
            label = f"$r = {lr:g}$" + (f" (MSE above {LOG_TOP:.0e}: not drawn)" if off_scale else "")
            _semilogy_finite(ax, np.arange(1, len(histories[lr]) + 1), histories[lr], "o-", ms=2,
                             color=color[lr], label=label)
        if others:
            ax.legend(**BELOW)
        else:
            _note(ax, "every listed rate\nconverges")
        ax.set(title="rates that do not converge" if largest is None else
               "rates that do not converge,\nand the largest one that does", xlabel="epoch", ylabel="MSE (log)")
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    return fig


def plot_within_epoch(within, *, lr):
    """Problem (d), one more epoch at the rate ``lr``: the MSE after each single step, and at the
    epoch's end.

    Parameters
    ----------
    within : ndarray (K,) or None  entry k: the MSE after the update with sample k (hw1.lms.within_epoch_mse)
    lr : float or None  the rate; None (and ``within`` None) when no listed rate converges: the figure says so
    """
    if lr is None:
        if within is not None:
            raise ValueError(f"within is {describe(within)}; expected None when lr is None.")
    else:
        lr = check_scalar("lr", lr, float, **POSITIVE)
        within = _significant(check_array("within", within, ndim=1, finite=False), DIGITS)
    with _style():
        fig, ax = plt.subplots(figsize=(0.6 * FIG_WIDTH, 2.4), layout="constrained")
        if lr is None:
            _note(ax, "no converging rate\nto follow within an epoch")
            ax.set_title("within one more epoch")
        else:
            steps = np.arange(1, len(within) + 1)
            _semilogy_finite(ax, steps, within, "-", lw=0.8, label="after each step")
            _semilogy_finite(ax, steps[-1:], within[-1:], "o", color="k", ms=4, label="end of epoch")
            ax.set_title(f"$r = {lr:g}$, within one more epoch")
            ax.legend(**BELOW, ncol=2)
        ax.set(xlabel="sample $k$ (step)", ylabel="MSE (log)")
    return fig


def plot_stability(lrs, mse_20, mse_fixed, radius_cyclic, radius_iid, limits, mse_star, *, num_epochs):
    """Appendix: the MSE after ``num_epochs`` epochs and of the fixed point, and the per-epoch
    factors of the two orders (cyclic ``rho(A)``, i.i.d. ``rho(M)^(K/2)``), against the rate; the
    factor axis ends at :data:`RHO_TOP` (its whole lower range is shown).

    Parameters
    ----------
    lrs : ndarray (R,)  the sweep of rates
    mse_20, mse_fixed : ndarray (R,)  MSE after ``num_epochs`` epochs (inf once blown up) and of
        the fixed point (NaN where unstable)
    radius_cyclic, radius_iid : ndarray (R,)  per-epoch factors of the two orders
    limits : dict {name: rate}  vertical lines, labelled as hw1.report.LABELS names them
    mse_star : float
    """
    lrs = check_array("lrs", lrs, ndim=1)
    # overflowed runs read inf, unstable fixed points NaN: results, drawn as they are
    mse_20, mse_fixed, radius_cyclic, radius_iid = (
        check_array(name, a, shape=lrs.shape, finite=False, to_match="lrs") for name, a in (
            ("mse_20", mse_20), ("mse_fixed", mse_fixed), ("radius_cyclic", radius_cyclic),
            ("radius_iid", radius_iid)))
    for name, a in (("mse_20", mse_20), ("mse_fixed", mse_fixed), ("radius_cyclic", radius_cyclic),
                    ("radius_iid", radius_iid)):
        if np.any(a < 0):
            raise ValueError(f"{name} holds negative values; expected values >= 0 (inf or NaN where blown up).")
    check_type("limits", limits, dict, "a dict {name: rate}")
    limits = {LABELS.get(name, name): check_scalar(f"limits[{name!r}]", rate, float, **POSITIVE)
              for name, rate in limits.items()}
    mse_star = float(significant(check_scalar("mse_star", mse_star, float, min_val=0), DIGITS))
    num_epochs = check_scalar("num_epochs", num_epochs, int, min_val=1)
    mse_20, mse_fixed, radius_cyclic, radius_iid = (significant(a, DIGITS) for a in
                                                    (mse_20, mse_fixed, radius_cyclic, radius_iid))
    with _style():
        fig, (ax_mse, ax_rho) = plt.subplots(2, 1, sharex=True, figsize=(FIG_WIDTH, 5.2),
                                             layout="constrained")
        # the MSE axis spans the fixed points' MSE and MSE(W*), with room above: a diverging
        # run leaves it at the top
        extent = _positive_range(mse_star, mse_fixed) or _positive_range(mse_20) or (1.0, 1.0)
        top = 1e3 * extent[1]
        shown = mse_20 < top
        ax_mse.loglog(lrs[shown], mse_20[shown], label=f"after {num_epochs} epochs (cyclic)")
        ax_mse.loglog(lrs, mse_fixed, "--", label="of the fixed point $W_r$")
        if mse_star > 0:
            ax_mse.axhline(mse_star, color="k", ls=":", lw=0.8, label="MSE$(W^*)$")
        ax_mse.set(title="LMS stability against the learning rate", ylabel=MSE_LABEL,
                   ylim=(extent[0] / 2, top))
        ax_mse.legend(loc="upper left")
        # beyond LOG_TOP (many samples, large rates) the curves are far off the axis: not drawn
        ax_rho.loglog(lrs, np.where(radius_cyclic <= LOG_TOP, radius_cyclic, np.nan), color="tab:purple",
                      label=r"cyclic order: $\rho(A)$")
        ax_rho.loglog(lrs, np.where(radius_iid <= LOG_TOP, radius_iid, np.nan), color="tab:brown",
                      label=r"i.i.d. order: $\rho(M)^{K/2}$")
        ax_rho.axhline(1, color="k", lw=0.6)
        lowest = _positive_range(radius_cyclic, radius_iid)
        bottom = max(min(lowest[0] if lowest else 1.0, 1.0) / 5, RHO_BOTTOM)
        ax_rho.set(xlabel="learning rate $r$", ylabel="factor per epoch (log)", ylim=(bottom, RHO_TOP))
        styles = ["-.", "--", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), "-"]
        # colours the curves above do not use (C0, C1 for the MSE; purple C4 and brown C5 for the factors)
        colors = ["C2", "C3", "C9", "C7", "C8", "k"]
        for (label, value), ls, color in zip(limits.items(), styles, colors):
            for ax in (ax_mse, ax_rho):
                ax.axvline(value, color=color, ls=ls, lw=1.0)
            ax_rho.plot([], [], color=color, ls=ls, lw=1.0, label=f"{label} = {value:.3f}")
        ax_rho.legend(**{**BELOW, "bbox_to_anchor": (0.5, -0.3)}, ncol=2)
        ax_mse.legend(loc="upper center")  # the data keep to the bottom and the right
    return fig
