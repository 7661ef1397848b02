"""Hand-written back propagation against torch autograd (float64) and central finite differences."""
import numpy as np
import pytest
import scipy.special
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from hw1.backprop import (
    ACTIVATIONS, EXACT_TOLERANCE, FD_TOLERANCE, PARAMS, GradientCheck, activation_and_slope, autograd_grads, backward, finite_difference_errors,
    finite_difference_grads, forward, gradient_check, gradient_step, jacobian_to_grad, kron_jacobians,
    loss_and_grads, losses_after_step, problem_3_2, sigmoid, step_check, vec,
)


def torch_reference(params, x1, t, activation):
    """The network built from torch.nn.Linear on row-major samples (B, n): no code shared with hw1."""
    W1, W2 = (np.asarray(params[p]) for p in ("W1", "W2"))
    lin1 = torch.nn.Linear(W1.shape[1], W1.shape[0], dtype=torch.float64)
    lin2 = torch.nn.Linear(W2.shape[1], W2.shape[0], dtype=torch.float64)
    with torch.no_grad():
        for lin, w, b in ((lin1, "W1", "b1"), (lin2, "W2", "b2")):
            lin.weight.copy_(torch.from_numpy(np.asarray(params[w])))
            lin.bias.copy_(torch.from_numpy(np.asarray(params[b])))
    rows = lambda a: torch.from_numpy(np.atleast_2d(np.asarray(a, dtype=float).T))
    act = torch.nn.Sigmoid() if activation == "sigmoid" else torch.nn.ReLU()
    out = lin2(act(lin1(rows(x1))))
    loss = torch.nn.functional.mse_loss(out, rows(t), reduction="sum") / 2
    loss.backward()
    grads = {"W1": lin1.weight.grad, "b1": lin1.bias.grad, "W2": lin2.weight.grad,
             "b2": lin2.bias.grad}
    return loss.item(), {p: g.numpy() for p, g in grads.items()}


@st.composite
def network_case(draw, batched=None):
    """Random sizes n, m, k in 1..5, one sample or a batch of 1..4, standard normal values."""
    n, m, k = (draw(st.integers(1, 5)) for _ in range(3))
    batched = draw(st.booleans()) if batched is None else batched
    cols = (draw(st.integers(1, 4)),) if batched else ()
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    params = {"W1": rng.standard_normal((m, n)), "b1": rng.standard_normal(m),
              "W2": rng.standard_normal((k, m)), "b2": rng.standard_normal(k)}
    x1, t = rng.standard_normal((n,) + cols), rng.standard_normal((k,) + cols)
    activation = draw(st.sampled_from(ACTIVATIONS))
    if activation == "relu":
        # finite differences and autograd disagree on purpose at the kink; stay 1e-3 away
        z = params["W1"] @ x1.reshape(n, -1) + params["b1"][:, None]
        assume(np.min(np.abs(z)) > 1e-3)
    return params, x1, t, activation


def test_problem_3_2_relu_by_hand():
    params, x1, t = problem_3_2()
    fwd = forward(params, x1, t, "relu")
    # on paper: z = [0 - 1 + 2 + 1, 0 + 2 - 2 + 2] = [2, 2] > 0, so x2 = z
    assert_array_equal(fwd.z, [2, 2])
    assert_array_equal(fwd.x2, [2, 2])
    assert_array_equal(fwd.slope, [1, 1])
    # x3 = [2 - 4 + 1, -6 + 2 + 1] = [-1, -3]; t - x3 = [2, 5]; L = (4 + 25) / 2
    assert_array_equal(fwd.x3, [-1, -3])
    assert fwd.loss == 14.5
    # e = x3 - t = [-2, -5]; d = W2.T e = [-2 + 15, 4 - 5] = [13, -1] (ReLU' = 1 on both units)
    assert_array_equal(fwd.e, [-2, -5])
    back = backward(fwd)
    assert_array_equal(back.delta, [13, -1])
    grads = back.grads
    assert_array_equal(grads["b2"], [-2, -5])
    assert_array_equal(grads["W2"], [[-4, -4], [-10, -10]])
    assert_array_equal(grads["b1"], [13, -1])
    assert_array_equal(grads["W1"], [[0, 13, 26], [0, -1, -2]])


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_problem_3_2_three_ways(activation):
    params, x1, t = problem_3_2()
    loss, _, _, grads = loss_and_grads(params, x1, t, activation)
    loss_ref, grads_ref = torch_reference(params, x1, t, activation)
    fd = finite_difference_grads(params, x1, t, activation)
    assert loss == pytest.approx(loss_ref, rel=1e-14)
    for p in PARAMS:
        assert grads[p].shape == np.shape(params[p])
        assert_allclose(grads[p], grads_ref[p], rtol=1e-12, atol=1e-14, err_msg=f"d{p}: hand vs torch")
        assert_allclose(grads[p], fd[p], rtol=1e-6, atol=1e-8, err_msg=f"d{p}: hand vs finite diff")


def test_problem_3_2_sigmoid_closed_form():
    # z = [2, 2] again, so both hidden units equal s = sigmoid(2) and sigma'(z) = s (1 - s)
    params, x1, t = problem_3_2()
    s = scipy.special.expit(2.0)
    e = np.array([s - 2 * s + 1 - 1, -3 * s + s + 1 - 2])
    loss, e_lib, delta, grads = loss_and_grads(params, x1, t, "sigmoid")
    assert loss == pytest.approx(0.5 * e @ e, rel=1e-14)
    assert_allclose(e_lib, e, rtol=1e-14)
    assert_allclose(delta, params["W2"].T @ e * s * (1 - s), rtol=1e-14)
    assert_allclose(grads["W2"], np.outer(e, [s, s]), rtol=1e-14)
    assert_allclose(grads["b1"], params["W2"].T @ e * s * (1 - s), rtol=1e-14)


@settings(max_examples=60, deadline=None)
@given(network_case())
def test_hand_matches_autograd_and_finite_differences(case):
    params, x1, t, activation = case
    loss, e, delta, grads = loss_and_grads(params, x1, t, activation)
    loss_ref, grads_ref = torch_reference(params, x1, t, activation)
    fd = finite_difference_grads(params, x1, t, activation)
    auto = autograd_grads(params, x1, t, activation)
    assert loss == pytest.approx(loss_ref, rel=1e-12)
    # the errors the gradients rest on: autograd's dL/dx3 and dL/dz
    assert_allclose(e, auto.e, rtol=1e-12, atol=1e-14)
    assert_allclose(delta, auto.delta, rtol=1e-10, atol=1e-12)
    assert e.shape == t.shape and delta.shape == (params["W1"].shape[0],) + np.shape(x1)[1:]
    for p in PARAMS:
        assert grads[p].shape == params[p].shape
        assert_allclose(grads[p], grads_ref[p], rtol=1e-10, atol=1e-12, err_msg=f"d{p}: hand vs torch")
        assert_allclose(grads[p], fd[p], rtol=1e-6, atol=1e-7, err_msg=f"d{p}: hand vs finite diff")


@settings(max_examples=30, deadline=None)
@given(network_case())
def test_library_autograd_matches_nn_linear(case):
    params, x1, t, activation = case
    loss, _, _, grads = autograd_grads(params, x1, t, activation)
    loss_ref, grads_ref = torch_reference(params, x1, t, activation)
    assert loss == pytest.approx(loss_ref, rel=1e-12)
    for p in PARAMS:
        assert_allclose(grads[p], grads_ref[p], rtol=1e-12, atol=1e-14, err_msg=f"d{p}")


@settings(max_examples=30, deadline=None)
@given(network_case(batched=True))
def test_batch_is_sum_of_samples(case):
    params, x1, t, activation = case
    loss, _, _, grads = loss_and_grads(params, x1, t, activation)
    singles = [loss_and_grads(params, x1[:, b], t[:, b], activation) for b in range(x1.shape[1])]
    assert loss == pytest.approx(sum(s.loss for s in singles), rel=1e-12)
    for p in PARAMS:
        assert_allclose(grads[p], sum(s.grads[p] for s in singles), rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(network_case())
def test_layout_relation(case):
    params, x1, t, activation = case
    grads = loss_and_grads(params, x1, t, activation).grads
    jac = kron_jacobians(params, x1, t, activation)
    for p in PARAMS:
        shape = params[p].shape
        # numerator layout: dL/dvec(W) is the row vec(dW).T
        assert jac[p].shape == (1, grads[p].size)
        assert_allclose(jac[p][0], vec(grads[p]), rtol=1e-10, atol=1e-12, err_msg=f"d{p}")
        assert_allclose(jacobian_to_grad(jac[p], shape), grads[p], rtol=1e-10, atol=1e-12)
        if len(shape) == 2:
            # row-major reshape to (n, m) is the numerator-layout matrix, dW transposed
            assert_allclose(jac[p].reshape(shape[::-1]), grads[p].T, rtol=1e-10, atol=1e-12)


def test_vec_stacks_columns():
    A = np.array([[1, 2, 3], [4, 5, 6]])
    assert_array_equal(vec(A), [1, 4, 2, 5, 3, 6])
    assert_array_equal(jacobian_to_grad(vec(A)[None, :], A.shape), A)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradient_step_decrease_is_first_order(activation):
    params, x1, t = problem_3_2()
    loss, _, _, grads = loss_and_grads(params, x1, t, activation)
    sq_norm = sum(np.sum(g**2) for g in grads.values())
    for lr in (1e-3, 1e-5):
        new = gradient_step(params, grads, lr)
        drop = loss - forward(new, x1, t, activation).loss
        assert 0 < drop < lr * sq_norm
        check = step_check(params, x1, t, lr, activation)
        assert check.actual_drop == pytest.approx(drop, rel=1e-12)
        assert check.ratio == pytest.approx(drop / (lr * sq_norm), rel=1e-12)
    # as lr -> 0 the drop tends to lr * |g|^2 (Taylor), with an O(lr^2) remainder
    assert drop / (lr * sq_norm) == pytest.approx(1, abs=1e-3)
    lrs = [0.0, 1e-3, 1e-5]
    assert_allclose(losses_after_step(params, x1, t, lrs, activation),
                    [loss, step_check(params, x1, t, 1e-3, activation).loss_after,
                     step_check(params, x1, t, 1e-5, activation).loss_after], rtol=1e-14)


def test_functions_do_not_mutate_inputs():
    params, x1, t = problem_3_2()
    before = {p: a.copy() for p, a in params.items()}
    grads = loss_and_grads(params, x1, t).grads
    finite_difference_grads(params, x1, t)
    gradient_step(params, grads, 0.1)
    for p in PARAMS:
        assert_array_equal(params[p], before[p])


def test_activations_match_reference():
    z = np.array([-800.0, -3.0, 0.0, 1e-9, 2.0, 800.0])
    s, ds = activation_and_slope(z, "sigmoid")
    assert_allclose(s, scipy.special.expit(z), rtol=1e-15)
    assert_allclose(ds, scipy.special.expit(z) * scipy.special.expit(-z), rtol=1e-12, atol=1e-300)
    r, dr = activation_and_slope(z, "relu")
    zt = torch.tensor(z, requires_grad=True)
    torch.relu(zt).sum().backward()
    assert_array_equal(r, torch.relu(zt).detach().numpy())
    assert_array_equal(dr, zt.grad.numpy())  # slope 0 at z = 0, like torch
    assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=1e-15)


@pytest.mark.parametrize("change, match", [
    (lambda p, x, t: (p, x, t, "tanh"), "activation"),
    (lambda p, x, t: ({**p, "W1": p["W1"][0]}, x, t, "relu"), "W1"),
    (lambda p, x, t: ({**p, "b1": p["b1"][:, None]}, x, t, "relu"), "b1"),
    (lambda p, x, t: ({k: v for k, v in p.items() if k != "b2"}, x, t, "relu"), "params"),
    (lambda p, x, t: (p, x[:2], t, "relu"), "x1"),
    (lambda p, x, t: (p, x, t[:, None], "relu"), "t"),
])
def test_bad_arguments_raise(change, match):
    params, x1, t, activation = change(*problem_3_2())
    with pytest.raises(ValueError, match=match):
        forward(params, x1, t, activation)


@pytest.mark.parametrize("h", [0, -1e-5, np.inf, np.nan, True, "1e-5"])
def test_bad_finite_difference_step_raises(h):
    params, x1, t = problem_3_2()
    with pytest.raises(ValueError, match=r"step h is .*; expected a finite number > 0"):
        finite_difference_grads(params, x1, t, h=h)


def test_bad_jacobian_and_learning_rate_raise():
    params, x1, t = problem_3_2()
    with pytest.raises(ValueError, match="J has 5 entries"):
        jacobian_to_grad(np.zeros(5), (2, 3))
    with pytest.raises(ValueError, match="shape is"):
        jacobian_to_grad(np.zeros(6), (2, 3.0))
    grads = loss_and_grads(params, x1, t).grads
    for lr in (np.nan, np.inf, -0.1, "0.1"):
        with pytest.raises(ValueError, match="lr is"):
            gradient_step(params, grads, lr)
    with pytest.raises(ValueError, match="lr is 0"):
        step_check(params, x1, t, 0.0)
    with pytest.raises(ValueError, match=r"grads lacks \['b2'\]"):
        gradient_step(params, {p: g for p, g in grads.items() if p != "b2"}, 0.1)


@pytest.mark.parametrize("name", ["W1", "b2", "x1", "t"])
def test_non_finite_values_raise(name):
    params, x1, t = problem_3_2()
    args = {"x1": x1.copy(), "t": t.copy()} | {p: params[p].copy() for p in PARAMS}
    args[name].flat[0] = np.nan
    with pytest.raises(ValueError, match=f"{name} holds NaN or infinite values"):
        forward({p: args[p] for p in PARAMS}, args["x1"], args["t"])
    with pytest.raises(ValueError, match=r"x1 is empty \(shape \(3, 0\)\)"):
        forward(params, np.zeros((3, 0)), np.zeros((2, 0)))


def test_gradient_check_and_step_sweep_on_problem_3_2():
    params, x1, t = problem_3_2()
    check = gradient_check(params, x1, t, "relu", h=1e-5)
    assert check.max_grad == {"W1": 26.0, "b1": 13.0, "W2": 10.0, "b2": 5.0}
    assert max(check.kronecker.values()) == 0 and max(check.autograd.values()) == 0
    assert 0 < max(check.finite_diff.values()) < 1e-8
    # the sigmoid's error falls as h^2 for coarse steps: 100x smaller step, ~1e4x smaller error
    errors = finite_difference_errors(params, x1, t, [1e-1, 1e-2], "sigmoid")
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)


def test_agreement_holds_within_the_tolerances_and_fails_outside():
    params, x1, t = problem_3_2()
    assert gradient_check(params, x1, t, "sigmoid", h=1e-5).agreement() == {
        "kronecker": True, "autograd": True, "finite_diff": True}
    zero = dict.fromkeys(PARAMS, 0.0)
    at_limit = GradientCheck(zero, dict(zero, W1=EXACT_TOLERANCE), dict(zero, b2=EXACT_TOLERANCE),
                             dict(zero, W2=FD_TOLERANCE))
    assert at_limit.agreement() == {"kronecker": True, "autograd": True, "finite_diff": True}
    over = GradientCheck(zero, dict(zero, b1=2 * EXACT_TOLERANCE), zero, dict(zero, W1=2 * FD_TOLERANCE))
    assert over.agreement() == {"kronecker": False, "autograd": True, "finite_diff": False}
    # the sigmoid's finite differences at a coarse step are outside their tolerance (truncation ~h^2)
    assert gradient_check(params, x1, t, "sigmoid", h=1e-1).agreement()["finite_diff"] is False


def test_forward_sums_in_a_fixed_order_without_blas():
    """The products are the plain left-to-right sums, bit for bit, whatever BLAS kernel is loaded."""
    rng = np.random.default_rng(3)
    params = {"W1": rng.standard_normal((5, 7)), "b1": rng.standard_normal(5),
              "W2": rng.standard_normal((3, 5)), "b2": rng.standard_normal(3)}
    x1, t = rng.standard_normal((7, 4)), rng.standard_normal((3, 4))

    def left_to_right(A, B):
        out = np.zeros((A.shape[0], B.shape[1]))
        for j in range(A.shape[1]):
            out = out + A[:, j:j + 1] * B[j:j + 1, :]
        return out

    fwd = forward(params, x1, t, "sigmoid")
    z = left_to_right(params["W1"], x1) + params["b1"][:, None]
    np.testing.assert_array_equal(fwd.z, z)
    np.testing.assert_array_equal(fwd.x3, left_to_right(params["W2"], fwd.x2) + params["b2"][:, None])
