// Pure logic of the workspace scripts, run with `node --test tests/js/` (scripts/test runs it).
import assert from "node:assert/strict";
import { test } from "node:test";

import { quoted, tally } from "../../static/js/claimlist.js";
import { Store, changedKeys } from "../../static/js/store.js";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}

const claim = (fields = {}) => ({ id: 1, start: 0, end: 5, claimant: "", verdict: null, notes: "", review_state: "open",
  version: 1, sources: [], ...fields });

test("an undecided conflict restored from the browser is not called saved", () => {
  globalThis.localStorage = new MemoryStorage();
  const key = "claim-annotator:drafts:7";
  localStorage.setItem(key, JSON.stringify({ 1: { draft: { notes: "Mine" }, was: { notes: "" }, adds: [], removes: [] } }));
  const store = new Store({ id: 7 }, [claim({ notes: "Theirs", version: 2 })]);
  assert.equal(store.restored, 1);
  assert.deepEqual(store.conflicted(), ["1"]);
  assert.equal(store.overall(), "conflict");
});

test("a copy saved elsewhere is merged and announced; an older one is ignored", () => {
  globalThis.localStorage = new MemoryStorage();
  const store = new Store({ id: 7 }, [claim()]);
  const news = [];
  store.addEventListener("external", ({ detail }) => news.push(detail.keys));
  store.refresh(claim({ verdict: "accurate", version: 2 }));
  assert.equal(store.view(1).verdict, "accurate");
  assert.deepEqual(news, [["verdict"]]);
  store.refresh(claim({ verdict: "false", version: 1 }));
  assert.equal(store.view(1).verdict, "accurate");
  store.refresh(claim({ review_state: "dismissed", version: 3 }));
  assert.equal(store.view(1), null);
});

test("saving a tab's drafts keeps the drafts another tab stored", () => {
  globalThis.localStorage = new MemoryStorage();
  const key = "claim-annotator:drafts:7";
  localStorage.setItem(key, JSON.stringify({ 9: { draft: { notes: "Other tab" }, was: {}, adds: [], removes: [] } }));
  const store = new Store({ id: 7 }, [claim()]);
  store.persist();
  assert.deepEqual(Object.keys(JSON.parse(localStorage.getItem(key))), ["9"]);
});

test("changed keys name fields and sources", () => {
  const before = claim({ sources: [{ id: 4, url: "https://a.example", title: "" }] });
  const after = claim({ claimant: "The mayor", sources: [{ id: 4, url: "https://b.example", title: "" }] });
  assert.deepEqual(changedKeys(before, after), ["claimant", "source:4:"]);
});

test("one tally counts orphans as claims and suggestions apart", () => {
  const count = tally([claim({ review_state: "suggested" }), claim({ verdict: "false" })], [{ review_state: "submitted", verdict: null }]);
  assert.deepEqual([count.claims, count.rated, count.unrated, count.suggested, count.orphaned], [2, 1, 1, 1, 1]);
});

test("a quote that opens with its own mark is not wrapped again", () => {
  assert.equal(quoted("“The budget,” he said."), "“The budget,” he said.");
  assert.equal(quoted("The budget"), "“The budget”");
});

test("a new claim's create request is sent with the same body on every retry", () => {
  globalThis.localStorage = new MemoryStorage();
  const store = new Store({ id: 7 }, []);
  const id = store.create(0, 5, { claimant: "The mayor" });
  const rec = store.records.get(id);
  const first = store.createBody(rec);
  store.edit(id, "claimant", "The council");  // typed while the first attempt was under way
  assert.deepEqual(store.createBody(rec), first);
  assert.deepEqual(first, { start: 0, end: 5, claimant: "The mayor" });
  store.persist();
  const restored = new Store({ id: 7 }, []);
  assert.deepEqual(restored.records.get(id).createBody, first);
});

test("a save's answer clears what was sent and keeps what was typed since", () => {
  globalThis.localStorage = new MemoryStorage();
  const store = new Store({ id: 7 }, [claim()]);
  const rec = store.get(1);
  store.edit(1, "notes", "First");
  store.edit(1, "claimant", "The mayor");
  const sent = { notes: "First", claimant: "The mayor" };
  store.edit(1, "claimant", "The mayor's office");  // typed while the save was under way
  store.accept(rec, claim({ notes: "First", claimant: "The mayor", version: 2 }), ["notes", "claimant"], sent);
  assert.equal(rec.server.version, 2);
  assert.deepEqual(rec.draft, { claimant: "The mayor's office" });
  assert.equal(store.view(1).claimant, "The mayor's office");
  assert.deepEqual(store.conflicted(), []);
});

test("a conflicting copy keeps both sides; a field only they changed is taken", () => {
  globalThis.localStorage = new MemoryStorage();
  const store = new Store({ id: 7 }, [claim()]);
  const rec = store.get(1);
  store.edit(1, "notes", "Mine");
  store.merge(rec, claim({ notes: "Theirs", verdict: "false", version: 2 }));
  assert.deepEqual(store.conflicted(), ["1"]);
  assert.equal(rec.conflicts.notes, "Theirs");
  assert.equal(store.view(1).verdict, "false");
  assert.equal(store.overall(), "conflict");
});
