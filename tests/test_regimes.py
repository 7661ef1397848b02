"""Any valid input: the LMS notebook and the hand-in Lab 1 file on generated data sets in every regime,
and every notebook with other valid parameters, run as a user would run them (slow: HW1_SLOW=1).

Each data set is made here (nothing is committed) and written as a valid ``dataset.mat``; it runs
through notebooks/05_lms.ipynb (papermill, scripts/execute_notebooks.py, artefacts in a scratch
HW1_OUTPUT_DIR) and through the bundled lab1_lms.py (``python -I`` in an empty folder). Both must
finish without a traceback or a warning, agree to 8 decimals with ``numpy.linalg.lstsq`` for W* and
with the plain LMS loop written below for W after 20 epochs (a diverged run's huge weights, printed to
8 significant digits, to a relative 1e-7), and print what the data set does (which rates converge,
and, in the notebook, which rate is followed within an epoch, or that none is).

Wall time on the project's shared 2-core machine (``--durations``): each LMS regime 7 to 18 s (K = 10000:
1.5 to 3.5 min, mostly the i.i.d. experiment's 1000 runs of 200,000 steps per rate), each other notebook
run 8 to 23 s; the whole file 4.8 min with ``-n 2`` (9.3 min of test time; 7.5 min under heavier load).
Skipped unless HW1_SLOW=1.
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_almost_equal

from hw1 import ROOT, data
from hw1.lms import LAB1, MAX_MSE
from helpers import write_mat

RATES = [*LAB1.rates, *LAB1.big_rates]  # Lab 1(d)'s rates, in the notebook's and the file's order
LR_B, NUM_EPOCHS = LAB1.lr, LAB1.num_epochs  # Lab 1(b)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("HW1_SLOW"), reason="slow (minutes): set HW1_SLOW=1 to run"),
]


def make_data(K, *, scale=1.0, offset=0.0, w=(1.0, 1.0, -2.0), noise=0.01, seed=0):
    """K samples [1, x1, x2] with x = offset + scale * standard normal, d = w^T x + noise."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(K), offset + scale * rng.standard_normal((K, 2))])
    return X, X @ np.asarray(w) + noise * rng.standard_normal(K)


# name: (data set, the listed rates that converge as the data set is built: "all", "none", or a count of
# the smallest ones)
REGIMES = {
    "all_diverge": (make_data(100, scale=30.0), "none"),           # inputs 30 times larger
    "all_converge": (make_data(100, scale=0.2), "all"),            # inputs 5 times smaller: r = 1 converges
    "limit_between_0.05_and_0.5": (make_data(100, scale=1.6), 3),
    "K3": (make_data(3), "all"),                                   # the fewest samples with a unique W*
    "K10000": (make_data(10_000), 4),
    "noise_free": (make_data(100, noise=0.0), 5),
    "target_offset_1e6": (make_data(100, w=(1e6, 1.0, -2.0)), 5),  # d about 1e6
    "input_offset_20": (make_data(100, offset=20.0), "none"),      # x = 20 + N(0, 1): cond(X) about 800
}


def lms_loop(X, D, lr, num_epochs=NUM_EPOCHS):
    """Plain LMS from W = 0 in the data set's order, stopped after the epoch whose MSE passes
    MAX_MSE (as hw1.lms.train_lms documents): the weights and the number of epochs run."""
    w = np.zeros(X.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, num_epochs + 1):
            for x, d in zip(X, D):
                w = w + lr * (d - x @ w) * x
            if not np.mean((D - X @ w) ** 2) / 2 <= MAX_MSE:
                break
    return w, epoch


def radius(X, lr):
    """Spectral radius of one epoch's map, the product of (I - r x_k x_k^T), formed here."""
    A = np.eye(3)
    with np.errstate(over="ignore", invalid="ignore"):
        for x in X:
            A = A - lr * np.outer(x, x @ A)
    return np.abs(np.linalg.eigvals(A)).max() if np.all(np.isfinite(A)) else np.inf


def check_weights(got, want, what):
    """8 decimals; a diverged run's huge weights (printed to 8 significant digits) relative 1e-7."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if np.abs(want).max() < 1e4:
        assert_array_almost_equal(got, want, decimal=8, err_msg=what)
    else:
        assert_allclose(got, want, rtol=1e-7, err_msg=what)


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "lab1_lms.py"
    load_script("build_lab1").main([str(path)])
    return path


def run_notebook(notebook, out, **parameters):
    """Run a notebook as the README's "Re-running a section" does; return the executed notebook."""
    args = [sys.executable, "scripts/execute_notebooks.py", "--out", str(out), f"notebooks/{notebook}"]
    for name, value in parameters.items():
        # as YAML reads it (papermill's -p): a float needs its decimal point ("1e-06" would be a string)
        args += ["-p", name, f"{value:.12f}".rstrip("0") if isinstance(value, float) else str(value)]
    env = {**os.environ, "HW1_OUTPUT_DIR": str(out / "artefacts")}
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    nb = nbformat.read(out / notebook, as_version=4)
    streams = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    stderr = [o.text for o in streams if o.get("name") == "stderr"]
    assert not stderr, f"{notebook} wrote to stderr: {stderr}"
    return nb, "".join(o.get("text", "") for o in streams if o.get("name") == "stdout")


def parse_vector(text):
    return [float(v) for v in text.split(", ")]


@pytest.mark.parametrize("regime", list(REGIMES))
def test_lms_notebook_and_lab1_file_on_any_valid_data(regime, bundle, tmp_path):
    (X, D), converging = REGIMES[regime]
    dataset = write_mat(tmp_path / "dataset.mat", X, D[:, None])
    want_converging = RATES if converging == "all" else [] if converging == "none" else RATES[:converging]
    # the regime is what its name says: the radius of the epoch map, formed here, at each listed rate
    assert [lr for lr in RATES if radius(X, lr) < 1] == want_converging, "the generated data miss their regime"
    W_lstsq = np.linalg.lstsq(X, D, rcond=None)[0]
    loops = {lr: lms_loop(X, D, lr) for lr in RATES}

    # the notebook, through papermill, into a scratch folder
    nb, printed = run_notebook("05_lms.ipynb", tmp_path / "nb", dataset_path=dataset)
    results = json.loads((tmp_path / "nb" / "artefacts" / "report" / "results" / "lms.json").read_text())
    check_weights(results["wiener"]["w"], W_lstsq, "notebook W* against lstsq")
    w_b, epochs_b = loops[LR_B]
    check_weights(results["lms"]["w"], w_b, "notebook W after 20 epochs, r = 0.01")
    assert list(results["rates"]) == [f"{lr:g}" for lr in RATES]  # each rate's results under the rate
    for row in results["rates"].values():
        w, epochs = loops[row["lr"]]
        assert row["num_epochs_run"] == epochs, f"r = {row['lr']}"
        if row["w"] is not None and None not in row["w"]:
            check_weights(row["w"], w, f"notebook, r = {row['lr']}")
        assert (row["outcome"] == "converges") == (row["lr"] in want_converging), f"r = {row['lr']}"
    lr_within = max(want_converging, default=None)
    if lr_within is None:
        assert results["within_epoch"] is None
        assert "no listed rate converges on this data set" in printed
    else:
        assert results["within_epoch"]["lr"] == lr_within
        assert f"r = {lr_within:g} (the largest listed rate that converges)" in printed
    # the cyclic critical rate separates rho(A) < 1 from rho(A) > 1 (checked with the map formed here)
    r_c = results["stability"]["critical_cyclic"]
    assert radius(X, r_c * (1 - 1e-6)) < 1 < radius(X, r_c * (1 + 1e-6))

    # the hand-in file, alone in an empty folder
    folder = tmp_path / "lab1"
    folder.mkdir()
    shutil.copy(bundle, folder / "lab1_lms.py")
    result = subprocess.run([sys.executable, "-I", "lab1_lms.py", str(dataset)], cwd=folder,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    out = result.stdout
    check_weights(parse_vector(re.search(r"W\* = \[(.*)\]", out)[1]), W_lstsq, "Lab 1 file W* against lstsq")
    check_weights(parse_vector(re.search(rf"W after {epochs_b} epochs = \[(.*)\]", out)[1]), w_b,
                  "Lab 1 file W after 20 epochs, r = 0.01")
    rows = re.findall(r"r = (\S+) +final MSE .*  W = \[(.*)\]  rho\(A\) = (\S+), (\w+)", out)
    assert [float(r[0]) for r in rows] == RATES
    for lr, w, _, outcome in rows:
        if "nan" not in w and "inf" not in w:
            check_weights(parse_vector(w), loops[float(lr)][0], f"Lab 1 file, r = {lr}")
        assert (outcome == "converges") == (float(lr) in want_converging), f"r = {lr}"
    if results["wiener"]["mse"] < results["wiener"]["mse_zero_level"]:  # noise-free (and K = 3)
        assert "(zero to working precision)" in out and "the data lie on a plane, without noise" in printed


@pytest.mark.parametrize("rows, why", [(2, "fewer than 3 samples"), (100, "collinear inputs")])
def test_data_without_a_unique_wiener_solution_stops_with_one_sentence(rows, why, bundle, tmp_path):
    X, D = make_data(100)
    if why == "collinear inputs":
        X[:, 2] = 2 * X[:, 1] + 1
    dataset = write_mat(tmp_path / "dataset.mat", X[:rows], D[:rows, None])
    expected = "expected at least 3 samples that span all 3"
    shutil.copy(bundle, tmp_path / "lab1_lms.py")
    result = subprocess.run([sys.executable, "-I", "lab1_lms.py", str(dataset)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr.splitlines()[0]
    args = [sys.executable, "scripts/execute_notebooks.py", "--out", str(tmp_path / "nb"),
            "notebooks/05_lms.ipynb", "-p", "dataset_path", str(dataset)]
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, "HW1_OUTPUT_DIR": str(tmp_path / "nb")},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and expected in result.stdout + result.stderr
    assert not (tmp_path / "nb" / "report").exists(), "a failed run left results behind"


SEEDS = [0, 1, 2**31 - 1]
NOTEBOOKS = ["01_true_false.ipynb", "02_adalines.ipynb", "03_backprop.ipynb", "04_convolution.ipynb",
             "05_lms.ipynb", "06_simplenn.ipynb"]
PARAMETER_SETS = [(nb, {"SEED": seed}) for nb in NOTEBOOKS for seed in SEEDS] + [
    ("06_simplenn.ipynb", {"NUM_EPOCHS": 1}),
    ("06_simplenn.ipynb", {"NUM_EPOCHS": 3}),
    ("06_simplenn.ipynb", {"BATCH_SIZE": 1, "NUM_EPOCHS": 1}),
    ("06_simplenn.ipynb", {"BATCH_SIZE": 1000}),
    ("06_simplenn.ipynb", {"LR": 0.000001}),
]


@pytest.mark.parametrize("notebook, parameters", PARAMETER_SETS,
                         ids=[f"{nb[:2]}-" + "-".join(f"{k}={v}" for k, v in p.items())
                              for nb, p in PARAMETER_SETS])
def test_notebook_runs_with_other_valid_parameters(notebook, parameters, tmp_path):
    """Top to bottom, no traceback and nothing on stderr, with the printed values as its answers."""
    nb, printed = run_notebook(notebook, tmp_path, **parameters)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    source = injected[0].source
    for name, value in parameters.items():
        assert f"{name} = {value!r}" in source
