"""The report's artefacts, byte for byte reproducibly: figures, the results, and what the .tex quotes.

A notebook saves its figures and writes its results, nothing else:

- ``figures/<name>.pdf``            (:func:`save_figure`)
- ``report/results/<section>.json`` (:func:`write_results`): every number of a section, keyed by meaning

The .tex names each value and table it quotes by its key, ``\\result[fmt]{section/key}`` and
``\\resulttable{section/key}{columns}``; :func:`write_quoted` resolves them all from the results into
``report/quoted.tex`` when the report is built, and stops, naming the key, if one is missing. How a
value is written (:func:`quote`) and the table headers (:data:`LABELS`) belong to this module.

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
RESULTS_DIR = OUTPUT_ROOT / "report" / "results"
KEY_PART = r"[A-Za-z0-9_.+-]+"  # a result's key; the .tex joins them by "/"; "." may be part of one ("0.5")

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
    return _significant(values, check_scalar("digits", digits, int, min_val=1, max_val=17))


def _significant(values, digits):
    """:func:`significant` without the checks: ``values`` a numeric array, ``digits`` an int in 1-17."""
    return np.vectorize(lambda v: float(f"{v:.{digits}g}"), otypes=[float])(values)


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


def tex_sci(value, digits=3):
    """``value`` in scientific notation for math mode, e.g. ``1.23\\times10^{-4}``."""
    value = check_scalar("value", value, float)
    digits = check_scalar("digits", digits, int, min_val=1, max_val=17)
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return _times_ten(mantissa, int(exponent))


def _times_ten(mantissa, exponent):
    """``mantissa`` times 10 to ``exponent`` for math mode: 10^{0} left out, 1\\times left out."""
    if exponent == 0:
        return mantissa
    if mantissa.lstrip("-") == "1":
        return f"{mantissa[:-1]}10^{{{exponent}}}"
    return f"{mantissa}\\times10^{{{exponent}}}"


def tex_text(text):
    """``text`` with LaTeX's special characters escaped."""
    specials = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
    return "".join(specials.get(c, c) for c in str(text))


def format_value(value, fmt):
    """Format one result for LaTeX.

    ``fmt`` is a Python format spec for numbers (``".8f"``, ``"d"``, ``".3g"``), applied to every
    entry of a vector or matrix (shown as a ``bmatrix``, a vector as a column, or as a row with
    ``"row:"`` before the spec); ``"sci"`` or ``"sciN"`` for N significant digits in scientific
    notation (math mode); ``"thousands"`` for a whole number with grouped digits; ``"text"`` for
    escaped text; ``"tt"`` for typewriter text.
    """
    check_text("fmt", fmt)
    if fmt in ("text", "tt"):
        if not isinstance(value, str):
            raise ValueError(f"format {fmt!r} is for text; got {type(value).__name__} {value!r}.")
        return tex_text(value) if fmt == "text" else rf"\texttt{{{tex_text(value)}}}"
    if isinstance(value, list):
        row, fmt = fmt.startswith("row:"), fmt.removeprefix("row:")
        if fmt.startswith("sci") or fmt == "thousands":
            raise ValueError(f"value is a list, but format {fmt!r} is for single numbers; give a vector a format "
                             "spec such as '.4f' (or 'row:.4f' for a row).")
        entries = np.asarray(value, dtype=float)  # a weight vector is a column, as in the course
        if entries.ndim == 1:
            entries = entries[None, :] if row else entries[:, None]
        return matrix_to_latex(entries, "{:" + fmt + "}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"value is {type(value).__name__} {value!r}; format {fmt!r} is for numbers.")
    if fmt.startswith("sci"):
        return tex_sci(value, int(fmt[3:] or 3))
    if fmt == "thousands":  # 1{,}228{,}800: grouped, and the same in text and in math mode
        return format(check_scalar("value", value, int), ",d").replace(",", "{,}")
    try:
        text = format(value, fmt)
    except ValueError:
        raise ValueError(f"fmt is {fmt!r}; expected a format spec for {type(value).__name__} such as "
                         "'.3f' or 'd'.") from None
    if text.startswith("-") and not re.search(r"[1-9]", text):  # -0.00: the sign of a rounded zero
        text = text[1:]
    exponent_form = re.fullmatch(r"(-?[0-9.]+)e([+-][0-9]+)", text)  # a "g" or "e" format's 1.5e-06
    if exponent_form:
        return rf"\ensuremath{{{_times_ten(exponent_form[1], int(exponent_form[2]))}}}"
    return text


def _plain(value, where="results"):
    """``value`` as plain JSON data: numpy scalars and arrays as numbers and lists, tuples as lists, and a
    number that is not finite (a blown-up run, a fixed point that does not exist) as null. A dict key
    must be able to be part of a quoted key (letters, digits, _ . + -)."""
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not re.fullmatch(KEY_PART, key):
                raise ValueError(f"{where} has the key {key!r}; expected letters, digits and _ . + - only "
                                 "(the report names a result by its keys, joined by /).")
        return {key: _plain(entry, f"{where}/{key}") for key, entry in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(entry, where) for entry in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ValueError(f"{where} holds {describe(value)}; expected numbers, strings, lists and dicts.")


def write_results(section, results):
    """Write ``results`` (a dict) to ``report/results/<section>.json``: the report quotes them by key.

    Keys name what they hold (a rate's results under the rate, ``"0.5"``), so that the .tex can name a
    value as ``section/key/key`` (see :func:`write_quoted`); a number that is not finite is written as
    null (no value).
    """
    section = _check_file_name(section, "section")
    check_type("results", results, dict, "the results (a dict)")
    plain = _plain(results)
    text = json.dumps(plain, indent=2) + "\n"
    _write_atomically(RESULTS_DIR / f"{section}.json", lambda f: f.write(text.encode()))


# --- What the report quotes -------------------------------------------------------------------
# The .tex names each value it quotes by its key, ``\result[fmt]{section/path/to/value}``, and each
# table by the key of its rows and the columns it shows, ``\resulttable{section/path}{col:fmt,...}``
# (see report/hw1.tex). ``write_quoted`` reads every such reference in the report's sources, looks
# it up in report/results/<section>.json and writes report/quoted.tex, which defines them all; a
# reference to a key the results lack stops the build with its name. Notebooks write results only.

QUOTED = OUTPUT_ROOT / "report" / "quoted.tex"
REPORT_SOURCES = ("report/hw1.tex", "report/sections/*.tex", "report/appendix/*.tex")
RESULT = re.compile(r"\\result(?:\[([^\]]*)\])?\{([^}]*)\}")
RESULT_TABLE = re.compile(r"\\resulttable\{([^}]*)\}\{([^}]*)\}")

# How the report writes a result's name: table headers and row labels, in LaTeX, for every section.
# A name not listed here is shown as it is, escaped.
LABELS = {
    # true_false
    # adalines
    "x1": "$x_1$", "x2": "$x_2$", "x3": "$x_3$", "d": "target $d$", "s": "$s$", "y": "$y$",
    "s_ls": "$s$ (LS)", "s_mm": "$s$ (MM)", "s1": "$s_1$", "h1": "$h_1$", "s2": "$s_2$", "h2": "$h_2$",
    "hidden1": "hidden unit $h_1$", "hidden2": "hidden unit $h_2$", "output": "output unit on $(h_1, h_2)$",
    "num_runs": "runs", "init_scale": "$a$ (initial weights in $[-a, a]$)", "num_starts": "starts",
    "num_solved": "solved", "percent_solved": r"solved (\%)",
    # backprop
    "grad_shape": "shape", "relu": "ReLU", "sigmoid": "sigmoid",
    "W1": "$W_1$", "b1": "$b_1$", "W2": "$W_2$", "b2": "$b_2$",
    "max_abs_grad": r"$\max|\nabla|$",
    "equals_autograd": r"$|\text{hand}-\text{autograd}| \le \varepsilon$",
    "equals_finite_diff": r"$|\text{hand}-\text{finite diff.}| \le \varepsilon_h$",
    "loss_before": "loss before",
    "loss_after": "loss after",
    "predicted_drop": "predicted drop",
    "actual_drop": "actual drop",
    # convolution
    "kernel_size": "$K$",
    # output widths under padding P and stride S (columns "P{p}_S{s}" of the shape-rule table)
    "P0_S1": "$P=0$, $S=1$",
    "P2_S1": "$P=2$, $S=1$",
    "P0_S2": "$P=0$, $S=2$",
    "P1_S3": "$P=1$, $S=3$",
    # lms
    "lr": "$r$", "mse_epoch_1": "MSE, epoch 1", "mse": "MSE", "mse_fixed": "MSE$(W_r)$",
    "spectral_radius": r"$\rho(A)$", "spectral_radius_squared": r"$\rho(A)^2$", "num_epochs_run": "epochs run",
    "growth_last_epoch": "MSE growth, last epoch", "wiener": r"Wiener solution $W^*$",
    "radius_cyclic": r"$\rho(A)$ (cyclic, per epoch)", "radius_iid_per_step": r"$\rho(M)$ (i.i.d., per step)",
    "per_sample_bound": r"per-sample bound $\min_k 2/\Vert x_k\Vert^2$",
    "iid_limit": r"i.i.d. mean-square limit $r_{\mathrm{iid}}$", "cyclic_critical_rate": r"cyclic-order critical rate $r_c$",
    "trace_rule": r"$2/\mathrm{tr}\,R$", "mean_bound": r"mean bound $2/\lambda_{\max}(R)$",
    "p99": "99th percentile", "start": "from $r$", "end": "to $r$",
    # simplenn
    "conv1": "Conv 1", "conv2": "Conv 2", "conv3": "Conv 3", "fc1": "FC1", "fc2": "FC2",
    "conv1.weight": "Conv 1 weight", "conv2.weight": "Conv 2 weight", "conv3.weight": "Conv 3 weight",
    "fc1.weight": "FC1 weight", "fc1.bias": "FC1 bias", "fc2.weight": "FC2 weight", "fc2.bias": "FC2 bias",
    "input_shape": "Input shape", "output_shape": "Output shape", "weight_shape": "Weight shape",
    "params": r"\# Param", "params_with_bias": r"\# Param (+bias)", "macs": r"\# MAC",
    "flops_counted": "counted FLOPs", "zeros": "exactly 0", "predicted_zeros": "predicted",
    "outputs_with_gradient": r"with $\delta\neq0$", "nonzero_inputs": "nonzero",
    "nonzero": "nonzero gradient", "predicted_nonzero": "predicted",
    "changed_default": "changed, default start", "changed_zero": "changed, zero start",
}


def lookup(results, key):
    """The entry of nested ``results`` at ``key``, its dict keys joined by "/": ``"wiener/w"``.

    A list is a value, never a place: a key cannot point into one by position.

    >>> lookup({"rates": {"0.5": {"rho": 0.25}}}, "rates/0.5/rho")
    0.25
    """
    check_type("results", results, dict, "the results (a dict)")
    value = results
    for part in check_text("key", key).split("/"):
        if not isinstance(value, dict) or part not in value:
            where = "a list, quoted whole, never by position" if isinstance(value, list) else \
                describe(value) if not isinstance(value, dict) else "missing"
            raise ValueError(f"results have no entry at {key!r}: at {part!r}, {where}.")
        value = value[part]
    return value


def _default_format(value):
    """The format a value gets when the .tex names none: whole numbers as they are, others to 4 digits."""
    if isinstance(value, bool):
        return "yesno"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int):
        return "d"
    return ".4g"


def _code_block(source):
    """``source`` as a block of typewriter lines that keeps every space and breaks no line, like ``verbatim``.

    ``verbatim`` cannot be stored in a macro (it reads its text with other category codes), so each
    line is escaped (:func:`tex_text`), its spaces made ``\\ `` and boxed.

    >>> print(_code_block("if x:\\n    y = {1}\\n"))
    \\par\\medskip{\\ttfamily\\parindent=0pt\\parskip=0pt
    \\mbox{if\\ x:}\\par
    \\mbox{\\ \\ \\ \\ y\\ =\\ \\{1\\}}\\par
    \\mbox{}\\par}\\medskip
    """
    lines = [r"\mbox{" + tex_text(line).replace(" ", "\\ ") + "}" for line in source.split("\n")]
    # set off from the text above and below by a skip, as verbatim is
    return ("\\par\\medskip{\\ttfamily\\parindent=0pt\\parskip=0pt\n"
            + "".join(line + "\\par\n" for line in lines).rstrip("\n") + "}\\medskip")


def quote(value, fmt=None):
    """``value`` as the report shows it (see :func:`format_value`; ``"label"`` looks a text up in LABELS,
    ``"yesno"`` writes a bool as yes or no, ``"shape"`` a list of sizes as 2\\times3, ``"code"`` a text
    line by line in typewriter, as ``verbatim`` would: see :func:`_code_block`)."""
    fmt = _default_format(value) if fmt is None else check_text("fmt", fmt)
    if fmt == "code":
        return _code_block(check_type("value", value, str, "a str (source code) for format 'code'"))
    if fmt == "yesno":
        check_type("value", value, bool, "a bool for format 'yesno'")
        return "yes" if value else "no"
    if fmt == "label":
        check_type("value", value, str, "a str for format 'label'")
        return LABELS.get(value, tex_text(value))
    if fmt == "shape":
        if not (isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            raise ValueError(f"value is {describe(value)}; format 'shape' is for a list of sizes.")
        return r"\times".join(str(v) for v in value)
    return format_value(value, fmt)


def _columns(spec, key):
    """``[(column, fmt or None, header name)]`` from a table's column list ``"key=activation,lr:g,mse"``:
    ``key=name`` is the rows' keys under the header LABELS gives ``name``."""
    columns = []
    for item in spec.split(","):
        column, _, fmt = item.partition(":")
        name, _, header = column.partition("=")
        if not re.fullmatch(KEY_PART, name) or (header and (name != "key" or not re.fullmatch(KEY_PART, header))):
            raise ValueError(f"\\resulttable{{{key}}} names the column {item!r}; expected name, name:format or "
                             "key=header, separated by commas without spaces.")
        columns.append((name, fmt or None, header or (None if name == "key" else name)))
    return columns


def _is_record(value):
    """A record is a dict of values, a table a dict of records."""
    return isinstance(value, dict) and not all(isinstance(v, dict) for v in value.values())


def _table_rows(results, keys):
    """``[(row key, record)]`` for a table's comma-separated ``keys``: each names a table (a dict of
    records, whose rows it adds in order, or a list of records) or a single record (one row)."""
    rows = []
    for key in keys.split(","):
        value = lookup(results, key)
        if _is_record(value):
            rows.append((key.rsplit("/", 1)[-1], value))
        elif isinstance(value, dict) and value:
            rows.extend(value.items())
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows.extend((str(i), v) for i, v in enumerate(value))
        else:
            raise ValueError(f"{key!r} is {describe(value)}; a table quotes a record (dict), or a dict or list of them.")
    return rows


def _cell(value, fmt):
    """A table cell: numbers in math mode (a true minus sign, 10^{k}), text as it is."""
    fmt = fmt or _default_format(value)
    text = quote(value, fmt)
    return text if isinstance(value, str) or fmt in ("label", "text", "tt", "yesno") else f"${text}$"


def quote_table(rows, spec, key="rows"):
    """A booktabs table (pandas' Styler) of ``rows``, ``[(row key, record)]`` (see :func:`_table_rows`).

    ``spec`` lists the columns, ``"name:fmt,..."``; the column ``key`` (or ``key=header``) is the row's
    key, looked up in LABELS. A column whose values are vectors becomes one column per entry. Headers
    come from LABELS (for a vector column, a list of headers); a missing entry of a row is a dash.
    """
    if not (isinstance(rows, list) and rows and all(isinstance(r, tuple) and len(r) == 2 and isinstance(r[1], dict)
                                                    for r in rows)):
        raise ValueError(f"rows is {describe(rows)}; expected a non-empty list of (row key, record dict) pairs.")
    columns = _columns(check_text("spec", spec), check_text("key", key))
    cells, headers, align = [], [], ""
    for name, fmt, header in columns:
        values = [str(row_key) if name == "key" else record.get(name) for row_key, record in rows]
        if name != "key" and all(v is None for v in values):
            raise ValueError(f"no row of the table {key!r} has the column {name!r}.")
        # a vector column spreads over one column per entry; a shape (format "shape") is one cell
        width = 0 if fmt == "shape" else max((len(v) for v in values if isinstance(v, list)), default=0)
        label = LABELS.get(header, tex_text(header)) if header else ""
        if width:  # a vector column: one column per entry
            if not all(isinstance(v, list) and len(v) == width for v in values if v is not None):
                raise ValueError(f"the column {name!r} of the table {key!r} mixes vectors of other lengths.")
            cells += [["--" if v is None else _cell(v[i], fmt) for v in values] for i in range(width)]
            headers += label if isinstance(label, list) and len(label) == width else \
                [f"${tex_text(name)}_{{{i}}}$" for i in range(width)]
            align += "r" * width
        else:
            cells.append(["--" if v is None else _cell(v, fmt or ("label" if name == "key" else None)) for v in values])
            headers.append(label)
            align += "l" if name == "key" or isinstance(next((v for v in values if v is not None), None), str) else "r"
    df = pd.DataFrame(list(zip(*cells)), columns=headers)  # cells and headers are LaTeX already
    return df.style.hide(axis="index").to_latex(hrules=True, column_format=align)


def _references(tex):
    """The values and tables a LaTeX source quotes: ``[("result", key, fmt)]``, ``[("table", key, spec)]``."""
    # As TeX reads it: a % after an even number of backslashes (none, or a \\ line break) starts a
    # comment, which takes the rest of its line, the newline and the next line's leading blanks.
    tex = re.sub(r"(?<!\\)((?:\\\\)*)%[^\n]*\n?[ \t]*", r"\1", tex)
    found = [("result", key, fmt or "") for fmt, key in RESULT.findall(tex)]
    return found + [("table", keys, spec) for keys, spec in RESULT_TABLE.findall(tex)]


def quoted_tex(sources, results_dir):
    """Definitions of every value and table the LaTeX ``sources`` quote, read from ``results_dir``.

    Raises ValueError naming the source and key of the first reference that cannot be resolved.
    """
    check_type("sources", sources, (list, tuple), "a list of LaTeX files")
    results_dir = Path(check_type("results_dir", results_dir, (str, Path), "a folder (str or Path)"))
    sections, lines = {}, []

    def results(section):
        if section not in sections:
            file = Path(results_dir) / f"{_check_file_name(section, 'section')}.json"
            if not file.is_file():
                raise ValueError(f"there is no {file.name} (run the section's notebook)")
            sections[section] = json.loads(file.read_text())
        return sections[section]

    for source in sources:
        for kind, key, arg in sorted(set(_references(Path(source).read_text()))):
            section = key.partition("/")[0]
            try:
                if kind == "result":
                    text = quote(lookup(results(section), key.partition("/")[2]), arg or None)
                else:  # a table's keys all name the same section: "lms/wiener,lms/rates"
                    parts = [k.split("/", 1) for k in key.split(",")]
                    if any(len(p) != 2 or p[0] != section for p in parts):
                        raise ValueError("a table's keys are section/key, all of one section")
                    text = quote_table(_table_rows(results(section), ",".join(p[1] for p in parts)), arg, key)
            except ValueError as err:
                raise ValueError(f"{_relative(source)} quotes {key!r}: {err}") from None
            name = f"hw1@{key}@{arg}" if kind == "result" else f"hw1@table@{key}@{arg}"
            lines.append(f"\\expandafter\\def\\csname {name}\\endcsname{{{text.rstrip()}}}")
    return "% made by hw1.report.write_quoted from report/results/*.json: do not edit\n" + \
        "\n".join(dict.fromkeys(lines)) + "\n"


def _relative(path):
    path = Path(path).resolve()
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def write_quoted(sources=None):
    """Write report/quoted.tex for ``sources``, by default the report's (see :func:`quoted_tex`)."""
    if sources is None:
        sources = [p for pattern in REPORT_SOURCES for p in sorted(ROOT.glob(pattern))]
    text = quoted_tex(sources, RESULTS_DIR)
    _write_atomically(QUOTED, lambda f: f.write(text.encode()))
