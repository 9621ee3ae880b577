// Writes the Parquet fixtures with DuckDB, a writer independent of Parquet.Net (which the toolkit reads them with),
// and the values each file must read as (computed by DuckDB from the same table, in the toolkit's conventions).
// Run from this folder:  dotnet run generate.cs
// Not part of the test build (the test project leaves Fixtures/**/*.cs out of its compilation).
#:package DuckDB.NET.Data.Full
#:property PublishAot=false

using DuckDB.NET.Data;

using var db = new DuckDBConnection("DataSource=:memory:");
db.Open();
void Run(string sql)
{
    using var c = db.CreateCommand();
    c.CommandText = sql;
    c.ExecuteNonQuery();
}

// 5,000 rows of every type a reader may meet, each with missing values; row groups of 1,024 rows give five groups.
Run("""
    CREATE TABLE t AS SELECT
      i::INTEGER AS id,
      CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 37 % 1000 - 500)::INTEGER END AS i32,
      CASE WHEN i % 11 = 4 THEN NULL ELSE i::BIGINT * 1234567891 - 5000000000000 END AS i64,
      (i % 200 - 100)::TINYINT AS i8,
      (i * 13 % 60000 - 30000)::SMALLINT AS i16,
      (i * 7 % 250)::UTINYINT AS u8,
      (i * 7 % 65000)::USMALLINT AS u16,
      (i::BIGINT * 900001 % 4000000000)::UINTEGER AS u32,
      (i::UBIGINT * 3000000000000) AS u64,
      CASE WHEN i % 5 = 0 THEN NULL ELSE (i / 8.0 - 100.3)::FLOAT END AS f32,
      CASE WHEN i % 6 = 1 THEN NULL ELSE (i * 0.001 - 3.3)::DOUBLE END AS f64,
      CASE WHEN i % 9 = 2 THEN NULL ELSE i % 3 = 0 END AS flag,
      CASE WHEN i % 13 = 5 THEN NULL ELSE ['north', 'south', 'east', 'west, far', 'Zürich'][i % 5 + 1] END AS region,
      CASE WHEN i % 1000 = 999 THEN '' ELSE 'id-' || i || CASE WHEN i % 2 = 0 THEN ' "quoted"' ELSE '' END END AS label,
      CASE WHEN i % 8 = 7 THEN NULL ELSE ((i * 31 % 100000 - 50000) / 100.0)::DECIMAL(9,2) END AS dec9,
      ((i::BIGINT * 7919 - 20000000) / 10000.0)::DECIMAL(18,4) AS dec18,
      ((i::HUGEINT * 1000003 - 1000000000) / 100000.0)::DECIMAL(30,5) AS dec30,
      CASE WHEN i % 17 = 1 THEN NULL ELSE DATE '1950-01-01' + (i * 3)::INTEGER END AS day,
      TIMESTAMP '1959-12-31 23:00:00' + INTERVAL (i * 977) SECOND AS ts,
      (TIMESTAMP '2001-02-03 04:05:06' + INTERVAL (i * 1001) MILLISECOND)::TIMESTAMP_MS AS ts_ms,
      (TIMESTAMP '1970-01-01 00:00:00' + INTERVAL (i * 1234567) MICROSECOND)::TIMESTAMP_NS AS ts_ns,
      TIME '00:00:00' + INTERVAL (i * 7) SECOND AS clock,
      NULL::INTEGER AS nothing
    FROM range(5000) r(i)
    """);

string[] compressions = ["snappy", "zstd", "gzip", "uncompressed"];
foreach (var c in compressions)
    Run($"COPY t TO 'types_{c}.parquet' (FORMAT parquet, COMPRESSION {c}, ROW_GROUP_SIZE 1024)");
// Format version 2 pages and encodings (delta binary packed, byte stream split, delta length byte array).
Run("COPY t TO 'types_v2.parquet' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1024, PARQUET_VERSION V2)");
// No dictionaries: every column plain-encoded.
Run("COPY t TO 'types_plain.parquet' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1024, DICTIONARY_SIZE_LIMIT 1)");

// What every file must read as: numbers as doubles, booleans 0/1, dates days and times seconds since 1960-01-01 (the
// SAS epoch, as the SAS and Stata readers keep them), time of day in seconds, the empty string missing.
Run("""
    COPY (SELECT id, i32::DOUBLE AS i32, i64::DOUBLE AS i64, i8::DOUBLE AS i8, i16::DOUBLE AS i16, u8::DOUBLE AS u8,
      u16::DOUBLE AS u16, u32::DOUBLE AS u32, u64::DOUBLE AS u64, f32::DOUBLE AS f32, f64, flag::INTEGER AS flag,
      region, label, dec9::DOUBLE AS dec9, dec18::DOUBLE AS dec18, dec30::DOUBLE AS dec30,
      date_diff('day', DATE '1960-01-01', day) AS day,
      (epoch_us(ts) - epoch_us(TIMESTAMP '1960-01-01')) / 1000000.0 AS ts,
      (epoch_ms(ts_ms) - epoch_ms(TIMESTAMP '1960-01-01')) / 1000.0 AS ts_ms,
      (epoch_ns(ts_ns) - epoch_ns(TIMESTAMP '1960-01-01')) / 1000000000.0 AS ts_ns,
      epoch(clock::TIME) AS clock, nothing
      FROM t ORDER BY id) TO 'types_expected.csv' (HEADER, DELIMITER ',')
    """);

// Nested columns, which a table cannot hold: refused by name, unless only the flat columns are read.
Run("COPY (SELECT i AS id, [i, i + 1] AS pair, {'a': i, 'b': 'x'} AS record FROM range(10) r(i)) TO 'nested.parquet' (FORMAT parquet)");

// HSB as Parquet, from the CSV the other fits read.
Run("COPY (SELECT * FROM read_csv('../lme4/hsb12.csv', header = true)) TO 'hsb12.parquet' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)");

using (var q = db.CreateCommand())
{
    q.CommandText = "SELECT file_name, count(DISTINCT row_group_id), string_agg(DISTINCT compression, ' '), string_agg(DISTINCT encodings, ' ') FROM parquet_metadata('*.parquet') GROUP BY file_name ORDER BY file_name";
    using var r = q.ExecuteReader();
    while (r.Read()) Console.WriteLine($"{r.GetString(0)}: {r.GetInt64(1)} row groups; {r.GetString(2)}; {r.GetString(3)}");
}
