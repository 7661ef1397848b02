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
        report.write_results("s", {"a": float("nan")})  # NaN is not valid JSON
    assert json.loads((out / "results" / "s.json").read_text()) == {"a": 1}
    assert [p.name for p in (out / "results").iterdir()] == ["s.json"]


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
    assert report.matrix_to_latex([[1, -0.0], [0.5, -2]]) == (
        "\\begin{bmatrix}\n1 & 0 \\\\\n0.5 & -2\n\\end{bmatrix}")
    with pytest.raises(ValueError, match="expected a vector or a 2-D matrix"):
        report.matrix_to_latex(np.zeros((2, 2, 2)))


def test_relative_output_dir_is_taken_from_the_repository_root(tmp_path):
    code = "from hw1 import report; print(report.FIG_DIR)"
    env = {**os.environ, "HW1_OUTPUT_DIR": "build/elsewhere"}
    got = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert got == str(report.ROOT / "build" / "elsewhere" / "figures")
