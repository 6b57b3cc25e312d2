// The claimant field of the claim editor completes from the claimant records and their other
// names (/api/v1/claimants?q=). Picking one writes the record's name, which links the claim to
// it when saved; the field stays free text, so a name no record has is kept as typed.
import { Completion } from "./completion.js";

const MIN_CHARS = 2;

function node(doc, tag, className, text) {
  const made = doc.createElement(tag);
  if (className) made.className = className;
  made.textContent = text;
  return made;
}

export function initClaimantField(doc) {
  const box = doc.getElementById("f-claimant");
  const list = doc.getElementById("f-claimant-options");
  let picked = null; // the value a pick wrote: no completion for it until the user types again
  return new Completion(doc, box, list, {
    typed() {
      const query = box.value.trim();
      return query.length < MIN_CHARS || box.value === picked ? null : query;
    },
    url: (query) => `/api/v1/claimants?q=${encodeURIComponent(query)}`,
    render(claimant) {
      const parts = [node(doc, "strong", "", claimant.name)];
      if (claimant.matched !== claimant.name) parts.push(` (${claimant.matched})`);
      if (claimant.description) parts.push(node(doc, "span", "muted small", ` · ${claimant.description}`));
      return parts;
    },
    pick(claimant) {
      picked = claimant.name;
      box.value = claimant.name;
      box.dispatchEvent(new Event("input", { bubbles: true })); // the panel saves it like typing
    },
  });
}
