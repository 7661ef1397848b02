"""hw1.true_false, the cases mutation testing found untested (issue 21): every refusal checked as a whole
sentence (written out by hand from hw1.params' documented format), the random draws each function
documents, replayed by hand from the same seed with a second method (numpy.polyfit for the fits, a
loop for the descents), the defaults, and small cases worked by hand (Algorithm 1 of the assignment,
the shape rule of a convolution, points placed on the boundary of a radius)."""
import itertools

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

from hw1 import true_false

SEED = 661


def rng(seed=SEED):
    return np.random.default_rng(seed)


def t64(values):
    return torch.tensor(values, dtype=torch.float64)


# ---------------------------------------------------------------- whole sentences
SHAPE_2 = "expected a non-empty finite 1-D array of numbers of shape (2,)."
POINTS = "expected a non-empty finite 1-D or higher array of numbers of shape (..., 2)."
ROWS = "expected a non-empty finite 2-D array of numbers of shape (any, 2)."
LINE = "expected a non-empty finite 1-D array of numbers."
NO_RNG = "rng is None; expected a numpy.random.Generator."
ONES = np.ones((2, 2))


def overflowing_angle():
    with np.errstate(over="ignore"):
        return true_false.descent_angle([1.0, 0.0], [-1e200, 0.0], [1e200, 0.0])


@pytest.mark.parametrize("call, message", [
    (lambda: true_false.true_cubic("a"), "x is 'a' (str); expected a finite array of numbers."),
    (lambda: true_false.sample_cubic(0, 0.1, rng=rng()), "num_samples is 0 (int); expected an integer >= 1."),
    (lambda: true_false.sample_cubic(3, -0.1, rng=rng()), "noise_std is -0.1 (float); expected a finite number >= 0."),
    (lambda: true_false.sample_cubic(3, 0.1, rng=None), NO_RNG),
    (lambda: true_false.fit_polynomial(ONES, ONES, 1), f"x has shape (2, 2); {LINE}"),
    (lambda: true_false.fit_polynomial(np.zeros(3), np.zeros(2), 1),
     "d has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match x."),
    (lambda: true_false.fit_polynomial(np.zeros(3), np.zeros(3), 3), "degree is 3 (int); expected an integer >= 0 and <= 2."),
    (lambda: true_false.fit_polynomial(np.zeros(3), np.zeros(3), -1), "degree is -1 (int); expected an integer >= 0 and <= 2."),
    (lambda: true_false.eval_polynomial([1.0], "a"), "x is 'a' (str); expected a finite array of numbers."),
    (lambda: true_false.eval_polynomial(ONES, 0.5), f"coef has shape (2, 2); {LINE}"),
    (lambda: true_false.jitter_inputs(ONES, ONES, 0.1, 1, rng=rng()), f"x has shape (2, 2); {LINE}"),
    (lambda: true_false.jitter_inputs([0.0], [0.0, 1.0], 0.1, 1, rng=rng()),
     "d has shape (2,); expected a non-empty finite 1-D array of numbers of shape (1,) to match x."),
    (lambda: true_false.jitter_inputs([0.0], [0.0], -0.1, 1, rng=rng()),
     "jitter_std is -0.1 (float); expected a finite number >= 0."),
    (lambda: true_false.jitter_inputs([0.0], [0.0], 0.1, -1, rng=rng()), "num_copies is -1 (int); expected an integer >= 0."),
    (lambda: true_false.jitter_inputs([0.0], [0.0], 0.1, 1, rng=None), NO_RNG),
    (lambda: true_false.polynomial_errors([0], 0, 0.1, 2, rng=rng()), "num_train is 0 (int); expected an integer >= 1."),
    (lambda: true_false.polynomial_errors([4], 4, 0.1, 2, rng=rng()), "degrees is [4]; expected integers >= 0 and <= 3."),
    (lambda: true_false.polynomial_errors([-1], 4, 0.1, 2, rng=rng()), "degrees is [-1]; expected integers >= 0 and <= 3."),
    (lambda: true_false.polynomial_errors([1], 4, -1.0, 2, rng=rng()), "noise_std is -1.0 (float); expected a finite number >= 0."),
    (lambda: true_false.polynomial_errors([1], 4, 0.1, 0, rng=rng()), "num_trials is 0 (int); expected an integer >= 1."),
    (lambda: true_false.polynomial_errors([1], 4, 0.1, 2, num_test=0, rng=rng()),
     "num_test is 0 (int); expected an integer >= 1."),
    (lambda: true_false.polynomial_errors([1], 4, 0.1, 2, jitter_std=-1.0, rng=rng()),
     "jitter_std is -1.0 (float); expected a finite number >= 0."),
    (lambda: true_false.polynomial_errors([1], 4, 0.1, 2, num_copies=-1, rng=rng()),
     "num_copies is -1 (int); expected an integer >= 0."),
    (lambda: true_false.polynomial_errors([1], 4, 0.1, 2, rng=None), NO_RNG),
    (lambda: true_false.label_noise_sweep(1, ONES, 4, 2, rng=rng()), f"noise_levels has shape (2, 2); {LINE}"),
    (lambda: true_false.label_noise_sweep(1, [0.1, -0.1], 4, 2, rng=rng()),
     "noise_levels is [0.1, -0.1]; expected standard deviations >= 0."),
    (lambda: true_false.label_noise_sweep(4, [0.1], 4, 2, rng=rng()), "degree is 4 (int); expected an integer >= 0 and <= 3."),
    (lambda: true_false.label_noise_sweep(-1, [0.1], 4, 2, rng=rng()), "degree is -1 (int); expected an integer >= 0 and <= 3."),
    (lambda: true_false.label_noise_sweep(0, [0.1], 0, 2, rng=rng()), "num_train is 0 (int); expected an integer >= 1."),
    (lambda: true_false.label_noise_sweep(1, [0.1], 4, 2, rng=None), NO_RNG),
    (lambda: true_false.bowl_loss([1.0, 2.0, 3.0], [1.0, 1.0]), f"w has shape (3,); {POINTS}"),
    (lambda: true_false.bowl_loss([1.0, 2.0], [1.0, 1.0, 1.0]), f"curvatures has shape (3,); {SHAPE_2}"),
    (lambda: true_false.bowl_gradient([1.0, 2.0, 3.0], [1.0, 1.0]), f"w has shape (3,); {POINTS}"),
    (lambda: true_false.bowl_gradient([1.0, 2.0], [1.0]), f"curvatures has shape (1,); {SHAPE_2}"),
    (lambda: true_false.descent_angle([1.0, 0.0], [1.0], [0.0, 0.0]), f"w has shape (1,); {POINTS}"),
    (lambda: true_false.descent_angle([1.0], [1.0, 0.0], [0.0, 0.0]), f"grad has shape (1,); {POINTS}"),
    (lambda: true_false.descent_angle([1.0, 0.0], [1.0, 0.0], [0.0]), f"w_min has shape (1,); {POINTS}"),
    (lambda: true_false.descent_angle([0.0, 0.0], [1.0, 1.0], [0.0, 0.0]),
     "grad or w - w_min is zero or not finite at some point; expected finite nonzero directions to measure an angle between."),
    (lambda: true_false.descent_angle([1.0, 0.0], [2.0, 3.0], [2.0, 3.0]),
     "grad or w - w_min is zero or not finite at some point; expected finite nonzero directions to measure an angle between."),
    # |w - w_min| overflows to inf (numpy's overflow warning silenced: the sentence is what is checked)
    (lambda: overflowing_angle(), "grad or w - w_min is zero or not finite at some point; "
                                  "expected finite nonzero directions to measure an angle between."),
    (lambda: true_false.gradient_descent(np.negative, [1.0, 1.0], 0.0, 3), "lr is 0.0 (float); expected a finite number > 0."),
    (lambda: true_false.gradient_descent(np.negative, [1.0, 1.0], 0.1, -1), "num_steps is -1 (int); expected an integer >= 0."),
    (lambda: true_false.gradient_descent(3, [1.0, 1.0], 0.1, 1), "grad_fn is 3 (int); expected a function w -> gradient."),
    (lambda: true_false.gradient_descent(np.negative, [1.0], 0.1, 1), f"w0 has shape (1,); {POINTS}"),
    (lambda: true_false.bowl_descent([1.0], [1.0, 1.0], 0.1, 3), f"curvatures has shape (1,); {SHAPE_2}"),
    (lambda: true_false.bowl_descent([1.0, -10.0], [1.0, 1.0], 0.1, 3),
     "curvatures is [1.0, -10.0]; expected two finite positive numbers."),
    (lambda: true_false.bowl_descent([0.0, 10.0], [1.0, 1.0], 0.1, 3),
     "curvatures is [0.0, 10.0]; expected two finite positive numbers."),
    (lambda: true_false.bowl_descent([1.0, 10.0], [[1.0, 1.0]], 0.1, 3), f"w0 has shape (1, 2); {SHAPE_2}"),
    (lambda: true_false.bowl_descent([1.0, 10.0], [0.0, 0.0], 0.1, 3),
     "w0 is the minimum (0, 0); expected a start away from it."),
    (lambda: true_false.bowl_descent([1.0, 10.0], [1.0, 1.0], 0.1, 3, num_angles=1),
     "num_angles is 1 (int); expected an integer >= 2."),
    (lambda: true_false.bowl_descent([1.0, 10.0], [1.0, 1.0], -0.1, 3), "lr is -0.1 (float); expected a finite number > 0."),
    (lambda: true_false.make_centers(0, 1.0, rng=rng()), "num_samples is 0 (int); expected an integer >= 1."),
    (lambda: true_false.make_centers(4, -1.0, rng=rng()), "spread is -1.0 (float); expected a finite number >= 0."),
    (lambda: true_false.make_centers(4, 1.0, rng=None), NO_RNG),
    (lambda: true_false.rippled_loss([1.0], ONES), f"w has shape (1,); {POINTS}"),
    (lambda: true_false.rippled_loss([1.0, 1.0], [1.0, 1.0]), f"centers has shape (2,); {ROWS}"),
    (lambda: true_false.rippled_gradient([1.0], [0.0, 0.0]), f"w has shape (1,); {POINTS}"),
    (lambda: true_false.rippled_gradient([1.0, 1.0], [0.0]), f"batch_mean has shape (1,); {POINTS}"),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros(4), 1, 0.1, 3, rng=rng()), f"centers has shape (4,); {ROWS}"),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 5, 0.1, 3, rng=rng()),
     "batch_size is 5 (int); expected an integer >= 1 and <= 4."),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 0, 0.1, 3, rng=rng()),
     "batch_size is 0 (int); expected an integer >= 1 and <= 4."),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 2, 0.1, 3, rng=None), NO_RNG),
    (lambda: true_false.minibatch_descent(np.zeros((2, 2, 2)), np.zeros((4, 2)), 2, 0.1, 3, rng=rng()),
     "w0 has shape (2, 2, 2); expected a non-empty finite 1-D or 2-D array of numbers."),
    (lambda: true_false.minibatch_descent(np.zeros((2, 3)), np.zeros((4, 2)), 2, 0.1, 3, rng=rng()),
     "w0 has shape (2, 3); expected (R, 2) or (2,) starting points."),
    (lambda: true_false.minibatch_descent(np.zeros(3), np.zeros((4, 2)), 2, 0.1, 3, rng=rng()),
     "w0 has shape (3,); expected (R, 2) or (2,) starting points."),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 2, 0.0, 3, rng=rng()),
     "lr is 0.0 (float); expected a finite number > 0."),
    (lambda: true_false.minibatch_descent([0.0, 0.0], np.zeros((4, 2)), 2, 0.1, 0, rng=rng()),
     "num_steps is 0 (int); expected an integer >= 1."),
    (lambda: true_false.batch_size_sweep(np.zeros((1, 2)), np.zeros((4, 2)), [2], 0.1, 3, radius=0.0, rng=rng()),
     "radius is 0.0 (float); expected a finite number > 0."),
    (lambda: true_false.batch_size_sweep(np.zeros((1, 2)), np.zeros((4, 2)), [0], 0.1, 3, rng=rng()),
     "batch_sizes is [0]; expected integers >= 1."),
    (lambda: true_false.batch_size_sweep(np.zeros(2), np.zeros((4, 2)), [2], 0.1, 3, rng=rng()),
     f"starts has shape (2,); {ROWS}"),
    (lambda: true_false.make_branch_task(0, rng=rng()), "num_rows is 0 (int); expected an integer >= 1."),
    (lambda: true_false.make_branch_task(3, rng=None), NO_RNG),
    (lambda: true_false.branch_tensors(np.ones(2), [1.0], [1.0], [1.0, 1.0]), f"x has shape (2,); {ROWS}"),
    (lambda: true_false.branch_tensors(ONES, [1.0], [1.0, 1.0], [1.0, 1.0]),
     "n has shape (1,); expected a non-empty finite 1-D array of numbers of shape (2,) to match the rows of x."),
    (lambda: true_false.branch_tensors(ONES, [1.0, 1.0], [1.0, 1.0], [1.0]), f"w has shape (1,); {SHAPE_2}"),
    (lambda: true_false.branched_gradients(ONES, [1, -1], [1, 1], [0.5, 0.5], h=0.0), "h is 0.0 (float); expected a finite number > 0."),
    (lambda: true_false.branched_gradients(ONES, [1, -1], [1, 1], [0.5, 0.5], activation=None),
     "activation is None; expected a function such as torch.sign."),
    (lambda: true_false.train_branched_adaline(ONES, [1, -1], [1, 1], [0.5, 0.5], 0.0, 3),
     "lr is 0.0 (float); expected a finite number > 0."),
    (lambda: true_false.train_branched_adaline(ONES, [1, -1], [1, 1], [0.5, 0.5], 0.1, -1),
     "num_steps is -1 (int); expected an integer >= 0."),
    # w0 is named as the caller knows it, not as branch_tensors' w
    (lambda: true_false.train_branched_adaline(ONES, [1, -1], [1, 1], [0.5], 0.1, 1), f"w0 has shape (1,); {SHAPE_2}"),
    (lambda: true_false.train_branched_adaline(ONES, [1, -1], [1], [0.5, 0.5], 0.1, 1),
     "t has shape (1,); expected a non-empty finite 1-D array of numbers of shape (2,) to match the rows of x."),
    (lambda: true_false.train_branched_adaline(ONES, [1, -1], [1, 1], [0.5, 0.5], 0.1, 1, "tanh"),
     "activation is 'tanh' (str); expected a function such as torch.sign."),
    (lambda: true_false.kernel_size_steps(8, [1, 3], [1]),
     "kernel_sizes is [1, 3]; expected at least two consecutive sizes K, K + 1, ..."),
    (lambda: true_false.kernel_size_steps(8, [3], [1]),
     "kernel_sizes is [3]; expected at least two consecutive sizes K, K + 1, ..."),
    (lambda: true_false.kernel_size_steps(8, [3, 2], [1]),
     "kernel_sizes is [3, 2]; expected at least two consecutive sizes K, K + 1, ..."),
    (lambda: true_false.kernel_size_steps(8, [0, 1], [1]), "kernel_sizes is [0, 1]; expected integers >= 1."),
])
def test_whole_sentence(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


W = t64([1.0, -2.0])
X = t64([[1.0, 1.0], [3.0, 1.0], [1.0, 2.0]])
N = t64([1.0, -1.0, 2.0])
TENSOR = "expected a non-empty float tensor of shape"


@pytest.mark.parametrize("w, x, n, message", [
    (None, X, N, f"w is None; {TENSOR} (2,)."),
    (t64([1.0, 2.0, 3.0]), X, N, f"w is a Tensor of shape (3,); {TENSOR} (2,)."),
    (torch.tensor([1, 2]), X, N, f"w is a Tensor of shape (2,); {TENSOR} (2,)."),
    (t64([[1.0, 2.0]]), X, N, f"w is a Tensor of shape (1, 2); {TENSOR} (2,)."),
    (t64([1.0, np.inf]), X, N, "w holds NaN or infinite values; expected finite numbers."),
    (W, X[:, :1], N, f"x is a Tensor of shape (3, 1); {TENSOR} (B, 2)."),
    (W, t64([1.0, 2.0]), N, f"x is a Tensor of shape (2,); {TENSOR} (B, 2)."),
    (W, torch.zeros((0, 2), dtype=torch.float64), N, f"x is a Tensor of shape (0, 2); {TENSOR} (B, 2)."),
    (W, t64([[1.0, np.nan]] * 3), N, "x holds NaN or infinite values; expected finite numbers."),
    # one branch would broadcast over the three rows: it is refused, not spread
    (W, X, t64([1.0]), f"n is a Tensor of shape (1,); {TENSOR} (3,), one branch per row of x."),
    (W, X, t64([[1.0, 1.0, 1.0]]), f"n is a Tensor of shape (1, 3); {TENSOR} (3,), one branch per row of x."),
    (W, X, [1.0, -1.0, 1.0], f"n is [1.0, -1.0, 1.0] (list); {TENSOR} (3,), one branch per row of x."),
    (W, X, t64([1.0, -np.inf, 1.0]), "n holds NaN or infinite values; expected finite numbers."),
])
def test_branched_adaline_names_what_does_not_fit(w, x, n, message):
    with pytest.raises(ValueError) as raised:
        true_false.branched_adaline(w, x, n)
    assert str(raised.value) == message


def test_branched_adaline_refuses_an_activation_that_is_not_a_function():
    with pytest.raises(ValueError) as raised:
        true_false.branched_adaline(W, X, N, "sign")
    assert str(raised.value) == "activation is 'sign' (str); expected a function such as torch.sign."


# ---------------------------------------------------------------- 1.1, by hand and by numpy.polyfit
def test_true_cubic_keeps_shape_and_accepts_empty():
    assert_allclose(true_false.true_cubic([[2.0], [-2.0]]), [[1.5 * 8 - 2], [-1.5 * 8 + 2]])
    assert true_false.true_cubic([]).shape == (0,)
    assert true_false.CUBIC == (0.0, -1.0, 0.0, 1.5) and true_false.TRUE_DEGREE == 3


def test_sample_cubic_draws_uniform_inputs_then_normal_noise():
    got = true_false.sample_cubic(5, 0.3, rng=rng())
    generator = rng()
    x = generator.uniform(-1.0, 1.0, 5)
    noise = generator.standard_normal(5)
    assert_array_equal(got.x, x)
    assert_allclose(got.d, 1.5 * x ** 3 - x + 0.3 * noise, rtol=1e-13)
    exact = true_false.sample_cubic(1, 0, rng=rng())
    assert exact.x.shape == (1,) and exact.d[0] == pytest.approx(1.5 * exact.x[0] ** 3 - exact.x[0], rel=1e-13)


def test_fit_polynomial_of_tiny_data_worked_by_hand():
    # Least-squares line through (-1, 0), (0, 1), (1, 5): slope 5/2, intercept 2 -> Legendre (2, 2.5).
    assert_allclose(true_false.fit_polynomial([-1.0, 0.0, 1.0], [0.0, 1.0, 5.0], 1), [2.0, 2.5], atol=1e-14)
    # degree 0 is the mean; integer inputs are converted
    assert_allclose(true_false.fit_polynomial([0, 1, 2], [1, 2, 6], 0), [3.0], atol=1e-14)
    # P2(x) = (3 x^2 - 1) / 2: coefficient 1 at degree 2 through three points of it
    x = np.array([-1.0, 0.3, 1.0])
    assert_allclose(true_false.fit_polynomial(x, (3 * x ** 2 - 1) / 2, 2), [0.0, 0.0, 1.0], atol=1e-13)


def test_eval_polynomial_keeps_any_shape_and_accepts_empty():
    coef = [2.0, 2.5, 1.0]  # 2 + 2.5 x + (3 x^2 - 1) / 2
    assert_allclose(true_false.eval_polynomial(coef, [[0.0, 1.0], [-1.0, 2.0]]), [[1.5, 5.5], [0.5, 12.5]])
    assert true_false.eval_polynomial(coef, []).shape == (0,)


def test_jitter_inputs_moves_copies_by_the_drawn_noise():
    x, d = np.array([0.1, -0.4, 0.7]), np.array([1.0, 2.0, 3.0])
    got = true_false.jitter_inputs(x, d, 0.25, 2, rng=rng())
    noise = rng().standard_normal((2, 3))
    assert_allclose(got.x, [0.1, -0.4, 0.7, *(x + 0.25 * noise[0]), *(x + 0.25 * noise[1])], rtol=1e-14)
    assert_array_equal(got.d, [1.0, 2.0, 3.0] * 3)
    none = true_false.jitter_inputs(x, d, 0.25, 0, rng=rng())
    assert_array_equal(none.x, x)
    assert_array_equal(none.d, d)


def polyfit_errors(degrees, num_train, noise_std, num_trials, num_test, generator, jitter_std=0.0, num_copies=0):
    """polynomial_errors' documented draws, replayed with numpy.polyfit (power basis) for the fits."""
    train, test = np.empty((num_trials, len(degrees))), np.empty((num_trials, len(degrees)))
    for trial in range(num_trials):
        x = generator.uniform(-1.0, 1.0, num_train)
        d = 1.5 * x ** 3 - x + noise_std * generator.standard_normal(num_train)
        x_fit, d_fit = x, d
        if num_copies:
            moved = x + jitter_std * generator.standard_normal((num_copies, num_train))
            x_fit, d_fit = np.concatenate([x, moved.ravel()]), np.tile(d, num_copies + 1)
        x_test = generator.uniform(-1.0, 1.0, num_test)
        for j, degree in enumerate(degrees):
            p = np.polyfit(x_fit, d_fit, degree)
            train[trial, j] = np.mean((np.polyval(p, x) - d) ** 2)
            test[trial, j] = np.mean((np.polyval(p, x_test) - (1.5 * x_test ** 3 - x_test)) ** 2)
    return train, test


def test_polynomial_errors_replayed_with_polyfit_and_the_default_500_test_points():
    degrees = [4, 0, 2, 1]  # not sorted: the best degree is named, not its index
    got = true_false.polynomial_errors(degrees, 6, 0.2, 3, rng=rng())
    train, test = polyfit_errors(degrees, 6, 0.2, 3, 500, rng())
    assert_allclose(got.train_mse, train, rtol=1e-8)
    assert_allclose(got.test_mse, test, rtol=1e-8)
    assert_allclose(got.train_median, np.median(train, axis=0), rtol=1e-8)
    assert_allclose(got.test_median, np.median(test, axis=0), rtol=1e-8)
    assert got.best_degree == degrees[np.argmin(np.median(test, axis=0))] == 0, "the degree, not its index (1)"


def test_polynomial_errors_with_jittered_copies_and_test_points_replayed_with_polyfit():
    got = true_false.polynomial_errors([3, 1], 5, 0.1, 2, jitter_std=0.3, num_copies=2, num_test=7, rng=rng())
    train, test = polyfit_errors([3, 1], 5, 0.1, 2, 7, rng(), jitter_std=0.3, num_copies=2)
    assert_allclose(got.train_mse, train, rtol=1e-8)
    assert_allclose(got.test_mse, test, rtol=1e-8)
    assert got.best_degree == [3, 1][np.argmin(np.median(test, axis=0))] and type(got.best_degree) is int


def test_polynomial_errors_of_noise_free_cubic_fits_are_exact_from_degree_3():
    got = true_false.polynomial_errors([3, 5], 8, 0.0, 2, num_test=4, rng=rng())
    assert np.all(got.train_mse < 1e-25) and np.all(got.test_mse < 1e-25)


def test_label_noise_sweep_replays_one_seed_at_every_level():
    degree, levels = 2, [0.0, 0.05, 0.2]
    got = true_false.label_noise_sweep(degree, levels, 6, 3, jitter_std=0.2, num_copies=1, num_test=9, rng=rng())
    seed = int(rng().integers(2**63))
    want = [np.median(polyfit_errors([degree], 6, s, 3, 9, rng(seed), 0.2, 1)[1][:, 0]) for s in levels]
    assert_allclose(got.test_median, want, rtol=1e-8)
    # two positive levels: the slope of the line through their two log points
    assert_allclose(got.slope, np.log(want[2] / want[1]) / np.log(4.0), rtol=1e-8)
    assert type(got.slope) is float


def test_label_noise_sweep_default_test_points_and_an_unbiased_fit_at_two_levels():
    got = true_false.label_noise_sweep(3, [0.1, 0.3], 5, 1, rng=rng())
    seed = int(rng().integers(2**63))
    want = [polyfit_errors([3], 5, s, 1, 500, rng(seed))[1][0, 0] for s in (0.1, 0.3)]
    assert_allclose(got.test_median, want, rtol=1e-8)
    assert_allclose(got.slope, 2.0, rtol=1e-8, err_msg="error ~ sigma^2 exactly for the unbiased cubic fit")


def test_label_noise_sweep_slope_needs_two_positive_levels():
    assert np.isnan(true_false.label_noise_sweep(1, [0.0, 0.1], 4, 1, rng=rng()).slope)


# ---------------------------------------------------------------- 1.3
def test_bowl_loss_and_gradient_of_a_stack_of_points_by_hand():
    w = [[1.0, 2.0], [-3.0, 0.5], [0.0, 0.0]]
    assert_allclose(true_false.bowl_loss(w, [2.0, 4.0]), [0.5 * (2 + 16), 0.5 * (18 + 1), 0.0])
    assert_allclose(true_false.bowl_gradient(w, [2.0, 4.0]), [[2.0, 8.0], [-6.0, 2.0], [0.0, 0.0]])


def test_descent_angle_by_hand_and_clipped_at_the_ends():
    # -grad = (0, -1) and w_min - w = (1, 0) are at 90 degrees; parallel and opposite give 0 and 180 exactly
    assert_allclose(true_false.descent_angle([0.0, 1.0], [0.0, 0.0], [1.0, 0.0]), 90.0)
    assert_allclose(true_false.descent_angle([[1.0, 1.0], [-1.0, 1.0]], [[2.0, 2.0], [2.0, 2.0]], [0.0, 0.0]),
                    [0.0, 90.0], atol=1e-5)
    # cosines that round beyond +-1 without the clip (found by search, checked here): no NaN
    down, to_min = np.array([0.7, 0.3]), 1.6 * np.array([0.7, 0.3])
    raw = np.sum(down * to_min) / (np.linalg.norm(down) * np.linalg.norm(to_min))
    assert raw > 1.0 and -raw < -1.0
    assert true_false.descent_angle(-down, [0.0, 0.0], to_min) == 0.0
    assert true_false.descent_angle(down, [0.0, 0.0], to_min) == 180.0


def test_gradient_descent_steps_by_hand_and_zero_steps():
    path = true_false.gradient_descent(lambda w: 2 * w, [1.0, -2.0], 0.25, 2)  # w <- w - 0.5 w
    assert_array_equal(path, [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5]])
    assert_array_equal(true_false.gradient_descent(lambda w: 2 * w, [1.0, -2.0], 0.25, 0), [[1.0, -2.0]])


def test_bowl_descent_default_grid_of_3601_directions():
    # the worst angle over 3601 equally spaced directions of the circle, by hand: cos = c.u^2 / (|c u| |u|)
    curv = np.array([1.0, 10.0])
    theta = np.linspace(0, 2 * np.pi, 3601)
    u = np.column_stack([np.cos(theta), np.sin(theta)])
    worst = np.degrees(np.arccos(np.clip(u ** 2 @ curv / np.linalg.norm(u * curv, axis=1), -1, 1))).max()
    bowl = true_false.bowl_descent(curv, [1.0, 1.0], 0.01, 0)
    assert bowl.max_angle == pytest.approx(worst, rel=1e-12, abs=0)
    assert type(bowl.max_angle) is float and type(bowl.start_angle) is float and type(bowl.num_sign_changes) is int
    # two directions: theta = 0 and 2 pi, both along w1, where the angle is 0
    assert true_false.bowl_descent(curv, [1.0, 1.0], 0.01, 0, num_angles=2).max_angle == pytest.approx(0.0, abs=1e-6)
    # start (1, 1): -grad = -(1, 10), to the minimum -(1, 1): cos = 11 / (sqrt(101) sqrt(2))
    assert_allclose(bowl.start_angle, np.degrees(np.arccos(11 / np.sqrt(202))))
    assert_array_equal(bowl.path, [[1.0, 1.0]])
    assert bowl.num_sign_changes == 0


def test_bowl_descent_counts_each_change_of_sign_of_w2():
    # lr * 10 = 1: w2 reaches 0 in one step and stays there: one change (+ to 0)
    bowl = true_false.bowl_descent([1.0, 10.0], [1.0, 1.0], 0.1, 3)
    assert_allclose(bowl.path[:, 1], [1.0, 0.0, 0.0, 0.0], atol=1e-16)
    assert bowl.num_sign_changes == 1
    # lr * 10 = 1.5: w2 = 1, -0.5, 0.25, -0.125: three changes; w1 = 1 * 0.85^k
    bowl = true_false.bowl_descent([1.0, 10.0], [1.0, 1.0], 0.15, 3)
    assert_allclose(bowl.path, [[1.0, 1.0], [0.85, -0.5], [0.85 ** 2, 0.25], [0.85 ** 3, -0.125]])
    assert bowl.num_sign_changes == 3
    assert true_false.bowl_descent([1.0, 10.0], [0.0, 1.0], 0.01, 1).path.shape == (2, 2)


def test_make_centers_are_scaled_normal_draws_minus_their_mean():
    got = true_false.make_centers(4, 1.5, rng=rng())
    c = 1.5 * rng().standard_normal((4, 2))
    assert_allclose(got, c - c.mean(axis=0), rtol=1e-13, atol=1e-15)
    assert_allclose(got.mean(axis=0), [0.0, 0.0], atol=1e-15)
    assert_array_equal(true_false.make_centers(3, 0, rng=rng()), np.zeros((3, 2)))


def test_rippled_loss_is_the_mean_over_samples_by_brute_force():
    centers = np.array([[1.0, 2.0], [-1.0, 0.0], [0.0, -2.0]])  # mean 0
    w = np.array([[0.5, -1.0], [0.0, 0.0], [2.0, 1.0]])
    want = [np.mean([0.5 * np.sum((p - c) ** 2) for c in centers]) + 0.6 * (2 - np.cos(3 * p[0]) - np.cos(3 * p[1]))
            for p in w]
    assert_allclose(true_false.rippled_loss(w, centers), want, rtol=1e-14)
    assert true_false.RIPPLE_AMP == 0.6 and true_false.RIPPLE_FREQ == 3.0
    assert_allclose(true_false.RIPPLE_PERIOD, 2 * np.pi / 3)


def test_rippled_gradient_of_a_stack_by_hand():
    w = np.array([[0.5, -1.0], [0.0, 0.0]])
    mean = np.array([[1.0, 0.0], [0.0, 2.0]])
    want = [[0.5 - 1.0 + 1.8 * np.sin(1.5), -1.0 + 1.8 * np.sin(-3.0)], [0.0, -2.0]]
    assert_allclose(true_false.rippled_gradient(w, mean), want, rtol=1e-14)


def test_minibatch_steps_use_batches_of_distinct_samples_and_a_linearly_decaying_rate():
    """From each step of the path, recover the batch mean the step used; it is the mean of some
    batch_size distinct centres (brute force over all subsets)."""
    centers = np.array([[1.0, 0.0], [-3.0, 1.0], [0.5, 2.0], [1.5, -3.0]])
    starts = np.array([[0.3, -0.2], [1.0, 1.0], [-2.0, 0.5]])
    lr, num_steps = 0.2, 4
    for batch_size in (1, 2, 3):
        path = true_false.minibatch_descent(starts, centers, batch_size, lr, num_steps, rng=rng())
        assert path.shape == (num_steps + 1, 3, 2)
        assert_array_equal(path[0], starts)
        subsets = [centers[list(s)].mean(axis=0) for s in itertools.combinations(range(4), batch_size)]
        seen = set()
        for step in range(num_steps):
            w, after = path[step], path[step + 1]
            rate = lr * (1 - step / num_steps)
            mean = w + 1.8 * np.sin(3 * w) + (after - w) / rate
            for r in range(3):
                matches = [k for k, m in enumerate(subsets) if np.allclose(mean[r], m, atol=1e-9)]
                assert len(matches) == 1, (batch_size, step, r, mean[r])
                seen.add(matches[0])
        assert len(seen) > 1, "the batches are drawn anew"


def test_minibatch_descent_full_batch_from_one_start_ignores_the_generator():
    centers = np.array([[1.0, 0.0], [-3.0, 1.0], [0.5, 2.0], [1.5, -3.0]])
    one, other = (true_false.minibatch_descent([0.3, -0.2], centers, 4, 0.2, 3, rng=rng(seed)) for seed in (1, 2))
    assert one.shape == (4, 1, 2)
    assert_array_equal(one, other)
    w, mean = np.array([0.3, -0.2]), centers.mean(axis=0)
    for step in range(3):
        w = w - 0.2 * (1 - step / 3) * ((w - mean) + 1.8 * np.sin(3 * w))
    assert_allclose(one[-1, 0], w, rtol=1e-13)


def test_batch_size_sweep_counts_ends_strictly_inside_the_default_radius():
    centers = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    # a step of 1e-300 moves no start: the ends are the starts; (0.5, 0) lies on the radius, outside it
    starts = np.array([[0.0, 0.0], [0.3, 0.3], [0.5, 0.0], [0.0, 1.2], [2.0, 2.0]])
    sweep = true_false.batch_size_sweep(starts, centers, [4, 1], 1e-300, 1, rng=rng())
    assert sweep.batch_sizes == [4, 1]
    assert_array_equal(sweep.percent_global, [40.0, 40.0])
    wide = true_false.batch_size_sweep(starts, centers, [2], 1e-300, 1, radius=1.3, rng=rng())
    assert_array_equal(wide.percent_global, [80.0])
    loss = [0.5 * (np.sum(p ** 2) + 2.5) + 0.6 * (2 - np.cos(3 * p[0]) - np.cos(3 * p[1])) for p in starts]
    assert_allclose(sweep.mean_final_loss, [np.mean(loss)] * 2, rtol=1e-14)
    assert sweep.global_loss == pytest.approx(1.25, rel=1e-15) and type(sweep.global_loss) is float


# ---------------------------------------------------------------- 1.4, Algorithm 1 of the assignment
def test_branched_adaline_follows_algorithm_1_branches_and_activation():
    # "if n > 0 then y <- Sign(s) else y <- Sign(s) + 5": n = 0 takes the else branch
    x = t64([[1.0, 0.0], [1.0, 0.0], [-1.0, 0.0]])
    n = t64([0.5, 0.0, -3.0])
    assert_array_equal(true_false.branched_adaline(t64([2.0, 7.0]), x, n).numpy(), [1.0, 6.0, 4.0])
    assert_allclose(true_false.branched_adaline(t64([2.0, 7.0]), x, n, torch.tanh).numpy(),
                    [np.tanh(2.0), np.tanh(2.0) + 5, np.tanh(-2.0) + 5])


def test_make_branch_task_draws_inputs_then_branches_with_the_notebooks_weights():
    task = true_false.make_branch_task(6, rng=rng())
    generator = rng()
    x = generator.standard_normal((6, 2))
    n = generator.choice([-1.0, 1.0], 6)
    assert_array_equal(task.w_true, [1.0, -2.0])  # notebooks/01_true_false.ipynb prints "targets from w* = [1.0, -2.0]"
    assert_array_equal(task.x, x)
    assert_array_equal(task.n, n)
    assert set(n) == {-1.0, 1.0}
    assert_array_equal(task.t, [np.sign(a - 2 * b) + (5.0 if m < 0 else 0.0) for (a, b), m in zip(x, n)])


TASK_X = np.array([[1.0, 0.5], [-0.5, 2.0], [0.3, -1.0]])
TASK_N = np.array([1.0, -1.0, 1.0])
TASK_T = np.array([1.0, 6.0, -1.0])


def tanh_loss_and_grad(w):
    s = TASK_X @ w
    y = np.tanh(s) + 5.0 * (TASK_N < 0)
    return np.mean((y - TASK_T) ** 2), np.mean(2 * (y - TASK_T)[:, None] * (1 - np.tanh(s) ** 2)[:, None] * TASK_X, 0)


def test_branched_gradients_default_step_and_sign_default():
    w = np.array([0.4, -0.3])
    tanh = true_false.branched_gradients(TASK_X, TASK_N, TASK_T, w, activation=torch.tanh)
    assert_allclose(tanh.autograd, tanh_loss_and_grad(w)[1], rtol=1e-12)
    # the default step 1e-6: central differences agree to ~1e-9 (a step near 1 would not)
    assert_allclose(tanh.central_difference, tanh_loss_and_grad(w)[1], rtol=1e-7)
    sign = true_false.branched_gradients(TASK_X, TASK_N, TASK_T, w)
    assert_array_equal(sign.autograd, [0.0, 0.0])
    assert_array_equal(sign.central_difference, [0.0, 0.0])
    # a step of 1.0 crosses sign boundaries (w1 - 1: row 1's sum 1.0 w1 + 0.5 w2 turns negative): nonzero
    coarse = true_false.branched_gradients(TASK_X, TASK_N, TASK_T, w, h=1.0)
    assert np.any(coarse.central_difference != 0)


def test_train_branched_adaline_two_steps_by_hand():
    w0, lr = np.array([0.4, -0.3]), 0.5
    run = true_false.train_branched_adaline(TASK_X, TASK_N, TASK_T, w0, lr, 2, torch.tanh)
    assert_array_equal(w0, [0.4, -0.3], err_msg="the caller's w0 is left as it was (it was once stepped in place)")
    ws, losses, norms = [w0], [], []
    for _ in range(2):
        loss, grad = tanh_loss_and_grad(ws[-1])
        losses.append(loss)
        norms.append(np.linalg.norm(grad))
        ws.append(ws[-1] - lr * grad)
    losses.append(tanh_loss_and_grad(ws[-1])[0])
    assert_allclose(run.weights, ws, rtol=1e-12)
    assert_allclose(run.loss, losses, rtol=1e-12)
    assert_allclose(run.grad_norm, norms, rtol=1e-12)
    y = np.sign(TASK_X @ ws[-1]) + 5.0 * (TASK_N < 0)  # the sign model, by hand
    assert run.sign_percent_correct == pytest.approx(100 * np.mean(y == TASK_T))
    assert_array_equal(run.weights[0], w0, err_msg="the first row is w0 itself, not the updated weights")


def test_train_branched_adaline_defaults_to_sign_and_zero_steps_is_the_start():
    w0 = np.array([1.0, 1.0])  # sign model outputs 1, 6, -1: all three rows right
    run = true_false.train_branched_adaline(TASK_X, TASK_N, TASK_T, w0, 0.5, 0)
    assert_array_equal(run.weights, [w0])
    assert run.grad_norm.shape == (0,)
    assert_allclose(run.loss, [0.0])
    assert run.sign_percent_correct == 100.0
    run = true_false.train_branched_adaline(TASK_X, TASK_N, TASK_T, [-1.0, -1.0], 0.5, 3)
    # sign: the gradient is exactly zero, nothing moves; outputs -1, 4, 1: no row right, each off by 2
    assert_array_equal(run.weights, [[-1.0, -1.0]] * 4)
    assert_allclose(run.loss, [(4 + 4 + 4) / 3] * 4)
    assert_array_equal(run.grad_norm, [0.0] * 3)
    assert run.sign_percent_correct == 0.0


# ---------------------------------------------------------------- 1.5, the shape rule floor((N + 2P - K) / S) + 1
def test_kernel_size_steps_with_padding_by_hand():
    steps = true_false.kernel_size_steps(5, [2, 3, 4], [2], padding=1)
    # N + 2P = 7: K = 2 -> floor(5/2) + 1 = 3, K = 3 -> 3, K = 4 -> floor(3/2) + 1 = 2
    assert_array_equal(steps.sizes, [[3], [3], [2]])
    assert (steps.num_steps, steps.num_larger, steps.num_equal, steps.first_equal) == (2, 0, 1, (2, 2, 3, 3))
    assert all(type(v) is int for v in (steps.num_steps, steps.num_larger, steps.num_equal, *steps.first_equal))


def test_kernel_size_steps_without_ties_and_default_padding():
    steps = true_false.kernel_size_steps(5, [2, 3], [1])  # 4 -> 3, no padding
    assert_array_equal(steps.sizes, [[4], [3]])
    assert (steps.num_steps, steps.num_larger, steps.num_equal, steps.first_equal) == (1, 0, 0, None)


def test_kernel_size_steps_lists_ties_stride_by_stride():
    # N = 6: stride 3 gives 2, 2, 2, 1 for K = 1..4 (ties 1-2, 2-3); stride 2 gives 3, 3, 2, 2 (ties 1-2, 3-4)
    steps = true_false.kernel_size_steps(6, [1, 2, 3, 4], [3, 2])
    assert_array_equal(steps.sizes, [[2, 3], [2, 3], [2, 2], [1, 2]])
    assert steps.first_equal == (3, 1, 2, 2), "the first stride given comes first"
    assert (steps.num_steps, steps.num_larger, steps.num_equal) == (6, 0, 4)


# ---------------------------------------------------------------- the smallest sizes each check lets through
def test_the_smallest_accepted_sizes():
    one = true_false.polynomial_errors([0], 1, 0.1, 1, num_test=1, rng=rng())
    train, test = polyfit_errors([0], 1, 0.1, 1, 1, rng())
    assert_allclose(one.train_mse, [[0.0]], atol=1e-25)  # a constant through one point
    assert_allclose(one.test_mse, test, rtol=1e-8)
    assert np.isnan(true_false.label_noise_sweep(0, [0.1], 1, 1, num_test=1, rng=rng()).slope)
    assert_allclose(true_false.make_centers(1, 2.0, rng=rng()), [[0.0, 0.0]])
    task = true_false.make_branch_task(1, rng=rng())
    assert task.x.shape == (1, 2) and task.n.shape == task.t.shape == (1,)
    # one row, one branch: Sign(1 - 2 * 3) + 5
    assert_array_equal(true_false.branched_adaline(W, t64([[1.0, 3.0]]), t64([-1.0])).numpy(), [4.0])


def test_descent_angle_refuses_a_stack_with_one_bad_point():
    message = ("grad or w - w_min is zero or not finite at some point; "
               "expected finite nonzero directions to measure an angle between.")
    with pytest.raises(ValueError) as raised:
        true_false.descent_angle([[1.0, 0.0], [0.0, 0.0]], [[2.0, 3.0], [2.0, 3.0]], [0.0, 0.0])
    assert str(raised.value) == message
    with pytest.raises(ValueError) as raised, np.errstate(over="ignore"):
        true_false.descent_angle([[1.0, 0.0], [1.0, 0.0]], [[-1e200, 0.0], [2.0, 0.0]], [1e200, 0.0])
    assert str(raised.value) == message


def test_branched_gradients_central_differences_in_float64_with_a_coarse_step():
    """h = 1e-3 is not a float32 number: the difference quotient of the float64 loss, by numpy, to 1e-10."""
    w, h = np.array([0.4, -0.3]), 1e-3
    want = [(tanh_loss_and_grad(w + h * e)[0] - tanh_loss_and_grad(w - h * e)[0]) / (2 * h) for e in np.eye(2)]
    got = true_false.branched_gradients(TASK_X, TASK_N, TASK_T, w, h=h, activation=torch.tanh)
    assert_allclose(got.central_difference, want, rtol=1e-10)
    assert got.central_difference.dtype == got.autograd.dtype == np.float64


@pytest.mark.parametrize("call, message", [
    # each argument is refused where it comes in, before the next one is looked at
    (lambda: true_false.bowl_descent([-1.0, 1.0, 1.0], [1.0, 1.0], 0.1, 3), f"curvatures has shape (3,); {SHAPE_2}"),
    (lambda: true_false.kernel_size_steps(8, [0], [1]), "kernel_sizes is [0]; expected integers >= 1."),
    (lambda: true_false.polynomial_errors([1], 4, -1.0, 0, rng=rng()), "noise_std is -1.0 (float); expected a finite number >= 0."),
    (lambda: true_false.polynomial_errors([1], 4, 0.1, 1, num_copies=-1, rng=None),
     "num_copies is -1 (int); expected an integer >= 0."),
])
def test_refused_in_order(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


def test_copies_without_jitter_are_the_data_again():
    """jitter_std defaults to 0: the copies repeat the data, which leaves every least-squares fit as it was."""
    got = true_false.polynomial_errors([1, 2], 5, 0.1, 2, num_copies=2, num_test=6, rng=rng())
    train, test = polyfit_errors([1, 2], 5, 0.1, 2, 6, rng(), jitter_std=0.0, num_copies=2)
    assert_allclose(got.train_mse, train, rtol=1e-8)
    assert_allclose(got.test_mse, test, rtol=1e-8)
    sweep = true_false.label_noise_sweep(1, [0.1], 5, 1, num_copies=1, num_test=6, rng=rng())
    seed = int(rng().integers(2**63))
    assert_allclose(sweep.test_median, polyfit_errors([1], 5, 0.1, 1, 6, rng(seed), 0.0, 1)[1][0], rtol=1e-8)


def test_batch_size_sweep_scores_the_last_point_of_each_path():
    centers = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    starts = np.array([[0.4, 0.0], [1.0, 1.0]])
    sweep = true_false.batch_size_sweep(starts, centers, [4], 0.1, 2, rng=rng())
    ends = []
    for w in starts:  # full batch: mean of the centres 0, rate 0.1 then 0.05
        for step in range(2):
            w = w - 0.1 * (1 - step / 2) * (w + 1.8 * np.sin(3 * w))
        ends.append(w)
    loss = [0.5 * (np.sum(p ** 2) + 2.5) + 0.6 * (2 - np.cos(3 * p[0]) - np.cos(3 * p[1])) for p in ends]
    assert_allclose(sweep.mean_final_loss, [np.mean(loss)], rtol=1e-13)
    assert_array_equal(sweep.percent_global, [100.0 * np.mean(np.linalg.norm(ends, axis=1) < 0.5)])
