# one(): the shared reference script's one(), sourced by generate.R here and by ../lme4stress/generate.R.
one <- function(name, data, formula, REML=TRUE) {
  f <- as.formula(formula)
  m <- lmerTest::lmer(f, data=data, REML=REML, control=lmerControl(optimizer="bobyqa", optCtrl=list(rhobeg=2e-3, rhoend=1e-10, maxfun=1e5)))
  sm <- summary(m); co <- coef(sm)
  vc <- as.data.frame(VarCorr(m))
  re <- ranef(m, condVar=TRUE)
  ranefs <- lapply(names(re), function(g) { r <- re[[g]]; pv <- attr(r, "postVar")
     list(group=g, levels=rownames(r), terms=colnames(r), values=unname(as.matrix(r)),
          condsd=if (is.list(pv)) sapply(pv, function(a) sqrt(a[1,1,])) else t(sapply(seq_len(nrow(r)), function(i) sqrt(diag(as.matrix(pv[,,i])))))) })
  out <- list(name=name, formula=formula, REML=REML, nobs=nobs(m), ngroups=as.list(ngrps(m)),
    objective=as.numeric(-2*logLik(m)), logLik=as.numeric(logLik(m)), AIC=AIC(m), BIC=BIC(m),
    theta=unname(getME(m,"theta")), sigma=sigma(m), beta=setNames(as.list(fixef(m)), names(fixef(m))),
    se=setNames(as.list(co[,"Std. Error"]), rownames(co)),
    df=if (ncol(co)==5) setNames(as.list(co[,"df"]), rownames(co)) else NULL,
    t=setNames(as.list(co[,"t value"]), rownames(co)),
    p=if (ncol(co)==5) setNames(as.list(co[,"Pr(>|t|)"]), rownames(co)) else NULL,
    vcov=unname(as.matrix(vcov(m))), corr_fixed=unname(as.matrix(cov2cor(vcov(m)))),
    varcorr=vc, scaled_resid_quantiles=unname(quantile(residuals(m, scaled=TRUE))),
    ranef=ranefs, singular=isSingular(m), fitted_head=unname(head(fitted(m), 10)))
  if (REML && length(fixef(m))>1 && !isTRUE(getOption("skip_kr"))) {
    kr <- tryCatch(summary(m, ddf="Kenward-Roger")$coefficients, error=function(e) NULL)
    if (!is.null(kr)) out$kr <- list(df=as.list(setNames(kr[,"df"], rownames(kr))), se=as.list(setNames(kr[,"Std. Error"], rownames(kr))))
  }
  out
}

