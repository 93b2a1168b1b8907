namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Migration 1: every table of every feature, as the SQLite stores create them (the features' <c>SchemaSql</c>,
/// <see cref="Schema"/> and Push/DeliveryStore), in PostgreSQL types. The same table and column names, keys, indexes
/// and append-only triggers, so that one day the same queries run on both engines. Choices (content/docs/postgres.md):
/// <list type="bullet">
/// <item>INTEGER → bigint, REAL → double precision, BLOB → bytea; 0/1 flags stay bigint so that <c>demo = 1</c> reads the same.</item>
/// <item>TEXT → text COLLATE "C": keys and lists sort by code point, as SQLite's BINARY collation does, whatever the
/// database's locale.</item>
/// <item>Time stamps stay the text the app wrote (recorded_at, started_at…): they are part of each record's published
/// bytes, hashed into the log, and a timestamptz round trip would not give back the same text (7-digit fractions,
/// the offset as written). Unix seconds and milliseconds stay bigint.</item>
/// <item>JSON documents (enterprise outlets and versions, warning basis and measures) keep their exact text, hashed
/// like the rest, with a generated <c>jsonb</c> copy beside each for queries.</item>
/// <item>The hourly tables (station_hour, cems_hour_version) are range-partitioned by year (Asia/Shanghai years:
/// 2013, the national network's first year, to 2040, and a default partition), with a BRIN index on the hour:
/// rows arrive in time order, so a time range reads a few blocks of each partition and the index stays tiny.</item>
/// <item>Version rows, log leaves, records, nodes and checkpoints refuse UPDATE, DELETE and TRUNCATE (SQLite's
/// triggers, plus TRUNCATE, which SQLite lacks; station_hour, warning_event and reduction_entry, never changed by the
/// app, are guarded here too).</item>
/// </list>
/// </summary>
internal static class PgSchemaV1
{
    public const string Sql = """
        -- Refuses the statement with the message given as the trigger's argument (the append-only guarantees).
        CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
        END
        $$;

        -- Guards one table: no UPDATE, no DELETE (row triggers, cloned onto partitions), no TRUNCATE (statement trigger).
        CREATE FUNCTION make_append_only(tbl text) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION refuse_change(%L)', tbl || '_no_update', tbl, tbl || ' is append-only');
            EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION refuse_change(%L)', tbl || '_no_delete', tbl, tbl || ' is append-only');
            EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_change(%L)', tbl || '_no_truncate', tbl, tbl || ' is append-only');
        END
        $$;

        -- One partition per Asia/Shanghai calendar year, 2013 to 2040, and a default one; lower(y) and upper(y) give
        -- a year's bounds in the table's own unit. A statement trigger on the parent does not see a TRUNCATE of a
        -- partition, so each partition refuses it too (when guarded).
        CREATE FUNCTION make_year_partitions(tbl text, unit text, guarded boolean) RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            y int;
            lo bigint;
            hi bigint;
            part text;
        BEGIN
            FOR y IN 2013..2040 LOOP
                IF unit = 'unix' THEN
                    lo := extract(epoch FROM make_timestamptz(y, 1, 1, 0, 0, 0, 'Asia/Shanghai'))::bigint;
                    hi := extract(epoch FROM make_timestamptz(y + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'))::bigint;
                ELSE -- 'yyyyMMddHHmmss': the local time as a number
                    lo := y::bigint * 10000000000;
                    hi := (y + 1)::bigint * 10000000000;
                END IF;
                part := tbl || '_y' || y;
                EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', part, tbl, lo, hi);
                IF guarded THEN
                    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_change(%L)', part || '_no_truncate', part, tbl || ' is append-only');
                END IF;
            END LOOP;
            part := tbl || '_other';
            EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', part, tbl);
            IF guarded THEN
                EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_change(%L)', part || '_no_truncate', part, tbl || ' is append-only');
            END IF;
        END
        $$;

        CREATE TABLE store_meta (
            key   text COLLATE "C" PRIMARY KEY,
            value text COLLATE "C" NOT NULL
        );

        -- Air quality (AirQuality/Store/AirQualityStore.cs)
        CREATE TABLE import_batch (
            id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            kind          text COLLATE "C" NOT NULL,
            started_at    text COLLATE "C" NOT NULL,
            finished_at   text COLLATE "C",
            files         bigint NOT NULL DEFAULT 0,
            rows          bigint NOT NULL DEFAULT 0,
            values_stored bigint NOT NULL DEFAULT 0,
            new_records   bigint NOT NULL DEFAULT 0,
            new_versions  bigint NOT NULL DEFAULT 0,
            unchanged     bigint NOT NULL DEFAULT 0,
            rejected      bigint NOT NULL DEFAULT 0,
            status        text COLLATE "C" NOT NULL
        );
        CREATE TABLE import_file (
            batch_id bigint NOT NULL REFERENCES import_batch(id),
            name     text COLLATE "C" NOT NULL,
            sha256   text COLLATE "C" NOT NULL,
            rows     bigint NOT NULL,
            status   text COLLATE "C" NOT NULL,
            PRIMARY KEY (batch_id, name, sha256)
        );
        -- hour_end: Unix seconds (UTC) of the END of the averaging hour, the CNEMC label.
        CREATE TABLE station_hour (
            station     text COLLATE "C" NOT NULL,
            hour_end    bigint NOT NULL,
            version     bigint NOT NULL,
            recorded_at text COLLATE "C" NOT NULL,
            batch_id    bigint NOT NULL,
            source      text COLLATE "C" NOT NULL,
            source_line bigint,
            reason      text COLLATE "C",
            aqi double precision, pm25 double precision, pm25_24h double precision, pm10 double precision, pm10_24h double precision,
            so2 double precision, so2_24h double precision, no2 double precision, no2_24h double precision,
            o3 double precision, o3_24h double precision, o3_8h double precision, o3_8h_24h double precision,
            co double precision, co_24h double precision,
            PRIMARY KEY (station, hour_end, version)
        ) PARTITION BY RANGE (hour_end);
        SELECT make_year_partitions('station_hour', 'unix', true);
        CREATE INDEX station_hour_hour_end ON station_hour USING brin (hour_end);
        SELECT make_append_only('station_hour');
        CREATE TABLE day_value (
            area text COLLATE "C" NOT NULL,
            date text COLLATE "C" NOT NULL,
            so2 double precision, so2_n bigint NOT NULL, no2 double precision, no2_n bigint NOT NULL,
            pm10 double precision, pm10_n bigint NOT NULL, co double precision, co_n bigint NOT NULL,
            pm25 double precision, pm25_n bigint NOT NULL, o3_1h_max double precision, o3_1h_n bigint NOT NULL,
            o3_8h_max double precision, o3_8h_n bigint NOT NULL,
            aqi bigint, primary_pollutants text COLLATE "C", edition text COLLATE "C" NOT NULL,
            PRIMARY KEY (area, date)
        );
        CREATE TABLE city_hour (
            hour_end bigint PRIMARY KEY,
            so2 double precision, no2 double precision, pm10 double precision, co double precision, o3 double precision, pm25 double precision,
            stations bigint NOT NULL,
            aqi bigint, primary_pollutants text COLLATE "C", edition text COLLATE "C" NOT NULL
        );

        -- Penalties (Penalties/Store/PenaltyStore.cs)
        CREATE TABLE penalty (
            id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            decision_number   text COLLATE "C" NOT NULL UNIQUE,
            first_recorded_at text COLLATE "C" NOT NULL
        );
        CREATE TABLE penalty_version (
            penalty_id      bigint NOT NULL REFERENCES penalty(id),
            version         bigint NOT NULL,
            recorded_at     text COLLATE "C" NOT NULL,
            batch_id        bigint NOT NULL REFERENCES import_batch(id),
            source          text COLLATE "C" NOT NULL,
            source_line     bigint,
            reason          text COLLATE "C",
            correction_date text COLLATE "C",
            authority text COLLATE "C" NOT NULL, party_name text COLLATE "C" NOT NULL, party_credit_code text COLLATE "C",
            district text COLLATE "C", industry text COLLATE "C",
            violation_category text COLLATE "C" NOT NULL, violation_summary text COLLATE "C" NOT NULL,
            legal_basis_law text COLLATE "C" NOT NULL, legal_basis_article text COLLATE "C",
            fine_fen bigint, daily_days bigint, daily_amount_fen bigint, daily_total_fen bigint,
            production_order text COLLATE "C", seal_up bigint NOT NULL, confiscation_fen bigint, confiscated_items text COLLATE "C",
            warning bigint NOT NULL,
            decision_date text COLLATE "C" NOT NULL, service_date text COLLATE "C", publication_date text COLLATE "C",
            rectification_requirement text COLLATE "C", rectification_status text COLLATE "C", payment_status text COLLATE "C",
            appeal_status text COLLATE "C",
            source_url text COLLATE "C", source_sha256 text COLLATE "C",
            PRIMARY KEY (penalty_id, version)
        );
        CREATE INDEX penalty_version_party ON penalty_version(party_credit_code);
        CREATE INDEX penalty_version_date ON penalty_version(decision_date);
        SELECT make_append_only('penalty');
        SELECT make_append_only('penalty_version');

        -- Warnings (Warnings/Store/WarningStore.cs). time/until: Unix seconds (UTC).
        CREATE TABLE warning_event (
            warning_id      text COLLATE "C" NOT NULL,
            seq             bigint NOT NULL,
            version         bigint NOT NULL,
            recorded_at     text COLLATE "C" NOT NULL,
            batch_id        bigint NOT NULL,
            source          text COLLATE "C" NOT NULL,
            source_line     bigint,
            reason          text COLLATE "C",
            kind            text COLLATE "C" NOT NULL,
            time            bigint NOT NULL,
            until           bigint,
            level           text COLLATE "C",
            area            text COLLATE "C" NOT NULL,
            authority       text COLLATE "C" NOT NULL,
            document_number text COLLATE "C",
            basis           text COLLATE "C" NOT NULL,
            measures        text COLLATE "C" NOT NULL,
            document_url    text COLLATE "C",
            document_sha256 text COLLATE "C",
            basis_doc       jsonb GENERATED ALWAYS AS (basis::jsonb) STORED,
            measures_doc    jsonb GENERATED ALWAYS AS (measures::jsonb) STORED,
            PRIMARY KEY (warning_id, seq, version)
        );
        SELECT make_append_only('warning_event');
        CREATE TABLE reduction_entry (
            list_id     text COLLATE "C" NOT NULL,
            level       text COLLATE "C" NOT NULL,
            uscc        text COLLATE "C" NOT NULL,
            version     bigint NOT NULL,
            recorded_at text COLLATE "C" NOT NULL,
            batch_id    bigint NOT NULL,
            source      text COLLATE "C" NOT NULL,
            source_line bigint,
            reason      text COLLATE "C",
            list_title  text COLLATE "C",
            valid_from  text COLLATE "C",
            valid_to    text COLLATE "C",
            enterprise  text COLLATE "C" NOT NULL,
            measure     text COLLATE "C" NOT NULL,
            PRIMARY KEY (list_id, level, uscc, version)
        );
        SELECT make_append_only('reduction_entry');

        -- Enterprises (Enterprises/EnterpriseStore.cs): enterprise and its list entries are the current registry, replaced on import.
        CREATE TABLE enterprise (
            credit_code   text COLLATE "C" PRIMARY KEY,
            name          text COLLATE "C" NOT NULL,
            industry      text COLLATE "C" NOT NULL,
            district      text COLLATE "C" NOT NULL,
            address       text COLLATE "C",
            latitude      double precision,
            longitude     double precision,
            permit_number text COLLATE "C",
            outlets_json  text COLLATE "C" NOT NULL,
            source        text COLLATE "C" NOT NULL,
            recorded_at   text COLLATE "C" NOT NULL,
            outlets       jsonb GENERATED ALWAYS AS (outlets_json::jsonb) STORED
        );
        CREATE TABLE enterprise_list_entry (
            credit_code text COLLATE "C" NOT NULL REFERENCES enterprise(credit_code) ON DELETE CASCADE,
            year        bigint NOT NULL,
            category    text COLLATE "C" NOT NULL,
            PRIMARY KEY (credit_code, year, category)
        );
        CREATE INDEX enterprise_list_entry_year ON enterprise_list_entry(year);
        CREATE TABLE enterprise_version (
            credit_code  text COLLATE "C" NOT NULL,
            version      bigint NOT NULL,
            recorded_at  text COLLATE "C" NOT NULL,
            batch_id     bigint REFERENCES import_batch(id),
            source       text COLLATE "C" NOT NULL,
            source_line  bigint,
            reason       text COLLATE "C",
            content_json text COLLATE "C" NOT NULL,
            content      jsonb GENERATED ALWAYS AS (content_json::jsonb) STORED,
            PRIMARY KEY (credit_code, version)
        );
        SELECT make_append_only('enterprise_version');

        -- CEMS hours (SelfMonitoring/CemsStore.cs). data_time: DataTime as sent, local time, as the number yyyyMMddHHmmss.
        CREATE TABLE cems_hour_version (
            mn          text COLLATE "C" NOT NULL,
            data_time   bigint NOT NULL,
            version     bigint NOT NULL,
            vals        text COLLATE "C" NOT NULL,
            recorded_at text COLLATE "C" NOT NULL,
            source      text COLLATE "C" NOT NULL,
            source_line bigint,
            reason      text COLLATE "C",
            PRIMARY KEY (mn, data_time, version)
        ) PARTITION BY RANGE (data_time);
        SELECT make_year_partitions('cems_hour_version', 'yyyyMMddHHmmss', true);
        CREATE INDEX cems_hour_version_data_time ON cems_hour_version USING brin (data_time);
        SELECT make_append_only('cems_hour_version');
        CREATE VIEW cems_hour_current AS
            SELECT * FROM cems_hour_version h
            WHERE NOT EXISTS (SELECT 1 FROM cems_hour_version n WHERE n.mn = h.mn AND n.data_time = h.data_time AND n.version > h.version);

        -- Manual monitoring results (SelfMonitoring/ManualMonitoring.cs)
        CREATE TABLE manual_result_version (
            credit_code   text COLLATE "C" NOT NULL,
            outlet_code   text COLLATE "C" NOT NULL,
            pollutant     text COLLATE "C" NOT NULL,
            sampling_date text COLLATE "C" NOT NULL,
            report_number text COLLATE "C" NOT NULL,
            version       bigint NOT NULL,
            value         text COLLATE "C" NOT NULL,
            unit          text COLLATE "C" NOT NULL,
            oxygen        text COLLATE "C",
            limit_value   text COLLATE "C",
            lab           text COLLATE "C" NOT NULL,
            link          text COLLATE "C",
            recorded_at   text COLLATE "C" NOT NULL,
            batch_id      bigint REFERENCES import_batch(id),
            source        text COLLATE "C" NOT NULL,
            source_line   bigint,
            reason        text COLLATE "C",
            PRIMARY KEY (credit_code, outlet_code, pollutant, sampling_date, report_number, version)
        );
        SELECT make_append_only('manual_result_version');

        -- Disclosures and statements (Disclosures/DisclosureStore.cs)
        CREATE TABLE disclosure (
            id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            record_id         text COLLATE "C" NOT NULL UNIQUE,
            first_recorded_at text COLLATE "C" NOT NULL
        );
        CREATE TABLE disclosure_version (
            disclosure_id bigint NOT NULL REFERENCES disclosure(id),
            version       bigint NOT NULL,
            recorded_at   text COLLATE "C" NOT NULL,
            batch_id      bigint NOT NULL REFERENCES import_batch(id),
            source        text COLLATE "C" NOT NULL,
            source_line   bigint,
            reason        text COLLATE "C",
            credit_code text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL, year bigint, filed_date text COLLATE "C" NOT NULL,
            categories text COLLATE "C" NOT NULL,
            claims_no_exceedance bigint, reported_exceedance_hours bigint, trigger_decision_number text COLLATE "C",
            trigger_received_date text COLLATE "C",
            title text COLLATE "C", url text COLLATE "C" NOT NULL, sha256 text COLLATE "C",
            PRIMARY KEY (disclosure_id, version)
        );
        CREATE INDEX disclosure_version_code ON disclosure_version(credit_code);
        CREATE TABLE enterprise_statement (
            id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            record_id         text COLLATE "C" NOT NULL UNIQUE,
            first_recorded_at text COLLATE "C" NOT NULL
        );
        CREATE TABLE enterprise_statement_version (
            statement_id bigint NOT NULL REFERENCES enterprise_statement(id),
            version      bigint NOT NULL,
            recorded_at  text COLLATE "C" NOT NULL,
            batch_id     bigint NOT NULL REFERENCES import_batch(id),
            source       text COLLATE "C" NOT NULL,
            source_line  bigint,
            reason       text COLLATE "C",
            credit_code text COLLATE "C" NOT NULL, subject text COLLATE "C" NOT NULL, outlet_code text COLLATE "C",
            pollutant text COLLATE "C", period_from text COLLATE "C", period_to text COLLATE "C",
            decision_number text COLLATE "C", statement_date text COLLATE "C" NOT NULL, text text COLLATE "C" NOT NULL,
            url text COLLATE "C", sha256 text COLLATE "C",
            PRIMARY KEY (statement_id, version)
        );
        CREATE INDEX enterprise_statement_version_code ON enterprise_statement_version(credit_code);
        SELECT make_append_only('disclosure');
        SELECT make_append_only('disclosure_version');
        SELECT make_append_only('enterprise_statement');
        SELECT make_append_only('enterprise_statement_version');

        -- Plan progress (Plan/PlanStore.cs)
        CREATE TABLE plan_report (
            id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            target_id         text COLLATE "C" NOT NULL,
            period            text COLLATE "C" NOT NULL,
            reporting_body    text COLLATE "C" NOT NULL,
            first_recorded_at text COLLATE "C" NOT NULL,
            UNIQUE (target_id, period, reporting_body)
        );
        CREATE TABLE plan_report_version (
            report_id      bigint NOT NULL REFERENCES plan_report(id),
            version        bigint NOT NULL,
            recorded_at    text COLLATE "C" NOT NULL,
            batch_id       bigint NOT NULL REFERENCES import_batch(id),
            source         text COLLATE "C" NOT NULL,
            source_line    bigint,
            reason         text COLLATE "C",
            demo           bigint NOT NULL,
            value text COLLATE "C", done bigint, completed_on text COLLATE "C", department_id text COLLATE "C", note text COLLATE "C",
            source_title text COLLATE "C" NOT NULL, source_issuer text COLLATE "C" NOT NULL, source_number text COLLATE "C",
            source_date text COLLATE "C" NOT NULL, source_url text COLLATE "C", source_sha256 text COLLATE "C",
            PRIMARY KEY (report_id, version)
        );
        SELECT make_append_only('plan_report');
        SELECT make_append_only('plan_report_version');

        -- The publication log (Transparency/LogStore.cs)
        CREATE TABLE log_leaves (
            idx           bigint PRIMARY KEY CHECK (idx >= 0),
            leaf          bytea NOT NULL,
            leaf_hash     bytea NOT NULL CHECK (length(leaf_hash) = 32),
            kind          text COLLATE "C" NOT NULL CHECK (kind IN ('record', 'tombstone', 'batch')),
            dataset       text COLLATE "C",
            record_id     text COLLATE "C",
            version       bigint,
            record_sha256 text COLLATE "C",
            batch_id      bigint NOT NULL
        );
        CREATE INDEX log_leaves_record ON log_leaves(dataset, record_id, version);
        SELECT make_append_only('log_leaves');
        -- Leaves get the next index and no other: a gap or a reuse would be a different tree.
        CREATE FUNCTION log_leaves_next_index() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.idx <> (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_leaves) THEN
                RAISE EXCEPTION 'log_leaves: idx must be the next index' USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER log_leaves_no_gap BEFORE INSERT ON log_leaves FOR EACH ROW EXECUTE FUNCTION log_leaves_next_index();

        CREATE TABLE log_records (
            dataset   text COLLATE "C" NOT NULL,
            record_id text COLLATE "C" NOT NULL,
            version   bigint NOT NULL,
            bytes     bytea NOT NULL,
            sha256    text COLLATE "C" NOT NULL,
            PRIMARY KEY (dataset, record_id, version)
        );
        SELECT make_append_only('log_records');

        CREATE TABLE log_nodes (
            level bigint NOT NULL CHECK (level >= 1),
            idx   bigint NOT NULL CHECK (idx >= 0),
            hash  bytea NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        );
        SELECT make_append_only('log_nodes');

        CREATE TABLE log_checkpoints (
            tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
            root      bytea NOT NULL CHECK (length(root) = 32),
            note      text COLLATE "C" NOT NULL,
            signed_at text COLLATE "C" NOT NULL
        );
        SELECT make_append_only('log_checkpoints');

        -- The last signed checkpoint: one row, moved only forward by compare-and-swap, never deleted.
        CREATE TABLE log_head (
            one       bigint PRIMARY KEY CHECK (one = 1),
            tree_size bigint NOT NULL,
            root      bytea NOT NULL CHECK (length(root) = 32),
            note      text COLLATE "C" NOT NULL
        );
        CREATE TRIGGER log_head_forward BEFORE UPDATE ON log_head FOR EACH ROW
            WHEN (NEW.tree_size <= OLD.tree_size OR NEW.one <> OLD.one) EXECUTE FUNCTION refuse_change('log_head only moves forward');
        CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head FOR EACH ROW EXECUTE FUNCTION refuse_change('log_head is never deleted');
        CREATE TRIGGER log_head_no_truncate BEFORE TRUNCATE ON log_head FOR EACH STATEMENT EXECUTE FUNCTION refuse_change('log_head is never deleted');

        CREATE TABLE log_cosignatures (
            witness     text COLLATE "C" NOT NULL,
            key_id      text COLLATE "C" NOT NULL,
            tree_size   bigint NOT NULL CHECK (tree_size >= 1),
            root        bytea NOT NULL CHECK (length(root) = 32),
            timestamp   bigint NOT NULL CHECK (timestamp >= 0),
            line        text COLLATE "C" NOT NULL,
            received_at text COLLATE "C" NOT NULL,
            PRIMARY KEY (witness, key_id, tree_size, timestamp)
        );
        SELECT make_append_only('log_cosignatures');

        -- Scheduled ingest (Ingest/IngestStore.cs)
        CREATE TABLE ingest_run (
            id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            feed         text COLLATE "C" NOT NULL,
            source       text COLLATE "C" NOT NULL,
            owner        text COLLATE "C" NOT NULL,
            started_at   text COLLATE "C" NOT NULL,
            finished_at  text COLLATE "C",
            status       text COLLATE "C" NOT NULL,
            checked      bigint NOT NULL DEFAULT 0,
            not_modified bigint NOT NULL DEFAULT 0,
            imported     bigint NOT NULL DEFAULT 0,
            unchanged    bigint NOT NULL DEFAULT 0,
            rejected     bigint NOT NULL DEFAULT 0,
            failed       bigint NOT NULL DEFAULT 0
        );
        CREATE INDEX ingest_run_feed ON ingest_run(feed, id);
        CREATE TABLE ingest_file (
            run_id   bigint NOT NULL,
            name     text COLLATE "C" NOT NULL,
            location text COLLATE "C" NOT NULL,
            outcome  text COLLATE "C" NOT NULL,
            batch_id bigint,
            sha256   text COLLATE "C",
            reason   text COLLATE "C",
            at       text COLLATE "C" NOT NULL
        );
        CREATE INDEX ingest_file_run ON ingest_file(run_id);
        CREATE TABLE ingest_batch (
            batch_id bigint PRIMARY KEY,
            run_id   bigint NOT NULL,
            feed     text COLLATE "C" NOT NULL,
            location text COLLATE "C" NOT NULL
        );
        CREATE TABLE ingest_fetch (
            location      text COLLATE "C" PRIMARY KEY,
            feed          text COLLATE "C" NOT NULL,
            etag          text COLLATE "C",
            last_modified text COLLATE "C",
            sha256        text COLLATE "C",
            checked_at    text COLLATE "C" NOT NULL,
            failed_at     text COLLATE "C"
        );
        -- expires_at: Unix milliseconds.
        CREATE TABLE ingest_lease (
            key        text COLLATE "C" PRIMARY KEY,
            owner      text COLLATE "C" NOT NULL,
            expires_at bigint NOT NULL
        );

        -- Push deliveries (Push/DeliveryStore.cs); times in Unix milliseconds.
        CREATE TABLE push_delivery (
            id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            target          text COLLATE "C" NOT NULL,
            kind            text COLLATE "C" NOT NULL,
            event_id        text COLLATE "C" NOT NULL,
            event_type      text COLLATE "C" NOT NULL,
            body            text COLLATE "C" NOT NULL,
            created_at      bigint NOT NULL,
            status          text COLLATE "C" NOT NULL,
            attempts        bigint NOT NULL DEFAULT 0,
            next_attempt_at bigint NOT NULL,
            lease_until     bigint,
            last_status     bigint,
            last_error      text COLLATE "C",
            delivered_at    bigint,
            UNIQUE (target, event_id)
        );
        CREATE INDEX push_delivery_due ON push_delivery(status, next_attempt_at);
        CREATE TABLE push_attempt (
            delivery_id bigint NOT NULL REFERENCES push_delivery(id),
            attempt     bigint NOT NULL,
            at          bigint NOT NULL,
            status      bigint,
            error       text COLLATE "C",
            duration_ms bigint NOT NULL,
            PRIMARY KEY (delivery_id, attempt)
        );
        CREATE TABLE push_state (
            key   text COLLATE "C" PRIMARY KEY,
            value text COLLATE "C" NOT NULL
        );
        """;
}
