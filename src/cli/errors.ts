// Exit codes of the videoconduit command (documented in docs/cli.md) and the error that
// carries one. Every failure prints one line on stderr, never a stack trace.

export const ExitCode = {
  Ok: 0,
  /** The request or command failed: an API error, the server unreachable, bad configuration. */
  Failure: 1,
  /** Wrong usage: an unknown command or option, a missing or invalid option value. */
  Usage: 2,
  /** --wait / jobs wait: the job ended failed or cancelled. */
  JobFailed: 3,
  /** jobs wait --timeout / --wait --timeout: the job was still running. */
  Timeout: 4,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Failure,
  ) {
    super(message);
  }
}
