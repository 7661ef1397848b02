"""pytest settings for every run, bare `pytest --nbval` included (nbval's docs: no flags needed).

- A notebook replayed by nbval writes its figures, tables and results under build/test-artefacts,
  never over the report's own files in figures/ and report/.
- It reads the committed data set, whatever HW1_DATASET the shell has: the stored outputs are its.
- nbval compares strictly after the sanitizers in tests/nbval_sanitize.cfg, found from any folder.
"""
import os
from pathlib import Path

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


def pytest_configure(config):
    option = config.option
    if hasattr(option, "nbval_sanitize_with"):  # nbval is installed
        option.nbval_sanitize_with = option.nbval_sanitize_with or str(ROOT / "tests" / "nbval_sanitize.cfg")
        # The project's kernel is this interpreter's, unless the user names another kernel.
        option.nbval_current_env = option.nbval_current_env or not option.nbval_kernel_name
