#!/usr/bin/env bash
# The README's test command: installs what the suite needs (npm packages, SoftHSM2, Chromium),
# then runs the format check, lint with zero warnings, the type check and every test on SQLite and
# on a PostgreSQL server that the suite starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# The elapsed time is printed however the run ends (the README records a quiet machine's figure).
trap 'elapsed=$(( $(date +%s) - started )); printf "Elapsed: %dm %02ds\n" $((elapsed / 60)) $((elapsed % 60))' EXIT

bash scripts/install-test-deps.sh
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run check
# The shuffled run (npm run test:shuffled, ADR 0021) is not part of this command yet: with seed
# 4242 it still finds order dependencies in a few files (see the README), and a CI run must not
# depend on the seed it draws.
