"""Fill the course's SimpleNN skeleton with our code and store it executed: submission/SimpleNN.ipynb.

    python scripts/fill_simplenn.py             # fill, execute in a fresh kernel, write the notebook
    python scripts/fill_simplenn.py --no-execute   # fill only (what the tests compare with)

The skeleton (submission/course/SimpleNN_raw.ipynb, the course's file, see the README beside it)
keeps its cells in their order and its code as given, the CONV and FC classes included. Each line
marked "#Your code here" becomes one line of ours. Lab 2(a)'s lines are the statements of the
library's own class (hw1.simplenn.SimpleNN), with the course's CONV and FC in place of the library's
recording layers; the other labs' lines are in FILLS below. One line is added, a fixed seed, so that
a rerun draws the same weights and inputs: the very draws of hw1.simplenn.lab_draws(seed=SEED), which
the report's run (notebooks/06_simplenn.ipynb) uses. The notebook imports only what the skeleton
imports: it runs without this repository. tests/test_submission.py proves that it is the same run as
hw1.simplenn's (layer table, histogram counts and losses of Labs 3(a) to 3(c)) and that the committed
file is this script's output.
"""
import argparse
import ast
import copy
import inspect
import os
import sys
import tempfile
from pathlib import Path

import nbformat

from hw1.simplenn import RecordingConv2d, RecordingLinear, SimpleNN

# The repository of this script (not the library's import path: a copy of the checkout runs its own).
ROOT = Path(__file__).resolve().parents[1]
SKELETON = ROOT / "submission" / "course" / "SimpleNN_raw.ipynb"
OUTPUT = ROOT / "submission" / "SimpleNN.ipynb"
BLANK = "#Your code here"
SEED = 661

# The course's recording layers, in place of the library's, in the handed-in class.
COURSE_LAYERS = {RecordingConv2d.__name__: "CONV", RecordingLinear.__name__: "FC"}
# One entry per blank, in the order the blanks appear in each code cell; a cell is named by the
# docstring that opens it. After "name =" an entry is the right-hand side, else a whole statement.
FILLS = {
    "Lab 2(a)": ["net(data)"],  # after the lines of the class, from simplenn_fills()
    "Lab 2(b)": [
        "net(data)",
        "module.input.detach().cpu().numpy()",
        "module.output.detach().cpu().numpy()",
        "module.weight.detach().cpu().numpy()",
        "weight.size",
        # each output element is one dot product with a row of the weight (C_in*K*K or n_in long)
        "output.size * weight[0].size",
    ],
    "Lab 3(a)": [
        "module.weight.detach().cpu().numpy()",
    ],
    "Lab 3(b)": [
        "criterion(out, target)",
        "loss.backward()",
        "module.weight.grad.detach().cpu().numpy()",
    ],
    "Lab 3(c)": [
        "nn.init.zeros_(module.weight)",
        "net(data)",
        "criterion(out, target)",
        "loss.backward()",
        "module.weight.grad.detach().cpu().numpy()",
    ],
}
# Lines of ours added to the skeleton's code: (the skeleton line they go before, the line).
ADDED = [("# Model Definition", f"torch.manual_seed({SEED})  # fixed seed: the same weights and inputs on every run")]
INTRO = f"""\
# ECE 661 Homework 1, Labs 2 and 3: SimpleNN (completed)

The course's skeleton with every line marked **Your code here** filled in; its code blocks are in
their order and its code is otherwise unchanged, apart from one added line that fixes the random seed
({SEED}). With it the weights and every random input are those of the report's run: the report's
figures and numbers of Labs 2 and 3 are this notebook's. It needs only PyTorch, NumPy and Matplotlib,
runs on a GPU when one is available, and was executed top to bottom on the CPU. The answers to Labs 2
and 3, with their argument, are in the report (Section 6)."""


class CourseLayers(ast.NodeTransformer):
    """Rename the library's layer classes to the course's (COURSE_LAYERS)."""

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(COURSE_LAYERS.get(node.id, node.id), node.ctx), node)


def simplenn_fills(cls=SimpleNN):
    """Lab 2(a)'s lines from the library's class SimpleNN (``cls``), in the skeleton's order.

    The right-hand sides of ``__init__``'s layer assignments (one per recording layer of the
    network), then ``forward``'s statements up to its ``return out``, which the skeleton has. One
    clear ValueError if the class has another form (the skeleton's blanks say how many layers).
    """
    methods = {node.name: node for node in ast.parse(inspect.getsource(cls)).body[0].body
               if isinstance(node, ast.FunctionDef)}
    layers = [stmt.value for stmt in methods["__init__"].body
              if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Attribute)]
    *steps, last = methods["forward"].body
    other = [ast.unparse(v) for v in layers
             if not (isinstance(v, ast.Call) and getattr(v.func, "id", "") in COURSE_LAYERS)]
    if other or ast.unparse(last) != "return out":
        raise ValueError(f"{cls.__name__} assigns {other} besides its layers and ends forward with "
                         f"{ast.unparse(last)!r}; expected only recording layers and 'return out', as the skeleton.")
    return [ast.unparse(CourseLayers().visit(node)) for node in layers + steps]


def cell_name(source):
    """The skeleton's name of a code cell: the first line inside its opening docstring, or None."""
    lines = [line.strip() for line in source.strip().splitlines()]
    if len(lines) > 1 and lines[0].strip("\"' ") == "":
        return lines[1]
    return None


def indent_of(line):
    return line[: len(line) - len(line.lstrip())]


def fill_source(source, fills):
    """``source`` with its blanks replaced by ``fills`` in order and the ADDED lines inserted."""
    lines, out, remaining = source.split("\n"), [], list(fills)
    for line in lines:
        for before, added in ADDED:
            if line.strip().startswith(before):
                out.append(indent_of(line) + added)
        if BLANK not in line:
            out.append(line)
            continue
        if not remaining:
            raise ValueError(f"a skeleton cell has more blanks than the {len(fills)} fills given for it.")
        head = line.split(BLANK)[0].rstrip()
        if head:  # "name =     #Your code here": keep the left-hand side as the skeleton spells it
            out.append(f"{head} {remaining.pop(0)}")
        else:  # a bare blank: indent as the statement above it (the skeleton's own indents vary)
            previous = next(p for p in reversed(out) if p.strip())
            indent = indent_of(previous) + ("    " if previous.rstrip().endswith(":") else "")
            out.append(indent + remaining.pop(0))
    if remaining:
        raise ValueError(f"a skeleton cell has fewer blanks than the {len(fills)} fills given for it.")
    return "\n".join(out)


def fill(skeleton):
    """The completed, unexecuted notebook: an intro cell, then the skeleton's cells, filled.

    A trailing empty code cell of the skeleton is dropped.
    """
    nb = copy.deepcopy(skeleton)
    while nb.cells and nb.cells[-1].cell_type == "code" and not nb.cells[-1].source.strip():
        nb.cells.pop()
    used = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            name = cell_name(cell.source)
            fills = simplenn_fills() + FILLS[name] if name == "Lab 2(a)" else FILLS.get(name, [])
            cell.source = fill_source(cell.source, fills)
            used.add(name)
    if not set(FILLS) <= used:
        raise ValueError(f"fills for {sorted(set(FILLS) - used)} found no cell in the skeleton.")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(INTRO))
    for cell in nb.cells:
        cell.pop("id", None)  # nbformat 4.4, as the skeleton: no random cell ids
    return nb


def execute(nb, timeout=600):
    """Run ``nb`` top to bottom in a fresh python3 kernel, from an empty temporary folder.

    Inline figures (PNG), whatever MPLBACKEND the caller has (Agg would print a warning instead);
    execution counts 1..N, no timing metadata, one output per run of prints to a stream.
    """
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    saved = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        with tempfile.TemporaryDirectory() as folder:
            NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                           extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                           resources={"metadata": {"path": folder}}).execute()
    finally:
        if saved is None:
            os.environ.pop("MPLBACKEND")
        else:
            os.environ["MPLBACKEND"] = saved
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return nb


def coalesce_streams(outputs):
    """Consecutive prints to one stream as one output: how a kernel splits them varies by run."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skeleton", type=Path, default=SKELETON)
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--no-execute", action="store_true", help="write the filled notebook unexecuted")
    args = parser.parse_args(argv)
    nb = fill(nbformat.read(args.skeleton, as_version=4))
    if not args.no_execute:
        nb = execute(nb)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, args.out)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
