"""hw1.report, the cases mutation testing found untested (issue 21): every refusal as a whole sentence, the
exact text of what the report quotes (a vector, a grouped number, a code block, a table, quoted.tex
itself), where artefacts go and how they are named, and the PDF's metadata. Every expected string is
written out by hand from the documented format (Python's format mini-language, LaTeX's escapes, JSON with
an indent of 2, pandas' booktabs layout), never produced by the code under test."""
import json
import os
import re
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure

from hw1 import report
from helpers import whole

FILE_NAME = "expected a file name of letters, digits, _ and -."
COLUMN = "expected name, name:format or key=header, separated by commas without spaces."
TABLE = "a table quotes a record (dict), or a dict or list of them."


@pytest.fixture
def out(tmp_path, monkeypatch):
    """Every artefact folder in a temporary directory, nested so that its parents must be made too."""
    monkeypatch.setattr(report, "FIG_DIR", tmp_path / "out" / "figures")
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "out" / "report" / "results")
    monkeypatch.setattr(report, "QUOTED", tmp_path / "out" / "report" / "quoted.tex")
    monkeypatch.delenv("HW1_MANIFEST", raising=False)
    return tmp_path / "out"


def figure():
    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    return fig


# --- refusals, each one whole sentence -------------------------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda: report.save_figure("fig", "a"), "fig is 'fig' (str); expected a matplotlib Figure."),
    (lambda: report.save_figure(figure(), "a b"), f"name is 'a b'; {FILE_NAME}"),
    (lambda: report.save_figure(figure(), 3), f"name is 3; {FILE_NAME}"),
    (lambda: report.write_results("a.b", {}), f"section is 'a.b'; {FILE_NAME}"),
    (lambda: report.write_results("s", [1]), "results is [1] (list); expected the results (a dict)."),
    (lambda: report.write_results("s", {"a b": 1}), "results has the key 'a b'; expected letters, digits and "
     "_ . + - only (the report names a result by its keys, joined by /)."),
    (lambda: report.write_results("s", {"rates": {"0.5": {"a/b": 1}}}), "results/rates/0.5 has the key 'a/b'; "
     "expected letters, digits and _ . + - only (the report names a result by its keys, joined by /)."),
    (lambda: report.write_results("s", {"rates": {"w": [1.0, 2j]}}),
     "results/rates/w holds 2j (complex); expected numbers, strings, lists and dicts."),
    (lambda: report.significant(1.0, 18), "digits is 18 (int); expected an integer >= 1 and <= 17."),
    (lambda: report.tex_sci(1.0, 0), "digits is 0 (int); expected an integer >= 1 and <= 17."),
    (lambda: report.tex_sci(1.0, 18), "digits is 18 (int); expected an integer >= 1 and <= 17."),
    (lambda: report.matrix_to_latex([1.0], "%g"), "fmt is '%g'; expected a format such as '{:g}' or '{:.3f}'."),
    (lambda: report.matrix_to_latex([1.0], env="array"),
     "env is 'array'; expected one of bmatrix, pmatrix, matrix, Bmatrix, vmatrix, Vmatrix."),
    (lambda: report.format_value(3, "text"), "format 'text' is for text; got int 3."),
    (lambda: report.format_value([1, 2], "thousands"), "value is a list, but format 'thousands' is for single "
     "numbers; give a vector a format spec such as '.4f' (or 'row:.4f' for a row)."),
    (lambda: report.format_value([1, 2], "row:sci2"), "value is a list, but format 'sci2' is for single "
     "numbers; give a vector a format spec such as '.4f' (or 'row:.4f' for a row)."),
    (lambda: report.format_value("x", ".2f"), "value is str 'x'; format '.2f' is for numbers."),
    (lambda: report.format_value(2.5, "thousands"), "value is 2.5 (float); expected an integer."),
    (lambda: report.format_value(1.5, "d"), "fmt is 'd'; expected a format spec for float such as '.3f' or 'd'."),
    (lambda: report.lookup([], "a"), "results is [] (list); expected the results (a dict)."),
    (lambda: report.lookup({"a": 0.25}, "a/b"), "results have no entry at 'a/b': at 'b', 0.25 (float)."),
    (lambda: report.quote(1, "yesno"), "value is 1 (int); expected a bool for format 'yesno'."),
    (lambda: report.quote(1, "label"), "value is 1 (int); expected a str for format 'label'."),
    (lambda: report.quote((2, 3), "shape"), "value is (2, 3) (tuple); format 'shape' is for a list of sizes."),
    (lambda: report.quote([2.5], "shape"), "value is [2.5] (list); format 'shape' is for a list of sizes."),
    (lambda: report.quote([True], "shape"), "value is [True] (list); format 'shape' is for a list of sizes."),
    (lambda: report.quote_table([("a", 1)], "key"),
     "rows is [('a', 1)] (list); expected a non-empty list of (row key, record dict) pairs."),
    (lambda: report.quote_table([("a", {"x": 1})], "key,y"), "no row of the table 'rows' has the column 'y'."),
    (lambda: report.quote_table([("a", {"x": 1})], "key,a b", "demo/t"),
     f"\\resulttable{{demo/t}} names the column 'a b'; {COLUMN}"),
    (lambda: report.quote_table([("a", {"x": 1})], "x=lr"), f"\\resulttable{{rows}} names the column 'x=lr'; {COLUMN}"),
    (lambda: report.quoted_tex("a.tex", "."), "sources is 'a.tex' (str); expected a list of LaTeX files."),
    (lambda: report.quoted_tex([], 3), "results_dir is 3 (int); expected a folder (str or Path)."),
])
def test_refusals_are_one_whole_sentence(out, call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()


@pytest.mark.parametrize("value, described", [
    ({}, "{} (dict)"), ([], "[] (list)"), ([1, 2], "[1, 2] (list)"), (0.5, "0.5 (float)"),
])
def test_a_table_quotes_only_records(value, described):
    with pytest.raises(ValueError, match=whole(f"'t' is {described}; {TABLE}")):
        report._table_rows({"t": value}, "t")


# --- artefacts: where they go, how they are named, what a manifest lists -----------------------------

def test_artefacts_are_written_into_new_folders_and_listed_in_the_manifest(out, tmp_path, monkeypatch):
    manifest = tmp_path / "manifest.txt"
    manifest.write_text("earlier.pdf\n")
    monkeypatch.setenv("HW1_MANIFEST", str(manifest))
    report.write_results("Sec_1-B", {"a": 1, "b": [1.5, None], "c": {"d": "x"}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a metadata key matplotlib does not know is a warning
        report.save_figure(figure(), "Fig_2")
    results, pdf = out / "report" / "results" / "Sec_1-B.json", out / "figures" / "Fig_2.pdf"
    # JSON with an indent of 2, a newline at the end
    assert results.read_text() == ('{\n  "a": 1,\n  "b": [\n    1.5,\n    null\n  ],\n'
                                   '  "c": {\n    "d": "x"\n  }\n}\n')
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"/Creator (hw1)" in data and b"CreationDate" not in data
    assert manifest.read_text() == f"earlier.pdf\n{results.resolve()}\n{pdf.resolve()}\n"


def test_the_temporary_file_is_hidden_beside_the_artefact_and_named_by_process_and_32_random_bits(out):
    seen = []

    def write(f):
        seen.extend(os.listdir(out))
        f.write(b"ok")

    report._write_atomically(out / "x.json", write)
    assert len(seen) == 1 and re.fullmatch(rf"\.x\.json\.{os.getpid()}\.[0-9a-f]{{8}}\.tmp", seen[0]), seen
    assert os.listdir(out) == ["x.json"] and (out / "x.json").read_bytes() == b"ok"


def test_a_failed_write_raises_its_own_error_even_when_it_removed_the_temporary_file(out):
    def write(f):
        os.remove(f.name)
        raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError, match="^the write failed$"):
        report._write_atomically(out / "x.json", write)
    assert os.listdir(out) == []


# --- numbers as text --------------------------------------------------------------------------------

def test_significant_rounds_to_six_digits_by_default_and_keeps_what_is_not_finite():
    assert float(report.significant(2 / 3)) == 0.666667
    assert report.significant(123456, 1).tolist() == 100000.0
    assert float(report.significant(1 / 3, 17)) == 1 / 3  # 17 digits give a float64 back exactly
    empty = report.significant([])
    assert empty.shape == (0,) and empty.dtype == np.float64
    assert str(report.significant([np.inf, -np.inf, np.nan]).tolist()) == "[inf, -inf, nan]"


def test_tex_sci_gives_three_significant_digits_by_default():
    assert report.tex_sci(1.23456e-4) == r"1.23\times10^{-4}"
    assert report.tex_sci(2.0, 17) == "2.0000000000000000"  # 17 digits, 10^0 left out


def test_tex_text_escapes_every_special_character():
    assert report.tex_text("a\\b&c%d$e#f_g{h}i~j^k") == \
        r"a\textbackslash{}b\&c\%d\$e\#f\_g\{h\}i\textasciitilde{}j\^{}k"
    assert report.tex_text(12) == "12"


def test_matrix_to_latex_by_default_and_in_another_environment():
    # "{:g}": 0.5, 2 and 1e-07, which array-to-latex writes as 1\times 10^{-07}
    assert " ".join(report.matrix_to_latex([0.5, 2, 1e-7]).split()) == \
        r"\begin{bmatrix} 0.5 & 2 & 1\times 10^{-07} \end{bmatrix}"
    assert " ".join(report.matrix_to_latex([[1.0], [-2.5]], "{:.1f}", "pmatrix").split()) == \
        r"\begin{pmatrix} 1.0\\ -2.5 \end{pmatrix}"


@pytest.mark.parametrize("value, fmt, text", [
    ("a_b", "tt", r"\texttt{a\_b}"),
    ("a_b", "text", r"a\_b"),
    ([1.0, 2.5], ".1f", r"\begin{bmatrix}1.0\\2.5\end{bmatrix}"),  # a vector is a column
    ([1.0, 2.5], "row:.1f", r"\begin{bmatrix}1.0&2.5\end{bmatrix}"),
    ([[1, 2], [3, 4]], ".0f", r"\begin{bmatrix}1&2\\3&4\end{bmatrix}"),
    ([True, False], ".0f", r"\begin{bmatrix}1\\0\end{bmatrix}"),  # entries are numbers: a flag is 1 or 0
    (1.23456e-4, "sci", r"1.23\times10^{-4}"),
    (1228800, "thousands", "1{,}228{,}800"),
    (-1000, "thousands", "-1{,}000"),
    (-0.001, ".2f", "0.00"),
    (-0.001, ".1e", r"\ensuremath{-1.0\times10^{-3}}"),
])
def test_format_value_writes_each_format(value, fmt, text):
    # array-to-latex pads the entries of a matrix to one width; spaces mean nothing in math mode
    assert "".join(report.format_value(value, fmt).split()) == text


@pytest.mark.parametrize("value, fmt, text", [
    (1.5e-6, None, r"\ensuremath{1.5\times10^{-6}}"),  # ".4g" by default
    ("lr", "label", "$r$"),
    ("a_b", "label", r"a\_b"),
    ("a b\n  c", "code", "\\par\\medskip{\\ttfamily\\parindent=0pt\\parskip=0pt\n"
                         "\\mbox{a\\ b}\\par\n\\mbox{\\ \\ c}\\par}\\medskip"),
])
def test_quote_writes_each_format(value, fmt, text):
    assert report.quote(value, fmt) == text


# --- tables ---------------------------------------------------------------------------------------

def test_table_rows_name_a_record_by_its_last_key_and_a_list_by_position():
    results = {"a": {"b": {"c": {"v": 1}}}, "runs": [{"v": 2}, {"v": 3}]}
    assert report._table_rows(results, "a/b/c") == [("c", {"v": 1})]
    assert report._table_rows(results, "a/b") == [("c", {"v": 1})]
    assert report._table_rows(results, "runs,a/b/c") == [("0", {"v": 2}), ("1", {"v": 3}), ("c", {"v": 1})]


def test_a_table_of_every_kind_of_cell():
    """The key column under a header (key=lr), its cells looked up in LABELS; a number in math mode in
    its default format (".4g", whole numbers as "d"); text and yes/no as they are, left-aligned text."""
    rows = [("lr", {"x": 1.5, "t": "hi", "ok": True, "n": 1228800})]
    assert report.quote_table(rows, "key=lr,x,t,ok,n").splitlines() == [
        r"\begin{tabular}{lrlrr}", r"\toprule", r"$r$ & x & t & ok & n \\", r"\midrule",
        r"$r$ & $1.5$ & hi & yes & $1228800$ \\", r"\bottomrule", r"\end{tabular}"]


def test_a_vector_column_takes_its_headers_from_labels_when_they_are_a_list(monkeypatch):
    monkeypatch.setitem(report.LABELS, "demo_w", ["$a$", "$b$"])
    lines = report.quote_table([("r", {"demo_w": [1.0, 2.0], "ab": [3.0, 4.0]})], "key,demo_w:g,ab:g").splitlines()
    assert lines[2] == r" & $a$ & $b$ & $ab_{0}$ & $ab_{1}$ \\"
    assert lines[4] == r"r & $1$ & $2$ & $3$ & $4$ \\"


# --- what the report quotes -------------------------------------------------------------------------

@pytest.mark.parametrize("tex, keys", [
    ("\\result{demo/x% a comment\n   }", ["demo/x"]),   # TeX drops the newline and the next line's blanks
    ("\\result{demo/x%\n\ty}", ["demo/xy"]),
    ("a\\%, then \\result{demo/x}", ["demo/x"]),      # \% is a percent sign, not a comment
    ("a\\\\% \\result{demo/x}", []),                   # \\ is a line break: the % after it comments
    ("a\\\\\\% \\result{demo/x}", ["demo/x"]),        # \\ then \%: a percent sign
    ("%\\result{demo/x}\n\\result{demo/y}", ["demo/y"]),
])
def test_comments_are_cut_as_tex_reads_them(tex, keys):
    assert [key for _, key, _ in report._references(tex)] == keys


def test_quoted_tex_whole(tmp_path):
    """Results first, then tables, each sorted by key; one definition per reference; a table of two keys,
    and a table of one record named by a nested key."""
    (tmp_path / "demo.json").write_text(json.dumps(
        {"n": 7, "a": {"x": 1}, "b": {"x": 2}, "rates": {"0.5": {"rho": 0.3}}}))
    tex = tmp_path / "a.tex"
    tex.write_text("\\resulttable{demo/rates/0.5}{key,rho:.2f} \\result{demo/n} \\result{demo/n}\n"
                   "\\resulttable{demo/a,demo/b}{key,x}\n")
    assert report.quoted_tex([tex], tmp_path) == (
        "% made by hw1.report.write_quoted from report/results/*.json: do not edit\n"
        "\\expandafter\\def\\csname hw1@demo/n@\\endcsname{7}\n"
        "\\expandafter\\def\\csname hw1@table@demo/a,demo/b@key,x\\endcsname{\\begin{tabular}{lr}\n\\toprule\n"
        " & x \\\\\n\\midrule\na & $1$ \\\\\nb & $2$ \\\\\n\\bottomrule\n\\end{tabular}}\n"
        "\\expandafter\\def\\csname hw1@table@demo/rates/0.5@key,rho:.2f\\endcsname{\\begin{tabular}{lr}\n"
        "\\toprule\n & rho \\\\\n\\midrule\n0.5 & $0.30$ \\\\\n\\bottomrule\n\\end{tabular}}\n")


@pytest.mark.parametrize("tex, message", [
    ("\\result{a b/x}", f"section is 'a b'; {FILE_NAME}"),
    ("\\result{other/x}", "there is no other.json (run the section's notebook)"),
    ("\\resulttable{demo/a,other/b}{key,x}", "a table's keys are section/key, all of one section"),
    ("\\resulttable{demo/a}{key,y}", "no row of the table 'demo/a' has the column 'y'."),
])
def test_quoted_tex_names_the_source_and_key_that_cannot_be_quoted(tmp_path, monkeypatch, tex, message):
    monkeypatch.setattr(report, "ROOT", tmp_path.resolve())
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "demo.json").write_text(json.dumps({"a": {"x": 1}}))
    source = tmp_path / "report" / "a.tex"
    source.parent.mkdir()
    source.write_text(tex)
    key = re.search(r"\{([^}]*)\}", tex)[1]
    with pytest.raises(ValueError, match=whole(f"report/a.tex quotes {key!r}: {message}")):
        report.quoted_tex([source], tmp_path / "results")
    monkeypatch.setattr(report, "ROOT", tmp_path / "report" / "elsewhere")  # outside the root: the full path
    with pytest.raises(ValueError, match=whole(f"{source.resolve()} quotes {key!r}: {message}")):
        report.quoted_tex([source], tmp_path / "results")


def test_write_quoted_reads_the_report_sources_in_order(out, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "ROOT", tmp_path.resolve())
    report.write_results("demo", {"k": 1, "m": 2, "n": 3, "z": 4})
    for name, key in [("hw1.tex", "n"), ("sections/b.tex", "m"), ("sections/a.tex", "k"), ("appendix/z.tex", "z"),
                      ("other.tex", "missing")]:  # other.tex is not a source of the report
        (tmp_path / "report" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "report" / name).write_text(f"\\result{{demo/{key}}}")
    report.write_quoted()
    assert (out / "report" / "quoted.tex").read_text() == (
        "% made by hw1.report.write_quoted from report/results/*.json: do not edit\n"
        "\\expandafter\\def\\csname hw1@demo/n@\\endcsname{3}\n"
        "\\expandafter\\def\\csname hw1@demo/k@\\endcsname{1}\n"
        "\\expandafter\\def\\csname hw1@demo/m@\\endcsname{2}\n"
        "\\expandafter\\def\\csname hw1@demo/z@\\endcsname{4}\n")
