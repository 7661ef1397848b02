"""Write the report's artefacts: figures, LaTeX tables and JSON results, byte for byte reproducibly.

Every notebook saves through these helpers, so the report only ever ``\\input``s or
``\\includegraphics``s files made here:

- ``figures/<name>.pdf``            (:func:`save_figure`)
- ``report/tables/<name>.tex``      (:func:`write_table`, :func:`write_matrix`, :func:`write_latex`)
- ``report/results/<section>.json`` (:func:`write_results`): every number of a section, plain JSON
- ``report/macros/<section>.tex``   (:func:`write_results` via :func:`results_to_macros`): the
  numbers the .tex quotes, each a ``\\newcommand`` whose value is read back from that JSON

No notebook writes LaTeX by hand: it names the results the report quotes and a format for each.

Paths are relative to the repository, or to ``$HW1_OUTPUT_DIR`` where that is set.
Files are written to a temporary name and renamed into place, so an interrupted run never
leaves a half-written artefact behind.
"""
import json
import os
import re
from pathlib import Path

import array_to_latex
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from hw1 import ROOT
from hw1.params import check_array, check_scalar, check_text, check_type, describe

# `make test` points this elsewhere, so replaying notebooks never overwrites the report's files.
# A relative path is taken from the repository root, as the notebooks' data paths are.
OUTPUT_ROOT = (ROOT / os.environ.get("HW1_OUTPUT_DIR", "")).resolve()
FIG_DIR = OUTPUT_ROOT / "figures"
TABLE_DIR = OUTPUT_ROOT / "report" / "tables"
RESULTS_DIR = OUTPUT_ROOT / "report" / "results"
MACRO_DIR = OUTPUT_ROOT / "report" / "macros"

# One width for the report's text column; height varies per figure. Every figure is drawn in STYLE
# (set here for the notebooks; lms_figures and simplenn draw inside it): 9 pt text, titles and labels
# too, ticks and legends "small" (7.5 pt, readable at the report's width). DejaVu Sans ships with
# matplotlib: the same glyphs everywhere.
FIG_WIDTH = 6.4
STYLE = {"figure.figsize": (FIG_WIDTH, 3.6), "figure.dpi": 100, "savefig.bbox": "tight",
         "font.family": "DejaVu Sans", "font.size": 9, "axes.titlesize": "medium", "axes.labelsize": "medium",
         "figure.labelsize": "medium", "legend.fontsize": "small", "xtick.labelsize": "small",
         "ytick.labelsize": "small", "axes.grid": True, "grid.alpha": 0.3, "pdf.fonttype": 42,
         "svg.hashsalt": "hw1"}
matplotlib.rcParams.update(STYLE)


def _write_atomically(path, write):
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it to ``path``.

    The temporary file is made by ``open()``, so the artefact gets the usual mode (0644 under umask
    022), readable by a grader or a web server. Where ``$HW1_MANIFEST`` names a file (make's
    canonical runs, see scripts/execute_notebooks.py), the artefact's path is appended to it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    f = open(tmp, "xb")
    try:
        with f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _record_written(path)


def _record_written(path):
    """Append ``path`` (absolute) to the run's log of written files named by ``$HW1_MANIFEST``."""
    log = os.environ.get("HW1_MANIFEST")
    if log:
        with open(log, "a") as f:
            f.write(f"{path.resolve()}\n")


MATRIX_ENVIRONMENTS = ("bmatrix", "pmatrix", "matrix", "Bmatrix", "vmatrix", "Vmatrix")


def _check_file_name(name, what="name"):
    """``name`` if it can name a file in an output folder: letters, digits, ``_`` and ``-``."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ValueError(f"{what} is {name!r}; expected a file name of letters, digits, _ and -.")
    return name


def save_figure(fig, name):
    """Save ``fig`` as ``figures/<name>.pdf`` without dates, so reruns give identical bytes."""
    check_type("fig", fig, Figure, "a matplotlib Figure")
    name = _check_file_name(name)
    metadata = {"CreationDate": None, "ModDate": None, "Creator": "hw1"}
    _write_atomically(
        FIG_DIR / f"{name}.pdf", lambda f: fig.savefig(f, format="pdf", metadata=metadata)
    )


def significant(values, digits=6):
    """``values`` (a number or an array) rounded to ``digits`` significant digits, for drawing.

    A PDF stores marker positions to 1e-10 pt, so a value whose last bits depend on the processor
    (an ill-conditioned fit, a long float32 training) would give another file on another machine;
    rounded, it draws the same everywhere, and six digits are far below what the eye can see.

    >>> significant([123456789.0, 0.000123456789, -2.5, 0.0])
    array([ 1.23457e+08,  1.23457e-04, -2.50000e+00,  0.00000e+00])
    """
    values = check_array("values", values, allow_empty=True, finite=False)  # inf, NaN stay as they are
    digits = check_scalar("digits", digits, int, min_val=1, max_val=17)
    return np.vectorize(lambda v: float(f"{v:.{digits}g}"), otypes=[float])(values)


def write_latex(name, text):
    """Write a LaTeX snippet to ``report/tables/<name>.tex``."""
    name, text = _check_file_name(name), check_type("text", text, str, "a str")
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
    check_type("df", df, pd.DataFrame, "a pandas DataFrame")
    if not (formats is None or callable(formats) or isinstance(formats, (str, dict))):
        raise ValueError(f"formats is {describe(formats)}; expected None, a format str, a callable or a dict.")
    check_type("column_format", column_format, (str, type(None)), "None or a LaTeX column spec (str)")
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
    name = _check_file_name(name)
    write_latex(name, table_to_latex(df, **kwargs))


def matrix_to_latex(a, fmt="{:g}", env="bmatrix"):
    """Render a 1-D (as a row) or 2-D array as an amsmath matrix with array-to-latex."""
    a = np.atleast_2d(check_array("a", a, ndim=(1, 2)))
    if not isinstance(fmt, str) or not re.fullmatch(r"\{:[^{}]*\}", fmt):
        raise ValueError(f"fmt is {fmt!r}; expected a format such as '{{:g}}' or '{{:.3f}}'.")
    if not isinstance(env, str) or env not in MATRIX_ENVIRONMENTS:
        raise ValueError(f"env is {env!r}; expected one of {', '.join(MATRIX_ENVIRONMENTS)}.")
    # 0 instead of -0 (or -0.00 after rounding): the sign of a zero is rounding, not a result
    rounds_to_zero = np.vectorize(lambda v: float(fmt.format(v)) == 0)(a)
    a = np.where(rounds_to_zero, 0.0, a)
    return array_to_latex.to_ltx(a, frmt=fmt, arraytype=env, print_out=False)


def write_matrix(name, a, fmt="{:g}", env="bmatrix"):
    """Write ``a`` as a matrix snippet to ``report/tables/<name>.tex`` (see :func:`matrix_to_latex`)."""
    name = _check_file_name(name)
    write_latex(name, matrix_to_latex(a, fmt, env))


def _to_json(value):
    """Make numpy scalars and arrays JSON-serialisable."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def tex_sci(value, digits=3):
    """``value`` in scientific notation for math mode, e.g. ``1.23\\times10^{-4}``."""
    value = check_scalar("value", value, float)
    digits = check_scalar("digits", digits, int, min_val=1, max_val=17)
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"{mantissa}\\times10^{{{int(exponent)}}}"


def tex_text(text):
    """``text`` with LaTeX's special characters escaped."""
    specials = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
    return "".join(specials.get(c, c) for c in str(text))


def format_value(value, fmt):
    """Format one result for LaTeX.

    ``fmt`` is a Python format spec for numbers (``".8f"``, ``"d"``, ``".3g"``), applied to every
    entry of a vector or matrix (shown as a ``bmatrix``); ``"sci"`` or ``"sciN"`` for N significant
    digits in scientific notation (math mode); ``"text"`` for escaped text; ``"tt"`` for
    typewriter text.
    """
    check_text("fmt", fmt)
    if fmt in ("text", "tt"):
        if not isinstance(value, str):
            raise ValueError(f"format {fmt!r} is for text; got {type(value).__name__} {value!r}.")
        return tex_text(value) if fmt == "text" else rf"\texttt{{{tex_text(value)}}}"
    if isinstance(value, list):
        if fmt.startswith("sci"):
            raise ValueError("format 'sci' is for single numbers; give a vector a format spec such as '.4f'.")
        column = np.asarray(value, dtype=float)  # a weight vector is a column, as in the course
        return matrix_to_latex(column[:, None] if column.ndim == 1 else column, "{:" + fmt + "}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"value is {type(value).__name__} {value!r}; format {fmt!r} is for numbers.")
    if fmt.startswith("sci"):
        return tex_sci(value, int(fmt[3:] or 3))
    try:
        text = format(value, fmt)
    except ValueError:
        raise ValueError(f"fmt is {fmt!r}; expected a format spec for {type(value).__name__} such as "
                         "'.3f' or 'd'.") from None
    if text.startswith("-") and not re.search(r"[1-9]", text):  # -0.00: the sign of a rounded zero
        text = text[1:]
    return text


def lookup(results, path):
    """The entry of nested ``results`` at a dotted ``path``: ``"wiener.w"``, ``"runs.0.mse"``."""
    check_type("results", results, (dict, list), "the results (a dict)")
    value = results
    for key in check_text("path", path).split("."):
        try:
            value = value[int(key)] if isinstance(value, list) else value[key]
        except (KeyError, IndexError, ValueError, TypeError):
            raise ValueError(f"results have no entry at path {path!r} (failed at {key!r}).") from None
    return value


def results_to_macros(results, macros):
    """LaTeX ``\\newcommand`` lines for the results the report quotes.

    Parameters
    ----------
    results : dict  a section's results, as written to its JSON (numbers, strings, lists)
    macros : dict  ``{macro_name: (path, fmt)}``: the macro ``\\<macro_name>`` expands to the entry
        at ``path`` (see :func:`lookup`), formatted with ``fmt`` (see :func:`format_value`).

    >>> print(results_to_macros({"w": [1.0, -0.5], "mse": 5.04e-5},
    ...                         {"demoW": ("w", ".2f"), "demoMSE": ("mse", "sci3")}))
    \\newcommand{\\demoW}{\\begin{bmatrix}
      1.00\\\\
     -0.50
    \\end{bmatrix}}
    \\newcommand{\\demoMSE}{5.04\\times10^{-5}}
    <BLANKLINE>
    """
    check_type("macros", macros, dict, "a dict {macro_name: (path, fmt)}")
    lines = []
    for name, (path, fmt) in macros.items():
        if not re.fullmatch(r"[A-Za-z]+", name):
            raise ValueError(f"macro name {name!r} is not valid LaTeX; expected letters only.")
        lines.append(f"\\newcommand{{\\{name}}}{{{format_value(lookup(results, path), fmt)}}}")
    return "\n".join(lines) + "\n"


def write_results(section, results, macros=None):
    """Write ``results`` (a dict) to ``report/results/<section>.json``, and the macros of the
    entries the report quotes to ``report/macros/<section>.tex`` (see :func:`results_to_macros`).

    The macros are made from the JSON as written, so the report quotes exactly what the file holds.
    """
    section = _check_file_name(section, "section")
    check_type("results", results, dict, "the results (a dict)")
    check_type("macros", macros, (dict, type(None)), "None or a dict {macro_name: (path, fmt)}")
    try:
        text = json.dumps(results, indent=2, default=_to_json, allow_nan=False) + "\n"
    except (TypeError, ValueError) as err:  # NaN, inf or an object JSON cannot hold
        raise ValueError(f"results cannot be written as JSON: {err}; expected finite numbers, "
                         "strings, lists and dicts.") from None
    tex = results_to_macros(json.loads(text), macros) if macros else None  # fails before writing
    _write_atomically(RESULTS_DIR / f"{section}.json", lambda f: f.write(text.encode()))
    if tex is not None:
        _write_atomically(MACRO_DIR / f"{section}.tex", lambda f: f.write(tex.encode()))
