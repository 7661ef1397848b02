"""hw1.lms, the cases mutation testing found untested (issue 21): the whole sentence of every refusal, the
boundaries (an MSE exactly at max_mse, a rate exactly at the scan's start, a value exactly at 1e4), overflow
without a warning, and the values of one-sample and two-sample data sets worked out by hand.

The hand-worked data: one sample x = [1], d = 1 (or 2). An LMS step multiplies the error W - d by (1 - r):
at r = 3 the weights go 0, 3, -3, 9, -15, ... and the MSE (W - 1)^2 / 2 goes 2, 8, 32, 128, ..."""
import warnings

import numpy as np
import pytest

from hw1 import lms

X3 = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
D3 = np.array([1.0, 2.0, 3.0])  # W* = [1, 1, 2] fits exactly
ONE_X, ONE_D = np.array([[1.0]]), np.array([1.0])
# inputs of both signs in each column: weights blown up to infinities of one sign give X W = inf - inf
MIXED_X = np.array([[1.0, 2.0, -1.0], [1.0, -1.0, 3.0], [1.0, 0.5, 0.5], [1.0, 3.0, 1.0]])
MIXED_D = np.array([1.0, -2.0, 0.5, 3.0])

# the sentences check_array and check_scalar write (hw1/params.py), spelled out by hand
X_2D = "expected a non-empty finite 2-D array of numbers."
D_ROWS = "expected a non-empty finite 1-D array of numbers of shape (3,) to match the rows of X."
POS = "expected a finite number > 0."


def refuses(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


HUGE = np.array([[1.0, 2e150], [1.0, 0.0], [1.0, 1.0]])
BAD_DATA = [  # (name, X, D, message) for every function that takes X and D; wiener_solution adds the rank
    ("X 1-D", np.ones(3), D3, "X has shape (3,); " + X_2D),
    ("X huge", HUGE, D3, "X holds values larger than 1e+150 in magnitude; " + X_2D),
    ("D short", X3, np.ones(2), "D has shape (2,); " + D_ROWS),
    ("D huge", X3, np.array([1.0, -2e150, 0.0]), "D holds values larger than 1e+150 in magnitude; " + D_ROWS),
]
TAKING_X_AND_D = {
    "mse": lambda X, D: lms.mse(X, D, np.zeros(X.shape[-1])),
    "mse_zero_level": lms.mse_zero_level,
    "wiener_solution": lms.wiener_solution,
    "lms_epoch": lambda X, D: lms.lms_epoch(np.zeros(X.shape[-1]), X, D, 0.1),
    "train_lms": lambda X, D: lms.train_lms(X, D, 0.1, 1),
    "within_epoch_mse": lambda X, D: lms.within_epoch_mse(X, D, 0.1, np.zeros(X.shape[-1])),
    "epoch_map": lambda X, D: lms.epoch_map(X, D, 0.1),
    "epoch_map_mse": lambda X, D: lms.epoch_map_mse(X, D, [0.1], 1),
    "stability_sweep": lambda X, D: lms.stability_sweep(X, D, [0.1], 1),
    "iid_lms_sq_errors": lambda X, D: lms.iid_lms_sq_errors(X, D, 0.1, 1, 1, rng=np.random.default_rng(0)),
}


@pytest.mark.parametrize("function", list(TAKING_X_AND_D))
@pytest.mark.parametrize("case", BAD_DATA, ids=[case[0] for case in BAD_DATA])
def test_bad_data_is_refused_in_one_sentence(function, case):
    _, X, D, message = case
    if function == "wiener_solution" and message.startswith("X"):
        message = message.replace("numbers.", "numbers with independent columns.")
    refuses(lambda: TAKING_X_AND_D[function](X, D), message)


@pytest.mark.parametrize("call, message", [
    (lambda: lms.stability_bounds(np.ones(3)), "X has shape (3,); " + X_2D),
    (lambda: lms.stability_bounds(HUGE), "X holds values larger than 1e+150 in magnitude; " + X_2D),
    (lambda: lms.second_moment_map(np.ones(3), 0.1), "X has shape (3,); " + X_2D),
    (lambda: lms.second_moment_map(HUGE, 0.1), "X holds values larger than 1e+150 in magnitude; " + X_2D),
    (lambda: lms.wiener_solution(np.ones((3, 2)), D3),
     "X of shape (3, 2) has rank 1; expected a non-empty finite 2-D array of numbers with independent columns."),
    (lambda: lms.critical_rate_cyclic(np.ones((3, 2))),
     "X of shape (3, 2) has rank 1; expected a non-empty finite 2-D array of numbers with independent columns."),
    (lambda: lms.critical_rate_cyclic(HUGE), "X holds values larger than 1e+150 in magnitude; expected a "
     "non-empty finite 2-D array of numbers with independent columns."),
    (lambda: lms.critical_rate_iid(np.ones(3)),
     "X has shape (3,); expected a non-empty finite 2-D array of numbers with independent columns."),
    (lambda: lms.critical_rate_iid(HUGE), "X holds values larger than 1e+150 in magnitude; expected a "
     "non-empty finite 2-D array of numbers with independent columns."),
    (lambda: lms.stable_intervals_cyclic(np.ones((3, 2)), 1.0),
     "X of shape (3, 2) has rank 1; expected a non-empty finite 2-D array of numbers with independent columns."),
    (lambda: lms.stable_intervals_cyclic(HUGE, 1.0), "X holds values larger than 1e+150 in magnitude; expected a "
     "non-empty finite 2-D array of numbers with independent columns."),
])
def test_bad_samples_are_refused_in_one_sentence(call, message):
    refuses(call, message)


@pytest.mark.parametrize("call, message", [
    # mse
    (lambda: lms.mse(X3, D3, 1.0), "W has shape (); expected a finite 1-D or higher array of numbers."),
    (lambda: lms.mse(X3, D3, [np.inf, 0, 0]),
     "W holds NaN or infinite values; expected a finite 1-D or higher array of numbers."),
    (lambda: lms.mse(X3, D3, np.zeros((2, 2))), "W has shape (2, 2); expected (..., 3), one weight per column of X."),
    # lms_step
    (lambda: lms.lms_step(np.zeros((1, 3)), np.ones(3), 1.0, 0.1),
     "W has shape (1, 3); expected a non-empty finite 1-D array of numbers."),
    (lambda: lms.lms_step(np.zeros(3), np.ones(2), 1.0, 0.1),
     "x has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match W."),
    (lambda: lms.lms_step(np.zeros(3), np.ones(3), np.nan, 0.1), "d is nan (float); expected a finite number."),
    (lambda: lms.lms_step(np.zeros(3), np.ones(3), 1.0, 0), "lr is 0 (int); " + POS),
    # lms_epoch
    (lambda: lms.lms_epoch(np.zeros(2), X3, D3, 0.1),
     "W has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match the columns of X."),
    (lambda: lms.lms_epoch(np.zeros(3), X3, D3, -1.0), "lr is -1.0 (float); " + POS),
    # train_lms
    (lambda: lms.train_lms(X3, D3, 0, 1), "lr is 0 (int); " + POS),
    (lambda: lms.train_lms(X3, D3, 0.1, 0), "num_epochs is 0 (int); expected an integer >= 1."),
    (lambda: lms.train_lms(X3, D3, 0.1, 1, max_mse=0.0), "max_mse is 0.0 (float); " + POS),
    (lambda: lms.train_lms(X3, D3, 0.1, 1, W0=np.zeros(2)),
     "W0 has shape (2,); expected a non-empty finite 1-D array of numbers of shape (3,) to match the columns of X."),
    # within_epoch_mse
    (lambda: lms.within_epoch_mse(X3, D3, 0.0, np.zeros(3)), "lr is 0.0 (float); " + POS),
    (lambda: lms.within_epoch_mse(X3, D3, 0.1, [0, np.nan, 0]), "W0 holds NaN or infinite values; expected a "
     "non-empty finite 1-D array of numbers of shape (3,) to match the columns of X."),
    # epoch_map, second_moment_map: one rate or many, each > 0
    (lambda: lms.epoch_map(X3, D3, [0.1, 0.0]),
     "lr holds [0.1, 0.0] (list); expected a non-empty finite 0-D or 1-D array of numbers > 0."),
    (lambda: lms.epoch_map(X3, D3, [[0.1]]),
     "lr has shape (1, 1); expected a non-empty finite 0-D or 1-D array of numbers > 0."),
    (lambda: lms.second_moment_map(X3, -0.5), "lr holds -0.5 (float); expected a non-empty finite 0-D or 1-D "
     "array of numbers > 0."),
    (lambda: lms.second_moment_map(X3, [[0.5]]), "lr has shape (1, 1); expected a non-empty finite 0-D or 1-D "
     "array of numbers > 0."),
    # spectral_radius
    (lambda: lms.spectral_radius(np.ones(3)), "A has shape (3,); expected a 2-D or higher array of numbers."),
    (lambda: lms.spectral_radius(np.ones((3, 2))),
     "A has shape (3, 2); expected a square matrix (n, n) or a stack (..., n, n)."),
    (lambda: lms.spectral_radius(np.ones((2, 0, 0))),
     "A has shape (2, 0, 0); expected a square matrix (n, n) or a stack (..., n, n)."),
    # fixed_point
    (lambda: lms.fixed_point(np.eye(2)[0], np.ones(2)), "A has shape (2,); expected a finite 2-D or higher array of numbers."),
    (lambda: lms.fixed_point(np.eye(2) / 2, np.float64(1.0)), "c has shape (); expected a finite 1-D or higher array of numbers."),
    (lambda: lms.fixed_point(np.full((2, 2), np.inf), np.ones(2)),
     "A holds NaN or infinite values; expected a finite 2-D or higher array of numbers."),
    (lambda: lms.fixed_point(np.eye(2) / 2, [np.nan, 1.0]), "c holds NaN or infinite values; expected a finite "
     "1-D or higher array of numbers."),
    (lambda: lms.fixed_point(np.ones((2, 3)), np.ones(2)),
     "A has shape (2, 3) and c (2,); expected (..., n, n) and (..., n)."),
    (lambda: lms.fixed_point(np.eye(2), np.ones(2)), "I - A is singular (A has the eigenvalue 1), so there is no "
     "unique fixed point; expected an epoch map without the eigenvalue 1."),
    # fixed_points
    (lambda: lms.fixed_points(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2))),
     "A has shape (1, 1, 2, 2); expected a non-empty 2-D or 3-D array of numbers."),
    (lambda: lms.fixed_points(np.eye(2), np.ones((1, 1, 2))),
     "c has shape (1, 1, 2); expected a non-empty 1-D or 2-D array of numbers."),
    (lambda: lms.fixed_points(np.ones((2, 3)), np.ones(2)),
     "A has shape (2, 3) and c (2,); expected (..., n, n) and (..., n)."),
    (lambda: lms.fixed_points(np.eye(2), np.ones(3)),
     "A has shape (2, 2) and c (3,); expected (..., n, n) and (..., n)."),
    # epoch_map_mse
    (lambda: lms.epoch_map_mse(X3, D3, [0.1], 0), "num_epochs is 0 (int); expected an integer >= 1."),
    (lambda: lms.epoch_map_mse(X3, D3, [0.1], 1, max_mse=-1.0), "max_mse is -1.0 (float); " + POS),
    (lambda: lms.epoch_map_mse(X3, D3, 0.1, 1), "lrs has shape (); expected a non-empty finite 1-D array of numbers > 0."),
    (lambda: lms.epoch_map_mse(X3, D3, [0.1, 0.0], 1),
     "lrs holds [0.1, 0.0] (list); expected a non-empty finite 1-D array of numbers > 0."),
    # critical rates
    (lambda: lms.critical_rate_cyclic(X3, num_grid=1), "num_grid is 1 (int); expected an integer >= 2."),
    (lambda: lms.critical_rate_cyclic(X3, xtol=0.0), "xtol is 0.0 (float); " + POS),
    (lambda: lms.critical_rate_iid(X3, num_grid=1), "num_grid is 1 (int); expected an integer >= 2."),
    (lambda: lms.critical_rate_iid(X3, xtol=-1e-12), "xtol is -1e-12 (float); " + POS),
    # rate_outcome
    (lambda: lms.rate_outcome([0.5]), "radius has shape (1,); expected a non-empty 0-D array of numbers."),
    (lambda: lms.rate_outcome(np.nan), "radius is nan; expected a spectral radius >= 0 (inf for an overflowed map)."),
    (lambda: lms.rate_outcome(-0.5), "radius is -0.5; expected a spectral radius >= 0 (inf for an overflowed map)."),
    # stability_sweep
    (lambda: lms.stability_sweep(X3, D3, [0.1, -0.1], 1),
     "lrs holds [0.1, -0.1] (list); expected a non-empty finite 1-D array of numbers > 0."),
    (lambda: lms.stability_sweep(X3, D3, [[0.1]], 1), "lrs has shape (1, 1); expected a non-empty finite 1-D array of numbers > 0."),
    (lambda: lms.stability_sweep(X3, D3, [0.1], 0), "num_epochs is 0 (int); expected an integer >= 1."),
    # iid_lms_sq_errors
    (lambda: lms.iid_lms_sq_errors(X3, D3, 0, 1, 1, rng=np.random.default_rng(0)), "lr is 0 (int); " + POS),
    (lambda: lms.iid_lms_sq_errors(X3, D3, 0.1, 0, 1, rng=np.random.default_rng(0)),
     "num_epochs is 0 (int); expected an integer >= 1."),
    (lambda: lms.iid_lms_sq_errors(X3, D3, 0.1, 1, 0, rng=np.random.default_rng(0)),
     "num_runs is 0 (int); expected an integer >= 1."),
    (lambda: lms.iid_lms_sq_errors(X3, D3, 0.1, 1, 1, rng=None), "rng is None; expected a numpy.random.Generator."),
    # stable_intervals_cyclic
    (lambda: lms.stable_intervals_cyclic(X3, 0.0), "lr_max is 0.0 (float); " + POS),
    (lambda: lms.stable_intervals_cyclic(X3, 1.0, num_grid=1), "num_grid is 1 (int); expected an integer >= 2."),
    (lambda: lms.stable_intervals_cyclic(X3, 1.0, xtol=0), "xtol is 0 (int); " + POS),
    # quantile_of_runs
    (lambda: lms.quantile_of_runs([[1.0]], 0.5), "errors has shape (1, 1); expected a non-empty 1-D array of numbers."),
    (lambda: lms.quantile_of_runs([1.0], 1.5), "q is 1.5 (float); expected a finite number >= 0.0 and <= 1.0."),
    (lambda: lms.quantile_of_runs([1.0], -0.1), "q is -0.1 (float); expected a finite number >= 0.0 and <= 1.0."),
    # texts
    (lambda: lms.mse_text("1", 0.0), "value is '1' (str); expected a number."),
    (lambda: lms.mse_text(1.0, -1.0), "zero_level is -1.0 (float); expected a finite number >= 0.0."),
    (lambda: lms.mse_text(1.0, 0.0, 0), "digits is 0 (int); expected an integer >= 1 and <= 17."),
    (lambda: lms.mse_text(1.0, 0.0, 18), "digits is 18 (int); expected an integer >= 1 and <= 17."),
    (lambda: lms.number_text(None), "value is None; expected a number."),
    (lambda: lms.number_text(1.0, 0), "decimals is 0 (int); expected an integer >= 1 and <= 17."),
    (lambda: lms.number_text(1.0, 18), "decimals is 18 (int); expected an integer >= 1 and <= 17."),
    (lambda: lms.vector_text([[1.0]]), "w has shape (1, 1); expected a non-empty 1-D array of numbers."),
])
def test_refusals_in_one_sentence(call, message):
    refuses(call, message)


# ---------------------------------------------------------------- values worked out by hand

def test_mse_of_a_stack_of_weights_and_of_an_empty_stack():
    assert lms.mse(X3, D3, np.zeros((0, 3))).shape == (0,)
    # W = 0: errors 1, 2, 3, MSE (1 + 4 + 9) / 6; W* = [1, 1, 2]: 0
    np.testing.assert_array_equal(lms.mse(X3, D3, [[0.0, 0, 0], [1, 1, 2]]), [14 / 6, 0.0])


def test_mse_of_huge_weights_is_inf_or_nan_without_a_warning(no_warnings):
    X = np.array([[10.0, 10.0]])
    assert lms.mse(X, [0.0], [1e200, 0.0]) == np.inf  # (1e201)^2 overflows
    assert lms.mse(X, [0.0], [1e308, 1e308]) == np.inf  # 2e309 overflows in the product


def test_mse_zero_level_is_a_fraction_of_the_mse_of_zero_weights_but_never_zero(no_warnings):
    assert lms.mse_zero_level(X3, D3) == pytest.approx(1e-20 * 14 / 6, rel=1e-15)
    assert lms.mse_zero_level(X3, np.zeros(3)) == 2.0 ** -1022  # the smallest normal float


def test_wiener_solution_of_an_exact_fit():
    np.testing.assert_allclose(lms.wiener_solution(X3, D3), [1.0, 1.0, 2.0], rtol=1e-14)


def test_lms_epoch_and_step_by_hand():
    # from 0 at r = 0.5: sample 1 (x = [1, 0, 0], d = 1): error 1 -> W = [0.5, 0, 0];
    # sample 2 (x = [1, 1, 0], d = 2): prediction 0.5, error 1.5 -> W = [1.25, 0.75, 0];
    # sample 3 (x = [1, 0, 1], d = 3): prediction 1.25, error 1.75 -> W = [2.125, 0.75, 0.875]
    np.testing.assert_array_equal(lms.lms_epoch(np.zeros(3), X3, D3, 0.5), [2.125, 0.75, 0.875])
    np.testing.assert_array_equal(lms.lms_step(np.zeros(3), X3[0], 1, 0.5), [0.5, 0.0, 0.0])
    np.testing.assert_array_equal(lms.within_epoch_mse(X3, D3, 0.5, np.zeros(3)), [
        (0.25 + 2.25 + 6.25) / 6,  # W = [0.5, 0, 0]: errors 0.5, 1.5, 2.5
        (0.0625 + 0.0 + 3.0625) / 6,  # W = [1.25, 0.75, 0]: errors -0.25, 0, 1.75
        (1.265625 + 0.765625 + 0.0) / 6])  # W = [2.125, 0.75, 0.875]: errors -1.125, -0.875, 0


def test_train_lms_stops_only_once_the_mse_passes_max_mse():
    # one sample at r = 3: W = 3, -3, 9, ...; MSE 2, 8, 32, ...: 8 is not above max_mse = 8, 32 is
    run = lms.train_lms(ONE_X, ONE_D, 3.0, 10, max_mse=8.0)
    np.testing.assert_array_equal(run.mse_per_epoch, [2.0, 8.0, 32.0])
    assert run.blew_up is True and run.w.tolist() == [9.0]
    run = lms.train_lms(ONE_X, ONE_D, 3.0, 2, max_mse=8.0)
    assert run.blew_up is False and run.w.tolist() == [-3.0] and run.mse_per_epoch.tolist() == [2.0, 8.0]
    run = lms.train_lms(ONE_X, ONE_D, 3.0, 2, W0=[1.0])  # W* itself: stays there
    assert run.w.tolist() == [1.0] and run.mse_per_epoch.tolist() == [0.0, 0.0]


def test_train_lms_stops_an_overflowing_run_without_a_warning(no_warnings):
    run = lms.train_lms(ONE_X, ONE_D, 1e10, 100, max_mse=1e308)  # the error grows 1e10-fold per epoch
    assert run.blew_up and run.mse_per_epoch[-1] == np.inf and len(run.mse_per_epoch) < 100


def test_train_lms_does_not_modify_w0():
    W0 = np.array([0.0])
    lms.train_lms(ONE_X, ONE_D, 0.5, 2, W0=W0)
    assert W0.tolist() == [0.0]


def test_within_epoch_mse_of_an_overflowing_step_is_inf_without_a_warning(no_warnings):
    X = np.array([[1.0], [1.0]])
    # W = 1e300 (error 1e300 - 1, then times (1 - 1e300)): the MSE of the first step overflows, then W itself
    # W = 1e300, then 1e300 + 1e300 (1 - 1e300) = -inf: MSE (1 - 1e300)^2 / 2 and (1 + inf)^2 / 2 overflow
    assert lms.within_epoch_mse(X, [1.0, 1.0], 1e300, [0.0]).tolist() == [np.inf, np.inf]


def test_epoch_map_by_hand_for_one_rate_and_many():
    X = np.array([[1.0, 0.0], [0.0, 2.0]])
    # r = 0.25: (I - r x2 x2^T)(I - r x1 x1^T) = diag(1, 0) diag(0.75, 1) = diag(0.75, 0);
    # c: from 0, sample 1 (d = 1): [0.25, 0]; sample 2 (d = 2): error 2, + 0.25 * 2 * [0, 2] = [0.25, 1]
    A, c = lms.epoch_map(X, [1.0, 2.0], 0.25)
    np.testing.assert_array_equal(A, [[0.75, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(c, [0.25, 1.0])
    A, c = lms.epoch_map(X, [1.0, 2.0], [0.25, 0.5])  # r = 0.5: diag(1, -1) diag(0.5, 1) = diag(0.5, -1)
    assert A.shape == (2, 2, 2) and c.shape == (2, 2)
    np.testing.assert_array_equal(A[1], [[0.5, 0.0], [0.0, -1.0]])
    np.testing.assert_array_equal(c[1], [0.5, 2.0])  # sample 1: 0.5 * 1 * [1, 0]; sample 2: + 0.5 * 2 * [0, 2]
    np.testing.assert_array_equal(A[0], [[0.75, 0.0], [0.0, 0.0]])


def test_epoch_map_offset_is_one_epoch_from_zero_weights():
    # c: the weights one epoch makes from W = 0; at r = 0.5 on X3 by hand (test_lms_epoch_and_step_by_hand)
    np.testing.assert_array_equal(lms.epoch_map(X3, D3, 0.5).c, [2.125, 0.75, 0.875])


def test_epoch_map_of_a_rate_past_overflow_is_nan_without_a_warning(no_warnings):
    # three samples x = [1] at r = 1e200: A = -1e200, then about 1e400 = inf, then inf - inf = NaN
    A, c = lms.epoch_map(np.ones((3, 1)), [1.0, 1.0, 1.0], 1e200)
    assert np.isnan(A[0, 0])


def test_epoch_map_of_an_overflowing_rate_is_inf_without_a_warning(no_warnings):
    A, c = lms.epoch_map(np.array([[1.0], [1.0]]), [1.0, 1.0], 1e200)  # (1 - 1e200)^2 overflows
    assert A[0, 0] == np.inf


def test_spectral_radius_of_one_matrix_a_stack_and_an_overflowed_one():
    assert lms.spectral_radius(np.diag([0.5, -2.0])) == 2.0
    assert isinstance(lms.spectral_radius(np.diag([0.5, -2.0])), float)
    radius = lms.spectral_radius(np.stack([np.diag([0.5, 0.25]), np.diag([np.inf, 0.0]), [[0.0, 1.0], [-1.0, 0.0]]]))
    np.testing.assert_allclose(radius, [0.5, np.inf, 1.0], rtol=1e-15)  # a rotation: |eigenvalues| = 1


def test_fixed_point_by_hand():
    # W = A W + c with A = diag(0.5, -1), c = [1, 4]: W = [1 / 0.5, 4 / 2] = [2, 2]
    np.testing.assert_allclose(lms.fixed_point(np.diag([0.5, -1.0]), [1.0, 4.0]), [2.0, 2.0], rtol=1e-15)
    W = lms.fixed_point(np.stack([np.diag([0.5, -1.0]), np.diag([0.0, 0.5])]), [[1.0, 4.0], [1.0, 1.0]])
    np.testing.assert_allclose(W, [[2.0, 2.0], [1.0, 2.0]], rtol=1e-15)


def test_fixed_points_leave_nan_where_the_map_overflowed_or_is_singular_to_working_precision():
    A = np.stack([np.diag([0.5, -1.0]), np.diag([np.inf, 0.0]), np.diag([0.5, 0.0]), np.diag([1 - 1e-13, 0.0]),
                  np.diag([1 - 1e-11, 0.0])])
    c = np.array([[1.0, 4.0], [1.0, 1.0], [np.nan, 1.0], [1.0, 1.0], [1e-11, 1.0]])
    W = lms.fixed_points(A, c)
    np.testing.assert_allclose(W[0], [2.0, 2.0], rtol=1e-15)
    assert np.isnan(W[1:4]).all()  # inf in A; NaN in c; cond(I - A) = 1e13 > MAX_COND = 1e12
    np.testing.assert_allclose(W[4], [1.0, 1.0], rtol=1e-4)  # cond 1e11: solved
    np.testing.assert_allclose(lms.fixed_points(np.diag([0.5, -1.0]), [1.0, 4.0]), [2.0, 2.0], rtol=1e-15)
    assert lms.fixed_points(np.diag([0.5, -1.0]), [1.0, 4.0]).shape == (2,)


def test_epoch_map_mse_freezes_a_rate_once_its_mse_passes_max_mse():
    # one sample at r = 3: MSE 2, 8, 32, then frozen (inf); r = 0.5: error halves, MSE 0.125, 1/32, ...
    out = lms.epoch_map_mse(ONE_X, ONE_D, [3.0, 0.5], 4, max_mse=8.0)
    np.testing.assert_array_equal(out[0], [2.0, 8.0, 32.0, np.inf])
    np.testing.assert_array_equal(out[1], [0.125, 0.125 / 4, 0.125 / 16, 0.125 / 64])


def test_epoch_map_mse_of_an_overflowed_map_is_inf_without_a_warning(no_warnings):
    out = lms.epoch_map_mse(np.array([[1.0], [1.0]]), [1.0, 1.0], [1e200, 0.5], 2)
    assert out[0].tolist() == [np.inf, np.inf] and np.isfinite(out[1]).all()


def test_epoch_map_mse_of_weights_that_overflow_to_opposite_infinities_is_inf_not_nan(no_warnings):
    """r = 1e60 on tiny targets: A reaches 1.4e242 but c only 7.2e131, so epoch 1's MSE (1.2e264) is
    below max_mse = 1e300; epoch 2's weights A c + c overflow to -inf, and X W sums -inf and +inf to NaN.
    A blown-up run reads inf, as the docstring says, never NaN."""
    out = lms.epoch_map_mse(MIXED_X, MIXED_D * 1e-110, [1e60], 3, max_mse=1e300)
    assert 1e264 < out[0, 0] < 1e300
    assert out[0, 1:].tolist() == [np.inf, np.inf]


def test_within_epoch_mse_of_weights_that_blow_up_is_inf_without_a_warning(no_warnings):
    """r = 1e80 from W = 0: step 1 gives W = 1e80 x_1 = 1e80 [1, 2, -1], so X W = 1e80 [6, -4, 1.5, 6] and
    the MSE is (36 + 16 + 2.25 + 36) 1e160 / 8 (the targets are negligible); later steps overflow, the last
    to NaN weights (inf - inf), and read inf."""
    out = lms.within_epoch_mse(MIXED_X, MIXED_D, 1e80, np.zeros(3))
    assert out[0] == pytest.approx(90.25e160 / 8, rel=1e-12)
    assert out[1:].tolist() == [np.inf, np.inf, np.inf]


def test_stability_bounds_use_the_number_of_samples_not_of_weights():
    X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])  # K = 3, n = 2: R = diag(1, 4) / 3
    bounds = lms.stability_bounds(X)
    assert bounds.per_sample == 0.5  # 2 / max(1, 4)
    assert bounds.trace == pytest.approx(2 / (5 / 3), rel=1e-15)
    assert bounds.mean == pytest.approx(2 / (4 / 3), rel=1e-15)


def test_first_crossing_says_when_there_is_none():
    refuses(lambda: lms._first_crossing(lambda r: np.full(r.shape, 0.5), 0.1, 2.0, 10, 1e-12),
            "the spectral radius stays below 1 from r = 0.1 to 2; expected a crossing there.")
    refuses(lambda: lms._first_crossing(lambda r: np.full(r.shape, 1.0), 0.1, 2.0, 10, 1e-12),
            "the spectral radius is already >= 1 at r = 0.1; expected a contraction at small rates "
            "(samples that span the weight space).")


def test_first_crossing_finds_the_rate_where_the_radius_reaches_one():
    # radius r / 0.7: 1 at r = 0.7, reached between grid points of [0.1, 2]
    assert lms._first_crossing(lambda r: r / 0.7, 0.1, 2.0, 7, 1e-12) == pytest.approx(0.7, abs=1e-11)
    # radius exactly 1 at a grid point: the crossing is there (>= 1 counts)
    grid = np.geomspace(0.1, 2.0, 5)
    assert lms._first_crossing(lambda r: r / grid[2], 0.1, 2.0, 5, 1e-12) == pytest.approx(grid[2], abs=1e-11)


def test_first_crossing_scans_lo_to_hi_at_num_grid_points_and_refines_to_xtol():
    # radius r / 3 crosses 1 at 3, beyond hi = 2: none found, even with a fine scan
    refuses(lambda: lms._first_crossing(lambda r: r / 3, 0.1, 2.0, 10, 1e-12),
            "the spectral radius stays below 1 from r = 0.1 to 2; expected a crossing there.")
    # above 1 only in the window (0.5, 0.56), then from 1.5 on: 7 geometric points from 0.1 to 2
    # (0.1, 0.165, 0.272, 0.448, 0.738, 1.21, 2) miss the window, so the crossing found is 1.5
    def window(r):
        return np.where((r > 0.5) & (r < 0.56), 1.2, r / 1.5)
    assert lms._first_crossing(window, 0.1, 2.0, 7, 1e-12) == pytest.approx(1.5, abs=1e-11)
    # a coarse xtol stops Brent's method early: within xtol of the crossing, not at it
    crossing = lms._first_crossing(lambda r: (r / 0.7) ** 8, 0.1, 2.0, 2, 0.3)
    assert 1e-6 < abs(crossing - 0.7) <= 0.3


def test_critical_rates_of_one_sample():
    # x = [1]: A = 1 - r and M = (1 - r)^2, both of radius 1 at r = 2
    assert lms.critical_rate_cyclic(ONE_X) == pytest.approx(2.0, abs=1e-11)
    assert lms.critical_rate_iid(ONE_X) == pytest.approx(2.0, abs=1e-11)
    assert lms.critical_rate_cyclic(ONE_X, num_grid=2, xtol=1e-3) == pytest.approx(2.0, abs=1e-3)


def test_second_moment_map_of_one_input_by_hand():
    X = np.array([[1.0], [2.0]])  # mean x^2 = 2.5, mean x^4 = 8.5: M = 1 - 2 r 2.5 + r^2 8.5
    assert lms.second_moment_map(X, 0.1)[0, 0] == pytest.approx(1 - 0.5 + 0.085, rel=1e-15)
    M = lms.second_moment_map(X, [0.1, 0.2])
    assert M.shape == (2, 1, 1) and M[1, 0, 0] == pytest.approx(1 - 1.0 + 0.34, rel=1e-15)
    M = lms.second_moment_map(np.array([[1.0, 0.0], [0.0, 1.0]]), 0.5)
    # x = e1, e2, each half the time: B_1 = diag(0.5, 1), B_1 (x) B_1 = diag(0.25, 0.5, 0.5, 1), and B_2 (x) B_2
    # = diag(1, 0.5, 0.5, 0.25): M = diag(0.625, 0.5, 0.5, 0.625)
    np.testing.assert_allclose(M, np.diag([0.625, 0.5, 0.5, 0.625]), rtol=1e-15, atol=0)


@pytest.mark.parametrize("radius, outcome", [
    (0.5, "converges"), (1 - 2e-9, "converges"), (1 - 5e-10, "marginal"), (1.0, "marginal"),
    (1 + 5e-10, "marginal"), (1 + 2e-9, "diverges"), (np.inf, "diverges"), (0.0, "converges")])
def test_rate_outcome(radius, outcome):
    assert lms.rate_outcome(radius) == outcome


def test_run_rate_of_a_converging_and_a_diverging_rate():
    run = lms.run_rate(ONE_X, ONE_D, 0.5, 2)  # A = 0.5, c = 0.5: W_r = 1 = W*
    assert run.lr == 0.5 and isinstance(run.lr, float) and run.outcome == "converges" and run.radius == 0.5
    np.testing.assert_array_equal(run.w, [0.75])
    np.testing.assert_array_equal(run.mse_per_epoch, [0.125, 0.03125])
    assert run.blew_up is False and run.w_fixed.tolist() == [1.0] and run.mse_fixed == 0.0
    run = lms.run_rate(ONE_X, ONE_D, 3, 2, max_mse=4.0)  # A = -2: diverges, stopped after MSE 8
    assert run.lr == 3.0 and isinstance(run.lr, float) and run.outcome == "diverges" and run.radius == 2.0
    assert run.blew_up is True and run.mse_per_epoch.tolist() == [2.0, 8.0]
    assert np.isnan(run.w_fixed).all() and run.w_fixed.shape == (1,) and np.isnan(run.mse_fixed)


def test_stability_sweep_of_one_sample_by_hand(no_warnings):
    # A = 1 - r, M = (1 - r)^2 with K = 1: radius_iid = |1 - r|^(2 * 1/2); W_r = 1 (= W*) where stable
    sweep = lms.stability_sweep(ONE_X, ONE_D, [0.5, 1.5, 3.0], 2)
    np.testing.assert_allclose(sweep.radius_cyclic, [0.5, 0.5, 2.0], rtol=1e-15)
    np.testing.assert_allclose(sweep.radius_iid, [0.5, 0.5, 2.0], rtol=1e-15)
    np.testing.assert_array_equal(sweep.mse_fixed[:2], [0.0, 0.0])
    assert np.isnan(sweep.mse_fixed[2])
    # after 2 epochs: error (1 - r)^2: 0.25, 0.25, 4: MSE 0.03125, 0.03125, 8
    np.testing.assert_allclose(sweep.mse_final, [0.03125, 0.03125, 8.0], rtol=1e-15)
    np.testing.assert_array_equal(sweep.lrs, [0.5, 1.5, 3.0])


def test_stability_sweep_of_many_samples_raises_the_iid_factor_to_k_over_2(no_warnings):
    X = np.ones((4, 1))  # M = (1 - r)^2, K = 4: radius_iid = |1 - r|^4; a huge rate overflows quietly
    with np.errstate(under="warn"):  # even where the caller asks to hear of underflow
        sweep = lms.stability_sweep(X, np.ones(4), [0.5, 1 - 1e-90, 1e80], 1)
    assert sweep.radius_iid[0] == pytest.approx(0.5 ** 4, rel=1e-14)
    assert sweep.radius_iid[1] == 0.0  # (1e-90)^4 underflows
    assert sweep.radius_iid[2] == np.inf


def test_iid_runs_of_one_sample_by_hand(no_warnings):
    # one sample x = [1], d = 2: W* = 2, and each step multiplies the error by (1 - r): after 3 steps at
    # r = 0.5 the squared error is 4 / 64 in every run
    sq = lms.iid_lms_sq_errors(ONE_X, [2.0], 0.5, 3, 4, rng=np.random.default_rng(1))
    np.testing.assert_allclose(sq, [0.0625] * 4, rtol=1e-15)
    sq = lms.iid_lms_sq_errors(ONE_X, [2.0], 1e10, 40, 2, rng=np.random.default_rng(1))
    assert sq.tolist() == [np.inf, np.inf]


def test_stable_intervals_of_one_sample():
    # x = [1]: per-sample bound 2, the scan starts at 1; radius |1 - r| < 1 on (0, 2)
    np.testing.assert_array_equal(lms.stable_intervals_cyclic(ONE_X, 1.0), [[0.0, 1.0]])  # at the start: no scan
    np.testing.assert_array_equal(lms.stable_intervals_cyclic(ONE_X, 0.5), [[0.0, 0.5]])
    np.testing.assert_array_equal(lms.stable_intervals_cyclic(ONE_X, 1.5), [[0.0, 1.5]])
    np.testing.assert_allclose(lms.stable_intervals_cyclic(ONE_X, 3.0, num_grid=50), [[0.0, 2.0]], atol=1e-11)
    np.testing.assert_allclose(lms.stable_intervals_cyclic(ONE_X, 3.0, num_grid=2, xtol=1e-3), [[0.0, 2.0]],
                               atol=1e-3)


def test_stable_intervals_with_a_window_that_opens_again():
    # x = [1], then x = [3]: A = (1 - 9r)(1 - r) = 9r^2 - 10r + 1 dips below -1 between the roots of
    # 9r^2 - 10r + 2 = 0, (5 -+ sqrt 7) / 9, and passes 1 at r = 10/9; the scan starts at (2/9) / 2
    X = np.array([[1.0], [3.0]])
    windows = [[0.0, (5 - np.sqrt(7)) / 9], [(5 + np.sqrt(7)) / 9, 10 / 9]]
    np.testing.assert_allclose(lms.stable_intervals_cyclic(X, 2.0, num_grid=200), windows, atol=1e-11)
    windows[1][1] = 1.0  # stable at lr_max: the last window ends there
    np.testing.assert_allclose(lms.stable_intervals_cyclic(X, 1.0, num_grid=200), windows, atol=1e-11)


def test_quantile_of_runs_between_blown_up_runs_is_inf_without_a_warning(no_warnings):
    assert lms.quantile_of_runs([1.0, np.inf, np.inf], 0.75) == np.inf
    assert lms.quantile_of_runs([1.0, 3.0], 1.0) == 3.0 and lms.quantile_of_runs([2.0], 0) == 2.0


def test_texts_at_their_boundaries():
    assert lms.mse_text(0.5, 0.0) == "5.0000e-01"  # default 4 digits
    assert lms.mse_text(1e-25, 1e-20, short=True) == "< 1.0e-20"
    assert lms.mse_text(np.float32(0.5), 0.0, 1) == "5.0e-01" and lms.mse_text(3, 0.0, 2) == "3.00e+00"
    assert lms.number_text(9999.0, 2) == "9999.00" and lms.number_text(10000.0, 2) == "1.0e+04"
    assert lms.number_text(-9999.0, 1) == "-9999.0" and lms.number_text(0.123456789) == "0.12345679"  # 8 decimals
    assert lms.number_text(np.int64(7), 1) == "7.0"
    assert lms.vector_text([1.0, -20000.0]) == "[1.00000000, -2.0000000e+04]"
    assert lms.vector_text([np.inf], 2) == "[inf]"


def test_fixed_point_of_a_stack_of_non_square_maps_is_refused_and_of_a_two_level_stack_solved():
    # (2, 3) maps are not square: refused by fixed_point's own sentence, not by numpy's broadcasting
    refuses(lambda: lms.fixed_point(np.zeros((2, 2, 3)), np.zeros((2, 2))),
            "A has shape (2, 2, 3) and c (2, 2); expected (..., n, n) and (..., n).")
    refuses(lambda: lms.fixed_points(np.zeros((2, 2, 3)), np.zeros((2, 2))),
            "A has shape (2, 2, 3) and c (2, 2); expected (..., n, n) and (..., n).")
    # a (1, 3) stack of 2 x 2 maps A = I / 2: W = A W + c gives W = 2 c for each
    c = np.arange(6.0).reshape(1, 3, 2)
    np.testing.assert_array_equal(lms.fixed_point(np.broadcast_to(np.eye(2) / 2, (1, 3, 2, 2)), c), 2 * c)


def test_stability_sweep_gives_no_fixed_point_mse_at_a_radius_of_exactly_one_or_above():
    # x = [1]: A = 1 - r. At r = 2, A = -1: radius exactly 1 (not below it), although I - A = 2 is
    # invertible; at r = 3, radius 2. A sweep with no stable rate is a result (it used to raise
    # "A is empty", from fixed_points of no map).
    sweep = lms.stability_sweep(ONE_X, ONE_D, [2.0, 3.0], 1)
    assert sweep.radius_cyclic.tolist() == [1.0, 2.0] and np.isnan(sweep.mse_fixed).all()


def test_within_epoch_mse_of_a_step_to_nan_is_inf_without_a_warning(no_warnings):
    # x = [1] three times, d = 1, r = 1e300 from W = 0: W = 1e300, then 1e300 + 1e300 (1 - 1e300) = -inf,
    # then -inf + 1e300 (1 + inf) = -inf + inf = NaN (an invalid operation): the MSE of the blown-up
    # weights reads inf, inf and inf (NaN weights too), as epoch_map_mse's
    mse = lms.within_epoch_mse(np.ones((3, 1)), [1.0, 1.0, 1.0], 1e300, [0.0])
    assert mse.tolist() == [np.inf, np.inf, np.inf]


def test_fixed_point_refuses_a_map_of_33_axes_and_an_offset_of_32():
    ones = (1,) * 32
    refuses(lambda: lms.fixed_point(np.zeros((1,) + ones), np.zeros(ones)),
            f"A has shape {(1,) + ones}; expected a finite 2-D or higher array of numbers.")
    refuses(lambda: lms.fixed_point(np.zeros(ones), np.zeros(ones)),
            f"c has shape {ones}; expected a finite 1-D or higher array of numbers.")


def test_fixed_points_leave_nan_at_a_condition_number_of_exactly_max_cond():
    # A = diag(1 - 1e12, 0): I - A = diag(1e12, 1), condition number exactly 1e12 = MAX_COND, not below it
    assert np.linalg.cond(np.diag([1e12, 1.0])) == 1e12  # the premise, by numpy's own SVD
    assert np.isnan(lms.fixed_points(np.diag([1 - 1e12, 0.0]), [1.0, 1.0])).all()


def test_train_lms_whose_steps_overflow_and_then_turn_nan_stops_without_a_warning(no_warnings):
    # x = [1] three times, d = 1, r = 1e300: W = 1e300, then -inf (overflow), then -inf + inf = NaN (invalid)
    run = lms.train_lms(np.ones((3, 1)), [1.0, 1.0, 1.0], 1e300, 5)
    assert run.blew_up is True and len(run.mse_per_epoch) == 1 and np.isnan(run.w).all()


def test_spectral_radius_of_a_two_level_stack_an_empty_one_and_too_many_axes():
    # a (1, 3) stack of diag(0.5, -2): radius 2 each; a (2, 0) stack: no radius
    radius = lms.spectral_radius(np.broadcast_to(np.diag([0.5, -2.0]), (1, 3, 2, 2)))
    assert radius.tolist() == [[2.0, 2.0, 2.0]]
    assert lms.spectral_radius(np.zeros((2, 0, 3, 3))).shape == (2, 0)
    refuses(lambda: lms.spectral_radius(np.zeros((1,) * 33)),
            f"A has shape {(1,) * 33}; expected a 2-D or higher array of numbers.")
    refuses(lambda: lms.mse(X3, D3, np.zeros((1,) * 32 + (3,))),
            f"W has shape {(1,) * 32 + (3,)}; expected a finite 1-D or higher array of numbers.")
