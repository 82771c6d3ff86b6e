/* Quality (`#/quality`): expectations ranked by failure rate over the run history. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var h = W.h;

  W.renderQuality = function (main) {
    var D = W.data, q = D.index.quality, runs = D.index.runs;
    document.title = 'Quality · ' + D.index.project + ' · Weir docs';
    var page = h('div', { class: 'page' }, h('header', { class: 'page-head' }, h('h1', null, 'Data quality'),
      h('p', { class: 'lede' }, q.length
        ? 'Expectations ranked by failure rate over the last ' + runs.length + ' runs.' + (D.index.qualityClean ? ' ' + D.index.qualityClean + ' more had no failing rows.' : '')
        : runs.length ? 'No expectation failed in the last ' + runs.length + ' runs (' + D.index.qualityClean + ' expectations).' : 'No runs yet: quality results appear after `weir run`.')));
    if (q.length) {
      page.appendChild(h('section', { class: 'card wide' }, h('div', { class: 'table-wrap' }, h('table', { class: 'table quality' },
        h('thead', null, h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, 'Expectation'), h('th', null, 'Dataset'), h('th', null, 'Action'),
          h('th', { class: 'num' }, 'Failure rate'), h('th', { class: 'num' }, 'Failed rows'), h('th', null, 'History'))),
        h('tbody', null, q.map(function (row, k) {
          var rate = row.failed / (row.passed + row.failed);
          var points = row.rates.map(function (x, j) {
            return x === null ? null : { rate: x, title: W.formatTime(runs[runs.length - 1 - j].at) + ': ' + W.formatPercent(x) + ' failed' };
          });
          return h('tr', null, h('td', { class: 'num muted' }, String(k + 1)), h('td', null, h('strong', null, row.name)),
            h('td', null, h('a', { href: W.route('dataset', D.name(row.node)) }, D.name(row.node))),
            h('td', null, h('span', { class: 'action action-' + row.action }, row.action)),
            h('td', { class: 'num' }, h('span', { class: 'rate' }, h('span', { class: 'rate-bar', style: 'width:' + Math.max(2, Math.round(rate * 100)) + '%' }), W.formatPercent(rate))),
            h('td', { class: 'num bad' }, W.formatExact(row.failed)),
            h('td', null, W.historyChart(points, runs.length)));
        }))))));
    }
    W.clear(main).appendChild(page);
  };
})(window);
