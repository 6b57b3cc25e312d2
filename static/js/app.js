// Entry point for every page: starts the behaviour the page's markup asks for. No module starts
// itself; each exports an init function, so this is the one list of what runs on which page.
// Imported here: what the article page needs to answer its first click. The rest is imported
// when the page has it, after that: fewer requests and less script before the first click (a
// cold browser fetches them six at a time), and nothing of the workspace on the other pages.
import { initClaimantField } from "./claimantfield.js";
import { nextTask } from "./claimlist.js";
import { initThreads } from "./thread.js";
import { initWorkspace } from "./workspace.js";

/** Import a module once the page has `selector`, and start it. */
function startWhere(selector, load, start) {
  return document.querySelector(selector) ? load().then(start) : null;
}

document.addEventListener("DOMContentLoaded", async () => {
  // Threads first: the workspace opens a #claim-N link at once, and the claim's thread listens.
  if (document.querySelector("[data-thread]")) initThreads(document);
  const workspace = document.getElementById("article-text") ? initWorkspace(document) : null;
  // With the panel, not after it: an editor may type a claimant the moment a claim opens.
  if (document.getElementById("f-claimant-options")) initClaimantField(document);
  // A click on the text is answered from here on; what can wait gets the next turn, so the first
  // click never queues behind it (checked-before picks up a claim opened meanwhile).
  if (workspace) await nextTask();
  await Promise.all([
    workspace && startWhere("#live", () => import("./live.js"), (m) => m.initLive(document, workspace)),
    workspace && startWhere("#checked-before", () => import("./checked.js"), (m) => m.initCheckedBefore(document, workspace)),
    startWhere("#orphans", () => import("./orphans.js"), (m) => m.initOrphans(document)),
    startWhere("[data-review-list]", () => import("./review.js"), (m) => m.initReview(document)),
    startWhere("form[data-draft]", () => import("./importform.js"), (m) => document.querySelectorAll("form[data-draft]").forEach(m.initImportForm)),
  ]);
});
