"""Tests of hw1.true_false: each experiment of Section 1 against an independent method."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings, strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from hw1 import true_false as tf
from hw1.adaline import MadalineFit, boolean_function, madaline_output, mrii_train, truth_table_inputs
from hw1.conv import output_size

SEED = 661
FEW = settings(max_examples=25, deadline=None)


# ---------------------------------------------------------------- 1.1
@pytest.mark.parametrize("degree", [0, 1, 3, 5])
def test_fit_polynomial_matches_power_basis_polyfit(degree):
    rng = np.random.default_rng(SEED)
    x, d = tf.sample_cubic(20, 0.1, rng)
    grid = np.linspace(-1, 1, 50)
    want = np.polyval(np.polyfit(x, d, degree), grid)
    assert_allclose(tf.eval_polynomial(tf.fit_polynomial(x, d, degree), grid), want, rtol=1e-8, atol=1e-10,
                    err_msg="Legendre least squares vs numpy.polyfit")


@FEW
@given(st.integers(2, 12), st.integers(0, 2**32 - 1))
def test_full_degree_fit_interpolates(n, seed):
    x, d = tf.sample_cubic(n, 0.3, np.random.default_rng(seed))
    coef = tf.fit_polynomial(x, d, n - 1)
    assert_allclose(tf.eval_polynomial(coef, x), d, atol=1e-6, err_msg="degree n-1 passes through n points")


def test_true_cubic_worked_by_hand():
    assert_allclose(tf.true_cubic([-1.0, 0.0, 0.5, 1.0]), [-0.5, 0.0, 1.5 / 8 - 0.5, 0.5])


def test_overfitting_numbers():
    train, test = tf.polynomial_errors(range(15), 15, 0.1, 60, np.random.default_rng(SEED))
    train_med, test_med = np.median(train, axis=0), np.median(test, axis=0)
    assert int(np.argmin(test_med)) == 3, "the true model order generalises best"
    assert train_med[14] < 1e-12, "degree 14 interpolates its 15 training points"
    assert test_med[14] > 1e3 * test_med[3], "yet its held-out error is far larger than the cubic's"
    assert train_med[9] > 1e-4 and test_med[9] > 100 * test_med[3], "degree 9 overfits without a perfect fit"
    assert np.all(np.diff(train_med) <= 1e-12), "training error never grows with the degree (nested models)"


def test_label_noise_error_scales_with_sigma_squared():
    # Same draws, noise scaled by sigma: a linear least-squares fit's error scales exactly by sigma^2.
    errors = [
        np.median(tf.polynomial_errors([3, 14], 15, sigma, 20, np.random.default_rng(SEED))[1], axis=0)
        for sigma in (0.1, 0.2)
    ]
    assert_allclose(errors[1] / errors[0], [4.0, 4.0], rtol=1e-4)


def test_noise_free_high_degree_fit_is_the_cubic():
    _, test = tf.polynomial_errors([14], 15, 0.0, 20, np.random.default_rng(SEED))
    assert np.median(test) < 1e-12


def test_input_jitter_regularises_degree_14():
    plain = tf.polynomial_errors([14], 15, 0.1, 40, np.random.default_rng(SEED))[1]
    jittered = tf.polynomial_errors([14], 15, 0.1, 40, np.random.default_rng(SEED), jitter_std=0.1, n_copies=30)[1]
    assert np.median(jittered) < 0.05 < 1e3 < np.median(plain)


def test_jitter_inputs_keeps_data_and_targets():
    rng = np.random.default_rng(SEED)
    x, d = tf.sample_cubic(10, 0.1, rng)
    xa, da = tf.jitter_inputs(x, d, 0.2, 500, rng)
    assert xa.shape == da.shape == (5010,)
    assert_array_equal(xa[:10], x)
    assert_array_equal(da, np.tile(d, 501))
    assert abs(np.std(xa[10:] - np.tile(x, 500)) - 0.2) < 0.01, "jitter has the requested spread"


def test_bad_arguments_raise():
    rng = np.random.default_rng(SEED)
    with pytest.raises(ValueError, match="degree"):
        tf.fit_polynomial(np.zeros(3), np.zeros(3), 3)
    with pytest.raises(ValueError, match="noise_std"):
        tf.sample_cubic(3, -0.1, rng)
    with pytest.raises(ValueError, match="batch_size"):
        tf.minibatch_descent(np.zeros(2), tf.make_centers(4, 1.0, rng), 5, 0.1, 3, rng)
    with pytest.raises(ValueError, match="w2"):
        tf.canonical_madaline(np.ones((2, 3)), np.ones(2))


# ---------------------------------------------------------------- 1.2
@FEW
@given(st.integers(0, 2**32 - 1))
def test_canonical_madaline_removes_scale_and_swap(seed):
    rng = np.random.default_rng(seed)
    W1, w2 = rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, 3)
    scales = rng.uniform(0.1, 10, 2)
    W1b = (W1 * scales[:, None])[::-1]
    w2b = np.concatenate([w2[:1], w2[1:][::-1]]) * 3.7
    x = truth_table_inputs(2)
    assert_array_equal(madaline_output(W1b, w2b, x)[3], madaline_output(W1, w2, x)[3], "same network")
    for a, b in zip(tf.canonical_madaline(W1, w2), tf.canonical_madaline(W1b, w2b)):
        assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    W1c, w2c = tf.canonical_madaline(W1, w2)
    assert_array_equal(madaline_output(W1c, w2c, x)[3], madaline_output(W1, w2, x)[3], "canonical: same function")


def test_madaline_solutions_names_the_problem_2_4_network():
    # Figure 4's first layer, worked by hand: unit 1 is s = 0.5 - x1 + x2, true unless (x1, x2) = (+1, -1),
    # i.e. "NOT x1 OR x2"; unit 2 is its mirror "x1 OR NOT x2"; XOR is NAND of the two.
    W1 = np.array([[0.5, -1.0, 1.0], [0.5, 1.0, -1.0]])
    w2 = np.array([1.0, -1.0, -1.0])
    row = tf.madaline_solutions([MadalineFit(W1, w2, 0, 1)], truth_table_inputs(2)).iloc[0]
    assert (row.h1, row.h2, row.output, row.network) == ("NOT x1 OR x2", "x1 OR NOT x2", "NAND", "XOR")


def test_mrii_finds_many_different_xor_madalines():
    x = truth_table_inputs(2)
    d = boolean_function("xor", x)
    rng = np.random.default_rng(SEED)
    fits = [mrii_train(x, d, rng, max_epochs=50) for _ in range(40)]
    table = tf.madaline_solutions(fits, x)
    solved = table[table.n_errors == 0]
    assert len(solved) >= 0.75 * len(fits), f"MRII solved XOR from only {len(solved)} of {len(fits)} starts"
    assert (solved.network == "XOR").all()
    weights = np.stack(solved.weights.to_numpy())
    gaps = np.linalg.norm(weights[:, None] - weights[None], axis=-1)[np.triu_indices(len(weights), 1)]
    assert gaps.min() > 1e-3, "no two starts end at the same weights"
    assert solved.groupby(["h1", "h2", "output"]).ngroups >= 3, "several different hidden logics"


# ---------------------------------------------------------------- 1.3
def test_descent_angle_on_the_bowl_matches_the_closed_form():
    # For L = w^T A w / 2 the angle between A w and w peaks at arccos(2 sqrt(k) / (1 + k)), k = cond(A).
    curv = np.array([1.0, 10.0])
    theta = np.linspace(0, 2 * np.pi, 20001)
    circle = np.column_stack([np.cos(theta), np.sin(theta)])
    angles = tf.descent_angle(tf.bowl_gradient(circle, curv), circle, np.zeros(2))
    assert_allclose(angles.max(), np.degrees(np.arccos(2 * np.sqrt(10) / 11)), atol=1e-3)
    assert_allclose(tf.descent_angle(tf.bowl_gradient([3.0, 0.0], curv), [3.0, 0.0], np.zeros(2)), 0.0, atol=1e-6)


def test_gradient_descent_on_the_bowl_matches_the_closed_form():
    curv, w0, lr = np.array([1.0, 10.0]), np.array([-4.0, 1.5]), 0.18
    path = tf.gradient_descent(lambda w: tf.bowl_gradient(w, curv), w0, lr, 30)
    steps = np.arange(31)[:, None]
    assert_allclose(path, w0 * (1 - lr * curv) ** steps, rtol=1e-12, atol=1e-15)


@FEW
@given(st.floats(-4, 4), st.floats(-4, 4))
def test_rippled_gradient_matches_central_differences(w1, w2):
    centers = tf.make_centers(16, 2.0, np.random.default_rng(SEED))
    w, h = np.array([w1, w2]), 1e-6
    fd = [(tf.rippled_loss(w + h * e, centers) - tf.rippled_loss(w - h * e, centers)) / (2 * h) for e in np.eye(2)]
    assert_allclose(tf.rippled_gradient(w, centers.mean(axis=0)), fd, rtol=1e-6, atol=1e-6)


def test_minibatch_descent_full_batch_is_deterministic_descent():
    rng = np.random.default_rng(SEED)
    centers = tf.make_centers(8, 1.0, rng)
    w0 = np.array([[1.0, -2.0]])
    path = tf.minibatch_descent(w0, centers, 8, 0.1, 20, rng)
    w = w0[0]
    for t in range(20):
        w = w - 0.1 * (1 - t / 20) * ((w - centers.mean(axis=0)) + 0.6 * 3.0 * np.sin(3.0 * w))
    assert_allclose(path[-1, 0], w, rtol=1e-12)


def test_small_batches_escape_local_minima_full_batch_does_not():
    rng = np.random.default_rng(SEED)
    centers = tf.make_centers(64, 2.0, rng)
    starts = rng.uniform(-4, 4, (100, 2))
    reached = {b: np.mean(np.linalg.norm(tf.minibatch_descent(starts, centers, b, 0.1, 1000, rng)[-1], axis=1) < 0.5)
               for b in (64, 1)}
    assert reached[64] < 0.3 and reached[1] > 0.9, reached


# ---------------------------------------------------------------- 1.4
def test_branched_adaline_worked_by_hand():
    w = torch.tensor([1.0, -2.0], dtype=torch.float64)
    x = torch.tensor([[1.0, 1.0], [1.0, 1.0], [3.0, 1.0]], dtype=torch.float64)
    n = torch.tensor([1.0, -1.0, -2.0], dtype=torch.float64)
    assert_array_equal(tf.branched_adaline(w, x, n).numpy(), [-1.0, 4.0, 6.0])


@pytest.mark.parametrize("activation", [torch.sign, torch.tanh])
def test_branched_adaline_autograd_matches_central_differences(activation):
    x, n, t, _ = tf.make_branch_task(50, np.random.default_rng(SEED))
    x, n, t = (torch.as_tensor(a) for a in (x, n, t))
    w0 = np.array([0.3, 0.7])
    loss = lambda w: torch.mean((tf.branched_adaline(w, x, n, activation) - t) ** 2)
    w = torch.tensor(w0, requires_grad=True)
    (grad,) = torch.autograd.grad(loss(w), w)
    h = 1e-6
    fd = [(loss(torch.tensor(w0 + h * e)) - loss(torch.tensor(w0 - h * e))).item() / (2 * h) for e in np.eye(2)]
    assert_allclose(grad.numpy(), fd, rtol=1e-6, atol=1e-9)
    if activation is torch.sign:
        assert_array_equal(grad.numpy(), [0.0, 0.0], "sign: exactly zero gradient")


def test_sign_model_never_trains_tanh_model_does():
    x, n, t, _ = tf.make_branch_task(200, np.random.default_rng(SEED))
    w0 = np.array([0.5, 0.5])
    ws, losses, grads = tf.train_branched_adaline(x, n, t, w0, 0.5, 50, torch.sign)
    assert_array_equal(ws, np.tile(w0, (51, 1)))
    assert np.ptp(losses) == 0 and np.all(grads == 0)
    ws, losses, _ = tf.train_branched_adaline(x, n, t, w0, 0.5, 50, torch.tanh)
    assert losses[-1] < 0.2 * losses[0]
    y = tf.branched_adaline(torch.tensor(ws[-1]), torch.as_tensor(x), torch.as_tensor(n)).numpy()
    assert np.mean(y == t) > 0.95, "tanh-trained weights work in the sign model"


# ---------------------------------------------------------------- 1.5
@FEW
@given(st.integers(1, 20), st.integers(1, 8), st.integers(0, 3), st.integers(1, 4))
def test_shape_rule_table_matches_window_count_and_torch(n, k, p, s):
    if k > n + 2 * p:
        return
    got = tf.shape_rule_table(n, [k], [s], padding=p)[f"S={s}"].iloc[0]
    windows = len(range(0, n + 2 * p - k + 1, s))  # brute force: where the window can start
    torch_size = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), padding=p, stride=s).shape[-1]
    assert got == windows == torch_size


@FEW
@given(st.integers(2, 30), st.integers(1, 5), st.integers(0, 3))
def test_larger_kernel_never_gives_larger_output(n, s, p):
    sizes = [output_size(n, k, padding=p, stride=s) for k in range(1, n + 2 * p + 1)]
    assert all(b <= a for a, b in zip(sizes, sizes[1:]))


def test_stride_two_has_equal_sizes_for_different_kernels():
    table = tf.shape_rule_table(8, range(1, 9), [1, 2, 3])
    assert list(table["S=1"]) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert list(table["S=2"]) == [4, 4, 3, 3, 2, 2, 1, 1]
