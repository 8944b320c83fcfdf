#pragma once
// The command lines of the bench tools: options as "--name value" or "--name=value", and
// counts. One walker instead of a copy of the same loop in every tool.

#include <charconv>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace bench {

/// A command line that cannot be run; the message says why.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A non-negative decimal number given to `option`. Throws UsageError.
inline std::size_t parse_count(std::string_view option, std::string_view value) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
        throw UsageError(std::string(option) + ": '" + std::string(value) + "' is not a number");
    }
    return n;
}

/// Walks argv[first..]: arg() is the current argument, without an "=value" part;
/// take_value() its value, from that part or from the next argument.
class ArgWalker {
  public:
    ArgWalker(int argc, char** argv, int first = 1) : m_argc(argc), m_argv(argv), m_i(first - 1) {}

    /// Moves to the next argument; false when there is none.
    [[nodiscard]] bool next() {
        if (++m_i >= m_argc) return false;
        m_arg = m_argv[m_i];
        m_value.reset();
        if (const auto eq = m_arg.find('='); m_arg.starts_with("--") && eq != std::string_view::npos) {
            m_value = m_arg.substr(eq + 1);
            m_arg = m_arg.substr(0, eq);
        }
        return true;
    }
    [[nodiscard]] std::string_view arg() const noexcept { return m_arg; }
    /// The argument as given, "=value" included (for messages).
    [[nodiscard]] std::string_view whole() const noexcept { return m_argv[m_i]; }
    /// True if the argument carried "=value" (a switch must not).
    [[nodiscard]] bool has_inline_value() const noexcept { return m_value.has_value(); }
    /// The option's value. Throws UsageError if there is none.
    std::string_view take_value() {
        if (m_value) return *m_value;
        if (m_i + 1 >= m_argc) throw UsageError(std::string(m_arg) + " needs a value");
        return m_argv[++m_i];
    }

  private:
    int m_argc;
    char** m_argv;
    int m_i;
    std::string_view m_arg;
    std::optional<std::string_view> m_value;
};

}  // namespace bench
