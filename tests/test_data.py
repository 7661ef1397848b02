"""hw1.data: the dataset is found in the documented order, bad files fail with one clear error,
and the committed course file is the one data/README.md describes."""
import hashlib
from pathlib import Path

import numpy as np
import pytest
import scipy.io

from hw1 import data
from helpers import make_plane_dataset, write_mat

COURSE_FILE = data.COURSE_DATASET
COURSE_SHA256 = "a510b1f48516373fbeea656975f51e50d77e9db1f4ebb70a4718634a387a0783"


def good_arrays(K=5):
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(K), rng.standard_normal((K, 2))])
    return X, (X @ [1.0, 2.0, -1.0])[:, None]


def save(tmp_path, name="bad.mat", **arrays):
    path = tmp_path / name
    scipy.io.savemat(path, arrays)
    return path


def test_valid_file_round_trips(tmp_path):
    X, D = good_arrays()
    got_X, got_D = data.load_dataset(save(tmp_path, X=X, D=D))
    np.testing.assert_array_equal(got_X, X)
    np.testing.assert_array_equal(got_D, D[:, 0])
    assert got_X.dtype == got_D.dtype == np.float64


def test_integer_arrays_are_accepted_as_float(tmp_path):
    X = np.array([[1, 0, 1], [1, 2, 0], [1, 1, 1]], dtype=np.int32)
    got_X, got_D = data.load_dataset(save(tmp_path, X=X, D=np.array([[1], [2], [3]], np.int32)))
    assert got_X.dtype == np.float64 and got_D.tolist() == [1.0, 2.0, 3.0]


def bad_cases():
    X, D = good_arrays()
    X_nan, D_inf, X_no_ones, X_huge, D_huge = X.copy(), D.copy(), X.copy(), X.copy(), D.copy()
    X_nan[2, 1] = np.nan
    D_inf[3, 0] = np.inf
    X_no_ones[4, 0] = 0.5
    X_huge[1, 2] = 1e308  # finite, but its square overflows
    D_huge[0, 0] = -2e150
    return {
        "no X": ({"D": D}, "no variable X"),
        "no D": ({"X": X}, "no variable D"),
        "neither": ({"Y": X}, "no variable X or D"),
        "X is K x 2": ({"X": X[:, :2], "D": D}, r"X of shape \(5, 2\); expected K x 3"),
        "X is 3 x K": ({"X": X.T, "D": D}, r"X of shape \(3, 5\); expected K x 3"),
        "D is a row": ({"X": X, "D": D.T}, r"D of shape \(1, 5\); expected 5 x 1"),
        "D is K x 2": ({"X": X, "D": np.hstack([D, D])}, r"D of shape \(5, 2\); expected 5 x 1"),
        "K differs": ({"X": X, "D": D[:4]}, r"D of shape \(4, 1\); expected 5 x 1 to match X"),
        "no ones": ({"X": X_no_ones, "D": D}, r"X\[:, 0\] != 1 in 1 row\(s\) \(first: row 4\)"),
        "NaN in X": ({"X": X_nan, "D": D}, "1 NaN or infinite value"),
        "inf in D": ({"X": X, "D": D_inf}, "1 NaN or infinite value"),
        "1e308 in X": ({"X": X_huge, "D": D}, "1 value\\(s\\) in X larger than 1e\\+150 in magnitude"),
        "-2e150 in D": ({"X": X, "D": D_huge}, "1 value\\(s\\) in D larger than 1e\\+150 in magnitude"),
        "text X": ({"X": "abc", "D": D}, "expected real numbers"),
        "complex D": ({"X": X, "D": D + 1j}, "expected real numbers"),
        "2 samples": ({"X": X[:2], "D": D[:2]}, r"holds 2 sample\(s\) whose inputs \[1, x1, x2\] span "
                      r"only 2 dimension\(s\) .*expected at least 3 samples"),
        "collinear": ({"X": np.column_stack([X[:, :2], 3 * X[:, 1] - 1]), "D": D},
                      r"holds 5 sample\(s\) whose inputs \[1, x1, x2\] span only 2 dimension\(s\)"),
    }


@pytest.mark.parametrize("case", list(bad_cases()))
def test_bad_contents_give_one_clear_error(tmp_path, case):
    arrays, expected = bad_cases()[case]
    path = save(tmp_path, name="broken_dataset.mat", **arrays)
    with pytest.raises(ValueError, match=expected) as err:
        data.load_dataset(path)
    message = str(err.value)
    assert "broken_dataset.mat" in message and "expected" in message and "\n" not in message


@pytest.mark.parametrize("content", [b"", b"not a mat file at all" * 10, bytes(range(256)) * 4])
def test_unreadable_file_gives_one_clear_error(tmp_path, content):
    path = tmp_path / "garbage.mat"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=r"garbage\.mat could not be read as a MATLAB \.mat file") as err:
        data.load_dataset(path)
    assert "\n" not in str(err.value) and err.value.__suppress_context__  # no chained traceback


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nowhere\.mat does not exist; expected a \.mat file"):
        data.load_dataset(tmp_path / "nowhere.mat")


def test_directory_is_named_as_a_directory(tmp_path):
    folder = tmp_path / "a_folder.mat"
    folder.mkdir()
    with pytest.raises(ValueError, match=r"dataset path .*a_folder\.mat is a directory; expected a \.mat file"):
        data.load_dataset(folder)


def test_unopenable_file_is_named_as_such(tmp_path, monkeypatch):
    # chmod cannot stop root from reading, so the refusal is simulated at open()
    path = tmp_path / "locked.mat"
    X, D = good_arrays()
    scipy.io.savemat(path, {"X": X, "D": D})
    real_open = open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    with pytest.raises(ValueError, match=r"locked\.mat cannot be opened \(Permission denied\); expected"):
        data.load_dataset(path)


@pytest.mark.parametrize("value", [3, 1.5, b"data.mat", ["data.mat"], True])
def test_dataset_path_parameter_must_be_none_or_a_path(value):
    with pytest.raises(ValueError, match="dataset_path is .*; expected None or a path"):
        data.check_dataset_path("dataset_path", value)
    with pytest.raises(ValueError, match="dataset_path is"):
        data.resolve_dataset_path(value, {})


def test_dataset_path_parameter_accepts_none_and_paths(tmp_path):
    assert data.check_dataset_path("dataset_path", None) is None
    assert data.check_dataset_path("dataset_path", "x.mat") == "x.mat"
    assert data.check_dataset_path("dataset_path", tmp_path) == tmp_path


def test_resolution_order(tmp_path):
    (tmp_path / "data").mkdir()
    course = (tmp_path / "data" / "dataset.mat").resolve()
    assert data.resolve_dataset_path(None, {}, root=tmp_path) == data.DatasetChoice(course, "the default")
    assert data.resolve_dataset_path("", {}, root=tmp_path)[0] == course
    env = {"HW1_DATASET": "elsewhere/env.mat"}
    assert data.resolve_dataset_path(None, env, root=tmp_path)[0] == (tmp_path / "elsewhere/env.mat").resolve()
    absolute = tmp_path / "param.mat"
    got = data.resolve_dataset_path(str(absolute), env, root=tmp_path)
    assert got.path == absolute.resolve() and got.source == "parameter dataset_path"


def test_display_path_is_relative_inside_the_repository(tmp_path):
    assert data.display_path(data.COURSE_DATASET) == "data/dataset.mat"
    assert data.display_path(tmp_path / "x.mat", root=data.ROOT) == str((tmp_path / "x.mat").resolve())


def test_sha256_matches_hashlib_in_chunks(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(bytes(range(256)) * 1000)
    h = hashlib.sha256()
    for i in range(0, 256000, 4096):
        h.update((bytes(range(256)) * 1000)[i:i + 4096])
    assert data.file_sha256(path) == h.hexdigest()


def test_write_mat_is_byte_identical_and_readable(tmp_path):
    X, D = good_arrays()
    a = write_mat(tmp_path / "a.mat", X, D).read_bytes()
    b = write_mat(tmp_path / "b.mat", X, D).read_bytes()
    assert a == b and a.startswith(b"MATLAB 5.0 MAT-file") and b"Created on" not in a[:116]
    loaded = scipy.io.loadmat(tmp_path / "a.mat")
    np.testing.assert_array_equal(loaded["X"], X)
    np.testing.assert_array_equal(loaded["D"], D)


def test_make_plane_dataset_is_a_noisy_plane():
    X, D = make_plane_dataset(400, [0.5, -1.5, 2.0], 0.02, rng=np.random.default_rng(5))
    assert X.shape == (400, 3) and D.shape == (400, 1) and np.all(X[:, 0] == 1)
    w, *_ = np.linalg.lstsq(X, D[:, 0], rcond=None)
    np.testing.assert_allclose(w, [0.5, -1.5, 2.0], atol=5 * 0.02 / np.sqrt(400))
    assert np.std(D[:, 0] - X @ w) == pytest.approx(0.02, rel=0.2)


def test_make_plane_dataset_checks_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="w_true has shape"):
        make_plane_dataset(10, [1, 2], 0.1, rng=rng)
    with pytest.raises(ValueError, match="num_samples"):
        make_plane_dataset(0, [1, 2, 3], 0.1, rng=rng)
    with pytest.raises(ValueError, match="num_samples is True"):
        make_plane_dataset(True, [1, 2, 3], 0.1, rng=rng)
    with pytest.raises(ValueError, match="noise_std"):
        make_plane_dataset(10, [1, 2, 3], -1, rng=rng)
    with pytest.raises(ValueError, match="noise_std is inf"):
        make_plane_dataset(10, [1, 2, 3], float("inf"), rng=rng)
    with pytest.raises(ValueError, match="w_true holds"):
        make_plane_dataset(10, [1, np.nan, 3], 0.1, rng=rng)
    with pytest.raises(ValueError, match="rng is 5"):
        make_plane_dataset(10, [1, 2, 3], 0.1, rng=5)


def test_committed_course_file_is_the_documented_one():
    assert data.file_sha256(COURSE_FILE) == COURSE_SHA256
    assert COURSE_SHA256 in (data.DATA_DIR / "README.md").read_text()


def test_course_file_loads():
    X, D = data.load_dataset(COURSE_FILE)
    assert X.shape == (100, 3) and D.shape == (100,)
