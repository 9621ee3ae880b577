# Engine stress fixtures: models that push the optimiser and the blocked factorisation harder than lme4extra
# (3x3 random-effects covariance, a badly scaled slope with a near-boundary correlation, a second grouping factor
# beside a 2-column first block, three crossed factors). Same JSON format as ../lme4extra (see its README).
# Produced with R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2 (Debian packages).
# Run: cd tests/Resampling.Tests/Fixtures/lme4stress && Rscript generate.R
suppressMessages({library(lme4); library(lmerTest); library(jsonlite); library(pbkrtest)})
source("../lme4extra/one.R")
# Kenward-Roger (pbkrtest) forms n x n matrices: hours on HSB's 7,185 rows with two factors, so it is skipped here.
options(skip_kr=TRUE)
wjson <- function(x, file) write(toJSON(x, digits=NA, auto_unbox=TRUE, pretty=TRUE, na="null"), file)
rd <- function(f, ...) read.csv(file.path("../lme4extra", f), ...)
sleep <- rd("sleepstudy.csv", colClasses=c(Subject="character"))
cake <- rd("cake.csv", colClasses=c(replicate="character", temperature="character"))
hsb <- rd("hsb12.csv", colClasses=c(SCHOOL="character"))
penicillin <- rd("penicillin.csv")
# A third crossed factor for Penicillin: a synthetic "operator" (4 levels) cycling over rows.
penicillin$operator <- paste0("op", (seq_len(nrow(penicillin)) - 1) %% 4 + 1)
write.csv(penicillin, "penicillin3.csv", row.names=FALSE)
data <- list("sleepstudy.csv"=sleep, "cake.csv"=cake, "hsb12.csv"=hsb, "penicillin3.csv"=penicillin)
only <- commandArgs(trailingOnly=TRUE)
cases <- list(
 list("sleep_3x3", "sleepstudy.csv", "Reaction ~ Days + (Days + I(Days^2) | Subject)"),
 list("cake_scaled_slope", "cake.csv", "angle ~ recipe + temp + (1 + temp | replicate)"),
 list("hsb_two_factors", "hsb12.csv", "MATHACH ~ cses + (1 + cses | SCHOOL) + (1 | MINORITY:FEMALE)"),
 list("penicillin_three_crossed", "penicillin3.csv", "diameter ~ 1 + (1|plate) + (1|sample) + (1|operator)"))
for (c in cases) for (reml in c(TRUE, FALSE)) {
  if (length(only) && !(c[[1]] %in% only)) next
  tag <- paste0(c[[1]], if (reml) "_reml" else "_ml")
  r <- tryCatch(suppressWarnings(one(c[[1]], data[[c[[2]]]], c[[3]], reml)), error=function(e) { message(tag, " FAILED: ", conditionMessage(e)); NULL })
  if (!is.null(r)) { r$dataset <- sub(".csv", "", c[[2]], fixed=TRUE); r$data <- if (c[[2]] == "penicillin3.csv") c[[2]] else file.path("..", "lme4extra", c[[2]]); wjson(r, paste0(tag, ".json")) }
}
