#include <newsindex/types.hpp>

#include <charconv>

namespace newsindex {

namespace {
constexpr bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}
}  // namespace

bool Date::valid(int y, unsigned m, unsigned d) {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::string Date::to_string() const {
    char buf[16];
    auto put = [&](std::size_t at, unsigned v, std::size_t width) {
        for (std::size_t i = width; i-- > 0;) {
            buf[at + i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
    };
    put(0, static_cast<unsigned>(year), 4);
    buf[4] = '-';
    put(5, month, 2);
    buf[7] = '-';
    put(8, day, 2);
    return std::string(buf, 10);
}

std::optional<Date> Date::parse(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0, d = 0;
    auto num = [](std::string_view part, auto& out) {
        auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc() && ptr == part.data() + part.size();
    };
    if (!num(s.substr(0, 4), y) || !num(s.substr(5, 2), m) || !num(s.substr(8, 2), d)) {
        return std::nullopt;
    }
    if (!valid(y, m, d)) return std::nullopt;
    return Date{y, m, d};
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t Date::to_days() const {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (static_cast<std::int64_t>(month) + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(day) - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date Date::from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Date{static_cast<int>(y), static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

unsigned Date::weekday() const {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    const std::int64_t w = (to_days() + 3) % 7;
    return static_cast<unsigned>(w < 0 ? w + 7 : w);
}

std::string_view to_string(ActorKind kind) {
    return kind == ActorKind::person ? "person" : "organization";
}

std::string_view to_string(PlaceKind kind) {
    switch (kind) {
        case PlaceKind::country: return "country";
        case PlaceKind::region: return "region";
        case PlaceKind::city: return "city";
        case PlaceKind::other: break;
    }
    return "other";
}

std::string_view to_string(MentionType type) {
    switch (type) {
        case MentionType::person: return "PER";
        case MentionType::organization: return "ORG";
        case MentionType::location: return "LOC";
        case MentionType::date: break;
    }
    return "DATE";
}

}  // namespace newsindex
