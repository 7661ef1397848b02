"""hw1.report: artefacts are written whole or not at all, and identical on every run."""
import json
import os
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from hw1 import report


@pytest.fixture
def out(tmp_path, monkeypatch):
    """Point every artefact folder at a temporary directory."""
    for name, sub in [("FIG_DIR", "figures"), ("RESULTS_DIR", "results")]:
        monkeypatch.setattr(report, name, tmp_path / sub)
    monkeypatch.setattr(report, "QUOTED", tmp_path / "quoted.tex")
    return tmp_path


def test_save_figure_gives_identical_bytes(out):
    def draw():
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [1, 0, 1])
        ax.set(title="t", xlabel="x (s)", ylabel="y (m)")
        return fig

    report.save_figure(draw(), "a")
    first = (out / "figures" / "a.pdf").read_bytes()
    report.save_figure(draw(), "a")
    assert (out / "figures" / "a.pdf").read_bytes() == first
    assert b"CreationDate" not in first
    plt.close("all")


def test_failed_write_leaves_old_file_and_no_temporary(out):
    report.write_results("s", {"a": 1})
    with pytest.raises(ValueError):
        report.write_results("s", {"a": object()})  # JSON cannot hold it
    assert json.loads((out / "results" / "s.json").read_text()) == {"a": 1}
    assert [p.name for p in (out / "results").iterdir()] == ["s.json"]


def test_results_store_a_number_that_is_not_finite_as_null(out):
    report.write_results("s", {"a": [1.0, float("nan")], "b": np.float64("inf"), "c": (2, -np.inf)})
    assert json.loads((out / "results" / "s.json").read_text()) == {"a": [1.0, None], "b": None, "c": [2, None]}


@pytest.mark.parametrize("key", ["99th percentile", "a/b", "", 3])
def test_results_keys_must_be_quotable(out, key):
    with pytest.raises(ValueError, match="expected letters, digits and _ . \\+ - only"):
        report.write_results("s", {"rates": {key: 1.0}})
    assert not (out / "results" / "s.json").exists()


def test_results_accept_numpy_values(out):
    report.write_results("s", {"w": np.array([0.5, -1.0]), "n": np.int64(3), "m": np.eye(2)})
    assert json.loads((out / "results" / "s.json").read_text()) == {
        "w": [0.5, -1.0], "n": 3, "m": [[1.0, 0.0], [0.0, 1.0]]}


def test_matrix_to_latex_drops_negative_zero():
    tex = report.matrix_to_latex([[1, -0.0], [0.5, -2], [-0.0001, 3]], fmt="{:.2f}")
    assert " ".join(tex.split()) == (
        "\\begin{bmatrix} 1.00 & 0.00\\\\ 0.50 & -2.00\\\\ 0.00 & 3.00 \\end{bmatrix}")
    with pytest.raises(ValueError, match=r"a has shape \(2, 2, 2\); expected a non-empty finite 1-D or 2-D array"):
        report.matrix_to_latex(np.zeros((2, 2, 2)))


def test_relative_output_dir_is_taken_from_the_repository_root(tmp_path):
    code = "from hw1 import report; print(report.FIG_DIR)"
    env = {**os.environ, "HW1_OUTPUT_DIR": "build/elsewhere"}
    got = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert got == str(report.ROOT / "build" / "elsewhere" / "figures")


def test_lookup_follows_keys_and_never_a_list_position():
    results = {"rates": {"0.5": {"rho": 0.25, "w": [1.0, 2.0]}}}
    assert report.lookup(results, "rates/0.5/rho") == 0.25
    assert report.lookup(results, "rates/0.5/w") == [1.0, 2.0]  # a list is quoted whole
    with pytest.raises(ValueError, match=r"at '1', a list, quoted whole, never by position"):
        report.lookup(results, "rates/0.5/w/1")
    with pytest.raises(ValueError, match=r"no entry at 'rates/0.7/rho': at '0.7', missing"):
        report.lookup(results, "rates/0.7/rho")


@pytest.mark.parametrize("value, fmt, text", [
    (1.5e-4, "sci2", r"1.5\times10^{-4}"), (1e100, "sci1", "10^{100}"), (1.5, "sci2", "1.5"),
    (-0.001, "sci1", "-10^{-3}"), (1.947e-06, ".4g", r"\ensuremath{1.947\times10^{-6}}"), (20.54, ".4g", "20.54"),
    (True, None, "yes"), (False, "yesno", "no"), (12, None, "12"), (1228800, ",d", "1,228,800"),
    ("a_b", None, r"a\_b"), ([2, 3], "shape", r"2\times3"), (0.25, None, "0.25"), (2 / 3, None, "0.6667"),
])
def test_quote_writes_each_format(value, fmt, text):
    assert report.quote(value, fmt) == text


def test_quote_table_rows_labels_vectors_and_missing_entries(monkeypatch):
    monkeypatch.setitem(report.LABELS, "demo_rate", "$r$")
    results = {"demo_fit": {"w": [1.0, -2.0], "demo_mse": 0.5},
               "rates": {"0.5": {"demo_rate": 0.5, "w": [1.5, 2.5], "demo_mse": 7e-5}, "1": {"demo_rate": 1.0, "w": None}}}
    rows = report._table_rows(results, "demo_fit,rates")
    assert [key for key, _ in rows] == ["demo_fit", "0.5", "1"]
    lines = report.quote_table(rows, "key,demo_rate:g,w:.1f,demo_mse:sci1").splitlines()
    assert lines[0] == r"\begin{tabular}{lrrrr}"
    assert lines[2] == r" & $r$ & $w_{0}$ & $w_{1}$ & demo\_mse \\"
    assert lines[4:7] == [r"demo\_fit & -- & $1.0$ & $-2.0$ & $5\times10^{-1}$ \\",
                          r"0.5 & $0.5$ & $1.5$ & $2.5$ & $7\times10^{-5}$ \\",
                          r"1 & $1$ & -- & -- & -- \\"]


def test_write_quoted_resolves_every_reference_and_names_a_missing_key(out, tmp_path):
    report.write_results("demo", {"rates": {"0.5": {"rho": 3.3e-4}}, "n": 7})
    tex = tmp_path / "a.tex"
    tex.write_text("% \\result{demo/commented}\n$\\rho = \\result[sci2]{demo/rates/0.5/rho}$, "
                   "$n = \\result{demo/n}$ \\resulttable{demo/rates}{key,rho:.2f}\n")
    report.write_quoted([tex])
    quoted = (out / "quoted.tex").read_text()
    assert "\\csname hw1@demo/rates/0.5/rho@sci2\\endcsname{3.3\\times10^{-4}}" in quoted
    assert "\\csname hw1@demo/n@\\endcsname{7}" in quoted and "commented" not in quoted
    assert "\\csname hw1@table@demo/rates@key,rho:.2f\\endcsname{\\begin{tabular}{lr}" in quoted
    tex.write_text("\\result{demo/rates/0.7/rho}")
    with pytest.raises(ValueError, match=r"a.tex quotes 'demo/rates/0.7/rho': results have no entry"):
        report.write_quoted([tex])
    assert (out / "quoted.tex").read_text() == quoted  # the last good file stays
