// Entry point for every page: wires the behaviour the page's markup asks for.
import { initArticle } from "./article.js";

document.addEventListener("DOMContentLoaded", () => {
  if (document.getElementById("article-text")) initArticle(document);
});
