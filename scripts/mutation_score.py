"""The mutation score of each hw1 module, from mutmut's results in mutants/ (after `mutmut run`).

    python scripts/mutation_score.py [MODULE ...]    (default: every module mutmut has results for)

Score = killed / (mutants - equivalent), where a timeout counts as killed (the test run did not pass)
and the equivalent mutants are those listed in mutmut_equivalents.txt, one per line as
`<mutant name>  <one-line reason>`. A survivor that is neither killed nor listed is printed by name.
Exits 1 when a module scores below --minimum (default 90%).
"""
import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLED = {1, 3}  # mutmut: a failing test run, or pytest's internal error
TIMEOUT = {36, -24, 24, 152, 255}


def equivalents(path=ROOT / "mutmut_equivalents.txt"):
    """{mutant name: reason} from the list (comment lines start with #)."""
    listed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.strip().partition(" ")
            if not reason.strip():
                raise ValueError(f"mutmut_equivalents.txt lists {name} without a reason; expected `name  reason`.")
            listed[name] = reason.strip()
    return listed


def score(module, listed):
    meta = ROOT / "mutants" / "hw1" / f"{module}.py.meta"
    if not meta.is_file():
        raise SystemExit(f"{meta} does not exist: run `make mutation MODULES={module}` first.")
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    killed = sorted(k for k, c in codes.items() if c in KILLED or c in TIMEOUT)
    equivalent = sorted(k for k, c in codes.items() if k in listed and k not in killed)
    stale = sorted(k for k in listed if k.startswith(f"hw1.{module}.") and k in killed)
    open_ = sorted(k for k, c in codes.items() if k not in killed and k not in listed and c is not None)
    unchecked = sorted(k for k, c in codes.items() if c is None)
    if unchecked:
        raise SystemExit(f"{len(unchecked)} mutants of hw1.{module} were not run: `make mutation MODULES={module}`.")
    return codes, killed, equivalent, open_, stale


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--minimum", type=float, default=90.0)
    args = parser.parse_args()
    modules = args.modules or sorted(p.name.removesuffix(".py.meta") for p in (ROOT / "mutants/hw1").glob("*.py.meta"))
    listed = equivalents()
    low = []
    print(f"{'module':<12} {'mutants':>7} {'killed':>7} {'survived':>8} {'equivalent':>10} {'score':>6}")
    for module in modules:
        codes, killed, equivalent, open_, stale = score(module, listed)
        counted = len(codes) - len(equivalent)
        percent = 100.0 * len(killed) / counted if counted else 100.0
        print(f"{module:<12} {len(codes):>7} {len(killed):>7} {len(open_):>8} {len(equivalent):>10} {percent:>5.1f}%")
        for name in open_:
            print(f"    survived: {name} (exit {codes[name]}): `mutmut show {name}`")
        for name in stale:
            print(f"    listed as equivalent but killed: {name}")
        if percent < args.minimum:
            low.append(module)
    if low:
        print(f"below {args.minimum:g}%: {', '.join(low)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
