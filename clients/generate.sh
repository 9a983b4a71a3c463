#!/usr/bin/env bash
# Regenerate the API clients from docs/openapi.yaml (`make client`). The generators are pinned
# (openapi-python-client in the project's dev dependencies, openapi-typescript in
# clients/typescript/package-lock.json), so the same schema always gives the same files.
# Hand-written code lives outside the generated paths: clients/python/marginal_batching/,
# clients/python/pyproject.toml and clients/typescript/src/index.ts are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$(cd "${VENV:-.venv}" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Python: generate the package alone (--meta none) away from the repository's own ruff
# settings; the generator formats it with the pinned ruff on PATH.
(cd "$tmp" && PATH="$VENV/bin:$PATH" "$VENV/bin/openapi-python-client" generate \
  --path "$ROOT/docs/openapi.yaml" --meta none --config "$ROOT/clients/python/generator.yaml" \
  --output-path "$tmp/marginal_client" --fail-on-warning >/dev/null)
rm -rf "$tmp/marginal_client/.ruff_cache"
rm -rf clients/python/marginal_client
cp -R "$tmp/marginal_client" clients/python/marginal_client

# TypeScript: types only; the typed wrapper in src/index.ts is written by hand.
if [ ! -x clients/typescript/node_modules/.bin/openapi-typescript ]; then
  (cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error)
fi
clients/typescript/node_modules/.bin/openapi-typescript docs/openapi.yaml --default-non-nullable false \
  --output clients/typescript/src/schema.ts >/dev/null 2>&1
echo "clients regenerated from docs/openapi.yaml"
