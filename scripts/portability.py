"""Replay every notebook under several BLAS kernels, thread counts and instruction sets, and compare.

    python scripts/portability.py [CONFIG ...]       the replays (`make test-portable` runs all of them)
    python scripts/portability.py --pdf CONFIG ...   the report built from scratch under each

The stored outputs of the notebooks must hold on any processor, and the report must be the same
everywhere. On one machine the nearest thing to "any processor" is to make each numerical library
take another code path: OpenBLAS's kernel for another CPU (OPENBLAS_CORETYPE), more threads (another
order of summation), and a processor without AVX-512 for numpy, PyTorch, MKL and oneDNN as well.

For each configuration the strict nbval replay of notebooks/ runs (it must pass), with the artefacts
it writes kept in build/portable/<config>/. Then, across configurations:

- every table and macro file is byte-identical;
- every results JSON holds the same keys and values, numbers equal within RESULTS_RTOL relative or
  RESULTS_ATOL absolute: their last digits may move (SimpleNN trains in float32), but nothing
  printed or quoted;
- every figure is byte-identical across the OpenBLAS kernels (the PDF is made of them). With more
  threads or without AVX-512, PyTorch's float32 training takes other paths, and a figure drawn from
  it may differ in the last digits of its coordinates: those are listed, as notes, not failures.

With --pdf, the report is built from scratch (`make report` in a fresh copy of the working tree, whose
kernels import the copy's hw1) under each configuration named, and the PDFs must be byte-identical,
to each other and to the checkout's own report/hw1.pdf.

A configuration whose instructions this processor lacks (SkylakeX needs AVX-512) is skipped with a
line that says so. Exit status 1 on any failed replay or difference.
"""
import filecmp
import json
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # hw1, as the checkout has it
from hw1 import report  # noqa: E402
OUT = ROOT / "build" / "portable"
RESULTS_RTOL = 1e-6  # float32 (SimpleNN's training): about 10 ulp
RESULTS_ATOL = 1e-12
THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
NO_AVX512 = {
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",  # numpy's own SIMD loops
    "ATEN_CPU_CAPABILITY": "avx2",  # PyTorch's vectorised kernels
    "MKL_ENABLE_INSTRUCTIONS": "AVX2",  # PyTorch's BLAS
    "ONEDNN_MAX_CPU_ISA": "AVX2",  # PyTorch's convolutions
    "OPENBLAS_CORETYPE": "Haswell",
}
# name: (environment, CPU flags it needs, figures byte-identical). None as a value removes the variable.
CONFIGS = {
    "Prescott": ({"OPENBLAS_CORETYPE": "Prescott"}, [], True),
    "Sandybridge": ({"OPENBLAS_CORETYPE": "Sandybridge"}, ["avx"], True),
    "Haswell": ({"OPENBLAS_CORETYPE": "Haswell"}, ["avx2", "fma"], True),
    "SkylakeX": ({"OPENBLAS_CORETYPE": "SkylakeX"}, ["avx512f", "avx512bw", "avx512vl", "avx512dq"], True),
    "Zen": ({"OPENBLAS_CORETYPE": "Zen"}, ["avx2", "fma"], True),
    "unset": ({"OPENBLAS_CORETYPE": None}, [], True),
    "threads-2": ({variable: "2" for variable in THREADS} | {"OPENBLAS_CORETYPE": None}, [], False),
    "no-AVX-512": (NO_AVX512, ["avx2", "fma"], False),
}


def cpu_flags():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def replay(name, environment, jobs):
    """Strict nbval replay of every notebook under ``environment``; its artefacts in OUT/name."""
    target = OUT / name
    shutil.rmtree(target, ignore_errors=True)
    env = configured({variable: os.environ.get(variable, "1") for variable in THREADS} | environment)
    env["HW1_REPLAY_DIR"] = str(target)
    command = [sys.executable, "-m", "pytest", "--nbval", "notebooks", "-q", "-p", "no:cacheprovider",
               "-n", str(jobs), "--dist", "loadscope"]
    start = time.monotonic()
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = run.stdout.strip().splitlines()
    print(f"{name:12s} {lines[-1] if lines else 'no output'} ({time.monotonic() - start:.0f} s)", flush=True)
    if run.returncode != 0:
        print(run.stdout[-6000:], run.stderr[-2000:], sep="\n")
    return run.returncode == 0


def artefacts(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def equal_results(a, b, path=""):
    """Differences between two results, as 'path: a != b' lines (numbers within the tolerance agree)."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a)} != {sorted(b)}"]
        return [d for key in a for d in equal_results(a[key], b[key], f"{path}.{key}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} entries != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in equal_results(x, y, f"{path}.{i}")]
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    if numbers and math.isclose(a, b, rel_tol=RESULTS_RTOL, abs_tol=RESULTS_ATOL):
        return []
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


# the report's sources, but the appendix that quotes the package versions: scripts/provenance.py
# writes those, not a notebook, so a replay has none (they are the same in every configuration)
REPORT_TEX = [p for pattern in report.REPORT_SOURCES for p in sorted(ROOT.glob(pattern)) if p.name != "provenance.tex"]


def quoted(folder):
    """The values and tables the report quotes (hw1.report.quoted_tex), made from a replay's results."""
    return report.quoted_tex(REPORT_TEX, folder / "report" / "results")


def compare(reference, others):
    """(problems, notes): lines naming every artefact that differs from the reference configuration's."""
    problems, notes = [], []
    ref = OUT / reference
    for name in others:
        folder = OUT / name
        if artefacts(folder) != artefacts(ref):
            problems.append(f"{name}: writes other files than {reference}: "
                            f"{sorted(set(artefacts(folder)) ^ set(artefacts(ref)))}")
            continue
        # what the report quotes, as it would print it, must be the same to the last character
        if quoted(folder) != quoted(ref):
            lines = set(quoted(folder).splitlines()) ^ set(quoted(ref).splitlines())
            problems.append(f"{name}: the values the report quotes differ from {reference}'s: {sorted(lines)[:4]}")
        for rel in artefacts(ref):
            if rel.endswith(".json"):
                diffs = equal_results(json.loads((ref / rel).read_text()), json.loads((folder / rel).read_text()))
                problems += [f"{name}: {rel}{d}" for d in diffs[:5]]
            elif not filecmp.cmp(ref / rel, folder / rel, shallow=False):
                line = f"{name}: {rel} differs from {reference}'s byte for byte"
                exact = CONFIGS[name][2] or not rel.startswith("figures/")
                (problems if exact else notes).append(line)
    return problems, notes


def configured(environment):
    env = dict(os.environ)
    for variable, value in environment.items():
        if value is None:
            env.pop(variable, None)
        else:
            env[variable] = value
    return env


def fresh_copy(target):
    """The working tree's files (tracked and untracked, not ignored) in ``target``, with a .venv whose
    entries link to the real one's and a copy of its stamp (the sha256 of what it was installed from),
    so that make in the copy finds it set up and never installs into the real environment."""
    shutil.rmtree(target, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)
    venv = target / ".venv"
    venv.mkdir()
    for entry in (ROOT / ".venv").iterdir():
        if entry.name != ".installed":
            (venv / entry.name).symlink_to(entry)
    shutil.copy2(ROOT / ".venv" / ".installed", venv / ".installed")


def build_pdf(name, environment):
    """``make report`` from scratch in a fresh copy under ``environment``; the PDF's path, or None."""
    copy = OUT / f"pdf-{name}"
    fresh_copy(copy)
    env = configured(environment) | {"PYTHONPATH": str(copy)}
    for variable in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "HW1_OUTPUT_DIR", "HW1_DATASET", "HW1_MANIFEST"):
        env.pop(variable, None)
    start = time.monotonic()
    # `make -q setup`-like guard: the copy must not reinstall (its site-packages are the real ones)
    check = subprocess.run(["make", "-n", "setup"], cwd=copy, env=env, capture_output=True, text=True)
    if "pip install" in check.stdout:
        print(f"{name:12s} .venv is not set up for this working tree: run `make setup` first")
        return None
    run = subprocess.run(["make", "report"], cwd=copy, env=env, capture_output=True, text=True)
    print(f"{name:12s} make report in a fresh copy: exit {run.returncode} ({time.monotonic() - start:.0f} s)",
          flush=True)
    if run.returncode != 0:
        print(run.stdout[-4000:], run.stderr[-2000:], sep="\n")
        return None
    return copy / "report" / "hw1.pdf"


def runnable(names):
    """The configurations this processor can run, printing a line for each one skipped."""
    unknown = sorted(set(names) - set(CONFIGS))
    if unknown:
        sys.exit(f"unknown configuration {unknown}; expected some of {', '.join(CONFIGS)}.")
    flags, chosen = cpu_flags(), []
    for name in names or CONFIGS:
        missing = [flag for flag in CONFIGS[name][1] if flag not in flags]
        if missing:
            print(f"{name:12s} skipped: this processor lacks {', '.join(missing)}")
        else:
            chosen.append(name)
    return chosen


def main_pdf(names):
    pdfs = {name: build_pdf(name, CONFIGS[name][0]) for name in runnable(names)}
    problems = [f"{name}: the report did not build (its output is above)" for name, pdf in pdfs.items() if pdf is None]
    built = {name: pdf for name, pdf in pdfs.items() if pdf is not None}
    first = next(iter(built), None)
    problems += [f"{name}: report/hw1.pdf differs from {first}'s byte for byte" for name, pdf in built.items()
                 if not filecmp.cmp(built[first], pdf, shallow=False)]
    own = ROOT / "report" / "hw1.pdf"  # `make test-portable` builds it first, in this environment
    if built and own.exists() and not filecmp.cmp(built[first], own, shallow=False):
        problems.append(f"the checkout's report/hw1.pdf differs from the one built under {first}")
    for line in problems:
        print(line)
    print(f"portability: {'FAILED' if problems else 'identical'}: the PDF built from scratch under "
          f"{', '.join(built) or 'no configuration'}")
    if not problems:
        for name in built:
            shutil.rmtree(OUT / f"pdf-{name}", ignore_errors=True)
    return 1 if problems or len(built) < 2 else 0


def main(names):
    if names[:1] == ["--pdf"]:
        return main_pdf(names[1:])
    jobs = int(os.environ.get("JOBS") or os.cpu_count() or 1)
    ran, failed = [], []
    for name in runnable(names):
        (ran if replay(name, CONFIGS[name][0], jobs) else failed).append(name)
    problems = [f"{name}: the replay failed (its output is above)" for name in failed]
    exact_first = sorted(ran, key=lambda name: not CONFIGS[name][2])
    differences, notes = compare(exact_first[0], exact_first[1:]) if len(ran) > 1 else ([], [])
    for line in notes:
        print(f"note (another code path in PyTorch or numpy, not a failure): {line}")
    problems += differences
    for line in problems:
        print(line)
    compared = (f"{len(ran)} configurations' figures, the values and tables the report quotes, and the results "
                f"(JSON within rel {RESULTS_RTOL:g}, abs {RESULTS_ATOL:g})")
    print(f"portability: {'FAILED' if problems else 'identical'}: {compared}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
