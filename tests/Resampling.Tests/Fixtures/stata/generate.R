# Stata .dta fixtures written by an independent writer, R's haven 2.5.1 (Debian r-cran-haven), R 4.2.2.
# Run in this folder: Rscript generate.R  (writes hsb12_v*.dta, labels_v*.dta and labels_expected.csv)
# Debian: apt-get install r-base-core r-cran-haven
suppressMessages(library(haven))
hsb <- read.csv("../lme4/hsb12.csv", colClasses=c(SCHOOL="character"))
# haven writes format 114 for version 10, 115 for 11-12, 117 for 13, 118 for 14, 119 for 15.
for (v in c(10, 12, 13, 14, 15)) write_dta(hsb, sprintf("hsb12_v%d.dta", v), version=v)
# Value labels, system and extended missing values, every numeric storage type, strings of several widths,
# a long string (strL in 117+), non-ASCII text, and a date.
n <- 12
d <- data.frame(
  id = seq_len(n),
  small = as.integer(c(1, 2, 3, NA, 5, 100, -127, 0, 1, 2, 3, 4)),
  big = c(1e6, -2e6, NA, 2147483620, -2147483647, 0, 1, 2, 3, 4, 5, 6),
  ratio = c(0.5, NA, 1.25, -3, 1e10, 1e-10, 2, 3, 4, 5, 6, 7),
  school = c("North", "South", "", "East", "West", "Café", "North", "South", "East", "West", "North", "Zürich"),
  stringsAsFactors = FALSE)
d$sector <- labelled(c(0, 1, 1, 0, NA, 2, 0, 1, 0, 1, 0, 9), c(Public = 0, Catholic = 1, Private = 2))
d$answer <- c(1, 2, tagged_na("a"), 3, tagged_na("z"), 1, 2, 3, NA, 1, 2, 3)
d$answer <- labelled(d$answer, c(Agree = 1, Neutral = 2, Disagree = 3, Refused = tagged_na("a")))
d$born <- as.Date("1960-01-01") + c(0, 1, -1, 365, NA, 10000, 20000, 5, 6, 7, 8, 9)
d$essay <- c(strrep("x", 3000), "short", rep("", 9), "end")
d$small <- as.integer(d$small)
for (v in c(10, 12, 13, 14, 15)) {
  dv <- d
  if (v < 13) dv$essay <- substr(dv$essay, 1, 244)   # no strL before 117
  if (v < 14) { dv$school <- iconv(dv$school, "UTF-8", "latin1") }
  write_dta(dv, sprintf("labels_v%d.dta", v), version=v)
}
# What a reader should see, from haven's own reader of each file: value labels as factor levels (unlabelled values as
# numbers), every missing value NA (extended missing values too, labelled or not; haven would show their label), dates
# as days since 1960-01-01, empty strings NA (Stata's missing string).
for (v in c(10, 12, 13, 14, 15)) {
  r <- read_dta(sprintf("labels_v%d.dta", v))
  e <- as.data.frame(lapply(r, function(col) {
    if (is.labelled(col)) { f <- as.character(as_factor(col, levels="default")); f[is.na(col)] <- NA; f }
    else if (inherits(col, "Date")) as.numeric(col - as.Date("1960-01-01"))
    else if (is.character(col)) ifelse(col == "", NA, col)
    else as.numeric(col)
  }), stringsAsFactors=FALSE)
  write.csv(e, sprintf("labels_v%d_expected.csv", v), row.names=FALSE, na="NA", fileEncoding="UTF-8")
}
