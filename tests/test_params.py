"""hw1.params: good parameters pass through, each bad one stops with one sentence naming it."""
import math

import pytest

from hw1 import params


def test_good_values_pass_through():
    assert params.check_int("N", 3, minimum=1, maximum=3) == 3
    assert params.check_float("LR", 1, strictly_positive=True) == 1.0
    assert params.check_choice("ACT", "relu", ("relu", "sigmoid")) == "relu"


@pytest.mark.parametrize("call, message", [
    (lambda: params.check_int("NUM_EPOCHS", 1.5, minimum=1), r"NUM_EPOCHS is 1\.5 \(float\); expected an integer >= 1\."),
    (lambda: params.check_int("NUM_EPOCHS", -1, minimum=1), r"NUM_EPOCHS is -1 \(int\); expected an integer >= 1\."),
    (lambda: params.check_int("SEED", True), r"SEED is True \(bool\); expected an integer\."),
    (lambda: params.check_int("BATCH", 9, minimum=1, maximum=8), r"expected an integer >= 1 and <= 8\."),
    (lambda: params.check_float("LR", "abc", strictly_positive=True), r"LR is 'abc' \(str\); expected a finite number > 0\."),
    (lambda: params.check_float("LR", math.inf), r"LR is inf \(float\); expected a finite number\."),
    (lambda: params.check_float("LR", 0.0, strictly_positive=True), r"LR is 0\.0 \(float\); expected a finite number > 0\."),
    (lambda: params.check_choice("ACT", "tanh", ("relu", "sigmoid")), r"ACT is 'tanh' \(str\); expected one of 'relu', 'sigmoid'\."),
])
def test_bad_values_name_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_several_bounds_read_as_one_sentence():
    with pytest.raises(ValueError, match=r"LR is 2\.0 \(float\); expected a finite number > 0 and <= 1\.$"):
        params.check_float("LR", 2.0, maximum=1, strictly_positive=True)
