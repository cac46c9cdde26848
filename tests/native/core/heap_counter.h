// Live and peak bytes allocated with operator new (see heap_counter.cpp).
#pragma once

#include <cstddef>

namespace heap_counter {
std::size_t live();
std::size_t peak();
void reset_peak();  // peak := live
}  // namespace heap_counter
