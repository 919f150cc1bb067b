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
  const SORT_KEYS = {
    title: r => r.title.toLowerCase(),
    status: r => STATUS_RANK[r.status] ?? 9,
    owner: r => r.owner.toLowerCase(),
    lastReviewed: r => r.lastReviewed || '',
    nextReviewDue: r => r.nextReviewDue || '',
    findings: r => r.findings.length,
  };

  const state = {
    runbooks: [],
    sources: [],
    sort: { key: 'status', direction: 'ascending' },
    detailId: null,
    checking: false,
    reminding: false,
  };

  const $ = id => document.getElementById(id);

  // serve: the page is "/" and the API "/api/..."; Functions: the page is "<prefix>/dashboard" beside the API.
  const apiBase = (() => {
    const path = location.pathname.replace(/\/+$/, '');
    return path.endsWith('/dashboard') ? path.slice(0, -'dashboard'.length) : '/api/';
  })();

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
  function safeLink(url, text) {
    let parsed = null;
    try { parsed = new URL(url); } catch { parsed = null; }
    if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) {
      return el('a', { href: parsed.href, rel: 'noopener noreferrer', target: '_blank' }, text || url);
    }
    return el('span', {}, text && text !== url ? `${text} (${url})` : url);
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

  // --- status messages -------------------------------------------------------------------------

  let announceTimer = 0;
  /** Says a message in the page's live region, and in the dialog's while it is open (the page is inert then). */
  function announce(message) {
    const regions = [$('status'), $('detail-status')];
    // Cleared first, so the same message said twice is announced twice.
    for (const region of regions) region.textContent = '';
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { for (const region of regions) region.textContent = message; }, 50);
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
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: response.status, ok: response.ok, json };
  }

  function problemText(result) {
    if (result.error) return result.error;
    const problem = result.json || {};
    const parts = [problem.title, problem.detail].filter(Boolean);
    return parts.length ? parts.join(': ') : `The API answered HTTP ${result.status}.`;
  }

  /** Runs a handler; a rejected key has already brought up the key form, so it ends quietly. */
  function guarded(handler) {
    return async event => {
      try {
        await handler(event);
      } catch (error) {
        if (error instanceof KeyRejected) return;
        announce(`Something went wrong: ${error.message}`);
        console.error(error);
      }
    };
  }

  // --- the function key ------------------------------------------------------------------------

  function askForKey(keyWasSent) {
    sessionStorage.removeItem(KEY_STORAGE);
    const dialog = $('detail');
    if (dialog.open) dialog.close();
    $('app').hidden = true;
    $('key-panel').hidden = false;
    const message = keyWasSent ? 'That key was not accepted. Enter the function key again.' : '';
    setFieldError('key-field', message);
    const input = $('key-field');
    input.value = '';
    input.focus();
    announce(keyWasSent ? 'The function key was not accepted.' : 'Enter the function key to see the dashboard.');
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
    if (await refresh()) $('runbooks-heading').focus();
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
      announce(`The dashboard could not load its data. ${problemText(runbooks.ok ? sources : runbooks)}`);
      return false;
    }
    state.runbooks = runbooks.json.runbooks || [];
    state.sources = sources.json.sources || [];
    $('key-panel').hidden = true;
    $('app').hidden = false;
    renderOwners();
    renderRunbooks();
    renderSources();
    return true;
  }

  /** Loads everything and says what it found; false when it could not. */
  async function refresh() {
    if (!await loadAll()) return false;
    const needing = state.runbooks.filter(r => r.status === 'needs-review').length;
    announce(`Loaded ${plural(state.runbooks.length, 'runbook')}; ${needing} need${needing === 1 ? 's' : ''} review.`);
    return true;
  }

  // --- runbook table ---------------------------------------------------------------------------

  function renderOwners() {
    const select = $('filter-owner');
    const chosen = select.value;
    const owners = [...new Set(state.runbooks.map(r => r.owner))].sort();
    select.replaceChildren(el('option', { value: '' }, 'All owners'), ...owners.map(o => el('option', { value: o }, o)));
    select.value = owners.includes(chosen) ? chosen : '';
  }

  function compareRunbooks(a, b) {
    const key = SORT_KEYS[state.sort.key];
    const x = key(a);
    const y = key(b);
    let order = x < y ? -1 : x > y ? 1 : 0;
    if (state.sort.direction === 'descending') order = -order;
    return order
      || (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9)
      || (a.nextReviewDue || '').localeCompare(b.nextReviewDue || '')
      || a.title.localeCompare(b.title);
  }

  function renderRunbooks() {
    const status = $('filter-status').value;
    const owner = $('filter-owner').value;
    const rows = state.runbooks
      .filter(r => (!status || r.status === status) && (!owner || r.owner === owner))
      .sort(compareRunbooks);
    $('runbooks-body').replaceChildren(...rows.map(runbookRow));
    $('runbooks-empty').hidden = rows.length > 0;

    for (const button of document.querySelectorAll('#runbooks-table thead button[data-sort]')) {
      const th = button.closest('th');
      const active = button.dataset.sort === state.sort.key;
      if (active) th.setAttribute('aria-sort', state.sort.direction);
      else th.removeAttribute('aria-sort');
      button.querySelector('.sort-mark').textContent = active ? (state.sort.direction === 'ascending' ? '▲' : '▼') : '';
    }
    const column = document.querySelector(`#runbooks-table button[data-sort="${state.sort.key}"]`).firstChild.textContent;
    $('runbooks-caption').textContent =
      `Runbooks (${rows.length} of ${state.runbooks.length}), sorted by ${column.toLowerCase()}, ${state.sort.direction}`
      + (state.sort.key === 'status' && state.sort.direction === 'ascending' ? ': most urgent first' : '');
  }

  function runbookRow(runbook) {
    const findings = runbook.findings || [];
    return el('tr', { 'data-runbook': runbook.id },
      el('th', { scope: 'row' },
        el('button', {
          type: 'button', class: 'link-button', 'aria-haspopup': 'dialog',
          onclick: guarded(() => openDetail(runbook.id)),
        }, runbook.title),
        el('span', { class: 'id' }, runbook.id)),
      el('td', {}, badge(runbook.status, STATUS_LABEL)),
      el('td', {}, runbook.owner),
      el('td', {}, timeElement(runbook.lastReviewed, 'Never', true)),
      el('td', {}, timeElement(runbook.nextReviewDue, 'Not scheduled', true)),
      el('td', {}, findings.length === 0
        ? el('span', { class: 'muted' }, 'None')
        : [el('span', {}, plural(findings.length, 'finding')),
           el('ul', { class: 'plain-list' }, findings.map(f => el('li', {}, `${f.source}: ${f.kind}`)))]));
  }

  function sortBy(key) {
    state.sort = state.sort.key === key
      ? { key, direction: state.sort.direction === 'ascending' ? 'descending' : 'ascending' }
      : { key, direction: 'ascending' };
    renderRunbooks();
    announce($('runbooks-caption').textContent);
  }

  // --- sources ---------------------------------------------------------------------------------

  function renderSources() {
    $('sources-body').replaceChildren(...state.sources.map(source => el('tr', { 'data-source': source.id },
      el('th', { scope: 'row' },
        el('span', { class: 'source-title' }, source.title || source.id),
        source.title ? el('span', { class: 'id' }, source.id) : null,
        safeLink(source.url),
        source.finalUrl && source.finalUrl !== source.url ? el('span', { class: 'id' }, 'Now at ', safeLink(source.finalUrl)) : null),
      el('td', {}, badge(source.lastOutcome, OUTCOME_LABEL), source.detail ? el('span', { class: 'id' }, source.detail) : null),
      el('td', {}, source.httpStatus ?? el('span', { class: 'muted' }, 'None')),
      el('td', {}, timeElement(source.lastChecked, 'Never')),
      el('td', {}, timeElement(source.lastChanged, 'Never')),
      el('td', {}, String(source.consecutiveFailures ?? 0)),
      el('td', {}, (source.citedBy || []).length
        ? el('ul', { class: 'plain-list' }, source.citedBy.map(id => el('li', {}, id)))
        : el('span', { class: 'muted' }, 'No runbook')),
      el('td', {}, source.lastChangeSummary || el('span', { class: 'muted' }, 'No change recorded')))));
  }

  function showView(name) {
    const runbooks = name === 'runbooks';
    $('runbooks-view').hidden = !runbooks;
    $('sources-view').hidden = runbooks;
    $('show-runbooks').setAttribute('aria-pressed', String(runbooks));
    $('show-sources').setAttribute('aria-pressed', String(!runbooks));
  }

  // --- runbook detail --------------------------------------------------------------------------

  async function openDetail(id) {
    state.detailId = id;
    $('detail-title').textContent = 'Loading…';
    fill($('detail-body'), el('p', {}, 'Loading the runbook…'));
    resetReviewForm();
    const dialog = $('detail');
    if (!dialog.open) dialog.showModal();
    await renderDetail();
  }

  async function renderDetail() {
    const id = state.detailId;
    const result = await api('GET', `runbooks/${encodeURIComponent(id)}`);
    if (!result.ok) {
      $('detail-title').textContent = id;
      fill($('detail-body'), el('p', { class: 'field-error' }, problemText(result)));
      return;
    }
    const runbook = result.json;
    const findings = runbook.findings || [];
    const diffs = await Promise.all(findings.map(f => api('GET', `sources/${encodeURIComponent(f.source)}/diff`)));
    if (state.detailId !== id) return;

    $('detail-title').textContent = runbook.title;
    fill($('detail-body'),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Runbook'), el('dd', {}, runbook.id),
        el('dt', {}, 'Status'), el('dd', {}, badge(runbook.status, STATUS_LABEL)),
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
    const summary = diff && diff.ok ? diff.json.summary : null;
    return el('article', { class: 'finding', 'data-finding': finding.source },
      el('h4', {}, `${finding.source}: `, badge(finding.kind, OUTCOME_LABEL)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Source'), el('dd', {}, safeLink(finding.url)),
        el('dt', {}, 'Kind'), el('dd', {}, finding.kind),
        el('dt', {}, 'Detected'), el('dd', {}, timeElement(finding.detectedAt, 'Unknown')),
        el('dt', {}, 'Detail'), el('dd', {}, finding.detail || el('span', { class: 'muted' }, 'None')),
        el('dt', {}, 'Change summary'), el('dd', { class: 'change-summary' }, summary || el('span', { class: 'muted' }, 'No change summary'))),
      diffView(finding.source, diff));
  }

  function diffView(source, diff) {
    if (!diff || !diff.ok) {
      return el('p', { class: 'field-error' }, `The change of ${source} could not be loaded. ${diff ? problemText(diff) : ''}`);
    }
    const hunks = (diff.json.hunks && diff.json.hunks.hunks) || [];
    if (!diff.json.hasChange || hunks.length === 0) {
      return el('p', { class: 'muted' }, 'No content change is recorded for this source (nothing to compare).');
    }
    const added = diff.json.hunks.linesAdded;
    const removed = diff.json.hunks.linesRemoved;
    return el('section', { class: 'diff', 'aria-label': `Last change of ${source}` },
      el('p', { class: 'diff-stats' }, `Last change of this source, ${formatInstant(diff.json.changedAt) || 'date unknown'}: ${plural(added, 'line')} added, ${plural(removed, 'line')} removed.`),
      hunks.map(hunk => [
        el('div', { class: 'hunk-head' }, `Lines ${hunk.oldStart}–${hunk.oldStart + Math.max(hunk.oldCount - 1, 0)} before, ${hunk.newStart}–${hunk.newStart + Math.max(hunk.newCount - 1, 0)} after`),
        el('ol', { class: 'diff-lines' }, hunk.lines.map(diffLine)),
      ]));
  }

  function diffLine(line) {
    const kind = line.kind === 'added' || line.kind === 'removed' ? line.kind : 'context';
    const sign = kind === 'added' ? '+' : kind === 'removed' ? '-' : ' ';
    const spoken = kind === 'added' ? 'Added: ' : kind === 'removed' ? 'Removed: ' : '';
    return el('li', { class: `diff-line ${kind}` },
      el('span', { class: 'diff-sign', 'aria-hidden': 'true' }, sign),
      spoken ? el('span', { class: 'sr-only' }, spoken) : null,
      el('span', { class: 'diff-text' }, line.text));
  }

  function reviewHistory(reviews) {
    if (reviews.length === 0) return el('p', {}, 'No review recorded yet.');
    const newestFirst = [...reviews].sort((a, b) => (b.reviewedAt || '').localeCompare(a.reviewedAt || ''));
    return el('div', { class: 'table-scroll', role: 'region', 'aria-label': 'Review history', tabindex: '0' },
      el('table', { class: 'history' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'Reviewer'),
          el('th', { scope: 'col' }, 'Result'), el('th', { scope: 'col' }, 'Notes'))),
        el('tbody', {}, newestFirst.map(review => el('tr', {},
          el('td', {}, timeElement(review.reviewedAt, 'Unknown')),
          el('td', {}, review.reviewer),
          el('td', {}, badge(review.result, { pass: 'Pass', fail: 'Fail' })),
          el('td', {}, review.notes || el('span', { class: 'muted' }, 'None')))))));
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
        announce(`Review recorded for ${id}: it is now ${status.toLowerCase()}.`);
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
      announce(`The review was not recorded: ${messages.length ? messages.join(' ') : problemText(result)}`);
    } finally {
      submit.removeAttribute('aria-disabled');
    }
  }

  function closeDetail() {
    const id = state.detailId;
    state.detailId = null;
    // Back to the row's button (the table may have been redrawn meanwhile).
    const row = id && document.querySelector(`#runbooks-body tr[data-runbook="${CSS.escape(id)}"] button`);
    if (row) row.focus();
  }

  // --- check now -------------------------------------------------------------------------------

  async function runCheck() {
    const button = $('run-check');
    if (state.checking) return;
    state.checking = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = 'Checking…';
    $('check-panel').hidden = false;
    $('check-progress').hidden = false;
    fill($('check-body'), el('p', {}, 'Checking every source. This can take a while on a large catalog.'));
    announce('Check started: checking every source…');
    try {
      const result = await api('POST', 'checks');
      if (result.status === 409) {
        const message = 'A check is already running. Wait for it to finish, then refresh.';
        fill($('check-body'), el('p', { class: 'field-error' }, message));
        announce(message);
        return;
      }
      if (!result.ok) {
        fill($('check-body'), el('p', { class: 'field-error' }, `The check did not run. ${problemText(result)}`));
        announce(`The check did not run. ${problemText(result)}`);
        return;
      }
      const report = result.json;
      const summary = checkSummary(report);
      fill($('check-body'),
        el('p', { class: 'check-summary' }, summary),
        el('ul', { class: 'plain-list' }, (report.sources || []).map(s => el('li', {},
          `${s.id}: `, badge(s.outcome, OUTCOME_LABEL),
          s.httpStatus ? ` HTTP ${s.httpStatus}` : '',
          s.detail ? ` (${s.detail})` : ''))));
      await loadAll();
      announce(summary);
    } finally {
      state.checking = false;
      $('check-progress').hidden = true;
      button.removeAttribute('aria-disabled');
      button.textContent = 'Run a check now';
    }
  }

  function checkSummary(report) {
    const sources = report.sources || [];
    const counts = {};
    for (const s of sources) counts[s.outcome] = (counts[s.outcome] || 0) + 1;
    const outcomes = Object.entries(counts).map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    const flagged = (report.runbooks || []).filter(r => r.status === 'needs-review').map(r => r.id);
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
    for (const b of [send, preview]) b.setAttribute('aria-disabled', 'true');
    $('reminder-panel').hidden = false;
    if (dryRun) send.hidden = true;
    fill($('reminder-body'), el('p', {}, dryRun ? 'Preparing a preview: nothing is sent yet…' : 'Sending reminders…'));
    try {
      const result = await api('POST', `reminders?dryRun=${dryRun}`);
      if (result.status === 409) {
        const message = 'Reminders are already being sent. Try again in a moment.';
        fill($('reminder-body'), el('p', { class: 'field-error' }, message));
        send.hidden = true;
        announce(message);
        return;
      }
      if (!result.ok) {
        fill($('reminder-body'), el('p', { class: 'field-error' }, problemText(result)));
        send.hidden = true;
        announce(`Reminders did not run. ${problemText(result)}`);
        return;
      }
      const report = result.json;
      const sent = report.sent || [];
      const failed = report.failed || [];
      const head = dryRun
        ? (sent.length ? `Preview: ${plural(sent.length, 'reminder')} would be sent. Nothing has been sent yet.` : 'Preview: no reminder is due now. Nothing would be sent.')
        : `Sent ${plural(sent.length, 'reminder')}${failed.length ? `; ${failed.length} failed` : ''}.`;
      fill($('reminder-body'),
        el('p', { class: 'reminder-summary' }, head),
        sent.length ? el('ul', { class: 'plain-list reminder-sent' }, sent.map(s => el('li', {},
          `${s.owner} by ${s.channel}${s.escalation ? ' (escalation)' : ''}: ${(s.runbooks || []).join(', ')}`))) : null,
        failed.length ? [
          el('h3', {}, dryRun ? 'Would fail' : 'Failed'),
          el('ul', { class: 'plain-list reminder-failed' }, failed.map(f => el('li', {}, `${f.owner} by ${f.channel}: ${f.error}`))),
        ] : null);
      send.hidden = !dryRun || sent.length === 0;
      if (!send.hidden) send.textContent = `Send ${plural(sent.length, 'reminder')}`;
      announce(head);
      $('reminder-heading').focus();
      if (!dryRun) await loadAll();
    } finally {
      state.reminding = false;
      for (const b of [send, preview]) b.removeAttribute('aria-disabled');
    }
  }

  // --- wiring ----------------------------------------------------------------------------------

  $('key-form').addEventListener('submit', guarded(submitKey));
  $('run-check').addEventListener('click', guarded(runCheck));
  $('preview-reminders').addEventListener('click', guarded(() => remind(true)));
  $('send-reminders').addEventListener('click', guarded(() => remind(false)));
  $('close-reminders').addEventListener('click', () => {
    $('reminder-panel').hidden = true;
    $('preview-reminders').focus();
  });
  $('refresh').addEventListener('click', guarded(refresh));
  $('filter-status').addEventListener('change', renderRunbooks);
  $('filter-owner').addEventListener('change', renderRunbooks);
  for (const button of document.querySelectorAll('#runbooks-table thead button[data-sort]')) {
    button.addEventListener('click', () => sortBy(button.dataset.sort));
  }
  $('show-runbooks').addEventListener('click', () => showView('runbooks'));
  $('show-sources').addEventListener('click', () => showView('sources'));
  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail').addEventListener('close', closeDetail);
  $('review-form').addEventListener('submit', guarded(submitReview));

  guarded(refresh)();
})();
