/*
 * Pelican's `Key: value` front matter as a Decap CMS format (fromFile/toFile).
 *
 * Reads exactly what plugins/bkd_content/frontmatter.py parses (the grammar of
 * Python-Markdown's `meta` extension) and writes it back so that a field the
 * author did not touch keeps its bytes: a one-field edit is a one-line diff.
 * Decap keeps entry data in Immutable maps, which do not keep key order, so
 * the original layout travels with the entry in the `__source` value (a
 * string, not in the form) and toFile() lays the fields out from it.
 *
 * Pure functions, no DOM: tests/editor run this file with node.
 */
(function (root) {
  'use strict';

  // Same grammar as frontmatter.py (META_LINE, META_MORE, FENCE).
  var META_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var META_MORE = /^[ ]{4,}(.*)$/;
  var FENCE = /^(-{3}|\.{3})\s*$/;
  var SOURCE = '__source';
  var CONTINUATION = '    ';

  // Fields holding one item per line (continuation lines), or a comma list.
  // plugins/editor/config.py LINE_FIELDS names the same ones (plus gallery).
  var LINE_LISTS = {
    gallery: true,
    waive: true,
    changenote: true,
    attachments: true,
    dasarhukum: true,
    sumber: true,
  };
  var COMMA_LISTS = { tags: true, syndicate: true };

  function trimPy(s) {
    // Python's str.strip() over the whitespace the front matter can hold.
    return s.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  }

  function parseGalleryLine(text) {
    // frontmatter.parse_gallery: `path | alt | credit`, extra bars stay in credit.
    var parts = text.split('|').map(trimPy);
    while (parts.length < 3) parts.push('');
    var credit = parts.slice(2).join(' | ');
    credit = credit.replace(/^[ |]+|[ |]+$/g, '');
    return { photo: parts[0], caption: parts[1], credit: credit };
  }

  function valueFromLines(name, lines) {
    if (name === 'gallery') {
      return lines.filter(function (l) { return trimPy(l) !== ''; }).map(parseGalleryLine);
    }
    if (LINE_LISTS[name]) {
      return lines.filter(function (l) { return trimPy(l) !== ''; });
    }
    var joined = lines.join(' ');
    joined = trimPy(joined);
    if (COMMA_LISTS[name]) {
      return joined.split(',').map(trimPy).filter(function (v) { return v !== ''; });
    }
    return joined;
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === 'object') return Object.keys(value).length === 0;
    return trimPy(String(value)) === '';
  }

  function plain(value) {
    // Immutable values (toJS) or plain ones.
    if (value && typeof value.toJS === 'function') return value.toJS();
    return value;
  }

  function galleryText(item) {
    item = plain(item) || {};
    var parts = [trimPy(String(item.photo || '')), trimPy(String(item.caption || '')),
      trimPy(String(item.credit || ''))];
    if (parts[2] === '') parts.pop();
    if (parts.length === 2 && parts[1] === '') parts.pop();
    return parts.join(' | ');
  }

  // The lines one field is written as, without the key: ['v1', 'v2', ...].
  function valueLines(name, value) {
    value = plain(value);
    if (name === 'gallery') {
      return (value || []).map(galleryText).filter(function (t) { return t !== ''; });
    }
    if (LINE_LISTS[name]) {
      return (value || []).map(function (v) { return trimPy(String(plain(v))); })
        .filter(function (t) { return t !== ''; });
    }
    if (Array.isArray(value)) {
      return [value.map(function (v) { return trimPy(String(v)); })
        .filter(function (v) { return v !== ''; }).join(', ')];
    }
    if (value instanceof Date) {
      return [formatDate(value)];
    }
    // One line: a pasted line break would start a new, broken key.
    return [trimPy(String(value).replace(/\s*[\r\n]+\s*/g, ' '))];
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function formatDate(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function sameValue(name, a, b) {
    return JSON.stringify(valueLines(name, a)) === JSON.stringify(valueLines(name, b));
  }

  /*
   * Parse a file into Decap entry data: {title: ..., gallery: [...], body, __source}.
   * Lines the grammar does not accept are kept verbatim in __source, so
   * saving never deletes what an author typed, and the gate still reports it.
   */
  function parse(text) {
    var bom = '';
    if (text.charAt(0) === '\ufeff') { bom = '\ufeff'; text = text.slice(1); }
    var lines = text.split('\n');
    var entries = [];
    var opening = '';
    var i = 0;
    if (lines.length && FENCE.test(lines[0]) && lines[0].charAt(0) === '-') {
      opening = lines[0];
      i = 1;
    }
    var current = null;
    var closing = null;
    for (; i < lines.length; i++) {
      var line = lines[i];
      var bare = line.replace(/\r$/, '');
      if (trimPy(bare) === '' || (i > 0 && FENCE.test(bare))) {
        closing = line;
        i += 1;
        break;
      }
      var m = META_LINE.exec(bare);
      var more = META_MORE.exec(bare);
      if (m) {
        current = { name: m[1].toLowerCase(), key: m[1], raw: [line], values: [trimPy(m[2])] };
        entries.push(current);
      } else if (current && more) {
        current.raw.push(line);
        current.values.push(trimPy(more[1]));
      } else {
        entries.push({ name: null, key: null, raw: [line], values: [] });
        current = null;
      }
    }
    // Whether a newline follows the closing line (a file may end right there).
    var afterClosing = closing !== null && i <= lines.length - 1;
    var body = afterClosing ? lines.slice(i).join('\n') : '';
    var data = {};
    var layout = [];
    entries.forEach(function (e) {
      var entry = { name: e.name, key: e.key, raw: e.raw };
      if (e.name !== null && !(e.name in data)) {
        data[e.name] = valueFromLines(e.name, e.values);
        entry.value = data[e.name];
      } else {
        entry.name = null;  // a duplicate key or a broken line: kept as typed
      }
      layout.push(entry);
    });
    data.body = body;
    data[SOURCE] = JSON.stringify({
      bom: bom, opening: opening, closing: closing, afterClosing: afterClosing,
      bodyNewline: body === '' || body.slice(-1) === '\n', layout: layout,
    });
    return data;
  }

  /*
   * Write entry data back. `fields` is [[name, Key], ...] in the order of
   * ARTICLE_FIELDS (the page settings written by plugins/editor): the spelling
   * of a new key and where it goes.
   */
  function serialize(data, fields) {
    data = plain(data) || {};
    var order = {};
    var spelling = {};
    (fields || []).forEach(function (pair, index) {
      order[pair[0]] = index;
      spelling[pair[0]] = pair[1];
    });
    var source = data[SOURCE] ? JSON.parse(data[SOURCE]) : null;
    var layout = source ? source.layout : [];
    var seen = {};
    var out = [];  // [{name, lines}]
    layout.forEach(function (entry) {
      if (entry.name === null) { out.push({ name: null, lines: entry.raw }); return; }
      seen[entry.name] = true;
      var value = data[entry.name];
      if (!(entry.name in data)) value = entry.value;  // not a form field: keep
      if (sameValue(entry.name, value, entry.value)) {
        out.push({ name: entry.name, lines: entry.raw });
      } else if (!isEmpty(value)) {
        out.push({ name: entry.name, lines: keyLines(entry.key, entry.name, value) });
      }
    });
    Object.keys(order).forEach(function (name) {
      if (seen[name] || isEmpty(data[name])) return;
      var lines = keyLines(spelling[name], name, data[name]);
      if (lines[0] === spelling[name] + ':') return;  // nothing worth a line
      // After the last written field that comes before it in ARTICLE_FIELDS.
      var at = 0;
      for (var k = 0; k < out.length; k++) {
        var other = out[k].name;
        if (other === null || !(other in order) || order[other] < order[name]) at = k + 1;
      }
      out.splice(at, 0, { name: name, lines: lines });
    });
    var head = [];
    if (source && source.opening) head.push(source.opening);
    out.forEach(function (o) { head.push.apply(head, o.lines); });
    var body = data.body === undefined || data.body === null ? '' : String(plain(data.body));
    // The Markdown editor drops the final newline; put it back as the file had it.
    if (body !== '' && body.slice(-1) !== '\n' && (!source || source.bodyNewline)) body += '\n';
    var closing = source ? source.closing : '';
    var after = source ? source.afterClosing : true;
    if (closing === null) {
      // The file had no blank line after its fields: a body now needs one.
      closing = body !== '' ? '' : null;
      after = body !== '';
    }
    var parts = closing === null ? head : head.concat([closing]);
    var text = parts.join('\n') + (after ? '\n' + body : '');
    return (source ? source.bom : '') + text;
  }

  function keyLines(key, name, value) {
    var lines = valueLines(name, value);
    if (lines.length === 0) return [key + ':'];
    var first = key + ': ' + lines[0];
    var rest = lines.slice(1).map(function (l) { return CONTINUATION + l; });
    return [first].concat(rest);
  }

  /* The Decap CMS formatter: registerCustomFormat('pelican-meta', 'md', formatter(fields)). */
  function formatter(fields) {
    return {
      fromFile: function (content) { return parse(content); },
      toFile: function (data) { return serialize(data, fields); },
    };
  }

  var api = { parse: parse, serialize: serialize, formatter: formatter, SOURCE: SOURCE };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.BkdPelicanMeta = api;
  }
})(typeof window !== 'undefined' ? window : this);
