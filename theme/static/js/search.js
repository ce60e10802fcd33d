// Site search with Pagefind's JS API. Loaded only on /cari/; without
// JavaScript the page offers the archive and the categories instead.
//
// On a weak connection the first query downloads Pagefind's script, its
// WebAssembly and a few index chunks. A request that fails, or that has not
// finished after TIMEOUT_MS, ends in a message and a retry button, never in a
// "Mencari…" that stays forever (bench/search_transfer.md has the sizes).
const bundle = new URL("../../pagefind/", import.meta.url);
const TIMEOUT_MS = 20000;
const SHOWN = 10; // result fragments fetched per query: each one is a request
const FAILED = "Pencarian gagal. Periksa koneksi Anda, lalu coba lagi.";

const form = document.querySelector(".search-form");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreSlot = document.getElementById("search-more");

let pagefind = null;
let attempt = 0;
let current = 0; // the query on screen; an older, slower one must not overwrite it

// Pagefind's excerpt is HTML with <mark> around matched words. It is parsed
// in an inert document (nothing in it loads or runs) and only its text and
// <mark> elements are copied, so page text can never become markup here.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = [];
  for (const node of doc.body.firstChild?.childNodes ?? []) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A module whose download failed stays failed in the page's module map, and a
// stalled chunk request stays pending inside Pagefind: a retry loads a fresh
// instance (a new URL), while the files that did arrive come from the cache.
async function loadPagefind() {
  if (pagefind) return pagefind;
  const url = new URL("pagefind.js", bundle);
  if (attempt) url.searchParams.set("coba", String(attempt));
  const module = await import(url.href);
  // noWorker: the search runs in this page, so Pagefind's worker script is
  // never downloaded (one file less on the first query).
  await module.options({ noWorker: true });
  pagefind = module;
  return module;
}

function showFailure(query) {
  pagefind = null;
  attempt += 1;
  const text = document.createElement("p");
  text.className = "notice";
  text.textContent = FAILED;
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "button";
  retry.textContent = "Coba lagi";
  retry.addEventListener("click", () => run(query));
  status.replaceChildren(text, retry);
}

function resultItem(item) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = item.url;
  a.textContent = item.meta.title || item.url;
  li.append(a);
  const facts = [item.meta.kategori, item.meta.tanggal].filter(Boolean);
  if (facts.length) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts.join(" · ");
    li.append(meta);
  }
  const p = document.createElement("p");
  p.append(...excerptNodes(item.excerpt));
  li.append(p);
  return li;
}

async function search(query) {
  const api = await loadPagefind();
  const found = await api.search(query);
  const items = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  return { results: found.results, items };
}

// The next SHOWN results, on request: each costs a fragment download.
function moreButton(query, results, shown) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = "Tampilkan hasil berikutnya";
  button.addEventListener("click", async () => {
    const mine = current;
    button.disabled = true;
    let items;
    try {
      const batch = results.slice(shown, shown + SHOWN);
      items = await withTimeout(Promise.all(batch.map((r) => r.data())));
    } catch {
      if (mine === current) showFailure(query);
      return;
    }
    if (mine !== current) return;
    const first = list.children.length;
    list.append(...items.map(resultItem));
    list.children[first]?.querySelector("a")?.focus();
    const next = shown + items.length;
    button.replaceWith(...(next < results.length ? [moreButton(query, results, next)] : []));
  });
  return button;
}

async function run(query) {
  const mine = ++current;
  list.replaceChildren();
  moreSlot.replaceChildren(); // the previous query's "next results" button
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Mencari…";
  let result;
  try {
    result = await withTimeout(search(query));
  } catch {
    if (mine === current) showFailure(query);
    return;
  }
  if (mine !== current) return;
  const { results, items } = result;
  status.textContent = items.length
    ? `${results.length} hasil untuk “${query}”.`
    : `Tidak ada hasil untuk “${query}”. Coba kata lain atau lihat arsip.`;
  list.replaceChildren(...items.map(resultItem));
  if (results.length > items.length) {
    moreSlot.replaceChildren(moreButton(query, results, items.length));
  }
}

// A reader who puts the cursor in the search box is about to search: fetch
// Pagefind's script, WebAssembly and index metadata while they type, so a
// slow line spends the typing time on them instead of the waiting time. A
// failure here is only reported if the search itself fails.
input.addEventListener(
  "focus",
  () => {
    loadPagefind()
      .then((api) => api.init())
      .catch(() => {
        pagefind = null; // the search loads a fresh instance
        attempt += 1;
      });
  },
  { once: true },
);

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  run(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
