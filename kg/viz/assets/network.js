"use strict";
(function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = data.nodes, edges = data.edges;
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; n.adj = []; });
  edges.forEach(function (e) { byId[e.s].adj.push(e.t); byId[e.t].adj.push(e.s); });
  var groups = {};
  data.groups.forEach(function (g) { groups[g.name] = g; g.on = true; });

  var svg = document.getElementById("net");
  var edgeLayer = document.getElementById("edges");
  var nodeLayer = document.getElementById("nodes");
  var details = document.getElementById("details");
  var state = { focus: null, depth: data.depth, from: null, to: null, query: "", selected: null };

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(name, text, parent, cls) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function shapePath(shape, r) {
    var pts, i, a, k = r;
    function poly(n, rot, rad) {
      var p = [];
      for (i = 0; i < n; i++) { a = rot + i * 2 * Math.PI / n; p.push((rad * Math.cos(a)).toFixed(2) + "," + (rad * Math.sin(a)).toFixed(2)); }
      return "M" + p.join("L") + "Z";
    }
    switch (shape) {
      case "square": return "M" + (-k * 0.85) + "," + (-k * 0.85) + "h" + (1.7 * k) + "v" + (1.7 * k) + "h" + (-1.7 * k) + "Z";
      case "diamond": return poly(4, -Math.PI / 2, k * 1.2);
      case "triangle": return poly(3, -Math.PI / 2, k * 1.25);
      case "triangle-down": return poly(3, Math.PI / 2, k * 1.25);
      case "pentagon": return poly(5, -Math.PI / 2, k * 1.1);
      case "hexagon": return poly(6, 0, k * 1.1);
      case "star":
        pts = [];
        for (i = 0; i < 10; i++) { a = -Math.PI / 2 + i * Math.PI / 5; var rr = i % 2 ? k * 0.55 : k * 1.3; pts.push((rr * Math.cos(a)).toFixed(2) + "," + (rr * Math.sin(a)).toFixed(2)); }
        return "M" + pts.join("L") + "Z";
      default: return "M" + (-k) + ",0a" + k + "," + k + " 0 1,0 " + (2 * k) + ",0a" + k + "," + k + " 0 1,0 " + (-2 * k) + ",0Z";
    }
  }
  // Turkish-aware folding, as kg.ids.fold does it in Python
  var TR = { "İ": "i", "I": "i", "ı": "i", "Ğ": "g", "ğ": "g", "Ş": "s", "ş": "s", "Ç": "c", "ç": "c", "Ö": "o", "ö": "o", "Ü": "u", "ü": "u" };
  function fold(s) {
    s = (s || "").normalize("NFC").replace(/[İIıĞğŞşÇçÖöÜü]/g, function (c) { return TR[c]; });
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  nodes.forEach(function (n) { n.folded = [n.label].concat(n.alt).map(fold); });

  // ---- drawing (once: filters only toggle visibility) ----
  var defs = el("defs", {}, svg);
  var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
  el("path", { d: "M0,0L10,5L0,10Z", fill: "#9a9a9a" }, marker);
  edges.forEach(function (e) {
    var a = byId[e.s], b = byId[e.t];
    var g = el("g", { "class": "edge" + (e.kind === "Candidacy" ? " candidacy" : "") }, edgeLayer);
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var pad = b.r + 3;
    el("line", { x1: a.x, y1: a.y, x2: (b.x - dx / len * pad).toFixed(1), y2: (b.y - dy / len * pad).toFixed(1), "marker-end": "url(#arrow)" }, g);
    var t = el("text", { x: ((a.x + b.x) / 2).toFixed(1), y: ((a.y + b.y) / 2).toFixed(1), "text-anchor": "middle" }, g);
    t.textContent = e.text;
    var title = el("title", {}, g);
    title.textContent = e.tip;
    e.g = g;
  });
  nodes.forEach(function (n) {
    var grp = groups[n.group];
    var g = el("g", { "class": "node", transform: "translate(" + n.x + "," + n.y + ")", "data-iri": n.id }, nodeLayer);
    el("path", { d: shapePath(grp.shape, n.r), fill: grp.colour }, g);
    var t = el("text", { y: (n.r + 12).toFixed(1), "text-anchor": "middle" }, g);
    t.textContent = n.short;
    var title = el("title", {}, g);
    title.textContent = n.label + " (" + n.cls + ")";
    g.addEventListener("click", function (ev) { ev.stopPropagation(); select(n); });
    g.addEventListener("dblclick", function (ev) { ev.stopPropagation(); setFocus(n.id); });
    n.g = g;
  });

  // ---- legend with class filters ----
  var legend = document.getElementById("legend-items");
  data.groups.forEach(function (grp) {
    var label = html("label", null, legend);
    var box = html("input", null, label);
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { grp.on = box.checked; render(); });
    var icon = el("svg", { viewBox: "-10 -10 20 20" }, label);
    el("path", { d: shapePath(grp.shape, 6.5), fill: grp.colour }, icon);
    html("span", grp.name + " (" + grp.count + ")", label);
  });

  // ---- details panel (text only: labels and quotes are never parsed as HTML) ----
  function dl(parent, obj) {
    var keys = Object.keys(obj || {});
    if (!keys.length) return;
    var list = html("dl", null, parent);
    keys.forEach(function (k) { html("dt", k, list); html("dd", obj[k], list); });
  }
  function listBlock(parent, heading, items) {
    if (!items || !items.length) return;
    html("h3", heading, parent);
    var ul = html("ul", null, parent);
    items.forEach(function (s) { html("li", s, ul); });
  }
  function quotes(parent, qs) {
    if (!qs || !qs.length) return;
    html("h3", "Supporting quotes", parent);
    qs.forEach(function (q) {
      html("blockquote", "\u201c" + q.quote + "\u201d", parent);
      if (q.source) html("div", "\u2014 " + q.source, parent, "src");
    });
  }
  function select(n) {
    state.selected = n;
    nodes.forEach(function (m) { m.g.classList.toggle("selected", m === n); });
    details.replaceChildren();
    details.hidden = false;
    html("h2", n.label, details);
    html("div", n.cls + (n.alt.length ? " \u00b7 also written " + n.alt.join(", ") : ""), details, "cls");
    dl(details, n.facts);
    listBlock(details, "Sources disagree", n.disputes);
    listBlock(details, "Sources", n.sources);
    quotes(details, n.quotes);
    var runs = edges.filter(function (e) { return e.kind && (e.s === n.id || e.t === n.id); });
    runs.forEach(function (e) {
      var other = byId[e.s === n.id ? e.t : e.s];
      html("h3", e.label + ": " + (e.s === n.id ? other.label : byId[e.s].label), details);
      dl(details, e.facts);
      listBlock(details, "Sources disagree", e.disputes);
      listBlock(details, "Sources", e.sources);
      quotes(details, e.quotes);
    });
    html("div", n.id, details, "src");
    var b = html("button", "Focus on this entity", details);
    b.addEventListener("click", function () { setFocus(n.id); });
  }
  svg.addEventListener("click", function () { details.hidden = true; state.selected = null; nodes.forEach(function (m) { m.g.classList.remove("selected"); }); });

  // ---- filters ----
  function parseDate(s) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec((s || "").trim());
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] : null, d = m[3] ? +m[3] : null;
    function iso(yy, mm, dd) { var t = new Date(Date.UTC(yy, mm - 1, dd)); return t.toISOString().slice(0, 10); }
    if (d) return [iso(y, mo, d), iso(y, mo, d + 1)];
    if (mo) return [iso(y, mo, 1), iso(y, mo + 1, 1)];
    return [iso(y, 1, 1), iso(y + 1, 1, 1)];
  }
  function dateOk(n) {
    if (!n.start && !n.end) return null; // undated
    if (state.to && n.start && n.start >= state.to) return false;
    if (state.from && n.end && n.end <= state.from) return false;
    return true;
  }
  function visibleSet() {
    var vis = {};
    var dating = state.from || state.to;
    nodes.forEach(function (n) {
      if (!groups[n.group].on) return;
      var ok = dateOk(n);
      if (ok === true || (ok === null && !dating)) vis[n.id] = true;
    });
    if (dating) { // undated things stay when linked to a kept dated one
      nodes.forEach(function (n) {
        if (groups[n.group].on && dateOk(n) === null && n.adj.some(function (m) { return vis[m] && dateOk(byId[m]) === true; })) vis[n.id] = true;
      });
    }
    if (state.focus && vis[state.focus]) {
      var seen = {}, frontier = [state.focus], d;
      seen[state.focus] = true;
      for (d = 0; d < state.depth; d++) {
        var next = [];
        frontier.forEach(function (id) { byId[id].adj.forEach(function (m) { if (vis[m] && !seen[m]) { seen[m] = true; next.push(m); } }); });
        frontier = next;
      }
      vis = seen;
    }
    return vis;
  }
  var rendered = document.getElementById("rendered-nodes");
  function render() {
    var vis = visibleSet();
    var q = fold(state.query);
    var shown = 0;
    nodes.forEach(function (n) {
      var on = !!vis[n.id];
      n.g.style.display = on ? "" : "none";
      var hit = q && n.folded.some(function (f) { return f.indexOf(q) >= 0; });
      n.g.classList.toggle("match", !!hit);
      n.g.classList.toggle("dim", !!q && !hit);
      if (on) shown++;
    });
    edges.forEach(function (e) { e.g.style.display = vis[e.s] && vis[e.t] ? "" : "none"; });
    rendered.replaceChildren();
    nodes.forEach(function (n) {
      if (!vis[n.id]) return;
      var li = html("li", n.label, rendered);
      li.setAttribute("data-iri", n.id);
    });
    svg.setAttribute("data-rendered-nodes", String(shown));
    document.getElementById("status").textContent = shown + " of " + nodes.length + " nodes" + (state.focus ? " \u00b7 around " + byId[state.focus].label + " (depth " + state.depth + ")" : "");
  }
  function setFocus(id) { state.focus = id; render(); }

  var search = document.getElementById("search");
  search.addEventListener("input", function () { state.query = search.value; render(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var q = fold(search.value);
    var hit = nodes.filter(function (n) { return q && n.folded.some(function (f) { return f.indexOf(q) >= 0; }); })[0];
    if (hit) { setFocus(hit.id); select(hit); }
  });
  var options = document.getElementById("labels");
  nodes.forEach(function (n) { var o = html("option", null, options); o.value = n.label; });
  ["from", "to"].forEach(function (which) {
    var input = document.getElementById("date-" + which);
    input.addEventListener("change", function () {
      var v = input.value.trim();
      var iv = v ? parseDate(v) : null;
      input.classList.toggle("bad", !!v && !iv);
      state[which] = iv ? (which === "from" ? iv[0] : iv[1]) : null;
      render();
    });
  });
  var depth = document.getElementById("depth");
  depth.value = String(state.depth);
  depth.addEventListener("change", function () { state.depth = +depth.value; render(); });
  document.getElementById("show-all").addEventListener("click", function () { state.focus = null; render(); });

  // ---- pan and zoom ----
  var vb = data.viewBox.slice();
  function applyVB() { svg.setAttribute("viewBox", vb.map(function (v) { return v.toFixed(1); }).join(" ")); }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    var mx = vb[0] + (ev.clientX - rect.left) / rect.width * vb[2];
    var my = vb[1] + (ev.clientY - rect.top) / rect.height * vb[3];
    vb = [mx - (mx - vb[0]) * f, my - (my - vb[1]) * f, vb[2] * f, vb[3] * f];
    applyVB();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = [ev.clientX, ev.clientY, vb[0], vb[1]]; svg.classList.add("panning"); });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) return;
    var rect = svg.getBoundingClientRect();
    var s = Math.max(vb[2] / rect.width, vb[3] / rect.height);
    vb[0] = drag[2] - (ev.clientX - drag[0]) * s; vb[1] = drag[3] - (ev.clientY - drag[1]) * s;
    applyVB();
  });
  window.addEventListener("mouseup", function () { drag = null; svg.classList.remove("panning"); });

  if (data.focus && byId[data.focus]) state.focus = data.focus;
  applyVB();
  render();
}());
