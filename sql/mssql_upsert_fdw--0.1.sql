-- mssql_upsert_fdw 0.1
\echo Use "CREATE EXTENSION mssql_upsert_fdw" to load this file. \quit

CREATE FUNCTION mssql_upsert_fdw_handler()
RETURNS fdw_handler
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT;

CREATE FUNCTION mssql_upsert_fdw_validator(text[], oid)
RETURNS void
AS 'MODULE_PATHNAME'
LANGUAGE C STRICT;

CREATE FOREIGN DATA WRAPPER mssql_upsert_fdw
  HANDLER mssql_upsert_fdw_handler
  VALIDATOR mssql_upsert_fdw_validator;

-- MSSQL -> PostgreSQL upsert. See README.md, "mssql_upsert_pull".
CREATE FUNCTION mssql_upsert_pull(
    server text,
    remote_table text,
    local_table regclass,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    remote_filter text DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    staging text DEFAULT 'memory',
    mode text DEFAULT 'auto',
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_pull'
LANGUAGE C VOLATILE;

-- The same, from a foreign table of this wrapper: its server, remote table and
-- column names (column_name options). See README.md, "mssql_upsert_pull".
-- chunk_rows comes third so that a call of the first form with three quoted
-- literals, mssql_upsert_pull('s', 'dbo.T', 't'), still resolves to it.
CREATE FUNCTION mssql_upsert_pull(
    foreign_table regclass,
    local_table regclass,
    chunk_rows integer DEFAULT 10000,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    remote_filter text DEFAULT NULL,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    staging text DEFAULT 'memory',
    mode text DEFAULT 'auto',
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_pull_foreign_table'
LANGUAGE C VOLATILE;

-- PostgreSQL -> MSSQL upsert. See README.md, "mssql_upsert_push".
CREATE FUNCTION mssql_upsert_push(
    source text,
    server text,
    remote_table text,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    max_retries integer DEFAULT 5,
    atomic boolean DEFAULT false,
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT retries bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_push'
LANGUAGE C VOLATILE;

-- The same, into a foreign table of this wrapper: its server, remote table and
-- column names (column_name options); source columns match the foreign table's
-- column names. See README.md, "mssql_upsert_push". A call with three quoted
-- literals, mssql_upsert_push('src', 's', 'dbo.T'), still resolves to the
-- server form (PostgreSQL prefers text for unknown literals).
CREATE FUNCTION mssql_upsert_push(
    source text,
    foreign_table regclass,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    writer_id integer DEFAULT 0,
    partition_id integer DEFAULT NULL,
    max_retries integer DEFAULT 5,
    atomic boolean DEFAULT false,
    OUT rows_read bigint,
    OUT rows_inserted bigint,
    OUT rows_updated bigint,
    OUT rows_unchanged bigint,
    OUT chunks bigint,
    OUT retries bigint,
    OUT seconds numeric,
    OUT rows_per_second bigint)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_push_foreign_table'
LANGUAGE C VOLATILE;

-- ===========================================================================
-- Named syncs: definitions, watermarks, run history, schedules.
-- See README.md, "Named syncs". Definitions and history are extension-owned
-- tables that pg_dump keeps; row-level security lets each role see and manage
-- only the syncs it owns (superusers: all).
-- ===========================================================================

CREATE TABLE mssql_upsert_sync_definitions (
    name text PRIMARY KEY CHECK (name <> ''),
    owner name NOT NULL DEFAULT current_user,
    direction text NOT NULL CHECK (direction IN ('pull', 'push')),
    server text NOT NULL,
    remote_table text NOT NULL,
    local_table text NOT NULL,          -- schema-qualified, quoted; resolved at each run
    key_columns text[],
    columns text[],
    remote_filter text,
    local_filter text,                  -- deletes => 'compare' with remote_filter: the same rows, locally
    chunk_rows integer NOT NULL,
    incremental text NOT NULL CHECK (incremental IN ('none', 'column', 'rowversion')),
    watermark_column text,
    watermark_lag interval NOT NULL,
    deletes text NOT NULL CHECK (deletes IN ('none', 'compare')),
    max_delete_fraction double precision NOT NULL,
    watermark text,                     -- NULL: the next run is a full one
    defined_at timestamptz NOT NULL DEFAULT now(),
    sync_group text CHECK (sync_group <> ''),  -- mssql_upsert_sync_run_all(sync_group) runs a group
    group_position integer              -- run order within the group (parents first); NULL: by name
);

CREATE SEQUENCE mssql_upsert_sync_run_id_seq;

CREATE TABLE mssql_upsert_sync_runs (
    run_id bigint PRIMARY KEY,
    sync_name text NOT NULL,
    owner name NOT NULL DEFAULT current_user,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('ok', 'failed')),
    rows_read bigint,
    rows_inserted bigint,
    rows_updated bigint,
    rows_unchanged bigint,
    rows_deleted bigint,
    watermark_from text,
    watermark_to text,
    seconds numeric,
    error_message text,
    error_sqlstate text
);
CREATE INDEX mssql_upsert_sync_runs_by_sync ON mssql_upsert_sync_runs (sync_name, run_id DESC);
CREATE INDEX mssql_upsert_sync_runs_by_finish ON mssql_upsert_sync_runs (finished_at);

SELECT pg_catalog.pg_extension_config_dump('mssql_upsert_sync_definitions', '');
SELECT pg_catalog.pg_extension_config_dump('mssql_upsert_sync_runs', '');
SELECT pg_catalog.pg_extension_config_dump('mssql_upsert_sync_run_id_seq', '');

-- Foreign keys mssql_upsert_sync_define_schema(create_foreign_keys => true)
-- found remotely; mssql_upsert_sync_run_all adds them once every sync of the
-- group has loaded (NOT VALID, then VALIDATE).
CREATE TABLE mssql_upsert_sync_foreign_keys (
    local_table text NOT NULL,          -- the referencing table, schema-qualified and quoted
    constraint_name text NOT NULL,
    sync_group text NOT NULL,
    sync_name text NOT NULL,            -- the sync of the referencing table
    owner name NOT NULL DEFAULT current_user,
    add_sql text NOT NULL,
    validate_sql text NOT NULL,
    added_at timestamptz,               -- NULL: not added yet
    validated_at timestamptz,           -- NULL: not (yet) valid
    last_error text,
    PRIMARY KEY (local_table, constraint_name)
);
SELECT pg_catalog.pg_extension_config_dump('mssql_upsert_sync_foreign_keys', '');
ALTER TABLE mssql_upsert_sync_foreign_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_foreign_keys ON mssql_upsert_sync_foreign_keys USING (pg_catalog.pg_has_role(owner, 'USAGE'));
GRANT SELECT, INSERT, UPDATE, DELETE ON mssql_upsert_sync_foreign_keys TO PUBLIC;

ALTER TABLE mssql_upsert_sync_definitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE mssql_upsert_sync_runs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_syncs ON mssql_upsert_sync_definitions USING (pg_catalog.pg_has_role(owner, 'USAGE'));
CREATE POLICY own_runs ON mssql_upsert_sync_runs USING (pg_catalog.pg_has_role(owner, 'USAGE'));
GRANT SELECT, INSERT, UPDATE, DELETE ON mssql_upsert_sync_definitions, mssql_upsert_sync_runs TO PUBLIC;
GRANT USAGE ON SEQUENCE mssql_upsert_sync_run_id_seq TO PUBLIC;

-- Internal: the C++ side of a sync (the runners' own checks; one run's work).
CREATE FUNCTION _mssql_upsert_sync_check(definition mssql_upsert_sync_definitions)
RETURNS void
AS 'MODULE_PATHNAME', 'mssql_upsert_sync_check'
LANGUAGE C VOLATILE;

CREATE FUNCTION _mssql_upsert_sync_execute(definition mssql_upsert_sync_definitions,
    OUT rows_read bigint, OUT rows_inserted bigint, OUT rows_updated bigint,
    OUT rows_unchanged bigint, OUT rows_deleted bigint, OUT watermark_to text)
RETURNS record
AS 'MODULE_PATHNAME', 'mssql_upsert_sync_execute'
LANGUAGE C VOLATILE;

-- Internal: writes a failed run's history row from a background worker, so it
-- stays although the caller's transaction rolls back.
CREATE FUNCTION _mssql_upsert_sync_record_failure(run_id bigint, sync_name text, owner text,
    started_at timestamptz, watermark_from text, message text, sqlstate text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'mssql_upsert_sync_record_failure'
LANGUAGE C VOLATILE;

-- Creates or replaces a named sync, checked as a run would be. Replacing keeps
-- the watermark unless what it measures changed (direction, server, tables,
-- incremental mode, watermark column).
CREATE FUNCTION mssql_upsert_sync_define(
    name text,
    direction text,
    server text,
    remote_table text,
    local_table regclass,
    key_columns text[] DEFAULT NULL,
    columns text[] DEFAULT NULL,
    remote_filter text DEFAULT NULL,
    chunk_rows integer DEFAULT 10000,
    incremental text DEFAULT 'none',
    watermark_column text DEFAULT NULL,
    watermark_lag interval DEFAULT '0',
    deletes text DEFAULT 'none',
    max_delete_fraction double precision DEFAULT 0.5,
    local_filter text DEFAULT NULL,
    sync_group text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    d @extschema@.mssql_upsert_sync_definitions;
    argument text;
BEGIN
    FOREACH argument IN ARRAY ARRAY['name', 'direction', 'server', 'remote_table'] LOOP
        IF coalesce(CASE argument WHEN 'name' THEN $1 WHEN 'direction' THEN $2
                                  WHEN 'server' THEN $3 ELSE $4 END, '') = '' THEN
            RAISE EXCEPTION 'argument "%" must not be NULL or empty', argument USING ERRCODE = '22023';
        END IF;
    END LOOP;
    IF $5 IS NULL THEN
        RAISE EXCEPTION 'argument "local_table" must not be NULL' USING ERRCODE = '22023';
    END IF;
    d.name := $1;
    d.owner := current_user;
    d.direction := $2;
    d.server := $3;
    d.remote_table := $4;
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) INTO d.local_table
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = $5;
    d.key_columns := $6;
    d.columns := $7;
    d.remote_filter := $8;
    d.chunk_rows := coalesce($9, 10000);
    d.incremental := coalesce($10, 'none');
    d.watermark_column := $11;
    d.watermark_lag := coalesce($12, '0');
    d.deletes := coalesce($13, 'none');
    d.max_delete_fraction := coalesce($14, 0.5);
    d.local_filter := $15;
    d.sync_group := nullif($16, '');
    d.defined_at := now();
    PERFORM @extschema@._mssql_upsert_sync_check(d);
    INSERT INTO @extschema@.mssql_upsert_sync_definitions AS old VALUES (d.*)
    ON CONFLICT ON CONSTRAINT mssql_upsert_sync_definitions_pkey DO UPDATE SET
        direction = EXCLUDED.direction, server = EXCLUDED.server, remote_table = EXCLUDED.remote_table,
        local_table = EXCLUDED.local_table, key_columns = EXCLUDED.key_columns, columns = EXCLUDED.columns,
        remote_filter = EXCLUDED.remote_filter, local_filter = EXCLUDED.local_filter,
        chunk_rows = EXCLUDED.chunk_rows, incremental = EXCLUDED.incremental,
        watermark_column = EXCLUDED.watermark_column, watermark_lag = EXCLUDED.watermark_lag,
        deletes = EXCLUDED.deletes, max_delete_fraction = EXCLUDED.max_delete_fraction,
        defined_at = EXCLUDED.defined_at, sync_group = EXCLUDED.sync_group,
        group_position = CASE WHEN old.sync_group IS NOT DISTINCT FROM EXCLUDED.sync_group THEN old.group_position END,
        watermark = CASE WHEN (old.direction, old.server, old.remote_table, old.local_table, old.incremental,
                               old.watermark_column)
                              IS NOT DISTINCT FROM
                              (EXCLUDED.direction, EXCLUDED.server, EXCLUDED.remote_table, EXCLUDED.local_table,
                               EXCLUDED.incremental, EXCLUDED.watermark_column)
                         THEN old.watermark END;
END
$$;

CREATE FUNCTION mssql_upsert_sync_drop(name text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM @extschema@.mssql_upsert_sync_definitions d WHERE d.name = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sync "%" does not exist', $1 USING ERRCODE = '42704';
    END IF;
END
$$;

-- Forgets the watermark: the next run is a full one.
CREATE FUNCTION mssql_upsert_sync_reset(name text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE @extschema@.mssql_upsert_sync_definitions d SET watermark = NULL WHERE d.name = $1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'sync "%" does not exist', $1 USING ERRCODE = '42704';
    END IF;
END
$$;

-- Runs one sync: rows, watermark and an 'ok' history row commit together with
-- the caller's transaction. A run of a sync that is already running fails at
-- once (55P03) instead of waiting. A failed run is recorded as 'failed'
-- (outside the transaction) and its error raised again.
CREATE FUNCTION mssql_upsert_sync_run(name text,
    OUT run_id bigint, OUT status text, OUT rows_read bigint, OUT rows_inserted bigint,
    OUT rows_updated bigint, OUT rows_unchanged bigint, OUT rows_deleted bigint,
    OUT watermark_from text, OUT watermark_to text, OUT seconds numeric)
RETURNS record
LANGUAGE plpgsql
AS $$
DECLARE
    d @extschema@.mssql_upsert_sync_definitions;
    r record;
    started timestamptz := pg_catalog.clock_timestamp();
    error_text text;
    error_state text;
BEGIN
    IF $1 IS NULL THEN
        RAISE EXCEPTION 'argument "name" must not be NULL' USING ERRCODE = '22023';
    END IF;
    BEGIN
        SELECT * INTO d FROM @extschema@.mssql_upsert_sync_definitions s WHERE s.name = $1
           FOR NO KEY UPDATE NOWAIT;
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION 'sync "%" is already running in another session', $1
            USING ERRCODE = '55P03',
                  HINT = 'Runs of one sync never overlap: this call did not wait. Run it again once the other run has ended.';
    END;
    IF d.name IS NULL THEN
        RAISE EXCEPTION 'sync "%" does not exist', $1 USING ERRCODE = '42704',
            HINT = 'mssql_upsert_syncs lists the syncs you can run; mssql_upsert_sync_define creates one.';
    END IF;
    run_id := pg_catalog.nextval('@extschema@.mssql_upsert_sync_run_id_seq');
    watermark_from := d.watermark;
    BEGIN
        SELECT * INTO STRICT r FROM @extschema@._mssql_upsert_sync_execute(d);
    EXCEPTION WHEN OTHERS OR query_canceled THEN  -- OTHERS alone leaves out cancels and statement_timeout
        GET STACKED DIAGNOSTICS error_text = MESSAGE_TEXT, error_state = RETURNED_SQLSTATE;
        PERFORM @extschema@._mssql_upsert_sync_record_failure(run_id, d.name, d.owner, started,
                                                              d.watermark, error_text, error_state);
        RAISE;
    END;
    status := 'ok';
    rows_read := r.rows_read;
    rows_inserted := r.rows_inserted;
    rows_updated := r.rows_updated;
    rows_unchanged := r.rows_unchanged;
    rows_deleted := r.rows_deleted;
    watermark_to := r.watermark_to;
    seconds := round(extract(epoch FROM pg_catalog.clock_timestamp() - started), 3);
    UPDATE @extschema@.mssql_upsert_sync_definitions s SET watermark = r.watermark_to WHERE s.name = d.name;
    INSERT INTO @extschema@.mssql_upsert_sync_runs
        VALUES (run_id, d.name, d.owner, started, pg_catalog.clock_timestamp(), status, rows_read, rows_inserted,
                rows_updated, rows_unchanged, rows_deleted, watermark_from, watermark_to, seconds, NULL, NULL);
END
$$;

-- Runs every sync the caller can see (or those of one group), one row each:
-- groups by name, within a group by group_position (parents before the tables
-- whose foreign keys reference them), then by name. A failing sync is
-- reported (WARNING, status 'failed', its history row) and the others still
-- run and commit. Then the pending foreign keys of every group whose syncs all
-- succeeded in this call are added (NOT VALID, then VALIDATE).
CREATE FUNCTION mssql_upsert_sync_run_all(sync_group text DEFAULT NULL,
    OUT name text, OUT run_id bigint, OUT status text, OUT rows_read bigint, OUT rows_inserted bigint,
    OUT rows_updated bigint, OUT rows_unchanged bigint, OUT rows_deleted bigint,
    OUT watermark_from text, OUT watermark_to text, OUT seconds numeric)
RETURNS SETOF record
LANGUAGE plpgsql
AS $$
DECLARE
    wanted_group text := $1;
    sync record;
    started timestamptz;
    error_text text;
    error_state text;
    failed_groups text[] := '{}';
BEGIN
    IF wanted_group IS NOT NULL AND NOT EXISTS (
            SELECT FROM @extschema@.mssql_upsert_sync_definitions d WHERE d.sync_group = wanted_group) THEN
        RAISE EXCEPTION 'sync group "%" does not exist', wanted_group USING ERRCODE = '42704',
            HINT = 'mssql_upsert_syncs lists the syncs you can run and their groups.';
    END IF;
    FOR sync IN SELECT d.name, d.sync_group FROM @extschema@.mssql_upsert_sync_definitions d
                 WHERE wanted_group IS NULL OR d.sync_group = wanted_group
                 ORDER BY d.sync_group NULLS FIRST, d.group_position NULLS LAST, d.name LOOP
        name := sync.name;
        started := pg_catalog.clock_timestamp();
        BEGIN
            SELECT * INTO run_id, status, rows_read, rows_inserted, rows_updated, rows_unchanged, rows_deleted,
                          watermark_from, watermark_to, seconds
              FROM @extschema@.mssql_upsert_sync_run(sync.name);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS error_text = MESSAGE_TEXT, error_state = RETURNED_SQLSTATE;
            RAISE WARNING 'sync "%" failed (SQLSTATE %): %', sync.name, error_state, error_text;
            SELECT h.run_id, h.status, h.watermark_from, h.seconds INTO run_id, status, watermark_from, seconds
              FROM @extschema@.mssql_upsert_sync_runs h
             WHERE h.sync_name = sync.name AND h.started_at >= started ORDER BY h.run_id DESC LIMIT 1;
            status := 'failed';
            rows_read := NULL; rows_inserted := NULL; rows_updated := NULL; rows_unchanged := NULL;
            rows_deleted := NULL; watermark_to := NULL;
            IF sync.sync_group IS NOT NULL THEN
                failed_groups := failed_groups || sync.sync_group;
            END IF;
        END;
        RETURN NEXT;
    END LOOP;
    PERFORM @extschema@._mssql_upsert_sync_add_foreign_keys(wanted_group, failed_groups);
END
$$;

-- Internal: adds the pending foreign keys of the groups (all when wanted_group
-- is NULL) not in failed_groups: NOT VALID first (no check of the rows there,
-- so it cannot fail on them; new rows are checked from then on), then
-- VALIDATE. A key that cannot be added or validated is reported (WARNING,
-- last_error) and tried again by the next run; a key that fails VALIDATE stays
-- NOT VALID.
CREATE FUNCTION _mssql_upsert_sync_add_foreign_keys(wanted_group text, failed_groups text[])
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    k record;
    error_text text;
    error_state text;
BEGIN
    FOR k IN SELECT * FROM @extschema@.mssql_upsert_sync_foreign_keys f
              WHERE f.validated_at IS NULL AND (wanted_group IS NULL OR f.sync_group = wanted_group)
                AND NOT (f.sync_group = ANY (failed_groups))
                AND EXISTS (SELECT FROM @extschema@.mssql_upsert_sync_definitions d WHERE d.name = f.sync_name)
              ORDER BY f.sync_group, f.sync_name, f.constraint_name LOOP
        IF k.added_at IS NULL THEN
            BEGIN
                EXECUTE k.add_sql;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS error_text = MESSAGE_TEXT, error_state = RETURNED_SQLSTATE;
                RAISE WARNING 'foreign key "%" on % could not be added (SQLSTATE %): %',
                    k.constraint_name, k.local_table, error_state, error_text;
                UPDATE @extschema@.mssql_upsert_sync_foreign_keys f SET last_error = error_text
                 WHERE f.local_table = k.local_table AND f.constraint_name = k.constraint_name;
                CONTINUE;
            END;
            UPDATE @extschema@.mssql_upsert_sync_foreign_keys f SET added_at = pg_catalog.clock_timestamp()
             WHERE f.local_table = k.local_table AND f.constraint_name = k.constraint_name;
        END IF;
        BEGIN
            EXECUTE k.validate_sql;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS error_text = MESSAGE_TEXT, error_state = RETURNED_SQLSTATE;
            RAISE WARNING 'foreign key "%" on % stays NOT VALID: validation failed (SQLSTATE %): %',
                k.constraint_name, k.local_table, error_state, error_text;
            UPDATE @extschema@.mssql_upsert_sync_foreign_keys f SET last_error = error_text
             WHERE f.local_table = k.local_table AND f.constraint_name = k.constraint_name;
            CONTINUE;
        END;
        UPDATE @extschema@.mssql_upsert_sync_foreign_keys f
           SET validated_at = pg_catalog.clock_timestamp(), last_error = NULL
         WHERE f.local_table = k.local_table AND f.constraint_name = k.constraint_name;
        RAISE NOTICE 'foreign key "%" on % added and validated', k.constraint_name, k.local_table;
    END LOOP;
END
$$;

-- Deletes history older than keep, except each sync's latest run.
CREATE FUNCTION mssql_upsert_sync_prune_runs(keep interval DEFAULT '30 days')
RETURNS bigint
LANGUAGE sql
AS $$
    WITH pruned AS (
        DELETE FROM @extschema@.mssql_upsert_sync_runs h
         WHERE h.finished_at < pg_catalog.now() - keep
           AND h.run_id NOT IN (SELECT max(l.run_id) FROM @extschema@.mssql_upsert_sync_runs l GROUP BY l.sync_name)
        RETURNING 1)
    SELECT count(*) FROM pruned
$$;

CREATE VIEW mssql_upsert_syncs WITH (security_invoker = true) AS
SELECT d.name, d.direction, d.server, d.remote_table, d.local_table, d.incremental, d.watermark_column,
       d.deletes, d.watermark, d.owner, d.sync_group, d.group_position,
       l.run_id AS last_run_id, l.finished_at AS last_run_at, l.status AS last_status,
       l.rows_read AS last_rows_read, l.rows_inserted AS last_rows_inserted,
       l.rows_updated AS last_rows_updated, l.rows_unchanged AS last_rows_unchanged,
       l.rows_deleted AS last_rows_deleted, l.seconds AS last_seconds, l.error_message AS last_error
  FROM mssql_upsert_sync_definitions d
  LEFT JOIN LATERAL (SELECT * FROM mssql_upsert_sync_runs h WHERE h.sync_name = d.name
                     ORDER BY h.run_id DESC LIMIT 1) l ON true;
GRANT SELECT ON mssql_upsert_syncs TO PUBLIC;

-- Internal: the error when pg_cron is not installed in this database.
CREATE FUNCTION _mssql_upsert_sync_require_pg_cron(caller text)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        RAISE EXCEPTION '% needs pg_cron, which is not installed in this database', caller
            USING ERRCODE = '55000',
                  HINT = 'Add pg_cron to shared_preload_libraries, set cron.database_name to this database, '
                         'restart PostgreSQL and run CREATE EXTENSION pg_cron.';
    END IF;
END
$$;

-- Schedules mssql_upsert_sync_run(name) with pg_cron (job name
-- 'mssql_upsert_sync:<name>', replaced when scheduled again); returns the job id.
CREATE FUNCTION mssql_upsert_sync_schedule(name text, schedule text)
RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    job bigint;
BEGIN
    PERFORM @extschema@._mssql_upsert_sync_require_pg_cron('mssql_upsert_sync_schedule');
    IF NOT EXISTS (SELECT FROM @extschema@.mssql_upsert_sync_definitions d WHERE d.name = $1) THEN
        RAISE EXCEPTION 'sync "%" does not exist', $1 USING ERRCODE = '42704';
    END IF;
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO job
        USING 'mssql_upsert_sync:' || $1, $2,
              pg_catalog.format('SELECT * FROM %I.mssql_upsert_sync_run(%L)', '@extschema@', $1);
    RETURN job;
END
$$;

CREATE FUNCTION mssql_upsert_sync_unschedule(name text)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    job bigint;
BEGIN
    PERFORM @extschema@._mssql_upsert_sync_require_pg_cron('mssql_upsert_sync_unschedule');
    EXECUTE 'SELECT jobid FROM cron.job WHERE jobname = $1 AND username = current_user' INTO job
        USING 'mssql_upsert_sync:' || $1;
    IF job IS NULL THEN
        RAISE EXCEPTION 'sync "%" has no schedule', $1 USING ERRCODE = '42704';
    END IF;
    EXECUTE 'SELECT cron.unschedule($1)' USING job;
    RETURN true;
END
$$;
-- A local table (and its keys and indexes) made from a SQL Server table's
-- definition, ready for mssql_upsert_pull. Returns the DDL it ran. See
-- README.md, "mssql_upsert_create_table".
CREATE FUNCTION mssql_upsert_create_table(
    server text,
    remote_table text,
    local_table text,
    if_not_exists boolean DEFAULT true,
    create_indexes boolean DEFAULT true,
    fold_names boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'mssql_upsert_create_table'
LANGUAGE C VOLATILE;

-- Internal: the decisions of mssql_upsert_sync_define_schema (tables, keys,
-- run order, names, foreign keys) from the remote catalog, as JSON.
CREATE FUNCTION _mssql_upsert_schema_plan(server text, remote_schema text, local_schema text, sync_group text,
    tables text[], except_tables text[])
RETURNS text
AS 'MODULE_PATHNAME', 'mssql_upsert_schema_plan'
LANGUAGE C VOLATILE;

-- Creates the local schema and one table per remote table (mssql_upsert_create_table)
-- and defines one pull sync per table in sync_group, named <sync_group>.<table>.
-- Tables without a usable key are skipped (NOTICE). One row per remote table.
-- See README.md, "Migrating a whole schema".
CREATE FUNCTION mssql_upsert_sync_define_schema(
    server text,
    remote_schema text,
    local_schema text,
    sync_group text,
    tables text[] DEFAULT NULL,
    except_tables text[] DEFAULT NULL,
    create_tables boolean DEFAULT true,
    create_foreign_keys boolean DEFAULT false,
    if_not_exists boolean DEFAULT true,
    create_indexes boolean DEFAULT true,
    chunk_rows integer DEFAULT 10000,
    deletes text DEFAULT 'none',
    max_delete_fraction double precision DEFAULT 0.5)
RETURNS TABLE (remote_table text, action text, sync_name text, note text)
LANGUAGE plpgsql
AS $$
DECLARE
    plan jsonb;
    t jsonb;
    k jsonb;
    ddl text;
    argument text;
    schema_exists boolean;
BEGIN
    FOREACH argument IN ARRAY ARRAY['server', 'remote_schema', 'local_schema', 'sync_group'] LOOP
        IF coalesce(CASE argument WHEN 'server' THEN $1 WHEN 'remote_schema' THEN $2
                                  WHEN 'local_schema' THEN $3 ELSE $4 END, '') = '' THEN
            RAISE EXCEPTION 'argument "%" must not be NULL or empty', argument USING ERRCODE = '22023';
        END IF;
    END LOOP;
    FOREACH argument IN ARRAY ARRAY['create_tables', 'create_foreign_keys', 'if_not_exists', 'create_indexes'] LOOP
        IF (CASE argument WHEN 'create_tables' THEN $7 WHEN 'create_foreign_keys' THEN $8
                          WHEN 'if_not_exists' THEN $9 ELSE $10 END) IS NULL THEN
            RAISE EXCEPTION 'argument "%" must not be NULL', argument USING ERRCODE = '22023';
        END IF;
    END LOOP;
    -- The caller's rights here are checked before SQL Server is asked anything.
    schema_exists := EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspname = $3);
    IF create_tables AND schema_exists AND NOT pg_catalog.has_schema_privilege($3, 'CREATE') THEN
        RAISE EXCEPTION 'permission denied for schema %', pg_catalog.quote_ident($3) USING ERRCODE = '42501',
            DETAIL = 'mssql_upsert_sync_define_schema creates the tables there and needs the CREATE privilege on it.',
            HINT = pg_catalog.format('The schema''s owner can GRANT CREATE ON SCHEMA %I.', $3);
    END IF;
    IF NOT schema_exists AND NOT create_tables THEN
        RAISE EXCEPTION 'schema % does not exist', pg_catalog.quote_ident($3) USING ERRCODE = '3F000',
            HINT = 'With create_tables => false the local tables must exist already.';
    END IF;
    IF NOT schema_exists AND NOT pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') THEN
        RAISE EXCEPTION 'permission denied to create schema % in database %', pg_catalog.quote_ident($3),
            pg_catalog.quote_ident(pg_catalog.current_database()) USING ERRCODE = '42501',
            HINT = 'Create the schema first, or ask for the CREATE privilege on the database.';
    END IF;
    plan := @extschema@._mssql_upsert_schema_plan($1, $2, $3, $4, $5, $6)::jsonb;
    IF NOT schema_exists THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA %I', $3);
    END IF;
    FOR t IN SELECT * FROM jsonb_array_elements(plan -> 'tables') LOOP
        remote_table := t ->> 'remote_table';
        note := nullif(t ->> 'note', '');
        IF NOT (t -> 'synced')::boolean THEN
            action := 'skipped';
            sync_name := NULL;
            RAISE NOTICE 'remote table % skipped: %', t ->> 'remote_reference', note;
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF create_tables THEN
            ddl := @extschema@.mssql_upsert_create_table($1, t ->> 'remote_reference', t ->> 'local_table',
                                                         if_not_exists, create_indexes);
            action := CASE WHEN ddl LIKE '--%' THEN 'table existed' ELSE 'table created' END;
        ELSIF pg_catalog.to_regclass(t ->> 'local_table') IS NULL THEN
            RAISE EXCEPTION 'local table % does not exist', t ->> 'local_table' USING ERRCODE = '42P01',
                HINT = 'Call with create_tables => true, or create it first.';
        ELSE
            action := 'table existed';
        END IF;
        sync_name := t ->> 'sync_name';
        PERFORM @extschema@.mssql_upsert_sync_define(
            name => sync_name, direction => 'pull', server => $1, remote_table => t ->> 'remote_reference',
            local_table => (t ->> 'local_table')::regclass,
            key_columns => ARRAY(SELECT jsonb_array_elements_text(t -> 'key_columns')),
            chunk_rows => $11, deletes => $12, max_delete_fraction => $13, sync_group => $4);
        UPDATE @extschema@.mssql_upsert_sync_definitions d SET group_position = (t ->> 'position')::integer
         WHERE d.name = sync_name;
        action := action || ', sync defined';
        RETURN NEXT;
    END LOOP;
    IF create_foreign_keys THEN
        FOR k IN SELECT * FROM jsonb_array_elements(plan -> 'foreign_keys') LOOP
            INSERT INTO @extschema@.mssql_upsert_sync_foreign_keys AS old
                   (local_table, constraint_name, sync_group, sync_name, add_sql, validate_sql)
            VALUES (k ->> 'local_table', k ->> 'name', $4, k ->> 'sync_name', k ->> 'add_sql', k ->> 'validate_sql')
            ON CONFLICT (local_table, constraint_name) DO UPDATE
               SET sync_group = EXCLUDED.sync_group, sync_name = EXCLUDED.sync_name,
                   add_sql = EXCLUDED.add_sql, validate_sql = EXCLUDED.validate_sql;
        END LOOP;
    END IF;
END
$$;

-- Progress of the pulls, pushes and syncs running now, one row per call (a
-- sync's pull or push counts in its sync's row). Needs the library in
-- shared_preload_libraries (55000 with a hint otherwise). Another role's row
-- shows only pid, kind and started_at, unless the caller has that role's
-- privileges or pg_read_all_stats, as pg_stat_activity does.
CREATE FUNCTION mssql_upsert_progress(OUT pid integer, OUT kind text, OUT name text, OUT phase text,
    OUT rows_read bigint, OUT rows_written bigint, OUT chunks_done bigint, OUT started_at timestamptz,
    OUT rows_per_second double precision)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'mssql_upsert_progress'
LANGUAGE C VOLATILE STRICT;

CREATE VIEW mssql_upsert_progress AS
SELECT p.pid, p.kind, p.name, p.phase, p.rows_read, p.rows_written, p.chunks_done, p.started_at,
       round(p.rows_per_second)::bigint AS rows_per_second
  FROM @extschema@.mssql_upsert_progress() p;
GRANT SELECT ON mssql_upsert_progress TO PUBLIC;
