// Minimal use of the installed library: a two-group tally and one top-box gap.
#include <cstdio>
#include <cstdlib>

#include <cxgap/cxgap.hpp>

int main() {
  cxgap::survey s;
  const std::size_t q = s.add_item({"q1", "The service is above average", cxgap::scale::likert(1, 5)});
  const int exec_codes[] = {5, 5, 4, 4, 3};
  const int cust_codes[] = {2, 3, 4, 1, 5};
  for (int c : exec_codes) s.set_response(s.add_respondent("executive"), q, c);
  for (int c : cust_codes) s.set_response(s.add_respondent("customer"), q, c);
  const cxgap::tally t = cxgap::make_tally(s);
  const auto a = t.group_index("executive");
  const auto b = t.group_index("customer");
  const cxgap::count_view ca = t.counts(q, a);
  const cxgap::count_view cb = t.counts(q, b);
  const auto ci = cxgap::newcombe_difference<double>(ca[3] + ca[4], ca.total(), cb[3] + cb[4],
                                                     cb.total());
  std::printf("cxgap %s: top-box gap %.3f, 95%% CI [%.3f, %.3f]\n", CXGAP_VERSION_STRING,
              ci.value, ci.ci.lower, ci.ci.upper);
  return ci.ci.lower < ci.value && ci.value < ci.ci.upper ? EXIT_SUCCESS : EXIT_FAILURE;
}
