// Ordinal (rank) statistics of two groups computed from category counts, never by sorting
// respondents: Mann–Whitney U (asymptotic and exact conditional on ties), the Brunner–Munzel
// test, and the dominance effect sizes (probability of superiority, Cliff's delta) with
// confidence intervals. Each lives in its own header; this one gathers them.
// Formulas, references, conventions and where R, scipy and coin differ: docs/rank.md.
#ifndef CXGAP_STATS_RANK_HPP
#define CXGAP_STATS_RANK_HPP

#include "cxgap/stats/brunner_munzel.hpp"
#include "cxgap/stats/dominance.hpp"
#include "cxgap/stats/mann_whitney.hpp"

#endif  // CXGAP_STATS_RANK_HPP
