// Opt-in umbrella header: the core types, every statistic and the gap report.
#ifndef CXGAP_CXGAP_HPP
#define CXGAP_CXGAP_HPP

#include "cxgap/config.hpp"
#include "cxgap/error.hpp"
#include "cxgap/core/scale.hpp"
#include "cxgap/core/item.hpp"
#include "cxgap/core/survey.hpp"
#include "cxgap/core/group.hpp"
#include "cxgap/core/tally.hpp"
#include "cxgap/stats/result.hpp"
#include "cxgap/stats/counts.hpp"
#include "cxgap/stats/proportion.hpp"
#include "cxgap/stats/proportion_difference.hpp"
#include "cxgap/stats/contingency.hpp"
#include "cxgap/stats/moments.hpp"
#include "cxgap/stats/mean.hpp"
#include "cxgap/stats/effect_size.hpp"
#include "cxgap/stats/mann_whitney.hpp"
#include "cxgap/stats/brunner_munzel.hpp"
#include "cxgap/stats/dominance.hpp"
#include "cxgap/stats/nps.hpp"
#include "cxgap/stats/multiplicity.hpp"
#include "cxgap/stats/equivalence.hpp"
#include "cxgap/report/gap_statistic.hpp"
#include "cxgap/report/gap_report.hpp"
#include "cxgap/report/table.hpp"
#include "cxgap/report/csv.hpp"
#include "cxgap/chart/svg.hpp"

#endif  // CXGAP_CXGAP_HPP
