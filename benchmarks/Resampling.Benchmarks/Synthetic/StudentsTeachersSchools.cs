using System.Globalization;

namespace Resampling.Benchmarks.Synthetic;

/// <summary>
/// A students × teachers × schools design shaped like the Tennessee class-size (STAR) data: students enter in
/// kindergarten or a later grade and stay for one to four grades, meeting a new teacher each grade; every teacher
/// teaches one grade in one school, so teachers are nested in schools and crossed with students. The default size is
/// the STAR data's: about 26,800 rows, 10,645 students, 1,311 teachers, 80 schools.
/// </summary>
/// <remarks>
/// score = 480 + 40·grade + 6·small + 3·aide − 8·freelunch + 4·female − 0.3·(classsize − 20)
///         + student (sd 30) + teacher (sd 12) + school (sd 15) + residual (sd 25), rounded to whole points.
/// Fit with e.g. <c>score ~ grade + classtype + freelunch + female + (1|stu) + (1|tch) + (1|sch)</c>.
/// Classes are small (13–17 pupils), regular (22–25) or regular with an aide; the class type is text, the ids numbers.
/// </remarks>
internal sealed record StudentsTeachersSchools(int Students = 10_645, int Teachers = 1_311, int Schools = 80, int Seed = 1)
{
    private const int Grades = 4; // K, 1, 2, 3
    // Where students enter (STAR: most in kindergarten, a steady inflow later) and how often they stay another grade.
    private static readonly double[] EntryGrade = [0.55, 0.20, 0.15, 0.10];
    private const double Stay = 0.82;
    private static readonly string[] ClassTypes = ["small", "regular", "aide"];

    public string Header => "score,grade,female,freelunch,classtype,classsize,stu,tch,sch";

    /// <summary>Writes the CSV and returns the number of data rows.</summary>
    public int Write(TextWriter w)
    {
        if (Schools < 1 || Teachers < Schools * Grades || Students < 1)
            throw new ArgumentException($"Need at least one school and student and {Grades} teachers per school (a grade each).");
        var z = new Gaussian(Seed);
        var rng = z.Uniform;

        // Teachers: each school-grade gets one, the rest are spread at random; each teacher a class type and size.
        var teachersOf = new List<int>[Schools * Grades];
        for (int i = 0; i < teachersOf.Length; i++) teachersOf[i] = [i];
        for (int t = teachersOf.Length; t < Teachers; t++) teachersOf[rng.Next(teachersOf.Length)].Add(t);
        var classType = new int[Teachers];
        var classSize = new int[Teachers];
        var teacherEffect = new double[Teachers];
        for (int t = 0; t < Teachers; t++)
        {
            classType[t] = rng.Next(3);
            classSize[t] = classType[t] == 0 ? rng.Next(13, 18) : rng.Next(22, 26);
            teacherEffect[t] = 12 * z.Next();
        }
        var schoolEffect = new double[Schools];
        var schoolPoverty = new double[Schools];
        for (int s = 0; s < Schools; s++) { schoolEffect[s] = 15 * z.Next(); schoolPoverty[s] = 0.2 + 0.6 * rng.NextDouble(); }

        w.WriteLine(Header);
        int rows = 0;
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < Students; i++)
        {
            int school = rng.Next(Schools);
            int grade = Draw(rng, EntryGrade);
            int female = rng.Next(2);
            int freelunch = rng.NextDouble() < schoolPoverty[school] ? 1 : 0;
            double student = 30 * z.Next();
            for (; grade < Grades; grade++)
            {
                var pool = teachersOf[school * Grades + grade];
                int t = pool[rng.Next(pool.Count)];
                double score = 480 + 40 * grade + (classType[t] == 0 ? 6 : classType[t] == 2 ? 3 : 0) - 8 * freelunch + 4 * female
                    - 0.3 * (classSize[t] - 20) + student + teacherEffect[t] + schoolEffect[school] + 25 * z.Next();
                w.Write(Math.Round(score).ToString(inv));
                w.Write(string.Create(inv, $",{grade},{female},{freelunch},{ClassTypes[classType[t]]},{classSize[t]},{10_001 + i},{1_001 + t},{101 + school}"));
                w.WriteLine();
                rows++;
                if (rng.NextDouble() >= Stay) break;
            }
        }
        return rows;
    }

    private static int Draw(Random rng, double[] p)
    {
        double u = rng.NextDouble();
        for (int k = 0; k < p.Length - 1; k++) { if (u < p[k]) return k; u -= p[k]; }
        return p.Length - 1;
    }
}
