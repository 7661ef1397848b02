"""hw1.data, sentence by sentence: every refusal is checked whole (hand-written), every choice of
dataset file by its source, and the loaded arrays by their dtype and values (mutation testing found
the parts only matched in pieces)."""
import hashlib
from pathlib import Path

import numpy as np
import pytest
import scipy.io

from hw1 import data
from helpers import whole, write_mat

EXPECTED = "expected a .mat file with X (K x 3) and D (K x 1)"
PATH = "a path (str or pathlib.Path)"
GOOD_X = np.array([[1.0, 0, 0], [1, 1, 0], [1, 0, 1], [1, 2, 3]])
GOOD_D = np.array([[1.0], [2], [3], [4]])


def mat(tmp_path, name="d.mat", **arrays):
    path = tmp_path / name
    scipy.io.savemat(path, arrays)
    return path


@pytest.mark.parametrize("call, message", [
    (lambda: data.check_dataset_path("dataset_path", 3), "dataset_path is 3 (int); expected None or a path (str) to a .mat file."),
    (lambda: data.display_path(3), f"path is 3 (int); expected {PATH}."),
    (lambda: data.display_path("a", root=3), f"root is 3 (int); expected {PATH}."),
    (lambda: data.file_sha256(3), f"path is 3 (int); expected {PATH}."),
    (lambda: data.resolve_dataset_path(environ=[]), "environ is [] (list); expected a mapping such as os.environ."),
    (lambda: data.resolve_dataset_path(root=3), f"root is 3 (int); expected {PATH}."),
    (lambda: data.load_dataset(None), "path is None; expected a path (str) to a .mat file."),
    (lambda: data.load_dataset(2.5), "path is 2.5 (float); expected None or a path (str) to a .mat file."),
])
def test_refusals_are_one_whole_sentence(call, message):
    with pytest.raises(ValueError, match=whole(message)):
        call()


def test_load_dataset_refusals_name_the_file_and_what_was_expected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = data.display_path(tmp_path)  # outside the repository: shown absolute

    def refused(path, message):
        with pytest.raises(ValueError, match=whole(message)):
            data.load_dataset(path)

    refused(tmp_path, f"dataset path {name} is a directory; {EXPECTED}.")
    (tmp_path / "text.mat").write_text("not a mat file")
    refused(tmp_path / "text.mat", f"dataset file {name}/text.mat could not be read as a MATLAB .mat file "
            "(MatReadError: Mat file appears to be truncated); expected a MATLAB 5 .mat file with X (K x 3) and "
            "D (K x 1).")
    path = mat(tmp_path, X=GOOD_X, Y=GOOD_D)
    refused(path, f"dataset file {name}/d.mat has no variable D (it holds ['X', 'Y']); expected X (K x 3) and D (K x 1).")
    path = mat(tmp_path, X=np.array([["a", "b", "c"]]), D=GOOD_D)
    refused(path, f"dataset file {name}/d.mat holds X of type <U1; expected real numbers.")
    path = mat(tmp_path, X=GOOD_X, D=np.array([["a"]] * 4))
    refused(path, f"dataset file {name}/d.mat holds D of type <U1; expected real numbers.")
    path = mat(tmp_path, X=GOOD_X[:, :2], D=GOOD_D)
    refused(path, f"dataset file {name}/d.mat holds X of shape (4, 2); expected K x 3.")
    path = mat(tmp_path, X=np.zeros((0, 3)), D=np.zeros((0, 1)))  # K = 0: a shape error, not a rank one
    refused(path, f"dataset file {name}/d.mat holds X of shape (0, 3); expected K x 3.")
    path = mat(tmp_path, X=GOOD_X, D=GOOD_D[:3])
    refused(path, f"dataset file {name}/d.mat holds D of shape (3, 1); expected 4 x 1 to match X (4 x 3).")
    bad = GOOD_X.copy()
    bad[1, 2] = np.nan
    refused(mat(tmp_path, X=bad, D=GOOD_D),
            f"dataset file {name}/d.mat holds 1 NaN or infinite value(s) in X; expected finite numbers.")
    refused(mat(tmp_path, X=GOOD_X, D=np.array([[1.0], [np.inf], [3], [-np.inf]])),
            f"dataset file {name}/d.mat holds 2 NaN or infinite value(s) in D; expected finite numbers.")
    refused(write_mat(tmp_path / "d.mat", GOOD_X, np.array([[1.0], [2e150], [3], [4]])),
            f"dataset file {name}/d.mat holds 1 value(s) in D larger than 1e+150 in magnitude; expected numbers "
            "whose squares fit in float64.")
    bad = GOOD_X.copy()
    bad[2, 0] = 0.5
    refused(write_mat(tmp_path / "d.mat", bad, GOOD_D),
            f"dataset file {name}/d.mat has X[:, 0] != 1 in 1 row(s) (first: row 2); expected a first column "
            "of ones (the bias input).")
    # one sample: not a shape error, the rank check says why (K >= 1 is the only shape bound)
    refused(write_mat(tmp_path / "d.mat", GOOD_X[:1], GOOD_D[:1]),
            f"dataset file {name}/d.mat holds 1 sample(s) whose inputs [1, x1, x2] span only 1 dimension(s) "
            "(fewer than 3 samples, or collinear inputs); expected at least 3 samples that span all 3, so that "
            "the least-squares weights W* are unique.")


def test_load_dataset_at_the_largest_magnitude_and_in_float64(tmp_path):
    D = GOOD_D.copy()
    D[3, 0] = -data.MAX_ABS_VALUE  # exactly the bound: allowed
    loaded = data.load_dataset(write_mat(tmp_path / "d.mat", GOOD_X, D))
    assert loaded.X.dtype == np.float64 and loaded.D.dtype == np.float64 and loaded.D.shape == (4,)
    assert loaded.D.tolist() == [1, 2, 3, -1e150] and loaded.X.tolist() == GOOD_X.tolist()
    path = mat(tmp_path, "i.mat", X=GOOD_X.astype(np.int16), D=GOOD_D.astype(np.int16))
    loaded = data.load_dataset(path)  # integers are numbers: read as float64
    assert loaded.X.dtype == np.float64 and loaded.D.dtype == np.float64


def test_resolve_dataset_path_says_where_the_choice_came_from(tmp_path):
    root = tmp_path
    assert data.resolve_dataset_path("x.mat", {"HW1_DATASET": "y.mat"}, root) == \
        (root.resolve() / "x.mat", "parameter dataset_path")
    assert data.resolve_dataset_path("", {"HW1_DATASET": "y.mat"}, root) == \
        (root.resolve() / "y.mat", "environment variable HW1_DATASET")
    assert data.resolve_dataset_path(None, {"HW1_DATASET": ""}, root) == \
        (root.resolve() / "data" / "dataset.mat", "the default")
    assert data.resolve_dataset_path(None, {}, str(root)).path == root.resolve() / "data" / "dataset.mat"


def test_display_path_and_sha256_by_hand(tmp_path):
    (tmp_path / "sub").mkdir()
    file = tmp_path / "sub" / "f.txt"
    file.write_bytes(b"abc")
    assert data.display_path(file, root=tmp_path) == "sub/f.txt"
    assert data.display_path(str(file), root=str(tmp_path / "sub")) == "f.txt"
    assert data.display_path(file, root=tmp_path / "other") == str(file.resolve())
    # the SHA-256 of "abc", as FIPS 180-2 gives it
    assert data.file_sha256(file) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert data.file_sha256(str(file)) == hashlib.sha256(Path(file).read_bytes()).hexdigest()
