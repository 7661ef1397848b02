"""The hand-in (`make submission`): the course's SimpleNN notebook completed, Lab 1 as one file.

- submission/SimpleNN.ipynb is scripts/fill_simplenn.py's output, keeps the skeleton's code, needs
  nothing of this repository, and builds the very network of hw1.simplenn: the same layer table,
  histogram counts and zero-weight gradients; run in a fresh kernel it prints the report's table.
- lab1_lms.py, bundled from hw1 by scripts/build_lab1.py (stickytape), embeds hw1's modules
  verbatim, runs with a bare `python -I` in an empty folder and prints the numbers of hw1.lms, on
  the course's data and on another data set.
- `make submission` leaves exactly three files, incrementally.
"""
import ast
import contextlib
import functools
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

from hw1 import data, lms, simplenn

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "submission" / "SimpleNN.ipynb"
SIMPLENN_RESULTS = ROOT / "report" / "results" / "simplenn.json"
# Modules the course's notebook may import: what its first block imports, nothing of ours.
ALLOWED_IMPORTS = {"argparse", "os", "sys", "time", "datetime", "math", "numpy", "matplotlib", "torch"}
TABLE_ROW = re.compile(r"^(\w+)\s+(\([\d, ]+\))\s+(\([\d, ]+\))\s+(\([\d, ]+\))\s+(\d+)\s+(\d+)\s*$")


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fill_simplenn = load_script("fill_simplenn")
build_lab1 = load_script("build_lab1")


def code_cells(nb):
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def parse_table(text):
    """The rows that Lab 2(b)'s loop prints: (name, input, output, weight shapes, params, MACs)."""
    rows = [TABLE_ROW.match(line) for line in text.splitlines() if line.strip()]
    assert all(rows), f"lines that are not layer rows in:\n{text}"
    return [(m[1], *(tuple(ast.literal_eval(s)) for s in m.groups()[1:4]), int(m[5]), int(m[6]))
            for m in rows]


@functools.cache
def expected_table():
    """hw1.simplenn's layer table for one image, in the notebook's printed layout."""
    rows = simplenn.layer_table(simplenn.make_simplenn(seed=fill_simplenn.SEED), torch.zeros(1, 3, 32, 32))
    return [(r.name, r.input_shape, r.output_shape, r.weight_shape, r.params, r.macs) for r in rows]


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


# ---------------------------------------------------------------- SimpleNN: the course's notebook

@pytest.mark.skipif(not fill_simplenn.SKELETON.is_file(),
                    reason=f"the course's skeleton {fill_simplenn.SKELETON} is not here (../shared)")
def test_notebook_is_the_filled_skeleton(notebook):
    skeleton = nbformat.read(fill_simplenn.SKELETON, as_version=4)
    filled = fill_simplenn.fill(skeleton)
    assert [(c.cell_type, c.source) for c in notebook.cells] == [(c.cell_type, c.source) for c in filled.cells], \
        "submission/SimpleNN.ipynb is stale: run scripts/fill_simplenn.py"
    given, ours = code_cells(skeleton), code_cells(notebook)
    assert ours[:2] == given[:2], "the imports and the CONV and FC classes must stay exactly as given"
    assert len(ours) == len([s for s in given if s.strip()]), "one code cell per code block, none added"
    for before, after in zip(given, ours):
        assert fill_simplenn.BLANK not in after
        # every line of the skeleton that is not a blank is still there, in its order
        kept = iter(after.splitlines())
        for line in before.splitlines():
            if fill_simplenn.BLANK not in line:
                assert any(line == other for other in kept), f"skeleton line lost: {line!r}"


def test_notebook_needs_only_torch_numpy_matplotlib(notebook):
    imported = set()
    for source in code_cells(notebook):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module.split(".")[0])
    assert imported <= ALLOWED_IMPORTS, f"imports beyond the skeleton's: {imported - ALLOWED_IMPORTS}"
    assert not any("hw1" in source for source in code_cells(notebook))


def test_notebook_is_stored_executed_on_the_cpu(notebook):
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert all("execution" not in c.metadata for c in code), "no timing metadata"
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert code[2].outputs[0].text == "Run on CPU...\nForward pass successful\n"
    assert parse_table(code[3].outputs[0].text) == expected_table()
    assert [len(c.outputs) for c in code[4:]] == [5, 5, 5], "five histograms in each of Lab 3(a), (b), (c)"


class HistogramRecorder:
    """Stands in for matplotlib.pyplot in the notebook's cells: keeps what each plt.hist counts."""

    def __init__(self):
        self.counts, self.titles = [], []

    def hist(self, values, bins):
        self.counts.append(np.histogram(values, bins=bins)[0])

    def title(self, text):
        self.titles.append(text)

    def show(self):
        pass


def test_notebook_builds_the_network_of_hw1(notebook):
    """Run the notebook's cells here, with histograms recorded, and redo each lab with hw1.simplenn."""
    cells = code_cells(notebook)
    names = ["conv1", "conv2", "conv3", "fc1", "fc2"]
    namespace, printed, inputs = {}, io.StringIO(), []
    with contextlib.redirect_stdout(printed):
        exec(cells[0], namespace)
        namespace["plt"] = recorder = HistogramRecorder()
        for source in cells[1:]:
            exec(source, namespace)
            inputs.append((namespace.get("data"), namespace.get("target")))
    # Lab 2(b): the printed table
    assert parse_table(printed.getvalue().split("Forward pass successful\n")[1]) == expected_table()
    # Lab 3(a): the seed draws the weights of hw1.simplenn.make_simplenn(SEED), layer by layer
    net = simplenn.make_simplenn(seed=fill_simplenn.SEED)
    layers = dict(simplenn.recording_layers(net))
    assert list(layers) == names
    assert recorder.titles == [f"{kind} histogram of layer {name}"
                               for kind in ("Weight", "Gradient", "Gradient") for name in names]
    as_float32 = lambda a: np.asarray(a, dtype=np.float32)  # the notebook's dtype: the same bin edges
    want = [np.histogram(as_float32(layers[name].weight.detach()), bins=20)[0] for name in names]
    # Lab 3(b): the image of Lab 2(b) and the target of Lab 3(b)
    data, target = inputs[4]
    grads = simplenn.mse_gradients(net, data, target).layers
    want += [np.histogram(as_float32(grads[name].weight), bins=20)[0] for name in names]
    # Lab 3(c): weights zero, a new image and target
    data, target = inputs[5]
    grads0 = simplenn.mse_gradients(simplenn.with_zero_weights(net), data, target).layers
    want += [np.histogram(as_float32(grads0[name].weight), bins=20)[0] for name in names]
    for i, (got, expected) in enumerate(zip(recorder.counts, want, strict=True)):
        assert_array_equal(got, expected, err_msg=recorder.titles[i])
    # the zero-weight gradient pattern, entry by entry: only FC2 gets a gradient
    notebook_net = namespace["net"]
    for name in names:
        grad = getattr(notebook_net, name).weight.grad.numpy()
        assert_array_equal(grad != 0, grads0[name].weight != 0, err_msg=name)
        assert_allclose(grad, grads0[name].weight, rtol=1e-6, atol=0, err_msg=name)
    assert [np.count_nonzero(grads0[name].weight) for name in names[:4]] == [0, 0, 0, 0]
    assert np.count_nonzero(grads0["fc2"].weight) > 0


def test_notebook_runs_alone_and_prints_the_reports_table(notebook):
    """A fresh kernel in an empty folder (about 10 s): the stored outputs come back, table included."""
    executed = fill_simplenn.execute(notebook)
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert [o.get("text") for c in code for o in c.outputs] == \
        [o.get("text") for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    printed = parse_table(code[3].outputs[0].text)
    assert printed == expected_table()
    if SIMPLENN_RESULTS.is_file():  # written by notebooks/06_simplenn.ipynb (make report)
        layers = json.loads(SIMPLENN_RESULTS.read_text())["layers"]
        assert printed == [(r["name"], tuple(r["input_shape"]), tuple(r["output_shape"]),
                            tuple(r["weight_shape"]), r["params"], r["macs"]) for r in layers]


# ---------------------------------------------------------------- Lab 1 in one file

LAB1_FIGURES = {"lab1_b_mse.png", "lab1_c_planes.png", "lab1_d_rates.png"}
# Run the bundle as `python -I -S`: no PYTHON* variable and no .pth file is read, so the editable
# hw1 of .venv cannot be imported; only the folders that hold numpy, scipy and matplotlib go on
# sys.path.
SITE_DIRS = sorted({str(Path(module.__file__).parents[1])
                    for module in (np, pytest.importorskip("scipy"), pytest.importorskip("matplotlib"))})
WRAPPER = f"""
import runpy, sys
sys.path += {SITE_DIRS!r}
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
print("hw1 from:", sys.modules["hw1"].__file__)
print("imported:", " ".join(sorted({{name.split(".")[0] for name in sys.modules}})))
"""
FLOAT = r"[-+]?\d+\.\d+(?:e[-+]\d+)?"
ENTRY_TAIL = 'if __name__ == "__main__":\n        main(sys.argv)'


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp("bundle") / "lab1_lms.py"
    build_lab1.main([str(path)])
    return path


def run_bundle(bundle, folder, *args):
    """Copy the bundle into ``folder`` and run it there, alone: ``python -I -S`` (see WRAPPER)."""
    shutil.copy(bundle, folder / "lab1_lms.py")
    return subprocess.run([sys.executable, "-I", "-S", "-c", WRAPPER, "lab1_lms.py", *map(str, args)],
                          cwd=folder, capture_output=True, text=True, timeout=120)


def vector(w):
    return "[" + ", ".join(f"{v:.8f}" for v in w) + "]"


def check_lab1_output(stdout, dataset):
    """Every number the bundle printed is hw1.lms's, computed here on the same file."""
    X, D = data.load_dataset(dataset)
    W_star = lms.wiener_solution(X, D)
    assert f"W* = {vector(W_star)}\n" in stdout
    mse_star = float(re.search(rf"MSE\(W\*\) = ({FLOAT})", stdout)[1])
    assert_allclose(mse_star, lms.mse(X, D, W_star), rtol=1e-8)
    run = lms.train_lms(X, D, 0.01, 20)
    assert f"W after 20 epochs = {vector(run.w)}\n" in stdout
    rows = re.findall(rf"r = (\S+) +final MSE ({FLOAT})  W = \[(.*)\]  rho\(A\) = (\S+), (\w+)", stdout)
    assert [float(r[0]) for r in rows] == [0.005, 0.01, 0.05, 0.5, 0.7, 1.0]
    for lr, final, w, radius, verdict in rows:
        want = lms.run_rate(X, D, float(lr), 20)
        assert_allclose(float(final), want.mse_per_epoch[-1], rtol=1e-8, err_msg=f"r = {lr}")
        assert_allclose([float(v) for v in w.split(", ")], want.w, rtol=1e-7, atol=1e-8, err_msg=f"r = {lr}")
        if abs(want.w).max() < 1e4:
            assert f"[{w}]" == vector(want.w), f"r = {lr}: weights to 8 decimals"
        assert_allclose(float(radius), want.radius, rtol=1e-3)
        assert verdict == ("converges" if want.radius < 1 else "diverges")
    critical = float(re.search(rf"converges for r below ({FLOAT})", stdout)[1])
    assert_allclose(critical, lms.critical_rate_cyclic(X), atol=1e-4)
    return rows


def check_ran_alone(result, folder):
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    hw1_from = re.search(r"hw1 from: (.*)", result.stdout)[1]
    assert not Path(hw1_from).is_relative_to(ROOT), "the bundle imported the repository's hw1"
    imported = set(re.search(r"imported: (.*)", result.stdout)[1].split())
    assert not imported & {"pandas", "torch", "sklearn", "array_to_latex", "jinja2", "IPython"}
    assert {p.name for p in folder.iterdir()} - {"lab1_lms.py", "dataset.mat"} == LAB1_FIGURES


class TestLab1File:
    """A class only so that pytest-xdist (--dist loadscope) runs these beside the notebook's tests."""

    def test_lab1_bundle_embeds_the_library_verbatim(self, bundle):
        text = bundle.read_text()
        embedded = {}
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__stickytape_write_module":
                path, contents = node.args  # contents: '''<source>'''.encode('utf-8')
                embedded[path.value] = contents.func.value.value
        assert {"hw1/__init__.py", "hw1/data.py", "hw1/lms.py", "hw1/lms_figures.py"} <= set(embedded)
        assert not {"hw1/report.py", "hw1/simplenn.py"} & set(embedded), "pandas and torch stay out"
        for path, source in embedded.items():
            assert source == (ROOT / path).read_text(), f"{path} differs from the library"
        assert text.rstrip().endswith(ENTRY_TAIL)
        assert build_lab1.build() == text, "two builds differ"

    def test_lab1_file_alone_on_the_course_data(self, bundle, tmp_path):
        """`python -I` in an empty folder with the course's dataset.mat beside the file (about 3.5 s)."""
        shutil.copy(data.COURSE_DATASET, tmp_path / "dataset.mat")
        result = run_bundle(bundle, tmp_path)
        check_ran_alone(result, tmp_path)
        rows = check_lab1_output(result.stdout, tmp_path / "dataset.mat")
        assert [r[4] for r in rows] == ["converges"] * 4 + ["diverges"] * 2
        assert "W* = [1.00067810, 1.00061145, -2.00031968]" in result.stdout  # the graded answer of (a)

    def test_lab1_file_alone_on_another_dataset(self, bundle, tmp_path):
        """A different valid data set (60 noisy points of another plane), passed as the argument."""
        folder, elsewhere = tmp_path / "run", tmp_path / "data"
        folder.mkdir()
        elsewhere.mkdir()
        X, D = data.make_plane_dataset(60, [-0.5, 2.0, 0.75], 0.3, rng=np.random.default_rng(661))
        other = data.write_mat(elsewhere / "other.mat", X, D)
        result = run_bundle(bundle, folder, other)
        check_ran_alone(result, folder)
        check_lab1_output(result.stdout, other)
        assert f"data set: {other} (60 samples)" in result.stdout

    def test_lab1_file_names_a_missing_dataset(self, bundle, tmp_path):
        result = run_bundle(bundle, tmp_path)
        assert result.returncode == 1
        assert "dataset.mat does not exist" in result.stderr and "usage: python lab1_lms.py" in result.stderr
        assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- make submission

@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_submission_leaves_exactly_three_files(tmp_path):
    """`make submission` into a temporary folder that holds a stray file and folder (about 2 s)."""
    if not (ROOT / "report" / "hw1.pdf").is_file():
        reason = "report/hw1.pdf is not built: run `make report`"
        if os.environ.get("HW1_REQUIRE_BUILD"):  # `make test` has just built it: a broken build
            pytest.fail(reason)
        pytest.skip(reason)
    out = tmp_path / "submission"
    (out / "old").mkdir(parents=True)
    (out / "notes.txt").write_text("a stray file from an earlier hand-in")
    for _ in range(2):  # the second run has nothing to do
        steps = subprocess.run(["make", "-s", "submission", f"SUBMISSION={out}"],
                               cwd=ROOT, check=True, capture_output=True, text=True, timeout=300).stdout
        assert sorted(p.name for p in out.iterdir()) == ["SimpleNN.ipynb", "hw1.pdf", "lab1_lms.py"]
    assert ".  handin" not in steps and ".  report" not in steps, "make submission is not incremental"
    assert (out / "hw1.pdf").read_bytes() == (ROOT / "report" / "hw1.pdf").read_bytes()
    assert (out / "SimpleNN.ipynb").read_bytes() == NOTEBOOK.read_bytes()
    assert (out / "lab1_lms.py").read_text() == build_lab1.build()
