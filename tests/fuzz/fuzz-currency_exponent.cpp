// Any byte string given as a currency code gives 0, 2, 3 or "not a code".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stripe_report/currency.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view code(reinterpret_cast<const char*>(data), size);
  const auto exponent = stripe_report::currency_exponent(code);
  if (exponent && *exponent != 0 && *exponent != 2 && *exponent != 3) std::abort();
  if (exponent && size != 3) std::abort();
  return 0;
}
