// Speed of `canaryguard lsp` as an editor sees it, with the same client library as the tests
// (tests/Linter.Tests/lsp-client; run `npm ci` there first):
//   node bench/lsp/lsp-bench.js COMMAND [ARGS...]        e.g. node bench/lsp/lsp-bench.js /tmp/aot/canaryguard lsp
// 1. latency: a workspace with one 500-line manifest (8 apps: Deployment, Service, Canary) open; CHANGES (default 50)
//    edits, one at a time, each a full-text didChange; the time from sending it to the publishDiagnostics of that
//    version (the debounce included) is reported as median, p95 and max.
// 2. ready: a workspace of FILES (default 1000) manifest files (one app each); the time from starting the server to the
//    diagnostics of the first file opened (initialize reads and parses the whole folder), median of READY_RUNS (3).
// Also the server's resident memory after opening and closing MEMORY_FILES (200) files of it one by one, against after one.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const lsp = require(require.resolve('vscode-languageserver-protocol/node', { paths: [path.join(__dirname, '../../tests/Linter.Tests/lsp-client')] }));

const command = process.argv.slice(2);
const CHANGES = Number(process.env.CHANGES ?? 50);
const FILES = Number(process.env.FILES ?? 1000);
const READY_RUNS = Number(process.env.READY_RUNS ?? 3);
const MEMORY_FILES = Number(process.env.MEMORY_FILES ?? 200);

function app(name) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/stefanprodan/podinfo:6.7.0
          ports:
            - containerPort: 9898
          readinessProbe:
            httpGet:
              path: /readyz
              port: 9898
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-svc
  namespace: shop
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 9898
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: ${name}
  namespace: shop
spec:
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  service:
    port: 80
    targetPort: 9898
  analysis:
    interval: 1m
    threshold: 5
    maxWeight: 50
    stepWeight: 10
    metrics:
      - name: request-success-rate
        thresholdRange:
          min: 99
        interval: 1m
`;
}

function workspace(files, appsPerFile) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'canaryguard-lsp-bench-'));
  for (let f = 0; f < files; f++) {
    const apps = Array.from({ length: appsPerFile }, (_, a) => app(`app-${f}-${a}`));
    fs.writeFileSync(path.join(folder, `app-${f}.yaml`), apps.join('---\n'));
  }
  return folder;
}

function start(folder) {
  const server = spawn(command[0], command.slice(1), { cwd: folder, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = lsp.createProtocolConnection(new lsp.StreamMessageReader(server.stdout), new lsp.StreamMessageWriter(server.stdin));
  const waiters = [];
  connection.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
    for (const w of waiters.splice(0)) {
      if (w.uri === p.uri && w.version === p.version) w.resolve(); else waiters.push(w);
    }
  });
  connection.listen();
  const next = (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve }));
  const initialize = () => connection.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(folder).href, capabilities: {} })
    .then(() => connection.sendNotification(lsp.InitializedNotification.type, {}));
  const stop = async () => { await connection.sendRequest(lsp.ShutdownRequest.type); connection.sendNotification(lsp.ExitNotification.type); await new Promise((r) => server.on('exit', r)); };
  return { server, connection, next, initialize, stop };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const rss = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

async function latency() {
  const folder = workspace(1, 8);
  const file = path.join(folder, 'app-0.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const s = start(folder);
  await s.initialize();
  let opened = s.next(uri, 1);
  s.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const times = [];
  for (let v = 2; v < CHANGES + 2; v++) {
    const edited = text.replace('stepWeight: 10', `stepWeight: ${v % 2 === 0 ? 20 : 10}`);
    const published = s.next(uri, v);
    const t = process.hrtime.bigint();
    s.connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text: edited }] });
    await published;
    times.push(ms(t));
  }
  await s.stop();
  fs.rmSync(folder, { recursive: true });
  return { lines: text.split('\n').length, median: median(times), p95: p95(times), max: Math.max(...times) };
}

async function ready() {
  const folder = workspace(FILES, 1);
  const times = [];
  let memory;
  for (let run = 0; run < READY_RUNS; run++) {
    const t = process.hrtime.bigint();
    const s = start(folder);
    await s.initialize();
    const uri = pathToFileURL(path.join(folder, 'app-0.yaml')).href;
    const opened = s.next(uri, 1);
    s.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(path.join(folder, 'app-0.yaml'), 'utf8') } });
    await opened;
    times.push(ms(t));
    if (run === 0) {
      // Memory bounded as files open and close: open and close one file after the other.
      const afterOne = rss(s.server.pid);
      for (let f = 1; f <= Math.min(MEMORY_FILES, FILES - 1); f++) {
        const other = pathToFileURL(path.join(folder, `app-${f}.yaml`)).href;
        const shown = s.next(other, 1);
        s.connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'yaml', version: 1, text: fs.readFileSync(path.join(folder, `app-${f}.yaml`), 'utf8') } });
        await shown;
        s.connection.sendNotification(lsp.DidCloseTextDocumentNotification.type, { textDocument: { uri: other } });
      }
      memory = { afterOneMiB: afterOne, afterOpenedAndClosedMiB: rss(s.server.pid), openedAndClosed: Math.min(MEMORY_FILES, FILES - 1) };
    }
    await s.stop();
  }
  fs.rmSync(folder, { recursive: true });
  return { files: FILES, median: median(times), runs: times, memory };
}

(async () => {
  const result = { latency: await latency(), ready: await ready() };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
})();
