#pragma once
// HTML stage: turns the markup of a page into article text, title and metadata.

#include <newsindex/types.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace newsindex::detail {

struct HtmlContent {
    std::string title;
    std::string text;  ///< one block (paragraph, heading, list item) per line
    std::optional<std::string> canonical_url;
    std::optional<Date> published;
};

/// Parses a page with an HTML5 parser (gumbo) and extracts its text. Scripts, styles,
/// navigation, headers, footers, asides, forms and hidden elements are dropped; block
/// elements become lines. Title from og:title, else <title>. Main-content scoring is the
/// HTML issue's; this is the reader the rest of the pipeline plugs into. Throws InputError
/// for a page nested so deep (about 20,000 open elements) that parsing it would take long.
[[nodiscard]] HtmlContent extract_html(std::string_view html);

/// The deepest nesting of open tags, counted cheaply (an upper bound of the parsed depth for
/// pages whose tags are closed).
[[nodiscard]] std::size_t estimate_nesting(std::string_view html);

}  // namespace newsindex::detail
