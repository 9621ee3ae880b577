# The benchmark's Stata file, written by haven from the CSV that generate.cs wrote. Rscript write_dta.R DIR
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "/tmp/read-benchmark"
d <- read.csv(file.path(dir, "wide20.csv"), stringsAsFactors = FALSE)
haven::write_dta(d, file.path(dir, "wide20.dta"), version = 15)
