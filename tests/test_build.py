"""The build never lies: after any disturbance, one `make report` restores the canonical
artefacts and a PDF built from them, and the next call does nothing. Content decides, never mtimes.

Every test here works on a copy of the repository in a temporary folder whose path has a space (the
working tree with the built figures/ and report/ files, and build/'s notebooks, manifests and latex),
so the real report is never touched while other tests read it. The copy's .venv links to the real one's contents but has its own
.venv/.installed stamp, so nothing in the copy ever installs into the real environment; PYTHONPATH
makes the copy's kernels import the copy's hw1 (checked). The tests share the copy and run in order,
in one xdist worker (one module, --dist loadscope; also grouped for --dist loadgroup).

Costs: a few runs of a tiny probe notebook (it writes a results file and a figure through hw1.report,
as a section does), latexmk and the hand-in bundle; no section notebook is rerun. The manifest itself (written
only after a run succeeded) is tested in-process at the end.
"""
import hashlib
import importlib.util
import json
import os
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from hw1 import report
from hw1 import ROOT

pytestmark = [pytest.mark.xdist_group("build")]

GENERATED = ["figures/*.pdf", "report/results/*.json"]
# Makefile variables of a `make test` that ran this pytest: a make started here must not join its jobserver.
MAKE_VARS = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKE_TERMOUT", "MAKE_TERMERR", "MAKEOVERRIDES")


def probe_notebook():
    """A section notebook in miniature: parameters, writes through hw1.report, may fail part-way."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("VALUE = 1\nFAIL = False")
    params.metadata.tags = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell(
            "import hw1\nfrom hw1 import report\nfrom matplotlib.figure import Figure\n"
            "report.write_results('probe', {'value': VALUE, 'hw1': hw1.__file__})\n"
            "fig = Figure()\nfig.add_subplot().plot([0, VALUE])\nreport.save_figure(fig, 'probe')"),
        nbformat.v4.new_code_cell("assert not FAIL, 'the probe fails part-way, as asked'"),
    ]
    return nb


def append(path, text):
    with open(path, "a") as f:
        f.write(text)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Copy:
    def __init__(self, root):
        self.root = root
        # as a user's shell: none of the replay's settings (conftest.py), nor a make's
        self.env = {k: v for k, v in os.environ.items()
                    if k not in MAKE_VARS + ("HW1_OUTPUT_DIR", "HW1_DATASET", "HW1_MANIFEST", "IPYTHONDIR")}
        self.env["PYTHONPATH"] = str(root)

    def run(self, *args, env=None, check=True):
        """Run a command in the copy (umask 022, as a user's shell); return (exit code, output)."""
        result = subprocess.run(args, cwd=self.root, env={**self.env, **(env or {})}, umask=0o022,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if check:
            assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout[-3000:]}"
        return result.returncode, result.stdout

    def make(self, *args, **kwargs):
        return self.run("make", *args, **kwargs)

    def would_run(self):
        """The steps of `make report` that are out of date now, by doit's own check (`doit list
        --status`): notebook names and 'latexmk'. A step downstream of one that reruns shows only
        if its own inputs or outputs differ already (after the rerun, only if they then differ)."""
        out = self.run(".venv/bin/python", "-m", "doit", "list", "--all", "--status")[1]
        stale = {line.split()[1] for line in out.splitlines() if line.startswith("R ")}
        return ({name.removeprefix("notebook:") for name in stale if name.startswith("notebook:")}
                | ({"latexmk"} if "report" in stale else set()))

    def generated(self):
        """{relative path: sha256} of every generated artefact, and the PDF."""
        paths = [p for pattern in GENERATED for p in self.root.glob(pattern)] + [self.root / "report/hw1.pdf"]
        return {str(p.relative_to(self.root)): sha256(p) for p in paths if p.exists()}


def skip(reason):
    """Skip; under `make test` (which has just built the report) fail instead: a test here that
    cannot run is then a broken build, not a stale checkout."""
    if os.environ.get("HW1_REQUIRE_BUILD"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    if not (ROOT / "report" / "hw1.pdf").exists() or not (ROOT / "build" / "doit.db").is_file():
        skip("the report is not built: run `make report`")
    root = tmp_path_factory.mktemp("build") / "with space" / "ece661-hw1"
    # copy2 keeps modification times, so make in the copy sees what make in the checkout would
    shutil.copytree(ROOT, root, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "__pycache__", ".pytest_cache", ".hypothesis", "mutants"))
    # latexmk's folders too: a build that changes nothing in the LaTeX then runs no pdflatex pass
    for name in ["notebooks", "manifests", "latex", "latex-handin", "handin"]:
        if (ROOT / "build" / name).is_dir():
            shutil.copytree(ROOT / "build" / name, root / "build" / name)
    shutil.copy2(ROOT / "build" / "doit.db", root / "build" / "doit.db")  # the record of the last runs
    (root / ".venv").mkdir()
    for entry in (ROOT / ".venv").iterdir():
        if entry.name != ".installed":
            (root / ".venv" / entry.name).symlink_to(entry)
    shutil.copy2(ROOT / ".venv" / ".installed", root / ".venv" / ".installed")  # its own stamp, same time
    copy = Copy(root)
    if "pip install" in copy.make("-n", "report")[1]:  # never run it: it would install into the real .venv
        skip(".venv is not up to date with requirements.txt: run `make setup`")
    if copy.would_run():
        skip("the report is not up to date (a notebook would rerun): run `make report` first")
    nbformat.write(probe_notebook(), root / "notebooks" / "00_probe.ipynb")
    copy.make("report")
    copy.canonical = copy.generated()
    return copy


def test_space_in_path_and_noop(repo):
    """The copy's path has a space; a second `make report` does nothing, fast, and prints nothing."""
    assert " " in str(repo.root)
    start = time.perf_counter()
    code, out = repo.make("report")
    assert out == "" and time.perf_counter() - start < 5
    assert repo.would_run() == set()


def test_content_decides_not_dates(repo):
    """Dates in the future change nothing (no rerun, no "Clock skew"); a library file or the data set
    restored with an old date (`cp -p` from a backup) counts by what it holds."""
    future = time.time() + 3600
    touched = [repo.root / p for p in ("notebooks/03_backprop.ipynb", "hw1/lms.py", "data/dataset.mat",
                                       "report/hw1.tex", "requirements.txt")]
    touched += sorted((repo.root / "figures").glob("*.pdf"))[:1]
    for path in touched:
        os.utime(path, (future, future))
    code, out = repo.make("report")
    assert out == "" and repo.would_run() == set()
    library, dataset = repo.root / "hw1/lms.py", repo.root / "data/dataset.mat"
    originals = {path: path.read_bytes() for path in (library, dataset)}
    old = time.time() - 86400 * 365
    for path in (library, dataset):
        append(path, "\n")
        os.utime(path, (old, old))  # an old date, as `cp -p` from a backup gives it
    notebooks = {p.stem for p in (repo.root / "notebooks").glob("*.ipynb")}
    assert repo.would_run() == notebooks  # every notebook imports the library
    library.write_bytes(originals[library])
    os.utime(library, (old, old))
    assert repo.would_run() == {"05_lms"}  # the data set is still different
    dataset.write_bytes(originals[dataset])
    assert repo.would_run() == set()


def test_deleted_and_edited_artefacts_are_rebuilt(repo):
    """Each is seen on its own (dry runs); then one `make report`, with HW1_OUTPUT_DIR and HW1_DATASET
    exported, restores both in their places, byte for byte, mode 0644."""
    listed = [line.split("  ", 1)[1] for line in
              (repo.root / "build/manifests/00_probe.sha256").read_text().splitlines()]
    deleted = repo.root / next(name for name in listed if name.endswith(".pdf"))
    edited = repo.root / next(name for name in listed if name.endswith(".json"))
    original = deleted.read_bytes()
    deleted.unlink()
    assert repo.would_run() == {"00_probe"}
    deleted.write_bytes(original)  # the same bytes back: nothing to redo
    assert repo.would_run() == set()
    append(edited, " ")
    assert repo.would_run() == {"00_probe"}
    deleted.unlink()
    code, out = repo.make("report", env={"HW1_OUTPUT_DIR": "build/elsewhere", "HW1_DATASET": "/nonexistent"})
    # the rerun wrote the same bytes again: the PDF's inputs are unchanged, latexmk does not run
    assert "00_probe" in out and "03_backprop" not in out and "latexmk" not in out
    assert repo.generated() == repo.canonical  # every artefact and the PDF byte-identical
    for path in [deleted, edited, repo.root / "report/hw1.pdf"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert repo.make("report")[1] == ""


def test_run_outside_make_with_other_parameters_is_undone(repo):
    """Jupyter or papermill on the report's own files, other parameters, failing part-way."""
    results = repo.root / "report/results/probe.json"
    code, out = repo.run(".venv/bin/python", "scripts/execute_notebooks.py", "--out", "build/mine",
                         "notebooks/00_probe.ipynb", "-p", "VALUE", "2", "-p", "FAIL", "True", check=False)
    assert code != 0 and out.strip().splitlines()[-1] == "the probe fails part-way, as asked"
    assert "Traceback" not in out and (repo.root / "build/mine/00_probe.failed.ipynb").is_file()
    written = json.loads(results.read_text())
    assert written["value"] == 2  # it rewrote the copy's file before failing ...
    assert Path(written["hw1"]).parent == repo.root / "hw1"  # ... with the copy's hw1
    assert repo.would_run() == {"00_probe"}
    repo.make("report")
    assert repo.generated() == repo.canonical


def test_latex_recovers_from_a_cut_short_aux(repo):
    """A truncated report/hw1.pdf makes latexmk run (content decides, whatever its date), and a
    cut-short .aux does not stop it."""
    aux = repo.root / "build/latex/hw1.aux"
    aux.write_bytes(aux.read_bytes()[: aux.stat().st_size // 2])  # as an interrupted pdflatex leaves it
    pdf = repo.root / "report/hw1.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])
    assert repo.would_run() == {"latexmk"}
    repo.make("report")
    assert repo.generated() == repo.canonical


def test_latex_error_shown_is_the_current_one(repo):
    """The error of this run, not of an earlier one (here a cut-short .aux), and no stale PDF.
    The next test's builds recover from the state this leaves (as after `make clean` for LaTeX)."""
    aux = repo.root / "build/latex/hw1.aux"
    aux.write_bytes(aux.read_bytes()[: aux.stat().st_size // 2])
    section = sorted((repo.root / "report/sections").glob("*.tex"))[0]
    text = section.read_text()
    section.write_text("\\input{tables/no_such_table}\n" + text)  # early: the failing runs stop soon
    code, out = repo.make("report", check=False)
    assert code != 0 and "no_such_table" in out and "File ended" not in out
    cause = [line for line in out.splitlines() if line.strip() and not line.startswith("make: ***")][-1]
    assert "no_such_table" in cause and "not found" in cause  # the last line before make's own
    assert not (repo.root / "report/hw1.pdf").exists()  # no stale PDF that looks current
    section.write_text(text)


def test_a_quoted_key_the_results_lack_stops_the_build_with_its_name(repo):
    """hw1.report.write_quoted resolves every \\result before LaTeX runs: a key no results file has is
    named, and no PDF is left that looks current."""
    section = sorted((repo.root / "report/sections").glob("*.tex"))[-1]
    text = section.read_text()
    section.write_text("\\result[.3f]{lms/wiener/no_such_key}\n" + text)
    code, out = repo.make("report", check=False)
    section.write_text(text)
    cause = [line for line in out.splitlines() if line.strip() and not line.startswith("make: ***")][-1]
    assert code != 0 and cause == (f"report/sections/{section.name} quotes 'lms/wiener/no_such_key': results have "
                                   "no entry at 'wiener/no_such_key': at 'no_such_key', missing.")
    assert not (repo.root / "report/hw1.pdf").exists()


def test_two_builds_at_once(repo):
    """Both exit 0, one waits for the other; the result is the canonical PDF."""
    append(repo.root / "report/hw1.tex", "% another change\n")
    builds = [subprocess.Popen(["make", "report"], cwd=repo.root, env=repo.env, umask=0o022,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(2)]
    outputs = [build.communicate(timeout=300)[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outputs
    assert sorted(out.count("latexmk") for out in outputs) == [0, 1]  # the second waited, then had nothing to do
    assert repo.generated() == repo.canonical


def test_damaged_hand_in_files_are_rebuilt(repo):
    """A truncated hand-in PDF and a Lab 1 bundle cut in the middle (the truncated report PDF is in
    test_two_builds_at_once): one call restores the canonical bytes (mode 0644), the next does nothing."""
    handin_dir = repo.root / "build/submission"
    repo.make("submission")
    handin = {p.name: sha256(p) for p in handin_dir.iterdir()}
    assert handin["hw1.pdf"] == sha256(repo.root / "build/handin/hw1.pdf")  # the hand-in variant of the report
    lab1 = handin_dir / "lab1_lms.py"
    lab1.write_text(lab1.read_text()[: lab1.stat().st_size // 2])  # cut in the middle: a SyntaxError
    (handin_dir / "hw1.pdf").write_bytes(b"%PDF-1.5\n")
    (handin_dir / "notes.txt").write_text("not for the grader")
    repo.make("submission")
    assert {p.name: sha256(p) for p in handin_dir.iterdir()} == handin
    assert {stat.S_IMODE(p.stat().st_mode) for p in handin_dir.iterdir()} == {0o644}
    assert ".  handin" not in repo.make("submission")[1]


def processes_in(root):
    """Live processes whose working folder lies in ``root`` (make, doit, the executor, kernels)."""
    found = []
    for process in psutil.process_iter():
        try:
            if Path(process.cwd()).is_relative_to(root) and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return found


def lock_is_free(root):
    return subprocess.run(["flock", "--nonblock", str(root / "build/.lock"), "true"]).returncode == 0


def test_interrupt_stops_at_once_and_leaves_nothing(repo):
    """Ctrl-C (SIGINT to the terminal's process group) during a notebook run: every process ends at
    once, without a traceback, the lock is free and no temporary file is left; a killed run's
    debris (a SIGKILL leaves .*.tmp files) is removed by the next build. The probe's run is left
    undone: the tests after this one need no up-to-date report."""
    for debris in ["figures/.simplenn_weight_hist.pdf.123.abcd.tmp", "report/.hw1.pdf.tmp", "build/notebooks/.x.tmp.ipynb"]:
        (repo.root / debris).write_bytes(b"")
    probe = repo.root / "notebooks/00_probe.ipynb"
    original = probe.read_bytes()
    slow = probe_notebook()
    slow.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(300)"))
    nbformat.write(slow, probe)
    try:
        build = subprocess.Popen(["make", "report"], cwd=repo.root, env=repo.env, start_new_session=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = []
        for line in build.stdout:  # the probe's 4th cell (the sleep) starts once 3 of 4 are done
            lines.append(line)
            if "00_probe" in line and "(3/4 cells" in line:
                break
        assert not list(repo.root.glob("figures/.*.tmp")) and not (repo.root / "report/.hw1.pdf.tmp").exists()
        start = time.perf_counter()
        os.killpg(build.pid, signal.SIGINT)
        out = "".join(lines) + build.communicate(timeout=30)[0]
        assert time.perf_counter() - start < 5 and build.returncode != 0
        assert "Traceback" not in out and "KeyboardInterrupt" not in out, out
        assert processes_in(repo.root) == [] and lock_is_free(repo.root), processes_in(repo.root)
        assert [p for p in repo.root.rglob(".*.tmp*")] == []
    finally:
        probe.write_bytes(original)
    # the probe's run was cut short, its manifest gone: the next build reruns it, and checks the PDF
    assert repo.would_run() == {"00_probe", "latexmk"}


def test_read_only_checkout_is_one_sentence(repo):
    """On a read-only mount of the checkout, `make report` says so in one line (Linux: a private
    mount namespace; skipped where unshare is not allowed)."""
    root = str(repo.root)
    code, out = repo.run("unshare", "--mount", "--propagation", "private", "sh", "-c",
                         'mount --bind -o ro "$0" "$0" && cd "$0" && make report', root, check=False)
    if "unshare" in out or "mount:" in out:
        pytest.skip(f"no read-only mount here: {out.strip()}")
    assert code != 0 and out.splitlines()[0].startswith("the checkout is read-only: "), out
    assert "Traceback" not in out


def test_clean_waits_for_the_build_lock(repo):
    """`make clean` during a build waits for it, then removes what the build made. Last: the copy
    has no report afterwards."""
    import fcntl
    with open(repo.root / "build/.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running `make report` holds it
        clean = subprocess.Popen(["make", "clean"], cwd=repo.root, env=repo.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        waiting = time.monotonic() + 60  # until make's flock blocks on the lock held here
        while not any(child.name() == "flock" for child in psutil.Process(clean.pid).children(recursive=True)):
            assert clean.poll() is None and time.monotonic() < waiting, clean.communicate()[0]
            time.sleep(0.05)
        time.sleep(0.2)  # had it not waited, clean would be under way by now
        assert clean.poll() is None and (repo.root / "report/hw1.pdf").exists()
    assert clean.wait(timeout=60) == 0, clean.stdout.read()
    assert not (repo.root / "report/hw1.pdf").exists() and not list(repo.root.glob("figures/*.pdf"))
    assert sorted(p.name for p in (repo.root / "build").iterdir()) == [".lock"]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)], ids=["umask022", "umask077"])
def test_written_files_get_the_usual_mode(tmp_path, monkeypatch, umask, mode):
    log = tmp_path / "written"
    monkeypatch.setenv("HW1_MANIFEST", str(log))
    old = os.umask(umask)
    try:
        report._write_atomically(tmp_path / "out" / "a.tex", lambda f: f.write(b"x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out" / "a.tex").stat().st_mode) == mode
    assert log.read_text() == f"{tmp_path / 'out' / 'a.tex'}\n"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.tex"]  # no temporary file left


def test_failed_write_leaves_the_old_file_and_no_record(tmp_path, monkeypatch):
    log, target = tmp_path / "written", tmp_path / "a.tex"
    monkeypatch.setenv("HW1_MANIFEST", str(log))
    target.write_text("old")

    def write(f):
        f.write(b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        report._write_atomically(target, write)
    assert target.read_text() == "old" and not log.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tex"]


def execute_notebooks(monkeypatch, root):
    """scripts/execute_notebooks.py as a module, its repository root set to ``root``."""
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "scripts" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ROOT", root)
    monkeypatch.delenv("HW1_MANIFEST", raising=False)
    return module


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="make checks manifests with sha256sum")
def test_manifest_lists_what_a_run_wrote_once_it_succeeded(tmp_path, monkeypatch):
    script = execute_notebooks(monkeypatch, tmp_path)
    manifest = tmp_path / "build" / "manifests" / "x.sha256"
    with script.Recorder(manifest) as written:
        for content in (b"first", b"second"):  # written twice: listed once, as it is at the end
            report._write_atomically(tmp_path / "figures" / "a.pdf", lambda f: f.write(content))
        report._write_atomically(tmp_path / "report" / "results" / "x.json", lambda f: f.write(b"{}"))
        assert not manifest.exists()
        written.save()
    assert "HW1_MANIFEST" not in os.environ
    assert manifest.read_text() == (f"{hashlib.sha256(b'second').hexdigest()}  figures/a.pdf\n"
                                    f"{hashlib.sha256(b'{}').hexdigest()}  report/results/x.json\n")
    check = ["sha256sum", "--check", "--status", str(manifest)]
    assert subprocess.run(check, cwd=tmp_path).returncode == 0
    (tmp_path / "figures" / "a.pdf").write_bytes(b"edited")
    assert subprocess.run(check, cwd=tmp_path).returncode != 0


def test_failed_run_leaves_no_manifest(tmp_path, monkeypatch):
    script = execute_notebooks(monkeypatch, tmp_path)
    manifest = tmp_path / "x.sha256"
    manifest.write_text("the last successful run's\n")
    with pytest.raises(RuntimeError), script.Recorder(manifest):
        report._write_atomically(tmp_path / "a.pdf", lambda f: f.write(b"a"))
        raise RuntimeError("a cell failed")
    assert not manifest.exists()


def test_manifest_refuses_files_outside_the_repository(tmp_path, monkeypatch):
    script = execute_notebooks(monkeypatch, tmp_path / "repo")
    with pytest.raises(SystemExit, match="outside this repository"), \
            script.Recorder(tmp_path / "repo" / "x.sha256") as written:
        report._write_atomically(tmp_path / "other checkout" / "a.pdf", lambda f: f.write(b"a"))
        written.save()
