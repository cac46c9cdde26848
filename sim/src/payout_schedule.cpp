#include "stripe_sim/payout_schedule.h"

#include <array>
#include <string>

#include "stripe_sim/stripe_error.h"

namespace stripe_sim {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays{"monday", "tuesday", "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};

std::optional<int> weekday_index(std::string_view name) {
  for (std::size_t i = 0; i < kWeekdays.size(); ++i)
    if (kWeekdays[i] == name) return static_cast<int>(i);
  return std::nullopt;
}

// 0 = Monday for the day starting at `day` (1970-01-01 was a Thursday).
int weekday_of(std::int64_t day) {
  const std::int64_t days = day / kDaySeconds;
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

}  // namespace

std::int64_t day_start(std::int64_t time) {
  const std::int64_t days = time / kDaySeconds - (time % kDaySeconds < 0 ? 1 : 0);
  return days * kDaySeconds;
}

std::optional<PayoutSchedule> parse_payout_schedule(std::string_view text, std::int64_t delay_days) {
  PayoutSchedule schedule{.delay_days = delay_days};
  if (text == "daily") return schedule;
  if (text == "manual") {
    schedule.interval = PayoutInterval::manual;
    return schedule;
  }
  if (!text.starts_with("weekly")) return std::nullopt;
  schedule.interval = PayoutInterval::weekly;
  text.remove_prefix(6);
  if (text.empty()) return schedule;
  if (text.front() != ':') return std::nullopt;
  auto anchor = weekday_index(text.substr(1));
  if (!anchor) return std::nullopt;
  schedule.weekly_anchor = *anchor;
  return schedule;
}

nlohmann::json payout_schedule_json(const PayoutSchedule& schedule) {
  static constexpr std::array<const char*, 3> kIntervals{"manual", "daily", "weekly"};
  nlohmann::json json = {{"delay_days", schedule.delay_days},
                         {"interval", kIntervals[static_cast<std::size_t>(schedule.interval)]}};
  if (schedule.interval == PayoutInterval::weekly) {
    json["weekly_anchor"] = kWeekdays[static_cast<std::size_t>(schedule.weekly_anchor)];
  }
  return json;
}

PayoutSchedule updated_payout_schedule(PayoutSchedule schedule, const nlohmann::json& body) {
  if (!body.is_object()) throw invalid_request("The body must be a JSON object.");
  for (const auto& [key, value] : body.items()) {
    if (key == "interval") {
      if (value == "daily") schedule.interval = PayoutInterval::daily;
      else if (value == "weekly") schedule.interval = PayoutInterval::weekly;
      else if (value == "manual") schedule.interval = PayoutInterval::manual;
      else throw invalid_request("interval must be daily, weekly or manual.", "interval");
    } else if (key == "weekly_anchor") {
      const auto anchor = value.is_string() ? weekday_index(value.get<std::string>()) : std::nullopt;
      if (!anchor) throw invalid_request("weekly_anchor must be a weekday name, e.g. monday.", "weekly_anchor");
      schedule.weekly_anchor = *anchor;
    } else if (key == "delay_days") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 30) {
        throw invalid_request("delay_days must be an integer from 0 to 30.", "delay_days");
      }
      schedule.delay_days = value.get<std::int64_t>();
    } else {
      throw invalid_request("Unknown field " + key + ".", key);
    }
  }
  return schedule;
}

std::optional<std::int64_t> next_payout_time(const PayoutSchedule& schedule, std::int64_t after) {
  if (schedule.interval == PayoutInterval::manual) return std::nullopt;
  std::int64_t day = day_start(after) + kDaySeconds;
  if (schedule.interval == PayoutInterval::daily) return day;
  const int ahead = ((schedule.weekly_anchor - weekday_of(day)) % 7 + 7) % 7;
  return day + ahead * kDaySeconds;
}

std::int64_t payout_arrival_date(std::int64_t created) { return day_start(created) + kDaySeconds; }

std::string_view payout_status_at(std::int64_t created, std::int64_t arrival_date, std::int64_t now) {
  if (now >= arrival_date) return "paid";
  return now < created + kPayoutSubmitSeconds ? "pending" : "in_transit";
}

}  // namespace stripe_sim
