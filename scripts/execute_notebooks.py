"""Execute section notebooks in a fresh kernel each, from the notebooks/ folder.

    python scripts/execute_notebooks.py --out build/notebooks notebooks/05_lms.ipynb [-p NAME VALUE]
        papermill (with optional parameters); the executed copy goes to build/notebooks/, and only
        once every cell succeeded, so a failed run never looks up to date to make. The committed
        notebook is left untouched. This is what `make report` does.
    python scripts/execute_notebooks.py --inplace notebooks/*.ipynb
        nbclient; rewrites the committed notebooks with fresh outputs, execution counts 1..N and no
        timing metadata: the reference that `pytest --nbval` compares against (`make notebooks`).

Progress is printed as plain lines (which notebook, how far, how long), readable when `make -j`
runs several notebooks at once and in CI logs.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
import yaml

KERNEL = "python3"  # the kernel of the interpreter running this script: the project's venv
TIMEOUT_S = 600
# The kernel's own log (a warning that it talks over localhost TCP, a note when it is shut down)
# is noise in `make` output; errors in cells still reach the notebook and fail the run.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]


class Progress:
    """nbclient hook: print a line each time a quarter of the notebook's code cells is done."""

    def __init__(self, name, nb):
        self.name = name
        self.total = sum(cell.cell_type == "code" for cell in nb.cells)
        self.done, self.start = 0, time.perf_counter()
        print(f"  {self.name:<16} started ({self.total} code cells)", flush=True)

    def __call__(self, cell, **_):
        self.done += 1
        if 4 * self.done // self.total > 4 * (self.done - 1) // self.total:
            elapsed = time.perf_counter() - self.start
            print(f"  {self.name:<16} {100 * self.done // self.total:3d}% "
                  f"({self.done}/{self.total} cells, {elapsed:.1f} s)", flush=True)


def execute_inplace(path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT_S, kernel_name=KERNEL, record_timing=False,
        extra_arguments=KERNEL_ARGS, on_cell_executed=Progress(path.stem, nb),
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:  # keep the committed notebook free of per-run noise
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def execute_to(path, out_dir, parameters):
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    target, partial = out_dir / path.name, out_dir / f".{path.stem}.partial.ipynb"
    nb = nbformat.read(path, as_version=4)
    try:
        papermill.execute_notebook(
            nb, str(partial), parameters=parameters, kernel_name=KERNEL, cwd=str(path.parent),
            progress_bar=False, execution_timeout=TIMEOUT_S, extra_arguments=KERNEL_ARGS,
            on_cell_executed=Progress(path.stem, nb),
        )
    except Exception as error:
        sys.exit(f"{path} failed (the executed copy with the error is {partial}):\n{error}")
    os.replace(partial, target)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--inplace", action="store_true", help="rewrite the notebooks themselves")
    where.add_argument("--out", type=Path, help="folder for the executed copies")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="papermill parameter (with --out)")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.parameter and args.inplace:
        parser.error("parameters apply to --out runs only; the committed notebooks use their defaults")
    for path in args.notebooks:
        if args.inplace:
            execute_inplace(path.resolve())
        else:
            # as papermill's own -p: "3" is an int, "0.5" a float, anything else a string
            parameters = {name: yaml.safe_load(value) for name, value in args.parameter}
            execute_to(path.resolve(), args.out.resolve(), parameters)


if __name__ == "__main__":
    main()
