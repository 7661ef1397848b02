# ece661-hw1: `make report` builds report/hw1.pdf, `make test` checks everything.
# Both set up what they need first (.venv from requirements.txt, TeX Live), so either can be the
# first command on a fresh clone.

PYTHON_SYSTEM ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
NOTEBOOKS  := $(shell ls -r notebooks/*.ipynb)
TEX_DEBS   := texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk lmodern poppler-utils
# The browser test (tests/test_jupyterlab.py) drives this Chromium through Playwright.
BROWSER_DEBS := chromium
# Cores; nproc alone would obey OMP_NUM_THREADS, which is set to 1 below.
JOBS       ?= $(shell env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
# The rest of pytest's configuration (nbval's sanitize file, the replay's output folder, which
# paths) is in pyproject.toml and conftest.py, so a bare `pytest --nbval` runs the same suite.
PYTEST_ARGS ?= -n $(JOBS) --dist loadscope

# Notebooks run side by side (and tests in $(JOBS) workers), one BLAS/OpenMP thread each:
# on 2 cores that beats one notebook at a time with 2 threads, and avoids oversubscription.
export OMP_NUM_THREADS      ?= 1
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS      ?= 1

# Reproducibility: no dates in PDFs, no GUI backend for scripts.
export SOURCE_DATE_EPOCH := 1694995200
export FORCE_SOURCE_DATE := 1
export MPLBACKEND        := Agg
# The report is always the canonical run: the committed data set, artefacts in their places, and
# only make's runs record manifests (scripts/execute_notebooks.py sets HW1_MANIFEST itself).
unexport HW1_DATASET HW1_OUTPUT_DIR HW1_MANIFEST
# Python keeps its compiled modules (__pycache__/, ignored by git): where the shell sets
# PYTHONDONTWRITEBYTECODE (as many container images do), every pytest worker, kernel and script would
# compile hw1/, the tests and pytest's assertion rewrites again (about 3 s of CPU per pytest worker).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: report test test-portable test-slow notebooks setup venv tex browser lab clean help submission mutation

# The build's steps and what each depends on are in dodo.py: doit reruns a step when the content of
# an input or output changed, never because of a timestamp. One build at a time in a checkout: a
# second `make report` (or `make test`, or `make clean`) waits for the lock, then finds the files the
# first one left up to date. Temporary files that a killed build left (.*.tmp) go first, except
# under build/test-artefacts: there a test run's notebooks write, outside the lock, while tests of
# `make submission` run the build beside them.
LOCKED  := mkdir -p build && flock build/.lock
DEBRIS  := find figures report build -name '.*.tmp*' ! -path 'build/test-artefacts/*' -delete
DOIT    := $(PY) dodo.py --process $(JOBS)

report: setup  ## run the notebooks whose inputs or outputs changed, then build report/hw1.pdf
	@$(LOCKED) sh -c "$(DEBRIS) && $(DOIT) report"

# Under the build lock, as `make report`: it may have to build the report first. The author on the
# title page: NAME="..." NETID="..." are written into report/student.tex (then the report is rebuilt);
# while a placeholder is left there, `make submission` ends with a warning.
SUBMISSION ?= build/submission
STUDENT    := report/student.tex
submission: export HW1_STUDENT_NAME = $(NAME)
submission: export HW1_STUDENT_NETID = $(NETID)
submission: setup  ## the three hand-in files in build/submission/ (NAME="..." NETID="..." set the author)
	@$(LOCKED) sh -c "$(DEBRIS) && $(PY) scripts/student.py set $(STUDENT) \
	  && HW1_SUBMISSION='$(SUBMISSION)' $(DOIT) submission"
	@$(PY) scripts/student.py check $(STUDENT)

test: report browser  ## unit tests, strict nbval over every notebook, report checks, JupyterLab in Chromium
	HW1_REQUIRE_BROWSER=1 HW1_REQUIRE_BUILD=1 $(PY) -m pytest $(PYTEST_ARGS) --nbval

# The stored outputs hold, and the report is the same, on other processors (scripts/portability.py):
# the strict replay under 8 configurations (OpenBLAS kernels, 2 threads, no AVX-512), then the PDF
# built from scratch under two OpenBLAS kernels, byte for byte.
test-portable: report  ## the replay under other BLAS kernels, threads and instruction sets; the PDF under two kernels
	$(PY) scripts/portability.py
	$(PY) scripts/portability.py --pdf Prescott Haswell

# Every notebook and the hand-in Lab 1 file on generated data sets in every regime, and the notebooks
# with other parameters (tests/test_regimes.py, marked slow: skipped by `make test`).
test-slow: report  ## the slow tests: generated data sets and parameters through the notebooks and Lab 1
	HW1_SLOW=1 $(PY) -m pytest $(PYTEST_ARGS) -m slow tests/test_regimes.py

# Mutation testing (mutmut, configured in pyproject.toml): each module's mutants against the unit tests
# in tests/ (no notebook replay, build, hand-in or browser test), one module at a time and one child
# process, then the score per module (scripts/mutation_score.py; equivalent mutants are listed with
# their reasons in mutmut_equivalents.txt). Hours of CPU for all of hw1/: MODULES="conv lms" picks some.
MODULES ?= params data conv conv_figures backprop backprop_figures true_false true_false_figures lms lms_figures \
           adaline adaline_figures simplenn simplenn_figures report
mutation: setup  ## mutation testing of hw1/ against the unit tests, module by module (slow; MODULES=...)
	@mkdir -p build
	@for module in $(MODULES); do $(VENV)/bin/mutmut run --max-children 1 "hw1.$$module.*" >build/mutmut-$$module.log 2>&1 \
	  || { tail -20 build/mutmut-$$module.log; exit 1; }; done
	$(PY) scripts/mutation_score.py $(MODULES)

notebooks: setup  ## re-execute the committed notebooks in place (canonical data and seeds)
	@mkdir -p build
	printf '%s\n' $(NOTEBOOKS) | flock build/.lock xargs -P $(JOBS) -n 1 $(PY) scripts/execute_notebooks.py --inplace

# .venv/.installed holds the sha256 sums of the files the venv was installed from: it is redone when
# their content changes (a date alone, in the future or the past, does not count).
INSTALLED_FROM := requirements.txt pyproject.toml jupyter/overrides.json
setup: tex  ## create .venv and check TeX Live
	@sha256sum $(INSTALLED_FROM) | cmp -s - $(VENV)/.installed || $(MAKE) --no-print-directory venv

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

clean:  ## remove everything generated (keeps .venv), once no build is running
	@$(LOCKED) sh -c "find build -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} + && \
	  rm -rf report/results report/quoted.tex report/hw1.pdf report/.*.tmp && \
	  find figures \( -name '*.pdf' -o -name '.*.tmp' \) -delete"

venv:
	@echo "== setting up $(VENV) (exact pins from requirements.txt)"
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name hw1 --display-name "Python 3 (hw1)" >/dev/null
# (JupyterLab's defaults for this project, no news or update checks, beside the user's own settings.)
	install -D -m 644 jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.d/hw1.json
	$(PY) -c "import matplotlib.pyplot"  # builds the font cache now, not on a notebook's stderr
	sha256sum $(INSTALLED_FROM) > $(VENV)/.installed

# $(call debian_install,WHAT,PACKAGES,LOG): when root, install Debian's PACKAGES (one apt at a time,
# its output in build/LOG-install.log); otherwise name them and fail.
define debian_install
if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== installing $(1) from Debian's packages"; \
	  mkdir -p build; \
	  flock build/apt.lock sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $(2)' >build/$(3)-install.log 2>&1 \
	    || { tail -20 build/$(3)-install.log; exit 1; }; \
	else \
	  echo "$(1) is missing: install the packages $(2) (e.g. sudo apt-get install $(2)), then rerun make."; \
	  exit 1; \
	fi
endef

tex:
	@if command -v latexmk >/dev/null && command -v pdftotext >/dev/null && kpsewhich booktabs.sty lmodern.sty >/dev/null; then :; \
	else $(call debian_install,TeX Live,$(TEX_DEBS),tex); fi

# HW1_CHROMIUM may name another Chromium executable (tests/test_jupyterlab.py uses it too).
browser:  ## check Chromium for the browser test (installs Debian's package when root)
	@if command -v "$${HW1_CHROMIUM:-chromium}" >/dev/null; then :; \
	else $(call debian_install,Chromium,$(BROWSER_DEBS),browser); fi

# Serves the repository on 127.0.0.1 and opens on notebooks/; its log prints the URL with the token.
lab: setup  ## JupyterLab on the notebooks with the project's kernel (prints the URL)
	$(VENV)/bin/jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks --MappingKernelManager.default_kernel_name=hw1 \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)
