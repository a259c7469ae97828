#!/usr/bin/env node
// Checks an HTML report in headless Chromium (scripts/devtools.js) for what a reader who does
// not see the screen, or reads it on paper, gets:
//
// - axe-core's rules (WCAG 2.x A and AA, and best practices) find no violation: on the page as
//   it opens, with a claim's derivation expanded, filtered from the URL fragment, and in the
//   dark colour scheme;
// - printed (print media, then Page.printToPDF), the filters are hidden, every claim row and
//   its derivation are shown, and the PDF has pages.
//
//   node scripts/html-a11y.js CHROMIUM PAGE.html AXE.min.js PRINTED.pdf
//
// Prints one JSON object with what it found; exits 1 on any violation or print problem.
'use strict';
const fs = require('fs');
const path = require('path');
const devtools = require('./devtools');

const [chromium, page, axePath, pdfPath] = process.argv.slice(2);
if (!chromium || !page || !axePath || !pdfPath) {
  console.error('usage: html-a11y.js CHROMIUM PAGE.html AXE.min.js PRINTED.pdf');
  process.exit(2);
}
const url = 'file://' + path.resolve(page);
const axeSource = fs.readFileSync(axePath, 'utf8');
const browser = devtools.launch(chromium, 'html-a11y');
const result = { page: url, states: {}, problems: [] };

async function main() {
  const { send, evaluate, until } = await browser.page();
  const ready = `document.documentElement.getAttribute('data-ready') && document.querySelector('#claims tbody.claim') ? 1 : 0`;
  const audit = async (state) => {
    const installed = await evaluate('typeof window.axe === "object"');
    if (!installed) { await evaluate(axeSource + '\n;0'); }
    const violations = await evaluate(`axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        resultTypes: ['violations'] })
      .then(function (r) { return r.violations.map(function (v) {
        return { id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }) }; }); })`, true);
    result.states[state] = { violations: violations.length };
    for (const v of violations) { result.problems.push(Object.assign({ state }, v)); }
  };

  await send('Page.navigate', { url });
  await until(ready, Date.now());
  await audit('as opened');

  await evaluate(`document.querySelector('#claims tbody.claim details > summary').click(); 0`);
  await until(`document.querySelector('#claims tbody.claim details[open] pre.explain') ? 1 : 0`, Date.now());
  await audit('a derivation expanded');

  await evaluate(`location.hash = '#status=confirmed'; 0`);
  await until(`(function () { var b = document.querySelectorAll('#claims tbody.claim');
    return b.length > 0 && Array.prototype.every.call(b, function (x) { return x.getAttribute('data-status') === 'confirmed'; }) ? 1 : 0; }())`, Date.now());
  await audit('filtered (#status=confirmed)');

  await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  await audit('dark colour scheme');
  await send('Emulation.setEmulatedMedia', { features: [] });

  // Printed: the whole list, the controls hidden.
  await evaluate(`location.hash = ''; 0`);
  await until(`document.querySelectorAll('#claims tbody.claim').length === Number(document.documentElement.getAttribute('data-claims') || document.querySelectorAll('#claims tbody.claim').length) ? 1 : 0`, Date.now());
  // What a browser does when asked to print: `beforeprint`, then print media.
  await send('Emulation.setEmulatedMedia', { media: 'print' });
  await evaluate(`window.dispatchEvent(new Event('beforeprint')); 0`);
  const printed = await evaluate(`(function () {
    var f = document.querySelector('.filters');
    var rows = Array.prototype.filter.call(document.querySelectorAll('#claims tbody.claim'), function (b) {
      return b.getClientRects().length > 0; });
    var explained = rows.filter(function (b) { var p = b.querySelector('pre.explain');
      return p && p.textContent.length > 0 && p.getClientRects().length > 0; });
    return { filters_shown: !!f && getComputedStyle(f).display !== 'none', rows_shown: rows.length,
      derivations_shown: explained.length,
      rows: document.querySelectorAll('#claims tbody.claim').length, shown: document.getElementById('shown').textContent }; }())`);
  result.print = printed;
  if (printed.filters_shown) { result.problems.push({ state: 'print', id: 'filters-printed', help: 'the filters are printed' }); }
  if (printed.rows_shown === 0 || printed.rows_shown !== printed.rows) {
    result.problems.push({ state: 'print', id: 'rows-not-printed', help: printed.rows_shown + ' of ' + printed.rows + ' claim rows are printed' });
  }
  if (printed.derivations_shown !== printed.rows) {
    result.problems.push({ state: 'print', id: 'derivations-not-printed', help: printed.derivations_shown + ' of ' + printed.rows + ' derivations are printed' });
  }
  await evaluate(`window.dispatchEvent(new Event('afterprint')); 0`);
  const pdf = await send('Page.printToPDF', { printBackground: false, preferCSSPageSize: true });
  const bytes = Buffer.from(pdf.data, 'base64');
  fs.writeFileSync(pdfPath, bytes);
  const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  result.print.pdf_bytes = bytes.length;
  result.print.pdf_pages = pages;
  if (pages === 0) { result.problems.push({ state: 'print', id: 'no-pages', help: 'the PDF has no pages' }); }
  console.log(JSON.stringify(result, null, 1));
  return result.problems.length === 0;
}

main().then((ok) => browser.finish(ok ? 0 : 1), (e) => {
  console.log(JSON.stringify(result, null, 1));
  console.error('html-a11y: ' + e.message);
  browser.finish(1);
});
