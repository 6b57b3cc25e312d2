// The claim list in the panel, its filters, and the progress bar.

const STATE_WORDS = { suggested: "suggested", open: "open", submitted: "waiting for review", approved: "approved",
  changes_requested: "sent back", dismissed: "dismissed" };

const OPENING_MARKS = "“\"«„‘'‹「";

/** A claim's words in quotation marks, unless they open with their own (no ““The). */
export function quoted(text) {
  const words = text || "";
  return words && OPENING_MARKS.includes(words[0]) ? words : `“${words}”`;
}

const CHUNK = 250; // list entries built between two yields to the event loop (a few ms each)

/** Let the browser handle input and paint before the next piece of work. */
export function nextTask() {
  const { scheduler } = globalThis;
  return scheduler && scheduler.yield ? scheduler.yield() : new Promise((resolve) => { setTimeout(resolve, 0); });
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const toDecide = (n) => `${n} to decide`;

/** The page's one count of its claims: accepted claims (orphaned ones too: they are still the
 * article's), rated ones, undecided suggestions and each review state. presenters.progress_of
 * counts the same way for the first paint. */
export function tally(claims, orphans = []) {
  const every = [...claims, ...orphans];
  const accepted = every.filter((c) => c.review_state !== "suggested");
  const byState = {};
  for (const claim of every) byState[claim.review_state] = (byState[claim.review_state] || 0) + 1;
  return { claims: accepted.length, rated: accepted.filter((c) => c.verdict).length,
    unrated: accepted.filter((c) => !c.verdict).length, suggested: every.length - accepted.length,
    orphaned: orphans.length, byState };
}

/** The match a list shows: the newsroom's own verdict when it has one, else the closest review. */
export function bestOf(matches) {
  return matches.find((match) => match.kind === "claim") || matches[0];
}

/** "Checked before: rated False" (plain text): a suggestion someone already checked, at a glance. */
export function checkedMark(doc, match) {
  const mark = doc.createElement("span");
  mark.className = "checked-mark small";
  const who = match.kind === "reference" ? `${match.publisher || "another fact-checker"} rated it` : "rated";
  mark.textContent = `Checked before: ${who} ${match.verdict || "without a verdict"}`;
  return mark;
}

export class ClaimList {
  constructor(doc, store, verdicts, onPick, orphans = []) {
    this.doc = doc;
    this.store = store;
    this.orphans = orphans;
    this.labels = Object.fromEntries(verdicts.map((v) => [v.key, v.label]));
    this.list = doc.getElementById("claim-list");
    this.verdictFilter = doc.getElementById("filter-verdict");
    this.stateFilter = doc.getElementById("filter-state");
    this.items = new Map();
    this.checked = new Map(); // claim id -> its best "checked before" match (checked.js fills it)
    this.drawn = false; // the entries are built after the first paint (renderInPieces)
    this.drawing = null;
    this.active = null;
    this.dismissedList = doc.getElementById("dismissed-list");
    this.gone = new Map(); // dismissed suggestions, shown under the "Dismissed" filter
    this.goneLoaded = false;
    this.loadDismissed = async () => [];
    this.onRestore = () => {};
    this.dismissedList.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-restore]");
      if (button) this.onRestore(this.gone.get(button.dataset.restore));
    });
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
    this.drawing = null; // a draw in pieces still running gives way to this one
    const claims = this.ordered();
    this.show(claims, new Map(claims.map((claim) => [String(claim.id), this.item(claim)])));
  }

  /** Draw the list a chunk of entries at a time, yielding between chunks, so a click on the text
   * is answered while a long article's list is still being built. Resolves once it is shown
   * (or a render() that came meanwhile has drawn it). */
  async renderInPieces() {
    const drawing = {};
    this.drawing = drawing;
    await nextTask();
    if (this.drawing !== drawing) return;
    const claims = this.ordered();
    const items = new Map();
    for (let at = 0; at < claims.length; at += CHUNK) {
      if (at) await nextTask(); // eslint-disable-line no-await-in-loop
      if (this.drawing !== drawing) return;
      for (const claim of claims.slice(at, at + CHUNK)) items.set(String(claim.id), this.item(claim));
    }
    this.drawing = null;
    this.show(claims, items);
  }

  show(claims, items) {
    this.items = items;
    this.drawn = true;
    this.list.replaceChildren(...items.values());
    const active = items.get(String(this.active));
    if (active) active.classList.add("is-active"); // a claim opened while the list was being built
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
    quote.textContent = quoted(this.truncate(claim.quote || ""));
    const meta = this.doc.createElement("span");
    meta.className = "claim-line small";
    const verdict = claim.review_state === "suggested" ? "" : this.labels[claim.verdict] || "Unrated";
    meta.textContent = [claim.claimant || "No claimant", verdict, STATE_WORDS[claim.review_state]].filter(Boolean).join(" · ");
    button.append(swatch, quote, meta);
    const earlier = claim.review_state === "suggested" && this.checked.get(String(claim.id));
    if (earlier) button.append(checkedMark(this.doc, earlier));
    li.append(button);
    return li;
  }

  /** Take the matches of the article's claims (one request, checked.js) and mark the suggestions. */
  markChecked(found) {
    this.checked = new Map(Object.entries(found).map(([id, matches]) => [id, bestOf(matches)]));
    if (this.drawing) return this.renderInPieces(); // entries built before the matches came lack the mark
    if ([...this.checked.keys()].some((id) => this.items.get(id)?.dataset.state === "suggested")) this.render();
    return null;
  }

  truncate(text) {
    return text.length > 110 ? `${text.slice(0, 107)}…` : text;
  }

  /** A suggestion dismissed here: listed under the "Dismissed" filter, where it can be restored. */
  dismissed(claim) {
    this.gone.set(String(claim.id), claim);
    if (this.stateFilter.value === "dismissed") this.drawDismissed();
  }

  undismissed(id) {
    this.gone.delete(String(id));
    if (this.stateFilter.value === "dismissed") this.drawDismissed();
  }

  async showDismissed() {
    if (!this.goneLoaded) {
      this.goneLoaded = true;
      for (const claim of await this.loadDismissed()) this.gone.set(String(claim.id), claim);
    }
    this.drawDismissed();
  }

  drawDismissed() {
    const claims = [...this.gone.values()].sort((a, b) => a.start - b.start);
    this.dismissedList.replaceChildren(...claims.map((claim) => {
      const li = this.doc.createElement("li");
      li.className = "claim-item rs-dismissed";
      const quote = this.doc.createElement("span");
      quote.className = "claim-quote";
      quote.textContent = quoted(this.truncate(claim.quote || ""));
      const button = this.doc.createElement("button");
      button.type = "button";
      button.dataset.restore = claim.id;
      button.textContent = "Restore";
      li.append(quote, " ", button);
      return li;
    }));
    this.doc.getElementById("claims-empty").hidden = claims.length > 0;
  }

  filter() {
    const verdict = this.verdictFilter.value;
    const state = this.stateFilter.value;
    this.dismissedList.hidden = state !== "dismissed";
    if (state === "dismissed") this.showDismissed();
    let shown = 0;
    for (const li of this.items.values()) {
      li.hidden = (verdict && li.dataset.verdict !== verdict) || (state && li.dataset.state !== state);
      if (!li.hidden) shown += 1;
    }
    if (state !== "dismissed") this.doc.getElementById("claims-empty").hidden = shown > 0;
    const count = this.tally();
    const whole = `${count.claims}${count.suggested ? ` · ${toDecide(count.suggested)}` : ""}`;
    this.doc.getElementById("tab-claims-count").textContent = String(count.claims);
    this.doc.getElementById("claims-count").textContent = shown === this.items.size ? whole : `${shown} shown of ${whole}`;
  }

  tally() {
    return tally(this.store.views(), this.orphans);
  }

  /** Ids of the claims the filters let through, in reading order. */
  visibleIds() {
    if (!this.drawn) return this.ordered().map((claim) => String(claim.id)); // no filter chosen yet
    return Array.from(this.items.values()).filter((li) => !li.hidden).map((li) => li.id.slice("claim-".length));
  }

  activate(id) {
    this.active = id;
    for (const li of this.list.querySelectorAll(".is-active")) li.classList.remove("is-active");
    const li = this.items.get(String(id));
    if (!li) return;
    li.classList.add("is-active");
    // Opening a claim shows the Claim tab: scrolling the hidden list would only force a layout.
    if (!li.closest("[hidden]")) li.scrollIntoView({ block: "nearest" });
  }

  progress(claims) {
    const count = tally(claims, this.orphans);
    const bar = this.doc.getElementById("progress");
    bar.max = count.claims || 1;
    bar.value = count.rated;
    const left = count.suggested ? ` · ${plural(count.suggested, "suggestion")} to decide` : "";
    this.doc.getElementById("progress-text").textContent = `${count.rated} of ${count.claims} claims rated${left}`;
    // The review box counts the same claims by state.
    for (const el of this.doc.querySelectorAll("[data-count]")) el.textContent = String(count.byState[el.dataset.count] || 0);
    for (const el of this.doc.querySelectorAll("[data-count-when]")) el.hidden = !count.byState[el.dataset.countWhen];
    this.showSignOff(count);
  }

  /** The review box's sign-off: what still blocks it (the server's words, signoff.sign_off_blockers),
   * or, once the last claim is approved in the panel, the sign-off form itself without a reload. */
  showSignOff(count) {
    const blockers = this.doc.getElementById("sign-off-blockers");
    const form = this.doc.getElementById("sign-off-form");
    if (!blockers || !form) return;
    const pending = ["open", "submitted", "changes_requested"].reduce((n, state) => n + (count.byState[state] || 0), 0);
    const left = [[count.suggested, "suggestion", "still to accept or dismiss"], [pending, "claim", "not approved yet"],
      [count.orphaned, "orphaned claim", "to re-anchor or delete"]].filter(([n]) => n);
    blockers.querySelector("ul").replaceChildren(...left.map(([n, noun, what]) => {
      const li = this.doc.createElement("li");
      li.textContent = `${plural(n, noun)} ${what}`;
      return li;
    }));
    blockers.hidden = left.length === 0;
    form.hidden = left.length > 0;
  }
}
