#include "report_text.h"

#include <algorithm>
#include <array>
#include <vector>

#include "stripe_report/currency.h"
#include "stripe_report/decimal_amount.h"

namespace stripe_report {
namespace {

constexpr std::array<const char*, 6> kAmountColumns = {"gross", "refunds", "disputes",
                                                       "other", "fees",    "net"};

std::array<std::int64_t, 6> amount_values(const Amounts& a) {
  return {a.gross, a.refunds, a.disputes, a.other, a.fees, a.net};
}

std::string amount_text(std::int64_t value, const std::string& currency, AmountUnits units) {
  if (units == AmountUnits::minor) return std::to_string(value);
  // The report's currencies were all validated on input; 2 is never used.
  return format_minor_units(value, currency_exponent(currency).value_or(2));
}

std::string upper(std::string code) {
  for (char& c : code) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return code;
}

// One table line's cells: period, currency, charges, then the six amounts.
using Cells = std::array<std::string, 9>;

Cells cells_of(const std::string& label, const std::string& currency, const Amounts& a,
               AmountUnits units) {
  Cells cells = {label, upper(currency), std::to_string(a.charges)};
  const auto values = amount_values(a);
  for (std::size_t i = 0; i < values.size(); ++i) {
    cells[3 + i] = amount_text(values[i], currency, units);
  }
  return cells;
}

// The first two columns are text (left-aligned), the rest numbers (right-aligned);
// two spaces between columns, whatever the widths.
void append_line(std::string& out, const Cells& cells, const std::array<std::size_t, 9>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::size_t pad = widths[i] - cells[i].size();
    if (i > 0) line += "  ";
    if (i >= 2) line.append(pad, ' ');
    line += cells[i];
    if (i < 2) line.append(pad, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out += line;
  out.push_back('\n');
}

void append_counts(std::string& out, const ReportResult& report) {
  const ReportCounts& n = report.counts;
  out += std::to_string(n.included) + " transactions in the report, " +
         std::to_string(n.excluded) + " payouts/transfers left out, " +
         std::to_string(n.filtered_out) + " outside the filters, " +
         std::to_string(n.duplicates) + " duplicates ignored.\n";
  if (!report.invariant_ok || report.mismatch_count != 0) {
    out += "WARNING: ";
    out += std::to_string(report.mismatch_count) + " transactions have amount - fee != net:";
    for (const auto& m : report.mismatches) out += " " + m.id;
    out += "\n";
  }
}

}  // namespace

std::string report_to_csv(const ReportResult& report, AmountUnits units) {
  std::string out = "period_start,currency,units,charges,gross,refunds,disputes,other,fees,net\n";
  const std::string unit_name = amount_units_name(units);
  auto append = [&](const std::string& label, const std::string& currency, const Amounts& a) {
    for (const std::string* cell : {&label, &currency, &unit_name}) {
      out.append(*cell).push_back(',');
    }
    out.append(std::to_string(a.charges));
    for (const std::int64_t value : amount_values(a)) {
      out.push_back(',');
      out.append(amount_text(value, currency, units));
    }
    out.push_back('\n');
  };
  for (const auto& row : report.rows) {
    append(format_date(row.period_start), row.currency, row.amounts);
  }
  for (const auto& total : report.totals) append("total", total.currency, total.amounts);
  return out;
}

std::string report_to_table(const ReportResult& report, AmountUnits units) {
  std::string out = "Sales by " + report.period;
  if (report.period == "week") out += " (weeks start " + report.week_start + ")";
  out += ", " + report.timezone + ", by " + report.basis + " date; amounts in ";
  out += units == AmountUnits::major ? "major units (decimal, e.g. 12.34)\n\n"
                                     : "integer minor units (e.g. 1234 for 12.34)\n\n";
  std::vector<Cells> lines;
  lines.push_back({"period", "cur", "charges"});
  std::copy(kAmountColumns.begin(), kAmountColumns.end(), lines.back().begin() + 3);
  for (const auto& row : report.rows) {
    lines.push_back(cells_of(format_date(row.period_start), row.currency, row.amounts, units));
  }
  for (const auto& total : report.totals) {
    lines.push_back(cells_of("total", total.currency, total.amounts, units));
  }
  std::array<std::size_t, 9> widths{};
  for (const Cells& cells : lines) {
    for (std::size_t i = 0; i < cells.size(); ++i) widths[i] = std::max(widths[i], cells[i].size());
  }
  append_line(out, lines[0], widths);
  if (report.rows.empty()) {
    out += "(no sales: every balance transaction was a payout or transfer, or outside the "
           "filters)\n";
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (i == 1 + report.rows.size()) out.push_back('\n');  // totals apart from the periods
    append_line(out, lines[i], widths);
  }
  out += "\n";
  append_counts(out, report);
  return out;
}

}  // namespace stripe_report
