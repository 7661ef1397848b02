"""Check arguments before any work, one clear sentence each: a notebook's parameters (papermill or
hand-edited) with :func:`check_int` and :func:`check_float`, the library's counts and generators with
:func:`check_count` and :func:`check_rng`.

>>> check_int("NUM_EPOCHS", 2, minimum=1)
2
>>> check_int("NUM_EPOCHS", 1.5, minimum=1)
Traceback (most recent call last):
...
ValueError: NUM_EPOCHS is 1.5 (float); expected an integer >= 1.
"""
import math
import numbers

import numpy as np


def _expected(kind, minimum, maximum, strictly_positive=False):
    bounds = ["> 0"] if strictly_positive else []
    if minimum is not None:
        bounds.append(f">= {minimum}")
    if maximum is not None:
        bounds.append(f"<= {maximum}")
    return f"{kind} {' and '.join(bounds)}".strip()


def check_int(name, value, *, minimum=None, maximum=None):
    """``value`` if it is an integer (not a bool) within the bounds; else one clear ValueError."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} is {value!r} ({type(value).__name__}); "
                         f"expected an {_expected('integer', minimum, maximum)}.")
    return int(value)


def check_count(name, value, minimum=1):
    """``value`` as an int if it is an integer (not a bool) >= ``minimum``; else one clear ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} is {value!r}; expected an integer >= {minimum}.")
    return int(value)


def check_rng(rng):
    """``rng`` if it is a ``numpy.random.Generator``; else one clear ValueError."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng is {rng!r}; expected a numpy.random.Generator.")
    return rng


def check_float(name, value, *, minimum=None, maximum=None, strictly_positive=False):
    """``value`` as a float if it is a finite real number within the bounds; else one clear ValueError."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if (not ok or (strictly_positive and value <= 0) or (minimum is not None and value < minimum)
            or (maximum is not None and value > maximum)):
        raise ValueError(f"{name} is {value!r} ({type(value).__name__}); "
                         f"expected a {_expected('finite number', minimum, maximum, strictly_positive)}.")
    return float(value)


def check_choice(name, value, choices):
    """``value`` if it is one of ``choices``; else one clear ValueError."""
    if value not in choices:
        raise ValueError(f"{name} is {value!r}; expected one of {', '.join(map(repr, choices))}.")
    return value
