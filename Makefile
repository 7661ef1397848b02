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
# The closing appendix's package versions: a script that writes through hw1.report like a notebook.
PROVENANCE := build/manifests/provenance.sha256
# What each canonical run wrote, with sha256 sums (see scripts/execute_notebooks.py and DIRTY below).
MANIFESTS  := $(patsubst notebooks/%.ipynb,build/manifests/%.sha256,$(NOTEBOOKS)) $(PROVENANCE)
# The PDF is built from these sources and every generated file it may read.
REPORT_TEX := $(sort report/hw1.tex $(wildcard report/*.tex report/sections/*.tex report/appendix/*.tex))
ARTEFACTS  := $(wildcard figures/*.pdf report/tables/*.tex report/macros/*.tex report/results/*.json)
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
# A sub-make (`make report` runs one under its lock) shares its parent's job slots.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += --jobs=$(JOBS)
endif
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

.PHONY: report test test-portable notebooks setup tex browser lab clean help

# One build at a time in a checkout: a second `make report` (or `make test`) waits for the lock,
# then looks at the files the first one left and finds them up to date.
report:  ## run the notebooks whose inputs or outputs changed, then build report/hw1.pdf
	@mkdir -p build && flock build/.lock $(MAKE) --no-print-directory _report

test: report browser  ## unit tests, strict nbval over every notebook, report checks, JupyterLab in Chromium
	HW1_REQUIRE_BROWSER=1 HW1_REQUIRE_BUILD=1 $(PY) -m pytest $(PYTEST_ARGS) --nbval

# The stored outputs hold, and the report is the same, on other processors (scripts/portability.py):
# the strict replay under 8 configurations (OpenBLAS kernels, 2 threads, no AVX-512), then the PDF
# built from scratch under two OpenBLAS kernels, byte for byte.
test-portable: report  ## the replay under other BLAS kernels, threads and instruction sets; the PDF under two kernels
	$(PY) scripts/portability.py
	$(PY) scripts/portability.py --pdf Prescott Haswell

notebooks: setup  ## re-execute the committed notebooks in place (canonical data and seeds)
	@mkdir -p build
	printf '%s\n' $(NOTEBOOKS) | flock build/.lock xargs -P $(JOBS) -n 1 $(PY) scripts/execute_notebooks.py --inplace

setup: $(VENV)/.installed tex  ## create .venv and check TeX Live

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

clean:  ## remove everything generated (keeps .venv)
	rm -rf build report/tables report/results report/macros report/hw1.pdf
	find figures -name "*.pdf" -delete 2>/dev/null || true

$(VENV)/.installed: requirements.txt pyproject.toml jupyter/overrides.json
	@echo "== setting up $(VENV) (exact pins from requirements.txt)"
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name hw1 --display-name "Python 3 (hw1)" >/dev/null
# (JupyterLab's defaults for this project, no news or update checks, beside the user's own settings.)
	install -D -m 644 jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.d/hw1.json
	$(PY) -c "import matplotlib.pyplot"  # builds the font cache now, not on a notebook's stderr
	touch $@

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
lab: $(VENV)/.installed  ## JupyterLab on the notebooks with the project's kernel (prints the URL)
	$(VENV)/bin/jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks --MappingKernelManager.default_kernel_name=hw1 \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: _report FORCE
_report: report/hw1.pdf
	@:

# A notebook reruns when it, the library, or (for LMS) the data changed, and when the files its last
# canonical run wrote are no longer on disk as it wrote them (DIRTY below).
$(EXECUTED): build/notebooks/%.ipynb: notebooks/%.ipynb $(LIB) $(VENV)/.installed
	$(PY) scripts/execute_notebooks.py --out build/notebooks --manifests build/manifests $<
# The LMS notebook also reruns when the committed data set changes.
build/notebooks/05_lms.ipynb: data/dataset.mat
$(PROVENANCE): scripts/provenance.py hw1/report.py $(VENV)/.installed
	$(PY) scripts/execute_notebooks.py --manifests build/manifests scripts/provenance.py

# Each run's manifest (build/manifests/<name>.sha256) is written only once the run succeeded. It is
# missing after a failed or interrupted run, and stops matching when a file it lists is deleted or
# edited, or rewritten by a run outside make (Jupyter, papermill, other parameters or data): those
# runs are redone, so the report's files are always the canonical run's.
# (Checked once, by the make that builds: not by `make report`'s outer make, which only takes the lock.)
ifneq ($(MAKELEVEL)$(filter-out report test submission help clean,$(MAKECMDGOALS)),0)
DIRTY := $(shell sha256sum --check --status $(MANIFESTS) 2>/dev/null \
  || for m in $(MANIFESTS); do sha256sum --check --status $$m 2>/dev/null || echo $$m; done)
$(patsubst build/manifests/%.sha256,build/notebooks/%.ipynb,$(filter-out $(PROVENANCE),$(DIRTY))) \
  $(filter $(PROVENANCE),$(DIRTY)): FORCE
endif

# Generated files that no canonical run wrote (an old name, a run outside make) are removed first.
# latexmk works in build/latex, trusted only after a run there succeeded (build/latex/.ok): after an
# interrupted or failed run it starts from scratch, and a failure on the last run's auxiliary files
# is retried from scratch, so a cut-short .aux never sticks and the error shown is the current one.
# The PDF is moved into place whole; after a failure there is no PDF rather than an old one.
LATEXMK := latexmk -pdf -interaction=nonstopmode -halt-on-error -outdir=../build/latex hw1.tex \
  >../build/latex/latexmk.out 2>&1
report/hw1.pdf: $(EXECUTED) $(PROVENANCE) $(REPORT_TEX) $(ARTEFACTS) | tex
	@cut -c67- $(MANIFESTS) | sort > build/manifests/.listed
	@for f in figures/*.pdf report/tables/*.tex report/macros/*.tex report/results/*.json; do \
	  [ ! -e "$$f" ] || grep -qxF "$$f" build/manifests/.listed || { echo "== removing $$f: no canonical run wrote it"; rm -f "$$f"; }; \
	done
	@echo "== latexmk report/hw1.tex (log: build/latex/hw1.log)"
	@fresh=; if [ ! -e build/latex/.ok ]; then rm -rf build/latex; fresh=1; fi; \
	mkdir -p build/latex && rm -f build/latex/.ok && cd report && { $(LATEXMK) \
	  || { [ -z "$$fresh" ] && rm -rf ../build/latex && mkdir ../build/latex && $(LATEXMK); } \
	  || { rm -f hw1.pdf; grep -A8 -E '^!|not found' ../build/latex/hw1.log || tail -30 ../build/latex/latexmk.out; exit 1; }; }
	@touch build/latex/.ok
	@cp build/latex/hw1.pdf report/.hw1.pdf.tmp && mv -f report/.hw1.pdf.tmp $@

# ---- Hand-in: the three files the course asks for, in build/submission/ (issue 10). The report is
# copied; Lab 1 is written from hw1 by scripts/build_lab1.py on every change of the library; the
# SimpleNN notebook is the committed one, made by scripts/fill_simplenn.py (tests/test_submission.py
# checks it). The report lists that notebook's class, so the SimpleNN notebook reruns when it changes.
SUBMISSION       := build/submission
SUBMISSION_FILES := $(SUBMISSION)/hw1.pdf $(SUBMISSION)/lab1_lms.py $(SUBMISSION)/SimpleNN.ipynb
build/notebooks/06_simplenn.ipynb: submission/SimpleNN.ipynb
# The author on the title page: NAME="..." NETID="..." are written into report/student.tex (then the
# report is rebuilt); while a placeholder is left there, `make submission` ends with a warning.
STUDENT := report/student.tex
submission: export HW1_STUDENT_NAME = $(NAME)
submission: export HW1_STUDENT_NETID = $(NETID)

# Under the build lock, as `make report`: it may have to build the report first.
submission:  ## the three hand-in files in build/submission/ (NAME="..." NETID="..." set the author)
	@mkdir -p build && flock build/.lock sh -c '$(PYTHON_SYSTEM) scripts/student.py set $(STUDENT) \
	  && $(MAKE) --no-print-directory _submission'
	@$(PYTHON_SYSTEM) scripts/student.py check $(STUDENT)

.PHONY: submission _submission  # submission/ is also a folder of the repository
_submission: $(SUBMISSION_FILES)
	@find $(SUBMISSION) -mindepth 1 -maxdepth 1 $(foreach f,$(notdir $(SUBMISSION_FILES)),-not -name $(f)) -exec rm -rf {} +
	@ls -l $(SUBMISSION_FILES)

$(SUBMISSION)/hw1.pdf: report/hw1.pdf
	@mkdir -p $(@D)
	cp $< $@

$(SUBMISSION)/lab1_lms.py: submission/lab1_entry.py scripts/build_lab1.py $(LIB) $(VENV)/.installed
	$(PY) scripts/build_lab1.py $@

$(SUBMISSION)/SimpleNN.ipynb: submission/SimpleNN.ipynb
	@mkdir -p $(@D)
	cp $< $@
