/* The header search: type, move with ↑/↓, open with Enter, close with Escape; "/" focuses it anywhere. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var h = W.h;

  W.mountSearch = function (container) {
    var D = W.data, search = W.createSearch(D.index);
    var results = [], active = -1;
    var input = h('input', { type: 'search', id: 'search-input', placeholder: 'Search datasets, columns, comments, files', autocomplete: 'off',
      spellcheck: 'false', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'search-results', 'aria-autocomplete': 'list', 'aria-label': 'Search' });
    var list = h('ul', { id: 'search-results', class: 'search-results', role: 'listbox', hidden: true });
    container.appendChild(h('div', { class: 'search-field' }, h('span', { class: 'search-icon', 'aria-hidden': 'true' }), input,
      h('kbd', { class: 'search-kbd', 'aria-hidden': 'true' }, '/')));
    container.appendChild(list);

    function target(r) {
      return r.field === 'column' ? W.route('column', D.name(r.node), r.detail) : W.route('dataset', D.name(r.node));
    }

    function render() {
      W.clear(list);
      if (!input.value.trim()) { close(); return; }
      if (results.length === 0) list.appendChild(h('li', { class: 'search-none' }, 'No matches'));
      results.forEach(function (r, k) {
        var detail = r.field === 'column' ? h('span', { class: 'sr-detail' }, 'column ', h('code', null, r.detail))
          : r.field === 'comment' ? h('span', { class: 'sr-detail' }, r.detail)
          : r.field === 'file' ? h('span', { class: 'sr-detail' }, r.detail)
          : h('span', { class: 'sr-detail' }, D.file(r.node));
        list.appendChild(h('li', { id: 'sr-' + k, role: 'option', class: 'search-result' + (k === active ? ' active' : ''), 'aria-selected': k === active ? 'true' : 'false',
          onmousedown: function (ev) { ev.preventDefault(); go(k); } },
          h('span', { class: 'sr-kind kind-' + D.kind(r.node) }, W.kindShort(D.kind(r.node))),
          h('span', { class: 'sr-main' }, h('span', { class: 'sr-name' }, D.name(r.node)), detail)));
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      if (active >= 0) input.setAttribute('aria-activedescendant', 'sr-' + active); else input.removeAttribute('aria-activedescendant');
      var el = document.getElementById('sr-' + active);
      if (el && el.scrollIntoView) el.scrollIntoView({ block: 'nearest' });
    }

    function close() {
      list.hidden = true; active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function go(k) {
      var r = results[k];
      if (!r) return;
      location.hash = target(r);
      input.value = ''; results = []; close(); input.blur();
    }

    input.addEventListener('input', function () {
      results = search.query(input.value, 30);
      active = results.length ? 0 : -1;
      render();
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown') { ev.preventDefault(); if (results.length) { active = (active + 1) % results.length; render(); } }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); if (results.length) { active = (active - 1 + results.length) % results.length; render(); } }
      else if (ev.key === 'Enter') { ev.preventDefault(); go(active < 0 ? 0 : active); }
      else if (ev.key === 'Escape') { input.value = ''; results = []; close(); input.blur(); }
    });
    // delayed so a click on a result lands first; skipped if focus came back meanwhile
    input.addEventListener('blur', function () { setTimeout(function () { if (document.activeElement !== input) close(); }, 100); });
    input.addEventListener('focus', function () { if (input.value.trim()) render(); });
    document.addEventListener('keydown', function (ev) {
      var tag = (ev.target && ev.target.tagName) || '';
      if (ev.key === '/' && tag !== 'INPUT' && tag !== 'TEXTAREA') { ev.preventDefault(); input.focus(); }
    });
  };
})(window);
