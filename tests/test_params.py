"""hw1.params: good parameters pass through, each bad one stops with one sentence naming it."""
import math

import numpy as np
import pytest

from hw1 import params


def test_good_values_pass_through():
    assert params.check_scalar("N", 3, int, min_val=1, max_val=3) == 3
    assert params.check_scalar("LR", 1, float, **params.POSITIVE) == 1.0
    assert params.check_choice("ACT", "relu", ("relu", "sigmoid")) == "relu"


@pytest.mark.parametrize("call, message", [
    (lambda: params.check_scalar("NUM_EPOCHS", 1.5, int, min_val=1), r"NUM_EPOCHS is 1\.5 \(float\); expected an integer >= 1\."),
    (lambda: params.check_scalar("NUM_EPOCHS", -1, int, min_val=1), r"NUM_EPOCHS is -1 \(int\); expected an integer >= 1\."),
    (lambda: params.check_scalar("SEED", True, int), r"SEED is True \(bool\); expected an integer\."),
    (lambda: params.check_scalar("BATCH", 9, int, min_val=1, max_val=8), r"expected an integer >= 1 and <= 8\."),
    (lambda: params.check_scalar("LR", "abc", float, **params.POSITIVE), r"LR is 'abc' \(str\); expected a finite number > 0\."),
    (lambda: params.check_scalar("LR", math.inf, float), r"LR is inf \(float\); expected a finite number\."),
    (lambda: params.check_scalar("LR", 0.0, float, **params.POSITIVE), r"LR is 0\.0 \(float\); expected a finite number > 0\."),
    (lambda: params.check_choice("ACT", "tanh", ("relu", "sigmoid")), r"ACT is 'tanh' \(str\); expected one of 'relu', 'sigmoid'\."),
])
def test_bad_values_name_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_several_bounds_read_as_one_sentence():
    with pytest.raises(ValueError, match=r"LR is 2\.0 \(float\); expected a finite number > 0 and <= 1\.$"):
        params.check_scalar("LR", 2.0, float, min_val=0, max_val=1, include_boundaries="right")


@pytest.mark.parametrize("call, message", [
    (lambda: params.check_scalar("lr", 0.0, float, min_val=0, include_boundaries="right"),
     r"^lr is 0\.0 \(float\); expected a finite number > 0\.$"),
    (lambda: params.check_scalar("p", 1.0, float, min_val=0, max_val=1, include_boundaries="left"),
     r"^p is 1\.0 \(float\); expected a finite number >= 0 and < 1\.$"),
    (lambda: params.check_scalar("n", 3.0, int), r"^n is 3\.0 \(float\); expected an integer\.$"),
    (lambda: params.check_scalar("n", None, int, min_val=1), r"^n is None; expected an integer >= 1\.$"),
    (lambda: params.check_array("X", None), r"^X is None; expected a non-empty finite array of numbers\.$"),
    (lambda: params.check_array("X", "abc"), r"^X is 'abc' \(str\); expected"),
    (lambda: params.check_array("X", [[1, 2], [3]]), r"^X is \[\[1, 2\], \[3\]\] \(list\); expected a non-empty finite array"),
    (lambda: params.check_array("X", [True, False]), r"^X is \[True, False\] \(list\) with dtype bool; expected"),
    (lambda: params.check_array("X", [1 + 1j]), r"^X is .* with dtype complex128; expected"),
    (lambda: params.check_array("X", np.ones(3), ndim=2), r"^X has shape \(3,\); expected a non-empty finite 2-D"),
    (lambda: params.check_array("D", np.ones(3), shape=(4,), to_match="the rows of X"),
     r"^D has shape \(3,\); expected .* of shape \(4,\) to match the rows of X\.$"),
    (lambda: params.check_array("X", np.ones((0, 3))), r"^X is empty \(shape \(0, 3\)\); expected a non-empty"),
    (lambda: params.check_array("X", [1.0, np.inf]), r"^X holds NaN or infinite values; expected"),
    (lambda: params.check_array("X", [1.0, 1e200], max_abs=1e150), r"^X holds values larger than 1e\+150"),
    (lambda: params.check_int_array("sizes", [3, 0], min_val=1), r"^sizes is \[3, 0\]; expected integers >= 1\.$"),
    (lambda: params.check_int_array("sizes", [3.0], min_val=1), r"^sizes is \[3\.0\]; expected integers >= 1\.$"),
    (lambda: params.check_type("ax", None, int, "a matplotlib Axes"), r"^ax is None; expected a matplotlib Axes\.$"),
    (lambda: params.check_text("title", ""), r"^title is '' \(str\); expected a non-empty string\.$"),
])
def test_shared_checkers_say_one_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_check_array_keeps_or_converts_the_dtype_and_lets_overflow_through_when_asked():
    assert params.check_array("image", np.zeros((2, 2), np.uint8), dtype=None).dtype == np.uint8
    assert params.check_array("x", [1, 2]).dtype == np.float64
    assert params.check_array("empty", [], allow_empty=True).shape == (0,)
    radius = params.check_array("A", [[np.inf]], finite=False)  # an overflowed epoch map is a result
    assert np.isinf(radius[0, 0])
    assert params.check_int_array("sizes", np.array([3, 5], np.int32)) == [3, 5]
    assert params.check_scalar("n", np.int64(4), int) == 4 and params.check_scalar("lr", 1, float) == 1.0
