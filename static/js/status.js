// The save status line ("All changes saved", "Not saved") and the toast for undo and notices.

const MESSAGES = {
  saved: "All changes saved",
  unsaved: "Saving…",
  saving: "Saving…",
  conflict: "Someone else changed a claim you are editing: choose which text to keep.",
  failed: "Not saved: the server cannot be reached. Your changes are kept in this browser; retrying…",
  invalid: "Not saved: ",
  locked: "Not saved: the article is signed off and locked.",
  signedout: "Not saved: you are signed out. Your changes are kept in this browser. ",
};

export class StatusLine {
  constructor(doc, store) {
    this.doc = doc;
    this.store = store;
    this.el = doc.getElementById("save-status");
    this.retry = doc.getElementById("retry-save");
    this.showConflict = doc.getElementById("show-conflict");
  }

  update() {
    const state = this.store.overall();
    if (this.el.dataset.state === state && state !== "invalid") return;
    this.el.dataset.state = state;
    this.el.textContent = MESSAGES[state];
    if (state === "invalid") this.el.append(this.firstError());
    if (state === "signedout") this.el.append(this.signInLink());
    this.retry.hidden = state !== "failed";
    this.showConflict.hidden = state !== "conflict";
  }

  firstError() {
    const rec = Array.from(this.store.records.values()).find((r) => r.status === "invalid");
    return rec ? rec.error : "";
  }

  signInLink() {
    const link = this.doc.createElement("a");
    const here = window.location.pathname + window.location.search;
    link.href = `/login?next=${encodeURIComponent(here)}`;
    link.textContent = "Sign in again";
    return link;
  }
}

export class Toast {
  constructor(doc) {
    this.el = doc.getElementById("toast");
    this.text = doc.getElementById("toast-text");
    this.undo = doc.getElementById("toast-undo");
    this.action = null;
    this.undo.addEventListener("click", () => {
      const action = this.action;
      this.hide();
      if (action) action();
    });
  }

  show(message, action = null) {
    clearTimeout(this.timer);
    this.text.textContent = message;
    this.action = action;
    this.undo.hidden = !action;
    this.el.hidden = false;
    this.timer = setTimeout(() => this.hide(), action ? 10000 : 4000);
  }

  hide() {
    this.el.hidden = true;
    this.action = null;
  }
}
