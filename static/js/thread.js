// Discussion: the open claim's thread and the article's. Comments, @mention completion (completion.js), edit
// within the window, resolve and reopen, all through /api/v1. The claim box follows the panel:
// article.js dispatches "claim:open" and "claim:close" on the document.
import { call } from "./api.js";
import { Completion } from "./completion.js";

const MENTION = /(^|[^A-Za-z0-9_.-])@([A-Za-z0-9_.-]{0,64})$/;

function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The comment's text as nodes, each @name of a mentioned person marked (text only, never HTML). */
function bodyNodes(doc, comment) {
  const names = new Set(comment.mentions.map((n) => n.toLowerCase()));
  const parts = comment.body.split(/(@[A-Za-z0-9_.-]+)/);
  return parts.map((part) => (part.startsWith("@") && names.has(part.slice(1).replace(/\.+$/, "").toLowerCase())
    ? el(doc, "span", "mention", part) : doc.createTextNode(part)));
}

function when(iso) {
  return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/** Completion of @usernames in one textarea, from /api/v1/users/mentionable. */
function mentions(doc, box, list) {
  const typed = () => {
    const match = MENTION.exec(box.value.slice(0, box.selectionStart));
    return match ? match[2] : null;
  };
  return new Completion(doc, box, list, {
    typed,
    url: (prefix) => `/api/v1/users/mentionable?prefix=${encodeURIComponent(prefix)}`,
    render: (user) => [el(doc, "strong", "", `@${user.username}`), ` ${user.display_name}`],
    pick(user) {
      const caret = box.selectionStart;
      const before = box.value.slice(0, caret).replace(/@[A-Za-z0-9_.-]*$/, `@${user.username} `);
      box.value = before + box.value.slice(caret);
      box.setSelectionRange(before.length, before.length);
    },
  });
}

/** One discussion box: its comments, its form, its resolve button. */
class ThreadBox {
  constructor(doc, root, me) {
    this.doc = doc;
    this.root = root;
    this.me = me;
    this.url = null;
    this.data = null;
    this.form = root.querySelector("[data-thread-form]");
    this.body = root.querySelector("[data-thread-body]");
    this.error = root.querySelector("[data-thread-error]");
    this.resolveButton = root.querySelector("[data-thread-resolve]");
    this.mentions = mentions(doc, this.body, root.querySelector("[role=listbox]"));
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.send(); });
    this.body.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.send(); }
    });
    this.resolveButton.addEventListener("click", () => this.toggleResolved());
  }

  async load(url) {
    this.url = url;
    this.say("");
    try {
      this.render(await call("GET", url));
    } catch (error) {
      this.say(error.message);
    }
  }

  say(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
  }

  render(data) {
    this.data = data;
    const list = this.root.querySelector("[data-thread-comments]");
    list.replaceChildren(...data.comments.map((c) => this.item(c)));
    this.root.querySelector("[data-thread-empty]").hidden = data.comments.length > 0;
    this.root.querySelector("[data-thread-count]").textContent = data.comments.length ? String(data.comments.length) : "";
    const resolved = Boolean(data.thread && data.thread.resolved);
    this.root.querySelector("[data-thread-state]").textContent = resolved ? "Resolved" : "";
    this.root.dataset.resolved = resolved ? "yes" : "no";
    this.resolveButton.hidden = !data.thread;
    this.resolveButton.textContent = resolved ? "Reopen" : "Resolve";
  }

  item(comment) {
    const li = el(this.doc, "li", `comment comment-${comment.kind}`);
    li.id = `comment-${comment.id}`;
    const author = comment.author ? comment.author.display_name : `${(comment.imported_author || {}).display_name || "someone"} (imported)`;
    const head = el(this.doc, "p", "comment-head small");
    head.append(el(this.doc, "strong", "", author), " ", el(this.doc, "time", "muted", when(comment.created_at)));
    if (comment.kind === "request_changes") head.append(" ", el(this.doc, "span", "comment-tag", "asked for changes"));
    if (comment.edited_at) head.append(" ", el(this.doc, "span", "muted", "(edited)"));
    const text = el(this.doc, "p", "comment-body");
    text.dir = "auto";
    text.append(...bodyNodes(this.doc, comment));
    li.append(head, text);
    if (this.mayEdit(comment)) li.append(this.editButton(comment, li));
    return li;
  }

  mayEdit(comment) {
    return comment.author && comment.author.username === this.me && comment.editable_until
      && new Date(comment.editable_until) > new Date();
  }

  editButton(comment, li) {
    const button = el(this.doc, "button", "link small", "Edit");
    button.type = "button";
    button.addEventListener("click", () => this.edit(comment, li));
    return button;
  }

  edit(comment, li) {
    const box = el(this.doc, "textarea", "comment-edit");
    box.value = comment.body;
    box.maxLength = 5000;
    box.setAttribute("aria-label", "Edit your comment");
    const save = el(this.doc, "button", "primary small", "Save");
    save.type = "button";
    save.addEventListener("click", async () => {
      try {
        await call("PATCH", `/api/v1/comments/${comment.id}`, { body: { body: box.value } });
        await this.load(this.url);
      } catch (error) {
        this.say(error.message);
      }
    });
    li.replaceChildren(box, save);
    box.focus();
  }

  async send() {
    const body = this.body.value;
    if (!body.trim()) return this.say("Write a comment first.");
    try {
      this.render(await call("POST", this.url, { body: { body } }));
      this.body.value = "";
      this.say("");
    } catch (error) {
      this.say(error.message);
    }
    return null;
  }

  async toggleResolved() {
    const move = this.data.thread.resolved ? "reopen" : "resolve";
    try {
      this.render(await call("POST", `/api/v1/threads/${this.data.thread.id}/${move}`));
    } catch (error) {
      this.say(error.message);
    }
  }
}

export function initThreads(doc) {
  const me = doc.querySelector("[data-thread-me]");
  const username = me ? me.dataset.threadMe : "";
  const workspace = doc.getElementById("workspace");
  const articleRoot = doc.querySelector('[data-thread="article"]');
  if (articleRoot && workspace) {
    new ThreadBox(doc, articleRoot, username).load(`/api/v1/articles/${workspace.dataset.articleId}/thread`);
  }
  const claimRoot = doc.querySelector('[data-thread="claim"]');
  if (!claimRoot) return;
  const claimBox = new ThreadBox(doc, claimRoot, username);
  doc.addEventListener("claim:open", (event) => {
    const saved = /^\d+$/.test(event.detail.id); // a claim not yet saved has no thread
    claimRoot.hidden = !saved;
    if (saved) claimBox.load(`/api/v1/claims/${event.detail.id}/thread`);
  });
  doc.addEventListener("claim:close", () => { claimRoot.hidden = true; });
}
