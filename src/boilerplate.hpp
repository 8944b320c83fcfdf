#pragma once
// Boilerplate stage: decides which lines of an article's text are page furniture.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsindex::detail {

/// Why a line was judged boilerplate (for audits and tests).
enum class BoilerplateReason {
    none,     ///< content
    pattern,     ///< matches the pattern list
    vocabulary,  ///< a short line of furniture words ("Click to share on WhatsApp")
    shape,       ///< its form and position (trailing related-story teasers)
    repeated,    ///< recurs across many articles of the same source, in varied company
};

/// Lines that recur verbatim across the articles of one source (a folder of files): page
/// furniture no pattern knows. Survey a sample of the source's articles, then finish().
/// A line counts when it is short, has no digits, appears in at least 1% of the surveyed
/// articles (and at least 5), and its neighbours vary: the lines before and after it start
/// with different words. That last test keeps recurring table labels ("Year", "Nine mths"),
/// which always precede the same kind of line, as content.
class RepeatedLines {
  public:
    /// Adds the lines of one article to the survey.
    void survey(const std::vector<std::string_view>& lines);
    /// Decides which surveyed lines are furniture; the survey data is released.
    void finish();

    /// True if the line (as written; it is folded here) was judged furniture.
    [[nodiscard]] bool contains(std::string_view line) const;
    [[nodiscard]] std::size_t size() const noexcept { return m_furniture.size(); }
    [[nodiscard]] std::size_t documents() const noexcept { return m_documents; }

  private:
    struct Occurrences {
        std::size_t documents = 0;
        std::size_t last_document = 0;
        std::vector<std::string> before;  // first word of the previous line, for a sample
        std::vector<std::string> after;
    };
    std::unordered_map<std::string, Occurrences> m_survey;
    std::unordered_set<std::string> m_furniture;
    std::size_t m_documents = 0;
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

    /// One verdict per line; blank lines are never boilerplate. repeated, if given, holds the
    /// recurring furniture of the article's source.
    [[nodiscard]] std::vector<BoilerplateReason> classify(const std::vector<std::string_view>& lines,
                                                          const RepeatedLines* repeated = nullptr) const;

    /// True if the line alone matches the pattern list.
    [[nodiscard]] bool matches_pattern(std::string_view line) const;

    /// True if the line is short, has no digits, and is made of furniture words: at least
    /// 60% of its content words when it starts with an imperative ("Scroll down for
    /// video"), all of them (two or more) otherwise ("Sponsored Stories").
    [[nodiscard]] bool made_of_furniture_words(std::string_view line) const;

  private:
    // Heterogeneous lookup: a folded line is probed as a view, without a copy.
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

    [[nodiscard]] BoilerplateReason judge(std::string_view line) const;
    [[nodiscard]] bool furniture_by_pattern(std::string_view folded, std::size_t words) const;
    [[nodiscard]] bool furniture_by_words(std::string_view folded) const;
    [[nodiscard]] bool contains_marker(std::string_view line) const;  // case-insensitive, unfolded
    void load_patterns(std::string_view patterns);
    void load_vocabulary(std::string_view vocabulary);

    std::unordered_set<std::string> m_furniture_words;
    std::unordered_set<std::string> m_imperatives;
    std::unordered_set<std::string> m_stop_words;
    std::unordered_set<std::string, StringHash, std::equal_to<>> m_lines;
    std::vector<std::string> m_prefixes;
    std::vector<std::string> m_contains;
};

}  // namespace newsindex::detail
