"""Re-run notebooks' code cells as a plain script and compare what they print with the stored outputs.

    python scripts/check_notebook_outputs.py notebooks/06_simplenn.ipynb submission/SimpleNN.ipynb

For machines without Jupyter, e.g. a GPU machine with only PyTorch and the scientific stack: the
cells run in order in one namespace (IPython magics dropped, ``display`` printed), from the notebook's
folder, with artefacts written under $HW1_OUTPUT_DIR (default: a temporary folder). Each cell's printed text
is compared with the stored one after the sanitizers nbval uses (tests/nbval_sanitize.cfg). Exit status 1
if any cell's printed output differs; the differences are listed.
"""
import configparser
import contextlib
import io
import json
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sanitizers():
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


def sanitize(text, rules):
    for regex, replace in rules:
        text = regex.sub(replace, text)
    return text


def stored_text(cell):
    """What the cell printed when it was stored: stdout streams and text/plain results."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream" and output["name"] == "stdout":
            parts.append("".join(output["text"]))
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output.get("data", {})
            if "text/plain" in data and not any(k.startswith("image/") for k in data):
                parts.append("".join(data["text/plain"]) + "\n")
    return "".join(parts)


def run_notebook(path, rules):
    nb = json.loads(Path(path).read_text())
    namespace = {"__name__": "__main__", "display": lambda *objs: [print(repr(o)) for o in objs]}
    os.chdir(Path(path).resolve().parent)
    differences = 0
    for index, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        source = "".join(cell["source"])
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            try:
                exec(compile(source, f"{path}:cell{index + 1}", "exec"), namespace)
            except Exception:
                traceback.print_exc(file=buffer)
        got, want = sanitize(buffer.getvalue(), rules), sanitize(stored_text(cell), rules)
        if got.strip() != want.strip():
            differences += 1
            print(f"--- {path} cell {index + 1} differs\nstored:\n{want}\nnow:\n{got}")
    print(f"{path}: {differences} of {index + 1} code cells print something else than stored")
    return differences


def main(paths):
    os.environ.setdefault("HW1_OUTPUT_DIR", tempfile.mkdtemp(prefix="hw1-check-"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.path.insert(0, str(ROOT))
    rules, here = sanitizers(), Path.cwd()
    failed = 0
    for path in paths:
        failed += run_notebook(Path(path).resolve(), rules) > 0
        os.chdir(here)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
