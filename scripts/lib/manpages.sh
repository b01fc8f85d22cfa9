#!/usr/bin/env bash
# manpages.sh TRAININGCTL_BINARY OUTPUT_DIR: writes trainingctl's man pages (one per command,
# trainingctl.1, trainingctl.event.create.1, ...) with swift-argument-parser's generate-manual
# tool, from the same help text as --help. The tool is built once from the argument parser
# checkout SwiftPM already fetched, in .build/generate-manual (about 30 s), and reused.
set -euo pipefail
ctl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
checkout=.build/checkouts/swift-argument-parser
[ -d "$checkout" ] || swift package resolve >&2
tool=.build/generate-manual/release/generate-manual
mkdir -p .build
# Two installs at once (parallel tests) build the tool once.
exec 9>.build/generate-manual.lock
flock 9
if [ ! -x "$tool" ]; then
    swift build --package-path "$checkout" --scratch-path .build/generate-manual -c release --product generate-manual >&2
fi
flock -u 9
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The tool drops every non-ASCII character (Kyrgyz and Russian words in examples). So it reads
# the help through a wrapper that spells them @@uXXXX@@, and the pages then get the roff
# escape \[uXXXX] that groff and mandoc render as the character.
cat > "$tmp/trainingctl" <<WRAPPER
#!/bin/sh
"$ctl" "\$@" | perl -CS -pe 's/([^\\x00-\\x7f])/sprintf("@@u%04X@@", ord(\$1))/ge'
WRAPPER
chmod +x "$tmp/trainingctl"
mkdir "$tmp/pages"
"$tool" "$tmp/trainingctl" --multi-page --section 1 --output-directory "$tmp/pages" >&2
# The generator copies blank lines of the help text into the page; in mdoc a paragraph
# break is .Pp (a blank line is a warning for groff and mandoc).
for page in "$tmp"/pages/*.1; do
    sed 's/^[[:space:]]*$/.Pp/' "$page" | perl -pe 's/@@u([0-9A-F]{4,6})@@/\\[u$1]/g' > "$out/$(basename "$page")"
    chmod 0644 "$out/$(basename "$page")"
done
ls "$out"/trainingctl*.1 >/dev/null
