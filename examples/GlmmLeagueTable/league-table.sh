#!/usr/bin/env bash
# Batch example: a league table of the 160 schools of data/hsb12.csv on a binary outcome, with its rank-uncertainty
# report. The outcome is PASS = 1 when a student's maths score MATHACH is 15 or more (41% of the 7,185 students; no
# score is exactly 15), computed from the data with --compute (the expression language has no comparisons:
# (1 + d/|d|)/2 is 1 for d > 0 and 0 for d < 0). The model is a binomial-logit GLMM with the student's SES relative to
# the school's mean (cses) as covariate and a random intercept per school:
#     PASS ~ cses + (1 | SCHOOL), family binomial(logit)
# Schools are ranked by their random intercept: how much a school raises or lowers the log-odds that one of its
# students scores 15 or more, compared with a student of the same relative SES in an average school. The uncertainty
# comes from the Polya-Gamma Gibbs sampler's posterior (4 chains x 1,000 draws) and from confidence sets built on the
# conditional modes and variances. Run from the repository root after building (dotnet build -c Release):
#     examples/GlmmLeagueTable/league-table.sh [out-folder]
set -euo pipefail
out="${1:-reports/glmm-league-table}"
cli=(dotnet src/Resampling.Cli/bin/Release/net10.0/resampling.dll)
"${cli[@]}" rank --data data/hsb12.csv \
  --compute "PASS = (1 + (MATHACH - 15) / abs(MATHACH - 15)) / 2" \
  --compute "cses = SES - MEANSES" \
  --formula "PASS ~ cses + (1 | SCHOOL)" --family binomial --factor SCHOOL \
  --seed 20240601 --out "$out" --force
