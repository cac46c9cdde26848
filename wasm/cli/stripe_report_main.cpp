// stripe-report: the weekly sales report from Stripe exports, natively.
// Reads each file in fixed-size chunks through the same Reporter as the wasm
// module, so memory stays flat whatever the input size.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "report_text.h"
#include "stripe_report/currency.h"
#include "stripe_report/report_json.h"
#include "stripe_report/reporter.h"
#include "stripe_report/time_zone_files.h"
#include "stripe_report/version.h"

namespace {

// Exit codes (also in --help).
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;  // malformed data: the error names file, byte, field, object
constexpr int kExitUsage = 2;     // bad options
constexpr int kExitIo = 3;        // a file or the time zone could not be read
constexpr int kExitNoTransactions = 4;  // read fine, but no balance transaction in it

constexpr std::size_t kChunkBytes = 1 << 20;

void print_usage(std::FILE* out) {
  std::fputs(
      "Usage: stripe-report [options] FILE...\n"
      "\n"
      "Aggregates Stripe balance transactions (and charges, refunds, payouts) into\n"
      "a sales report per period and currency: gross, refunds, disputes, other,\n"
      "fees and net. Each FILE (or - for stdin) may be a Stripe list response, a\n"
      "JSON array, NDJSON, or the itemized balance CSV export; the format is\n"
      "detected from the content. An object seen twice (same id, e.g. overlapping\n"
      "pages) counts once.\n"
      "\n"
      "Columns, by the balance transaction's reporting_category (or, when it is\n"
      "absent, the category Stripe's documented mapping gives its type):\n"
      "  gross     charge (count in `charges`), partial_capture_reversal (the\n"
      "            uncaptured part of an authorization: it lowers gross, no refund)\n"
      "  refunds   refund, refund_failure\n"
      "  disputes  dispute, dispute_reversal\n"
      "  fees      the fee of every transaction, and the amounts of fee,\n"
      "            network_cost and tax (tax on Stripe's fees); Stripe's balance\n"
      "            report lists the last three as rows of their own\n"
      "  other     every other category (other_adjustment, platform_earning, ...)\n"
      "  left out  payout, payout_reversal, transfer, transfer_reversal, topup,\n"
      "            topup_reversal, payout_minimum_balance_hold/_release: money\n"
      "            movements, not sales (Stripe's balance report shows payouts apart)\n"
      "  net       the net of every transaction in the columns above\n"
      "\n"
      "Options:\n"
      "  --tz ZONE            IANA time zone for periods (default UTC), e.g. Europe/Berlin\n"
      "  --period P           day | week | month (default week)\n"
      "  --week-start D       monday | sunday (default monday)\n"
      "  --basis B            created | available_on (default created)\n"
      "  --from T             only transactions at or after T (YYYY-MM-DD local date,\n"
      "                       RFC 3339 instant, or Unix seconds)\n"
      "  --to T               only transactions before T\n"
      "  --currency C         only this currency (e.g. eur)\n"
      "  --format F           json | csv | table (default table)\n"
      "  --units U            major | minor: decimal amounts (12.34, as in Stripe's CSV\n"
      "                       exports) or integer minor units (1234, as in Stripe's API).\n"
      "                       Default: major for csv and table, minor for json; the\n"
      "                       output says which (csv column `units`, table title, json\n"
      "                       member \"units\")\n"
      "  --help               show this help\n"
      "  --version            print the version\n"
      "\n"
      "Exit codes:\n"
      "  0  report written\n"
      "  1  bad input data (the message gives file, byte offset, line, object id, field;\n"
      "     --format json still prints the report so far with an \"error\" member)\n"
      "  2  bad command line\n"
      "  3  a file or the time zone could not be read\n"
      "  4  no balance transactions in the input (an empty file, a charges-only export,\n"
      "     a /v1/customers list, ...): the message says what the input held\n"
      "\n"
      "Files that are no Stripe export are named (exit 1): gzip-compressed files,\n"
      "HTML pages, and Stripe API error responses.\n",
      out);
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "stripe-report: %s\n(see stripe-report --help)\n", message.c_str());
  return kExitUsage;
}

struct CommandLine {
  std::string zone = "UTC";
  std::string period = "week";
  std::string week_start = "monday";
  std::string basis = "created";
  std::string from, to, currency;
  std::string format = "table";
  std::string units;  // empty: by format
  std::vector<std::string> files;
};

// Reads one input through the reporter; false on an I/O error (message printed).
bool feed_file(stripe_report::Reporter& reporter, const std::string& path,
               std::vector<char>& buffer) {
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    std::fprintf(stderr, "stripe-report: cannot open %s: %s\n", path.c_str(),
                 std::strerror(errno));
    return false;
  }
  reporter.feed({});  // an input, even when the file is empty
  bool io_ok = true;
  while (true) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file);
    if (n > 0 && !reporter.feed(std::string_view(buffer.data(), n))) break;
    if (n < buffer.size()) {
      if (std::ferror(file)) {
        std::fprintf(stderr, "stripe-report: cannot read %s: %s\n", path.c_str(),
                     std::strerror(errno));
        io_ok = false;
      }
      break;
    }
  }
  if (file != stdin) std::fclose(file);
  if (io_ok) reporter.end_input();
  return io_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CommandLine cl;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return kExitOk;
    }
    if (arg == "--version") {
      std::printf("stripe-report %s\n", stripe_report::kVersion);
      return kExitOk;
    }
    std::string* target = arg == "--tz"           ? &cl.zone
                         : arg == "--period"     ? &cl.period
                         : arg == "--week-start" ? &cl.week_start
                         : arg == "--basis"      ? &cl.basis
                         : arg == "--from"       ? &cl.from
                         : arg == "--to"         ? &cl.to
                         : arg == "--currency"   ? &cl.currency
                         : arg == "--format"     ? &cl.format
                         : arg == "--units"      ? &cl.units
                                                 : nullptr;
    if (target != nullptr) {
      if (i + 1 >= argc) return usage_error("option " + std::string(arg) + " needs a value");
      *target = argv[++i];
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage_error("unknown option " + std::string(arg));
    } else {
      cl.files.emplace_back(arg);
    }
  }
  if (cl.files.empty()) return usage_error("no input FILE given (use - for stdin)");

  stripe_report::ReportOptions options;
  const auto period = stripe_report::parse_period(cl.period);
  const auto week_start = stripe_report::parse_week_start(cl.week_start);
  const auto basis = stripe_report::parse_basis(cl.basis);
  if (!period) return usage_error("--period must be day, week or month, not \"" + cl.period + "\"");
  if (!week_start) {
    return usage_error("--week-start must be monday or sunday, not \"" + cl.week_start + "\"");
  }
  if (!basis) {
    return usage_error("--basis must be created or available_on, not \"" + cl.basis + "\"");
  }
  if (cl.format != "json" && cl.format != "csv" && cl.format != "table") {
    return usage_error("--format must be json, csv or table, not \"" + cl.format + "\"");
  }
  if (cl.units.empty()) cl.units = cl.format == "json" ? "minor" : "major";
  const auto units = stripe_report::parse_amount_units(cl.units);
  if (!units) return usage_error("--units must be major or minor, not \"" + cl.units + "\"");
  if (!cl.currency.empty() && !stripe_report::currency_exponent(cl.currency)) {
    return usage_error("--currency must be a lower-case ISO 4217 code, not \"" + cl.currency +
                       "\"");
  }
  if (!stripe_report::is_valid_zone_name(cl.zone)) {
    return usage_error("--tz \"" + cl.zone + "\" is not a time zone name");
  }
  std::string zone_error;
  auto zone = stripe_report::load_system_time_zone(cl.zone, &zone_error);
  if (!zone) {
    std::fprintf(stderr, "stripe-report: %s\n", zone_error.c_str());
    return kExitIo;
  }
  options.zone = *zone;
  options.period = *period;
  options.week_start = *week_start;
  options.basis = *basis;
  options.currency = cl.currency;
  for (auto [text, slot, name] : {std::tuple{&cl.from, &options.from, "--from"},
                                  std::tuple{&cl.to, &options.to, "--to"}}) {
    if (text->empty()) continue;
    *slot = stripe_report::parse_instant(*text, options.zone);
    if (!*slot) {
      return usage_error(std::string(name) + " \"" + *text +
                         "\" is not a date (YYYY-MM-DD), an RFC 3339 instant or Unix seconds");
    }
  }

  stripe_report::Reporter reporter(options);
  std::vector<char> buffer(kChunkBytes);
  std::string failed_file;
  for (const auto& file : cl.files) {
    if (!feed_file(reporter, file, buffer)) return kExitIo;
    if (reporter.error()) {
      failed_file = file;
      break;
    }
  }
  const stripe_report::ReportResult report = reporter.finish();

  const bool nothing = report.error && report.error->code == "no_balance_transactions";
  if (nothing) {
    std::fprintf(stderr, "stripe-report: %s [%s]\n", report.error->message.c_str(),
                 report.error->code.c_str());
  } else if (report.error) {
    const auto& e = *report.error;
    std::fprintf(stderr, "stripe-report: %s: byte %llu", failed_file.c_str(),
                 static_cast<unsigned long long>(e.byte_offset));
    if (e.line != 0) std::fprintf(stderr, ", line %llu", static_cast<unsigned long long>(e.line));
    std::fprintf(stderr, ": %s [%s]\n", e.message.c_str(), e.code.c_str());
  }
  std::string output;
  if (cl.format == "json") {
    output = stripe_report::report_to_json(report, stripe_report::JsonIntegers::exact, *units);
    output.push_back('\n');
  } else if (!report.error) {
    output = cl.format == "csv" ? stripe_report::report_to_csv(report, *units)
                                : stripe_report::report_to_table(report, *units);
  }
  std::fwrite(output.data(), 1, output.size(), stdout);
  if (std::fflush(stdout) != 0) return kExitIo;
  return nothing ? kExitNoTransactions : report.error ? kExitBadInput : kExitOk;
}
