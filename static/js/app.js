// Entry point for every page: wires the behaviour the page's markup asks for.
import { initArticle } from "./article.js";
import { initLive } from "./live.js";
import { initOrphans } from "./orphans.js";
import "./review.js"; // review mode: wires itself

document.addEventListener("DOMContentLoaded", () => {
  const workspace = document.getElementById("article-text") ? initArticle(document) : null;
  if (workspace && document.getElementById("live")) initLive(document, workspace);
  if (document.getElementById("orphans")) initOrphans(document);
});
