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

from hw1 import report
from hw1.report import ROOT

REPORT = ROOT / "report"
PDF = REPORT / "hw1.pdf"
LOG = ROOT / "build" / "latex" / "hw1.log"
SECTIONS = ["true_false", "adalines", "backprop", "convolution", "lms", "simplenn"]
TITLES = ["True/False Questions", "Adalines", "Back Propagation", "2D Convolution", "LMS", "SimpleNN"]

pytestmark = pytest.mark.skipif(not PDF.exists(), reason="report/hw1.pdf is not built: run `make report`")


def tex_files():
    """The report's hand-written LaTeX: hw1.tex, the student file, the sections and appendices."""
    return [REPORT / "hw1.tex", REPORT / "student.tex", *sorted((REPORT / "sections").glob("*.tex")),
            *sorted((REPORT / "appendix").glob("*.tex"))]


def tex_sources():
    return "\n".join(p.read_text() for p in tex_files())


def uncommented(text):
    return re.sub(r"(?<!\\)%.*", "", text)


def pdf_pages():
    text = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def body_pages():
    """The pages between the table of contents and the first appendix."""
    pages = pdf_pages()
    toc = max(i for i, page in enumerate(pages[:4]) if ". . . ." in page)  # dot leaders
    # a heading, not a contents line: it does not end in a page number
    heading = re.compile(r"^\s*[A-Z]\s+(Appendix to Section|How this report was produced)(?!.*\s\d+\s*$)",
                         re.M)
    first_appendix = next(i for i, page in enumerate(pages) if i > toc and heading.search(page))
    return pages[toc + 1:first_appendix + 1], pages[first_appendix]


def referenced(command, prefix=""):
    """Names used by \\command{prefix<name>} in the report's sources (comments ignored)."""
    text = uncommented(tex_sources())
    return set(re.findall(rf"\\{command}(?:\[[^\]]*\])?{{{re.escape(prefix)}([^}}]+)}}", text))


def test_every_figure_is_generated_and_used():
    figures = {p.stem for p in (ROOT / "figures").glob("*.pdf")}
    used = referenced("includegraphics")
    assert used <= figures, f"figures the report needs but no notebook wrote: {used - figures}"
    assert figures <= used, f"figures written but never shown: {figures - used}"


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


QUESTIONS = [*(rf"Problem {n}" for n in ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4",
                                         "3.1", "3.2", "4.1", "4.2"]),
             *(rf"Lab 1\s*\({q}\)" for q in "abcd"), r"Lab 2\s*\(a\)", r"Lab 2\s*\(b\)",
             *(rf"Lab 3\s*\({q}\)" for q in "abc")]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_body_answers_every_question_in_at_most_fifteen_pages():
    body, _ = body_pages()
    text = "\n".join(body)
    missing = [q for q in QUESTIONS if not re.search(q, text)]
    assert not missing, f"questions without a heading in the body: {missing}"
    assert len(body) <= 15, f"the body runs to {len(body)} pages; at most 15 expected"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdf_body_is_free_of_repository_plumbing():
    body, _ = body_pages()
    plumbing = re.compile(r"README|\bmake (report|test|submission|lab|notebooks)\b|sha-?256|\.ipynb|"
                          r"notebooks/|hw1/|data/|\.py\b|HW1_", re.I)
    found = [(n, m.group()) for n, page in enumerate(body) for m in plumbing.finditer(page)]
    assert not found, f"repository plumbing in the body (page offset, text): {found}"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_title_page_names_the_student():
    student = (REPORT / "student.tex").read_text()
    name = re.search(r"\\newcommand{\\studentname}{([^}]*)}", student).group(1)
    netid = re.search(r"\\newcommand{\\studentnetid}{([^}]*)}", student).group(1)
    title_page = pdf_pages()[0]
    assert name in title_page and f"NetID: {netid}" in title_page


def test_every_reference_resolves_and_no_old_macro_is_left():
    """The .tex names what it quotes: every \\result and \\resulttable resolves from the results JSON
    (hw1.report.quoted_tex raises, naming the key, otherwise), and no section macro is left."""
    sources = tex_files()
    quoted = report.quoted_tex(sources, REPORT / "results")
    assert quoted.count("\\csname") >= 100, "the report quotes fewer results than expected"
    defined = set(re.findall(r"\\(?:re)?newcommand\{?\\([A-Za-z]+)", uncommented(tex_sources())))
    # the old results macros were named by their section: \lmsWienerMSE, \tfTieSize, \provPython
    old_style = r"\\((?:tf|adaline|backprop|conv|lms|simplenn|prov)[A-Z][A-Za-z]*)"
    used = set(re.findall(old_style, uncommented(tex_sources())))
    assert used <= defined | {"studentname", "studentnetid"}, \
        f"macros used but defined nowhere (old results macros?): {sorted(used - defined)}"


def leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    else:
        yield value


def typed_forms(value):
    """How a computed number could be typed: a float at 3 to 8 significant digits or 2 to 8 decimals
    (and as a percentage, if it is a fraction), an integer of 4 or more digits as it is or with
    thousands separators ("1228800", "1,228,800", "1{,}228{,}800").

    Shorter forms (0.5, 12, 100) are left out: they are as likely to be one of the assignment's givens
    (a learning rate, a layer size, a count of epochs) as a result, and would be false alarms.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value == 0:
        return set()
    if isinstance(value, int) or value.is_integer():
        n = int(value)
        return {str(n), f"{n:,}", f"{n:,}".replace(",", "{,}")} if abs(n) >= 1000 else set()
    forms = set()
    for v in (value, 100 * value) if abs(value) < 1 else (value,):
        for form in {f"{v:.{d}g}" for d in range(3, 9)} | {f"{v:.{d}f}" for d in range(2, 9)}:
            digits = re.sub(r"[^0-9]", "", form.split("e")[0]).strip("0")
            if "e" not in form and len(digits) >= 3 and float(form) != 0:
                forms.add(form)
    return forms


def section_texts(number):
    """The hand-written text of section ``number`` ("05"): its .tex (section and appendix) and the
    markdown cells of its notebook, the text a reader reads beside the printed results."""
    tex = "\n".join(p.read_text() for p in sorted(REPORT.glob(f"*/{number}_*.tex")))
    notebook, = (ROOT / "notebooks").glob(f"{number}_*.ipynb")
    cells = json.loads(notebook.read_text())["cells"]
    return uncommented(tex), "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


# a number as typed: with thousands separators, with decimals, or an integer of 3+ digits
TYPED_NUMBER = re.compile(r"(?<![\w.,{])-?\d{1,3}(?:(?:,|\{,\})\d{3})+(?![\w.]|,\d)|"
                          r"(?<![\w.])-?\d+\.\d+|(?<![\w.])-?\d{3,}(?![\w.])")


@pytest.mark.parametrize("number, section", [(f"{n + 1:02d}", s) for n, s in enumerate(SECTIONS)])
def test_no_computed_result_is_typed(number, section):
    """Every number of a section's results reaches the report through its key, and the notebook's reader
    through its printed value: none of its forms (typed_forms) may appear typed in the section's .tex or
    its notebook's markdown. A section's text is checked against its own results only, so that a
    number of one section that another one gives (a size, a count) is no false alarm."""
    values = set().union(*map(typed_forms, leaves(results(section))))
    for where, text in zip(("the .tex", "the notebook's markdown"), section_texts(number)):
        found = values & set(TYPED_NUMBER.findall(text))
        assert not found, f"{section}: results typed by hand in {where}: {sorted(found)}"


def test_typed_forms_catch_what_a_hand_types():
    assert {"1228800", "1,228,800", "1{,}228{,}800"} <= typed_forms(1228800)
    assert "99.7" in typed_forms(0.997) and "0.997" in typed_forms(0.997)
    assert "3.1416" in typed_forms(3.14159265)
    assert not typed_forms(20) and not typed_forms(0.5) and not typed_forms(True)
    assert set(TYPED_NUMBER.findall("of 4,830 and 1{,}228{,}800, 99.7% and 1000 steps, 12 layers")) == \
        {"4,830", "1{,}228{,}800", "99.7", "1000"}


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


def test_backprop_agreement_the_report_states_holds():
    """The report says the hand gradients agree with every reference within the stated tolerances:
    each of those verdicts in the results is True, and the tolerances are the library's."""
    from hw1.backprop import EXACT_TOLERANCE, FD_TOLERANCE
    got = results("backprop")
    assert got["tolerance"] == {"exact": EXACT_TOLERANCE, "finite_diff": FD_TOLERANCE}
    for check in ("random_check", "check"):
        for activation in ("relu", "sigmoid"):
            assert got[check][activation] == {"kronecker": True, "autograd": True, "finite_diff": True}, check


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
