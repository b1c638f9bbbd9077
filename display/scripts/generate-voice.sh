#!/usr/bin/env bash
# Generates the hall display's recorded voice with espeak-ng: for each language, every word the
# display may say, trimmed and normalised, joined into one Ogg Vorbis file (renderer/public/voice/<lang>.ogg)
# with a table of where each word starts and how long it is (<lang>.json, in seconds).
# The output is committed, so building the app needs no espeak-ng; rerun this only to change the voice:
#   apt-get install -y espeak-ng sox && display/scripts/generate-voice.sh
#
# Words (the same names in every language; renderer/audio/segments.ts builds announcements from them):
#   intro "Turno"/"Ticket", counter "módulo"/"counter", recall "Llamado de nuevo"/"Called again",
#   letter-a … letter-z, number-0 … number-30 (ticket digits are read one by one; counters up to 30 as numbers).
set -euo pipefail

OUT="$(cd "$(dirname "$0")/.." && pwd)/renderer/public/voice"
RATE=16000
GAP=0.08 # silence after each word in the joined file, so no word bleeds into the next
for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y espeak-ng sox" >&2; exit 1; }
done
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# NOTE: espeak-ng reads a lone capital letter as its name, except Spanish Y, which it reads "i"
# (the same as I): it gets its Colombian name "ye".
letter_text() {
  if [[ "$1" == es && "$2" == Y ]]; then echo ye; else echo "$2"; fi
}

generate() {
  local lang=$1 voice=$2
  shift 2
  local -a names=() texts=()
  names+=(intro counter recall); texts+=("$1" "$2" "$3")
  for letter in {A..Z}; do names+=("letter-${letter,,}"); texts+=("$(letter_text "$lang" "$letter")"); done
  for n in $(seq 0 30); do names+=("number-$n"); texts+=("$n"); done

  local -a parts=()
  local offset=0 json="" i
  for i in "${!names[@]}"; do
    espeak-ng -v "$voice" -s 140 -p 45 -w "$TMP/raw.wav" -- "${texts[$i]}"
    sox "$TMP/raw.wav" -r "$RATE" -c 1 -b 16 "$TMP/$lang-$i.wav" \
      silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse gain -n -1 pad 0 "$GAP"
    parts+=("$TMP/$lang-$i.wav")
    local samples
    samples=$(soxi -s "$TMP/$lang-$i.wav")
    local length
    length=$(awk -v s="$samples" -v r="$RATE" -v g="$GAP" 'BEGIN { printf "%.4f", s / r - g }')
    json+="${json:+,}\n    \"${names[$i]}\": [$(awk -v o="$offset" -v r="$RATE" 'BEGIN { printf "%.4f", o / r }'), $length]"
    offset=$((offset + samples))
  done
  # NOTE: one Vorbis file per language: a quarter of the WAVs' size, one request, one decode.
  sox "${parts[@]}" -C 3 "$OUT/$lang.ogg"
  printf '{\n  "lang": "%s",\n  "segments": {%b\n  }\n}\n' "$lang" "$json" >"$OUT/$lang.json"
}

rm -rf "${OUT:?}"
mkdir -p "$OUT"
generate es es-419 "Turno" "módulo" "Llamado de nuevo"
generate en en-us "Ticket" "counter" "Called again"
ls -l "$OUT"
