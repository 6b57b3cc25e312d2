"""Write a checked claim-annotator/1 document: the article and all it carries, ids remapped."""
import secrets
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Assignment, Claim, Event, Revision, SignOff, Source, User
from annotator.models.types import utcnow
from annotator.services import accounts, claimants
from annotator.services.assignments import from_rows, write_plan
from annotator.services.exports import threads as exports_threads
from annotator.services.history import record_event
from annotator.services.native_format import FORMAT
from annotator.text.spans import quote_at


class People:
    """Resolve the authors a document names (of the article, its revisions and claims) to this
    instance's accounts, creating inactive ones; history and sign-offs keep names instead."""

    def __init__(self, actor):
        self.actor = actor
        self.ids = {}

    def id_of(self, person, default=None):
        if person is None:
            return default
        key = person["username"].lower()
        if key not in self.ids:
            self.ids[key] = self._find_or_create(person)
        return self.ids[key]

    def _find_or_create(self, person):
        found = db.session.scalar(select(User.id).where(func.lower(User.username) == person["username"].lower()))
        if found is not None:
            return found
        # Unusable random password and inactive: the name is kept for the record, nobody signs in.
        user = accounts.create_user(person["username"], secrets.token_urlsafe(32), "annotator",
                                    person.get("display_name", ""), actor=self.actor)
        accounts.update_user(self.actor, user, "annotator", False)
        return user.id


def _time(value):
    return datetime.fromisoformat(value) if value else utcnow()


def _date(value):
    return date.fromisoformat(value) if value else None


# --- column values, with the defaults of a field left out ------------------------------------

def article_values(a):
    return dict(
        title=a["title"], byline=a.get("byline", ""), outlet=a.get("outlet", ""), url=a.get("url", ""),
        published_on=_date(a.get("published_on")), language=a.get("language", "en"), text=a["text"],
        revision_number=a.get("revision", 1), state=a.get("state", "annotating"),
    )


def claim_values(c, text):
    context = quote_at(text, c["start"], c["end"])
    verdict = c.get("verdict")
    return dict(
        start=c["start"], end=c["end"], quote=c["quote"],
        prefix=c.get("prefix", context.prefix), suffix=c.get("suffix", context.suffix),
        claimant=c.get("claimant", ""), verdict_key=verdict["key"] if verdict else None,
        notes=c.get("notes", ""), origin=c.get("origin", "manual"), score=c.get("score"),
        reasons=list(c.get("reasons", [])), review_state=c.get("review_state", "open"),
        reviewer_comment=c.get("reviewer_comment", ""), anchor_state=c.get("anchor_state", "anchored"),
        anchor_method=c.get("anchor_method", ""),
    )


def source_values(position, s):
    return dict(
        position=position, url=s["url"], title=s.get("title", ""), publisher=s.get("publisher", ""),
        published_on=_date(s.get("published_on")), passage=s.get("passage", ""),
        relation=s.get("relation", "supports"), archive_url=s.get("archive_url", ""),
    )


def as_article(document):
    """Return the document's content as the objects signoff.content_hash reads, writing nothing."""
    a = document["article"]
    claims = [SimpleNamespace(**claim_values(c, a["text"]), sources=[
        SimpleNamespace(**source_values(i, s)) for i, s in enumerate(c.get("sources", []))])
        for c in document["claims"]]
    return SimpleNamespace(**article_values(a), claims=claims)


# --- writing ---------------------------------------------------------------------------------

def write(actor, document, people):
    """Create the article of a checked document with all it carries, and record the import."""
    # A restore, not new work: states and times are copied as they were, not moved through
    # the review transitions; the copied history says how they got there.
    article = _write_article(actor, document["article"], people)
    ids = {"article": {document["article"]["id"]: article.id}}
    ids["revision"] = _write_revisions(article, document["article"], people)
    _write_assignments(article, document.get("assignments", []))
    ids["claim"], ids["source"] = _write_claims(actor, article, document["claims"], people)
    ids["sign_off"] = ids["signoff"] = _write_sign_offs(article, document["sign_offs"])
    _write_history(article, document["history"], ids)
    exports_threads.write_threads(article, document.get("threads", []), ids["claim"])
    record_event(actor, "article", "import", article_id=article.id, entity_id=article.id,
                 new={"format": FORMAT, "exported_id": document["article"]["id"]})
    return article


def _flushed(rows):
    """Add (old id, model) pairs, flush once, and return old id -> new id."""
    db.session.add_all(model for _, model in rows)
    db.session.flush()
    return {old: model.id for old, model in rows if old is not None}


def _write_article(actor, a, people):
    article = Article(**article_values(a), created_by_id=people.id_of(a.get("created_by"), actor.id),
                      created_at=_time(a.get("created_at")), updated_at=_time(a.get("updated_at")))
    db.session.add(article)
    db.session.flush()
    return article


def _write_revisions(article, a, people):
    given = a.get("revisions") or [{"number": 1, "text": a["text"], "note": "Imported"}]
    return _flushed([(r.get("id"), Revision(
        article_id=article.id, number=r["number"], text=r["text"], note=r.get("note", ""),
        created_at=_time(r.get("created_at")),
        created_by_id=people.id_of(r.get("created_by"), article.created_by_id),
    )) for r in given])


def _write_assignments(article, assignments):
    # Names only (user_id null): a person of another instance is a record here, not local work.
    db.session.add_all(Assignment(
        article_id=article.id, user_id=None, username=a["person"]["username"],
        display_name=a["person"].get("display_name", ""), role=a["role"], due_on=_date(a.get("due_on")),
        priority=a.get("priority", "normal"), assigned_at=_time(a.get("assigned_at")),
    ) for a in assignments)
    rows = [SimpleNamespace(role=a["role"], due_on=_date(a.get("due_on")), priority=a.get("priority", "normal"))
            for a in assignments]
    write_plan(from_rows(article.id, rows))


def _write_claims(actor, article, claims, people):
    rows = [(c["id"], Claim(
        article_id=article.id, **claim_values(c, article.text),
        created_by_id=people.id_of(c.get("created_by")), created_at=_time(c.get("created_at")),
        updated_by_id=people.id_of(c.get("updated_by")), updated_at=_time(c.get("updated_at")),
    )) for c in claims]
    _link_claimants(actor, claims, [claim for _, claim in rows])
    claim_ids = _flushed(rows)
    sources = [(s["id"], Source(claim_id=claim_ids[c["id"]], **source_values(position, s),
                                created_at=_time(s.get("created_at"))))
               for c in claims for position, s in enumerate(c.get("sources", []))]
    return claim_ids, _flushed(sources)


def _link_claimants(actor, claims, models):
    """Link each claim to the local record its claimant_record names (matched or made), or, with
    none, to the record its claimant text names."""
    records = {}
    for given, claim in zip(claims, models):
        record = given.get("claimant_record")
        if record is None:
            continue
        key = (record.get("wikidata_id"), record["name"])
        if key not in records:
            records[key] = claimants.find_or_create(actor, record)
        claim.claimant_id = records[key]
    claimants.link([claim for given, claim in zip(claims, models) if "claimant_record" not in given])


# Sign-offs and history are another instance's record: they keep the names they carry, marked
# imported, and never point at a local account (a username that matches one is a coincidence,
# not proof that this person signed or did anything here).

def _write_sign_offs(article, sign_offs):
    return _flushed([(s.get("id"), SignOff(
        article_id=article.id, reviewer_id=None, reviewer_name=s["reviewer"], imported=True,
        signed_at=_time(s["signed_at"]), content_hash=s["content_hash"], self_review=s.get("self_review", False),
        reopened_at=_time(s["reopened_at"]) if s.get("reopened_at") else None,
        reopened_by_id=None, reopened_by_name=s.get("reopened_by"), reopen_reason=s.get("reopen_reason", ""),
        terms=s.get("terms"),
    )) for s in sign_offs])


def _write_history(article, history, ids):
    db.session.add_all(Event(
        at=_time(e["at"]), actor_id=None, actor_name=e.get("actor"), imported=True, article_id=article.id,
        claim_id=ids["claim"].get(e.get("claim_id")), entity=e["entity"],
        entity_id=ids.get(e["entity"], {}).get(e.get("entity_id")), action=e["action"],
        field=e.get("field", ""), old=e.get("old"), new=e.get("new"),
    ) for e in history)
    db.session.flush()
