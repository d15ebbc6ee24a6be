// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), the
// same epoch as numpy's datetime64[D], so date columns cross to Python as-is.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace cchc {

using Date = std::int32_t;

/// Sentinel for "no date" (open validity end, unknown date). Maps to NaT.
inline constexpr Date kNoDate = std::numeric_limits<Date>::min();

constexpr Date make_date(int year, unsigned month, unsigned day) {
    using namespace std::chrono;
    return static_cast<Date>(sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}}
                                 .time_since_epoch()
                                 .count());
}

constexpr std::chrono::year_month_day to_ymd(Date d) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d}}};
}

/// The dates a model holds (parse_date's years 1900..2200): every reader's output is checked
/// against them (check_tables), so a forged snapshot cannot bring in day 2'000'000'000.
inline constexpr Date kFirstDate = make_date(1900, 1, 1);
inline constexpr Date kLastDate = make_date(2200, 12, 31);

/// ISO weekday: Monday = 1 ... Sunday = 7.
constexpr unsigned iso_weekday(Date d) {
    return std::chrono::weekday{std::chrono::sys_days{std::chrono::days{d}}}.iso_encoding();
}

/// A day the government declared off (working = false) or working regardless
/// of the usual rules (a make-up Saturday), read from data.
struct CalendarOverride {
    Date date = kNoDate;
    bool working = false;
    std::string name;
};

/// Parses "YYYY-MM-DD" strictly (real calendar date, years 1900..2200).
std::optional<Date> parse_date(std::string_view text);

/// Formats as "YYYY-MM-DD"; kNoDate formats as "".
std::string format_date(Date d);

}  // namespace cchc
