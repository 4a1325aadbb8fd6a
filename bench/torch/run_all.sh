#!/usr/bin/env bash
# Run every reference script for seeds 1..3 (threads from $THREADS, default 1), one JSON line each.
# Usage: bash bench/torch/run_all.sh [threads] > results.jsonl
set -euo pipefail
cd "$(dirname "$0")"
PY="${DLX_TORCH_PYTHON:-/usr/bin/python3}"
THREADS="${1:-1}"
for s in 1 2 3; do
  for ex in seq_to_class many_qwerties lr_sweep predict_sugar; do
    DLX_BENCH_T0_MS="$(date +%s%3N)" "$PY" "$ex.py" --seed "$s" --threads "$THREADS"
  done
done
