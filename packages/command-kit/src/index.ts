/**
 * @clawdbot-auth/command-kit: what every clawdbot command shares, without loading oclif
 * (the base command and the bin runner are in `@clawdbot-auth/command-kit/oclif`).
 */
export {
  debugEnabled,
  type ErrorDocument,
  errorJson,
  hintLine,
  type RenderErrorOptions,
  type ReportErrorOptions,
  readManifestCommandIds,
  renderError,
  reportError,
} from './errors.js';
export {
  EXIT,
  type ExitCode,
  exitCodeFor,
  exitErrorCode,
  isInterrupt,
  isShapedError,
  isUsageError,
  type ShapedError,
  setExitCode,
} from './exit-codes.js';
export {
  applyGlobalOptions,
  GlobalOptionError,
  type GlobalOptions,
  parseGlobalOptions,
  takeGlobalOptions,
} from './global-options.js';
export {
  colorEnabled,
  createOutput,
  displayPath,
  type Output,
  type OutputOptions,
  printable,
  tildePaths,
} from './output.js';
export { endQuietlyOnClosedPipe } from './pipe.js';
