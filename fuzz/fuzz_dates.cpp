// The date parser: expressions in running text, datelines, and their resolution against
// every kind of anchor.

#include "dates.hpp"
#include "encoding.hpp"
#include "text_util.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace newsindex;

namespace {

void resolve_all(const detail::DateExpression& e) {
    const detail::DateContext contexts[] = {
        {},
        {Date{2015, 9, 28}, std::nullopt, std::nullopt},
        {std::nullopt, Date{2000, 2, 29}, std::nullopt},
        {std::nullopt, std::nullopt, Date{1999, 12, 31}},
        {Date{1, 1, 1}, Date{9999, 12, 31}, Date{2015, 1, 1}},
    };
    for (const detail::DateContext& context : contexts) {
        if (const auto d = detail::resolve(e, context); d && !Date::valid(d->year, d->month, d->day)) std::abort();
        (void)detail::resolve_norm(e, context);
        (void)detail::resolve_dateline(e, context);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the options; the rest is the text, which the stage gets as UTF-8.
    const bool months_any_case = (data[0] & 1) != 0;
    const std::string decoded =
        detail::decode_to_utf8(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)).text;
    const std::string_view text = decoded;

    std::size_t previous_start = 0;
    for (const detail::DateExpression& e : detail::find_date_expressions(text, months_any_case)) {
        // Expressions are spans of the text, in order of position.
        if (e.start > e.end || e.end > text.size() || e.start < previous_start) std::abort();
        previous_start = e.start;
        resolve_all(e);
    }
    for (const std::string_view line : detail::split_lines(text)) {
        if (const auto dateline = detail::parse_dateline(line)) {
            if (dateline->length > line.size()) std::abort();
            if (dateline->date) resolve_all(*dateline->date);
        }
    }
    return 0;
}
