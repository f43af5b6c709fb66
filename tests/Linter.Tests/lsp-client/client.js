// An independent LSP client for `canaryguard lsp`: vscode-languageserver-protocol over the server's stdio, as VS Code
// talks to it. It drives one session through the lifecycle, the document methods and the protocol's edge cases, applies
// the workspace edits the server returns to the text (vscode-languageserver-textdocument), and prints a transcript as
// JSON for tests/Linter.Tests/Lsp/LspClientTests.cs to check.
//   node client.js WORKSPACE OUTSIDE_FILE COMMAND [ARGS...]
// WORKSPACE holds canary.yaml, other.yaml, deployment.yaml and .canaryguard.yaml; OUTSIDE_FILE is a manifest in
// another folder. Files are changed through the protocol only, except deployment.yaml, deleted from disk.
//   node client.js --diagnostics WORKSPACE FILE,FILE,... COMMAND [ARGS...]
// only opens the files (paths relative to WORKSPACE), one after the other, prints the diagnostics and the quick fixes
// of each (as a client that can create files), and ends with exit but no shutdown (the server must then exit with 1).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const lsp = require('vscode-languageserver-protocol/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const transcript = {};
const diagnosticsOnly = process.argv[2] === '--diagnostics';
const [workspace, outsideFile, ...command] = process.argv.slice(diagnosticsOnly ? 3 : 2);
const uriOf = (file) => pathToFileURL(file).href;
const server = spawn(command[0], command.slice(1), { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
let serverErrors = '';
server.stderr.on('data', (chunk) => { serverErrors += chunk; });
const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
const connection = lsp.createProtocolConnection(new lsp.StreamMessageReader(server.stdout), new lsp.StreamMessageWriter(server.stdin));

// Every publishDiagnostics, by URI; waiters resolve on the next one for their URI (and version, when given).
const published = new Map();
let waiters = [];
connection.onNotification(lsp.PublishDiagnosticsNotification.type, (params) => {
  published.set(params.uri, params);
  const ready = waiters.filter((w) => w.uri === params.uri && (w.version === undefined || params.version === w.version) && (!w.accept || w.accept(params)));
  waiters = waiters.filter((w) => !ready.includes(w));
  ready.forEach((w) => w.resolve(params));
});
connection.onRequest(lsp.RegistrationRequest.type, (params) => {
  transcript.registrations = params.registrations;
  return null;
});
connection.listen();

function nextDiagnostics(uri, version, accept) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} (version ${version}) in 30 s; server said: ${serverErrors}`)), 30000);
    waiters.push({ uri, version, accept, resolve: (p) => { clearTimeout(timer); resolve(p); } });
  });
}

const documents = new Map();
async function open(file) {
  const uri = uriOf(file);
  const document = TextDocument.create(uri, 'yaml', 1, fs.readFileSync(file, 'utf8'));
  documents.set(uri, document);
  const diagnostics = nextDiagnostics(uri, 1);
  connection.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: document.getText() } });
  return (await diagnostics).diagnostics;
}

async function change(uri, text) {
  const old = documents.get(uri);
  const document = TextDocument.create(uri, 'yaml', old.version + 1, text);
  documents.set(uri, document);
  const diagnostics = nextDiagnostics(uri, document.version);
  connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri, version: document.version }, contentChanges: [{ text }] });
  return (await diagnostics).diagnostics;
}

/** Applies a workspace edit as a client does (workspace/applyEdit semantics) and sends the new text as a didChange. */
async function apply(edit) {
  let diagnostics;
  for (const [uri, edits] of Object.entries(edit.changes)) {
    diagnostics = await change(uri, TextDocument.applyEdits(documents.get(uri), edits));
  }
  return diagnostics;
}

const lineOf = (text, needle) => text.split('\n').findIndex((line) => line.includes(needle));
const positionOf = (text, needle) => { const line = lineOf(text, needle); return { line, character: text.split('\n')[line].indexOf(needle) }; };
const wholeDocument = (text) => ({ start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } });
const summary = (diagnostics) => diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, character: d.range.start.character, endLine: d.range.end.line, endCharacter: d.range.end.character, severity: d.severity, tags: d.tags ?? [], href: d.codeDescription?.href, message: d.message, related: (d.relatedInformation ?? []).map((r) => ({ uri: r.location.uri, line: r.location.range.start.line, message: r.message })) }));

async function main() {
  const canary = uriOf(path.join(workspace, 'canary.yaml'));
  const other = uriOf(path.join(workspace, 'other.yaml'));
  const policy = uriOf(path.join(workspace, '.canaryguard.yaml'));

  // A request before initialize is refused with ServerNotInitialized.
  try {
    await connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: { line: 0, character: 0 } });
    transcript.beforeInitialize = 'answered';
  } catch (error) {
    transcript.beforeInitialize = error.code;
  }

  transcript.initialize = await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(workspace),
    workspaceFolders: [{ uri: uriOf(workspace), name: 'workspace' }],
    capabilities: { general: { positionEncodings: ['utf-16'] }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } } },
  });
  connection.sendNotification(lsp.InitializedNotification.type, {});

  transcript.other = summary(await open(path.join(workspace, 'other.yaml')));
  transcript.opened = summary(await open(path.join(workspace, 'canary.yaml')));
  const text = () => documents.get(canary).getText();
  transcript.unicodeKeyCharacter = positionOf(text(), 'stepWeigth').character;

  // Hover on a finding, and on a pacing field of the Canary.
  transcript.hoverFinding = (await connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: positionOf(text(), 'stepWeigth') }))?.contents.value ?? null;
  transcript.hoverField = (await connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: positionOf(text(), 'maxWeight') }))?.contents.value ?? null;

  // Code actions for the whole file: quick fixes, suppressions, fix-all.
  const actions = await connection.sendRequest(lsp.CodeActionRequest.type, { textDocument: { uri: canary }, range: wholeDocument(text()), context: { diagnostics: [] } });
  transcript.actions = actions.map((a) => ({ title: a.title, kind: a.kind, isPreferred: a.isPreferred ?? false, codes: (a.diagnostics ?? []).map((d) => d.code) }));
  const fixAll = actions.find((a) => a.kind === 'source.fixAll.canaryguard');
  transcript.fixAllText = TextDocument.applyEdits(documents.get(canary), fixAll.edit.changes[canary]);

  // The preferred quick fix of the deprecated threshold, applied and re-analysed.
  const quickFix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred && a.diagnostics[0].code === process.env.QUICK_FIX_ID);
  transcript.quickFix = { title: quickFix.title, afterDiagnostics: null };
  transcript.quickFix.afterDiagnostics = summary(await apply(quickFix.edit));
  transcript.quickFix.text = text();

  // Suppress one finding with a comment, another with the annotation: both disappear.
  const suppressible = await connection.sendRequest(lsp.CodeActionRequest.type, { textDocument: { uri: canary }, range: wholeDocument(text()), context: { diagnostics: [], only: ['quickfix'] } });
  const byComment = suppressible.find((a) => a.title.startsWith(`Suppress ${process.env.COMMENT_ID} on this line`));
  transcript.suppressedByComment = summary(await apply(byComment.edit)).map((d) => d.code);
  const again = await connection.sendRequest(lsp.CodeActionRequest.type, { textDocument: { uri: canary }, range: wholeDocument(text()), context: { diagnostics: [], only: ['quickfix'] } });
  const byAnnotation = again.find((a) => a.title.startsWith(`Suppress ${process.env.ANNOTATION_ID} for this resource`));
  transcript.suppressedByAnnotation = summary(await apply(byAnnotation.edit)).map((d) => d.code);
  transcript.suppressedText = text();

  // Completion: rule ids in a suppression comment, field names where a key of spec.analysis is typed.
  const beforeCompletion = text();
  const analysisLine = lineOf(beforeCompletion, 'maxWeight:');
  const lines = beforeCompletion.split('\n');
  lines.splice(analysisLine + 1, 0, '    # canaryguard-disable-next-line CG10', '    ste');
  await change(canary, lines.join('\n'));
  transcript.completionIds = (await connection.sendRequest(lsp.CompletionRequest.type, { textDocument: { uri: canary }, position: { line: analysisLine + 1, character: lines[analysisLine + 1].length } })).items.map((i) => i.label);
  transcript.completionFields = (await connection.sendRequest(lsp.CompletionRequest.type, { textDocument: { uri: canary }, position: { line: analysisLine + 2, character: lines[analysisLine + 2].length } })).items.map((i) => i.label);
  await change(canary, beforeCompletion);

  // A client that sends ranges although the server asked for full text: the range is applied (maxWeight 50 -> 40).
  const weight = positionOf(text(), 'maxWeight: 50');
  const range = { start: { line: weight.line, character: weight.character + 11 }, end: { line: weight.line, character: weight.character + 13 } };
  const ranged = TextDocument.update(documents.get(canary), [{ range, text: '40' }], documents.get(canary).version + 1);
  documents.set(canary, ranged);
  const rangedDiagnostics = nextDiagnostics(canary, ranged.version);
  connection.sendNotification(lsp.DidChangeTextDocumentNotification.type, { textDocument: { uri: canary, version: ranged.version }, contentChanges: [{ range, text: '40' }] });
  await rangedDiagnostics;
  transcript.hoverAfterRangedChange = (await connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: positionOf(text(), 'maxWeight') }))?.contents.value ?? null;
  await change(canary, beforeCompletion);

  // A cancelled request is answered (cancelled or not, by its timing) and the server goes on answering.
  const source = new lsp.CancellationTokenSource();
  const cancelled = connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: positionOf(text(), 'maxWeight') }, source.token);
  source.cancel();
  transcript.cancelled = await cancelled.then(() => 'answered', (error) => error.code);
  transcript.afterCancel = (await connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: positionOf(text(), 'maxWeight') })) !== null;

  // A syntax error mid-typing: CG0001 where the text breaks, the other file's diagnostics as they were.
  const otherBefore = published.get(other).diagnostics;
  const broken = text().replace('maxWeight: 50', 'maxWeight: [50');
  const otherAfter = nextDiagnostics(other);
  transcript.syntaxError = summary(await change(canary, broken));
  await otherAfter;
  transcript.brokenText = broken;
  transcript.otherKept = JSON.stringify(published.get(other).diagnostics) === JSON.stringify(otherBefore);
  await change(canary, beforeCompletion);

  // A file outside the workspace is analysed on its own.
  transcript.outside = summary(await open(outsideFile));

  // deployment.yaml deleted on disk: the Canary's target is gone (the policy says the workspace is complete).
  fs.rmSync(path.join(workspace, 'deployment.yaml'));
  const beforeDelete = JSON.stringify(published.get(canary).diagnostics);
  const afterDelete = nextDiagnostics(canary, undefined, (p) => JSON.stringify(p.diagnostics) !== beforeDelete);
  connection.sendNotification(lsp.DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(path.join(workspace, 'deployment.yaml')), type: lsp.FileChangeType.Deleted }] });
  transcript.afterDelete = summary((await afterDelete).diagnostics);
  transcript.afterDeleteText = text();

  // The policy file, edited to name an unknown rule: its own diagnostics.
  await open(path.join(workspace, '.canaryguard.yaml'));
  transcript.policy = summary(await change(policy, 'complete: true\nrules:\n  CG9999: error\n'));

  // The policy edited again, valid, turning CG1010 off: its problems go, and the open files are linted under it.
  const otherRelinted = nextDiagnostics(other, undefined, (p) => !p.diagnostics.some((d) => d.code === 'CG1010'));
  transcript.policyFixed = summary(await change(policy, 'complete: true\nrules:\n  CG1010: none\n'));
  transcript.otherUnderNewPolicy = summary((await otherRelinted).diagnostics).map((d) => d.code);

  transcript.shutdown = await connection.sendRequest(lsp.ShutdownRequest.type);
  transcript.afterShutdown = await connection.sendRequest(lsp.HoverRequest.type, { textDocument: { uri: canary }, position: { line: 0, character: 0 } })
    .then(() => 'answered', (error) => error.code);
  connection.sendNotification(lsp.ExitNotification.type);
  transcript.exitCode = await exited;
  transcript.serverErrors = serverErrors;
  process.stdout.write(JSON.stringify(transcript, null, 2));
  process.exit(0);
}

async function diagnosticsOfFiles() {
  transcript.initialize = await connection.sendRequest(lsp.InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(workspace),
    capabilities: { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
  });
  connection.sendNotification(lsp.InitializedNotification.type, {});
  transcript.files = {};
  transcript.actions = {};
  for (const file of outsideFile.split(',')) {
    transcript.files[file] = summary(await open(path.join(workspace, file)));
    const uri = uriOf(path.join(workspace, file));
    transcript.actions[file] = await connection.sendRequest(lsp.CodeActionRequest.type, { textDocument: { uri }, range: wholeDocument(documents.get(uri).getText()), context: { diagnostics: [], only: ['quickfix'] } });
  }
  connection.sendNotification(lsp.ExitNotification.type);
  transcript.exitCode = await exited;
  transcript.serverErrors = serverErrors;
  process.stdout.write(JSON.stringify(transcript, null, 2));
  process.exit(0);
}

(diagnosticsOnly ? diagnosticsOfFiles() : main()).catch((error) => {
  process.stderr.write(`${error.stack}\nserver stderr:\n${serverErrors}\ntranscript so far:\n${JSON.stringify(transcript, null, 2)}\n`);
  server.kill();
  process.exit(1);
});
