#!/usr/bin/env bash
# manpages.sh TRAININGCTL_BINARY OUTPUT_DIR: generates trainingctl's man pages with
# swift-argument-parser's generate-manual plugin (from the same help text as --help).
set -euo pipefail
ctl=$1
out=$2
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
swift package --allow-writing-to-directory "$tmp" generate-manual --multi-page --output-directory "$tmp" --product trainingctl >&2
find "$tmp" -name '*.1' -exec install -m 0644 {} "$out/" \;
ls "$out"/trainingctl*.1 >/dev/null
