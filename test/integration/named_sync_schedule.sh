#!/usr/bin/env bash
# Named syncs scheduled through pg_cron: the job really runs the sync and its
# run is in the history; without pg_cron a clear error with a hint.
source "$(dirname "$0")/lib.sh"
require_mssql
create_mssql_server mssql >/dev/null
pg -c "CREATE EXTENSION IF NOT EXISTS pg_cron" 2>/dev/null

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
mssql "IF OBJECT_ID('dbo.CronSync') IS NOT NULL DROP TABLE dbo.CronSync" >/dev/null
mssql "CREATE TABLE dbo.CronSync (Id int NOT NULL PRIMARY KEY, Label nvarchar(20))" >/dev/null
mssql "INSERT INTO dbo.CronSync VALUES (1, N'one'), (2, N'two')" >/dev/null
pg -c "DROP TABLE IF EXISTS cron_sync; CREATE TABLE cron_sync (id int PRIMARY KEY, label text)"
pg -c "SELECT mssql_upsert_sync_define('cron o''clock', 'pull', 'mssql', 'dbo.CronSync', 'cron_sync')" >/dev/null
pg -c "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname LIKE 'mssql_upsert_sync:%'" >/dev/null

like "$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_schedule('nope', '* * * * *')")" 'ERROR:  42704: sync "nope" does not exist' "scheduling an unknown sync is refused"
job=$(pg -c "SELECT mssql_upsert_sync_schedule('cron o''clock', '* * * * *')")
like "$job" '^[0-9]+$' "schedule returns the pg_cron job id"
is "$(pg -c "SELECT jobname, schedule, command FROM cron.job WHERE jobid = $job")" \
   "mssql_upsert_sync:cron o'clock|* * * * *|SELECT * FROM public.mssql_upsert_sync_run('cron o''clock')" "the job runs mssql_upsert_sync_run with the name quoted as a literal"
is "$(pg -c "SELECT mssql_upsert_sync_schedule('cron o''clock', '* * * * *')")" "$job" "scheduling again replaces the job (same id)"
# Every minute: pg_cron here has no sub-minute schedules, so this waits up to ~75 s.
for _ in $(seq 1 80); do
  [[ $(pg -c "SELECT count(*) FROM mssql_upsert_sync_runs WHERE sync_name = 'cron o''clock'") != 0 ]] && break
  sleep 1
done
is "$(pg -c "SELECT status, rows_read, rows_inserted FROM mssql_upsert_sync_runs WHERE sync_name = 'cron o''clock' ORDER BY run_id LIMIT 1")" "ok|2|2" "the scheduled run happened and is in the history"
is "$(pg -c "SELECT string_agg(id || ':' || label, ' ' ORDER BY id) FROM cron_sync")" "1:one 2:two" "it brought the remote rows"
is "$(pg -c "SELECT mssql_upsert_sync_unschedule('cron o''clock')")" "t" "unschedule removes the job"
is "$(pg -c "SELECT count(*) FROM cron.job WHERE jobid = $job")" "0" "... from cron.job"
like "$(pg_error -v VERBOSITY=verbose -c "SELECT mssql_upsert_sync_unschedule('cron o''clock')")" "ERROR:  42704: sync \"cron o'clock\" has no schedule" "unscheduling twice says there is no schedule"

# --- a database without pg_cron ------------------------------------------------------------
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ns_nocron" 2>/dev/null
psql -X -q -d postgres -c "CREATE DATABASE ns_nocron"
psql -X -q -d ns_nocron -c "CREATE EXTENSION mssql_upsert_fdw"
out=$(pg_error -v VERBOSITY=verbose -d ns_nocron -c "SELECT mssql_upsert_sync_schedule('x', '* * * * *')")
like "$out" 'ERROR:  55000: mssql_upsert_sync_schedule needs pg_cron, which is not installed in this database' "without pg_cron: a clear error"
like "$out" 'HINT:  Add pg_cron to shared_preload_libraries, set cron.database_name to this database' "... with a hint"
like "$(pg_error -v VERBOSITY=verbose -d ns_nocron -c "SELECT mssql_upsert_sync_unschedule('x')")" 'ERROR:  55000: mssql_upsert_sync_unschedule needs pg_cron' "unschedule too"
psql -X -q -d postgres -c "DROP DATABASE ns_nocron"

pg -c "DELETE FROM mssql_upsert_sync_definitions; DELETE FROM mssql_upsert_sync_runs"
done_testing
