"""scripts/portability.py's verdicts: which differences between two configurations' artefacts fail."""
import importlib.util
import json

import pytest

from hw1.report import ROOT

spec = importlib.util.spec_from_file_location("portability", ROOT / "scripts" / "portability.py")
portability = importlib.util.module_from_spec(spec)
spec.loader.exec_module(portability)


def test_results_equal_within_the_stated_tolerance_only():
    rtol, atol = portability.RESULTS_RTOL, portability.RESULTS_ATOL
    assert portability.equal_results({"w": [1.0, 2.0]}, {"w": [1.0 * (1 + rtol / 2), 2.0]}) == []
    assert portability.equal_results({"w": [1.0]}, {"w": [1.0 * (1 + 3 * rtol)]}) == [".w.0: 1.0 != 1.000003"]
    assert portability.equal_results({"zero": 0.0}, {"zero": atol / 2}) == []
    assert portability.equal_results({"zero": 0.0}, {"zero": 3 * atol}) != []
    # not numbers: equal or not, whatever the tolerance; a bool is not a number here
    assert portability.equal_results({"ok": True}, {"ok": False}) == [".ok: True != False"]
    assert portability.equal_results({"s": "a"}, {"s": "a"}) == []
    assert portability.equal_results({"a": 1}, {"b": 1}) == [": keys ['a'] != ['b']"]
    assert portability.equal_results([1, 2], [1]) == [": 2 entries != 1"]


@pytest.fixture
def configurations(tmp_path, monkeypatch):
    """Three configurations' identical artefacts: figures must match across 'Prescott' and 'Haswell' (kernels);
    for 'no-AVX-512' a differing figure is a note."""
    monkeypatch.setattr(portability, "OUT", tmp_path)
    source = tmp_path / "quoting.tex"
    source.write_text("$x = \\result[.7f]{r/x}$")
    monkeypatch.setattr(portability, "REPORT_TEX", [source])
    for name in ("Prescott", "Haswell", "no-AVX-512"):
        (tmp_path / name / "figures").mkdir(parents=True)
        (tmp_path / name / "report" / "results").mkdir(parents=True)
        (tmp_path / name / "figures" / "f.pdf").write_bytes(b"figure")
        (tmp_path / name / "report" / "results" / "r.json").write_text(json.dumps({"x": 1.0}))
    return tmp_path


def test_identical_artefacts_pass(configurations):
    assert portability.compare("Prescott", ["Haswell", "no-AVX-512"]) == ([], [])


def test_a_figure_fails_across_kernels_but_is_a_note_without_avx512(configurations):
    for name in ("Haswell", "no-AVX-512"):
        (configurations / name / "figures" / "f.pdf").write_bytes(b"figurE")
    problems, notes = portability.compare("Prescott", ["Haswell", "no-AVX-512"])
    assert problems == ["Haswell: figures/f.pdf differs from Prescott's byte for byte"]
    assert notes == ["no-AVX-512: figures/f.pdf differs from Prescott's byte for byte"]


def test_a_result_or_what_the_report_quotes_fails_everywhere(configurations):
    (configurations / "Haswell" / "report" / "results" / "r.json").write_text(json.dumps({"x": 1.1}))
    (configurations / "Haswell" / "extra.tex").write_text("")
    problems, notes = portability.compare("Prescott", ["Haswell", "no-AVX-512"])
    assert notes == [] and problems == ["Haswell: writes other files than Prescott: ['extra.tex']"]
    (configurations / "Haswell" / "extra.tex").unlink()
    problems, _ = portability.compare("Prescott", ["Haswell"])
    assert problems[1:] == ["Haswell: report/results/r.json.x: 1.0 != 1.1"]
    assert problems[0].startswith("Haswell: the values the report quotes differ from Prescott's")
    # within the results' tolerance, but the report prints another digit: a failure too
    (configurations / "no-AVX-512" / "report" / "results" / "r.json").write_text(json.dumps({"x": 1.0000004}))
    problems, _ = portability.compare("Prescott", ["no-AVX-512"])
    assert len(problems) == 1 and "1.0000004" in problems[0] and "1.0000000" in problems[0]


def test_a_configuration_the_cpu_cannot_run_is_skipped_with_a_line(monkeypatch, capsys):
    monkeypatch.setattr(portability, "cpu_flags", lambda: {"avx", "avx2", "fma"})
    assert portability.runnable(["Prescott", "SkylakeX", "no-AVX-512"]) == ["Prescott", "no-AVX-512"]
    assert "SkylakeX     skipped: this processor lacks avx512f, avx512bw, avx512vl, avx512dq" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="unknown configuration"):
        portability.runnable(["Pentium"])


def test_what_the_report_quotes_needs_only_what_a_replay_writes(tmp_path):
    """A replay runs the notebooks, not scripts/provenance.py: its results have no provenance.json."""
    results = ROOT / "report" / "results"
    if not (results / "lms.json").is_file():
        pytest.skip("report/results is not built: run `make report`")
    (tmp_path / "report" / "results").mkdir(parents=True)
    for path in results.glob("*.json"):
        if path.name != "provenance.json":
            (tmp_path / "report" / "results" / path.name).write_bytes(path.read_bytes())
    assert portability.quoted(tmp_path).count("\\csname") > 100
