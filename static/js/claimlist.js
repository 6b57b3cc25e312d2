// The claim list in the panel, its filters, and the progress bar.

const STATE_WORDS = { suggested: "suggestion", open: "open", submitted: "submitted", approved: "approved",
  changes_requested: "changes requested", dismissed: "dismissed" };

export class ClaimList {
  constructor(doc, store, verdicts, onPick) {
    this.doc = doc;
    this.store = store;
    this.labels = Object.fromEntries(verdicts.map((v) => [v.key, v.label]));
    this.list = doc.getElementById("claim-list");
    this.verdictFilter = doc.getElementById("filter-verdict");
    this.stateFilter = doc.getElementById("filter-state");
    this.items = new Map();
    this.list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-claim-id]");
      if (button) onPick(button.dataset.claimId);
    });
    for (const select of [this.verdictFilter, this.stateFilter]) select.addEventListener("change", () => this.filter());
  }

  /** Claims in reading order (start, then end), as the user sees them. */
  ordered() {
    return this.store.views().sort((a, b) => a.start - b.start || a.end - b.end || String(a.id).localeCompare(String(b.id)));
  }

  render() {
    const claims = this.ordered();
    this.items = new Map(claims.map((claim) => [String(claim.id), this.item(claim)]));
    this.list.replaceChildren(...this.items.values());
    this.filter();
    this.progress(claims);
  }

  /** Redraw one claim's entry (or all when its place in the order may have changed). */
  update(id, what) {
    const old = this.items.get(String(id));
    const claim = this.store.view(id);
    if (!old || !claim || ["start", "end", "created", "saved-new"].includes(what)) return this.render();
    const fresh = this.item(claim);
    fresh.classList.toggle("is-active", old.classList.contains("is-active"));
    old.replaceWith(fresh);
    this.items.set(String(id), fresh);
    this.filter();
    this.progress(this.store.views());
    return null;
  }

  item(claim) {
    const li = this.doc.createElement("li");
    li.className = `claim-item rs-${claim.review_state}`;
    li.id = `claim-${claim.id}`;
    li.dataset.verdict = claim.verdict || "unrated";
    li.dataset.state = claim.review_state;
    const button = this.doc.createElement("button");
    button.type = "button";
    button.className = "claim-jump";
    button.dataset.claimId = claim.id;
    const swatch = this.doc.createElement("span");
    swatch.className = `swatch-mark v-${claim.verdict || "unrated"}${claim.review_state === "suggested" ? " hl-suggested" : ""}`;
    swatch.setAttribute("aria-hidden", "true");
    const quote = this.doc.createElement("span");
    quote.className = "claim-quote";
    quote.textContent = `“${this.truncate(claim.quote || "")}”`;
    const meta = this.doc.createElement("span");
    meta.className = "claim-line small";
    const verdict = claim.review_state === "suggested" ? "" : this.labels[claim.verdict] || "Unrated";
    meta.textContent = [claim.claimant || "No claimant", verdict, STATE_WORDS[claim.review_state]].filter(Boolean).join(" · ");
    button.append(swatch, quote, meta);
    li.append(button);
    return li;
  }

  truncate(text) {
    return text.length > 110 ? `${text.slice(0, 107)}…` : text;
  }

  filter() {
    const verdict = this.verdictFilter.value;
    const state = this.stateFilter.value;
    let shown = 0;
    for (const li of this.items.values()) {
      li.hidden = (verdict && li.dataset.verdict !== verdict) || (state && li.dataset.state !== state);
      if (!li.hidden) shown += 1;
    }
    this.doc.getElementById("claims-empty").hidden = shown > 0;
    this.doc.getElementById("claims-count").textContent = shown === this.items.size ? `${shown}` : `${shown} of ${this.items.size}`;
  }

  /** Ids of the claims the filters let through, in reading order. */
  visibleIds() {
    return Array.from(this.items.values()).filter((li) => !li.hidden).map((li) => li.id.slice("claim-".length));
  }

  activate(id) {
    for (const li of this.list.querySelectorAll(".is-active")) li.classList.remove("is-active");
    const li = this.items.get(String(id));
    if (!li) return;
    li.classList.add("is-active");
    li.scrollIntoView({ block: "nearest" });
  }

  progress(claims) {
    const accepted = claims.filter((c) => c.review_state !== "suggested");
    const rated = accepted.filter((c) => c.verdict).length;
    const suggested = claims.length - accepted.length;
    const bar = this.doc.getElementById("progress");
    bar.max = accepted.length || 1;
    bar.value = rated;
    const left = suggested ? ` · ${suggested} suggestion${suggested === 1 ? "" : "s"} to decide` : "";
    this.doc.getElementById("progress-text").textContent = `${rated} of ${accepted.length} claims rated${left}`;
  }
}
