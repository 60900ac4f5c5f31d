#!/usr/bin/env bash
# A pull scheduled with pg_cron lands rows without anyone calling it by hand.
source "$(dirname "$0")/lib.sh"
require_mssql
[[ -f "$("${PG_CONFIG:-pg_config}" --pkglibdir)/pg_cron.so" ]] ||
  skip_all "pg_cron is not installed for $("${PG_CONFIG:-pg_config}" --version)"
create_mssql_server mssql >/dev/null
pg -c "CREATE EXTENSION IF NOT EXISTS pg_cron" 2>/dev/null
mssql "IF OBJECT_ID('dbo.CronSource') IS NOT NULL DROP TABLE dbo.CronSource" >/dev/null
mssql "CREATE TABLE dbo.CronSource (Id int NOT NULL PRIMARY KEY, Label nvarchar(20))" >/dev/null
mssql "INSERT INTO dbo.CronSource VALUES (1, N'one'), (2, N'two'), (3, N'three')" >/dev/null
pg -c "DROP TABLE IF EXISTS cron_target; CREATE TABLE cron_target (id int PRIMARY KEY, label text)"
pg -c "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = 'pull-test'" >/dev/null
# Every minute: this pg_cron version has no sub-minute schedules, so this waits up to ~70 s.
job=$(pg -c "SELECT cron.schedule('pull-test', '* * * * *', \$\$SELECT mssql_upsert_pull('mssql', 'dbo.CronSource', 'cron_target')\$\$)")
like "$job" '^[0-9]+$' "pg_cron accepted the pull schedule"
for _ in $(seq 1 75); do
  [[ $(pg -c "SELECT count(*) FROM cron_target") == 3 && $(pg -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status = 'succeeded'") != 0 ]] && break
  sleep 1
done
is "$(pg -c "SELECT string_agg(id || ':' || label, ' ' ORDER BY id) FROM cron_target")" "1:one 2:two 3:three" "the scheduled pull brought the remote rows"
is "$(pg -c "SELECT count(*) > 0 FROM cron.job_run_details WHERE jobid = $job AND status = 'succeeded'")" "t" "pg_cron recorded a successful run"
pg -c "SELECT cron.unschedule($job)" >/dev/null
done_testing
