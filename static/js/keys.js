// Keyboard shortcuts of the workspace. Single keys act only when no text field has focus;
// Escape always leaves the field (or closes what is open). The `?` overlay lists them all.

// Fields that take typed keys. A verdict radio, a checkbox or a button does not: the single keys
// go on working there (a verdict picked with the mouse, then 3 for another).
const EDITABLE = "input:not([type=radio], [type=checkbox], [type=button], [type=submit]), textarea, select, [contenteditable]";

function inField(target) {
  return target instanceof Element && target.closest(EDITABLE) !== null;
}

/** Map a keydown to an action name and argument, or null. */
export function actionFor(event) {
  const { key, altKey, shiftKey, ctrlKey, metaKey } = event;
  if (ctrlKey || metaKey) return null;
  if (shiftKey && (key === "ArrowRight" || key === "ArrowLeft")) {
    return [altKey ? "moveSelectionStart" : "moveSelectionEnd", key === "ArrowRight" ? 1 : -1];
  }
  if (altKey) return null;
  if (/^[0-9]$/.test(key)) return ["verdict", Number(key)];
  const simple = {
    j: ["step", 1], k: ["step", -1], "]": ["sentence", 1], "[": ["sentence", -1],
    c: ["create"], Enter: ["create"], "<": ["adjust", "start", -1], ">": ["adjust", "start", 1],
    ",": ["adjust", "end", -1], ".": ["adjust", "end", 1], p: ["focus", "claimant"], n: ["focus", "notes"],
    s: ["focus", "source"], a: ["decide", "accept"], x: ["decide", "dismiss"], Delete: ["remove"],
    Backspace: ["remove"], u: ["undo"], e: ["edit"], r: ["comment"], "/": ["filter"], S: ["submit"], "?": ["help"], Escape: ["escape"],
  };
  return simple[key] || null;
}

export function bindKeys(doc, handlers) {
  doc.addEventListener("keydown", (event) => {
    if (doc.querySelector("dialog[open]")) return; // a dialog handles its own keys
    if (inField(event.target)) {
      if (event.key === "Escape") {
        event.preventDefault();
        handlers.leaveField(event.target);
      }
      return;
    }
    const found = actionFor(event);
    if (!found) return;
    const [name, ...args] = found;
    // Enter on a button or link keeps its own meaning.
    if (name === "create" && event.key === "Enter" && event.target.closest("button, a, summary")) return;
    if (handlers[name] && handlers[name](...args) !== false) event.preventDefault();
  });
}
