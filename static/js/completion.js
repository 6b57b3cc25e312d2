// A list of completions under a text field, as an ARIA listbox the field points into with
// aria-activedescendant: arrows move, Enter or Tab picks, Escape closes, a click picks. The
// @mention list of a comment and the claimant field of the claim editor are both one of these;
// each says what was typed, where to ask, how an option reads and what picking it does.
import { call } from "./api.js";

const DELAY_MS = 150;

export class Completion {
  /** source: { typed() -> the query or null (no completion here), url(query), render(option)
   * -> nodes of its item, pick(option) }. */
  constructor(doc, box, list, source) {
    this.doc = doc;
    this.box = box;
    this.list = list;
    this.source = source;
    this.options = [];
    this.index = 0;
    this.timer = null;
    box.addEventListener("input", () => this.schedule());
    box.addEventListener("keydown", (event) => this.onKey(event));
    box.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    list.addEventListener("mousedown", (event) => {
      const item = event.target.closest("[data-option]");
      if (item) { event.preventDefault(); this.choose(Number(item.dataset.option)); }
    });
  }

  schedule() {
    clearTimeout(this.timer);
    const query = this.source.typed();
    if (query === null) return this.close();
    this.timer = setTimeout(() => this.fetch(query), DELAY_MS);
    return null;
  }

  async fetch(query) {
    try {
      const options = await call("GET", this.source.url(query));
      if (this.source.typed() === query) this.show(options);
    } catch (error) {
      this.close();
    }
  }

  show(options) {
    this.options = options;
    this.index = 0;
    if (!options.length) return this.close();
    this.list.replaceChildren(...options.map((option, i) => {
      const item = this.doc.createElement("li");
      item.className = "completion-option";
      item.id = `${this.list.id}-${i}`;
      item.setAttribute("role", "option");
      item.dataset.option = String(i);
      item.append(...this.source.render(option));
      return item;
    }));
    this.list.hidden = false;
    this.expanded(true);
    this.highlight();
    return null;
  }

  /** A combobox input says whether its list is open; a textarea (no such role) may not. */
  expanded(open) {
    if (this.box.getAttribute("role") === "combobox") this.box.setAttribute("aria-expanded", String(open));
  }

  highlight() {
    [...this.list.children].forEach((item, i) => item.setAttribute("aria-selected", String(i === this.index)));
    this.box.setAttribute("aria-activedescendant", `${this.list.id}-${this.index}`);
  }

  close() {
    clearTimeout(this.timer);
    this.list.hidden = true;
    this.options = [];
    this.expanded(false);
    this.box.removeAttribute("aria-activedescendant");
  }

  onKey(event) {
    if (this.list.hidden || !this.options.length) return;
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key in moves) {
      this.index = (this.index + moves[event.key] + this.options.length) % this.options.length;
      this.highlight();
    } else if (event.key === "Enter" || event.key === "Tab") {
      this.choose(this.index);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  choose(index) {
    const option = this.options[index];
    this.close();
    this.source.pick(option);
    this.box.focus();
  }
}
