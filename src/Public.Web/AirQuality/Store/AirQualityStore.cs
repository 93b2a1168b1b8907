using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Public.Web.Infrastructure;
using Public.Web.Infrastructure.Data;

namespace Public.Web.AirQuality.Store;

/// <summary>
/// All SQL of the air-quality feature. Published station-hours are append-only: a changed value is a new
/// version row, never an update. The day and city tables are derived (materialised at import time from the
/// latest versions) and are rebuilt for the affected days on every import. Runs on both engines
/// (<see cref="Database.Connect"/>, the batch's <c>StoreConnection</c>); the two hot reads of the wide series
/// (<see cref="ReadPacked"/>, <see cref="ReadHourValues"/>) call e_sqlite3 natively on SQLite and read Npgsql's
/// binary rows on PostgreSQL, each behind one method.
/// </summary>
internal sealed class AirQualityStore(Database database)
{
    /// <summary>Area key of the city series in the derived tables.</summary>
    public const string CityArea = "city";


    public const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS import_batch (
            id            INTEGER PRIMARY KEY,
            kind          TEXT NOT NULL,
            started_at    TEXT NOT NULL,
            finished_at   TEXT,
            files         INTEGER NOT NULL DEFAULT 0,
            rows          INTEGER NOT NULL DEFAULT 0,
            values_stored INTEGER NOT NULL DEFAULT 0,
            new_records   INTEGER NOT NULL DEFAULT 0,
            new_versions  INTEGER NOT NULL DEFAULT 0,
            unchanged     INTEGER NOT NULL DEFAULT 0,
            rejected      INTEGER NOT NULL DEFAULT 0,
            status        TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS import_file (
            batch_id INTEGER NOT NULL REFERENCES import_batch(id),
            name     TEXT NOT NULL,
            sha256   TEXT NOT NULL,
            rows     INTEGER NOT NULL,
            status   TEXT NOT NULL,
            PRIMARY KEY (batch_id, name, sha256)
        );
        -- Published station-hours, one row per version. hour_end: Unix seconds (UTC) of the END of the
        -- averaging hour, the CNEMC label. Values as published (µg/m³, CO mg/m³); NULL = blank in the source.
        CREATE TABLE IF NOT EXISTS station_hour (
            station     TEXT NOT NULL,
            hour_end    INTEGER NOT NULL,
            version     INTEGER NOT NULL,
            recorded_at TEXT NOT NULL,
            batch_id    INTEGER NOT NULL,
            source      TEXT NOT NULL,
            source_line INTEGER,
            reason      TEXT,
            aqi REAL, pm25 REAL, pm25_24h REAL, pm10 REAL, pm10_24h REAL, so2 REAL, so2_24h REAL,
            no2 REAL, no2_24h REAL, o3 REAL, o3_24h REAL, o3_8h REAL, o3_8h_24h REAL, co REAL, co_24h REAL,
            PRIMARY KEY (station, hour_end, version)
        ) WITHOUT ROWID;
        -- Hours of a period across stations (the import's derived rebuild, the ingest's latest hour) without scanning
        -- the table; PostgreSQL has its twin (a BRIN index of the same name).
        CREATE INDEX IF NOT EXISTS station_hour_hour_end ON station_hour(hour_end);
        -- Derived: per natural day (Beijing time; day_start = Unix seconds of its 00:00 +08:00, the day's hours are
        -- those with hour_end in (day_start, day_start + 86400]) the number of station_hour rows (every version) and
        -- their latest batch, added to by every import in its transaction. HourSignature reads a day's, a month's or a
        -- year's signature from these few rows; counting the rows themselves read every station-hour of a national
        -- year (14 million rows, minutes) for the first station-year request of a process.
        CREATE TABLE IF NOT EXISTS station_hour_day (
            day_start INTEGER PRIMARY KEY,
            rows      INTEGER NOT NULL,
            max_batch INTEGER NOT NULL
        );
        -- Derived: daily values of a station or of the city ('city'), with coverage counts.
        CREATE TABLE IF NOT EXISTS day_value (
            area TEXT NOT NULL,
            date TEXT NOT NULL,
            so2 REAL, so2_n INTEGER NOT NULL, no2 REAL, no2_n INTEGER NOT NULL,
            pm10 REAL, pm10_n INTEGER NOT NULL, co REAL, co_n INTEGER NOT NULL,
            pm25 REAL, pm25_n INTEGER NOT NULL, o3_1h_max REAL, o3_1h_n INTEGER NOT NULL,
            o3_8h_max REAL, o3_8h_n INTEGER NOT NULL,
            aqi INTEGER, primary_pollutants TEXT, edition TEXT NOT NULL,
            PRIMARY KEY (area, date)
        ) WITHOUT ROWID;
        -- Derived: city hours (arithmetic mean of the stations' values of that hour).
        CREATE TABLE IF NOT EXISTS city_hour (
            hour_end INTEGER PRIMARY KEY,
            so2 REAL, no2 REAL, pm10 REAL, co REAL, o3 REAL, pm25 REAL,
            stations INTEGER NOT NULL,
            aqi INTEGER, primary_pollutants TEXT, edition TEXT NOT NULL
        ) WITHOUT ROWID;
        -- Derived: per station and calendar month (Beijing time; month_start = Unix seconds of its first 00:00 +08:00,
        -- the month's hours are those with hour_end in (month_start, next month_start]), the current version of every
        -- hour packed in one value (HourValues.Pack: hour ends, versions, 15 doubles an hour, NaN = missing,
        -- little-endian). Rewritten for every (station, month) an import writes, in the import's transaction, so it is
        -- always station_hour's latest versions; the wide series reads a year as 12 of these instead of 4,300 rows.
        -- A rowid table: its values (about 100 KB) are too large for a WITHOUT ROWID row.
        CREATE TABLE IF NOT EXISTS station_hour_packed (
            station     TEXT NOT NULL,
            month_start INTEGER NOT NULL,
            hours       INTEGER NOT NULL,
            packed      BLOB NOT NULL,
            PRIMARY KEY (station, month_start)
        );
        """;

    public Database Database => database;

    // ---- published station-hours ------------------------------------------------------------------

    private const string CurrentVersionFilter =
        "h.version = (SELECT MAX(m.version) FROM station_hour m WHERE m.station = h.station AND m.hour_end = h.hour_end)";

    /// <summary>Latest versions of one station's hours with hour_end in (fromExclusive, toInclusive].</summary>
    public List<StationHourRow> CurrentHours(string station, long fromExclusive, long toInclusive, DbConnection? connection = null, DbTransaction? transaction = null)
    {
        return QueryHours(
            $"SELECT {RowColumns} FROM station_hour h WHERE h.station = @s AND h.hour_end > @a AND h.hour_end <= @b AND {CurrentVersionFilter} ORDER BY h.hour_end",
            [("@s", station), ("@a", fromExclusive), ("@b", toInclusive)],
            connection, transaction);
    }

    /// <summary>
    /// The latest versions of one station's hours in (fromExclusive, toInclusive], lean: the hour, the version and the
    /// 15 published values as doubles (NaN = missing), for the wide series. One ordered range scan of the primary key
    /// (station, hour_end, version) reads every version of the period and keeps the last of each hour: the same rows
    /// as <see cref="CurrentVersionFilter"/> without its correlated MAX per row, and without a decimal or a record per
    /// row (superseded versions are few, so reading them costs less than seeking each hour's maximum).
    /// A period of <see cref="SplitFromHours"/> hours or more is read as two halves side by side, each on its own
    /// connection in its own read transaction: SQLite's decoding of the rows is most of a year's time and one core does
    /// it. Both halves must come from the same data version (store_meta's, read inside each transaction); when an
    /// import committed between them, the period is read again on one connection.
    /// </summary>
    public HourValues CurrentHourValues(string station, long fromExclusive, long toInclusive)
    {
        var hours = (int)Math.Clamp((toInclusive - fromExclusive) / 3600, 1, 24 * 367);
        if (hours >= PackedFromHours && ReadPacked(station, fromExclusive, toInclusive, hours) is { } packed)
        {
            return packed;
        }

        return CurrentHourValuesFromRows(station, fromExclusive, toInclusive);
    }

    /// <summary>From a week a period is read from the packed months (a day's hours read as rows cost less than a month's value).</summary>
    internal const int PackedFromHours = 24 * 7;

    /// <summary>
    /// The period's hours from <c>station_hour_packed</c>: one statement (one snapshot) for the months it touches, each
    /// value copied in, the hours outside the period left out. Null when a value is not the length its hour count says
    /// (or on a big-endian machine): the rows are then read instead.
    /// </summary>
    private HourValues? ReadPacked(string station, long fromExclusive, long toInclusive, int capacity)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return null;
        }

        using var connection = database.Connect();
        var result = new HourValues(station, capacity);
        try
        {
            var from = MonthStart(fromExclusive + 3600);
            if (connection is SqliteConnection sqlite
                    ? ReadPackedNative(sqlite, station, from, fromExclusive, toInclusive, result)
                    : ReadPackedRows(connection, station, from, fromExclusive, toInclusive, result))
            {
                return result;
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }

        result.Dispose();
        return null;
    }

    /// <summary>One month's packed value into <paramref name="result"/>; false when it is not the length its hour count says.</summary>
    private static bool AppendMonth(HourValues result, long hours, ReadOnlySpan<byte> packed, long fromExclusive, long toInclusive) =>
        hours is >= 0 and <= 24 * 31 && result.AppendPacked(packed, (int)hours, fromExclusive, toInclusive);

    // SQLite: the blob read in place (no copy into a managed array per month).
    private static bool ReadPackedNative(SqliteConnection connection, string station, long from, long fromExclusive, long toInclusive, HourValues result)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, PackedSql, out var statement));
        using (statement)
        {
            Check(connection, raw.sqlite3_bind_text(statement, 1, station));
            Check(connection, raw.sqlite3_bind_int64(statement, 2, from));
            Check(connection, raw.sqlite3_bind_int64(statement, 3, toInclusive));
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (!AppendMonth(result, raw.sqlite3_column_int64(statement, 0), raw.sqlite3_column_blob(statement, 1), fromExclusive, toInclusive))
                {
                    return false;
                }
            }

            Check(connection, step == raw.SQLITE_DONE ? raw.SQLITE_OK : step);
        }

        return true;
    }

    // PostgreSQL: Npgsql reads the rows in its binary format; each bytea arrives as one array.
    private static bool ReadPackedRows(DbConnection connection, string station, long from, long fromExclusive, long toInclusive, HourValues result)
    {
        using var command = connection.Command(null, PackedSql, ("@s", station), ("@a", from), ("@b", toInclusive));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!AppendMonth(result, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), fromExclusive, toInclusive))
            {
                return false;
            }
        }

        return true;
    }

    // Named parameters, which SQLite also numbers in order of appearance (the native path binds 1, 2, 3).
    private const string PackedSql =
        "SELECT hours, packed FROM station_hour_packed WHERE station = @s AND month_start >= @a AND month_start < @b ORDER BY month_start";

    /// <summary>The start (Unix seconds of 00:00 Beijing time on the 1st) of the calendar month an hour (by its end) belongs to.</summary>
    internal static long MonthStart(long hourEnd)
    {
        var day = ChinaTime.DayOfHourEnd(hourEnd);
        return ChinaTime.DayStart(new DateOnly(day.Year, day.Month, 1));
    }

    /// <summary>The start of the month after the one starting at <paramref name="monthStart"/>.</summary>
    private static long NextMonthStart(long monthStart) => ChinaTime.DayStart(ChinaTime.DayOfHourEnd(monthStart + 3600).AddMonths(1));

    /// <summary>
    /// Rewrites the packed copy of one station's month from its rows (the latest versions, read in the caller's
    /// transaction, so its own writes included); no hours, no packed row.
    /// </summary>
    internal static void Repack(DbConnection connection, DbTransaction transaction, string station, long monthStart)
    {
        using var hours = new HourValues(station, 24 * 31);
        ReadHourValues(connection, transaction, station, monthStart, NextMonthStart(monthStart), hours);
        if (hours.Count == 0)
        {
            connection.Execute(transaction, "DELETE FROM station_hour_packed WHERE station = @s AND month_start = @m", ("@s", station), ("@m", monthStart));
            return;
        }

        connection.Execute(transaction, """
            INSERT INTO station_hour_packed(station, month_start, hours, packed) VALUES (@s, @m, @n, @p)
                ON CONFLICT(station, month_start) DO UPDATE SET hours = excluded.hours, packed = excluded.packed
            """, ("@s", station), ("@m", monthStart), ("@n", (long)hours.Count), ("@p", hours.Pack()));
    }

    /// <summary>
    /// Builds the packed copy of every station's months from station_hour (replacing whatever is there): the schema
    /// upgrade of a store written before the copy existed.
    /// </summary>
    internal static int RepackAll(DbConnection connection, DbTransaction transaction)
    {
        var months = new List<(string Station, long MonthStart)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM station_hour_packed";
            command.ExecuteNonQuery();
            // One seek per station for its first and last hour, then every month between them (a month without
            // hours gets no row).
            command.CommandText = """
                SELECT s.station, (SELECT MIN(hour_end) FROM station_hour h WHERE h.station = s.station),
                       (SELECT MAX(hour_end) FROM station_hour h WHERE h.station = s.station)
                FROM (SELECT DISTINCT station FROM station_hour) s
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var station = reader.GetString(0);
                for (var month = MonthStart(reader.GetInt64(1)); month < reader.GetInt64(2); month = NextMonthStart(month))
                {
                    months.Add((station, month));
                }
            }
        }

        foreach (var (station, month) in months)
        {
            Repack(connection, transaction, station, month);
        }

        return months.Count;
    }

    /// <summary>
    /// The period's hours read from station_hour's rows: what the packed copy is built from, the reference the tests
    /// hold it to, and the way a store without it is read.
    /// </summary>
    internal HourValues CurrentHourValuesFromRows(string station, long fromExclusive, long toInclusive)
    {
        var hours = (int)Math.Clamp((toInclusive - fromExclusive) / 3600, 1, 24 * 367);
        // The halves are for SQLite, whose decoding of a year's rows is most of its time on one core.
        if (hours >= SplitFromHours && !database.Dialect.IsPostgres && Middle(station, fromExclusive, toInclusive) is { } mid)
        {
            // Waiting on the task runs it here if no other thread has taken it yet: at worst the halves run one after the other.
            var later = Task.Run(() => ReadSnapshot(station, mid, toInclusive, (int)((toInclusive - mid) / 3600) + 1));
            (HourValues Hours, long Version) first;
            try
            {
                first = ReadSnapshot(station, fromExclusive, mid, (int)((mid - fromExclusive) / 3600) + 1);
            }
            catch
            {
                DisposeWhenRead(later);
                throw;
            }

            try
            {
                later.Wait();
            }
            catch (AggregateException)
            {
                first.Hours.Dispose();
            }

            // The second half's own exception, when it failed.
            var (second, version) = later.GetAwaiter().GetResult();
            using (second)
            {
                if (first.Version == version)
                {
                    first.Hours.Append(second);
                    return first.Hours;
                }
            }

            first.Hours.Dispose();
        }

        using var connection = database.Connect();
        var result = new HourValues(station, hours);
        try
        {
            ReadHourValues(connection, null, station, fromExclusive, toInclusive, result);
        }
        catch
        {
            result.Dispose();
            throw;
        }

        return result;
    }

    private static void DisposeWhenRead(Task<(HourValues Hours, long Version)> read)
    {
        try
        {
            read.Wait();
            read.Result.Hours.Dispose();
        }
        catch (AggregateException)
        {
            // The first half's failure is the one reported.
        }
    }

    /// <summary>
    /// The hour between the first and the last stored hour of the period (two seeks of the primary key), where it splits
    /// in halves of about as many rows — a year with data for half of it splits there; null when it has under two hours.
    /// </summary>
    private long? Middle(string station, long fromExclusive, long toInclusive)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT MIN(hour_end) FROM station_hour WHERE station = $s AND hour_end > $a AND hour_end <= $b), " +
            "(SELECT MAX(hour_end) FROM station_hour WHERE station = $s AND hour_end > $a AND hour_end <= $b)";
        command.Parameters.AddWithValue("$s", station);
        command.Parameters.AddWithValue("$a", fromExclusive);
        command.Parameters.AddWithValue("$b", toInclusive);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(0) || reader.IsDBNull(1))
        {
            return null;
        }

        var (first, last) = (reader.GetInt64(0), reader.GetInt64(1));
        // Hour ends are whole hours: the middle one is too.
        var middle = first + ((last - first) / 7200 * 3600);
        return middle > first && middle < last ? middle : null;
    }

    /// <summary>A year of hours is split in two; a week is not worth a second connection.</summary>
    internal const int SplitFromHours = 24 * 60;

    private (HourValues Hours, long Version) ReadSnapshot(string station, long fromExclusive, long toInclusive, int capacity)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT value FROM store_meta WHERE key = '{Database.DataVersionKey}'";
        var version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        var hours = new HourValues(station, capacity);
        try
        {
            ReadHourValues(connection, transaction, station, fromExclusive, toInclusive, hours);
        }
        catch
        {
            hours.Dispose();
            throw;
        }

        transaction.Commit();
        return (hours, version);
    }

    // SQLite's own calls rather than SqliteDataReader: two native calls per value instead of a dozen checks and
    // calls behind IsDBNull and GetDouble (a year of hours is 65,000 values; the reader took 15 ms for them).
    // A missing value comes as the impossible −1e308 (values are never negative: the import rejects them), so each
    // value is one native call, not a type check and a read.
    // The same text on both engines: SQLite numbers the named parameters 1, 2, 3 in order of appearance.
    private static readonly string HourValuesSql =
        $"SELECT h.hour_end, h.version, {string.Join(", ", PublishedTypes.All.Select(t => $"COALESCE(h.{t.Column}, {MissingValue.ToString("R", CultureInfo.InvariantCulture)})"))} FROM station_hour h " +
        "WHERE h.station = @s AND h.hour_end > @a AND h.hour_end <= @b ORDER BY h.hour_end, h.version";

    /// <summary>
    /// The latest versions of one station's hours in (fromExclusive, toInclusive] into <paramref name="result"/>, in
    /// <paramref name="transaction"/> when given (the hour writer's own rows included): natively on SQLite, through
    /// Npgsql's binary rows on PostgreSQL.
    /// </summary>
    private static void ReadHourValues(DbConnection connection, DbTransaction? transaction, string station, long fromExclusive, long toInclusive, HourValues result)
    {
        if (connection is SqliteConnection sqlite)
        {
            ReadHourValuesNative(sqlite, station, fromExclusive, toInclusive, result);
            return;
        }

        using var command = connection.Command(transaction, HourValuesSql, ("@s", station), ("@a", fromExclusive), ("@b", toInclusive));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = NextHour(result, reader.GetInt64(0), reader.GetInt64(1));
            for (var i = 0; i < values.Length; i++)
            {
                var value = reader.GetDouble(2 + i);
                values[i] = value == MissingValue ? double.NaN : value;
            }
        }
    }

    /// <summary>
    /// The row of an hour read in hour, then version order: a later version of the same hour overwrites the earlier
    /// one. Returns its values to fill in.
    /// </summary>
    private static Span<double> NextHour(HourValues result, long hourEnd, long version)
    {
        var row = result.Count > 0 && result.HourEnd[result.Count - 1] == hourEnd ? result.Count - 1 : result.Add(hourEnd);
        result.Version[row] = (int)version;
        return result.Row(row);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ReadHourValuesNative(SqliteConnection connection, string station, long fromExclusive, long toInclusive, HourValues result)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, HourValuesSql, out var statement));
        using (statement)
        {
            Check(connection, raw.sqlite3_bind_text(statement, 1, station));
            Check(connection, raw.sqlite3_bind_int64(statement, 2, fromExclusive));
            Check(connection, raw.sqlite3_bind_int64(statement, 3, toInclusive));
            var added = false;
            statement.DangerousAddRef(ref added);
            try
            {
                var direct = SqliteColumns.Available ? statement.DangerousGetHandle() : IntPtr.Zero;
                int step;
                while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    var values = NextHour(result,
                        direct != IntPtr.Zero ? SqliteColumns.Int64(direct, 0) : raw.sqlite3_column_int64(statement, 0),
                        direct != IntPtr.Zero ? SqliteColumns.Int64(direct, 1) : raw.sqlite3_column_int64(statement, 1));
                    for (var i = 0; i < values.Length; i++)
                    {
                        var value = direct != IntPtr.Zero ? SqliteColumns.Double(direct, 2 + i) : raw.sqlite3_column_double(statement, 2 + i);
                        values[i] = value == MissingValue ? double.NaN : value;
                    }
                }

                Check(connection, step == raw.SQLITE_DONE ? raw.SQLITE_OK : step);
            }
            finally
            {
                if (added)
                {
                    statement.DangerousRelease();
                }
            }
        }
    }

    private const double MissingValue = -1e308;

    /// <summary>
    /// SQLite's column readers called straight, without SQLitePCL's safe-handle marshalling around each call: a year of
    /// hours is 68,000 of them, and the marshalling cost more than reading. Only when SQLitePCL itself runs on the same
    /// library (e_sqlite3, the bundle Microsoft.Data.Sqlite ships), so the statement belongs to it; else the SQLitePCL calls.
    /// </summary>
    private static class SqliteColumns
    {
        public static readonly bool Available = Probe();

        // DllImport rather than LibraryImport: the generated marshalling would need unsafe code enabled for the whole app.
        // No GC transition: these read a value of the current row and return, as SQLite documents them.
        [DllImport("e_sqlite3", EntryPoint = "sqlite3_column_double")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [SuppressGCTransition]
        public static extern double Double(IntPtr statement, int column);

        [DllImport("e_sqlite3", EntryPoint = "sqlite3_column_int64")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        [SuppressGCTransition]
        public static extern long Int64(IntPtr statement, int column);

        private static bool Probe()
        {
            if (raw.GetNativeLibraryName() != "e_sqlite3")
            {
                return false;
            }

            try
            {
                Marshal.Prelink(typeof(SqliteColumns).GetMethod(nameof(Double))!);
                Marshal.Prelink(typeof(SqliteColumns).GetMethod(nameof(Int64))!);
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return false;
            }
        }
    }

    private static void Check(SqliteConnection connection, int code)
    {
        if (code != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), code);
        }
    }

    /// <summary>
    /// Latest versions of all stations' hours in (fromExclusive, toInclusive], ordered by station, then hour. One range
    /// read of every version of the period (the hour_end index; PostgreSQL's BRIN), the latest of each hour kept here:
    /// a correlated MAX per row made PostgreSQL walk the whole primary key (its order matched the ORDER BY) and probe
    /// every yearly partition for each row, work that grew with the store on every import; superseded versions are few.
    /// </summary>
    public List<StationHourRow> CurrentHoursAllStations(long fromExclusive, long toInclusive, DbConnection? connection = null, DbTransaction? transaction = null)
    {
        var latest = new Dictionary<(string Station, long HourEnd), StationHourRow>();
        foreach (var row in QueryHours(
            $"SELECT {RowColumns} FROM station_hour h WHERE h.hour_end > @a AND h.hour_end <= @b",
            [("@a", fromExclusive), ("@b", toInclusive)],
            connection, transaction))
        {
            ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(latest, (row.Station, row.HourEndUnix), out var exists);
            if (!exists || row.Version > kept!.Version)
            {
                kept = row;
            }
        }

        var rows = latest.Values.ToList();
        rows.Sort((a, b) => string.CompareOrdinal(a.Station, b.Station) is var c && c != 0 ? c : a.HourEndUnix.CompareTo(b.HourEndUnix));
        return rows;
    }

    /// <summary>
    /// Latest versions of several stations' hours in (fromExclusive, toInclusive], in one query (ordered by station,
    /// then hour): GraphQL asks for many stations at once and must not cost one query per station.
    /// </summary>
    public List<StationHourRow> CurrentHours(IReadOnlyCollection<string> stations, long fromExclusive, long toInclusive)
    {
        var (list, parameters) = InList("@s", stations);
        return QueryHours(
            $"SELECT {RowColumns} FROM station_hour h WHERE h.station IN ({list}) AND h.hour_end > @a AND h.hour_end <= @b AND {CurrentVersionFilter} ORDER BY h.station, h.hour_end",
            [.. parameters, ("@a", fromExclusive), ("@b", toInclusive)],
            null, null);
    }

    /// <summary>Every version of several stations' hours in (fromExclusive, toInclusive], in one query.</summary>
    public List<StationHourRow> AllVersions(IReadOnlyCollection<string> stations, long fromExclusive, long toInclusive)
    {
        var (list, parameters) = InList("@s", stations);
        return QueryHours(
            $"SELECT {RowColumns} FROM station_hour h WHERE h.station IN ({list}) AND h.hour_end > @a AND h.hour_end <= @b ORDER BY h.station, h.hour_end, h.version",
            [.. parameters, ("@a", fromExclusive), ("@b", toInclusive)],
            null, null);
    }

    /// <summary>The latest hour (current version) of each of several stations that has any, in one query, ordered by station.</summary>
    public List<StationHourRow> LatestHours(IReadOnlyCollection<string> stations)
    {
        if (stations.Count == 0)
        {
            return [];
        }

        // One primary-key seek per station for its last hour, then a seek for that hour's rows: a correlated
        // MAX per row of the stations would visit every hour they have.
        var dialect = database.Dialect;
        return QueryHours(
            $"SELECT {RowColumns} FROM ({LastHourPerStation(dialect)}) l {dialect.JoinInThisOrder} station_hour h " +
            $"ON h.station = l.station AND h.hour_end = l.hour_end WHERE {CurrentVersionFilter} ORDER BY h.station",
            [("@s", StationsJson(stations))], null, null);
    }

    /// <summary>
    /// (station, hour_end) of the last hour of each station in the JSON array <c>@s</c> (<see cref="StationsJson"/>): one
    /// primary-key seek each, in one statement with one parameter however many stations (a national registry has ~1,700).
    /// A compound SELECT of one term per station, as before, is refused by SQLite past 500 terms ("too many terms in
    /// compound SELECT"), and on PostgreSQL 400 such terms over the yearly partitions overran the 30 s command timeout.
    /// </summary>
    private static string LastHourPerStation(StoreDialect dialect) =>
        $"SELECT j.value ->> 0 AS station, (SELECT MAX(hour_end) FROM station_hour WHERE station = j.value ->> 0) AS hour_end " +
        $"FROM {dialect.JsonArrayElements("@s")} j";

    /// <summary>Station codes as the JSON array of one-element arrays that <see cref="LastHourPerStation"/> reads.</summary>
    private static string StationsJson(IReadOnlyCollection<string> stations) =>
        System.Text.Json.JsonSerializer.Serialize(stations.Select(s => new[] { s }));

    /// <summary>"@p0, @p1, …" and their values, for an IN list of any length (SQLite allows 32,766 parameters).</summary>
    private static (string List, (string Name, object? Value)[] Parameters) InList(string prefix, IReadOnlyCollection<string> values)
    {
        var parameters = values.Select((v, i) => (prefix + i.ToString(CultureInfo.InvariantCulture), (object?)v)).ToArray();
        // An empty IN () is a syntax error in SQLite; NULL matches nothing.
        return (parameters.Length == 0 ? "NULL" : string.Join(", ", parameters.Select(p => p.Item1)), parameters);
    }

    /// <summary>Every version (also superseded ones) of one station's hours in (fromExclusive, toInclusive].</summary>
    public List<StationHourRow> AllVersions(string station, long fromExclusive, long toInclusive)
    {
        return QueryHours(
            $"SELECT {RowColumns} FROM station_hour h WHERE h.station = @s AND h.hour_end > @a AND h.hour_end <= @b ORDER BY h.hour_end, h.version",
            [("@s", station), ("@a", fromExclusive), ("@b", toInclusive)],
            null, null);
    }

    /// <summary>The latest hour of a station that has any value, or null.</summary>
    public StationHourRow? LatestHour(string station)
    {
        var rows = QueryHours(
            $"SELECT {RowColumns} FROM station_hour h WHERE h.station = @s AND {CurrentVersionFilter} ORDER BY h.hour_end DESC LIMIT 1",
            [("@s", station)], null, null);
        return rows.Count == 0 ? null : rows[0];
    }

    public long? LatestHourEnd()
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT MAX(hour_end) FROM station_hour");
        return command.ExecuteScalar() is long v ? v : null;
    }

    /// <summary>
    /// The latest hour of any of the given stations. One primary-key seek per station: MAX over the whole table
    /// has no index on hour_end and scans every row (~40 ms at 400,000 station-hours), on every request that
    /// needs a default date range.
    /// </summary>
    public long? LatestHourEnd(IReadOnlyCollection<string> stations)
    {
        if (stations.Count == 0)
        {
            return null;
        }

        using var connection = database.Connect();
        using var command = connection.Command(null, $"SELECT MAX(hour_end) FROM ({LastHourPerStation(database.Dialect)}) u", ("@s", StationsJson(stations)));
        return command.ExecuteScalar() is long v ? v : null;
    }

    public bool HasAnyHour()
    {
        using var connection = database.Connect();
        return connection.Long(null, "SELECT EXISTS (SELECT 1 FROM station_hour)") == 1;
    }

    private static readonly string RowColumns =
        "h.station, h.hour_end, h.version, h.recorded_at, h.batch_id, h.source, h.source_line, h.reason, " +
        string.Join(", ", PublishedTypes.All.Select(t => "h." + t.Column));

    private List<StationHourRow> QueryHours(string sql, (string Name, object? Value)[] parameters, DbConnection? connection, DbTransaction? transaction)
    {
        var own = connection is null;
        connection ??= database.Connect();
        try
        {
            using var command = connection.Command(transaction, sql, parameters);

            var result = new List<StationHourRow>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var values = new decimal?[PublishedTypes.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(8 + i) ? null : ToDecimal(reader.GetDouble(8 + i));
                }

                result.Add(new StationHourRow(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.Int(2),
                    reader.GetString(3),
                    reader.GetInt64(4),
                    reader.GetString(5),
                    reader.IntOrNull(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    values));
            }

            return result;
        }
        finally
        {
            if (own)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>The values of a row as reading it back from the store gives them (each through REAL and <see cref="ToDecimal"/>).</summary>
    internal static decimal?[] AsStored(decimal?[] values)
    {
        var stored = new decimal?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            stored[i] = values[i] is { } v ? ToDecimal((double)v) : null;
        }

        return stored;
    }

    /// <summary>
    /// Values are stored as REAL; published values have at most 3 decimals, so rounding the double back
    /// to 3 decimals restores the published decimal exactly (2.1 stays 2.1, not 2.0999999).
    /// </summary>
    internal static decimal ToDecimal(double value) => Math.Round((decimal)value, 3);

    /// <summary>An appender of versions inside the caller's transaction (one row at a time on SQLite, COPY blocks on PostgreSQL).</summary>
    public static HourWriter CreateHourWriter(DbConnection connection, DbTransaction transaction) => new(connection, transaction);

    internal sealed class HourWriter : IDisposable
    {
        private static readonly (string Name, DbType Type)[] Columns =
        [
            ("station", DbType.String), ("hour_end", DbType.Int64), ("version", DbType.Int64), ("recorded_at", DbType.String),
            ("batch_id", DbType.Int64), ("source", DbType.String), ("source_line", DbType.Int64), ("reason", DbType.String),
            .. PublishedTypes.All.Select(t => (t.Column, DbType.Double)),
        ];

        private readonly RowAppender _rows;
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;

        // The (station, month) pairs written: their packed copies are rewritten by Complete.
        private readonly HashSet<(string Station, long MonthStart)> _touched = [];

        // Per natural day written: the rows written and their latest batch, added to station_hour_day by Complete.
        private readonly Dictionary<long, (long Rows, long MaxBatch)> _days = [];

        public HourWriter(DbConnection connection, DbTransaction transaction)
        {
            (_connection, _transaction) = (connection, transaction);
            _rows = new RowAppender(connection, transaction, "station_hour", Columns);
        }

        public void Write(StationHourRow row)
        {
            var values = new object?[Columns.Length];
            values[0] = row.Station;
            values[1] = row.HourEndUnix;
            values[2] = (long)row.Version;
            values[3] = row.RecordedAt;
            values[4] = row.BatchId;
            values[5] = row.Source;
            values[6] = row.SourceLine is { } line ? (long)line : null;
            values[7] = row.Reason;
            for (var i = 0; i < PublishedTypes.Count; i++)
            {
                values[8 + i] = row.Values[i] is { } v ? (double)v : null;
            }

            _rows.Add(values);
            _touched.Add((row.Station, MonthStart(row.HourEndUnix)));
            var day = DayStartOfHourEnd(row.HourEndUnix);
            var (rows, maxBatch) = _days.GetValueOrDefault(day);
            _days[day] = (rows + 1, Math.Max(maxBatch, row.BatchId));
        }

        /// <summary>Writes the rows kept so far (PostgreSQL's COPY block); <see cref="Complete"/> does it first.</summary>
        public void Flush() => _rows.Flush();

        /// <summary>
        /// Writes the rows kept so far, then rewrites the packed copy (<c>station_hour_packed</c>) of every station-month
        /// written and adds the rows to their days' counts (<c>station_hour_day</c>), in the same transaction: every
        /// writer calls it after its last row, so both commit (or roll back) with the rows they are made of.
        /// </summary>
        public void Complete()
        {
            _rows.Flush();
            foreach (var (station, month) in _touched)
            {
                Repack(_connection, _transaction, station, month);
            }

            foreach (var (day, (rows, maxBatch)) in _days)
            {
                _connection.Execute(_transaction, """
                    INSERT INTO station_hour_day(day_start, rows, max_batch) VALUES (@d, @n, @b)
                        ON CONFLICT(day_start) DO UPDATE SET rows = station_hour_day.rows + excluded.rows,
                            max_batch = CASE WHEN excluded.max_batch > station_hour_day.max_batch THEN excluded.max_batch ELSE station_hour_day.max_batch END
                    """, ("@d", day), ("@n", rows), ("@b", maxBatch));
            }

            _touched.Clear();
            _days.Clear();
        }

        public void Dispose() => _rows.Dispose();
    }

    // ---- import batches ---------------------------------------------------------------------------

    // Batches are written by Infrastructure/Publication/ImportBatches.cs (the one write path, on both engines).

    public List<(ImportBatchRow Batch, List<(string Name, string Sha256, int Rows, string Status)> Files)> Batches(int offset, int limit, out int total)
    {
        using var connection = database.Connect();
        total = checked((int)connection.Long(null, "SELECT COUNT(*) FROM import_batch"));

        var batches = new List<(ImportBatchRow, List<(string, string, int, string)>)>();
        using (var command = connection.Command(null, """
            SELECT id, kind, started_at, finished_at, files, rows, values_stored, new_records, new_versions, unchanged, rejected, status
            FROM import_batch ORDER BY id DESC LIMIT @l OFFSET @o
            """, ("@l", (long)limit), ("@o", (long)offset)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                batches.Add((new ImportBatchRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    reader.StringOrNull(3), reader.Int(4), reader.Int(5), reader.Int(6),
                    reader.Int(7), reader.Int(8), reader.Int(9), reader.Int(10), reader.GetString(11)), []));
            }
        }

        foreach (var (batch, files) in batches)
        {
            using var fc = connection.Command(null, "SELECT name, sha256, rows, status FROM import_file WHERE batch_id = @b ORDER BY name", ("@b", batch.Id));
            using var reader = fc.ExecuteReader();
            while (reader.Read())
            {
                files.Add((reader.GetString(0), reader.GetString(1), reader.Int(2), reader.GetString(3)));
            }
        }

        return batches;
    }

    // ---- derived tables ---------------------------------------------------------------------------

    public static void ReplaceDays(DbConnection connection, DbTransaction transaction, DateOnly from, DateOnly to, IEnumerable<DayRow> days)
    {
        connection.Execute(transaction, "DELETE FROM day_value WHERE date >= @a AND date <= @b", ("@a", DateText(from)), ("@b", DateText(to)));
        InsertAll(connection, transaction, "day_value",
            [("area", DbType.String), ("date", DbType.String), ("so2", DbType.Double), ("so2_n", DbType.Int64), ("no2", DbType.Double), ("no2_n", DbType.Int64),
                ("pm10", DbType.Double), ("pm10_n", DbType.Int64), ("co", DbType.Double), ("co_n", DbType.Int64), ("pm25", DbType.Double), ("pm25_n", DbType.Int64),
                ("o3_1h_max", DbType.Double), ("o3_1h_n", DbType.Int64), ("o3_8h_max", DbType.Double), ("o3_8h_n", DbType.Int64), ("aqi", DbType.Int64),
                ("primary_pollutants", DbType.String), ("edition", DbType.String)],
            days.Select(d => new object[]
            {
                d.Area, DateText(d.Date), Db(d.SO2), (long)d.SO2Count, Db(d.NO2), (long)d.NO2Count, Db(d.PM10), (long)d.PM10Count, Db(d.CO), (long)d.COCount,
                Db(d.PM25), (long)d.PM25Count, Db(d.O3_1hMax), (long)d.O3_1hCount, Db(d.O3_8hMax), (long)d.O3_8hCount,
                d.Aqi is { } a ? (long)a : DBNull.Value, (object?)d.PrimaryPollutants ?? DBNull.Value, d.Edition,
            }));
    }

    public static void ReplaceCityHours(DbConnection connection, DbTransaction transaction, long fromExclusive, long toInclusive, IEnumerable<CityHourRow> hours)
    {
        connection.Execute(transaction, "DELETE FROM city_hour WHERE hour_end > @a AND hour_end <= @b", ("@a", fromExclusive), ("@b", toInclusive));
        InsertAll(connection, transaction, "city_hour",
            [("hour_end", DbType.Int64), ("so2", DbType.Double), ("no2", DbType.Double), ("pm10", DbType.Double), ("co", DbType.Double), ("o3", DbType.Double),
                ("pm25", DbType.Double), ("stations", DbType.Int64), ("aqi", DbType.Int64), ("primary_pollutants", DbType.String), ("edition", DbType.String)],
            hours.Select(h => new object[]
            {
                h.HourEndUnix, Db(h.SO2), Db(h.NO2), Db(h.PM10), Db(h.CO), Db(h.O3), Db(h.PM25), (long)h.Stations,
                h.Aqi is { } a ? (long)a : DBNull.Value, (object?)h.PrimaryPollutants ?? DBNull.Value, h.Edition,
            }));
    }

    /// <summary>Appends every row of values (in column order) to <paramref name="table"/> (<see cref="RowAppender"/>).</summary>
    private static void InsertAll(DbConnection connection, DbTransaction transaction, string table, (string Name, DbType Type)[] columns, IEnumerable<object[]> rows)
    {
        using var appender = new RowAppender(connection, transaction, table, columns);
        foreach (var values in rows)
        {
            appender.Add(values);
        }

        appender.Flush();
    }

    public List<DayRow> Days(string area, DateOnly from, DateOnly to) => Days([area], from, to);

    /// <summary>The days of several areas (stations or the city) in [from, to], in one query, ordered by area then date.</summary>
    public List<DayRow> Days(IReadOnlyCollection<string> areas, DateOnly from, DateOnly to)
    {
        using var connection = database.Connect();
        var (list, parameters) = InList("@area", areas);
        using var command = connection.Command(null, $"""
            SELECT area, date, so2, so2_n, no2, no2_n, pm10, pm10_n, co, co_n, pm25, pm25_n, o3_1h_max, o3_1h_n,
                   o3_8h_max, o3_8h_n, aqi, primary_pollutants, edition
            FROM day_value WHERE area IN ({list}) AND date >= @a AND date <= @b ORDER BY area, date
            """, [.. parameters, ("@a", DateText(from)), ("@b", DateText(to))]);
        var result = new List<DayRow>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            result.Add(new DayRow(
                r.GetString(0), DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Dec(r, 2), r.Int(3), Dec(r, 4), r.Int(5), Dec(r, 6), r.Int(7), Dec(r, 8), r.Int(9),
                Dec(r, 10), r.Int(11), Dec(r, 12), r.Int(13), Dec(r, 14), r.Int(15),
                r.IntOrNull(16), r.StringOrNull(17), r.GetString(18)));
        }

        return result;
    }

    public List<CityHourRow> CityHours(long fromExclusive, long toInclusive)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, """
            SELECT hour_end, so2, no2, pm10, co, o3, pm25, stations, aqi, primary_pollutants, edition
            FROM city_hour WHERE hour_end > @a AND hour_end <= @b ORDER BY hour_end
            """, ("@a", fromExclusive), ("@b", toInclusive));
        var result = new List<CityHourRow>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            result.Add(new CityHourRow(r.GetInt64(0), Dec(r, 1), Dec(r, 2), Dec(r, 3), Dec(r, 4), Dec(r, 5), Dec(r, 6), r.Int(7),
                r.IntOrNull(8), r.StringOrNull(9), r.GetString(10)));
        }

        return result;
    }

    /// <summary>
    /// What identifies the stored hours of the natural days <paramref name="first"/> to <paramref name="last"/>: how
    /// many rows (every version: the table is append-only, so any import that adds or corrects an hour raises it) and
    /// the latest batch, as "rows:batch" ("0:0" without hours). The days and city hours of a period are derived from
    /// its hours, so this changes whenever any of them may have. The bulk archives and the month chunks of the long
    /// series compare it to skip reading a span that has not changed. Read from the days' counts
    /// (<c>station_hour_day</c>): a year is at most 366 rows, whatever the number of stations.
    /// </summary>
    public string HourSignature(DateOnly first, DateOnly last)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, """
            SELECT CAST(COALESCE(SUM(rows), 0) AS BIGINT), COALESCE(MAX(max_batch), 0) FROM station_hour_day WHERE day_start >= @a AND day_start <= @b
            """, ("@a", ChinaTime.DayStart(first)), ("@b", ChinaTime.DayStart(last)));
        using var r = command.ExecuteReader();
        r.Read();
        return Signature(r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// <see cref="HourSignature"/> of each month of a year — the same text as for that month's span — in one read of
    /// the year's day counts instead of twelve. Keyed 1–12; a month without hours is "0:0".
    /// </summary>
    public IReadOnlyDictionary<int, string> HourSignaturesByMonth(int year)
    {
        var months = new (long Rows, long MaxBatch)[13];
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT day_start, rows, max_batch FROM station_hour_day WHERE day_start >= @a AND day_start < @b",
            ("@a", ChinaTime.DayStart(new DateOnly(year, 1, 1))), ("@b", ChinaTime.DayStart(new DateOnly(year + 1, 1, 1))));
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var month = ChinaTime.DayOfHourEnd(r.GetInt64(0) + 3600).Month;
            months[month] = (months[month].Rows + r.GetInt64(1), Math.Max(months[month].MaxBatch, r.GetInt64(2)));
        }

        return Enumerable.Range(1, 12).ToDictionary(m => m, m => Signature(months[m].Rows, months[m].MaxBatch));
    }

    /// <summary>
    /// <see cref="HourSignature"/> of each natural day of a year that has stored hours — the same text as for that day's
    /// span — in one read of the year's day counts. A day not listed has none ("0:0").
    /// </summary>
    public IReadOnlyDictionary<DateOnly, string> HourSignaturesByDay(int year)
    {
        var days = new Dictionary<DateOnly, string>();
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT day_start, rows, max_batch FROM station_hour_day WHERE day_start >= @a AND day_start < @b AND rows > 0",
            ("@a", ChinaTime.DayStart(new DateOnly(year, 1, 1))), ("@b", ChinaTime.DayStart(new DateOnly(year + 1, 1, 1))));
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            days[ChinaTime.DayOfHourEnd(r.GetInt64(0) + 3600)] = Signature(r.GetInt64(1), r.GetInt64(2));
        }

        return days;
    }

    /// <summary>The signature of no stored hours.</summary>
    public static readonly string NoHours = Signature(0, 0);

    private static string Signature(long rows, long maxBatch) => string.Create(CultureInfo.InvariantCulture, $"{rows}:{maxBatch}");

    /// <summary>The start (Unix seconds of 00:00 Beijing time) of the natural day an hour (by its end) belongs to.</summary>
    internal static long DayStartOfHourEnd(long hourEnd) => ChinaTime.DayStart(ChinaTime.DayOfHourEnd(hourEnd));

    /// <summary>
    /// Builds the days' counts (<c>station_hour_day</c>) from station_hour (replacing whatever is there) in one scan: the
    /// schema upgrade of a store written before the counts existed. The day of an hour in SQL: China Standard Time is a
    /// fixed UTC+08:00 (<see cref="ChinaTime"/>), so the day of hour_end is the UTC day of hour_end − 1 s + 8 h.
    /// </summary>
    internal static void RecountDays(DbConnection connection, DbTransaction transaction)
    {
        connection.Execute(transaction, "DELETE FROM station_hour_day");
        connection.Execute(transaction, """
            INSERT INTO station_hour_day(day_start, rows, max_batch)
            SELECT d, COUNT(*), MAX(batch_id) FROM (SELECT ((hour_end - 1 + 28800) / 86400) * 86400 - 28800 AS d, batch_id FROM station_hour) h GROUP BY d
            """);
    }

    public (DateOnly First, DateOnly Last)? DayRange(string area)
    {
        using var connection = database.Connect();
        using var command = connection.Command(null, "SELECT MIN(date), MAX(date) FROM day_value WHERE area = @area", ("@area", area));
        using var r = command.ExecuteReader();
        if (!r.Read() || r.IsDBNull(0))
        {
            return null;
        }

        return (DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static object Db(decimal? value) => value is { } v ? (double)v : DBNull.Value;

    private static decimal? Dec(DbDataReader r, int i) => r.IsDBNull(i) ? null : ToDecimal(r.GetDouble(i));

    public static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A short, stable text of the values, for reasons and logs.</summary>
    public static string Describe(decimal?[] values)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v)
            {
                sb.Append(PublishedTypes.All[i].Code).Append('=').Append(v.ToString(CultureInfo.InvariantCulture)).Append(' ');
            }
        }

        return sb.ToString().TrimEnd();
    }
}
