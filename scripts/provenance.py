"""Record what the report was built with (Python and package versions) for its closing appendix.

    python scripts/provenance.py    # writes report/results/provenance.json (the appendix quotes it by key)
"""
import platform
from importlib.metadata import version

from hw1 import report

PACKAGES = ("numpy", "scipy", "torch", "matplotlib", "pandas", "scikit-learn", "papermill", "nbval",
            "array-to-latex")


def main():
    versions = {name: version(name) for name in PACKAGES}
    report.write_results("provenance", {"python": platform.python_version(), "versions": versions})


if __name__ == "__main__":
    main()
