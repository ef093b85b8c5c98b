#!/usr/bin/env node
import { execute } from '@oclif/core';

// Standalone `clawdbot-doctor`: with no arguments it runs the doctor command itself.
const argv = process.argv.slice(2);
await execute({ args: argv[0] === 'doctor' ? argv : ['doctor', ...argv], dir: import.meta.url });
