#!/usr/bin/env bash
# Scores feedback-coverage on the evaluation set (tests/fixtures/feedback-eval/: four
# fictional announcements, 80 problems, feedback at three rewording distances, each
# one-section-deleted variant): prints false reports per 100 problems and recall per distance,
# and exits non-zero when a figure is below the targets of issue 17.
#   scripts/feedback_eval.sh [-v]      (-v lists every miss and false report)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "-v" ]; then export FEEDBACK_EVAL_VERBOSE=1; fi
cargo test --quiet --test integration feedback_eval:: -- --nocapture --test-threads 1
