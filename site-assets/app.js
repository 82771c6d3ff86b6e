/* Router and the graph page. Routes: #/ (graph), #/graph/<name>[?hops=N], #/dataset/<name>,
   #/column/<dataset>.<column>, #/runs, #/run/<id>, #/quality. Each render records its time in
   window.__weir (read by the browser tests and bench/docs.ts). */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var h = W.h, D = W.data, main = document.getElementById('main');
  var hops = 2, MAX_HOPS = 8;
  root.__weir = { renders: 0 };

  function decodeSegment(x) { try { return decodeURIComponent(x); } catch (e) { return x; } }

  W.renderNotFound = function (el, what, name) {
    W.clear(el).appendChild(h('div', { class: 'page' }, h('header', { class: 'page-head' }, h('h1', null, 'Not found'),
      h('p', { class: 'lede' }, 'No ' + what + ' named ', h('code', null, name), ' in ' + D.index.project + '. Try the search above.'))));
  };

  function overviewCard() {
    var idx = D.index, kinds = {}, runs = idx.runs;
    idx.kind.forEach(function (k) { kinds[k] = (kinds[k] || 0) + 1; });
    var sources = (kinds[idx.kinds.indexOf('files')] || 0) + (kinds[idx.kinds.indexOf('external')] || 0);
    return h('section', { class: 'card overview' }, h('h2', null, idx.project),
      h('div', { class: 'mini-stats' },
        h('div', null, h('strong', null, W.formatExact(idx.names.length - sources)), h('span', null, 'datasets')),
        h('div', null, h('strong', null, W.formatExact(sources)), h('span', null, 'sources')),
        h('div', null, h('strong', null, W.formatExact(runs.length)), h('span', null, 'runs'))),
      runs.length ? h('p', { class: 'last-run' }, 'Last run ', h('a', { href: W.route('run', runs[0].id) }, W.formatTime(runs[0].at)), ' ', W.badge(runs[0].status))
        : h('p', { class: 'muted' }, 'No runs recorded yet.'));
  }

  function nodeCard(i) {
    var kind = D.kind(i);
    return h('section', { class: 'card node-card' },
      h('div', { class: 'node-card-head' }, h('h2', null, h('a', { href: W.route('dataset', D.name(i)) }, D.name(i)))),
      h('div', { class: 'tags' }, W.kindTag(kind), W.layerTag(D.layer(i)), D.status(i) ? W.badge(D.status(i)) : null),
      D.index.text[i] ? h('p', { class: 'desc' }, D.index.text[i]) : null,
      h('dl', { class: 'kv compact' },
        h('dt', null, 'Rows written by its last update'), h('dd', null, W.formatExact(D.index.rows[i])),
        h('dt', null, 'Upstream'), h('dd', null, String(D.up[i].length)),
        h('dt', null, 'Downstream'), h('dd', null, String(D.down[i].length)),
        h('dt', null, 'Defined in'), h('dd', { class: 'mono' }, D.file(i) + ':' + D.index.line[i])),
      h('a', { class: 'button primary', href: W.route('dataset', D.name(i)) }, 'Open dataset page →'));
  }

  function renderGraphPage(center, requestedHops) {
    var t0 = performance.now();
    var whole = center < 0;
    var g = whole ? W.wholeGraph(D.up, D.down) : W.subgraph(D.up, D.down, center, requestedHops, D.index.wholeGraphMax);
    var canvas = h('div', { class: 'graph-canvas', id: 'graph-canvas' });
    var hopOut = h('output', { class: 'hops-value', 'aria-live': 'polite' }, whole ? 'all' : requestedHops + (requestedHops === 1 ? ' hop' : ' hops'));
    function setHops(n) { location.hash = W.route('graph', D.name(center)) + '?hops=' + Math.max(1, Math.min(MAX_HOPS, n)); }
    var view;
    var toolbar = h('div', { class: 'graph-toolbar' },
      h('div', { class: 'focus-label' }, whole ? ['Whole pipeline · ', h('strong', null, W.formatExact(g.nodes.length)), ' nodes']
        : ['Focused on ', h('a', { href: W.route('dataset', D.name(center)), class: 'focus-name' }, D.name(center))]),
      whole ? null : h('div', { class: 'hops', role: 'group', 'aria-label': 'Hops up and down' },
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Fewer hops', onclick: function () { setHops(requestedHops - 1); }, disabled: requestedHops <= 1 }, '−'),
        hopOut,
        h('button', { type: 'button', class: 'icon', 'aria-label': 'More hops', onclick: function () { setHops(requestedHops + 1); }, disabled: requestedHops >= MAX_HOPS }, '+')),
      !whole && D.count <= D.index.wholeGraphMax ? h('a', { class: 'button', href: '#/graph' }, 'Whole pipeline') : null,
      h('div', { class: 'zoom', role: 'group', 'aria-label': 'Zoom' },
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Zoom in', onclick: function () { view.zoom(1.25); } }, '+'),
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Zoom out', onclick: function () { view.zoom(0.8); } }, '−'),
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Fit to screen', onclick: function () { view.fit(); } }, '⤢')));
    var note = g.truncated ? h('p', { class: 'graph-note' }, 'Showing the nearest ' + g.nodes.length + ' of ' + W.formatExact(D.count) +
      ' nodes. Nodes marked +N have more neighbours: click one to focus it.') : null;
    var page = h('div', { class: 'graph-page' },
      h('div', { class: 'graph-main' }, toolbar, canvas, note),
      h('aside', { class: 'graph-side' }, center >= 0 ? nodeCard(center) : null, overviewCard(), h('section', { class: 'card' }, h('h2', null, 'Legend'), W.graphLegend())));
    W.clear(main).appendChild(page);
    document.title = (whole ? D.index.project : D.name(center) + ' · ' + D.index.project) + ' · Weir docs';
    view = W.renderGraph(canvas, g, {
      center: center,
      onSelect: function (i) { location.hash = W.route('graph', D.name(i)) + (requestedHops !== 2 && !whole ? '?hops=' + requestedHops : ''); },
      onOpen: function (i) { location.hash = W.route('dataset', D.name(i)); },
    });
    return { nodes: g.nodes.length, layoutMs: view.layoutMs, t0: t0 };
  }

  function route() {
    var hash = location.hash.replace(/^#\/?/, ''), q = '', qi = hash.indexOf('?');
    if (qi >= 0) { q = hash.slice(qi + 1); hash = hash.slice(0, qi); }
    var slash = hash.indexOf('/'), kind = slash < 0 ? hash : hash.slice(0, slash), arg = slash < 0 ? '' : decodeSegment(hash.slice(slash + 1));
    var m = /(?:^|&)hops=(\d+)/.exec(q);
    if (m) hops = Math.max(1, Math.min(MAX_HOPS, Number(m[1])));
    document.querySelectorAll('[data-nav]').forEach(function (a) {
      var on = a.getAttribute('data-nav') === (kind === 'run' ? 'runs' : kind === '' || kind === 'dataset' || kind === 'column' ? 'graph' : kind);
      if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var t0 = performance.now(), info = null, done;
    if (kind === '' || kind === 'graph') {
      var center = arg ? D.lookup(arg) : D.index.focus;
      if (arg && center < 0) { W.renderNotFound(main, 'dataset', arg); done = Promise.resolve(); }
      else { info = renderGraphPage(center, hops); done = Promise.resolve(); }
    } else if (kind === 'dataset') {
      var i = D.lookup(arg);
      done = i < 0 ? (W.renderNotFound(main, 'dataset', arg), Promise.resolve()) : W.renderDataset(main, i, undefined);
    } else if (kind === 'column') {
      var parts = W.splitColumnRef(arg, function (n) { return D.lookup(n) >= 0; }), j = D.lookup(parts[0]);
      done = j < 0 ? (W.renderNotFound(main, 'dataset', parts[0]), Promise.resolve()) : W.renderDataset(main, j, parts[1]);
    } else if (kind === 'runs') { W.renderRuns(main); done = Promise.resolve(); }
    else if (kind === 'run') done = W.renderRun(main, arg);
    else if (kind === 'quality') { W.renderQuality(main); done = Promise.resolve(); }
    else { W.renderNotFound(main, 'page', hash); done = Promise.resolve(); }
    return done.then(function () {
      var ms = performance.now() - t0;
      root.__weir.renders++;
      root.__weir.last = { route: location.hash, ms: ms, nodes: info ? info.nodes : 0, layoutMs: info ? info.layoutMs : 0, at: performance.now() };
      document.body.setAttribute('data-rendered', String(root.__weir.renders));
      // the first frame painted after the first route: what bench/docs.ts reports as first meaningful render
      if (root.__weir.renders === 1) requestAnimationFrame(function () { setTimeout(function () { root.__weir.firstFrame = performance.now(); }, 0); });
    }, function (err) {
      W.clear(main).appendChild(h('div', { class: 'page' }, h('h1', null, 'Could not load this page'), h('p', null, String(err && err.message || err))));
      document.body.setAttribute('data-rendered', String(++root.__weir.renders));
    });
  }

  document.getElementById('project-name').textContent = D.index.project;
  document.title = D.index.project + ' · Weir docs';
  W.mountSearch(document.getElementById('search'));
  window.addEventListener('hashchange', route);
  route();
})(window);
