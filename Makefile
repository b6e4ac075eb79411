# VideoConduit developer entry points. `make setup` is idempotent and takes well under a
# second when nothing is missing, so every other target starts with it.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Databases the integration tests use (see docs/configuration.md); override on the command line.
VC_TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export VC_TEST_DATABASE_URL

.PHONY: setup start test typecheck lint bench check-docs

setup:
	bash scripts/setup.sh

start: setup
	bin/videoconduit migrate
	@echo
	@echo "To get an API key, create an account in another terminal:"
	@echo "    bin/videoconduit accounts create --name me --credits 100"
	@echo
	exec bin/videoconduit serve

typecheck: setup
	npx tsc --noEmit -p .
	npx tsc --noEmit -p web

test: setup check-docs
	npx tsc --noEmit -p .
	npx tsc --noEmit -p web
	npm run --silent lint
	npx vitest run

lint: setup
	npm run --silent lint

# Every VC_* variable that src/config.ts reads must have a row in docs/configuration.md.
check-docs:
	@missing=$$(grep -oE "'VC_[A-Z0-9_]+'" src/config.ts | tr -d "'" | sort -u | \
	  while read -r v; do grep -q "^| \`$$v\` |" docs/configuration.md || echo "$$v"; done); \
	if [ -n "$$missing" ]; then \
	  echo "docs/configuration.md lacks a row for:" $$missing >&2; exit 1; \
	fi

bench: setup
	npx tsx bench/info.ts
	npx tsx bench/download.ts
	npx tsx bench/preview.ts
	npx tsx bench/webhooks.ts
	npx tsx bench/comments.ts
	npx tsx bench/speech.ts
	npx tsx bench/fingerprint.ts
	npx tsx bench/mcp.ts
	npx tsx bench/load.ts
	-npx tsx bench/fuzz.ts  # reports; a 431 for >16 KiB request lines is Node's limit, see docs/security.md
