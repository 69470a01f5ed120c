// The live view: one figure per page holding its SVG; after each round (a server-sent
// event carrying the status) it fetches the pages whose version changed and no others.
"use strict";

const shown = new Map(); // page number -> version shown

function list(id, items) {
  const ul = document.getElementById(id);
  ul.replaceChildren(...items.map((t) => {
    const li = document.createElement("li");
    li.textContent = t;
    return li;
  }));
}

function figureOf(number) {
  let fig = document.getElementById("page-" + number);
  if (!fig) {
    fig = document.createElement("figure");
    fig.className = "page";
    fig.id = "page-" + number;
    fig.style.margin = "0";
    const label = document.createElement("div");
    label.className = "number";
    label.textContent = "page " + number;
    fig.append(label, document.createElement("div"));
    const pages = document.getElementById("pages");
    const after = [...pages.children].find((f) => Number(f.id.slice(5)) > number);
    pages.insertBefore(fig, after || null);
  }
  return fig;
}

async function showPage(number, version, round) {
  const response = await fetch("/page/" + number + ".svg?v=" + version, { cache: "no-store" });
  if (!response.ok) return;
  const text = await response.text();
  const fig = figureOf(number);
  const holder = fig.lastElementChild;
  holder.innerHTML = text;
  const svg = holder.querySelector("svg");
  if (svg) svg.dataset.version = String(version);
  fig.dataset.version = String(version);
  fig.classList.toggle("changed", version === round && round > 1);
  shown.set(number, version);
}

async function apply(status) {
  const header = document.getElementById("status");
  header.textContent = status.line || "";
  header.classList.toggle("failed", !status.ok);
  list("errors", status.errors);
  list("overset", status.overset);
  list("warnings", status.warnings);
  const numbers = new Set(status.pages.map(([n]) => n));
  for (const [n] of shown) {
    if (!numbers.has(n)) {
      document.getElementById("page-" + n)?.remove();
      shown.delete(n);
    }
  }
  await Promise.all(status.pages
    .filter(([n, v]) => shown.get(n) !== v)
    .map(([n, v]) => showPage(n, v, status.round)));
  document.body.dataset.round = String(status.round);
}

let queue = Promise.resolve();
const events = new EventSource("/events");
events.onmessage = (e) => {
  const status = JSON.parse(e.data);
  queue = queue.then(() => apply(status));
};

document.getElementById("show-marks").addEventListener("change", (e) => {
  document.body.classList.toggle("hide-marks", !e.target.checked);
});
