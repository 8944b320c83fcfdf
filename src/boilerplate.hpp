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
    pattern,  ///< matches the pattern list
    shape,    ///< its form and position (share bars, trailing teasers)
};

/// Classifies the lines of one article. Evidence: the pattern list (data/boilerplate/
/// patterns.tsv, compiled into the library), and the shape of a line and its place in the
/// article. Immutable after construction; safe to share between threads.
class BoilerplateFilter {
  public:
    /// The built-in pattern list.
    BoilerplateFilter();
    /// A pattern list in the format of data/boilerplate/patterns.tsv. Throws Error on a
    /// malformed line (naming it).
    explicit BoilerplateFilter(std::string_view patterns);

    /// One verdict per line; blank lines are never boilerplate.
    [[nodiscard]] std::vector<BoilerplateReason> classify(const std::vector<std::string_view>& lines) const;

    /// True if the line alone matches the pattern list.
    [[nodiscard]] bool matches_pattern(std::string_view line) const;

  private:
    std::unordered_set<std::string> m_lines;
    std::vector<std::string> m_prefixes;
    std::vector<std::string> m_contains;
};

}  // namespace newsindex::detail
