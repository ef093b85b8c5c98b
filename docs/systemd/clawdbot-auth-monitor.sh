#!/bin/sh
# clawdbot auth monitor: runs `clawdbot models status --check --json`, exits with its code
# (0 fine, 1 missing/expired, 2 expiring within 24 h) and, when CLAWDBOT_AUTH_MONITOR_URL is
# set, POSTs a one-line summary there (ntfy style) whenever the code is not 0.
# The report never contains secrets; neither does the message.
set -u
CLAWDBOT="${CLAWDBOT_BIN:-clawdbot}"
AGENT="${CLAWDBOT_AUTH_MONITOR_AGENT:-}"
URL="${CLAWDBOT_AUTH_MONITOR_URL:-}"

if [ -n "$AGENT" ]; then
  report="$("$CLAWDBOT" models status --check --json --agent "$AGENT" 2>/dev/null)"
else
  report="$("$CLAWDBOT" models status --check --json 2>/dev/null)"
fi
code=$?

case "$code" in
  0) exit 0 ;;
  1) title="clawdbot: a model credential is missing or expired" ;;
  2) title="clawdbot: a credential expires within 24 h" ;;
  126 | 127)
    # the shell could not run it: not a credential problem, so say what to fix instead
    title="clawdbot auth monitor: cannot run $CLAWDBOT (exit $code)"
    report="" ;;
  *) title="clawdbot auth monitor: models status --check failed (exit $code)" ;;
esac

# Summarize with node (clawdbot needs it anyway): missing providers and bad profiles.
summary="$(printf '%s' "$report" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    try {
      const r = JSON.parse(s), a = r.auth, out = [];
      if (a.missingProvidersInUse.length) out.push("missing: " + a.missingProvidersInUse.join(", "));
      for (const p of a.oauth.profiles) if (["expired", "expiring"].includes(p.status)) out.push(p.profileId + " " + p.status);
      console.log(out.join("; ") || "see clawdbot models status");
    } catch { console.log(process.argv[1] === "126" || process.argv[1] === "127"
      ? "set CLAWDBOT_BIN to the clawdbot executable, or put it on the service PATH"
      : "clawdbot models status failed; run it by hand"); }
  });' "$code" 2>/dev/null || echo "see clawdbot models status")"

echo "$title: $summary" >&2
if [ -n "$URL" ]; then
  curl -fsS -m 20 -H "Title: $title" -H "Priority: high" -d "$summary (run: clawdbot models status)" "$URL" >/dev/null 2>&1 ||
    echo "could not post to the monitor URL" >&2
fi
exit "$code"
