#include <cxgap/cxgap.hpp>

int two_tu_b() { return cxgap::scale::likert(1, 5).size() == 5 ? 0 : 1; }
