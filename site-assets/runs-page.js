/* Runs (`#/runs`): recent pipeline updates; one run (`#/run/<id>`): every dataset's outcome, worst first. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var h = W.h;
  var SEVERITY = { FAILED: 0, WARN: 1, SKIPPED: 2, COMPLETED: 3, IDLE: 4, 'NO-OP': 5, EXCLUDED: 6 };
  var ROW_LIMIT = 400;

  function counts(run) {
    var st = W.data.index.statuses;
    return h('span', { class: 'counts' }, run.counts.map(function (c, k) { return c ? h('span', { class: 'count' }, W.badge(st[k]), ' ' + W.formatExact(c)) : null; }));
  }

  W.renderRuns = function (main) {
    var runs = W.data.index.runs;
    document.title = 'Runs · ' + W.data.index.project + ' · Weir docs';
    var page = h('div', { class: 'page' }, h('header', { class: 'page-head' }, h('h1', null, 'Runs'),
      h('p', { class: 'lede' }, runs.length ? 'The ' + runs.length + ' most recent pipeline updates, newest first.' : 'No runs yet: run `weir run`, then rebuild the docs.')));
    if (runs.length) {
      page.appendChild(h('section', { class: 'card wide' }, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
        h('thead', null, h('tr', null, h('th', null, 'Started'), h('th', null, 'Status'), h('th', { class: 'num' }, 'Duration'), h('th', null, 'Datasets'),
          h('th', { class: 'num' }, 'Rows written'), h('th', { class: 'num' }, 'Failed rows'), h('th', null, 'Run id'))),
        h('tbody', null, runs.map(function (r) {
          return h('tr', null, h('td', null, h('a', { href: W.route('run', r.id) }, W.formatTime(r.at))), h('td', null, W.badge(r.status)),
            h('td', { class: 'num' }, W.formatSeconds(r.elapsed)), h('td', null, counts(r)), h('td', { class: 'num' }, W.formatExact(r.rowsWritten)),
            h('td', { class: 'num' + (r.failures ? ' bad' : '') }, W.formatExact(r.failures)), h('td', { class: 'mono muted' }, r.id));
        }))))));
    }
    W.clear(main).appendChild(page);
  };

  W.renderRun = function (main, id) {
    var D = W.data, runs = D.index.runs, r = -1;
    for (var k = 0; k < runs.length; k++) if (runs[k].id === id) r = k;
    if (r < 0) { W.renderNotFound(main, 'run', id); return Promise.resolve(); }
    var run = runs[r];
    document.title = 'Run ' + run.id + ' · Weir docs';
    return D.run(run.file).then(function (rows) {
      var sorted = rows.slice().sort(function (a, b) {
        return (SEVERITY[D.index.statuses[a[1]]] - SEVERITY[D.index.statuses[b[1]]]) || (a[0] - b[0]);
      });
      var shown = sorted.slice(0, ROW_LIMIT);
      var page = h('div', { class: 'page' },
        h('header', { class: 'page-head' }, h('div', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'Runs'), ' / ', run.id),
          h('div', { class: 'title-row' }, h('h1', null, W.formatTime(run.at)), W.badge(run.status)),
          h('p', { class: 'lede' }, 'Took ' + W.formatSeconds(run.elapsed) + ', wrote ' + W.formatExact(run.rowsWritten) + ' rows. '), counts(run)),
        h('section', { class: 'card wide' }, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
          h('thead', null, h('tr', null, h('th', null, 'Dataset'), h('th', null, 'Status'), h('th', { class: 'num' }, 'Time'), h('th', { class: 'num' }, 'Written'),
            h('th', { class: 'num' }, 'Dropped'), h('th', { class: 'num' }, 'Failed rows'), h('th', null, 'Message'))),
          h('tbody', null, shown.map(function (x) {
            return h('tr', null, h('td', null, x[0] >= 0 ? h('a', { href: W.route('dataset', D.name(x[0])) }, D.name(x[0])) : h('span', { class: 'muted' }, x[7] || '?')),
              h('td', null, W.badge(D.index.statuses[x[1]])), h('td', { class: 'num' }, W.formatSeconds(x[2])), h('td', { class: 'num' }, W.formatExact(x[3] || 0)),
              h('td', { class: 'num' }, W.formatExact(x[4] || 0)), h('td', { class: 'num' + (x[5] ? ' bad' : '') }, W.formatExact(x[5] || 0)), h('td', { class: 'comment' }, x[6] || ''));
          })))),
          sorted.length > shown.length ? h('p', { class: 'muted' }, (sorted.length - shown.length) + ' more datasets, all ' + 'with a status no worse than the last row above.') : null));
      W.clear(main).appendChild(page);
      window.scrollTo(0, 0);
    });
  };
})(window);
