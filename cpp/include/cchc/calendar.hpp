// The Vietnamese working calendar: lunar calendar (for Tết and Hùng Kings' day),
// public holidays versioned by the Labour Code in force, and working-time arithmetic
// on days and on minutes in Vietnam local time (UTC+7, no DST).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cchc/date.hpp"

namespace cchc {

// ---------------------------------------------------------------------------
// Lunar calendar (Ho Ngoc Duc's astronomical algorithm, time zone UTC+7).
// Vietnam uses UTC+7 and China UTC+8, so the calendars differ in some years
// (e.g. Tết 1985: 21 Jan in Vietnam, 20 Feb in China).

/// Gregorian years for which lunar conversion (hence holidays) is supported.
inline constexpr int kCalendarMinYear = 1900;
inline constexpr int kCalendarMaxYear = 2199;

struct LunarDate {
    int year = 0;   ///< lunar year, numbered by the Gregorian year in which its month 1 starts
    int month = 0;  ///< 1..12
    int day = 0;    ///< 1..30
    bool leap = false;  ///< the intercalary (nhuận) repetition of `month`
    friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

/// Throws std::out_of_range outside [kCalendarMinYear, kCalendarMaxYear].
LunarDate solar_to_lunar(Date d);

/// kNoDate if the lunar date does not exist (no such leap month, day 30 of a
/// 29-day month, bad month/day). Throws std::out_of_range outside the supported years.
Date lunar_to_solar(int lunar_year, int month, int day, bool leap = false);

/// Tết Nguyên đán (1st day of the 1st lunar month) of the lunar year starting in `year`.
Date tet_date(int year);

/// The leap month of a lunar year (the month it repeats), 0 when none.
int lunar_leap_month(int lunar_year);

/// 29 or 30; 0 when the month does not exist.
int lunar_month_length(int lunar_year, int month, bool leap = false);

// ---------------------------------------------------------------------------
// Public holidays.
//
// Versions (by the date of the holiday):
//  * before 2013-05-01, Labour Code 1994 (as amended): New Year, Tết 4 days,
//    Hùng Kings' day from 2007, 30 April, 1 May, 2 September (1 day);
//  * 2013-05-01 .. 2020-12-31, Labour Code 2012 art. 115: Tết 5 days;
//  * from 2021-01-01, Labour Code 2019 art. 112: 2 September plus 1 or 3 September.
// Weekly rest days are Saturday and Sunday (civil servants). A holiday on a rest
// day gives a compensatory day off on the next working day (LC 2019 art. 111(3)).
// The government fixes the exact Tết days and the 2-September companion day each
// year, and sometimes swaps a bridge day for a make-up Saturday: those come from
// per-year choices and overrides (data), with a small built-in table of announced
// schedules (see `builtin_schedule`).

enum class HolidayKind : std::uint8_t {
    new_year,
    tet,
    hung_kings,
    victory_day,  ///< 30 April
    labour_day,   ///< 1 May
    national_day, ///< 2 September and its companion day
    compensatory, ///< nghỉ bù for a holiday on a weekly rest day
    override_off, ///< a day off from overrides (bridge day of a swap, one-off holiday)
};

struct Holiday {
    Date date = kNoDate;
    HolidayKind kind = HolidayKind::new_year;
    std::string name_vi;
    std::string name_en;
};

/// A per-date exception: `working = false` forces a day off (named `name`),
/// A per-year choice: `value` for Gregorian `year`.
struct YearChoice {
    int year = 0;
    int value = 0;
};

struct HolidayRules {
    /// Companion day of 2 September from 2021: 1 or 3 (September). Unknown years use this.
    int national_day_adjacent = 1;
    std::vector<YearChoice> national_day_adjacent_by_year;
    /// How many Tết holidays fall at the end of the old lunar year (the rest start at
    /// Tết). 1 = last day of the year + first 4 days of the new year.
    int tet_days_before = 1;
    std::vector<YearChoice> tet_days_before_by_year;
    /// Apply the built-in table of announced schedules (`builtin_schedule_choices`,
    /// `builtin_schedule_overrides`); the choices and overrides above take precedence.
    bool builtin_schedule = true;
    std::vector<CalendarOverride> overrides;
};

/// Built-in announced choices, 2019-2026: Tết days before Tết and 2-September companion days.
const std::vector<YearChoice>& builtin_tet_days_before();
const std::vector<YearChoice>& builtin_national_day_adjacent();
/// Built-in announced day swaps (bridge day off + make-up working Saturday).
const std::vector<CalendarOverride>& builtin_schedule_overrides();

/// Days off of Gregorian `year` other than ordinary weekends, sorted by date:
/// statutory holidays (including those on a weekend), compensatory days and
/// override days off. A day forced to working by an override is not listed.
std::vector<Holiday> public_holidays(int year, const HolidayRules& rules = {});

/// Make-up working days (overrides with working = true) in `year`, sorted.
std::vector<Date> make_up_working_days(int year, const HolidayRules& rules = {});

// ---------------------------------------------------------------------------
// Working calendar.

/// Minutes since 1970-01-01 00:00 Vietnam local time (UTC+7, no DST).
using Minutes = std::int64_t;

inline constexpr Minutes kMinutesPerDay = 1440;

constexpr Minutes make_minutes(Date d, int hour, int minute) {
    return static_cast<Minutes>(d) * kMinutesPerDay + hour * 60 + minute;
}
constexpr Date day_of(Minutes t) {
    return static_cast<Date>(t >= 0 ? t / kMinutesPerDay : -((-t + kMinutesPerDay - 1) / kMinutesPerDay));
}
constexpr int minute_of_day(Minutes t) {
    return static_cast<int>(t - static_cast<Minutes>(day_of(t)) * kMinutesPerDay);
}

/// Office time [start, end) in minutes after midnight.
struct TimeSegment {
    int start = 0;
    int end = 0;
};

struct CalendarConfig {
    std::vector<TimeSegment> office_hours{{7 * 60, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}};
    /// Saturday-morning sessions (some one-stop desks): office time for hour
    /// arithmetic and queues, but not a working day for deadlines in days.
    bool saturday_morning = false;
    std::vector<TimeSegment> saturday_hours{{7 * 60 + 30, 11 * 60 + 30}};
    HolidayRules holidays;
    /// Years precomputed for O(1)/O(log n) queries; outside them queries stay
    /// correct but cost time linear in the days visited.
    int first_year = 2000;
    int last_year = 2050;
};

/// Immutable after construction; all member functions are const and thread-safe.
/// Queries touching years outside kCalendarMinYear..kCalendarMaxYear throw std::out_of_range.
class WorkingCalendar {
public:
    /// Throws std::invalid_argument for malformed hours, rules or year range.
    explicit WorkingCalendar(CalendarConfig config = {});

    const CalendarConfig& config() const { return config_; }

    // --- days. A working day is Monday-Friday that is not a day off, or a make-up day.
    bool is_working_day(Date d) const;
    /// A listed day off (see public_holidays), whatever its weekday.
    bool is_holiday(Date d) const;
    std::vector<Holiday> holidays(int year) const;
    /// n > 0: the n-th working day strictly after d; n < 0: the |n|-th strictly
    /// before d; n = 0: d. So count_working_days(d + 1, r + 1) == n for n >= 0 and
    /// count_working_days(r, d) == -n for n < 0.
    Date add_working_days(Date d, int n) const;
    /// First working day >= d.
    Date next_working_day(Date d) const;
    /// Working days in the half-open range [from, to); negative when to < from.
    std::int64_t count_working_days(Date from, Date to) const;

    // --- minutes (Vietnam local time)
    /// Office minutes available on day d (0 on days off).
    int office_minutes(Date d) const;
    bool is_working_time(Minutes t) const;
    /// Earliest instant >= t inside office time.
    Minutes next_working_time(Minutes t) const;
    /// m >= 0: earliest instant when m office minutes after t have elapsed (work
    /// finishing exactly at a session end ends there, e.g. Friday 17:00);
    /// m < 0: latest instant with |m| office minutes between it and t.
    Minutes add_working_minutes(Minutes t, std::int64_t m) const;
    /// Office minutes in [a, b); negative when b < a.
    std::int64_t working_minutes_between(Minutes a, Minutes b) const;
    /// Statutory deadline for a dossier received at `receipt` with n working days
    /// (n >= 0): the end of office hours of the n-th working day after the day of
    /// receipt (n = 0: of the first working day >= that day). Receipt time within
    /// the day does not matter (appointment date rule of the one-stop mechanism).
    Minutes deadline_after_working_days(Minutes receipt, int n) const;

private:
    enum : std::uint8_t { kOff = 0, kWeekday = 1, kSaturday = 2 };
    class DaySource;

    std::vector<std::uint8_t> year_kinds(int year) const;
    std::uint8_t kind_slow(Date d) const;
    std::int64_t sum_days(Date from, Date to, bool minutes) const;
    int within(std::uint8_t kind, int minute) const;
    int pos_forward(std::uint8_t kind, int w) const;
    int pos_backward(std::uint8_t kind, int w) const;
    bool in_range(Date d) const { return d >= r0_ && d < r1_; }

    CalendarConfig config_;
    std::vector<TimeSegment> segs_[3];
    int total_[3] = {0, 0, 0};
    Date r0_ = 0;  // first precomputed day
    Date r1_ = 0;  // one past the last
    std::vector<std::uint8_t> kind_;         // per day in range
    std::vector<std::int32_t> cum_days_;     // working days in [r0_, r0_ + i)
    std::vector<std::int64_t> cum_min_;      // office minutes in [r0_, r0_ + i)
    std::vector<Date> work_dates_;           // the working days in range, ascending
    std::vector<std::vector<Holiday>> holidays_;  // per year in range
};

}  // namespace cchc
