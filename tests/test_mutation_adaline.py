"""hw1.adaline, the cases mutation testing found untested (issue 21): every refusal as a whole sentence,
the names of all sixteen two-input functions, majority with an even number of inputs (a tie is false),
and the parts of MRII and the XOR experiment that were only checked in pieces. Expected values are
worked by hand from the assignment's Problem 2 (sign activations, truth tables, boundary lines), written
with Python booleans, or found by brute force; never produced by the code under test."""
import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from helpers import whole
from hw1 import adaline
from hw1.adaline import (
    adaline_output, bipolar_sign, boolean_function, boundary_geometry, canonical_madaline,
    least_squares_weights, madaline_output, max_margin_weights, mrii_train, mrii_xor_solutions,
    name_two_input_function, round_clean, truth_table_inputs,
)

TT2 = [[-1, -1], [-1, 1], [1, -1], [1, 1]]  # the truth table of two inputs, written out
BIPOLAR_2D = "expected a non-empty finite 2-D array of entries -1 or +1."
NUMBERS_2D = "expected a non-empty finite 2-D array of numbers."
NUMBERS_1D = "expected a non-empty finite 1-D array of numbers."
ONLY_BIPOLAR = "holds values other than -1 and +1; "


def rng():
    return np.random.default_rng(0)


@pytest.mark.parametrize("call, message", [
    (lambda: bipolar_sign("a"), "s is 'a' (str); expected a finite array of numbers."),
    (lambda: truth_table_inputs(0), "num_inputs is 0 (int); expected an integer >= 1 and <= 20."),
    (lambda: truth_table_inputs(21), "num_inputs is 21 (int); expected an integer >= 1 and <= 20."),
    (lambda: boolean_function("nor", TT2), "name is 'nor' (str); expected one of 'nand', 'majority', 'xor'."),
    (lambda: boolean_function("nand", [1, -1]), "x has shape (2,); " + BIPOLAR_2D),
    (lambda: boolean_function("majority", [[0, 1]]), "x " + ONLY_BIPOLAR + BIPOLAR_2D),
    (lambda: boolean_function("xor", [[1, 1, 1]]), "xor takes 2 inputs; x has 3 columns."),
    (lambda: boolean_function("nand", [[1], [-1]]), "nand takes 2 inputs; x has 1 columns."),
    (lambda: name_two_input_function([1, -1, 1]),
     "y has shape (3,); expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,)."),
    (lambda: name_two_input_function([[1, -1, 1, 1]]),
     "y has shape (1, 4); expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,)."),
    (lambda: name_two_input_function([1, 0, 1, 1]),
     "y " + ONLY_BIPOLAR + "expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,)."),
    (lambda: name_two_input_function([1, 1, 1, 1], ("a",)), "inputs is ('a',) (tuple); expected two names (str, str)."),
    (lambda: name_two_input_function([1, 1, 1, 1], "ab"), "inputs is 'ab' (str); expected two names (str, str)."),
    (lambda: name_two_input_function([1, 1, 1, 1], ["a", 2]), "inputs is ['a', 2] (list); expected two names (str, str)."),
    (lambda: name_two_input_function([1, 1, 1, 1], (1, "b")), "inputs is (1, 'b') (tuple); expected two names (str, str)."),
    (lambda: name_two_input_function([1, 1, 1, 1], ("a", "b", "c")),
     "inputs is ('a', 'b', 'c') (tuple); expected two names (str, str)."),
    (lambda: adaline_output([1.0, 2.0, 3.0], [1.0, 2.0]), "x has shape (2,); " + NUMBERS_2D),
    (lambda: adaline_output([[1.0, 2.0, 3.0]], TT2), "w has shape (1, 3); " + NUMBERS_1D),
    (lambda: adaline_output([1.0, 2.0], TT2),
     "w has shape (2,) and x (4, 2); expected x (num_rows, n) and w (n + 1,)."),
    (lambda: madaline_output([0.5, 1.0, 1.0], [1.0, 1.0], TT2), "W1 has shape (3,); " + NUMBERS_2D),
    (lambda: madaline_output([[0.5, 1.0, 1.0]], [1.0, 1.0], [1.0, 1.0]), "x has shape (2,); " + NUMBERS_2D),
    (lambda: madaline_output([[0.5, 1.0, 1.0]], [1.0, 1.0, 1.0], TT2),
     "w2 has shape (3,); expected a non-empty finite 1-D array of numbers of shape (2,)."),
    (lambda: madaline_output([[0.5, 1.0]], [1.0, 1.0], TT2),
     "W1 has shape (1, 2) and x (4, 2); expected x (num_rows, n) and W1 (m, n + 1)."),
    (lambda: least_squares_weights([[1, 0.5]], [1]), "x " + ONLY_BIPOLAR + BIPOLAR_2D),
    (lambda: least_squares_weights(TT2, [1, 1, 1]),
     "d has shape (3,); expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,) to match the rows of x."),
    (lambda: least_squares_weights(TT2, [1, 1, 1, 0]),
     "d " + ONLY_BIPOLAR + "expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,) to match the rows of x."),
    (lambda: max_margin_weights([1, -1], [1, -1]), "x has shape (2,); " + BIPOLAR_2D),
    (lambda: max_margin_weights(TT2, [1, -1]),
     "d has shape (2,); expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,) to match the rows of x."),
    (lambda: max_margin_weights(TT2, [-1, -1, -1, -1]), "d has a single class; expected both +1 and -1 targets."),
    (lambda: mrii_train([[2, 1]], [1], rng=rng()), "x " + ONLY_BIPOLAR + BIPOLAR_2D),
    (lambda: mrii_train(TT2, [1, -1, 1], rng=rng()),
     "d has shape (3,); expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,) to match the rows of x."),
    (lambda: mrii_train(TT2, [1, -1, 1, -1], num_starts=0, rng=rng()), "num_starts is 0 (int); expected an integer >= 1."),
    (lambda: mrii_train(TT2, [1, -1, 1, -1], num_hidden=0, rng=rng()),
     "num_hidden is 0 (int); expected an integer >= 1 and <= 8."),
    (lambda: mrii_train(TT2, [1, -1, 1, -1], num_hidden=9, rng=rng()),
     "num_hidden is 9 (int); expected an integer >= 1 and <= 8."),
    (lambda: mrii_train(TT2, [1, -1, 1, -1], max_epochs=0, rng=rng()), "max_epochs is 0 (int); expected an integer >= 1."),
    (lambda: mrii_train(TT2, [1, -1, 1, -1], init_scale=0.0, rng=rng()),
     "init_scale is 0.0 (float); expected a finite number > 0."),
    (lambda: mrii_train(TT2, [1, -1, 1, -1], rng=None), "rng is None; expected a numpy.random.Generator."),
    (lambda: mrii_xor_solutions(1, max_epochs=1, rng=rng()),
     "no start of 1 solved XOR; expected at least one (try more starts)."),
    (lambda: canonical_madaline([1.0, 1.0, 1.0], [1.0, 1.0]),
     "W1 has shape (3,); expected a non-empty finite 2-D or higher array of numbers."),
    (lambda: canonical_madaline([[1.0, 1.0, 1.0]], 1.0),
     "w2 has shape (); expected a non-empty finite 1-D or higher array of numbers."),
    (lambda: canonical_madaline(np.ones((2, 3)), np.ones(2)), "w2 has shape (2,); expected (3,) for W1 of shape (2, 3)."),
    (lambda: canonical_madaline(np.ones((5, 2, 3)), np.ones((5, 2))),
     "w2 has shape (5, 2); expected (5, 3) for W1 of shape (5, 2, 3)."),
    (lambda: canonical_madaline(np.ones((2, 3)), np.ones(3), key=[1.0, 2.0, 3.0]),
     "key has shape (3,); expected a non-empty finite 1-D array of numbers of shape (2,)."),
    (lambda: canonical_madaline([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]], np.ones(3)),
     "W1 or w2 has an all-zero unit; expected every unit to have a nonzero weight vector."),
    (lambda: canonical_madaline(np.ones((2, 3)), np.zeros(3)),
     "W1 or w2 has an all-zero unit; expected every unit to have a nonzero weight vector."),
    (lambda: round_clean("a"), "a is 'a' (str); expected a finite array of numbers."),
    (lambda: round_clean([1.0], decimals=-1), "decimals is -1 (int); expected an integer >= 0."),
    (lambda: boundary_geometry(1.0), "W has shape (); expected a non-empty finite 1-D or higher array of numbers."),
    (lambda: boundary_geometry([1.0, 1.0]),
     "W has shape (2,); expected (..., 3) with (w1, w2) nonzero in every row."),
    (lambda: boundary_geometry([[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]]),
     "W has shape (2, 3); expected (..., 3) with (w1, w2) nonzero in every row."),
])
def test_whole_sentence(call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()


def test_a_failed_margin_program_is_one_sentence_with_the_solver_s_reason(monkeypatch):
    class Failed:
        status, message = 2, "The problem is infeasible."

    monkeypatch.setattr(adaline, "linprog", lambda *args, **kwargs: Failed())
    with pytest.raises(ValueError, match=whole("the margin linear program failed: The problem is infeasible.")):
        max_margin_weights(TT2, [1, 1, 1, -1])


# all sixteen functions of (a, b), with Python booleans, and their names for inputs called p and q
SIXTEEN = [
    (lambda a, b: False, "FALSE"), (lambda a, b: a and b, "AND"), (lambda a, b: a and not b, "p AND NOT q"),
    (lambda a, b: a, "p"), (lambda a, b: not a and b, "NOT p AND q"), (lambda a, b: b, "q"),
    (lambda a, b: a != b, "XOR"), (lambda a, b: a or b, "OR"), (lambda a, b: not (a or b), "NOR"),
    (lambda a, b: a == b, "XNOR"), (lambda a, b: not b, "NOT q"), (lambda a, b: a or not b, "p OR NOT q"),
    (lambda a, b: not a, "NOT p"), (lambda a, b: not a or b, "NOT p OR q"), (lambda a, b: not (a and b), "NAND"),
    (lambda a, b: True, "TRUE"),
]


@pytest.mark.parametrize("logic, name", SIXTEEN, ids=[name for _, name in SIXTEEN])
def test_every_two_input_function_by_its_name(logic, name):
    y = [1 if logic(a > 0, b > 0) else -1 for a, b in TT2]
    assert name_two_input_function(y, ("p", "q")) == name
    assert name_two_input_function(y, ["p", "q"]) == name  # a list of two names is as good as a tuple
    assert name_two_input_function(np.array(y, dtype=float)) == name.replace("p", "x1").replace("q", "x2")


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_majority_is_true_only_when_more_than_half_are_true(n):
    # with an even number of inputs a tie (half true) is not a majority: n = 2 is AND
    rows = list(itertools.product([-1, 1], repeat=n))
    want = [1.0 if sum(v > 0 for v in row) * 2 > n else -1.0 for row in rows]
    assert_array_equal(boolean_function("majority", rows), want)


def test_majority_of_two_is_and_and_of_one_is_the_input():
    assert_array_equal(boolean_function("majority", TT2), [-1, -1, -1, 1])
    assert_array_equal(boolean_function("majority", [[-1], [1]]), [-1, 1])


def test_nand_and_xor_on_rows_in_any_order():
    rows = [[1, 1], [1, -1], [-1, 1], [-1, -1], [1, 1]]
    assert_array_equal(boolean_function("nand", rows), [-1, 1, 1, 1, -1])
    assert_array_equal(boolean_function("xor", rows), [-1, 1, 1, -1, -1])


def test_sign_of_an_empty_array_is_empty_and_of_a_scalar_a_scalar():
    out = bipolar_sign([])
    assert out.shape == (0,) and out.dtype == np.float64
    assert bipolar_sign(-0.25) == -1.0 and bipolar_sign(0.0) == 1.0
    assert_array_equal(bipolar_sign([[2.0, -3.0], [0.0, -1e-300]]), [[1.0, -1.0], [1.0, -1.0]])


def test_truth_table_of_one_input():
    assert_array_equal(truth_table_inputs(1), [[-1.0], [1.0]])


def test_round_clean_keeps_six_decimals_by_default_and_takes_an_empty_array():
    assert_array_equal(round_clean([0.1234564, 0.1234566, -0.0000004]), [0.123456, 0.123457, 0.0])
    assert str(round_clean([-0.0000004])[0]) == "0.0"
    assert_array_equal(round_clean([2.345], decimals=1), [2.3])
    assert_array_equal(round_clean([2.5, 3.5], decimals=0), [2.0, 4.0])  # numpy rounds half to even
    assert round_clean([]).shape == (0,)


@pytest.mark.parametrize("call, message", [
    (lambda: least_squares_weights([1, -1], [1, -1]), "x has shape (2,); " + BIPOLAR_2D),
    (lambda: max_margin_weights([[1, 0.5]], [1]), "x " + ONLY_BIPOLAR + BIPOLAR_2D),
    (lambda: max_margin_weights(TT2, [1, -1, 2, 1]),
     "d " + ONLY_BIPOLAR + "expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,) to match the rows of x."),
    (lambda: max_margin_weights([[1, 1]], [1]), "d has a single class; expected both +1 and -1 targets."),  # one row
    (lambda: mrii_train([1, -1], [1, -1], rng=rng()), "x has shape (2,); " + BIPOLAR_2D),
    (lambda: mrii_train(TT2, [1, -1, 0, 1], rng=rng()),
     "d " + ONLY_BIPOLAR + "expected a non-empty finite 1-D array of entries -1 or +1 of shape (4,) to match the rows of x."),
])
def test_whole_sentence_more(call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()


def test_boundary_geometry_of_one_weight_vector_and_of_a_stack():
    # w = (0.5, -1, 1): normal (-1, 1) at 135 degrees, the line x2 = x1 - 0.5 at distance 0.5 / sqrt(2),
    # on the side opposite to the normal
    angle, offset = boundary_geometry([0.5, -1.0, 1.0])
    assert angle.shape == () and angle == pytest.approx(135.0) and offset == pytest.approx(-0.5 / np.sqrt(2))
    # a (2, 1, 3) stack: (2, 0, -2) points down, x2 = 1 at distance 1; (0, 3, 4) through the origin, a 3-4-5 normal
    angle, offset = boundary_geometry([[[2.0, 0.0, -2.0]], [[0.0, 3.0, 4.0]]])
    assert angle.shape == offset.shape == (2, 1)
    assert_allclose(angle, [[-90.0], [np.degrees(np.arctan(4 / 3))]])
    assert_allclose(offset, [[-1.0], [0.0]], atol=1e-15)


def test_canonical_madaline_sorts_units_by_their_weights_column_by_column():
    # rows are scaled to unit norm, then sorted by w0, ties by w1, then by w2; the output weights follow
    W1, w2 = canonical_madaline([[1.2, 0.0, 1.6], [3.0, 0.0, -4.0]], [0.0, 3.0, 4.0])  # w0 and w1 tie: w2 decides
    assert_allclose(W1, [[0.6, 0.0, -0.8], [0.6, 0.0, 0.8]])
    assert_allclose(w2, [0.0, 0.8, 0.6])
    W1, w2 = canonical_madaline([[0.8, 0.0, 0.6], [0.6, 0.0, 0.8]], [1.0, 0.0, 0.0])  # w0 decides, before w2
    assert_allclose(W1, [[0.6, 0.0, 0.8], [0.8, 0.0, 0.6]])
    assert_allclose(w2, [1.0, 0.0, 0.0])  # already of unit norm: kept
    W1, w2 = canonical_madaline([[0.6, 0.8, 0.0], [0.6, 0.0, 0.8]], [2.0, 0.0, 0.0])  # w0 ties: w1 decides, before w2
    assert_allclose(W1, [[0.6, 0.0, 0.8], [0.6, 0.8, 0.0]])
    assert_allclose(w2, [1.0, 0.0, 0.0])


def test_canonical_madaline_key_comes_first_and_a_stack_is_done_network_by_network():
    W1, w2 = canonical_madaline([[0.6, 0.0, 0.8], [0.8, 0.0, 0.6]], [0.0, 1.0, 2.0], key=[1, 0])
    assert_allclose(W1, [[0.8, 0.0, 0.6], [0.6, 0.0, 0.8]])
    assert_allclose(w2, [0.0, 2.0, 1.0] / np.sqrt(5))
    # two networks of 2 hidden units and 3 weights each, their output weights of norms 5 and 2
    W1, w2 = canonical_madaline([[[1.2, 0.0, 1.6], [3.0, 0.0, -4.0]], [[0.6, 0.0, 0.8], [0.8, 0.0, 0.6]]],
                                [[0.0, 3.0, 4.0], [0.0, 0.0, 2.0]])
    assert_allclose(W1, [[[0.6, 0.0, -0.8], [0.6, 0.0, 0.8]], [[0.6, 0.0, 0.8], [0.8, 0.0, 0.6]]])
    assert_allclose(w2, [[0.0, 0.8, 0.6], [0.0, 0.0, 1.0]])


class Preset(np.random.Generator):
    """A numpy Generator whose ``uniform`` returns the given arrays in turn (the initial weights) and
    records its bounds; every other draw (the row orders) is PCG64's from ``seed``."""

    def __init__(self, arrays, seed):
        super().__init__(np.random.PCG64(seed))
        self.arrays, self.bounds = list(arrays), []

    def uniform(self, low, high, size):
        self.bounds.append((low, high))
        if not self.arrays:
            return super().uniform(low, high, size)
        return np.array(self.arrays.pop(0), dtype=float).reshape(size)


def plain_mrii(x, d, rng, num_starts, num_hidden, max_epochs=50, init_scale=0.1):
    """MRII written plainly for several starts: Python loops over starts, rows, trials and units.

    It draws from ``rng`` as the batched version does: all hidden weights, all output weights, then,
    in each epoch that some start still needs, one row order per start.
    """
    def alpha_lms(w, row, target):
        return w + (target - w @ row) * row / (row @ row)

    def output(W1, w2, row):
        return bipolar_sign(w2[0] + bipolar_sign(W1 @ row) @ w2[1:])

    def count_errors(W1, w2):
        return sum(output(W1, w2, row) != dk for row, dk in zip(xa, d))

    xa = np.column_stack([np.ones(len(x)), x])
    W1s = list(rng.uniform(-init_scale, init_scale, (num_starts, num_hidden, x.shape[1] + 1)))
    w2s = list(rng.uniform(-init_scale, init_scale, (num_starts, num_hidden + 1)))
    errors = [count_errors(W1, w2) for W1, w2 in zip(W1s, w2s)]
    epochs = [0] * num_starts
    for _ in range(max_epochs):
        if not any(errors):
            break
        orders = rng.permuted(np.tile(np.arange(len(x)), (num_starts, 1)), axis=1)
        for i in range(num_starts):
            if errors[i] == 0:
                continue
            epochs[i] += 1
            for k in orders[i]:
                W1, w2 = W1s[i], w2s[i]
                s1 = W1 @ xa[k]
                h = bipolar_sign(s1)
                if output(W1, w2, xa[k]) == d[k]:
                    continue
                order = sorted(range(num_hidden), key=lambda j: abs(s1[j]))  # ties keep the units' order
                trials = [units for size in range(1, num_hidden + 1) for units in itertools.combinations(order, size)]
                for units in trials:
                    trial = W1.copy()
                    for j in units:
                        trial[j] = alpha_lms(W1[j], xa[k], -h[j])
                    trial_errors = count_errors(trial, w2)
                    if output(trial, w2, xa[k]) == d[k] and trial_errors <= errors[i]:
                        W1s[i], errors[i] = trial, trial_errors
                        break
                else:
                    w2s[i] = alpha_lms(w2, np.concatenate([[1.0], h]), d[k])
                    errors[i] = count_errors(W1, w2s[i])
    return np.array(W1s), np.array(w2s), np.array(errors), np.array(epochs)


@pytest.mark.parametrize("name, n, num_hidden, num_starts, seed", [("xor", 2, 2, 24, 3), ("majority", 3, 3, 6, 4)])
def test_batched_mrii_matches_the_plain_loop_start_by_start(name, n, num_hidden, num_starts, seed):
    # many starts at once: each start draws its own row order in every epoch and keeps its own count
    x = truth_table_inputs(n)
    d = boolean_function(name, x)
    fits = mrii_train(x, d, num_starts=num_starts, num_hidden=num_hidden, max_epochs=20, rng=np.random.default_rng(seed))
    W1, w2, errors, epochs = plain_mrii(x, d, np.random.default_rng(seed), num_starts, num_hidden, max_epochs=20)
    assert_allclose(fits.W1, W1, rtol=1e-12, atol=1e-12)
    assert_allclose(fits.w2, w2, rtol=1e-12, atol=1e-12)
    assert_array_equal(fits.num_errors, errors)
    assert_array_equal(fits.num_epochs, epochs)
    assert fits.num_epochs.dtype.kind == "i" and fits.num_errors.dtype.kind == "i"  # counts
    assert len(set(epochs.tolist())) > 1, "the starts must take different numbers of epochs to be a test"


@pytest.mark.parametrize("seed", range(4))
def test_mrii_tries_the_least_confident_unit_first_ties_in_unit_order(seed):
    # four hidden units, two and two identical: on every row |s| of units 1 and 2 are equal, and larger
    # than those of units 3 and 4, equal too. Unit 3 must be tried before unit 4, unit 1 before unit 2.
    x = truth_table_inputs(2)
    d = boolean_function("xor", x)
    u, v = [-0.7, -0.2, 0.1], [-0.1, 0.2, 0.0]  # |s| of u: 0.6, 0.4, 1.0, 0.8; of v: 0.3, 0.3, 0.1, 0.1
    W1, w2 = np.array([u, u, v, v]), np.array([-0.3, -0.2, -0.2, 0.4, 0.4])
    fits = mrii_train(x, d, num_hidden=4, max_epochs=1, rng=Preset([W1[None], w2[None]], seed))
    want = plain_mrii(x, d, Preset([W1[None], w2[None]], seed), 1, 4, max_epochs=1)
    assert_allclose(fits.W1, want[0], rtol=1e-12, atol=1e-12)
    assert_allclose(fits.w2, want[1], rtol=1e-12, atol=1e-12)


def test_the_xor_experiment_draws_its_weights_within_init_scale():
    spy = Preset([], seed=0)
    result = mrii_xor_solutions(10, init_scale=0.5, rng=spy)
    assert spy.bounds == [(-0.5, 0.5), (-0.5, 0.5)]  # hidden, then output weights
    assert result.fits.W1.shape == (10, 2, 3)


def test_the_xor_experiment_summary_by_hand():
    result = mrii_xor_solutions(12, rng=np.random.default_rng(7))
    epochs = sorted(result.fits.num_epochs[result.solved].tolist())
    assert len(epochs) == 11 and epochs[9:] == [4, 15]  # this draw: 11 of 12 solved
    # numpy's default percentile interpolates linearly between order statistics: the 90th of 11 values
    # sits at position 0.9 * 10 = 9 exactly; the median at position 5
    assert result.p90_epochs == epochs[9] == 4.0
    assert result.median_epochs == epochs[5] and result.max_epochs_used == 15
    # the start that failed ran the default 50 epochs
    assert result.fits.num_epochs[~result.solved].tolist() == [50]
    assert result.failed_errors == result.fits.num_errors[~result.solved].tolist()


def test_the_xor_experiment_distances_with_one_and_two_solved_runs():
    one = mrii_xor_solutions(2, rng=np.random.default_rng(1))
    assert one.solved.tolist() == [True, False]  # this draw
    assert one.weights.shape == (1, 9) and one.num_distinct == 1
    assert np.isnan(one.min_distance) and np.isnan(one.median_distance)  # no pair to measure
    two = mrii_xor_solutions(2, rng=np.random.default_rng(0))
    assert two.solved.tolist() == [True, True]  # this draw
    gap = np.sqrt(np.sum((two.weights[0] - two.weights[1]) ** 2))
    assert two.min_distance == pytest.approx(gap) and two.median_distance == pytest.approx(gap) and gap > 0.1
