"""SimpleNN: shapes, layer table against FlopCounterMode, gradients by hand and by finite differences,
where gradients are exactly zero, zero-weight training, and one clear error for each bad argument."""
import json
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_digits
from torch.utils.flop_counter import FlopCounterMode

from hw1 import simplenn

SEED = 661

# Table 1 worked on paper: 32 -conv5,p2-> 32 -pool4/2-> 15 -conv3,p2-> 17 -pool3/2-> 8
# -conv7,p2-> 6 -pool2/2-> 3, so FC1 sees 32 * 3 * 3 = 288 features.
# (name, input shape without batch, output shape without batch, weight shape, bias size)
TABLE1 = [
    ("conv1", (3, 32, 32), (16, 32, 32), (16, 3, 5, 5), 0),
    ("conv2", (16, 15, 15), (16, 17, 17), (16, 16, 3, 3), 0),
    ("conv3", (16, 8, 8), (32, 6, 6), (32, 16, 7, 7), 0),
    ("fc1", (288,), (32,), (32, 288), 32),
    ("fc2", (32,), (10,), (10, 32), 10),
]
# MACs of one image, by hand: C_out*H2*W2 * C_in*K*K, and out*in for the linear layers
MACS_ONE_IMAGE = {"conv1": 16 * 32 * 32 * 3 * 25, "conv2": 16 * 17 * 17 * 16 * 9,
                  "conv3": 32 * 6 * 6 * 16 * 49, "fc1": 32 * 288, "fc2": 10 * 32}


def images(batch, seed=SEED):
    return torch.randn(batch, 3, 32, 32, generator=torch.Generator().manual_seed(seed))


def targets(batch, seed):
    return torch.randn(batch, 10, generator=torch.Generator().manual_seed(seed))


@pytest.fixture(scope="module")
def net():
    return simplenn.make_simplenn(seed=SEED)


@pytest.fixture(scope="module")
def small_data():
    X_train, y_train, X_test, y_test = simplenn.digits_dataset(seed=SEED)
    return simplenn.DigitsSplit(X_train[:96], y_train[:96], X_test[:64], y_test[:64])


# ---------------------------------------------------------------- Lab 2: the network and its layer table

@pytest.mark.parametrize("batch", [1, 5])
def test_layer_table_matches_table1_and_flop_counter(net, batch):
    rows = simplenn.layer_table(net, images(batch))
    assert [r.name for r in rows] == [t[0] for t in TABLE1]
    for row, (name, in_shape, out_shape, w_shape, bias_size) in zip(rows, TABLE1):
        assert row.input_shape == (batch, *in_shape), name
        assert row.output_shape == (batch, *out_shape), name
        assert row.weight_shape == w_shape, name
        assert row.params == np.prod(w_shape), name
        assert row.params_with_bias == np.prod(w_shape) + bias_size, name
        assert row.macs == batch * MACS_ONE_IMAGE[name], name
        assert 2 * row.macs == row.flops_counted, f"{name}: formula vs FlopCounterMode"


def test_layer_totals_and_the_convolutions_share(net):
    totals = simplenn.layer_totals(simplenn.layer_table(net, images(1)))
    weights = [math.prod(t[3]) for t in TABLE1]
    assert totals.params == sum(weights) == 38128
    assert totals.params_with_bias == sum(weights) + 42
    assert totals.macs == sum(MACS_ONE_IMAGE.values())
    assert totals.conv_param_percent == pytest.approx(100 * sum(weights[:3]) / sum(weights))
    conv_macs = sum(MACS_ONE_IMAGE[f"conv{i}"] for i in (1, 2, 3))
    assert totals.conv_mac_percent == pytest.approx(100 * conv_macs / totals.macs)
    with pytest.raises(ValueError, match=r"rows is \[\] \(list\); expected the non-empty list of LayerRow"):
        simplenn.layer_totals([])


def test_input_times_output_grows_with_the_square_of_the_batch():
    assert simplenn.input_times_output((1, 288), (1, 32)) == MACS_ONE_IMAGE["fc1"]
    assert simplenn.input_times_output((5, 288), (5, 32)) == 25 * MACS_ONE_IMAGE["fc1"]
    assert simplenn.layer_macs((32, 288), (5, 32)) == 5 * MACS_ONE_IMAGE["fc1"]
    with pytest.raises(ValueError, match="input_shape"):
        simplenn.input_times_output((5, 0), (5, 32))


def test_layer_table_leaves_the_net_unchanged():
    net = simplenn.make_simplenn(seed=SEED)
    before = [p.clone() for p in net.parameters()]
    simplenn.layer_table(net, images(2))
    for b, p in zip(before, net.parameters()):
        assert torch.equal(b, p)
        assert p.grad is None


@st.composite
def conv_layer(draw):
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))
    k, padding, stride = draw(st.integers(1, 4)), draw(st.integers(0, 2)), draw(st.integers(1, 3))
    size = draw(st.integers(k, 9))
    return draw(st.integers(1, 3)), c_in, c_out, k, padding, stride, groups, size


@settings(max_examples=25, deadline=None)
@given(conv_layer())
def test_layer_macs_against_flop_counter_for_conv(case):
    batch, c_in, c_out, k, padding, stride, groups, size = case
    conv = simplenn.RecordingConv2d(c_in, c_out, k, padding=padding, stride=stride, groups=groups)
    with FlopCounterMode(display=False) as counter:
        out = conv(torch.zeros(batch, c_in, size, size))
    assert simplenn.layer_macs(conv.weight.shape, out.shape) * 2 == counter.get_total_flops()


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 8), st.integers(1, 40), st.integers(1, 40))
def test_layer_macs_against_flop_counter_for_linear(batch, n_in, n_out):
    fc = simplenn.RecordingLinear(n_in, n_out)
    with FlopCounterMode(display=False) as counter:
        out = fc(torch.zeros(batch, n_in))
    assert simplenn.layer_macs(fc.weight.shape, out.shape) * 2 == counter.get_total_flops()


def test_layer_macs_is_exact_beyond_int64():
    # int64 would wrap around to 0 here (2**90); Python integers do not
    assert simplenn.layer_macs((2**30, 2**30), (2**30, 2**30)) == 2**90
    numpy_and_torch = simplenn.layer_macs(np.array([16, 3, 5, 5]), torch.Size([1, 16, 32, 32]))
    assert numpy_and_torch == MACS_ONE_IMAGE["conv1"] and type(numpy_and_torch) is int


@pytest.mark.parametrize("weight_shape, output_shape, message", [
    ((4, 3, 3, 3), (2, 4, 5), "both 4-D"),                          # conv weight, linear output
    ((10, 32), (5, 11), "expected weight_shape\\[0\\] = 10"),        # channels do not match
    ((16, -3, 5, 5), (1, 16, 32, 32), "dimension -3; expected positive"),
    ((10, 32.5), (1, 10), "dimension 32.5; expected positive"),
    ((10, 32), (0, 10), "output_shape \\(0, 10\\) has the dimension 0"),
    ((10, True), (1, 10), "dimension True"),
    ((10, "32"), (1, 10), "dimension '32'"),
    (5, (1, 5), "weight_shape is 5; expected a tuple"),
])
def test_layer_macs_rejects_bad_shapes(weight_shape, output_shape, message):
    with pytest.raises(ValueError, match=message):
        simplenn.layer_macs(weight_shape, output_shape)


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 6))
def test_forward_shape_and_recorded_shapes(batch):
    net = simplenn.make_simplenn(seed=SEED)
    assert net(images(batch)).shape == (batch, 10)
    for (name, m), (_, in_shape, out_shape, _, _) in zip(simplenn.recording_layers(net), TABLE1):
        assert m.input.shape == (batch, *in_shape), name
        assert m.output.shape == (batch, *out_shape), name


def test_recording_layers_keep_input_and_output():
    conv = simplenn.RecordingConv2d(3, 4, 3, padding=1)
    fc = simplenn.RecordingLinear(6, 2)
    assert conv.bias is None and fc.bias is not None, "bias: off for conv, on for linear (as the lab)"
    x = images(2)[:, :, :5, :5]
    y = conv(x)
    assert conv.input is x and conv.output is y
    assert_allclose(y.detach(), F.conv2d(x, conv.weight, padding=1).detach(), rtol=1e-6)
    v = torch.randn(3, 6, generator=torch.Generator().manual_seed(1))
    z = fc(v)
    assert fc.input is v and fc.output is z
    assert_allclose(z.detach(), (v @ fc.weight.T + fc.bias).detach(), rtol=1e-6, atol=1e-7)


def test_handed_in_class_is_the_submitted_notebooks_class():
    source = simplenn.handed_in_class()
    assert source.startswith("class SimpleNN(nn.Module):") and source.endswith("        return out")
    assert "self.fc2   = FC(32, 10)" in source, "the lines as written, spaces kept"


def test_handed_in_class_reads_the_notebooks_class(tmp_path):
    path = tmp_path / "nb.ipynb"
    cells = [{"cell_type": "markdown", "source": "class SimpleNN is here"},
             {"cell_type": "code", "source": ["x = 1\n", "class SimpleNN(nn.Module):\n", "    pass\n", "y = 2\n"]}]
    path.write_text(json.dumps({"cells": cells}))
    assert simplenn.handed_in_class(path) == "class SimpleNN(nn.Module):\n    pass"
    path.write_text(json.dumps({"cells": cells[:1]}))
    with pytest.raises(ValueError, match="nb.ipynb defines no class SimpleNN; expected the handed-in notebook"):
        simplenn.handed_in_class(path)
    with pytest.raises(ValueError, match=r"missing.ipynb' is not readable as a notebook"):
        simplenn.handed_in_class(tmp_path / "missing.ipynb")


def test_lab_draws_are_the_course_notebooks_draws_in_order():
    """One seed, then the weights and the five inputs in the notebook's order, from torch's generator."""
    state = torch.get_rng_state()
    draws = simplenn.lab_draws(seed=SEED)
    assert torch.equal(torch.get_rng_state(), state), "the global generator is left alone"
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        net = simplenn.SimpleNN()
        expected = [torch.randn(5, 3, 32, 32), torch.randn(1, 3, 32, 32), torch.randn(1, 10),
                    torch.randn(1, 3, 32, 32), torch.randn(1, 10)]
    assert all(torch.equal(p, q) for p, q in zip(draws.net.parameters(), net.parameters()))
    assert all(torch.equal(p, q) for p, q in
               zip(draws.net.parameters(), simplenn.make_simplenn(seed=SEED).parameters()))
    for got, want in zip(draws[1:], expected, strict=True):
        assert torch.equal(got, want)
    assert not torch.equal(draws.x1, simplenn.lab_draws(seed=SEED + 1).x1)
    with pytest.raises(ValueError, match="seed is -1 .*; expected an integer >= 0"):
        simplenn.lab_draws(seed=-1)


def test_make_simplenn_is_seeded_and_leaves_global_rng_alone():
    state = torch.get_rng_state()
    a, b, c = (simplenn.make_simplenn(seed=s) for s in (1, 1, 2))
    assert torch.equal(torch.get_rng_state(), state)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not torch.equal(a.conv1.weight, c.conv1.weight)


@pytest.mark.parametrize("seed", [-1, 1.5, True, "1", 2**63])
def test_make_simplenn_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed is .*; expected an integer >= 0"):
        simplenn.make_simplenn(seed=seed)


def test_pick_device_picks_cpu_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert simplenn.pick_device() == torch.device("cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert simplenn.pick_device() == torch.device("cuda")


@pytest.mark.parametrize("x", [torch.zeros(1, 3, 28, 28), torch.zeros(3, 32, 32), torch.zeros(0, 3, 32, 32),
                               torch.zeros(1, 3, 32, 32, dtype=torch.int64), np.zeros((1, 3, 32, 32))])
def test_layer_table_and_gradients_reject_bad_images(net, x):
    with pytest.raises(ValueError, match="x is .*; expected a non-empty finite floating-point tensor of shape \\(B, 3, 32, 32\\)"):
        simplenn.layer_table(net, x)
    with pytest.raises(ValueError, match="x is"):
        simplenn.mse_gradients(net, x, targets(1, 0))


def test_functions_reject_what_is_not_a_simplenn(net):
    with pytest.raises(ValueError, match="net is a Linear without recording layers"):
        simplenn.layer_table(torch.nn.Linear(2, 2), images(1))
    with pytest.raises(ValueError, match=r"net is .conv1. \(str\); expected a torch nn.Module"):
        simplenn.weight_stats("conv1")
    with pytest.raises(ValueError, match="net is a Linear; expected a SimpleNN"):
        simplenn.predict_zero_weight_gradients(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match=r"grads is .* \(dict\); expected the Gradients"):
        simplenn.nonzero_gradients({"fc2": np.ones(3)})
    with pytest.raises(ValueError, match="before and after have different parameters"):
        simplenn.parameter_changes(net, simplenn.RecordingLinear(2, 2))
    with pytest.raises(ValueError, match="x is a torch.float32 tensor of shape \\(1, 3, 8, 8\\)"):
        simplenn.logits(net, torch.zeros(1, 3, 8, 8))


# ---------------------------------------------------------------- Lab 3(a): initial weights

def test_weight_stats_lie_within_one_over_sqrt_fan_in(net):
    stats = simplenn.weight_stats(net)
    assert [s.fan_in for s in stats] == [75, 144, 784, 288, 32]
    for s in stats:
        assert s.bound == pytest.approx(s.fan_in ** -0.5)
        assert -s.bound <= s.min < s.mean < s.max <= s.bound, s.name
        assert s.max > 0.95 * s.bound, f"{s.name}: uniform on the full interval"


# ---------------------------------------------------------------- Lab 3(b): gradients

def test_mse_gradients_of_fc2_match_the_chain_rule_by_hand(net):
    x, target = images(1), targets(1, 2)
    loss, layers = simplenn.mse_gradients(net, x, target)
    z2 = net.fc2.output.detach().double()[0]
    h1 = net.fc2.input.detach().double()[0]
    y = torch.relu(z2)
    assert loss == pytest.approx(torch.mean((y - target.double()[0]) ** 2).item(), rel=1e-6)
    dz2 = 2 / 10 * (y - target.double()[0]) * (z2 > 0)
    assert_allclose(layers["fc2"].delta[0], dz2.numpy(), rtol=1e-5, atol=1e-8, err_msg="fc2 delta")
    assert_allclose(layers["fc2"].bias, dz2.numpy(), rtol=1e-5, atol=1e-8, err_msg="fc2 bias")
    assert_allclose(layers["fc2"].weight, torch.outer(dz2, h1).numpy(), rtol=1e-5, atol=1e-8,
                    err_msg="fc2 weight")
    assert_array_equal(layers["fc2"].input[0], h1.numpy())
    assert layers["conv1"].bias is None


def test_mse_gradients_of_conv1_match_finite_differences():
    net = simplenn.make_simplenn(seed=SEED).double()
    x = images(1).double()
    target = targets(1, 3).double()
    _, layers = simplenn.mse_gradients(net, x, target)
    eps = 1e-6
    for index in [(0, 0, 0, 0), (3, 1, 2, 4), (15, 2, 4, 1)]:
        w = net.conv1.weight.data
        w[index] += eps
        up = F.mse_loss(net(x), target).item()
        w[index] -= 2 * eps
        down = F.mse_loss(net(x), target).item()
        w[index] += eps
        assert layers["conv1"].weight[index] == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-9)


def test_mse_gradients_rejects_a_target_of_the_wrong_shape(net):
    with pytest.raises(ValueError, match="target is .*shape \\(2, 10\\)"):
        simplenn.mse_gradients(net, images(2), targets(1, 0))


@pytest.mark.parametrize("seed, batch", [(SEED, 1), (0, 1), (1, 1), (2, 3)])
def test_gradient_zeros_are_predicted_by_the_masks(seed, batch):
    net = simplenn.make_simplenn(seed=seed)
    grads = simplenn.mse_gradients(net, images(batch, seed), targets(batch, seed))
    rows = simplenn.gradient_zeros(net, grads)
    assert [r.name for r in rows] == [t[0] for t in TABLE1]
    for r in rows:
        dW = grads.layers[r.name].weight
        assert r.zeros == np.count_nonzero(dW == 0) and r.entries == dW.size, r.name
        assert r.predicted_zeros == r.zeros, f"{r.name}: every exact zero comes from a zero delta or input"
        silent = ~np.any(grads.layers[r.name].delta != 0, axis=tuple(i for i in range(dW.ndim) if i != 1))
        assert r.outputs - r.outputs_with_gradient == silent.sum()
        assert not np.any(dW[silent]), f"{r.name}: the rows of silent outputs are zero"
        assert r.silent_output_zeros == silent.sum() * dW[0].size
    fc1, fc2 = rows[3], rows[4]
    if batch == 1:  # an outer product: nonzero exactly where delta and input are both nonzero
        for r in (fc1, fc2):
            assert r.entries - r.zeros == r.outputs_with_gradient * r.nonzero_inputs, r.name
    assert fc2.outputs_with_gradient == int(np.any(net.fc2.output.detach().numpy() > 0, axis=0).sum())
    assert fc2.nonzero_inputs == np.count_nonzero(net.fc2.input.detach().numpy())


def test_gradient_zeros_of_the_report_image_by_hand():
    """The counts quoted in the report, for the image and target that the notebook draws."""
    net = simplenn.make_simplenn(seed=SEED)
    generator = torch.Generator().manual_seed(SEED)
    torch.randn(5, 3, 32, 32, generator=generator)  # Lab 2(a)'s batch, drawn first
    x, target = torch.randn(1, 3, 32, 32, generator=generator), torch.randn(1, 10, generator=generator)
    rows = simplenn.gradient_zeros(net, simplenn.mse_gradients(net, x, target))
    assert rows[0].zeros == 0, "conv1: every weight meets a nonzero delta somewhere"
    assert rows[4].entries - rows[4].zeros == rows[4].outputs_with_gradient * rows[4].nonzero_inputs


def test_gradient_zeros_rejects_gradients_of_another_net(net):
    grads = simplenn.mse_gradients(net, images(1), targets(1, 0))
    del grads.layers["fc1"]
    with pytest.raises(ValueError, match="grads has no layer 'fc1'"):
        simplenn.gradient_zeros(net, grads)


# ---------------------------------------------------------------- Lab 3(c): zero weights

def test_zero_weights_gradient_pattern(net):
    zeroed = simplenn.with_zero_weights(net)
    assert all(torch.count_nonzero(m.weight) > 0 for _, m in simplenn.recording_layers(net)), \
        "the original keeps its weights"
    assert torch.equal(zeroed.fc1.bias, net.fc1.bias) and torch.equal(zeroed.fc2.bias, net.fc2.bias)
    target = targets(1, 4)
    _, layers = simplenn.mse_gradients(zeroed, images(1, seed=5), target)
    for name in ("conv1", "conv2", "conv3", "fc1"):
        assert not np.any(layers[name].weight), f"{name} weight gradient"
    assert not np.any(layers["fc1"].bias), "fc1 bias gradient: blocked by fc2's zero weights"
    # By hand: the output is relu(b2) whatever the image, and fc2's input is relu(b1).
    b1, b2 = net.fc1.bias.detach().double(), net.fc2.bias.detach().double()
    dz2 = 2 / 10 * (torch.relu(b2) - target.double()[0]) * (b2 > 0)
    assert_allclose(layers["fc2"].bias, dz2.numpy(), rtol=1e-5, err_msg="fc2 bias")
    assert_allclose(layers["fc2"].weight, torch.outer(dz2, torch.relu(b1)).numpy(), rtol=1e-5,
                    err_msg="fc2 weight")
    assert_array_equal(layers["fc2"].weight != 0, np.outer(b2 > 0, b1 > 0))


@pytest.mark.parametrize("seed", [SEED, 0, 1, 2, 3])
def test_zero_weight_prediction_matches_the_measured_counts(seed):
    net = simplenn.make_simplenn(seed=seed)
    zeroed = simplenn.with_zero_weights(net)
    prediction = simplenn.predict_zero_weight_gradients(zeroed)
    assert prediction.fc1_bias_positive == int((net.fc1.bias > 0).sum())
    assert prediction.fc2_bias_positive == int((net.fc2.bias > 0).sum())
    grads = simplenn.mse_gradients(zeroed, images(1, seed + 7), targets(1, seed))
    measured = simplenn.nonzero_gradients(grads)
    assert measured == prediction.counts
    assert [c.parameter for c in measured] == ["conv1.weight", "conv2.weight", "conv3.weight", "fc1.weight",
                                               "fc1.bias", "fc2.weight", "fc2.bias"]
    assert measured[5].count == prediction.fc1_bias_positive * prediction.fc2_bias_positive > 0


def test_copy_net_is_independent_after_a_forward_pass(net):
    net(images(1))
    twin = simplenn.copy_net(net)
    with torch.no_grad():
        twin.conv1.weight.add_(1.0)
    assert not torch.equal(twin.conv1.weight, net.conv1.weight)
    assert twin.conv1.input is None


# ---------------------------------------------------------------- beyond the lab: training on the digits

def test_load_digits_arrays_equal_scikit_learn():
    images_, target = simplenn.load_digits_arrays()
    digits = load_digits()
    assert_array_equal(images_, digits.images)
    assert_array_equal(target, digits.target)


def test_digits_dataset_shapes_and_split():
    X_train, y_train, X_test, y_test = simplenn.digits_dataset(seed=SEED)
    assert X_train.shape[1:] == X_test.shape[1:] == (3, 32, 32)
    assert len(X_train) + len(X_test) == 1797 and len(X_test) == 359
    assert X_train.min() >= -1 and X_train.max() <= 1
    assert torch.equal(X_train[:, 0], X_train[:, 2]), "grey: all channels equal"
    blocks = X_train[:, 0].unfold(1, 4, 4).unfold(2, 4, 4)  # (N, 8, 8, 4, 4)
    assert torch.equal(blocks, blocks[..., :1, :1].expand_as(blocks)), "each pixel a 4x4 block"
    assert_array_equal(torch.cat([y_train, y_test]).bincount().numpy(),
                       np.bincount(simplenn.load_digits_arrays().target), err_msg="every image used once")


@pytest.mark.parametrize("test_fraction, message", [
    (1.5, "expected a finite number >= 0 and <= 1"), ("0.2", "'0.2' \\(str\\)"), (0.0, "in \\(0, 1\\)"),
    (1e-5, "leaves at least one of the 1797 images in each set"), (0.9999, "in each set")])
def test_digits_dataset_rejects_bad_fractions(test_fraction, message):
    with pytest.raises(ValueError, match=f"test_fraction is .*{message}"):
        simplenn.digits_dataset(test_fraction, seed=SEED)


def test_silent_outputs_counts_the_outputs_that_the_final_relu_holds_at_zero(net):
    zeroed = simplenn.with_zero_weights(net)
    with torch.no_grad():
        zeroed.fc2.bias.copy_(torch.tensor([-1.0, 1, -2, 3, 0, 1, 1, -0.5, 2, 2]))
    assert simplenn.silent_outputs(zeroed, images(4)) == 4, "relu(b2) is 0 where b2 <= 0, for every image"
    assert simplenn.silent_outputs(net, images(4)) == int((net(images(4)).amax(dim=0) == 0).sum())


def test_train_default_learns_and_zero_weights_stay_zero(net, small_data):
    run = simplenn.train(net, small_data, num_epochs=2, batch_size=32, lr=3e-3, seed=SEED)
    assert len(run.train_loss) == 2 and len(run.test_loss) == len(run.test_accuracy) == 3
    assert run.train_loss[-1] < run.test_loss[0], "the default net learns"
    assert run.net.conv1.weight.dtype == torch.float64, "training runs in float64"
    assert not torch.equal(run.net.conv1.weight, net.conv1.weight.double())
    assert torch.equal(net.conv1.weight, simplenn.make_simplenn(seed=SEED).conv1.weight), "net is unchanged"
    zeroed = simplenn.with_zero_weights(net)
    stuck = simplenn.train(zeroed, small_data, num_epochs=2, batch_size=32, lr=3e-3, seed=SEED)
    changes = {c.parameter: c.count for c in simplenn.parameter_changes(zeroed, stuck.net)}
    assert [changes[f"{name}.weight"] for name in ("conv1", "conv2", "conv3", "fc1")] == [0, 0, 0, 0]
    assert changes["fc1.bias"] == int((zeroed.fc1.bias > 0).sum()), "FC1's bias learns where its ReLU is on"
    unchanged = stuck.net.fc1.bias.detach() == zeroed.fc1.bias.double()
    assert torch.all(unchanged[zeroed.fc1.bias <= 0]), "a unit whose ReLU is off gets no gradient"
    assert changes["fc2.weight"] == 10 * changes["fc1.bias"] and changes["fc2.bias"] == 10
    X_test, y_test = small_data.X_test, small_data.y_test
    summary = simplenn.output_summary(stuck.net, X_test, y_test)
    assert summary.identical_scores and summary.top_digit_predictions == summary.num_images == len(y_test)
    assert stuck.test_accuracy[-1] == pytest.approx(100 * summary.top_digit_images / summary.num_images)
    assert not simplenn.output_summary(run.net, X_test, y_test).identical_scores


def test_float32_is_enough_from_zero_weights(net, small_data):
    """The zero start does not hang on rounding: float32 and float64 give the same curves."""
    zeroed = simplenn.with_zero_weights(net)
    runs = [simplenn.train(zeroed, small_data, num_epochs=2, batch_size=32, lr=4e-3, dtype=dtype, seed=SEED)
            for dtype in (torch.float32, torch.float64)]
    assert runs[0].net.fc2.weight.dtype == torch.float32
    for key in ("train_loss", "test_loss", "test_accuracy"):
        assert_allclose(getattr(runs[0], key), getattr(runs[1], key), rtol=1e-6, err_msg=key)


@pytest.mark.parametrize("kwargs, message", [
    ({"num_epochs": 0}, "num_epochs is 0 \\(int\\); expected an integer >= 1"),
    ({"num_epochs": 1.5}, "num_epochs is 1.5 \\(float\\)"),
    ({"batch_size": 0}, "batch_size is 0"),
    ({"lr": "abc"}, "lr is 'abc' \\(str\\); expected a finite number > 0"),
    ({"lr": -1e-3}, "lr is -0.001"),
    ({"lr": float("nan")}, "lr is nan"),
    ({"seed": -1}, "seed is -1"),
    ({"dtype": torch.int64}, "dtype is torch.int64; expected torch.float32 or torch.float64"),
])
def test_train_rejects_bad_arguments(net, small_data, kwargs, message):
    args = {"num_epochs": 1, "batch_size": 32, "lr": 1e-3, "seed": SEED} | kwargs
    with pytest.raises(ValueError, match=message):
        simplenn.train(net, small_data, **args)


def test_train_and_evaluate_reject_bad_data(net, small_data):
    X_train, y_train, X_test, y_test = small_data
    with pytest.raises(ValueError, match="data has 2 parts"):
        simplenn.train(net, (X_train, y_train), num_epochs=1, batch_size=8, lr=1e-3, seed=SEED)
    with pytest.raises(ValueError, match="y_train is .*; expected a non-empty torch.int64 tensor of shape \\(96,\\)"):
        simplenn.train(net, (X_train, y_test, X_test, y_test), num_epochs=1, batch_size=8, lr=1e-3, seed=SEED)
    with pytest.raises(ValueError, match="batch_size is 0"):
        simplenn.evaluate(net, X_test, y_test, batch_size=0)
    loss, accuracy = simplenn.evaluate(net, X_test, y_test, batch_size=7)
    assert (loss, accuracy) == pytest.approx(tuple(simplenn.evaluate(net, X_test, y_test)))
