"""The review page: one self-contained HTML file in which a person checks the cleaner's verdicts on sampled
articles line by line and corrects them, then saves the corrections as gold labels.

Each article is shown line by line as `explain` shows it: a removed line struck through in its kind's colour,
tagged "kind · rule · score" with the model's reasons beneath; a kept line plain. A click (or Space/Enter on
the focused line) toggles a line between body and noise; digits pick the kind. The corrections are saved in
the gold format of tests/data/labelled (a download, or the clipboard), each dump with its identity (doc_id,
source_uri, member, raw_sha256, the raw text) and the dataset's pipeline version, so that a labels file can be
traced back to what was reviewed and checked against it.

The page needs no server and fetches nothing: the payload is embedded as JSON and the script and style are
inline, so it works opened from disk (file://) and offline. Work in progress survives a reload through the
page's address (its #fragment) and the browser's localStorage (for the page opened again).
"""

from __future__ import annotations

import html
import json

from pipeline.core.document import KINDS, LABELS_FORMAT

# One colour per kind. These colour text on white (the report's palette colours bars), so each is dark enough
# to read (contrast at least 4.5:1, WCAG AA) and far enough from the others to tell apart.
PALETTE = {"title": "#5f6368", "byline": "#8c564b", "caption": "#d0021b", "credit": "#b35c00", "duplicate": "#6b7000",
           "related": "#1f5fbf", "ad": "#c2187a", "widget": "#6a3d9a", "footer": "#1e7b34"}
# A kind the payload names that the palette does not know (a newer cleaner) is still shown, in dark grey.
OTHER_COLOUR = "#444444"
NOTES = "reviewed in articlean review"


def render_review(payload: dict) -> str:
    """The page for `payload` (see the module docstring; the keys are those of the review command's sample)."""
    kinds = list(payload.get("kinds") or KINDS)
    palette = {kind: PALETTE.get(kind, OTHER_COLOUR) for kind in kinds}
    config = {"palette": palette, "format": LABELS_FORMAT, "notes": NOTES}
    dataset = str(payload.get("dataset") or "")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>articlean review: {html.escape(dataset)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        _SKELETON,
        f'<script type="application/json" id="articlean-payload">{_script_json(payload)}</script>',
        f'<script type="application/json" id="articlean-config">{_script_json(config)}</script>',
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ])


def _script_json(value) -> str:
    """JSON that can sit inside a <script> element whatever its strings hold: "<" is written as \\u003c, so no
    text can close the element ("</script>") or open an HTML comment in it ("<!--"); JSON.parse reads it back
    unchanged. "&" and ">" likewise, so that nothing in it reads as markup to any tool that scans the page."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 64em; color: #222; padding: 0 1em 4em; }
h1 { font-size: 1.4em; margin: 0.8em 0 0.2em; }
.meta { color: #555; font-size: 13px; margin: 0.2em 0; }
code { font-size: 12px; word-break: break-all; }
#bar { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ddd; padding: 0.4em 0; z-index: 1; }
#kinds { display: flex; flex-wrap: wrap; gap: 4px; margin: 0.3em 0; }
#kinds button { border: 2px solid transparent; border-radius: 4px; background: #f4f4f4; font-size: 13px;
                padding: 1px 8px; cursor: pointer; }
#kinds button[aria-pressed="true"] { border-color: #222; background: #fff; font-weight: 600; }
#kinds .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 4px;
                 vertical-align: -0.05em; }
#actions button, #nav button { font-size: 13px; margin-right: 4px; cursor: pointer; }
#status { margin-left: 0.6em; font-size: 13px; color: #1e7b34; }
#keys { font-size: 12px; color: #555; margin: 0.3em 0; }
#keys kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 3px; background: #fafafa; font-size: 11px; }
#head h2 { font-size: 1.2em; margin: 0.8em 0 0.1em; }
.badge { display: inline-block; font-size: 12px; border-radius: 3px; padding: 0 6px; margin-left: 6px;
         background: #eee; color: #555; vertical-align: 0.1em; }
.badge.done { background: #1e7b34; color: #fff; }
#lines { list-style: none; padding: 0; margin: 0.6em 0; }
.line { display: grid; grid-template-columns: 3.2em 1fr; column-gap: 0.4em; padding: 3px 6px;
        border-left: 5px solid transparent; cursor: pointer; border-radius: 2px; }
.line:hover { background: #f6f6f6; }
.line:focus { outline: 2px solid #222; outline-offset: -2px; background: #f1f3f8; }
.line .num { grid-row: 1 / span 4; color: #999; font-size: 12px; text-align: right; padding-top: 2px;
             font-variant-numeric: tabular-nums; }
.line .text { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; }
.line.noise .text { text-decoration-line: line-through; text-decoration-thickness: 2px; }
.line .tag { font-size: 11px; color: #777; }
.line.noise .tag { color: #fff; border-radius: 3px; padding: 0 5px; justify-self: start; }
.line .why, .line .fixed, .line .was { font-size: 11px; color: #777; overflow-wrap: anywhere; }
.line .fixed { unicode-bidi: plaintext; }
.line .was { color: #222; font-weight: 600; }
.line.changed { border-left-color: #222; background: #fffbe6; }
#empty { color: #555; font-style: italic; }
"""

# The page's fixed parts; everything taken from the payload is put in by the script, as text nodes only.
_SKELETON = """
<noscript><p>This page needs JavaScript to show the articles.</p></noscript>
<header><h1>articlean review</h1><div class="meta" id="dataset"></div><div class="meta" id="progress"></div></header>
<div id="bar">
 <div id="kinds" role="group" aria-label="kind of noise"></div>
 <div id="actions">
  <button type="button" id="prev">&larr; previous</button><button type="button" id="next">next &rarr;</button>
  <select id="jump" aria-label="go to article"></select>
  <button type="button" id="review">mark reviewed (r)</button>
  <button type="button" id="save">save labels (s)</button><button type="button" id="copy">copy labels (c)</button>
  <button type="button" id="clear">clear corrections</button>
  <span id="status" role="status" aria-live="polite"></span>
 </div>
 <div id="keys"><kbd>click</kbd> a line: body &harr; noise &middot; <kbd>j</kbd>/<kbd>&darr;</kbd> next line
  &middot; <kbd>k</kbd>/<kbd>&uarr;</kbd> previous line &middot; <kbd>Space</kbd>/<kbd>Enter</kbd> toggle the line
  &middot; <kbd>1</kbd>-<kbd>9</kbd> kind (and the focused line becomes that noise) &middot; <kbd>0</kbd>/<kbd>b</kbd>
  body &middot; <kbd>n</kbd>/<kbd>&rarr;</kbd> next article &middot; <kbd>p</kbd>/<kbd>&larr;</kbd> previous article
  &middot; <kbd>r</kbd> reviewed &middot; <kbd>s</kbd> save &middot; <kbd>c</kbd> copy &middot; <kbd>Esc</kbd> no line</div>
</div>
<main><section id="head"></section><ol id="lines"></ol><p id="empty" hidden>This sample holds no articles:
there is nothing to review.</p></main>
"""

_SCRIPT = r"""
"use strict";
(function () {
  const payload = JSON.parse(document.getElementById("articlean-payload").textContent);
  const config = JSON.parse(document.getElementById("articlean-config").textContent);
  const kinds = payload.kinds && payload.kinds.length ? payload.kinds : Object.keys(config.palette);
  // Lines in number order: the labels file must list them so, whatever order they came in.
  const articles = (payload.articles || []).map(a => Object.assign({}, a, {
    lines: (a.lines || []).slice().sort((x, y) => x.line - y.line)}));
  // One browser keeps one store per page: file:// pages share an origin, so the key names the sample.
  const STORE = "articlean-review:" + JSON.stringify([payload.pipeline_version, payload.dataset, payload.created_at]);

  // The user's corrections: per article, line number -> label, only where it differs from the cleaner's.
  let overrides = articles.map(() => ({}));
  let reviewed = articles.map(() => false);
  const lastNoise = articles.map(() => ({}));  // a line's latest noise kind, restored when it is toggled back
  let current = kinds.includes("widget") ? "widget" : kinds[0];
  let at = 0, focused = -1;

  const $ = id => document.getElementById(id);
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);  // strings become text nodes: never markup
    }
    return node;
  }
  const colour = kind => config.palette[kind] || "#444444";
  const verdict = line => line.kind === null || line.kind === undefined ? "body" : line.kind;
  const labelOf = (i, line) => Object.prototype.hasOwnProperty.call(overrides[i], line.line)
    ? overrides[i][line.line] : verdict(line);
  const changed = (i, line) => Object.prototype.hasOwnProperty.call(overrides[i], line.line);
  const articleKey = i => i + "|" + articles[i].doc_id;
  const score = s => typeof s === "number" ? s.toFixed(2) : null;
  const counted = (n, noun) => n + " " + noun + (n === 1 ? "" : "s");  // "1 article", "2 articles"

  // --- keeping work across reloads ----------------------------------------------------------------------
  // The work is kept twice: in localStorage, for the page opened again later, and in the page's own address (its
  // #fragment, which a reload keeps): Chromium's localStorage for a file:// page came back empty after a reload now
  // and then when the machine was busy (11 reloads in 60 with two CPU burners), the address never.
  function fromAddress() {
    const hash = window.location.hash;
    if (!hash.startsWith("#work=")) return null;
    try {
      const kept = JSON.parse(decodeURIComponent(hash.slice(6)));
      return kept && kept.store === STORE ? kept.work : null;  // another sample's work is not this page's
    } catch (e) { return null; }
  }
  function load() {
    let kept = fromAddress();
    if (!kept) {
      try { kept = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { kept = null; }
    }
    if (!kept || typeof kept !== "object") return;
    if (kinds.includes(kept.kind)) current = kept.kind;
    articles.forEach((a, i) => {
      const mine = (kept.articles || {})[articleKey(i)];
      if (!mine) return;
      reviewed[i] = !!mine.reviewed;
      const numbers = new Set(a.lines.map(l => l.line));
      for (const [n, label] of Object.entries(mine.labels || {})) {
        if (numbers.has(Number(n)) && (label === "body" || kinds.includes(label))) overrides[i][Number(n)] = label;
      }
    });
  }
  let warned = false;
  function store() {
    const kept = {kind: current, articles: {}};
    articles.forEach((a, i) => {
      if (reviewed[i] || Object.keys(overrides[i]).length) {
        kept.articles[articleKey(i)] = {labels: overrides[i], reviewed: reviewed[i]};
      }
    });
    try {
      history.replaceState(null, "", "#work=" + encodeURIComponent(JSON.stringify({store: STORE, work: kept})));
    } catch (e) { /* an address too long for this browser: localStorage still has it */ }
    try { localStorage.setItem(STORE, JSON.stringify(kept)); } catch (e) {
      if (!warned) say("this browser does not keep the corrections across a reload: save them before leaving");
      warned = true;
    }
  }

  // --- the labels file ----------------------------------------------------------------------------------
  function labelsFile() {
    const dumps = [];
    articles.forEach((a, i) => {
      const corrected = a.lines.filter(l => changed(i, l)).map(l => l.line);
      if (!corrected.length && !reviewed[i]) return;  // neither looked at nor corrected: nothing to vouch for
      const labels = [], body = [];
      for (const line of a.lines) {
        const entry = {line: line.line, label: labelOf(i, line)};
        if (entry.label === "body") {
          // The cleaner's cut stands only where the user left the line as the cleaner had it.
          const fixed = !changed(i, line) && typeof line.fixed === "string" ? line.fixed : null;
          if (fixed !== null) entry.fixed = fixed;
          body.push(fixed !== null ? fixed : line.text);
        }
        labels.push(entry);
      }
      dumps.push({file: a.file, title: a.title === undefined ? null : a.title, labels: labels,
                  body: body.join("\n\n"), notes: config.notes, source: a.source === undefined ? null : a.source,
                  source_uri: a.source_uri, member: a.member === undefined ? null : a.member,
                  raw_sha256: a.raw_sha256, doc_id: a.doc_id, kind: a.kind === undefined ? "text" : a.kind,
                  raw: a.raw, corrected: corrected, reviewed: reviewed[i]});
    });
    return {format: config.format, dataset: payload.dataset, pipeline_version: payload.pipeline_version,
            saved_at: new Date().toISOString(), dumps: dumps};
  }
  const labelsText = () => JSON.stringify(labelsFile(), null, 1);
  window.articleanLabels = labelsText;

  function fileName() {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);  // UTC, as saved_at
    const version = String(payload.pipeline_version || "unknown").slice(0, 12).replace(/[^A-Za-z0-9._-]/g, "_");
    return "labels-" + version + "-" + stamp + ".json";
  }
  function summary(file) {
    const lines = file.dumps.reduce((n, d) => n + d.corrected.length, 0);
    return counted(file.dumps.length, "dump") + ", " + counted(lines, "corrected line");
  }
  function save() {
    const file = labelsFile();
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], {type: "application/json"}));
    const link = el("a", {href: url, download: fileName()});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);  // late enough for the download to have read it
    say("saved " + link.download + ": " + summary(file));
  }
  function copy() {
    const file = labelsFile(), text = JSON.stringify(file, null, 1);
    // The clipboard API needs a secure context and the page's focus; the old way works where it does not.
    const fallback = () => {
      const area = el("textarea", {value: text, readOnly: true});
      area.style.position = "fixed";
      area.style.left = "-10000px";
      document.body.append(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      say(ok ? "copied the labels: " + summary(file) : "could not copy to the clipboard: save the labels instead");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => say("copied the labels: " + summary(file)), fallback);
    } else {
      fallback();
    }
  }
  let quiet = null;
  function say(message) {
    $("status").textContent = message;
    clearTimeout(quiet);
    quiet = setTimeout(() => { $("status").textContent = ""; }, 8000);
  }

  // --- showing ------------------------------------------------------------------------------------------
  function tag(i, line, label) {
    if (label !== "body") {
      return [label, line.kind === label ? line.rule : null, line.kind === label ? score(line.score) : null]
        .filter(x => x !== null && x !== undefined && x !== "").join(" \u00b7 ");
    }
    // A kept line stays plain: a tag only when there is something to say (the model scored it, a piece was cut).
    const parts = [];
    if (score(line.score) !== null) {
      parts.push("score " + score(line.score) + (score(payload.threshold) === null ? "" : " (threshold " + score(payload.threshold) + ")"));
    }
    if (typeof line.fixed === "string" && !changed(i, line)) parts.push("a piece cut out");
    return parts.length ? ["body", ...parts].join(" \u00b7 ") : "";
  }
  function drawLine(node, i, line) {
    const label = labelOf(i, line), noise = label !== "body";
    node.className = "line" + (noise ? " noise" : "") + (changed(i, line) ? " changed" : "");
    node.dataset.label = label;
    const text = el("div", {className: "text", dir: "auto"}, line.text);
    const said = tag(i, line, label);
    const badge = said ? el("div", {className: "tag"}, said) : null;
    if (noise) {
      text.style.color = colour(label);
      text.style.textDecorationColor = colour(label);
      if (badge) badge.style.background = colour(label);
    }
    const extra = [];
    if (changed(i, line)) extra.push(el("div", {className: "was"}, "corrected: the cleaner said " + verdict(line)));
    if (noise && label === line.kind && line.why) extra.push(el("div", {className: "why"}, "(" + line.why + ")"));
    if (!noise && typeof line.fixed === "string" && !changed(i, line)) {
      extra.push(el("div", {className: "fixed", dir: "auto"}, "kept as: " + line.fixed));
    }
    // Only the parts there are: replaceChildren, unlike el(), writes a null as the text "null" (a line without
    // a tag, as a removed caption clicked back to body when no model scored it, showed "null" under its text).
    node.replaceChildren(...[el("span", {className: "num"}, String(line.line)), text, badge, ...extra]
      .filter(part => part !== null));
  }
  function drawHead() {
    const a = articles[at];
    const corrected = a.lines.filter(l => changed(at, l)).length;
    const state = el("span", {className: "badge" + (reviewed[at] ? " done" : "")},
                     reviewed[at] ? "reviewed" : "not reviewed");
    const fixes = corrected ? el("span", {className: "badge"}, corrected + " corrected") : null;
    const where = [a.source || "(no source)", a.file, a.member === null || a.member === undefined ? null : "member " + a.member,
                   a.doc_id].filter(x => x !== null && x !== undefined && x !== "").join(" \u00b7 ");
    $("head").replaceChildren(
      el("div", {className: "meta"}, "article " + (at + 1) + " of " + articles.length),
      el("h2", {dir: "auto"}, a.title || "(no title)", state, fixes),
      el("div", {className: "meta"}, where),
      el("div", {className: "meta"}, el("code", {}, a.source_uri || "")));
    $("review").textContent = reviewed[at] ? "unmark reviewed (r)" : "mark reviewed (r)";
    $("jump").value = String(at);
  }
  function drawProgress() {
    const done = reviewed.filter(Boolean).length;
    const lines = overrides.reduce((n, o) => n + Object.keys(o).length, 0);
    $("progress").textContent = counted(articles.length, "article") + " \u00b7 " + done + " reviewed \u00b7 " +
      counted(lines, "line") + " corrected";
    Array.from($("jump").options).forEach((option, i) => {
      const marks = (reviewed[i] ? " \u2713" : "") + (Object.keys(overrides[i]).length ? " *" : "");
      option.textContent = (i + 1) + ". " + (articles[i].title || articles[i].file || "(no title)") + marks;
    });
  }
  function drawArticle() {
    const a = articles[at];
    $("lines").replaceChildren(...a.lines.map(line => {
      const node = el("li", {tabIndex: -1});
      node.dataset.line = String(line.line);
      drawLine(node, at, line);
      return node;
    }));
    drawHead();
    drawProgress();
  }
  function drawKinds() {
    $("kinds").replaceChildren(...kinds.map((kind, n) => {
      const button = el("button", {type: "button"}, el("span", {className: "swatch"}),
                        (n < 9 ? (n + 1) + " " : "") + kind);
      button.querySelector(".swatch").style.background = colour(kind);
      button.style.color = colour(kind);
      button.dataset.kind = kind;
      button.setAttribute("aria-pressed", String(kind === current));
      button.addEventListener("click", () => { button.blur(); pick(kind); });
      return button;
    }));
  }

  // --- changing -----------------------------------------------------------------------------------------
  function setLabel(i, line, label) {
    if (label === verdict(line)) delete overrides[i][line.line]; else overrides[i][line.line] = label;
    if (label !== "body") lastNoise[i][line.line] = label;
    store();
    if (i === at) {
      const node = $("lines").querySelector('li[data-line="' + line.line + '"]');
      if (node) drawLine(node, i, line);
      drawHead();
      drawProgress();
    }
  }
  function toggle(index) {
    const line = articles[at].lines[index];
    if (labelOf(at, line) !== "body") { setLabel(at, line, "body"); return; }
    // Back to the noise it was (the user's or the cleaner's kind) before the kind being picked.
    setLabel(at, line, lastNoise[at][line.line] || (line.kind ? line.kind : current));
  }
  function pick(kind) {
    current = kind;
    drawKinds();
    if (focused >= 0 && articles.length) setLabel(at, articles[at].lines[focused], kind); else store();
  }
  function focusLine(index) {
    const nodes = $("lines").children;
    if (!nodes.length) return;
    focused = Math.max(0, Math.min(nodes.length - 1, index));
    nodes[focused].focus({preventScroll: true});
    nodes[focused].scrollIntoView({block: "nearest"});
  }
  function go(index) {
    if (!articles.length) return;
    at = Math.max(0, Math.min(articles.length - 1, index));
    focused = -1;  // a digit pressed right after arriving must not relabel a line the user has not chosen
    drawArticle();
    window.scrollTo(0, 0);
  }
  function markReviewed() {
    if (!articles.length) return;
    reviewed[at] = !reviewed[at];
    store();
    drawHead();
    drawProgress();
  }
  function clearAll() {
    if (!window.confirm("Forget every correction and reviewed mark on this page?")) return;
    overrides = articles.map(() => ({}));
    reviewed = articles.map(() => false);
    try { localStorage.removeItem(STORE); } catch (e) { /* nothing was kept */ }
    try { history.replaceState(null, "", window.location.pathname + window.location.search); } catch (e) { /* no fragment */ }
    if (articles.length) drawArticle();
    say("cleared");
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;  // the browser's own shortcuts (Ctrl+C, ...)
    const target = event.target;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    const key = event.key;
    const lines = articles.length ? articles[at].lines : [];
    let done = true;
    if (key === "j" || key === "ArrowDown") focusLine(focused + 1);
    else if (key === "k" || key === "ArrowUp") focusLine(focused < 0 ? 0 : focused - 1);
    else if (key === "n" || key === "ArrowRight") go(at + 1);
    else if (key === "p" || key === "ArrowLeft") go(at - 1);
    else if ((key === " " || key === "Enter") && focused >= 0 && lines.length) toggle(focused);
    else if (/^[1-9]$/.test(key) && Number(key) <= kinds.length) pick(kinds[Number(key) - 1]);
    else if ((key === "0" || key === "b") && focused >= 0 && lines.length) setLabel(at, lines[focused], "body");
    else if (key === "r") markReviewed();
    else if (key === "s") save();
    else if (key === "c") copy();
    else if (key === "Escape") { focused = -1; if (document.activeElement) document.activeElement.blur(); }
    else done = false;
    if (done) event.preventDefault();  // no page scroll on Space or the arrows, no button pressed by Enter
  }

  // --- start --------------------------------------------------------------------------------------------
  $("dataset").append("dataset ", el("code", {}, String(payload.dataset)), " \u00b7 pipeline ",
                      el("code", {}, String(payload.pipeline_version)), " \u00b7 sampled " + payload.created_at +
                      " \u00b7 model threshold " + (score(payload.threshold) || "none"));
  load();
  drawKinds();
  articles.forEach((a, i) => $("jump").append(el("option", {value: String(i)})));
  $("lines").addEventListener("click", event => {
    const node = event.target.closest("li.line");
    if (!node) return;
    const index = Array.prototype.indexOf.call($("lines").children, node);
    focusLine(index);
    toggle(index);
  });
  const button = (id, action) => $(id).addEventListener("click", () => { $(id).blur(); action(); });
  button("prev", () => go(at - 1));
  button("next", () => go(at + 1));
  button("review", markReviewed);
  button("save", save);
  button("copy", copy);
  button("clear", clearAll);
  $("jump").addEventListener("change", () => { go(Number($("jump").value)); $("jump").blur(); });
  document.addEventListener("keydown", onKey);
  if (articles.length) {
    drawArticle();
  } else {
    $("empty").hidden = false;
    for (const id of ["prev", "next", "jump", "review"]) $(id).disabled = true;
    $("progress").textContent = "0 articles";
  }
})();
"""
