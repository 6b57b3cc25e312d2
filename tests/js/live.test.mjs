// The live client's merging, without a browser: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Live } from "../../static/js/live.js";
import { Store } from "../../static/js/store.js";

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}

const claim = (fields = {}) => ({ id: 1, start: 0, end: 5, claimant: "", verdict: null, notes: "", review_state: "open",
  version: 1, sources: [], ...fields });

/** A stand-in for the browser's EventSource: the test opens, sends, ends or drops it. */
class FakeSource {
  static made = [];
  constructor(url) { this.url = url; this.listeners = {}; this.closed = false; FakeSource.made.push(this); }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  emit(type, data) { for (const listener of this.listeners[type] || []) listener({ data }); }
  close() { this.closed = true; }
}

function page(claims, cursor = 10, { stream = false } = {}) {
  globalThis.localStorage = new MemoryStorage();
  const el = (dataset = {}) => ({ dataset, hidden: true, textContent: "", append(node) { this.textContent += node.textContent; } });
  const elements = { live: el({ cursor: String(cursor), ...(stream ? { stream: "on" } : {}) }),
    workspace: el({ articleState: "annotating" }), "live-present": el(), "live-status": el() };
  const events = [];
  const doc = { getElementById: (id) => elements[id], dispatchEvent: (e) => events.push(e),
    createElement: () => ({ textContent: "" }), querySelector: () => null, visibilityState: "visible",
    addEventListener: () => {}, defaultView: { EventSource: FakeSource, addEventListener: () => {} } };
  const store = new Store({ id: 7 }, claims);
  const workspace = { store, article: { id: 7 }, current: null,
    list: { ordered: () => store.views().sort((a, b) => a.start - b.start) } };
  return { live: new Live(doc, workspace), store, elements, events };
}

const answer = (fields = {}) => ({ article: { id: 7, state: "annotating", version: 1 }, cursor: 10, more: false,
  events: [], claims: [], gone: [], present: [], ...fields });
const event = (id, claimId = 1) => ({ id, entity: "claim", action: "update", field: "verdict_key", claim_id: claimId, actor: "Rita" });

test("a claim another person saved is merged, and said once to other modules", () => {
  const { live, store, events } = page([claim()]);
  live.apply(answer({ events: [event(11)], claims: [claim({ verdict: "false", version: 2 })] }));
  assert.equal(store.view(1).verdict, "false");
  assert.equal(events.length, 1);
  live.apply(answer({ events: [event(11)] })); // still inside the settle window: sent again, not news
  assert.equal(events.length, 1);
  assert.equal(live.seen, 11);
});

test("a copy that arrives while this tab saves the claim waits for the next poll", () => {
  const { live, store } = page([claim()]);
  store.get(1).busy = true;
  live.apply(answer({ events: [event(11)], claims: [claim({ notes: "Theirs", version: 2 })] }));
  assert.equal(store.view(1).notes, "");
  store.get(1).busy = false;
  live.apply(answer());
  assert.equal(store.view(1).notes, "Theirs");
});

test("an event committed late, under what was seen, has its claim fetched", async () => {
  const { live, store } = page([claim()]);
  live.apply(answer({ events: [event(12)] }));
  const asked = [];
  globalThis.fetch = async (url) => {
    asked.push(url);
    return { ok: true, json: async () => ({ data: claim({ claimant: "The mayor", version: 3 }) }) };
  };
  globalThis.document = { querySelector: () => null };
  live.apply(answer({ events: [event(11), event(12)] }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(asked, ["/api/v1/claims/1"]);
  assert.equal(store.view(1).claimant, "The mayor");
});

test("who else is here names the claim by its place in the list; a deleted claim goes", () => {
  const { live, store, elements } = page([claim(), claim({ id: 2, start: 9, end: 12 })]);
  live.apply(answer({ present: [{ username: "rita", display_name: "Rita", claim_id: 2 },
    { username: "bo", display_name: "Bo", claim_id: null }], gone: [1] }));
  assert.equal(elements["live-present"].textContent, "Also here: Rita (on claim 1), Bo");
  assert.equal(store.view(1), null);
  live.apply(answer());
  assert.equal(elements["live-present"].hidden, true);
});

test("an article moved by someone else says so with a way to reload", () => {
  const { live, elements } = page([claim()]);
  globalThis.window = { location: { pathname: "/articles/7", search: "" } };
  live.apply(answer({ article: { id: 7, state: "in_review", version: 2 }, events: [event(11, null)] }));
  assert.match(elements["live-status"].textContent, /Rita moved this article to “in review”/);
  assert.equal(elements["live-status"].hidden, false);
});

/** Answer every fetch as the API would: the heartbeat with nobody else here, a poll with `polled`. */
function serve(asked, polled = answer()) {
  globalThis.document = { querySelector: () => null };
  globalThis.fetch = async (url, options = {}) => {
    asked.push(`${options.method || "GET"} ${url}`);
    return { ok: true, json: async () => ({ data: url.includes("/presence") ? [] : polled }) };
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

test("where the server pushes, one stream brings the answers and the next goes on from the cursor", async () => {
  FakeSource.made = [];
  const asked = [];
  serve(asked);
  const { live, store, elements } = page([claim()], 10, { stream: true });
  live.start();
  const [first] = FakeSource.made;
  assert.equal(first.url, "/api/v1/articles/7/stream?after=10&seen=10");
  first.emit("open");
  first.emit("message", JSON.stringify({ data: answer({ cursor: 11, events: [event(12)], claims: [claim({ verdict: "false", version: 2 })] }) }));
  assert.equal(store.view(1).verdict, "false");
  assert.equal(elements.live.dataset.channel, "stream");
  first.emit("end");
  assert.equal(first.closed, true);
  assert.equal(FakeSource.made[1].url, "/api/v1/articles/7/stream?after=11&seen=12");
  await settle();
  assert.deepEqual(asked.filter((a) => a.includes("/changes")), []); // no poll while a stream is open
  live.leave();
  assert.equal(FakeSource.made[1].closed, true);
});

test("a refused stream falls back to polling; a dropped one polls to catch up, then streams again", async () => {
  FakeSource.made = [];
  const asked = [];
  serve(asked, answer({ cursor: 13 }));
  const { live, elements } = page([claim()], 10, { stream: true });
  live.start();
  FakeSource.made[0].emit("open");
  FakeSource.made[0].emit("error"); // dropped after it opened
  await settle();
  assert.ok(asked.includes("GET /api/v1/articles/7/changes?after=10&seen=10"));
  assert.equal(FakeSource.made.length, 2); // the poll worked: streaming again, from its cursor
  assert.equal(FakeSource.made[1].url, "/api/v1/articles/7/stream?after=13&seen=10");
  FakeSource.made[1].emit("error"); // refused before it opened (no slot free)
  await settle();
  assert.equal(FakeSource.made.length, 2);
  assert.equal(elements.live.dataset.channel, "poll");
  live.leave();
});

test("a long history is read on at once only while the cursor moves", async () => {
  const polls = (asked) => asked.filter((line) => line.includes("/changes")).length;
  const stuck = [];
  serve(stuck, answer({ cursor: 10, more: true })); // a page of events too young to pass
  const first = page([claim()], 10).live;
  first.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  first.leave();
  assert.equal(polls(stuck), 1); // the next poll waits its second, not a request a few milliseconds

  const moving = [];
  let cursor = 10;
  globalThis.fetch = async (url, options = {}) => {
    moving.push(`${options.method || "GET"} ${url}`);
    const data = url.includes("/presence") ? [] : answer({ cursor: (cursor += 5), more: cursor < 30 });
    return { ok: true, json: async () => ({ data }) };
  };
  const second = page([claim()], 10).live;
  second.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  second.leave();
  assert.equal(polls(moving), 4); // 15, 20, 25 and 30 read back to back, then the wait
});
