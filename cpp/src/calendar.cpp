#include "cchc/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace cchc {

// ===========================================================================
// Lunar calendar: Ho Ngoc Duc, "Lịch âm dương Việt Nam" (new moon and sun
// longitude after Meeus, "Astronomical Algorithms"), with time zone UTC+7.
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTimeZone = 7.0;
constexpr std::int64_t kJdnEpoch = 2440588;  // Julian day number of 1970-01-01

std::int64_t floor_to_int(double x) { return static_cast<std::int64_t>(std::floor(x)); }

int year_of(Date d) { return static_cast<int>(to_ymd(d).year()); }

void check_year(int year) {
    if (year < kCalendarMinYear || year > kCalendarMaxYear)
        throw std::out_of_range("cchc calendar: year " + std::to_string(year) + " outside " +
                                std::to_string(kCalendarMinYear) + ".." + std::to_string(kCalendarMaxYear));
}

// Julian day number (local date) of the k-th new moon after 1900-01-01.
std::int64_t new_moon_day(std::int64_t k) {
    const double kd = static_cast<double>(k);
    const double t = kd / 1236.85;
    const double t2 = t * t, t3 = t2 * t;
    const double dr = kPi / 180;
    double jd1 = 2415020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
    const double m = 359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3;
    const double mpr = 306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3;
    const double f = 21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3;
    double c1 = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
    c1 = c1 - 0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr);
    c1 = c1 - 0.0004 * std::sin(dr * 3 * mpr);
    c1 = c1 + 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr));
    c1 = c1 - 0.0074 * std::sin(dr * (m - mpr)) + 0.0004 * std::sin(dr * (2 * f + m));
    c1 = c1 - 0.0004 * std::sin(dr * (2 * f - m)) - 0.0006 * std::sin(dr * (2 * f + mpr));
    c1 = c1 + 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
    double deltat;
    if (t < -11)
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
    else
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2;
    const double jd_new = jd1 + c1 - deltat;
    return floor_to_int(jd_new + 0.5 + kTimeZone / 24);
}

// Sector 0..11 (30° each) of the sun's longitude at local midnight of day jdn.
int sun_sector(std::int64_t jdn) {
    const double t = (static_cast<double>(jdn) - 2451545.5 - kTimeZone / 24) / 36525;
    const double t2 = t * t;
    const double dr = kPi / 180;
    const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
    dl += (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
    double l = (l0 + dl) * dr;
    l -= kPi * 2 * static_cast<double>(floor_to_int(l / (kPi * 2)));
    return static_cast<int>(floor_to_int(l / kPi * 6));
}

std::int64_t jdn_of(Date d) { return static_cast<std::int64_t>(d) + kJdnEpoch; }
Date date_of_jdn(std::int64_t j) { return static_cast<Date>(j - kJdnEpoch); }

// Start (jdn) of lunar month 11 — the month containing the winter solstice — of `year`.
std::int64_t lunar_month11(int year) {
    const double off = static_cast<double>(jdn_of(make_date(year, 12, 31)) - 2415021);
    const std::int64_t k = floor_to_int(off / 29.530588853);
    std::int64_t nm = new_moon_day(k);
    if (sun_sector(nm) >= 9) nm = new_moon_day(k - 1);
    return nm;
}

// Offset (in months after month 11 starting at a11) of the first month without a
// major solar term: that month is the leap month.
int leap_month_offset(std::int64_t a11) {
    const std::int64_t k = floor_to_int((static_cast<double>(a11) - 2415021.076998695) / 29.530588853 + 0.5);
    int i = 1;
    int arc = sun_sector(new_moon_day(k + i));
    int last;
    do {
        last = arc;
        ++i;
        arc = sun_sector(new_moon_day(k + i));
    } while (arc != last && i < 14);
    return i - 1;
}

// jdn of the first day of the lunar month, or -1 when it does not exist; also its length.
std::int64_t lunar_month_start(int lunar_year, int month, bool leap, int* length) {
    if (month < 1 || month > 12) return -1;
    check_year(lunar_year);
    std::int64_t a11, b11;
    if (month < 11) {
        a11 = lunar_month11(lunar_year - 1);
        b11 = lunar_month11(lunar_year);
    } else {
        a11 = lunar_month11(lunar_year);
        b11 = lunar_month11(lunar_year + 1);
    }
    const std::int64_t k = floor_to_int(0.5 + (static_cast<double>(a11) - 2415021.076998695) / 29.530588853);
    int off = month - 11;
    if (off < 0) off += 12;
    if (b11 - a11 > 365) {
        const int leap_off = leap_month_offset(a11);
        int leap_month = leap_off - 2;
        if (leap_month <= 0) leap_month += 12;
        if (leap && month != leap_month) return -1;
        if (leap || off >= leap_off) off += 1;
    } else if (leap) {
        return -1;
    }
    const std::int64_t start = new_moon_day(k + off);
    if (length) *length = static_cast<int>(new_moon_day(k + off + 1) - start);
    return start;
}

}  // namespace

LunarDate solar_to_lunar(Date d) {
    const int yy = year_of(d);
    check_year(yy);
    const std::int64_t day_number = jdn_of(d);
    const std::int64_t k = floor_to_int((static_cast<double>(day_number) - 2415021.076998695) / 29.530588853);
    // The mean-lunation estimate k can be one off near a new moon (e.g. 2054-05-07).
    std::int64_t kk = k + 1;
    std::int64_t month_start = new_moon_day(kk);
    while (month_start > day_number) month_start = new_moon_day(--kk);
    while (new_moon_day(kk + 1) <= day_number) month_start = new_moon_day(++kk);
    std::int64_t a11 = lunar_month11(yy);
    std::int64_t b11 = a11;
    int lunar_year;
    if (a11 >= month_start) {
        lunar_year = yy;
        a11 = lunar_month11(yy - 1);
    } else {
        lunar_year = yy + 1;
        b11 = lunar_month11(yy + 1);
    }
    LunarDate out;
    out.day = static_cast<int>(day_number - month_start + 1);
    const int diff = static_cast<int>((month_start - a11) / 29);
    out.month = diff + 11;
    if (b11 - a11 > 365) {
        const int leap_diff = leap_month_offset(a11);
        if (diff >= leap_diff) {
            out.month = diff + 10;
            out.leap = diff == leap_diff;
        }
    }
    if (out.month > 12) out.month -= 12;
    if (out.month >= 11 && diff < 4) lunar_year -= 1;
    out.year = lunar_year;
    return out;
}

Date lunar_to_solar(int lunar_year, int month, int day, bool leap) {
    int length = 0;
    const std::int64_t start = lunar_month_start(lunar_year, month, leap, &length);
    if (start < 0 || day < 1 || day > length) return kNoDate;
    return date_of_jdn(start + day - 1);
}

Date tet_date(int year) { return lunar_to_solar(year, 1, 1, false); }

int lunar_leap_month(int lunar_year) {
    for (int m = 1; m <= 12; ++m)
        if (lunar_month_start(lunar_year, m, true, nullptr) >= 0) return m;
    return 0;
}

int lunar_month_length(int lunar_year, int month, bool leap) {
    int length = 0;
    return lunar_month_start(lunar_year, month, leap, &length) < 0 ? 0 : length;
}

// ===========================================================================
// Public holidays
namespace {

const Date kLabourCode2012 = make_date(2013, 5, 1);
const Date kLabourCode2019 = make_date(2021, 1, 1);

bool is_weekend(Date d) { return iso_weekday(d) >= 6; }

int lookup(const std::vector<YearChoice>& user, const std::vector<YearChoice>* builtin, int year, int fallback) {
    for (const auto& c : user)
        if (c.year == year) return c.value;
    if (builtin)
        for (const auto& c : *builtin)
            if (c.year == year) return c.value;
    return fallback;
}

struct YearOffs {
    std::vector<Holiday> holidays;
    std::vector<Date> make_up;
};

YearOffs compute_year(int year, const HolidayRules& rules) {
    check_year(year);
    std::vector<Holiday> stat;
    auto add = [&](Date d, HolidayKind k, const char* vi, const char* en) {
        stat.push_back(Holiday{d, k, vi, en});
    };
    add(make_date(year, 1, 1), HolidayKind::new_year, "Tết Dương lịch", "New Year's Day");

    const Date tet = tet_date(year);
    const int tet_len = tet < kLabourCode2012 ? 4 : 5;
    int before = lookup(rules.tet_days_before_by_year, rules.builtin_schedule ? &builtin_tet_days_before() : nullptr,
                        year, rules.tet_days_before);
    before = std::clamp(before, 0, tet_len);
    for (int i = 0; i < tet_len; ++i)
        add(tet - before + i, HolidayKind::tet, "Tết Âm lịch", "Lunar New Year (Tết)");

    if (year >= 2007)
        add(lunar_to_solar(year, 3, 10, false), HolidayKind::hung_kings, "Giỗ Tổ Hùng Vương",
            "Hùng Kings' Commemoration Day");
    add(make_date(year, 4, 30), HolidayKind::victory_day, "Ngày Chiến thắng", "Victory Day (Reunification Day)");
    add(make_date(year, 5, 1), HolidayKind::labour_day, "Ngày Quốc tế lao động", "International Labour Day");
    const Date national = make_date(year, 9, 2);
    add(national, HolidayKind::national_day, "Quốc khánh", "National Day");
    if (national >= kLabourCode2019) {
        const int adj = lookup(rules.national_day_adjacent_by_year,
                               rules.builtin_schedule ? &builtin_national_day_adjacent() : nullptr, year,
                               rules.national_day_adjacent);
        add(make_date(year, 9, static_cast<unsigned>(adj)), HolidayKind::national_day, "Quốc khánh",
            "National Day");
    }
    std::stable_sort(stat.begin(), stat.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });

    // A holiday on a weekly rest day moves to the next day that is neither a rest
    // day nor a holiday nor already a compensatory day.
    std::set<Date> taken;
    for (const auto& h : stat) taken.insert(h.date);
    std::vector<Holiday> all = stat;
    for (const auto& h : stat) {
        if (!is_weekend(h.date)) continue;
        Date c = h.date + 1;
        while (is_weekend(c) || taken.count(c)) ++c;
        taken.insert(c);
        all.push_back(Holiday{c, HolidayKind::compensatory, "Nghỉ bù " + h.name_vi, "Compensatory day off (" + h.name_en + ")"});
    }

    // Overrides: built-in first, then the user's, so the user's win for the same date.
    std::set<Date> make_up;
    auto apply = [&](const CalendarOverride& o) {
        if (o.date == kNoDate || year_of(o.date) != year) return;
        std::erase_if(all, [&](const Holiday& h) { return h.date == o.date && h.kind == HolidayKind::override_off; });
        if (o.working) {
            std::erase_if(all, [&](const Holiday& h) { return h.date == o.date; });
            make_up.insert(o.date);
        } else {
            make_up.erase(o.date);
            const bool listed = std::any_of(all.begin(), all.end(), [&](const Holiday& h) { return h.date == o.date; });
            if (!listed)
                all.push_back(Holiday{o.date, HolidayKind::override_off,
                                      o.name.empty() ? std::string("Ngày nghỉ (hoán đổi)") : o.name,
                                      o.name.empty() ? std::string("Day off (swap)") : o.name});
        }
    };
    if (rules.builtin_schedule)
        for (const auto& o : builtin_schedule_overrides()) apply(o);
    for (const auto& o : rules.overrides) apply(o);

    std::stable_sort(all.begin(), all.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return YearOffs{std::move(all), std::vector<Date>(make_up.begin(), make_up.end())};
}

std::vector<std::uint8_t> kinds_of_year(int year, const YearOffs& offs, bool saturday_session) {
    const Date first = make_date(year, 1, 1);
    const Date last = make_date(year + 1, 1, 1);
    std::vector<std::uint8_t> kinds(static_cast<std::size_t>(last - first));
    for (Date d = first; d < last; ++d) {
        const unsigned wd = iso_weekday(d);
        // 0 off, 1 working day (weekday hours), 2 Saturday session (not a working day)
        kinds[static_cast<std::size_t>(d - first)] = wd <= 5 ? 1 : (wd == 6 && saturday_session ? 2 : 0);
    }
    for (const auto& h : offs.holidays) kinds[static_cast<std::size_t>(h.date - first)] = 0;
    for (Date d : offs.make_up) kinds[static_cast<std::size_t>(d - first)] = 1;
    return kinds;
}

void validate_rules(const HolidayRules& r) {
    auto adj_ok = [](int v) { return v == 1 || v == 3; };
    if (!adj_ok(r.national_day_adjacent)) throw std::invalid_argument("national_day_adjacent must be 1 or 3");
    for (const auto& c : r.national_day_adjacent_by_year)
        if (!adj_ok(c.value)) throw std::invalid_argument("national_day_adjacent_by_year values must be 1 or 3");
    auto before_ok = [](int v) { return v >= 0 && v <= 5; };
    if (!before_ok(r.tet_days_before)) throw std::invalid_argument("tet_days_before must be in 0..5");
    for (const auto& c : r.tet_days_before_by_year)
        if (!before_ok(c.value)) throw std::invalid_argument("tet_days_before_by_year values must be in 0..5");
    for (const auto& o : r.overrides)
        if (o.date == kNoDate) throw std::invalid_argument("calendar override without a date");
}

}  // namespace

// Announced schedules for civil servants (Ministry of Labour, Invalids and Social
// Affairs; from 2025 Ministry of Home Affairs; approved by the Prime Minister; sources
// per year in docs/domain.md#calendar):
//   Tết 2019  4-8 Feb   (1 before)   Tết 2020 23-27 Jan (2)   Tết 2021 10-14 Feb (2)
//   Tết 2022 31 Jan-4 Feb (1)        Tết 2023 20-24 Jan (2)   Tết 2024  8-12 Feb (2)
//   Tết 2025 27-31 Jan (2)           Tết 2026 16-20 Feb (1)
// plus compensatory days, which the rules derive (e.g. 2021: off 10-16 Feb).
const std::vector<YearChoice>& builtin_tet_days_before() {
    static const std::vector<YearChoice> table{{2019, 1}, {2020, 2}, {2021, 2}, {2022, 1},
                                               {2023, 2}, {2024, 2}, {2025, 2}, {2026, 1}};
    return table;
}

// 2021: 2-3 Sep; 2022: 1-2 Sep; 2023: 1-2 Sep (+ 4 Sep compensatory); 2024: 2-3 Sep;
// 2025: 1-2 Sep; 2026: 1-2 Sep (+ 31 Aug by the swap below). Sources: docs/domain.md#calendar.
const std::vector<YearChoice>& builtin_national_day_adjacent() {
    static const std::vector<YearChoice> table{{2021, 3}, {2022, 1}, {2023, 1}, {2024, 3}, {2025, 1}, {2026, 1}};
    return table;
}

// Announced swaps (a bridge weekday off, a Saturday worked), each from the Prime Minister's
// agreement conveyed by the Government Office; sources per year in docs/domain.md#calendar.
// 2020-2023 and 2025's Tết and National Day had no swap.
const std::vector<CalendarOverride>& builtin_schedule_overrides() {
    static const std::vector<CalendarOverride> table{
        // 2019: letter 6519/VPCP-KGVX (11 Jul 2018).
        {make_date(2018, 12, 31), false, "Ngày nghỉ hoán đổi (làm bù 05/01/2019)"},
        {make_date(2019, 1, 5), true, "Làm bù cho 31/12/2018"},
        {make_date(2019, 4, 29), false, "Ngày nghỉ hoán đổi (làm bù 04/05/2019)"},
        {make_date(2019, 5, 4), true, "Làm bù cho 29/04/2019"},
        // 2024: letter 2450/VPCP-KGVX (12 Apr 2024).
        {make_date(2024, 4, 29), false, "Ngày nghỉ hoán đổi (làm bù 04/05/2024)"},
        {make_date(2024, 5, 4), true, "Làm bù cho 29/04/2024"},
        // 2025: announced April 2025.
        {make_date(2025, 4, 26), true, "Làm bù cho 02/05/2025"},
        {make_date(2025, 5, 2), false, "Ngày nghỉ hoán đổi (làm bù 26/04/2025)"},
        // 2026: letter 12729/VPCP-KGVX (25 Dec 2025) for New Year; Prime Minister's agreement of
        // 13 Oct 2025 for National Day.
        {make_date(2026, 1, 2), false, "Ngày nghỉ hoán đổi (làm bù 10/01/2026)"},
        {make_date(2026, 1, 10), true, "Làm bù cho 02/01/2026"},
        {make_date(2026, 8, 22), true, "Làm bù cho 31/08/2026"},
        {make_date(2026, 8, 31), false, "Ngày nghỉ hoán đổi (làm bù 22/08/2026)"},
    };
    return table;
}

std::vector<Holiday> public_holidays(int year, const HolidayRules& rules) {
    validate_rules(rules);
    return compute_year(year, rules).holidays;
}

std::vector<Date> make_up_working_days(int year, const HolidayRules& rules) {
    validate_rules(rules);
    return compute_year(year, rules).make_up;
}

// ===========================================================================
// WorkingCalendar

// Day kinds outside the precomputed range, caching one year at a time.
class WorkingCalendar::DaySource {
public:
    explicit DaySource(const WorkingCalendar& c) : c_(c) {}
    std::uint8_t kind(Date d) {
        if (c_.in_range(d)) return c_.kind_[static_cast<std::size_t>(d - c_.r0_)];
        const int y = year_of(d);
        if (y != year_) {
            kinds_ = c_.year_kinds(y);
            year_ = y;
            first_ = make_date(y, 1, 1);
        }
        return kinds_[static_cast<std::size_t>(d - first_)];
    }

private:
    const WorkingCalendar& c_;
    int year_ = 0;
    Date first_ = 0;
    std::vector<std::uint8_t> kinds_;
};

namespace {

// Deadlines are usually days or weeks away: search outward from the start
// (galloping) instead of over the whole range.
std::vector<std::int64_t>::const_iterator gallop_lower(const std::vector<std::int64_t>& v, std::size_t from,
                                                      std::int64_t target) {
    std::size_t lo = from, step = 8, hi = std::min(v.size(), from + step);
    while (hi < v.size() && v[hi - 1] < target) {
        lo = hi - 1;
        step *= 2;
        hi = std::min(v.size(), lo + step);
    }
    return std::lower_bound(v.begin() + static_cast<std::ptrdiff_t>(lo), v.begin() + static_cast<std::ptrdiff_t>(hi), target);
}

// First element > target, searching back from index `upto` (v[upto] > target).
std::vector<std::int64_t>::const_iterator gallop_upper_back(const std::vector<std::int64_t>& v, std::size_t upto,
                                                           std::int64_t target) {
    std::size_t hi = upto + 1, step = 8, lo = hi > step ? hi - step : 0;
    while (lo > 0 && v[lo] > target) {
        hi = lo + 1;
        step *= 2;
        lo = hi > step ? hi - step : 0;
    }
    return std::upper_bound(v.begin() + static_cast<std::ptrdiff_t>(lo), v.begin() + static_cast<std::ptrdiff_t>(hi), target);
}

void validate_segments(const std::vector<TimeSegment>& segs, const char* what, bool allow_empty) {
    if (segs.empty() && !allow_empty) throw std::invalid_argument(std::string(what) + ": no office hours");
    int prev_end = 0;
    for (const auto& s : segs) {
        if (s.start < prev_end || s.start >= s.end || s.end > 1440)
            throw std::invalid_argument(std::string(what) + ": segments must be sorted, disjoint, non-empty, within 0..1440");
        prev_end = s.end;
    }
}

int segments_total(const std::vector<TimeSegment>& segs) {
    int t = 0;
    for (const auto& s : segs) t += s.end - s.start;
    return t;
}

}  // namespace

WorkingCalendar::WorkingCalendar(CalendarConfig config) : config_(std::move(config)) {
    validate_segments(config_.office_hours, "office_hours", false);
    validate_segments(config_.saturday_hours, "saturday_hours", true);
    validate_rules(config_.holidays);
    if (config_.first_year > config_.last_year || config_.first_year < kCalendarMinYear ||
        config_.last_year > kCalendarMaxYear)
        throw std::invalid_argument("calendar year range must satisfy 1900 <= first_year <= last_year <= 2199");

    segs_[kWeekday] = config_.office_hours;
    if (config_.saturday_morning) segs_[kSaturday] = config_.saturday_hours;
    for (int k = 0; k < 3; ++k) total_[k] = segments_total(segs_[k]);

    r0_ = make_date(config_.first_year, 1, 1);
    r1_ = make_date(config_.last_year + 1, 1, 1);
    const auto n = static_cast<std::size_t>(r1_ - r0_);
    kind_.reserve(n);
    for (int y = config_.first_year; y <= config_.last_year; ++y) {
        YearOffs offs = compute_year(y, config_.holidays);
        const auto kinds = kinds_of_year(y, offs, total_[kSaturday] > 0);
        kind_.insert(kind_.end(), kinds.begin(), kinds.end());
        holidays_.push_back(std::move(offs.holidays));
    }
    cum_days_.assign(n + 1, 0);
    cum_min_.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const bool working = kind_[i] == kWeekday;
        cum_days_[i + 1] = cum_days_[i] + (working ? 1 : 0);
        cum_min_[i + 1] = cum_min_[i] + total_[kind_[i]];
        if (working) work_dates_.push_back(r0_ + static_cast<Date>(i));
    }
}

std::vector<std::uint8_t> WorkingCalendar::year_kinds(int year) const {
    return kinds_of_year(year, compute_year(year, config_.holidays), total_[kSaturday] > 0);
}

std::uint8_t WorkingCalendar::kind_slow(Date d) const {
    DaySource src(*this);
    return src.kind(d);
}

bool WorkingCalendar::is_working_day(Date d) const { return kind_slow(d) == kWeekday; }

bool WorkingCalendar::is_holiday(Date d) const {
    const auto hs = holidays(year_of(d));
    return std::any_of(hs.begin(), hs.end(), [d](const Holiday& h) { return h.date == d; });
}

std::vector<Holiday> WorkingCalendar::holidays(int year) const {
    if (year >= config_.first_year && year <= config_.last_year)
        return holidays_[static_cast<std::size_t>(year - config_.first_year)];
    return compute_year(year, config_.holidays).holidays;
}

std::int64_t WorkingCalendar::sum_days(Date from, Date to, bool minutes) const {
    if (from >= to) return 0;
    std::int64_t total = 0;
    const Date a = std::max(from, r0_), b = std::min(to, r1_);
    if (a < b) {
        const auto ia = static_cast<std::size_t>(a - r0_), ib = static_cast<std::size_t>(b - r0_);
        total += minutes ? cum_min_[ib] - cum_min_[ia] : cum_days_[ib] - cum_days_[ia];
    }
    DaySource src(*this);
    auto add = [&](Date lo, Date hi) {
        for (Date d = lo; d < hi; ++d) {
            const std::uint8_t k = src.kind(d);
            total += minutes ? total_[k] : (k == kWeekday ? 1 : 0);
        }
    };
    add(from, std::min(to, r0_));
    add(std::max(from, r1_), to);
    return total;
}

std::int64_t WorkingCalendar::count_working_days(Date from, Date to) const {
    return from <= to ? sum_days(from, to, false) : -sum_days(to, from, false);
}

Date WorkingCalendar::add_working_days(Date d, int n) const {
    if (n == 0) return d;
    DaySource src(*this);
    const auto nwork = static_cast<std::int64_t>(work_dates_.size());
    std::int64_t left = n > 0 ? n : -static_cast<std::int64_t>(n);
    Date x = d;
    if (n > 0) {
        for (;;) {
            const Date nx = x + 1;
            if (in_range(nx)) {
                const std::int64_t base = cum_days_[static_cast<std::size_t>(nx - r0_)];
                if (base + left - 1 < nwork) return work_dates_[static_cast<std::size_t>(base + left - 1)];
                left -= nwork - base;
                x = r1_ - 1;
                continue;
            }
            x = nx;
            if (src.kind(x) == kWeekday && --left == 0) return x;
        }
    }
    for (;;) {
        const Date px = x - 1;
        if (in_range(px)) {
            const std::int64_t base = cum_days_[static_cast<std::size_t>(px + 1 - r0_)];
            if (base >= left) return work_dates_[static_cast<std::size_t>(base - left)];
            left -= base;
            x = r0_;
            continue;
        }
        x = px;
        if (src.kind(x) == kWeekday && --left == 0) return x;
    }
}

Date WorkingCalendar::next_working_day(Date d) const {
    return is_working_day(d) ? d : add_working_days(d, 1);
}

int WorkingCalendar::office_minutes(Date d) const { return total_[kind_slow(d)]; }

int WorkingCalendar::within(std::uint8_t kind, int minute) const {
    int w = 0;
    for (const auto& s : segs_[kind]) w += std::clamp(minute - s.start, 0, s.end - s.start);
    return w;
}

// Earliest minute of the day with `w` office minutes before it, w in (0, total].
int WorkingCalendar::pos_forward(std::uint8_t kind, int w) const {
    for (const auto& s : segs_[kind]) {
        const int len = s.end - s.start;
        if (w <= len) return s.start + w;
        w -= len;
    }
    return segs_[kind].back().end;
}

// Latest minute of the day with `w` office minutes before it, w in [0, total).
int WorkingCalendar::pos_backward(std::uint8_t kind, int w) const {
    for (const auto& s : segs_[kind]) {
        const int len = s.end - s.start;
        if (w < len) return s.start + w;
        w -= len;
    }
    return segs_[kind].back().end;
}

bool WorkingCalendar::is_working_time(Minutes t) const {
    const int m = minute_of_day(t);
    for (const auto& s : segs_[kind_slow(day_of(t))])
        if (m >= s.start && m < s.end) return true;
    return false;
}

Minutes WorkingCalendar::next_working_time(Minutes t) const {
    DaySource src(*this);
    Date d = day_of(t);
    const int m = minute_of_day(t);
    for (const auto& s : segs_[src.kind(d)])
        if (m < s.end) return make_minutes(d, 0, std::max(m, s.start));
    for (;;) {
        ++d;
        const auto& segs = segs_[src.kind(d)];
        if (!segs.empty()) return make_minutes(d, 0, segs.front().start);
    }
}

std::int64_t WorkingCalendar::working_minutes_between(Minutes a, Minutes b) const {
    if (a > b) return -working_minutes_between(b, a);
    DaySource src(*this);
    const Date da = day_of(a), db = day_of(b);
    const std::uint8_t ka = src.kind(da), kb = src.kind(db);
    if (da == db) return within(kb, minute_of_day(b)) - within(ka, minute_of_day(a));
    return (total_[ka] - within(ka, minute_of_day(a))) + sum_days(da + 1, db, true) + within(kb, minute_of_day(b));
}

Minutes WorkingCalendar::add_working_minutes(Minutes t, std::int64_t m) const {
    if (m == 0) return t;
    DaySource src(*this);
    const Date d = day_of(t);
    const std::uint8_t k = src.kind(d);
    const int w0 = within(k, minute_of_day(t));
    const std::int64_t total_min = cum_min_.back();
    Date x = d;
    if (m > 0) {
        if (m <= total_[k] - w0) return make_minutes(d, 0, pos_forward(k, w0 + static_cast<int>(m)));
        std::int64_t left = m - (total_[k] - w0);
        for (;;) {
            const Date nx = x + 1;
            if (in_range(nx)) {
                const std::int64_t target = cum_min_[static_cast<std::size_t>(nx - r0_)] + left;
                if (target <= total_min) {
                    const auto it = gallop_lower(cum_min_, static_cast<std::size_t>(nx - r0_), target);
                    const auto i = static_cast<std::size_t>(it - cum_min_.begin());
                    const Date day = r0_ + static_cast<Date>(i - 1);
                    return make_minutes(day, 0, pos_forward(kind_[i - 1], static_cast<int>(target - cum_min_[i - 1])));
                }
                left = target - total_min;
                x = r1_ - 1;
                continue;
            }
            x = nx;
            const std::uint8_t kx = src.kind(x);
            if (left <= total_[kx]) return make_minutes(x, 0, pos_forward(kx, static_cast<int>(left)));
            left -= total_[kx];
        }
    }
    std::int64_t left = -m;
    if (left <= w0) return make_minutes(d, 0, pos_backward(k, w0 - static_cast<int>(left)));
    left -= w0;
    for (;;) {
        const Date px = x - 1;
        if (in_range(px)) {
            const std::int64_t base = cum_min_[static_cast<std::size_t>(px + 1 - r0_)];
            if (base >= left) {
                const std::int64_t target = base - left;
                const auto it = gallop_upper_back(cum_min_, static_cast<std::size_t>(px + 1 - r0_), target);
                const auto i = static_cast<std::size_t>(it - cum_min_.begin()) - 1;
                const Date day = r0_ + static_cast<Date>(i);
                return make_minutes(day, 0, pos_backward(kind_[i], static_cast<int>(target - cum_min_[i])));
            }
            left -= base;
            x = r0_;
            continue;
        }
        x = px;
        const std::uint8_t kx = src.kind(x);
        if (left <= total_[kx]) return make_minutes(x, 0, pos_backward(kx, total_[kx] - static_cast<int>(left)));
        left -= total_[kx];
    }
}

Minutes WorkingCalendar::deadline_after_working_days(Minutes receipt, int n) const {
    if (n < 0) throw std::invalid_argument("deadline_after_working_days: n must be >= 0");
    const Date d = day_of(receipt);
    const Date due = n == 0 ? next_working_day(d) : add_working_days(d, n);
    return make_minutes(due, 0, segs_[kWeekday].back().end);
}

}  // namespace cchc
