// Writes the Excel fixtures with the Open XML SDK, a writer independent of ExcelDataReader (which the toolkit reads
// them with), and the values each sheet must read as (from the same source values, in the toolkit's conventions).
// Run from this folder:  dotnet run generate.cs
// Not part of the test build (the test project leaves Fixtures/**/*.cs out of its compilation).
#:package DocumentFormat.OpenXml
#:property PublishAot=false

using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

var inv = CultureInfo.InvariantCulture;
var epoch = new DateTime(1960, 1, 1);
string[] schools = ["Lincoln", "Washington, DC", "Zürich", "O'Neil \"High\""];

// Sheet "scores": numbers, blanks, shared and inline strings, booleans, dates, date-times, numbers stored as text,
// missing markers (NA, ., blank text), a text column holding some number cells.
var header = new[] { "id", "score", "school", "passed", "born", "stamp", "grade", "note" };
var rows = new List<object?[]>();
var expected = new List<string[]>();
for (int i = 0; i < 200; i++)
{
    double? score = i % 9 == 4 ? null : Math.Round(40 + i * 0.37 - (i % 7) * 1.25, 3);
    string? school = i % 11 == 3 ? null : schools[i % schools.Length];
    bool? passed = i % 13 == 6 ? null : i % 3 != 0;
    DateTime? born = i % 17 == 2 ? null : new DateTime(1955, 3, 1).AddDays(i * 29);
    DateTime stamp = new DateTime(1959, 12, 31, 22, 0, 0).AddSeconds(i * 4321);
    // Numbers stored as text in some rows: the column is numeric, as in a CSV.
    object? grade = i % 5 == 0 ? (object)(i % 12 + 1).ToString(inv) : i % 23 == 7 ? "NA" : (double)(i % 12 + 1);
    object? note = i % 4 == 0 ? (double)i : i % 4 == 1 ? $"note {i}" : i % 4 == 2 ? "." : "  ";
    rows.Add([(double)(i + 1), score, school, passed, born, stamp, grade, note]);
    expected.Add([
        (i + 1).ToString(inv),
        score?.ToString("R", inv) ?? "",
        school is null ? "" : Quote(school),
        passed is null ? "" : passed.Value ? "1" : "0",
        born is null ? "" : (born.Value - epoch).TotalDays.ToString("R", inv),
        (stamp - epoch).TotalSeconds.ToString("R", inv),
        grade is "NA" ? "" : (i % 12 + 1).ToString(inv),
        i % 4 == 0 ? i.ToString(inv) : i % 4 == 1 ? $"note {i}" : "",
    ]);
}
File.WriteAllLines("types_expected.csv", [string.Join(',', header), .. expected.Select(r => string.Join(',', r))]);

// A first sheet, so that --sheet has something to choose between.
var notes = new List<object?[]> { new object?[] { "written by", "DocumentFormat.OpenXml" } };
Write("types.xlsx", [("notes", ["about", "value"], notes), ("scores", header, rows)]);

// HSB from the CSV the other fits read: numbers as number cells.
var hsb = File.ReadAllLines("../lme4/hsb12.csv");
var hsbHeader = hsb[0].Split(',').Select(h => h.Trim('"')).ToArray();
var hsbRows = hsb.Skip(1).Select(l => l.Split(',').Select(f => (object?)double.Parse(f.Trim('"'), inv)).ToArray()).ToList();
Write("hsb12.xlsx", [("hsb12", hsbHeader, hsbRows)]);

static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

void Write(string path, (string Name, string[] Header, List<object?[]> Rows)[] sheets)
{
    using var doc = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
    var book = doc.AddWorkbookPart();
    book.Workbook = new Workbook();
    var styles = book.AddNewPart<WorkbookStylesPart>();
    // Style 1: a date (built-in format 14, m/d/yyyy); style 2: a date and time (built-in format 22, m/d/yyyy h:mm).
    styles.Stylesheet = new Stylesheet(
        new Fonts(new Font()),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellStyleFormats(new CellFormat()),
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 22, ApplyNumberFormat = true }));
    var strings = book.AddNewPart<SharedStringTablePart>();
    strings.SharedStringTable = new SharedStringTable();
    var index = new Dictionary<string, int>();
    var list = book.Workbook.AppendChild(new Sheets());
    uint id = 1;
    foreach (var (name, head, body) in sheets)
    {
        var part = book.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        part.Worksheet = new Worksheet(data);
        data.Append(Row(1, head.Select(h => (object?)h).ToArray(), shared: true));
        for (int r = 0; r < body.Count; r++) data.Append(Row((uint)r + 2, body[r], shared: r % 2 == 0));
        list.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id++, Name = name });
    }

    Row Row(uint r, object?[] values, bool shared)
    {
        var row = new Row { RowIndex = r };
        for (int c = 0; c < values.Length; c++)
        {
            string at = $"{(char)('A' + c)}{r}";
            Cell? cell = values[c] switch
            {
                null => null,
                double d => new Cell { CellReference = at, CellValue = new CellValue(d.ToString("R", inv)) },
                bool b => new Cell { CellReference = at, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                DateTime t => new Cell
                {
                    CellReference = at,
                    StyleIndex = t.TimeOfDay == TimeSpan.Zero && c != 5 ? 1U : 2U,
                    CellValue = new CellValue(t.ToOADate().ToString("R", inv)),
                },
                // Shared strings in even rows, inline strings in odd ones: both kinds of text cell.
                string s when shared => new Cell { CellReference = at, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(s).ToString(inv)) },
                string s => new Cell { CellReference = at, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve }) },
                _ => throw new InvalidOperationException(),
            };
            if (cell is not null) row.Append(cell);
        }
        return row;
    }

    int Shared(string s)
    {
        if (index.TryGetValue(s, out int i)) return i;
        strings.SharedStringTable.Append(new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve }));
        index[s] = index.Count;
        return index.Count - 1;
    }
}
