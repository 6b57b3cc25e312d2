// Live updates: other people's saves on this article appear within about a second, and the
// people who have it open are listed with the claim they are on. The server's history is the
// feed (GET /api/v1/articles/<id>/changes?after=<cursor>), so it works across app processes;
// what arrives is merged by the store like a 409, never over this tab's unsaved edits. When the
// feed cannot be reached a note says so; the next answer catches up from the cursor.
// Where the server pushes (data-stream="on"), one open stream (GET .../stream, Server-Sent
// Events) brings the same answers as they happen instead of a poll each second; when it is
// refused or drops, the page polls, which says what is wrong, and streams again once it can.
import { call } from "./api.js";

const POLL_MS = 1000;
const HIDDEN_POLL_MS = 10000; // a tab in the background still catches up, more slowly
const HEARTBEAT_MS = 10000;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
const FAILURES_BEFORE_NOTE = 2;
const STREAM_AGAIN_MS = 60000; // after a refused stream (no slot free), poll this long first
const TICK_MS = 1000; // while streaming, how often the heartbeat looks at which claim is open

export class Live extends EventTarget {
  constructor(doc, workspace) {
    super();
    this.doc = doc;
    this.workspace = workspace;
    this.store = workspace.store;
    this.articleId = workspace.article.id;
    const root = doc.getElementById("live");
    this.root = root;
    const win = doc.defaultView;
    this.canStream = root.dataset.stream === "on" && Boolean(win) && typeof win.EventSource === "function";
    this.streamAfter = 0;
    this.source = null;
    this.cursor = Number(root.dataset.cursor) || 0;
    this.seen = this.cursor;
    this.state = doc.getElementById("workspace").dataset.articleState;
    this.presentEl = doc.getElementById("live-present");
    this.statusEl = doc.getElementById("live-status");
    this.failures = 0;
    this.known = new Set(); // ids of the events after the cursor this tab has applied
    this.pending = new Map(); // claims that arrived while this tab was saving them: applied next time
    this.present = [];
    this.beatAt = 0;
    this.beatClaim = undefined;
    this.stopped = false;
  }

  start() {
    if (this.canStream) this.stream();
    else this.poll();
    const win = this.doc.defaultView;
    win.addEventListener("pagehide", () => this.leave());
    win.addEventListener("pageshow", (event) => {
      if (event.persisted) { this.stopped = false; this.beatAt = 0; this.soon(0); } // back from the page cache
    });
    this.doc.addEventListener("visibilitychange", () => {
      if (this.doc.visibilityState === "visible") this.soon(0);
    });
  }

  soon(delay) {
    clearTimeout(this.timer);
    if (!this.stopped && !this.source) this.timer = setTimeout(() => this.poll(), delay);
  }

  /** Open the stream of this article's changes from the cursor: each message is a poll's answer. */
  stream() {
    if (this.stopped || this.source) return;
    const url = `/api/v1/articles/${this.articleId}/stream?after=${this.cursor}&seen=${this.seen}`;
    const source = new this.doc.defaultView.EventSource(url);
    this.source = source;
    this.root.dataset.channel = "stream";
    let opened = false;
    source.addEventListener("open", () => { opened = true; });
    source.addEventListener("message", (message) => {
      this.apply(JSON.parse(message.data).data);
      this.recovered();
    });
    source.addEventListener("end", () => { // the server ends each stream after a while: the next goes on from the cursor
      this.closeStream();
      this.stream();
    });
    source.addEventListener("error", () => {
      this.closeStream();
      // Refused (no slot free, signed out, gone): poll, which says why, and stream again later.
      // Dropped after it opened: poll at once to catch up; a poll that succeeds streams again.
      if (!opened) this.streamAfter = Date.now() + STREAM_AGAIN_MS;
      this.soon(0);
    });
    this.ticker = setInterval(() => this.heartbeat().catch(() => {}), TICK_MS);
    this.heartbeat().catch(() => {});
  }

  closeStream() {
    if (this.source) this.source.close();
    this.source = null;
    clearInterval(this.ticker);
    this.ticker = null;
  }

  async poll() {
    let more = false;
    try {
      await this.heartbeat();
      const url = `/api/v1/articles/${this.articleId}/changes?after=${this.cursor}&seen=${this.seen}`;
      const data = await call("GET", url);
      // A long history is read on at once, page by page, but only while the cursor moves: past
      // a page of events younger than the cursor's settling time the same page would come back
      // (a page opened just after an import with hundreds of suggestions polled 100 times a second).
      more = data.more && data.cursor > this.cursor;
      this.apply(data);
      this.recovered();
      this.root.dataset.channel = "poll";
    } catch (error) {
      this.failed(error);
      return;
    }
    if (this.canStream && !more && Date.now() >= this.streamAfter) {
      this.stream();
      return;
    }
    const hidden = this.doc.visibilityState === "hidden";
    this.soon(more ? 0 : hidden ? HIDDEN_POLL_MS : POLL_MS);
  }

  /** Tell the server this person is here (and on which claim): every few seconds, or at once on a new claim. */
  async heartbeat() {
    if (this.doc.visibilityState === "hidden") return;
    const claim = this.openClaimId();
    if (claim === this.beatClaim && Date.now() - this.beatAt < HEARTBEAT_MS) return;
    const present = await call("PUT", `/api/v1/articles/${this.articleId}/presence`, { body: { claim_id: claim } });
    this.beatAt = Date.now();
    this.beatClaim = claim;
    this.showPresent(present);
  }

  openClaimId() {
    const rec = this.workspace.current === null ? null : this.store.get(this.workspace.current);
    return rec && rec.server.id ? rec.server.id : null;
  }

  leave() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.closeStream();
    const token = this.doc.querySelector('meta[name="csrf-token"]');
    // keepalive: the request outlives the page, so the others see this person go at once.
    fetch(`/api/v1/articles/${this.articleId}/presence`, { method: "DELETE", keepalive: true, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.content : "" } }).catch(() => {});
  }

  apply(data) {
    const fresh = data.events.filter((e) => !this.known.has(e.id));
    // An event under `seen` that this tab has not had committed late (PostgreSQL hands out ids
    // before commit): the server sent no copy of its claim, so ask for it.
    const late = new Set(fresh.filter((e) => e.id <= this.seen && e.claim_id !== null).map((e) => e.claim_id));
    for (const id of late) this.fetchClaim(id);
    for (const claim of [...this.pending.values(), ...data.claims]) this.take(claim);
    for (const id of data.gone) {
      const rec = this.store.get(id);
      if (rec && !rec.busy) this.store.forget(id, { gone: true });
    }
    this.cursor = data.cursor;
    this.seen = Math.max(this.seen, ...data.events.map((e) => e.id));
    for (const e of data.events) this.known.add(e.id);
    for (const id of this.known) if (id <= this.cursor) this.known.delete(id); // never sent again
    this.showPresent(data.present);
    if (data.article.state !== this.state) this.articleMoved(data.article.state, fresh);
    if (fresh.length) this.doc.dispatchEvent(new CustomEvent("live:events", { detail: { events: fresh, article: data.article } }));
  }

  async fetchClaim(id) {
    try {
      this.take(await call("GET", `/api/v1/claims/${id}`));
    } catch (error) {
      const rec = this.store.get(id);
      if (error.status === 404 && rec && !rec.busy) this.store.forget(id, { gone: true });
    }
  }

  /** Merge one claim's server copy; while this tab is saving it, keep it for the next poll. */
  take(claim) {
    const rec = this.store.get(claim.id);
    if (rec && rec.busy) {
      this.pending.set(String(claim.id), claim);
      return;
    }
    this.pending.delete(String(claim.id));
    this.store.refresh(claim);
  }

  articleMoved(state, events) {
    this.state = state;
    const who = events.map((e) => e.actor).filter(Boolean).pop();
    const words = state.replace("_", " ");
    this.note(`${who || "Someone"} moved this article to “${words}”. `, true);
  }

  showPresent(present) {
    this.present = present;
    if (!present.length) {
      this.presentEl.hidden = true;
      this.presentEl.textContent = "";
      return;
    }
    const order = this.workspace.list.ordered().map((c) => String(c.id));
    const names = present.map((p) => {
      const at = p.claim_id === null ? -1 : order.indexOf(String(p.claim_id));
      return at < 0 ? p.display_name : `${p.display_name} (on claim ${at + 1})`;
    });
    this.presentEl.textContent = `Also here: ${names.join(", ")}`;
    this.presentEl.hidden = false;
  }

  note(text, reload = false) {
    this.statusEl.textContent = text;
    if (reload) {
      const link = this.doc.createElement("a");
      link.href = window.location.pathname + window.location.search;
      link.textContent = "Reload to see it";
      this.statusEl.append(link);
    }
    this.statusEl.hidden = false;
    this.statusEl.dataset.state = reload ? "moved" : "offline";
  }

  recovered() {
    if (this.failures >= FAILURES_BEFORE_NOTE && this.statusEl.dataset.state === "offline") {
      this.statusEl.hidden = true;
      this.statusEl.dataset.state = "";
    }
    this.failures = 0;
  }

  failed(error) {
    this.failures += 1;
    if (error.isSignedOut) {
      this.stopped = true;
      this.note("Live updates stopped: you are signed out.");
      return;
    }
    if (error.status === 404) {
      this.stopped = true;
      this.note("This article no longer exists.");
      return;
    }
    if (this.failures >= FAILURES_BEFORE_NOTE) {
      this.note("Live updates paused: the server cannot be reached. Other people’s changes will show when it answers again.");
    }
    this.soon(BACKOFF_MS[Math.min(this.failures - 1, BACKOFF_MS.length - 1)]);
  }
}

export function initLive(doc, workspace) {
  const live = new Live(doc, workspace);
  live.start();
  return live;
}
