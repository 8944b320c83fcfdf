#pragma once
// Boilerplate stage: decides which lines of an article's text are page furniture.

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace newsindex::detail {

/// Why a line was judged boilerplate (for audits and tests).
enum class BoilerplateReason {
    none,     ///< content
    pattern,     ///< matches the pattern list
    vocabulary,  ///< a short line of furniture words ("Click to share on WhatsApp")
    shape,       ///< its form and position (trailing related-story teasers)
};

/// Classifies the lines of one article. Evidence: the pattern list of known furniture
/// (data/boilerplate/patterns.tsv), the words of furniture for lines no pattern knows
/// (data/boilerplate/vocabulary.tsv; both compiled into the library), and the shape of a
/// line and its place in the article. Immutable after construction; thread-safe.
class BoilerplateFilter {
  public:
    /// The built-in pattern list and vocabulary.
    BoilerplateFilter();
    /// A pattern list and a vocabulary in the formats of data/boilerplate/. Throws Error on
    /// a malformed line (naming it).
    BoilerplateFilter(std::string_view patterns, std::string_view vocabulary);

    /// One verdict per line; blank lines are never boilerplate.
    [[nodiscard]] std::vector<BoilerplateReason> classify(const std::vector<std::string_view>& lines) const;

    /// True if the line alone matches the pattern list.
    [[nodiscard]] bool matches_pattern(std::string_view line) const;

    /// True if the line is short, has no digits, and is made of furniture words: at least
    /// 60% of its content words when it starts with an imperative ("Scroll down for
    /// video"), all of them (two or more) otherwise ("Sponsored Stories").
    [[nodiscard]] bool made_of_furniture_words(std::string_view line) const;

  private:
    void load_patterns(std::string_view patterns);
    void load_vocabulary(std::string_view vocabulary);

    std::unordered_set<std::string> m_furniture_words;
    std::unordered_set<std::string> m_imperatives;
    std::unordered_set<std::string> m_stop_words;
    std::unordered_set<std::string> m_lines;
    std::vector<std::string> m_prefixes;
    std::vector<std::string> m_contains;
};

}  // namespace newsindex::detail
