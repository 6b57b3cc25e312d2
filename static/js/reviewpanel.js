// Review inside the claim panel. A reviewer sees the claim read-only with Approve and Request
// changes beside it; editing is a deliberate step (it makes him an author: four eyes). An
// annotator sees a sent-back claim's comment in the editor and resubmits it from there.
// Every action goes through the API and keeps the reader's place (no page reload).
import { call } from "./api.js";

const $ = (doc, id) => doc.getElementById(id);

export class ReviewDesk {
  constructor(doc, store, workspace, { reviewing, editable }) {
    this.doc = doc;
    this.store = store;
    this.workspace = workspace;
    this.reviewing = reviewing;
    this.editable = editable;
    this.authoring = new Set(); // claims this reviewer chose to edit (he is now their author)
  }

  start() {
    $(this.doc, "approve-claim").addEventListener("click", () => this.approve());
    $(this.doc, "request-changes").addEventListener("click", () => this.requestChanges());
    $(this.doc, "edit-claim").addEventListener("click", () => this.askToEdit());
    $(this.doc, "resubmit-claim").addEventListener("click", () => this.resubmit());
    $(this.doc, "review-comment").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) this.requestChanges();
    });
    const dialog = $(this.doc, "edit-dialog");
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "edit") this.startEditing();
    });
  }

  /** May this tab edit the claim now: an annotator yes, a reviewer only after the Edit step. */
  mayEdit(id) {
    return this.editable && (!this.reviewing || this.authoring.has(String(id)));
  }

  /** Fill the review parts of the panel for the open claim. */
  render(claim) {
    const id = String(claim.id);
    const inReview = this.reviewing && !this.authoring.has(id) && !claim.pending;
    const box = $(this.doc, "review-actions");
    box.hidden = !inReview || claim.review_state === "suggested";
    if (!box.hidden) this.renderActions(claim);
    const back = claim.review_state === "changes_requested" && Boolean(claim.reviewer_comment);
    $(this.doc, "sent-back-note").hidden = !back;
    $(this.doc, "sent-back-comment").textContent = back ? claim.reviewer_comment : "";
    $(this.doc, "resubmit-claim").hidden = !back || this.reviewing || !this.editable;
    return inReview;
  }

  renderActions(claim) {
    const waiting = claim.review_state === "submitted";
    const approve = $(this.doc, "approve-claim");
    approve.hidden = !waiting;
    approve.disabled = !claim.verdict;
    // Changes can be asked of a claim waiting for review or already approved, not of one sent back.
    const askable = ["submitted", "approved"].includes(claim.review_state);
    for (const id of ["request-changes", "review-comment"]) $(this.doc, id).hidden = !askable;
    $(this.doc, "review-comment").labels[0].hidden = !askable;
    $(this.doc, "edit-claim").hidden = !this.editable;
    $(this.doc, "review-actions-why").textContent = this.why(claim, waiting);
    $(this.doc, "review-error").hidden = true;
  }

  why(claim, waiting) {
    if (claim.review_state === "approved") return "Approved. Request changes to send it back.";
    if (claim.review_state === "changes_requested") return "Sent back: waiting for its annotator.";
    if (!waiting) return "Not sent for review yet.";
    if (!claim.verdict) return "No verdict yet: it cannot be approved. Request changes to ask for one.";
    return "Check the quote, claimant, verdict and sources, then approve or ask for changes.";
  }

  async approve() {
    const claim = this.openClaim();
    const button = $(this.doc, "approve-claim");
    if (!claim || $(this.doc, "review-actions").hidden || button.hidden || button.disabled) return false;
    const next = this.workspace.nextInReview(claim.id);
    const done = await this.move(claim, "approve", {});
    if (!done) return true;
    this.workspace.announce("Approved.");
    if (next) this.workspace.open(next, { scroll: true, focus: true });
    return true;
  }

  async requestChanges() {
    const claim = this.openClaim();
    const box = $(this.doc, "review-comment");
    if (!claim || $(this.doc, "request-changes").hidden) return;
    if (!box.value.trim()) {
      this.showError("Say what should change: the annotator reads this.");
      box.focus();
      return;
    }
    if (await this.move(claim, "request-changes", { comment: box.value.trim() })) {
      box.value = "";
      this.workspace.announce("Sent back to the annotator with your comment.");
    }
  }

  async resubmit() {
    const claim = this.openClaim();
    if (!claim) return;
    if (await this.move(claim, "submit", {})) this.workspace.announce("Sent back to review.");
  }

  async move(claim, verb, body) {
    try {
      const fresh = await call("POST", `/api/v1/claims/${claim.id}/${verb}`, { body: { ...body, version: claim.version } });
      this.store.replace(claim.id, fresh);
      this.workspace.reviewMoved(fresh);
      return true;
    } catch (error) {
      this.showError(error.message);
      return false;
    }
  }

  showError(message) {
    const error = $(this.doc, "review-error");
    error.textContent = message;
    error.hidden = false;
  }

  openClaim() {
    const id = this.workspace.current;
    return id === null ? null : this.store.view(id);
  }

  focusComment() {
    if ($(this.doc, "review-actions").hidden || $(this.doc, "review-comment").hidden) return false;
    $(this.doc, "review-comment").focus();
    return true;
  }

  askToEdit() {
    if (!this.reviewing || !this.editable || this.workspace.current === null) return false;
    const dialog = $(this.doc, "edit-dialog");
    dialog.returnValue = "";
    dialog.showModal();
    return true;
  }

  startEditing() {
    const id = this.workspace.current;
    if (id === null) return;
    this.authoring.add(String(id));
    this.workspace.panel.render();
    this.workspace.panel.focusField("claimant");
  }
}
