import { flush, run } from '@oclif/core';
import { debugEnabled, readManifestCommandIds, reportError } from './errors.js';
import { exitErrorCode } from './exit-codes.js';
import { endQuietlyOnClosedPipe } from './pipe.js';

export interface RunCommandLineOptions {
  /** `import.meta.url` of the bin (oclif finds the package from it). */
  url: string;
  /** The binary's name, for "Unknown command: <bin> ..." and "See: <bin> --help". */
  bin: string;
}

/**
 * Run an oclif command line and set the exit status. A command reports its own errors (see
 * BaseCommand); what escapes before one runs (unknown command, bad global flag) is printed
 * here the same way, with the `--json` document when asked, and mapped by the one table.
 * A closed pipe ends the run quietly.
 */
export async function runCommandLine(argv: string[], opts: RunCommandLineOptions): Promise<void> {
  endQuietlyOnClosedPipe();
  try {
    await run(argv, opts.url);
    await flush();
  } catch (error) {
    const passed = exitErrorCode(error);
    if (passed !== undefined) {
      process.exitCode = passed;
      return;
    }
    process.exitCode = reportError(error, {
      debug: debugEnabled(argv, process.env),
      helpCommand: `${opts.bin} --help`,
      bin: opts.bin,
      commandIds: readManifestCommandIds(new URL('../oclif.manifest.json', opts.url)),
    });
  }
}
