"""Check arguments before any work, one clear ``ValueError`` sentence each: scalars with
:func:`check_scalar` (in the style of scikit-learn's ``check_scalar``), arrays with :func:`check_array`,
generators with :func:`check_rng`, names with :func:`check_choice`, torch tensors with :func:`check_tensor`.
Public functions call them once, at the top, and so do the notebooks' parameter cells; private
helpers trust what they are given. A number that must be > 0: ``check_scalar(name, value, float,
**POSITIVE)``.

>>> check_scalar("NUM_EPOCHS", 2, int, min_val=1)
2
>>> check_scalar("NUM_EPOCHS", 1.5, int, min_val=1)
Traceback (most recent call last):
...
ValueError: NUM_EPOCHS is 1.5 (float); expected an integer >= 1.
>>> check_array("X", [[1.0, float("nan")]], ndim=2)
Traceback (most recent call last):
...
ValueError: X holds NaN or infinite values; expected a non-empty finite 2-D array of numbers.
"""
import math
import numbers

import numpy as np

# Larger magnitudes overflow when squared (1e150**2 = 1e300, near float64's 1.8e308): a data or weight
# array beyond it is refused, so that an MSE or a Gram matrix stays finite.
MAX_ABS_VALUE = 1e150

# The bounds of a number that must be > 0 (a rate, a step, a tolerance): check_scalar(..., **POSITIVE).
POSITIVE = {"min_val": 0, "include_boundaries": "neither"}
_BOUNDS = {"both": (">=", "<="), "left": (">=", "<"), "right": (">", "<="), "neither": (">", "<")}
_KINDS = {int: "an integer", float: "a finite number"}


def describe(value):
    """A short phrase for what came: ``'abc' (str)``, ``an array of shape (0, 3)``, ``None``."""
    if value is None:
        return "None"
    shape = getattr(value, "shape", None)
    if shape is not None and not isinstance(value, numbers.Number):
        return f"a {type(value).__name__} of shape {tuple(shape)}"
    text = repr(value)
    if "\n" in text or len(text) > 60:
        if isinstance(value, (tuple, list, dict)):
            return f"a {type(value).__name__} of {len(value)} items"
        text = text.replace("\n", " ")[:57] + "..."
    return f"{text} ({type(value).__name__})"


def check_scalar(name, value, target_type, *, min_val=None, max_val=None, include_boundaries="both"):
    """``value`` as ``target_type`` (int, or float: finite) within the bounds; else one ValueError.

    Parameters
    ----------
    name : str  the argument's name, as the caller knows it
    value : the argument; a bool is never a number here
    target_type : int or float  an int passes as a float; a float never passes as an int
    min_val, max_val : number or None  bounds
    include_boundaries : {"both", "left", "right", "neither"}  which bounds the value may equal
    """
    abstract = {int: numbers.Integral, float: numbers.Real}[target_type]
    low, high = _BOUNDS[include_boundaries]
    ok = isinstance(value, abstract) and not isinstance(value, (bool, np.bool_))
    if ok and target_type is float:
        ok = math.isfinite(value)
    if ok and min_val is not None:
        ok = value >= min_val if low == ">=" else value > min_val
    if ok and max_val is not None:
        ok = value <= max_val if high == "<=" else value < max_val
    if not ok:
        bounds = [f"{op} {v}" for op, v in ((low, min_val), (high, max_val)) if v is not None]
        expected = " ".join([_KINDS[target_type], " and ".join(bounds)]).strip()
        raise ValueError(f"{name} is {describe(value)}; expected {expected}.")
    return target_type(value)


def check_array(name, a, *, ndim=None, shape=None, dtype=float, allow_empty=False, finite=True, max_abs=None,
                to_match=None, min_val=None, include_boundaries="both", values=None, full_column_rank=False):
    """``a`` as a finite numeric ndarray of ``dtype`` with the given ``ndim``/``shape``; else one ValueError.

    Parameters
    ----------
    name : str  the argument's name
    a : array-like  refused if it is None, text, bool, complex, ragged, or holds NaN or inf
    ndim : int or tuple of int, optional  the accepted numbers of dimensions
    shape : tuple, optional  the expected shape; ``None`` entries match any size, a leading ``...`` any
        number of leading axes (``(..., 2)``: points of the plane, one or a stack)
    dtype : numpy dtype or None  the dtype of the result (None keeps the array's own numeric dtype)
    allow_empty : bool  whether an array with no entries is accepted
    to_match : str, optional  what the shape comes from, named in the message ("X", "the rows of X")
    finite : bool  whether NaN and inf are refused (False: an overflowed result may be passed on)
    max_abs : float, optional  the largest magnitude accepted (e.g. :data:`MAX_ABS_VALUE`)
    min_val : number, optional  a lower bound on every entry, included per ``include_boundaries``
        ("both" or "right": included; "left" or "neither": excluded), as in :func:`check_scalar`
    values : tuple, optional  the only values an entry may take, e.g. ``(-1, 1)`` for bipolar data
    full_column_rank : bool  whether a 2-D array must have linearly independent columns

    Returns
    -------
    ndarray
    """
    ndims = (ndim,) if isinstance(ndim, int) else ndim
    leading = shape is not None and len(shape) > 0 and shape[0] is Ellipsis  # (..., 2): any leading axes
    if shape is not None:
        ndims = range(len(shape) - 1, 33) if leading else (len(shape),)
    if isinstance(ndims, range):
        dims = f"{ndims.start}-D or higher "
    else:
        dims = " or ".join(f"{d}-D" for d in ndims) + " " if ndims else ""
    shape_text = (f" of shape ({', '.join('...' if s is Ellipsis else 'any' if s is None else str(s) for s in shape)}"
                  f"{',' if len(shape) == 1 else ''})" if shape else "")
    shape_text += f" to match {to_match}" if to_match else ""
    low = _BOUNDS[include_boundaries][0]
    what = (f"numbers {low} {min_val}" if min_val is not None
            else f"entries {' or '.join(f'{v:+g}' for v in values)}" if values is not None else "numbers")
    rank_text = " with independent columns" if full_column_rank else ""
    expected = (f"expected a {'' if allow_empty else 'non-empty '}{'finite ' if finite else ''}{dims}array of "
                f"{what}{shape_text}{rank_text}.")
    array = None
    if a is not None and not isinstance(a, (str, bytes)):
        try:
            array = np.asarray(a)
        except (ValueError, TypeError):  # ragged nesting
            array = None
    if array is None or array.dtype.kind not in "iuf":
        kind = "" if array is None else f" with dtype {array.dtype}"
        raise ValueError(f"{name} is {describe(a)}{kind}; {expected}")
    if (ndims and array.ndim not in ndims) or (shape and any(
            want is not None and got != want for got, want in zip(array.shape[::-1], shape[::-1])
            if want is not Ellipsis)):
        raise ValueError(f"{name} has shape {array.shape}; {expected}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {array.shape}); {expected}")
    if finite and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} holds NaN or infinite values; {expected}")
    if max_abs is not None and array.size and np.max(np.abs(array)) > max_abs:
        raise ValueError(f"{name} holds values larger than {max_abs:g} in magnitude; {expected}")
    if min_val is not None and np.any(array < min_val if low == ">=" else array <= min_val):
        raise ValueError(f"{name} holds {describe(array.tolist())}; {expected}")
    if values is not None and not np.all(np.isin(array, values)):
        raise ValueError(f"{name} holds values other than {' and '.join(f'{v:+g}' for v in values)}; {expected}")
    if full_column_rank and np.linalg.matrix_rank(array) < array.shape[-1]:
        raise ValueError(f"{name} of shape {array.shape} has rank {np.linalg.matrix_rank(array)}; {expected}")
    return array if dtype is None else array.astype(dtype, copy=False)


def check_rng(rng):
    """``rng`` if it is a ``numpy.random.Generator``; else one clear ValueError."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng is {describe(rng)}; expected a numpy.random.Generator.")
    return rng


def check_choice(name, value, choices):
    """``value`` if it is one of ``choices``; else one clear ValueError."""
    if not isinstance(value, (str, numbers.Number, type(None))) or value not in choices:
        raise ValueError(f"{name} is {describe(value)}; expected one of {', '.join(map(repr, choices))}.")
    return value


def check_text(name, value):
    """``value`` if it is a non-empty string; else one clear ValueError."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} is {describe(value)}; expected a non-empty string.")
    return value


def check_type(name, value, types, expected):
    """``value`` if it is an instance of ``types`` (or callable, for ``types=callable``); else one ValueError
    saying ``expected``, e.g. ``check_type("ax", ax, Axes, "a matplotlib Axes")``."""
    ok = callable(value) if types is callable else isinstance(value, types) and not (
        isinstance(value, bool) and bool not in np.atleast_1d(types))
    if not ok:
        raise ValueError(f"{name} is {describe(value)}; expected {expected}.")
    return value


def check_int_array(name, values, *, min_val=None, max_val=None):
    """``values`` as a list of ints if it is a non-empty 1-D sequence of integers within the bounds; else
    one ValueError (``[3, 5]`` passes, ``[3.0]``, ``[True]`` and ``[]`` do not)."""
    array = check_array(name, values, ndim=1, dtype=None)
    bounds = [f"{op} {v}" for op, v in ((">=", min_val), ("<=", max_val)) if v is not None]
    if (array.dtype.kind not in "iu" or (min_val is not None and np.any(array < min_val))
            or (max_val is not None and np.any(array > max_val))):
        raise ValueError(f"{name} is {array.tolist()}; expected integers {' and '.join(bounds)}".strip() + ".")
    return [int(v) for v in array]


def check_tensor(name, x, *, shape, dtype=None, min_val=None, max_val=None):
    """``x`` if it is a non-empty finite torch tensor of ``shape`` (``None``: any size) with floating point
    entries, or of ``dtype`` where one is given, within the bounds; else one ValueError.

    >>> import torch
    >>> check_tensor("y", torch.tensor([1, 12]), shape=(2,), dtype=torch.int64, min_val=0, max_val=9)
    Traceback (most recent call last):
    ...
    ValueError: y is a torch.int64 tensor of shape (2,); expected a non-empty torch.int64 tensor of shape (2,) with entries >= 0 and <= 9.
    """
    import torch  # only the torch code checks tensors

    bounds = [f"{op} {v}" for op, v in ((">=", min_val), ("<=", max_val)) if v is not None]
    kind = f"{dtype}" if dtype is not None else "finite floating-point"
    sizes = ", ".join("B" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "")
    expected = (f"expected a non-empty {kind} tensor of shape ({sizes})"
                + (f" with entries {' and '.join(bounds)}" if bounds else "") + ".")
    ok = (isinstance(x, torch.Tensor) and x.ndim == len(shape) and x.numel() > 0
          and all(want is None or got == want for got, want in zip(x.shape, shape))
          and (x.dtype == dtype if dtype is not None else x.is_floating_point()))
    if ok and x.is_floating_point() and not torch.isfinite(x).all():
        raise ValueError(f"{name} holds NaN or infinite values; {expected}")
    if ok and bounds:
        ok = (min_val is None or x.min() >= min_val) and (max_val is None or x.max() <= max_val)
    if not ok:
        what = f"a {x.dtype} tensor of shape {tuple(x.shape)}" if isinstance(x, torch.Tensor) else describe(x)
        raise ValueError(f"{name} is {what}; {expected}")
    return x


def check_arrays(name, arrays, **check):
    """``arrays``, a dict ``{key: array}``, with every entry checked by :func:`check_array` (``check``
    are its keywords) and named ``name[key]``; else one ValueError.

    >>> check_arrays("curves", {"relu": [1.0, 2.0]}, shape=(2,))
    {'relu': array([1., 2.])}
    """
    check_type(name, arrays, dict, "a dict {key: array}")
    if not arrays:
        raise ValueError(f"{name} is empty; expected at least one array.")
    return {key: check_array(f"{name}[{key!r}]", a, **check) for key, a in arrays.items()}
