"""Lab 1's figures: each function takes computed data and returns a matplotlib Figure.

The notebook saves them with ``hw1.report.save_figure``; the standalone Lab 1 script with
``fig.savefig``. This module imports only numpy, matplotlib and hw1.params (the argument checks),
and draws with its own style (:data:`STYLE`), so both give the same picture.
"""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from hw1.params import check_array, check_scalar, check_type

# The report's text width (inches); figures are shown at this width, so 8 pt text stays >= 7 pt.
FIG_WIDTH = 6.4
STYLE = {"font.size": 8.5, "axes.titlesize": 8.5, "axes.labelsize": 8.5, "legend.fontsize": 7.5,
         "xtick.labelsize": 7.5, "ytick.labelsize": 7.5, "axes.grid": True, "grid.alpha": 0.3,
         "font.family": "DejaVu Sans"}
MSE_LABEL = r"MSE $=\Vert D - XW\Vert^2/(2K)$"
# a legend under its axes, off the data
# the stability plot's factor axis stops here (the curves go on rising beyond it)
RHO_TOP = 1e8
BELOW = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.2), "handlelength": 1.5, "columnspacing": 0.8,
         "frameon": False}


def _style():
    return matplotlib.rc_context(STYLE)


def _check_rate(name, lr):
    return check_scalar(name, lr, float, min_val=0, include_boundaries="neither")


def _check_mse_star(mse_star):
    return check_scalar("mse_star", mse_star, float, min_val=0, include_boundaries="neither")


def plot_mse_per_epoch(mse_per_epoch, mse_star, *, lr):
    """Problem (b): the MSE after each epoch of one LMS run (log scale), and MSE(W*)."""
    # a run that blew up ends above max_mse, possibly at inf: a result, drawn as it is
    mse_per_epoch = check_array("mse_per_epoch", mse_per_epoch, ndim=1, finite=False)
    mse_star, lr = _check_mse_star(mse_star), _check_rate("lr", lr)
    epochs = np.arange(1, len(mse_per_epoch) + 1)
    with _style():
        fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.1), layout="constrained")
        ax.semilogy(epochs, mse_per_epoch, "o-", ms=3, label=f"LMS, $r = {lr:g}$")
        ax.axhline(mse_star, color="k", ls="--", lw=0.8, label=r"Wiener solution, MSE$(W^*)$")
        ax.set(title=f"LMS with $r = {lr:g}$: MSE over the data set after each epoch",
               xlabel="epoch", ylabel=MSE_LABEL, xticks=epochs)
        ax.legend(loc="upper right")
    return fig


def plot_planes(X, D, W_star, W_lms, *, lr):
    """Problem (c): the data with both planes in 3-D, and the residuals against the fitted value."""
    X = check_array("X", X, shape=(None, 3))
    D = check_array("D", D, shape=(len(X),), to_match="the rows of X")
    W_star, W_lms = check_array("W_star", W_star, shape=(3,)), check_array("W_lms", W_lms, shape=(3,))
    lr = _check_rate("lr", lr)
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
        ax.plot(X @ W_star, D - X @ W_star, "o", ms=3, mfc="none", color="tab:orange",
                label="Wiener $W^*$")
        ax.plot(X @ W_lms, D - X @ W_lms, "x", ms=3, color="tab:blue", label=f"LMS, $r = {lr:g}$")
        ax.axhline(0, color="k", lw=0.6)
        top = 1.6 * np.abs(np.concatenate([D - X @ W_star, D - X @ W_lms])).max()
        ax.set(title="residuals against the fitted value", xlabel=r"fitted value $\hat y = W^\top x$",
               ylabel=r"residual $d - \hat y$", ylim=(-top, top))
        ax.legend(loc="upper center", ncol=2, handletextpad=0.2, columnspacing=0.8)
    return fig


def plot_rates(histories, mse_star, within, *, lr_within):
    """Problem (d) in three panels: the MSE per epoch of the converging and of the diverging rates,
    and the MSE after each single step of one more epoch at ``lr_within``.

    Parameters
    ----------
    histories : dict {lr: mse_per_epoch}  the runs; those whose last MSE is above their first
        (diverging) go to the second panel, with ``lr_within`` for comparison
    mse_star : float  MSE(W*)
    within : ndarray (K,)  MSE after each step of the extra epoch at ``lr_within``
    lr_within : float  one of the converging rates
    """
    check_type("histories", histories, dict, "a dict {lr: mse_per_epoch}")
    histories = {_check_rate("a rate of histories", lr): check_array(f"histories[{lr!r}]", h, ndim=1, finite=False)
                 for lr, h in histories.items()}
    mse_star, within = _check_mse_star(mse_star), check_array("within", within, ndim=1, finite=False)
    if _check_rate("lr_within", lr_within) not in histories:
        raise ValueError(f"lr_within is {lr_within!r}; expected one of the rates of histories, {list(histories)}.")
    diverging = [lr for lr, h in histories.items() if h[-1] > h[0]]
    converging = [lr for lr in histories if lr not in diverging]
    with _style():
        fig, axes = plt.subplots(1, 3, figsize=(FIG_WIDTH, 3.0), layout="constrained",
                                 gridspec_kw={"width_ratios": [1.15, 1, 1]})
        ax = axes[0]
        for lr in converging:
            ax.semilogy(np.arange(1, len(histories[lr]) + 1), histories[lr], "o-", ms=2,
                        label=f"$r = {lr:g}$")
        ax.axhline(mse_star, color="k", ls="--", lw=0.8, label="MSE$(W^*)$")
        ax.set(title="converging rates", xlabel="epoch", ylabel=MSE_LABEL + " (log)", ylim=(2e-5, 5))
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.legend(**BELOW, ncol=2)
        ax = axes[1]
        for i, lr in enumerate([lr_within] + diverging):
            ax.semilogy(np.arange(1, len(histories[lr]) + 1), histories[lr], "o-", ms=2,
                        color=f"C{3 + i if i else converging.index(lr_within)}", label=f"$r = {lr:g}$")
        ax.set(title="larger rates", xlabel="epoch", ylabel="MSE (log)")
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.legend(**BELOW)
        ax = axes[2]
        steps = np.arange(1, len(within) + 1)
        ax.semilogy(steps, within, "-", lw=0.8, color=f"C{converging.index(lr_within)}",
                    label="after each step")
        ax.semilogy(steps[-1], within[-1], "o", color="k", ms=4, label="end of epoch")
        ax.set(title=f"$r = {lr_within:g}$, within one more epoch", xlabel="sample $k$ (step)",
               ylabel="MSE (log)")
        ax.legend(**BELOW)
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
    limits : dict {label: rate}  vertical lines (mathtext labels)
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
    check_type("limits", limits, dict, "a dict {label: rate}")
    limits = {label: _check_rate(f"limits[{label!r}]", rate) for label, rate in limits.items()}
    mse_star = _check_mse_star(mse_star)
    num_epochs = check_scalar("num_epochs", num_epochs, int, min_val=1)
    with _style():
        fig, (ax_mse, ax_rho) = plt.subplots(2, 1, sharex=True, figsize=(FIG_WIDTH, 5.2),
                                             layout="constrained")
        shown = mse_20 < 1e3
        ax_mse.loglog(lrs[shown], mse_20[shown], label=f"after {num_epochs} epochs (cyclic)")
        ax_mse.loglog(lrs, mse_fixed, "--", label="of the fixed point $W_r$")
        ax_mse.axhline(mse_star, color="k", ls=":", lw=0.8, label="MSE$(W^*)$")
        ax_mse.set(title="LMS stability against the learning rate", ylabel=MSE_LABEL,
                   ylim=(mse_star / 2, 1e3))
        ax_mse.legend(loc="upper left")
        ax_rho.loglog(lrs, radius_cyclic, color="tab:purple", label=r"cyclic order: $\rho(A)$")
        ax_rho.loglog(lrs, radius_iid, color="tab:brown", label=r"i.i.d. order: $\rho(M)^{K/2}$")
        ax_rho.axhline(1, color="k", lw=0.6)
        lowest = min(np.nanmin(radius_cyclic), np.nanmin(radius_iid))
        ax_rho.set(xlabel="learning rate $r$", ylabel="factor per epoch (log)",
                   ylim=(lowest / 5, RHO_TOP))
        styles = ["-.", "--", ":", (0, (5, 1, 1, 1)), (0, (1, 1)), "-"]
        for (label, value), ls, color in zip(limits.items(), styles, [f"C{i}" for i in range(6)]):
            for ax in (ax_mse, ax_rho):
                ax.axvline(value, color=color, ls=ls, lw=1.0)
            ax_rho.plot([], [], color=color, ls=ls, lw=1.0, label=f"{label} = {value:.3f}")
        ax_rho.legend(**{**BELOW, "bbox_to_anchor": (0.5, -0.3)}, ncol=2)
        ax_mse.legend(loc="upper center")  # the data keep to the bottom and the right
    return fig
