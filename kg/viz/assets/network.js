"use strict";
(function () {
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = data.nodes, edges = data.edges;
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; n.adj = []; n.edges = []; n.statements = []; });
  edges.forEach(function (e) {
    byId[e.s].adj.push(e.t); byId[e.t].adj.push(e.s);
    byId[e.s].edges.push(e); if (e.t !== e.s) byId[e.t].edges.push(e);
  });
  nodes.forEach(function (n) { if (n.fold) byId[n.fold].statements.push(n); });
  var groups = {};
  data.groups.forEach(function (g) { groups[g.name] = g; g.on = true; });

  var svg = document.getElementById("net");
  var edgeLayer = document.getElementById("edges");
  var nodeLayer = document.getElementById("nodes");
  var details = document.getElementById("details");
  var state = { focus: null, depth: data.depth, from: null, to: null, query: "", selected: null, statements: false };

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
  // Turkish-aware folding, as kg.ids.fold does it in Python: only the dotless ı has no
  // Unicode decomposition, the rest would fold anyway, but the table keeps both sides alike
  var TR = { "İ": "i", "I": "i", "ı": "i", "Ğ": "g", "ğ": "g", "Ş": "s", "ş": "s", "Ç": "c", "ç": "c", "Ö": "o", "ö": "o", "Ü": "u", "ü": "u" };
  function fold(s) {
    s = (s || "").normalize("NFC").replace(/[İIıĞğŞşÇçÖöÜü]/g, function (c) { return TR[c]; });
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  nodes.forEach(function (n) { n.folded = [n.label].concat(n.alt).map(fold); });

  // ---- drawing (once: filters only toggle visibility; a drag moves a node and its links) ----
  var defs = el("defs", {}, svg);
  var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
  el("path", { d: "M0,0L10,5L0,10Z", fill: "#9a9a9a" }, marker);
  function placeEdge(e) {
    var a = byId[e.s], b = byId[e.t];
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var pad = b.r + 3;
    e.line.setAttribute("x1", a.x.toFixed(1)); e.line.setAttribute("y1", a.y.toFixed(1));
    e.line.setAttribute("x2", (b.x - dx / len * pad).toFixed(1)); e.line.setAttribute("y2", (b.y - dy / len * pad).toFixed(1));
    e.label.setAttribute("x", ((a.x + b.x) / 2).toFixed(1)); e.label.setAttribute("y", ((a.y + b.y) / 2).toFixed(1));
  }
  edges.forEach(function (e) {
    var g = el("g", { "class": "edge" + (e.kind === "Candidacy" ? " candidacy" : ""), "data-s": e.s, "data-t": e.t }, edgeLayer);
    e.line = el("line", { "marker-end": "url(#arrow)" }, g);
    e.label = el("text", { "text-anchor": "middle" }, g);
    e.label.textContent = e.text;
    el("title", {}, g).textContent = e.tip;
    e.g = g;
    placeEdge(e);
  });
  var suppressClick = false;
  nodes.forEach(function (n) {
    var grp = groups[n.group];
    var g = el("g", { "class": "node", transform: "translate(" + n.x + "," + n.y + ")", "data-iri": n.id }, nodeLayer);
    el("path", { d: shapePath(grp.shape, n.r), fill: grp.colour }, g);
    n.text = el("text", { y: (n.r + 12).toFixed(1), "text-anchor": "middle" }, g);
    n.text.textContent = n.short;
    if (n.statements.length) {
      n.badge = el("g", { "class": "badge", transform: "translate(" + (n.r * 0.9).toFixed(1) + "," + (-n.r * 0.9).toFixed(1) + ")" }, g);
      el("circle", { r: "7" }, n.badge);
      el("text", { y: "3.5", "text-anchor": "middle" }, n.badge).textContent = String(n.statements.length);
    }
    el("title", {}, g).textContent = n.label + " (" + n.cls + ")" + (n.statements.length ? " \u00b7 " + n.statements.length + " statements folded in" : "");
    g.addEventListener("click", function (ev) { ev.stopPropagation(); if (suppressClick) { suppressClick = false; return; } select(n); });
    g.addEventListener("dblclick", function (ev) { ev.stopPropagation(); setFocus(n.id); });
    g.addEventListener("mouseenter", function () { n.edges.forEach(function (e) { e.g.classList.add("lit"); }); });
    g.addEventListener("mouseleave", function () { n.edges.forEach(function (e) { e.g.classList.toggle("lit", state.selected === byId[e.s] || state.selected === byId[e.t]); }); });
    g.addEventListener("mousedown", function (ev) { startDrag(ev, n); });
    n.g = g;
  });

  // ---- legend with class filters ----
  var legend = document.getElementById("legend-items");
  data.groups.forEach(function (grp) {
    var label = html("label", null, legend);
    var box = html("input", null, label);
    box.type = "checkbox"; box.checked = true; box.value = grp.name;
    box.addEventListener("change", function () { grp.on = box.checked; render(); });
    var icon = el("svg", { viewBox: "-10 -10 20 20" }, label);
    el("path", { d: shapePath(grp.shape, 6.5), fill: grp.colour }, icon);
    html("span", grp.name + " (" + grp.count + ")", label);
  });

  // ---- details panel (text only: labels and quotes are never parsed as HTML) ----
  function quoteList(parent, qs) {
    var ul = html("ul", null, parent, "quotes");
    qs.forEach(function (q) {
      var li = html("li", null, ul);
      html("q", q.quote, li);
      if (q.source) html("span", " \u2014 " + q.source, li, "src");
      if (data.sources && q.anchor) {
        var a = html("a", "where it says so \u2192", li, "evidence");
        a.href = data.sources + "#" + q.anchor;
      }
    });
  }
  // each fact with the quotes of the claims that state it, then the quotes tied to no fact
  function evidence(parent, facts, backing, all) {
    var used = {};
    var keys = Object.keys(facts || {});
    if (keys.length) {
      var list = html("dl", null, parent, "facts");
      keys.forEach(function (k) {
        html("dt", k, list);
        var dd = html("dd", null, list);
        html("div", facts[k], dd);
        var qs = (backing || {})[k] || [];
        qs.forEach(function (q) { used[q.anchor] = true; });
        if (qs.length) quoteList(dd, qs);
      });
    }
    var rest = (all || []).filter(function (q) { return !used[q.anchor]; });
    if (rest.length) { html("h3", "Also quoted", parent); quoteList(parent, rest); }
  }
  function listBlock(parent, heading, items) {
    if (!items || !items.length) return;
    html("h3", heading, parent);
    var ul = html("ul", null, parent);
    items.forEach(function (s) { html("li", s, ul); });
  }
  function select(n) {
    state.selected = n;
    nodes.forEach(function (m) { m.g.classList.toggle("selected", m === n); });
    edges.forEach(function (e) { e.g.classList.toggle("lit", e.s === n.id || e.t === n.id); });
    details.replaceChildren();
    details.hidden = false;
    fit();
    html("h2", n.label, details);
    html("div", n.cls + (n.alt.length ? " \u00b7 also written " + n.alt.join(", ") : ""), details, "cls");
    evidence(details, n.facts, n.evidence, n.quotes);
    listBlock(details, "Sources disagree", n.disputes);
    listBlock(details, "Sources", n.sources);
    edges.filter(function (e) { return e.kind && (e.s === n.id || e.t === n.id); }).forEach(function (e) {
      var other = byId[e.s === n.id ? e.t : e.s];
      html("h3", e.label + ": " + (e.s === n.id ? other.label : byId[e.s].label), details, "run");
      evidence(details, e.facts, e.evidence, e.quotes);
      listBlock(details, "Sources disagree", e.disputes);
    });
    if (n.statements.length) {
      html("h3", "Statements (" + n.statements.length + ")", details);
      var ul = html("ul", null, details, "statements");
      n.statements.forEach(function (m) {
        var b = html("button", m.label, html("li", null, ul), "link");
        b.type = "button";
        b.addEventListener("click", function () { select(m); });
      });
    }
    html("div", n.id, details, "src");
    var b = html("button", "Focus on this entity", details);
    b.type = "button";
    b.addEventListener("click", function () { setFocus(n.id); });
    requestAnimationFrame(declutter);
  }
  svg.addEventListener("click", function () {
    if (suppressClick) { suppressClick = false; return; }
    details.hidden = true; state.selected = null; fit();
    nodes.forEach(function (m) { m.g.classList.remove("selected"); });
    edges.forEach(function (e) { e.g.classList.remove("lit"); });
    requestAnimationFrame(declutter);
  });

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
  // a node's [start, end) meets [from, to): both filter bounds half-open ISO strings
  function dateOk(n) {
    if (!n.start && !n.end) return null; // undated
    if (state.to && n.start && n.start >= state.to) return false;
    if (state.from && n.end && n.end <= state.from) return false;
    return true;
  }
  function visibleSet() {
    var vis = {};
    var dating = state.from || state.to;
    function shown(n) { return groups[n.group].on && !((n.fold || n.aside) && !state.statements); }
    nodes.forEach(function (n) {
      if (!shown(n)) return;
      var ok = dateOk(n);
      if (ok === true || (ok === null && !dating)) vis[n.id] = true;
    });
    if (dating) { // undated things stay when linked to a kept dated one
      nodes.forEach(function (n) {
        if (shown(n) && dateOk(n) === null && n.adj.some(function (m) { return vis[m] && dateOk(byId[m]) === true; })) vis[n.id] = true;
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
  var visible = {};
  function render() {
    var vis = visibleSet();
    visible = vis;
    var q = fold(state.query);
    var shown = 0;
    nodes.forEach(function (n) {
      var on = !!vis[n.id];
      n.g.style.display = on ? "" : "none";
      var hit = q && n.folded.some(function (f) { return f.indexOf(q) >= 0; });
      n.g.classList.toggle("match", !!hit);
      n.g.classList.toggle("dim", !!q && !hit);
      if (n.badge) n.badge.style.display = state.statements ? "none" : "";
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
    declutter();
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
  var toggle = document.getElementById("show-statements");
  toggle.checked = state.statements;
  toggle.addEventListener("change", function () { state.statements = toggle.checked; render(); });

  // ---- pan, zoom, and labels that never overlap ----
  // The view is kept at a fixed scale (user units per screen pixel) with its top-left
  // corner fixed: opening the details panel narrows the drawing without moving or
  // rescaling anything under the reader's pointer.
  var vb0 = data.viewBox.slice(), vb = data.viewBox.slice(), upp = null, upp0 = 1;
  function unitsPerPixel() { return upp || 1; }
  function applyVB() {
    svg.setAttribute("viewBox", vb.map(function (v) { return v.toFixed(1); }).join(" "));
    svg.classList.toggle("zoomed", upp !== null && upp < upp0 * 0.6);
  }
  function fit() {
    var rect = svg.getBoundingClientRect();
    if (!rect.width || !rect.height) return;
    if (upp === null) {
      upp0 = upp = Math.max(vb0[2] / rect.width, vb0[3] / rect.height);
      vb = [vb0[0] + vb0[2] / 2 - rect.width * upp / 2, vb0[1] + vb0[3] / 2 - rect.height * upp / 2, 0, 0];
    }
    vb[2] = rect.width * upp; vb[3] = rect.height * upp;
    applyVB();
  }
  // Labels keep their size on screen whatever the zoom; at each zoom, the labels of the
  // larger nodes are kept and those that would overlap an already kept one are hidden (shown
  // on hover). Zooming in spreads the nodes and so brings the hidden labels back.
  function declutter() {
    var upp = unitsPerPixel();
    nodeLayer.style.fontSize = (11 * upp).toFixed(2) + "px";
    edgeLayer.style.fontSize = (9 * upp).toFixed(2) + "px";
    var cell = 120 * upp, grid = {}, kept = 0;
    var order = nodes.filter(function (n) { return visible[n.id]; });
    order.sort(function (a, b) {
      var pa = (a === state.selected ? 2 : 0) + (a.g.classList.contains("match") ? 1 : 0);
      var pb = (b === state.selected ? 2 : 0) + (b.g.classList.contains("match") ? 1 : 0);
      return pb - pa || b.r - a.r || (a.id < b.id ? -1 : 1);
    });
    order.forEach(function (n) {
      n.text.classList.remove("crowded");
      var bb = n.text.getBBox();
      var box = [n.x + bb.x - 2 * upp, n.y + bb.y, n.x + bb.x + bb.width + 2 * upp, n.y + bb.y + bb.height];
      var cx0 = Math.floor(box[0] / cell), cx1 = Math.floor(box[2] / cell);
      var cy0 = Math.floor(box[1] / cell), cy1 = Math.floor(box[3] / cell);
      var cx, cy, clash = false;
      for (cx = cx0; cx <= cx1 && !clash; cx++) for (cy = cy0; cy <= cy1 && !clash; cy++) {
        (grid[cx + ":" + cy] || []).forEach(function (o) { if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) clash = true; });
      }
      if (clash) { n.text.classList.add("crowded"); return; }
      kept++;
      for (cx = cx0; cx <= cx1; cx++) for (cy = cy0; cy <= cy1; cy++) (grid[cx + ":" + cy] = grid[cx + ":" + cy] || []).push(box);
    });
    svg.setAttribute("data-labels-shown", String(kept));
  }
  var pending = false;
  function later() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; declutter(); }); } }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    var mx = vb[0] + (ev.clientX - rect.left) / rect.width * vb[2];
    var my = vb[1] + (ev.clientY - rect.top) / rect.height * vb[3];
    upp *= f;
    vb = [mx - (mx - vb[0]) * f, my - (my - vb[1]) * f, vb[2] * f, vb[3] * f];
    applyVB();
    later();
  }, { passive: false });
  var pan = null, drag = null;
  function startDrag(ev, n) {
    if (ev.button !== 0) return;
    ev.stopPropagation(); ev.preventDefault();
    drag = { n: n, x: ev.clientX, y: ev.clientY, nx: n.x, ny: n.y, moved: false };
  }
  svg.addEventListener("mousedown", function (ev) { pan = [ev.clientX, ev.clientY, vb[0], vb[1]]; svg.classList.add("panning"); });
  window.addEventListener("mousemove", function (ev) {
    var s = unitsPerPixel();
    if (drag) {
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (!drag.moved) return;
      var n = drag.n;
      n.x = drag.nx + dx * s; n.y = drag.ny + dy * s;
      n.g.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")");
      n.edges.forEach(placeEdge);
      return;
    }
    if (!pan) return;
    vb[0] = pan[2] - (ev.clientX - pan[0]) * s; vb[1] = pan[3] - (ev.clientY - pan[1]) * s;
    applyVB();
  });
  window.addEventListener("mouseup", function () {
    if (drag && drag.moved) { suppressClick = true; setTimeout(function () { suppressClick = false; }, 0); later(); }
    drag = null; pan = null; svg.classList.remove("panning");
  });
  if (window.ResizeObserver) new ResizeObserver(function () { fit(); later(); }).observe(svg);

  if (data.focus && byId[data.focus]) state.focus = data.focus;
  fit();
  render();
}());
