# Reference predictions for tests/Resampling.Tests/Prediction (run from this folder: Rscript generate.R).
# lme4's predict(newdata, re.form = NA / NULL, allow.new.levels = TRUE); population-level standard errors computed as
# sqrt(diag(X V X')) from vcov(model). Needs lme4 and jsonlite.
library(lme4); library(jsonlite)
wjson <- function(x, f) writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), f)

hsb <- read.csv("../lme4/hsb12.csv", colClasses = c(SCHOOL = "character"))
hsb$cses <- hsb$SES - hsb$MEANSES
mod5 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL), data = hsb)
mod4 <- lmer(MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL), data = hsb)
nd <- data.frame(SCHOOL = c("1224", "1288", "9586", "new"), cses = c(-1.2, 0.4, 2.1, 0.3),
                 MEANSES = c(-0.428, 0.128, 0.5, 0), SECTOR = c(0, 0, 1, 1))
pop <- function(m) {
  X <- model.matrix(delete.response(terms(m)), nd)
  list(fit = unname(predict(m, newdata = nd, re.form = NA)), se = unname(sqrt(diag(X %*% as.matrix(vcov(m)) %*% t(X)))))
}
# The walkthrough's grid (its CSES column is the model's cses).
grid <- expand.grid(cses = seq(-3.65, 2.85, 0.01), SECTOR = 0:1, MEANSES = c(-0.317, 0, 1/3))
gp <- predict(mod5, newdata = grid, re.form = NA)
wjson(list(
  newdata = nd,
  mod5 = c(pop(mod5), list(conditional = unname(predict(mod5, newdata = nd, allow.new.levels = TRUE)))),
  mod4 = c(pop(mod4), list(conditional = unname(predict(mod4, newdata = nd, allow.new.levels = TRUE)))),
  grid = list(rows = nrow(grid), head = unname(gp[1:6]), tail = unname(tail(gp, 3)), at = list(index = c(652L, 1303L, 3906L), fit = unname(gp[c(652, 1303, 3906)])))
), "hsb_predictions.json")

cake <- lme4::cake
cake$temperature <- as.character(cake$temperature)
mc <- lmer(angle ~ recipe * temperature + (1|recipe:replicate), data = cake)
ndc <- data.frame(recipe = c("A", "B", "C", "C"), temperature = c("175", "205", "225", "185"), replicate = c(1, 3, 14, 99))
ndf <- transform(ndc, recipe = factor(recipe, levels = levels(factor(cake$recipe))), temperature = factor(temperature, levels = sort(unique(cake$temperature))))
Xc <- model.matrix(delete.response(terms(mc)), ndf)
cake$replicate <- as.character(cake$replicate)
wjson(list(newdata = ndc, fit = unname(predict(mc, newdata = ndc, re.form = NA)), se = unname(sqrt(diag(Xc %*% as.matrix(vcov(mc)) %*% t(Xc)))),
           conditional = unname(predict(mc, newdata = ndc, allow.new.levels = TRUE))), "cake_predictions.json")
