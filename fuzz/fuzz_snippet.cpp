// SnippetMaker, which reads every shown hit's text byte by byte: the first line of the input
// holds the query's words (stemmed as a search stems them), the rest is the text, any bytes
// (invalid UTF-8, NUL, lone continuation bytes). The passage must keep to the length asked
// for, its marks lie inside it and in order, and the same text must give the same snippet.

#include "snippet.hpp"
#include "text_util.hpp"

#include <xapian.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using newsindex::detail::Snippet;
using newsindex::detail::SnippetMaker;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    // The first byte picks the passage length: short ones reach the cutting paths.
    const std::size_t length = 1 + data[0] % 300;
    const std::size_t newline = input.find('\n');
    const std::string_view words = input.substr(0, newline);
    const std::string_view text = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    const Xapian::Stem stemmer("english");
    std::vector<std::pair<std::string, double>> stems;
    std::string word;
    for (std::size_t i = 0; i <= words.size(); ++i) {
        if (i < words.size() && words[i] != ' ') {
            word += newsindex::detail::ascii_lower(words[i]);
            continue;
        }
        if (!word.empty()) stems.emplace_back(stemmer(word), static_cast<double>(stems.size() % 3));
        word.clear();
    }
    const SnippetMaker maker(stems, stemmer);
    const Snippet snippet = maker.make(text, length);

    // At most `length` bytes of the text (white space runs become one space), "..." at either end.
    if (snippet.text.size() > length + 6) std::abort();
    std::size_t previous_end = 0;
    for (const auto& [start, end] : snippet.highlights) {
        if (start >= end || end > snippet.text.size() || start < previous_end) std::abort();
        previous_end = end;
    }
    // The same text again gives the same snippet (the maker remembers stemmed words).
    const Snippet again = maker.make(text, length);
    if (again.text != snippet.text || again.highlights != snippet.highlights) std::abort();
    return 0;
}
