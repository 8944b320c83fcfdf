#pragma once
// Dates stage: finds date expressions in English news text and resolves them to days.

#include <newsindex/types.hpp>

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace newsindex::detail {

/// A date expression as written, before resolution.
struct DateExpression {
    enum class Kind {
        absolute,  ///< day, month and year given: "September 28, 2015", "2015-09-28"
        yearless,  ///< day and month: "March 3", "Sept. 28th"
        weekday,   ///< "Thursday", "last Monday", "on Wednesday morning"
        relative,  ///< "today", "yesterday", "tomorrow", "three days ago": offset days from the anchor
        period,    ///< "last week", "next month", "earlier this year": a week, month or year
    };
    enum class Granularity { day, week, month, year };
    Kind kind = Kind::absolute;
    std::size_t start = 0;  ///< byte offsets into the scanned text
    std::size_t end = 0;
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    unsigned weekday = 0;   ///< 0 = Monday, for Kind::weekday
    int offset_days = 0;    ///< for Kind::relative
    Granularity granularity = Granularity::day;  ///< for Kind::period
    int offset_periods = 0; ///< for Kind::period: -1 last, 0 this, +1 next
    int direction = 0;      ///< weekday: -1 "last", +1 "next", 0 bare or "this"
    bool future = false;    ///< the sentence speaks of the future ("will meet Tuesday")
};

/// Every date expression in text, in order of position. Month names count only when
/// capitalised ("may" is a verb) unless months_any_case.
[[nodiscard]] std::vector<DateExpression> find_date_expressions(std::string_view text, bool months_any_case = false);

/// A dateline at the head of an article ("WASHINGTON, Oct 1 (Reuters) -", "BUENOS AIRES,
/// Feb 26 -", "WASHINGTON — (CNN)"), if the line starts with one.
struct Dateline {
    std::string_view place;              ///< "WASHINGTON"
    std::optional<DateExpression> date;  ///< its date, if it carries one
    std::size_t length = 0;              ///< bytes of the line taken by the dateline
};
[[nodiscard]] std::optional<Dateline> parse_dateline(std::string_view line);

/// What is known when the expressions of one article are resolved.
struct DateContext {
    std::optional<Date> published;    ///< from metadata or the dateline
    std::optional<Date> reference;    ///< --reference-date
    std::optional<Date> lower_bound;  ///< the latest explicit date the article states
};

/// The day an expression denotes, or nullopt if the context cannot anchor it. Never guesses
/// from the clock. Rules (GOLD.md): with an anchor (published, else reference), a yearless
/// date takes the year that puts it closest to and not after the anchor; a weekday is the
/// latest such day on or before it ("next": the first after it). With only a lower bound, a
/// yearless date or a weekday not spoken of as future is the first such day on or after it.
[[nodiscard]] std::optional<Date> resolve(const DateExpression& expression, const DateContext& context);

/// The normalised value of an expression: "YYYY-MM-DD" for a day, "YYYY-Www" (ISO week),
/// "YYYY-MM" or "YYYY" for a period; nullopt if the context cannot anchor it.
[[nodiscard]] std::optional<std::string> resolve_norm(const DateExpression& expression, const DateContext& context);

/// The day a yearless dateline means: anchored like resolve() with the published date unknown.
[[nodiscard]] std::optional<Date> resolve_dateline(const DateExpression& expression, const DateContext& context);

}  // namespace newsindex::detail
