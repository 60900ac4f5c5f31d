# tds_fdw turns dates into text with FreeTDS's locale date format, whose default
# ("Jan  1 2024 12:00:01:000000AM") PostgreSQL cannot read: with it, tds_fdw fails
# on the datetime2 column. Its documented fix is a date format in FreeTDS's
# locales.conf; the bench sets one for its own run and puts the file back after,
# also when interrupted. A run killed outright (SIGKILL) leaves a marker that the
# next run restores from before doing anything else.
# Sourced by bench/run.sh.

LOCALES_CONF=/etc/freetds/locales.conf
LOCALES_SAVED=$LOCALES_CONF.bench-saved   # the user's file, while the bench runs
LOCALES_ABSENT=$LOCALES_CONF.bench-absent # marker: there was no file before the bench

restore_locales_conf() {
  if [[ -f "$LOCALES_SAVED" ]]; then
    mv "$LOCALES_SAVED" "$LOCALES_CONF"
  elif [[ -f "$LOCALES_ABSENT" ]]; then
    rm -f "$LOCALES_CONF" "$LOCALES_ABSENT"
  fi
}

use_iso_date_format_for_tds_fdw() {
  restore_locales_conf # what an earlier, killed run left behind
  grep -qs '^[[:space:]]*date format' "$LOCALES_CONF" && return 0
  [[ -w $(dirname "$LOCALES_CONF") ]] || {
    echo "bench: tds_fdw needs a 'date format' in $LOCALES_CONF (run as root, or add one)" >&2
    exit 1
  }
  trap restore_locales_conf EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  if [[ -f "$LOCALES_CONF" ]]; then cp -p "$LOCALES_CONF" "$LOCALES_SAVED"; else : >"$LOCALES_ABSENT"; fi
  printf '[default]\n\tdate format = %%Y-%%m-%%d %%H:%%M:%%S.%%z\n' >"$LOCALES_CONF"
}
