// zhenggai serve: the checking page. Document text is only ever inserted with
// textContent / createTextNode, never as HTML, so a draft holding markup shows as text.
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var token = new URLSearchParams(location.search).get('token');
  var SEV = { error: '错误', warning: '警告', info: '提示' };
  var RANK = { info: 1, warning: 2, error: 3 };
  var state = { name: '', editName: '粘贴文稿.txt', text: '', diags: [], pd: [], rules: {} };
  var seq = 0;
  var debounce = null;

  function setStatus(msg, bad) {
    $('status').textContent = msg;
    $('status').classList.toggle('bad', !!bad);
  }

  // The name edited text is checked under: a Word document's text becomes plain text.
  function textName(name) {
    return /\.docx$/i.test(name) ? name.replace(/\.docx$/i, '') + '.txt' : name;
  }

  function check(name, body, fix, typed) {
    if (!typed) clearTimeout(debounce);
    var mine = ++seq;
    document.body.dataset.busy = '1';
    setStatus('正在检查…');
    var headers = {};
    if (token) headers['X-Zhenggai-Token'] = token;
    var url = '/api/check?name=' + encodeURIComponent(name) + (fix ? '&fix=1' : '');
    return fetch(url, { method: 'POST', body: body, headers: headers })
      .then(function (resp) {
        return resp.json().then(function (j) { return { status: resp.status, json: j }; },
          function () { return { status: resp.status, json: {} }; });
      })
      .then(function (r) {
        if (mine !== seq) return; // a newer check is on its way
        delete document.body.dataset.busy;
        if (!r.json.page) {
          setStatus('检查失败（' + r.status + '）：' + (r.json.error || '服务器没有返回结果'), true);
          return;
        }
        show(r.json, name, typed);
      }, function () {
        if (mine !== seq) return;
        delete document.body.dataset.busy;
        setStatus('无法连接检查服务：请确认 zhenggai serve 仍在运行。', true);
      });
  }

  function show(result, name, typed) {
    var file = result.files[0];
    var page = result.page;
    state.name = name;
    state.editName = textName(name);
    state.text = page.text;
    state.diags = file.diagnostics;
    state.pd = page.diagnostics;
    state.rules = page.rules;
    // Text being typed is left alone (keystrokes made while the check ran must stay).
    if (!typed && $('paste').value !== page.text) $('paste').value = page.text;
    $('doc-title').textContent = '文稿：' + name;
    renderDoc();
    renderList();
    var s = result.summary;
    var counts = '错误 ' + s.errors + ' 处，警告 ' + s.warnings + ' 处，提示 ' + s.infos + ' 处';
    $('summary').textContent = file.error ? '' : (state.diags.length ? counts + '。' : '没有发现问题。');
    if (file.error) setStatus('无法读取：' + file.error, true);
    else setStatus((page.fixed ? '已应用安全修复并重新检查：' : '已检查：') + counts + '（用时 ' + page.elapsed_ms + ' 毫秒）。');
    $('fix-all').disabled = !state.pd.some(function (d) { return d.fix; });
    $('download').disabled = !page.text;
    $('annotate').disabled = !page.text;
    // What was recognised (zhenggai inspect): the answer to "why does it say missing?".
    $('facts-text').textContent = page.recognised || '';
    $('facts').hidden = !page.recognised;
    document.body.dataset.checks = String(Number(document.body.dataset.checks || 0) + 1);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The document as text nodes and <mark>s: the text is cut at every span boundary; each
  // piece covered by diagnostics is one <mark> listing them (data-d) and coloured by the
  // most severe; pieces inside labels list their diagnostics in data-l.
  function renderDoc() {
    var doc = $('doc');
    doc.textContent = '';
    var text = state.text, pd = state.pd, diags = state.diags;
    var cuts = [0, text.length];
    var points = {};
    pd.forEach(function (d, i) {
      cuts.push(d.start, d.end);
      if (d.start === d.end) (points[d.start] = points[d.start] || []).push(i);
      d.labels.forEach(function (l) { cuts.push(l[0], l[1]); });
    });
    cuts = cuts.filter(function (c) { return c >= 0 && c <= text.length; })
      .sort(function (a, b) { return a - b; })
      .filter(function (c, k, a) { return k === 0 || c !== a[k - 1]; });
    var frag = document.createDocumentFragment();
    function point(at) {
      (points[at] || []).forEach(function (i) {
        var m = el('mark', 'point sev-' + diags[i].severity);
        m.dataset.d = String(i);
        frag.appendChild(m);
      });
    }
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      point(a);
      var on = [], lab = [], sev = '';
      pd.forEach(function (d, i) {
        if (d.start <= a && d.end >= b && d.start < d.end) {
          on.push(i);
          if (!sev || RANK[diags[i].severity] > RANK[sev]) sev = diags[i].severity;
        }
        if (d.labels.some(function (l) { return l[0] <= a && l[1] >= b && l[0] < l[1]; })) lab.push(i);
      });
      var piece = text.slice(a, b);
      if (!on.length && !lab.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var m = on.length ? el('mark', 'sev-' + sev, piece) : el('span', 'lab', piece);
      if (on.length) m.dataset.d = on.join(' ');
      if (lab.length) m.dataset.l = lab.join(' ');
      frag.appendChild(m);
    }
    point(text.length);
    doc.appendChild(frag);
  }

  function position(d) { return d.span.line + ':' + d.span.column; }

  function renderList() {
    var list = $('list');
    list.textContent = '';
    if (!state.diags.length) { list.appendChild(el('p', 'empty', '没有发现问题。')); return; }
    var groups = {}, order = [];
    state.diags.forEach(function (d, i) {
      if (!groups[d.rule]) { groups[d.rule] = []; order.push(d.rule); }
      groups[d.rule].push(i);
    });
    order.forEach(function (rule) {
      var g = el('section', 'group');
      g.dataset.rule = rule;
      var h = el('h3');
      h.appendChild(el('code', '', rule));
      h.appendChild(el('span', 'count', groups[rule].length + ' 处'));
      g.appendChild(h);
      if (state.rules[rule]) g.appendChild(el('p', 'gsum', state.rules[rule].summary));
      var ul = el('ul');
      groups[rule].forEach(function (i) {
        var d = state.diags[i];
        var li = el('li', 'entry sev-' + d.severity);
        li.dataset.i = String(i);
        li.appendChild(el('span', 'pos', position(d)));
        li.appendChild(document.createTextNode(SEV[d.severity] + '：' + d.message));
        if (state.pd[i].fix) {
          var b = el('button', 'fix', '修复');
          b.type = 'button';
          b.dataset.i = String(i);
          b.title = '改为「' + state.pd[i].fix.replacement + '」';
          li.appendChild(b);
        }
        ul.appendChild(li);
      });
      g.appendChild(ul);
      list.appendChild(g);
    });
  }

  function marksOf(i) {
    return [].filter.call($('doc').querySelectorAll('mark'), function (m) {
      return m.dataset.d.split(' ').indexOf(String(i)) >= 0;
    });
  }

  function flash(i) {
    var ms = marksOf(i);
    if (!ms.length) return;
    ms[0].scrollIntoView({ block: 'center' });
    ms.forEach(function (m) {
      m.classList.remove('flash');
      void m.offsetWidth; // restart the animation
      m.classList.add('flash');
    });
  }

  function applyOne(i) {
    var f = state.pd[i].fix;
    if (!f) return;
    var t = state.text;
    check(state.editName, t.slice(0, f.start) + f.replacement + t.slice(f.end));
  }

  $('list').addEventListener('click', function (ev) {
    var b = ev.target.closest('button.fix');
    if (b) { applyOne(Number(b.dataset.i)); return; }
    var li = ev.target.closest('.entry');
    if (li) flash(Number(li.dataset.i));
  });

  // Hover: the diagnostics of the piece under the pointer, their labels, the rule's why.
  var tip = $('tip');
  var lit = [];
  function unlight() {
    lit.forEach(function (e) { e.classList.remove('labelled', 'active'); });
    lit = [];
  }
  $('doc').addEventListener('mouseover', function (ev) {
    var m = ev.target.closest('mark');
    unlight();
    if (!m) { tip.hidden = true; return; }
    tip.textContent = '';
    m.dataset.d.split(' ').forEach(function (s) {
      var i = Number(s), d = state.diags[i];
      var item = el('div', 'item');
      var p = el('p');
      p.appendChild(el('span', 'sev sev-' + d.severity, SEV[d.severity]));
      p.appendChild(el('code', '', d.rule));
      p.appendChild(document.createTextNode(' ' + position(d) + ' ' + d.message));
      item.appendChild(p);
      if (d.labels.length) {
        var ul = el('ul');
        d.labels.forEach(function (l, k) {
          var pl = state.pd[i].labels[k];
          ul.appendChild(el('li', '', l.message + '：「' + state.text.slice(pl[0], pl[1]) + '」'));
        });
        item.appendChild(ul);
      }
      d.notes.forEach(function (n) { item.appendChild(el('p', '', n)); });
      var r = state.rules[d.rule];
      if (r) item.appendChild(el('div', 'why', r.summary + (r.rationale ? '\n' + r.rationale : '')));
      tip.appendChild(item);
      marksOf(i).forEach(function (e) { e.classList.add('active'); lit.push(e); });
      [].forEach.call($('doc').querySelectorAll('[data-l]'), function (e) {
        if (e.dataset.l.split(' ').indexOf(s) >= 0) { e.classList.add('labelled'); lit.push(e); }
      });
    });
    tip.hidden = false;
    var x = Math.min(ev.clientX + 12, window.innerWidth - tip.offsetWidth - 8);
    var y = ev.clientY + 18;
    if (y + tip.offsetHeight > window.innerHeight) y = Math.max(4, ev.clientY - tip.offsetHeight - 12);
    tip.style.left = Math.max(4, x) + 'px';
    tip.style.top = y + 'px';
  });
  $('doc').addEventListener('mouseleave', function () { tip.hidden = true; unlight(); });

  $('fix-all').addEventListener('click', function () { check(state.editName, state.text, true); });

  $('download').addEventListener('click', function () {
    var name = state.editName.replace(/(\.[^.]*)?$/, function (ext) { return '-修正' + (ext || '.txt'); });
    var a = el('a');
    a.href = URL.createObjectURL(new Blob([state.text], { type: 'text/plain;charset=utf-8' }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });

  function upload(file) {
    if (!file) return;
    file.arrayBuffer().then(function (buf) {
      state.original = { name: file.name, body: buf };
      check(file.name, buf).then(function () { if (state.original) state.original.text = state.text; });
    });
  }

  // The draft back as a Word document with a comment at each problem (zhenggai annotate):
  // an uploaded .docx whose text was not edited keeps its own formatting; any other text
  // becomes a new .docx.
  $('annotate').addEventListener('click', function () {
    var o = state.original;
    var same = o && /\.docx$/i.test(o.name) && o.text === state.text;
    var name = same ? o.name : state.editName;
    var body = same ? o.body : state.text;
    var headers = {};
    if (token) headers['X-Zhenggai-Token'] = token;
    setStatus('正在生成带批注的 Word 文档…');
    fetch('/api/annotate?name=' + encodeURIComponent(name), { method: 'POST', body: body, headers: headers })
      .then(function (resp) {
        if (!resp.ok) {
          return resp.json().then(function (j) { setStatus('生成失败：' + (j.error || resp.status), true); });
        }
        return resp.blob().then(function (blob) {
          var a = el('a');
          a.href = URL.createObjectURL(blob);
          a.download = name.replace(/(\.[^.]*)?$/, '-批注.docx');
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
          setStatus('已生成带批注的 Word 文档：' + a.download);
        });
      }, function () { setStatus('无法连接检查服务：请确认 zhenggai serve 仍在运行。', true); });
  });
  $('file').addEventListener('change', function (ev) { upload(ev.target.files[0]); ev.target.value = ''; });

  // Pasted or edited text is checked again once typing stops.
  $('paste').addEventListener('input', function () {
    clearTimeout(debounce);
    var text = $('paste').value;
    debounce = setTimeout(function () { check(state.editName, text, false, true); }, 400);
  });

  var drop = $('drop'), depth = 0;
  document.addEventListener('dragenter', function (ev) { ev.preventDefault(); depth++; drop.hidden = false; });
  document.addEventListener('dragleave', function () { if (--depth <= 0) { depth = 0; drop.hidden = true; } });
  document.addEventListener('dragover', function (ev) { ev.preventDefault(); });
  document.addEventListener('drop', function (ev) {
    ev.preventDefault();
    depth = 0;
    drop.hidden = true;
    if (ev.dataTransfer.files.length) upload(ev.dataTransfer.files[0]);
  });
}());
