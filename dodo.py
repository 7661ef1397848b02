"""The report's build steps, run by doit (https://pydoit.org) behind `make report` and `make submission`.

make is the front door: it sets up .venv and TeX Live, takes the build lock and calls `python
dodo.py` (doit with this file). doit reruns a step when the content of one of its inputs changed since the step
last succeeded, or when a file the step wrote is no longer on disk as the step wrote it: a deleted,
truncated or edited output is rebuilt, and modification times play no part (a file restored with
`cp -p`, or dated in the future, counts by what it holds). doit keeps its record of the last
successful runs in build/doit.db (SQLite, so a kill never leaves it half-written).

- notebook:NN_name   the canonical run of notebooks/NN_name.ipynb (scripts/execute_notebooks.py);
                     inputs: the notebook, the library, requirements.txt (LMS: data/dataset.mat;
                     SimpleNN: submission/SimpleNN.ipynb);
                     outputs: the artefacts its manifest build/manifests/NN_name.sha256 lists.
- provenance         the appendix's package versions, recorded the same way.
- report             report/hw1.pdf, from report/**.tex and every run's artefacts (their manifests).
- handin:*           the three hand-in files in build/submission/; `submission` drops anything else there.
"""
import glob
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from doit.dependency import MD5Checker, get_file_md5
from doit.exceptions import TaskFailed
from doit.reporter import ExecutedOnlyReporter

PY = sys.executable
LIB = sorted(glob.glob("hw1/*.py"))
# Reverse order, so the slowest notebook (06, training) starts first when they run side by side.
NOTEBOOKS = sorted(glob.glob("notebooks/*.ipynb"), reverse=True)
MANIFESTS = [f"build/manifests/{Path(n).stem}.sha256" for n in NOTEBOOKS] + ["build/manifests/provenance.sha256"]
ARTEFACTS = ["figures/*.pdf", "report/results/*.json"]
# the hand-written LaTeX; report/quoted.tex is made from the results by the report step itself
REPORT_TEX = sorted({*glob.glob("report/*.tex"), *glob.glob("report/sections/*.tex"),
                     *glob.glob("report/appendix/*.tex")} - {"report/quoted.tex"})
LATEX = Path("build/latex")
SUBMISSION = Path(os.environ.get("HW1_SUBMISSION", "build/submission"))  # make submission SUBMISSION=<folder>
HANDIN_PDF = "build/handin/hw1.pdf"
HANDIN = {"hw1.pdf": HANDIN_PDF, "lab1_lms.py": None, "SimpleNN.ipynb": "submission/SimpleNN.ipynb"}


class ContentChecker(MD5Checker):
    """An input has changed when its content has: its modification time is never trusted."""

    def check_modified(self, file_path, file_stat, state):
        return state[2] != get_file_md5(file_path)


class Reporter(ExecutedOnlyReporter):
    """A line per step that runs, nothing for steps up to date, and nothing after a step that
    failed (exit code, or False): the step has printed its cause as the last line."""

    def add_failure(self, task, fail):
        if not isinstance(fail, TaskFailed):  # an error in the build itself: doit's report with its traceback
            super().add_failure(task, fail)

    def complete_run(self):
        for error in self.runtime_errors:  # doit's own (a missing input, a broken record)
            self.write(f"{error}\n")


DOIT_CONFIG = {
    "default_tasks": ["report"],
    "dep_file": "build/doit.db",
    "backend": "sqlite3",
    "check_file_uptodate": ContentChecker,
    "reporter": Reporter,
    "verbosity": 2,  # the steps' own output as it comes
    "par_type": "thread",  # the steps are processes; threads only wait for them
}


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def record_outputs(targets):
    """Last action of every step: the sha256 of what it wrote, kept by doit as the step's values."""
    return {target: sha256(target) for target in targets}


def outputs_unchanged(task, values):
    """Up to date only if every output is on disk as the step's last successful run wrote it."""
    return all(Path(t).is_file() and values.get(t) == sha256(t) for t in task.targets)


def step(**task):
    """A doit task whose outputs are checked by content as well as its inputs."""
    task["actions"] = [*task["actions"], record_outputs]
    task["uptodate"] = [*task.get("uptodate", []), outputs_unchanged]
    return task


def write_atomically(target, write):
    """``write(temporary path)``, then rename it to ``target``: a kill leaves the old file or none,
    and at worst a ``.*.tmp`` that the next build (and `make clean`) removes."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    write(tmp)
    os.replace(tmp, target)


def copy_file(source, target):
    write_atomically(target, lambda tmp: shutil.copyfile(source, tmp))


def listed(manifest):
    """{path: sha256} of the files a run's manifest lists; empty if there is none."""
    if not Path(manifest).is_file():
        return {}
    return {name: digest for digest, name in (line.split("  ", 1) for line in Path(manifest).read_text().splitlines())}


def manifest_holds(manifest):
    """Up to date only if every file the run's manifest lists is on disk as the run wrote it."""
    return lambda: all(Path(name).is_file() and sha256(name) == digest for name, digest in listed(manifest).items())


def stray_artefacts():
    """Generated files that no canonical run wrote (an old name, a run outside make)."""
    canonical = set().union(*(listed(m) for m in MANIFESTS))
    return [path for pattern in ARTEFACTS for path in sorted(glob.glob(pattern)) if path not in canonical]


def task_notebook():
    """The canonical run of each notebook (the committed data set, default parameters)."""
    for notebook in NOTEBOOKS:
        name = Path(notebook).stem
        manifest = f"build/manifests/{name}.sha256"
        # LMS reads the data set; SimpleNN lists the handed-in notebook's class in the report
        extra = {"05_lms": ["data/dataset.mat"], "06_simplenn": ["submission/SimpleNN.ipynb"]}.get(name, [])
        yield step(name=name, file_dep=[notebook, *LIB, "requirements.txt", *extra], targets=[manifest],
                   actions=[[PY, "scripts/execute_notebooks.py", "--out", "build/notebooks",
                             "--manifests", "build/manifests", notebook]],
                   uptodate=[manifest_holds(manifest)])


def task_provenance():
    """The appendix's package versions: a script that writes through hw1.report like a notebook."""
    manifest = "build/manifests/provenance.sha256"
    return step(file_dep=["scripts/provenance.py", "hw1/report.py", "requirements.txt"], targets=[manifest],
                actions=[[PY, "scripts/execute_notebooks.py", "--manifests", "build/manifests",
                          "scripts/provenance.py"]],
                uptodate=[manifest_holds(manifest)])


def remove_stray_artefacts():
    for path in stray_artefacts():
        print(f"== removing {path}: no canonical run wrote it", flush=True)
        os.remove(path)


def latexmk(latex, pretex):
    options = [f"-usepretex={pretex}"] if pretex else []
    with open(latex / "latexmk.out", "w") as log:
        return subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", *options,
                               f"-outdir=../{latex}", "hw1.tex"],
                              cwd="report", stdout=log, stderr=subprocess.STDOUT).returncode == 0


def latex_error(latex):
    """The first error in LaTeX's log with the lines after it, the error line itself last."""
    log = latex / "hw1.log"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    starts = [i for i, line in enumerate(lines) if line.startswith("!") or "not found" in line]
    if not starts:
        return (latex / "latexmk.out").read_text(errors="replace").splitlines()[-30:] + ["latexmk failed"]
    return lines[starts[0]:starts[0] + 9] + [f"report/hw1.tex failed: {lines[starts[0]].lstrip('! ')}"]


def build_pdf(latex, target, pretex=None):
    """latexmk in ``latex`` (a folder), trusted only after a run there succeeded (its .ok): after an
    interrupted or failed run it starts from scratch, and a failure on the last run's auxiliary files
    is retried from scratch, so a cut-short .aux never sticks and the error shown is the current one.
    After a failure there is no ``target`` rather than an old one. ``pretex``: TeX code read first."""
    # imported here, not at the top: hw1.report loads pandas and matplotlib (1.4 s), which every
    # `make report` that has nothing to do, and every `doit list`, would pay for nothing
    from hw1 import report
    try:  # the values and tables the .tex quotes, from the results (a missing key stops here, named)
        report.write_quoted()
    except ValueError as err:
        Path(target).unlink(missing_ok=True)
        print(err, file=sys.stderr, flush=True)
        return False
    print(f"== latexmk report/hw1.tex for {target} (log: {latex}/hw1.log)", flush=True)
    ok = latex / ".ok"
    fresh = not ok.exists()
    if fresh:
        shutil.rmtree(latex, ignore_errors=True)
    latex.mkdir(parents=True, exist_ok=True)
    ok.unlink(missing_ok=True)
    if not latexmk(latex, pretex):
        if not fresh:
            shutil.rmtree(latex)
            latex.mkdir()
        if fresh or not latexmk(latex, pretex):
            Path(target).unlink(missing_ok=True)
            print("\n".join(latex_error(latex)), file=sys.stderr, flush=True)
            return False
    ok.touch()
    copy_file(latex / "hw1.pdf", target)


def task_report():
    """report/hw1.pdf from the LaTeX sources and the artefacts the canonical runs wrote."""
    # task_dep: the notebooks start in NOTEBOOKS' order (the slowest first); file_dep alone leaves it open
    return step(file_dep=[*MANIFESTS, *REPORT_TEX], targets=["report/hw1.pdf"], task_dep=["notebook", "provenance"],
                actions=[remove_stray_artefacts, (build_pdf, [LATEX, "report/hw1.pdf"])],
                uptodate=[lambda: not stray_artefacts()])


def task_handin_pdf():
    """The hand-in PDF: the report without its appendices on an earlier write-up and on how it was built."""
    return step(file_dep=[*MANIFESTS, *REPORT_TEX], targets=[HANDIN_PDF], task_dep=["report"],
                actions=[(build_pdf, [LATEX.with_name("latex-handin"), HANDIN_PDF, r"\def\handin{}"])])


def task_handin():
    """The hand-in files: the report, Lab 1 as one file assembled from hw1 by scripts/build_lab1.py,
    and the committed SimpleNN notebook (made by scripts/fill_simplenn.py)."""
    for name, source in HANDIN.items():
        target = str(SUBMISSION / name)
        if source:
            yield step(name=name, file_dep=[source], targets=[target], actions=[(copy_file, [source, target])])
        else:
            yield step(name=name, targets=[target], actions=[[PY, "scripts/build_lab1.py", target]],
                       file_dep=["submission/lab1_entry.py", "scripts/build_lab1.py", *LIB, "requirements.txt"])


def prune_and_list():
    for entry in SUBMISSION.iterdir():
        if entry.name not in HANDIN:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    subprocess.run(["ls", "-l", *(str(SUBMISSION / name) for name in HANDIN)])


def task_submission():
    """build/submission/ holds the three hand-in files and nothing else (listed with ls -l)."""
    return {"task_dep": ["handin"], "actions": [prune_and_list], "uptodate": [False], "verbosity": 2}


def interrupted(signum, _frame):
    """Ctrl-C or SIGTERM: pass it on to the running steps (each stops its own kernels and removes its
    temporary files), then end at once, without doit's KeyboardInterrupt traceback. Steps finished
    in this run are not recorded, so the next build checks them again."""
    import psutil
    children = psutil.Process().children()
    for child in children:
        try:
            child.send_signal(signal.SIGTERM)
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(children, timeout=10)  # nothing outlives the build (and its lock)
    print(f"build stopped by {signal.Signals(signum).name}", file=sys.stderr, flush=True)
    os._exit(128 + signum)


if __name__ == "__main__":  # `python dodo.py [doit's arguments]`, as make runs it
    import doit
    if not os.access("build", os.W_OK) and "list" not in sys.argv:  # doit records each step in build/doit.db
        sys.exit(f"the checkout is read-only: {Path('build').resolve()} cannot be written, so nothing can be "
                 "built or checked there; build in a writable copy.")
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    doit.run(globals())
