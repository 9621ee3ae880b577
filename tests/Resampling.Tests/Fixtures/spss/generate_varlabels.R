# Variable labels and print formats, written by an independent writer: R's haven 2.5.1 (ReadStat inside), R 4.2.2.
# Run in this folder: Rscript generate_varlabels.R  (writes varlabels.sav, varlabels.zsav and varlabels_expected.csv)
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
attr(d$ses, "format.spss") <- "F6.2"
attr(d$visit, "label") <- "Date of the visit"
write_sav(d, "varlabels.sav", compress="byte")
write_sav(d, "varlabels.zsav", compress="zsav")
# What haven reads back: each column's label and SPSS print format.
r <- read_sav("varlabels.sav")
e <- data.frame(name = names(r),
  label = sapply(r, function(col) { l <- attr(col, "label"); if (is.null(l)) "" else l }),
  format = sapply(r, function(col) { f <- attr(col, "format.spss"); if (is.null(f)) "" else f }))
write.csv(e, "varlabels_expected.csv", row.names=FALSE, fileEncoding="UTF-8")
