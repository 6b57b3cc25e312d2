// Entry point for every page: starts the behaviour the page's markup asks for. No module starts
// itself; each exports an init function, so this is the one list of what runs on which page.
import { initWorkspace } from "./workspace.js";
import { initImportForm } from "./importform.js";
import { initLive } from "./live.js";
import { initOrphans } from "./orphans.js";
import { initReview } from "./review.js";
import { initThreads } from "./thread.js";
import { initClaimantField } from "./claimantfield.js";
import { initCheckedBefore } from "./checked.js";

document.addEventListener("DOMContentLoaded", () => {
  // Threads first: the workspace opens a #claim-N link at once, and the claim's thread listens.
  if (document.querySelector("[data-thread]")) initThreads(document);
  const workspace = document.getElementById("article-text") ? initWorkspace(document) : null;
  if (workspace && document.getElementById("live")) initLive(document, workspace);
  if (workspace && document.getElementById("checked-before")) initCheckedBefore(document, workspace);
  if (document.getElementById("f-claimant-options")) initClaimantField(document);
  if (document.getElementById("orphans")) initOrphans(document);
  if (document.querySelector("[data-review-list]")) initReview(document);
  document.querySelectorAll("form[data-draft]").forEach(initImportForm);
});
