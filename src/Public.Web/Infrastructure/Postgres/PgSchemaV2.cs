namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Migration 2: the publication pipeline's record capture on PostgreSQL (<see cref="Publication.RecordCapture"/>).
/// SQLite's temporary triggers exist only on the publishing connection; PostgreSQL has no temporary triggers, so every
/// published table gets one permanent AFTER INSERT row trigger (cloned onto partitions) that writes the row's key and
/// version into <c>pg_temp.pub_capture</c> when the session has that table — the publisher creates it inside its
/// transaction <c>ON COMMIT DROP</c> — and does nothing otherwise. The table is named by the trigger's argument (on a
/// partition, TG_TABLE_NAME would name the partition), the keys are written as text and cast back when read.
/// The list is fixed text, as a migration must be: a dataset added to <see cref="Publication.PublishedDatasets"/> needs
/// the next migration (a test checks that every published table has its capture trigger).
/// </summary>
internal static class PgSchemaV2
{
    public const string Sql = """
        -- Creates <table>_capture(), the row trigger that records (table, key columns as text, version) into
        -- pg_temp.pub_capture while a publication is open in this session, and attaches it to the table.
        CREATE FUNCTION make_capture(tbl text, keys text[]) RETURNS void LANGUAGE plpgsql AS $make$
        DECLARE
            cols text;
            vals text;
        BEGIN
            SELECT string_agg('k' || (i - 1), ', ' ORDER BY i), string_agg(format('NEW.%I::text', keys[i]), ', ' ORDER BY i)
                INTO cols, vals FROM generate_subscripts(keys, 1) AS i;
            EXECUTE format($f$
                CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    IF to_regclass('pg_temp.pub_capture') IS NOT NULL THEN
                        INSERT INTO pg_temp.pub_capture (tbl, %s, v) VALUES (%L, %s, NEW.version);
                    END IF;
                    RETURN NULL;
                END
                $body$$f$, tbl || '_capture', cols, tbl, vals);
            EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION %I()', tbl || '_capture', tbl, tbl || '_capture');
        END
        $make$;

        SELECT make_capture('station_hour', ARRAY['station', 'hour_end']);
        SELECT make_capture('warning_event', ARRAY['warning_id', 'seq']);
        SELECT make_capture('reduction_entry', ARRAY['list_id', 'level', 'uscc']);
        SELECT make_capture('penalty_version', ARRAY['penalty_id']);
        SELECT make_capture('enterprise_version', ARRAY['credit_code']);
        SELECT make_capture('cems_hour_version', ARRAY['mn', 'data_time']);
        SELECT make_capture('manual_result_version', ARRAY['credit_code', 'outlet_code', 'pollutant', 'sampling_date', 'report_number']);
        SELECT make_capture('disclosure_version', ARRAY['disclosure_id']);
        SELECT make_capture('enterprise_statement_version', ARRAY['statement_id']);
        SELECT make_capture('plan_report_version', ARRAY['report_id']);
        """;
}
