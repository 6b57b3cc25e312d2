// The desk beside the article: four tabs (the open claim, the claim list, review, the article's
// own tools) instead of one long column, and on a narrow screen a bottom sheet that opens when a
// claim does. ARIA tabs: arrow keys move between them, Home/End to the ends.

const NARROW = "(max-width: 900px)";
const PLACE = "claim-annotator:desk-place";

export class Desk {
  constructor(doc) {
    this.doc = doc;
    this.el = doc.getElementById("desk");
    this.tabs = [...this.el.querySelectorAll('[role="tab"]')];
    this.toggle = doc.getElementById("desk-sheet-toggle");
    this.narrow = doc.defaultView.matchMedia(NARROW);
  }

  start() {
    for (const tab of this.tabs) {
      tab.addEventListener("click", () => this.show(tab.dataset.tab, { focus: false, sheet: true }));
      tab.addEventListener("keydown", (event) => this.onKey(event, tab));
    }
    this.toggle.addEventListener("click", () => this.setSheet(this.el.dataset.sheet !== "open"));
    this.showFromHash();
    this.doc.defaultView.addEventListener("hashchange", () => this.showFromHash());
    this.keepPlace();
  }

  /** A form the page posts (approve, sign off, a bulk decision) comes back to the same reading
   * place: scroll position and tab are kept in sessionStorage across the round trip. */
  keepPlace() {
    const win = this.doc.defaultView;
    this.doc.addEventListener("submit", (event) => {
      if (event.defaultPrevented || (event.target.method || "").toLowerCase() !== "post") return;
      win.sessionStorage.setItem(PLACE, JSON.stringify({ path: win.location.pathname, y: win.scrollY, tab: this.current }));
    });
    const place = JSON.parse(win.sessionStorage.getItem(PLACE) || "null");
    win.sessionStorage.removeItem(PLACE);
    if (!place || place.path !== win.location.pathname) return;
    this.show(place.tab, { sheet: this.isNarrow() });
    const back = () => win.scrollTo(0, place.y);
    if (this.doc.readyState === "complete") back();
    else win.addEventListener("load", () => setTimeout(back, 0));
  }

  get current() {
    return this.tabs.find((tab) => tab.getAttribute("aria-selected") === "true").dataset.tab;
  }

  /** Show one tab's pane; on a narrow screen the sheet opens with it (unless sheet is false). */
  show(name, { focus = false, sheet = true } = {}) {
    for (const tab of this.tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      this.doc.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
      if (selected && focus) tab.focus();
    }
    if (sheet) this.setSheet(true);
  }

  /** The pane holding an element: a link to #review or #activity shows its tab. */
  showFor(el) {
    const pane = el && el.closest('[role="tabpanel"]');
    if (pane) this.show(this.tabs.find((t) => t.getAttribute("aria-controls") === pane.id).dataset.tab);
  }

  showFromHash() {
    const id = this.doc.defaultView.location.hash.slice(1);
    if (id && !id.startsWith("claim-")) this.showFor(this.doc.getElementById(id));
  }

  setSheet(open) {
    this.el.dataset.sheet = open ? "open" : "closed";
    this.toggle.setAttribute("aria-expanded", String(open));
  }

  isNarrow() {
    return this.narrow.matches;
  }

  onKey(event, tab) {
    const at = this.tabs.indexOf(tab);
    const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: this.tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation();
    const next = this.tabs[(moves[event.key] + this.tabs.length) % this.tabs.length];
    this.show(next.dataset.tab, { focus: true });
  }
}
