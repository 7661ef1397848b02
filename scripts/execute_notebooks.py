"""Execute section notebooks in a fresh kernel each, from the notebooks/ folder.

    python scripts/execute_notebooks.py --out build/notebooks notebooks/05_lms.ipynb [-p NAME VALUE]
        papermill (with optional parameters, read as papermill's own -p reads them: 4e-3 and .5 are
        numbers, True/False/None what they say, anything else a string); the executed copy goes to
        build/notebooks/ once every cell succeeded; after a failure it is NAME.failed.ipynb there,
        and the last line printed is the failing cell's error. The committed notebook is left untouched.
    python scripts/execute_notebooks.py --out build/notebooks --manifests build/manifests notebooks/05_lms.ipynb
        the same, as `make report` runs it: a canonical run (no parameters, no HW1_OUTPUT_DIR or
        HW1_DATASET) that records what it wrote in build/manifests/05_lms.sha256 (see below).
    python scripts/execute_notebooks.py --manifests build/manifests scripts/provenance.py
        a script that writes report artefacts through hw1.report, recorded the same way.
    python scripts/execute_notebooks.py --inplace notebooks/*.ipynb
        nbclient; rewrites the committed notebooks with fresh outputs, execution counts 1..N and no
        timing metadata: the reference that `pytest --nbval` compares against (`make notebooks`).

Manifests: hw1.report writes every artefact through one function, which appends the file's path to
$HW1_MANIFEST when that is set. A recorded run deletes its manifest first, points HW1_MANIFEST at a
log, and only once the run succeeded writes the manifest: `sha256sum --check` lines for each file
written, paths relative to the repository. The build (dodo.py) reruns any notebook whose
manifest is missing or fails that check, so a failed run, a deleted or edited artefact, or a run
outside make (Jupyter, other parameters) that rewrote the report's files is repaired by the next
`make report`.

Progress is printed as plain lines (which notebook, how far, how long), readable when several
notebooks run at once and in CI logs. Ctrl-C (SIGINT) or SIGTERM stops the run and its kernel at
once and removes its temporary files (named .*.tmp, which the next build removes after a SIGKILL).
"""
import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# jsonschema (imported by nbformat) compiles an RFC 3987 grammar on import when the optional package
# rfc3987-syntax is installed, as JupyterLab's dependencies bring it: 2 s of CPU per notebook run, for
# an "iri" format that no notebook schema uses. An import that fails leaves the check out.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
import psutil  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "python3"  # the kernel of the interpreter running this script: the project's venv
TIMEOUT_S = 600
# The kernel's own log (a warning that it talks over localhost TCP, a note when it is shut down)
# is noise in `make` output; errors in cells still reach the notebook and fail the run.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]
# A recorded run is the canonical one: these would send it to other data or other places.
NOT_CANONICAL = ("HW1_OUTPUT_DIR", "HW1_DATASET")
# Temporary files of the run in progress, removed when it is interrupted.
TEMPORARY = set()


def stop(signum, _frame):
    """On SIGINT or SIGTERM: kill the kernels (and any other child) now, remove the temporary files,
    and exit with one line instead of a KeyboardInterrupt traceback."""
    children = psutil.Process().children(recursive=True)
    for child in children:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(children, timeout=5)
    for path in TEMPORARY:
        Path(path).unlink(missing_ok=True)
    print(f"execute_notebooks.py: stopped by {signal.Signals(signum).name}", file=sys.stderr, flush=True)
    os._exit(128 + signum)


def parameter(text):
    """A -p value as papermill's own command line reads it: "4e-3", "1E-2", ".5" are floats, "3"
    an int, "True"/"False"/"None" what they say, anything else the string itself."""
    from papermill.cli import _resolve_type  # papermill's -p parsing itself, so the two never differ
    return _resolve_type(text)


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


class Recorder:
    """Record the files one run writes: ``with Recorder(manifest) as written: run()``, then
    ``written.save()`` once the run succeeded. Without a manifest, records nothing."""

    def __init__(self, manifest):
        self.manifest = manifest
        self.log = manifest and manifest.with_name(f".{manifest.stem}.written.tmp")

    def __enter__(self):
        if self.manifest:
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            self.manifest.unlink(missing_ok=True)  # invalid from now until the run succeeded
            TEMPORARY.add(self.log)
            self.log.write_text("")
            os.environ["HW1_MANIFEST"] = str(self.log)  # the kernel inherits it
        return self

    def __exit__(self, *_):
        os.environ.pop("HW1_MANIFEST", None)

    def save(self):
        if not self.manifest:
            return
        written = dict.fromkeys(Path(line) for line in self.log.read_text().splitlines())
        if not written:
            sys.exit(f"{self.manifest.stem} wrote no report files through hw1.report: nothing to record")
        lines = []
        for path in written:
            if not path.is_relative_to(ROOT):
                sys.exit(f"{self.manifest.stem}: wrote {path}, outside this repository {ROOT}: "
                         "is hw1 imported from another checkout? (check PYTHONPATH)")
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(ROOT)}\n")
        partial = self.manifest.with_name(f".{self.manifest.name}.tmp")
        partial.write_text("".join(lines))
        os.replace(partial, self.manifest)
        self.log.unlink()


def execute_inplace(path):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=TIMEOUT_S, kernel_name=KERNEL, record_timing=False,
        extra_arguments=KERNEL_ARGS, on_cell_executed=Progress(path.stem, nb),
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        sys.exit(f"{shown(path)} stopped with {error.ename}; it is left as it was:\n{error.evalue}")
    for cell in nb.cells:  # keep the committed notebook free of per-run noise
        cell.metadata.pop("execution", None)
    partial = path.with_name(f".{path.name}.tmp")
    TEMPORARY.add(partial)
    nbformat.write(nb, partial)
    os.replace(partial, path)


def execute_to(path, out_dir, parameters, manifest=None):
    import papermill

    out_dir.mkdir(parents=True, exist_ok=True)
    target, partial = out_dir / path.name, out_dir / f".{path.stem}.tmp.ipynb"
    failed = out_dir / f"{path.stem}.failed.ipynb"
    nb = nbformat.read(path, as_version=4)
    TEMPORARY.add(partial)
    with Recorder(manifest) as written:
        try:
            papermill.execute_notebook(
                nb, str(partial), parameters=parameters, kernel_name=KERNEL, cwd=str(path.parent),
                progress_bar=False, execution_timeout=TIMEOUT_S, extra_arguments=KERNEL_ARGS,
                on_cell_executed=Progress(path.stem, nb),
            )
        except papermill.PapermillExecutionError as error:
            os.replace(partial, failed)
            # the cause last, where a reader of make's output looks first; the traceback is in the copy
            sys.exit(f"{shown(path)} stopped at cell [{error.exec_count}] with {error.ename} "
                     f"(traceback in {shown(failed)}):\n{error.evalue}")
        failed.unlink(missing_ok=True)
        os.replace(partial, target)
        written.save()


def shown(path):
    """``path`` relative to the repository when it lies inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def check_writable(*folders):
    """Exit with one sentence if a folder the run writes to cannot be written (a read-only checkout)."""
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-probe.{os.getpid()}.tmp"
            probe.touch()
            probe.unlink()
        except OSError as error:
            sys.exit(f"the checkout is read-only: {shown(folder)} cannot be written ({error.strerror}).")


def run_script(path, manifest):
    with Recorder(manifest) as written:
        if subprocess.run([sys.executable, str(path)], cwd=ROOT).returncode:
            sys.exit(f"{path} failed")
        written.save()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--inplace", action="store_true", help="rewrite the notebooks themselves")
    where.add_argument("--out", type=Path, help="folder for the executed copies")
    parser.add_argument("--manifests", type=Path, metavar="DIR",
                        help="record each run's files in DIR/<name>.sha256 (make's canonical runs)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="papermill parameter (with --out)")
    parser.add_argument("notebooks", nargs="+", type=Path, help=".ipynb notebooks (or .py scripts)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if args.parameter and not args.out:
        parser.error("parameters apply to --out runs only; the committed notebooks use their defaults")
    if args.manifests and (args.inplace or args.parameter):
        parser.error("--manifests records canonical runs: use it with --out and no parameters")
    if args.manifests and (names := [n for n in NOT_CANONICAL if n in os.environ]):
        parser.error(f"--manifests records canonical runs: unset {' and '.join(names)}")
    if args.manifests:  # a canonical run writes the report's artefacts
        check_writable(args.manifests.resolve(), ROOT / "figures", ROOT / "report")
    for path in args.notebooks:
        path = path.resolve()
        manifest = args.manifests and args.manifests.resolve() / f"{path.stem}.sha256"
        if path.suffix == ".py":
            if not args.manifests:
                parser.error(f"{path.name}: scripts are run with --manifests only")
            run_script(path, manifest)
        elif args.inplace:
            execute_inplace(path)
        elif args.out:
            parameters = {name: parameter(value) for name, value in args.parameter}
            execute_to(path, args.out.resolve(), parameters, manifest)
        else:
            parser.error("notebooks need --out or --inplace")


if __name__ == "__main__":
    main()
