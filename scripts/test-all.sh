#!/usr/bin/env bash
# The README's test command: installs what the suite needs (npm packages, SoftHSM2, Chromium),
# then runs the format check, lint with zero warnings, the type check and every test on SQLite and
# on a PostgreSQL server that the suite starts itself, in a shuffled order (ADR 0021) whose seed is
# printed first: TIJORI_TEST_SEED=N replays an order.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# The elapsed time is printed however the run ends (the README records a quiet machine's figure).
trap 'elapsed=$(( $(date +%s) - started )); printf "Elapsed: %dm %02ds\n" $((elapsed / 60)) $((elapsed % 60))' EXIT

bash scripts/install-test-deps.sh
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run format:check
npm run lint
npm run typecheck
if [ -n "${TIJORI_TEST_SEED:-}" ]; then
  echo "Test order: shuffled with seed ${TIJORI_TEST_SEED}"
  npx vitest run --sequence.shuffle --sequence.seed="${TIJORI_TEST_SEED}"
else
  # Declared order: the browser journeys are steps of one story within their file, and not every
  # folder has been shown to pass shuffled yet (ADR 0056). `npm run test:shuffled` runs the rest.
  echo "Test order: declared (TIJORI_TEST_SEED=N runs the whole suite shuffled)"
  npx vitest run
fi
