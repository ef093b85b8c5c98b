#!/usr/bin/env node
// The entry's former path, kept for scripts and tools that run `node apps/cli/bin/run.js`
// directly: the `clawdbot` bin is bin/run.cjs (see there); this only forwards to it.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./run.cjs');
