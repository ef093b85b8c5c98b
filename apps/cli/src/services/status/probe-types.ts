/** Options of `models status --probe`. */
export interface ProbeOptions {
  provider?: string;
  profileIds?: string[];
  timeoutMs: number;
  concurrency: number;
  maxTokens: number;
}
