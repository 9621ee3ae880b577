// Writes the read benchmark's files into the folder given (default /tmp/read-benchmark): 1,000,000 rows x 20 columns
// as CSV and Parquet (DuckDB), Excel .xlsx (Open XML SDK, streamed); and 1,000,000 rows x 200 columns as CSV (the
// column-subset measurement). The Stata, SPSS and SAS files are written by write_haven.R from the CSV. Run: dotnet run generate.cs DIR
#:package DuckDB.NET.Data.Full
#:package DocumentFormat.OpenXml
#:property PublishAot=false

using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DuckDB.NET.Data;

string dir = args.Length > 0 ? args[0] : "/tmp/read-benchmark";
Directory.CreateDirectory(dir);
using var db = new DuckDBConnection("DataSource=:memory:");
db.Open();
void Run(string sql)
{
    using var c = db.CreateCommand();
    c.CommandText = sql;
    c.ExecuteNonQuery();
}

// 20 columns: a group, a response, 15 numeric covariates, two text factors and an id.
Run("SELECT setseed(0.2026)");
string covariates = string.Join(", ", Enumerable.Range(1, 15).Select(k => $"round(random() * {k}, 4) AS x{k}"));
Run($"CREATE TABLE t AS SELECT i AS id, 1 + i % 1000 AS g, round(50 + 10 * random(), 4) AS y, {covariates}, "
    + "['north', 'south', 'east', 'west', 'centre'][1 + i % 5] AS region, 'school' || (i % 50) AS school FROM range(1000000) r(i)");
Run($"COPY t TO '{dir}/wide20.csv' (HEADER)");
Run($"COPY t TO '{dir}/wide20.parquet' (FORMAT parquet, COMPRESSION snappy)");

// 200 columns of which a model uses 5 (y, x1, x2, x3, g); the other 195 small integers.
string fillers = string.Join(", ", Enumerable.Range(1, 195).Select(k => $"(id * {k}) % 97 AS c{k}"));
Run($"COPY (SELECT y, x1, x2, x3, g, {fillers} FROM t) TO '{dir}/wide200.csv' (HEADER)");
Run($"COPY (SELECT y, x1, x2, x3, g FROM t) TO '{dir}/narrow5.csv' (HEADER)");

// The same 20 columns as a workbook, written row by row (the DOM would hold 20 million cells).
using (var doc = SpreadsheetDocument.Create($"{dir}/wide20.xlsx", SpreadsheetDocumentType.Workbook))
{
    var book = doc.AddWorkbookPart();
    book.Workbook = new Workbook();
    var part = book.AddNewPart<WorksheetPart>();
    using (var w = OpenXmlWriter.Create(part))
    {
        w.WriteStartElement(new Worksheet());
        w.WriteStartElement(new SheetData());
        using var q = db.CreateCommand();
        q.CommandText = "SELECT * FROM t ORDER BY id";
        using var r = q.ExecuteReader();
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        WriteRow(w, names.Select(n => (object)n).ToArray());
        var values = new object[r.FieldCount];
        while (r.Read())
        {
            r.GetValues(values);
            WriteRow(w, values);
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }
    book.Workbook.AppendChild(new Sheets(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "data" }));
}
Console.WriteLine($"written to {dir}");

static void WriteRow(OpenXmlWriter w, object[] values)
{
    w.WriteStartElement(new Row());
    foreach (var v in values)
    {
        var cell = v is string s
            ? new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s)) }
            : new Cell { CellValue = new CellValue(Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)) };
        w.WriteElement(cell);
    }
    w.WriteEndElement();
}
