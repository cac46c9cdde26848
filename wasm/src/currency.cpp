#include "stripe_report/currency.h"

#include <algorithm>
#include <array>

namespace stripe_report {
namespace {

// Every code Stripe accepts or has accepted as a presentment/settlement
// currency (docs: "Supported currencies", and the list in Stripe's
// "Invalid currency" API error). Reports read historical data, so codes Stripe
// once supported stay valid: eek, hrk, ltl, lvl, mro, sll, std, svc, vef.
// Sorted (checked below) for binary search.
constexpr auto kSupported = std::to_array<std::string_view>({
    "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt",
    "bgn", "bhd", "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf",
    "chf", "clp", "cny", "cop", "crc", "cve", "czk", "djf", "dkk", "dop", "dzd", "eek", "egp",
    "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd", "hkd", "hnl",
    "hrk", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs", "khr",
    "kmf", "krw", "kwd", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "ltl", "lvl", "mad",
    "mdl", "mga", "mkd", "mmk", "mnt", "mop", "mro", "mur", "mvr", "mwk", "mxn", "myr", "mzn",
    "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab", "pen", "pgk", "php", "pkr", "pln",
    "pyg", "qar", "ron", "rsd", "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle",
    "sll", "sos", "srd", "std", "svc", "szl", "thb", "tjs", "tnd", "top", "try", "ttd", "twd",
    "tzs", "uah", "ugx", "usd", "uyu", "uzs", "vef", "vnd", "vuv", "wst", "xaf", "xcd", "xof",
    "xpf", "yer", "zar", "zmw"});

// Stripe's published lists (docs: "Zero-decimal currencies", "Three-decimal
// currencies"), sorted.
//
// Special cases, decided from Stripe's docs ("Special cases" section and the
// support note "Deprecation of fractional ISK charges"): what matters here is
// the unit of the API's `amount` fields, which is what reports add up.
// - ISK: card networks only allow whole krónur since 2023-04-14, but "ISK will
//   remain a two-decimal currency in the Stripe API" (amount 100 = 1 króna). 2.
// - HUF, TWD: zero-decimal for payouts only; charges and balance transactions
//   use two-decimal amounts. 2.
// - UGX: on Stripe's zero-decimal list, so amounts are whole shillings. 0.
constexpr std::array<std::string_view, 16> kZeroDecimal = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
    "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"bhd", "jod", "kwd", "omr", "tnd"};

template <std::size_t N>
constexpr bool sorted_and_unique(const std::array<std::string_view, N>& codes) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!(codes[i - 1] < codes[i])) return false;
  }
  return true;
}
static_assert(sorted_and_unique(kSupported));
static_assert(sorted_and_unique(kZeroDecimal));
static_assert(sorted_and_unique(kThreeDecimal));

bool is_supported(std::string_view code) {
  return std::binary_search(kSupported.begin(), kSupported.end(), code);
}

}  // namespace

bool is_zero_decimal_currency(std::string_view code) {
  return std::binary_search(kZeroDecimal.begin(), kZeroDecimal.end(), code);
}

bool is_three_decimal_currency(std::string_view code) {
  return std::binary_search(kThreeDecimal.begin(), kThreeDecimal.end(), code);
}

std::optional<int> currency_exponent(std::string_view code) {
  if (!is_supported(code)) return std::nullopt;
  if (is_zero_decimal_currency(code)) return 0;
  if (is_three_decimal_currency(code)) return 3;
  return 2;
}

}  // namespace stripe_report
