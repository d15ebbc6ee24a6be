#include "cchc/date.hpp"

#include <charconv>
#include <cstdio>

namespace cchc {

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto number = [&](std::size_t from, std::size_t len, int& out) {
        const char* first = text.data() + from;
        const char* last = first + len;
        for (const char* p = first; p != last; ++p)
            if (*p < '0' || *p > '9') return false;
        return std::from_chars(first, last, out).ec == std::errc{};
    };
    int y = 0, m = 0, d = 0;
    if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    return make_date(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_date(Date d) {
    if (d == kNoDate) return {};
    const auto ymd = to_ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace cchc
