// Forward declarations of cxgap's public types, for headers that only name them.
#ifndef CXGAP_FWD_HPP
#define CXGAP_FWD_HPP

namespace cxgap {

class scale;
struct item;
struct matched_item;
class codebook;
class label_column;
class survey;
class respondent_group;
class tally;
class count_view;

template <class Real>
struct interval;
template <class Real>
struct test_result;
template <class Real>
struct estimate;
template <class Real>
struct sample_moments;
template <class Real>
struct effect_size;
template <class Real>
struct gap_statistic;

struct design_spec;
struct survey_design;
class design_builder;
class row_units;
class psu_tally;

struct report_options;
struct item_gap;
struct gap_report;

class invalid_argument;
class out_of_range;
class input_error;

}  // namespace cxgap

#endif  // CXGAP_FWD_HPP
