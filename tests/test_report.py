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
