"""SimpleNN of Labs 2 and 3: the network of the assignment's Table 1, its layer table, its gradients.

The five weight layers remember the input and output of their last forward pass (the lab's
``CONV`` and ``FC``), so shapes can be read after one call. Everything runs on the device that
:func:`pick_device` returns; weights are always drawn on the CPU first, so a CPU run and a GPU
run start from the same numbers. Beyond the lab, :func:`train` trains the network on
scikit-learn's digits, from PyTorch's default weights and from zero weights. The figures are drawn
by :mod:`hw1.simplenn_figures`.
"""
import ast
import copy
import importlib.util
import json
import math
import os
import numbers
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from hw1 import ROOT
from hw1.params import POSITIVE, check_scalar, check_tensor, check_type, describe

INPUT_SHAPE = (3, 32, 32)
SEED_MAX = 2**63 - 1  # torch.manual_seed's range
# The completed course notebook that is handed in (scripts/fill_simplenn.py writes it).
HANDED_IN = ROOT / "submission" / "SimpleNN.ipynb"


def pick_device():
    """Return ``torch.device("cuda")`` when a GPU is usable, else ``torch.device("cpu")``."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Recording:
    """Mixin for a torch layer: keep ``self.input`` and ``self.output`` of its last forward pass."""

    input = None
    output = None

    def forward(self, x):
        self.input = x
        self.output = super().forward(x)
        return self.output


class RecordingConv2d(Recording, nn.Conv2d):
    """``nn.Conv2d``, without bias by default (as the assignment's), recording input and output."""

    def __init__(self, in_channels, out_channels, kernel_size, bias=False, **kwargs):
        super().__init__(in_channels, out_channels, kernel_size, bias=bias, **kwargs)


class RecordingLinear(Recording, nn.Linear):
    """``nn.Linear`` (with bias, as ``nn.Linear``), recording input and output."""


class SimpleNN(nn.Module):
    """The network of the assignment's Table 1, for inputs of shape (B, 3, 32, 32).

    One statement per line of the course's skeleton: scripts/fill_simplenn.py copies these
    statements into the handed-in notebook's blanks, with the course's ``CONV`` and ``FC``.
    """

    def __init__(self):
        super().__init__()
        self.conv1 = RecordingConv2d(3, 16, kernel_size=5, stride=1, padding=2)
        self.conv2 = RecordingConv2d(16, 16, kernel_size=3, stride=1, padding=2)
        self.conv3 = RecordingConv2d(16, 32, kernel_size=7, stride=1, padding=2)
        self.fc1 = RecordingLinear(32 * 3 * 3, 32)  # 32 channels of 3x3 after the third pool
        self.fc2 = RecordingLinear(32, 10)

    def forward(self, x):
        out = F.relu(self.conv1(x))
        out = F.max_pool2d(out, kernel_size=4, stride=2)
        out = F.relu(self.conv2(out))
        out = F.max_pool2d(out, kernel_size=3, stride=2)
        out = F.relu(self.conv3(out))
        out = F.max_pool2d(out, kernel_size=2, stride=2)
        out = torch.flatten(out, start_dim=1)
        out = F.relu(self.fc1(out))
        out = F.relu(self.fc2(out))
        return out


def handed_in_class(path=HANDED_IN):
    """The source of the class SimpleNN in the handed-in notebook ``path``, as written there."""
    path = Path(check_type("path", path, (str, os.PathLike), "a path to the handed-in notebook"))
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        raise ValueError(f"path {str(path)!r} is not readable as a notebook; expected the handed-in SimpleNN.ipynb "
                         "(scripts/fill_simplenn.py writes it).") from None
    for cell in cells:
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "code" and "class SimpleNN" in source:
            for node in ast.parse(source).body:
                if isinstance(node, ast.ClassDef) and node.name == "SimpleNN":
                    return ast.get_source_segment(source, node)
    raise ValueError(f"{path} defines no class SimpleNN; expected the handed-in notebook, whose Lab 2(a) "
                     "cell defines it.")


class LabDraws(NamedTuple):
    """The network and random inputs of Labs 2 and 3, as the handed-in notebook draws them."""
    net: nn.Module  # SimpleNN, PyTorch's default weights
    x5: torch.Tensor  # Lab 2(a): 5 images
    x1: torch.Tensor  # Lab 2(b): 1 image, also Lab 3(b)'s
    target: torch.Tensor  # Lab 3(b): (1, 10)
    x_new: torch.Tensor  # Lab 3(c): a new image
    target_new: torch.Tensor  # Lab 3(c): a new target


def _device(device):
    """``device`` as a torch.device; one clear ValueError for anything else."""
    try:
        return torch.device(check_type("device", device, (str, torch.device), "a device name such as 'cpu'"))
    except RuntimeError:
        raise ValueError(f"device is {device!r}; expected a torch device name such as 'cpu' or 'cuda'.") from None


def lab_draws(device="cpu", *, seed):
    """Seed torch's generator, then draw the weights and every random input of Labs 2 and 3 in turn.

    The order and shapes are the course notebook's (scripts/fill_simplenn.py adds the seed before
    its ``net = SimpleNN()``): the weights, ``randn(5, 3, 32, 32)``, ``randn(1, 3, 32, 32)``,
    ``randn(1, 10)``, ``randn(1, 3, 32, 32)``, ``randn(1, 10)``, all on the CPU, then moved to
    ``device``. So the report's run and the handed-in notebook's are one run. The global torch
    RNG is left as it was.
    """
    seed = check_scalar("seed", seed, int, min_val=0, max_val=SEED_MAX)
    device = _device(device)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = SimpleNN()
        inputs = [torch.randn(*shape) for shape in ((5, *INPUT_SHAPE), (1, *INPUT_SHAPE), (1, 10),
                                                    (1, *INPUT_SHAPE), (1, 10))]
    return LabDraws(net.to(device), *(x.to(device) for x in inputs))


def make_simplenn(device="cpu", *, seed):
    """A SimpleNN with PyTorch's default initialisation drawn on the CPU from ``seed``, then moved.

    The global torch RNG is left as it was.
    """
    seed = check_scalar("seed", seed, int, min_val=0, max_val=SEED_MAX)
    device = _device(device)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = SimpleNN()
    return net.to(device)


def recording_layers(net):
    """The ``(name, module)`` pairs of ``net``'s recording conv and linear layers, in order."""
    check_type("net", net, nn.Module, "a torch nn.Module such as SimpleNN")
    return [(name, m) for name, m in net.named_modules()
            if isinstance(m, (RecordingConv2d, RecordingLinear))]


def _layers(net, name="net"):
    """:func:`recording_layers`, or one clear ValueError naming ``name`` when ``net`` has none."""
    check_type(name, net, nn.Module, "a torch nn.Module such as SimpleNN")
    layers = recording_layers(net)
    if not layers:
        raise ValueError(f"{name} is a {type(net).__name__} without recording layers; expected a SimpleNN.")
    return layers


def _dims(name, shape):
    """``shape`` as a tuple of Python ints, each a positive integer; else one clear ValueError."""
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(f"{name} is {shape!r}; expected a tuple of positive integers.") from None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, numbers.Integral) or d < 1:
            raise ValueError(f"{name} {dims} has the dimension {d!r}; expected positive integers.")
    return tuple(int(d) for d in dims)


def layer_macs(weight_shape, output_shape):
    """Multiply-accumulates of a conv or linear layer, for any batch size.

    Every output element is one dot product of a weight row (``weight[c_out]``, all its
    ``C_in / groups * Kh * Kw`` or ``in_features`` entries) with an input patch, so
    ``MACs = output.numel() * weight[0].numel()``. Bias additions are not counted.

    Parameters
    ----------
    weight_shape : tuple of int  (C_out, C_in / groups, Kh, Kw) or (out_features, in_features)
    output_shape : tuple of int  (B, C_out, H2, W2) or (B, out_features)

    Returns
    -------
    int  exact (Python integers do not overflow)
    """
    weight_shape, output_shape = _dims("weight_shape", weight_shape), _dims("output_shape", output_shape)
    if len(weight_shape) not in (2, 4) or len(output_shape) != len(weight_shape):
        raise ValueError(f"weight_shape {weight_shape} and output_shape {output_shape}: "
                         "expected both 4-D (conv) or both 2-D (linear).")
    if output_shape[1] != weight_shape[0]:
        raise ValueError(f"output_shape {output_shape} has {output_shape[1]} channels; "
                         f"expected weight_shape[0] = {weight_shape[0]}.")
    return math.prod(output_shape) * math.prod(weight_shape[1:])


def input_times_output(input_shape, output_shape):
    """The earlier write-up's MAC count of an FC layer: input size times output size.

    Right for one image only: for a batch of B it is B^2 times the MACs of one image.
    """
    return math.prod(_dims("input_shape", input_shape)) * math.prod(_dims("output_shape", output_shape))


class LayerRow(NamedTuple):
    """One weight layer in :func:`layer_table`; shapes include the batch dimension."""
    name: str
    input_shape: tuple
    output_shape: tuple
    weight_shape: tuple
    params: int  # weights only, as the assignment counts
    params_with_bias: int
    macs: int
    flops_counted: int  # PyTorch's FlopCounterMode: 2 per MAC


def layer_table(net, x):
    """Shapes, parameter counts and MACs of each recording layer of ``net`` on the batch ``x``.

    Runs one forward pass under ``torch.utils.flop_counter.FlopCounterMode``, so every row also
    holds the FLOPs that PyTorch counted for that layer (2 per MAC) as an independent check.

    Parameters
    ----------
    net : SimpleNN
    x : Tensor (B, 3, 32, 32)  on net's device

    Returns
    -------
    list of LayerRow
    """
    layers = _layers(net)
    check_tensor("x", x, shape=(None, *INPUT_SHAPE))
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        net(x)
    counts = counter.get_flop_counts()
    return [LayerRow(name, tuple(m.input.shape), tuple(m.output.shape), tuple(m.weight.shape),
                     m.weight.numel(), sum(p.numel() for p in m.parameters()),
                     layer_macs(m.weight.shape, m.output.shape),
                     int(sum(counts.get(f"{type(net).__name__}.{name}", {}).values())))
            for name, m in layers]


class LayerTotals(NamedTuple):
    """Totals over the rows of a layer table, and the convolutions' share of them."""
    params: int
    params_with_bias: int
    macs: int
    conv_param_percent: float
    conv_mac_percent: float


def layer_totals(rows):
    """Sum the weights, weights with biases and MACs of :func:`layer_table`'s ``rows``."""
    if not isinstance(rows, list) or not rows or not all(isinstance(r, LayerRow) for r in rows):
        raise ValueError(f"rows is {describe(rows)}; expected the non-empty list of LayerRow of layer_table.")
    conv = [r for r in rows if len(r.weight_shape) == 4]
    params, macs = sum(r.params for r in rows), sum(r.macs for r in rows)
    return LayerTotals(params, sum(r.params_with_bias for r in rows), macs,
                       100 * sum(r.params for r in conv) / params, 100 * sum(r.macs for r in conv) / macs)


class WeightStats(NamedTuple):
    """One layer's weights against PyTorch's default bound 1/sqrt(fan_in)."""
    name: str
    fan_in: int  # weights feeding one output unit: C_in * Kh * Kw, or in_features
    bound: float  # 1 / sqrt(fan_in)
    min: float
    max: float
    mean: float


def weight_stats(net):
    """Fan-in, bound and range of the weights of each recording layer of ``net``."""
    rows = []
    for name, m in _layers(net):
        w = m.weight.detach().double()
        rows.append(WeightStats(name, w[0].numel(), 1 / math.sqrt(w[0].numel()),
                                w.min().item(), w.max().item(), w.mean().item()))
    return rows


def copy_net(net):
    """A deep copy of ``net`` on the same device, without the recorded inputs and outputs.

    (Recorded activations belong to an autograd graph, and ``copy.deepcopy`` refuses those.)
    """
    recorded = [t for _, m in _layers(net) for t in (m.input, m.output) if t is not None]
    return copy.deepcopy(net, memo={id(t): None for t in recorded})


def with_zero_weights(net):
    """A copy of ``net`` whose conv and linear weights are all 0; biases keep their values."""
    zeroed = copy_net(net)
    with torch.no_grad():
        for _, m in recording_layers(zeroed):
            m.weight.zero_()
    return zeroed


class LayerGradient(NamedTuple):
    """One layer's part of a backward pass, as CPU float64 arrays."""
    weight: np.ndarray  # dL/dW, the weight's shape
    bias: np.ndarray  # dL/db, or None for a layer without bias
    delta: np.ndarray  # dL/dz at the layer's output z (before its ReLU), z's shape
    input: np.ndarray  # the layer's input a in this pass


class Gradients(NamedTuple):
    """The loss of one forward pass and each layer's :class:`LayerGradient`, by layer name."""
    loss: float
    layers: dict


def mse_gradients(net, x, target):
    """Forward ``x``, MSE loss against ``target``, backward; the loss and each layer's gradients.

    Parameters
    ----------
    net : SimpleNN  its ``.grad`` fields are overwritten
    x : Tensor (B, 3, 32, 32)
    target : Tensor (B, 10)

    Returns
    -------
    Gradients  ``loss, layers = mse_gradients(...)``; ``layers[name].weight`` is dL/dW
    """
    layers = _layers(net)
    check_tensor("x", x, shape=(None, *INPUT_SHAPE))
    check_tensor("target", target, shape=(len(x), 10))
    net.zero_grad(set_to_none=True)
    out = net(x)
    for _, m in layers:
        m.output.retain_grad()
    loss = F.mse_loss(out, target)
    loss.backward()
    as_array = lambda t: None if t is None else t.detach().cpu().double().numpy()
    return Gradients(loss.item(), {
        name: LayerGradient(as_array(m.weight.grad), None if m.bias is None else as_array(m.bias.grad),
                            as_array(m.output.grad), as_array(m.input))
        for name, m in layers})


class GradientZeros(NamedTuple):
    """Where one layer's weight gradient is exactly 0, and why (see :func:`gradient_zeros`)."""
    name: str
    entries: int  # weight entries
    zeros: int  # entries of dL/dW that are exactly 0
    zero_percent: float
    predicted_zeros: int  # entries that no (image, position) pairs a nonzero delta with a nonzero input
    outputs: int  # output units (linear) or channels (conv)
    outputs_with_gradient: int  # those whose delta is nonzero somewhere
    silent_output_zeros: int  # entries in the weight rows of the other outputs: zero for that reason
    inputs: int  # entries of the layer's input (whole batch)
    nonzero_inputs: int


def gradient_zeros(net, grads):
    """Count the exact zeros of each layer's weight gradient and predict them from the signal.

    dL/dW sums delta * input over images and positions (an outer product for a linear layer, a
    correlation for a convolution), so an entry is 0 when no term pairs a nonzero delta with a
    nonzero input: a silent output (its ReLU off, or never picked by the max-pool), a zero input
    (a ReLU off below), or the zero padding. The prediction counts those entries from the two
    0/1 masks alone; it misses only exact cancellations of nonzero terms.

    Parameters
    ----------
    net : SimpleNN  the net that ``grads`` came from (for the convolutions' padding and stride)
    grads : Gradients  from :func:`mse_gradients`

    Returns
    -------
    list of GradientZeros
    """
    check_type("grads", grads, Gradients, "the Gradients of mse_gradients")
    rows = []
    for name, m in _layers(net):
        if name not in grads.layers:
            raise ValueError(f"grads has no layer {name!r}; expected mse_gradients(net, ...) of this net.")
        g = grads.layers[name]
        delta_mask = torch.from_numpy((g.delta != 0) * 1.0)  # 0/1 masks: their products count pairs
        input_mask = torch.from_numpy((g.input != 0) * 1.0)
        if isinstance(m, nn.Conv2d):
            support = torch.nn.grad.conv2d_weight(input_mask, m.weight.shape, delta_mask, stride=m.stride,
                                                  padding=m.padding, dilation=m.dilation, groups=m.groups)
            live = delta_mask.sum(dim=(0, 2, 3)) > 0
        else:
            support = delta_mask.T @ input_mask
            live = delta_mask.sum(dim=0) > 0
        zeros = int(np.count_nonzero(g.weight == 0))
        rows.append(GradientZeros(
            name, g.weight.size, zeros, 100 * zeros / g.weight.size, int((support == 0).sum()),
            len(live), int(live.sum()), int((~live).sum()) * g.weight[0].size, g.input.size,
            int(np.count_nonzero(g.input))))
    return rows


class ParamCount(NamedTuple):
    """Entries of one parameter tensor, and how many of them are nonzero (or changed)."""
    parameter: str  # "conv1.weight", "fc1.bias", ...
    entries: int
    count: int


def nonzero_gradients(grads):
    """The nonzero entries of every weight and bias gradient in ``grads``, in the net's order."""
    check_type("grads", grads, Gradients, "the Gradients of mse_gradients")
    return [ParamCount(f"{name}.{kind}", g.size, int(np.count_nonzero(g)))
            for name, layer in grads.layers.items()
            for kind, g in (("weight", layer.weight), ("bias", layer.bias)) if g is not None]


class ZeroWeightPrediction(NamedTuple):
    """:func:`predict_zero_weight_gradients`: the bias signs and the predicted counts."""
    fc1_bias_positive: int
    fc2_bias_positive: int
    counts: list  # of ParamCount, as nonzero_gradients lists them


def predict_zero_weight_gradients(net):
    """The nonzero gradient entries of SimpleNN ``net`` with all weights zero, from its bias signs.

    With zero weights the convolutions (no bias) output 0, FC1's pre-activation is its bias b1
    and FC2's is b2, whatever the image. FC2's delta is nonzero where b2 > 0 and its input
    ReLU(b1) where b1 > 0; every layer below gets W^T delta = 0 through a zero weight. (Assumes
    the target differs from ReLU(b2) in every entry, true with probability 1 for a random target.)
    """
    if not isinstance(net, SimpleNN):
        raise ValueError(f"net is a {type(net).__name__}; expected a SimpleNN.")
    layers = dict(recording_layers(net))
    b1, b2 = int((layers["fc1"].bias > 0).sum()), int((layers["fc2"].bias > 0).sum())
    nonzero = {"fc2.weight": b2 * b1, "fc2.bias": b2}  # every other gradient is 0
    counts = [ParamCount(f"{name}.{kind}", p.numel(), nonzero.get(f"{name}.{kind}", 0))
              for name, m in layers.items() for kind, p in (("weight", m.weight), ("bias", m.bias))
              if p is not None]
    return ZeroWeightPrediction(b1, b2, counts)


def parameter_changes(before, after):
    """For each parameter tensor, how many entries of ``after`` differ from ``before``."""
    _layers(before, "before"), _layers(after, "after")
    old, new = dict(before.named_parameters()), dict(after.named_parameters())
    if {n: p.shape for n, p in old.items()} != {n: p.shape for n, p in new.items()}:
        raise ValueError("before and after have different parameters; expected a net and its trained copy.")
    return [ParamCount(name, p.numel(), int((p.detach() != old[name].detach().to(p)).sum()))
            for name, p in new.items()]


class Digits(NamedTuple):
    images: np.ndarray  # (1797, 8, 8) float64, grey levels 0..16
    target: np.ndarray  # (1797,) int64, digits 0..9


def load_digits_arrays():
    """scikit-learn's 8x8 digits, read from the file the package ships, without importing it.

    The same data as ``sklearn.datasets.load_digits()`` (``digits.csv.gz``: 64 pixels then the
    label per row), at a fraction of the cost: importing scikit-learn takes longer than the read.
    """
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("scikit-learn is not installed; expected it to provide the digits data set.")
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    table = np.loadtxt(path, delimiter=",")
    return Digits(table[:, :-1].reshape(-1, 8, 8), table[:, -1].astype(np.int64))


class DigitsSplit(NamedTuple):
    """Float32 images (N, 3, 32, 32) and int64 labels (N,), as CPU tensors."""
    X_train: torch.Tensor
    y_train: torch.Tensor
    X_test: torch.Tensor
    y_test: torch.Tensor


def digits_dataset(test_fraction=0.2, *, seed):
    """The digits as 3x32x32 images (each pixel a 4x4 block, grey in all 3 channels), split.

    Pixels are scaled from 0..16 to [-1, 1]; the split is a seeded permutation, with
    ``round(test_fraction * 1797)`` test images.
    """
    test_fraction = check_scalar("test_fraction", test_fraction, float, min_val=0, max_val=1)
    seed = check_scalar("seed", seed, int, min_val=0)
    images, target = load_digits_arrays()
    num_test = int(round(test_fraction * len(target)))
    if not 1 <= num_test < len(target):
        raise ValueError(f"test_fraction is {test_fraction!r}; expected a number in (0, 1) that leaves "
                         f"at least one of the {len(target)} images in each set.")
    images = torch.from_numpy((images / 8.0 - 1.0).astype(np.float32))
    images = images.repeat_interleave(4, dim=1).repeat_interleave(4, dim=2)
    X = images[:, None].expand(-1, 3, -1, -1).contiguous()
    y = torch.from_numpy(target)
    order = torch.from_numpy(np.random.default_rng(seed).permutation(len(y)))
    test_idx, train_idx = order[:num_test], order[num_test:]
    return DigitsSplit(X[train_idx], y[train_idx], X[test_idx], y[test_idx])


def logits(net, x):
    """FC2's pre-activation for ``x``: SimpleNN's scores before its final ReLU, shape (B, 10).

    Training reads these, not ``net(x)``: a class whose score is negative for every input is 0
    after the ReLU, gets no gradient through it, and could never be predicted.
    """
    _layers(net)
    check_tensor("x", x, shape=(None, *INPUT_SHAPE))
    net(x)
    return net.fc2.output


def silent_outputs(net, X):
    """How many of the 10 outputs Table 1's final ReLU holds at 0 for every image of ``X``."""
    _layers(net)
    check_tensor("X", X, shape=(None, *INPUT_SHAPE))
    with torch.no_grad():
        return int((net(X.to(next(net.parameters()))).amax(dim=0) == 0).sum())


class Evaluation(NamedTuple):
    loss: float  # mean cross-entropy of the logits (nats)
    accuracy: float  # %


def evaluate(net, X, y, batch_size=512):
    """Mean cross-entropy of :func:`logits` and accuracy (%) on ``(X, y)``, in ``net``'s dtype."""
    _layers(net)
    check_tensor("X", X, shape=(None, *INPUT_SHAPE))
    check_tensor("y", y, shape=(len(X),), dtype=torch.int64, min_val=0, max_val=9)  # a digit per image
    batch_size = check_scalar("batch_size", batch_size, int, min_val=1)
    weight = next(net.parameters())
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), batch_size):
            xb, yb = X[i:i + batch_size].to(weight), y[i:i + batch_size].to(weight.device)
            scores = logits(net, xb)
            total_loss += F.cross_entropy(scores, yb, reduction="sum").item()
            correct += (scores.argmax(dim=1) == yb).sum().item()
    return Evaluation(total_loss / len(y), 100.0 * correct / len(y))


class OutputSummary(NamedTuple):
    """What a trained net predicts on a test set (see :func:`output_summary`)."""
    identical_scores: bool  # every image gets the very same scores
    top_digit: int  # the digit predicted most often
    top_digit_predictions: int  # how many images get it
    top_digit_images: int  # how many images truly show it
    num_images: int


def output_summary(net, X, y):
    """Whether ``net`` scores every image of ``X`` alike, and its most predicted digit."""
    _layers(net)
    check_tensor("X", X, shape=(None, *INPUT_SHAPE))
    check_tensor("y", y, shape=(len(X),), dtype=torch.int64, min_val=0, max_val=9)  # a digit per image
    with torch.no_grad():
        scores = logits(net, X.to(next(net.parameters())))
    predicted = scores.argmax(dim=1).cpu()
    top = int(predicted.bincount(minlength=10).argmax())
    return OutputSummary(bool(torch.all(scores == scores[0])), top, int((predicted == top).sum()),
                         int((y == top).sum()), len(y))


class TrainingRun(NamedTuple):
    """:func:`train`'s result; the lists run over epochs."""
    net: nn.Module  # the trained copy
    train_loss: list  # mean over each epoch's mini-batches, epochs 1..num_epochs
    test_loss: list  # epochs 0..num_epochs (0: before training)
    test_accuracy: list  # %, epochs 0..num_epochs


def train(net, data, *, num_epochs, batch_size, lr, dtype=torch.float64, seed):
    """Train a copy of SimpleNN ``net`` with Adam on the cross-entropy of its :func:`logits`.

    ``net`` itself is left unchanged. Mini-batches are drawn by a seeded CPU generator, so every
    device sees the same order. Training runs in float64 by default: in float32 the rounding
    differs with the number of CPU threads and between CPU and GPU, and over a few hundred Adam
    steps that moves the curves by whole percentage points; in float64 they agree to every
    printed digit. float32 is enough where the result does not hang on rounding (zero weights).

    Parameters
    ----------
    net : SimpleNN
    data : DigitsSplit  (X_train, y_train, X_test, y_test), as from :func:`digits_dataset`
    num_epochs, batch_size : int
    lr : float  Adam's learning rate
    dtype : torch.float64 or torch.float32
    seed : int  for the mini-batch order

    Returns
    -------
    TrainingRun
    """
    _layers(net)
    num_epochs = check_scalar("num_epochs", num_epochs, int, min_val=1)
    batch_size = check_scalar("batch_size", batch_size, int, min_val=1)
    lr = check_scalar("lr", lr, float, **POSITIVE)
    seed = check_scalar("seed", seed, int, min_val=0, max_val=SEED_MAX)
    if not isinstance(dtype, torch.dtype) or dtype not in (torch.float32, torch.float64):
        raise ValueError(f"dtype is {dtype!r}; expected torch.float32 or torch.float64.")
    if not isinstance(data, (tuple, list)):
        raise ValueError(f"data is {describe(data)}; expected (X_train, y_train, X_test, y_test).")
    if len(data) != 4:
        raise ValueError(f"data has {len(data)} parts; expected (X_train, y_train, X_test, y_test).")
    X_train, y_train, X_test, y_test = data
    check_tensor("X_train", X_train, shape=(None, *INPUT_SHAPE))
    check_tensor("y_train", y_train, shape=(len(X_train),), dtype=torch.int64, min_val=0, max_val=9)  # a digit per image
    check_tensor("X_test", X_test, shape=(None, *INPUT_SHAPE))
    check_tensor("y_test", y_test, shape=(len(X_test),), dtype=torch.int64, min_val=0, max_val=9)  # a digit per image
    trained = copy_net(net).to(dtype)
    device = next(trained.parameters()).device
    optimizer = torch.optim.Adam(trained.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    train_loss, tests = [], [evaluate(trained, X_test, y_test)]
    for _ in range(num_epochs):
        batch_losses = []
        for idx in torch.randperm(len(y_train), generator=generator).split(batch_size):
            xb, yb = X_train[idx].to(device, dtype), y_train[idx].to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(logits(trained, xb), yb)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.detach())
        train_loss.append(torch.stack(batch_losses).mean().item())
        tests.append(evaluate(trained, X_test, y_test))
    return TrainingRun(trained, train_loss, [t.loss for t in tests], [t.accuracy for t in tests])
