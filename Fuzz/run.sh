#!/bin/sh
# ./run.sh HARNESS [SECONDS] [libFuzzer options...]
#   HARNESS: FuzzFixture, FuzzReplay or FuzzJSON; SECONDS: campaign length (default 600).
# Builds the harnesses with libFuzzer and AddressSanitizer (flags on the
# command line, never in a Package.swift), seeds the corpus and runs one
# campaign: inputs up to 64 KiB, a 10 s timeout per input, 2 GB of memory.
# Crashes, timeouts and out-of-memory inputs are written to .build/findings/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
harness=${1:?"usage: ./run.sh FuzzFixture|FuzzReplay|FuzzJSON [SECONDS] [libFuzzer options...]"}
seconds=${2:-600}
[ $# -ge 2 ] && shift 2 || shift $#
# Linked with the toolchain's lld: SwiftPM aliases main to the harness's own
# entry point, and GNU gold fails (an internal error) on that beside libFuzzer.
lld="$(dirname "$(command -v swiftc)")/ld.lld"
mkdir -p "$here/.build"
printf '{"schemaVersion": "1.0", "linker": {"path": "%s"}}\n' "$lld" > "$here/.build/toolset.json"
swift build --package-path "$here" -c release --product "$harness" \
    -Xswiftc -sanitize=fuzzer,address --toolset "$here/.build/toolset.json"
"$here/seed-corpus.sh"
mkdir -p "$here/.build/findings/$harness"
exec "$here/.build/release/$harness" "$here/.build/corpus/$harness" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$here/.build/findings/$harness/" "$@"
