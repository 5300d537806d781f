# Shared by the benchmark scripts: writes a script's section of docs/benchmarks.md.
# Needs $PY (python3) and log() from tests/interop/lib.sh.

# replace_docs_section FILE MARKER TITLE TEXT: TEXT goes between FILE's
# <!-- MARKER:begin --> and <!-- MARKER:end --> lines (added at the end under "## TITLE" when
# missing), replacing what was there; the rest of FILE is left as it is.
replace_docs_section() {
  local file="$1" marker="$2" title="$3" text="$4"
  grep -q "<!-- $marker:begin -->" "$file" 2>/dev/null ||
    printf '\n## %s\n\n<!-- %s:begin -->\n<!-- %s:end -->\n' "$title" "$marker" "$marker" >>"$file"
  SECTION="$text" "$PY" - "$file" "$marker" <<'PYEOF'
import os, sys
path, marker = sys.argv[1], sys.argv[2]
text = open(path).read()
begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
i, j = text.index(begin), text.index(end)
text = text[:i + len(begin)] + "\n" + os.environ["SECTION"].rstrip() + "\n" + text[j:]
open(path, "w").write(text)
PYEOF
  log "wrote the table to $file"
}
