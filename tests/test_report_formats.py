"""Report formats beyond numbers: "code" (a source text as typewriter lines, as verbatim would show it) and
"shape" in a table (one cell per list, whatever its length)."""
import json
import re

import pytest

from hw1 import report, simplenn

SOURCE = "class A:\n    def f(self, x):  # 100% of #1\n        return {'a_b': x ^ 2, \"c\": '~\\\\'}\n\n    pass"


def unquoted(block):
    """The text a code block shows: its boxed lines, with spaces and LaTeX's special characters read back."""
    assert block.startswith("\\par\\medskip{\\ttfamily") and block.endswith("\\par}\\medskip")
    specials = {r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\^{}": "^", r"\ ": " "}
    lines = re.findall(r"\\mbox\{((?:[^{}]|\{\}|\\[{}])*)\}\\par", block)
    pattern = "|".join(re.escape(s) for s in specials) + r"|\\([&%$#_{}])"
    return "\n".join(re.sub(pattern, lambda m: specials.get(m.group(0), m.group(1)), line) for line in lines)


def test_code_keeps_every_line_and_space_and_escapes_latex():
    block = report.quote(SOURCE, "code")
    assert unquoted(block) == SOURCE, "the lines read back as the source, blank line and indentation kept"
    assert block.count("\\mbox{") == SOURCE.count("\n") + 1, "one unbreakable box per line"
    assert "%" not in block.replace(r"\%", "") and "#" not in block.replace(r"\#", ""), "no character left active"


def test_code_quotes_the_handed_in_class_from_the_results(tmp_path):
    source = simplenn.handed_in_class()
    (tmp_path / "simplenn.json").write_text(json.dumps({"lab2a": {"handed_in_class": source}}))
    tex = tmp_path / "s.tex"
    tex.write_text(r"{\footnotesize\result[code]{simplenn/lab2a/handed_in_class}}")
    definitions = report.quoted_tex([tex], tmp_path)
    assert r"\csname hw1@simplenn/lab2a/handed_in_class@code\endcsname{\par\medskip{\ttfamily" in definitions
    assert unquoted(definitions.split("\\endcsname{", 1)[1].rstrip().removesuffix("}")) == source


def test_code_is_for_text_only():
    with pytest.raises(ValueError, match=r"value is .*; expected a str \(source code\) for format 'code'"):
        report.quote(["x = 1"], "code")


def test_a_shape_column_is_one_cell_per_row_whatever_its_length():
    rows = [("conv1", {"input_shape": [1, 3, 32, 32]}), ("fc1", {"input_shape": [1, 288]})]
    table = report.quote_table(rows, "key,input_shape:shape")
    assert r"$1\times3\times32\times32$" in table and r"$1\times288$" in table
    assert "{lr}" in table, "two columns: the row's label and its shape"
    with pytest.raises(ValueError, match="mixes vectors of other lengths"):
        report.quote_table(rows, "key,input_shape:d")
