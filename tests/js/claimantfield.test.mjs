// The claimant field's completion, without a browser: run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { initClaimantField } from "../../static/js/claimantfield.js";

/** A stand-in element: its listeners, a value, children. */
class Element {
  constructor(id) { this.id = id; this.value = ""; this.hidden = true; this.children = []; this.attributes = {}; this.listeners = {}; }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  type(value) { this.value = value; for (const listener of this.listeners.input || []) listener({}); }
  setAttribute(name, value) { this.attributes[name] = value; }
  getAttribute(name) { return name in this.attributes ? this.attributes[name] : null; }
  removeAttribute(name) { delete this.attributes[name]; }
  replaceChildren(...children) { this.children = children; }
}

function field() {
  const box = new Element("f-claimant");
  const list = new Element("f-claimant-options");
  const doc = { getElementById: (id) => ({ "f-claimant": box, "f-claimant-options": list })[id], querySelector: () => null };
  const asked = [];
  globalThis.document = doc;
  globalThis.fetch = async (url) => { asked.push(String(url)); return { ok: true, status: 200, json: async () => ({ data: [] }) }; };
  initClaimantField(doc);
  return { box, asked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

test("typing two letters or more asks the claimant records once the typing pauses", async () => {
  const { box, asked } = field();
  box.type("c");
  box.type("ca");
  box.type("cav");
  await settle();
  assert.deepEqual(asked, ["/api/v1/claimants?q=cav"]);
});

test("one letter asks for nothing", async () => {
  const { box, asked } = field();
  box.type("c");
  await settle();
  assert.deepEqual(asked, []);
});
