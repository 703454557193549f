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

#endif  // CXGAP_CXGAP_HPP
