"""hw1.backprop, the cases mutation testing found untested (issue 21): every refusal checked as a whole
sentence (written out by hand from hw1.params' documented format), the assignment's numbers of problem
3.2 entry by entry, empty arrays where they are allowed, the dtype that vec and jacobian_to_grad keep
(vec's docstring example is integer), and the default finite-difference step of gradient_check."""
import numpy as np
import pytest
from numpy.testing import assert_array_equal

from hw1 import backprop

KEYS = "('W1', 'b1', 'W2', 'b2')"


def problem():
    """Problem 3.2 as the assignment prints it (ECE661 F23 HW1, equations (3) and (4)), typed in here."""
    params = {"W1": np.array([[3.0, -1.0, 1.0], [-5.0, 2.0, -1.0]]), "b1": np.array([1.0, 2.0]),
              "W2": np.array([[1.0, -2.0], [-3.0, 1.0]]), "b2": np.array([1.0, 1.0])}
    return params, np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0])


def with_entry(name, value):
    params, _, _ = problem()
    return {**params, name: value}


def test_problem_3_2_holds_the_assignments_numbers():
    """Column 0 of W1 multiplies x1[0] = 0, so no loss or gradient would notice a typo there."""
    params, x1, t = problem()
    got = backprop.problem_3_2()
    assert list(got.params) == ["W1", "b1", "W2", "b2"]
    for name in params:
        assert_array_equal(got.params[name], params[name], strict=True)
    assert_array_equal(got.x1, x1, strict=True)
    assert_array_equal(got.t, t, strict=True)


GRADS = {"W1": np.zeros((2, 3)), "b1": np.zeros(2), "W2": np.zeros((2, 2)), "b2": np.zeros(2)}


@pytest.mark.parametrize("call, message", [
    (lambda: backprop.backward("x"), "fwd is 'x' (str); expected the ForwardPass of forward()."),
    (lambda: backprop.forward(None, [0.0, 1.0, 2.0], [1.0, 2.0]),
     f"params is None; expected a dict with the keys {KEYS}."),
    (lambda: backprop.forward(with_entry("W2", np.ones((2, 3))), [0.0, 1.0, 2.0], [1.0, 2.0]),
     "W2 has shape (2, 3); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    (lambda: backprop.forward(with_entry("W2", np.ones(2)), [0.0, 1.0, 2.0], [1.0, 2.0]),
     "W2 has shape (2,); expected a non-empty finite 2-D array of numbers of shape (any, 2)."),
    (lambda: backprop.forward(with_entry("b2", np.ones(3)), [0.0, 1.0, 2.0], [1.0, 2.0]),
     "b2 has shape (3,); expected a non-empty finite 1-D array of numbers of shape (2,)."),
    (lambda: backprop.finite_difference_grads(*problem(), "tanh"),
     "activation is 'tanh' (str); expected one of 'relu', 'sigmoid'."),
    (lambda: backprop.autograd_grads(*problem(), "tanh"),
     "activation is 'tanh' (str); expected one of 'relu', 'sigmoid'."),
    (lambda: backprop.finite_difference_errors(*problem(), [[1e-2]]),
     "steps has shape (1, 1); expected a non-empty finite 1-D array of numbers."),
    (lambda: backprop.finite_difference_errors(*problem(), [1e-2, 0.0]),
     "steps holds [0.01, 0.0]; expected step sizes > 0."),
    (lambda: backprop.losses_after_step(*problem(), [[0.1]]),
     "lrs has shape (1, 1); expected a non-empty finite 1-D array of numbers."),
    (lambda: backprop.losses_after_step(*problem(), [0.1, -0.1]),
     "lrs holds [0.1, -0.1]; expected learning rates >= 0."),
    (lambda: backprop.gradient_step(None, GRADS, 0.1), f"params is None; expected a dict with the keys {KEYS}."),
    (lambda: backprop.gradient_step({"W1": np.ones((2, 3))}, GRADS, 0.1),
     f"params lacks ['b1', 'W2', 'b2']; expected the keys {KEYS}."),
    (lambda: backprop.gradient_step(with_entry("W1", np.ones((1, 2, 3))), {**GRADS, "W1": np.ones((1, 2, 3))}, 0.1),
     "W1 has shape (1, 2, 3); expected a non-empty finite 1-D or 2-D array of numbers."),
    (lambda: backprop.gradient_step(problem()[0], {**GRADS, "W1": np.ones((3, 2))}, 0.1),
     "grads W1 has shape (3, 2); expected a non-empty finite 2-D array of numbers of shape (2, 3)."),
    (lambda: backprop.gradient_step(problem()[0], {**GRADS, "b1": np.ones(1)}, 0.1),
     "grads b1 has shape (1,); expected a non-empty finite 1-D array of numbers of shape (2,)."),
    (lambda: backprop.vec(np.ones((2, 2, 2))), "A has shape (2, 2, 2); expected a finite 1-D or 2-D array of numbers."),
    # the rate is checked before the network: a negative rate is named even when the network is wrong too
    (lambda: backprop.step_check({}, [0.0], [1.0], -0.1), "lr is -0.1 (float); expected a finite number >= 0."),
])
def test_whole_sentence(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


def test_network_arrays_defaults_to_relu_and_stores_columns_of_floats():
    params = {"W1": [[3, -1, 1], [-5, 2, -1]], "b1": [1, 2], "W2": [[1, -2], [-3, 1]], "b2": [1, 1]}
    net = backprop.network_arrays(params, [0, 1, 2], [1, 2])
    assert_array_equal(net.X1, np.array([[0.0], [1.0], [2.0]]), strict=True)
    assert_array_equal(net.T, np.array([[1.0], [2.0]]), strict=True)
    assert_array_equal(net.W1, np.array([[3.0, -1.0, 1.0], [-5.0, 2.0, -1.0]]), strict=True)
    batch = backprop.network_arrays(params, np.ones((3, 4)), np.zeros((2, 4)))
    assert batch.X1.shape == (3, 4) and batch.T.shape == (2, 4)


@pytest.mark.parametrize("activation", backprop.ACTIVATIONS)
def test_activation_of_an_empty_array_is_empty(activation):
    value, slope = backprop.activation_and_slope(np.zeros((2, 0)), activation)
    assert value.shape == slope.shape == (2, 0)
    assert backprop.sigmoid(np.zeros(0)).shape == (0,)


def test_vec_and_its_inverse_keep_integers_and_accept_empty_arrays():
    A = np.array([[1, 2, 3], [4, 5, 6]])
    stacked = backprop.vec(A)
    assert_array_equal(stacked, np.array([1, 4, 2, 5, 3, 6]), strict=True)  # the docstring's example
    assert_array_equal(backprop.jacobian_to_grad(np.array([[1, 4, 2, 5, 3, 6]]), (2, 3)), A, strict=True)
    assert backprop.vec(np.zeros((0, 3))).shape == (0,)
    assert_array_equal(backprop.vec(np.array([7.0, 8.0])), [7.0, 8.0])


def test_gradient_check_default_step_agrees_on_the_sigmoid():
    """The default step (1e-5) is fine enough for the sigmoid's finite differences to meet FD_TOLERANCE;
    a coarse step such as 1e-1 does not (test_backprop checks that side)."""
    check = backprop.gradient_check(*problem(), "sigmoid")
    assert check.agreement() == {"kronecker": True, "autograd": True, "finite_diff": True}
