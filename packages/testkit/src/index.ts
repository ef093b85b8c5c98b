/** Private test helpers shared by every package's tests. Never a runtime dependency. */

export { type EtcdCluster, type EtcdMember, etcdBinary, etcdTestsEnabled, startEtcd } from './etcd.js';
export {
  closeSharedEtcd,
  freshStoreUrl,
  type StoreBackendKind,
  sharedEtcd,
  storeBackendKinds,
} from './etcd-shared.js';
export * from './fake-security.js';
export { type KeyringChild, keyringDaemonsOf, startInKeyringSession } from './keyring-child.js';
export { hasSecretService, inKeyringSession } from './keyring-session.js';
export * from './model-server.js';
export * from './oauth-server.js';
export { type ResolverBehaviour, writeResolverScript } from './resolver-script.js';
export { CLI_BIN, type CliRun, type RunCliOptions, runCli } from './run-cli.js';
export {
  allFixtureSecrets,
  assertNoLeak,
  fixtureSecret,
  LEAK_WINDOW,
  leakedSecrets,
  plantSecret,
} from './secrets.js';
export { makeTempHome, type TempHome } from './temp-home.js';
export { CTRL_C, runOnTerminal, type TerminalRun } from './terminal.js';
export { upstreamExamplesDir } from './upstream-examples.js';
export { type WatchedChild, watchChild } from './watch-child.js';
