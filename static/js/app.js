// Entry point for every page: wires the behaviour the page's markup asks for.
import { initArticle } from "./article.js";
import { initOrphans } from "./orphans.js";
import "./review.js"; // review mode: wires itself
import { initThreads } from "./thread.js";

document.addEventListener("DOMContentLoaded", () => {
  // Threads first: the workspace opens a #claim-N link at once, and the claim's thread listens.
  if (document.querySelector("[data-thread]")) initThreads(document);
  if (document.getElementById("article-text")) initArticle(document);
  if (document.getElementById("orphans")) initOrphans(document);
});
