#include "cchc/calendar.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace cchc;

namespace {

Date D(int y, unsigned m, unsigned d) { return make_date(y, m, d); }
Minutes T(int y, unsigned m, unsigned d, int hh, int mm) { return make_minutes(make_date(y, m, d), hh, mm); }

std::vector<Date> off_dates(const std::vector<Holiday>& hs) {
    std::vector<Date> out;
    for (const auto& h : hs) out.push_back(h.date);
    return out;
}

// Weekdays that are days off in [from, to].
std::vector<Date> weekdays_off(const WorkingCalendar& c, Date from, Date to) {
    std::vector<Date> out;
    for (Date d = from; d <= to; ++d)
        if (iso_weekday(d) <= 5 && !c.is_working_day(d)) out.push_back(d);
    return out;
}

CalendarConfig rules_only() {
    CalendarConfig cfg;
    cfg.holidays.builtin_schedule = false;
    return cfg;
}

}  // namespace

// ---------------------------------------------------------------------------
// Lunar calendar

TEST(calendar, tet_dates_in_vietnam) {
    const std::vector<std::pair<int, Date>> known{
        {1968, D(1968, 1, 29)},  // North Vietnam on UTC+7 (China and the South: 30 Jan)
        {1985, D(1985, 1, 21)},  // China: 20 Feb
        {2000, D(2000, 2, 5)},   {2001, D(2001, 1, 24)}, {2002, D(2002, 2, 12)}, {2003, D(2003, 2, 1)},
        {2004, D(2004, 1, 22)},  {2005, D(2005, 2, 9)},  {2006, D(2006, 1, 29)}, {2007, D(2007, 2, 17)},
        {2008, D(2008, 2, 7)},   {2009, D(2009, 1, 26)}, {2010, D(2010, 2, 14)}, {2011, D(2011, 2, 3)},
        {2012, D(2012, 1, 23)},  {2013, D(2013, 2, 10)}, {2014, D(2014, 1, 31)}, {2015, D(2015, 2, 19)},
        {2016, D(2016, 2, 8)},   {2017, D(2017, 1, 28)}, {2018, D(2018, 2, 16)}, {2019, D(2019, 2, 5)},
        {2020, D(2020, 1, 25)},  {2021, D(2021, 2, 12)}, {2022, D(2022, 2, 1)},  {2023, D(2023, 1, 22)},
        {2024, D(2024, 2, 10)},  {2025, D(2025, 1, 29)}, {2026, D(2026, 2, 17)}, {2027, D(2027, 2, 6)},
        {2028, D(2028, 1, 26)},  {2029, D(2029, 2, 13)},
        {2030, D(2030, 2, 2)},  // new moon ~23:07 UTC+7 on 2 Feb; China (UTC+8): 3 Feb
    };
    for (const auto& [year, date] : known) {
        EXPECT_EQ(tet_date(year), date) << year;
        EXPECT_EQ(solar_to_lunar(date), (LunarDate{year, 1, 1, false})) << year;
        // The day before Tết is the last day of the previous lunar year's 12th month.
        const LunarDate eve = solar_to_lunar(date - 1);
        EXPECT_EQ(eve.year, year - 1);
        EXPECT_EQ(eve.month, 12);
        EXPECT_TRUE(eve.day == 29 || eve.day == 30);
    }
}

TEST(calendar, hung_kings_day) {
    EXPECT_EQ(lunar_to_solar(2019, 3, 10), D(2019, 4, 14));
    EXPECT_EQ(lunar_to_solar(2020, 3, 10), D(2020, 4, 2));
    EXPECT_EQ(lunar_to_solar(2021, 3, 10), D(2021, 4, 21));
    EXPECT_EQ(lunar_to_solar(2022, 3, 10), D(2022, 4, 10));
    EXPECT_EQ(lunar_to_solar(2023, 3, 10), D(2023, 4, 29));  // after leap month 2
    EXPECT_EQ(lunar_to_solar(2024, 3, 10), D(2024, 4, 18));
    EXPECT_EQ(lunar_to_solar(2025, 3, 10), D(2025, 4, 7));
}

TEST(calendar, mid_autumn_and_leap_months) {
    EXPECT_EQ(lunar_to_solar(2023, 8, 15), D(2023, 9, 29));
    EXPECT_EQ(lunar_to_solar(2024, 8, 15), D(2024, 9, 17));
    EXPECT_EQ(lunar_to_solar(2025, 8, 15), D(2025, 10, 6));
    EXPECT_EQ(lunar_leap_month(2014), 9);
    EXPECT_EQ(lunar_leap_month(2017), 6);
    EXPECT_EQ(lunar_leap_month(2020), 4);
    EXPECT_EQ(lunar_leap_month(2023), 2);
    EXPECT_EQ(lunar_leap_month(2025), 6);
    EXPECT_EQ(lunar_leap_month(2021), 0);
    EXPECT_EQ(lunar_leap_month(2024), 0);
    // Leap month 4 of 2020 started on 23 May 2020.
    EXPECT_EQ(lunar_to_solar(2020, 4, 1, true), D(2020, 5, 23));
    EXPECT_EQ(solar_to_lunar(D(2020, 5, 23)), (LunarDate{2020, 4, 1, true}));
    EXPECT_EQ(lunar_to_solar(2021, 4, 1, true), kNoDate);  // 2021 has no leap month
    EXPECT_EQ(lunar_month_length(2021, 4, true), 0);
}

TEST(calendar, lunar_round_trip_every_day) {
    for (Date d = D(1950, 1, 1); d < D(2101, 1, 1); ++d) {
        const LunarDate l = solar_to_lunar(d);
        ASSERT_GE(l.day, 1);
        ASSERT_LE(l.day, lunar_month_length(l.year, l.month, l.leap));
        ASSERT_EQ(lunar_to_solar(l.year, l.month, l.day, l.leap), d) << format_date(d);
    }
    // Days where the mean-lunation estimate is one lunation off.
    for (Date d : {D(2054, 5, 7), D(2062, 4, 9)}) {
        EXPECT_EQ(solar_to_lunar(d).day, 30);
        EXPECT_EQ(solar_to_lunar(d + 1).day, 1);
    }
    EXPECT_EQ(lunar_to_solar(2024, 13, 1), kNoDate);
    EXPECT_EQ(lunar_to_solar(2024, 1, 0), kNoDate);
    EXPECT_THROW(solar_to_lunar(D(1899, 6, 1)), std::out_of_range);
    EXPECT_THROW(tet_date(2300), std::out_of_range);
}

// ---------------------------------------------------------------------------
// Holidays

TEST(calendar, holidays_2021_with_announced_schedule) {
    const auto hs = public_holidays(2021);
    const std::vector<Date> expected{
        D(2021, 1, 1),
        D(2021, 2, 10), D(2021, 2, 11), D(2021, 2, 12), D(2021, 2, 13), D(2021, 2, 14),  // 29 Chạp .. mùng 3
        D(2021, 2, 15), D(2021, 2, 16),  // compensatory for Sat 13 and Sun 14
        D(2021, 4, 21),                  // Hùng Kings
        D(2021, 4, 30), D(2021, 5, 1),
        D(2021, 5, 3),                   // compensatory for Sat 1 May
        D(2021, 9, 2), D(2021, 9, 3),    // National Day + adjacent 3 Sep
    };
    EXPECT_EQ(off_dates(hs), expected);
    EXPECT_EQ(hs[8].kind, HolidayKind::hung_kings);
    EXPECT_EQ(hs[8].name_vi, "Giỗ Tổ Hùng Vương");
    EXPECT_EQ(hs[11].kind, HolidayKind::compensatory);
    EXPECT_EQ(hs[13].kind, HolidayKind::national_day);
    EXPECT_EQ(hs[13].name_en, "National Day");
}

TEST(calendar, tet_default_rule_is_last_day_plus_four) {
    HolidayRules r;
    r.builtin_schedule = false;
    // Tết 2021 on Friday 12 Feb: 11 (last day), 12, 13 Sat, 14 Sun, 15 -> compensatory 16, 17.
    const auto hs = public_holidays(2021, r);
    std::vector<Date> tet;
    for (const auto& h : hs)
        if (h.date >= D(2021, 2, 1) && h.date < D(2021, 3, 1)) tet.push_back(h.date);
    EXPECT_EQ(tet, (std::vector<Date>{D(2021, 2, 11), D(2021, 2, 12), D(2021, 2, 13), D(2021, 2, 14),
                                      D(2021, 2, 15), D(2021, 2, 16), D(2021, 2, 17)}));
    // A per-year choice reproduces the announced 10-16 Feb.
    r.tet_days_before_by_year = {{2021, 2}};
    WorkingCalendar c([&] {
        CalendarConfig cfg;
        cfg.holidays = r;
        return cfg;
    }());
    EXPECT_EQ(weekdays_off(c, D(2021, 2, 1), D(2021, 2, 28)),
              (std::vector<Date>{D(2021, 2, 10), D(2021, 2, 11), D(2021, 2, 12), D(2021, 2, 15), D(2021, 2, 16)}));
}

TEST(calendar, announced_tet_breaks) {
    WorkingCalendar c;
    // Weekdays off around Tết, from the announced schedules.
    EXPECT_EQ(weekdays_off(c, D(2020, 1, 15), D(2020, 2, 15)),
              (std::vector<Date>{D(2020, 1, 23), D(2020, 1, 24), D(2020, 1, 27), D(2020, 1, 28), D(2020, 1, 29)}));
    EXPECT_EQ(weekdays_off(c, D(2022, 1, 20), D(2022, 2, 20)),
              (std::vector<Date>{D(2022, 1, 31), D(2022, 2, 1), D(2022, 2, 2), D(2022, 2, 3), D(2022, 2, 4)}));
    EXPECT_EQ(weekdays_off(c, D(2023, 1, 10), D(2023, 2, 10)),
              (std::vector<Date>{D(2023, 1, 20), D(2023, 1, 23), D(2023, 1, 24), D(2023, 1, 25), D(2023, 1, 26)}));
    EXPECT_EQ(weekdays_off(c, D(2024, 2, 1), D(2024, 2, 29)),
              (std::vector<Date>{D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14)}));
    EXPECT_EQ(weekdays_off(c, D(2025, 1, 15), D(2025, 2, 15)),
              (std::vector<Date>{D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)}));
    EXPECT_EQ(weekdays_off(c, D(2026, 2, 1), D(2026, 2, 28)),
              (std::vector<Date>{D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)}));
}

TEST(calendar, labour_code_versions) {
    HolidayRules r;
    r.builtin_schedule = false;
    // 2012: Labour Code 1994 as amended: Tết 4 days (last day + 3), 2 Sep alone.
    auto hs = public_holidays(2012, r);
    int tet = 0, national = 0;
    for (const auto& h : hs) {
        tet += h.kind == HolidayKind::tet;
        national += h.kind == HolidayKind::national_day;
    }
    EXPECT_EQ(tet, 4);
    EXPECT_EQ(national, 1);
    // 2020: Labour Code 2012: Tết 5 days, 2 Sep alone (Wednesday).
    hs = public_holidays(2020, r);
    tet = national = 0;
    for (const auto& h : hs) {
        tet += h.kind == HolidayKind::tet;
        national += h.kind == HolidayKind::national_day;
    }
    EXPECT_EQ(tet, 5);
    EXPECT_EQ(national, 1);
    // 2006: no Hùng Kings' day yet; 2007: first year.
    auto has_hung = [&](int y) {
        for (const auto& h : public_holidays(y, r))
            if (h.kind == HolidayKind::hung_kings) return true;
        return false;
    };
    EXPECT_FALSE(has_hung(2006));
    EXPECT_TRUE(has_hung(2007));
}

TEST(calendar, national_day_adjacent_from_2021) {
    WorkingCalendar c;
    EXPECT_EQ(weekdays_off(c, D(2021, 8, 25), D(2021, 9, 10)), (std::vector<Date>{D(2021, 9, 2), D(2021, 9, 3)}));
    EXPECT_EQ(weekdays_off(c, D(2022, 8, 25), D(2022, 9, 10)), (std::vector<Date>{D(2022, 9, 1), D(2022, 9, 2)}));
    // 2023: Fri 1 + Sat 2 Sep, compensatory Mon 4 Sep.
    EXPECT_EQ(weekdays_off(c, D(2023, 8, 25), D(2023, 9, 10)), (std::vector<Date>{D(2023, 9, 1), D(2023, 9, 4)}));
    EXPECT_EQ(weekdays_off(c, D(2024, 8, 25), D(2024, 9, 10)), (std::vector<Date>{D(2024, 9, 2), D(2024, 9, 3)}));
    EXPECT_EQ(weekdays_off(c, D(2025, 8, 25), D(2025, 9, 10)), (std::vector<Date>{D(2025, 9, 1), D(2025, 9, 2)}));
    // 2020 (Labour Code 2012): 2 Sep only.
    EXPECT_EQ(weekdays_off(c, D(2020, 8, 25), D(2020, 9, 10)), (std::vector<Date>{D(2020, 9, 2)}));
    // Unknown years use the default (1 Sep), overridable per year or globally.
    EXPECT_EQ(weekdays_off(c, D(2027, 8, 25), D(2027, 9, 10)), (std::vector<Date>{D(2027, 9, 1), D(2027, 9, 2)}));
    CalendarConfig cfg;
    cfg.holidays.national_day_adjacent = 3;
    cfg.holidays.national_day_adjacent_by_year = {{2022, 3}};
    WorkingCalendar c3(cfg);
    EXPECT_EQ(weekdays_off(c3, D(2027, 8, 25), D(2027, 9, 10)), (std::vector<Date>{D(2027, 9, 2), D(2027, 9, 3)}));
    // 2022 with 3 Sep (Saturday): compensatory Monday 5 Sep.
    EXPECT_EQ(weekdays_off(c3, D(2022, 8, 25), D(2022, 9, 10)), (std::vector<Date>{D(2022, 9, 2), D(2022, 9, 5)}));
}

TEST(calendar, compensatory_days) {
    WorkingCalendar c;
    // 2021: 1 May Saturday -> Monday 3 May off.
    EXPECT_FALSE(c.is_working_day(D(2021, 5, 3)));
    EXPECT_TRUE(c.is_working_day(D(2021, 5, 4)));
    // 2022: New Year Saturday -> Mon 3 Jan; Hùng Kings Sunday 10 Apr -> Mon 11 Apr;
    // 30 Apr Sat + 1 May Sun -> Mon 2 and Tue 3 May.
    EXPECT_FALSE(c.is_working_day(D(2022, 1, 3)));
    EXPECT_FALSE(c.is_working_day(D(2022, 4, 11)));
    EXPECT_EQ(weekdays_off(c, D(2022, 4, 25), D(2022, 5, 10)), (std::vector<Date>{D(2022, 5, 2), D(2022, 5, 3)}));
    // 2023: Hùng Kings Sat 29 Apr, 30 Apr Sun, 1 May Mon -> compensatory Tue 2, Wed 3 May.
    EXPECT_EQ(weekdays_off(c, D(2023, 4, 24), D(2023, 5, 10)),
              (std::vector<Date>{D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3)}));
    EXPECT_FALSE(c.is_working_day(D(2023, 1, 2)));  // New Year on Sunday
    const auto hs = c.holidays(2023);
    int comp = 0;
    for (const auto& h : hs) comp += h.kind == HolidayKind::compensatory;
    EXPECT_EQ(comp, 2 + 1 + 2 + 1);  // Tết (21 Sat, 22 Sun), New Year, 29 Apr + 30 Apr, 2 Sep
}

TEST(calendar, builtin_swaps_and_make_up_saturdays) {
    WorkingCalendar c;
    // 2024: Mon 29 Apr off, Sat 4 May worked.
    EXPECT_FALSE(c.is_working_day(D(2024, 4, 29)));
    EXPECT_TRUE(c.is_working_day(D(2024, 5, 4)));
    EXPECT_EQ(make_up_working_days(2024), (std::vector<Date>{D(2024, 5, 4)}));
    // 2025: Fri 2 May off, Sat 26 Apr worked.
    EXPECT_FALSE(c.is_working_day(D(2025, 5, 2)));
    EXPECT_TRUE(c.is_working_day(D(2025, 4, 26)));
    // A swap keeps the number of working days: 2024 April-May, with and without.
    WorkingCalendar plain(rules_only());
    EXPECT_EQ(c.count_working_days(D(2024, 4, 1), D(2024, 6, 1)), plain.count_working_days(D(2024, 4, 1), D(2024, 6, 1)));
}

// Every announced swap of the built-in schedule (docs/domain.md#calendar): the bridge day is
// off, the make-up Saturday is worked, and the year's make-up days are exactly those.
TEST(calendar, builtin_swaps_match_the_announcements) {
    WorkingCalendar c;
    WorkingCalendar plain(rules_only());
    // 2019 (letter 6519/VPCP-KGVX): Mon 31 Dec 2018 off, Sat 5 Jan worked; Mon 29 Apr off, Sat 4 May worked.
    EXPECT_FALSE(c.is_working_day(D(2018, 12, 31)));
    EXPECT_TRUE(plain.is_working_day(D(2018, 12, 31)));
    EXPECT_FALSE(c.is_working_day(D(2019, 4, 29)));
    EXPECT_TRUE(plain.is_working_day(D(2019, 4, 29)));
    EXPECT_TRUE(c.is_working_day(D(2019, 5, 4)));
    EXPECT_TRUE(c.is_working_day(D(2019, 1, 5)));
    EXPECT_EQ(make_up_working_days(2019), (std::vector<Date>{D(2019, 1, 5), D(2019, 5, 4)}));
    EXPECT_EQ(weekdays_off(c, D(2019, 4, 22), D(2019, 5, 10)),
              (std::vector<Date>{D(2019, 4, 29), D(2019, 4, 30), D(2019, 5, 1)}));
    // 2026: Fri 2 Jan off, Sat 10 Jan worked (12729/VPCP-KGVX); Mon 31 Aug off, Sat 22 Aug worked.
    EXPECT_FALSE(c.is_working_day(D(2026, 1, 2)));
    EXPECT_FALSE(c.is_working_day(D(2026, 8, 31)));
    EXPECT_EQ(make_up_working_days(2026), (std::vector<Date>{D(2026, 1, 10), D(2026, 8, 22)}));
    EXPECT_EQ(weekdays_off(c, D(2026, 8, 25), D(2026, 9, 10)),
              (std::vector<Date>{D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)}));
    // Years without an announced swap have no make-up day.
    for (int y : {2020, 2021, 2022, 2023}) EXPECT_TRUE(make_up_working_days(y).empty()) << y;
    EXPECT_EQ(make_up_working_days(2025), (std::vector<Date>{D(2025, 4, 26)}));
    // A swap keeps the number of working days (2019's first one spans the turn of the year).
    auto same_count = [&](Date from, Date to) {
        return c.count_working_days(from, to) == plain.count_working_days(from, to);
    };
    EXPECT_TRUE(same_count(D(2018, 12, 1), D(2020, 1, 1)));
    for (int y : {2024, 2025, 2026}) EXPECT_TRUE(same_count(D(y, 1, 1), D(y + 1, 1, 1))) << y;
}

TEST(calendar, data_overrides_force_days) {
    CalendarConfig cfg;
    // A bridge Monday off in exchange for a make-up Saturday; user overrides also
    // win over the built-in table (2024-05-04 back to a rest day).
    cfg.holidays.overrides = {{D(2021, 3, 8), false, "Nghỉ hoán đổi"},
                              {D(2021, 3, 13), true, "Làm bù"},
                              {D(2024, 5, 4), false, ""}};
    WorkingCalendar c(cfg);
    WorkingCalendar base;
    EXPECT_FALSE(c.is_working_day(D(2021, 3, 8)));
    EXPECT_TRUE(c.is_working_day(D(2021, 3, 13)));
    EXPECT_TRUE(c.is_holiday(D(2021, 3, 8)));
    EXPECT_EQ(c.office_minutes(D(2021, 3, 13)), 480);  // weekday hours on the make-up Saturday
    EXPECT_EQ(c.count_working_days(D(2021, 3, 1), D(2021, 4, 1)), base.count_working_days(D(2021, 3, 1), D(2021, 4, 1)));
    EXPECT_EQ(c.add_working_days(D(2021, 3, 5), 1), D(2021, 3, 9));
    EXPECT_EQ(c.add_working_days(D(2021, 3, 12), 1), D(2021, 3, 13));
    EXPECT_FALSE(c.is_working_day(D(2024, 5, 4)));
    const auto hs = c.holidays(2021);
    bool found = false;
    for (const auto& h : hs)
        if (h.date == D(2021, 3, 8)) {
            found = true;
            EXPECT_EQ(h.kind, HolidayKind::override_off);
            EXPECT_EQ(h.name_vi, "Nghỉ hoán đổi");
        }
    EXPECT_TRUE(found);
    // A forced working day on a statutory holiday removes it.
    CalendarConfig cfg2;
    cfg2.holidays.overrides = {{D(2021, 4, 21), true, "trực"}};
    EXPECT_TRUE(WorkingCalendar(cfg2).is_working_day(D(2021, 4, 21)));
}

TEST(calendar, rejects_bad_config) {
    CalendarConfig cfg;
    cfg.holidays.national_day_adjacent = 4;
    EXPECT_THROW(WorkingCalendar{cfg}, std::invalid_argument);
    cfg = {};
    cfg.office_hours = {{13 * 60, 17 * 60}, {7 * 60, 11 * 60}};
    EXPECT_THROW(WorkingCalendar{cfg}, std::invalid_argument);
    cfg = {};
    cfg.office_hours = {};
    EXPECT_THROW(WorkingCalendar{cfg}, std::invalid_argument);
    cfg = {};
    cfg.first_year = 2030;
    cfg.last_year = 2020;
    EXPECT_THROW(WorkingCalendar{cfg}, std::invalid_argument);
    EXPECT_THROW(WorkingCalendar{}.deadline_after_working_days(T(2021, 3, 1, 8, 0), -1), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Working days

TEST(calendar, counting_across_tet_2021_by_hand) {
    WorkingCalendar c;
    // Mon 8 .. Sun 21 Feb 2021: weekdays 8-12 and 15-19; off 10, 11, 12, 15, 16.
    EXPECT_EQ(c.count_working_days(D(2021, 2, 8), D(2021, 2, 22)), 5);
    EXPECT_EQ(c.add_working_days(D(2021, 2, 9), 1), D(2021, 2, 17));
    EXPECT_EQ(c.add_working_days(D(2021, 2, 9), 3), D(2021, 2, 19));
    EXPECT_EQ(c.add_working_days(D(2021, 2, 17), -1), D(2021, 2, 9));
    EXPECT_EQ(c.next_working_day(D(2021, 2, 10)), D(2021, 2, 17));
    // Whole year 2021: 261 weekdays, 11 of them days off.
    EXPECT_EQ(c.count_working_days(D(2021, 1, 1), D(2022, 1, 1)), 250);
    // Half-open and antisymmetric.
    EXPECT_EQ(c.count_working_days(D(2021, 2, 9), D(2021, 2, 9)), 0);
    EXPECT_EQ(c.count_working_days(D(2021, 2, 9), D(2021, 2, 10)), 1);
    EXPECT_EQ(c.count_working_days(D(2021, 2, 22), D(2021, 2, 8)), -5);
}

TEST(calendar, add_and_count_identities) {
    CalendarConfig narrow;
    narrow.first_year = 2022;  // exercises the out-of-range fallback
    narrow.last_year = 2022;
    const WorkingCalendar wide, small(narrow);
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> day(D(2019, 1, 1), D(2026, 12, 31));
    std::uniform_int_distribution<int> steps(-60, 60);
    for (int i = 0; i < 3000; ++i) {
        const Date d = day(rng);
        const int n = steps(rng);
        const Date r = wide.add_working_days(d, n);
        ASSERT_EQ(r, small.add_working_days(d, n)) << format_date(d) << " " << n;
        if (n > 0) {
            ASSERT_TRUE(wide.is_working_day(r));
            ASSERT_EQ(wide.count_working_days(d + 1, r + 1), n);
            ASSERT_EQ(small.count_working_days(d + 1, r + 1), n);
            if (wide.is_working_day(d)) {
                ASSERT_EQ(wide.count_working_days(d, r), n);
            }
        } else if (n < 0) {
            ASSERT_TRUE(wide.is_working_day(r));
            ASSERT_EQ(wide.count_working_days(r, d), -n);
        }
        const Date e = day(rng);
        std::int64_t brute = 0;
        for (Date x = std::min(d, e); x < std::max(d, e); ++x) brute += wide.is_working_day(x);
        ASSERT_EQ(wide.count_working_days(std::min(d, e), std::max(d, e)), brute);
        ASSERT_EQ(small.count_working_days(d, e), wide.count_working_days(d, e));
    }
    // Far outside any precomputed range still works.
    EXPECT_EQ(small.add_working_days(D(2099, 12, 30), 5), wide.add_working_days(D(2099, 12, 30), 5));
}

// ---------------------------------------------------------------------------
// Office hours

TEST(calendar, office_hours_arithmetic_by_hand) {
    WorkingCalendar c;  // 7:00-11:30, 13:30-17:00 = 480 min/day
    EXPECT_EQ(c.office_minutes(D(2021, 3, 5)), 480);
    EXPECT_EQ(c.office_minutes(D(2021, 3, 6)), 0);
    // Friday 16:00 + 3 h: 1 h on Friday, 2 h from Monday 7:00 -> Monday 9:00.
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 5, 16, 0), 180), T(2021, 3, 8, 9, 0));
    EXPECT_EQ(c.working_minutes_between(T(2021, 3, 5, 16, 0), T(2021, 3, 8, 9, 0)), 180);
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 8, 9, 0), -180), T(2021, 3, 5, 16, 0));
    // Work ending exactly at closing time ends on Friday 17:00, not Monday 7:00.
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 5, 16, 0), 60), T(2021, 3, 5, 17, 0));
    // Across lunch: 11:00 + 1 h = 30 min before + 30 min after 13:30.
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 3, 11, 0), 60), T(2021, 3, 3, 14, 0));
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 3, 14, 0), -60), T(2021, 3, 3, 11, 0));
    // Backwards to the opening: Monday 9:00 - 2 h = Monday 7:00.
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 8, 9, 0), -120), T(2021, 3, 8, 7, 0));
    // Across Tết 2021: Tue 9 Feb 16:00 + 2 h -> Wed 17 Feb 8:00.
    EXPECT_EQ(c.add_working_minutes(T(2021, 2, 9, 16, 0), 120), T(2021, 2, 17, 8, 0));
    EXPECT_EQ(c.working_minutes_between(T(2021, 2, 9, 0, 0), T(2021, 2, 18, 0, 0)), 2 * 480);
    // Starting outside office hours.
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 6, 10, 0), 30), T(2021, 3, 8, 7, 30));
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 3, 12, 0), 30), T(2021, 3, 3, 14, 0));
}

TEST(calendar, issue_example_and_other_hours) {
    CalendarConfig nine_five;
    nine_five.office_hours = {{9 * 60, 17 * 60}};
    WorkingCalendar c(nine_five);
    // "2 working hours from Friday 16:30 with 9:00-17:00 hours ends Monday 10:30".
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 5, 16, 30), 120), T(2021, 3, 8, 10, 30));
    CalendarConfig late;
    late.office_hours = {{7 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}};
    WorkingCalendar l(late);
    // Friday 16:00 + 3 h with a 7:30 opening: Monday 9:30.
    EXPECT_EQ(l.add_working_minutes(T(2021, 3, 5, 16, 0), 180), T(2021, 3, 8, 9, 30));
}

TEST(calendar, working_time_queries) {
    WorkingCalendar c;
    EXPECT_TRUE(c.is_working_time(T(2021, 3, 3, 7, 0)));
    EXPECT_FALSE(c.is_working_time(T(2021, 3, 3, 11, 30)));
    EXPECT_FALSE(c.is_working_time(T(2021, 3, 3, 17, 0)));
    EXPECT_FALSE(c.is_working_time(T(2021, 2, 11, 9, 0)));  // Tết
    EXPECT_EQ(c.next_working_time(T(2021, 3, 3, 12, 0)), T(2021, 3, 3, 13, 30));
    EXPECT_EQ(c.next_working_time(T(2021, 3, 3, 9, 15)), T(2021, 3, 3, 9, 15));
    EXPECT_EQ(c.next_working_time(T(2021, 3, 5, 17, 0)), T(2021, 3, 8, 7, 0));
    EXPECT_EQ(c.next_working_time(T(2021, 2, 9, 18, 0)), T(2021, 2, 17, 7, 0));
    EXPECT_EQ(day_of(-1), -1);
    EXPECT_EQ(minute_of_day(-1), 1439);
}

TEST(calendar, saturday_morning_sessions) {
    CalendarConfig cfg;
    cfg.saturday_morning = true;  // 7:30-11:30 by default
    WorkingCalendar c(cfg);
    EXPECT_FALSE(c.is_working_day(D(2021, 3, 6)));  // not a working day for deadlines
    EXPECT_EQ(c.office_minutes(D(2021, 3, 6)), 240);
    EXPECT_TRUE(c.is_working_time(T(2021, 3, 6, 8, 0)));
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 5, 16, 0), 180), T(2021, 3, 6, 9, 30));
    EXPECT_EQ(c.add_working_minutes(T(2021, 3, 5, 16, 0), 60 + 240 + 30), T(2021, 3, 8, 7, 30));
    // No session on a Saturday holiday (1 May 2021).
    EXPECT_EQ(c.office_minutes(D(2021, 5, 1)), 0);
    EXPECT_EQ(c.add_working_days(D(2021, 3, 5), 1), D(2021, 3, 8));
}

TEST(calendar, deadlines_in_working_days) {
    WorkingCalendar c;
    // Received Friday 5 Feb 2021 10:00 with 3 working days: Mon 8, Tue 9, then Tết
    // (10-16 Feb off): Wed 17 Feb, end of office hours.
    EXPECT_EQ(c.deadline_after_working_days(T(2021, 2, 5, 10, 0), 3), T(2021, 2, 17, 17, 0));
    // Received on Saturday with 1 working day: Monday 17:00.
    EXPECT_EQ(c.deadline_after_working_days(T(2021, 3, 6, 9, 0), 1), T(2021, 3, 8, 17, 0));
    EXPECT_EQ(c.deadline_after_working_days(T(2021, 3, 6, 9, 0), 0), T(2021, 3, 8, 17, 0));
    EXPECT_EQ(c.deadline_after_working_days(T(2021, 3, 3, 9, 0), 0), T(2021, 3, 3, 17, 0));
}

TEST(calendar, minute_identities_and_fallback) {
    CalendarConfig narrow;
    narrow.first_year = 2023;
    narrow.last_year = 2023;
    CalendarConfig sat;
    sat.saturday_morning = true;
    const WorkingCalendar wide, small(narrow), withsat(sat);
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<Minutes> when(T(2019, 1, 1, 0, 0), T(2026, 12, 31, 23, 59));
    std::uniform_int_distribution<std::int64_t> amount(-20 * 480, 20 * 480);
    for (int i = 0; i < 3000; ++i) {
        const Minutes t = when(rng);
        const std::int64_t m = amount(rng);
        for (const WorkingCalendar* c : {&wide, &withsat}) {
            const Minutes r = c->add_working_minutes(t, m);
            if (m >= 0) {
                ASSERT_GE(r, t);
                ASSERT_EQ(c->working_minutes_between(t, r), m);
            } else {
                ASSERT_LE(r, t);
                ASSERT_EQ(c->working_minutes_between(r, t), -m);
            }
            if (m != 0) {
                ASSERT_TRUE(c->is_working_time(m > 0 ? r - 1 : r));
            }
        }
        ASSERT_EQ(small.add_working_minutes(t, m), wide.add_working_minutes(t, m));
        const Minutes u = when(rng);
        ASSERT_EQ(small.working_minutes_between(t, u), wide.working_minutes_between(t, u));
        ASSERT_EQ(wide.working_minutes_between(t, u), -wide.working_minutes_between(u, t));
        const Minutes nw = wide.next_working_time(t);
        ASSERT_TRUE(wide.is_working_time(nw));
        ASSERT_EQ(wide.working_minutes_between(t, nw), 0);
        ASSERT_EQ(small.next_working_time(t), nw);
    }
}
