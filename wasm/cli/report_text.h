// The report as CSV and as a plain-text table for people (the CLI's
// --format csv|table); amounts in the table are shown in major units, exactly.
#pragma once

#include <cstdint>
#include <string>

#include "stripe_report/report_result.h"

namespace stripe_report {

// "period_start,currency,charges,gross,refunds,disputes,other,fees,net" then
// one line per row, then one line per currency total with period_start "total".
std::string report_to_csv(const ReportResult& report);

std::string report_to_table(const ReportResult& report);

// 123456 with exponent 2 -> "1234.56"; -5 with exponent 3 -> "-0.005". Exact.
std::string format_minor_units(std::int64_t amount, int exponent);

}  // namespace stripe_report
