"""Section 1's figures: each function takes computed results and returns a matplotlib Figure.

The experiments are in :mod:`hw1.true_false`; the notebook runs them, calls these functions and
saves the figures with :func:`hw1.report.save_figure`. Style: :data:`hw1.report.STYLE`.
"""
import matplotlib.pyplot as plt
import numpy as np

from hw1 import true_false
from hw1.params import check_array, check_int_array, check_scalar, check_type
from hw1.report import FIG_WIDTH, significant

# A perfect fit's training error is round-off (1e-30): it is drawn at this floor instead.
TRAIN_ERROR_FLOOR = 1e-8
# Points at which the fitted polynomials are drawn.
NUM_GRID = 400


def plot_overfit_fits(x, d, x_jittered, d_jittered, *, low_degree, high_degree, noise_std):
    """Problem 1.1 on one training set: the true cubic, the points, the fits of ``low_degree`` and
    ``high_degree`` to them, and the ``high_degree`` fit to the jittered copies (dashed).

    Parameters
    ----------
    x, d : ndarray (n,)  the training set
    x_jittered, d_jittered : ndarray ((num_copies + 1) * n,)  it with its jittered copies, from
        :func:`hw1.true_false.jitter_inputs`
    low_degree, high_degree : int  at most n - 1
    noise_std : float  the label noise the set was drawn with (for the title)
    """
    x = check_array("x", x, ndim=1)
    d = check_array("d", d, shape=x.shape, to_match="x")
    x_jittered = check_array("x_jittered", x_jittered, ndim=1)
    d_jittered = check_array("d_jittered", d_jittered, shape=x_jittered.shape, to_match="x_jittered")
    if len(x_jittered) % len(x) or len(x_jittered) < 2 * len(x):
        raise ValueError(f"x_jittered has {len(x_jittered)} points; expected x ({len(x)} points) and at least "
                         "one jittered copy of it.")
    low_degree = check_scalar("low_degree", low_degree, int, min_val=0, max_val=len(x) - 1)
    high_degree = check_scalar("high_degree", high_degree, int, min_val=0, max_val=len(x) - 1)
    noise_std = check_scalar("noise_std", noise_std, float, min_val=0)
    num_copies = len(x_jittered) // len(x) - 1
    grid = np.linspace(-1, 1, NUM_GRID)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.8), layout="constrained")
    ax.plot(grid, true_false.true_cubic(grid), color="black", lw=2, label="true cubic $1.5x^3 - x$")
    for x_fit, d_fit, degree, style, label in (
            (x, d, low_degree, "-", f"degree {low_degree}"), (x, d, high_degree, "-", f"degree {high_degree}"),
            (x_jittered, d_jittered, high_degree, "--", f"degree {high_degree}, {num_copies} jittered copies")):
        fit = true_false.fit_polynomial(x_fit, d_fit, degree)
        # a degree-14 fit is ill-conditioned: drawn to 6 significant digits, which do not depend on the BLAS
        ax.plot(grid, significant(true_false.eval_polynomial(fit, grid), 6), ls=style, label=label)
    ax.plot(x, d, "o", color="black", ms=4, label=f"{len(x)} training points")
    ax.set(ylim=(-1.5, 1.5), xlabel="input $x$ (dimensionless)", ylabel="target $d$ (dimensionless)",
           title=f"One training set ({len(x)} points, noise sd {noise_std:g}), three fits")
    fig.legend(loc="outside right upper")
    return fig


def _noise_run_label(degree, num_copies):
    """How a run of Problem 1.1's noise sweep is named: ``"degree 14 + input jitter"``."""
    return f"degree {degree}" + (" + input jitter" if num_copies else "")


def plot_overfit_errors(errors, sweeps, noise_runs, *, degrees, noise_levels, num_train, noise_std):
    """Problem 1.1 in two panels: median training and held-out error against the degree (log), and
    the median held-out error of each noise run against the label noise (log-log), with its slope.

    Parameters
    ----------
    errors : hw1.true_false.PolynomialErrors  of the fits of ``degrees``
    sweeps : dict {name: hw1.true_false.NoiseSweep}  one per run, over ``noise_levels``
    noise_runs : dict {name: (degree, num_copies)}  what each run of ``sweeps`` fitted
    degrees : list of int
    noise_levels : list of float  positive label-noise standard deviations
    num_train : int  training points per set; noise_std : float  the noise of the left panel
    """
    degrees = check_int_array("degrees", degrees, min_val=0)
    check_type("errors", errors, true_false.PolynomialErrors, "a PolynomialErrors")
    train = check_array("errors.train_median", errors.train_median, shape=(len(degrees),), to_match="degrees")
    test = check_array("errors.test_median", errors.test_median, shape=(len(degrees),), to_match="degrees")
    noise_levels = check_array("noise_levels", noise_levels, ndim=1)
    if np.any(noise_levels <= 0):
        raise ValueError(f"noise_levels is {noise_levels.tolist()}; expected positive standard deviations "
                         "(a log axis).")
    check_type("sweeps", sweeps, dict, "a dict {name: NoiseSweep}")
    check_type("noise_runs", noise_runs, dict, "a dict {name: (degree, num_copies)}")
    if set(sweeps) != set(noise_runs) or not sweeps:
        raise ValueError(f"sweeps has the runs {sorted(sweeps)} and noise_runs {sorted(noise_runs)}; "
                         "expected the same runs, at least one.")
    labels = {}
    for name, sweep in sweeps.items():
        check_type(f"sweeps[{name!r}]", sweep, true_false.NoiseSweep, "a NoiseSweep")
        check_array(f"sweeps[{name!r}].test_median", sweep.test_median, shape=noise_levels.shape,
                    to_match="noise_levels")
        run = check_int_array(f"noise_runs[{name!r}]", noise_runs[name], min_val=0)
        if len(run) != 2:
            raise ValueError(f"noise_runs[{name!r}] is {run}; expected (degree, num_copies).")
        labels[name] = _noise_run_label(*run)
    num_train = check_scalar("num_train", num_train, int, min_val=1)
    noise_std = check_scalar("noise_std", noise_std, float, min_val=0)
    fig, (ax_deg, ax_noise) = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.3), layout="constrained")
    # The fits of the highest degrees are ill-conditioned: their errors are drawn to 6 significant
    # digits, which do not depend on the processor (report.significant).
    ax_deg.semilogy(degrees, significant(np.maximum(train, TRAIN_ERROR_FLOOR)), "o-", ms=3,
                    label=f"training ({num_train} points)")
    ax_deg.semilogy(degrees, significant(test), "s-", ms=3, label="held-out (vs true cubic)")
    ax_deg.axvline(true_false.TRUE_DEGREE, color="grey", ls=":", lw=1)
    # Whole decades around the data: autoscaled limits would follow the last bits of the
    # ill-conditioned fits, and with them every tick's position in the PDF.
    decades = np.log10([TRAIN_ERROR_FLOOR, test.max()])
    ax_deg.set_ylim(10.0 ** np.floor(decades[0]), 10.0 ** np.ceil(decades[1]))
    ax_deg.set(xlabel="polynomial degree (parameters $-$ 1)", ylabel="median squared error",
               title=f"Error vs degree, noise sd {noise_std:g}")
    ax_deg.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22))
    for number, (name, sweep) in enumerate(sweeps.items()):
        ax_noise.loglog(noise_levels, significant(sweep.test_median), "o^s"[number % 3] + "-", ms=3,
                        label=f"{labels[name]} (slope {sweep.slope:.2f})")
    ax_noise.set(xlabel="label noise sd $\\sigma$ (dimensionless)", ylabel="median held-out squared error",
                 title="Held-out error vs label noise")
    ax_noise.set_xticks(noise_levels, [f"{v:g}" for v in noise_levels], minor=False)
    ax_noise.set_xticks([], minor=True)
    ax_noise.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22))
    return fig


def _coefficient(c):
    """A coefficient as a formula shows it: none for 1."""
    return "" if c == 1 else f"{c:g} "


def plot_descent_paths(bowl, curvatures, centers, full_path, mini_path, *, mini_batch_size):
    """Problem 1.3 in two panels: full-batch descent on the elongated bowl with the steepest-descent
    direction and the direction to the minimum at the start; and a full-batch and a mini-batch path on
    the rippled surface from the same start.

    Parameters
    ----------
    bowl : hw1.true_false.BowlDescent  on the bowl of ``curvatures`` (2,)
    centers : ndarray (N, 2)  the rippled surface's samples
    full_path, mini_path : ndarray (num_steps + 1, 2)  one run each of
        :func:`hw1.true_false.minibatch_descent`, full batch and ``mini_batch_size``, same start
    """
    check_type("bowl", bowl, true_false.BowlDescent, "a BowlDescent")
    path = check_array("bowl.path", bowl.path, shape=(None, 2))
    curvatures = check_array("curvatures", curvatures, shape=(2,))
    if np.any(curvatures <= 0):
        raise ValueError(f"curvatures is {curvatures.tolist()}; expected two positive numbers.")
    centers = check_array("centers", centers, shape=(None, 2))
    full_path = check_array("full_path", full_path, shape=(None, 2))
    mini_path = check_array("mini_path", mini_path, shape=(None, 2))
    if not np.array_equal(full_path[0], mini_path[0]):
        raise ValueError(f"full_path starts at {full_path[0].tolist()} and mini_path at {mini_path[0].tolist()}; "
                         "expected the same start.")
    mini_batch_size = check_scalar("mini_batch_size", mini_batch_size, int, min_val=1, max_val=len(centers))
    w0_bowl, w0_ripple = path[0], full_path[0]
    fig, (ax_bowl, ax_rip) = plt.subplots(1, 2, figsize=(FIG_WIDTH, 3.4), layout="constrained")
    g1, g2 = np.meshgrid(np.linspace(-4.5, 4.5, 301), np.linspace(-2, 2, 201))
    ax_bowl.contour(g1, g2, true_false.bowl_loss(np.stack([g1, g2], -1), curvatures), levels=12, colors="grey",
                    linewidths=0.6)
    ax_bowl.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=0.8, label="full-batch descent")
    down = -true_false.bowl_gradient(w0_bowl, curvatures)
    for direction, colour in ((down, "tab:red"), (-w0_bowl, "tab:green")):
        ax_bowl.annotate("", w0_bowl + 1.2 * direction / np.linalg.norm(direction), w0_bowl,
                         arrowprops=dict(arrowstyle="->", color=colour, lw=1.5))
    ax_bowl.plot([], [], color="tab:red", label="$-\\nabla L$ (steepest descent)")
    ax_bowl.plot([], [], color="tab:green", label="towards the minimum")
    ax_bowl.plot(0, 0, "k*", ms=8)
    formula = f"{_coefficient(curvatures[0])}w_1^2 + {_coefficient(curvatures[1])}w_2^2"
    ax_bowl.set(xlabel="weight $w_1$", ylabel="weight $w_2$", aspect="equal",
                title=f"Elongated bowl $\\frac{{1}}{{2}}({formula})$")
    r1, r2 = np.meshgrid(np.linspace(-4.5, 4.5, 301), np.linspace(-4.5, 4.5, 301))
    ax_rip.contour(r1, r2, true_false.rippled_loss(np.stack([r1, r2], -1), centers), levels=15, colors="grey",
                   linewidths=0.6)
    ax_rip.plot(mini_path[:, 0], mini_path[:, 1], lw=0.6, color="tab:orange", label=f"batch {mini_batch_size}")
    ax_rip.plot(full_path[:, 0], full_path[:, 1], lw=1.5, color="tab:blue", label=f"full batch ({len(centers)})")
    ax_rip.plot(*w0_ripple, "ko", ms=4)
    ax_rip.plot(0, 0, "k*", ms=8, label="global minimum")
    ax_rip.set(xlabel="weight $w_1$", ylabel="weight $w_2$", aspect="equal", title="Bowl with ripples")
    handles = [h for ax in (ax_bowl, ax_rip) for h in ax.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncol=3)
    return fig


def plot_batch_size(batch_sizes, percent_global, *, num_samples, num_starts, num_steps):
    """Problem 1.3: the share of starts that end at the global minimum against the batch size (log 2)."""
    num_samples = check_scalar("num_samples", num_samples, int, min_val=1)
    batch_sizes = check_int_array("batch_sizes", batch_sizes, min_val=1, max_val=num_samples)
    percent_global = check_array("percent_global", percent_global, shape=(len(batch_sizes),),
                                 to_match="batch_sizes")
    num_starts = check_scalar("num_starts", num_starts, int, min_val=1)
    num_steps = check_scalar("num_steps", num_steps, int, min_val=1)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.4), layout="constrained")
    ax.semilogx(batch_sizes, percent_global, "o-", base=2)
    ax.set(xlabel=f"batch size $B$ (samples per gradient, of {num_samples})",
           ylabel="starts ending at the\nglobal minimum (%)", ylim=(-5, 105),
           title=f"Rippled surface: {num_starts} starts, {num_steps} steps each")
    ax.set_xticks(batch_sizes, [str(b) for b in batch_sizes])
    return fig


def _activation_label(name):
    """How a run of Problem 1.4 is named by its activation: sign is Algorithm 1's own."""
    return "sign (Algorithm 1)" if name == "sign" else f"{name} in place of sign"


def plot_branch_training(losses):
    """Problem 1.4: the loss after each gradient step of each run, ``losses`` {activation name: ndarray}."""
    check_type("losses", losses, dict, "a dict {activation name: losses}")
    if not losses:
        raise ValueError("losses is empty; expected at least one run.")
    for name in losses:
        check_type("a name in losses", name, str, "an activation's name (str)")
    losses = {_activation_label(name): check_array(f"losses[{name!r}]", loss, ndim=1) for name, loss in losses.items()}
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.2), layout="constrained")
    for label, loss in losses.items():
        ax.plot(loss, label=label)
    ax.set(xlabel="gradient-descent step", ylabel="mean squared error", ylim=(0, None),
           title="Algorithm 1 trained by backpropagation")
    fig.legend(loc="outside right upper")
    return fig


def plot_shape_rule(kernel_sizes, strides, sizes, *, input_width):
    """Problem 1.5: the output width against the kernel size, one line per stride.

    ``sizes`` (num_kernels, num_strides) from :func:`hw1.true_false.kernel_size_steps`.
    """
    kernel_sizes = check_int_array("kernel_sizes", kernel_sizes, min_val=1)
    strides = check_int_array("strides", strides, min_val=1)
    sizes = check_array("sizes", sizes, shape=(len(kernel_sizes), len(strides)),
                        to_match="the kernel sizes by the strides")
    input_width = check_scalar("input_width", input_width, int, min_val=1)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 2.4), layout="constrained")
    for column, stride in enumerate(strides):
        ax.plot(kernel_sizes, sizes[:, column], "os^"[column % 3] + "-", ms=4, label=f"stride $S = {stride}$")
    ax.set(xlabel="kernel size $K$ (pixels)", ylabel="output size $W_2$ (pixels)",
           title=f"Shape rule for an input of width {input_width}, no padding")
    fig.legend(loc="outside right upper")
    return fig
