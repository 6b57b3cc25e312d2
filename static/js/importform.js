// The forms that bring an article's text (import, revise: form[data-draft]) keep what the user
// typed in this tab (sessionStorage) until the post succeeds: a request too big for the server
// (413), which it cannot read back to us, or any other refusal brings the form back with the
// text in it. They also refuse, before sending, a text and a file together, keeping both.

const FILE_MAX_BYTES = 2 * 1024 * 1024; // sessionStorage holds a few MB; larger files are chosen again
const FIELDS = ["title", "outlet", "byline", "url", "published_on", "language", "text", "source_format", "note"];
export const BOTH_MESSAGE = "You pasted text and chose a file: import one of them. Empty the text box to import the file, or choose no file to import the text.";

/** The storage keys of a form's text and file: one pair per form (data-draft names it). */
function keysOf(form) {
  const name = form.dataset.draft || "import";
  return { text: `claim-annotator:${name}-draft`, file: `claim-annotator:${name}-file` };
}

function read(key) {
  try { return JSON.parse(sessionStorage.getItem(key) || "null"); } catch (error) { return null; }
}

function save(form, key) {
  const draft = Object.fromEntries(FIELDS.map((name) => [name, form.elements[name] ? form.elements[name].value : ""]));
  try { sessionStorage.setItem(key, JSON.stringify(draft)); } catch (error) { /* full: the page still has it */ }
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

/** Keep the chosen file's bytes, so that a refused form still has it chosen. */
async function keepFile(input, key) {
  const [file] = input.files;
  sessionStorage.removeItem(key);
  if (!file || file.size > FILE_MAX_BYTES) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  try {
    sessionStorage.setItem(key, JSON.stringify({ name: file.name, type: file.type, data: btoa(binary) }));
  } catch (error) { /* full: the user chooses it again */ }
}

function restoreFile(input, key) {
  const kept = read(key);
  if (!kept || input.files.length) return false;
  const bytes = Uint8Array.from(atob(kept.data), (c) => c.charCodeAt(0));
  const files = new DataTransfer();
  files.items.add(new File([bytes], kept.name, { type: kept.type }));
  input.files = files.files;
  return true;
}

function showProblem(form, message) {
  const box = form.querySelector("#import-problem");
  box.textContent = message;
  box.hidden = !message;
}

export function initImportForm(form) {
  const keys = keysOf(form);
  const draft = read(keys.text);
  // A fresh form: the last import succeeded or was left; an answered one: bring the draft back.
  const fileInput = form.elements.file;
  if (form.dataset.answered !== "yes") {
    sessionStorage.removeItem(keys.text);
    sessionStorage.removeItem(keys.file);
  } else {
    const kept = [];
    if (draft && restore(form, draft)) kept.push("your text");
    if (restoreFile(fileInput, keys.file)) kept.push(`the file ${fileInput.files[0].name}`);
    const note = form.querySelector("#import-kept");
    note.textContent = `Nothing is lost: ${kept.join(" and ")} ${kept.length > 1 ? "are" : "is"} back in the form.`;
    note.hidden = !kept.length;
  }
  let keeping = null; // reading the chosen file: the form waits for it before it goes
  fileInput.addEventListener("change", () => {
    keeping = keepFile(fileInput, keys.file).finally(() => { keeping = null; });
  });
  let timer = null;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => save(form, keys.text), 300); });
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    save(form, keys.text);
    const pasted = form.elements.text.value.trim() !== "";
    const file = form.elements.file.files.length > 0;
    if (pasted && file) {
      event.preventDefault();
      showProblem(form, form.dataset.both || BOTH_MESSAGE);
      form.elements.text.focus();
      return;
    }
    showProblem(form, "");
    if (keeping) {
      event.preventDefault();
      keeping.then(() => form.submit());
    }
  });
}
