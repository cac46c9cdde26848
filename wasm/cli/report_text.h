// The report as CSV and as a plain-text table for people (the CLI's
// --format csv|table). Amounts are decimal major units by default, as in
// Stripe's own CSV exports, or integer minor units; both exact.
#pragma once

#include <string>

#include "stripe_report/report_options.h"
#include "stripe_report/report_result.h"

namespace stripe_report {

// "period_start,currency,units,charges,gross,refunds,disputes,other,fees,net"
// then one line per row, then one line per currency total with period_start
// "total". `units` is "major" (12.34) or "minor" (1234) on every line.
std::string report_to_csv(const ReportResult& report, AmountUnits units);

// Columns as wide as their widest value; the title line names the units.
std::string report_to_table(const ReportResult& report, AmountUnits units);

}  // namespace stripe_report
