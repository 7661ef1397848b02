"""SimpleNN: shapes, layer table against FlopCounterMode, recording layers, zero-weight gradients."""
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


@pytest.fixture(scope="module")
def net():
    return simplenn.make_simplenn(SEED)


@pytest.mark.parametrize("batch", [1, 5])
def test_layer_table_matches_table1_and_flop_counter(net, batch):
    rows = simplenn.layer_table(net, images(batch))
    assert [r["name"] for r in rows] == [t[0] for t in TABLE1]
    for row, (name, in_shape, out_shape, w_shape, bias_size) in zip(rows, TABLE1):
        assert row["input_shape"] == (batch, *in_shape), name
        assert row["output_shape"] == (batch, *out_shape), name
        assert row["weight_shape"] == w_shape, name
        assert row["params"] == np.prod(w_shape), name
        assert row["params_with_bias"] == np.prod(w_shape) + bias_size, name
        assert row["macs"] == batch * MACS_ONE_IMAGE[name], name
        assert 2 * row["macs"] == row["flops_counted"], f"{name}: formula vs FlopCounterMode"


def test_layer_table_leaves_the_net_unchanged():
    net = simplenn.make_simplenn(SEED)
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


@pytest.mark.parametrize("weight_shape, output_shape", [
    ((4, 3, 3, 3), (2, 4, 5)),     # conv weight, linear output
    ((10, 32), (5, 11)),           # channels do not match
])
def test_layer_macs_rejects_mismatched_shapes(weight_shape, output_shape):
    with pytest.raises(ValueError, match="expected"):
        simplenn.layer_macs(weight_shape, output_shape)


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 6))
def test_forward_shape_and_recorded_shapes(batch):
    net = simplenn.make_simplenn(SEED)
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


def test_make_simplenn_is_seeded_and_leaves_global_rng_alone():
    state = torch.get_rng_state()
    a, b, c = simplenn.make_simplenn(1), simplenn.make_simplenn(1), simplenn.make_simplenn(2)
    assert torch.equal(torch.get_rng_state(), state)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not torch.equal(a.conv1.weight, c.conv1.weight)


def test_pick_device_picks_cpu_without_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert simplenn.pick_device() == torch.device("cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert simplenn.pick_device() == torch.device("cuda")


def test_mse_gradients_of_fc2_match_the_chain_rule_by_hand(net):
    x, target = images(1), torch.randn(1, 10, generator=torch.Generator().manual_seed(2))
    loss, grads = simplenn.mse_gradients(net, x, target)
    z2 = net.fc2.output.detach().double()[0]
    h1 = net.fc2.input.detach().double()[0]
    y = torch.relu(z2)
    assert loss == pytest.approx(torch.mean((y - target.double()[0]) ** 2).item(), rel=1e-6)
    dz2 = 2 / 10 * (y - target.double()[0]) * (z2 > 0)
    assert_allclose(grads["fc2"][1], dz2.numpy(), rtol=1e-5, atol=1e-8, err_msg="fc2 bias")
    assert_allclose(grads["fc2"][0], torch.outer(dz2, h1).numpy(), rtol=1e-5, atol=1e-8,
                    err_msg="fc2 weight")
    assert grads["conv1"][1] is None


def test_mse_gradients_of_conv1_match_finite_differences():
    net = simplenn.make_simplenn(SEED).double()
    x = images(1).double()
    target = torch.randn(1, 10, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    _, grads = simplenn.mse_gradients(net, x, target)
    eps = 1e-6
    for index in [(0, 0, 0, 0), (3, 1, 2, 4), (15, 2, 4, 1)]:
        w = net.conv1.weight.data
        w[index] += eps
        up = F.mse_loss(net(x), target).item()
        w[index] -= 2 * eps
        down = F.mse_loss(net(x), target).item()
        w[index] += eps
        assert grads["conv1"][0][index] == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-9)


def test_zero_weights_gradient_pattern(net):
    zeroed = simplenn.with_zero_weights(net)
    assert all(torch.count_nonzero(m.weight) > 0 for _, m in simplenn.recording_layers(net)), \
        "the original keeps its weights"
    assert torch.equal(zeroed.fc1.bias, net.fc1.bias) and torch.equal(zeroed.fc2.bias, net.fc2.bias)
    target = torch.randn(1, 10, generator=torch.Generator().manual_seed(4))
    _, grads = simplenn.mse_gradients(zeroed, images(1, seed=5), target)
    for name in ("conv1", "conv2", "conv3", "fc1"):
        assert not np.any(grads[name][0]), f"{name} weight gradient"
    assert not np.any(grads["fc1"][1]), "fc1 bias gradient: blocked by fc2's zero weights"
    # By hand: the output is relu(b2) whatever the image, and fc2's input is relu(b1).
    b1, b2 = net.fc1.bias.detach().double(), net.fc2.bias.detach().double()
    dz2 = 2 / 10 * (torch.relu(b2) - target.double()[0]) * (b2 > 0)
    assert_allclose(grads["fc2"][1], dz2.numpy(), rtol=1e-5, err_msg="fc2 bias")
    assert_allclose(grads["fc2"][0], torch.outer(dz2, torch.relu(b1)).numpy(), rtol=1e-5,
                    err_msg="fc2 weight")
    assert_array_equal(grads["fc2"][0] != 0, np.outer(b2 > 0, b1 > 0))


def test_copy_net_is_independent_after_a_forward_pass(net):
    net(images(1))
    twin = simplenn.copy_net(net)
    with torch.no_grad():
        twin.conv1.weight.add_(1.0)
    assert not torch.equal(twin.conv1.weight, net.conv1.weight)
    assert twin.conv1.input is None


def test_load_digits_arrays_equal_scikit_learn():
    images, target = simplenn.load_digits_arrays()
    digits = load_digits()
    assert_array_equal(images, digits.images)
    assert_array_equal(target, digits.target)


def test_digits_dataset_shapes_and_split():
    X_train, y_train, X_test, y_test = simplenn.digits_dataset(SEED)
    assert X_train.shape[1:] == X_test.shape[1:] == (3, 32, 32)
    assert len(X_train) + len(X_test) == 1797 and len(X_test) == 359
    assert X_train.min() >= -1 and X_train.max() <= 1
    assert torch.equal(X_train[:, 0], X_train[:, 2]), "grey: all channels equal"
    blocks = X_train[:, 0].unfold(1, 4, 4).unfold(2, 4, 4)  # (N, 8, 8, 4, 4)
    assert torch.equal(blocks, blocks[..., :1, :1].expand_as(blocks)), "each pixel a 4x4 block"
    assert_array_equal(torch.cat([y_train, y_test]).bincount().numpy(),
                       np.bincount(simplenn.load_digits_arrays()[1]), err_msg="every image used once")
    with pytest.raises(ValueError, match="test_fraction"):
        simplenn.digits_dataset(SEED, test_fraction=1.5)


def test_train_zero_weights_stay_zero_and_default_learns():
    X_train, y_train, X_test, y_test = simplenn.digits_dataset(SEED)
    data = (X_train[:96], y_train[:96], X_test[:64], y_test[:64])
    net = simplenn.make_simplenn(SEED)
    trained, history = simplenn.train(net, data, num_epochs=2, batch_size=32, lr=3e-3, seed=SEED)
    assert history["train_loss"][-1] < history["test_loss"][0], "the default net learns"
    assert trained.conv1.weight.dtype == torch.float64, "training runs in float64"
    assert not torch.equal(trained.conv1.weight, net.conv1.weight.double()) and net.conv1.input is None
    stuck, _ = simplenn.train(simplenn.with_zero_weights(net), data, num_epochs=2, batch_size=32,
                              lr=3e-3, seed=SEED)
    for name, m in simplenn.recording_layers(stuck)[:4]:
        assert torch.count_nonzero(m.weight) == 0, f"{name} left zero"
    with torch.no_grad():
        scores = simplenn.logits(stuck, X_test[:8].double())
    assert torch.equal(scores, scores[:1].expand_as(scores)), "the same output for every image"
    with pytest.raises(ValueError, match="num_epochs"):
        simplenn.train(net, data, num_epochs=0, batch_size=32, lr=1e-3, seed=SEED)


def test_plot_histograms_panels():
    import matplotlib.pyplot as plt

    arrays = {f"layer{i}": np.arange(i + 3.0) for i in range(5)}
    fig = simplenn.plot_histograms(arrays, xlabel="value", title="t", bounds={k: 1.0 for k in arrays})
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 5
    assert sum(p.get_height() for p in visible[4].patches) == 7, "every value counted once"
    plt.close(fig)
    fig = simplenn.plot_histograms({"a": np.array([0.0, 0.0, 2.0])}, xlabel="g", title="t", log=True)
    assert fig.axes[0].get_title() == "a\n1 of 3 nonzero" and fig.axes[0].get_yscale() == "log"
    plt.close(fig)
    with pytest.raises(ValueError, match="1 to 6"):
        simplenn.plot_histograms({str(i): np.ones(2) for i in range(7)}, xlabel="", title="")
