#!/usr/bin/env node
// Standalone `clawdbot-doctor`: with no command it runs the doctor command itself
// (`--version` stays the binary's). Errors, exit codes and a closed pipe are handled by the
// same kit as `clawdbot`.
import os from 'node:os';
import { takeGlobalOptions } from '@clawdbot-auth/command-kit/global-options';
import { runCommandLine } from '@clawdbot-auth/command-kit/oclif';

// --profile <name>, --dev and --no-color as in `clawdbot` (state under ~/.clawdbot-<name>).
const argv = takeGlobalOptions(process.argv.slice(2), os.homedir());
if (!argv) process.exit(1);
const own = argv[0] === 'doctor' || argv[0] === '--version' || argv[0] === '-v';
await runCommandLine(own ? argv : ['doctor', ...argv], { url: import.meta.url, bin: 'clawdbot-doctor' });
