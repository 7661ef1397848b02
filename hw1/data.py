"""The LMS dataset of Lab 1: find it, load and validate it.

The course's ``dataset.mat`` holds ``X`` (K x 3: a column of ones, then x1 and x2) and ``D``
(K x 1). It is committed as ``data/dataset.mat`` (provenance and sha256 in ``data/README.md``) and is
the default; the papermill parameter ``dataset_path`` or ``$HW1_DATASET`` picks another file.
"""
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np
import scipy.io

from hw1 import ROOT
from hw1.params import MAX_ABS_VALUE, check_type

DATA_DIR = ROOT / "data"
COURSE_DATASET = DATA_DIR / "dataset.mat"
ENV_VAR = "HW1_DATASET"
PATH_TYPES = (str, os.PathLike)


class DatasetChoice(NamedTuple):
    """Which dataset file to load, and why it was chosen."""
    path: Path   # absolute path (not checked here: see load_dataset)
    source: str  # "parameter dataset_path", "environment variable HW1_DATASET" or "the default"


class Dataset(NamedTuple):
    """An LMS data set: the inputs with their bias column, and the targets."""
    X: np.ndarray  # (K, 3) float64, rows [1, x1_k, x2_k]
    D: np.ndarray  # (K,) float64, the targets d_k


def check_dataset_path(name, value):
    """``value`` if it is None, a str or an os.PathLike (a dataset path parameter); else one clear
    ValueError. Whether the file exists and is valid is checked by :func:`load_dataset`."""
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise ValueError(f"{name} is {value!r} ({type(value).__name__}); expected None or a path "
                         "(str) to a .mat file.")
    return value


def resolve_dataset_path(dataset_path=None, environ=None, root=ROOT):
    """Pick the dataset file: the parameter, else ``$HW1_DATASET``, else the course's ``data/dataset.mat``.

    Parameters
    ----------
    dataset_path : str or Path, optional
        The notebook's papermill parameter; ``None`` or ``""`` means "not given".
    environ : mapping, optional
        Environment to read ``HW1_DATASET`` from (default ``os.environ``).
    root : Path
        Repository root: relative paths are taken relative to it, and ``data/`` lies in it.

    Returns
    -------
    DatasetChoice(path, source)
    """
    check_dataset_path("dataset_path", dataset_path)
    environ = os.environ if environ is None else check_type("environ", environ, Mapping, "a mapping such as os.environ")
    root = Path(check_type("root", root, PATH_TYPES, "a path (str or pathlib.Path)"))
    if dataset_path:
        return DatasetChoice((root / Path(dataset_path)).resolve(), "parameter dataset_path")
    if environ.get(ENV_VAR):
        return DatasetChoice((root / Path(environ[ENV_VAR])).resolve(), f"environment variable {ENV_VAR}")
    return DatasetChoice((root / COURSE_DATASET.relative_to(ROOT)).resolve(), "the default")


def display_path(path, root=ROOT):
    """``path`` relative to the repository root when it lies inside it, else absolute (a str)."""
    path = Path(check_type("path", path, PATH_TYPES, "a path (str or pathlib.Path)")).resolve()
    root = check_type("root", root, PATH_TYPES, "a path (str or pathlib.Path)")
    try:
        return path.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def file_sha256(path):
    """SHA-256 of the file's bytes, as 64 hex digits."""
    path = check_type("path", path, PATH_TYPES, "a path (str or pathlib.Path)")
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_dataset(path):
    """Load and validate an LMS dataset: ``X`` (K, 3) with a first column of ones, ``D`` (K, 1).

    Parameters
    ----------
    path : str or Path  a MATLAB 5 ``.mat`` file

    Returns
    -------
    Dataset(X (K, 3), D (K,))  float64; D is the K x 1 column, flattened

    Raises
    ------
    FileNotFoundError
        If there is nothing at ``path``.
    ValueError
        With one sentence naming the file and what was expected, if it is a directory, cannot be
        opened (permissions), is not a .mat file, lacks ``X`` or ``D``, has the wrong shapes, no
        column of ones, or NaN, infinite or huge values (|value| > 1e150: squares would overflow).
    """
    if path is None:
        raise ValueError("path is None; expected a path (str) to a .mat file.")
    check_dataset_path("path", path)
    return _read_dataset(Path(path), display_path(path))


def _read_dataset(path, name):
    """:func:`load_dataset` without the check of ``path`` (a Path); the messages call the file ``name``."""
    expected = "expected a .mat file with X (K x 3) and D (K x 1)"
    if not path.exists():
        raise FileNotFoundError(f"dataset file {name} does not exist; {expected}.")
    if path.is_dir():
        raise ValueError(f"dataset path {name} is a directory; {expected}.")
    try:
        with open(path, "rb"):
            pass
    except OSError as err:
        raise ValueError(f"dataset file {name} cannot be opened ({err.strerror}); {expected}.") from None
    try:
        contents = scipy.io.loadmat(path)
    except Exception as err:  # scipy raises several types for unreadable files; one message here
        raise ValueError(f"dataset file {name} could not be read as a MATLAB .mat file ({type(err).__name__}: "
                         f"{str(err).strip()}); expected a MATLAB 5 .mat file with X (K x 3) and D (K x 1).") from None
    missing = [key for key in ("X", "D") if key not in contents]
    if missing:
        found = sorted(k for k in contents if not k.startswith("__"))
        raise ValueError(f"dataset file {name} has no variable {' or '.join(missing)} (it holds {found}); "
                         "expected X (K x 3) and D (K x 1).")
    X, D = contents["X"], contents["D"]
    for key, value in (("X", X), ("D", D)):
        if not (np.issubdtype(value.dtype, np.integer) or np.issubdtype(value.dtype, np.floating)):
            raise ValueError(f"dataset file {name} holds {key} of type {value.dtype}; expected real numbers.")
    if X.ndim != 2 or X.shape[1] != 3 or X.shape[0] < 1:
        raise ValueError(f"dataset file {name} holds X of shape {X.shape}; expected K x 3.")
    K = X.shape[0]
    if D.shape != (K, 1):
        raise ValueError(f"dataset file {name} holds D of shape {D.shape}; expected {K} x 1 to match X ({K} x 3).")
    X = X.astype(np.float64)
    D = D.astype(np.float64)[:, 0]
    for key, value in (("X", X), ("D", D)):
        bad = np.size(value) - np.count_nonzero(np.isfinite(value))
        if bad:
            raise ValueError(f"dataset file {name} holds {bad} NaN or infinite value(s) in {key}; "
                             "expected finite numbers.")
        huge = np.count_nonzero(np.abs(value) > MAX_ABS_VALUE)
        if huge:
            raise ValueError(f"dataset file {name} holds {huge} value(s) in {key} larger than {MAX_ABS_VALUE:g} "
                             "in magnitude; expected numbers whose squares fit in float64.")
    if not np.all(X[:, 0] == 1.0):
        rows = np.flatnonzero(X[:, 0] != 1.0)
        raise ValueError(f"dataset file {name} has X[:, 0] != 1 in {rows.size} row(s) (first: row {rows[0]}); "
                         "expected a first column of ones (the bias input).")
    rank = np.linalg.matrix_rank(X)
    if rank < 3:
        raise ValueError(f"dataset file {name} holds {K} sample(s) whose inputs [1, x1, x2] span only {rank} "
                         "dimension(s) (fewer than 3 samples, or collinear inputs); expected at least 3 samples "
                         "that span all 3, so that the least-squares weights W* are unique.")
    return Dataset(X, D)
