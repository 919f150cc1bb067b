// ReviewCadence dashboard. Page titles, change summaries and diffs come from the internet: every value
// from the API reaches the page as text (textContent, text nodes, attribute values), never as markup.
(() => {
  'use strict';

  const KEY_STORAGE = 'reviewcadence.functionKey';
  const STATUS_RANK = { 'needs-review': 0, overdue: 1, 'due-soon': 2, current: 3 };
  const STATUS_LABEL = { 'needs-review': 'Needs review', overdue: 'Overdue', 'due-soon': 'Due soon', current: 'Current' };
  const OUTCOME_LABEL = {
    new: 'New (baseline)', unchanged: 'Unchanged', changed: 'Changed', moved: 'Moved',
    broken: 'Broken', unreachable: 'Unreachable',
  };
  const FINDING_LABEL = { ...OUTCOME_LABEL, 'failed-review': 'Failed review' };
  // Most in need of a look first; a source never checked last.
  const OUTCOME_RANK = { broken: 0, moved: 1, changed: 2, unreachable: 3, new: 4, unchanged: 5 };
  const ATTENTION = new Set(['changed', 'moved', 'broken', 'unreachable']);
  // Check results listed behind a count rather than one by one.
  const COLLAPSED_OUTCOMES = ['unchanged', 'new'];

  /** Natural order: "Runbook 2" before "Runbook 10", case and accents aside. */
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const natural = (a, b) => collator.compare(a || '', b || '');

  const RUNBOOK_SORT = {
    title: { label: 'runbook', compare: (a, b) => natural(a.title, b.title) || natural(a.id, b.id) },
    status: { label: 'status', compare: (a, b) => rank(STATUS_RANK, a.status) - rank(STATUS_RANK, b.status) },
    owner: { label: 'owner', compare: (a, b) => natural(a.owner, b.owner) },
    lastReviewed: { label: 'last reviewed', compare: (a, b) => text(a.lastReviewed).localeCompare(text(b.lastReviewed)) },
    nextReviewDue: { label: 'next review due', compare: (a, b) => text(a.nextReviewDue).localeCompare(text(b.nextReviewDue)) },
    findings: { label: 'open findings', compare: (a, b) => (a.findings || []).length - (b.findings || []).length },
  };
  const SOURCE_SORT = {
    source: { label: 'source', compare: (a, b) => natural(a.title || a.id, b.title || b.id) || natural(a.id, b.id) },
    outcome: { label: 'last outcome', compare: (a, b) => rank(OUTCOME_RANK, a.lastOutcome) - rank(OUTCOME_RANK, b.lastOutcome) },
    httpStatus: { label: 'HTTP status', compare: (a, b) => (a.httpStatus ?? 0) - (b.httpStatus ?? 0) },
    lastChecked: { label: 'last checked', compare: (a, b) => text(a.lastChecked).localeCompare(text(b.lastChecked)) },
    lastChanged: { label: 'last changed', compare: (a, b) => text(a.lastChanged).localeCompare(text(b.lastChanged)) },
    failures: { label: 'consecutive failures', compare: (a, b) => (a.consecutiveFailures ?? 0) - (b.consecutiveFailures ?? 0) },
    citedBy: { label: 'cited by', compare: (a, b) => (a.citedBy || []).length - (b.citedBy || []).length },
  };

  const state = {
    runbooks: [],
    sources: [],
    lastCheck: null,
    runbookSort: { key: 'status', direction: 'ascending' },
    sourceSort: { key: 'outcome', direction: 'ascending' },
    detailId: null,
    sourceId: null,
    checking: false,
    reminding: false,
  };

  const $ = id => document.getElementById(id);

  // serve: the page is "/" and the API "/api/..."; Functions: the page is "<prefix>/dashboard" beside the API.
  const apiBase = (() => {
    const path = location.pathname.replace(/\/+$/, '');
    return path.endsWith('/dashboard') ? path.slice(0, -'dashboard'.length) : '/api/';
  })();

  function rank(table, key) { return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : 99; }
  function text(value) { return value || ''; }

  // --- building the page -----------------------------------------------------------------------

  /** Builds an element; strings become text nodes, never markup. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    return append(node, children);
  }

  /** Appends nodes and strings (as text), flattening nested lists and skipping null, undefined and false. */
  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /** Replaces a node's content. */
  function fill(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  /** A link only for absolute http(s) URLs; anything else is shown as plain text. */
  function safeLink(url, label) {
    let parsed = null;
    try { parsed = new URL(url); } catch { parsed = null; }
    if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      return el('a', { href: parsed.href, rel: 'noopener noreferrer', target: '_blank' }, label || url);
    }
    return el('span', {}, label && label !== url ? `${label} (${url})` : url);
  }

  /** A link to a place in this page (#runbook=ID, #source=ID…), which the router opens. */
  function pageLink(params, label, extra) {
    return el('a', { href: `#${new URLSearchParams(params)}`, class: 'page-link', ...extra }, label);
  }

  function badge(kind, labels) {
    const known = Object.prototype.hasOwnProperty.call(labels, kind);
    return el('span', { class: `badge badge-${known ? kind : 'unknown'}` }, known ? labels[kind] : (kind || 'Not checked yet'));
  }

  function pad(n) { return String(n).padStart(2, '0'); }

  function formatInstant(iso) {
    if (!iso) return null;
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
  }

  function timeElement(iso, empty, dateOnly) {
    if (!iso) return el('span', { class: 'muted' }, empty);
    return el('time', { datetime: iso }, dateOnly ? iso : formatInstant(iso));
  }

  function plural(count, one, many) { return `${count} ${count === 1 ? one : (many || one + 's')}`; }

  /** A table cell that a phone shows as a labelled line of a card. */
  function cell(label, ...children) { return el('td', { 'data-label': label }, el('div', { class: 'cell-value' }, children)); }

  /** Marks the active sort column (aria-sort and ▲/▼) of a table whose header buttons carry data-sort. */
  function markSort(table, sort) {
    for (const button of table.querySelectorAll('thead button[data-sort]')) {
      const th = button.closest('th');
      const active = button.dataset.sort === sort.key;
      if (active) th.setAttribute('aria-sort', sort.direction);
      else th.removeAttribute('aria-sort');
      button.querySelector('.sort-mark').textContent = active ? (sort.direction === 'ascending' ? '▲' : '▼') : '';
    }
  }

  function nextSort(sort, key) {
    return sort.key === key
      ? { key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
      : { key, direction: 'ascending' };
  }

  // --- status messages -------------------------------------------------------------------------
  // Each action says what happened in its own live region, next to where it happened: the page's loading
  // beside the buttons, a check in its panel, a review in the dialog, a sort in its view.

  const sayTimers = new Map();
  /** Says a message in one live region. */
  function say(region, message) {
    // Cleared first, so the same message said twice is announced twice.
    region.textContent = '';
    clearTimeout(sayTimers.get(region));
    sayTimers.set(region, setTimeout(() => { region.textContent = message; }, 50));
  }

  // --- the API ---------------------------------------------------------------------------------

  class KeyRejected extends Error {}

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers['x-functions-key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(apiBase + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin', cache: 'no-store',
      });
    } catch {
      return { status: 0, ok: false, json: null, error: 'The API could not be reached. Check the connection and try again.' };
    }
    if (response.status === 401) {
      // A late answer to a request sent before the current key was entered says nothing about that key.
      if (sessionStorage.getItem(KEY_STORAGE) === key) askForKey(Boolean(key));
      throw new KeyRejected();
    }
    const raw = await response.text();
    let json = null;
    try { json = raw ? JSON.parse(raw) : null; } catch { json = null; }
    return { status: response.status, ok: response.ok, json, headers: response.headers };
  }

  function problemText(result) {
    if (result.error) return result.error;
    const problem = result.json || {};
    const parts = [problem.title, problem.detail].filter(Boolean);
    return parts.length ? parts.join(': ') : `The API answered HTTP ${result.status}.`;
  }

  /** Runs a handler; a rejected key has already brought up the key form, so it ends quietly. */
  function guarded(handler, region) {
    return async event => {
      try {
        await handler(event);
      } catch (error) {
        if (error instanceof KeyRejected) return;
        say(region || $('status'), `Something went wrong: ${error.message}`);
        console.error(error);
      }
    };
  }

  // --- the function key ------------------------------------------------------------------------

  function askForKey(keyWasSent) {
    // The first load sends two requests; when neither had a key, the second refusal finds the form already
    // asking and must not clear what is being typed into it.
    if (!keyWasSent && !$('key-panel').hidden) return;
    sessionStorage.removeItem(KEY_STORAGE);
    for (const dialog of [$('detail'), $('source-detail')]) if (dialog.open) dialog.close();
    $('app').hidden = true;
    $('key-panel').hidden = false;
    const message = keyWasSent ? 'That key was not accepted. Enter the function key again.' : '';
    setFieldError('key-field', message);
    const input = $('key-field');
    input.value = '';
    input.focus();
    say($('key-status'), keyWasSent ? 'The function key was not accepted.' : 'Enter the function key to see the dashboard.');
  }

  async function submitKey(event) {
    event.preventDefault();
    const key = $('key-field').value.trim();
    // A header value can only carry visible ASCII; anything else cannot be a function key.
    const problem = !key ? 'Enter the function key.'
      : /[^\x21-\x7e]/.test(key) ? 'A function key has only letters, digits and punctuation, without spaces.' : '';
    if (problem) {
      setFieldError('key-field', problem);
      $('key-field').focus();
      return;
    }
    setFieldError('key-field', '');
    sessionStorage.setItem(KEY_STORAGE, key);
    if (await refresh()) {
      $('key-status').textContent = '';
      if (!await route()) $('runbooks-heading').focus();
    }
  }

  function setFieldError(fieldId, message) {
    const field = $(fieldId);
    const error = $(`${fieldId}-error`);
    error.textContent = message;
    error.hidden = !message;
    if (message) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  }

  // --- loading ---------------------------------------------------------------------------------

  /** Loads runbooks and sources; false when they could not be shown. */
  async function loadAll() {
    const [runbooks, sources] = await Promise.all([api('GET', 'runbooks'), api('GET', 'sources')]);
    if (!runbooks.ok || !sources.ok) {
      const message = `The dashboard could not load its data. ${problemText(runbooks.ok ? sources : runbooks)}`;
      say($('key-panel').hidden ? $('status') : $('key-status'), message);
      return false;
    }
    state.runbooks = runbooks.json.runbooks || [];
    state.sources = sources.json.sources || [];
    state.lastCheck = sources.json.lastCheck || null;
    // What the last load said is out of date now; refresh says it again.
    $('status').textContent = '';
    $('key-panel').hidden = true;
    $('app').hidden = false;
    renderLastCheck();
    renderOwners();
    renderRunbooks();
    renderSources();
    return true;
  }

  /** Loads everything and says what it found; false when it could not. */
  async function refresh() {
    if (!await loadAll()) return false;
    const needing = state.runbooks.filter(r => r.status === 'needs-review').length;
    say($('status'), `Loaded ${plural(state.runbooks.length, 'runbook')}; ${needing} need${needing === 1 ? 's' : ''} review.`);
    return true;
  }

  // --- the last check --------------------------------------------------------------------------

  function outcomeCounts(counts) {
    return Object.keys(OUTCOME_RANK)
      .filter(outcome => counts[outcome])
      .sort((a, b) => rank(OUTCOME_RANK, a) - rank(OUTCOME_RANK, b))
      .map(outcome => `${counts[outcome]} ${outcome}`)
      .join(', ');
  }

  function renderLastCheck() {
    const last = state.lastCheck;
    const line = $('last-check');
    if (!last) {
      fill(line, el('span', { class: 'badge badge-unknown' }, 'No check yet'), ' No check has run yet: run one to take the first baseline.');
      return;
    }
    const needing = last.needsReview || [];
    const counts = outcomeCounts(last.outcomes || {});
    line.dataset.conclusive = String(last.conclusive);
    fill(line,
      'Last check ', timeElement(last.startedAt, 'at an unknown time'), ': ',
      last.conclusive
        ? [el('span', { class: 'badge badge-pass' }, 'Finished'),
           ` ${plural(last.sourceCount, 'source')} checked${counts ? ` (${counts})` : ''}; `,
           needing.length ? `${plural(needing.length, 'runbook')} flagged for review.` : 'no runbook flagged.']
        : [el('span', { class: 'badge badge-fail' }, 'Inconclusive'),
           ` most of ${plural(last.sourceCount, 'source')} could not be reached, so nothing was flagged or counted.`]);
  }

  // --- runbook table ---------------------------------------------------------------------------

  function renderOwners() {
    const select = $('filter-owner');
    const chosen = select.value;
    const owners = [...new Set(state.runbooks.map(r => r.owner))].sort(natural);
    select.replaceChildren(el('option', { value: '' }, 'All owners'), ...owners.map(o => el('option', { value: o }, o)));
    select.value = owners.includes(chosen) ? chosen : '';
  }

  function compareRunbooks(a, b) {
    const sort = state.runbookSort;
    const order = RUNBOOK_SORT[sort.key].compare(a, b);
    return (sort.direction === 'descending' ? -order : order)
      || rank(STATUS_RANK, a.status) - rank(STATUS_RANK, b.status)
      || text(a.nextReviewDue).localeCompare(text(b.nextReviewDue))
      || natural(a.title, b.title);
  }

  function renderRunbooks() {
    const status = $('filter-status').value;
    const owner = $('filter-owner').value;
    const rows = state.runbooks
      .filter(r => (!status || r.status === status) && (!owner || r.owner === owner))
      .sort(compareRunbooks);
    $('runbooks-body').replaceChildren(...rows.map(runbookRow));
    $('runbooks-empty').hidden = rows.length > 0;
    markSort($('runbooks-table'), state.runbookSort);
    const sort = state.runbookSort;
    $('runbooks-caption').textContent =
      `Runbooks (${rows.length} of ${state.runbooks.length}), sorted by ${RUNBOOK_SORT[sort.key].label}, ${sort.direction}`
      + (sort.key === 'status' && sort.direction === 'ascending' ? ': most urgent first' : '');
  }

  /** The status badge, and "overdue N d" beside it when a runbook is overdue as well as needing review. */
  function statusBadges(runbook) {
    const alsoOverdue = runbook.overdue && runbook.status !== 'overdue';
    return [
      badge(runbook.status, STATUS_LABEL),
      alsoOverdue ? [' ', el('span', { class: 'badge badge-overdue also-overdue' },
        runbook.daysOverdue ? `Overdue ${runbook.daysOverdue} d` : 'Overdue')] : null,
    ];
  }

  function findingLine(finding) {
    return finding.source ? `${finding.source}: ${finding.kind}` : FINDING_LABEL[finding.kind] || finding.kind;
  }

  function runbookRow(runbook) {
    const findings = runbook.findings || [];
    return el('tr', { 'data-runbook': runbook.id },
      el('th', { scope: 'row' },
        el('button', {
          type: 'button', class: 'link-button', 'aria-haspopup': 'dialog',
          onclick: guarded(() => showRunbook(runbook.id)),
        }, runbook.title),
        el('span', { class: 'id' }, runbook.id)),
      cell('Status', statusBadges(runbook)),
      cell('Owner', runbook.owner),
      cell('Last reviewed', timeElement(runbook.lastReviewed, 'Never', true)),
      cell('Next review due', timeElement(runbook.nextReviewDue, 'Not scheduled', true)),
      cell('Open findings', findings.length === 0
        ? el('span', { class: 'muted' }, 'None')
        : [el('span', {}, plural(findings.length, 'finding')),
           el('ul', { class: 'plain-list' }, findings.map(f => el('li', {}, findingLine(f))))]));
  }

  function sortRunbooks(key) {
    state.runbookSort = nextSort(state.runbookSort, key);
    renderRunbooks();
    say($('runbooks-status'), $('runbooks-caption').textContent);
  }

  // --- sources table ---------------------------------------------------------------------------

  /** Sources whose id, title or URL contain every word of the search, with the chosen outcome. */
  function filteredSources() {
    const words = $('sources-search').value.toLowerCase().split(/\s+/).filter(Boolean);
    const outcome = $('sources-outcome').value;
    return state.sources.filter(source => {
      const haystack = [source.id, source.title, source.url, source.finalUrl].filter(Boolean).join('\n').toLowerCase();
      if (!words.every(word => haystack.includes(word))) return false;
      if (!outcome) return true;
      if (outcome === 'attention') return ATTENTION.has(source.lastOutcome);
      if (outcome === 'none') return !source.lastOutcome;
      return source.lastOutcome === outcome;
    });
  }

  function compareSources(a, b) {
    const sort = state.sourceSort;
    const order = SOURCE_SORT[sort.key].compare(a, b);
    return (sort.direction === 'descending' ? -order : order)
      || rank(OUTCOME_RANK, a.lastOutcome) - rank(OUTCOME_RANK, b.lastOutcome)
      || SOURCE_SORT.source.compare(a, b);
  }

  function renderSources() {
    const rows = filteredSources().sort(compareSources);
    $('sources-body').replaceChildren(...rows.map(sourceRow));
    $('sources-empty').hidden = rows.length > 0;
    markSort($('sources-table'), state.sourceSort);
    const sort = state.sourceSort;
    $('sources-caption').textContent =
      `Sources (${rows.length} of ${state.sources.length}), sorted by ${SOURCE_SORT[sort.key].label}, ${sort.direction}`
      + (sort.key === 'outcome' && sort.direction === 'ascending' ? ': most in need of a look first' : '');
  }

  /** A recorded change (not only a first fetch): the source has a diff worth opening. */
  function hasRecordedChange(source) {
    return Boolean(source.lastChangeSummary) || source.lastOutcome === 'changed';
  }

  function sourceRow(source) {
    // The outcome's detail of a change is the change summary (said once, in "Last change"), and "HTTP 404" is the HTTP column.
    const detail = source.detail && source.detail !== source.lastChangeSummary && source.detail !== `HTTP ${source.httpStatus}` ? source.detail : null;
    const links = [];
    if (hasRecordedChange(source)) links.push(pageLink({ source: source.id, diff: 'last' }, 'Diff', { 'aria-label': `Diff of ${source.id}` }));
    if (source.lastOutcome) links.push(pageLink({ source: source.id }, 'History', { 'aria-label': `History of ${source.id}` }));
    return el('tr', { 'data-source': source.id },
      el('th', { scope: 'row' },
        el('span', { class: 'source-title' }, source.title || source.id),
        source.title ? el('span', { class: 'id' }, source.id) : null,
        safeLink(source.url),
        source.finalUrl && source.finalUrl !== source.url ? el('span', { class: 'id' }, 'Now at ', safeLink(source.finalUrl)) : null),
      cell('Last outcome', badge(source.lastOutcome, OUTCOME_LABEL), detail ? el('span', { class: 'id outcome-detail' }, detail) : null),
      cell('HTTP status', source.httpStatus ?? el('span', { class: 'muted' }, 'None')),
      cell('Last checked', timeElement(source.lastChecked, 'Never')),
      cell('Last changed', timeElement(source.lastChanged, 'Never')),
      cell('Failures in a row', String(source.consecutiveFailures ?? 0)),
      cell('Cited by', (source.citedBy || []).length
        ? el('ul', { class: 'plain-list' }, source.citedBy.map(id => el('li', {}, pageLink({ runbook: id }, id))))
        : el('span', { class: 'muted' }, 'No runbook')),
      cell('Last change',
        el('span', { class: 'change-text' }, source.lastChangeSummary || el('span', { class: 'muted' }, 'No change recorded')),
        links.length ? el('span', { class: 'source-links' }, links.flatMap((link, i) => (i ? [' · ', link] : [link]))) : null));
  }

  function sortSources(key) {
    state.sourceSort = nextSort(state.sourceSort, key);
    renderSources();
    say($('sources-status'), $('sources-caption').textContent);
  }

  function filterSources() {
    renderSources();
    say($('sources-status'), $('sources-caption').textContent);
  }

  function showView(name) {
    const runbooks = name === 'runbooks';
    $('runbooks-view').hidden = !runbooks;
    $('sources-view').hidden = runbooks;
    $('show-runbooks').setAttribute('aria-pressed', String(runbooks));
    $('show-sources').setAttribute('aria-pressed', String(!runbooks));
  }

  // --- diffs -----------------------------------------------------------------------------------

  /** Words, runs of spaces and single punctuation marks: what a changed line is compared by. */
  function tokens(line) { return line.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) || []; }

  /**
   * Which words of a removed line and of the added line that replaced it differ (longest common subsequence
   * of their tokens). Returns the segments of each side as [text, changed]; null when the lines are too long
   * to compare cheaply (then the whole lines stand as changed).
   */
  function wordChanges(before, after) {
    const a = tokens(before);
    const b = tokens(after);
    if (a.length * b.length > 250000) return null;
    const width = b.length + 1;
    const lengths = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lengths[i * width + j] = a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
      }
    }
    const keptA = new Array(a.length).fill(false);
    const keptB = new Array(b.length).fill(false);
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] === b[j]) { keptA[i++] = true; keptB[j++] = true; }
      else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
      else j++;
    }
    return { before: segments(a, keptA), after: segments(b, keptB) };
  }

  /**
   * Joins tokens into runs of kept and changed text. Spaces count as changed only between two changed words
   * (which space of a line the comparison kept is arbitrary), so a highlight never starts or ends with a space.
   */
  function segments(parts, kept) {
    const words = parts.map((part, i) => !kept[i]);
    const changed = parts.map((part, i) => (/^\s+$/.test(part)
      ? i > 0 && i < parts.length - 1 && words[i - 1] && words[i + 1]
      : words[i]));
    const runs = [];
    parts.forEach((part, i) => {
      const last = runs[runs.length - 1];
      if (last && last[1] === changed[i]) last[0] += part;
      else runs.push([part, changed[i]]);
    });
    return runs;
  }

  /** Pairs each run of removed lines with the added lines right after it, line by line, for word highlights. */
  function pairChangedLines(lines) {
    const words = new Map();
    for (let i = 0; i < lines.length;) {
      if (lines[i].kind !== 'removed') { i++; continue; }
      const removedStart = i;
      while (i < lines.length && lines[i].kind === 'removed') i++;
      const addedStart = i;
      while (i < lines.length && lines[i].kind === 'added') i++;
      const pairs = Math.min(addedStart - removedStart, i - addedStart);
      for (let k = 0; k < pairs; k++) {
        const changes = wordChanges(lines[removedStart + k].text, lines[addedStart + k].text);
        if (!changes) continue;
        words.set(lines[removedStart + k], changes.before);
        words.set(lines[addedStart + k], changes.after);
      }
    }
    return words;
  }

  /**
   * A diff as the API gives it (diff --json). caption names it (for assistive technology, and the stats line
   * unless lead is given); the stats line says how many lines it touched.
   */
  function diffView(diff, caption, emptyText, lead) {
    const hunks = (diff.hunks && diff.hunks.hunks) || [];
    if (!diff.hasChange || hunks.length === 0) {
      return el('p', { class: 'muted no-diff' }, emptyText || 'No content change is recorded for this source (nothing to compare).');
    }
    const added = diff.hunks.linesAdded;
    const removed = diff.hunks.linesRemoved;
    return el('section', { class: 'diff', 'aria-label': caption },
      el('p', { class: 'diff-stats' }, `${lead || caption}: ${plural(added, 'line')} added, ${plural(removed, 'line')} removed. Changed words are highlighted.`),
      hunks.map(hunk => {
        const words = pairChangedLines(hunk.lines);
        return [
          el('div', { class: 'hunk-head' }, `Lines ${hunk.oldStart}–${hunk.oldStart + Math.max(hunk.oldCount - 1, 0)} before, ${hunk.newStart}–${hunk.newStart + Math.max(hunk.newCount - 1, 0)} after`),
          el('ol', { class: 'diff-lines' }, hunk.lines.map(line => diffLine(line, words.get(line)))),
        ];
      }));
  }

  function diffLine(line, words) {
    const kind = line.kind === 'added' || line.kind === 'removed' ? line.kind : 'context';
    const sign = kind === 'added' ? '+' : kind === 'removed' ? '-' : ' ';
    const spoken = kind === 'added' ? 'Added: ' : kind === 'removed' ? 'Removed: ' : '';
    const content = words
      ? words.map(([part, changed]) => (changed ? el('mark', { class: 'word' }, part) : part))
      : line.text;
    return el('li', { class: `diff-line ${kind}` },
      el('span', { class: 'diff-sign', 'aria-hidden': 'true' }, sign),
      spoken ? el('span', { class: 'sr-only' }, spoken) : null,
      el('span', { class: 'diff-text' }, content));
  }

  // --- runbook detail --------------------------------------------------------------------------

  /** Opens a runbook from the page (a row, a link): the address says which, so it can be shared or reloaded. */
  async function showRunbook(id) {
    history.replaceState(null, '', `#${new URLSearchParams({ runbook: id })}`);
    await openDetail(id);
  }

  async function openDetail(id) {
    state.detailId = id;
    $('detail-title').textContent = 'Loading…';
    fill($('detail-body'), el('p', {}, 'Loading the runbook…'));
    $('review').hidden = false;
    $('detail-status').textContent = '';
    resetReviewForm();
    const dialog = $('detail');
    if (!dialog.open) dialog.showModal();
    await renderDetail();
  }

  async function renderDetail() {
    const id = state.detailId;
    const result = await api('GET', `runbooks/${encodeURIComponent(id)}`);
    if (state.detailId !== id) return;
    if (!result.ok) {
      $('detail-title').textContent = id;
      $('review').hidden = result.status === 404;
      fill($('detail-body'), el('p', { class: 'field-error' }, problemText(result)));
      return;
    }
    const runbook = result.json;
    const findings = runbook.findings || [];
    const diffs = await Promise.all(findings.map(f => (f.source ? api('GET', `sources/${encodeURIComponent(f.source)}/diff`) : null)));
    if (state.detailId !== id) return;

    $('detail-title').textContent = runbook.title;
    fill($('detail-body'),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Runbook'), el('dd', {}, runbook.id),
        el('dt', {}, 'Status'), el('dd', {}, statusBadges(runbook)),
        el('dt', {}, 'Owner'), el('dd', {}, runbook.owner),
        el('dt', {}, 'Last reviewed'), el('dd', {}, timeElement(runbook.lastReviewed, 'Never', true)),
        el('dt', {}, 'Next review due'), el('dd', {}, timeElement(runbook.nextReviewDue, 'Not scheduled', true)),
        el('dt', {}, 'Document'), el('dd', {}, runbook.document ? safeLink(runbook.document) : el('span', { class: 'muted' }, 'None given'))),
      el('h3', {}, `Open findings (${findings.length})`),
      findings.length === 0
        ? el('p', {}, 'No open findings: no source changed, moved or broke since the last review.')
        : findings.map((finding, i) => findingBlock(finding, diffs[i])),
      el('h3', {}, 'Review history'),
      reviewHistory(runbook.reviews || []));
  }

  function findingBlock(finding, diff) {
    if (!finding.source) {
      // A failed review: no source to compare, the reviewer's notes say what is wrong.
      return el('article', { class: 'finding', 'data-finding': finding.kind },
        el('h4', {}, badge(finding.kind, FINDING_LABEL)),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Recorded'), el('dd', {}, timeElement(finding.detectedAt, 'Unknown')),
          el('dt', {}, 'Notes'), el('dd', { class: 'finding-detail' }, finding.detail || el('span', { class: 'muted' }, 'None'))));
    }
    const summary = diff && diff.ok ? diff.json.summary : null;
    // The detail of a change is usually its summary: said once.
    const detail = finding.detail || summary;
    return el('article', { class: 'finding', 'data-finding': finding.source },
      el('h4', {}, `${finding.source}: `, badge(finding.kind, FINDING_LABEL)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Source'), el('dd', {}, safeLink(finding.url)),
        el('dt', {}, 'Detected'), el('dd', {}, timeElement(finding.detectedAt, 'Unknown')),
        el('dt', {}, 'What changed'), el('dd', { class: 'finding-detail' }, detail || el('span', { class: 'muted' }, 'No detail recorded')),
        summary && summary !== detail ? [el('dt', {}, 'Last change'), el('dd', { class: 'change-summary' }, summary)] : null),
      sectionView(finding),
      !diff || !diff.ok
        ? el('p', { class: 'field-error' }, `The change of ${finding.source} could not be loaded. ${diff ? problemText(diff) : ''}`)
        : diffView(diff.json, `Last change of this source, ${formatInstant(diff.json.changedAt) || 'date unknown'}`),
      el('p', { class: 'source-links' }, pageLink({ source: finding.source }, `History of ${finding.source}`)));
  }

  /** What a finding says about the section the runbook cites: which one, claims gone, the section's change quoted. */
  function sectionView(finding) {
    if (!finding.section) return null;
    const removed = finding.removed || [];
    const added = finding.added || [];
    const claims = finding.claims || [];
    return el('section', { class: 'cited-section', 'aria-label': `Cited section ${finding.section}` },
      el('p', {}, 'Cited section: ', el('strong', { class: 'section-name' }, finding.section),
        finding.sectionMissing ? el('span', { class: 'section-missing' }, ' is no longer on the page') : null),
      claims.length > 0
        ? el('div', { class: 'missing-claims' }, el('p', {}, 'Claims no longer found:'), el('ul', {}, claims.map(c => el('li', {}, c))))
        : null,
      finding.sectionMissing && finding.headings
        ? el('p', { class: 'headings-now' }, 'Headings on the page now: ', finding.headings.join(' · ') || 'none')
        : null,
      removed.length + added.length > 0
        ? [el('p', {}, 'What changed in the section since the last review:'),
           el('ol', { class: 'diff-lines section-quote' },
             removed.map(text => diffLine({ kind: 'removed', text })),
             added.map(text => diffLine({ kind: 'added', text })))]
        : null);
  }

  function reviewHistory(reviews) {
    if (reviews.length === 0) return el('p', {}, 'No review recorded yet.');
    const newestFirst = [...reviews].sort((a, b) => text(b.reviewedAt).localeCompare(text(a.reviewedAt)));
    return el('div', { class: 'table-scroll', role: 'region', 'aria-label': 'Review history', tabindex: '0' },
      el('table', { class: 'history cards' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'Reviewer'),
          el('th', { scope: 'col' }, 'Result'), el('th', { scope: 'col' }, 'Notes'))),
        el('tbody', {}, newestFirst.map(review => el('tr', {},
          cell('When', timeElement(review.reviewedAt, 'Unknown')),
          cell('Reviewer', review.reviewer),
          cell('Result', badge(review.result, { pass: 'Pass', fail: 'Fail' })),
          cell('Notes', review.notes || el('span', { class: 'muted' }, 'None')))))));
  }

  function resetReviewForm() {
    $('review-form').reset();
    clearReviewErrors();
  }

  function clearReviewErrors() {
    for (const field of ['review-reviewer', 'review-result', 'review-notes']) setFieldError(field, '');
    $('review-form-error').hidden = true;
    $('review-form-error').textContent = '';
  }

  async function submitReview(event) {
    event.preventDefault();
    const form = $('review-form');
    const submit = $('review-submit');
    if (submit.getAttribute('aria-disabled') === 'true') return;
    clearReviewErrors();
    const id = state.detailId;
    const review = {
      reviewer: $('review-reviewer').value,
      result: form.elements.result.value,
      notes: $('review-notes').value,
    };
    submit.setAttribute('aria-disabled', 'true');
    try {
      const result = await api('POST', `runbooks/${encodeURIComponent(id)}/reviews`, review);
      if (result.status === 201) {
        const status = result.json.runbook ? STATUS_LABEL[result.json.runbook.status] || result.json.runbook.status : 'recorded';
        form.reset();
        await Promise.all([loadAll(), renderDetail()]);
        say($('detail-status'), `Review recorded for ${id}: it is now ${status.toLowerCase()}.`);
        return;
      }
      const errors = (result.json && result.json.errors) || {};
      const messages = [];
      let first = null;
      for (const [field, message] of Object.entries(errors)) {
        messages.push(message);
        if ($(`review-${field}`) && $(`review-${field}-error`)) {
          setFieldError(`review-${field}`, message);
          first = first || $(`review-${field}`);
        }
      }
      if (!first) {
        $('review-form-error').textContent = messages.length ? messages.join(' ') : problemText(result);
        $('review-form-error').hidden = false;
      }
      (first && first.tagName === 'FIELDSET' ? first.querySelector('input') : first || $('review-reviewer')).focus();
      say($('detail-status'), `The review was not recorded: ${messages.length ? messages.join(' ') : problemText(result)}`);
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  }

  function closeDetail() {
    // The close event comes a moment after the dialog closed: a link followed meanwhile may have reopened it.
    if ($('detail').open) return;
    const id = state.detailId;
    state.detailId = null;
    clearAddress('runbook', id);
    // Back to the row's button (the table may have been redrawn meanwhile).
    const row = id && document.querySelector(`#runbooks-body tr[data-runbook="${CSS.escape(id)}"] button`);
    if (row) row.focus();
  }

  // --- source detail: history and diffs between any two versions -------------------------------

  let sourceOpener = null;

  /**
   * Opens a source's history, and the diff asked for: null (none), { last: true } (the last change) or
   * { from, to } (two versions).
   */
  async function openSource(id, wanted) {
    const dialog = $('source-detail');
    if (!dialog.open) {
      sourceOpener = document.activeElement;
      dialog.showModal();
    }
    if (state.sourceId !== id) {
      state.sourceId = id;
      const source = state.sources.find(s => s.id === id);
      $('source-title').textContent = source ? source.title || source.id : id;
      fill($('source-body'), el('p', {}, 'Loading the history…'));
      fill($('source-diff'));
      $('compare').hidden = true;
      $('source-status').textContent = '';
      await renderSourceHistory(id, source);
    }
    if (state.sourceId === id) await showSourceDiff(id, wanted);
  }

  async function renderSourceHistory(id, source) {
    const result = await api('GET', `sources/${encodeURIComponent(id)}/history`);
    if (state.sourceId !== id) return;
    const facts = el('dl', { class: 'facts' },
      el('dt', {}, 'Source'), el('dd', {}, id),
      source ? [el('dt', {}, 'URL'), el('dd', {}, safeLink(source.url))] : null,
      source ? [el('dt', {}, 'Last outcome'), el('dd', {}, badge(source.lastOutcome, OUTCOME_LABEL))] : null,
      source && (source.citedBy || []).length
        ? [el('dt', {}, 'Cited by'), el('dd', {}, source.citedBy.map((r, i) => [i ? ', ' : '', pageLink({ runbook: r }, r)]))] : null);
    if (!result.ok) {
      fill($('source-body'), facts, el('p', { class: 'field-error' }, `The history of ${id} could not be loaded. ${problemText(result)}`));
      return;
    }
    const versions = result.json.versions || [];
    fill($('source-body'), facts,
      el('h3', {}, `Versions kept (${versions.length})`),
      versions.length === 0
        ? el('p', {}, 'No version yet: the source has not been fetched successfully.')
        : versionTable(id, versions));
    fillCompare(versions);
  }

  function versionTable(id, versions) {
    // Versions arrive newest first; each but the oldest kept links to its change from the one before it.
    return el('div', { class: 'table-scroll', role: 'region', 'aria-label': `Versions of ${id}`, tabindex: '0' },
      el('table', { class: 'versions cards' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Version'), el('th', { scope: 'col' }, 'First seen'),
          el('th', { scope: 'col' }, 'Last seen'), el('th', { scope: 'col' }, 'Change'))),
        el('tbody', {}, versions.map((version, i) => {
          const previous = versions[i + 1];
          return el('tr', { 'data-version': version.version },
            el('th', { scope: 'row' }, `Version ${version.version}`),
            cell('First seen', timeElement(version.firstSeen, 'Unknown')),
            cell('Last seen', timeElement(version.lastSeen, 'Unknown')),
            cell('Change',
              el('span', { class: 'change-text' }, version.summary || el('span', { class: 'muted' }, previous ? 'No summary' : 'First version kept')),
              previous ? [' ', pageLink({ source: id, from: previous.version, to: version.version }, `Diff ${previous.version} → ${version.version}`)] : null));
        }))));
  }

  function fillCompare(versions) {
    $('compare').hidden = versions.length < 2;
    if (versions.length < 2) return;
    const options = () => versions.map(v => el('option', { value: v.version }, `Version ${v.version} (${formatInstant(v.firstSeen) || 'unknown'})`));
    $('compare-from').replaceChildren(...options());
    $('compare-to').replaceChildren(...options());
    $('compare-to').value = String(versions[0].version);
    $('compare-from').value = String(versions[1].version);
  }

  async function showSourceDiff(id, wanted) {
    const target = $('source-diff');
    if (!wanted) {
      fill(target);
      return;
    }
    fill(target, el('p', {}, 'Loading the diff…'));
    const query = wanted.last ? '' : `?${new URLSearchParams({ from: wanted.from, to: wanted.to })}`;
    const result = await api('GET', `sources/${encodeURIComponent(id)}/diff${query}`);
    if (state.sourceId !== id) return;
    if (!result.ok) {
      fill(target);
      say($('source-status'), `The diff could not be loaded. ${problemText(result)}`);
      return;
    }
    const diff = result.json;
    if (diff.fromVersion != null && diff.toVersion != null) {
      $('compare-from').value = String(diff.fromVersion);
      $('compare-to').value = String(diff.toVersion);
    }
    const which = diff.fromVersion != null && diff.toVersion != null
      ? `Version ${diff.fromVersion} → version ${diff.toVersion}`
      : 'The last change';
    const caption = `${which}${diff.changedAt ? `, ${formatInstant(diff.changedAt)}` : ''}`;
    fill(target,
      el('h3', { id: 'source-diff-heading', tabindex: '-1' }, which),
      diff.summary ? el('p', { class: 'change-summary' }, diff.summary) : null,
      diffView(diff, caption, !wanted.last && String(wanted.from) === String(wanted.to)
        ? 'These are the same version: nothing to compare.'
        : 'No content change between these versions.',
      diff.changedAt ? `Seen first ${formatInstant(diff.changedAt)}` : 'Compared'));
    say($('source-status'), `Showing ${which.toLowerCase()} of ${id}.`);
  }

  async function submitCompare(event) {
    event.preventDefault();
    const id = state.sourceId;
    const from = $('compare-from').value;
    const to = $('compare-to').value;
    history.replaceState(null, '', `#${new URLSearchParams({ source: id, from, to })}`);
    await showSourceDiff(id, { from, to });
  }

  function closeSource() {
    if ($('source-detail').open) return;
    const id = state.sourceId;
    state.sourceId = null;
    clearAddress('source', id);
    if (sourceOpener && sourceOpener.isConnected) sourceOpener.focus();
    sourceOpener = null;
  }

  // --- the address: #runbook=ID (reminders link there), #source=ID[&from=A&to=B | &diff=last] ----

  /** Opens what the address names; true when it named something. */
  async function route() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has('runbook')) {
      await openDetail(params.get('runbook'));
      $('detail-title').focus();
      return true;
    }
    if (params.has('source')) {
      const wanted = params.has('from') && params.has('to') ? { from: params.get('from'), to: params.get('to') }
        : params.get('diff') === 'last' ? { last: true } : null;
      await openSource(params.get('source'), wanted);
      return true;
    }
    return false;
  }

  /** Takes a closed dialog's runbook or source off the address, unless the address names another one by now. */
  function clearAddress(part, id) {
    if (id !== null && new URLSearchParams(location.hash.slice(1)).get(part) === id) {
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  // --- check now -------------------------------------------------------------------------------

  /** How often a check running in the background (202) is asked for its state. */
  const CHECK_POLL_MS = 1000;

  async function runCheck() {
    const button = $('run-check');
    if (state.checking) return;
    state.checking = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Checking…';
    $('check-panel').hidden = false;
    $('check-progress').hidden = false;
    fill($('check-body'), el('p', {}, 'Checking every source. This can take a while on a large catalog.'));
    say($('check-status'), 'Check started: checking every source…');
    try {
      let result = await api('POST', 'checks');
      if (result.status === 202) result = await followCheck(result);
      if (result.status === 409) {
        fill($('check-body'));
        say($('check-status'), 'A check is already running. Wait for it to finish, then refresh.');
        return;
      }
      if (!result.ok || (result.json && result.json.state === 'abandoned')) {
        fill($('check-body'));
        say($('check-status'), `The check did not run. ${result.ok ? result.json.detail : problemText(result)}`);
        return;
      }
      showCheckReport(result.json);
      await loadAll();
    } finally {
      state.checking = false;
      $('check-progress').hidden = true;
      button.removeAttribute('aria-disabled');
      button.textContent = 'Run a check now';
    }
  }

  /** A large catalog's check runs in the background (202 Accepted): polls its Location until the run is over. */
  async function followCheck(accepted) {
    const where = (accepted.headers && accepted.headers.get('Location')) || `checks/${encodeURIComponent(accepted.json.runId)}`;
    const path = where.replace(/^.*?\/api\//, '');
    say($('check-status'), 'Check started in the background: checking every source…');
    for (;;) {
      await new Promise(resolve => setTimeout(resolve, CHECK_POLL_MS));
      const result = await api('GET', path);
      if (!result.ok || !result.json || result.json.state !== 'running') return result;
    }
  }

  /** A run's report: what needs a look listed, unchanged and new sources behind their counts. */
  function showCheckReport(report) {
    const sources = report.sources || [];
    const listed = sources.filter(s => !COLLAPSED_OUTCOMES.includes(s.outcome))
      .sort((a, b) => rank(OUTCOME_RANK, a.outcome) - rank(OUTCOME_RANK, b.outcome) || natural(a.id, b.id));
    const item = s => el('li', { 'data-source': s.id },
      `${s.id}: `, badge(s.outcome, OUTCOME_LABEL),
      s.httpStatus ? ` HTTP ${s.httpStatus}` : '',
      s.detail && s.detail !== `HTTP ${s.httpStatus}` ? ` (${s.detail})` : '');
    fill($('check-body'),
      listed.length ? el('ul', { class: 'plain-list check-listed' }, listed.map(item)) : null,
      COLLAPSED_OUTCOMES.map(outcome => {
        const these = sources.filter(s => s.outcome === outcome);
        return these.length === 0 ? null : el('details', { class: `check-collapsed check-${outcome}` },
          el('summary', {}, `${plural(these.length, `${outcome} source`)}`),
          el('ul', { class: 'plain-list' }, these.sort((a, b) => natural(a.id, b.id)).map(item)));
      }));
    say($('check-status'), checkSummary(report));
  }

  function checkSummary(report) {
    const sources = report.sources || [];
    const counts = {};
    for (const s of sources) counts[s.outcome] = (counts[s.outcome] || 0) + 1;
    const outcomes = Object.entries(counts)
      .sort(([a], [b]) => rank(OUTCOME_RANK, a) - rank(OUTCOME_RANK, b))
      .map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    const flagged = (report.runbooks || []).filter(r => r.status === 'needs-review').map(r => r.id).sort(natural);
    const head = report.conclusive === false
      ? `Check inconclusive: most sources could not be reached, so nothing was flagged. ${plural(sources.length, 'source')} checked.`
      : `Check finished: ${plural(sources.length, 'source')} checked${outcomes ? ` (${outcomes})` : ''}.`;
    return `${head} ${flagged.length ? `Needs review: ${flagged.join(', ')}.` : 'No runbook needs review.'}`;
  }

  // --- reminders -------------------------------------------------------------------------------

  async function remind(dryRun) {
    if (state.reminding) return;
    state.reminding = true;
    const send = $('send-reminders');
    const preview = $('preview-reminders');
    const status = $('reminder-status');
    for (const b of [send, preview]) b.setAttribute('aria-disabled', 'true');
    $('reminder-panel').hidden = false;
    if (dryRun) send.hidden = true;
    fill($('reminder-body'));
    say(status, dryRun ? 'Preparing a preview: nothing is sent yet…' : 'Sending reminders…');
    try {
      const result = await api('POST', `reminders?dryRun=${dryRun}`);
      if (result.status === 409) {
        send.hidden = true;
        say(status, 'Reminders are already being sent. Try again in a moment.');
        return;
      }
      if (!result.ok) {
        send.hidden = true;
        say(status, `Reminders did not run. ${problemText(result)}`);
        return;
      }
      const report = result.json;
      const sent = report.sent || [];
      const failed = report.failed || [];
      const head = dryRun
        ? (sent.length ? `Preview: ${plural(sent.length, 'reminder')} would be sent. Nothing has been sent yet.` : 'Preview: no reminder is due now. Nothing would be sent.')
        : `Sent ${plural(sent.length, 'reminder')}${failed.length ? `; ${failed.length} failed` : ''}.`;
      fill($('reminder-body'),
        sent.length ? el('ul', { class: 'plain-list reminder-sent' }, sent.map(s => el('li', {},
          `${s.owner} by ${s.channel}${s.escalation ? ' (escalation)' : ''}: ${(s.runbooks || []).join(', ')}`))) : null,
        failed.length ? [
          el('h3', {}, dryRun ? 'Would fail' : 'Failed'),
          el('ul', { class: 'plain-list reminder-failed' }, failed.map(f => el('li', {}, `${f.owner} by ${f.channel}: ${f.error}`))),
        ] : null);
      send.hidden = !dryRun || sent.length === 0;
      if (!send.hidden) send.textContent = `Send ${plural(sent.length, 'reminder')}`;
      say(status, head);
      $('reminder-heading').focus();
      if (!dryRun) await loadAll();
    } finally {
      state.reminding = false;
      for (const b of [send, preview]) b.removeAttribute('aria-disabled');
    }
  }

  // --- wiring ----------------------------------------------------------------------------------

  $('key-form').addEventListener('submit', guarded(submitKey, $('key-status')));
  $('run-check').addEventListener('click', guarded(runCheck, $('check-status')));
  $('close-check').addEventListener('click', () => {
    $('check-panel').hidden = true;
    $('run-check').focus();
  });
  $('preview-reminders').addEventListener('click', guarded(() => remind(true), $('reminder-status')));
  $('send-reminders').addEventListener('click', guarded(() => remind(false), $('reminder-status')));
  $('close-reminders').addEventListener('click', () => {
    $('reminder-panel').hidden = true;
    $('preview-reminders').focus();
  });
  $('refresh').addEventListener('click', guarded(refresh));
  $('filter-status').addEventListener('change', renderRunbooks);
  $('filter-owner').addEventListener('change', renderRunbooks);
  for (const button of document.querySelectorAll('#runbooks-table thead button[data-sort]')) {
    button.addEventListener('click', () => sortRunbooks(button.dataset.sort));
  }
  $('sources-search').addEventListener('input', filterSources);
  $('sources-outcome').addEventListener('change', filterSources);
  for (const button of document.querySelectorAll('#sources-table thead button[data-sort]')) {
    button.addEventListener('click', () => sortSources(button.dataset.sort));
  }
  $('show-runbooks').addEventListener('click', () => showView('runbooks'));
  $('show-sources').addEventListener('click', () => showView('sources'));
  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail').addEventListener('close', closeDetail);
  $('review-form').addEventListener('submit', guarded(submitReview, $('detail-status')));
  $('source-close').addEventListener('click', () => $('source-detail').close());
  $('source-detail').addEventListener('close', closeSource);
  $('compare-form').addEventListener('submit', guarded(submitCompare, $('source-status')));
  // Back to an address naming nothing (the browser's Back button) closes what a link had opened.
  window.addEventListener('hashchange', guarded(async () => {
    if (await route()) return;
    for (const dialog of [$('source-detail'), $('detail')]) if (dialog.open) dialog.close();
  }));

  guarded(async () => { if (await refresh()) await route(); })();
})();
