#!/bin/bash
# Recollects the corpus files listed in sources.tsv (id, repo, path, commit) into
# files/ID.cfg, each at its recorded commit.
#   tools/fetch-files.sh [CORPUS_DIR]
# With MIRROR set to a directory of bare snapshots named OWNER+NAME/repo (the layout
# the session's fetch tool leaves in /work/.mirror), reads them with git show;
# otherwise downloads https://raw.githubusercontent.com/REPO/COMMIT/PATH with curl.
set -eu
DIR=${1:-$(cd "$(dirname "$0")/.." && pwd)}
mkdir -p "$DIR/files"
tail -n +2 "$DIR/sources.tsv" | while IFS=$'\t' read -r id repo path commit; do
    out=$DIR/files/$id.cfg
    [ -s "$out" ] && continue
    if [ -n "${MIRROR:-}" ]; then
        gd=$MIRROR/${repo/\//+}/repo
        [ -d "$gd/.git" ] && gd=$gd/.git
        git --git-dir="$gd" show "$commit:$path" > "$out" || { echo "missing: $id $repo $path" >&2; rm -f "$out"; }
    else
        curl -fsSL "https://raw.githubusercontent.com/$repo/$commit/$path" -o "$out" \
            || { echo "missing: $id $repo $path" >&2; rm -f "$out"; }
    fi
done
echo "$(ls "$DIR/files" | wc -l) files in $DIR/files"
