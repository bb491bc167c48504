// The search page's enhancement: runs the query in ?q= against the site's Pagefind index and
// lists the results. Without JavaScript the page still works as a plain form (see search.html).
// Every text a reader sees comes from the page's data- attributes, so templates can translate it.
const script = document.querySelector("script[data-bundle]");
const form = document.querySelector(".search-form");
const field = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
// data-digits: the page language's digits 0-9 (a count is written in them, as dates are).
const digits = [...(script.dataset.digits || "0123456789")];
const local = (value) =>
  typeof value === "number" ? String(value).replace(/[0-9]/g, (d) => digits[Number(d)]) : value;
const text = (name, values) =>
  script.dataset[name].replace(/\{(\w+)\}/g, (_, key) => String(local(values[key]) ?? ""));

// The index is one Pagefind bundle per year (newest first): the newest loads the engine and
// the others are merged into it. recent.json names the bundle of the articles edited since their
// year was indexed, and the entries of the year bundles that they replace (left out of results).
// Result URLs must carry the path the site is published under.
const shards = script.dataset.shards.split(" ").filter(Boolean);
const baseUrl = script.dataset.base;
let pagefind = null;
let superseded = new Set();
async function recent() {
  try {
    const response = await fetch(`${script.dataset.bundle}recent.json`);
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}
async function engine() {
  if (pagefind === null) {
    const changes = await recent();
    superseded = new Set(changes.superseded || []);
    const bundles = changes.shard ? [...shards, changes.shard] : shards;
    const loaded = await import(`${script.dataset.bundle}${bundles[0]}/pagefind.js`);
    await loaded.options({ baseUrl });
    for (const shard of bundles.slice(1)) {
      await loaded.mergeIndex(`${script.dataset.bundle}${shard}/`, { baseUrl });
    }
    await loaded.init();
    pagefind = loaded;
  }
  return pagefind;
}

function item(result) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  link.dir = "auto";
  heading.append(link);
  li.append(heading);
  // each part isolated (<bdi>), so a Latin date does not reorder inside right-to-left text
  const parts = [result.meta.section, result.meta.date].filter(Boolean);
  if (parts.length) {
    const line = document.createElement("p");
    line.className = "search-about";
    parts.forEach((part, index) => {
      if (index) line.append(" · ");
      const isolated = document.createElement("bdi");
      isolated.textContent = part;
      line.append(isolated);
    });
    li.append(line);
  }
  const excerpt = document.createElement("p");
  excerpt.dir = "auto";
  // Pagefind's excerpt is the indexed text, HTML-escaped, with the matches in <mark>.
  excerpt.innerHTML = result.excerpt;
  li.append(excerpt);
  return li;
}

let latest = 0;
async function run(query) {
  const mine = ++latest;
  list.replaceChildren();
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = text("loading", {});
  if (shards.length === 0) {
    status.textContent = text("none", { query });
    return;
  }
  try {
    const found = await (await engine()).search(query);
    const current = found.results.filter((r) => !superseded.has(r.id));
    const results = await Promise.all(current.slice(0, 20).map((r) => r.data()));
    if (mine !== latest) return;
    const count = current.length;
    const key = count === 0 ? "none" : count === 1 ? "one" : "many";
    list.replaceChildren(...results.map(item));
    status.textContent = text(key, { count, query });
  } catch (error) {
    if (mine === latest) status.textContent = text("failed", {});
    throw error;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = field.value.trim();
  const url = new URL(location.href);
  url.searchParams.set("q", query);
  history.replaceState(null, "", url);
  run(query);
});

const initial = new URLSearchParams(location.search).get("q") || "";
field.value = initial;
run(initial.trim());
