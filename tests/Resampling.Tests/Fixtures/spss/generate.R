# SPSS .sav/.zsav fixtures written by an independent writer, R's haven 2.5.1 (ReadStat inside), R 4.2.2.
# Run in this folder: Rscript generate.R  (writes hsb12_*.sav/.zsav, labels_*.sav/.zsav and labels_expected.csv)
# varlabels.sav, varlabels.zsav and varlabels_expected.csv are written by ../stata/generate_varlabels.R.
# Debian: apt-get install r-base-core r-cran-haven
suppressMessages(library(haven))
hsb <- read.csv("../lme4/hsb12.csv", colClasses=c(SCHOOL="character"))
write_sav(hsb, "hsb12_byte.sav", compress="byte")
write_sav(hsb, "hsb12_none.sav", compress="none")
write_sav(hsb, "hsb12.zsav", compress="zsav")

# Value labels (numeric and string), user-defined missing values (discrete, a range, a range plus a value, on a
# string, on a long string), strings of several widths: short, long (9-255 bytes: continuation records) and very long (> 255 bytes:
# segments, subtype 14), long variable names (subtype 13), UTF-8 text (subtype 20), dates, datetimes and times.
n <- 12
d <- data.frame(
  id = seq_len(n),
  ratio = c(0.5, NA, 1.25, -3, 1e10, 1e-10, 2, 3, 4, 5, 6, 7.125),
  school = c("North", "South", "", "East", "West", "Café", "North", "South", "東京", "West", "North", "Zürich"),
  stringsAsFactors = FALSE)
d$sector <- labelled(c(0, 1, 1, 0, NA, 2, 0, 1, 0, 1, 0, 9), c(Public = 0, Catholic = 1, "École privée" = 2))
d$answer <- labelled_spss(c(1, 2, 8, 3, 9, 1, 2, 3, NA, 1, 2, 3),
  c(Agree = 1, Neutral = 2, Disagree = 3, "Don't know" = 8, Refused = 9), na_values = c(8, 9))
d$income <- labelled_spss(c(10.5, -99, 20, -95, 30, -90, 40, 50, 60, 70, 80, -89),
  c("Not asked" = -99), na_range = c(-99, -90))
d$hours <- labelled_spss(c(1, 2, 999, 3, 4, 5, 0, -1, 6, 7, 8, 9), na_range = c(-Inf, 0), na_values = 999)
d$grade <- labelled_spss(c("A", "B", "C", "X", "A", "B", "", "C", "A", "B", "X", "C"),
  c(Excellent = "A", Good = "B", Fair = "C"), na_values = "X")
# A long string (> 8 bytes) with user-missing values: subtype 22. SPSS keeps at most 8 bytes per missing value
# (haven truncates longer ones, so "not applicable" would become "not appl" and match nothing): use short ones.
d$status <- labelled_spss(c("complete", "n/a", "partial", "complete", "refused", "partial", "complete", "complete",
  "not applicable", "partial", "n/a", "complete"), na_values = c("n/a", "refused"))
d$comment_in_a_much_longer_variable_name <- c(strrep("abcdefgh", 12), "medium length comment", rep("", 8), "Ünïcödé text", "end")
d$region_long <- labelled(c(rep("northern region", 6), rep("southern region", 5), "elsewhere"),
  c("The North" = "northern region", "The South" = "southern region"))
d$essay <- c(strrep("0123456789", 70), paste0(strrep("é", 200), "!"), rep("", 8), strrep("z", 253), "end")
d$born <- as.Date("1970-01-01") + c(0, 1, -1, 365, NA, 10000, 20000, -140000, 6, 7, 8, 9)
d$seen <- as.POSIXct("2020-03-01 12:34:56", tz = "UTC") + c(0, 1, -1, 86400, NA, 0.5, 1e6, 2, 3, 4, 5, -1e9)
d$took <- hms::hms(seconds = c(0, 59, 3600, 86399, NA, 1.5, 7200, 1, 2, 3, 4, 5))
write_sav(d, "labels_byte.sav", compress="byte")
write_sav(d, "labels_none.sav", compress="none")
write_sav(d, "labels.zsav", compress="zsav")

# What a reader should see, from haven's own reader of each file: value labels as factor levels (unlabelled values as
# their values), user-defined missing values NA, empty strings NA, dates, datetimes and times in SPSS's own units
# (seconds since 1582-10-14, the Gregorian calendar's first day; times in seconds).
spss_epoch <- 12219379200  # seconds from 1582-10-14 to 1970-01-01
expected <- function(file) {
  r <- read_sav(file)
  as.data.frame(lapply(r, function(col) {
    if (is.labelled(col)) {
      f <- as.character(as_factor(col, levels = "default"))
      v <- vctrs::vec_data(col)
      f[is.na(col) | (is.character(v) & v == "")] <- NA
      f
    }
    else if (inherits(col, "Date")) as.numeric(col) * 86400 + spss_epoch
    else if (inherits(col, "POSIXct")) as.numeric(col) + spss_epoch
    else if (inherits(col, "hms")) as.numeric(col)
    else if (is.character(col)) ifelse(col == "", NA, col)
    else as.numeric(col)
  }), stringsAsFactors = FALSE)
}
for (f in c("labels_byte.sav", "labels_none.sav", "labels.zsav")) {
  e <- expected(f)
  if (f == "labels_byte.sav") write.csv(e, "labels_expected.csv", row.names = FALSE, na = "NA", fileEncoding = "UTF-8")
  else stopifnot(identical(e, expected("labels_byte.sav")))
}
# Codes (--codes): the stored numbers of the labelled numeric variables, user-missing values still NA.
r <- read_sav("labels_byte.sav")
write.csv(data.frame(sector = as.numeric(r$sector), answer = as.numeric(r$answer), income = as.numeric(r$income)),
  "labels_codes_expected.csv", row.names = FALSE, na = "NA")
