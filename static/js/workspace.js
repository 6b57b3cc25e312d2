// The annotation workspace: the article with its highlights, the claim panel, the claim
// list and the keyboard. Data comes from <script id="article-data">; saving is the store's.
import { call } from "./api.js";
import { ClaimList, quoted } from "./claimlist.js";
import { Desk } from "./desk.js";
import { ArticleText } from "./highlights.js";
import { bindKeys } from "./keys.js";
import { sentenceSpans, cpFromUtf16 } from "./offsets.js";
import { Panel } from "./panel.js";
import { ReviewDesk } from "./reviewpanel.js";
import { Store } from "./store.js";
import { StatusLine, Toast } from "./status.js";
import { TabSync } from "./tabs.js";

const REDRAW = new Set(["start", "end", "verdict", "created", "merged", "saved", "removed", "restored", "saved-new"]);

class Workspace {
  constructor(doc) {
    this.doc = doc;
    const root = doc.getElementById("workspace");
    const data = JSON.parse(doc.getElementById("article-data").textContent);
    this.article = { id: Number(root.dataset.articleId), version: Number(root.dataset.articleVersion) };
    this.editable = root.dataset.editable === "yes";
    this.submittable = root.dataset.submittable === "yes";
    this.reviewing = root.dataset.reviewing === "yes";
    this.verdicts = data.verdicts;
    this.confidenceBands = data.confidence_bands;
    this.text = new ArticleText(doc.getElementById("article-text"));
    this.store = new Store(this.article, data.claims);
    this.spans = new Map(data.claims.map((c) => [String(c.id), [c.start, c.end]]));
    // Labels cover retired verdicts that claims here still carry; the keys 1-9 choose active ones only.
    const named = [...this.verdicts, ...(data.retired_verdicts || [])];
    this.panel = new Panel(doc, this.store, named, this);
    this.desk = new Desk(doc);
    this.review = new ReviewDesk(doc, this.store, this, { reviewing: this.reviewing, editable: this.editable });
    this.list = new ClaimList(doc, this.store, named, (id) => this.open(id, { scroll: true }), data.orphans || []);
    this.status = new StatusLine(doc, this.store);
    this.toast = new Toast(doc);
    this.tabs = new TabSync(doc.defaultView, this.store, this.article.id);
    this.current = null;
    this.lastDeleted = null;
    this.deciding = new Set(); // suggestions whose accept or dismiss is on its way
  }

  /** Bind what a click or a key needs first; the claim list (1,000 entries on a long article)
   * is built afterwards in pieces, so no long task holds up the first click. The page is
   * `data-workspace="ready"` once the list is shown too. */
  start() {
    this.list.loadDismissed = async () => (await call("GET", `/api/v1/articles/${this.article.id}/claims`))
      .filter((c) => c.review_state === "dismissed");
    this.list.onRestore = (claim) => this.restore(claim);
    this.bindText();
    this.desk.start();
    this.review.start();
    this.bindStore();
    this.bindChrome();
    bindKeys(this.doc, this.keyHandlers());
    if (this.store.restored) {
      this.redrawAll();
      this.toast.show(this.restoredMessage());
    }
    this.tabs.start();
    if (this.editable) this.store.start();
    this.status.update();
    this.openFromHash();
    window.addEventListener("hashchange", () => this.openFromHash());
    performance.mark("workspace-interactive");
    return (this.list.drawn ? Promise.resolve() : this.list.renderInPieces()).then(() => {
      this.doc.documentElement.dataset.workspace = "ready";
      performance.mark("workspace-ready");
    });
  }

  /** Say what came back from this browser, and what still needs the user rather than "saving now". */
  restoredMessage() {
    const count = this.store.restored;
    const conflicts = this.store.conflicted().length;
    const restored = `Restored ${count} unsaved change${count === 1 ? "" : "s"} from this browser`;
    if (!conflicts) return `${restored}; saving now.`;
    const which = conflicts === count ? (count === 1 ? "it" : "they") : `${conflicts} of them`;
    return `${restored}. Someone else has changed the same text since, so ${which} will not be saved until you choose which text to keep: press “Show the conflict”.`;
  }

  showFirstConflict() {
    const [id] = this.store.conflicted();
    if (id !== undefined) this.open(id, { scroll: true, focus: true });
  }

  /** A review form on the page sends the claim's version: after this tab saves the claim, the
   * version it saved (else "Fixed: resubmit" is refused as stale). */
  syncReviewForms(id) {
    const rec = this.store.get(id);
    if (!rec || !rec.server.id) return;
    for (const input of this.doc.querySelectorAll(`.review-item[data-claim-id="${rec.server.id}"] input[name="version"]`)) {
      input.value = rec.server.version;
    }
  }

  /** Hold a review form (e.g. "Fixed: resubmit") until the claim's edits are saved. */
  holdReviewForm(event) {
    const item = event.target.closest(".review-item[data-claim-id]");
    const rec = item && this.store.get(item.dataset.claimId);
    if (!rec) return;
    if (Object.keys(rec.conflicts).length) {
      event.preventDefault();
      this.open(rec.id, { scroll: true });
      this.toast.show("Choose which text to keep in this claim first.");
      return;
    }
    if (!this.store.hasWork(rec) && !rec.busy) return;
    event.preventDefault();
    this.toast.show("Saving your changes first…");
    const form = event.target;
    const send = () => {
      if (this.store.hasWork(rec) || rec.busy) return setTimeout(send, 100);
      if (rec.status !== "saved") return this.toast.show("Not sent: your changes to this claim are not saved yet.");
      return form.submit(); // the save has set the form's version (changed → syncReviewForms)
    };
    send();
  }

  // --- highlights and the text ---

  bindText() {
    const textRoot = this.text.root;
    textRoot.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.hl");
      if (!mark || !window.getSelection().isCollapsed) return;
      const ids = mark.dataset.claims.split(" ");
      if (ids.length === 1) this.open(ids[0]);
      else this.choose(mark, ids);
    });
    this.doc.addEventListener("selectionchange", () => this.showSelectionTools());
    this.doc.getElementById("make-claim").addEventListener("click", () => this.createFromSelection({ byMouse: true }));
  }

  redraw(id) {
    const claim = this.store.view(id);
    const old = this.spans.get(String(id));
    const span = claim ? [claim.start, claim.end] : old;
    if (!span) return;
    const from = Math.min(span[0], old ? old[0] : span[0]);
    const to = Math.max(span[1], old ? old[1] : span[1]);
    if (claim) this.spans.set(String(id), span); else this.spans.delete(String(id));
    this.text.redraw(from, to, this.store.views());
    this.markActive();
  }

  redrawAll() {
    const claims = this.store.views();
    for (const p of this.text.paragraphs) this.text.drawParagraph(p, claims);
    this.spans = new Map(claims.map((c) => [String(c.id), [c.start, c.end]]));
    this.list.render();
  }

  markActive() {
    for (const mark of this.text.root.querySelectorAll("mark.is-active")) mark.classList.remove("is-active");
    if (this.current === null) return [];
    const marks = this.text.root.querySelectorAll(`mark[data-claims~="${this.current}"]`);
    for (const mark of marks) mark.classList.add("is-active");
    return marks;
  }

  open(id, { scroll = false, focus = false } = {}) {
    this.hideChooser();
    this.current = String(id);
    this.desk.show("claim");
    this.doc.getElementById("desk-empty").hidden = true;
    this.panel.open(id, { focus });
    this.list.activate(id);
    const marks = this.markActive();
    // On a phone the sheet covers the lower part of the screen: the claim's words go to the top.
    if (marks.length && (scroll || this.desk.isNarrow())) marks[0].scrollIntoView({ block: this.desk.isNarrow() ? "start" : "center" });
    this.doc.dispatchEvent(new CustomEvent("claim:open", { detail: { id: this.current } })); // thread.js
  }

  // A link to #claim-<id> (a search result, a claim's history) arrives with that claim open.
  openFromHash() {
    const match = /^#claim-(\d+)$/.exec(window.location.hash);
    if (match && this.store.view(match[1])) this.open(match[1], { scroll: true });
  }

  close() {
    this.current = null;
    this.panel.close();
    this.doc.getElementById("desk-empty").hidden = false;
    this.list.activate(null);
    this.markActive();
    this.doc.dispatchEvent(new CustomEvent("claim:close"));
  }

  quote(claim) {
    return this.text.slice(claim.start, claim.end);
  }

  /** The panel drew a claim: add what depends on the role (review, read-only, overlaps). */
  rendered(claim) {
    this.review.render(claim);
    this.panel.setReadOnly(!this.review.mayEdit(claim.id));
    const others = this.store.views().filter((c) => String(c.id) !== String(claim.id) && c.start < claim.end && c.end > claim.start);
    this.panel.showOverlaps(others.map((c) => ({ id: c.id, quote: quoted(this.truncate(this.quote(c))) })));
  }

  /** The claim to review after this one: the next one waiting, in reading order, wrapping round. */
  nextInReview(id) {
    const ordered = this.list.ordered();
    const at = ordered.findIndex((c) => String(c.id) === String(id));
    const after = [...ordered.slice(at + 1), ...ordered.slice(0, Math.max(at, 0))];
    const next = after.find((c) => c.review_state === "submitted");
    return next ? String(next.id) : null;
  }

  /** A review move saved from the panel: the Review tab's list no longer shows it as waiting. */
  reviewMoved(claim) {
    for (const item of this.doc.querySelectorAll(`#review .review-item[data-claim-id="${claim.id}"]`)) {
      item.classList.add("is-done");
      for (const control of item.querySelectorAll("button, textarea")) control.disabled = true;
    }
  }

  choose(mark, ids) {
    const chooser = this.doc.getElementById("chooser");
    const claims = ids.map((id) => this.store.view(id)).filter(Boolean).sort((a, b) => (a.end - a.start) - (b.end - b.start));
    chooser.replaceChildren(...claims.map((claim) => {
      const button = this.doc.createElement("button");
      button.type = "button";
      button.className = `choice v-${claim.verdict || "unrated"}`;
      button.textContent = quoted(this.truncate(this.quote(claim)));
      button.addEventListener("click", () => this.open(claim.id));
      return button;
    }));
    const box = mark.getBoundingClientRect();
    chooser.style.top = `${window.scrollY + box.bottom + 6}px`;
    chooser.style.left = `${Math.max(8, window.scrollX + box.left)}px`;
    chooser.hidden = false;
    chooser.querySelector("button").focus();
  }

  hideChooser() {
    this.doc.getElementById("chooser").hidden = true;
  }

  truncate(text) {
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  }

  // --- selecting text and making claims ---

  selectedSpan() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!this.text.root.contains(range.commonAncestorContainer)) return null;
    return this.text.spanOf(range);
  }

  showSelectionTools() {
    const tools = this.doc.getElementById("selection-tools");
    const span = this.editable ? this.selectedSpan() : null;
    tools.hidden = !span;
    if (!span) return;
    const box = window.getSelection().getRangeAt(0).getBoundingClientRect();
    tools.style.top = `${window.scrollY + box.bottom + 8}px`;
    tools.style.left = `${Math.max(8, window.scrollX + box.left)}px`;
  }

  /** Mark the selection as a claim. By mouse the claimant field takes the focus; by keyboard the
   * panel's head does, so the single keys (a verdict number, p, n, s) keep working. */
  createFromSelection({ byMouse = false } = {}) {
    const span = this.editable ? this.selectedSpan() : null;
    if (!span) return false;
    const same = this.store.views().find((c) => c.start === span.start && c.end === span.end);
    const id = same ? same.id : this.store.create(span.start, span.end);
    window.getSelection().removeAllRanges();
    this.cursor = span.end;
    this.open(id, { focus: !byMouse });
    if (byMouse) this.panel.focusField("claimant");
    if (!same) this.announce(`Claim created. Set its verdict with ${this.verdictKeys()}, the claimant with p.`);
    return true;
  }

  /** Select the next (or previous) sentence after the keyboard cursor. */
  selectSentence(direction) {
    const at = this.cursor ?? (this.current ? this.store.view(this.current)?.end ?? 0 : 0);
    const all = this.text.paragraphs.flatMap((p) => sentenceSpans(p.text).map(([a, b]) => [
      p.start + cpFromUtf16(p.text, a), p.start + cpFromUtf16(p.text, b)]));
    const found = direction > 0 ? all.find(([a]) => a >= at) : all.reverse().find(([, b]) => b <= (this.cursorStart ?? at));
    if (!found) return;
    this.cursorStart = found[0];
    this.cursor = found[1];
    this.text.select(found[0], found[1]);
    window.getSelection().getRangeAt(0).startContainer.parentElement.scrollIntoView({ block: "nearest" });
  }

  moveSelection(edge, direction) {
    const selection = window.getSelection();
    if (!this.selectedSpan()) return false;
    const range = selection.getRangeAt(0);
    const [start, end] = [[range.startContainer, range.startOffset], [range.endContainer, range.endOffset]];
    if (edge === "start") selection.setBaseAndExtent(...end, ...start);
    else selection.setBaseAndExtent(...start, ...end);
    selection.modify("extend", direction > 0 ? "forward" : "backward", "word");
    const span = this.selectedSpan();
    if (span) { this.cursorStart = span.start; this.cursor = span.end; }
    return true;
  }

  /** Move a claim's start or end by one word. */
  adjust(id, edge, direction) {
    const claim = id && this.store.view(id);
    if (!claim || !this.editable) return;
    const value = this.text.wordStep(claim[edge], edge, direction);
    const [start, end] = edge === "start" ? [value, claim.end] : [claim.start, value];
    if (value === null || end <= start) return;
    this.store.edit(id, edge, value);
  }

  // --- deleting, suggestions, submitting ---

  async remove(id) {
    if (!id || !this.editable) return;
    this.close();
    try {
      this.lastDeleted = await this.store.remove(id);
      this.toast.show("Claim deleted.", () => this.undo());
    } catch (error) {
      this.toast.show(`Not deleted: ${error.message}`);
    }
  }

  undo() {
    if (!this.lastDeleted) return;
    const id = this.store.undoRemove(this.lastDeleted);
    this.lastDeleted = null;
    this.toast.show("Claim restored.");
    this.open(id, { scroll: true });
  }

  async decide(id, verb) {
    const claim = id && this.store.view(id);
    // A second press while the first decision is on its way would be refused as stale: ignore it.
    if (!claim || claim.review_state !== "suggested" || this.deciding.has(String(claim.id))) return;
    this.deciding.add(String(claim.id));
    try {
      const fresh = await call("POST", `/api/v1/claims/${claim.id}/${verb}`, { body: { version: claim.version } });
      this.store.replace(claim.id, fresh);
      if (verb === "accept") this.announce("Suggestion accepted.");
      if (verb === "dismiss") {
        this.store.forget(claim.id);
        this.list.dismissed(fresh);
        this.toast.show("Suggestion dismissed.", () => this.restore(fresh));
      }
    } catch (error) {
      this.toast.show(`Could not ${verb} the suggestion: ${error.message}`);
    } finally {
      this.deciding.delete(String(claim.id));
    }
  }

  /** Undo a dismissal: the claim is a suggestion again, where it was. */
  async restore(claim) {
    try {
      const fresh = await call("POST", `/api/v1/claims/${claim.id}/restore`, { body: { version: claim.version } });
      this.store.refresh(fresh);
      this.list.undismissed(fresh.id);
      this.redraw(fresh.id);
      this.list.render();
      this.open(fresh.id, { scroll: true });
      this.announce("Suggestion restored.");
    } catch (error) {
      this.toast.show(`Not restored: ${error.message}`);
    }
  }

  openSubmit() {
    const dialog = this.doc.getElementById("submit-dialog");
    if (!this.submittable) return;
    const count = this.list.tally();
    const blocked = count.suggested > 0; // the server refuses it too: suggestions are decided first
    this.doc.getElementById("submit-title").textContent = blocked ? "Not ready to submit" : "Submit for review?";
    this.doc.getElementById("submit-summary").textContent = blocked ? this.blockedSummary(count) : this.submitSummary(count);
    const error = this.doc.getElementById("submit-error");
    error.hidden = blocked || this.store.isIdle();
    error.textContent = error.hidden ? "" : "Some changes are not saved yet. Wait for “All changes saved”.";
    const confirm = this.doc.getElementById("submit-confirm");
    confirm.hidden = blocked;
    confirm.disabled = !error.hidden;
    this.doc.getElementById("submit-decide").hidden = !blocked;
    dialog.returnValue = ""; // Escape keeps the last value: never act on an old choice
    dialog.showModal();
    (blocked ? this.doc.getElementById("submit-decide") : confirm).focus();
  }

  blockedSummary(count) {
    const n = count.suggested;
    return `${n} suggestion${n === 1 ? "" : "s"} still need${n === 1 ? "s" : ""} a decision: accept or dismiss ${n === 1 ? "it" : "each"} first. `
      + `Then the article's ${count.claims} claim${count.claims === 1 ? "" : "s"} can go to a reviewer.`;
  }

  submitSummary(count) {
    let summary = `${count.claims} claim${count.claims === 1 ? "" : "s"}, ${count.rated} rated. Every open or sent-back claim goes to a reviewer.`;
    if (count.unrated) summary += ` ${count.unrated} still ${count.unrated === 1 ? "has" : "have"} no verdict: a reviewer cannot approve ${count.unrated === 1 ? "it" : "them"} without one.`;
    if (count.orphaned) summary += ` ${count.orphaned} ${count.orphaned === 1 ? "is" : "are"} orphaned by a revision: attach or delete ${count.orphaned === 1 ? "it" : "them"} before sign-off.`;
    return summary;
  }

  showFirstSuggestion() {
    const first = this.list.ordered().find((c) => c.review_state === "suggested");
    if (first) this.open(first.id, { scroll: true, focus: true });
  }

  async submit() {
    try {
      await call("POST", `/api/v1/articles/${this.article.id}/submit`, { body: { version: this.article.version } });
      window.location.reload();
    } catch (error) {
      this.toast.show(`Not submitted: ${error.message}`);
    }
  }

  announce(message) {
    this.toast.show(message);
  }

  // --- wiring ---

  bindStore() {
    this.store.addEventListener("change", ({ detail }) => this.changed(detail.id, detail.what));
    this.store.addEventListener("status", () => this.status.update());
    this.store.addEventListener("saved-new", ({ detail }) => {
      this.spans.delete(detail.oldId);
      if (this.current === detail.oldId) this.current = detail.id;
      this.panel.rename(detail.oldId, detail.id);
      this.redraw(detail.id);
      this.list.render();
      this.list.activate(this.current);
    });
    this.store.addEventListener("removed", ({ detail }) => {
      if (this.current === detail.id) this.close();
      this.redraw(detail.id);
      this.list.render();
      if (detail.gone) this.toast.show("A claim you were editing was deleted by someone else.");
      else if (detail.elsewhere) this.toast.show("A claim was deleted or dismissed in another tab or by someone else.");
    });
    this.store.addEventListener("restored", ({ detail }) => this.changed(detail.id, "restored"));
    this.store.addEventListener("external", ({ detail }) => {
      if (this.current === String(detail.id)) this.panel.showNews(detail.keys);
    });
    this.store.addEventListener("source-refused", ({ detail }) => {
      if (this.current === detail.id) this.panel.showRefusedSource(detail.fields, detail.error.message);
    });
  }

  changed(id, what) {
    if (REDRAW.has(what)) this.redraw(id);
    // Only this tab's own saves: a change merged from elsewhere was not seen in the review list,
    // and approving it must still be refused as stale (409).
    if (what === "saved") this.syncReviewForms(id);
    this.list.update(id, what);
    if (this.current === String(id)) this.panel.render();
    this.status.update();
  }

  bindChrome() {
    this.doc.getElementById("help-button").addEventListener("click", () => this.doc.getElementById("help").showModal());
    const submitButton = this.doc.getElementById("submit-article");
    if (submitButton) submitButton.addEventListener("click", () => this.openSubmit());
    const dialog = this.doc.getElementById("submit-dialog");
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "submit") this.submit();
      if (dialog.returnValue === "suggestions") this.showFirstSuggestion();
    });
    this.doc.getElementById("retry-save").addEventListener("click", () => this.store.retryAll());
    this.doc.getElementById("show-conflict").addEventListener("click", () => this.showFirstConflict());
    const review = this.doc.getElementById("review");
    if (review) review.addEventListener("submit", (event) => this.holdReviewForm(event));
    this.doc.addEventListener("click", (event) => {
      if (!event.target.closest("#chooser, mark.hl")) this.hideChooser();
    });
  }

  keyHandlers() {
    const ids = () => this.list.visibleIds();
    return {
      step: (direction) => {
        const list = ids();
        if (!list.length) return;
        const at = list.indexOf(this.current);
        const next = at === -1 ? (direction > 0 ? 0 : list.length - 1) : (at + direction + list.length) % list.length;
        this.open(list[next], { scroll: true, focus: true });
      },
      sentence: (direction) => this.editable && this.selectSentence(direction),
      moveSelectionEnd: (direction) => this.moveSelection("end", direction),
      moveSelectionStart: (direction) => this.moveSelection("start", direction),
      create: () => this.createFromSelection(),
      adjust: (edge, direction) => this.mayEdit() && this.adjust(this.current, edge, direction),
      verdict: (number) => this.setVerdict(number),
      focus: (name) => this.mayEdit() && this.panel.focusField(name),
      decide: (verb) => (verb === "accept" && this.reviewing && !this.mayEdit() ? this.review.approve() : this.decide(this.current, verb)),
      remove: () => this.mayEdit() && this.remove(this.current),
      edit: () => this.review.askToEdit(),
      comment: () => this.review.focusComment(),
      undo: () => this.undo(),
      filter: () => {
        this.desk.show("claims"); // the filters are on the Claims tab, which may not be the one shown
        this.doc.getElementById("filter-verdict").focus();
      },
      submit: () => this.openSubmit(),
      help: () => this.doc.getElementById("help").showModal(),
      escape: () => (this.doc.getElementById("chooser").hidden ? this.close() : this.hideChooser()),
      leaveField: (field) => this.leaveField(field),
    };
  }

  /** Escape in a field: the focus goes to the claim's head, or, when the head is not shown
   * (another tab of the desk is), out of the field, so the single keys act on the open claim. */
  leaveField(field) {
    const title = this.doc.getElementById("editor-title");
    if (title.getClientRects().length) title.focus();
    else field.blur();
  }

  /** The keys that choose a verdict, as the scale has them ("1 to 7"): never more than 1-9. */
  verdictKeys() {
    const keys = Math.min(this.verdicts.length, 9);
    return keys > 1 ? `1 to ${keys}` : keys === 1 ? "1" : "0";
  }

  mayEdit() {
    return this.current !== null && this.review.mayEdit(this.current);
  }

  setVerdict(number) {
    if (!this.mayEdit()) return false;
    const verdict = number === 0 ? null : this.verdicts[number - 1];
    if (verdict === undefined) return false;
    this.store.edit(this.current, "verdict", verdict ? verdict.key : null);
    this.announce(`Verdict: ${verdict ? verdict.label : "unrated"}.`);
    return true;
  }
}

export function initWorkspace(doc) {
  const workspace = new Workspace(doc);
  workspace.start();
  return workspace;
}
