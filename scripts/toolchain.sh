#!/usr/bin/env bash
# Makes Node >= 22 and the pinned pnpm available, installing them from the npm registry
# into .tooling/ (git-ignored) when the machine's own are older or missing. Source it:
#   . scripts/toolchain.sh
# Node comes from the registry package node-<platform>-<arch> (the binary ships inside it,
# no install script runs). Nothing is installed globally and nothing by hand.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_tool="$_root/.tooling"
_node_min=22
_node_pin=22.23.3
_pnpm_pin="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$_root/package.json")"

# Behind a TLS-inspecting proxy the registry's chain ends at a CA that only the system bundle
# holds; Node (and so npm and pnpm) reads it from NODE_EXTRA_CA_CERTS.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

_npm_into() { # dir spec
  mkdir -p "$1" && [ -f "$1/package.json" ] || echo '{"private":true}' >"$1/package.json"
  (cd "$1" && npm install --no-audit --no-fund --no-package-lock --ignore-scripts --loglevel=error "$2" >/dev/null)
}
_major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }

_os="$(uname -s | tr '[:upper:]' '[:lower:]')"; _arch="$(uname -m)"
case "$_arch" in x86_64) _arch=x64 ;; aarch64) _arch=arm64 ;; esac
_nodepkg="node-$_os-$_arch"
_nodebin="$_tool/node/node_modules/$_nodepkg/bin"
if [ -x "$_nodebin/node" ]; then
  export PATH="$_nodebin:$PATH"
elif ! command -v node >/dev/null || [ "$(_major node)" -lt "$_node_min" ]; then
  echo "toolchain: installing Node $_node_pin ($_nodepkg) from the npm registry into .tooling/node" >&2
  _npm_into "$_tool/node" "$_nodepkg@$_node_pin"
  export PATH="$_nodebin:$PATH"
fi

_pnpmbin="$_tool/pnpm/node_modules/.bin"
if [ "$(pnpm --version 2>/dev/null)" != "$_pnpm_pin" ]; then
  if [ "$("$_pnpmbin/pnpm" --version 2>/dev/null)" != "$_pnpm_pin" ]; then
    echo "toolchain: installing pnpm $_pnpm_pin from the npm registry into .tooling/pnpm" >&2
    _npm_into "$_tool/pnpm" "pnpm@$_pnpm_pin"
  fi
  export PATH="$_pnpmbin:$PATH"
fi
unset _root _tool _node_min _node_pin _pnpm_pin _os _arch _nodepkg _nodebin _pnpmbin
export COREPACK_ENABLE_STRICT=0
