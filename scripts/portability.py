"""Replay every notebook under several BLAS kernels, thread counts and instruction sets, and compare.

    python scripts/portability.py [CONFIG ...]     (`make test-portable` runs all of them)

The stored outputs of the notebooks must hold on any processor, and the report must be the same
everywhere. On one machine the nearest thing to "any processor" is to make each numerical library
take another code path: OpenBLAS's kernel for another CPU (OPENBLAS_CORETYPE), more threads (another
order of summation), and a processor without AVX-512 for numpy, PyTorch, MKL and oneDNN as well.

For each configuration the strict nbval replay of notebooks/ runs (it must pass), with the artefacts
it writes kept in build/portable/<config>/. Then, across configurations:

- every table, macro file and figure is byte-identical (they are what the PDF is made of);
- every results JSON holds the same keys and values, numbers equal within RESULTS_RTOL relative or
  RESULTS_ATOL absolute: their last digits may move with the kernel, but nothing printed or quoted.

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
OUT = ROOT / "build" / "portable"
RESULTS_RTOL = 1e-9
RESULTS_ATOL = 1e-12
THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
NO_AVX512 = {
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",  # numpy's own SIMD loops
    "ATEN_CPU_CAPABILITY": "avx2",  # PyTorch's vectorised kernels
    "MKL_ENABLE_INSTRUCTIONS": "AVX2",  # PyTorch's BLAS
    "ONEDNN_MAX_CPU_ISA": "AVX2",  # PyTorch's convolutions
    "OPENBLAS_CORETYPE": "Haswell",
}
# name: (environment, CPU flags it needs). None as a value removes the variable.
CONFIGS = {
    "Prescott": ({"OPENBLAS_CORETYPE": "Prescott"}, []),
    "Sandybridge": ({"OPENBLAS_CORETYPE": "Sandybridge"}, ["avx"]),
    "Haswell": ({"OPENBLAS_CORETYPE": "Haswell"}, ["avx2", "fma"]),
    "SkylakeX": ({"OPENBLAS_CORETYPE": "SkylakeX"}, ["avx512f", "avx512bw", "avx512vl", "avx512dq"]),
    "Zen": ({"OPENBLAS_CORETYPE": "Zen"}, ["avx2", "fma"]),
    "unset": ({"OPENBLAS_CORETYPE": None}, []),
    "threads-2": ({variable: "2" for variable in THREADS} | {"OPENBLAS_CORETYPE": None}, []),
    "no-AVX-512": (NO_AVX512, ["avx2", "fma"]),
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
    env = dict(os.environ, HW1_REPLAY_DIR=str(target))
    for variable in THREADS:
        env.setdefault(variable, "1")
    for variable, value in environment.items():
        if value is None:
            env.pop(variable, None)
        else:
            env[variable] = value
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


def compare(reference, others):
    """Lines naming every artefact that differs from the reference configuration's."""
    problems = []
    ref = OUT / reference
    for name in others:
        folder = OUT / name
        if artefacts(folder) != artefacts(ref):
            problems.append(f"{name}: writes other files than {reference}: "
                            f"{sorted(set(artefacts(folder)) ^ set(artefacts(ref)))}")
            continue
        for rel in artefacts(ref):
            if rel.endswith(".json"):
                diffs = equal_results(json.loads((ref / rel).read_text()), json.loads((folder / rel).read_text()))
                problems += [f"{name}: {rel}{d}" for d in diffs[:5]]
            elif not filecmp.cmp(ref / rel, folder / rel, shallow=False):
                problems.append(f"{name}: {rel} differs from {reference}'s byte for byte")
    return problems


def main(names):
    unknown = sorted(set(names) - set(CONFIGS))
    if unknown:
        sys.exit(f"unknown configuration {unknown}; expected some of {', '.join(CONFIGS)}.")
    jobs = int(os.environ.get("JOBS") or os.cpu_count() or 1)
    flags, ran, failed = cpu_flags(), [], []
    for name in names or CONFIGS:
        environment, needs = CONFIGS[name]
        missing = [flag for flag in needs if flag not in flags]
        if missing:
            print(f"{name:12s} skipped: this processor lacks {', '.join(missing)}")
            continue
        (ran if replay(name, environment, jobs) else failed).append(name)
    problems = [f"{name}: the replay failed (its output is above)" for name in failed]
    if len(ran) > 1:
        problems += compare(ran[0], ran[1:])
    for line in problems:
        print(line)
    compared = f"{len(ran)} configurations' tables, macros, figures and results (JSON within rel {RESULTS_RTOL:g}, abs {RESULTS_ATOL:g})"
    print(f"portability: {'FAILED' if problems else 'identical'}: {compared}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
