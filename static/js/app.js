// Entry point for every page: wires the behaviour the page's markup asks for.
import { initArticle } from "./article.js";
import { initOrphans } from "./orphans.js";
import "./review.js"; // review mode: wires itself

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("article-text")) initArticle(document);
  if (document.getElementById("orphans")) initOrphans(document);
});
