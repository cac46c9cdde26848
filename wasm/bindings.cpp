// The only file that knows about embind: it adapts the plain C++ core to JS.
// Keep the boundary narrow: bytes in, compact plain objects out.
#include <emscripten/bind.h>

#include <string>

#include "stripe_report/currency.h"
#include "stripe_report/version.h"

namespace {

// Minor-unit decimals for a currency code, or -1 for a malformed code.
int currency_exponent_or_error(const std::string& code) {
  return stripe_report::currency_exponent(code).value_or(-1);
}

std::string version() { return stripe_report::kVersion; }

}  // namespace

EMSCRIPTEN_BINDINGS(stripe_report) {
  emscripten::function("currencyExponent", &currency_exponent_or_error);
  emscripten::function("version", &version);
}
