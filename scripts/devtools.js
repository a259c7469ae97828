// Drives headless Chromium over its DevTools protocol, with node's built-in modules only: the
// browser is started with --remote-debugging-pipe and spoken to over file descriptors 3 and 4.
// Shared by scripts/html-timing.js and scripts/html-a11y.js.
//
//   const devtools = require('./devtools');
//   const browser = devtools.launch(CHROMIUM, 'html-timing');
//   const page = await browser.page();        // { sessionId, send, evaluate, until }
//   ...
//   browser.finish(0);                        // stops the browser, removes its profile, exits
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function launch(chromium, name) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), name + '-'));
  const log = fs.openSync(path.join(profile, 'chromium.log'), 'w');
  // No network at all: the page must need none.
  const browser = spawn(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-extensions', '--no-default-browser-check', '--hide-scrollbars',
    '--remote-debugging-pipe', '--user-data-dir=' + profile, '--window-size=1280,900',
    'about:blank',
  ], { stdio: ['ignore', 'ignore', log, 'pipe', 'pipe'] });
  const toBrowser = browser.stdio[3];
  const fromBrowser = browser.stdio[4];

  let nextId = 1;
  const waiting = new Map();
  let buffer = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id && waiting.has(message.id)) {
        const { resolve, reject } = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) { reject(new Error(JSON.stringify(message.error))); } else { resolve(message.result); }
      }
    }
  });

  function send(method, params, sessionId) {
    const id = nextId++;
    const message = { id, method, params: params || {} };
    if (sessionId) { message.sessionId = sessionId; }
    toBrowser.write(JSON.stringify(message) + '\0');
    return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
  }

  // The browser's first page, attached, with helpers bound to it.
  async function page() {
    const { targetInfos } = await send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'page');
    const { sessionId } = await send('Target.attachToTarget', { targetId: target.targetId, flatten: true });
    const on = (method, params) => send(method, params, sessionId);
    const evaluate = async (expression, awaitPromise) => {
      const { result, exceptionDetails } = await on('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: !!awaitPromise });
      if (exceptionDetails) { throw new Error(JSON.stringify(exceptionDetails)); }
      return result.value;
    };
    // Polls `expression` until it gives something truthy; returns it and the time it took.
    const until = async (expression, since) => {
      for (;;) {
        let value = null;
        try { value = await evaluate(expression); } catch (e) { /* the page is loading */ }
        if (value) { return { value, ms: Date.now() - since }; }
        if (Date.now() - since > 60000) { throw new Error('timed out waiting for ' + expression); }
        await sleep(10);
      }
    };
    await on('Page.enable', {});
    await on('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    return { sessionId, send: on, evaluate, until };
  }

  // Stops the browser and removes its profile once it has exited (removing the folder while
  // the browser still writes into it fails with ENOTEMPTY), then exits with `code`.
  function finish(code) {
    const done = () => {
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch (e) {
        console.error(name + ': could not remove ' + profile + ': ' + e.message);
      }
      process.exit(code);
    };
    if (browser.exitCode !== null || browser.signalCode !== null) {
      done();
      return;
    }
    browser.once('exit', done);
    browser.kill();
    // A browser that ignores the signal does not hold the result back.
    setTimeout(() => { browser.kill('SIGKILL'); }, 5000).unref();
  }

  return { page, finish };
}

module.exports = { launch, sleep };
