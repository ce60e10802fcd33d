// Site search with Pagefind's JS API. Loaded only on /cari/; the page says
// plainly (in <noscript>) that search needs JavaScript.
const pagefindUrl = new URL("../../pagefind/pagefind.js", import.meta.url);
const form = document.querySelector(".search-form");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

let pagefind;

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

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Mencari…";
  pagefind ??= await import(pagefindUrl.href);
  const found = await pagefind.search(query);
  const items = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  status.textContent = items.length
    ? `${found.results.length} hasil untuk “${query}”.`
    : `Tidak ada hasil untuk “${query}”. Coba kata lain atau lihat arsip.`;
  for (const item of items) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.meta.title || item.url;
    const p = document.createElement("p");
    p.append(...excerptNodes(item.excerpt));
    li.append(a, p);
    list.append(li);
  }
}

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
