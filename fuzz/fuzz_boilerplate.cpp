// The boilerplate stage: the built-in filter over the input's lines, the survey of repeated
// lines, and a filter built from the input as its own pattern list and vocabulary.

#include "boilerplate.hpp"
#include "encoding.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace newsindex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const detail::BoilerplateFilter filter;
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    // The extractor hands the stage UTF-8 lines: decode the way it does.
    const std::string text = detail::decode_to_utf8(input).text;
    const std::vector<std::string_view> lines = detail::split_lines(text);
    const std::vector<detail::BoilerplateReason> verdicts = filter.classify(lines);
    if (verdicts.size() != lines.size()) std::abort();

    // Each line seen as an article of its own source, enough times to count as repeated.
    detail::RepeatedLines repeated;
    for (int i = 0; i < 6; ++i) repeated.survey(lines);
    repeated.finish();
    if (filter.classify(lines, &repeated).size() != lines.size()) std::abort();
    for (const std::string_view line : lines) {
        (void)repeated.contains(line);
        (void)filter.matches_pattern(line);
        (void)filter.made_of_furniture_words(line);
    }

    // Patterns and vocabulary from the input, split at the first NUL: malformed lines throw Error.
    const std::size_t split = input.find('\0');
    if (split != std::string_view::npos) {
        try {
            const detail::BoilerplateFilter own(input.substr(0, split), input.substr(split + 1));
            (void)own.classify(lines);
        } catch (const Error&) {
        }
    }
    return 0;
}
