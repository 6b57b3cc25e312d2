// The import form keeps what the user typed in this tab (sessionStorage) until an import
// succeeds: a request too big for the server (413), which it cannot read back to us, or any
// other refusal brings the form back with the text in it. It also refuses, before sending,
// a paste and a file together, keeping both.

const KEY = "claim-annotator:import-draft";
const FIELDS = ["title", "outlet", "byline", "url", "published_on", "language", "text", "source_format"];
export const BOTH_MESSAGE = "You pasted text and chose a file: import one of them. Empty the text box to import the file, or choose no file to import the text.";

function read() {
  try { return JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (error) { return null; }
}

function save(form) {
  const draft = Object.fromEntries(FIELDS.map((name) => [name, form.elements[name] ? form.elements[name].value : ""]));
  try { sessionStorage.setItem(KEY, JSON.stringify(draft)); } catch (error) { /* full: the page still has it */ }
}

/** Put a kept draft back into the fields the server sent back empty. */
function restore(form, draft) {
  let restored = false;
  for (const name of FIELDS) {
    const input = form.elements[name];
    if (!input || !draft[name] || input.value === draft[name]) continue;
    if (input.value && name !== "language" && name !== "source_format") continue;
    input.value = draft[name];
    restored = restored || name === "text";
  }
  return restored;
}

function showProblem(form, message) {
  const box = form.querySelector("#import-problem");
  box.textContent = message;
  box.hidden = !message;
}

export function initImportForm(form) {
  const draft = read();
  // A fresh form: the last import succeeded or was left; an answered one: bring the draft back.
  if (form.dataset.answered !== "yes") sessionStorage.removeItem(KEY);
  else if (draft && restore(form, draft)) {
    form.querySelector("#import-kept").hidden = false;
  }
  let timer = null;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => save(form), 300); });
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    save(form);
    const pasted = form.elements.text.value.trim() !== "";
    const file = form.elements.file.files.length > 0;
    if (pasted && file) {
      event.preventDefault();
      showProblem(form, BOTH_MESSAGE);
      form.elements.text.focus();
      return;
    }
    showProblem(form, "");
  });
}

const form = document.getElementById("import-form");
if (form) initImportForm(form);
