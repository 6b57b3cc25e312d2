// Checked before: the newsroom's earlier approved claims, and other fact-checkers' reviews, that say
// what the open claim says. Fetched when a claim opens; an earlier verdict can be reused (the store
// takes the new version), a wrong match dismissed for good. Undecided suggestions are marked in the
// lists from one request for the whole article, made once after the page loads.
import { call } from "./api.js";
import { bestOf, checkedMark } from "./claimlist.js";

const PENDING_RETRIES = 3; // the worker stores a new claim's vector within seconds: ask again for those
const PENDING_WAIT_MS = 4000;

function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(doc, text, className, onClick) {
  const node = el(doc, "button", className, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function day(iso) {
  if (!iso) return "";
  const date = new Date(`${iso}T00:00:00`);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString([], { dateStyle: "medium" });
}

/** One line of who said it, when, and what it was rated: plain text parts, never HTML. */
function meta(doc, match) {
  const line = el(doc, "p", "match-meta");
  const rated = match.kind === "reference" ? `${match.publisher || "Another fact-checker"} rated it ` : "Rated ";
  line.append(rated, el(doc, "strong", "", match.verdict || "without a verdict"));
  if (match.claimant) line.append(`; said by ${match.claimant}`);
  if (match.date) line.append(`; ${match.kind === "reference" ? "reviewed" : "checked"} ${day(match.date)}`);
  return line;
}

function link(doc, match) {
  if (match.kind === "claim") {
    const a = el(doc, "a", "small", `Open it in “${match.article_title}”`);
    a.href = match.url;
    return a;
  }
  const a = el(doc, "a", "small", `Read the review${match.publisher ? ` by ${match.publisher}` : ""} ↗`);
  a.href = match.url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.append(el(doc, "span", "visually-hidden", " (opens in a new tab)"));
  return a;
}

export class CheckedBefore {
  constructor(doc, workspace) {
    this.doc = doc;
    this.workspace = workspace;
    this.store = workspace.store;
    this.root = doc.getElementById("checked-before");
    this.list = doc.getElementById("match-list");
    this.error = doc.getElementById("checked-before-error");
    this.claimId = null;
    this.asked = 0; // answers to an earlier claim's request are dropped
  }

  start() {
    this.doc.addEventListener("claim:open", (event) => this.open(event.detail.id));
    this.doc.addEventListener("claim:close", () => this.open(null));
    // A claim made just now gets its id when it is first saved: then it can have matches.
    this.store.addEventListener("saved-new", ({ detail }) => {
      if (this.workspace.current === String(detail.id)) this.open(detail.id);
    });
    if (this.workspace.current) this.open(this.workspace.current); // a #claim-N link opened it already
    this.markSuggestions(PENDING_RETRIES);
  }

  /** One request for the article: mark each undecided suggestion that was checked before. */
  async markSuggestions(retries) {
    if (!this.store.views().some((claim) => claim.review_state === "suggested")) return;
    let found;
    try {
      found = await call("GET", `/api/v1/articles/${this.workspace.article.id}/matches`);
    } catch {
      return; // only a hint: the panel still shows a suggestion's matches when it opens
    }
    this.workspace.list.markChecked(found.claims);
    for (const [id, matches] of Object.entries(found.claims)) {
      const item = this.doc.getElementById(`suggestion-${id}`);
      if (item && !item.querySelector(".checked-mark")) {
        const line = this.doc.createElement("p");
        line.append(checkedMark(this.doc, bestOf(matches)));
        item.querySelector(".claim-quote").after(line);
      }
    }
    if (found.pending.length && retries > 0) setTimeout(() => this.markSuggestions(retries - 1), PENDING_WAIT_MS);
  }

  async open(id) {
    const asked = ++this.asked;
    const saved = id !== null && /^\d+$/.test(String(id)); // a claim not saved yet has no matches
    this.claimId = saved ? String(id) : null;
    this.root.hidden = true;
    this.say("");
    if (!saved) return;
    try {
      const matches = await call("GET", `/api/v1/claims/${id}/matches`);
      if (asked === this.asked) this.render(matches);
    } catch (error) {
      if (asked === this.asked && !error.isTransient) this.say(error.message); // a slow server: just no box
    }
  }

  say(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
    if (message) this.root.hidden = false;
  }

  mayEdit() {
    return this.workspace.editable && this.workspace.review.mayEdit(this.claimId);
  }

  render(matches) {
    this.list.replaceChildren(...matches.map((match) => this.item(match)));
    this.root.hidden = matches.length === 0 && this.error.hidden;
    this.root.dataset.count = String(matches.length);
  }

  item(match) {
    const li = el(this.doc, "li", `match match-${match.kind}`);
    li.dataset.matchKind = match.kind;
    li.dataset.matchId = String(match.id);
    const quote = el(this.doc, "blockquote", "match-quote", `“${match.quote}”`);
    quote.dir = "auto";
    const actions = el(this.doc, "div", "match-actions");
    actions.append(link(this.doc, match));
    if (this.mayEdit()) {
      // Another organisation's rating is on its own scale: only the newsroom's own verdicts are reused.
      if (match.kind === "claim") actions.append(button(this.doc, "Reuse this verdict", "primary small", () => this.reuse(match)));
      actions.append(button(this.doc, "Not the same claim", "small", () => this.dismiss(match, li)));
    }
    li.append(quote, meta(this.doc, match), actions);
    return li;
  }

  async reuse(match) {
    const id = this.claimId;
    const rec = this.store.get(id);
    if (!rec) return;
    if (this.store.hasWork(rec) || rec.busy) {
      this.say("Your last change to this claim is still being saved. Try again in a moment.");
      return;
    }
    try {
      const fresh = await call("POST", `/api/v1/claims/${id}/reuse`, { body: { original: match.id, version: rec.server.version } });
      this.store.replace(id, fresh);
      this.say("");
      this.workspace.announce(`Verdict “${match.verdict}” and its sources reused from the earlier claim.`);
    } catch (error) {
      if (error.current) this.store.refresh(error.current);
      this.say(error.status === 409 && error.current
        ? "Someone changed this claim meanwhile. Look at it again, then reuse the verdict if it still fits."
        : error.message);
    }
  }

  async dismiss(match, li) {
    const id = this.claimId;
    try {
      const left = await call("POST", `/api/v1/claims/${id}/matches/dismiss`, { body: { kind: match.kind, id: match.id } });
      if (id !== this.claimId) return;
      const next = li.nextElementSibling || li.previousElementSibling;
      this.render(left);
      this.workspace.announce("Match removed: it will not be shown for this claim again.");
      // Keep the keyboard where it was: the next match's first button, else the section's heading.
      const target = next && this.list.querySelector(`[data-match-id="${next.dataset.matchId}"][data-match-kind="${next.dataset.matchKind}"] button`);
      (target || (this.root.hidden ? this.doc.getElementById("editor-title") : this.doc.getElementById("checked-before-title"))).focus();
    } catch (error) {
      this.say(error.message);
    }
  }
}

export function initCheckedBefore(doc, workspace) {
  const box = new CheckedBefore(doc, workspace);
  box.start();
  return box;
}
