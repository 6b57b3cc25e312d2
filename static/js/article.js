// The article page: clicking a highlight or a claim in the list shows the two together.

function activate(root, claimId) {
  root.querySelectorAll(".is-active").forEach((el) => el.classList.remove("is-active"));
  const marks = root.querySelectorAll(`mark.hl[data-claims~="${claimId}"]`);
  marks.forEach((mark) => mark.classList.add("is-active"));
  const item = root.getElementById(`claim-${claimId}`);
  if (item) {
    item.classList.add("is-active");
    item.scrollIntoView({ block: "nearest" });
  }
  return marks;
}

export function initArticle(root) {
  root.getElementById("article-text").addEventListener("click", (event) => {
    const mark = event.target.closest("mark.hl");
    if (!mark) return;
    // The innermost claim is listed first among overlapping ones; choose it.
    const ids = mark.dataset.claims.split(" ");
    activate(root, ids[ids.length - 1]);
  });
  root.querySelectorAll(".claim-jump").forEach((button) => {
    button.addEventListener("click", () => {
      const marks = activate(root, button.dataset.claimId);
      if (marks.length) marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
    });
  });
}
