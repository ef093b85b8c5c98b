// proper-lockfile's internal module: the same instance its entry point uses, read only for
// getLocks() (the mtime it last set on each lock we hold, to tell whether a lock is still ours).
declare module 'proper-lockfile/lib/lockfile.js' {
  const lib: { getLocks?: () => Record<string, { mtime: Date; released?: boolean }> };
  export default lib;
}
