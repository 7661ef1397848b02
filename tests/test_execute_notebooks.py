"""scripts/execute_notebooks.py as a person runs it: parameters written the usual way,
values beyond a notebook's limits refused at its check cell, and the cause of a failure as the one
last line, without a traceback. Each run stops early and writes only under tmp_path."""
import importlib.util
import os
import subprocess
import sys

import nbformat
import pytest

from hw1 import ROOT


def script():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parameters_are_read_as_papermill_reads_them():
    values = [script().parameter(text) for text in ["4e-3", "1E-2", ".5", "3", "True", "None", "data/x.mat"]]
    assert values == [0.004, 0.01, 0.5, 3, True, None, "data/x.mat"]
    assert [type(v) for v in values[:4]] == [float, float, float, int]


def run(tmp_path, notebook, *parameters):
    """Run ``notebook`` with ``-p`` parameters into tmp_path; return (exit code, output, last line)."""
    env = {k: v for k, v in os.environ.items() if k not in ("HW1_MANIFEST", "HW1_DATASET")}
    env["HW1_OUTPUT_DIR"] = str(tmp_path / "artefacts")
    args = [sys.executable, str(ROOT / "scripts/execute_notebooks.py"), "--out", str(tmp_path), str(notebook)]
    for name, value in parameters:
        args += ["-p", name, value]
    result = subprocess.run(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return result.returncode, result.stdout, result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("name, value, limit", [("LR", "1e308", "<= 1.0"), ("NUM_EPOCHS", "100000000", "<= 100")])
def test_values_beyond_the_limits_are_refused_at_the_check_cell(tmp_path, name, value, limit):
    code, out, last = run(tmp_path, ROOT / "notebooks/06_simplenn.ipynb", (name, value))
    assert code != 0 and last.startswith(f"{name} is ") and limit in last, out
    assert "Traceback" not in out and not (tmp_path / "artefacts").exists()  # nothing written


def cell_that_failed(tmp_path, stem):
    nb = nbformat.read(tmp_path / f"{stem}.failed.ipynb", as_version=4)
    return next(cell.source for cell in nb.cells if any(o.output_type == "error" for o in cell.get("outputs", [])))


def test_dataset_problems_are_one_line(tmp_path):
    """A missing file stops at the check cell; a corrupt one at loading, with hw1.data's sentence."""
    lms = ROOT / "notebooks/05_lms.ipynb"
    missing = tmp_path / "no such.mat"
    code, out, last = run(tmp_path, lms, ("dataset_path", str(missing)))
    assert code != 0 and last == f"the dataset {missing} does not exist; expected a MATLAB .mat file.", out
    assert "check_dataset_path" in cell_that_failed(tmp_path, "05_lms")
    corrupt = tmp_path / "corrupt.mat"
    corrupt.write_bytes(b"MATLAB? no")
    code, out, last = run(tmp_path, lms, ("dataset_path", str(corrupt)))
    assert code != 0 and "could not be read as a MATLAB .mat file" in last and "Traceback" not in out, out
