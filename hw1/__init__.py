"""hw1: the algorithms and experiments of ECE 661 Homework 1; the notebooks call, print, plot and save.

One module per section (true_false, adaline, backprop, conv, lms with data, simplenn), and beside
each the section's figures, ``<module>_figures`` (true_false_figures, adaline_figures,
backprop_figures, conv_figures, lms_figures, simplenn_figures): functions that return a matplotlib
Figure drawn in the one style, ``report.STYLE``; plus report (figures saved byte for byte, the
results JSON keyed by meaning, and what the .tex quotes from it: ``report.write_quoted``) and params
(the shared argument checks: ``check_scalar``, ``check_array``, ``check_arrays``, ``check_int_array``,
``check_tensor``, ``check_rng``, ``check_choice``, ``check_text``, ``check_type``).

Conventions, the same in every module:

- the learning rate is ``lr``; counts are ``num_<things>`` (``num_epochs``, ``num_starts``); a size
  the homework names with a letter keeps it (conv's ``n`` and ``k``);
- randomness comes in as the last, keyword-only argument: ``rng`` (a ``numpy.random.Generator``) for
  numpy code, ``seed`` (an int) for torch code;
- a function that returns several values returns a ``typing.NamedTuple``;
- each constant has one home and is imported from there: ``ROOT`` (the repository) below, the figure
  width and style in report (``FIG_WIDTH``, ``STYLE``: every figure is drawn in it), Lab 1's settings
  in ``lms.LAB1``; tests/test_conventions.py lists what breaks these conventions;
- a bad argument raises one ``ValueError`` sentence naming it, what was expected and what came,
  from the hw1.params checkers called once at the top of each public function (private helpers
  trust their arguments); ``tests/test_edges.py`` throws bad arguments at every public function.
  Where a public function's work is wanted without its checks, it lives in a private core of the
  same name (``train_lms`` checks, then calls ``_train_lms``): the hand-in Lab 1 file
  (scripts/build_lab1.py) copies the cores, since its only input is the data file, checked once.
"""
from pathlib import Path

# The repository this package lives in: data/, figures/, report/ and submission/ are found from here.
ROOT = Path(__file__).resolve().parents[1]
