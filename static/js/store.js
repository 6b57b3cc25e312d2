// Claims as the editor sees them: the server's copy, plus what the user changed and has not
// yet saved (the draft). Drafts live in localStorage until the server has them, so a reload,
// a crash or an expired session loses nothing. Saves for one claim run one at a time, each
// with the claim's current version; a 409 is merged field by field: only a field that both
// people changed is a conflict for the user to decide.
import { ApiError, call, newKey } from "./api.js";

const CLAIM_KEYS = ["claimant", "verdict", "notes", "start", "end"];
const RETRY_MS = [1000, 2000, 4000, 8000, 15000];
const SOURCE_PREFIX = "source:";

export function sourceKey(sourceId, field) {
  return `${SOURCE_PREFIX}${sourceId}:${field}`;
}

function parseSourceKey(key) {
  const [, id, field] = key.split(":");
  return { id: Number(id), field };
}

/** The value a field key names in a claim's JSON (undefined when a source is gone). */
export function valueOf(claim, key) {
  if (!key.startsWith(SOURCE_PREFIX)) return claim[key];
  const { id, field } = parseSourceKey(key);
  const source = claim.sources.find((s) => s.id === id);
  return source ? source[field] : undefined;
}

const same = (a, b) => (a ?? "") === (b ?? "");
const WATCHED = [...CLAIM_KEYS, "review_state"];

/** Whether the page shows a claim in its text (not dismissed, not orphaned by a revision). */
export function isShown(claim) {
  return claim.review_state !== "dismissed" && (claim.anchor_state ?? "anchored") === "anchored";
}

/** The fields (and source fields) whose values differ between two copies of a claim. */
export function changedKeys(before, after) {
  const keys = WATCHED.filter((k) => !same(before[k], after[k]));
  const ids = new Set([...before.sources, ...after.sources].map((s) => s.id));
  for (const id of ids) {
    const [a, b] = [before, after].map((c) => c.sources.find((s) => s.id === id));
    if (!a || !b || JSON.stringify(a) !== JSON.stringify(b)) keys.push(sourceKey(id, ""));
  }
  return keys;
}

export class Store extends EventTarget {
  constructor(article, claims) {
    super();
    this.article = article;
    this.records = new Map();
    this.dropped = new Set(); // ids this tab stopped holding: their stored drafts go too
    this.storageKey = `claim-annotator:drafts:${article.id}`;
    for (const claim of claims) this.records.set(String(claim.id), this.blank(claim));
    this.restore();
  }

  blank(server, id = server && String(server.id)) {
    return { id, server, draft: {}, was: {}, adds: [], removes: [], conflicts: {}, status: "saved",
      error: "", busy: false, again: false, attempt: 0, createKey: null, createBody: null };
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  get(id) {
    return this.records.get(String(id));
  }

  /** The claim as the user sees it: the server's copy with the draft laid over it. */
  view(id) {
    const rec = this.get(id);
    if (!rec) return null;
    const claim = { ...rec.server, id: rec.id, pending: !rec.server.id };
    for (const key of CLAIM_KEYS) if (key in rec.draft) claim[key] = rec.draft[key];
    claim.sources = rec.server.sources.filter((s) => !rec.removes.includes(s.id)).map((s) => {
      const copy = { ...s };
      for (const field of Object.keys(s)) {
        const key = sourceKey(s.id, field);
        if (key in rec.draft) copy[field] = rec.draft[key];
      }
      return copy;
    });
    claim.sources.push(...rec.adds.map((a) => ({ ...a.fields, id: null, pending: true, key: a.key })));
    return claim;
  }

  views() {
    return Array.from(this.records.keys(), (id) => this.view(id));
  }

  // --- changes the user makes ---

  edit(id, key, value) {
    const rec = this.get(id);
    if (!(key in rec.draft)) rec.was[key] = valueOf(rec.server, key);
    if (same(value, rec.was[key]) && !(key in rec.conflicts)) {
      delete rec.draft[key];
      delete rec.was[key];
    } else {
      rec.draft[key] = value;
    }
    this.changed(rec, key);
  }

  create(start, end, fields = {}, sources = []) {
    const key = newKey();
    const id = `new-${key}`;
    const server = { id: null, start, end, claimant: "", verdict: null, notes: "", review_state: "open",
      origin: "manual", sources: [], version: 0, quote: "" };
    const rec = this.blank(server, id);
    rec.createKey = key;
    Object.assign(rec.draft, fields);
    rec.adds = sources.map((s) => ({ key: newKey(), fields: s }));
    this.records.set(id, rec);
    this.changed(rec, "created");
    return id;
  }

  addSource(id, fields) {
    const rec = this.get(id);
    rec.adds.push({ key: newKey(), fields });
    this.changed(rec, "sources");
  }

  removeSource(id, sourceId) {
    const rec = this.get(id);
    if (sourceId === null) return;
    rec.removes.push(sourceId);
    for (const key of Object.keys(rec.draft)) {
      if (key.startsWith(sourceKey(sourceId, ""))) delete rec.draft[key];
    }
    this.changed(rec, "sources");
  }

  dropAdd(id, key) {
    const rec = this.get(id);
    rec.adds = rec.adds.filter((a) => a.key !== key);
    this.changed(rec, "sources");
  }

  /** Decide a conflict: keep the user's text ("mine") or the other person's ("theirs"). */
  resolve(id, key, choice) {
    const rec = this.get(id);
    rec.was[key] = valueOf(rec.server, key);
    delete rec.conflicts[key];
    if (choice === "theirs") {
      delete rec.draft[key];
      delete rec.was[key];
    }
    this.changed(rec, key);
  }

  /** Delete a claim on the server; resolves to a copy for undo. */
  async remove(id) {
    const rec = this.get(id);
    const copy = this.view(id);
    this.records.delete(String(id));
    this.dropped.add(String(id));
    this.persist();
    this.emit("removed", { id: String(id), claim: copy });
    if (!rec.server.id) return copy;
    try {
      await call("DELETE", `/api/v1/claims/${rec.server.id}?version=${rec.server.version}`);
      this.emit("deleted", { id: String(rec.server.id) });
    } catch (error) {
      if (error.status !== 404) {
        this.records.set(String(id), rec);
        this.emit("restored", { id: String(id), error });
        throw error;
      }
    }
    return copy;
  }

  /** Bring a deleted claim back as a new claim with the same span, fields and sources. */
  undoRemove(copy) {
    const fields = { claimant: copy.claimant, verdict: copy.verdict, notes: copy.notes };
    const keep = ["url", "title", "publisher", "published_on", "passage", "relation", "archive_url"];
    const sources = copy.sources.map((s) => Object.fromEntries(keep.map((k) => [k, s[k] ?? ""])));
    return this.create(copy.start, copy.end, fields, sources);
  }

  /** Take a fresh server copy (after a review move made elsewhere in the page). */
  replace(id, claim) {
    const rec = this.get(id);
    rec.server = claim;
    this.emit("server", { claim });
    this.emit("change", { id: rec.id, what: "merged" });
  }

  /** Take a copy another tab or person saved; what both sides changed becomes a conflict. */
  refresh(claim) {
    const rec = this.get(claim.id);
    if (!isShown(claim)) {
      if (rec) this.forget(claim.id, { gone: true });
      return;
    }
    if (!rec) {
      this.records.set(String(claim.id), this.blank(claim));
      this.emit("change", { id: String(claim.id), what: "created" });
      return;
    }
    // A save in flight answers for itself (and a 409 merges); an older copy is news to nobody.
    if (rec.busy || claim.version <= rec.server.version) return;
    this.merge(rec, claim);
    this.persist();
    if (Object.keys(rec.conflicts).length) this.setStatus(rec, "conflict");
    else this.schedule(rec, 0);
  }

  /** Take the article's claims as the server has them now (after the tab was away). */
  refreshAll(claims) {
    const live = new Set(claims.map((c) => String(c.id)));
    for (const claim of claims) this.refresh(claim);
    for (const rec of Array.from(this.records.values())) {
      if (rec.server.id && !live.has(String(rec.server.id)) && !rec.busy) this.forget(rec.id, { gone: true });
    }
  }

  /** Stop showing a claim (a dismissed suggestion), without deleting it. */
  forget(id, { gone = false } = {}) {
    const claim = this.view(id);
    if (!claim) return;
    this.records.delete(String(id));
    this.dropped.add(String(id));
    this.persist();
    this.emit("removed", { id: String(id), claim, elsewhere: gone });
  }

  /** Claims with a conflict the user has still to decide, in no particular order. */
  conflicted() {
    return Array.from(this.records.values()).filter((r) => Object.keys(r.conflicts).length).map((r) => r.id);
  }

  // --- saving ---

  changed(rec, what) {
    this.persist();
    this.emit("change", { id: rec.id, what });
    this.schedule(rec, what === "notes" || what === "claimant" || what.startsWith(SOURCE_PREFIX) ? 700 : 0);
  }

  schedule(rec, delay) {
    clearTimeout(rec.timer);
    if (this.hasWork(rec) && rec.status !== "signedout" && rec.status !== "locked") {
      rec.status = rec.busy ? rec.status : "unsaved";
      rec.timer = setTimeout(() => this.flush(rec), delay);
    }
  }

  hasWork(rec) {
    return !rec.server.id || rec.adds.length || rec.removes.length
      || Object.keys(rec.draft).some((k) => !(k in rec.conflicts));
  }

  isIdle() {
    return Array.from(this.records.values()).every((r) => !this.hasWork(r) && !Object.keys(r.conflicts).length);
  }

  retryAll() {
    for (const rec of this.records.values()) {
      rec.attempt = 0;
      if (rec.status !== "locked") rec.status = "unsaved";
      this.schedule(rec, 0);
    }
  }

  async flush(rec) {
    if (rec.busy) { rec.again = true; return; }
    rec.busy = true;
    this.setStatus(rec, "saving");
    try {
      let step = this.nextStep(rec);
      while (step) {
        await step();
        this.persist();
        step = this.records.get(rec.id) === rec ? this.nextStep(rec) : null;
      }
      rec.attempt = 0;
      this.setStatus(rec, Object.keys(rec.conflicts).length ? "conflict" : "saved");
    } catch (error) {
      this.failed(rec, error);
    } finally {
      rec.busy = false;
      if (rec.again) { rec.again = false; this.schedule(rec, 0); }
    }
  }

  nextStep(rec) {
    if (!rec.server.id) return () => this.saveNew(rec);
    const claimKeys = CLAIM_KEYS.filter((k) => k in rec.draft && !(k in rec.conflicts));
    if (claimKeys.length) return () => this.saveFields(rec, claimKeys);
    const sourceKeys = Object.keys(rec.draft).filter((k) => k.startsWith(SOURCE_PREFIX) && !(k in rec.conflicts));
    if (sourceKeys.length) {
      const { id } = parseSourceKey(sourceKeys[0]);
      return () => this.saveSource(rec, id, sourceKeys.filter((k) => parseSourceKey(k).id === id));
    }
    if (rec.adds.length) return () => this.saveAdd(rec, rec.adds[0]);
    if (rec.removes.length) return () => this.saveRemove(rec, rec.removes[0]);
    return null;
  }

  /** The body of a new claim's create request: made at the first attempt and sent unchanged on
   * every retry, because the server answers a reused Idempotency-Key with another body 422. What
   * was typed since is saved by the edits that follow. */
  createBody(rec) {
    if (!rec.createBody) {
      const body = { start: rec.draft.start ?? rec.server.start, end: rec.draft.end ?? rec.server.end };
      for (const k of ["claimant", "verdict", "notes"]) if (k in rec.draft) body[k] = rec.draft[k] ?? "";
      rec.createBody = body;
    }
    return rec.createBody;
  }

  async saveNew(rec) {
    const body = this.createBody(rec);
    const claim = await call("POST", `/api/v1/articles/${this.article.id}/claims`, { body, key: rec.createKey });
    this.accept(rec, claim, Object.keys(body), body);
    const oldId = rec.id;
    const existing = this.get(claim.id);
    this.records.delete(oldId);
    rec.id = String(claim.id);
    if (existing && existing !== rec) this.mergeInto(existing, rec);
    else this.records.set(rec.id, rec);
    this.emit("saved-new", { oldId, id: rec.id });
  }

  mergeInto(existing, rec) {
    Object.assign(existing.draft, rec.draft);
    Object.assign(existing.was, rec.was);
    existing.adds.push(...rec.adds);
    existing.server = rec.server;
    this.schedule(existing, 0);
  }

  async saveFields(rec, keys) {
    const body = { version: rec.server.version };
    for (const k of keys) body[k] = rec.draft[k] ?? "";
    const claim = await this.guard(rec, () => call("PATCH", `/api/v1/claims/${rec.server.id}`, { body }));
    if (claim) this.accept(rec, claim, keys, body);
  }

  async saveSource(rec, sourceId, keys) {
    const body = { version: rec.server.version };
    for (const k of keys) body[parseSourceKey(k).field] = rec.draft[k] ?? "";
    const data = await this.guard(rec, () => call("PATCH", `/api/v1/sources/${sourceId}`, { body }));
    if (data) this.accept(rec, data.claim, keys, Object.fromEntries(keys.map((k) => [k, rec.draft[k]])));
  }

  async saveAdd(rec, add) {
    try {
      const data = await call("POST", `/api/v1/claims/${rec.server.id}/sources`, { body: add.fields, key: add.key });
      rec.adds = rec.adds.filter((a) => a !== add);
      this.accept(rec, data.claim, [], {});
    } catch (error) {
      if (error.status !== 422) throw error;
      rec.adds = rec.adds.filter((a) => a !== add);
      this.emit("source-refused", { id: rec.id, fields: add.fields, error });
    }
  }

  async saveRemove(rec, sourceId) {
    const url = `/api/v1/sources/${sourceId}?version=${rec.server.version}`;
    try {
      const data = await this.guard(rec, () => call("DELETE", url));
      if (!data) return;
      rec.removes = rec.removes.filter((s) => s !== sourceId);
      this.accept(rec, data.claim, [], {});
    } catch (error) {
      if (error.status !== 404) throw error;
      rec.removes = rec.removes.filter((s) => s !== sourceId);
    }
  }

  /** Run a versioned request; on 409 merge the other person's copy and answer null. */
  async guard(rec, send) {
    try {
      return await send();
    } catch (error) {
      if (error.status !== 409 || !error.current) throw error;
      this.merge(rec, error.current);
      return null;
    }
  }

  /** Take the server's newer copy; a field both sides changed becomes a conflict. */
  merge(rec, current) {
    const news = changedKeys(rec.server, current).filter((k) => !(k in rec.draft));
    for (const [key, mine] of Object.entries(rec.draft)) {
      const theirs = valueOf(current, key);
      if (theirs === undefined) { delete rec.draft[key]; continue; }
      if (same(theirs, mine)) { delete rec.draft[key]; delete rec.was[key]; continue; }
      if (same(theirs, rec.was[key])) continue;
      rec.conflicts[key] = theirs;
    }
    rec.server = current;
    this.emit("change", { id: rec.id, what: "merged" });
    if (news.length) this.emit("external", { id: rec.id, keys: news });
  }

  /** The server has the sent values: keep as draft only what the user typed since. */
  accept(rec, claim, keys, sent) {
    rec.server = claim;
    this.emit("server", { claim });
    for (const k of keys) {
      // A replayed request answers with what the first one made, which may predate sent[k].
      const stored = same(valueOf(claim, k), sent[k]);
      if (stored && same(rec.draft[k], sent[k])) { delete rec.draft[k]; delete rec.was[k]; }
      else if (k in rec.draft) rec.was[k] = valueOf(claim, k);
    }
    this.emit("change", { id: rec.id, what: "saved" });
  }

  failed(rec, error) {
    rec.error = error.message;
    if (error.isSignedOut) return this.setStatus(rec, "signedout");
    if (error.code === "locked") return this.setStatus(rec, "locked");
    if (error.status === 404) {
      const claim = this.view(rec.id);
      this.records.delete(rec.id);
      this.persist();
      return this.emit("removed", { id: rec.id, claim, gone: true });
    }
    if (!(error instanceof ApiError) || !error.isTransient) return this.setStatus(rec, "invalid");
    this.setStatus(rec, "failed");
    const wait = RETRY_MS[Math.min(rec.attempt, RETRY_MS.length - 1)];
    rec.attempt += 1;
    clearTimeout(rec.timer);
    rec.timer = setTimeout(() => this.flush(rec), wait);
    return null;
  }

  setStatus(rec, status) {
    rec.status = status;
    this.emit("status", { id: rec.id, status });
  }

  /** The page's overall saving state: the worst of every claim's. */
  overall() {
    const order = ["signedout", "locked", "invalid", "failed", "conflict", "saving", "unsaved", "saved"];
    let worst = "saved";
    for (const rec of this.records.values()) {
      let status = rec.status === "saved" && this.hasWork(rec) ? "unsaved" : rec.status;
      // An undecided conflict is never "saved", whatever the last request answered.
      if (Object.keys(rec.conflicts).length && order.indexOf(status) > order.indexOf("conflict")) status = "conflict";
      if (order.indexOf(status) < order.indexOf(worst)) worst = status;
    }
    return worst;
  }

  // --- local storage ---

  persist() {
    // Other tabs of this article share the key: keep their drafts, replace only this tab's.
    const drafts = this.stored();
    for (const id of this.dropped) delete drafts[id];
    for (const rec of this.records.values()) {
      delete drafts[rec.id];
      if (!this.hasWork(rec) && !Object.keys(rec.conflicts).length) continue;
      drafts[rec.id] = { draft: rec.draft, was: rec.was, adds: rec.adds, removes: rec.removes,
        createKey: rec.createKey, createBody: rec.createBody, server: rec.server.id ? null : rec.server };
    }
    try {
      if (Object.keys(drafts).length) localStorage.setItem(this.storageKey, JSON.stringify(drafts));
      else localStorage.removeItem(this.storageKey);
    } catch (error) {
      this.emit("storage-full", { error });
    }
  }

  /** Bring back what a reload, crash or sign-out interrupted, then save it. */
  stored() {
    try {
      const drafts = JSON.parse(localStorage.getItem(this.storageKey) || "{}");
      return drafts && typeof drafts === "object" ? drafts : {};
    } catch (error) {
      return {};
    }
  }

  restore() {
    const drafts = this.stored();
    this.restored = 0;
    for (const [id, saved] of Object.entries(drafts)) {
      let rec = this.get(id);
      if (!rec && saved.server) rec = this.blank(saved.server, id);
      if (!rec) continue; // deleted meanwhile: nothing to attach the draft to
      Object.assign(rec, { was: saved.was || {}, adds: saved.adds || [], removes: saved.removes || [],
        createKey: saved.createKey || null, createBody: saved.createBody || null });
      rec.draft = { ...(saved.draft || {}) };
      this.records.set(id, rec);
      if (rec.server.id) this.rebase(rec);
      if (Object.keys(rec.conflicts).length) rec.status = "conflict";
      this.restored += 1;
    }
  }

  /** A restored draft was made against an older copy: merge it with today's. */
  rebase(rec) {
    const current = rec.server;
    rec.server = { ...current };
    this.merge(rec, current);
  }

  start() {
    for (const rec of this.records.values()) this.schedule(rec, 0);
  }
}
