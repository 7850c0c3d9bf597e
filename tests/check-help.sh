#!/bin/sh
# Validates the Mallard help, and builds and validates each translation of it.
#
#   check-help.sh SOURCE_ROOT
set -eu
top=$1
cd "$top/help"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

yelp-check validate C/*.page || status=1
[ -z "$(yelp-check links C)" ] || { yelp-check links C; status=1; }

itstool -o "$tmp/help.pot" C/*.page C/legal.xml
for lang in $(cat LINGUAS); do
  msgmerge -q --no-fuzzy-matching "$lang/$lang.po" "$tmp/help.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --check --statistics -o "$tmp/$lang.mo" "$tmp/$lang.po" 2>&1)
  echo "help/$lang/$lang.po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
  mkdir -p "$tmp/$lang"
  itstool -m "$tmp/$lang.mo" -o "$tmp/$lang/" C/*.page C/legal.xml
  yelp-check validate "$tmp/$lang"/*.page || status=1
done

exit $status
