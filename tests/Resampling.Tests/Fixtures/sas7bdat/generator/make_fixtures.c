/*
 * Writes the compressed SAS7BDAT fixtures used by tests/Resampling.Tests/Sas7bdat.
 * Uses ReadStat's writer (libreadstat-dev), the only freely available SAS7BDAT writer.
 * Usage: make_fixtures <hsb12.csv> <output directory>. See README.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readstat.h>

static ssize_t write_fd(const void *data, size_t len, void *ctx) {
    return write(*(int *)ctx, data, len);
}

static void check(readstat_error_t err, const char *what) {
    if (err != READSTAT_OK) {
        fprintf(stderr, "%s: %s\n", what, readstat_error_message(err));
        exit(1);
    }
}

static int open_out(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror(path); exit(1); }
    return fd;
}

static readstat_writer_t *new_writer(const char *table, int is64, int compress) {
    readstat_writer_t *w = readstat_writer_init();
    check(readstat_set_data_writer(w, write_fd), "data writer");
    check(readstat_writer_set_table_name(w, table), "table name");
    check(readstat_writer_set_file_format_is_64bit(w, is64), "64-bit flag");
    check(readstat_writer_set_compression(w, compress ? READSTAT_COMPRESS_ROWS : READSTAT_COMPRESS_NONE), "compression");
    /* A fixed timestamp keeps regenerated files byte-identical. */
    check(readstat_writer_set_file_timestamp(w, 1700000000), "timestamp");
    return w;
}

/*
 * SMALL: 6 rows covering each kind of value the reader must handle. The expected values are
 * repeated in Sas7bdatCompressedFixtureTests.cs; keep them in step.
 *   ID (number), NAME (text, 12 bytes, UTF-8, one empty = missing), SCORE (number with
 *   system missing and the special missings .A and ._), BORN (DATE9), STAMP (DATETIME20),
 *   LONGTEXT (text, 300 bytes: long blank runs exercise the RLE long-insert commands).
 */
static void write_small(const char *dir, const char *file, int is64, int compress) {
    static const char *names[] = { "Ann", "Bob", "", "Zürich", "  lead", "x y" };
    static const double scores[] = { 1.5, -2.25, NAN, 1e10, NAN, NAN };
    static const char tags[] = { 0, 0, 0, 0, 'A', '_' };
    static const double born[] = { 0, -1, 21915, 366, NAN, 23000 };
    static const double stamp[] = { 0, 86400.5, 1893456000, -1, NAN, 60 };

    int fd = open_out(dir, file);
    readstat_writer_t *w = new_writer("SMALL", is64, compress);
    readstat_variable_t *id = readstat_add_variable(w, "ID", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_t *name = readstat_add_variable(w, "NAME", READSTAT_TYPE_STRING, 12);
    readstat_variable_set_label(name, "Person name");
    readstat_variable_t *score = readstat_add_variable(w, "SCORE", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_t *b = readstat_add_variable(w, "BORN", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_set_format(b, "DATE9");
    readstat_variable_t *s = readstat_add_variable(w, "STAMP", READSTAT_TYPE_DOUBLE, 8);
    readstat_variable_set_format(s, "DATETIME20");
    readstat_variable_t *longtext = readstat_add_variable(w, "LONGTEXT", READSTAT_TYPE_STRING, 300);

    check(readstat_begin_writing_sas7bdat(w, &fd, 6), "begin SMALL");
    for (int r = 0; r < 6; r++) {
        char text[301];
        check(readstat_begin_row(w), "row");
        check(readstat_insert_double_value(w, id, r + 1), "ID");
        check(readstat_insert_string_value(w, name, names[r]), "NAME");
        if (tags[r]) check(readstat_insert_tagged_missing_value(w, score, tags[r]), "SCORE");
        else if (isnan(scores[r])) check(readstat_insert_missing_value(w, score), "SCORE");
        else check(readstat_insert_double_value(w, score, scores[r]), "SCORE");
        if (isnan(born[r])) check(readstat_insert_missing_value(w, b), "BORN");
        else check(readstat_insert_double_value(w, b, born[r]), "BORN");
        if (isnan(stamp[r])) check(readstat_insert_missing_value(w, s), "STAMP");
        else check(readstat_insert_double_value(w, s, stamp[r]), "STAMP");
        /* Row r: "row<r>" then 100*r 'x's; the rest is padding. */
        snprintf(text, sizeof text, "row%d", r);
        size_t len = strlen(text);
        for (int k = 0; k < 100 * r && len < 300; k++) text[len++] = 'x';
        text[len] = '\0';
        check(readstat_insert_string_value(w, longtext, text), "LONGTEXT");
        check(readstat_end_row(w), "end row");
    }
    check(readstat_end_writing(w), "end SMALL");
    readstat_writer_free(w);
    close(fd);
}

#define HSB_COLUMNS 11
#define HSB_MAX_ROWS 10000

/* HSB: the hsb12 table from its CSV (first column text, the rest numbers), as in hsb12.sas7bdat. */
static void write_hsb(const char *csv, const char *dir, const char *file, int is64) {
    static char header[HSB_COLUMNS][32];
    static char school[HSB_MAX_ROWS][16];
    static double values[HSB_MAX_ROWS][HSB_COLUMNS];
    char line[1024];
    int rows = 0;

    FILE *in = fopen(csv, "r");
    if (!in) { perror(csv); exit(1); }
    for (int r = -1; fgets(line, sizeof line, in); r++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (r >= HSB_MAX_ROWS) { fprintf(stderr, "too many rows\n"); exit(1); }
        char *field = strtok(line, ",");
        for (int c = 0; c < HSB_COLUMNS; c++, field = strtok(NULL, ",")) {
            if (!field) { fprintf(stderr, "short line %d\n", r + 2); exit(1); }
            if (*field == '"') { field++; field[strcspn(field, "\"")] = '\0'; }
            if (r < 0) snprintf(header[c], sizeof header[c], "%s", field);
            else if (c == 0) snprintf(school[r], sizeof school[r], "%s", field);
            else values[r][c] = strtod(field, NULL);
        }
        rows = r + 1;
    }
    fclose(in);

    int fd = open_out(dir, file);
    readstat_writer_t *w = new_writer("HSB12", is64, 1);
    readstat_variable_t *vars[HSB_COLUMNS];
    vars[0] = readstat_add_variable(w, header[0], READSTAT_TYPE_STRING, 4);
    for (int c = 1; c < HSB_COLUMNS; c++)
        vars[c] = readstat_add_variable(w, header[c], READSTAT_TYPE_DOUBLE, 8);
    check(readstat_begin_writing_sas7bdat(w, &fd, rows), "begin HSB");
    for (int r = 0; r < rows; r++) {
        check(readstat_begin_row(w), "row");
        check(readstat_insert_string_value(w, vars[0], school[r]), "SCHOOL");
        for (int c = 1; c < HSB_COLUMNS; c++)
            check(readstat_insert_double_value(w, vars[c], values[r][c]), header[c]);
        check(readstat_end_row(w), "end row");
    }
    check(readstat_end_writing(w), "end HSB");
    readstat_writer_free(w);
    close(fd);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <hsb12.csv> <output directory>\n", argv[0]);
        return 2;
    }
    write_small(argv[2], "small_rle64.sas7bdat", 1, 1);
    write_small(argv[2], "small_rle32.sas7bdat", 0, 1);
    write_small(argv[2], "small_plain32.sas7bdat", 0, 0);
    write_hsb(argv[1], argv[2], "hsb12_rle64.sas7bdat", 1);
    write_hsb(argv[1], argv[2], "hsb12_rle32.sas7bdat", 0);
    return 0;
}
