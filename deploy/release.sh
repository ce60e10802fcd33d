#!/usr/bin/env bash
# Atomic deploy of the built site, and rollback (docs/operations.md).
#
#   deploy/release.sh publish OUTPUT TARGET   copy OUTPUT/ into TARGET/releases/<time>/site/
#                                             and the build's nginx notes (OUTPUT/../build/nginx/,
#                                             the 410 list) into .../<time>/nginx/, then point
#                                             TARGET/current at the new release
#   deploy/release.sh rollback TARGET         point TARGET/current at the release
#                                             before the one it points at now
#   deploy/release.sh list TARGET             releases, newest last; * = current
#
# TARGET is a local folder or user@host:/folder (over ssh). The switch is one
# rename(2) of a symlink, so a reader gets the old release or the new one,
# never a mix; an interrupted copy leaves `current` untouched.
# Environment: DEPLOY_KEEP (releases kept, default 5), DEPLOY_RSYNC_OPTS (extra
# rsync options), DEPLOY_SSH (ssh command for remote targets, e.g.
# "ssh -i ~/.ssh/bkd_deploy"; rsync uses it too), DEPLOY_RELOAD (command run on the target after a switch,
# e.g. "sudo systemctl reload nginx", so nginx rereads the 410 list).
set -euo pipefail

KEEP="${DEPLOY_KEEP:-5}"

usage() { sed -n '2,11p' "$0" >&2; exit 2; }

split_target() {
  # host:path (no slash before the colon) is remote; anything else is local.
  if [[ "$1" =~ ^([^/:]+):(.+)$ ]]; then
    HOST="${BASH_REMATCH[1]}"; ROOT="${BASH_REMATCH[2]}"
  else
    HOST=""; ROOT="$1"
  fi
}

# Run a shell snippet on the target, with ROOT as $1 and further arguments after it.
on_target() {
  local script="$1"; shift
  if [ -n "$HOST" ]; then
    # shellcheck disable=SC2086
    ${DEPLOY_SSH:-ssh} "$HOST" bash -s -- "$ROOT" "$@" <<<"$script"
  else
    bash -c "$script" bash "$ROOT" "$@"
  fi
}

SWITCH='set -euo pipefail
root=$1; release=$2
ln -sfn "releases/$release" "$root/current.new"
mv -T "$root/current.new" "$root/current"'

PRUNE='set -euo pipefail
root=$1; keep=$2
current=$(basename "$(readlink "$root/current")")
ls -1 "$root/releases" | sort | head -n -"$keep" | while read -r old; do
  [ "$old" = "$current" ] || rm -rf -- "$root/releases/$old"
done'

reload() {
  if [ -n "${DEPLOY_RELOAD:-}" ]; then
    on_target "$DEPLOY_RELOAD"
  fi
}

publish() {
  local source="${1%/}"
  [ -f "$source/index.html" ] || { echo "release.sh: $source/index.html tidak ada; jalankan make publish dulu" >&2; exit 1; }
  local notes
  notes="$(dirname "$source")/build/nginx"
  [ -f "$notes/gone.conf" ] || { echo "release.sh: $notes/gone.conf tidak ada; jalankan make publish dulu" >&2; exit 1; }
  local release
  release="$(date -u +%Y%m%dT%H%M%S.%NZ)"
  on_target 'mkdir -p "$1/releases/$2/site" "$1/releases/$2/nginx"' "$release"
  local dest link_dest=() remote_shell=()
  if [ -n "${DEPLOY_SSH:-}" ]; then remote_shell=(-e "$DEPLOY_SSH"); fi
  if [ -n "$HOST" ]; then dest="$HOST:$ROOT/releases/$release"; else dest="$ROOT/releases/$release"; fi
  # Unchanged files become hard links to the running release: fast and small,
  # and their Last-Modified/ETag stay the same for browsers. Compared by
  # content (--checksum), with times not kept (--no-times): every build writes
  # every file anew, so times never match, and rsync's quick check (size +
  # time) could link a changed file of the same size.
  if on_target '[ -d "$1/current/site/" ]'; then
    link_dest=(--checksum --no-times --link-dest="../../../current/site/")
  fi
  # A failed copy is removed; `current` still points at the running release.
  # shellcheck disable=SC2086
  if ! rsync -a --delete "${remote_shell[@]}" "${link_dest[@]}" ${DEPLOY_RSYNC_OPTS:-} "$source/" "$dest/site/" \
     || ! rsync -a --delete "${remote_shell[@]}" ${DEPLOY_RSYNC_OPTS:-} "$notes/" "$dest/nginx/"; then
    on_target 'rm -rf -- "$1/releases/$2"' "$release"
    echo "release.sh: salinan gagal; situs tetap pada rilis sebelumnya" >&2
    exit 1
  fi
  on_target "$SWITCH" "$release"
  on_target "$PRUNE" "$KEEP"
  reload
  echo "release.sh: $release aktif di $2"
}

rollback() {
  local script='set -euo pipefail
root=$1
current=$(basename "$(readlink "$root/current")")
previous=$(ls -1 "$root/releases" | sort | awk -v c="$current" '"'"'$0 == c {print prev; exit} {prev = $0}'"'"')
if [ -z "$previous" ]; then
  echo "release.sh: tidak ada rilis sebelum $current untuk dikembalikan" >&2; exit 1
fi
ln -sfn "releases/$previous" "$root/current.new"
mv -T "$root/current.new" "$root/current"
echo "release.sh: kembali ke $previous (sebelumnya $current)"'
  on_target "$script"
  reload
}

list() {
  on_target 'c=$(basename "$(readlink "$1/current" 2>/dev/null || true)")
for r in $(ls -1 "$1/releases" | sort); do [ "$r" = "$c" ] && echo "* $r" || echo "  $r"; done'
}

[ $# -ge 2 ] || usage
command="$1"; shift
case "$command" in
  publish) [ $# -eq 2 ] || usage; split_target "$2"; publish "$1" "$2" ;;
  rollback) [ $# -eq 1 ] || usage; split_target "$1"; rollback ;;
  list) [ $# -eq 1 ] || usage; split_target "$1"; list ;;
  *) usage ;;
esac
