// Starts `canaryguard lsp` for YAML and JSON manifests and the .canaryguard.yaml policy, and tells the server when
// files change on disk (the server reads the workspace folder once and keeps it current from these events).
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const settings = vscode.workspace.getConfiguration('canaryguard');
  const command = settings.get<string>('server.path') || 'canaryguard';
  const args = [...(settings.get<string[]>('server.extraArgs') ?? []), 'lsp'];
  return { command, args, transport: TransportKind.stdio };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json', pattern: '**/*.json' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,.canaryguard.yaml,kustomization,Kustomization}'),
    },
  };
  client = new LanguageClient('canaryguard', 'CanaryGuard', serverOptions(), clientOptions);
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (error) {
    const path = vscode.workspace.getConfiguration('canaryguard').get<string>('server.path');
    void vscode.window.showErrorMessage(
      `CanaryGuard: could not start '${path} lsp' (${String(error)}). Install canaryguard (see its README) or set canaryguard.server.path.`,
    );
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('canaryguard.restartServer', async () => {
      await client?.stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('canaryguard.server')) {
        await client?.stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
