"""Bidi overrides and isolates (U+202A-202E, U+2066-2069) and zero-width spaces are removed from
every typed field, not only from an article's text: a title, claimant, note, source or display
name that holds one shows reversed or hidden text on the page that differs from the export
(issue 14, item 8). Joiners that scripts need (ZWJ, ZWNJ) stay."""
from annotator.extensions import db
from annotator.models import User

HIDDEN = "\u202eevil\u202c\u200b\u2066x\u2069"
KEPT = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645"  # Persian, with the zero-width non-joiner it needs
PASSWORD = "correct horse battery staple 42"


def test_metadata_claim_and_source_fields_lose_the_invisible_controls(app, admin, login, world):
    client = app.test_client()
    login(admin, target=client)
    article = client.post("/api/v1/articles", json={
        "title": "T" + HIDDEN, "text": "The mayor said taxes rose 5% in 2023.", "byline": "B" + HIDDEN,
        "outlet": KEPT + HIDDEN}).json["data"]
    assert (article["title"], article["byline"], article["outlet"]) == ("Tevilx", "Bevilx", KEPT + "evilx")
    claim_id = world["claim_id"]
    version = client.get(f"/api/v1/claims/{claim_id}").json["data"]["version"]
    claim = client.patch(f"/api/v1/claims/{claim_id}", json={
        "version": version, "claimant": "C" + HIDDEN, "notes": "N" + HIDDEN}).json["data"]
    assert (claim["claimant"], claim["notes"]) == ("Cevilx", "Nevilx")
    source = client.post(f"/api/v1/claims/{claim_id}/sources", json={
        "url": "https://example.org/a", "title": "S" + HIDDEN, "passage": "P" + HIDDEN}).json["data"]["source"]
    assert (source["title"], source["passage"]) == ("Sevilx", "Pevilx")


def test_a_display_name_loses_the_invisible_controls(app, admin, login):
    client = app.test_client()
    login(admin, target=client)
    response = client.post("/admin/users", data={"username": "dina", "display_name": "D" + HIDDEN, "role": "annotator",
                                                 "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    assert db.session.scalar(db.select(User.display_name).where(User.username == "dina")) == "Devilx"
