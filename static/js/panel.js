// The claim panel: shows the open claim and turns every edit into a store change (the store
// saves). It never overwrites what the user is typing: the store's view already holds it.
import { sourceKey } from "./store.js";

const FIELD_LABELS = { claimant: "Claimant", verdict: "Verdict", notes: "Notes", start: "Start", end: "End" };
const SOURCE_FIELDS = ["url", "title", "publisher", "published_on", "passage", "relation", "archive_url"];
// The review states in the words of the claim list, its filter and the legend (sentence case).
const STATE_WORDS = { suggested: "Suggestion", open: "Open", submitted: "Waiting for review", approved: "Approved",
  changes_requested: "Sent back", dismissed: "Dismissed" };
const $ = (root, selector) => root.querySelector(selector);

const ADDRESS_FIELDS = ["url", "archive_url"];

function sourceFields(container) {
  return Object.fromEntries(SOURCE_FIELDS.map((name) => {
    const value = $(container, `[data-name="${name}"]`).value.trim();
    return [name, ADDRESS_FIELDS.includes(name) ? webAddress(value) : value];
  }));
}

/** Read "example.org/x" as https://example.org/x: addresses are often pasted without a scheme. */
export function webAddress(value) {
  const text = (value || "").trim();
  if (!text || /^[a-z][a-z0-9+.-]*:/i.test(text)) return text;
  if (text.startsWith("//")) return `https:${text}`;
  return /^[^\s/?#.]+(\.[^\s/?#.]+)+([/?#]\S*)?$/.test(text) ? `https://${text}` : text;
}

export function isWebAddress(value) {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch (error) {
    return false;
  }
}

/** Say a detector score in words, as presenters.confidence does: "Detector confidence: high (95%)".
 * bands: [lowest score, word] pairs, highest first (the page's confidence_bands). */
export function confidence(score, bands) {
  const value = Number(score) || 0;
  const [, word] = bands.find(([lowest]) => value >= lowest) || bands[bands.length - 1];
  return `Detector confidence: ${word} (${Math.round(100 * value)}%)`;
}

export class Panel {
  constructor(doc, store, verdicts, actions) {
    this.doc = doc;
    this.el = doc.getElementById("claim-editor");
    this.store = store;
    this.labels = Object.fromEntries(verdicts.map((v) => [v.key, v.label]));
    this.actions = actions;
    this.id = null;
    this.sourcesShown = "";
    this.bind();
  }

  bind() {
    for (const input of this.el.querySelectorAll("[data-field]")) {
      input.addEventListener("input", () => this.store.edit(this.id, input.dataset.field, input.value));
    }
    this.el.querySelector("#verdicts").addEventListener("change", (event) => {
      this.store.edit(this.id, "verdict", event.target.value || null);
    });
    $(this.el, "#editor-close").addEventListener("click", () => this.actions.close());
    $(this.el, "#delete-claim").addEventListener("click", () => this.actions.remove(this.id));
    $(this.el, "#accept-suggestion").addEventListener("click", () => this.actions.decide(this.id, "accept"));
    $(this.el, "#dismiss-suggestion").addEventListener("click", () => this.actions.decide(this.id, "dismiss"));
    for (const button of this.el.querySelectorAll("[data-adjust]")) {
      const [edge, step] = button.dataset.adjust.split(":");
      button.addEventListener("click", () => this.actions.adjust(this.id, edge, Number(step)));
    }
    $(this.el, "#source-form").addEventListener("submit", (event) => this.submitSource(event));
    $(this.el, "#conflicts").addEventListener("click", (event) => this.resolveConflict(event));
    $(this.el, "#source-list").addEventListener("change", (event) => this.editSource(event));
    $(this.el, "#source-list").addEventListener("click", (event) => this.removeSource(event));
  }

  /** This tab may not change the open claim (signed off, or a reviewer who has not chosen Edit):
   * its fields show, disabled; the review controls and the close button stay usable. */
  setReadOnly(flag) {
    if (this.readOnlyShown !== flag) this.sourcesShown = ""; // redraw the sources as they should be
    this.readOnlyShown = flag;
    this.el.classList.toggle("is-read-only", flag);
    const fields = "input, textarea, select, button:not(#editor-close)";
    for (const el of this.el.querySelectorAll(fields)) {
      // A source being saved stays disabled (sourceItem); the review controls are never locked here.
      if (el.closest("#review-actions, #sent-back-note, #conflicts") || (!flag && el.closest("#source-list, .retired"))) continue;
      el.disabled = flag;
    }
    this.el.querySelector("#add-source").hidden = flag;
  }

  /** Name the other claims that share words with this one (a nested claim shows both). */
  showOverlaps(others) {
    const box = $(this.el, "#editor-overlap");
    box.hidden = !others.length;
    if (!others.length) return box.replaceChildren();
    const buttons = others.map(({ id, quote }) => {
      const button = this.doc.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = quote;
      button.addEventListener("click", () => this.actions.open(id, { scroll: true }));
      return button;
    });
    box.replaceChildren(`Shares words with ${others.length === 1 ? "another claim" : `${others.length} other claims`}: `, ...buttons);
    return null;
  }

  get isOpen() {
    return this.id !== null && !this.el.hidden;
  }

  open(id, { focus = false } = {}) {
    if (String(id) !== String(this.id)) {
      this.sourcesShown = "";
      this.showNews([]);
      this.el.parentElement.scrollTop = 0; // a new claim starts at the top of the panel
    }
    this.id = String(id);
    this.el.hidden = false;
    this.render();
    if (focus) this.firstControl().focus({ preventScroll: true });
  }

  /** Where the keyboard lands on opening: the decision to make (Accept, Approve), else the head,
   * from where the single keys (verdict, p, n, s) reach every field. */
  firstControl() {
    const decide = ["#accept-suggestion", "#approve-claim"].map((id) => $(this.el, id))
      .find((button) => !button.closest("[hidden]") && !button.disabled);
    return decide || $(this.el, "#editor-title");
  }

  close() {
    this.id = null;
    this.el.hidden = true;
  }

  /** Follow a claim whose id changed when the server first saved it. */
  rename(oldId, newId) {
    if (this.id === String(oldId)) this.id = String(newId);
  }

  render() {
    const claim = this.id === null ? null : this.store.view(this.id);
    if (!claim) return this.close();
    const rec = this.store.get(this.id);
    this.renderHead(claim);
    this.setValue("#f-claimant", claim.claimant || "");
    this.setValue("#f-notes", claim.notes || "");
    const radio = this.el.querySelector(`input[name="verdict"][value="${claim.verdict || ""}"]`);
    if (radio && !radio.checked) radio.checked = true;
    // A verdict the page has no choice for must not leave the previous claim's choice showing.
    if (!radio) for (const other of this.el.querySelectorAll('input[name="verdict"]:checked')) other.checked = false;
    this.renderSources(claim);
    this.renderConflicts(claim, rec);
    this.renderSuggestion(claim);
    this.actions.rendered(claim);
    return null;
  }

  /** Say which fields someone else (another tab, another person) just changed on this claim. */
  showNews(keys) {
    const box = $(this.el, "#editor-news");
    box.hidden = !keys.length;
    if (!keys.length) return box.replaceChildren();
    const claim = this.store.view(this.id);
    const words = [...new Set(keys.map((key) => this.describeChange(key, claim)))];
    box.textContent = `Changed elsewhere just now (another tab or another person): ${words.join("; ")}. Check before you go on.`;
    return null;
  }

  describeChange(key, claim) {
    if (key === "verdict") return `verdict, now ${this.labels[claim.verdict] || "Unrated"}`;
    if (key === "review_state") return `review state, now ${(STATE_WORDS[claim.review_state] || claim.review_state).toLowerCase()}`;
    if (key === "start" || key === "end") return "the words it covers";
    if (key.startsWith("source:")) return "its sources";
    return (FIELD_LABELS[key] || key).toLowerCase();
  }

  setValue(selector, value) {
    const input = $(this.el, selector);
    if (input.value !== value) input.value = value;
  }

  renderHead(claim) {
    // Claims and suggestions are counted apart: a suggestion is not a claim until accepted.
    const suggestion = claim.review_state === "suggested";
    const alike = this.store.views().filter((c) => (c.review_state === "suggested") === suggestion);
    const position = alike.filter((c) => c.start < claim.start).length + 1;
    $(this.el, "#editor-noun").textContent = suggestion ? "Suggestion" : "Claim";
    $(this.el, "#editor-position").textContent = claim.pending ? "(new)" : `${position} of ${alike.length}`;
    $(this.el, "#editor-quote").textContent = this.actions.quote(claim);
    const state = $(this.el, "#editor-state");
    state.textContent = STATE_WORDS[claim.review_state] || claim.review_state;
    state.className = `editor-state rs-${claim.review_state}`;
    const meta = claim.pending ? "Not yet on the server" : `Version ${claim.version} · last changed ${new Date(claim.updated_at).toLocaleString()}`;
    $(this.el, "#editor-meta").textContent = meta;
  }

  renderSuggestion(claim) {
    const box = $(this.el, "#suggestion-box");
    box.hidden = claim.review_state !== "suggested";
    if (box.hidden) return;
    const score = claim.score === null || claim.score === undefined ? "" : ` ${confidence(claim.score, this.actions.confidenceBands)}.`;
    const reasons = (claim.reasons || []).join(", ");
    $(this.el, "#suggestion-why").textContent = `Suggested by the detector${reasons ? `: ${reasons}` : ""}.${score}`;
  }

  renderSources(claim) {
    const shown = JSON.stringify(claim.sources);
    if (shown === this.sourcesShown) return;
    this.sourcesShown = shown;
    const list = $(this.el, "#source-list");
    const open = new Set(Array.from(list.querySelectorAll("details[open]"), (d) => d.closest("li").dataset.sourceId));
    list.replaceChildren(...claim.sources.map((source, index) => this.sourceItem(source, index, open)));
  }

  sourceItem(source, index, open) {
    const item = this.doc.getElementById("source-template").content.firstElementChild.cloneNode(true);
    item.dataset.sourceId = source.id ?? `pending-${index}`;
    item.classList.toggle("is-pending", Boolean(source.pending));
    item.classList.add(`rel-${source.relation || "supports"}`);
    $(item, "details").open = open.has(item.dataset.sourceId);
    $(item, '[data-show="relation"]').textContent = source.relation || "supports";
    $(item, '[data-show="title"]').textContent = source.title || source.url;
    const meta = [source.publisher, source.published_on, source.pending ? "saving…" : ""].filter(Boolean).join(" · ");
    $(item, '[data-show="meta"]').textContent = meta;
    const link = $(item, '[data-show="link"]');
    link.hidden = Boolean(source.pending) || !isWebAddress(source.url);
    if (!link.hidden) {
      link.href = source.url;
      $(link, "span").textContent = new URL(source.url).host;
    }
    $(item, '[data-show="passage"]').textContent = source.passage || "";
    $(item, '[data-show="passage"]').hidden = !source.passage;
    for (const name of SOURCE_FIELDS) {
      const input = $(item, `[data-name="${name}"]`);
      input.value = source[name] ?? "";
      input.disabled = Boolean(source.pending);
    }
    $(item, ".remove-source").disabled = Boolean(source.pending);
    return item;
  }

  renderConflicts(claim, rec) {
    const box = $(this.el, "#conflicts");
    const keys = Object.keys(rec.conflicts);
    box.hidden = !keys.length;
    if (!keys.length) return box.replaceChildren();
    const heading = this.doc.createElement("p");
    heading.className = "conflict-lead";
    heading.textContent = "Someone else changed this claim while you were editing. Nothing is lost: choose which text to keep.";
    box.replaceChildren(heading, ...keys.map((key) => this.conflictItem(key, rec)));
    return null;
  }

  conflictItem(key, rec) {
    const item = this.doc.createElement("div");
    item.className = "conflict";
    item.dataset.key = key;
    const [, , field] = key.split(":");
    const label = FIELD_LABELS[key] || `Source ${field ? field.replace("_", " ") : ""}`;
    const show = (value) => (key === "verdict" ? this.labels[value] || "Unrated" : String(value ?? "") || "(empty)");
    item.innerHTML = `<h3></h3><div class="conflict-sides"><div><p class="small">Their version</p><pre class="theirs"></pre>
      <button type="button" data-choice="theirs">Keep theirs</button></div><div><p class="small">Your unsaved text</p>
      <pre class="mine"></pre><button type="button" class="primary" data-choice="mine">Keep mine</button></div></div>`;
    $(item, "h3").textContent = label;
    $(item, ".theirs").textContent = show(rec.conflicts[key]);
    $(item, ".mine").textContent = show(rec.draft[key]);
    return item;
  }

  resolveConflict(event) {
    const button = event.target.closest("[data-choice]");
    if (!button) return;
    this.store.resolve(this.id, button.closest(".conflict").dataset.key, button.dataset.choice);
    this.sourcesShown = "";
    this.render();
    $(this.el, "#editor-title").focus();
  }

  submitSource(event) {
    event.preventDefault();
    const form = event.target;
    const fields = sourceFields(form);
    const error = $(form, "#source-form-error");
    const problem = !isWebAddress(fields.url) ? "Give the source's address, starting with http:// or https://."
      : fields.archive_url && !isWebAddress(fields.archive_url) ? "The archived copy's address must start with http:// or https://." : "";
    error.textContent = problem;
    error.hidden = !problem;
    if (problem) return $(form, '[data-name="url"]').focus();
    this.store.addSource(this.id, fields);
    form.reset();
    $(this.el, "#add-source").open = false;
    this.actions.announce("Source added.");
    return null;
  }

  showRefusedSource(fields, message) {
    const form = $(this.el, "#source-form");
    for (const [name, value] of Object.entries(fields)) $(form, `[data-name="${name}"]`).value = value;
    $(this.el, "#add-source").open = true;
    const error = $(form, "#source-form-error");
    error.textContent = `Not added: ${message}`;
    error.hidden = false;
  }

  editSource(event) {
    const input = event.target.closest("[data-name]");
    const item = input && input.closest("li[data-source-id]");
    if (!item || item.classList.contains("is-pending")) return;
    const address = ADDRESS_FIELDS.includes(input.dataset.name);
    const value = address ? webAddress(input.value) : input.value.trim();
    if (address && value !== input.value) input.value = value;
    if (address && value && !isWebAddress(value)) {
      input.setCustomValidity("Use an http:// or https:// address.");
      input.reportValidity();
      return;
    }
    input.setCustomValidity("");
    this.store.edit(this.id, sourceKey(Number(item.dataset.sourceId), input.dataset.name), value);
  }

  removeSource(event) {
    const button = event.target.closest(".remove-source");
    if (!button) return;
    this.store.removeSource(this.id, Number(button.closest("li").dataset.sourceId));
    this.actions.announce("Source removed.");
  }

  focusField(name) {
    if (name === "source") {
      $(this.el, "#add-source").open = true;
      return $(this.el, '#source-form [data-name="url"]').focus();
    }
    return $(this.el, name === "notes" ? "#f-notes" : "#f-claimant").focus();
  }
}
