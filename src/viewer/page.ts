// The viewer's front end: one HTML page, one stylesheet and one plain script, served by the app.
// No build step and no third-party code in the browser; every value from the run is inserted with
// textContent, never as HTML.

export const VIEWER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>didactic viewer · {{RUN}}</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<header>
  <h1>didactic viewer <span class="run">{{RUN}}</span></h1>
  <div id="run-info" class="run-info"></div>
</header>
<div class="layout">
  <aside>
    <form id="filters" autocomplete="off">
      <label>Domain <select name="domain" id="f-domain"><option value="">all</option></select></label>
      <label>Condition <select name="condition" id="f-condition"><option value="">all</option></select></label>
      <label>Outcome <select name="outcome" id="f-outcome"><option value="">all</option></select></label>
      <label>Solved at turn <select name="solvedAt" id="f-solved"><option value="">any</option></select></label>
      <label class="search">Search <input type="search" name="q" id="f-q" placeholder="task id, prompt or any turn"></label>
    </form>
    <div class="list-head"><span id="total">loading…</span>
      <span class="pager"><button id="prev" type="button">‹ prev</button><button id="next" type="button">next ›</button></span>
    </div>
    <div class="list-wrap">
      <table id="episode-list"><thead><tr><th>#</th><th>task</th><th>domain</th><th>condition</th><th>outcome</th></tr></thead><tbody></tbody></table>
    </div>
  </aside>
  <main id="detail"><p class="empty">Choose an episode on the left to read its dialogue.</p></main>
</div>
<script src="/app.js"></script>
</body>
</html>
`;

export const VIEWER_CSS = `
:root { --fg: #1d2330; --muted: #687080; --line: #e2e6ec; --bg: #f5f6f8; --student: #ffffff; --teacher: #eef5fc; --hidden: #fff6e5; }
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); display: flex; flex-direction: column; }
header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; align-items: baseline; gap: 18px; flex-wrap: wrap; }
header h1 { font-size: 17px; margin: 0; font-weight: 600; }
header .run { color: #9fc6ea; font-weight: 500; margin-left: 6px; }
.run-info { color: #c5cbd6; font-size: 12px; }
.layout { flex: 1; display: grid; grid-template-columns: minmax(440px, 40%) 1fr; min-height: 0; }
aside { border-right: 1px solid var(--line); background: #fff; display: flex; flex-direction: column; min-height: 0; }
form { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 12px; padding: 12px 14px; border-bottom: 1px solid var(--line); }
form label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
form label.search { grid-column: 1 / -1; }
select, input { font: inherit; padding: 4px 6px; border: 1px solid #c9ced6; border-radius: 5px; background: #fff; color: var(--fg); }
.list-head { display: flex; justify-content: space-between; align-items: center; padding: 8px 14px; font-size: 13px; color: var(--muted); border-bottom: 1px solid var(--line); }
button { font: inherit; font-size: 12px; padding: 3px 10px; margin-left: 6px; border: 1px solid #c9ced6; background: #fff; border-radius: 5px; cursor: pointer; }
button:disabled { opacity: 0.4; cursor: default; }
.list-wrap { overflow: auto; flex: 1; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { position: sticky; top: 0; background: #f1f3f6; text-align: left; font-weight: 600; padding: 5px 8px; border-bottom: 1px solid var(--line); }
td { padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: #f5f8fc; }
tbody tr.selected { background: #e3eefa; }
td .prompt { display: block; color: var(--muted); font-size: 12px; max-width: 26ch; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; white-space: nowrap; }
.solved { background: #dcf3e3; color: #17653a; }
.unsolved { background: #fde2e1; color: #9b1c1c; }
.errored, .running { background: #fdf0d5; color: #8a5a00; }
.cond { background: #eef1f5; }
main { overflow: auto; padding: 18px 26px 40px; min-height: 0; }
.empty { color: var(--muted); }
.ep-head h2 { font-size: 18px; margin: 0 0 4px; }
.ep-head .meta { color: var(--muted); font-size: 13px; display: flex; gap: 10px; flex-wrap: wrap; align-items: center; }
.panels { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin: 14px 0 18px; align-items: start; }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: #fff; }
.panel h3 { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
.hidden-panel { background: var(--hidden); border-color: #f0d9a8; }
.hidden-panel h3 { color: #8a5a00; }
.hidden-panel dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; }
.hidden-panel dt { color: #8a5a00; }
.hidden-panel dd { margin: 0; white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.turn { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; margin: 10px 0; max-width: 88%; }
.turn.student { background: var(--student); }
.turn.teacher { background: var(--teacher); margin-left: auto; border-color: #cfe0f2; }
.turn .who { font-size: 12px; font-weight: 600; color: var(--muted); margin-bottom: 4px; display: flex; gap: 8px; align-items: center; }
.verdict { margin-top: 8px; font-size: 12px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; color: var(--muted); }
.verdict .ok { color: #17653a; font-weight: 600; }
.verdict .bad { color: #9b1c1c; font-weight: 600; }
.private { font-size: 11px; color: #8a5a00; background: var(--hidden); padding: 0 6px; border-radius: 8px; }
details.blocked { margin-top: 8px; font-size: 12px; color: #8a5a00; }
.diff { border: 1px dashed #c9ced6; border-radius: 8px; padding: 8px 12px; margin: 6px 0 6px 4%; max-width: 84%; background: #fafbfc; }
.diff summary { font-size: 12px; color: var(--muted); cursor: pointer; }
.diff ins { background: #d7f5de; text-decoration: none; border-radius: 2px; }
.diff del { background: #fbdada; color: #7a1d1d; border-radius: 2px; }
.diff del + ins { margin-left: 2px; }
.error { color: #9b1c1c; }
`;

export const VIEWER_SCRIPT = String.raw`
'use strict';
(function () {
  var PAGE = 50;
  var state = { domain: '', condition: '', outcome: '', solvedAt: '', q: '', offset: 0, selected: null };
  var listSeq = 0;
  var detailSeq = 0;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function outcomeOf(e) {
    if (e.status === 'errored' || e.status === 'running') return e.status;
    return e.solvedAt === null ? 'unsolved' : 'solved';
  }
  function outcomeBadge(e) {
    var o = outcomeOf(e);
    var label = o === 'solved' ? 'solved @' + e.solvedAt : o === 'unsolved' ? 'unsolved (' + e.attempts + ')' : o;
    return el('span', { class: 'badge ' + o, text: label });
  }

  function readHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    ['domain', 'condition', 'outcome', 'solvedAt', 'q'].forEach(function (k) { state[k] = p.get(k) || ''; });
    state.offset = Number(p.get('offset') || 0) || 0;
    state.selected = p.get('episode') ? Number(p.get('episode')) : null;
  }
  function writeHash() {
    var p = new URLSearchParams();
    ['domain', 'condition', 'outcome', 'solvedAt', 'q'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    if (state.offset) p.set('offset', String(state.offset));
    if (state.selected) p.set('episode', String(state.selected));
    history.replaceState(null, '', '#' + p.toString());
  }

  function fill(select, items, label) {
    items.forEach(function (it) {
      select.appendChild(el('option', { value: String(it.value), text: label(it) + ' (' + it.count.toLocaleString('en-US') + ')' }));
    });
  }

  function loadRun() {
    return fetch('/api/run').then(function (r) { return r.json(); }).then(function (run) {
      var c = run.config || {};
      $('run-info').textContent = [
        'student ' + (c.student || '?'),
        'teachers ' + (c.teachers || []).join(', '),
        'K = ' + c.turns,
        'seed ' + c.seed,
        run.facets.total.toLocaleString('en-US') + ' episodes',
        'didactic ' + (c.didacticVersion || '?'),
      ].join(' · ');
      fill($('f-domain'), run.facets.domains, function (it) { return it.value; });
      fill($('f-condition'), run.facets.conditions, function (it) { return it.value; });
      fill($('f-outcome'), run.facets.outcomes, function (it) { return it.value; });
      fill($('f-solved'), run.facets.solvedAt, function (it) { return 'turn ' + it.value; });
      $('f-domain').value = state.domain;
      $('f-condition').value = state.condition;
      $('f-outcome').value = state.outcome;
      $('f-solved').value = state.solvedAt;
      $('f-q').value = state.q;
    });
  }

  function loadList() {
    var seq = ++listSeq;
    var p = new URLSearchParams();
    ['domain', 'condition', 'outcome', 'solvedAt', 'q'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    p.set('offset', String(state.offset));
    p.set('limit', String(PAGE));
    $('total').textContent = 'loading…';
    return fetch('/api/episodes?' + p.toString()).then(function (r) { return r.json(); }).then(function (page) {
      if (seq !== listSeq) return; // a newer request superseded this one
      var body = $('episode-list').querySelector('tbody');
      body.textContent = '';
      if (page.error) { $('total').textContent = page.error; return; }
      page.episodes.forEach(function (e) {
        var tr = el('tr', { 'data-id': String(e.id) }, [
          el('td', { text: String(e.id) }),
          el('td', null, [el('span', { text: e.taskId }), el('span', { class: 'prompt', text: e.prompt })]),
          el('td', { text: e.domain }),
          el('td', null, [el('span', { class: 'badge cond', text: e.condition })]),
          el('td', null, [outcomeBadge(e)]),
        ]);
        if (e.id === state.selected) tr.classList.add('selected');
        tr.addEventListener('click', function () { openEpisode(e.id); });
        body.appendChild(tr);
      });
      var first = page.total === 0 ? 0 : page.offset + 1;
      var last = page.offset + page.episodes.length;
      $('total').textContent = page.total === 0 ? 'no episodes match'
        : first.toLocaleString('en-US') + '–' + last.toLocaleString('en-US') + ' of ' + page.total.toLocaleString('en-US') + ' episodes';
      $('total').setAttribute('data-total', String(page.total));
      $('prev').disabled = page.offset === 0;
      $('next').disabled = last >= page.total;
    }).catch(function (err) { if (seq === listSeq) $('total').textContent = 'error: ' + err.message; });
  }

  function privateTag(text) { return el('span', { class: 'private', text: text || 'hidden from the student' }); }

  function renderTurn(turn) {
    if (turn.role === 'student') {
      var v = turn.verdict || {};
      return el('div', { class: 'turn student', 'data-attempt': String(turn.attempt) }, [
        el('div', { class: 'who' }, ['student · attempt ' + turn.attempt]),
        el('pre', { text: turn.text }),
        el('div', { class: 'verdict' }, [
          el('span', { class: turn.correct ? 'ok' : 'bad', text: turn.correct ? '✓ correct' : '✗ wrong' }),
          'extracted: ',
          el('code', { text: turn.extracted === null ? '(none)' : turn.extracted }),
          v.summary ? el('span', { text: '· verifier: ' + v.summary }) : null,
          privateTag('verdict hidden from the student'),
        ]),
      ]);
    }
    var blocked = null;
    if (turn.blocked && turn.blocked.length) {
      blocked = el('details', { class: 'blocked' }, [
        el('summary', { text: 'leak guard blocked ' + turn.blocked.length + ' text' + (turn.blocked.length > 1 ? 's' : '') + (turn.fallback ? ' · safe fallback used' : '') + ' (never shown to the student)' }),
      ].concat(turn.blocked.map(function (b) { return el('pre', { text: b }); })));
    }
    return el('div', { class: 'turn teacher' }, [
      el('div', { class: 'who' }, ['teacher (' + turn.teacher + ') · feedback on attempt ' + turn.attempt]),
      el('pre', { text: turn.text }),
      blocked,
    ]);
  }

  function renderDiff(d) {
    var pre = el('pre');
    d.parts.forEach(function (part) {
      pre.appendChild(el(part.added ? 'ins' : part.removed ? 'del' : 'span', { text: part.value }));
    });
    var label = 'change from attempt ' + d.from + ' to ' + d.to + (d.identical ? ' · identical text (repeated)' : '');
    var details = el('details', { class: 'diff', 'data-from': String(d.from), 'data-to': String(d.to) }, [el('summary', { text: label }), pre]);
    if (!d.identical) details.open = true;
    return details;
  }

  // Domains keep lists of steps or grids here: one item a line, objects as "key: value" pairs.
  function compact(value) {
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every(function (v) { return v === null || typeof v !== 'object'; })) return JSON.stringify(value);
    if (Array.isArray(value)) return value.map(function (item) {
      return item && typeof item === 'object' && !Array.isArray(item)
        ? Object.keys(item).map(function (k) { return k + ': ' + (typeof item[k] === 'string' ? item[k] : JSON.stringify(item[k])); }).join(' · ')
        : typeof item === 'string' ? item : JSON.stringify(item);
    }).join('\n');
    return JSON.stringify(value, null, 1);
  }

  function renderHidden(hidden) {
    var dl = el('dl');
    Object.keys(hidden).forEach(function (key) {
      var value = hidden[key];
      dl.appendChild(el('dt', { text: key }));
      dl.appendChild(el('dd', { text: compact(value) }));
    });
    return dl;
  }

  function openEpisode(id) {
    state.selected = id;
    writeHash();
    Array.prototype.forEach.call(document.querySelectorAll('#episode-list tbody tr'), function (tr) {
      tr.classList.toggle('selected', Number(tr.getAttribute('data-id')) === id);
    });
    var seq = ++detailSeq;
    return fetch('/api/episodes/' + id).then(function (r) { return r.json(); }).then(function (view) {
      if (seq !== detailSeq) return;
      var main = $('detail');
      main.textContent = '';
      if (view.error) { main.appendChild(el('p', { class: 'error', text: view.error })); return; }
      var e = view.episode;
      main.setAttribute('data-episode', String(e.id));
      main.appendChild(el('div', { class: 'ep-head' }, [
        el('h2', { text: 'Episode ' + e.id + ' · ' + e.taskId }),
        el('div', { class: 'meta' }, [el('span', { text: e.domain }), el('span', { class: 'badge cond', text: e.condition }), outcomeBadge(e),
          e.error ? el('span', { class: 'error', text: e.error }) : null]),
      ]));
      var panels = el('div', { class: 'panels' });
      panels.appendChild(el('section', { class: 'panel prompt-panel' }, [el('h3', { text: 'Task · seen by the student' }), el('pre', { text: view.task ? view.task.prompt : '(task not stored)' })]));
      if (view.hidden) {
        panels.appendChild(el('section', { class: 'panel hidden-panel' }, [el('h3', { text: 'Privileged · hidden from the student' }), renderHidden(view.hidden)]));
      }
      main.appendChild(panels);
      var diffsByTo = {};
      view.diffs.forEach(function (d) { diffsByTo[d.to] = d; });
      var dialogue = el('section', { class: 'dialogue' });
      e.turns.forEach(function (t) {
        if (t.turn.role === 'student' && diffsByTo[t.turn.attempt]) dialogue.appendChild(renderDiff(diffsByTo[t.turn.attempt]));
        dialogue.appendChild(renderTurn(t.turn));
      });
      main.appendChild(dialogue);
      main.scrollTop = 0;
    }).catch(function (err) { if (seq === detailSeq) $('detail').textContent = 'error: ' + err.message; });
  }

  var searchTimer = null;
  function onFilter() {
    state.domain = $('f-domain').value;
    state.condition = $('f-condition').value;
    state.outcome = $('f-outcome').value;
    state.solvedAt = $('f-solved').value;
    state.q = $('f-q').value.trim();
    state.offset = 0;
    writeHash();
    loadList();
  }
  ['f-domain', 'f-condition', 'f-outcome', 'f-solved'].forEach(function (id) { $(id).addEventListener('change', onFilter); });
  $('f-q').addEventListener('input', function () { clearTimeout(searchTimer); searchTimer = setTimeout(onFilter, 250); });
  $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(searchTimer); onFilter(); });
  $('prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE); writeHash(); loadList(); });
  $('next').addEventListener('click', function () { state.offset += PAGE; writeHash(); loadList(); });

  // Editing the address by hand (or following a link) re-applies the filters it names.
  window.addEventListener('hashchange', function () {
    readHash();
    $('f-domain').value = state.domain; $('f-condition').value = state.condition; $('f-outcome').value = state.outcome;
    $('f-solved').value = state.solvedAt; $('f-q').value = state.q;
    loadList().then(function () { if (state.selected) openEpisode(state.selected); });
  });

  readHash();
  loadRun().then(loadList).then(function () { if (state.selected) openEpisode(state.selected); });
})();
`;
