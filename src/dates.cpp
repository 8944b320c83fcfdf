#include "dates.hpp"

#include "text_util.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace newsindex::detail {

namespace {

struct Token {
    std::size_t start;
    std::size_t end;
    bool digits;
};

// Words of ASCII letters and runs of digits; everything else separates them.
std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (is_ascii_alpha(c) || is_ascii_digit(c)) {
            const bool digits = is_ascii_digit(c);
            std::size_t j = i + 1;
            while (j < text.size() && (digits ? is_ascii_digit(text[j]) : is_ascii_alpha(text[j]))) ++j;
            tokens.push_back({i, j, digits});
            i = j;
        } else {
            ++i;
        }
    }
    return tokens;
}

struct MonthName {
    std::string_view name;
    unsigned month;
};
constexpr std::array<MonthName, 24> month_names = {{
    {"january", 1}, {"jan", 1},   {"february", 2}, {"feb", 2},
    {"march", 3},   {"mar", 3},   {"april", 4},    {"apr", 4},
    {"may", 5},     {"june", 6}, {"jun", 6},       {"july", 7},
    {"jul", 7},      {"august", 8}, {"aug", 8},     {"september", 9},
    {"sept", 9},     {"sep", 9},   {"october", 10}, {"oct", 10},
    {"november", 11}, {"nov", 11}, {"december", 12}, {"dec", 12},
}};

constexpr std::array<std::string_view, 7> weekday_names = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool equals_folded(std::string_view word, std::string_view lower) {
    if (word.size() != lower.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (ascii_lower(word[i]) != lower[i]) return false;
    }
    return true;
}

// Month names count only when capitalised: "may" and "march" are also verbs and nouns. In
// a dateline, where only a date can stand, any case goes ("New York, march 4 -").
unsigned month_of(std::string_view word, bool any_case) {
    if (word.empty() || (!any_case && !is_ascii_upper(word.front()))) return 0;
    for (const MonthName& m : month_names) {
        if (equals_folded(word, m.name)) return m.month;
    }
    return 0;
}

int weekday_of(std::string_view word) {
    if (word.empty() || !is_ascii_upper(word.front())) return -1;
    for (std::size_t i = 0; i < weekday_names.size(); ++i) {
        if (equals_folded(word, weekday_names[i])) return static_cast<int>(i);
    }
    return -1;
}

// "a", "one" ... "ten" as in "a week ago", "three days ago"; 0 for anything else.
int small_number(std::string_view word) {
    static constexpr std::string_view numbers[] = {"a", "one", "two", "three", "four", "five",
                                                   "six", "seven", "eight", "nine", "ten"};
    for (std::size_t i = 0; i < std::size(numbers); ++i) {
        if (equals_folded(word, numbers[i])) return i == 0 ? 1 : static_cast<int>(i);
    }
    return 0;
}

unsigned to_number(std::string_view digits) {
    unsigned value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

bool only_spaces(std::string_view gap) {
    return !gap.empty() && std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Looks back from a weekday to the start of its clause for words that put it in the future.
bool spoken_of_as_future(std::string_view text, std::size_t at) {
    const std::size_t floor = at > 100 ? at - 100 : 0;
    std::size_t begin = at;
    while (begin > floor) {
        const char c = text[begin - 1];
        if (c == '.' || c == ',' || c == ';' || c == '\n' || c == '?' || c == '!') break;
        --begin;
    }
    std::string clause = " ";
    clause += ascii_lowercase(text.substr(begin, at - begin));
    static constexpr std::string_view markers[] = {
        " will ", " scheduled ", " set to ", " plans to ", " plan to ", " planned ", " expected to ",
        " due to ", " is to ", " are to ", " going to ", "'ll ", " until ", " by next "};
    return std::any_of(std::begin(markers), std::end(markers),
                       [&](std::string_view m) { return clause.find(m) != std::string::npos; });
}

std::optional<DateExpression> absolute_or_yearless(int year, unsigned month, unsigned day, std::size_t start,
                                                   std::size_t end) {
    DateExpression e;
    e.start = start;
    e.end = end;
    e.month = month;
    e.day = day;
    if (year != 0) {
        if (!Date::valid(year, month, day)) return std::nullopt;
        e.kind = DateExpression::Kind::absolute;
        e.year = year;
    } else {
        if (!Date::valid(2000, month, day)) return std::nullopt;  // 2000 is a leap year: Feb 29 passes
        e.kind = DateExpression::Kind::yearless;
    }
    return e;
}

}  // namespace

std::vector<DateExpression> find_date_expressions(std::string_view text, bool months_any_case) {
    std::vector<DateExpression> found;
    const std::vector<Token> tokens = tokenize(text);
    auto word = [&](std::size_t k) { return text.substr(tokens[k].start, tokens[k].end - tokens[k].start); };
    auto gap = [&](std::size_t k) {  // text between token k-1 and token k
        return text.substr(tokens[k - 1].end, tokens[k].start - tokens[k - 1].end);
    };
    auto is_year = [&](std::size_t k) {
        if (k >= tokens.size() || !tokens[k].digits || tokens[k].end - tokens[k].start != 4) return false;
        const unsigned y = to_number(word(k));
        return y >= 1000 && y <= 2999;
    };
    // A day number, with an optional ordinal suffix glued to it; returns tokens consumed.
    auto day_at = [&](std::size_t k, unsigned& day) -> std::size_t {
        if (k >= tokens.size() || !tokens[k].digits || tokens[k].end - tokens[k].start > 2) return 0;
        day = to_number(word(k));
        if (day < 1 || day > 31) return 0;
        // "10-K" and "20-F" are filings, not days.
        if (tokens[k].end + 1 < text.size() && text[tokens[k].end] == '-' && is_ascii_alpha(text[tokens[k].end + 1])) {
            return 0;
        }
        // "Feb 26.5" or "March 3,000" are numbers, not days.
        if (tokens[k].end < text.size() && (text[tokens[k].end] == '.' || text[tokens[k].end] == ',') &&
            k + 1 < tokens.size() && tokens[k + 1].digits && tokens[k + 1].start == tokens[k].end + 1 &&
            !is_year(k + 1)) {
            return 0;
        }
        if (k + 1 < tokens.size() && !tokens[k + 1].digits && tokens[k + 1].start == tokens[k].end) {
            const std::string_view suffix = word(k + 1);
            if (equals_folded(suffix, "st") || equals_folded(suffix, "nd") || equals_folded(suffix, "rd") ||
                equals_folded(suffix, "th")) {
                return 2;
            }
            return 0;  // "3G", "21st-century"... not a day
        }
        return 1;
    };

    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const std::string_view w = word(k);
        if (!tokens[k].digits) {
            if (const unsigned month = month_of(w, months_any_case)) {
                // Month D[th][,] [YYYY]
                if (k + 1 >= tokens.size()) continue;
                std::string_view g = gap(k + 1);
                if (g.starts_with('.')) g.remove_prefix(1);
                if (!only_spaces(g)) continue;
                unsigned day = 0;
                const std::size_t used = day_at(k + 1, day);
                if (used == 0) continue;
                std::size_t last = k + used;
                int year = 0;
                if (last + 1 < tokens.size() && is_year(last + 1)) {
                    std::string_view yg = gap(last + 1);
                    if (yg.starts_with(',')) yg.remove_prefix(1);
                    if (only_spaces(yg)) {
                        year = static_cast<int>(to_number(word(last + 1)));
                        ++last;
                    }
                }
                if (auto e = absolute_or_yearless(year, month, day, tokens[k].start, tokens[last].end)) {
                    found.push_back(*e);
                }
                k = last;
                continue;
            }
            const int wd = weekday_of(w);
            if (wd >= 0) {
                DateExpression e;
                e.kind = DateExpression::Kind::weekday;
                e.weekday = static_cast<unsigned>(wd);
                e.start = tokens[k].start;
                e.end = tokens[k].end;
                if (k > 0 && only_spaces(gap(k))) {
                    const std::string_view before = word(k - 1);
                    if (equals_folded(before, "last") || equals_folded(before, "next") || equals_folded(before, "this")) {
                        e.direction = equals_folded(before, "last") ? -1 : equals_folded(before, "next") ? 1 : 0;
                        e.start = tokens[k - 1].start;
                    }
                }
                e.future = e.direction > 0 || spoken_of_as_future(text, e.start);
                found.push_back(e);
                continue;
            }
            // "last week", "next month", "this year", "earlier this year", "later this month".
            if (k + 1 < tokens.size() && only_spaces(gap(k + 1))) {
                std::size_t unit_at = k + 1;
                int offset_periods = 0;
                bool is_period = true;
                if (equals_folded(w, "last") || equals_folded(w, "past")) {
                    offset_periods = -1;
                } else if (equals_folded(w, "next") || equals_folded(w, "coming")) {
                    offset_periods = 1;
                } else if (equals_folded(w, "this")) {
                    offset_periods = 0;
                } else if ((equals_folded(w, "earlier") || equals_folded(w, "later")) && k + 2 < tokens.size() &&
                           equals_folded(word(k + 1), "this") && only_spaces(gap(k + 2))) {
                    unit_at = k + 2;
                } else {
                    is_period = false;
                }
                if (is_period) {
                    const std::string_view unit = word(unit_at);
                    std::optional<DateExpression::Granularity> g;
                    if (equals_folded(unit, "week")) g = DateExpression::Granularity::week;
                    if (equals_folded(unit, "month")) g = DateExpression::Granularity::month;
                    if (equals_folded(unit, "year")) g = DateExpression::Granularity::year;
                    if (g) {
                        DateExpression e;
                        e.kind = DateExpression::Kind::period;
                        e.granularity = *g;
                        e.offset_periods = offset_periods;
                        e.start = tokens[k].start;
                        e.end = tokens[unit_at].end;
                        found.push_back(e);
                        k = unit_at;
                        continue;
                    }
                }
            }
            // "a week ago", "three days ago".
            if (const int count = small_number(w); count > 0 && k + 2 < tokens.size() && only_spaces(gap(k + 1)) &&
                                                   only_spaces(gap(k + 2)) && equals_folded(word(k + 2), "ago")) {
                const std::string_view unit = word(k + 1);
                const int days = equals_folded(unit, "day") || equals_folded(unit, "days")     ? 1
                                 : equals_folded(unit, "week") || equals_folded(unit, "weeks") ? 7
                                                                                               : 0;
                if (days != 0) {
                    DateExpression e;
                    e.kind = DateExpression::Kind::relative;
                    e.offset_days = -count * days;
                    e.start = tokens[k].start;
                    e.end = tokens[k + 2].end;
                    found.push_back(e);
                    k += 2;
                    continue;
                }
            }
            int offset = 0;
            if (equals_folded(w, "today") || equals_folded(w, "tonight")) {
                offset = 0;
            } else if (equals_folded(w, "yesterday")) {
                offset = -1;
            } else if (equals_folded(w, "tomorrow")) {
                offset = 1;
            } else {
                continue;
            }
            DateExpression e;
            e.kind = DateExpression::Kind::relative;
            e.offset_days = offset;
            e.start = tokens[k].start;
            e.end = tokens[k].end;
            found.push_back(e);
            continue;
        }

        // "3 days ago", "2 weeks ago"
        if (tokens[k].end - tokens[k].start <= 2 && k + 2 < tokens.size() && only_spaces(gap(k + 1)) &&
            only_spaces(gap(k + 2)) && equals_folded(word(k + 2), "ago")) {
            const std::string_view unit = word(k + 1);
            const int days = equals_folded(unit, "days") || equals_folded(unit, "day")     ? 1
                             : equals_folded(unit, "weeks") || equals_folded(unit, "week") ? 7
                                                                                           : 0;
            if (days != 0) {
                DateExpression e;
                e.kind = DateExpression::Kind::relative;
                e.offset_days = -static_cast<int>(to_number(w)) * days;
                e.start = tokens[k].start;
                e.end = tokens[k + 2].end;
                found.push_back(e);
                k += 2;
                continue;
            }
        }
        // YYYY-MM-DD
        if (is_year(k) && k + 2 < tokens.size() && tokens[k + 1].digits && tokens[k + 2].digits &&
            gap(k + 1) == "-" && gap(k + 2) == "-" && tokens[k + 1].end - tokens[k + 1].start == 2 &&
            tokens[k + 2].end - tokens[k + 2].start == 2) {
            if (auto e = absolute_or_yearless(static_cast<int>(to_number(w)), to_number(word(k + 1)),
                                              to_number(word(k + 2)), tokens[k].start, tokens[k + 2].end)) {
                found.push_back(*e);
            }
            k += 2;
            continue;
        }
        // D/M/YYYY or M/D/YYYY, only where one reading is impossible.
        if (k + 2 < tokens.size() && tokens[k + 1].digits && is_year(k + 2) && gap(k + 1) == "/" &&
            gap(k + 2) == "/" && tokens[k].end - tokens[k].start <= 2 && tokens[k + 1].end - tokens[k + 1].start <= 2) {
            const unsigned a = to_number(w), b = to_number(word(k + 1));
            const int y = static_cast<int>(to_number(word(k + 2)));
            std::optional<DateExpression> e;
            if (a > 12 && b <= 12) e = absolute_or_yearless(y, b, a, tokens[k].start, tokens[k + 2].end);
            if (b > 12 && a <= 12) e = absolute_or_yearless(y, a, b, tokens[k].start, tokens[k + 2].end);
            if (a == b && a <= 12) e = absolute_or_yearless(y, a, b, tokens[k].start, tokens[k + 2].end);
            if (e) found.push_back(*e);
            k += 2;
            continue;
        }
        // D[th] [of] Month [YYYY]
        unsigned day = 0;
        const std::size_t used = day_at(k, day);
        if (used == 0) continue;
        std::size_t m = k + used;
        if (m < tokens.size() && equals_folded(word(m), "of") && only_spaces(gap(m))) ++m;
        if (m >= tokens.size() || !only_spaces(gap(m))) continue;
        const unsigned month = month_of(word(m), months_any_case);
        if (month == 0) continue;
        std::size_t last = m;
        int year = 0;
        if (last + 1 < tokens.size() && is_year(last + 1)) {
            std::string_view yg = gap(last + 1);
            if (yg.starts_with('.') || yg.starts_with(',')) yg.remove_prefix(1);  // "28 Sept. 2015"
            if (only_spaces(yg)) {
                year = static_cast<int>(to_number(word(last + 1)));
                ++last;
            }
        }
        if (auto e = absolute_or_yearless(year, month, day, tokens[k].start, tokens[last].end)) found.push_back(*e);
        k = last;
    }
    return found;
}

namespace {

// A word of a place name: capitalised ("Toronto", "BUENOS", "N.J.", "St."), or one of the
// small words place names hold ("Rio de Janeiro", "Stratford-upon-Avon").
// Wire copy is not always careful ("New york, March 2 -", "Mexico city"): after the first
// word, lower-case words pass too; the word limit and the date keep prose out.
bool is_place_word(std::string_view w, bool first) {
    if (w.empty()) return false;
    if (is_ascii_upper(w.front())) return true;
    if (first) return false;
    return std::all_of(w.begin(), w.end(), [](char c) { return is_ascii_lower(c) || c == '-' || c == '.'; });
}

}  // namespace

std::optional<Dateline> parse_dateline(std::string_view line) {
    // Wire copy sometimes leads with asterisks ("****LONDON, March 5 -").
    std::size_t start = 0;
    while (start < line.size() && (line[start] == '*' || line[start] == ' ')) ++start;
    const std::string_view text = line.substr(start);
    if (text.empty() || !is_ascii_upper(text.front())) return std::nullopt;

    // The head ends at a dash: " - ", " -- ", an em or en dash, or a hyphen glued to the
    // date ("INDIANAPOLIS, IND., March 4-").
    const std::string_view window = text.substr(0, std::min<std::size_t>(text.size(), 120));
    constexpr std::string_view separators[] = {" - ", " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", "\xE2\x80\x94 "};
    std::size_t sep = std::string_view::npos, sep_len = 0;
    for (std::string_view s : separators) {
        const std::size_t at = window.find(s);
        if (at != std::string_view::npos && at < sep) {
            sep = at;
            sep_len = s.size();
        }
    }
    for (std::size_t i = 1; i + 1 < window.size() && i < sep; ++i) {
        if (window[i] == '-' && is_ascii_digit(window[i - 1]) && window[i + 1] == ' ') {
            sep = i;
            sep_len = 2;
            break;
        }
    }

    // The place: capitalised words up to the first comma, bracket or dash (without a dash,
    // up to the first word that is not a place word: "LONDON 1996-12-06").
    std::size_t place_end = 0;
    while (place_end < text.size() && text[place_end] != ',' && text[place_end] != '(' &&
           place_end < (sep == std::string_view::npos ? text.size() : sep)) {
        ++place_end;
    }
    {
        // "JOHANNESBURG March 13 -": the place ends where its words do.
        std::size_t end = 0;
        for (std::size_t at = 0; at < place_end;) {
            std::size_t stop = text.find(' ', at);
            if (stop == std::string_view::npos || stop > place_end) stop = place_end;
            const std::string_view w = text.substr(at, stop - at);
            if (!is_place_word(w, at == 0) || month_of(w, false) != 0) break;
            end = stop;
            at = stop + 1;
        }
        place_end = end;
    }
    const std::string_view place = trim(text.substr(0, place_end));
    if (place.empty() || count_words(place) > 4) return std::nullopt;
    Dateline dl;
    dl.place = place;

    const bool place_in_capitals = std::none_of(place.begin(), place.end(), is_ascii_lower);
    if (sep == std::string_view::npos) {
        // "LONDON 1996-12-06": a place in capitals and an ISO date, no dash.
        auto dates = find_date_expressions(text.substr(place_end, 16));
        if (place_in_capitals && place_end + 1 < text.size() && is_ascii_digit(text[place_end + 1]) &&
            !dates.empty() && dates.front().kind == DateExpression::Kind::absolute &&
            trim(text.substr(place_end, dates.front().start)).empty()) {
            dl.date = dates.front();
            dl.date->start += start + place_end;
            dl.date->end += start + place_end;
            dl.length = dl.date->end;
            return dl;
        }
        return std::nullopt;
    }
    // Between place and dash only a state ("Calif.", "N.J."), a date and an agency in brackets.
    const std::string_view middle = text.substr(place_end, sep - place_end);
    if (count_words(middle) > 7) return std::nullopt;
    if (!middle.empty() && middle.front() != ',' && middle.front() != '(' && middle.front() != ' ') return std::nullopt;
    auto dates = find_date_expressions(middle, true);
    if (!dates.empty() && dates.front().kind != DateExpression::Kind::weekday &&
        dates.front().kind != DateExpression::Kind::relative) {
        dl.date = dates.front();
        dl.date->start += start + place_end;
        dl.date->end += start + place_end;
    } else if (!place_in_capitals) {
        // Without a date, only a place in capitals makes a dateline ("WASHINGTON — (CNN)"):
        // "Officials said - again -" is prose.
        return std::nullopt;
    }
    dl.length = start + sep + sep_len;
    // "WASHINGTON — (CNN) An international ...": the agency after the dash belongs to it.
    const std::string_view rest = line.substr(dl.length);
    if (rest.starts_with('(')) {
        const std::size_t close = rest.find(')');
        if (close != std::string_view::npos && close < 40) dl.length += close + 1;
    }
    return dl;
}

namespace {

// The year that puts month/day closest to and not after the anchor.
std::optional<Date> latest_not_after(unsigned month, unsigned day, const Date& anchor) {
    for (int year = anchor.year; year >= anchor.year - 4; --year) {
        if (Date::valid(year, month, day) && Date{year, month, day} <= anchor) return Date{year, month, day};
    }
    return std::nullopt;
}

std::optional<Date> first_not_before(unsigned month, unsigned day, const Date& bound) {
    for (int year = bound.year; year <= bound.year + 4; ++year) {
        if (Date::valid(year, month, day) && Date{year, month, day} >= bound) return Date{year, month, day};
    }
    return std::nullopt;
}

Date shift_to_weekday(const Date& from, unsigned weekday, int step, bool include_from) {
    std::int64_t days = from.to_days();
    if (!include_from) days += step;
    while (Date::from_days(days).weekday() != weekday) days += step;
    return Date::from_days(days);
}

std::optional<Date> resolve_unchecked(const DateExpression& e, const DateContext& context) {
    const std::optional<Date> anchor = context.published ? context.published : context.reference;
    switch (e.kind) {
        case DateExpression::Kind::absolute:
            return Date{e.year, e.month, e.day};
        case DateExpression::Kind::yearless:
            if (anchor) return latest_not_after(e.month, e.day, *anchor);
            if (context.lower_bound) return first_not_before(e.month, e.day, *context.lower_bound);
            return std::nullopt;
        case DateExpression::Kind::weekday:
            if (anchor) {
                if (e.direction > 0 || e.future) return shift_to_weekday(*anchor, e.weekday, +1, e.direction == 0);
                return shift_to_weekday(*anchor, e.weekday, -1, e.direction == 0);
            }
            // Only a lower bound: the story was published on or after it, so a weekday it
            // reports in the past is its first occurrence from the bound on.
            if (context.lower_bound && !e.future && e.direction == 0) {
                return shift_to_weekday(*context.lower_bound, e.weekday, +1, true);
            }
            return std::nullopt;
        case DateExpression::Kind::relative:
            if (anchor) return Date::from_days(anchor->to_days() + e.offset_days);
            return std::nullopt;
        case DateExpression::Kind::period:
            return std::nullopt;  // not a day
    }
    return std::nullopt;
}

}  // namespace

std::optional<Date> resolve(const DateExpression& e, const DateContext& context) {
    // An anchor at the edge of the calendar (a feed's placeholder "0001-01-01") can put
    // "yesterday" or "last Monday" in year 0, which no Date holds.
    const std::optional<Date> day = resolve_unchecked(e, context);
    if (day && !Date::valid(day->year, day->month, day->day)) return std::nullopt;
    return day;
}

namespace {
bool in_calendar(int year) { return Date::valid(year, 1, 1); }
}  // namespace

std::optional<std::string> resolve_norm(const DateExpression& e, const DateContext& context) {
    if (e.kind != DateExpression::Kind::period) {
        const std::optional<Date> day = resolve(e, context);
        if (!day) return std::nullopt;
        return day->to_string();
    }
    const std::optional<Date> anchor = context.published ? context.published : context.reference;
    if (!anchor) return std::nullopt;
    char buffer[16];
    switch (e.granularity) {
        case DateExpression::Granularity::year:
            if (!in_calendar(anchor->year + e.offset_periods)) return std::nullopt;
            std::snprintf(buffer, sizeof buffer, "%04d", anchor->year + e.offset_periods);
            return std::string(buffer);
        case DateExpression::Granularity::month: {
            const int months = anchor->year * 12 + static_cast<int>(anchor->month) - 1 + e.offset_periods;
            if (!in_calendar(months / 12)) return std::nullopt;
            std::snprintf(buffer, sizeof buffer, "%04d-%02d", months / 12, months % 12 + 1);
            return std::string(buffer);
        }
        case DateExpression::Granularity::week:
        case DateExpression::Granularity::day: {
            // ISO 8601 week: the week (Monday to Sunday) whose Thursday falls in the year.
            const Date day = Date::from_days(anchor->to_days() + 7 * e.offset_periods);
            if (!in_calendar(day.year)) return std::nullopt;
            const Date thursday = Date::from_days(day.to_days() - day.weekday() + 3);
            const int week = static_cast<int>((thursday.to_days() - Date{thursday.year, 1, 1}.to_days()) / 7 + 1);
            std::snprintf(buffer, sizeof buffer, "%04d-W%02d", thursday.year, week);
            return std::string(buffer);
        }
    }
    return std::nullopt;
}

std::optional<Date> resolve_dateline(const DateExpression& e, const DateContext& context) {
    if (e.kind == DateExpression::Kind::absolute) return Date{e.year, e.month, e.day};
    if (e.kind != DateExpression::Kind::yearless) return std::nullopt;
    DateContext without_published = context;
    without_published.published.reset();
    return resolve(e, without_published);
}

}  // namespace newsindex::detail
