"""hw1.report.quote_table: a column of shapes (format 'shape') is one column, whatever the shapes' lengths."""
from hw1 import report


def test_a_shape_column_is_one_column_of_sizes():
    rows = [("a", {"shape": [2, 3], "x": 1.5}), ("b", {"shape": [2], "x": 2.0})]
    tex = report.quote_table(rows, "key,shape:shape,x:g")
    assert r"a & $2\times3$ & $1.5$ \\" in tex
    assert r"b & $2$ & $2$ \\" in tex
    assert r"\begin{tabular}{lrr}" in tex


def test_a_vector_column_still_spreads_over_one_column_per_entry():
    tex = report.quote_table([("a", {"w": [1.0, 2.0]})], "key,w:g")
    assert r"\begin{tabular}{lrr}" in tex and r"a & $1$ & $2$ \\" in tex
