# Kenward-Roger (pbkrtest) on a moderately large three-factor design: six schools of the Tennessee-like synthetic
# data (issue 11), 2,094 rows, 821 students crossed with 87 teachers within 6 schools. Beside the other fixtures here.
# Data: tennessee6.csv = the rows with sch in 101..106 of
#   dotnet benchmarks/Resampling.Benchmarks/bin/Release/net10.0/Resampling.Benchmarks.dll synth tennessee tn.csv --seed 1
# (the synthetic generator of this repository; rows kept in file order).
# R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2, jsonlite. Run here: Rscript tennessee_kr.R (about a minute).
# Writes tennessee6_reml.json (the shared one() fields, with pbkrtest's KR df and SEs in "kr") and
# ../inference/anova_type3_tennessee6.json (lmerTest's type III table with Satterthwaite's and Kenward-Roger's df).
suppressMessages({library(lme4); library(lmerTest); library(jsonlite); library(pbkrtest)})
cat(R.version.string, "\n"); for (p in c("lme4", "lmerTest", "pbkrtest", "jsonlite", "Matrix")) cat(p, format(packageVersion(p)), "\n")
wjson <- function(x, file) write(toJSON(x, digits=NA, auto_unbox=TRUE, pretty=TRUE, na="null", null="null"), file)
d <- read.csv("tennessee6.csv", colClasses=c(stu="character", tch="character", sch="character", classtype="character"))
formula <- "score ~ grade + female + freelunch + classtype + (1|stu) + (1|tch) + (1|sch)"
source("one.R")
t0 <- proc.time()[["elapsed"]]
r <- one("tennessee6", d, formula, TRUE)
cat("fit + summary + KR:", proc.time()[["elapsed"]] - t0, "s\n")
r$dataset <- "tennessee6"; r$data <- "tennessee6.csv"
wjson(r, "tennessee6_reml.json")

ctrl <- lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5))
m <- lmerTest::lmer(as.formula(formula), data=d, REML=TRUE, control=ctrl)
tab <- function(ddf) {
  a <- anova(m, type="III", ddf=ddf)
  lapply(seq_len(nrow(a)), function(i) list(term=rownames(a)[i], SumSq=a[i, "Sum Sq"], MeanSq=a[i, "Mean Sq"],
    NumDF=a[i, "NumDF"], DenDF=a[i, "DenDF"], F=a[i, "F value"], p=a[i, "Pr(>F)"]))
}
t0 <- proc.time()[["elapsed"]]
out <- list(name="tennessee6", data="tennessee6.csv", formula=formula, REML=TRUE,
            satterthwaite=tab("Satterthwaite"), kr=tab("Kenward-Roger"))
cat("type III tables:", proc.time()[["elapsed"]] - t0, "s\n")
wjson(out, file.path("..", "inference", "anova_type3_tennessee6.json"))
