/*
 * What this project adds to Decap CMS at /admin/, registered before Decap
 * starts: the Pelican front-matter format (pelican-meta.js), the Indonesian
 * locale (locale-id.js), the preview in the site's own CSS, and a text field
 * with a live length counter for the per-platform texts.
 *
 * The page settings (field spellings, the site stylesheet) are written by
 * plugins/editor into <script id="bkd-editor-settings">.
 *
 * The counting functions also run under node (tests/editor/test_counter.py).
 */
(function (root) {
  'use strict';

  // X's weighted length, from twitter-text's config v3
  // (https://github.com/twitter/twitter-text/blob/master/config/v3.json):
  // scale 100, default weight 200, these code point ranges weigh 100, every
  // URL counts transformedURLLength 23 and an emoji sequence counts 2. The
  // engine's count (syndicate/composer.py, twitter-text-parser) stays the
  // one that decides; this one is the author's live guide.
  var LIGHT_RANGES = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];
  var URL_LENGTH = 23;
  var URL = /(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,:;!?)\]'}]/gi;
  var EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u20E3|\p{Emoji_Modifier})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*|\p{Regional_Indicator}{2}/gu;

  function charWeight(codePoint) {
    for (var i = 0; i < LIGHT_RANGES.length; i++) {
      if (codePoint >= LIGHT_RANGES[i][0] && codePoint <= LIGHT_RANGES[i][1]) return 1;
    }
    return 2;
  }

  function weightedLength(text) {
    text = String(text || '').normalize('NFC');
    var urls = text.match(URL) || [];
    var count = urls.length * URL_LENGTH;
    text = text.replace(URL, '');
    var emoji = text.match(EMOJI) || [];
    count += emoji.length * 2;
    text = text.replace(EMOJI, '');
    for (var ch of text) count += charWeight(ch.codePointAt(0));
    return count;
  }

  function plainLength(text) {
    return Array.from(String(text || '').normalize('NFC')).length;
  }

  function countFor(unit, text) {
    if (unit === 'weighted') return weightedLength(text);
    if (unit === 'bytes') return new TextEncoder().encode(String(text || '')).length;
    return plainLength(text);
  }

  // The file name Decap will give a new article ({{slug}} of the title with
  // slug.encoding ascii and clean_accents): shown before the first save.
  function slugOf(title) {
    return String(title || '')
      .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  }

  // Whether a JPEG's EXIF holds a GPS position (the GPS IFD, tag 0x8825,
  // with a latitude or longitude entry). Phones write it by default; the
  // site's published copies drop it (plugins/media), the original in the
  // repository keeps it. Reads the TIFF structure only, no library.
  function hasGps(buffer) {
    var view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xFFD8) return false;
    var offset = 2;
    while (offset + 4 <= view.byteLength) {
      var marker = view.getUint16(offset);
      var size = view.getUint16(offset + 2);
      if ((marker & 0xFF00) !== 0xFF00 || marker === 0xFFDA) return false;  // no EXIF before the image data
      if (marker === 0xFFE1 && offset + 10 <= view.byteLength && view.getUint32(offset + 4) === 0x45786966) {
        return tiffHasGps(view, offset + 10, Math.min(view.byteLength, offset + 2 + size));
      }
      offset += 2 + size;
    }
    return false;
  }

  function tiffHasGps(view, tiff, end) {
    try {
      var little = view.getUint16(tiff) === 0x4949;
      var u16 = function (at) { return view.getUint16(at, little); };
      var u32 = function (at) { return view.getUint32(at, little); };
      var ifd = tiff + u32(tiff + 4);
      var count = u16(ifd);
      for (var i = 0; i < count; i++) {
        var entry = ifd + 2 + i * 12;
        if (u16(entry) === 0x8825) {
          var gps = tiff + u32(entry + 8);
          if (gps + 2 > end) return false;
          var n = u16(gps);
          for (var j = 0; j < n; j++) {
            var tag = u16(gps + 2 + j * 12);
            if (tag === 2 || tag === 4) return true;  // GPSLatitude, GPSLongitude
          }
          return false;
        }
      }
    } catch (error) {
      return false;  // a truncated or odd EXIF block: nothing to say
    }
    return false;
  }

  var api = { weightedLength: weightedLength, countFor: countFor, slugOf: slugOf, hasGps: hasGps };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.BkdEditor = api;

  var CMS = root.CMS;
  var h = root.h;
  var createClass = root.createClass;
  if (!CMS) return;
  var settingsNode = document.getElementById('bkd-editor-settings');
  var settings = settingsNode ? JSON.parse(settingsNode.textContent) : { fields: [], previewCss: [] };

  CMS.registerLocale('id', root.BkdLocaleId);
  CMS.registerCustomFormat('pelican-meta', 'md', root.BkdPelicanMeta.formatter(settings.fields));
  (settings.previewCss || []).forEach(function (href) { CMS.registerPreviewStyle(href); });

  var CountedText = createClass({
    handleChange: function (event) { this.props.onChange(event.target.value); },
    render: function () {
      var field = this.props.field;
      var value = this.props.value || '';
      var limit = field.get('limit');
      var used = countFor(field.get('text_unit'), value);
      var over = limit && used > limit;
      return h('div', { className: this.props.classNameWrapper },
        h('textarea', {
          id: this.props.forID, value: value, rows: 4, onChange: this.handleChange,
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
          style: { width: '100%', border: 0, resize: 'vertical', font: 'inherit' },
        }),
        h('p', {
          'data-bkd-counter': field.get('name'), 'aria-live': 'polite',
          style: { margin: '4px 0 0', fontWeight: over ? 'bold' : 'normal', color: over ? '#b00020' : '#444' },
        }, limit ? (used + ' / ' + limit + (over ? ': terlalu panjang, persingkat' : '')) : (used + ' karakter')));
    },
  });
  CMS.registerWidget('bkd-counted-text', CountedText, function (props) {
    return h('p', {}, props.value || '');
  });

  // Photos: Decap's own image widget, plus a warning when a photo just
  // uploaded carries a GPS position. Decap cannot transform images before the
  // commit, so the warning tells the author how to remove it.
  var ImageControl = CMS.getWidget('image').control;
  var Photo = createClass({
    // Decap's Widget re-renders a control only when its value changes unless the
    // control decides; the wrapped image control must also see its media-library
    // props change (that is how a chosen photo becomes the value).
    shouldComponentUpdate: function () { return true; },
    getInitialState: function () { return { gps: false }; },
    componentDidMount: function () { this.check(); },
    componentDidUpdate: function (previous) {
      if (previous.value !== this.props.value) this.check();
    },
    check: function () {
      var self = this;
      var path = this.props.value;
      var asset = path && typeof path === 'string' ? this.props.getAsset(path) : null;
      var file = asset && asset.fileObj;
      if (!file || !file.arrayBuffer) { self.setState({ gps: false }); return; }
      file.arrayBuffer().then(function (buffer) {
        if (self.props.value === path) self.setState({ gps: hasGps(buffer) });
      });
    },
    render: function () {
      return h('div', {},
        h(ImageControl, this.props),
        this.state.gps ? h('p', {
          role: 'alert', 'data-bkd-gps-warning': '',
          style: { margin: '8px 0 0', padding: '8px', background: '#fff4e5', border: '1px solid #b35c00' },
        }, 'Foto ini menyimpan lokasi GPS (tempat foto diambil). Foto yang tampil di situs tidak ' +
          'menyimpannya lagi, tetapi berkas asli di repositori tetap menyimpannya. Bila lokasi itu ' +
          'tidak boleh diketahui umum, matikan lokasi di kamera ponsel, hapus foto ini, lalu unggah ulang.') : null);
    },
  });
  CMS.registerWidget('bkd-photo', Photo, CMS.getWidget('image').preview);

  // ImageFocus: click the point of the lead photo that must survive cropping;
  // the value stays the two numbers "x, y" (0 to 1) the media step reads, and
  // can still be typed.
  function parseFocus(value) {
    var m = /^\s*([01](?:\.\d+)?)\s*,\s*([01](?:\.\d+)?)\s*$/.exec(String(value || ''));
    return m ? [parseFloat(m[1]), parseFloat(m[2])] : null;
  }
  var Focus = createClass({
    // Decap re-renders a widget only when its own value changes; this one
    // shows another field's photo, so it follows every change of the entry.
    shouldComponentUpdate: function () { return true; },
    pick: function (event) {
      var box = event.currentTarget.getBoundingClientRect();
      var clamp = function (v) { return Math.min(1, Math.max(0, v)); };
      var x = clamp((event.clientX - box.left) / box.width);
      var y = clamp((event.clientY - box.top) / box.height);
      this.props.onChange(x.toFixed(2) + ', ' + y.toFixed(2));
    },
    handleChange: function (event) { this.props.onChange(event.target.value); },
    render: function () {
      var image = this.props.entry ? this.props.entry.getIn(['data', 'image']) : null;
      var point = parseFocus(this.props.value);
      var photo = image ? h('div', {
        'data-bkd-focus-image': '', onClick: this.pick, title: 'Klik bagian terpenting foto',
        style: { position: 'relative', display: 'inline-block', cursor: 'crosshair', maxWidth: '320px' },
      },
        h('img', { src: this.props.getAsset(image).toString(), alt: '', style: { display: 'block', width: '100%' } }),
        point ? h('span', {
          'aria-hidden': 'true',
          style: {
            position: 'absolute', left: (point[0] * 100) + '%', top: (point[1] * 100) + '%',
            width: '18px', height: '18px', margin: '-9px 0 0 -9px', borderRadius: '50%',
            border: '3px solid #fff', boxShadow: '0 0 0 2px #b00020', pointerEvents: 'none',
          },
        }) : null)
        : h('p', {}, 'Pilih foto utama dulu, lalu klik bagian foto yang paling penting.');
      return h('div', { className: this.props.classNameWrapper }, photo,
        h('input', {
          id: this.props.forID, type: 'text', value: this.props.value || '', placeholder: '0.5, 0.5',
          onChange: this.handleChange, onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
          style: { width: '100%', border: 0, marginTop: '6px', font: 'inherit', background: 'transparent' },
        }));
    },
  });
  CMS.registerWidget('bkd-focus', Focus, function (props) { return h('p', {}, props.value || ''); });

  // Tags: free entry with the taxonomy's known tags as suggestions (a
  // <datalist>), which Decap's select cannot do. Enter, a comma or leaving
  // the field adds what was typed; the value is a list of strings.
  function splitTags(text) {
    return String(text || '').split(',').map(function (t) { return t.trim(); })
      .filter(function (t) { return t !== ''; });
  }
  var Tags = createClass({
    getInitialState: function () { return { draft: '' }; },
    items: function () {
      var value = this.props.value;
      if (!value) return [];
      if (typeof value.toJS === 'function') return value.toJS();
      return Array.isArray(value) ? value.slice() : splitTags(value);
    },
    add: function (text) {
      var items = this.items();
      var known = (this.props.field.get('known') || []);
      known = typeof known.toJS === 'function' ? known.toJS() : known;
      splitTags(text).forEach(function (tag) {
        // The taxonomy's spelling when it is a known tag, as the gate normalises.
        var match = known.filter(function (k) { return k.toLowerCase() === tag.toLowerCase(); })[0];
        tag = match || tag;
        if (items.map(function (i) { return i.toLowerCase(); }).indexOf(tag.toLowerCase()) < 0) items.push(tag);
      });
      this.props.onChange(items);
    },
    handleChange: function (event) {
      var text = event.target.value;
      var cut = text.lastIndexOf(',');
      if (cut >= 0) {
        this.add(text.slice(0, cut));
        text = text.slice(cut + 1);
      }
      this.setState({ draft: text });
    },
    handleKeyDown: function (event) {
      if (event.key === 'Enter' && this.state.draft.trim() !== '') {
        event.preventDefault();
        this.add(this.state.draft);
        this.setState({ draft: '' });
      }
    },
    handleBlur: function () {
      if (this.state.draft.trim() !== '') {
        this.add(this.state.draft);
        this.setState({ draft: '' });
      }
      if (this.props.setInactiveStyle) this.props.setInactiveStyle();
    },
    remove: function (index) {
      var items = this.items();
      items.splice(index, 1);
      this.props.onChange(items);
    },
    isValid: function () {
      var max = this.props.field.get('max');
      if (max && this.items().length > max) {
        return { error: { message: 'Paling banyak ' + max + ' tag.' } };
      }
      return true;
    },
    render: function () {
      var self = this;
      var known = this.props.field.get('known') || [];
      known = typeof known.toJS === 'function' ? known.toJS() : known;
      var listId = this.props.forID + '-known';
      return h('div', { className: this.props.classNameWrapper },
        h('ul', { 'data-bkd-tags': '', style: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: '6px' } },
          this.items().map(function (tag, index) {
            return h('li', { key: tag },
              h('button', {
                type: 'button', onClick: function () { self.remove(index); },
                'aria-label': 'Hapus tag ' + tag,
                style: { border: '1px solid #8a8a8a', borderRadius: '12px', padding: '2px 10px', background: '#f2f2f2', cursor: 'pointer' },
              }, tag + ' ×'));
          })),
        h('input', {
          id: this.props.forID, type: 'text', list: listId, value: this.state.draft,
          placeholder: 'Ketik tag, lalu Enter', onChange: this.handleChange,
          onKeyDown: this.handleKeyDown, onFocus: this.props.setActiveStyle, onBlur: this.handleBlur,
          style: { width: '100%', border: 0, marginTop: '6px', font: 'inherit', background: 'transparent' },
        }),
        h('datalist', { id: listId }, known.map(function (tag) { return h('option', { key: tag, value: tag }); })));
    },
  });
  CMS.registerWidget('bkd-tags', Tags, function (props) {
    var value = props.value;
    value = value && typeof value.toJS === 'function' ? value.toJS() : value;
    return h('p', {}, Array.isArray(value) ? value.join(', ') : (value || ''));
  });

  // The markup of theme/templates/article.html and its partials (lead_image,
  // gallery), so the site's stylesheet lays the preview out as the page.
  var ArticlePreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var getAsset = this.props.getAsset;
      var get = function (name) { return entry.getIn(['data', name]); };
      var image = get('image');
      var gallery = get('gallery');
      var author = get('author');
      var isNew = entry.get('newRecord');
      return h('main', { className: 'wrap' },
        isNew ? h('p', { className: 'meta', 'data-bkd-slug': '' },
          'Nama berkas: content/articles/' + slugOf(get('title')) + '.md') : null,
        h('article', { className: 'article' },
          h('header', {},
            h('p', { className: 'meta' }, h('span', { className: 'cat' }, get('category') || '')),
            h('h1', {}, get('title') || ''),
            h('p', { className: 'meta' }, (get('date') || '') + (author ? ' · oleh ' + author : ''))),
          image ? h('figure', { className: 'lead' },
            h('img', { src: getAsset(image).toString(), alt: get('imagealt') || '' }),
            get('imagecredit') ? h('figcaption', { className: 'credit' }, get('imagecredit')) : null) : null,
          h('div', { className: 'prose' }, this.props.widgetFor('body')),
          gallery && gallery.size ? h('section', { className: 'gallery' },
            h('h2', {}, 'Galeri foto'),
            h('ul', { className: 'gallery-list' }, gallery.map(function (item, index) {
              var src = item.get('photo');
              return h('li', { key: index }, h('figure', {},
                src ? h('img', { src: getAsset(src).toString(), alt: item.get('caption') || '' }) : null,
                h('figcaption', {}, item.get('caption') || '', ' ',
                  item.get('credit') ? h('span', { className: 'credit' }, item.get('credit')) : null)));
            }).toArray())) : null));
    },
  });
  CMS.registerPreviewTemplate('articles', ArticlePreview);
})(typeof window !== 'undefined' ? window : this);
