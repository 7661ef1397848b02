"""hw1.simplenn, the cases mutation testing found untested (issue 21): every refusal checked as a whole
sentence (written out by hand from hw1.params' documented format), the bounds of the seeds and of the
test fraction, the devices that the draws move to, the digits' pixel values against scikit-learn's own
images, a network with stride, dilation and groups for the gradient-zero prediction, and biases that are
exactly 0. Expected numbers are worked by hand or taken from torch and scikit-learn, never from the code
under test. No training run: every call to train here is refused before the first step."""
import json

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits
from torch import nn

from hw1 import simplenn
from helpers import refusal

SEED = 661
TORCH_LARGEST_SEED = 9223372036854775807  # 2**63 - 1, torch.manual_seed's largest seed, typed in
NET_IS_A_MODULE = "expected a torch nn.Module such as SimpleNN."
DATA = "expected (X_train, y_train, X_test, y_test)."


def images(batch, seed=SEED):
    return torch.randn(batch, 3, 32, 32, generator=torch.Generator().manual_seed(seed))


@pytest.fixture(scope="module")
def net():
    return simplenn.make_simplenn(seed=SEED)


# ---------------------------------------------------------------- the handed-in notebook

@pytest.mark.parametrize("content", ["{not json", "{}", "[1, 2]"], ids=["bad json", "no cells", "a list"])
def test_handed_in_class_refuses_what_is_not_a_notebook(tmp_path, content):
    path = tmp_path / "nb.ipynb"
    path.write_text(content)
    assert refusal(lambda: simplenn.handed_in_class(path)) == (
        f"path {str(path)!r} is not readable as a notebook; expected the handed-in SimpleNN.ipynb "
        "(scripts/fill_simplenn.py writes it).")


def test_handed_in_class_refusals_are_whole_sentences(tmp_path):
    assert refusal(lambda: simplenn.handed_in_class(3)) == "path is 3 (int); expected a path to the handed-in notebook."
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code"}, {"cell_type": "code", "source": "x = 1\n"}]}))
    assert refusal(lambda: simplenn.handed_in_class(str(path))) == (
        f"{path} defines no class SimpleNN; expected the handed-in notebook, whose Lab 2(a) cell defines it.")


def test_handed_in_class_picks_the_class_named_simplenn(tmp_path):
    path = tmp_path / "nb.ipynb"
    source = "class SimpleNNOld:\n    a = 1\n\n\nclass SimpleNN(nn.Module):\n    b = 2\n"
    path.write_text(json.dumps({"cells": [{"cell_type": "code"}, {"cell_type": "code", "source": source}]}))
    assert simplenn.handed_in_class(path) == "class SimpleNN(nn.Module):\n    b = 2"


# ---------------------------------------------------------------- seeds and devices

@pytest.mark.parametrize("draw", [simplenn.lab_draws, simplenn.make_simplenn])
def test_seeds_run_up_to_torchs_largest(draw):
    draw(seed=TORCH_LARGEST_SEED)
    assert refusal(lambda: draw(seed=TORCH_LARGEST_SEED + 1)) == (
        f"seed is {TORCH_LARGEST_SEED + 1} (int); expected an integer >= 0 and <= {TORCH_LARGEST_SEED}.")
    assert refusal(lambda: draw(seed=-1)) == f"seed is -1 (int); expected an integer >= 0 and <= {TORCH_LARGEST_SEED}."


@pytest.mark.parametrize("draw", [simplenn.lab_draws, simplenn.make_simplenn])
def test_draws_refuse_bad_devices(draw):
    assert refusal(lambda: draw("nonsense", seed=1)) == (
        "device is 'nonsense'; expected a torch device name such as 'cpu' or 'cuda'.")
    assert refusal(lambda: draw(3, seed=1)) == "device is 3 (int); expected a device name such as 'cpu'."


def test_draws_are_moved_to_the_device_asked_for():
    """torch's "meta" device holds shapes without data: it shows where every tensor went, without a GPU."""
    draws = simplenn.lab_draws("meta", seed=1)
    assert {p.device.type for p in draws.net.parameters()} == {"meta"}
    assert [x.device.type for x in draws[1:]] == ["meta"] * 5
    assert [tuple(x.shape) for x in draws[1:]] == [(5, 3, 32, 32), (1, 3, 32, 32), (1, 10), (1, 3, 32, 32), (1, 10)]
    net = simplenn.make_simplenn(torch.device("meta"), seed=1)
    assert {p.device.type for p in net.parameters()} == {"meta"}
    assert {p.device.type for p in simplenn.make_simplenn(seed=1).parameters()} == {"cpu"}


def test_a_fresh_recording_layer_has_recorded_nothing():
    conv, fc = simplenn.RecordingConv2d(3, 4, 3), simplenn.RecordingLinear(3, 4)
    assert simplenn.RecordingConv2d(3, 4, 3, bias=True).bias.shape == (4,), "a bias when asked for"
    assert conv.input is None and conv.output is None and fc.input is None and fc.output is None
    twin = simplenn.copy_net(simplenn.make_simplenn(seed=SEED))  # nothing recorded yet: a plain deep copy
    assert twin.conv1.input is None and twin.fc2.output is None


# ---------------------------------------------------------------- layer table, MACs, totals

@pytest.mark.parametrize("call, message", [
    (lambda: simplenn.layer_macs(5, (1, 5)), "weight_shape is 5; expected a tuple of positive integers."),
    (lambda: simplenn.layer_macs((16, -3, 5, 5), (1, 16, 32, 32)),
     "weight_shape (16, -3, 5, 5) has the dimension -3; expected positive integers."),
    (lambda: simplenn.layer_macs((10, 32), (1, 0)), "output_shape (1, 0) has the dimension 0; expected positive integers."),
    (lambda: simplenn.layer_macs((4, 3, 3, 3), (2, 4, 5)),
     "weight_shape (4, 3, 3, 3) and output_shape (2, 4, 5): expected both 4-D (conv) or both 2-D (linear)."),
    (lambda: simplenn.layer_macs((2, 2, 2), (1, 2, 2)),
     "weight_shape (2, 2, 2) and output_shape (1, 2, 2): expected both 4-D (conv) or both 2-D (linear)."),
    (lambda: simplenn.layer_macs((10, 32), (5, 11)), "output_shape (5, 11) has 11 channels; expected weight_shape[0] = 10."),
    (lambda: simplenn.input_times_output((5, 0), (5, 32)),
     "input_shape (5, 0) has the dimension 0; expected positive integers."),
    (lambda: simplenn.input_times_output((5, 32), None), "output_shape is None; expected a tuple of positive integers."),
])
def test_shape_refusals_are_whole_sentences(call, message):
    assert refusal(call) == message


def test_dimensions_of_one_are_positive():
    assert simplenn.layer_macs((1, 1), (1, 1)) == 1
    assert simplenn.layer_macs((1, 1, 1, 1), (1, 1, 1, 1)) == 1
    assert simplenn.input_times_output((1,), (1, 1)) == 1


def test_layer_totals_refuses_what_is_not_a_list_of_rows():
    row = simplenn.LayerRow("fc2", (1, 32), (1, 10), (10, 32), 320, 330, 320, 640)
    rows = [row] * 5
    assert simplenn.layer_totals(rows) == (1600, 1650, 1600, 0.0, 0.0)
    expected = "; expected the non-empty list of LayerRow of layer_table."
    assert refusal(lambda: simplenn.layer_totals(tuple(rows))) == "rows is a tuple of 5 items" + expected
    assert refusal(lambda: simplenn.layer_totals([1, 2])) == "rows is [1, 2] (list)" + expected
    assert refusal(lambda: simplenn.layer_totals(rows + [3])) == "rows is a list of 6 items" + expected


@pytest.mark.parametrize("call, message", [
    (lambda n: simplenn.layer_table("conv1", images(1)), f"net is 'conv1' (str); {NET_IS_A_MODULE}"),
    (lambda n: simplenn.recording_layers(3), f"net is 3 (int); {NET_IS_A_MODULE}"),
    (lambda n: simplenn.layer_table(nn.Linear(2, 2), images(1)),
     "net is a Linear without recording layers; expected a SimpleNN."),
    (lambda n: simplenn.parameter_changes(nn.Linear(2, 2), n),
     "before is a Linear without recording layers; expected a SimpleNN."),
    (lambda n: simplenn.parameter_changes(n, nn.ReLU()), "after is a ReLU without recording layers; expected a SimpleNN."),
    (lambda n: simplenn.parameter_changes(n, "x"), f"after is 'x' (str); {NET_IS_A_MODULE}"),
    (lambda n: simplenn.parameter_changes(n, simplenn.RecordingLinear(2, 2)),
     "before and after have different parameters; expected a net and its trained copy."),
    (lambda n: simplenn.layer_table(n, torch.zeros(1, 3, 28, 28)),
     "x is a torch.float32 tensor of shape (1, 3, 28, 28); expected a non-empty finite floating-point tensor "
     "of shape (B, 3, 32, 32)."),
    (lambda n: simplenn.mse_gradients(n, images(2), torch.zeros(1, 10)),
     "target is a torch.float32 tensor of shape (1, 10); expected a non-empty finite floating-point tensor "
     "of shape (2, 10)."),
    (lambda n: simplenn.mse_gradients(n, torch.zeros(2, 3, 32), torch.zeros(2, 10)),
     "x is a torch.float32 tensor of shape (2, 3, 32); expected a non-empty finite floating-point tensor "
     "of shape (B, 3, 32, 32)."),
    (lambda n: simplenn.gradient_zeros(n, {}), "grads is {} (dict); expected the Gradients of mse_gradients."),
    (lambda n: simplenn.nonzero_gradients(None), "grads is None; expected the Gradients of mse_gradients."),
    (lambda n: simplenn.predict_zero_weight_gradients(nn.Linear(2, 2)), "net is a Linear; expected a SimpleNN."),
    (lambda n: simplenn.logits(n, torch.zeros(1, 3, 8, 8)),
     "x is a torch.float32 tensor of shape (1, 3, 8, 8); expected a non-empty finite floating-point tensor "
     "of shape (B, 3, 32, 32)."),
    (lambda n: simplenn.silent_outputs(n, torch.zeros(2, 3, 32, 31)),
     "X is a torch.float32 tensor of shape (2, 3, 32, 31); expected a non-empty finite floating-point tensor "
     "of shape (B, 3, 32, 32)."),
    (lambda n: simplenn.weight_stats(nn.ReLU()), "net is a ReLU without recording layers; expected a SimpleNN."),
    (lambda n: simplenn.copy_net(None), f"net is None; {NET_IS_A_MODULE}"),
])
def test_network_refusals_are_whole_sentences(net, call, message):
    assert refusal(lambda: call(net)) == message


def test_gradient_zeros_names_the_missing_layer(net):
    grads = simplenn.mse_gradients(net, images(1), torch.zeros(1, 10))
    del grads.layers["conv2"]
    assert refusal(lambda: simplenn.gradient_zeros(net, grads)) == (
        "grads has no layer 'conv2'; expected mse_gradients(net, ...) of this net.")


def test_weight_stats_are_the_weights_own_extremes_and_mean(net):
    for s, (name, weight) in zip(simplenn.weight_stats(net), [(n, m.weight) for n, m in net.named_children()]):
        values = weight.detach().numpy().astype(np.float64)
        assert s.name == name
        assert (s.min, s.max) == (values.min(), values.max()), name
        assert s.mean == pytest.approx(values.mean(), rel=1e-12, abs=1e-15), name


# ---------------------------------------------------------------- gradient zeros with stride, dilation, groups

class Strided(nn.Module):
    """A convolution with stride 2, dilation 2, 3 groups and padding 1 (15 x 15 outputs, since
    (32 + 2*1 - 2*(3 - 1) - 1) // 2 + 1 = 15), a linear layer with a single output, then one with 10."""

    def __init__(self):
        super().__init__()
        self.conv = simplenn.RecordingConv2d(3, 6, 3, stride=2, padding=1, dilation=2, groups=3)
        self.fc = simplenn.RecordingLinear(6 * 15 * 15, 10)
        self.one = simplenn.RecordingLinear(10, 1)
        self.out = simplenn.RecordingLinear(1, 10)

    def forward(self, x):
        out = torch.relu(self.fc(torch.relu(self.conv(x)).flatten(start_dim=1)))
        return self.out(self.one(out))


def test_gradient_zeros_follow_the_layers_stride_dilation_and_groups():
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        net = Strided()
    x = images(2)
    x[:, 1] = 0  # the second group's input channel is all zero: its two kernels get no gradient
    grads = simplenn.mse_gradients(net, x, torch.ones(2, 10))
    conv, fc, one, _ = simplenn.gradient_zeros(net, grads)
    assert (one.entries, one.outputs) == (10, 1)
    assert one.silent_output_zeros == (0 if one.outputs_with_gradient else 10), "a silent row is 10 entries"
    dW = grads.layers["conv"].weight
    assert dW.shape == (6, 1, 3, 3) and conv.entries == 54
    assert not np.any(dW[2:4]) and conv.zeros == np.count_nonzero(dW == 0) >= 18
    assert conv.zero_percent == pytest.approx(100 * conv.zeros / 54)
    assert conv.predicted_zeros == conv.zeros, "every exact zero comes from a zero delta or a zero input"
    assert (conv.inputs, conv.nonzero_inputs) == (2 * 3 * 32 * 32, 2 * 2 * 32 * 32)
    assert fc.predicted_zeros == fc.zeros == np.count_nonzero(grads.layers["fc"].weight == 0)
    silent = ~np.any(grads.layers["fc"].delta != 0, axis=0)
    assert fc.outputs == 10 and fc.outputs_with_gradient == 10 - silent.sum()
    assert fc.silent_output_zeros == silent.sum() * 1350
    weights = {s.name: s for s in simplenn.weight_stats(net)}
    assert (weights["one"].fan_in, weights["one"].bound) == (10, pytest.approx(10 ** -0.5)), "one row of 10"
    assert (weights["out"].fan_in, weights["out"].bound) == (1, 1.0)


class WithSpare(Strided):
    """Strided with one more recording layer that its forward pass never calls."""

    def __init__(self):
        super().__init__()
        self.spare = simplenn.RecordingLinear(2, 3)


def test_layer_table_names_layers_by_the_nets_class_and_counts_an_unused_layer_as_zero():
    net = WithSpare()
    net.spare(torch.ones(1, 2))  # a shape recorded outside the forward pass
    rows = simplenn.layer_table(net, images(1))
    assert [r.name for r in rows] == ["conv", "fc", "one", "out", "spare"]
    # FlopCounterMode keys its counts "WithSpare.conv", ...: each layer's count is found, 2 FLOPs per MAC
    # conv: 6 channels x 15 x 15 outputs, each a dot product of 1 (channel per group) x 3 x 3 weights
    assert [r.macs for r in rows] == [6 * 15 * 15 * 9, 10 * 1350, 10, 10, 6]
    assert [r.flops_counted for r in rows] == [2 * 6 * 15 * 15 * 9, 2 * 10 * 1350, 20, 20, 0]


class Detached(nn.Module):
    """The loss does not reach the convolution: its output is detached before the linear layer."""

    def __init__(self):
        super().__init__()
        self.conv = simplenn.RecordingConv2d(3, 1, 32)
        self.fc = simplenn.RecordingLinear(1, 10)

    def forward(self, x):
        return self.fc(self.conv(x).detach().flatten(start_dim=1))


def test_mse_gradients_clears_earlier_gradients_of_what_the_loss_does_not_reach():
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        net = Detached()
    for p in net.parameters():
        p.grad = torch.ones_like(p)  # an earlier backward pass
    grads = simplenn.mse_gradients(net, images(1), torch.zeros(1, 10))
    assert grads.layers["conv"].weight is None and grads.layers["conv"].delta is None
    assert grads.layers["conv"].bias is None and grads.layers["fc"].weight.shape == (10, 1)


# ---------------------------------------------------------------- zero weights, biases exactly 0

def test_a_bias_of_exactly_zero_gives_no_gradient():
    """relu(0) = 0 and relu'(0) = 0 in torch: a zero bias counts as off, like a negative one."""
    zeroed = simplenn.with_zero_weights(simplenn.make_simplenn(seed=SEED))
    with torch.no_grad():
        zeroed.fc1.bias.copy_(torch.tensor([1.0] * 10 + [0.0] * 5 + [-1.0] * 17))
        zeroed.fc2.bias.copy_(torch.tensor([1.0, 0, -1, 2, 0, 0, 3, -2, 0, 1]))
    prediction = simplenn.predict_zero_weight_gradients(zeroed)
    assert (prediction.fc1_bias_positive, prediction.fc2_bias_positive) == (10, 4)
    assert prediction.counts == [
        simplenn.ParamCount("conv1.weight", 1200, 0), simplenn.ParamCount("conv2.weight", 2304, 0),
        simplenn.ParamCount("conv3.weight", 25088, 0), simplenn.ParamCount("fc1.weight", 9216, 0),
        simplenn.ParamCount("fc1.bias", 32, 0), simplenn.ParamCount("fc2.weight", 320, 40),
        simplenn.ParamCount("fc2.bias", 10, 4)]
    grads = simplenn.mse_gradients(zeroed, images(1), torch.full((1, 10), 0.5))
    assert simplenn.nonzero_gradients(grads) == prediction.counts


def test_parameter_changes_counts_entries_that_differ(net):
    after = simplenn.copy_net(net).double()
    with torch.no_grad():
        after.fc2.bias[:3] += 1.0
        after.conv1.weight[0, 0, 0, 0] = 0.0
    changes = {c.parameter: (c.entries, c.count) for c in simplenn.parameter_changes(net, after)}
    assert changes == {"conv1.weight": (1200, 1), "conv2.weight": (2304, 0), "conv3.weight": (25088, 0),
                       "fc1.weight": (9216, 0), "fc1.bias": (32, 0), "fc2.weight": (320, 0), "fc2.bias": (10, 3)}


# ---------------------------------------------------------------- the digits

def test_load_digits_arrays_needs_scikit_learn(monkeypatch):
    message = "scikit-learn is not installed; expected it to provide the digits data set."
    monkeypatch.setattr(simplenn.importlib.util, "find_spec", lambda name: None)
    assert refusal(simplenn.load_digits_arrays) == message

    class NoLocations:
        submodule_search_locations = []

    monkeypatch.setattr(simplenn.importlib.util, "find_spec", lambda name: NoLocations)
    assert refusal(simplenn.load_digits_arrays) == message


def test_load_digits_arrays_dtypes():
    images_, target = simplenn.load_digits_arrays()
    assert images_.dtype == np.float64 and images_.shape == (1797, 8, 8)
    assert target.dtype == np.int64 and target.shape == (1797,)


def test_digits_pixels_are_scikit_learns_scaled_to_minus_one_one():
    """Each 4x4 block, scaled back by 8 x + 8, is a pixel of one of scikit-learn's images of that label."""
    digits = load_digits()
    known = {(img.astype(np.int64).tobytes(), int(label)) for img, label in zip(digits.images, digits.target)}
    X_train, y_train, X_test, y_test = simplenn.digits_dataset(seed=SEED)
    assert X_train.dtype == X_test.dtype == torch.float32 and y_test.dtype == torch.int64
    for X, y in ((X_train, y_train), (X_test, y_test)):
        pixels = X[:, :, ::4, ::4].numpy().astype(np.float64) * 8 + 8
        assert np.array_equal(pixels[:, 0], pixels[:, 1]) and np.array_equal(pixels[:, 0], pixels[:, 2])
        assert np.array_equal(pixels, np.round(pixels))
        for img, label in zip(pixels[:, 0].astype(np.int64), y.tolist()):
            assert (img.tobytes(), label) in known
    assert X_train.min() == -1 and X_train.max() == 1, "0 maps to -1 and 16 to +1"


def test_digits_split_is_seeded():
    a, b, c = (simplenn.digits_dataset(0.1, seed=s) for s in (5, 5, 6))
    assert len(a.X_test) == 180, "round(0.1 * 1797) = round(179.7)"
    assert torch.equal(a.y_test, b.y_test) and torch.equal(a.X_train, b.X_train)
    assert not torch.equal(a.y_test, c.y_test)


def test_digits_split_bounds_keep_one_image_on_each_side():
    assert len(simplenn.digits_dataset(1 / 1797, seed=0).X_test) == 1
    assert len(simplenn.digits_dataset(1796 / 1797, seed=0).X_train) == 1
    expected = ("; expected a number in (0, 1) that leaves at least one of the 1797 images in each set.")
    assert refusal(lambda: simplenn.digits_dataset(1, seed=0)) == "test_fraction is 1.0" + expected
    assert refusal(lambda: simplenn.digits_dataset(1e-5, seed=0)) == "test_fraction is 1e-05" + expected
    assert refusal(lambda: simplenn.digits_dataset(1.5, seed=0)) == (
        "test_fraction is 1.5 (float); expected a finite number >= 0 and <= 1.")
    assert refusal(lambda: simplenn.digits_dataset(seed=-1)) == "seed is -1 (int); expected an integer >= 0."


# ---------------------------------------------------------------- evaluate, summaries and train's refusals

def tiny(batch, label=0):
    return torch.zeros(batch, 3, 32, 32), torch.full((batch,), label, dtype=torch.int64)


DIGIT_LABELS = "expected a non-empty torch.int64 tensor of shape ({},) with entries >= 0 and <= 9."


@pytest.mark.parametrize("call, message", [
    (lambda n: simplenn.evaluate(n, tiny(2)[0], tiny(3)[1]), "y is a torch.int64 tensor of shape (3,); " + DIGIT_LABELS.format(2)),
    (lambda n: simplenn.evaluate(n, *tiny(2, label=10)), "y is a torch.int64 tensor of shape (2,); " + DIGIT_LABELS.format(2)),
    (lambda n: simplenn.evaluate(n, *tiny(2), batch_size=0), "batch_size is 0 (int); expected an integer >= 1."),
    (lambda n: simplenn.evaluate(n, torch.zeros(2, 3), tiny(2)[1]),
     "X is a torch.float32 tensor of shape (2, 3); expected a non-empty finite floating-point tensor of shape (B, 3, 32, 32)."),
    (lambda n: simplenn.output_summary(n, *tiny(2, label=10)), "y is a torch.int64 tensor of shape (2,); " + DIGIT_LABELS.format(2)),
    (lambda n: simplenn.output_summary(n, *tiny(2, label=-1)), "y is a torch.int64 tensor of shape (2,); " + DIGIT_LABELS.format(2)),
    (lambda n: simplenn.evaluate(n, *tiny(2, label=-1)), "y is a torch.int64 tensor of shape (2,); " + DIGIT_LABELS.format(2)),
    (lambda n: simplenn.output_summary(n, tiny(2)[0], tiny(2)[1].float()),
     "y is a torch.float32 tensor of shape (2,); " + DIGIT_LABELS.format(2)),
    (lambda n: simplenn.output_summary(n, torch.zeros(1, 32, 32), tiny(1)[1]),
     "X is a torch.float32 tensor of shape (1, 32, 32); expected a non-empty finite floating-point tensor of shape (B, 3, 32, 32)."),
])
def test_evaluation_refusals_are_whole_sentences(net, call, message):
    assert refusal(lambda: call(net)) == message


def test_silent_outputs_moves_the_images_to_the_nets_dtype():
    zeroed = simplenn.with_zero_weights(simplenn.make_simplenn(seed=SEED)).double()
    with torch.no_grad():
        zeroed.fc2.bias.copy_(torch.tensor([-1.0, 1, -2, 3, 0, 1, 1, -0.5, 2, 2]))
    assert simplenn.silent_outputs(zeroed, images(2)) == 4, "float32 images, float64 net: b2 <= 0 four times"


def test_output_summary_of_one_image(net):
    X, y = images(1), torch.tensor([4])
    summary = simplenn.output_summary(net, X, y)
    with torch.no_grad():
        net(X)
    scores = net.fc2.output  # FC2 before its ReLU
    assert summary.identical_scores and summary.num_images == 1 and summary.top_digit_predictions == 1
    assert summary.top_digit == int(np.argmax(scores.numpy()[0]))
    assert summary.top_digit_images == int(summary.top_digit == 4)


def test_evaluate_counts_the_argmax_of_the_logits():
    """All weights zero: the logits are FC2's bias whatever the image, so the class is its argmax (3 here)."""
    zeroed = simplenn.with_zero_weights(simplenn.make_simplenn(seed=SEED))
    with torch.no_grad():
        zeroed.fc2.bias.copy_(torch.tensor([0.0, 0, 0, 2, 0, 0, 0, 0, 0, 0]))
    X = images(4)
    y = torch.tensor([3, 3, 3, 1])
    loss, accuracy = simplenn.evaluate(zeroed, X, y, batch_size=3)
    assert accuracy == 75.0
    # cross-entropy of scores (2, 0, ..., 0): log(e^2 + 9) - 2 for class 3, log(e^2 + 9) for the others
    log_z = np.log(np.exp(2.0) + 9)
    assert loss == pytest.approx((3 * (log_z - 2) + log_z) / 4, rel=1e-6)
    summary = simplenn.output_summary(zeroed, X, y)
    assert summary == simplenn.OutputSummary(True, 3, 4, 3, 4)


def train_call(**changes):
    X, y = tiny(2)
    args = {"net": simplenn.make_simplenn(seed=SEED), "data": (X, y, X, y), "num_epochs": 1, "batch_size": 2,
            "lr": 1e-3, "seed": SEED} | changes
    return lambda: simplenn.train(**args)


X2, Y2 = tiny(2)


@pytest.mark.parametrize("changes, message", [
    ({"net": nn.Linear(2, 2)}, "net is a Linear without recording layers; expected a SimpleNN."),
    ({"num_epochs": 0}, "num_epochs is 0 (int); expected an integer >= 1."),
    ({"batch_size": 1.0}, "batch_size is 1.0 (float); expected an integer >= 1."),
    ({"lr": 0.0}, "lr is 0.0 (float); expected a finite number > 0."),
    ({"seed": TORCH_LARGEST_SEED + 1}, f"seed is {TORCH_LARGEST_SEED + 1} (int); expected an integer >= 0 and <= {TORCH_LARGEST_SEED}."),
    ({"dtype": torch.float16}, "dtype is torch.float16; expected torch.float32 or torch.float64."),
    ({"dtype": "float64"}, "dtype is 'float64'; expected torch.float32 or torch.float64."),
    ({"data": X2}, f"data is a Tensor of shape (2, 3, 32, 32); {DATA}"),
    ({"data": [X2, Y2, X2]}, f"data has 3 parts; {DATA}"),
    ({"data": (X2[:, :2], Y2, X2, Y2)},
     "X_train is a torch.float32 tensor of shape (2, 2, 32, 32); expected a non-empty finite floating-point "
     "tensor of shape (B, 3, 32, 32)."),
    ({"data": (X2, Y2[:1], X2, Y2)}, "y_train is a torch.int64 tensor of shape (1,); " + DIGIT_LABELS.format(2)),
    ({"data": (X2, Y2, X2[:, :, :31], Y2)},
     "X_test is a torch.float32 tensor of shape (2, 3, 31, 32); expected a non-empty finite floating-point "
     "tensor of shape (B, 3, 32, 32)."),
    ({"data": (X2, Y2, X2[:1], Y2)}, "y_test is a torch.int64 tensor of shape (2,); " + DIGIT_LABELS.format(1)),
    ({"data": (X2, Y2, X2, Y2 + 10)}, "y_test is a torch.int64 tensor of shape (2,); " + DIGIT_LABELS.format(2)),
])
def test_train_refusals_are_whole_sentences(changes, message):
    assert refusal(train_call(**changes)) == message


def test_train_takes_one_adam_step_of_the_learning_rate():
    """Adam's first step moves each weight by lr * g / (|g| + eps): by lr wherever the gradient is well
    above eps = 1e-8 (one mini-batch of 2 images, one epoch)."""
    net = simplenn.make_simplenn(seed=SEED)
    X = images(2)
    y = torch.tensor([1, 7])
    run = simplenn.train(net, (X, y, X, y), num_epochs=1, batch_size=2, lr=0.25, seed=SEED)
    step = (run.net.fc1.weight.detach() - net.fc1.weight.detach().double()).abs()
    assert step.max().item() == pytest.approx(0.25, rel=1e-4)
    assert len(run.train_loss) == 1 and len(run.test_loss) == 2
