// Keeps this tab's claims current with what other tabs and other people save. Tabs of one
// browser tell each other every save at once (BroadcastChannel); a tab that comes back into
// view (focus, visibilitychange) asks the server, which also covers other people's saves.
// What arrives is merged by the store like a 409: only a field both sides changed is a conflict.
import { call } from "./api.js";

const PULL_GAP_MS = 2000; // focus and visibilitychange often fire together

export class TabSync {
  constructor(win, store, articleId) {
    this.win = win;
    this.store = store;
    this.articleId = articleId;
    this.channel = "BroadcastChannel" in win ? new win.BroadcastChannel(`claim-annotator:article:${articleId}`) : null;
    this.lastPull = 0;
  }

  start() {
    if (this.channel) {
      this.store.addEventListener("server", ({ detail }) => this.channel.postMessage({ claim: detail.claim }));
      this.store.addEventListener("deleted", ({ detail }) => this.channel.postMessage({ deleted: detail.id }));
      this.channel.addEventListener("message", ({ data }) => this.receive(data));
    }
    this.win.addEventListener("focus", () => this.pull());
    this.win.document.addEventListener("visibilitychange", () => {
      if (this.win.document.visibilityState === "visible") this.pull();
    });
  }

  receive(data) {
    if (data && data.claim) this.store.refresh(data.claim);
    else if (data && data.deleted) this.store.forget(data.deleted, { gone: true });
  }

  /** Ask the server for the article's claims as they are now. */
  async pull() {
    const now = Date.now();
    if (now - this.lastPull < PULL_GAP_MS) return;
    this.lastPull = now;
    try {
      this.store.refreshAll(await call("GET", `/api/v1/articles/${this.articleId}/claims`));
    } catch (error) {
      // Offline or signed out: the next save says so; the page keeps what it has.
    }
  }
}
