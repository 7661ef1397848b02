"""Execute section notebooks in a fresh kernel each, from the notebooks/ folder.

    python scripts/execute_notebooks.py --out build/notebooks notebooks/04_convolution.ipynb
        papermill, with a progress bar; the executed copy goes to build/notebooks/ and the committed
        notebook is left untouched (what `make report` does).
    python scripts/execute_notebooks.py --inplace notebooks/*.ipynb
        nbclient; rewrites the committed notebooks with fresh outputs and execution counts 1..N and
        no timing metadata, the reference that `pytest --nbval` compares against (`make notebooks`).
"""
import argparse
import sys
from pathlib import Path

import nbformat

KERNEL = "python3"  # the kernel of the interpreter running this script: the project's venv
TIMEOUT_S = 600
# The kernel talks over localhost TCP; its warning about that is noise in `make` output.
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]


def execute_inplace(path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT_S, kernel_name=KERNEL, record_timing=False,
        extra_arguments=KERNEL_ARGS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:  # keep the committed notebook free of per-run noise
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def execute_to(path, out_dir, parameters):
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(path), str(out_dir / path.name), parameters=parameters, kernel_name=KERNEL,
        cwd=str(path.parent), progress_bar=True, execution_timeout=TIMEOUT_S,
        extra_arguments=KERNEL_ARGS,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--inplace", action="store_true", help="rewrite the notebooks themselves")
    where.add_argument("--out", type=Path, help="folder for the executed copies")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="papermill parameter (with --out)")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for i, path in enumerate(args.notebooks, 1):
        print(f"[{i}/{len(args.notebooks)}] {path}", flush=True)
        if args.inplace:
            execute_inplace(path.resolve())
        else:
            execute_to(path.resolve(), args.out.resolve(), dict(args.parameter))


if __name__ == "__main__":
    sys.exit(main())
