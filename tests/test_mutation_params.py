"""hw1.params, the cases mutation testing found untested (issue 21): the exact sentence for each kind of
value `describe` meets (long, multi-line, array-like, numpy scalar), the message's wording for every
option of check_array, and the boundaries (a value exactly at max_abs, a minimum of exactly 0).
Every expected string is written out by hand from the documented format, not produced by the code."""
import numpy as np
import pytest

from hw1 import params


class TwoLines:
    def __repr__(self):
        return "first line\nsecond line"


@pytest.mark.parametrize("value, expected", [
    (None, "None"),
    (3, "3 (int)"),
    (np.zeros((0, 3)), "a ndarray of shape (0, 3)"),
    (np.float64(2.5), "np.float64(2.5) (float64)"),  # has a shape, (), but is a number
    ("x" * 58, "'" + "x" * 58 + "' (str)"),  # repr of 60 characters: the longest kept whole
    ("x" * 59, "'" + "x" * 56 + "... (str)"),  # 61: cut to 57 characters and "..."
    (list(range(30)), "a list of 30 items"),
    ({i: i for i in range(30)}, "a dict of 30 items"),
    (TwoLines(), "first line second line... (TwoLines)"),  # short, but on two lines
])
def test_describe_says_what_came(value, expected):
    assert params.describe(value) == expected


@pytest.mark.parametrize("call, message", [
    (lambda: params.check_array("X", np.ones(3), ndim=range(2, 5)),
     "X has shape (3,); expected a non-empty finite 2-D or higher array of numbers."),
    (lambda: params.check_array("D", np.ones((3, 2)), shape=(None, 3)),
     "D has shape (3, 2); expected a non-empty finite 2-D array of numbers of shape (any, 3)."),
    (lambda: params.check_array("X", np.ones(3), ndim=2, allow_empty=True),
     "X has shape (3,); expected a finite 2-D array of numbers."),
    (lambda: params.check_array("A", np.ones(3), ndim=2, finite=False),
     "A has shape (3,); expected a non-empty 2-D array of numbers."),
    (lambda: params.check_array("X", [1.0, -2e150], max_abs=1e150),
     "X holds values larger than 1e+150 in magnitude; expected a non-empty finite array of numbers."),
    (lambda: params.check_int_array("sizes", [[1, 2]]),
     "sizes has shape (1, 2); expected a non-empty finite 1-D array of numbers."),
    (lambda: params.check_scalar("LR", 0.0, float, **params.POSITIVE),
     "LR is 0.0 (float); expected a finite number > 0."),
    (lambda: params.check_scalar("LR", 0.3, float, min_val=0.5),
     "LR is 0.3 (float); expected a finite number >= 0.5."),
    (lambda: params.check_type("flag", True, int, "an integer"), "flag is True (bool); expected an integer."),
])
def test_whole_sentence(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


def test_the_largest_magnitude_allowed_passes():
    assert params.check_array("X", [-1e150, 1e150], max_abs=1e150).tolist() == [-1e150, 1e150]


def test_check_array_converts_to_the_dtype_asked_without_copying_what_is_already_it():
    assert params.check_array("x", [1, 2], dtype=np.float32).dtype == np.float32
    a = np.arange(3.0)
    assert params.check_array("a", a) is a  # float64 already: no copy of a large array


def test_a_bool_passes_check_type_only_when_bool_is_asked_for():
    assert params.check_type("flag", True, bool, "a bool") is True
    assert params.check_type("flag", True, (int, bool), "a bool or an integer") is True
    assert params.check_type("n", 3, int, "an integer") == 3
