"""Record what the report was built with (Python and package versions) for its closing appendix.

    python scripts/provenance.py    # writes report/results/provenance.json and report/macros/provenance.tex
"""
import platform
from importlib.metadata import version

from hw1 import report

PACKAGES = {"numpy": "numpy", "scipy": "scipy", "torch": "torch", "matplotlib": "matplotlib",
            "pandas": "pandas", "scikit-learn": "sklearn", "papermill": "papermill", "nbval": "nbval",
            "array-to-latex": "arraytolatex"}


def main():
    versions = {name: version(name) for name in PACKAGES}
    results = {"python": platform.python_version(), "versions": versions}
    macros = {"provPython": ("python", "text")}
    macros.update({f"prov{tag[0].upper()}{tag[1:]}": (f"versions.{name}", "text")
                   for name, tag in PACKAGES.items()})
    report.write_results("provenance", results, macros)


if __name__ == "__main__":
    main()
