// proxywatch dashboard. Plain DOM, no framework, no network but this server.
// Article text is hostile: every string from the API enters the page through textContent or an
// attribute set by setAttribute (never through an HTML parser), and links are made only from http(s) URLs.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
  "#bcbd22", "#7f7f7f"];
const PAGE = 50;
const MAP_LIMIT = 1000;
// Map frame: an equirectangular projection of the region, squeezed by cos(30°) so shapes look right.
const BOX = { lon0: 20, lat0: 5, lon1: 70, lat1: 45 };
const K = 20;
const COS = Math.cos((30 * Math.PI) / 180);

const state = {
  meta: null,
  colors: new Map(),
  countries: new Map(), // iso2 -> {name, numeric}
  outlines: null,
  offset: 0,
  mapItems: [],
  selected: null,
  view: null, // map viewBox [x, y, w, h]
};

// --- small helpers ---------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) append(node, child);
  return node;
}

function append(node, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) child.forEach((c) => append(node, c));
  else if (child instanceof Node) node.appendChild(child);
  else node.appendChild(document.createTextNode(String(child)));
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) append(node, child);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function $(selector) {
  return document.querySelector(selector);
}

function toast(message) {
  const box = $("#toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (box.hidden = true), 5000);
}

// Only plain http(s) URLs become links; the server already withholds others, this is a second guard.
function safeHref(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (err) {
    return null;
  }
}

async function api(path, params, options) {
  const query = params ? "?" + new URLSearchParams(params).toString() : "";
  const response = await fetch("/api" + path + query, options);
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    body = null;
  }
  if (!response.ok) {
    const detail = body && body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : response.statusText;
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function colorOf(umbrella) {
  return state.colors.get(umbrella || "") || "#555";
}

function umbrellaLabel(inc) {
  return inc.umbrella_name || inc.actor_name || inc.actor_umbrella || inc.actor_text || "unknown";
}

function filterParams({ withTrigger = false } = {}) {
  const form = $("#filters");
  const params = {};
  for (const name of ["start", "end", "actor", "target_country", "weapon", "status", "review_status", "min_sources"]) {
    const value = form.elements[name].value;
    if (value) params[name] = value;
  }
  if (withTrigger && form.elements.trigger.value) params.trigger = form.elements.trigger.value;
  return params;
}

// --- map ---------------------------------------------------------------------------------------------

function project(lon, lat) {
  return [(lon - BOX.lon0) * K * COS, (BOX.lat1 - lat) * K];
}

function ringPath(ring) {
  return ring.map(([lon, lat], i) => {
    const [x, y] = project(lon, lat);
    return (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
  }).join("") + "Z";
}

function centroid(feature) {
  // The middle of the largest ring's box: good enough to anchor a launch line on a country.
  let best = null;
  let bestArea = -1;
  for (const polygon of feature.geometry.coordinates) {
    const ring = polygon[0];
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    const box = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    if (area > bestArea) {
      bestArea = area;
      best = box;
    }
  }
  return best ? [(best[0] + best[2]) / 2, (best[1] + best[3]) / 2] : null;
}

function setView(view) {
  // Keep the viewBox at the element's aspect ratio, so one unit per pixel holds both ways and the
  // zoom lands under the pointer.
  const map = $("#map");
  const aspect = (map.clientHeight || 460) / (map.clientWidth || 600);
  let [x, y, w, h] = view;
  if (h / w < aspect) {
    const nh = w * aspect;
    y -= (nh - h) / 2;
    h = nh;
  } else {
    const nw = h / aspect;
    x -= (nw - w) / 2;
    w = nw;
  }
  view = [x, y, w, h];
  state.view = view;
  $("#map").setAttribute("viewBox", view.map((v) => v.toFixed(1)).join(" "));
  drawPoints();
}

function unitsPerPixel() {
  const width = $("#map").clientWidth || 600;
  return state.view[2] / width;
}

function drawBasemap() {
  const map = clear($("#map"));
  const width = (BOX.lon1 - BOX.lon0) * K * COS;
  const height = (BOX.lat1 - BOX.lat0) * K;
  map.appendChild(svg("rect", { x: 0, y: 0, width, height, class: "sea" }));
  const countries = svg("g", { id: "countries" });
  for (const feature of (state.outlines && state.outlines.features) || []) {
    const d = feature.geometry.coordinates.map((polygon) => polygon.map(ringPath).join("")).join("");
    countries.appendChild(svg("path", { d, class: "country", "data-numeric": Number(feature.id) },
      svg("title", {}, feature.properties.name)));
  }
  map.appendChild(countries);
  map.appendChild(svg("g", { id: "launch-lines" }));
  map.appendChild(svg("g", { id: "points" }));
  // Start on the Levant-to-Yemen theatre, where the demo's incidents are.
  const [x0, y0] = project(31, 37);
  const [x1, y1] = project(52, 12);
  setView([x0, y0, x1 - x0, y1 - y0]);
  enablePanZoom(map);
}

function enablePanZoom(map) {
  map.addEventListener("wheel", (event) => {
    event.preventDefault();
    const rect = map.getBoundingClientRect();
    const [vx, vy, vw, vh] = state.view;
    const fx = (event.clientX - rect.left) / rect.width;
    const fy = (event.clientY - rect.top) / rect.height;
    const scale = event.deltaY > 0 ? 1.2 : 1 / 1.2;
    const nw = Math.min(Math.max(vw * scale, 40), 1200);
    const nh = (nw / vw) * vh;
    setView([vx + (vw - nw) * fx, vy + (vh - nh) * fy, nw, nh]);
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, view: state.view.slice(), moved: false };
  });
  map.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (!drag.moved) return;
    const k = unitsPerPixel();
    setView([drag.view[0] - dx * k, drag.view[1] - dy * k, drag.view[2], drag.view[3]]);
  });
  const stop = () => (drag = null);
  map.addEventListener("pointerup", stop);
  map.addEventListener("pointerleave", stop);
}

function drawPoints() {
  const layer = $("#points");
  if (!layer || !state.view) return;
  clear(layer);
  const k = unitsPerPixel();
  // Bigger reports-backed incidents underneath, so small ones stay clickable.
  const shown = state.mapItems.slice();
  // An incident opened by link may lie outside the filters: still show where it is.
  const open = state.detailIncident;
  if (open && !shown.some((inc) => inc.id === open.id)) shown.push(open);
  const items = shown.filter((inc) => inc.lat !== null && inc.lon !== null)
    .sort((a, b) => b.n_sources - a.n_sources);
  for (const inc of items) {
    const [x, y] = project(inc.lon, inc.lat);
    const radius = (4 + 3 * Math.sqrt(inc.n_sources)) * k;
    const circle = svg("circle", {
      cx: x.toFixed(2), cy: y.toFixed(2), r: radius.toFixed(2),
      fill: colorOf(inc.actor_umbrella),
      class: "incident" + (state.selected === inc.id ? " selected" : ""),
      "data-id": inc.id,
      "stroke-width": (1.2 * k).toFixed(2),
      onclick: () => openIncident(inc.id),
    }, svg("title", {}, `${inc.event_date || "undated"} · ${umbrellaLabel(inc)} · ${inc.weapon} · ${inc.place_text || "?"} · ${inc.n_sources} sources`));
    layer.appendChild(circle);
  }
  drawLaunch();
}

function drawLaunch() {
  // Launch countries are tinted; the selected incident gets a dashed line from where it was launched.
  const launchers = new Set(state.mapItems.map((inc) => inc.launch_country).filter(Boolean));
  const numerics = new Set([...launchers].map((iso) => (state.countries.get(iso) || {}).numeric));
  for (const path of document.querySelectorAll("#countries path")) {
    path.classList.toggle("launch", numerics.has(Number(path.getAttribute("data-numeric"))));
  }
  const lines = clear($("#launch-lines"));
  const inc = state.mapItems.find((item) => item.id === state.selected) || state.detailIncident;
  if (!inc || !inc.launch_country || inc.lat === null || !state.outlines) return;
  const numeric = (state.countries.get(inc.launch_country) || {}).numeric;
  const feature = state.outlines.features.find((f) => Number(f.id) === numeric);
  const from = feature && centroid(feature);
  if (!from) return;
  const [x0, y0] = project(from[0], from[1]);
  const [x1, y1] = project(inc.lon, inc.lat);
  const k = unitsPerPixel();
  lines.appendChild(svg("line", {
    x1: x0, y1: y0, x2: x1, y2: y1, class: "launch-line",
    "stroke-width": (2 * k).toFixed(2), "stroke-dasharray": `${(6 * k).toFixed(1)} ${(4 * k).toFixed(1)}`,
  }));
  lines.appendChild(svg("circle", { cx: x0, cy: y0, r: (3 * k).toFixed(2), class: "launch-point" }));
}

function drawLegend() {
  const legend = clear($("#legend"));
  for (const [id, name] of Object.entries(state.meta.umbrellas)) {
    legend.appendChild(el("span", { class: "key" }, swatch(id), name));
  }
  legend.appendChild(el("span", { class: "key" }, el("span", { class: "swatch launch-swatch" }), "launch country"));
  legend.appendChild(el("span", { class: "muted" }, " · dot size = number of outlets · scroll to zoom, drag to pan"));
}

function swatch(umbrella) {
  const node = el("span", { class: "swatch" });
  node.style.background = colorOf(umbrella);
  return node;
}

// --- timeline ----------------------------------------------------------------------------------------

function drawTimeline(trends) {
  const chart = clear($("#timeline"));
  const width = chart.clientWidth || 600;
  const height = 150;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const days = trends.days;
  const note = $("#before-after");
  if (!days.length) {
    note.textContent = "no dated incidents for these filters";
    return;
  }
  const totals = days.map((_, i) => Object.values(trends.series).reduce((sum, s) => sum + s[i], 0));
  const top = Math.max(1, ...totals);
  const left = 28;
  const bottom = height - 20;
  const step = (width - left - 6) / days.length;
  chart.appendChild(svg("line", { x1: left, y1: bottom, x2: width - 4, y2: bottom, class: "axis" }));
  chart.appendChild(svg("text", { x: left - 4, y: 12, class: "tick", "text-anchor": "end" }, String(top)));
  chart.appendChild(svg("text", { x: left - 4, y: bottom, class: "tick", "text-anchor": "end" }, "0"));
  days.forEach((day, i) => {
    let y = bottom;
    for (const [group, counts] of Object.entries(trends.series)) {
      const n = counts[i];
      if (!n) continue;
      const h = (n / top) * (bottom - 16);
      y -= h;
      chart.appendChild(svg("rect", {
        x: (left + i * step + 0.5).toFixed(1), y: y.toFixed(1), width: Math.max(1, step - 1).toFixed(1),
        height: h.toFixed(1), fill: colorOf(group), class: "bar",
      }, svg("title", {}, `${day}: ${n} · ${trends.names[group] || group}`)));
    }
  });
  const labels = [days[0], days[Math.floor(days.length / 2)], days[days.length - 1]];
  labels.forEach((day, j) => {
    const i = days.indexOf(day);
    chart.appendChild(svg("text", {
      x: left + i * step + (j === 2 ? step : 0), y: height - 4, class: "tick",
      "text-anchor": ["start", "middle", "end"][j],
    }, day));
  });
  const trigger = $("#filters").elements.trigger.value;
  const t = days.indexOf(trigger);
  if (t >= 0) {
    const x = left + t * step;
    chart.appendChild(svg("line", { x1: x, y1: 4, x2: x, y2: bottom, class: "trigger-line", id: "trigger-line" }));
    chart.appendChild(svg("text", { x: x + 3, y: 12, class: "tick trigger-label" }, `trigger ${trigger}`));
  }
  const ba = trends.before_after;
  if (ba) {
    const ratio = ba.rate_ratio === null ? "∞ (none before)" : ba.rate_ratio.toFixed(2);
    const ci = ba.low === null || ba.high === null ? "" : ` (95 % CI ${ba.low.toFixed(2)}–${ba.high === null ? "∞" : ba.high.toFixed(2)})`;
    note.textContent = `before the trigger: ${ba.before_count} in ${ba.before_days} days · from it on: ` +
      `${ba.after_count} in ${ba.after_days} days · rate ratio ${ratio}${ci}, p = ${ba.p_value.toFixed(3)}`;
  } else {
    note.textContent = trigger ? "the trigger is outside the period shown" : "";
  }
}

// --- list ----------------------------------------------------------------------------------------------

function reviewBadge(status) {
  return el("span", { class: "badge review-" + status }, status.replace("_", " "));
}

async function loadList() {
  const params = { ...filterParams(), limit: PAGE, offset: state.offset };
  const page = await api("/incidents", params);
  const body = clear($("#incidents tbody"));
  for (const inc of page.items) {
    body.appendChild(el("tr", {
      "data-id": inc.id, class: state.selected === inc.id ? "selected" : null, tabindex: 0,
      onclick: () => openIncident(inc.id),
      onkeydown: (event) => { if (event.key === "Enter") openIncident(inc.id); },
    },
      el("td", {}, inc.event_date || "—"),
      el("td", {}, swatch(inc.actor_umbrella), umbrellaLabel(inc)),
      el("td", {}, inc.weapon.replaceAll("_", " ")),
      el("td", {}, inc.place_text || inc.target_text || "?"),
      el("td", {}, inc.status.replaceAll("_", " ")),
      el("td", { class: "num" }, String(inc.n_sources)),
      el("td", {}, reviewBadge(inc.review_status))));
  }
  if (!page.items.length) body.appendChild(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "no incident matches these filters")));
  const first = page.items.length ? state.offset + 1 : 0;
  $("#page-info").textContent = `${first}–${state.offset + page.items.length}${page.has_more ? " of more" : ""}`;
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = !page.has_more;
}

async function loadMapAndTrends() {
  const params = filterParams();
  const [page, trends] = await Promise.all([
    api("/incidents", { ...params, limit: MAP_LIMIT }),
    api("/trends", { ...filterParams({ withTrigger: true }), group_by: "umbrella" }),
  ]);
  state.mapItems = page.items;
  const placed = page.items.filter((i) => i.lat !== null).length;
  $("#map-note").textContent = `${placed} incidents on the map` + (page.has_more ? ` (first ${MAP_LIMIT}; narrow the filters)` : "");
  drawPoints();
  drawTimeline(trends);
}

function updateLinks() {
  const params = new URLSearchParams(filterParams());
  for (const fmt of ["csv", "parquet", "geojson"]) {
    $("#export-" + fmt).setAttribute("href", `/api/export/incidents.${fmt}?${params}`);
  }
  const p = filterParams({ withTrigger: true });
  if (p.start && p.end) {
    const brief = new URLSearchParams({ start: p.start, end: p.end });
    if (p.trigger) brief.set("trigger", p.trigger);
    if (p.actor) brief.set("umbrella", p.actor);
    if (p.target_country) brief.set("target_country", p.target_country);
    $("#brief-link").setAttribute("href", `/api/brief.md?${brief}`);
  }
}

async function refresh() {
  updateLinks();
  try {
    await Promise.all([loadList(), loadMapAndTrends()]);
  } catch (err) {
    toast(err.message);
  }
}

// --- incident detail -------------------------------------------------------------------------------

function field(label, value) {
  return [el("dt", {}, label), el("dd", {}, value === null || value === undefined || value === "" ? "?" : value)];
}

function actorLink(id, label) {
  if (!id) return label || "unknown";
  return el("a", { href: "#actor/" + encodeURIComponent(id) }, label || id);
}

function passage(segments) {
  const p = el("p", { class: "passage" });
  for (const seg of segments) {
    if (seg.fields.length) {
      p.appendChild(el("mark", { class: "ev ev-" + seg.fields[0], title: seg.fields.join(", ") }, seg.text));
    } else {
      p.appendChild(document.createTextNode(seg.text));
    }
  }
  return p;
}

function sourceCard(src) {
  const href = safeHref(src.url);
  const title = href ? el("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, src.title || "(untitled)") : el("span", {}, src.title || "(untitled)");
  const evidence = el("dl", { class: "evidence" });
  for (const [name, text] of Object.entries(src.evidence)) {
    evidence.appendChild(el("dt", {}, name));
    evidence.appendChild(el("dd", {}, text));
  }
  return el("li", { class: "source" },
    el("div", { class: "source-head" }, el("strong", { class: "outlet" }, src.outlet || "?"), " · ",
      (src.published_at || "").slice(0, 10), " · ", el("span", { class: "claim" }, src.claim_status)),
    el("div", { class: "source-title" }, title),
    passage(src.passage),
    evidence);
}

function reviewForm(inc) {
  const action = el("select", { name: "action" },
    ...["confirm", "reject", "merge", "split"].map((a) => el("option", { value: a }, a)));
  const other = el("input", { name: "other_id", placeholder: "duplicate of incident id", hidden: true, maxlength: 64 });
  const comment = el("textarea", { name: "comment", rows: 2, maxlength: 2000, placeholder: "why (kept in the audit log)" });
  const result = el("div", { class: "review-result", role: "status" });
  action.addEventListener("change", () => (other.hidden = action.value !== "merge"));
  const form = el("form", { id: "review-form", class: "review-form" },
    el("h3", {}, "Review"), action, other, comment,
    el("button", { type: "submit" }, "record review"), result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = $("#token").value.trim();
    const headers = { "Content-Type": "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const payload = { action: action.value, comment: comment.value || null };
    if (action.value === "merge") payload.other_id = other.value.trim() || null;
    try {
      const answer = await api(`/incidents/${encodeURIComponent(inc.id)}/review`, null, {
        method: "POST", headers, body: JSON.stringify(payload),
      });
      result.className = "review-result ok";
      result.textContent = `recorded: ${answer.review.action} → ${answer.incident.review_status}`;
      await openIncident(inc.id, { keepScroll: true, message: result.textContent });
      loadList().catch((err) => toast(err.message));
    } catch (err) {
      result.className = "review-result refused";
      result.textContent = err.status === 401 || err.status === 403 ? `refused (${err.message})` : err.message;
    }
  });
  return form;
}

async function openIncident(id, { message } = {}) {
  if (location.hash !== "#incident/" + encodeURIComponent(id)) {
    history.replaceState(null, "", "#incident/" + encodeURIComponent(id));
  }
  let detail;
  try {
    detail = await api("/incidents/" + encodeURIComponent(id));
  } catch (err) {
    toast(err.message);
    return;
  }
  const inc = detail.incident;
  state.selected = inc.id;
  state.detailIncident = inc;
  drawPoints();
  for (const row of document.querySelectorAll("#incidents tbody tr")) {
    row.classList.toggle("selected", row.getAttribute("data-id") === inc.id);
  }
  const box = clear($("#detail"));
  box.appendChild(el("button", { type: "button", class: "back", onclick: showList }, "‹ all incidents"));
  box.appendChild(el("h2", {}, swatch(inc.actor_umbrella), `${inc.event_date || "undated"} · ${inc.event_type}`));
  box.appendChild(el("dl", { class: "fields" },
    field("attacker", actorLink(inc.actor_id, inc.actor_name || inc.actor_text)),
    field("umbrella", actorLink(inc.actor_umbrella, inc.umbrella_name)),
    field("weapon", inc.weapon + (inc.n_attacks ? ` ×${inc.n_attacks}` : "")),
    field("target", inc.target_text),
    field("place", `${inc.place_text || "?"} (${inc.geo_precision || "?"})`),
    field("target country", inc.target_country),
    field("launched from", inc.launch_country),
    field("killed / injured", `${inc.killed ?? "?"} / ${inc.injured ?? "?"}`),
    field("claim", inc.status.replaceAll("_", " ")),
    field("review", reviewBadge(inc.review_status)),
    field("reports", `${inc.n_reports} articles from ${inc.n_sources} outlets`),
    field("id", inc.id)));
  box.appendChild(el("h3", {}, `Sources (${detail.sources.length})`));
  box.appendChild(el("ol", { class: "sources" }, detail.sources.map(sourceCard)));
  box.appendChild(reviewForm(inc));
  if (message) {
    const result = $("#review-form .review-result");
    result.className = "review-result ok";
    result.textContent = message;
  }
  if (detail.reviews.length) {
    box.appendChild(el("h3", {}, "Review log"));
    box.appendChild(el("ul", { class: "reviews" }, detail.reviews.map((r) =>
      el("li", {}, `${r.at.slice(0, 16).replace("T", " ")} · ${r.action}${r.who ? " by " + r.who : ""}`,
        r.comment ? el("q", {}, r.comment) : null))));
  }
  show("#detail");
}

// --- actor page --------------------------------------------------------------------------------------

async function openActor(id) {
  let detail;
  try {
    detail = await api("/actors/" + encodeURIComponent(id));
  } catch (err) {
    toast(err.message);
    return;
  }
  const a = detail.actor;
  const box = clear($("#actor"));
  box.appendChild(el("button", { type: "button", class: "back", onclick: showList }, "‹ all incidents"));
  box.appendChild(el("h2", {}, swatch(a.id), a.name));
  box.appendChild(el("dl", { class: "fields" },
    field("kind", a.kind.replaceAll("_", " ")),
    field("country", a.country),
    field("side", a.side),
    field("umbrella", a.umbrella ? actorLink(a.umbrella, a.umbrella) : "itself"),
    field("backer", a.backer ? actorLink(a.backer, a.backer) : null),
    field("also known as", a.aliases.slice(0, 12).join(" · ")),
    field("incidents", String(detail.n_incidents))));
  if (a.relations.length) {
    box.appendChild(el("h3", {}, "Ties"));
    box.appendChild(el("ul", { class: "relations" }, a.relations.map((r) =>
      el("li", {}, r.kind.replaceAll("_", " "), " ", actorLink(r.target, r.target_name || r.target),
        r.source ? el("span", { class: "muted" }, ` — ${r.source}`) : null))));
  }
  if (detail.members.length) {
    box.appendChild(el("h3", {}, "Members"));
    box.appendChild(el("ul", { class: "relations" }, detail.members.map((m) => el("li", {}, actorLink(m.id, m.name)))));
  }
  box.appendChild(el("h3", {}, "Latest incidents"));
  box.appendChild(el("ul", { class: "actor-incidents" }, detail.incidents.map((inc) =>
    el("li", {}, el("a", { href: "#incident/" + encodeURIComponent(inc.id) },
      `${inc.event_date || "undated"} · ${inc.weapon} · ${inc.place_text || "?"} · ${inc.n_sources} src`)))));
  show("#actor");
}

// --- routing and start -------------------------------------------------------------------------------

function show(which) {
  for (const id of ["#list-view", "#detail", "#actor"]) $(id).hidden = id !== which;
}

function showList() {
  state.selected = null;
  state.detailIncident = null;
  history.replaceState(null, "", "#/");
  drawPoints();
  show("#list-view");
}

function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("incident/")) openIncident(hash.slice(9));
  else if (hash.startsWith("actor/")) openActor(hash.slice(6));
  else show("#list-view");
}

function fillSelect(name, entries) {
  const select = $("#filters").elements[name];
  for (const [value, label] of entries) select.appendChild(el("option", { value }, label));
}

function defaults() {
  const form = $("#filters");
  const meta = state.meta;
  for (const name of ["actor", "target_country", "weapon", "status", "review_status", "min_sources"]) form.elements[name].value = "";
  form.elements.trigger.value = meta.trigger || "";
  // A few background mentions of old attacks stretch the date range; open on the weeks around the trigger.
  let start = meta.first_date;
  if (meta.trigger && meta.last_date) {
    const t = new Date(meta.trigger + "T00:00:00Z");
    t.setUTCDate(t.getUTCDate() - 30);
    const early = t.toISOString().slice(0, 10);
    if (!start || early > start) start = early;
  }
  form.elements.start.value = start || "";
  form.elements.end.value = meta.last_date || "";
}

async function start() {
  const tokenBox = $("#token");
  tokenBox.value = sessionStorage.getItem("pw-token") || "";
  tokenBox.addEventListener("change", () => sessionStorage.setItem("pw-token", tokenBox.value));
  $("#token-form").addEventListener("submit", (event) => event.preventDefault());
  try {
    const [meta, outlines] = await Promise.all([
      api("/meta"),
      fetch("/static/vendor/world-atlas/mideast-countries.json").then((r) => r.json()),
    ]);
    state.meta = meta;
    state.outlines = outlines;
  } catch (err) {
    toast("cannot load: " + err.message);
    return;
  }
  const meta = state.meta;
  Object.keys(meta.umbrellas).forEach((id, i) => state.colors.set(id, PALETTE[i % PALETTE.length]));
  for (const c of meta.countries) state.countries.set(c.iso2, c);
  $("#summary").textContent = `${meta.incidents} incidents from ${meta.articles} articles` +
    (meta.writes_enabled ? "" : " · read-only (no token set)");
  fillSelect("actor", Object.entries(meta.umbrellas));
  fillSelect("target_country", meta.countries.map((c) => [c.iso2, c.name]));
  fillSelect("weapon", meta.weapons.map((w) => [w, w.replaceAll("_", " ")]));
  fillSelect("status", meta.statuses.map((s) => [s, s.replaceAll("_", " ")]));
  fillSelect("review_status", meta.review_statuses.map((s) => [s, s.replaceAll("_", " ")]));
  defaults();
  drawBasemap();
  drawLegend();
  $("#filters").addEventListener("change", () => {
    state.offset = 0;
    refresh();
  });
  $("#filters").addEventListener("submit", (event) => event.preventDefault());
  $("#reset").addEventListener("click", () => {
    defaults();
    state.offset = 0;
    refresh();
  });
  $("#prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    loadList().catch((err) => toast(err.message));
  });
  $("#next").addEventListener("click", () => {
    state.offset += PAGE;
    loadList().catch((err) => toast(err.message));
  });
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", () => setView(state.view));
  await refresh();
  route();
  document.body.setAttribute("data-ready", "true");
}

document.addEventListener("DOMContentLoaded", start);
