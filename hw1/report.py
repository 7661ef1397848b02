"""Write the report's artefacts: figures, LaTeX tables and JSON results, byte for byte reproducibly.

Every notebook saves through these helpers, so the report only ever ``\\input``s or
``\\includegraphics``s files made here:

- ``figures/<name>.pdf``           (:func:`save_figure`)
- ``report/tables/<name>.tex``     (:func:`write_table`, :func:`write_latex`)
- ``report/results/<section>.json`` (:func:`write_results`)

Paths are relative to the repository, or to ``$HW1_OUTPUT_DIR`` where that is set.
Files are written to a temporary name and renamed into place, so an interrupted run never
leaves a half-written artefact behind.
"""
import json
import os
import tempfile
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# `make test` points this elsewhere, so replaying notebooks never overwrites the report's files.
# A relative path is taken from the repository root, as the notebooks' data paths are.
OUTPUT_ROOT = (ROOT / os.environ.get("HW1_OUTPUT_DIR", "")).resolve()
FIG_DIR = OUTPUT_ROOT / "figures"
TABLE_DIR = OUTPUT_ROOT / "report" / "tables"
RESULTS_DIR = OUTPUT_ROOT / "report" / "results"

# One width for the report's text column; height varies per figure.
FIG_WIDTH = 6.4
STYLE = {
    "figure.figsize": (FIG_WIDTH, 3.6),
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs everywhere
    "font.size": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "pdf.fonttype": 42,
    "svg.hashsalt": "hw1",
}
matplotlib.rcParams.update(STYLE)


def _write_atomically(path, write):
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def save_figure(fig, name):
    """Save ``fig`` as ``figures/<name>.pdf`` without dates, so reruns give identical bytes."""
    metadata = {"CreationDate": None, "ModDate": None, "Creator": "hw1"}
    _write_atomically(
        FIG_DIR / f"{name}.pdf", lambda f: fig.savefig(f, format="pdf", metadata=metadata)
    )


def write_latex(name, text):
    """Write a LaTeX snippet to ``report/tables/<name>.tex``."""
    text = text if text.endswith("\n") else text + "\n"
    _write_atomically(TABLE_DIR / f"{name}.tex", lambda f: f.write(text.encode()))


def table_to_latex(df, *, formats=None, index=False, column_format=None):
    """Render a DataFrame as a booktabs ``tabular`` with pandas' Styler.

    Parameters
    ----------
    df : pandas.DataFrame
    formats : str, callable or dict, optional
        Passed to ``Styler.format``: one format for every number, or one per column.
    index : bool
        Whether to print the row labels.
    column_format : str, optional
        LaTeX column spec; numbers right-aligned, text left-aligned by default.
    """
    styler = df.style.format(formats, escape="latex")
    if not index:
        styler = styler.hide(axis="index")
    if column_format is None:
        numeric = [pd.api.types.is_numeric_dtype(t) for t in df.dtypes]
        column_format = ("l" * df.index.nlevels if index else "") + "".join(
            "r" if n else "l" for n in numeric
        )
    return styler.to_latex(hrules=True, column_format=column_format)


def write_table(df, name, **kwargs):
    """Write ``df`` as a booktabs table to ``report/tables/<name>.tex`` (see :func:`table_to_latex`)."""
    write_latex(name, table_to_latex(df, **kwargs))


def matrix_to_latex(a, fmt="{:g}", env="bmatrix"):
    """Render a 1-D or 2-D array as an amsmath matrix, e.g. ``\\begin{bmatrix} 1 & 2 \\\\ ... ``."""
    a = np.atleast_2d(np.asarray(a))
    if a.ndim != 2:
        raise ValueError(f"a has shape {a.shape}; expected a vector or a 2-D matrix.")
    # 0.0 instead of -0.0: the sign of a zero is floating-point noise, not a result
    rows = [" & ".join(fmt.format(0.0 if v == 0 else v) for v in row) for row in a]
    return f"\\begin{{{env}}}\n" + " \\\\\n".join(rows) + f"\n\\end{{{env}}}"


def _to_json(value):
    """Make numpy scalars and arrays JSON-serialisable."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def write_results(section, results):
    """Write ``results`` (a dict) to ``report/results/<section>.json``."""
    text = json.dumps(results, indent=2, default=_to_json, allow_nan=False) + "\n"
    _write_atomically(RESULTS_DIR / f"{section}.json", lambda f: f.write(text.encode()))
