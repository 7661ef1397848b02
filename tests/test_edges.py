"""Every public function of hw1 refuses bad arguments with one sentence naming them, or returns finite values.

The functions are enumerated from the modules with ``inspect``, so a new public function fails
``test_every_public_function_has_a_baseline`` until it gets a line in ``BASELINES``: a valid call, and
which of its arguments to disturb. Hypothesis then replaces one of those arguments with None, text, a
bool, NaN, inf, an empty array, an array of the wrong ndim or shape, and checks the outcome: a
ValueError or TypeError whose message names the argument, or a result whose numbers are all finite.
"""
import functools
import inspect
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hw1 import (adaline, backprop, conv, data, lms, lms_figures, params, report,  # noqa: E402
                 simplenn, simplenn_figures, true_false)
from hw1 import adaline_figures, backprop_figures, conv_figures, true_false_figures  # noqa: E402

MODULES = (adaline, backprop, conv, data, lms, lms_figures, params, report, simplenn, simplenn_figures, true_false)
MODULES += (adaline_figures, backprop_figures, conv_figures, true_false_figures)
MAX_EXAMPLES = 12  # per function: the bad values are few, and some calls train a small model

# Functions whose results hold inf or NaN on purpose, as their docstrings say: a run that blew up
# reports inf (a result, not an exception), an unstable rate has no fixed point (NaN), an overflowed
# epoch map has radius inf, a sweep without two noisy levels has no slope (NaN), and rounding for a
# figure keeps an inf or NaN it is given.
DIVERGED_IS_INF = {"report.significant", "lms.fixed_points", "lms.run_rate", "lms.stability_sweep",
                   "lms.epoch_map_mse", "lms.train_lms", "lms.spectral_radius",
                   "lms.iid_lms_sq_errors", "lms.quantile_of_runs", "true_false.label_noise_sweep"}


def public_functions():
    return sorted(f"{m.__name__.removeprefix('hw1.')}.{name}" for m in MODULES
                  for name, f in inspect.getmembers(m, inspect.isfunction)
                  if not name.startswith("_") and f.__module__ == m.__name__
                  and "__mutmut_" not in name)  # mutmut's copies of a function under `make mutation`


@functools.cache
def net():
    return simplenn.make_simplenn(seed=0)


def rng():
    return np.random.default_rng(0)


@functools.cache
def mrii():
    return adaline.mrii_xor_solutions(8, max_epochs=20, rng=rng())


X3 = np.column_stack([np.ones(6), np.arange(6.0), np.arange(6.0) ** 2 / 10])  # (6, 3), full rank
D3 = X3 @ [1.0, 0.5, -0.2]
XOR_X = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], float)
XOR_D = np.array([-1, 1, 1, -1], float)
IMAGE = np.arange(36.0).reshape(6, 6) % 7
KERNEL = np.array([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]])
BP = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.ones((1, 2)), "b2": np.zeros(1)}
BP_X, BP_T = np.array([0.5, -0.3]), np.array([1.0])


def images(n=2):
    return torch.linspace(0, 1, n * 3 * 32 * 32, dtype=torch.float32).reshape(n, 3, 32, 32)


def digits():
    X_train, y_train, X_test, y_test = simplenn.digits_dataset(seed=0)
    return simplenn.DigitsSplit(X_train[:8], y_train[:8], X_test[:8], y_test[:8])


@functools.cache
def gradients():
    return simplenn.mse_gradients(net(), images(1), torch.zeros(1, 10))


def training_run():
    return simplenn.TrainingRun(net(), [1.0, 0.5], [1.2, 0.9, 0.4], [10.0, 50.0, 90.0])


# name -> (a function returning the valid call's keyword arguments, the arguments to disturb).
# "params.W1" disturbs the entry W1 of the dict argument params.
BASELINES = {
    "adaline.adaline_output": (lambda: dict(w=np.ones(3), x=XOR_X), ["w", "x"]),
    "adaline.bipolar_sign": (lambda: dict(s=np.array([-0.5, 0.0, 2.0])), ["s"]),
    "adaline.boolean_function": (lambda: dict(name="xor", x=XOR_X), ["name", "x"]),
    "adaline.boundary_geometry": (lambda: dict(W=np.array([[0.5, 1.0, -1.0]])), ["W"]),
    "adaline.canonical_madaline": (lambda: dict(W1=np.ones((2, 3)), w2=np.ones(3), key=None), ["W1", "w2"]),
    "adaline.least_squares_weights": (lambda: dict(x=XOR_X, d=np.array([1.0, 1, 1, -1])), ["x", "d"]),
    "adaline.madaline_output": (lambda: dict(W1=np.ones((2, 3)), w2=np.ones(3), x=XOR_X), ["W1", "w2", "x"]),
    "adaline.max_margin_weights": (lambda: dict(x=XOR_X, d=np.array([1.0, 1, 1, -1])), ["x", "d"]),
    "adaline.mrii_train": (lambda: dict(x=XOR_X, d=XOR_D, num_starts=1, num_hidden=2, max_epochs=3,
                                        init_scale=0.1, rng=rng()),
                           ["x", "d", "num_starts", "num_hidden", "max_epochs", "init_scale", "rng"]),
    "adaline.mrii_xor_solutions": (lambda: dict(num_starts=8, max_epochs=20, init_scale=0.1, rng=rng()),
                                   ["num_starts", "max_epochs", "init_scale", "rng"]),
    "adaline.name_two_input_function": (lambda: dict(y=XOR_D, inputs=("x1", "x2")), ["y", "inputs"]),
    "adaline.round_clean": (lambda: dict(a=np.array([0.1234567, -1e-9]), decimals=6), ["a", "decimals"]),
    "adaline.truth_table_inputs": (lambda: dict(num_inputs=2), ["num_inputs"]),
    "backprop.activation_and_slope": (lambda: dict(z=np.array([[-1.0, 2.0]]), activation="sigmoid"),
                                      ["z", "activation"]),
    "backprop.autograd_grads": (lambda: dict(params=BP, x1=BP_X, t=BP_T), ["params.W1", "params.b2", "x1", "t"]),
    "backprop.backward": (lambda: dict(fwd=backprop.forward(BP, BP_X, BP_T)), ["fwd"]),
    "backprop.finite_difference_errors": (lambda: dict(params=BP, x1=BP_X, t=BP_T, steps=[1e-3, 1e-5]),
                                          ["params.W2", "x1", "t", "steps"]),
    "backprop.finite_difference_grads": (lambda: dict(params=BP, x1=BP_X, t=BP_T, h=1e-6),
                                         ["params.b1", "x1", "t", "h"]),
    "backprop.forward": (lambda: dict(params=BP, x1=BP_X, t=BP_T, activation="relu"),
                         ["params", "params.W1", "x1", "t", "activation"]),
    "backprop.gradient_check": (lambda: dict(params=BP, x1=BP_X, t=BP_T, h=1e-5), ["params.W1", "x1", "t", "h"]),
    "backprop.gradient_step": (lambda: dict(params=BP, grads=BP, lr=0.1), ["params.W1", "grads.b1", "grads", "lr"]),
    "backprop.jacobian_to_grad": (lambda: dict(J=np.arange(4.0), shape=(2, 2)), ["J", "shape"]),
    "backprop.kron_jacobians": (lambda: dict(params=BP, x1=BP_X, t=BP_T), ["params.W2", "x1", "t"]),
    "backprop.loss_and_grads": (lambda: dict(params=BP, x1=BP_X, t=BP_T), ["params.b2", "x1", "t"]),
    "backprop.losses_after_step": (lambda: dict(params=BP, x1=BP_X, t=BP_T, lrs=[0.1, 0.01]),
                                   ["params.W1", "x1", "t", "lrs"]),
    "backprop.network_arrays": (lambda: dict(params=BP, x1=BP_X, t=BP_T, activation="sigmoid"),
                                ["params", "params.W1", "params.b1", "params.W2", "params.b2", "x1", "t",
                                 "activation"]),
    "backprop.problem_3_2": (lambda: dict(), []),
    "backprop.sigmoid": (lambda: dict(z=np.array([-1.0, 0.0, 3.0])), ["z"]),
    "backprop.step_check": (lambda: dict(params=BP, x1=BP_X, t=BP_T, lr=0.1), ["params.W1", "x1", "t", "lr"]),
    "backprop.vec": (lambda: dict(A=np.arange(6.0).reshape(2, 3)), ["A"]),
    "backprop_figures.plot_fd_errors": (lambda: dict(steps=[1e-2, 1e-4], errors={"relu": [1e-6, 1e-10]}, h=1e-4),
                                        ["steps", "errors", "h"]),
    "backprop_figures.plot_step_losses": (
        lambda: dict(lrs=[0.0, 0.1], losses={"relu": [1.0, 0.9]}, lr=0.1,
                     checks={"relu": backprop.StepCheck(1.0, 0.9, 0.11, 0.1, 0.1 / 0.11)}),
        ["lrs", "losses", "checks", "lr"]),
    "conv.china_photo": (lambda: dict(), []),
    "conv.conv2d": (lambda: dict(x=IMAGE, kernel=KERNEL, padding=1, stride=1), ["x", "kernel", "padding", "stride"]),
    "conv.convolve2d": (lambda: dict(x=IMAGE, kernel=KERNEL, padding=0, stride=2),
                        ["x", "kernel", "padding", "stride"]),
    "conv.edge_profiles": (lambda: dict(kernel=KERNEL, half_width=3), ["kernel", "half_width"]),
    "conv.energy": (lambda: dict(image=IMAGE), ["image"]),
    "conv.energy_check": (lambda: dict(image=(np.arange(36).reshape(6, 6) * 7 % 256).astype(np.uint8),
                                       kernel=KERNEL), ["image", "kernel"]),
    "conv.wrapped_energy": (lambda: dict(image=IMAGE.astype(np.uint8)), ["image"]),
    "conv.frequency_response": (lambda: dict(kernel=KERNEL, n=16), ["kernel", "n"]),
    "conv.input_window": (lambda: dict(x=IMAGE, kernel_shape=(3, 3), i=1, j=2, padding=1, stride=1),
                          ["x", "kernel_shape", "i", "j", "padding", "stride"]),
    "conv.is_point_symmetric": (lambda: dict(kernel=KERNEL), ["kernel"]),
    "conv.output_size": (lambda: dict(n=32, k=3, padding=1, stride=1), ["n", "k", "padding", "stride"]),
    "conv.output_size_table": (lambda: dict(n=32, kernel_sizes=[3, 5], strides=[1, 2], padding=0),
                               ["n", "kernel_sizes", "strides", "padding"]),
    "conv.photo_stats": (lambda: dict(photo=IMAGE * 30, kernel=KERNEL),
                         ["photo", "kernel"]),
    "conv.pixel_census": (lambda: dict(x=IMAGE, y=conv.conv2d(IMAGE, KERNEL, padding=1)), ["x", "y"]),
    "conv.problem_4_1": (lambda: dict(), []),
    "conv.radial_gain": (lambda: dict(x=IMAGE, y=conv.conv2d(IMAGE, KERNEL, padding=1), num_bands=4),
                         ["x", "y", "num_bands"]),
    "conv.response_at": (lambda: dict(kernel=KERNEL, wy=0.5, wx=np.array([0.0, 1.0])), ["kernel", "wy", "wx"]),
    "conv.speed_and_memory": (lambda: dict(x=IMAGE, kernel=KERNEL, padding=1, num_repeats=1),
                              ["x", "kernel", "padding", "num_repeats"]),
    "conv_figures.plot_frequency_response": (
        lambda: dict(w=np.linspace(-3, 3, 8), response=np.ones((8, 8)), radius=np.linspace(0, 3, 5),
                     axis_gain=np.ones(5), diagonal_gain=np.ones(5), blur_axis_gain=np.ones(5),
                     measured=conv.RadialGain(np.array([1.0, 2.0]), np.array([1.0, np.nan])),
                     measured_blur=conv.RadialGain(np.array([1.0, 2.0]), np.array([0.5, 0.2]))),
        ["w", "response", "radius", "axis_gain", "diagonal_gain", "blur_axis_gain", "measured", "measured_blur"]),
    "conv_figures.plot_heatmaps": (lambda: dict(x=IMAGE, kernel=KERNEL, y=conv.conv2d(IMAGE, KERNEL, padding=1),
                                                padding=1, stride=1), ["x", "kernel", "y", "padding", "stride"]),
    "conv_figures.plot_photo": (lambda: dict(photo=IMAGE / 7, filtered=IMAGE, blurred=IMAGE / 7,
                                             rows=slice(1, 4), cols=slice(2, 5), blur_shape=(3, 3)),
                                ["photo", "filtered", "blurred", "rows", "cols", "blur_shape"]),
    "data.check_dataset_path": (lambda: dict(name="dataset_path", value="data/x.mat"), ["value"]),
    "data.display_path": (lambda: dict(path="data/x.mat"), ["path", "root"]),
    "data.file_sha256": (lambda: dict(path=__file__), ["path"]),
    "data.load_dataset": (lambda: dict(path=str(data.COURSE_DATASET)), ["path"]),
    "data.resolve_dataset_path": (lambda: dict(dataset_path="data/dataset.mat", environ={}),
                                  ["dataset_path", "environ", "root"]),
    "lms.critical_rate_cyclic": (lambda: dict(X=X3, num_grid=50, xtol=1e-6), ["X", "num_grid", "xtol"]),
    "lms.critical_rate_iid": (lambda: dict(X=X3, num_grid=50, xtol=1e-6), ["X", "num_grid", "xtol"]),
    "lms.epoch_map": (lambda: dict(X=X3, D=D3, lr=0.01), ["X", "D", "lr"]),
    "lms.epoch_map_mse": (lambda: dict(X=X3, D=D3, lrs=[0.01, 0.1], num_epochs=3),
                          ["X", "D", "lrs", "num_epochs", "max_mse"]),
    "lms.fixed_point": (lambda: dict(A=0.5 * np.eye(3), c=np.ones(3)), ["A", "c"]),
    "lms.fixed_points": (lambda: dict(A=0.5 * np.eye(3), c=np.ones(3)), ["A", "c"]),
    "lms.mse_zero_level": (lambda: dict(X=X3, D=D3), ["X", "D"]),
    "lms.rate_outcome": (lambda: dict(radius=0.5), ["radius"]),
    "lms.iid_lms_sq_errors": (lambda: dict(X=X3, D=D3, lr=0.01, num_epochs=2, num_runs=2, rng=rng()),
                              ["X", "D", "lr", "num_epochs", "num_runs", "rng"]),
    "lms.lms_epoch": (lambda: dict(W=np.zeros(3), X=X3, D=D3, lr=0.01), ["W", "X", "D", "lr"]),
    "lms.lms_step": (lambda: dict(W=np.zeros(3), x=X3[1], d=D3[1], lr=0.01), ["W", "x", "d", "lr"]),
    "lms.mse": (lambda: dict(X=X3, D=D3, W=np.zeros(3)), ["X", "D", "W"]),
    "lms.run_rate": (lambda: dict(X=X3, D=D3, lr=0.01, num_epochs=3), ["X", "D", "lr", "num_epochs", "max_mse"]),
    "lms.second_moment_map": (lambda: dict(X=X3, lr=0.01), ["X", "lr"]),
    "lms.spectral_radius": (lambda: dict(A=0.5 * np.eye(3)), ["A"]),
    "lms.stability_bounds": (lambda: dict(X=X3), ["X"]),
    "lms.stability_sweep": (lambda: dict(X=X3, D=D3, lrs=[0.01, 0.1], num_epochs=3), ["X", "D", "lrs", "num_epochs"]),
    "lms.stable_intervals_cyclic": (lambda: dict(X=X3, lr_max=0.5, num_grid=200, xtol=1e-6),
                                    ["X", "lr_max", "num_grid", "xtol"]),
    "lms.train_lms": (lambda: dict(X=X3, D=D3, lr=0.01, num_epochs=3, W0=np.zeros(3)),
                      ["X", "D", "lr", "num_epochs", "W0", "max_mse"]),
    "lms.mse_text": (lambda: dict(value=1e-3, zero_level=1e-20, digits=3), ["value", "zero_level", "digits"]),
    "lms.number_text": (lambda: dict(value=0.5, decimals=3), ["value", "decimals"]),
    "lms.quantile_of_runs": (lambda: dict(errors=[1.0, 2.0, np.inf], q=0.5), ["errors", "q"]),
    "lms.vector_text": (lambda: dict(w=[0.5, -2.0], decimals=2), ["w", "decimals"]),
    "lms.wiener_solution": (lambda: dict(X=X3, D=D3), ["X", "D"]),
    "lms.within_epoch_mse": (lambda: dict(X=X3, D=D3, lr=0.01, W0=np.zeros(3)), ["X", "D", "lr", "W0"]),
    "lms_figures.plot_mse_per_epoch": (lambda: dict(mse_per_epoch=np.array([3.0, 2, 1]), mse_star=0.5, lr=0.01),
                                       ["mse_per_epoch", "mse_star", "lr"]),
    "lms_figures.plot_planes": (lambda: dict(X=X3, D=D3, W_star=np.ones(3), W_lms=np.ones(3), lr=0.01),
                                ["X", "D", "W_star", "W_lms", "lr"]),
    "lms_figures.plot_rates": (lambda: dict(histories={0.01: np.array([3.0, 2, 1])}, mse_star=0.5, converging=[0.01]),
                               ["histories", "mse_star", "converging"]),
    "lms_figures.plot_within_epoch": (lambda: dict(within=np.array([1.0, 0.8, 0.7]), lr=0.01), ["within", "lr"]),
    "lms_figures.plot_stability": (lambda: dict(lrs=np.array([0.01, 0.1, 1]), mse_20=np.array([1.0, 2, np.inf]),
                                                mse_fixed=np.array([1.0, 1.5, 3]),
                                                radius_cyclic=np.array([0.5, 0.9, 1.5]),
                                                radius_iid=np.array([0.6, 0.95, 1.6]), limits={"a": 0.5},
                                                mse_star=0.5, num_epochs=20),
                                   ["lrs", "mse_fixed", "radius_cyclic", "radius_iid", "limits", "mse_star",
                                    "num_epochs"]),
    "params.check_array": (lambda: dict(name="X", a=X3, ndim=2), ["a"]),
    "params.check_arrays": (lambda: dict(name="curves", arrays={"relu": [1.0, 2.0]}, shape=(2,)), ["arrays"]),
    "params.check_choice": (lambda: dict(name="ACT", value="relu", choices=("relu",)), ["value"]),
    "params.check_int_array": (lambda: dict(name="sizes", values=[1, 2], min_val=1), ["values"]),
    "params.check_rng": (lambda: dict(rng=rng()), ["rng"]),
    "params.check_scalar": (lambda: dict(name="N", value=1, target_type=int), ["value"]),
    "params.check_tensor": (lambda: dict(name="x", x=images(1), shape=(None, 3, 32, 32)), ["x"]),
    "params.check_text": (lambda: dict(name="title", value="abc"), ["value"]),
    "params.check_type": (lambda: dict(name="df", value=pd.DataFrame(), types=pd.DataFrame,
                                       expected="a DataFrame"), ["value"]),
    "params.describe": (lambda: dict(value=1), []),
    "report.format_value": (lambda: dict(value=1.5, fmt=".2f"), ["value", "fmt"]),
    "report.lookup": (lambda: dict(results={"a": {"b": 2}}, key="a/b"), ["results", "key"]),
    "report.matrix_to_latex": (lambda: dict(a=np.eye(2), fmt="{:g}"), ["a", "fmt", "env"]),
    "report.quote": (lambda: dict(value=1.5e-4, fmt="sci2"), ["value", "fmt"]),
    "report.quote_table": (lambda: dict(rows=[("0.5", {"lr": 0.5, "w": [1.0, 2.0]})], spec="key,lr:g,w:.2f"),
                           ["rows", "spec", "key"]),
    "report.quoted_tex": (lambda: dict(sources=[], results_dir="."), ["sources", "results_dir"]),
    "report.write_quoted": (lambda: dict(sources=[]), []),
    "report.save_figure": (lambda: dict(fig=plt.figure(), name="edge"), ["fig", "name"]),
    "report.significant": (lambda: dict(values=[123456789.0, -2.5], digits=6), ["values", "digits"]),
    "report.tex_sci": (lambda: dict(value=1.5e-4, digits=3), ["value", "digits"]),
    "report.tex_text": (lambda: dict(text="a_b"), ["text"]),
    "report.write_results": (lambda: dict(section="edge", results={"a": 1.5}), ["section", "results"]),
    "simplenn.copy_net": (lambda: dict(net=net()), ["net"]),
    "simplenn.digits_dataset": (lambda: dict(test_fraction=0.2, seed=0), ["test_fraction", "seed"]),
    "simplenn.evaluate": (lambda: dict(net=net(), X=images(), y=torch.tensor([1, 2]), batch_size=1),
                          ["net", "X", "y", "batch_size"]),
    "simplenn.gradient_zeros": (lambda: dict(net=net(), grads=simplenn.mse_gradients(net(), images(1),
                                                                                     torch.zeros(1, 10))),
                                ["net", "grads"]),
    "simplenn.input_times_output": (lambda: dict(input_shape=(1, 288), output_shape=(1, 32)),
                                    ["input_shape", "output_shape"]),
    "simplenn.handed_in_class": (lambda: dict(path=simplenn.HANDED_IN), ["path"]),
    "simplenn.lab_draws": (lambda: dict(device="cpu", seed=0), ["device", "seed"]),
    "simplenn.layer_macs": (lambda: dict(weight_shape=(32, 288), output_shape=(5, 32)),
                            ["weight_shape", "output_shape"]),
    "simplenn.layer_table": (lambda: dict(net=net(), x=images(1)), ["net", "x"]),
    "simplenn.layer_totals": (lambda: dict(rows=simplenn.layer_table(net(), images(1))), ["rows"]),
    "simplenn.load_digits_arrays": (lambda: dict(), []),
    "simplenn.logits": (lambda: dict(net=net(), x=images(1)), ["net", "x"]),
    "simplenn.make_simplenn": (lambda: dict(device="cpu", seed=0), ["device", "seed"]),
    "simplenn.mse_gradients": (lambda: dict(net=net(), x=images(1), target=torch.zeros(1, 10)),
                               ["net", "x", "target"]),
    "simplenn.nonzero_gradients": (lambda: dict(grads=simplenn.mse_gradients(net(), images(1), torch.zeros(1, 10))),
                                   ["grads"]),
    "simplenn.output_summary": (lambda: dict(net=net(), X=images(), y=torch.tensor([1, 2])), ["net", "X", "y"]),
    "simplenn.parameter_changes": (lambda: dict(before=net(), after=simplenn.copy_net(net())), ["before", "after"]),
    "simplenn.pick_device": (lambda: dict(), []),
    "simplenn.predict_zero_weight_gradients": (lambda: dict(net=net()), ["net"]),
    "simplenn.recording_layers": (lambda: dict(net=net()), ["net"]),
    "simplenn.silent_outputs": (lambda: dict(net=net(), X=images()), ["net", "X"]),
    "simplenn.train": (lambda: dict(net=net(), data=digits(), num_epochs=1, batch_size=8, lr=0.01, seed=0),
                       ["net", "data", "num_epochs", "batch_size", "lr", "dtype", "seed"]),
    "simplenn.weight_stats": (lambda: dict(net=net()), ["net"]),
    "simplenn.with_zero_weights": (lambda: dict(net=net()), ["net"]),
    "simplenn_figures.plot_gradients": (lambda: dict(default=gradients(), zero=gradients()), ["default", "zero"]),
    "simplenn_figures.plot_histograms": (lambda: dict(rows={"r": {"fc1": np.arange(5.0)}}, xlabel="w", title="t",
                                                      bins=4), ["rows", "xlabel", "title", "bins", "bounds"]),
    "simplenn_figures.plot_training": (lambda: dict(runs={"default": training_run()}), ["runs"]),
    "simplenn_figures.plot_weights": (lambda: dict(net=net()), ["net"]),
    "true_false.batch_size_sweep": (lambda: dict(starts=np.array([[1.0, 1.0]]), centers=np.zeros((4, 2)),
                                                 batch_sizes=[1, 4], lr=0.1, num_steps=3, rng=rng()),
                                    ["starts", "centers", "batch_sizes", "lr", "num_steps", "radius", "rng"]),
    "true_false.bowl_descent": (lambda: dict(curvatures=np.array([1.0, 10.0]), w0=np.array([1.0, 1.0]), lr=0.05,
                                             num_steps=5, num_angles=8),
                                ["curvatures", "w0", "lr", "num_steps", "num_angles"]),
    "true_false.bowl_gradient": (lambda: dict(w=np.array([1.0, 1.0]), curvatures=np.array([1.0, 10.0])),
                                 ["w", "curvatures"]),
    "true_false.bowl_loss": (lambda: dict(w=np.array([1.0, 1.0]), curvatures=np.array([1.0, 10.0])),
                             ["w", "curvatures"]),
    "true_false.branched_adaline": (lambda: dict(w=torch.tensor([1.0, -1.0]), x=torch.ones(3, 2),
                                                 n=torch.tensor([1.0, -1.0, 2.0])), ["w", "x", "n", "activation"]),
    "true_false.branch_tensors": (lambda: dict(x=np.ones((3, 2)), n=np.array([1.0, -1, 2]), t=np.ones(3),
                                            w=np.array([0.5, -0.5])), ["x", "n", "t", "w"]),
    "true_false.branched_gradients": (lambda: dict(x=np.ones((3, 2)), n=np.array([1.0, -1, 2]),
                                                   t=np.array([1.0, -1, 1]), w=np.array([1.0, -1.0])),
                                      ["x", "n", "t", "w", "h", "activation"]),
    "true_false.descent_angle": (lambda: dict(grad=np.array([1.0, 2.0]), w=np.array([1.0, 1.0]),
                                              w_min=np.zeros(2)), ["grad", "w", "w_min"]),
    "true_false.eval_polynomial": (lambda: dict(coef=np.array([1.0, 0.5]), x=0.5), ["coef", "x"]),
    "true_false.fit_polynomial": (lambda: dict(x=np.linspace(-1, 1, 5), d=np.arange(5.0), degree=2),
                                  ["x", "d", "degree"]),
    "true_false.gradient_descent": (lambda: dict(grad_fn=lambda w: 2 * w, w0=np.ones(2), lr=0.1, num_steps=3),
                                    ["grad_fn", "w0", "lr", "num_steps"]),
    "true_false.jitter_inputs": (lambda: dict(x=np.linspace(-1, 1, 5), d=np.arange(5.0), jitter_std=0.1,
                                              num_copies=2, rng=rng()), ["x", "d", "jitter_std", "num_copies", "rng"]),
    "true_false.kernel_size_steps": (lambda: dict(n=32, kernel_sizes=[3, 4, 5], strides=[1, 2]),
                                     ["n", "kernel_sizes", "strides", "padding"]),
    "true_false.label_noise_sweep": (lambda: dict(degree=2, noise_levels=[0.1, 0.2], num_train=6, num_trials=2,
                                                  num_test=10, rng=rng()),
                                     ["degree", "noise_levels", "num_train", "num_trials", "jitter_std",
                                      "num_copies", "num_test", "rng"]),
    "true_false.make_branch_task": (lambda: dict(num_rows=4, rng=rng()), ["num_rows", "rng"]),
    "true_false.make_centers": (lambda: dict(num_samples=4, spread=1.0, rng=rng()), ["num_samples", "spread", "rng"]),
    "true_false.minibatch_descent": (lambda: dict(w0=np.ones(2), centers=np.zeros((4, 2)), batch_size=2, lr=0.1,
                                                  num_steps=3, rng=rng()),
                                     ["w0", "centers", "batch_size", "lr", "num_steps", "rng"]),
    "true_false.polynomial_errors": (lambda: dict(degrees=[1, 2], num_train=6, noise_std=0.1, num_trials=2,
                                                  num_test=10, rng=rng()),
                                     ["degrees", "num_train", "noise_std", "num_trials", "jitter_std", "num_copies",
                                      "num_test", "rng"]),
    "true_false.rippled_gradient": (lambda: dict(w=np.ones(2), batch_mean=np.zeros(2)), ["w", "batch_mean"]),
    "true_false.rippled_loss": (lambda: dict(w=np.ones(2), centers=np.zeros((4, 2))), ["w", "centers"]),
    "true_false.sample_cubic": (lambda: dict(num_samples=5, noise_std=0.1, rng=rng()),
                                ["num_samples", "noise_std", "rng"]),
    "true_false.train_branched_adaline": (lambda: dict(x=np.ones((3, 2)), n=np.array([1.0, -1, 2]),
                                                       t=np.array([1.0, -1, 1]), w0=np.array([1.0, -1.0]), lr=0.1,
                                                       num_steps=2, activation=torch.tanh),
                                          ["x", "n", "t", "w0", "lr", "num_steps", "activation"]),
    "true_false.true_cubic": (lambda: dict(x=np.linspace(-1, 1, 3)), ["x"]),
    "adaline_figures.plot_mrii_boundaries": (lambda: dict(mrii=mrii()), ["mrii"]),
    "adaline_figures.plot_mrii_weights": (lambda: dict(mrii=mrii(), W1_fixed=np.array([[0.5, -1.0, 1.0]])),
                                          ["mrii", "W1_fixed"]),
    "adaline_figures.plot_p2_1_p2_2_boundaries": (lambda: dict(w_one=np.array([4.0, 2, 1]),
                                                               w_nand_ls=np.array([0.5, -0.5, -0.5]),
                                                               w_nand_mm=np.array([1.0, -1, -1])),
                                                  ["w_one", "w_nand_ls", "w_nand_mm"]),
    "adaline_figures.plot_p2_3_majority": (lambda: dict(s_ls=np.arange(8.0) - 3.5, s_mm=np.arange(8.0) - 3.5),
                                           ["s_ls", "s_mm"]),
    "adaline_figures.plot_p2_4_xor": (lambda: dict(W1=np.array([[0.5, -1.0, 1.0], [0.5, 1.0, -1.0]]),
                                                   w2=np.array([1.0, -1, -1])), ["W1", "w2"]),
    "true_false_figures.plot_batch_size": (lambda: dict(batch_sizes=[4, 2, 1], percent_global=np.array([10.0, 50, 90]),
                                                        num_samples=4, num_starts=10, num_steps=20),
                                           ["batch_sizes", "percent_global", "num_samples", "num_starts", "num_steps"]),
    "true_false_figures.plot_branch_training": (lambda: dict(losses={"sign": np.array([2.0, 2.0]),
                                                                     "tanh": np.array([1.5, 0.5])}), ["losses"]),
    "true_false_figures.plot_descent_paths": (lambda: dict(
        bowl=true_false.bowl_descent([1.0, 10.0], [-4.0, 1.5], 0.18, 3), curvatures=np.array([1.0, 10.0]),
        centers=np.array([[1.0, 0.0], [-1.0, 0.0]]), full_path=np.array([[1.0, 1.0], [0.5, 0.5]]),
        mini_path=np.array([[1.0, 1.0], [0.4, 0.6]]), mini_batch_size=1),
        ["bowl", "curvatures", "centers", "full_path", "mini_path", "mini_batch_size"]),
    "true_false_figures.plot_overfit_errors": (lambda: dict(
        errors=true_false.PolynomialErrors(None, None, np.array([0.5, 1e-30]), np.array([0.6, 2.0]), 0),
        sweeps={"a": true_false.NoiseSweep(np.array([0.1, 0.4]), 2.0)}, noise_runs={"a": (1, 0)}, degrees=[0, 1],
        noise_levels=[0.1, 0.2], num_train=2, noise_std=0.1),
        ["errors", "sweeps", "noise_runs", "degrees", "noise_levels", "num_train", "noise_std"]),
    "true_false_figures.plot_overfit_fits": (lambda: dict(x=np.array([-0.5, 0.0, 0.5]), d=np.array([0.3, 0.0, -0.3]),
                                                          x_jittered=np.array([-0.5, 0.0, 0.5, -0.4, 0.1, 0.6]),
                                                          d_jittered=np.array([0.3, 0.0, -0.3, 0.3, 0.0, -0.3]),
                                                          low_degree=1, high_degree=2, noise_std=0.1),
                                             ["x", "d", "x_jittered", "d_jittered", "low_degree", "high_degree",
                                              "noise_std"]),
    "true_false_figures.plot_shape_rule": (lambda: dict(kernel_sizes=[1, 2, 3], strides=[1, 2],
                                                        sizes=np.array([[4, 2], [3, 2], [2, 1]]), input_width=4),
                                           ["kernel_sizes", "strides", "sizes", "input_width"]),
}


def bad_values(value, index):
    """The disturbances of one argument whose valid value is ``value``; ``index`` picks an entry to poison."""
    common = [None, "abc", True, object()]
    if isinstance(value, torch.Tensor):
        poisoned = value.clone().double() if not value.is_floating_point() else value.clone()
        poisoned.view(-1)[index % poisoned.numel()] = float("nan")
        return common + [poisoned, value[:0], value.reshape(-1)[:1].reshape(()), value[None], value.numpy()]
    numbers = isinstance(value, list) and all(isinstance(v, (int, float)) for v in value)
    if (isinstance(value, np.ndarray) and value.dtype.kind in "iuf") or (numbers and value):
        a = np.asarray(value, dtype=float)
        nan, inf = a.copy(), a.copy()
        nan.reshape(-1)[index % a.size] = np.nan
        inf.reshape(-1)[index % a.size] = -np.inf
        wrong_shape = a[..., :-1] if a.shape[-1] > 1 else np.concatenate([a, a], axis=-1)
        return common + [nan, inf, a[:0], a[None], a.reshape(-1)[0], wrong_shape, a.astype(bool),
                         a.astype(str), a + 1j]
    if isinstance(value, (bool, int, float, np.number)) and not isinstance(value, bool):
        return common + [np.nan, np.inf, -np.inf, -1, 2.5, [value, value], np.array([value])]
    return common + [1.5, np.ones(2), np.array([np.nan])]


def disturbed(kwargs, argument, bad):
    kwargs = dict(kwargs)
    if "." in argument:
        outer, inner = argument.split(".")
        kwargs[outer] = {**kwargs[outer], inner: bad}
    else:
        kwargs[argument] = bad
    return kwargs


def all_finite(result):
    """Whether every number in ``result`` (arrays, tensors, tuples, dicts, lists) is finite."""
    if isinstance(result, (bool, str, type(None))):
        return True
    if isinstance(result, (int, float, np.number)):
        return bool(np.isfinite(result))
    if isinstance(result, np.ndarray):
        return result.dtype.kind not in "fc" or bool(np.all(np.isfinite(result)))
    if isinstance(result, torch.Tensor):
        return not result.is_floating_point() or bool(torch.isfinite(result).all())
    if isinstance(result, dict):
        return all(all_finite(v) for v in result.values())
    if isinstance(result, (tuple, list)):
        return all(all_finite(v) for v in result)
    return True  # a figure, a net, a path: not numbers


@pytest.fixture(autouse=True)
def private_outputs(tmp_path, monkeypatch):
    """Writers write under tmp_path, never into the repository (a path "abc" is taken from the cwd)."""
    monkeypatch.chdir(tmp_path)
    for name in ("FIG_DIR", "RESULTS_DIR", "QUOTED"):
        monkeypatch.setattr(report, name, tmp_path / name)
    yield
    plt.close("all")


def test_every_public_function_has_a_baseline():
    missing = sorted(set(public_functions()) - set(BASELINES))
    assert not missing, f"add a valid call and its arguments to BASELINES in tests/test_edges.py: {missing}"
    assert len(public_functions()) >= 140


def function(qualified):
    module, name = qualified.split(".")
    return getattr(MODULES[[m.__name__ for m in MODULES].index(f"hw1.{module}")], name)


@pytest.mark.parametrize("qualified", public_functions())
def test_valid_baseline_returns_finite_values(qualified):
    make_kwargs, _ = BASELINES[qualified]
    result = function(qualified)(**make_kwargs())
    assert qualified in DIVERGED_IS_INF or all_finite(result), f"{qualified} returned a non-finite value"
    assert not isinstance(result, tuple) or hasattr(result, "_fields"), f"{qualified} returned a bare tuple"


FUZZED = [q for q in public_functions() if q in BASELINES and BASELINES[q][1]]


@pytest.mark.parametrize("qualified", FUZZED)
@settings(max_examples=MAX_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.data())
def test_bad_argument_is_named_or_harmless(qualified, choice):
    make_kwargs, arguments = BASELINES[qualified]
    kwargs = make_kwargs()
    argument = choice.draw(st.sampled_from(arguments), label="argument")
    outer, _, inner = argument.partition(".")
    valid = kwargs[outer][inner] if inner else kwargs.get(outer, inspect.signature(
        function(qualified)).parameters[outer].default)
    bad = choice.draw(st.sampled_from(bad_values(valid, choice.draw(st.integers(0, 50), label="index"))),
                      label="bad value")
    named = inner or outer
    if "name" in kwargs and (qualified.startswith("params.") or outer == "value"):  # a checker names its subject
        named = kwargs["name"]
    try:
        result = function(qualified)(**disturbed(kwargs, argument, bad))
    except FileNotFoundError:
        assert isinstance(bad, str), f"{qualified}({argument}={bad!r}) looked for a file"
    except (ValueError, TypeError) as err:
        assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(named)}(?![A-Za-z0-9_])", str(err)), (
            f"{qualified}({argument}={bad!r}) raised a message that does not name {named!r}: {err}")
        assert "\n" not in str(err).strip(), f"{qualified}: the message is more than one sentence: {err}"
    else:
        assert qualified in DIVERGED_IS_INF or all_finite(result), (
            f"{qualified}({argument}={bad!r}) returned a non-finite value")


@pytest.mark.parametrize("call, message", [
    (lambda: lms.lms_epoch(np.array([np.inf, 0, 0]), X3, D3, 0.01), r"^W holds NaN or infinite values"),
    (lambda: lms.lms_epoch(np.zeros(3), np.zeros((0, 3)), np.zeros(0), 0.01), r"^X is empty \(shape \(0, 3\)\)"),
    (lambda: lms.mse(X3, D3, np.array([np.nan, 0, 0])), r"^W holds NaN or infinite values"),
    (lambda: conv.conv2d(IMAGE, np.full((3, 3), np.nan)), r"^kernel holds NaN or infinite values"),
    (lambda: backprop.sigmoid(None), r"^z is None; expected a finite array of numbers\.$"),
    (lambda: adaline.round_clean(None), r"^a is None; expected"),
    (lambda: true_false.eval_polynomial([], 0.5), r"^coef is empty \(shape \(0,\)\)"),
    (lambda: adaline.canonical_madaline(np.ones(4), np.ones((5, 5))), r"^W1 has shape \(4,\); expected .* 2-D or higher"),
])
def test_calls_that_once_slipped_through_are_refused(call, message):
    """Calls that used to return NaN, raise IndexError or do nothing, each refused by name."""
    with pytest.raises(ValueError, match=message):
        call()
