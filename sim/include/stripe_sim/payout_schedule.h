// When automatic payouts happen, as Stripe's account setting
// settings.payouts.schedule {interval, weekly_anchor, delay_days} describes it.
// Pure time arithmetic on Unix seconds (UTC), tested without a server.
//
// The simulator's model (documented in sim/README.md):
// - a payment's funds become available at 00:00 UTC `delay_days` days after it
//   (Stripe's standard for US accounts is 2);
// - at each payout time (00:00 UTC every day, or every `weekly_anchor` day),
//   one payout per currency takes every available, not yet paid out balance
//   transaction, when their net is positive;
// - a payout is `pending` for its first hour, `in_transit` until its
//   `arrival_date` (00:00 UTC the next day), then `paid` (or `failed`).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace stripe_sim {

enum class PayoutInterval { manual, daily, weekly };

struct PayoutSchedule {
  PayoutInterval interval = PayoutInterval::daily;
  int weekly_anchor = 0;        // 0 = Monday ... 6 = Sunday (weekly only)
  std::int64_t delay_days = 2;  // 0..30
};

inline constexpr std::int64_t kDaySeconds = 86400;
// A payout is submitted to the bank (pending -> in_transit) this long after it is made.
inline constexpr std::int64_t kPayoutSubmitSeconds = 3600;

// "daily", "weekly" (Mondays), "weekly:friday", "manual"; nullopt otherwise.
std::optional<PayoutSchedule> parse_payout_schedule(std::string_view text, std::int64_t delay_days);

// {"delay_days":2,"interval":"weekly","weekly_anchor":"friday"} (weekly_anchor only when weekly).
nlohmann::json payout_schedule_json(const PayoutSchedule& schedule);

// The schedule with the fields present in `body` changed (interval, weekly_anchor,
// delay_days); throws StripeError 400 naming a bad field, leaving nothing changed.
PayoutSchedule updated_payout_schedule(PayoutSchedule schedule, const nlohmann::json& body);

// The first payout time strictly after `after`; nullopt for manual payouts.
std::optional<std::int64_t> next_payout_time(const PayoutSchedule& schedule, std::int64_t after);

// 00:00 UTC of the day after `created`: when a payout made at `created` arrives.
std::int64_t payout_arrival_date(std::int64_t created);

// Live status of a payout that is not failed: pending, in_transit, paid.
std::string_view payout_status_at(std::int64_t created, std::int64_t arrival_date, std::int64_t now);

// 00:00 UTC of the day holding `time` (floor, also before 1970).
std::int64_t day_start(std::int64_t time);

}  // namespace stripe_sim
