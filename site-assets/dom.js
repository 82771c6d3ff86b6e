/* DOM builders. Every string child becomes a text node and attributes go through setAttribute, so user
   text (names, comments, SQL) can never become markup: the one rule that keeps the site XSS-free. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var SVG_NS = 'http://www.w3.org/2000/svg';

  function build(el, attrs, children) {
    if (attrs) {
      for (var k in attrs) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) continue;
        if (k.slice(0, 2) === 'on' && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'href' && !/^#/.test(String(v))) throw new Error('only in-page links are allowed');
        else el.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : String(v));
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (var i = 0; i < children.length; i++) {
      var c = children[i];
      if (c === undefined || c === null || c === false) continue;
      if (Array.isArray(c)) append(el, c);
      else if (typeof c === 'object' && c.nodeType) el.appendChild(c);
      else el.appendChild(document.createTextNode(String(c)));
    }
  }

  /** h('a', {href: '#/x', class: 'y'}, 'text', child, [more]) */
  W.h = function (tag, attrs) { return build(document.createElement(tag), attrs, [].slice.call(arguments, 2)); };
  W.s = function (tag, attrs) { return build(document.createElementNS(SVG_NS, tag), attrs, [].slice.call(arguments, 2)); };

  W.clear = function (el) { while (el.firstChild) el.removeChild(el.firstChild); return el; };

  /** Highlighted SQL as a <pre><code>. */
  W.sqlBlock = function (sql, label) {
    var code = W.h('code', { class: 'sql' });
    W.tokenizeSql(sql || '').forEach(function (t) {
      code.appendChild(t[0] === 'ws' || t[0] === 'tx' ? document.createTextNode(t[1]) : W.h('span', { class: 't-' + t[0] }, t[1]));
    });
    return W.h('pre', { class: 'code', tabindex: '0', 'aria-label': label || 'SQL' }, code);
  };

  W.badge = function (status) {
    var l = W.statusLabel(status);
    return W.h('span', { class: 'badge tone-' + l[1], title: String(status) }, l[0]);
  };

  W.kindTag = function (kind) {
    return W.h('span', { class: 'kind kind-' + kind }, W.kindLabel(kind));
  };

  /** Layer colours: the three medallion names get their own; any other layer name shares a neutral accent. */
  W.layerClass = function (layer) {
    var l = String(layer || '').toLowerCase();
    return l === 'bronze' || l === 'silver' || l === 'gold' ? 'layer-' + l : layer ? 'layer-other' : 'layer-none';
  };

  W.layerTag = function (layer) {
    return layer ? W.h('span', { class: 'layer-tag ' + W.layerClass(layer) }, layer) : null;
  };

  W.section = function (title, body, extra) {
    return W.h('section', { class: 'card' + (extra ? ' ' + extra : '') }, W.h('h2', null, title), body);
  };

  W.empty = function (text) { return W.h('p', { class: 'empty' }, text); };
})(window);
