namespace Public.Web.Infrastructure.Postgres;

/// <summary>
/// Migration 3: SQLite's JSON text of floating-point values and embedded JSON documents, so that a record's published
/// bytes (<see cref="Data.StoreDialect.JsonObject"/>) are the same on PostgreSQL as SQLite's <c>json_object</c> writes them.
/// <list type="bullet">
/// <item><c>sqlite_real_text(double precision)</c>: the text SQLite 3.53 (the e_sqlite3 that Microsoft.Data.Sqlite
/// ships) writes for a REAL in <c>json_object</c>, its printf <c>%!0.17g</c>: the value's 18 leading decimal digits
/// as SQLite's <c>sqlite3Fp2Convert10</c> computes them (the 64-bit product of the mantissa with the truncated
/// power of ten of <c>sqlite_fp_pow10</c>, its top bits, the last one rounding up), rounded to 17 digits, or fewer when the
/// shorter digits SQLite tries (after a run of 0s or 9s at digits 14–16) give back the same double; then
/// <c>%g</c>'s layout with the <c>!</c> flag: plain decimals with at least one digit after the point (<c>25.0</c>)
/// for decimal exponents −4…16, else <c>d.ddde±XX</c> (<c>1.0e+20</c>, <c>1.0e-07</c>). −0.0 is <c>0.0</c>,
/// ±Infinity <c>±9.0e+999</c>, NaN is NULL (SQLite stores NaN as NULL).</item>
/// <item><c>sqlite_json_value(x)</c>, one per column type (double precision, bigint, integer, text): one member value of
/// a published record, <c>null</c> for NULL: doubles through <c>sqlite_real_text</c>, integers in decimal, text through
/// <c>to_json</c> (escaped as SQLite escapes it).</item>
/// <item><c>sqlite_json_minify(text)</c>: what SQLite's <c>json()</c> makes of a valid JSON document: the same text
/// without the whitespace between tokens (strings, numbers and escapes are kept as written).</item>
/// </list>
/// The three are tested against SQLite itself value by value (<c>PgRecordBytesTests</c>).
/// </summary>
internal static class PgSchemaV3
{
    public const string Sql = """
        -- floor(10^p * 2^(63 - floor(p * log2(10)))) for p = -348..347: the 64-bit powers of ten of SQLite's
        -- sqlite3Fp2Convert10 (util.c), whose top bit is set; computed here exactly (numeric), not copied.
        CREATE TABLE sqlite_fp_pow10 (
            p  integer PRIMARY KEY,
            hi numeric NOT NULL CHECK (hi >= 9223372036854775808 AND hi < 18446744073709551616)
        );
        INSERT INTO sqlite_fp_pow10 (p, hi)
        SELECT p, trunc(CASE
                WHEN p >= 0 AND k >= 0 THEN (10::numeric ^ p) * (2::numeric ^ k)
                WHEN p >= 0 THEN div(10::numeric ^ p, 2::numeric ^ (-k))
                ELSE div(2::numeric ^ k, 10::numeric ^ (-p))
            END)
        FROM (SELECT p, 63 - ((p * 108853) >> 15) AS k FROM generate_series(-348, 347) AS p) AS powers;

        -- Whether the decimal digits * 10^exp10 read back as exactly the double a (PostgreSQL's float8in is
        -- correctly rounded, as SQLite's sqlite3Fp10Convert2 is); outside the normal range a literal may overflow or
        -- underflow, which float8in refuses: that is "no".
        CREATE FUNCTION sqlite_fp_round_trips(digits numeric, exp10 integer, a double precision) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
        DECLARE
            literal text := digits::text || 'e' || exp10::text;
            magnitude integer := length(digits::text) + exp10 - 1;
        BEGIN
            IF magnitude >= 308 OR magnitude <= -307 THEN
                BEGIN
                    RETURN literal::double precision = a;
                EXCEPTION WHEN numeric_value_out_of_range THEN
                    RETURN false;
                END;
            END IF;
            RETURN literal::double precision = a;
        END;
        $$;

        CREATE FUNCTION sqlite_real_text(x double precision) RETURNS text
        LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
        DECLARE
            two63 constant numeric := 9223372036854775808;
            two64 constant numeric := 18446744073709551616;
            a double precision := abs(x);
            minus text := CASE WHEN x < 0 THEN '-' ELSE '' END;
            bits bigint;
            biased integer;
            mantissa bigint;
            m numeric;
            e2 integer;
            zeros integer;
            p10 integer;
            h numeric;
            d numeric;
            z text;
            n integer;
            exp10 integer;
            dp integer;
            keep integer := 17;
            jj integer;
            candidate numeric;
            kept numeric;
            digits text;
            ex integer;
        BEGIN
            IF x = 'NaN'::double precision THEN
                RETURN NULL;
            ELSIF x = 'Infinity'::double precision THEN
                RETURN '9.0e+999';
            ELSIF x = '-Infinity'::double precision THEN
                RETURN '-9.0e+999';
            ELSIF x = 0 THEN
                RETURN '0.0';
            END IF;

            -- a = m * 2^e2 with m's top (64th) bit set
            bits := ('x' || encode(float8send(a), 'hex'))::bit(64)::bigint;
            biased := (bits >> 52)::integer;
            mantissa := bits & 4503599627370495;
            IF biased = 0 THEN
                zeros := position('1' in mantissa::bit(64)::text) - 1;
                m := (mantissa << zeros)::numeric;
                IF m < 0 THEN
                    m := m + two64;
                END IF;
                e2 := -1074 - zeros;
            ELSE
                m := (mantissa << 11)::numeric + two63;
                e2 := biased - 1086;
            END IF;

            -- sqlite3Fp2Convert10(m, e2, 18): d * 10^-p with 18 (or 19) digits
            p10 := 17 - (((e2 + 63) * 78913) >> 18);
            h := div(m * (SELECT hi FROM sqlite_fp_pow10 WHERE p = p10), two64);
            h := div(h, (1::bigint << (-(e2 + ((p10 * 108853) >> 15) + 2)))::numeric);
            d := div(h, 2) + mod(h, 2);

            -- sqlite3FpDecode(…, iRound 17, mxRound 20)
            z := d::text;
            n := length(z);
            exp10 := -p10;
            dp := n + exp10;
            IF 17 < n THEN
                IF substr(z, 16, 1) = '9' AND substr(z, 15, 1) = '9' THEN
                    jj := 14;
                    WHILE jj > 0 AND substr(z, jj, 1) = '9' LOOP
                        jj := jj - 1;
                    END LOOP;
                    candidate := CASE WHEN jj = 0 THEN 1 ELSE substr(z, 1, jj)::numeric + 1 END;
                    IF sqlite_fp_round_trips(candidate, exp10 + n - jj, a) THEN
                        keep := jj + 1;
                    END IF;
                ELSIF dp >= n OR substr(z, 14, 3) = '000' THEN
                    jj := 13;
                    WHILE jj > 0 AND substr(z, jj, 1) = '0' LOOP
                        jj := jj - 1;
                    END LOOP;
                    IF sqlite_fp_round_trips(substr(z, 1, jj)::numeric, exp10 + n - jj, a) THEN
                        keep := jj + 1;
                    END IF;
                END IF;
                kept := substr(z, 1, keep)::numeric;
                IF substr(z, keep + 1, 1) >= '5' THEN
                    kept := kept + 1;
                    IF length(kept::text) > keep THEN
                        dp := dp + 1;
                    END IF;
                END IF;
                digits := rtrim(kept::text, '0');
            ELSE
                digits := rtrim(z, '0');
            END IF;

            -- printf's %!.17g layout
            ex := dp - 1;
            IF ex < -4 OR ex > 16 THEN
                RETURN minus || substr(digits, 1, 1) || '.' || COALESCE(NULLIF(substr(digits, 2), ''), '0') || 'e'
                    || CASE WHEN ex < 0 THEN '-' ELSE '+' END || CASE WHEN abs(ex) < 10 THEN '0' ELSE '' END || abs(ex)::text;
            ELSIF dp <= 0 THEN
                RETURN minus || '0.' || repeat('0', -dp) || digits;
            ELSIF dp >= length(digits) THEN
                RETURN minus || digits || repeat('0', dp - length(digits)) || '.0';
            END IF;
            RETURN minus || substr(digits, 1, dp) || '.' || substr(digits, dp + 1);
        END;
        $$;

        -- One member value of a record's published JSON object, as SQLite's json_object writes it. One function per
        -- column type the store has (no polymorphic fallback: an integer would then resolve to the double one, float8
        -- being the preferred numeric type; a column of another type is an error, not a guess).
        CREATE FUNCTION sqlite_json_value(x double precision) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sqlite_real_text(x), 'null') $$;
        CREATE FUNCTION sqlite_json_value(x bigint) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE(x::text, 'null') $$;
        CREATE FUNCTION sqlite_json_value(x integer) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE(x::text, 'null') $$;
        CREATE FUNCTION sqlite_json_value(x text) RETURNS text
        LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(CAST(to_json(x) AS text), 'null') $$;

        -- SQLite's json() of a valid JSON document: the whitespace between tokens removed, all else as written.
        CREATE FUNCTION sqlite_json_minify(document text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT COALESCE(regexp_replace(document, '("(?:[^"\\]|\\.)*")|[ \t\n\r]+', '\1', 'g'), 'null')
        $$;
        """;
}
