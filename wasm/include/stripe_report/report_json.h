// The report as JSON text (issue #3's output shape), written by hand so the
// wasm module needs neither iostreams nor a JSON library for its results.
#pragma once

#include <string>

#include "stripe_report/parse_error.h"
#include "stripe_report/report_options.h"
#include "stripe_report/report_result.h"

namespace stripe_report {

enum class JsonIntegers {
  exact,              // every amount as a JSON number (the CLI: exact int64 text)
  strings_above_2_53  // amounts beyond +-(2^53-1) as decimal strings, so JS numbers stay exact
};

// `units` (echoed as "units"): minor, integers as Stripe's API gives them (the
// default, and what the JS API returns), or major, exact decimal numbers.
std::string report_to_json(const ReportResult& report, JsonIntegers integers,
                           AmountUnits units = AmountUnits::minor);

// {"code":..,"message":..,"byte_offset":..,"line":..,"object_id":..,"field":..}
std::string parse_error_to_json(const ParseError& error);

// Appends `text` as a JSON string literal (quotes, escapes; input is UTF-8).
void append_json_string(std::string& out, std::string_view text);

}  // namespace stripe_report
