"""hw1 follows the conventions its __init__ docstring states; each test lists what breaks one.

Read from the source with ``ast`` (nothing is run): a public function that returns a bare tuple
instead of a NamedTuple, a count named ``n_*`` instead of ``num_*``, a private ``_check*`` function
outside hw1.params (arguments are checked with params' checkers, at the top of public functions),
and a constant defined in two modules (or typed again in a test). tests/test_edges.py calls every
public function and checks at run time that none returns a bare tuple.
"""
import ast
import re
from pathlib import Path

from hw1 import ROOT

LIBRARY = sorted((ROOT / "hw1").glob("*.py"))
TESTS = sorted((ROOT / "tests").glob("*.py"))
# A size the homework names with a letter keeps it (conv's n and k); a count of things is num_*.
COUNT_NAME = re.compile(r"^n_[a-z]")
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Not yet moved: report's file-name check goes to params when report's writers are rewritten for keyed
# results; remove the entry then.
KNOWN_PRIVATE_CHECKERS = {"report._check_file_name"}


def parse(path):
    return ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))


def module_name(path):
    return "__init__" if path.stem == "__init__" else path.stem


def functions(tree):
    """Every function of a module, nested ones and methods included."""
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def own_returns(function):
    """The return statements of ``function`` itself, not of the functions nested in it."""
    found, stack = [], list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return):
            found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return found


def bare_tuple_returns(paths):
    """``module.function:line`` of each public top-level function that returns a tuple display."""
    found = []
    for path in paths:
        for node in parse(path).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                found += [f"{module_name(path)}.{node.name}:{r.lineno}" for r in own_returns(node)
                          if isinstance(r.value, ast.Tuple)]
    return found


def count_names(paths):
    """``module.function(name)`` for each argument named n_<something>, and ``module.Class.name`` for
    each NamedTuple field so named."""
    found = []
    for path in paths:
        tree = parse(path)
        for f in functions(tree):
            args = f.args.posonlyargs + f.args.args + f.args.kwonlyargs
            found += [f"{module_name(path)}.{f.name}({a.arg})" for a in args if COUNT_NAME.match(a.arg)]
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            found += [f"{module_name(path)}.{cls.name}.{s.target.id}" for s in cls.body
                      if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                      and COUNT_NAME.match(s.target.id)]
    return found


def private_checkers(paths):
    return [f"{module_name(path)}.{f.name}" for path in paths if path.stem != "params"
            for f in functions(parse(path)) if f.name.startswith("_check")]


def constants(path):
    """The UPPER_CASE names a module assigns at its top level."""
    names = set()
    for node in parse(path).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name) and CONSTANT.match(n.id)}
    return names


def constants_defined_twice(library, tests):
    """``NAME: module, module`` for each constant assigned in two library modules, or in a test module
    as well as in the library (a test imports the library's value)."""
    homes = {}
    for path in library:
        for name in constants(path):
            homes.setdefault(name, []).append(module_name(path))
    found = [f"{name}: {', '.join(where)}" for name, where in sorted(homes.items()) if len(where) > 1]
    for path in tests:
        found += [f"{name}: hw1.{homes[name][0]} and tests/{path.name}" for name in sorted(constants(path))
                  if name in homes]
    return found


def test_public_functions_return_named_tuples():
    assert bare_tuple_returns(LIBRARY) == [], "return a typing.NamedTuple, not a bare tuple"


def test_counts_are_num():
    assert count_names(LIBRARY) == [], "name counts num_<things>"


def test_no_private_argument_checkers():
    assert sorted(set(private_checkers(LIBRARY)) - KNOWN_PRIVATE_CHECKERS) == [], (
        "check arguments with hw1.params' checkers at the top of the public function")


def test_each_constant_is_defined_once():
    assert constants_defined_twice(LIBRARY, TESTS) == [], "define a constant in one module and import it"


def test_the_checks_find_what_they_look_for(tmp_path):
    """Each check flags a module written to break its convention, so a passing suite means something."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "LIMIT = 3\n"
        "def split(x, n_parts):\n"
        "    def inner():\n"
        "        return 1, 2\n"
        "    return x[:n_parts], x[n_parts:]\n"
        "def _check_x(x):\n"
        "    return x\n"
        "class Fit:\n"
        "    n_steps: int\n")
    other = tmp_path / "other.py"
    other.write_text("LIMIT = 3\n")
    test_module = tmp_path / "test_bad.py"
    test_module.write_text("LIMIT = 3\nlocal = 1\n")
    assert bare_tuple_returns([bad]) == ["bad.split:5"]
    assert count_names([bad]) == ["bad.split(n_parts)", "bad.Fit.n_steps"]
    assert private_checkers([bad]) == ["bad._check_x"]
    assert constants_defined_twice([bad, other], [test_module]) == [
        "LIMIT: bad, other", "LIMIT: hw1.bad and tests/test_bad.py"]


def names_defined_twice(paths):
    """``module.name`` for every top-level function or class a module defines twice (the second hides the first)."""
    found = []
    for path in paths:
        names = [node.name for node in parse(path).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        found += sorted(f"{module_name(path)}.{name}" for name in set(names) if names.count(name) > 1)
    return found


def test_no_function_or_class_is_defined_twice(tmp_path):
    assert names_defined_twice(LIBRARY) == []
    twice = tmp_path / "twice.py"
    twice.write_text("class Task:\n    pass\n\n\ndef f():\n    pass\n\n\nclass Task:\n    pass\n")
    assert names_defined_twice([twice]) == ["twice.Task"]
