/* The lineage graph: dagre layout of a bounded subgraph (see lib/subgraph.js) drawn as SVG, with pan,
   zoom and click-to-focus. Shape encodes the kind, colour the medallion layer, dashes a streaming read. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var h = W.h, s = W.s;
  var NODE_W = 208, NODE_H = 54, ANNOT_H = 17;

  /** Node outline by kind: streaming tables are arrow tags (data flows through), MVs rounded boxes, views
      dashed boxes, file sources pills, external tables hexagons. */
  function shape(kind, w, hgt) {
    var m = hgt / 2;
    switch (kind) {
      case 'streaming_table':
        return 'M0,0 H' + (w - 14) + ' L' + w + ',' + m + ' L' + (w - 14) + ',' + hgt + ' H0 L10,' + m + ' Z';
      case 'files':
        return 'M' + m + ',0 H' + (w - m) + ' A' + m + ',' + m + ' 0 0 1 ' + (w - m) + ',' + hgt + ' H' + m + ' A' + m + ',' + m + ' 0 0 1 ' + m + ',0 Z';
      case 'external':
        return 'M12,0 H' + (w - 12) + ' L' + w + ',' + m + ' L' + (w - 12) + ',' + hgt + ' H12 L0,' + m + ' Z';
      default: {
        var r = kind === 'materialized_view' ? 10 : 4;
        return 'M' + r + ',0 H' + (w - r) + ' Q' + w + ',0 ' + w + ',' + r + ' V' + (hgt - r) + ' Q' + w + ',' + hgt + ' ' + (w - r) + ',' + hgt +
          ' H' + r + ' Q0,' + hgt + ' 0,' + (hgt - r) + ' V' + r + ' Q0,0 ' + r + ',0 Z';
      }
    }
  }

  /** d3's curveBasis through dagre's edge points: smooth, and it respects dagre's routing around nodes. */
  function basis(points) {
    var d = '', x0, y0, x1, y1, count = 0;
    function bez(x, y) {
      d += 'C' + (2 * x0 + x1) / 3 + ',' + (2 * y0 + y1) / 3 + ' ' + (x0 + 2 * x1) / 3 + ',' + (y0 + 2 * y1) / 3 + ' ' + (x0 + 4 * x1 + x) / 6 + ',' + (y0 + 4 * y1 + y) / 6;
    }
    points.forEach(function (p) {
      var x = p.x, y = p.y;
      if (count === 0) d += 'M' + x + ',' + y;
      else if (count === 2) { d += 'L' + (5 * x0 + x1) / 6 + ',' + (5 * y0 + y1) / 6; bez(x, y); }
      else if (count > 2) bez(x, y);
      count++; x0 = x1; y0 = y1; x1 = x; y1 = y;
    });
    if (count === 3 || count > 3) { bez(x1, y1); d += 'L' + x1 + ',' + y1; }
    else if (count === 2) d += 'L' + x1 + ',' + y1;
    return d;
  }

  function truncate(text, max) { return text.length > max ? text.slice(0, max - 1) + '…' : text; }
  /** Paths keep their informative end: "…/landing/orders/*.parquet". */
  function truncateStart(text, max) {
    if (text.length <= max) return text;
    var tail = text.slice(text.length - max + 1), slash = tail.indexOf('/');
    return '…' + (slash > 0 && slash < 10 ? tail.slice(slash) : tail);
  }

  /**
   * Draws `g` ({nodes, edges, hiddenUp, hiddenDown}) into `container`. opts: center, onSelect(i), onOpen(i),
   * mark {i: css class}, annotate {i: [lines]}. Returns {fit, zoom, layoutMs, element}.
   */
  W.renderGraph = function (container, g, opts) {
    var D = W.data, t0 = performance.now();
    var annotate = opts.annotate || {}, mark = opts.mark || {};
    var layout = new dagre.graphlib.Graph();
    layout.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 64, edgesep: 8, marginx: 28, marginy: 28 });
    layout.setDefaultEdgeLabel(function () { return {}; });
    g.nodes.forEach(function (i) {
      var lines = (annotate[i] || []).length;
      layout.setNode(String(i), { width: NODE_W, height: NODE_H + Math.min(lines, 5) * ANNOT_H + (lines ? 6 : 0) });
    });
    g.edges.forEach(function (e) { layout.setEdge(String(e[0]), String(e[1])); });
    dagre.layout(layout);
    var layoutMs = performance.now() - t0;

    var viewport = s('g', { class: 'viewport' });
    var edgeLayer = s('g', { class: 'edges' }), nodeLayer = s('g', { class: 'nodes' });
    viewport.appendChild(edgeLayer); viewport.appendChild(nodeLayer);
    var svg = s('svg', { class: 'graph-svg', role: 'group', 'aria-label': 'Lineage graph' },
      s('defs', null,
        s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
          s('path', { d: 'M0,1 L9,5 L0,9 z', class: 'arrow' })),
        s('marker', { id: 'arrow-stream', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
          s('path', { d: 'M0,1 L9,5 L0,9 z', class: 'arrow stream' }))),
      viewport);

    g.edges.forEach(function (e) {
      var ed = layout.edge(String(e[0]), String(e[1]));
      var cls = 'edge' + (e[2] ? ' stream' : '') + (mark[e[0]] && mark[e[1]] ? ' marked' : '');
      edgeLayer.appendChild(s('path', { d: basis(ed.points), class: cls, 'marker-end': e[2] ? 'url(#arrow-stream)' : 'url(#arrow)' },
        s('title', null, D.name(e[0]) + (e[2] ? ' ⇢ streaming read by ' : ' → read by ') + D.name(e[1]))));
    });

    g.nodes.forEach(function (i) {
      var n = layout.node(String(i)), w = n.width, hh = n.height, kind = D.kind(i), status = D.status(i);
      var cls = 'node kind-' + kind + ' ' + W.layerClass(D.layer(i)) + (i === opts.center ? ' center' : '') + (mark[i] ? ' ' + mark[i] : '');
      var rows = D.index.rows[i];
      var meta = W.kindShort(kind) + (D.layer(i) ? ' · ' + D.layer(i) : '') + (rows !== null && rows !== undefined ? ' · ' + W.formatCount(rows) + ' rows written' : '');
      var node = s('g', { class: cls, transform: 'translate(' + (n.x - w / 2) + ',' + (n.y - hh / 2) + ')', tabindex: '0', role: 'button',
        'data-node': String(i), 'aria-label': D.name(i) + ', ' + W.kindLabel(kind) + (status ? ', ' + status : '') },
        s('title', null, D.name(i) + '\n' + W.kindLabel(kind) + (D.index.text[i] ? '\n' + D.index.text[i] : '')),
        s('path', { class: 'shape', d: shape(kind, w, NODE_H) }),
        s('rect', { class: 'stripe', x: kind === 'files' ? '16' : '12', y: '9', width: '3', height: String(NODE_H - 18), rx: '1.5' }),
        s('text', { class: 'n-name', x: '24', y: '23' }, kind === 'files' ? truncateStart(D.name(i), 24) : truncate(D.name(i), 24)),
        s('text', { class: 'n-meta', x: '24', y: '41' }, truncate(meta, 30)));
      (annotate[i] || []).slice(0, 5).forEach(function (line, k) {
        node.appendChild(s('text', { class: 'n-annot', x: '14', y: String(NODE_H + 14 + k * ANNOT_H) }, truncate(line, 30)));
      });
      if ((annotate[i] || []).length) node.insertBefore(s('rect', { class: 'annot-bg', x: '4', y: String(NODE_H), width: String(w - 8), height: String(hh - NODE_H), rx: '4' }), node.childNodes[2]);
      if (status) {
        var label = W.statusLabel(status), bw = label[0].length * 6.6 + 12;
        node.appendChild(s('g', { class: 'n-badge tone-' + label[1], transform: 'translate(' + (w - bw - 16) + ',-9)' },
          s('rect', { width: String(bw), height: '18', rx: '9' }), s('text', { x: String(bw / 2), y: '12.5' }, label[0])));
      }
      if (g.hiddenUp[i]) node.appendChild(more(-14, NODE_H / 2, g.hiddenUp[i], 'upstream'));
      if (g.hiddenDown[i]) node.appendChild(more(w + 14, NODE_H / 2, g.hiddenDown[i], 'downstream'));
      nodeLayer.appendChild(node);
    });

    function more(x, y, count, dir) {
      return s('g', { class: 'n-more', transform: 'translate(' + x + ',' + y + ')' },
        s('title', null, count + ' more ' + dir + ' not shown: focus this node or raise the hop count'),
        s('rect', { x: '-13', y: '-9', width: '26', height: '18', rx: '9' }),
        s('text', { x: '0', y: '4' }, '+' + (count > 99 ? '99' : count)));
    }

    W.clear(container).appendChild(svg);
    var graphBox = layout.graph();
    var view = { x: 0, y: 0, k: 1 };
    function apply() { viewport.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.k + ')'); }
    function fit() {
      var cw = container.clientWidth || 800, ch = container.clientHeight || 500;
      var k = Math.min(cw / graphBox.width, ch / graphBox.height, 1.15);
      view.k = Math.max(k, 0.08);
      view.x = (cw - graphBox.width * view.k) / 2;
      view.y = (ch - graphBox.height * view.k) / 2;
      // too small to read when fitted (big focus, phone width): keep a legible zoom and start at the focus
      // node, or at the sources on the left when there is none; the user pans from there
      if (view.k < 0.5) {
        var c = opts.center !== undefined && opts.center >= 0 ? layout.node(String(opts.center)) : null;
        view.k = 0.62;
        view.x = c ? cw / 2 - c.x * view.k : 8;
        view.y = c ? ch / 2 - c.y * view.k : (ch - graphBox.height * view.k) / 2;
      }
      apply();
    }
    function zoomAt(factor, cx, cy) {
      var k = Math.min(2.5, Math.max(0.08, view.k * factor));
      view.x = cx - (cx - view.x) * (k / view.k); view.y = cy - (cy - view.y) * (k / view.k); view.k = k;
      apply();
    }
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });

    var drag = null;
    svg.addEventListener('pointerdown', function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false, id: ev.pointerId };
    });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) { drag.moved = true; svg.setPointerCapture(drag.id); svg.classList.add('dragging'); }
      if (drag.moved) { view.x = drag.vx + dx; view.y = drag.vy + dy; apply(); }
    });
    function endDrag() { if (drag && drag.moved) svg.classList.remove('dragging'); setTimeout(function () { drag = null; }, 0); }
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointercancel', endDrag);

    function nodeOf(ev) {
      var el = ev.target.closest ? ev.target.closest('[data-node]') : null;
      return el ? Number(el.getAttribute('data-node')) : -1;
    }
    svg.addEventListener('click', function (ev) {
      if (drag && drag.moved) return;
      var i = nodeOf(ev);
      if (i >= 0 && opts.onSelect) opts.onSelect(i);
    });
    svg.addEventListener('dblclick', function (ev) {
      var i = nodeOf(ev);
      if (i >= 0 && opts.onOpen) opts.onOpen(i);
    });
    svg.addEventListener('keydown', function (ev) {
      var i = nodeOf(ev);
      if (i < 0) return;
      if (ev.key === 'Enter' && ev.shiftKey && opts.onOpen) { ev.preventDefault(); opts.onOpen(i); }
      else if ((ev.key === 'Enter' || ev.key === ' ') && opts.onSelect) { ev.preventDefault(); opts.onSelect(i); }
    });

    fit();
    return {
      element: svg, fit: fit, layoutMs: layoutMs,
      zoom: function (factor) { zoomAt(factor, (container.clientWidth || 800) / 2, (container.clientHeight || 500) / 2); },
    };
  };

  /** Legend of shapes, layers and edge styles, drawn with the same shapes as the graph. */
  W.graphLegend = function () {
    function item(kind, label) {
      return h('li', null, s('svg', { width: '28', height: '15', viewBox: '0 0 68 36', class: 'legend-shape node kind-' + kind + ' layer-none', 'aria-hidden': 'true' },
        s('path', { class: 'shape', d: shape(kind, 68, 36) })), label);
    }
    function layer(name) { return h('li', null, h('span', { class: 'swatch ' + W.layerClass(name) }), name); }
    function edge(cls, label) {
      return h('li', null, s('svg', { width: '28', height: '10', 'aria-hidden': 'true' }, s('path', { d: 'M1,5 H27', class: 'edge ' + cls })), label);
    }
    return h('div', { class: 'legend' },
      h('ul', { 'aria-label': 'Shapes' }, item('streaming_table', 'Streaming table'), item('materialized_view', 'Materialized view'),
        item('view', 'View'), item('files', 'File source'), item('external', 'External table')),
      h('ul', { 'aria-label': 'Layers' }, layer('bronze'), layer('silver'), layer('gold'),
        edge('', 'Batch read'), edge('stream', 'Streaming read')));
  };
})(window);
