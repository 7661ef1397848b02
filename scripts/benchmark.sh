#!/usr/bin/env bash
# Wall times for the README: conv2d against scipy (alone, before anything else runs), the report build
# (cold and no-op), the test suite, and the bare cost of starting as many kernels the same way (empty
# notebooks), which no build can go below.
# Run from the repository root after `make setup`: bash scripts/benchmark.sh
set -euo pipefail
PY=.venv/bin/python
JOBS=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
seconds() {  # wall time of a command, which must succeed
  $PY -c 'import subprocess as s, sys, time; t = time.perf_counter()
s.run(sys.argv[1:], stdout=s.DEVNULL, stderr=s.DEVNULL, check=True); print(time.perf_counter() - t)' "$@"
}

empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
for name in $(cd notebooks && ls *.ipynb); do
  $PY -c "import nbformat as n, sys; nb = n.v4.new_notebook(cells=[n.v4.new_code_cell('pass')]); \
nb.metadata.kernelspec = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}; \
n.write(nb, sys.argv[1])" "$empty/$name"
done
count=$(ls "$empty"/*.ipynb | wc -l)

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# hw1.conv.conv2d vs scipy.signal.correlate2d: median of 5 interleaved runs each (not in the tests:
# a wall-clock ratio is only meaningful when nothing else runs)
printf 'conv2d / scipy correlate2d time, 2000x2000, 3x3 kernel: %5.2f\n' "$($PY -c 'import numpy as np
from hw1.conv import speed_and_memory
rng = np.random.default_rng(0)
print(speed_and_memory(rng.standard_normal((2000, 2000)), rng.standard_normal((3, 3)), 1, num_repeats=5).ratio)')"
make clean >/dev/null
printf 'make report, cold (setup done):   %6.1f s\n' "$(seconds make report)"
printf 'make report, nothing changed:     %6.2f s\n' "$(seconds make report)"
printf 'make test (report up to date):    %6.1f s\n' "$(seconds make test)"
base="-n $JOBS --dist loadscope"
printf 'make test without the browser test: %6.1f s\n' \
  "$(seconds make test PYTEST_ARGS="$base --ignore=tests/test_jupyterlab.py")"
printf 'make test without the browser, build and submission tests: %6.1f s\n' \
  "$(seconds make test PYTEST_ARGS="$base --ignore=tests/test_jupyterlab.py --ignore=tests/test_build.py --ignore=tests/test_submission.py")"
printf 'bare: %s empty notebooks, %s at a time (as make report): %5.1f s\n' "$count" "$JOBS" \
  "$(seconds bash -c "ls $empty/*.ipynb | xargs -P $JOBS -n 1 $PY scripts/execute_notebooks.py --out $empty/out")"
printf 'bare: %s empty notebooks under nbval, %s workers (as make test): %5.1f s\n' "$count" "$JOBS" \
  "$(seconds $PY -m pytest -p no:cacheprovider -q -n "$JOBS" --nbval --nbval-current-env "$empty")"
