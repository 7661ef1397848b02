"""hw1.lms against independent methods: lstsq, hand computation, the sample-by-sample loop,
closed forms for diagonal and one-input data, a Monte Carlo simulation, and the graded numbers of
the course dataset."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from numpy.testing import assert_allclose

from hw1 import data, lms

COURSE_FILE = data.COURSE_DATASET
GRADED_WIENER = [1.00067810, 1.00061145, -2.00031968]
GRADED_LMS_R001 = [1.00074855, 1.00082859, -2.00068123]


def plane_data(seed, K=30, noise=0.1):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(K), rng.standard_normal((K, 2))])
    return X, X @ [0.3, -1.0, 2.0] + noise * rng.standard_normal(K)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(4, 60), st.integers(1, 4))
def test_wiener_equals_lstsq_and_zeroes_the_gradient(seed, K, n):
    rng = np.random.default_rng(seed)
    X, D = rng.standard_normal((K, n)), rng.standard_normal(K)
    W = lms.wiener_solution(X, D)
    assert_allclose(W, np.linalg.lstsq(X, D, rcond=None)[0], rtol=1e-9, atol=1e-10, err_msg="QR vs lstsq")
    assert_allclose(X.T @ (D - X @ W), 0, atol=1e-9, err_msg="normal equations")


def test_wiener_rejects_rank_deficient_X():
    X = np.column_stack([np.ones(5), np.arange(5.0), 2 * np.arange(5.0)])
    with pytest.raises(ValueError, match=r"has rank 2; expected .* with independent columns"):
        lms.wiener_solution(X, np.ones(5))


def test_mse_by_hand():
    X = np.array([[1.0, 2.0], [1.0, -1.0]])
    D = np.array([3.0, 1.0])
    W = np.array([1.0, 1.0])  # predictions 3 and 0: errors 0 and 1
    assert lms.mse(X, D, W) == 0.25  # 1/(2K) * (0 + 1)
    assert lms.mse(X, D, W, per_sample_half=False) == 0.5
    assert_allclose(lms.mse(X, D, np.stack([W, 2 * W])), [0.25, (9 + 1) / 4])  # 2W: errors -3, 1


def test_one_lms_step_by_hand():
    # W = 0, x = [1, 2, -1], d = 3, r = 0.1: error 3, so W = 0.3 * x
    assert_allclose(lms.lms_step(np.zeros(3), np.array([1.0, 2.0, -1.0]), 3.0, 0.1), [0.3, 0.6, -0.3])
    # from there, x = [1, 0, 2], d = 1: prediction 0.3 - 0.6 = -0.3, error 1.3, step 0.13 * x
    W = lms.lms_step(np.array([0.3, 0.6, -0.3]), np.array([1.0, 0.0, 2.0]), 1.0, 0.1)
    assert_allclose(W, [0.43, 0.6, -0.04], rtol=1e-14)


def test_step_does_not_modify_its_input():
    W = np.array([1.0, 2.0, 3.0])
    lms.lms_step(W, np.ones(3), 0.0, 0.5)
    assert W.tolist() == [1.0, 2.0, 3.0]


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.001, 0.01, 0.3, 0.7, 1.0]))
def test_epoch_map_reproduces_lms(seed, rate):
    X, D = plane_data(seed)
    A, c = lms.epoch_map(X, D, rate)
    W_loop, history, _ = lms.train_lms(X, D, rate, 6)
    W = np.zeros(3)
    for epoch, value in enumerate(history):
        W = A @ W + c
        assert_allclose(value, lms.mse(X, D, W), rtol=1e-9, err_msg=f"MSE, epoch {epoch + 1}")
    assert_allclose(W_loop, W, rtol=1e-9, atol=1e-12, err_msg="weights after 6 epochs")
    batched = lms.epoch_map_mse(X, D, [rate, 0.02], 6)
    assert_allclose(batched[0, :len(history)], history, rtol=1e-9)


def test_epoch_map_of_many_rates_matches_one_at_a_time():
    X, D = plane_data(1)
    A, c = lms.epoch_map(X, D, np.array([0.01, 0.2]))
    for i, rate in enumerate([0.01, 0.2]):
        A1, c1 = lms.epoch_map(X, D, rate)
        assert_allclose(A[i], A1, rtol=1e-13)
        assert_allclose(c[i], c1, rtol=1e-13)


def test_fixed_point_is_where_lms_converges_and_tends_to_wiener():
    X, D = plane_data(2)
    for rate in [0.05, 0.3]:
        A, c = lms.epoch_map(X, D, rate)
        W_r = lms.fixed_point(A, c)
        assert_allclose(A @ W_r + c, W_r, atol=1e-12)
        assert_allclose(lms.train_lms(X, D, rate, 200).w, W_r, atol=1e-10)
    # the bias of the fixed point is O(r): halving r roughly halves the distance to W*
    W_star = lms.wiener_solution(X, D)
    gaps = [np.linalg.norm(lms.fixed_point(*lms.epoch_map(X, D, r)) - W_star) for r in [2e-4, 1e-4]]
    assert gaps[1] < 1e-3 and 1.8 < gaps[0] / gaps[1] < 2.2


def test_stability_bounds_by_hand():
    # R = X^T X / 4 = diag(1, 0.5, 2); |x_k|^2 = 2, 2, 5, 5
    X = np.array([[1.0, 1, 0], [1, -1, 0], [1, 0, 2], [1, 0, -2]])
    bounds = lms.stability_bounds(X)
    assert tuple(bounds) == pytest.approx((0.4, 2 / 3.5, 1.0), rel=1e-14)
    assert bounds._fields == ("per_sample", "trace", "mean")


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(0.5, 3.0), min_size=3, max_size=3))
def test_critical_rate_for_orthogonal_samples_is_closed_form(scales):
    # samples s_k e_k: the factors are diagonal, A = diag(1 - r s_k^2), rho = max |1 - r s_k^2|
    X = np.diag(scales)
    assert_allclose(lms.critical_rate_cyclic(X), 2 / max(scales) ** 2, rtol=1e-9)
    r = 0.7 * 2 / max(scales) ** 2
    A, _ = lms.epoch_map(X, np.zeros(3), r)
    assert_allclose(lms.spectral_radius(A), np.max(np.abs(1 - r * np.square(scales))), rtol=1e-12)
    # drawn at random, the factors still commute: M is diagonal, entry (i, i) is
    # ((K - 1) + (1 - r s_i^2)^2) / K, which reaches 1 first at r = 2 / max s_i^2 as well
    assert_allclose(lms.critical_rate_iid(X), 2 / max(scales) ** 2, rtol=1e-9)


def test_critical_rate_is_the_first_crossing():
    X, D = plane_data(3)
    critical = lms.critical_rate_cyclic(X)
    assert lms.spectral_radius(lms.epoch_map(X, D, critical).A) == pytest.approx(1, abs=1e-8)
    below = np.linspace(1e-4, critical * (1 - 1e-6), 3000)  # brute force: a dense scan below
    assert lms.spectral_radius(lms.epoch_map(X, D, below)[0]).max() < 1
    assert lms.spectral_radius(lms.epoch_map(X, D, critical * 1.01)[0]) > 1


def test_stable_intervals_cyclic():
    # orthogonal samples: rho = max |1 - r s_k^2| < 1 exactly on (0, 2 / max s^2)
    assert_allclose(lms.stable_intervals_cyclic(np.diag([1.0, 2.0, 0.5]), 3.0), [[0, 0.5]], rtol=1e-9)
    assert_allclose(lms.stable_intervals_cyclic(np.diag([1.0, 2.0, 0.5]), 0.3), [[0, 0.3]])
    # the course data: the first interval ends at the critical rate, and a window opens above it
    X, D = data.load_dataset(COURSE_FILE)
    intervals = lms.stable_intervals_cyclic(X, 1.0, num_grid=20_000)
    assert_allclose(intervals[0], [0, lms.critical_rate_cyclic(X)], atol=1e-9)
    assert intervals.shape[0] >= 2 and np.all(np.diff(intervals.ravel()) > 0)
    inside = intervals.mean(axis=1)
    between = (intervals[:-1, 1] + intervals[1:, 0]) / 2
    assert np.all(lms.spectral_radius(lms.epoch_map(X, D, inside).A) < 1)
    assert np.all(lms.spectral_radius(lms.epoch_map(X, D, between).A) > 1)
    with pytest.raises(ValueError, match=r"lr_max is 0 \(int\); expected a finite number > 0\."):
        lms.stable_intervals_cyclic(X, 0)


def test_divergence_grows_by_rho_squared_without_warnings():
    X, D = plane_data(4)
    critical = lms.critical_rate_cyclic(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        stable = lms.train_lms(X, D, 0.9 * critical, 30)
        unstable = lms.train_lms(X, D, 1.5 * critical, 30)
        huge = lms.train_lms(X, D, 20.0, 30)
        batched = lms.epoch_map_mse(X, D, [20.0], 30)
    W_r = lms.fixed_point(*lms.epoch_map(X, D, 0.9 * critical))
    assert not stable.blew_up and np.linalg.norm(stable.w - W_r) < 1e-3 * np.linalg.norm(W_r)
    rho = lms.spectral_radius(lms.epoch_map(X, D, 1.5 * critical).A)
    history = unstable.mse_per_epoch
    assert_allclose(history[-1] / history[-2], rho**2, rtol=1e-6, err_msg="growth per epoch")
    assert huge.blew_up and len(huge.mse_per_epoch) < 30 and huge.mse_per_epoch[-1] > lms.MAX_MSE
    assert np.isinf(batched[0, -1])


def test_within_epoch_mse_is_the_sample_loop():
    X, D = plane_data(6, K=7)
    W0 = np.array([0.1, -0.2, 0.3])
    got = lms.within_epoch_mse(X, D, 0.3, W0)
    W, expected = W0.copy(), []
    for x, d in zip(X, D):
        W = W + 0.3 * (d - W @ x) * x
        expected.append(np.mean((D - X @ W) ** 2) / 2)
    assert_allclose(got, expected, rtol=1e-12)
    assert_allclose(got[-1], lms.mse(X, D, lms.lms_epoch(W0, X, D, 0.3)), rtol=1e-12)


def test_run_rate_matches_its_parts():
    X, D = plane_data(7)
    run = lms.run_rate(X, D, 0.2, 5)
    assert_allclose(run.mse_per_epoch, lms.train_lms(X, D, 0.2, 5).mse_per_epoch)
    A, c = lms.epoch_map(X, D, 0.2)
    assert run.radius == lms.spectral_radius(A)
    assert_allclose(run.w_fixed, lms.fixed_point(A, c))
    assert run.mse_fixed == pytest.approx(lms.mse(X, D, run.w_fixed))


def test_rate_outcome_reads_the_radius():
    assert [lms.rate_outcome(r) for r in [0.5, 1 - 1e-6, 1 + 1e-12, 1 - 1e-12, 1.5, np.inf]] == \
        ["converges", "converges", "marginal", "marginal", "diverges", "diverges"]


def test_fixed_points_is_nan_where_there_is_none():
    X, D = plane_data(7)
    A, c = lms.epoch_map(X, D, [0.2, 0.9])
    assert_allclose(lms.fixed_points(A, c), [lms.fixed_point(A[0], c[0]), lms.fixed_point(A[1], c[1])])
    assert_allclose(lms.fixed_points(A[0], c[0]), lms.fixed_point(A[0], c[0]))
    I = np.eye(3)
    marginal = np.diag([1.0, 0.5, 0.2])  # eigenvalue 1: I - A is singular
    huge = np.full((3, 3), 1e200)       # finite, but I - A is singular to working precision
    got = lms.fixed_points(np.stack([I * 0.5, marginal, huge, np.full((3, 3), np.inf)]), np.ones((4, 3)))
    assert_allclose(got[0], [2.0, 2.0, 2.0])
    assert np.all(np.isnan(got[1:]))


def test_run_rate_reports_an_overflowed_map_without_an_exception():
    """Inputs 30 times larger (Lab 1(d)'s r = 1 then overflows the epoch map): a result, not an error."""
    X, D = plane_data(3, K=100)
    X[:, 1:] *= 30
    run = lms.run_rate(X, D, 1.0, 20)
    assert run.outcome == "diverges" and run.radius > 1e100 and run.blew_up
    assert np.all(np.isnan(run.w_fixed)) and np.isnan(run.mse_fixed)
    assert len(run.mse_per_epoch) < 20 and not run.mse_per_epoch[-1] <= lms.MAX_MSE


def test_mse_zero_level_separates_exact_from_noisy_fits():
    X, D = plane_data(4, noise=0.0)
    assert lms.mse(X, D, lms.wiener_solution(X, D)) < lms.mse_zero_level(X, D)
    X, D = plane_data(4, noise=1e-6)
    assert lms.mse(X, D, lms.wiener_solution(X, D)) > 1e6 * lms.mse_zero_level(X, D)


def test_second_moment_map_is_the_mean_of_kronecker_products():
    X, _ = plane_data(8, K=6)
    r = 0.3
    B = [np.eye(3) - r * np.outer(x, x) for x in X]
    assert_allclose(lms.second_moment_map(X, r), np.mean([np.kron(b, b) for b in B], axis=0), atol=1e-14)
    assert lms.second_moment_map(X, [r, 0.1]).shape == (2, 9, 9)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-3.0, 3.0).filter(lambda v: abs(v) > 0.1), min_size=2, max_size=8))
def test_critical_rate_iid_for_one_input_is_closed_form(xs):
    # one weight: M = mean (1 - r x^2)^2 = 1 - 2 r E[x^2] + r^2 E[x^4], equal to 1 at r = 2 E[x^2] / E[x^4]
    x = np.array(xs)
    expected = 2 * np.mean(x**2) / np.mean(x**4)
    assert_allclose(lms.critical_rate_iid(x[:, None]), expected, rtol=1e-9)


def test_critical_rate_iid_against_monte_carlo():
    # noise-free data: e' = (I - r x x^T) e exactly, so E[e e^T] after k steps is M^k vec(e0 e0^T);
    # many independent random runs must agree with it to within their sampling error
    X, _ = plane_data(9, K=5)
    W_true = np.array([0.5, -1.0, 2.0])
    D = X @ W_true
    r, num_epochs, num_runs = 0.25, 2, 40_000
    sq = lms.iid_lms_sq_errors(X, D, r, num_epochs, num_runs, rng=np.random.default_rng(0))
    P = np.linalg.matrix_power(lms.second_moment_map(X, r), num_epochs * 5) @ np.outer(W_true, W_true).ravel()
    expected = np.trace(P.reshape(3, 3))
    assert abs(sq.mean() - expected) < 4 * sq.std() / np.sqrt(num_runs)
    # and the critical rate is where the exact second moment stops shrinking
    critical = lms.critical_rate_iid(X)
    assert lms.spectral_radius(lms.second_moment_map(X, critical)) == pytest.approx(1, abs=1e-9)
    assert lms.spectral_radius(lms.second_moment_map(X, 0.99 * critical)) < 1
    assert lms.spectral_radius(lms.second_moment_map(X, 1.01 * critical)) > 1
    bounds = lms.stability_bounds(X)
    assert bounds.per_sample <= critical <= bounds.mean


def test_iid_runs_are_reproducible_and_settle_below_the_limit():
    X, D = plane_data(10)
    a = lms.iid_lms_sq_errors(X, D, 0.05, 10, 50, rng=np.random.default_rng(1))
    b = lms.iid_lms_sq_errors(X, D, 0.05, 10, 50, rng=np.random.default_rng(1))
    assert_allclose(a, b, rtol=0)
    assert np.median(a) < 0.05 * np.sum(lms.wiener_solution(X, D) ** 2)


def test_stability_sweep_matches_the_single_functions():
    X, D = plane_data(11)
    sweep = lms.stability_sweep(X, D, [0.05, 5.0], 4)
    A, c = lms.epoch_map(X, D, 0.05)
    assert_allclose(sweep.radius_cyclic[0], lms.spectral_radius(A))
    assert_allclose(sweep.mse_fixed[0], lms.mse(X, D, lms.fixed_point(A, c)))
    assert np.isnan(sweep.mse_fixed[1]) and sweep.radius_cyclic[1] > 1
    assert_allclose(sweep.radius_iid[0] ** (2 / 30), lms.spectral_radius(lms.second_moment_map(X, 0.05)))
    assert_allclose(sweep.mse_final[0], lms.train_lms(X, D, 0.05, 4).mse_per_epoch[-1], rtol=1e-9)


def bad_calls():
    X, D = plane_data(5)
    D_nan, X_huge = D.copy(), X.copy()
    D_nan[3] = np.nan
    X_huge[2, 1] = 1e308
    A, c = lms.epoch_map(X, D, 0.1)
    return {
        "negative lr": (lambda: lms.train_lms(X, D, -0.1, 3), r"lr is -0.1 \(float\); expected a finite number > 0"),
        "lr is a bool": (lambda: lms.train_lms(X, D, True, 3), "lr is True"),
        "lr is a string": (lambda: lms.epoch_map(X, D, "0.1"), "lr is '0.1'"),
        "many lr where one": (lambda: lms.train_lms(X, D, [0.1, 0.2], 3), r"lr is \[0.1, 0.2\]"),
        "zero epochs": (lambda: lms.train_lms(X, D, 0.1, 0), r"num_epochs is 0 \(int\); expected an integer >= 1"),
        "epochs float": (lambda: lms.train_lms(X, D, 0.1, 2.5), "num_epochs is 2.5"),
        "epochs bool": (lambda: lms.train_lms(X, D, 0.1, True), "num_epochs is True"),
        "negative epochs, batched": (lambda: lms.epoch_map_mse(X, D, [0.1], -1), "num_epochs is -1"),
        "NaN in D": (lambda: lms.train_lms(X, D_nan, 0.1, 3), "D holds NaN or infinite values"),
        "1e308 in X": (lambda: lms.wiener_solution(X_huge, D), r"X holds values larger than 1e\+150 in magnitude"),
        "short D": (lambda: lms.mse(X, D[:-1], np.zeros(3)), r"D has shape \(29,\); expected .* of shape \(30,\) to match the rows of X"),
        "X 1-D": (lambda: lms.wiener_solution(X[:, 0], D), r"X has shape \(30,\)"),
        "W wrong length": (lambda: lms.mse(X, D, np.zeros(2)), r"W has shape \(2,\)"),
        "W0 NaN": (lambda: lms.train_lms(X, D, 0.1, 2, W0=[np.nan, 0, 0]), "W0 holds NaN"),
        "max_mse": (lambda: lms.train_lms(X, D, 0.1, 2, max_mse=-1), "max_mse is -1"),
        "num_grid 1": (lambda: lms.critical_rate_cyclic(X, num_grid=1), r"num_grid is 1 \(int\); expected an integer >= 2"),
        "num_grid iid": (lambda: lms.critical_rate_iid(X, num_grid=0), "num_grid is 0"),
        "xtol": (lambda: lms.critical_rate_cyclic(X, xtol=0), "xtol is 0"),
        "rank deficient": (lambda: lms.critical_rate_iid(np.ones((4, 2))), "has rank 1"),
        "A not square": (lambda: lms.spectral_radius(np.ones((2, 3))), r"A has shape \(2, 3\)"),
        "fixed point shapes": (lambda: lms.fixed_point(A, c[:2]), r"A has shape \(3, 3\) and c \(2,\)"),
        "no fixed point": (lambda: lms.fixed_point(np.eye(3), c), "I - A is singular"),
        "within W0": (lambda: lms.within_epoch_mse(X, D, 0.1, np.zeros(4)), r"W0 has shape \(4,\)"),
        "runs": (lambda: lms.iid_lms_sq_errors(X, D, 0.1, 1, 0, rng=np.random.default_rng()), "num_runs is 0"),
        "rng": (lambda: lms.iid_lms_sq_errors(X, D, 0.1, 1, 2, rng=3), r"rng is 3 \(int\); expected a numpy.random.Generator"),
    }


@pytest.mark.parametrize("case", list(bad_calls()))
def test_bad_arguments_give_one_clear_error(case):
    call, expected = bad_calls()[case]
    with pytest.raises(ValueError, match=expected) as err:
        call()
    message = str(err.value)
    assert "expected" in message and "\n" not in message


def test_graded_values_of_the_course_dataset():
    X, D = data.load_dataset(COURSE_FILE)
    assert_allclose(lms.wiener_solution(X, D), GRADED_WIENER, atol=1e-8, rtol=0)
    W, history, blew_up = lms.train_lms(X, D, 0.01, 20)
    assert_allclose(W, GRADED_LMS_R001, atol=1e-8, rtol=0)
    assert len(history) == 20 and not blew_up
    assert lms.mse(X, D, lms.wiener_solution(X, D)) == pytest.approx(5.03995e-5, rel=1e-5)


def test_course_dataset_stability_limits():
    # the report's ordering of the limits on the course's data: per-sample < i.i.d. < cyclic < 2/tr R < mean
    X, D = data.load_dataset(COURSE_FILE)
    bounds = lms.stability_bounds(X)
    iid, cyclic = lms.critical_rate_iid(X), lms.critical_rate_cyclic(X)
    assert bounds.per_sample < iid < 0.5 < cyclic < 0.7 and cyclic < bounds.trace < bounds.mean
    assert iid == pytest.approx(0.416865, abs=1e-5) and cyclic == pytest.approx(0.625065, abs=1e-5)


def test_quantile_of_runs_is_inf_only_where_it_falls_among_blown_up_runs():
    errors = [1.0, 3.0, 5.0, np.inf]  # numpy's linear interpolation: the median is (3 + 5) / 2
    assert lms.quantile_of_runs(errors, 0.5) == 4.0
    assert lms.quantile_of_runs(errors, 0.0) == 1.0
    assert lms.quantile_of_runs(errors, 0.99) == np.inf  # between 5 and inf: inf, not NaN


def test_texts_the_notebook_prints():
    assert lms.mse_text(5.04e-5, 1e-20, 3) == "5.040e-05"
    assert lms.mse_text(1e-25, 1e-20) == "< 1.0e-20 (zero to working precision)"
    assert lms.mse_text(1e-20, 1e-20, 1) == "1.0e-20"  # at the level: a value, not below it
    assert lms.number_text(9999.5, 1) == "9999.5" and lms.number_text(-10000.0, 2) == "-1.0e+04"
    assert lms.vector_text(np.array([1.0, -0.25]), 3) == "[1.000, -0.250]"
