"""Adalines and MRII (hw1/adaline.py) against brute force, plain Python logic and worked cases."""
import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from hw1.adaline import (
    adaline_output, bipolar_sign, boolean_function, least_squares_weights, madaline_output,
    max_margin_weights, mrii_train, name_two_input_function, truth_table_inputs,
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


def test_mrii_learns_xor_from_most_starts_with_different_weights():
    x = truth_table_inputs(2)
    d = boolean_function("xor", x)
    rng = np.random.default_rng(661)
    fits = [mrii_train(x, d, rng) for _ in range(200)]
    for fit in fits:  # the reported error count is the true one
        assert fit.n_errors == int(np.sum(madaline_output(fit.W1, fit.w2, x)[3] != d))
        assert fit.W1.shape == (2, 3) and fit.w2.shape == (3,)
    solved = [f for f in fits if f.n_errors == 0]
    assert len(solved) >= 0.9 * len(fits)
    hidden_pairs = {
        frozenset(name_two_input_function(h) for h in madaline_output(f.W1, f.w2, x)[1].T)
        for f in solved
    }
    assert len(hidden_pairs) >= 6  # the same function, learned through different hidden units


def test_mrii_is_reproducible_and_stops_at_zero_errors():
    x = truth_table_inputs(3)
    d = boolean_function("majority", x)
    a = mrii_train(x, d, np.random.default_rng(5), n_hidden=3)
    b = mrii_train(x, d, np.random.default_rng(5), n_hidden=3)
    assert_array_equal(a.W1, b.W1)
    assert_array_equal(a.w2, b.w2)
    assert a.n_epochs == b.n_epochs and a.n_errors == 0


@pytest.mark.parametrize("call", [
    lambda: mrii_train([[1, 2]], [1], np.random.default_rng(0)),
    lambda: mrii_train([[1, 1]], [1, -1], np.random.default_rng(0)),
    lambda: mrii_train([[1, 1]], [1], 0),
    lambda: mrii_train([[1, 1]], [1], np.random.default_rng(0), n_hidden=0),
    lambda: max_margin_weights([[1, 1], [-1, 1]], [1, 1]),
    lambda: boolean_function("nor", truth_table_inputs(2)),
    lambda: boolean_function("xor", truth_table_inputs(3)),
    lambda: adaline_output([1, 2], truth_table_inputs(2)),
    lambda: name_two_input_function([1, -1, 1]),
    lambda: truth_table_inputs(0),
])
def test_bad_arguments_raise_value_error(call):
    with pytest.raises(ValueError):
        call()
