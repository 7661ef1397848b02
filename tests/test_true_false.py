"""Tests of hw1.true_false: each experiment of Section 1 against an independent method."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from hw1 import true_false

SEED = 661
FEW = settings(max_examples=25, deadline=None)


def rng():
    return np.random.default_rng(SEED)


# ---------------------------------------------------------------- 1.1
@pytest.mark.parametrize("degree", [0, 1, 3, 5])
def test_fit_polynomial_matches_power_basis_polyfit(degree):
    x, d = true_false.sample_cubic(20, 0.1, rng=rng())
    grid = np.linspace(-1, 1, 50)
    want = np.polyval(np.polyfit(x, d, degree), grid)
    assert_allclose(true_false.eval_polynomial(true_false.fit_polynomial(x, d, degree), grid), want,
                    rtol=1e-8, atol=1e-10, err_msg="Legendre least squares vs numpy.polyfit")


@FEW
@given(st.integers(2, 12), st.integers(0, 2**32 - 1))
def test_full_degree_fit_interpolates(n, seed):
    x, d = true_false.sample_cubic(n, 0.3, rng=np.random.default_rng(seed))
    coef = true_false.fit_polynomial(x, d, n - 1)
    assert_allclose(true_false.eval_polynomial(coef, x), d, atol=1e-6, err_msg="degree n-1 passes through n points")


def test_true_cubic_worked_by_hand():
    assert_allclose(true_false.true_cubic([-1.0, 0.0, 0.5, 1.0]), [-0.5, 0.0, 1.5 / 8 - 0.5, 0.5])


def test_overfitting_numbers():
    errors = true_false.polynomial_errors(range(15), 15, 0.1, 60, rng=rng())
    train_med, test_med = errors.train_median, errors.test_median
    assert_allclose(train_med, np.median(errors.train_mse, axis=0))
    assert errors.best_degree == 3, "the true model order generalises best"
    assert train_med[14] < 1e-12, "degree 14 interpolates its 15 training points"
    assert test_med[14] > 1e3 * test_med[3], "yet its held-out error is far larger than the cubic's"
    assert train_med[9] > 1e-4 and test_med[9] > 100 * test_med[3], "degree 9 overfits without a perfect fit"
    assert np.all(np.diff(train_med) <= 1e-12), "training error never grows with the degree (nested models)"


def test_label_noise_error_scales_with_sigma_squared_for_unbiased_fits_only():
    # Same draws, noise scaled by sigma: an unbiased linear least-squares fit's error scales exactly by sigma^2.
    for degree in (3, 14):
        sweep = true_false.label_noise_sweep(degree, [0.1, 0.2, 0.4], 15, 20, rng=rng())
        assert_allclose(sweep.test_median[1:] / sweep.test_median[:-1], [4.0, 4.0], rtol=1e-4)
        assert_allclose(sweep.slope, 2.0, rtol=1e-4)
    biased = true_false.label_noise_sweep(14, [0.025, 0.1, 0.4], 15, 20, jitter_std=0.1, num_copies=30, rng=rng())
    assert 0 < biased.slope < 1.5, "the jittered (biased) fit's error grows, but more slowly than sigma^2"


def test_noise_free_high_degree_fit_is_the_cubic():
    sweep = true_false.label_noise_sweep(14, [0.0], 15, 20, rng=rng())
    assert sweep.test_median[0] < 1e-12 and np.isnan(sweep.slope)


def test_input_jitter_regularises_degree_14():
    plain = true_false.polynomial_errors([14], 15, 0.1, 40, rng=rng()).test_median[0]
    jittered = true_false.polynomial_errors([14], 15, 0.1, 40, jitter_std=0.1, num_copies=30, rng=rng()).test_median[0]
    assert jittered < 0.05 < 1e3 < plain


def test_jitter_inputs_keeps_data_and_targets():
    generator = rng()
    x, d = true_false.sample_cubic(10, 0.1, rng=generator)
    xa, da = true_false.jitter_inputs(x, d, 0.2, 500, rng=generator)
    assert xa.shape == da.shape == (5010,)
    assert_array_equal(xa[:10], x)
    assert_array_equal(da, np.tile(d, 501))
    assert abs(np.std(xa[10:] - np.tile(x, 500)) - 0.2) < 0.01, "jitter has the requested spread"


# ---------------------------------------------------------------- 1.3
def test_descent_angle_on_the_bowl_matches_the_closed_form():
    # For L = w^T A w / 2 the angle between A w and w peaks at arccos(2 sqrt(k) / (1 + k)), k = cond(A).
    bowl = true_false.bowl_descent([1.0, 10.0], [-4.0, 1.5], 0.18, 30, num_angles=20001)
    assert_allclose(bowl.max_angle, np.degrees(np.arccos(2 * np.sqrt(10) / 11)), atol=1e-3)
    # at the start: angle between -grad = -(w1, 10 w2) and -w, by hand
    w = np.array([-4.0, 1.5])
    g = np.array([1.0, 10.0]) * w
    assert_allclose(bowl.start_angle, np.degrees(np.arccos(g @ w / np.linalg.norm(g) / np.linalg.norm(w))))
    assert_allclose(true_false.descent_angle(true_false.bowl_gradient([3.0, 0.0], [1, 10]), [3.0, 0.0], np.zeros(2)),
                    0.0, atol=1e-6)


def test_bowl_descent_matches_the_closed_form_and_zig_zags():
    curv, w0, lr = np.array([1.0, 10.0]), np.array([-4.0, 1.5]), 0.18
    bowl = true_false.bowl_descent(curv, w0, lr, 30)
    steps = np.arange(31)[:, None]
    assert_allclose(bowl.path, w0 * (1 - lr * curv) ** steps, rtol=1e-12, atol=1e-15)
    assert bowl.num_sign_changes == 30, "1 - 0.18 * 10 < 0: w2 flips sign on every step"
    assert_allclose(true_false.bowl_loss(bowl.path[0], curv), 0.5 * (16 + 10 * 1.5**2))


@FEW
@given(st.floats(-4, 4), st.floats(-4, 4))
def test_rippled_gradient_matches_central_differences(w1, w2):
    centers = true_false.make_centers(16, 2.0, rng=rng())
    w, h = np.array([w1, w2]), 1e-6
    fd = [(true_false.rippled_loss(w + h * e, centers) - true_false.rippled_loss(w - h * e, centers)) / (2 * h)
          for e in np.eye(2)]
    assert_allclose(true_false.rippled_gradient(w, centers.mean(axis=0)), fd, rtol=1e-6, atol=1e-6)


def test_minibatch_descent_full_batch_is_deterministic_descent():
    generator = rng()
    centers = true_false.make_centers(8, 1.0, rng=generator)
    w0 = np.array([[1.0, -2.0]])
    path = true_false.minibatch_descent(w0, centers, 8, 0.1, 20, rng=generator)
    w = w0[0]
    for t in range(20):
        w = w - 0.1 * (1 - t / 20) * ((w - centers.mean(axis=0)) + 0.6 * 3.0 * np.sin(3.0 * w))
    assert_allclose(path[-1, 0], w, rtol=1e-12)


def test_small_batches_escape_local_minima_full_batch_does_not():
    generator = rng()
    centers = true_false.make_centers(64, 2.0, rng=generator)
    starts = generator.uniform(-4, 4, (100, 2))
    sweep = true_false.batch_size_sweep(starts, centers, [64, 1], 0.1, 1000, rng=generator)
    assert sweep.percent_global[0] < 30 and sweep.percent_global[1] > 90, sweep.percent_global
    assert sweep.mean_final_loss[1] < sweep.mean_final_loss[0]
    assert_allclose(sweep.global_loss, 0.5 * np.mean(np.sum(centers**2, axis=1)))


# ---------------------------------------------------------------- 1.4
def test_branched_adaline_worked_by_hand():
    w = torch.tensor([1.0, -2.0], dtype=torch.float64)
    x = torch.tensor([[1.0, 1.0], [1.0, 1.0], [3.0, 1.0]], dtype=torch.float64)
    n = torch.tensor([1.0, -1.0, -2.0], dtype=torch.float64)
    assert_array_equal(true_false.branched_adaline(w, x, n).numpy(), [-1.0, 4.0, 6.0])


@pytest.mark.parametrize("activation", [torch.sign, torch.tanh])
def test_branched_gradients_autograd_matches_central_differences(activation):
    task = true_false.make_branch_task(50, rng=rng())
    grads = true_false.branched_gradients(task.x, task.n, task.t, [0.3, 0.7], activation=activation)
    assert_allclose(grads.autograd, grads.central_difference, rtol=1e-6, atol=1e-9)
    if activation is torch.sign:
        assert_array_equal(grads.autograd, [0.0, 0.0], "sign: exactly zero gradient")
    else:  # tanh: by hand, dL/dw = mean(2 (y - t) (1 - tanh^2) x)
        s = task.x @ np.array([0.3, 0.7])
        y = np.tanh(s) + 5.0 * (task.n < 0)
        want = np.mean(2 * (y - task.t)[:, None] * (1 - np.tanh(s) ** 2)[:, None] * task.x, axis=0)
        assert_allclose(grads.autograd, want, rtol=1e-10)


def test_sign_model_never_trains_tanh_model_does():
    task = true_false.make_branch_task(200, rng=rng())
    w0 = np.array([0.5, 0.5])
    run = true_false.train_branched_adaline(task.x, task.n, task.t, w0, 0.5, 50, torch.sign)
    assert_array_equal(run.weights, np.tile(w0, (51, 1)))
    assert np.ptp(run.loss) == 0 and np.all(run.grad_norm == 0)
    run = true_false.train_branched_adaline(task.x, task.n, task.t, w0, 0.5, 50, torch.tanh)
    assert run.loss[-1] < 0.2 * run.loss[0]
    y = np.sign(task.x @ run.weights[-1]) + 5.0 * (task.n < 0)  # the sign model, by hand
    assert_allclose(run.sign_percent_correct, 100 * np.mean(y == task.t))
    assert run.sign_percent_correct > 95, "tanh-trained weights work in the sign model"


# ---------------------------------------------------------------- 1.5
def test_kernel_size_steps_counts_by_hand():
    steps = true_false.kernel_size_steps(8, range(1, 9), [1, 2, 3])
    assert_array_equal(steps.sizes[:, 0], [8, 7, 6, 5, 4, 3, 2, 1])
    assert_array_equal(steps.sizes[:, 1], [4, 4, 3, 3, 2, 2, 1, 1])
    assert_array_equal(steps.sizes[:, 2], [3, 3, 2, 2, 2, 1, 1, 1])
    # stride 1: no ties; stride 2: K = 1-2, 3-4, 5-6, 7-8; stride 3: 1-2, 3-4, 4-5, 6-7, 7-8
    assert (steps.num_steps, steps.num_larger, steps.num_equal) == (21, 0, 9)
    assert steps.first_equal == (2, 1, 2, 4)


@FEW
@given(st.integers(2, 30), st.integers(1, 5), st.integers(0, 3))
def test_larger_kernel_never_gives_larger_output(n, s, p):
    steps = true_false.kernel_size_steps(n, range(1, n + 2 * p + 1), [s], padding=p)
    assert steps.num_larger == 0


# ---------------------------------------------------------------- bad arguments
@pytest.mark.parametrize("call, message", [
    (lambda: true_false.fit_polynomial(np.zeros(3), np.zeros(3), 3), "degree is 3"),
    (lambda: true_false.fit_polynomial(np.zeros(3), np.zeros(2), 1), r"d has shape \(2,\); expected a non-empty finite 1-D array of numbers of shape \(3,\) to match x"),
    (lambda: true_false.fit_polynomial([0.0, np.nan], [0.0, 1.0], 1), "x holds NaN or infinite values"),
    (lambda: true_false.sample_cubic(3, -0.1, rng=rng()), "noise_std is -0.1"),
    (lambda: true_false.sample_cubic(0, 0.1, rng=rng()), "num_samples is 0"),
    (lambda: true_false.sample_cubic(2.5, 0.1, rng=rng()), "num_samples is 2.5"),
    (lambda: true_false.jitter_inputs([0.0], [0.0], 0.1, -1, rng=rng()), "num_copies is -1"),
    (lambda: true_false.jitter_inputs([0.0], [0.0], np.inf, 1, rng=rng()), "jitter_std is inf"),
    (lambda: true_false.polynomial_errors([3], 15, 0.1, 0, rng=rng()), "num_trials is 0"),
    (lambda: true_false.polynomial_errors([15], 15, 0.1, 2, rng=rng()), r"degrees is \[15\]; expected integers >= 0 and <= 14"),
    (lambda: true_false.polynomial_errors([3], 15, 0.1, 2, num_test=0, rng=rng()), "num_test is 0"),
    (lambda: true_false.label_noise_sweep(3, [-0.1], 15, 2, rng=rng()), r"noise_levels is \[-0.1\]; expected standard deviations >= 0"),
    (lambda: true_false.descent_angle([0.0, 0.0], [1.0, 1.0], [0.0, 0.0]), "zero or not finite"),
    (lambda: true_false.descent_angle([1.0, 0.0], [0.0, 0.0], [0.0, 0.0]), "zero or not finite"),
    (lambda: true_false.gradient_descent(np.negative, [1.0, 1.0], -0.1, 3), "lr is -0.1"),
    (lambda: true_false.gradient_descent(np.negative, [1.0, 1.0], 0.1, -3), "num_steps is -3"),
    (lambda: true_false.bowl_descent([1.0, -10.0], [1.0, 1.0], 0.1, 3), "curvatures"),
    (lambda: true_false.bowl_descent([1.0, 10.0], [1.0, 1.0], 0.1, 3, num_angles=1), "num_angles is 1"),
    (lambda: true_false.make_centers(0, 1.0, rng=rng()), "num_samples is 0"),
    (lambda: true_false.make_centers(4, -1.0, rng=rng()), "spread is -1.0"),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 5, 0.1, 3, rng=rng()), "batch_size is 5"),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 2, 0.1, 0, rng=rng()), "num_steps is 0"),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 2, np.nan, 3, rng=rng()), "lr is nan"),
    (lambda: true_false.batch_size_sweep(np.zeros((1, 2)), np.zeros((4, 2)), [2], 0.1, 3, radius=0, rng=rng()),
     "radius is 0"),
    (lambda: true_false.make_branch_task(0, rng=rng()), "num_rows is 0"),
    (lambda: true_false.branched_gradients(np.ones((2, 2)), [1, -1], [1, 1], [0.5, 0.5], h=np.inf), "h is inf"),
    (lambda: true_false.branched_gradients(np.ones((2, 2)), [1, -1], [1, 1], [0.5, 0.5], h=0.0), "h is 0.0"),
    (lambda: true_false.train_branched_adaline(np.ones((2, 2)), [1, -1], [1, 1], [0.5, 0.5], 0.0, 3), "lr is 0.0"),
    (lambda: true_false.train_branched_adaline(np.ones((2, 2)), [1, -1], [1, 1], [0.5, 0.5], 0.1, -1),
     "num_steps is -1"),
    (lambda: true_false.kernel_size_steps(8, [1, 3], [1]), "consecutive"),
    (lambda: true_false.kernel_size_steps(8, [0, 1], [1]), r"kernel_sizes is \[0, 1\]; expected integers >= 1"),
])
def test_bad_arguments_raise_one_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        call()


def test_branch_tensors_are_the_task_as_float64_tensors_and_names_what_does_not_fit():
    task = true_false.branch_tensors([[1, 2], [3, 4]], [1, -1], [0.5, 1], [2, -2])
    assert [a.dtype for a in task] == [torch.float64] * 4 and task.x.shape == (2, 2) and task.w.tolist() == [2, -2]
    with pytest.raises(ValueError, match=r"^t has shape \(3,\); expected .* of shape \(2,\) to match the rows of x"):
        true_false.branch_tensors([[1, 2], [3, 4]], [1, -1], [0.5, 1, 2], [2, -2])
