# ece661-hw1: `make report` builds report/hw1.pdf, `make test` checks everything.
# Both set up what they need first (.venv from requirements.txt, TeX Live), so either can be the
# first command on a fresh clone.

PYTHON_SYSTEM ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
# Reverse order, so the slowest notebook (06, training) starts first when they run side by side.
NOTEBOOKS  := $(shell ls -r notebooks/*.ipynb)
EXECUTED   := $(patsubst notebooks/%,build/notebooks/%,$(NOTEBOOKS))
LIB        := $(wildcard hw1/*.py)
REPORT_TEX := report/hw1.tex $(wildcard report/sections/*.tex)
TEX_DEBS   := texlive-latex-base texlive-latex-recommended texlive-fonts-recommended latexmk lmodern poppler-utils
# Cores; nproc alone would obey OMP_NUM_THREADS, which is set to 1 below.
JOBS       ?= $(shell env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
# The rest of pytest's configuration (nbval's sanitize file, the replay's output folder, which
# paths) is in pyproject.toml and conftest.py, so a bare `pytest --nbval` runs the same suite.
PYTEST_ARGS ?= -n $(JOBS) --dist loadscope

# Notebooks run side by side (and tests in $(JOBS) workers), one BLAS/OpenMP thread each:
# on 2 cores that beats one notebook at a time with 2 threads, and avoids oversubscription.
MAKEFLAGS += --jobs=$(JOBS)
export OMP_NUM_THREADS      ?= 1
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS      ?= 1

# Reproducibility: no dates in PDFs, no GUI backend for scripts.
export SOURCE_DATE_EPOCH := 1694995200
export FORCE_SOURCE_DATE := 1
export MPLBACKEND        := Agg
# The report is always the canonical run: the committed data set, artefacts in their places.
unexport HW1_DATASET HW1_OUTPUT_DIR

.PHONY: report test notebooks setup tex clean help

report: report/hw1.pdf  ## run the notebooks that changed, then build report/hw1.pdf

test: report  ## unit tests, strict nbval over every notebook, report checks
	$(PY) -m pytest $(PYTEST_ARGS) --nbval

notebooks: setup  ## re-execute the committed notebooks in place (canonical data and seeds)
	printf '%s\n' $(NOTEBOOKS) | xargs -P $(JOBS) -n 1 $(PY) scripts/execute_notebooks.py --inplace

setup: $(VENV)/.installed tex  ## create .venv and check TeX Live

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

clean:  ## remove everything generated (keeps .venv)
	rm -rf build report/tables report/results report/macros report/hw1.pdf
	find figures -name "*.pdf" -delete 2>/dev/null || true

$(VENV)/.installed: requirements.txt pyproject.toml
	@echo "== setting up $(VENV) (exact pins from requirements.txt)"
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name hw1 --display-name "Python 3 (hw1)" >/dev/null
	$(PY) -c "import matplotlib.pyplot"  # builds the font cache now, not on a notebook's stderr
	touch $@

tex:
	@if command -v latexmk >/dev/null && command -v pdftotext >/dev/null && kpsewhich booktabs.sty lmodern.sty >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== installing TeX Live and latexmk from Debian's packages"; \
	  mkdir -p build; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $(TEX_DEBS); } >build/tex-install.log 2>&1 \
	    || { tail -20 build/tex-install.log; exit 1; }; \
	else \
	  echo "TeX Live is missing: install the packages $(TEX_DEBS) (e.g. sudo apt-get install $(TEX_DEBS)), then rerun make."; \
	  exit 1; \
	fi

# A notebook reruns when it, the library, or (for LMS) the data changed.
build/notebooks/%.ipynb: notebooks/%.ipynb $(LIB) $(VENV)/.installed
	$(PY) scripts/execute_notebooks.py --out build/notebooks $<
# The LMS notebook also reruns when the committed data set changes.
build/notebooks/05_lms.ipynb: data/dataset.mat

report/hw1.pdf: $(EXECUTED) $(REPORT_TEX) | tex
	@echo "== latexmk report/hw1.tex (log: build/latex/hw1.log)"
	@mkdir -p build/latex
	@cd report && latexmk -pdf -interaction=nonstopmode -halt-on-error \
	  -outdir=../build/latex hw1.tex >../build/latex/latexmk.out 2>&1 \
	  || { grep -A8 -E '^!|not found' ../build/latex/hw1.log || tail -30 ../build/latex/latexmk.out; exit 1; }
	cp build/latex/hw1.pdf $@
