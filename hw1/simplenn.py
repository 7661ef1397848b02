"""SimpleNN of Labs 2 and 3: the network of Table 1, its layer table, zero-weight gradients, training.

The five weight layers remember the input and output of their last forward pass (the lab's
``CONV`` and ``FC``), so shapes can be read after one call. Everything runs on the device that
:func:`pick_device` returns; weights are always drawn on the CPU first, so a CPU run and a GPU
run start from the same numbers.
"""
import copy
import importlib.util
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode


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

    conv 5x5/16, pool 4/2, conv 3x3/16, pool 3/2, conv 7x7/32, pool 2/2, fc 32, fc 10; each
    convolution with padding 2 and stride 1, each weight layer followed by a ReLU (FC2's too,
    as Table 1 asks). Feature maps 32, 32, 15, 17, 8, 6, 3: FC1 sees 32 * 3 * 3 = 288 inputs.
    """

    def __init__(self):
        super().__init__()
        self.conv1 = RecordingConv2d(3, 16, 5, stride=1, padding=2)
        self.conv2 = RecordingConv2d(16, 16, 3, stride=1, padding=2)
        self.conv3 = RecordingConv2d(16, 32, 7, stride=1, padding=2)
        self.fc1 = RecordingLinear(32 * 3 * 3, 32)
        self.fc2 = RecordingLinear(32, 10)

    def forward(self, x):
        out = F.max_pool2d(F.relu(self.conv1(x)), kernel_size=4, stride=2)
        out = F.max_pool2d(F.relu(self.conv2(out)), kernel_size=3, stride=2)
        out = F.max_pool2d(F.relu(self.conv3(out)), kernel_size=2, stride=2)
        out = F.relu(self.fc1(torch.flatten(out, start_dim=1)))
        return F.relu(self.fc2(out))


def make_simplenn(seed, device="cpu"):
    """A SimpleNN with PyTorch's default initialisation drawn on the CPU from ``seed``, then moved.

    The global torch RNG is left as it was.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = SimpleNN()
    return net.to(device)


def recording_layers(net):
    """The ``(name, module)`` pairs of ``net``'s recording conv and linear layers, in order."""
    return [(name, m) for name, m in net.named_modules()
            if isinstance(m, (RecordingConv2d, RecordingLinear))]


def layer_macs(weight_shape, output_shape):
    """Multiply-accumulates of a conv or linear layer, for any batch size.

    Every output element is one dot product of a weight row (``weight[c_out]``, all its
    ``C_in / groups * Kh * Kw`` or ``in_features`` entries) with an input patch, so
    ``MACs = output.numel() * weight[0].numel()``. Bias additions are not counted.

    Parameters
    ----------
    weight_shape : tuple  (C_out, C_in / groups, Kh, Kw) or (out_features, in_features)
    output_shape : tuple  (B, C_out, H2, W2) or (B, out_features)

    Returns
    -------
    int
    """
    if len(weight_shape) not in (2, 4) or len(output_shape) != len(weight_shape):
        raise ValueError(f"weight_shape {tuple(weight_shape)} and output_shape {tuple(output_shape)}: "
                         "expected both 4-D (conv) or both 2-D (linear).")
    if output_shape[1] != weight_shape[0]:
        raise ValueError(f"output_shape {tuple(output_shape)} has {output_shape[1]} channels; "
                         f"expected weight_shape[0] = {weight_shape[0]}.")
    return int(np.prod(output_shape, dtype=np.int64) * np.prod(weight_shape[1:], dtype=np.int64))


def layer_table(net, x):
    """Shapes, parameter counts and MACs of each recording layer of ``net`` on the batch ``x``.

    Runs one forward pass under ``torch.utils.flop_counter.FlopCounterMode``, so every row also
    holds the FLOPs that PyTorch counted for that layer (2 per MAC) as an independent check.

    Parameters
    ----------
    net : nn.Module  with recording layers (e.g. SimpleNN)
    x : Tensor (B, 3, 32, 32)  on net's device

    Returns
    -------
    list of dict  keys name, input_shape, output_shape, weight_shape, params (weights only),
        params_with_bias, macs, flops_counted; shapes as tuples.
    """
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        net(x)
    counts = counter.get_flop_counts()
    rows = []
    for name, m in recording_layers(net):
        weight_shape = tuple(m.weight.shape)
        output_shape = tuple(m.output.shape)
        rows.append({
            "name": name,
            "input_shape": tuple(m.input.shape),
            "output_shape": output_shape,
            "weight_shape": weight_shape,
            "params": m.weight.numel(),
            "params_with_bias": sum(p.numel() for p in m.parameters()),
            "macs": layer_macs(weight_shape, output_shape),
            "flops_counted": int(sum(counts.get(f"{type(net).__name__}.{name}", {}).values())),
        })
    return rows


def copy_net(net):
    """A deep copy of ``net`` on the same device, without the recorded inputs and outputs.

    (Recorded activations belong to an autograd graph, and ``copy.deepcopy`` refuses those.)
    """
    recorded = [t for _, m in recording_layers(net) for t in (m.input, m.output) if t is not None]
    return copy.deepcopy(net, memo={id(t): None for t in recorded})


def with_zero_weights(net):
    """A copy of ``net`` whose conv and linear weights are all 0; biases keep their values."""
    zeroed = copy_net(net)
    with torch.no_grad():
        for _, m in recording_layers(zeroed):
            m.weight.zero_()
    return zeroed


def mse_gradients(net, x, target):
    """Forward ``x``, MSE loss against ``target``, backward; the loss and each layer's gradients.

    Parameters
    ----------
    net : nn.Module  with recording layers; its ``.grad`` fields are overwritten
    x : Tensor (B, 3, 32, 32)
    target : Tensor (B, 10)

    Returns
    -------
    loss : float
    grads : dict  name -> (weight gradient, bias gradient or None), as CPU float64 ndarrays
    """
    net.zero_grad(set_to_none=True)
    loss = F.mse_loss(net(x), target)
    loss.backward()
    as_array = lambda t: None if t is None else t.detach().cpu().double().numpy()
    grads = {name: (as_array(m.weight.grad), None if m.bias is None else as_array(m.bias.grad))
             for name, m in recording_layers(net)}
    return loss.item(), grads


def load_digits_arrays():
    """scikit-learn's 8x8 digits, read from the file the package ships, without importing it.

    The same data as ``sklearn.datasets.load_digits()`` (``digits.csv.gz``: 64 pixels then the
    label per row), at a fraction of the cost: importing scikit-learn takes longer than the read.

    Returns
    -------
    images : ndarray (1797, 8, 8)  float64, grey levels 0..16
    target : ndarray (1797,)  int64, digits 0..9
    """
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("scikit-learn is not installed; expected it to provide the digits data set.")
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    table = np.loadtxt(path, delimiter=",")
    return table[:, :-1].reshape(-1, 8, 8), table[:, -1].astype(np.int64)


def digits_dataset(seed, test_fraction=0.2):
    """The digits as 3x32x32 images (each pixel a 4x4 block, grey in all 3 channels), split.

    Pixels are scaled from 0..16 to [-1, 1]; the split is a seeded permutation.

    Returns
    -------
    X_train (N1, 3, 32, 32), y_train (N1,), X_test (N2, 3, 32, 32), y_test (N2,)
        float32 and int64 CPU tensors, N2 = round(test_fraction * 1797)
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction is {test_fraction!r}; expected a number in (0, 1).")
    images, target = load_digits_arrays()
    images = torch.from_numpy((images / 8.0 - 1.0).astype(np.float32))
    images = images.repeat_interleave(4, dim=1).repeat_interleave(4, dim=2)
    X = images[:, None].expand(-1, 3, -1, -1).contiguous()
    y = torch.from_numpy(target)
    order = torch.from_numpy(np.random.default_rng(seed).permutation(len(y)))
    n_test = int(round(test_fraction * len(y)))
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


def logits(net, x):
    """FC2's pre-activation for ``x``: SimpleNN's scores before its final ReLU, shape (B, 10).

    Training reads these, not ``net(x)``: a class whose score is negative for every input is 0
    after the ReLU, gets no gradient through it, and could never be predicted.
    """
    net(x)
    return net.fc2.output


def evaluate(net, X, y, batch_size=512):
    """Mean cross-entropy of :func:`logits` and accuracy (%) on ``(X, y)``; ``(loss, accuracy)``."""
    weight = next(net.parameters())
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), batch_size):
            xb, yb = X[i:i + batch_size].to(weight), y[i:i + batch_size].to(weight.device)
            scores = logits(net, xb)
            total_loss += F.cross_entropy(scores, yb, reduction="sum").item()
            correct += (scores.argmax(dim=1) == yb).sum().item()
    return total_loss / len(y), 100.0 * correct / len(y)


def train(net, data, *, num_epochs, batch_size, lr, seed):
    """Train a copy of SimpleNN ``net`` with Adam on the cross-entropy of its :func:`logits`.

    ``net`` itself is left unchanged. Mini-batches are drawn by a seeded CPU generator, so every
    device sees the same order. Training runs in float64: in float32 the rounding differs with the
    number of CPU threads and between CPU and GPU, and over a few hundred Adam steps that moves the
    curves by whole percentage points; in float64 they agree to every printed digit.

    Parameters
    ----------
    net : SimpleNN
    data : tuple  (X_train, y_train, X_test, y_test) as from :func:`digits_dataset`
    num_epochs, batch_size : int
    lr : float  Adam's learning rate
    seed : int  for the mini-batch order

    Returns
    -------
    trained : SimpleNN  in float64
    history : dict  of lists over epochs: train_loss (mean over the epoch's mini-batches, epochs
        1..num_epochs), test_loss and test_accuracy (%, epochs 0..num_epochs; 0: before training)
    """
    if num_epochs < 1 or batch_size < 1:
        raise ValueError(f"num_epochs={num_epochs}, batch_size={batch_size}; expected both >= 1.")
    X_train, y_train, X_test, y_test = data
    trained = copy_net(net).to(torch.float64)
    device = next(trained.parameters()).device
    optimizer = torch.optim.Adam(trained.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    history = {"train_loss": [], "test_loss": [], "test_accuracy": []}

    def record_test():
        loss, accuracy = evaluate(trained, X_test, y_test)
        history["test_loss"].append(loss)
        history["test_accuracy"].append(accuracy)

    record_test()
    for _ in range(num_epochs):
        batch_losses = []
        for idx in torch.randperm(len(y_train), generator=generator).split(batch_size):
            xb, yb = X_train[idx].to(device, torch.float64), y_train[idx].to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(logits(trained, xb), yb)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.detach())
        history["train_loss"].append(torch.stack(batch_losses).mean().item())
        record_test()
    return trained, history


def plot_histograms(arrays, *, xlabel, title, bins=20, bounds=None, log=False):
    """One histogram panel per layer, on a 2 x 3 grid (the sixth panel holds no axes).

    Parameters
    ----------
    arrays : dict  layer name -> ndarray of any shape (flattened here); at most 6 entries
    xlabel, title : str  shared x label and figure title
    bins : int
    bounds : dict, optional  layer name -> b; dashed lines at -b and +b
    log : bool  log-scale counts, and panel titles that say how many values are nonzero

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullLocator

    if not 1 <= len(arrays) <= 6:
        raise ValueError(f"arrays has {len(arrays)} entries; expected 1 to 6 layers.")
    # fixed margins: constrained layout would cost an extra draw of all panels (about 0.3 s)
    fig, axes = plt.subplots(2, 3, figsize=(6.4, 4.4))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.1, top=0.86, hspace=0.7, wspace=0.5)
    for ax, (name, values) in zip(axes.flat, arrays.items()):
        values = np.asarray(values).ravel()
        ax.hist(values, bins=bins, color="C0")
        if bounds is not None:
            for b in (-bounds[name], bounds[name]):
                ax.axvline(b, color="C3", linestyle="--", linewidth=1)
        if log:
            ax.set_yscale("log")
            ax.set_ylim(bottom=0.5)
            ax.yaxis.set_minor_locator(NullLocator())  # dozens of minor ticks per panel: slow, and noise here
            ax.set_title(f"{name}\n{np.count_nonzero(values)} of {values.size} nonzero", fontsize=8)
        else:
            ax.set_title(f"{name} ({values.size} values)", fontsize=8)
        ax.set(xlabel=xlabel, ylabel="count")
        ax.locator_params(axis="x", nbins=3)
    for ax in axes.flat[len(arrays):]:
        ax.set_axis_off()
    fig.suptitle(title)
    return fig
