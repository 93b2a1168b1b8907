namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Migration 6: a short way through <c>sqlite_real_text</c> (migration 3) for the values a national import is made of.
/// Migration 3 computes SQLite's 17 digits of every REAL the way SQLite's util.c does, in numeric arithmetic with a
/// look-up per value: about 55 µs a value, and a day of 1,700 stations has 600,000 of them (each station-hour's 15),
/// which was over half of the PostgreSQL server's time of an air import. The function keeps its name and its answers;
/// the digits computation becomes <c>sqlite_real_text_digits</c>, asked only when the short way does not apply:
/// <list type="bullet">
/// <item>an integer of at most 9 digits: its digits and <c>.0</c> (<c>25.0</c>, <c>-3.0</c>; −0.0 is <c>0.0</c>);</item>
/// <item>a value whose shortest round-trip text (PostgreSQL's <c>float8out</c>; checked by reading it back) is at most 9
/// digits before the point and at most 3 after it: that text. SQLite prints the same: such a value is the double
/// nearest to a decimal of at most 12 significant digits between 0.001 and 10⁹, where half a unit in the last place
/// is less than one unit of the 16th significant digit, so SQLite's 17 digits are that decimal followed by zeros (or
/// by nines, one below it), and its shorter try (after a run of 0s or 9s at digits 14–16) gives it back.</item>
/// </list>
/// <c>PgRecordBytesTests</c> compares both ways with SQLite itself, over every value with three decimals up to 100
/// and random ones up to 10⁹ as well as the edge cases of migration 3.
/// </summary>
internal static class PgSchemaRealTextShort
{
    public const string Sql = """
        ALTER FUNCTION sqlite_real_text(double precision) RENAME TO sqlite_real_text_digits;
        CREATE FUNCTION sqlite_real_text(x double precision) RETURNS text
        LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
        DECLARE
            t text;
        BEGIN
            IF x = trunc(x) AND abs(x) < 1e9 THEN
                RETURN trunc(x)::bigint::text || '.0';
            END IF;
            t := x::text;
            IF t ~ '^-?[0-9]{1,9}\.[0-9]{1,3}$' AND t::double precision = x THEN
                RETURN t;
            END IF;
            RETURN sqlite_real_text_digits(x);
        END;
        $$;
        """;
}
