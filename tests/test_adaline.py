"""Adalines and MRII (hw1/adaline.py) against brute force, plain Python logic and worked cases."""
import itertools
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from hw1.adaline import (
    MAX_TRUTH_TABLE_INPUTS, adaline_output, bipolar_sign, boolean_function, boundary_geometry,
    canonical_madaline, least_squares_weights, madaline_output, max_margin_weights, mrii_train,
    mrii_xor_solutions, name_two_input_function, round_clean, truth_table_inputs,
)

FIG4_W1 = np.array([[0.5, -1.0, 1.0], [0.5, 1.0, -1.0]])  # problem 2.4, bias first


def python_logic(name, row):
    """The logic functions written with Python booleans, one row at a time."""
    bits = [v > 0 for v in row]
    value = {"nand": lambda b: not (b[0] and b[1]), "xor": lambda b: b[0] != b[1],
             "majority": lambda b: sum(b) > len(b) / 2}[name](bits)
    return 1.0 if value else -1.0


def brute_force_margin(x, d, step=0.05):
    """Best ``min_i d_i s_i`` over a grid of input weights in [-1, 1]^n, the bias chosen optimally.

    For fixed input weights w the best bias centres the gap between the classes, so the margin is
    ``(min over d=+1 of w.x  -  max over d=-1 of w.x) / 2``.
    """
    grid = np.arange(-1.0, 1.0 + step / 2, step)
    best = -np.inf
    for w in itertools.product(grid, repeat=x.shape[1]):
        proj = x @ np.array(w)
        best = max(best, (proj[d > 0].min() - proj[d < 0].max()) / 2)
    return best


def test_sign_of_zero_is_plus_one():
    assert_array_equal(bipolar_sign([-2.0, -0.0, 0.0, 3.0]), [-1, 1, 1, 1])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6).filter(lambda v: v != 0), min_size=1, max_size=20))
def test_sign_matches_numpy_away_from_zero(values):
    assert_array_equal(bipolar_sign(values), np.sign(values))


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_truth_table_rows_count_in_binary(n):
    # row i is the binary expansion of i, most significant bit = x1, 0 -> -1
    want = np.array([[1.0 if (i >> (n - 1 - j)) & 1 else -1.0 for j in range(n)]
                     for i in range(2**n)])
    assert_array_equal(truth_table_inputs(n), want)


@pytest.mark.parametrize("name, n", [("nand", 2), ("xor", 2), ("majority", 3), ("majority", 5)])
def test_boolean_functions_match_python_logic(name, n):
    x = truth_table_inputs(n)
    assert_array_equal(boolean_function(name, x), [python_logic(name, row) for row in x])


def test_majority_truth_table_has_eight_rows_four_true():
    d = boolean_function("majority", truth_table_inputs(3))
    assert d.shape == (8,) and np.sum(d > 0) == 4


def test_two_input_names_cover_all_sixteen_functions():
    x = truth_table_inputs(2)
    names = {name_two_input_function(y) for y in truth_table_inputs(4)}
    assert len(names) == 16
    for name in ("nand", "xor"):
        assert name_two_input_function(boolean_function(name, x)) == name.upper()
    assert name_two_input_function(x[:, 0]) == "x1"
    assert name_two_input_function(np.maximum(-x[:, 0], x[:, 1])) == "NOT x1 OR x2"
    assert name_two_input_function(np.maximum(-x[:, 0], x[:, 1]), ("a", "b")) == "NOT a OR b"


def test_problem_2_1_worked_by_hand():
    # s = 4 + 2 x1 + x2 on (-1,-1), (-1,+1), (+1,-1), (+1,+1)
    s, y = adaline_output([4.0, 2.0, 1.0], truth_table_inputs(2))
    assert_array_equal(s, [1.0, 3.0, 5.0, 7.0])
    assert_array_equal(y, [1, 1, 1, 1])
    assert name_two_input_function(y) == "TRUE"


@pytest.mark.parametrize("name, n", [("nand", 2), ("majority", 3)])
def test_least_squares_weights_solve_normal_equations_and_classify(name, n):
    x = truth_table_inputs(n)
    d = boolean_function(name, x)
    w = least_squares_weights(x, d)
    xa = np.column_stack([np.ones(len(x)), x])
    assert_allclose(w, np.linalg.solve(xa.T @ xa, xa.T @ d), atol=1e-12)
    s, y = adaline_output(w, x)
    assert_array_equal(y, d)
    assert np.min(np.abs(s)) > 0.1  # far from sign(0): the convention does not matter


def test_least_squares_values_worked_by_hand():
    # orthogonal +-1 columns: w_j = mean(d * x_j)
    assert_allclose(least_squares_weights(truth_table_inputs(2), [1, 1, 1, -1]), [0.5, -0.5, -0.5])
    d = boolean_function("majority", truth_table_inputs(3))
    assert_allclose(least_squares_weights(truth_table_inputs(3), d), [0, 0.5, 0.5, 0.5], atol=1e-12)


@pytest.mark.parametrize("name, n", [("nand", 2), ("majority", 3), ("xor", 2)])
def test_max_margin_matches_brute_force(name, n):
    x = truth_table_inputs(n)
    d = boolean_function(name, x)
    w, margin = max_margin_weights(x, d)
    assert np.all(np.abs(w[1:]) <= 1 + 1e-9)
    assert_allclose(np.min(d * adaline_output(w, x)[0]), margin, atol=1e-9)
    assert_allclose(margin, brute_force_margin(x, d), atol=1e-9)
    if name == "xor":  # not linearly separable: no positive margin exists
        assert margin == pytest.approx(0.0, abs=1e-9)
    else:
        assert_array_equal(adaline_output(w, x)[1], d)
        assert margin == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4))
def test_max_margin_beats_any_separating_weights(seed, n):
    rng = np.random.default_rng(seed)
    x = truth_table_inputs(n)
    w_true = rng.normal(size=n + 1)
    s_true = adaline_output(w_true, x)[0]
    d = bipolar_sign(s_true)
    if np.all(d == d[0]) or np.min(np.abs(s_true)) < 1e-6:
        return
    w, margin = max_margin_weights(x, d)
    # w_true rescaled to max-norm 1 is feasible, so the optimum is at least its margin
    assert margin >= np.min(d * s_true) / np.max(np.abs(w_true[1:])) - 1e-9
    assert_array_equal(adaline_output(w, x)[1], d)


def test_figure_4_madaline_computes_xor_row_by_row():
    x = truth_table_inputs(2)
    w2 = np.array([1.0, -1.0, -1.0])
    s1, h, s2, y = madaline_output(FIG4_W1, w2, x)
    for k, (x1, x2) in enumerate(x):  # an explicit loop, one unit at a time
        units = [0.5 - x1 + x2, 0.5 + x1 - x2]
        assert_allclose(s1[k], units)
        hk = [1.0 if u >= 0 else -1.0 for u in units]
        assert s2[k] == 1.0 - hk[0] - hk[1]
    assert_array_equal(y, boolean_function("xor", x))
    assert [name_two_input_function(h[:, j]) for j in range(2)] == ["NOT x1 OR x2", "x1 OR NOT x2"]


def test_second_layer_weights_for_figure_4_from_both_methods():
    x = truth_table_inputs(2)
    h = madaline_output(FIG4_W1, np.zeros(3), x)[1]
    d = boolean_function("xor", x)
    assert_allclose(least_squares_weights(h, d), [1, -1, -1], atol=1e-12)
    w, margin = max_margin_weights(h, d)
    assert_allclose(w, [1, -1, -1], atol=1e-9)
    assert margin == pytest.approx(1.0)


def reference_mrii(x, d, rng, num_hidden=2, max_epochs=50, init_scale=0.1):
    """MRII for one start, written plainly: loops over rows, trials and units, one row at a time.

    It draws from ``rng`` in the order the batched version does for a single start: hidden weights,
    output weights, then one row order per epoch.
    """
    def alpha_lms(w, xa, target):
        return w + (target - w @ xa) * xa / (xa @ xa)

    def count_errors(W1, w2):
        return sum(bipolar_sign(w2[0] + bipolar_sign(W1 @ row) @ w2[1:]) != dk for row, dk in zip(xa, d))

    xa = np.column_stack([np.ones(len(x)), x])
    W1 = rng.uniform(-init_scale, init_scale, (1, num_hidden, x.shape[1] + 1))[0]
    w2 = rng.uniform(-init_scale, init_scale, (1, num_hidden + 1))[0]
    errors, epoch = count_errors(W1, w2), 0
    while errors > 0 and epoch < max_epochs:
        epoch += 1
        for k in rng.permuted(np.arange(len(x))[None], axis=1)[0]:
            s1 = W1 @ xa[k]
            h = bipolar_sign(s1)
            if bipolar_sign(w2[0] + h @ w2[1:]) == d[k]:
                continue
            order = sorted(range(num_hidden), key=lambda j: abs(s1[j]))  # stable: ties keep unit order
            for size in range(1, num_hidden + 1):
                for units in combinations(order, size):
                    trial = W1.copy()
                    for j in units:
                        trial[j] = alpha_lms(W1[j], xa[k], -h[j])
                    trial_errors = count_errors(trial, w2)
                    row_right = bipolar_sign(w2[0] + bipolar_sign(trial @ xa[k]) @ w2[1:]) == d[k]
                    if row_right and trial_errors <= errors:
                        W1, errors = trial, trial_errors
                        break
                else:
                    continue
                break
            else:
                w2 = alpha_lms(w2, np.concatenate([[1.0], h]), d[k])
                errors = count_errors(W1, w2)
    return W1, w2, errors, epoch


@pytest.mark.parametrize("name, n, num_hidden", [("xor", 2, 2), ("majority", 3, 3)])
def test_batched_mrii_matches_the_plain_loop_for_one_start(name, n, num_hidden):
    x = truth_table_inputs(n)
    d = boolean_function(name, x)
    for seed in range(40):
        fit = mrii_train(x, d, num_hidden=num_hidden, rng=np.random.default_rng(seed))
        W1, w2, errors, epochs = reference_mrii(x, d, np.random.default_rng(seed), num_hidden)
        assert_allclose(fit.W1[0], W1, rtol=1e-12, atol=1e-12)
        assert_allclose(fit.w2[0], w2, rtol=1e-12, atol=1e-12)
        assert (fit.num_errors[0], fit.num_epochs[0]) == (errors, epochs)


def test_mrii_starts_report_their_true_errors_and_mostly_solve_xor():
    x = truth_table_inputs(2)
    d = boolean_function("xor", x)
    fits = mrii_train(x, d, num_starts=300, max_epochs=50, rng=np.random.default_rng(661))
    assert fits.W1.shape == (300, 2, 3) and fits.w2.shape == (300, 3)
    for W1, w2, errors, epochs in zip(*fits):  # the reported error count is the true one
        assert errors == np.sum(madaline_output(W1, w2, x).y != d)
        assert 0 <= epochs <= 50 and (errors == 0 or epochs == 50)  # 0: the initial weights already solve it
    assert fits.num_solved == np.sum(fits.num_errors == 0) >= 0.9 * 300


def test_mrii_is_reproducible_and_stops_at_zero_errors():
    x = truth_table_inputs(3)
    d = boolean_function("majority", x)
    a = mrii_train(x, d, num_starts=5, num_hidden=3, rng=np.random.default_rng(5))
    b = mrii_train(x, d, num_starts=5, num_hidden=3, rng=np.random.default_rng(5))
    for u, v in zip(a, b):
        assert_array_equal(u, v)
    assert np.all(a.num_errors == 0)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_canonical_madaline_removes_scale_and_swap(seed):
    rng = np.random.default_rng(seed)
    W1, w2 = rng.uniform(-1, 1, (2, 3)), rng.uniform(-1, 1, 3)
    W1b = (W1 * rng.uniform(0.1, 10, 2)[:, None])[::-1]
    w2b = np.concatenate([w2[:1], w2[1:][::-1]]) * 3.7
    x = truth_table_inputs(2)
    assert_array_equal(madaline_output(W1b, w2b, x).y, madaline_output(W1, w2, x).y, "same network")
    for a, b in zip(canonical_madaline(W1, w2), canonical_madaline(W1b, w2b)):
        assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    W1c, w2c = canonical_madaline(W1, w2)
    assert_array_equal(madaline_output(W1c, w2c, x).y, madaline_output(W1, w2, x).y, "canonical: same function")
    assert_allclose(np.linalg.norm(W1c, axis=1), 1.0)
    batched = canonical_madaline(np.stack([W1, W1b]), np.stack([w2, w2b]))
    assert_allclose(batched[0][0], batched[0][1], rtol=1e-12, atol=1e-12)


def test_mrii_xor_solutions_describe_each_run_unit_by_unit():
    x = truth_table_inputs(2)
    result = mrii_xor_solutions(200, rng=np.random.default_rng(661))
    assert result.solved.sum() == result.fits.num_solved == len(result.hidden) >= 180
    assert np.all(result.network == "XOR")
    assert sum(kind.num_runs for kind in result.kinds) == result.fits.num_solved
    assert [k.num_runs for k in result.kinds] == sorted((k.num_runs for k in result.kinds), reverse=True)
    assert len(result.kinds) >= 6, "the same function, learned through different hidden units"
    for W, names, output in zip(result.weights, result.hidden, result.output):  # unit by unit, by hand
        W1, w2 = W[:6].reshape(2, 3), W[6:]
        hidden = madaline_output(W1, w2, x)
        assert list(names) == [name_two_input_function(h) for h in hidden.h.T] == sorted(names)
        assert output == name_two_input_function(adaline_output(w2, x).y, ("h1", "h2"))
        assert_array_equal(hidden.y, boolean_function("xor", x))
    assert result.num_distinct == len(np.unique(result.weights.round(3), axis=0)) > 0.9 * len(result.weights)
    gaps = np.linalg.norm(result.weights[:, None] - result.weights[None], axis=-1)[np.triu_indices(len(result.weights), 1)]
    assert_allclose([result.min_distance, result.median_distance], [gaps.min(), np.median(gaps)])
    epochs = result.fits.num_epochs[result.solved]
    assert (result.median_epochs, result.max_epochs_used) == (np.median(epochs), epochs.max())
    assert set(result.failed_errors) == set(result.fits.num_errors[~result.solved].tolist())


def test_the_figure_4_network_is_one_kind_mrii_names_nand_of_implications():
    # Figure 4's first layer, worked by hand: unit 1 is s = 0.5 - x1 + x2, true unless (x1, x2) = (+1, -1),
    # i.e. "NOT x1 OR x2"; unit 2 is its mirror "x1 OR NOT x2"; XOR is NAND of the two.
    result = mrii_xor_solutions(300, rng=np.random.default_rng(0))
    assert ("NOT x1 OR x2", "x1 OR NOT x2", "NAND") in {k[:3] for k in result.kinds}


def test_boundary_geometry_worked_by_hand():
    geometry = boundary_geometry([[0.5, -1.0, 1.0], [2.0, 0.0, -2.0]])
    assert_allclose(geometry.angle, [135.0, -90.0])
    assert_allclose(geometry.offset, [-0.5 / np.sqrt(2), -1.0])


def test_round_clean_drops_solver_round_off_and_negative_zero():
    assert_array_equal(round_clean([-1e-17, 0.4999999999, -0.0]), [0.0, 0.5, 0.0])
    assert str(round_clean(-1e-17)) == "0.0"


def test_truth_table_size_limit_is_refused_before_allocating():
    assert truth_table_inputs(12).shape == (4096, 12)
    with pytest.raises(ValueError, match=f"num_inputs is 30 .int.; expected an integer >= 1 and <= {MAX_TRUTH_TABLE_INPUTS}"):
        truth_table_inputs(30)


@pytest.mark.parametrize("call, message", [
    (lambda: truth_table_inputs(0), "num_inputs is 0"),
    (lambda: truth_table_inputs(MAX_TRUTH_TABLE_INPUTS + 1), "num_inputs is 21"),
    (lambda: truth_table_inputs(2.0), "num_inputs is 2.0"),
    (lambda: truth_table_inputs(True), "num_inputs is True"),
    (lambda: boolean_function("nor", truth_table_inputs(2)), "name is 'nor'"),
    (lambda: boolean_function("xor", truth_table_inputs(3)), "xor takes 2 inputs"),
    (lambda: boolean_function("xor", [[0.5, 1.0]]), "x holds values other than"),
    (lambda: name_two_input_function([1, -1, 1]), "y has shape"),
    (lambda: adaline_output([1, 2], truth_table_inputs(2)), "w has shape"),
    (lambda: adaline_output([np.nan, 1, 2], truth_table_inputs(2)), "w holds NaN or infinite values"),
    (lambda: madaline_output(np.ones((2, 3)), [np.inf, 1, 1], truth_table_inputs(2)), "w2 holds NaN or infinite values"),
    (lambda: madaline_output(np.ones((2, 2)), np.ones(3), truth_table_inputs(2)), "W1 has shape"),
    (lambda: least_squares_weights([[1, 1]], [1, -1]), "to match the rows of x"),
    (lambda: max_margin_weights([[1, 1], [-1, 1]], [1, 1]), "single class"),
    (lambda: mrii_train([[1, 2]], [1], rng=np.random.default_rng(0)), "x holds values other than"),
    (lambda: mrii_train([[1, 1]], [1], rng=0), r"rng is 0 \(int\); expected a numpy"),
    (lambda: mrii_train([[1, 1]], [1], num_hidden=0, rng=np.random.default_rng(0)), "num_hidden is 0"),
    (lambda: mrii_train([[1, 1]], [1], num_hidden=9, rng=np.random.default_rng(0)), "num_hidden is 9"),
    (lambda: mrii_train([[1, 1]], [1], num_starts=0, rng=np.random.default_rng(0)), "num_starts is 0"),
    (lambda: mrii_train([[1, 1]], [1], max_epochs=1.5, rng=np.random.default_rng(0)), "max_epochs is 1.5"),
    (lambda: mrii_train([[1, 1]], [1], init_scale=-1.0, rng=np.random.default_rng(0)), "init_scale is -1.0"),
    (lambda: mrii_train([[1, 1]], [1], init_scale=np.nan, rng=np.random.default_rng(0)), "init_scale is nan"),
    (lambda: mrii_xor_solutions(0, rng=np.random.default_rng(0)), "num_starts is 0"),
    (lambda: mrii_xor_solutions(1, max_epochs=1, rng=np.random.default_rng(0)), "no start of 1"),
    (lambda: canonical_madaline(np.zeros((2, 3)), np.ones(3)), "all-zero unit"),
    (lambda: canonical_madaline(np.ones((2, 3)), np.ones(2)), "w2 has shape"),
    (lambda: boundary_geometry([[1.0, 0.0, 0.0]]), "W has shape"),
    (lambda: round_clean([1.0], decimals=-1), "decimals is -1"),
])
def test_bad_arguments_raise_one_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        call()
