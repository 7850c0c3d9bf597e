#!/bin/sh
# Fails when po/POTFILES.in misses a file with translatable strings, or when
# a language in po/LINGUAS is not fully translated against the current sources.
#
#   check-translations.sh SOURCE_ROOT
set -eu
top=$1
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
for f in $(git ls-files 'src/*.c' 'src/*.ui' 'src/*.xml' 'data/*.in' 2>/dev/null || find src data -name '*.c' -o -name '*.ui' -o -name '*.xml' -o -name '*.in'); do
  # C sources are matched on their gettext calls only: a comment may well
  # mention an XML element such as <name>.
  case "$f" in
    *.c) pattern='_\(|N_\(|C_\(|g_dngettext' ;;
    *) pattern='_\(|N_\(|C_\(|translatable="yes"|^(Name|GenericName|Comment|Keywords)=|<(summary|description|caption|name)>' ;;
  esac
  if grep -q -E "$pattern" "$f" &&
     ! printf '%s\n' "$listed" | grep -qx "$f"; then
    echo "po/POTFILES.in misses $f" >&2
    status=1
  fi
done

for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist" >&2; status=1; }
done

# The same extraction meson's i18n.gettext (preset glib, po/its) does.
GETTEXTDATADIRS="$top/po"
export GETTEXTDATADIRS
printf '%s\n' "$listed" > "$tmp/POTFILES"
xgettext --from-code=UTF-8 --add-comments --package-name=bienestar \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  -f "$tmp/POTFILES" -o "$tmp/bienestar.pot"

for lang in $(cat po/LINGUAS); do
  msgmerge -q --no-fuzzy-matching "po/$lang.po" "$tmp/bienestar.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  echo "po/$lang.po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
  obsolete=$(msgattrib --only-obsolete "po/$lang.po" | grep -c '^#~ msgid' || true)
  [ "$obsolete" -eq 0 ] || echo "po/$lang.po keeps $obsolete obsolete messages" >&2
done

exit $status
