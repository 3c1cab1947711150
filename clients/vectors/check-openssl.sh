#!/usr/bin/env bash
# Re-signs every vector's signedString with the openssl CLI and compares with the committed signature:
# a second implementation, independent of both generate.py's library and the SikkerKey clients.
# Needs: openssl 3 (pkeyutl -rawin), jq.
set -euo pipefail
vectors="$(dirname "$0")/signing.json"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
count=$(jq '.vectors | length' "$vectors"); failed=0
for i in $(seq 0 $((count - 1))); do
  jq -r ".vectors[$i].privateKeyPem" "$vectors" > "$work/key.pem"
  jq -j ".vectors[$i].signedString" "$vectors" > "$work/message"
  actual=$(openssl pkeyutl -sign -rawin -inkey "$work/key.pem" -in "$work/message" | base64 -w0)
  expected=$(jq -r ".vectors[$i].signature" "$vectors")
  name=$(jq -r ".vectors[$i].name" "$vectors")
  if [[ "$actual" == "$expected" ]]; then echo "ok   $name"; else echo "FAIL $name"; failed=$((failed + 1)); fi
done
echo "$((count - failed)) passed, $failed failed"
[[ $failed -eq 0 ]]
