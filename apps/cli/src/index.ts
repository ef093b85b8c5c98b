/** Programmatic entry: run the clawdbot CLI with the given argv. */
export { run } from '@oclif/core';
