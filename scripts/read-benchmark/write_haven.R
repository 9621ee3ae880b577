# The benchmark's Stata, SPSS and SAS files, written by haven from the CSV that generate.cs wrote. Rscript write_haven.R DIR
# haven's write_sas is deprecated and documented as writing files SAS itself may not read; our reader reads them, so
# they serve to time reading (the SAS7BDAT fixtures the tests check values against come from other writers).
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "/tmp/read-benchmark"
d <- read.csv(file.path(dir, "wide20.csv"), stringsAsFactors = FALSE)
haven::write_dta(d, file.path(dir, "wide20.dta"), version = 15)
haven::write_sav(d, file.path(dir, "wide20.sav"), compress = "byte")
haven::write_sav(d, file.path(dir, "wide20.zsav"), compress = "zsav")
suppressWarnings(haven::write_sas(d, file.path(dir, "wide20.sas7bdat")))
