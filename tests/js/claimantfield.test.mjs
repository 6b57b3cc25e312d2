// The claimant field's completion, without a browser: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { initClaimantField } from "../../static/js/claimantfield.js";

/** A stand-in element: listeners, a value, children. */
class Element {
  constructor(id) { this.id = id; this.value = ""; this.hidden = true; this.children = []; this.attributes = {}; }
  addEventListener() {}
  setAttribute(name, value) { this.attributes[name] = value; }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  removeAttribute(name) { delete this.attributes[name]; }
  replaceChildren(...children) { this.children = children; }
}

function field({ focused, value }) {
  const box = Object.assign(new Element("f-claimant"), { value });
  const list = new Element("f-claimant-options");
  const doc = { getElementById: (id) => ({ "f-claimant": box, "f-claimant-options": list })[id],
    activeElement: focused ? box : null, querySelector: () => null };
  const asked = [];
  globalThis.document = doc;
  globalThis.fetch = async (url) => { asked.push(url); return { ok: true, status: 200, json: async () => ({ data: [] }) }; };
  return { doc, asked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

test("an editor typing before the module loaded gets completions for what is typed", async () => {
  const { doc, asked } = field({ focused: true, value: "cavus" });
  initClaimantField(doc);
  await settle();
  assert.deepEqual(asked.map((url) => String(url)), ["/api/v1/claimants?q=cavus"]);
});

test("a field nobody is in asks for nothing when the module loads", async () => {
  const { doc, asked } = field({ focused: false, value: "Jane Doe" });
  initClaimantField(doc);
  await settle();
  assert.deepEqual(asked, []);
});
