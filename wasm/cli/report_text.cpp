#include "report_text.h"

#include <cstdio>

#include "stripe_report/currency.h"

namespace stripe_report {
namespace {

void append_amounts_csv(std::string& out, const Amounts& a) {
  for (const std::int64_t value : {a.charges, a.gross, a.refunds, a.disputes, a.other, a.fees,
                                   a.net}) {
    out.push_back(',');
    out.append(std::to_string(value));
  }
}

std::string pad_left(const std::string& text, std::size_t width) {
  std::string out(text.size() >= width ? 0 : width - text.size(), ' ');
  out.append(text);
  return out;
}

std::string pad_right(const std::string& text, std::size_t width) {
  std::string out = text;
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string upper(std::string code) {
  for (char& c : code) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return code;
}

void append_table_line(std::string& out, const std::string& label, const std::string& currency,
                       const Amounts& a) {
  const int exponent = currency_exponent(currency).value_or(2);
  out += pad_right(label, 12) + pad_right(upper(currency), 5) +
         pad_left(std::to_string(a.charges), 8);
  for (const std::int64_t value : {a.gross, a.refunds, a.disputes, a.other, a.fees, a.net}) {
    out += pad_left(format_minor_units(value, exponent), 15);
  }
  out.push_back('\n');
}

}  // namespace

std::string format_minor_units(std::int64_t amount, int exponent) {
  // Magnitude as unsigned so INT64_MIN stays exact.
  const std::uint64_t magnitude =
      amount < 0 ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  std::string digits = std::to_string(magnitude);
  const auto decimals = static_cast<std::size_t>(exponent);
  if (decimals > 0) {
    if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, 1, '.');
  }
  if (amount < 0) digits.insert(0, 1, '-');
  return digits;
}

std::string report_to_csv(const ReportResult& report) {
  std::string out = "period_start,currency,charges,gross,refunds,disputes,other,fees,net\n";
  for (const auto& row : report.rows) {
    out += format_date(row.period_start) + "," + row.currency;
    append_amounts_csv(out, row.amounts);
    out.push_back('\n');
  }
  for (const auto& total : report.totals) {
    out += "total," + total.currency;
    append_amounts_csv(out, total.amounts);
    out.push_back('\n');
  }
  return out;
}

std::string report_to_table(const ReportResult& report) {
  std::string out = "Sales by " + report.period;
  if (report.period == "week") out += " (weeks start " + report.week_start + ")";
  out += ", " + report.timezone + ", by " + report.basis + " date\n\n";
  out += pad_right("period", 12) + pad_right("cur", 5) + pad_left("charges", 8);
  for (const char* name : {"gross", "refunds", "disputes", "other", "fees", "net"}) {
    out += pad_left(name, 15);
  }
  out.push_back('\n');
  if (report.rows.empty()) out += "(no sales in the input)\n";
  for (const auto& row : report.rows) {
    append_table_line(out, format_date(row.period_start), row.currency, row.amounts);
  }
  if (!report.totals.empty()) out.push_back('\n');
  for (const auto& total : report.totals) {
    append_table_line(out, "total", total.currency, total.amounts);
  }
  const ReportCounts& n = report.counts;
  out += "\n";
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
  return out;
}

}  // namespace stripe_report
