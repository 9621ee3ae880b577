# Variable labels and display formats, written by an independent writer: R's haven 2.5.1 (Debian r-cran-haven), R 4.2.2.
# Run in this folder: Rscript generate_varlabels.R  (writes varlabels_v*.dta and varlabels_expected.csv here, and the
# same data as ../spss/varlabels.sav, .zsav with ../spss/varlabels_expected.csv)
suppressMessages(library(haven))
d <- data.frame(
  school = c("1224", "1288", "Zürich"),
  mathach = c(5.876, 19.708, 20.349),
  ses = c(-1.528, -0.588, 0.332),
  visit = as.Date(c("2020-01-31", "1959-12-31", NA)),
  stringsAsFactors = FALSE)
attr(d$school, "label") <- "School identifier"
attr(d$mathach, "label") <- "Mathematics achievement score, a standardised test given in the senior year"
attr(d$ses, "label") <- "Socio-economic status (café index)"
attr(d$ses, "format.stata") <- "%6.2f"
attr(d$ses, "format.spss") <- "F6.2"
attr(d$visit, "label") <- "Date of the visit"
for (v in c(10, 13, 14, 15)) {
  dv <- d
  if (v < 14) dv$school <- iconv(dv$school, "UTF-8", "latin1")
  write_dta(dv, sprintf("varlabels_v%d.dta", v), version=v)
}
# What haven reads back from the newest file: each column's label and Stata display format.
r <- read_dta("varlabels_v15.dta")
e <- data.frame(name = names(r),
  label = sapply(r, function(col) { l <- attr(col, "label"); if (is.null(l)) "" else l }),
  format = sapply(r, function(col) { f <- attr(col, "format.stata"); if (is.null(f)) "" else f }))
write.csv(e, "varlabels_expected.csv", row.names=FALSE, fileEncoding="UTF-8")

write_sav(d, "../spss/varlabels.sav", compress="byte")
write_sav(d, "../spss/varlabels.zsav", compress="zsav")
r <- read_sav("../spss/varlabels.sav")
e <- data.frame(name = names(r),
  label = sapply(r, function(col) { l <- attr(col, "label"); if (is.null(l)) "" else l }),
  format = sapply(r, function(col) { f <- attr(col, "format.spss"); if (is.null(f)) "" else f }))
write.csv(e, "../spss/varlabels_expected.csv", row.names=FALSE, fileEncoding="UTF-8")
