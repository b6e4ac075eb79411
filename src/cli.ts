// The videoconduit command (commander): operator commands that run the service and manage
// accounts, and client commands that call a server's API through the SDK. Every command
// answers --help (exit 0, doing nothing else); a wrong option or value is one line on stderr
// and exit 2; exit codes are in src/cli/errors.ts and docs/cli.md.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError } from './config.js';
import { registerClientCommands } from './cli/client.js';
import { CliError, ExitCode } from './cli/errors.js';
import { registerModelsCommands } from './cli/models.js';
import { registerOperatorCommands } from './cli/operator.js';

/** Command groups, in help order. */
const COMMAND_MODULES: ((program: Command) => void)[] = [registerOperatorCommands, registerModelsCommands, registerClientCommands];

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('videoconduit')
    .description('VideoConduit: a video URL in; metadata, files, transcripts, previews and more out.\nOperator commands run the service; client commands call its API (--api-url, --api-key).')
    .version(version(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    // main() prints commander's errors itself, on one line with the command they belong to.
    .configureOutput({ outputError: () => undefined })
    .addHelpText('after', '\nExit codes: 0 ok, 1 failed, 2 wrong usage, 3 the job failed or was cancelled, 4 timed out waiting.\nEvery command has --help, e.g. `videoconduit preview --help`.');
  for (const register of COMMAND_MODULES) register(program);
  return program;
}

/** The command words of argv (`keys create`), for error lines. */
function commandPath(program: Command, argv: string[]): string {
  const words = ['videoconduit'];
  let cmd = program;
  for (const arg of argv) {
    const sub = cmd.commands.find((c) => c.name() === arg);
    if (!sub) break;
    words.push(arg);
    cmd = sub;
  }
  return words.join(' ');
}

function oneLine(message: string): string {
  return message.replace(/^error: /, '').replace(/\s*\n+\s*/g, ' ').replace(/\(Did you mean/, '(did you mean').trim().replace(/\.$/, '');
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.Ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    const where = commandPath(program, argv);
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.Ok;
      // A group without its subcommand (`videoconduit keys`): commander printed its help.
      if (err.code === 'commander.help' || err.code === 'commander.executeSubCommandAsync') return ExitCode.Usage;
      console.error(`${where}: ${oneLine(err.message)}; see \`${where} --help\``);
      return ExitCode.Usage;
    }
    if (err instanceof CliError) {
      console.error(`${where}: ${err.message}${err.exitCode === ExitCode.Usage ? `; see \`${where} --help\`` : ''}`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      console.error(err.message);
      return ExitCode.Failure;
    }
    console.error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    return ExitCode.Failure;
  }
}

// Run as the program (bin/videoconduit); importing this module (tests) runs nothing.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const code = await main(process.argv.slice(2));
  // `serve` keeps the process alive by itself; everything else ends here.
  process.exitCode = code;
}
