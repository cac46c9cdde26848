#include "stripe_report/report_json.h"

#include "stripe_report/currency.h"
#include "stripe_report/decimal_amount.h"
#include "stripe_report/report_options.h"

namespace stripe_report {
namespace {

constexpr std::int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1

class Writer {
 public:
  explicit Writer(JsonIntegers integers, AmountUnits units = AmountUnits::minor)
      : integers_(integers), units_(units) {}

  void raw(std::string_view text) { out_.append(text); }
  void key(std::string_view name) {
    comma();
    append_json_string(out_, name);
    out_.push_back(':');
    fresh_ = true;
  }
  void open(char bracket) {
    comma();
    out_.push_back(bracket);
    fresh_ = true;
  }
  void close(char bracket) {
    out_.push_back(bracket);
    fresh_ = false;
  }
  void string(std::string_view text) {
    comma();
    append_json_string(out_, text);
  }
  void integer(std::int64_t value) {
    comma();
    const bool quoted = integers_ == JsonIntegers::strings_above_2_53 &&
                        (value > kMaxSafeInteger || value < -kMaxSafeInteger);
    if (quoted) out_.push_back('"');
    out_.append(std::to_string(value));
    if (quoted) out_.push_back('"');
  }
  // An amount of `currency`: an integer of minor units, or with --units major
  // the exact decimal (a JSON number such as 12.34, written from the digits).
  void money(std::int64_t value, std::string_view currency) {
    if (units_ == AmountUnits::minor) return integer(value);
    comma();
    out_.append(format_minor_units(value, currency_exponent(currency).value_or(2)));
  }
  void unsigned_integer(std::uint64_t value) {
    integer(static_cast<std::int64_t>(value > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX
                                                                                     : value));
  }
  void boolean(bool value) {
    comma();
    out_.append(value ? "true" : "false");
  }
  void null() {
    comma();
    out_.append("null");
  }
  std::string take() { return std::move(out_); }

  void field(std::string_view name, std::int64_t value) { key(name), integer(value); }
  void field(std::string_view name, std::string_view value) { key(name), string(value); }
  void money_field(std::string_view name, std::int64_t value, std::string_view currency) {
    key(name), money(value, currency);
  }

 private:
  // Writes the separating comma unless this is the first item in its container.
  void comma() {
    if (!fresh_) out_.push_back(',');
    fresh_ = false;
  }
  JsonIntegers integers_;
  AmountUnits units_;
  std::string out_;
  bool fresh_ = true;
};

void write_amounts(Writer& w, const Amounts& a, std::string_view currency) {
  w.field("charges", a.charges);
  w.money_field("gross", a.gross, currency);
  w.money_field("refunds", a.refunds, currency);
  w.money_field("disputes", a.disputes, currency);
  w.money_field("other", a.other, currency);
  w.money_field("fees", a.fees, currency);
  w.money_field("net", a.net, currency);
}

void write_error(Writer& w, const ParseError& e) {
  w.open('{');
  w.field("code", e.code);
  w.field("message", e.message);
  w.key("byte_offset");
  w.unsigned_integer(e.byte_offset);
  w.key("line");
  w.unsigned_integer(e.line);
  w.field("object_id", e.object_id);
  w.field("field", e.field);
  w.close('}');
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

std::string parse_error_to_json(const ParseError& error) {
  Writer w(JsonIntegers::exact);
  write_error(w, error);
  return w.take();
}

std::string report_to_json(const ReportResult& r, JsonIntegers integers, AmountUnits units) {
  Writer w(integers, units);
  w.open('{');
  w.field("timezone", r.timezone);
  w.field("period", r.period);
  w.field("week_start", r.week_start);
  w.field("basis", r.basis);
  w.key("from");
  r.from ? w.string(format_utc_instant(*r.from)) : w.null();
  w.key("to");
  r.to ? w.string(format_utc_instant(*r.to)) : w.null();
  w.key("currency");
  r.currency.empty() ? w.null() : w.string(r.currency);
  w.field("units", amount_units_name(units));

  w.key("rows");
  w.open('[');
  for (const auto& row : r.rows) {
    w.open('{');
    w.field("period_start", format_date(row.period_start));
    w.field("currency", row.currency);
    write_amounts(w, row.amounts, row.currency);
    w.close('}');
  }
  w.close(']');

  w.key("totals");
  w.open('[');
  for (const auto& total : r.totals) {
    w.open('{');
    w.field("currency", total.currency);
    write_amounts(w, total.amounts, total.currency);
    w.close('}');
  }
  w.close(']');

  w.key("charges");
  w.open('[');
  for (const auto& c : r.charges) {
    w.open('{');
    w.field("period_start", format_date(c.period_start));
    w.field("currency", c.currency);
    w.field("count", c.count);
    w.money_field("amount", c.amount, c.currency);
    w.money_field("amount_refunded", c.amount_refunded, c.currency);
    w.field("disputed", c.disputed);
    w.close('}');
  }
  w.close(']');

  for (const auto* list : {&r.refunds, &r.payouts}) {
    w.key(list == &r.refunds ? "refunds" : "payouts");
    w.open('[');
    for (const auto& row : *list) {
      w.open('{');
      w.field(list == &r.refunds ? "period_start" : "arrival_period_start",
              format_date(row.period_start));
      w.field("currency", row.currency);
      w.field("count", row.count);
      w.money_field("amount", row.amount, row.currency);
      w.close('}');
    }
    w.close(']');
  }

  const ReportCounts& n = r.counts;
  w.key("counts");
  w.open('{');
  const std::pair<const char*, std::uint64_t> counts[] = {
      {"balance_transactions", n.balance_transactions}, {"included", n.included},
      {"excluded", n.excluded}, {"filtered_out", n.filtered_out},
      {"duplicates", n.duplicates}, {"charges", n.charges}, {"refunds", n.refunds},
      {"payouts", n.payouts}, {"ignored_objects", n.ignored_objects}};
  for (const auto& [name, value] : counts) {
    w.key(name);
    w.unsigned_integer(value);
  }
  w.close('}');

  w.key("checks");
  w.open('{');
  w.key("invariant_ok");
  w.boolean(r.invariant_ok);
  w.key("mismatch_count");
  w.unsigned_integer(r.mismatch_count);
  w.key("mismatches");
  w.open('[');
  for (const auto& m : r.mismatches) {
    w.open('{');
    w.field("id", m.id);
    w.field("currency", m.currency);
    w.money_field("amount", m.amount, m.currency);
    w.money_field("fee", m.fee, m.currency);
    w.money_field("net", m.net, m.currency);
    w.close('}');
  }
  w.close(']');
  w.close('}');

  if (r.error) {
    w.key("error");
    write_error(w, *r.error);
  }
  w.close('}');
  return w.take();
}

}  // namespace stripe_report
