#!/bin/sh
# Writes the seed corpora of the three harnesses into .build/corpus/<harness>:
# the golden fixtures and the test suite's external fixture (fixture and JSON
# harnesses), small JSON texts (JSON harness), and one file per line of
# Seeds/tokens.txt (replay harness). Nothing generated here is kept in git.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus="$here/.build/corpus"
mkdir -p "$corpus/FuzzFixture" "$corpus/FuzzReplay" "$corpus/FuzzJSON"
for file in "$root"/Fixtures/*.json "$root"/Tests/GoldenTests/ExternalFixtures/*.json; do
    cp "$file" "$corpus/FuzzFixture/"
    cp "$file" "$corpus/FuzzJSON/"
done
i=0
for text in '{}' '[]' '[0, -0.0, 1e-05, 5e-324, 1.7976931348623157e308]' '"\u00e9\ud83d\ude00\n"' \
            '{"a": [true, false, null], "b": {"c": []}}' '[[[[1]]]]'; do
    i=$((i + 1))
    printf '%s' "$text" > "$corpus/FuzzJSON/seed-$i.json"
done
i=0
while IFS= read -r token; do
    i=$((i + 1))
    printf '%s' "$token" > "$corpus/FuzzReplay/token-$i.txt"
done < "$here/Seeds/tokens.txt"
echo "seeded $corpus"
