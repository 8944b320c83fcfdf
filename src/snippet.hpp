#pragma once

// Snippets of search results: the passage of an article's text that best shows why it
// matched, on one line, with the matched words as byte ranges.
//
// Xapian's MSet::snippet stems every word of the text (twice on a STEM_ALL_Z index) and took
// a third of a ten-hit search (query-bench). English stemming keeps a word's first letter,
// so only words that begin like one of the query's stems need stemming at all.

#include <xapian.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newsindex::detail {

struct Snippet {
    std::string text;  ///< one line: runs of white space are one space
    std::vector<std::pair<std::size_t, std::size_t>> highlights;  ///< [first, second) of text
};

/// Finds a query's words in texts. Built once per search, used for each hit (by one thread:
/// it remembers the words it has stemmed).
class SnippetMaker {
public:
    /// stems: the stemmed words the query asks for (lower case, no term prefix), each with a
    /// weight (how much a passage holding it is worth; e.g. the term's weight in the search).
    SnippetMaker(std::vector<std::pair<std::string, double>> stems, Xapian::Stem stemmer);

    /// The stemmed words of a query's terms: those of its stemmed ("Z") terms, with any
    /// field prefix ("ZS" for the title) removed. Other terms (filters) are skipped.
    [[nodiscard]] static std::vector<std::string> stems_of(const Xapian::Query& query);

    /// The passage of about `length` bytes of text holding the most (by weight) different
    /// query words, starting at its sentence where that fits, "..." marking cut ends. With
    /// no query word in text: its beginning.
    [[nodiscard]] Snippet make(std::string_view text, std::size_t length) const;

private:
    struct Match {
        std::size_t start;
        std::size_t end;
        std::size_t stem;  // index into m_stems
    };
    // Appends the matches of the words beginning in text[from, to) and returns where it
    // stopped: at `to`, or, if stop_length > 0, after the first match that completes a
    // passage of stop_length bytes holding every stem.
    std::size_t find(std::string_view text, std::size_t from, std::size_t to, std::size_t stop_length,
                     std::vector<Match>& matches) const;
    [[nodiscard]] bool may_match(std::string_view text, std::size_t start, std::size_t end) const;
    [[nodiscard]] std::size_t stem_index(const std::string& lower_word) const;
    [[nodiscard]] static std::size_t passage_start(std::string_view text, std::size_t anchor, std::size_t length);

    struct Head {
        std::string letter;    // the first letter of some stems, as UTF-8
        std::size_t shortest;  // the length of the shortest of them, in bytes
    };
    std::vector<std::pair<std::string, double>> m_stems;
    std::vector<Head> m_heads;  // of stems beginning beyond ASCII
    std::array<std::size_t, 128> m_ascii_shortest{};  // by first letter: shortest stem, or 0 for none
    Xapian::Stem m_stemmer;
    mutable std::unordered_map<std::string, std::size_t> m_seen;  // word -> index in m_stems, or its size
};

}  // namespace newsindex::detail
