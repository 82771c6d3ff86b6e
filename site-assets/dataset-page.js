/* The dataset page (`#/dataset/<name>`) and its column view (`#/column/<dataset>.<column>`). */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var h = W.h, s = W.s;

  function link(i, column) {
    var D = W.data;
    if (i < 0) return h('span', { class: 'muted' }, 'unknown');
    return column !== undefined
      ? h('a', { href: W.route('column', D.name(i), column), class: 'col-ref' }, h('span', { class: 'ref-ds' }, D.name(i)), '.', h('span', { class: 'ref-col' }, column))
      : h('a', { href: W.route('dataset', D.name(i)) }, D.name(i));
  }

  function nodeList(edges) {
    var D = W.data;
    if (!edges.length) return W.empty('None');
    return h('ul', { class: 'node-list' }, edges.map(function (e) {
      var i = e < 0 ? -e - 1 : e;
      return h('li', null, h('span', { class: 'sr-kind kind-' + D.kind(i) }, W.kindShort(D.kind(i))), link(i),
        e < 0 ? h('span', { class: 'pill' }, 'streaming') : null,
        D.status(i) ? W.badge(D.status(i)) : null);
    }));
  }

  function keyValues(obj) {
    var keys = Object.keys(obj || {}).sort();
    if (!keys.length) return null;
    return h('dl', { class: 'kv' }, keys.map(function (k) {
      var v = obj[k];
      return [h('dt', null, k), h('dd', null, typeof v === 'string' ? v : JSON.stringify(v))];
    }));
  }

  function stat(label, value, sub, tone) {
    return h('div', { class: 'stat' + (tone ? ' tone-' + tone : '') }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), sub ? h('div', { class: 'stat-sub' }, sub) : null);
  }

  /** Failure rate per run ({rate, title} or null when not evaluated), oldest left, as tiny bars. */
  W.historyChart = function (points, runCount) {
    var bw = 10, gap = 3, hgt = 30, width = Math.max(1, runCount) * (bw + gap);
    var svg = s('svg', { class: 'spark', width: String(width), height: String(hgt + 2), viewBox: '0 0 ' + width + ' ' + (hgt + 2), role: 'img', 'aria-label': 'Failure rate over the last ' + runCount + ' runs' });
    for (var k = 0; k < runCount; k++) {
      var p = points[k], x = k * (bw + gap);
      if (!p) { svg.appendChild(s('rect', { x: String(x), y: String(hgt - 1), width: String(bw), height: '2', class: 'bar-none' }, s('title', null, 'not evaluated'))); continue; }
      var rate = p.rate, bh = rate === 0 ? 2 : Math.max(4, Math.round(Math.sqrt(rate) * hgt));
      svg.appendChild(s('rect', { x: String(x), y: String(hgt - bh), width: String(bw), height: String(bh), rx: '1.5', class: rate === 0 ? 'bar-ok' : 'bar-fail' },
        s('title', null, p.title)));
    }
    return svg;
  };

  function columnsTable(i, d, selected) {
    if (!d.cols.length) return W.empty('No columns known.');
    return h('div', { class: 'table-wrap' }, h('table', { class: 'table columns' },
      h('thead', null, h('tr', null, h('th', null, 'Column'), h('th', null, 'Type'), h('th', null, 'Comment'), h('th', null, 'From'))),
      h('tbody', null, d.cols.map(function (c) {
        var isSel = c[0] === selected;
        return h('tr', { class: isSel ? 'selected' : null, id: 'col-' + encodeURIComponent(c[0]) },
          h('td', null, h('a', { href: W.route('column', W.data.name(i), c[0]), class: 'col-name', 'aria-current': isSel ? 'true' : null }, c[0]),
            c[4] ? h('span', { class: 'pill' }, 'not null') : null),
          h('td', null, h('code', { class: 'type' }, c[1] || '–')),
          h('td', { class: 'comment' }, c[2] || ''),
          h('td', { class: 'from' }, c[5].map(function (l) { return h('span', { class: 'from-item' }, link(l[0], l[1]), l[2] ? h('span', { class: 'derived', title: 'derived (computed), not copied' }, 'ƒ') : null); })));
      }))));
  }

  function expectationsCard(d) {
    if (!d.exp || !d.exp.length) return null;
    var runs = W.data.index.runs, n = runs.length;
    return W.section('Expectations', h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'Action'), h('th', null, 'Condition'), h('th', { class: 'num' }, 'Passed'),
        h('th', { class: 'num' }, 'Failed'), h('th', { class: 'num' }, 'Dropped'), h('th', null, 'History'))),
      h('tbody', null, d.exp.map(function (e) {
        var hist = (d.eh && d.eh[e[0]]) || [], last = hist.filter(function (x) { return x[0] === 0; })[0];
        var points = [];
        hist.forEach(function (x) {
          var total = x[1] + x[2], rate = total ? x[2] / total : 0;
          points[n - 1 - x[0]] = { rate: rate, title: W.formatTime(runs[x[0]].at) + ': ' + W.formatExact(x[2]) + ' failed of ' + W.formatExact(total) + ' (' + W.formatPercent(rate) + ')' };
        });
        return h('tr', null, h('td', null, h('strong', null, e[0])), h('td', null, h('span', { class: 'action action-' + e[1] }, e[1] === 'fail' ? 'fail update' : e[1] === 'drop' ? 'drop row' : 'warn')),
          h('td', null, h('code', { class: 'cond' }, e[2])),
          h('td', { class: 'num' }, last ? W.formatExact(last[1]) : '–'),
          h('td', { class: 'num' + (last && last[2] ? ' bad' : '') }, last ? W.formatExact(last[2]) : '–'),
          h('td', { class: 'num' }, last && e[1] === 'drop' ? W.formatExact(last[2]) : '–'),
          h('td', null, n ? W.historyChart(points, n) : '–'));
      })))));
  }

  function historyCard(d) {
    if (!d.hist || !d.hist.length) return null;
    var runs = W.data.index.runs;
    return W.section('Recent updates', h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Run'), h('th', null, 'Status'), h('th', { class: 'num' }, 'Read'), h('th', { class: 'num' }, 'Written'), h('th', { class: 'num' }, 'Dropped'), h('th', { class: 'num' }, 'Time'), h('th', null, 'Message'))),
      h('tbody', null, d.hist.map(function (x) {
        return h('tr', null, h('td', null, h('a', { href: W.route('run', runs[x[0]].id) }, W.formatTime(runs[x[0]].at))), h('td', null, W.badge(W.data.index.statuses[x[1]])),
          h('td', { class: 'num' }, W.formatExact(x[5] === undefined ? x[2] : x[5])), h('td', { class: 'num' }, W.formatExact(x[2])), h('td', { class: 'num' }, W.formatExact(x[3])),
          h('td', { class: 'num' }, W.formatSeconds(x[4])), h('td', { class: 'comment' }, x[6] || ''));
      })))));
  }

  function flowsCard(d) {
    if (!d.flows || !d.flows.length) return null;
    return W.section('Flows', d.flows.map(function (f) {
      return h('div', { class: 'flow' },
        h('div', { class: 'flow-head' }, h('strong', null, f.name), h('span', { class: 'pill' }, f.kind === 'cdc' ? 'AUTO CDC' : f.kind), f.once ? h('span', { class: 'pill' }, 'once') : null,
          f.implicit ? h('span', { class: 'pill' }, 'defining query') : null, h('span', { class: 'muted' }, 'line ' + f.line)),
        f.comment ? h('p', null, f.comment) : null,
        f.cdc ? keyValues(f.cdc) : null,
        f.raw ? W.sqlBlock(f.raw, 'Flow SQL') : null);
    }));
  }

  function sqlCard(i, d) {
    if (!d.raw && !d.sql) return null;
    var file = W.data.file(i);
    return W.section('SQL', h('div', { class: 'sql-split' },
      h('div', { class: 'sql-pane' }, h('div', { class: 'pane-head' }, h('span', null, 'Your SQL'), h('span', { class: 'muted mono' }, file + ':' + d.loc[0])), W.sqlBlock(d.raw || '', 'Source SQL')),
      h('div', { class: 'sql-pane' }, h('div', { class: 'pane-head' }, h('span', null, 'Compiled DuckDB SQL'), d.rel ? h('span', { class: 'muted mono' }, d.rel) : null),
        d.sql ? W.sqlBlock(d.sql, 'Compiled DuckDB SQL') : W.empty('No compiled query (defined by its flows below).'))), 'wide');
  }

  /** Upstream columns and downstream uses of one column, as lists and as a graph of the datasets involved. */
  function lineagePanel(i, column, container) {
    var D = W.data;
    var body = h('div', { class: 'lineage-body' }, h('p', { class: 'muted' }, 'Tracing lineage…'));
    container.appendChild(h('section', { class: 'card lineage-card', id: 'column-lineage' },
      h('h2', null, 'Column lineage: ', h('code', null, D.name(i) + '.' + column)), body));
    return W.columnLineage(i, column).then(function (r) {
      W.clear(body);
      function list(items, empty) {
        if (!items.length) return W.empty(empty);
        return h('ol', { class: 'lineage-list' }, items.map(function (it) {
          return h('li', { class: 'depth-' + Math.min(it.depth, 4), style: 'margin-left:' + Math.min(it.depth - 1, 6) * 14 + 'px' }, link(it.node, it.column),
            h('span', { class: 'muted' }, it.derived ? ' derived' : ' copied'));
        }));
      }
      body.appendChild(h('div', { class: 'lineage-cols' },
        h('div', { class: 'lineage-up' }, h('h3', null, 'Upstream (' + r.up.length + ')'), list(r.up, 'No upstream columns: computed here or read from a source.')),
        h('div', { class: 'lineage-down' }, h('h3', null, 'Downstream uses (' + r.down.length + ')'), list(r.down, 'Not used downstream.'))));
      var nodes = [i], mark = {}, annotate = {}, seen = {};
      mark[i] = 'mark-sel'; annotate[i] = [column]; seen[i] = true;
      [['up', r.up, '← '], ['down', r.down, '→ ']].forEach(function (side) {
        side[1].forEach(function (it) {
          if (it.node < 0) return;
          if (!seen[it.node]) { if (nodes.length >= D.index.wholeGraphMax) return; seen[it.node] = true; nodes.push(it.node); mark[it.node] = 'mark-' + side[0]; annotate[it.node] = []; }
          if (annotate[it.node].indexOf(it.column) < 0) annotate[it.node].push(it.column);
        });
      });
      var level = {}; nodes.forEach(function (n) { level[n] = 0; });
      var g = W.induced(D.up, D.down, nodes, level, false);
      g.hiddenUp = {}; g.hiddenDown = {};
      var canvas = h('div', { class: 'graph-canvas lineage-canvas' });
      body.appendChild(canvas);
      W.renderGraph(canvas, g, { center: i, mark: mark, annotate: annotate, onSelect: function (n) { location.hash = W.route('dataset', D.name(n)); } });
      return r;
    });
  }

  W.renderDataset = function (main, i, column) {
    var D = W.data, kind = D.kind(i);
    document.title = D.name(i) + ' · ' + D.index.project + ' · Weir docs';
    return D.dataset(i).then(function (d) {
      var page = h('div', { class: 'page dataset-page' });
      var last = d.hist && d.hist[0] && d.hist[0][0] === 0 ? d.hist[0] : null;
      var refreshed = (d.hist || []).filter(function (x) { var st = D.index.statuses[x[1]]; return st === 'COMPLETED' || st === 'WARN'; })[0];
      page.appendChild(h('header', { class: 'page-head' },
        h('div', { class: 'crumbs' }, h('a', { href: '#/' }, D.index.project), ' / ', D.layer(i) || W.kindLabel(kind)),
        h('div', { class: 'title-row' }, h('h1', null, D.name(i)), W.kindTag(kind), W.layerTag(D.layer(i)), D.status(i) ? W.badge(D.status(i)) : null,
          d.published === false ? h('span', { class: 'pill' }, 'private') : null),
        d.desc ? h('p', { class: 'lede' }, d.desc) : null,
        h('div', { class: 'actions' }, h('a', { class: 'button', href: W.route('graph', D.name(i)) }, 'Show in graph'),
          h('span', { class: 'muted mono' }, D.file(i) + ':' + d.loc[0]))));
      var runs = D.index.runs;
      page.appendChild(h('div', { class: 'stats' },
        stat('Last run', last ? W.badge(D.index.statuses[last[1]]) : '–', last ? W.formatTime(runs[0].at) : runs.length ? 'not in the last run' : 'no runs yet'),
        stat('Rows written', last ? W.formatExact(last[2]) : '–', last ? 'read ' + W.formatExact(last[5] === undefined ? last[2] : last[5]) : null),
        stat('Rows dropped', last ? W.formatExact(last[3]) : '–', null, last && last[3] ? 'warn' : null),
        stat('Last refresh', refreshed ? W.formatTime(runs[refreshed[0]].at) : '–', last ? 'took ' + W.formatSeconds(last[4]) : null)));
      var lineageSlot = h('div', { class: 'lineage-slot' });
      page.appendChild(lineageSlot);

      var side = h('div', { class: 'side' },
        W.section('Upstream', nodeList(D.up[i])),
        W.section('Downstream', nodeList(D.down[i])),
        d.props || d.tags || d.clauses ? W.section('Properties', [keyValues(d.props), d.tags ? h('p', null, 'Tags: ', d.tags.join(', ')) : null,
          d.clauses ? h('ul', { class: 'plain' }, d.clauses.map(function (c) { return h('li', null, h('code', null, c.text)); })) : null]) : null,
        d.q ? W.section('Quarantine', h('p', null, 'Rows dropped by expectations are kept in ', h('code', null, d.q), ' with the names of the expectations they failed, the run id and the time.')) : null,
        d.src ? W.section('Source', keyValues(d.src)) : null,
        d.cons ? W.section('Constraints', h('ul', { class: 'plain' }, d.cons.map(function (c) {
          return h('li', null, h('code', null, c.kind + ' (' + c.columns.join(', ') + ')' + (c.references ? ' → ' + c.references.table : '')));
        }))) : null);
      var downCols = d.src && d.down ? W.section('Columns read downstream', h('ul', { class: 'plain' }, Object.keys(d.down).map(function (c) {
        return h('li', null, h('code', null, c), ' → ', d.down[c].map(function (u) { return link(u[0], u[1]); }).reduce(function (a, b) { return a.concat([', ', b]); }, []).slice(1));
      }))) : null;
      page.appendChild(h('div', { class: 'grid-2' }, h('div', { class: 'main-col' }, d.src ? downCols : W.section('Columns', columnsTable(i, d, column)), expectationsCard(d)), side));
      [sqlCard(i, d), flowsCard(d), historyCard(d)].forEach(function (c) { if (c) page.appendChild(c); });
      W.clear(main).appendChild(page);
      if (column) {
        var p = lineagePanel(i, column, lineageSlot);
        var row = document.getElementById('col-' + encodeURIComponent(column));
        if (row && row.scrollIntoView) lineageSlot.scrollIntoView({ block: 'start' });
        return p;
      }
      window.scrollTo(0, 0);
    });
  };
})(window);
