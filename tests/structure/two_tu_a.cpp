// Both translation units include every public header; the link fails if any non-template
// function defined in a header lacks `inline`.
#include <cxgap/cxgap.hpp>

int two_tu_b();

int main() { return two_tu_b() == 0 && cxgap::scale::nps().size() == 11 ? 0 : 1; }
