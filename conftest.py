"""pytest settings for every run, bare `pytest --nbval` included (nbval's docs: no flags needed).

- A notebook replayed by nbval writes its figures, tables and results under build/test-artefacts,
  never over the report's own files in figures/ and report/.
- It reads the committed data set, whatever HW1_DATASET the shell has: the stored outputs are its.
- nbval compares strictly after the sanitizers in tests/nbval_sanitize.cfg, found from any folder.
- The replay's kernels show a figure as its text only: nbval never compares image/png (it compares
  the text, "<Figure size ... with N Axes>"), and drawing a PNG of every figure cost about 9 s of
  CPU. They start in an IPython profile of their own (IPYTHON_DIR) whose inline backend has no
  figure formats. A figure the notebook saves is still drawn, into its PDF under build/test-artefacts;
  the browser test's kernels have a profile of their own and draw PNGs.
- Under --nbval each notebook also gets a test `<name>.ipynb::stored outputs`, which fails when a
  code cell was never executed (as after Jupyter's "Clear All Outputs" and save): nbval would
  otherwise compare nothing and pass.
"""
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# scripts/portability.py gives each configuration's replay its own folder.
REPLAY_OUTPUT_DIR = Path(os.environ.get("HW1_REPLAY_DIR") or ROOT / "build" / "test-artefacts")

# Set before any kernel starts: nbval's kernels inherit this process's environment.
os.environ["HW1_OUTPUT_DIR"] = str(REPLAY_OUTPUT_DIR)
os.environ.pop("HW1_DATASET", None)
os.environ.setdefault("MPLBACKEND", "Agg")
# One BLAS/OpenMP thread per kernel, as `make` runs them: with pytest-xdist's workers side by side,
# more threads oversubscribe the cores (SimpleNN's training then runs several times slower).
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
# The kernels' IPython profile (see above); history off, so kernels side by side share no database.
IPYTHON_DIR = ROOT / "build" / "test-artefacts" / "ipython"  # where `make` never removes a .tmp file
KERNEL_CONFIG = "c.InlineBackend.figure_formats = set()\nc.HistoryManager.enabled = False\n"


def use_kernel_profile():
    """Write the profile's config whole (a temporary file renamed: workers start side by side) and
    point IPYTHONDIR at it. Where it cannot be written (a read-only checkout), kernels keep the usual one."""
    path = IPYTHON_DIR / "profile_default" / "ipython_kernel_config.py"
    try:
        if not (path.is_file() and path.read_text() == KERNEL_CONFIG):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_text(KERNEL_CONFIG)
            os.replace(temporary, path)
    except OSError:
        return
    os.environ["IPYTHONDIR"] = str(IPYTHON_DIR)


def pytest_configure(config):
    use_kernel_profile()
    option = config.option
    if hasattr(option, "nbval_sanitize_with"):  # nbval is installed
        option.nbval_sanitize_with = option.nbval_sanitize_with or str(ROOT / "tests" / "nbval_sanitize.cfg")
        # The project's kernel is this interpreter's, unless the user names another kernel.
        option.nbval_current_env = option.nbval_current_env or not option.nbval_kernel_name


class NotExecuted(Exception):
    pass


class StoredOutputs(pytest.Item):
    """Every non-empty code cell of the notebook carries the execution count of a stored run."""

    def runtest(self):
        cells = json.loads(self.path.read_text(encoding="utf-8"))["cells"]
        code = [cell for cell in cells if cell["cell_type"] == "code" and "".join(cell["source"]).strip()]
        missing = sum(cell.get("execution_count") is None for cell in code)
        if missing:
            raise NotExecuted(f"{self.path.name} has {missing} of its {len(code)} code cells without stored "
                              "outputs, so nbval has nothing to compare them with: run `make notebooks` "
                              "(or scripts/execute_notebooks.py --inplace on it) and commit the notebook.")

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value) if excinfo.errisinstance(NotExecuted) else super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::stored outputs"


class NotebookFile(pytest.File):
    def collect(self):
        yield StoredOutputs.from_parent(self, name="stored outputs")


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".ipynb" and getattr(parent.config.option, "nbval", False):
        return NotebookFile.from_parent(parent, path=file_path)
