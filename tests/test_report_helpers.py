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
    for name, sub in [("FIG_DIR", "figures"), ("TABLE_DIR", "tables"), ("RESULTS_DIR", "results")]:
        monkeypatch.setattr(report, name, tmp_path / sub)
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


def test_table_is_booktabs_with_escaped_text():
    df = pd.DataFrame({"$K$": [1, 3], "name": ["a_b", "c&d"], "v": [0.5, 2.25]})
    latex = report.table_to_latex(df, formats={"v": "{:.2f}"})
    assert latex.splitlines() == [
        r"\begin{tabular}{rlr}", r"\toprule", r"$K$ & name & v \\", r"\midrule",
        r"1 & a\_b & 0.50 \\", r"3 & c\&d & 2.25 \\", r"\bottomrule", r"\end{tabular}"]


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


def test_write_results_writes_json_and_the_macros_read_back_from_it(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "MACRO_DIR", tmp_path / "macros")
    results = {"w": np.array([1.0, -2.5]), "runs": [{"mse": np.float64(3.14159e-7)}], "name": "a_b"}
    report.write_results("demo", results, {"demoW": ("w", ".1f"), "demoMSE": ("runs.0.mse", "sci2"),
                                           "demoName": ("name", "tt")})
    assert json.loads((tmp_path / "results" / "demo.json").read_text())["runs"][0]["mse"] == 3.14159e-7
    tex = (tmp_path / "macros" / "demo.tex").read_text().splitlines()
    assert tex[0] == "\\newcommand{\\demoW}{\\begin{bmatrix}"
    assert "\\newcommand{\\demoMSE}{3.1\\times10^{-7}}" in tex
    assert "\\newcommand{\\demoName}{\\texttt{a\\_b}}" in tex


@pytest.mark.parametrize("macros, message", [
    ({"demo1": ("w", ".1f")}, "not valid LaTeX"),
    ({"demoX": ("v", ".1f")}, "results have no entry at path 'v'"),
    ({"demoX": ("w", "sci")}, "for single numbers"),
    ({"demoX": ("name", ".2f")}, "is for numbers"),
])
def test_bad_macro_specs_fail_before_anything_is_written(tmp_path, monkeypatch, macros, message):
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "MACRO_DIR", tmp_path / "macros")
    with pytest.raises((ValueError, KeyError), match=message):
        report.write_results("demo", {"w": [1.0, 2.0], "name": "x"}, macros)
    assert not (tmp_path / "results").exists() and not (tmp_path / "macros").exists()
