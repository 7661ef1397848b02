"""hw1.lms against independent methods: lstsq, hand computation, the sample-by-sample loop,
closed forms for diagonal data, and the graded numbers of the course dataset."""
import warnings
from pathlib import Path

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
    with pytest.raises(ValueError, match="rank deficient"):
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
    W_loop, history = lms.train_lms(X, D, rate, 6)
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
        assert_allclose(lms.train_lms(X, D, rate, 200)[0], W_r, atol=1e-10)
    # the bias of the fixed point is O(r): halving r roughly halves the distance to W*
    W_star = lms.wiener_solution(X, D)
    gaps = [np.linalg.norm(lms.fixed_point(*lms.epoch_map(X, D, r)) - W_star) for r in [2e-4, 1e-4]]
    assert gaps[1] < 1e-3 and 1.8 < gaps[0] / gaps[1] < 2.2


def test_stability_bounds_by_hand():
    # R = X^T X / 4 = diag(1, 0.5, 2); |x_k|^2 = 2, 2, 5, 5
    X = np.array([[1.0, 1, 0], [1, -1, 0], [1, 0, 2], [1, 0, -2]])
    bounds = lms.stability_bounds(X)
    assert bounds == pytest.approx({"per_sample_bound_min": 0.4, "mean_bound": 1.0,
                                    "mean_square_bound": 2 / 3.5}, rel=1e-14)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(0.5, 3.0), min_size=3, max_size=3))
def test_critical_rate_for_orthogonal_samples_is_closed_form(scales):
    # samples s_k e_k: the factors are diagonal, A = diag(1 - r s_k^2), rho = max |1 - r s_k^2|
    X = np.diag(scales)
    assert_allclose(lms.critical_rate_cyclic(X), 2 / max(scales) ** 2, rtol=1e-9)
    r = 0.7 * 2 / max(scales) ** 2
    A, _ = lms.epoch_map(X, np.zeros(3), r)
    assert_allclose(lms.spectral_radius(A), np.max(np.abs(1 - r * np.square(scales))), rtol=1e-12)


def test_critical_rate_is_the_first_crossing():
    X, D = plane_data(3)
    critical = lms.critical_rate_cyclic(X)
    assert lms.spectral_radius(lms.epoch_map(X, D, critical)[0]) == pytest.approx(1, abs=1e-8)
    below = np.linspace(1e-4, critical * (1 - 1e-6), 3000)  # brute force: a dense scan below
    assert lms.spectral_radius(lms.epoch_map(X, D, below)[0]).max() < 1
    assert lms.spectral_radius(lms.epoch_map(X, D, critical * 1.01)[0]) > 1


def test_divergence_grows_by_rho_squared_without_warnings():
    X, D = plane_data(4)
    critical = lms.critical_rate_cyclic(X)
    mse_start = lms.mse(X, D, np.zeros(3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        _, stable = lms.train_lms(X, D, 0.9 * critical, 30)
        _, unstable = lms.train_lms(X, D, 1.5 * critical, 30)
        _, huge = lms.train_lms(X, D, 20.0, 30)
        batched = lms.epoch_map_mse(X, D, [20.0], 30)
    assert lms.diverged_at_epoch(stable, mse_start) is None
    assert lms.diverged_at_epoch(unstable, mse_start) is not None
    rho = lms.spectral_radius(lms.epoch_map(X, D, 1.5 * critical)[0])
    assert_allclose(unstable[-1] / unstable[-2], rho**2, rtol=1e-6, err_msg="growth per epoch")
    assert len(huge) < 30 and huge[-1] > lms.MAX_MSE  # stopped once blown up
    assert np.isinf(batched[0, -1])


def test_diverged_at_epoch():
    assert lms.diverged_at_epoch([5.0, 1.0, 0.5], 2.0) == 1
    assert lms.diverged_at_epoch([1.0, 3.0, 9.0], 2.0) == 2
    assert lms.diverged_at_epoch([1.0, np.nan], 2.0) == 2
    assert lms.diverged_at_epoch([1.0, 0.5], 2.0) is None


def test_bad_arguments():
    X, D = plane_data(5)
    with pytest.raises(ValueError, match="rate"):
        lms.train_lms(X, D, -0.1, 3)
    with pytest.raises(ValueError, match="num_epochs"):
        lms.train_lms(X, D, 0.1, 0)
    with pytest.raises(ValueError, match=r"D has shape \(29,\)"):
        lms.mse(X, D[:-1], np.zeros(3))


def test_graded_values_of_the_course_dataset():
    X, D = data.load_dataset(COURSE_FILE)
    assert_allclose(lms.wiener_solution(X, D), GRADED_WIENER, atol=1e-8, rtol=0)
    W, history = lms.train_lms(X, D, 0.01, 20)
    assert_allclose(W, GRADED_LMS_R001, atol=1e-8, rtol=0)
    assert len(history) == 20
    assert lms.mse(X, D, lms.wiener_solution(X, D)) == pytest.approx(5.03995e-5, rel=1e-5)
