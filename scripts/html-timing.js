#!/usr/bin/env node
// Times a large HTML report in headless Chromium over the DevTools protocol (scripts/devtools.js,
// node's built-in modules only): how long until the first rows are drawn, how long a status
// filter and a sort from the URL fragment take, and how long opening one claim's derivation
// takes; then takes a screenshot.
//
//   node scripts/html-timing.js CHROMIUM PAGE.html SCREENSHOT.png
//
// Prints one JSON object: the timings in milliseconds (wall clock, measured here, from the
// command to the moment the page shows its result) and what the page showed. Exits 1 when the
// page did not get there within 120 s.
'use strict';
const fs = require('fs');
const path = require('path');
const devtools = require('./devtools');

const [chromium, page, screenshot] = process.argv.slice(2);
if (!chromium || !page || !screenshot) {
  console.error('usage: html-timing.js CHROMIUM PAGE.html SCREENSHOT.png');
  process.exit(2);
}
const url = 'file://' + path.resolve(page);
const browser = devtools.launch(chromium, 'html-timing');
const sleep = devtools.sleep;

const result = { page: url, bytes: fs.statSync(page).size };

async function main() {
  const { send, evaluate, until } = await browser.page();
  const rowsNow = `(function () {
    var b = document.querySelectorAll('#claims tbody.claim');
    return { rows: b.length, ids: Array.prototype.slice.call(b, 0, 5).map(function (x) { return x.getAttribute('data-id'); }),
      statuses: Array.prototype.map.call(b, function (x) { return x.getAttribute('data-status'); }),
      scores: Array.prototype.map.call(b, function (x) { return Number(x.getAttribute('data-k-score')); }),
      shown: document.getElementById('shown').textContent };
  }())`;

  let t = Date.now();
  await send('Page.navigate', { url });
  const ready = await until(`document.documentElement.getAttribute('data-ready') && document.querySelector('#claims tbody.claim') ? ${rowsNow} : null`, t);
  result.first_rows_ms = ready.ms;
  result.page = await evaluate(`(function () { var d = document.documentElement; var n = performance.getEntriesByType('navigation')[0];
    return { response_end_ms: Math.round(n.responseEnd), script_start_ms: Number(d.getAttribute('data-start')),
      data_parsed_ms: Number(d.getAttribute('data-parsed')), first_rows_ms: Number(d.getAttribute("data-ready")), all: Array.prototype.map.call(d.attributes, function (a) { return a.name + "=" + a.value; }).join(" ") }; }())`);
  result.opened = ready.value;

  t = Date.now();
  await evaluate(`location.hash = '#status=confirmed'; 0`);
  const confirmed = await until(`(function () { var s = document.getElementById('shown').textContent; var r = ${rowsNow};
    return r.rows > 0 && r.statuses.every(function (x) { return x === 'confirmed'; }) && s !== ${JSON.stringify(ready.value.shown)} ? r : null; }())`, t);
  result.filter_ms = confirmed.ms;
  result.confirmed = confirmed.value;

  t = Date.now();
  await evaluate(`location.hash = '#status=unconfirmed&sort=-score'; 0`);
  const sorted = await until(`(function () { var r = ${rowsNow};
    return r.rows > 0 && r.statuses.every(function (x) { return x === 'unconfirmed'; }) ? r : null; }())`, t);
  result.sort_ms = sorted.ms;
  result.sorted = { rows: sorted.value.rows, shown: sorted.value.shown, ids: sorted.value.ids,
    descending: sorted.value.scores.every((s, i, a) => i === 0 || a[i - 1] >= s) };

  t = Date.now();
  await evaluate(`document.querySelector('#claims tbody.claim details > summary').click(); 0`);
  const opened = await until(`(function () { var p = document.querySelector('#claims tbody.claim details[open] pre.explain'); return p ? p.textContent.length : 0; }())`, t);
  result.expand_ms = opened.ms;
  result.derivation_chars = opened.value;

  // Once the page has loaded all its derivations, opening another is a parse of its batch.
  await until(`document.readyState !== 'loading'`, Date.now());
  // The row is found again by its id: the rows in view may be drawn anew meanwhile, so
  // counting open rows raced with that.
  t = Date.now();
  const second = await evaluate(`(function () {
    var s = document.querySelectorAll('#claims tbody.claim details:not([open]) > summary')[1];
    var id = s.closest('tbody').getAttribute('data-id'); s.click(); return id; }())`);
  await until(`(function () { var b = Array.prototype.find.call(document.querySelectorAll('#claims tbody.claim'),
    function (x) { return x.getAttribute('data-id') === ${JSON.stringify(second)}; });
    return b && b.querySelector('details[open] pre.explain') ? 1 : 0; }())`, t);
  result.expand_loaded_ms = Date.now() - t;

  t = Date.now();
  await evaluate(`window.scrollTo(0, document.body.scrollHeight / 2); 0`);
  const scrolled = await until(`(function () { var r = ${rowsNow}; return window.scrollY > 0 && r.rows > 0 ? r : null; }())`, t);
  await sleep(200);
  result.scroll_ms = scrolled.ms;
  result.rows_in_dom_after_scroll = (await evaluate(rowsNow)).rows;

  await evaluate(`window.scrollTo(0, 0); location.hash = ''; 0`);
  await sleep(500);
  let shot = null;
  for (let attempt = 0; shot === null; attempt += 1) {
    try { shot = await send('Page.captureScreenshot', { format: 'png' }); } catch (e) {
      if (attempt >= 2) { throw e; }
      await sleep(1000);
    }
  }
  fs.writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
  result.screenshot = screenshot;
  console.log(JSON.stringify(result, null, 1));
}

main().then(() => browser.finish(0), (e) => {
  console.log(JSON.stringify(result, null, 1));
  console.error('html-timing: ' + e.message);
  browser.finish(1);
});
