"""The demo article's Web Annotation and ClaimReview exports against the outside conformance
material in ../shared/conformance (the W3C check lists, schema.org 30.0, the anno.jsonld context).

Skipped, with the reason, where that folder is absent: the product never depends on it.
Set ANNOTATOR_CONFORMANCE_DIR to use a copy elsewhere.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services.exports import formats, webannotation

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = Path(os.environ.get("ANNOTATOR_CONFORMANCE_DIR", ROOT.parent / "shared" / "conformance"))
PUBLISHER = formats.Publisher("https://factcheck.example.org", "Example Desk", "https://factcheck.example.org/")
OA = "http://www.w3.org/ns/oa#"

pytestmark = pytest.mark.skipif(not CONFORMANCE.is_dir(), reason=f"no conformance material at {CONFORMANCE}")


def run_checker(script, *args):
    result = subprocess.run([sys.executable, str(CONFORMANCE / script), *map(str, args)],
                            capture_output=True, text=True, timeout=300)
    return result.returncode, result.stdout + result.stderr


def write(path, document):
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def web_annotation(signed_off_demo):
    text = "".join(formats.export_one(signed_off_demo.id, "webannotation", PUBLISHER).chunks)
    return json.loads(text)


def test_collection_passes_the_collection_musts(web_annotation, tmp_path):
    code, output = run_checker("check_web_annotation.py", "--test", "collections/collectionMusts.test",
                               write(tmp_path / "collection.json", web_annotation))
    assert code == 0, output


def test_pages_pass_the_page_musts(web_annotation, signed_off_demo, tmp_path):
    pages = [write(tmp_path / "embedded.json", web_annotation)]
    for number in range(3):
        page = webannotation.annotation_page(signed_off_demo.id, number, PUBLISHER, page_size=2)
        pages.append(write(tmp_path / f"page{number}.json", page))
    code, output = run_checker("check_web_annotation.py", "--test", "collections/pages/pageMusts.test", *pages)
    assert code == 0, output


def test_every_annotation_passes_the_annotation_musts(web_annotation, tmp_path):
    items = web_annotation["first"]["items"]
    files = [write(tmp_path / f"annotation{n}.json", {"@context": web_annotation["@context"], **item})
             for n, item in enumerate(items)]
    code, output = run_checker("check_web_annotation.py", "--quiet", *files)
    assert code == 0 and "must 54 pass/0 fail" in output, output
    assert output.count("0 fail") == len(items) == 5


def test_claimreview_has_no_vocabulary_error_nor_missing_required_field(signed_off_demo, tmp_path):
    text = "".join(formats.export_one(signed_off_demo.id, "claimreview", PUBLISHER).chunks)
    (tmp_path / "claimreview.jsonld").write_text(text, encoding="utf-8")
    code, output = run_checker("check_claimreview.py", tmp_path / "claimreview.jsonld")
    assert code == 0, output
    items = output.count("claimreview.jsonld#")
    assert items >= 3 and output.count("vocab errors 0; google required missing none") == items, output


def offline_loader(url, options=None):
    """Serve the Web Annotation context from the local copy (with the `assessing` term)."""
    from pyld import jsonld

    if url.rstrip("/") in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"):
        document = json.loads((CONFORMANCE / "jsonld" / "anno.jsonld.with-assessing").read_text(encoding="utf-8"))
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}
    raise jsonld.JsonLdError(f"offline: refusing {url}", "jsonld.LoadDocumentError", code="loading document failed")


def test_web_annotation_expands_offline_with_pyld(web_annotation):
    jsonld = pytest.importorskip("pyld.jsonld")
    expanded = jsonld.expand(web_annotation, {"documentLoader": offline_loader})
    collection = expanded[0]
    first = collection["http://www.w3.org/ns/activitystreams#first"][0]
    items = first["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    motivations = [item[OA + "motivatedBy"][0]["@id"] for item in items]
    assert motivations == [OA + "assessing"] * 4 + [OA + "moderating"]
    selectors = items[0][OA + "hasTarget"][0][OA + "hasSelector"]
    position = next(s for s in selectors if s["@type"] == [OA + "TextPositionSelector"])
    assert position[OA + "start"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
    # Nothing was dropped for want of a term: every key of an annotation expanded to an IRI.
    assert len(items[0]) == len(web_annotation["first"]["items"][0])
