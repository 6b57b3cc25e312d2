"""`annotator import-references`: a big file refused before it is read; bad records listed."""
import json

from annotator import limits
from annotator.services import matching_index, references


def test_a_file_over_the_limit_is_refused_by_its_size(runner, admin, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "REFERENCE_FILE_BYTES", 1024)
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b" " * 4096 + b"]")
    result = runner.invoke(args=["import-references", str(big)])
    assert result.exit_code != 0 and "the limit is" in result.output


def test_bad_records_are_listed_and_nothing_is_written(runner, admin, tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([{"@type": "ClaimReview", "url": "https://checker.example/1"}]))
    result = runner.invoke(args=["import-references", str(path)])
    assert result.exit_code != 0 and "Record 1: the claim text is missing." in result.output
    assert references.count_references() == 0


def test_a_good_file_is_imported(runner, admin, tmp_path):
    matching_index.forget_cache()
    path = tmp_path / "reviews.csv"
    path.write_text("claimReviewed,alternateName,url,author\nCrime fell by half.,False,https://checker.example/1,Checker\n")
    result = runner.invoke(args=["import-references", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output and references.count_references() == 1
