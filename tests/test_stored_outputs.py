"""A notebook saved with its outputs cleared (Jupyter's "Clear All Outputs" + save) fails
`pytest --nbval` by name and says what to do (conftest.py), instead of passing with nothing compared."""
import os
import subprocess
import sys

import nbformat

from hw1 import ROOT


def test_notebook_without_stored_outputs_fails_by_name(tmp_path):
    cleared = nbformat.read(ROOT / "notebooks/03_backprop.ipynb", as_version=4)
    for cell in cleared.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    folder = ROOT / "build" / f"cleared-{os.getpid()}"  # inside the repository: its conftest.py applies
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(cleared, folder / "00_cleared.ipynb")
    try:  # -k selects the check alone: no kernel starts
        result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-p", "no:xdist", "-k", "stored",
                                 str(folder / "00_cleared.ipynb"), "notebooks/03_backprop.ipynb"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    finally:
        (folder / "00_cleared.ipynb").unlink()
        folder.rmdir()
    out = result.stdout
    assert result.returncode == 1 and "1 failed, 1 passed" in out, out
    assert "00_cleared.ipynb has 11 of its 11 code cells without stored outputs" in out and "`make notebooks`" in out
