// stripe-report: the weekly sales report from Stripe exports, natively.
#include <cstdio>
#include <cstring>

#include "stripe_report/version.h"

namespace {

void print_usage(std::FILE* out) {
  std::fputs(
      "Usage: stripe-report [options] FILE...\n"
      "\n"
      "Aggregate Stripe balance transactions into a sales report.\n"
      "\n"
      "  --help       show this help\n"
      "  --version    print the version\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0) {
      print_usage(stdout);
      return 0;
    }
    if (std::strcmp(argv[i], "--version") == 0) {
      std::printf("stripe-report %s\n", stripe_report::kVersion);
      return 0;
    }
  }
  print_usage(stderr);
  return 2;
}
