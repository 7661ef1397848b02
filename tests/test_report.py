"""The built report: every generated figure and table is used, nothing it uses is missing, it compiled
cleanly, and the numbers it shows match an independent recomputation.

These tests read what `make report` built (`make test` runs it first)."""
import json
import re
import shutil
import subprocess

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from hw1.report import ROOT

REPORT = ROOT / "report"
PDF = REPORT / "hw1.pdf"
LOG = ROOT / "build" / "latex" / "hw1.log"
SECTIONS = ["true_false", "adalines", "backprop", "convolution", "lms", "simplenn"]
TITLES = ["True/False Questions", "Adalines", "Back Propagation", "2D Convolution", "LMS", "SimpleNN"]

pytestmark = pytest.mark.skipif(not PDF.exists(), reason="report/hw1.pdf is not built: run `make report`")


def tex_sources():
    return "\n".join(p.read_text() for p in [REPORT / "hw1.tex", *sorted((REPORT / "sections").glob("*.tex"))])


def referenced(command, prefix=""):
    """Names used by \\command{prefix<name>} in the report's sources (comments ignored)."""
    text = re.sub(r"(?<!\\)%.*", "", tex_sources())
    return set(re.findall(rf"\\{command}(?:\[[^\]]*\])?{{{re.escape(prefix)}([^}}]+)}}", text))


def test_every_figure_and_table_is_generated_and_used():
    figures = {p.stem for p in (ROOT / "figures").glob("*.pdf")}
    tables = {p.stem for p in (REPORT / "tables").glob("*.tex")}
    used_figures, used_tables = referenced("includegraphics"), referenced("input", "tables/")
    assert used_figures <= figures, f"figures the report needs but no notebook wrote: {used_figures - figures}"
    assert used_tables <= tables, f"tables the report needs but no notebook wrote: {used_tables - tables}"
    assert figures <= used_figures, f"figures written but never shown: {figures - used_figures}"
    assert tables <= used_tables, f"tables written but never used: {tables - used_tables}"


def test_every_section_wrote_its_results():
    for section in SECTIONS:
        path = REPORT / "results" / f"{section}.json"
        assert path.exists(), f"{path.name} missing"
        assert json.loads(path.read_text()), f"{path.name} is empty"


def test_latex_log_is_clean():
    log = LOG.read_text(errors="replace")
    for problem in ["undefined references", "Citation", "not found", "Overfull \\hbox"]:
        assert problem not in log, f"hw1.log reports '{problem}'"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_has_every_section_written():
    text = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    for title in TITLES:
        assert title in text, f"section '{title}' missing from the PDF"
    assert "Not written yet" not in text, "a section is still a stub"


def test_convolution_results_match_torch():
    p4_1 = json.loads((REPORT / "results" / "convolution.json").read_text())["p4_1"]
    x, kernel = (torch.tensor(p4_1[k], dtype=torch.float64)[None, None] for k in ("input", "kernel"))
    expected = F.conv2d(x, kernel, padding=1)[0, 0].numpy()
    np.testing.assert_array_equal(np.array(p4_1["output"]), expected)
    assert np.array(p4_1["output"]).shape == (5, 9)


def results(section):
    return json.loads((REPORT / "results" / f"{section}.json").read_text())


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
def test_backprop_results_match_autograd(activation):
    """Problem 3.2's numbers in the report, recomputed by torch autograd from the assignment's values."""
    W1 = torch.tensor([[3.0, -1, 1], [-5, 2, -1]], dtype=torch.float64, requires_grad=True)
    b1 = torch.tensor([1.0, 2], dtype=torch.float64, requires_grad=True)
    W2 = torch.tensor([[1.0, -2], [-3, 1]], dtype=torch.float64, requires_grad=True)
    b2 = torch.tensor([1.0, 1], dtype=torch.float64, requires_grad=True)
    x1, t = torch.tensor([0.0, 1, 2], dtype=torch.float64), torch.tensor([1.0, 2], dtype=torch.float64)
    sigma = torch.relu if activation == "relu" else torch.sigmoid
    loss = 0.5 * ((t - (W2 @ sigma(W1 @ x1 + b1) + b2)) ** 2).sum()
    loss.backward()
    got = results("backprop")[activation]
    np.testing.assert_allclose(got["loss"], loss.item(), rtol=1e-12)
    for name, param in {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.items():
        np.testing.assert_allclose(np.array(got["grad"][name]), param.grad.numpy(), rtol=1e-12, atol=1e-12,
                                   err_msg=f"dL/d{name} ({activation})")


def test_lms_wiener_result_matches_lstsq():
    """The report's Wiener weights, recomputed by numpy.linalg.lstsq from the data set it names."""
    import hashlib

    from scipy.io import loadmat

    lms = results("lms")
    path = ROOT / lms["dataset"]["path"]
    if not path.exists():
        pytest.skip(f"the report was built from {path}, which is not here")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == lms["dataset"]["sha256"]
    data = loadmat(path)
    w, *_ = np.linalg.lstsq(data["X"], data["D"].ravel(), rcond=None)
    np.testing.assert_allclose(lms["wiener"]["w"], w, rtol=1e-9)
    residual = data["D"].ravel() - data["X"] @ w
    np.testing.assert_allclose(lms["wiener"]["mse"], residual @ residual / (2 * len(residual)), rtol=1e-9)
