# Extra lme4 reference fixtures (beyond those in ../lme4).
# Produced with: R 4.2.2 Patched (2022-11-10 r83330), lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2,
#                jsonlite 1.8.4, Matrix 1.5-3 (Debian packages).
# Install (Debian): apt-get install r-base-core r-cran-lme4 r-cran-lmertest r-cran-pbkrtest r-cran-jsonlite
# Run: cd tests/Resampling.Tests/Fixtures/lme4extra && Rscript generate.R
#   (reads the repository's data/hsb12.csv, or $HSB12_CSV; writes *.csv and *.json into this folder)
# JSON per model has exactly the fields of the shared script's one(), plus "dataset",
# "data" (the CSV file the model is fitted to) and, where rows are dropped for NAs, "droppedRows".
suppressMessages({library(lme4); library(lmerTest); library(jsonlite); library(pbkrtest)})
cat(R.version.string, "\n"); for (p in c("lme4", "lmerTest", "pbkrtest", "jsonlite", "Matrix")) cat(p, format(packageVersion(p)), "\n")
out_dir <- "."
ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
wjson <- function(x, file) write(toJSON(x, digits=NA, auto_unbox=TRUE, pretty=TRUE, na="null"), file.path(out_dir, file))
chr <- function(d) { for (c in names(d)) if (is.factor(d[[c]])) d[[c]] <- as.character(d[[c]]); d }

# ---- data sets (factors written as character) ----
hsb_path <- Sys.getenv("HSB12_CSV", "../../../../data/hsb12.csv")
if (!file.exists(hsb_path)) hsb_path <- "hsb12.csv"
hsb <- read.csv(hsb_path, colClasses=c(SCHOOL="character")); hsb$cses <- hsb$SES - hsb$MEANSES
cake <- lme4::cake
# cake$temperature is an ORDERED factor in R (polynomial contrasts). Convert it to plain character
# first so that model.matrix uses treatment contrasts (levels "175" < ... < "225", same order as text).
cake$temperature <- as.character(cake$temperature)   # cake$temp is the numeric version
sleep_grp <- lme4::sleepstudy; sleep_grp$DaysGroup <- ifelse(sleep_grp$Days < 5, "early", "late")
sleep_na <- lme4::sleepstudy; sleep_na$Reaction[c(3, 50, 120)] <- NA; sleep_na$Days[77] <- NA  # 1-based rows
ds <- list(penicillin=lme4::Penicillin, pastes=lme4::Pastes, cake=cake, sleepstudy=lme4::sleepstudy,
           sleepstudy_grouped=sleep_grp, sleepstudy_missing=sleep_na, dyestuff=lme4::Dyestuff,
           dyestuff2=lme4::Dyestuff2, hsb12=hsb)
for (n in names(ds)) { ds[[n]] <- chr(ds[[n]]); write.csv(ds[[n]], file.path(out_dir, paste0(n, ".csv")), row.names=FALSE) }

source("one.R")  # one(): identical to the shared script's one()

cases <- list(
 list("penicillin_crossed", "penicillin", "diameter ~ 1 + (1|plate) + (1|sample)"),
 list("pastes_nested", "pastes", "strength ~ 1 + (1|batch/cask)"),
 list("pastes_interaction", "pastes", "strength ~ 1 + (1|batch) + (1|batch:cask)"),
 list("cake_factors", "cake", "angle ~ recipe * temperature + (1|recipe:replicate)"),
 list("cake_numeric", "cake", "angle ~ recipe + temp + (1|replicate)"),
 list("sleep_quadratic", "sleepstudy", "Reaction ~ Days + I(Days^2) + (Days|Subject)"),
 list("sleep_log", "sleepstudy", "log(Reaction) ~ Days + (1|Subject)"),
 list("sleep_factor_slope", "sleepstudy_grouped", "Reaction ~ DaysGroup + (DaysGroup|Subject)"),
 list("dyestuff", "dyestuff", "Yield ~ 1 + (1|Batch)"),
 list("dyestuff2_singular", "dyestuff2", "Yield ~ 1 + (1|Batch)"),
 list("hsb_crossed_like", "hsb12", "MATHACH ~ cses + factor(MINORITY) + FEMALE + (1 + cses || SCHOOL)"),
 list("sleep_missing", "sleepstudy_missing", "Reaction ~ Days + (Days|Subject)"))
failures <- character(0)
for (c in cases) for (reml in c(TRUE, FALSE)) {
  tag <- paste0(c[[1]], if (reml) "_reml" else "_ml")
  warns <- character(0)
  r <- tryCatch(withCallingHandlers(one(c[[1]], ds[[c[[2]]]], c[[3]], reml),
                  warning=function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
                error=function(e) { failures <<- c(failures, paste0(tag, ": ", conditionMessage(e))); message(tag, " FAILED: ", conditionMessage(e)); NULL })
  if (length(warns)) message(tag, " warnings: ", paste(unique(warns), collapse=" | "))
  if (!is.null(r)) {
    r$dataset <- c[[2]]; r$data <- paste0(c[[2]], ".csv")
    dropped <- nrow(ds[[c[[2]]]]) - r$nobs
    if (dropped > 0) r$droppedRows <- dropped
    wjson(r, paste0(tag, ".json"))
  }
}

# ---- LRT tables (shared script's lrt() helper, default lmer settings, anova refits by ML) ----
lrt <- function(name, data, f0, f1) { m0 <- lmer(as.formula(f0), data=data, REML=TRUE); m1 <- lmer(as.formula(f1), data=data, REML=TRUE)
  a <- anova(m0, m1); wjson(list(name=name, small=f0, large=f1, table=as.data.frame(a)), paste0("anova_", name, ".json")) }
for (a in list(
  list("penicillin_plate_crossed", ds$penicillin, "diameter ~ 1 + (1|plate)", "diameter ~ 1 + (1|plate) + (1|sample)"),
  list("cake_additive_interaction", ds$cake, "angle ~ recipe + temp + (1|replicate)", "angle ~ recipe * temp + (1|replicate)")))
  tryCatch(lrt(a[[1]], a[[2]], a[[3]], a[[4]]), error=function(e) { failures <<- c(failures, paste0("anova_", a[[1]], ": ", conditionMessage(e))); message("anova ", a[[1]], " FAILED: ", conditionMessage(e)) })

# ---- profile confidence intervals ----
prof <- function(file, name, data, formula) {
  warns <- character(0)
  res <- tryCatch(withCallingHandlers({
      m <- lme4::lmer(as.formula(formula), data=data, REML=TRUE, control=ctrl)
      t0 <- proc.time()[["elapsed"]]
      ci <- confint(m, method="profile", oldNames=FALSE, level=0.95)
      el <- proc.time()[["elapsed"]] - t0
      list(ci=ci, el=el)
    }, warning=function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
    error=function(e) { failures <<- c(failures, paste0(file, ": ", conditionMessage(e))); message(file, " FAILED: ", conditionMessage(e)); NULL })
  out <- list(name=name, formula=formula, REML=TRUE, method="profile", level=0.95, warnings=unique(warns))
  if (!is.null(res)) { ci <- res$ci
    out$rows <- data.frame(name=rownames(ci), lower=unname(ci[, 1]), upper=unname(ci[, 2]))
    out$elapsed_seconds <- res$el }
  else out$error <- "confint failed (see generate.R output)"
  wjson(out, file)
}
prof("profile_hsb_mod4.json", "hsb_mod4", ds$hsb12,
     "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)")
prof("profile_sleep_corr.json", "sleep_corr", ds$sleepstudy, "Reaction ~ Days + (Days|Subject)")

# ---- timings: median wall clock of 20 lme4::lmer fits with default settings ----
timeit <- function(formula, data, n=20) {
  f <- as.formula(formula); invisible(lme4::lmer(f, data=data))  # warm-up
  el <- sapply(seq_len(n), function(i) system.time(lme4::lmer(f, data=data))[["elapsed"]])
  list(formula=formula, runs=n, median_ms=1000*median(el), min_ms=1000*min(el), max_ms=1000*max(el))
}
nproc <- suppressWarnings(as.integer(system("nproc", intern=TRUE)))
tm <- list(R=R.version.string, lme4=format(packageVersion("lme4")), lmerTest=format(packageVersion("lmerTest")),
  Matrix=format(packageVersion("Matrix")), nproc=nproc, method="median of 20 system.time() elapsed, lme4::lmer default settings (REML), after 1 warm-up fit",
  fits=list(
    hsb_mod4=timeit("MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)", ds$hsb12),
    sleep_corr=timeit("Reaction ~ Days + (Days|Subject)", ds$sleepstudy)))
wjson(tm, "timings.json")

if (length(failures)) { message("FAILURES:"); for (f in failures) message("  ", f) } else message("all fixtures written")
