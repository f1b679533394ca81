#!/usr/bin/env bash
# Opens every annotated output of the annotate tests and the sample with LibreOffice
# (headless): each must convert to PDF and to text, and LibreOffice's own reading of it
# (the flat ODF export) must list every comment of word/comments.xml as an
# office:annotation, with zhenggai's comments under their author.
#
#   scripts/annotate_libreoffice.sh        (needs soffice and unzip; .ci/run installs them)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in soffice unzip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "annotate_libreoffice: $tool missing" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ZHENGGAI_ANNOTATE_OUT="$work/docx" cargo test -q --test integration annotate:: >/dev/null
scripts/annotate_sample.sh "$work/docx" >/dev/null 2>&1
# A private profile: no state shared with (or left for) a user's LibreOffice.
lo() {
  timeout -k 10 180 soffice -env:UserInstallation="file://$work/profile" --headless --norestore \
    --convert-to "$1" --outdir "$2" "$3" >/dev/null 2>&1
}
# Occurrences of a pattern on standard input (0 without failing under pipefail).
occurrences() { { grep -o "$1" || true; } | wc -l; }
failed=0
count=0
for f in "$work"/docx/*.docx; do
  name=$(basename "$f" .docx)
  expected=$(unzip -p "$f" word/comments.xml | occurrences '<w:comment ')
  ours=$(unzip -p "$f" word/comments.xml | { grep -o 'w:author="[^"]*"' || true; } | { grep -vc '"办公室"' || true; })
  lo pdf "$work/pdf" "$f" || true
  lo txt:Text "$work/txt" "$f" || true
  lo fodt "$work/fodt" "$f" || true
  problems=()
  [ -s "$work/pdf/$name.pdf" ] || problems+=("no PDF")
  [ -s "$work/txt/$name.txt" ] || problems+=("no text")
  # The document's last piece of text is in LibreOffice's text.
  last=$(unzip -p "$f" word/document.xml | { grep -o '<w:t[ >][^<]*' || true; } |
    sed 's/^<w:t[^>]*>//' | { grep -v '^ *$' || true; } | tail -n 1)
  grep -qF -- "$last" "$work/txt/$name.txt" 2>/dev/null || problems+=("text without “$last”")
  fodt="$work/fodt/$name.fodt"
  if [ -s "$fodt" ]; then
    # Start elements only: a ranged comment also has an office:annotation-end.
    got=$(occurrences '<office:annotation[ >]' <"$fodt")
    # The author of each comment (the line after its start tag in LibreOffice's output).
    by_us=$(awk '/<office:annotation[ >]/ { a = 1 } a && /<dc:creator>/ { print; a = 0 }' "$fodt" |
      grep -vc '>办公室<' || true)
    # Tracked changes written by annotate (the fixtures' own, by 审核, may be split by
    # LibreOffice into several regions, ours are one run each).
    changes=$(unzip -p "$f" word/document.xml | { grep -o '<w:\(ins\|del\) w:id="[0-9]*" w:author="[^"]*"' || true; } |
      { grep -vc '"审核"' || true; })
    regions=$(awk '/<text:changed-region/ { a = 1 } a && /<dc:creator>/ { print; a = 0 }' "$fodt" |
      { grep -vc '>审核<' || true; })
    [ "$regions" -eq "$changes" ] || problems+=("$regions tracked changes by annotate in LibreOffice, $changes in the file")
  else
    problems+=("no flat ODF")
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    echo "annotate_libreoffice: $name.docx: ${problems[*]}" >&2
    failed=1
  else
    echo "annotate_libreoffice: $name.docx: PDF, text, $expected comments and $changes tracked changes read back"
  fi
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "annotate_libreoffice: no annotated files" >&2; exit 1; }
exit "$failed"
