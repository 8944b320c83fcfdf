#pragma once
// HTML stage: turns the markup of a page into article text, title and metadata.

#include <newsindex/types.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace newsindex::detail {

struct HtmlContent {
    std::string title;  ///< without the site's name; empty if the page has none
    std::string text;   ///< the article, one block (paragraph, heading, list item, cell) per line
    std::optional<std::string> canonical_url;
    std::optional<Date> published;
};

/// Parses a page with an HTML5 parser (gumbo) and extracts its main content: the article's
/// headings, paragraphs, lists, quotes, tables and embedded posts, one block per line (a
/// <br> also starts a line), entities decoded. Left out: navigation, comments, related and
/// teaser links, share bars, sidebars, captions, adverts, scripts, styles, frames and hidden
/// elements (hidden, aria-hidden, display:none, visibility:hidden), and the headline, which
/// is the title. The article is the part of the page whose text reads most like prose, with
/// class, id, role and tag names as evidence; a page where nothing does gives all its text
/// but the furniture. Short furniture lines inside the article ("Advertisement") are left
/// to the boilerplate stage.
/// Title: og:title, twitter:title, the article's h1 or <title>, cleaned by clean_title.
/// Published: JSON-LD datePublished (also in @graph and arrays, articles first), then
/// <meta> dates (article:published_time, itemprop=datePublished, date, pubdate, dc.date,
/// parsely-pub-date, sailthru.date, ...), a <time datetime> marked as the publication time
/// or in the article's header, then a date in the canonical url (/2015/09/28/); ISO, compact
/// and written-out dates are read, placeholders before 1800 are not. Canonical url:
/// <link rel=canonical>, else og:url. Time and memory are linear in the page's size.
/// Throws InputError for a page nested so deep (about 20,000 open elements) that parsing it
/// would take long.
[[nodiscard]] HtmlContent extract_html(std::string_view html);

/// A page title without the site's name: of the parts of "Headline | Section | Site" or
/// "Site - Headline" (separators |, -, en and em dash, middle dot, bullet, ::, //,
/// guillemets, ~, each between spaces), those at either end that name the site go: its
/// site_name (og:site_name) or the url's domain, alone or in a phrase of up to four words
/// ("BBC News" for bbc.com). Then a trailing part of up to n = 4 words goes while what
/// precedes it has more words (sections, or a site name neither tells); after a dash, which
/// also joins the clauses of a headline, only while that has at least 2n + 2 words. White
/// space is collapsed; a title without separators is otherwise returned as it is.
[[nodiscard]] std::string clean_title(std::string_view title, std::string_view site_name = {},
                                      std::string_view url = {});

/// The deepest nesting of open tags, counted cheaply (an upper bound of the parsed depth for
/// pages whose tags are closed). Elements without content (<br>, <img>, <meta> ...) and the
/// insides of scripts and styles add nothing.
[[nodiscard]] std::size_t estimate_nesting(std::string_view html);

}  // namespace newsindex::detail
