#include "html.hpp"

#include "dates.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

// Main-content extraction in linear passes over the page:
//
// 0. A byte scan drops the insides of scripts (JSON-LD excepted), styles and comments before
//    parsing: over half of a modern page, and the slowest part for gumbo to tokenise.
// 1. One walk of the gumbo tree (explicit stack: pages nest thousands deep) flattens it into
//    the block-level elements (Node, in document order, so a subtree is a range) and the
//    runs of text between block boundaries (Block: a paragraph, heading, list item, cell),
//    with the statistics that tell prose from furniture: characters, characters inside
//    links, words, stop words, commas and sentence ends. Metadata (titles, dates, canonical
//    url, JSON-LD) is gathered on the way. Hidden elements, scripts, styles, frames and
//    navigation are not walked.
// 2. Each block gets a weight: prose (sentences with function words, few links) counts its
//    text, other lines count little, and links and separate fragments cost. Weights add up
//    the tree. Class, id, role and tag names are evidence: a subtree marked as furniture
//    (comments, share, related, sidebar, caption ...; weak words such as "widget" only when
//    it holds little prose) earns nothing for its prose, and so does a teaser card (a linked
//    headline over a short summary) even when nothing marks it.
// 3. The article is the subtree with the best total, raised by evidence for it (article
//    body, content, story ...) and by starting at or soon after the headline (the h1 that
//    matches the title metadata); a lone paragraph gives way to its container; siblings
//    that carry prose of their own join it (Readability's sibling step).
// 4. Inside it, furniture and link-dense containers are dropped, and the headline with what
//    stands before it; what is left is written one block per line.
//
// Like boilerpipe and jusText, this looks at text statistics first; like Readability and
// trafilatura, it takes the page's own markup as evidence, but never as the whole story.
// Line-level furniture inside the article ("Advertisement") is left to the boilerplate
// stage, which runs on these lines.

namespace newsindex::detail {

namespace {

constexpr std::size_t max_nesting = 20000;
constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

// ----------------------------------------------------------------------------- tags

enum class TagRole : std::uint8_t { inline_text, block, skip };

// clang-format off
TagRole role_of(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_NAV:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
        case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
        case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME:
        case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_APPLET: case GUMBO_TAG_DATALIST: case GUMBO_TAG_KEYGEN:
        case GUMBO_TAG_MENU: case GUMBO_TAG_MENUITEM:
            return TagRole::skip;
        case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_P: case GUMBO_TAG_DIV:
        case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
        case GUMBO_TAG_H6: case GUMBO_TAG_HGROUP: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
        case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR: case GUMBO_TAG_CENTER: case GUMBO_TAG_FORM:
        case GUMBO_TAG_FIELDSET: case GUMBO_TAG_LEGEND: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_OPTION: case GUMBO_TAG_LISTING:
        case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP: case GUMBO_TAG_DIR:
        // Custom elements (<story-body>, <amp-img>) are containers in practice.
        case GUMBO_TAG_UNKNOWN:
            return TagRole::block;
        default:
            return TagRole::inline_text;
    }
}
// clang-format on

std::string_view attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
    return a != nullptr ? std::string_view(a->value) : std::string_view();
}

bool has_attribute(const GumboElement& element, const char* name) {
    return gumbo_get_attribute(&element.attributes, name) != nullptr;
}

bool equals_ci(std::string_view a, std::string_view lower) {
    return a.size() == lower.size() &&
           std::equal(a.begin(), a.end(), lower.begin(), [](char x, char y) { return ascii_lower(x) == y; });
}

bool starts_with_ci(std::string_view s, std::string_view lower_prefix) {
    return s.size() >= lower_prefix.size() && equals_ci(s.substr(0, lower_prefix.size()), lower_prefix);
}

bool contains_ci(std::string_view s, std::string_view lower) {
    if (lower.empty()) return true;
    for (std::size_t i = 0; i + lower.size() <= s.size(); ++i) {
        if (equals_ci(s.substr(i, lower.size()), lower)) return true;
    }
    return false;
}

// ------------------------------------------------------------- class and id evidence

// How a keyword may sit in a token of a class or id: the whole token, its start or its end
// ("sharebar", "postcomments"). Tokens are split at punctuation, digits and camelCase.
enum Match : std::uint8_t { whole = 1, prefix = 2, suffix = 4, anywhere = whole | prefix | suffix };

struct Keyword {
    std::string_view word;
    std::uint8_t match;
};

// clang-format off
// Containers of the article itself.
constexpr std::array positive_words{
    Keyword{"article", anywhere}, Keyword{"content", anywhere},  Keyword{"story", anywhere},
    Keyword{"body", anywhere},    Keyword{"post", whole | prefix}, Keyword{"entry", whole | prefix},
    Keyword{"main", whole | prefix}, Keyword{"hentry", whole},
    Keyword{"prose", whole},      Keyword{"richtext", whole},    Keyword{"blog", whole},
};

// Furniture: what sits around or inside an article but is not part of it. A class with one
// of these words is furniture whatever else it says ("article-comments", "post-share").
constexpr std::array furniture_words{
    Keyword{"comment", anywhere},    Keyword{"disqus", anywhere},     Keyword{"discussion", anywhere},
    Keyword{"share", anywhere},      Keyword{"sharing", anywhere},    Keyword{"social", anywhere},
    Keyword{"related", anywhere},    Keyword{"recommend", whole | prefix}, Keyword{"sidebar", anywhere},
    Keyword{"rail", whole | suffix}, Keyword{"aside", whole},         Keyword{"ad", whole},
    Keyword{"ads", whole},           Keyword{"adv", whole},           Keyword{"advert", whole | prefix},
    Keyword{"adsense", anywhere},    Keyword{"adslot", anywhere},     Keyword{"adunit", anywhere},
    Keyword{"dfp", whole},           Keyword{"sponsor", anywhere},    Keyword{"promo", anywhere},
    Keyword{"newsletter", anywhere}, Keyword{"subscribe", anywhere},  Keyword{"subscription", anywhere},
    Keyword{"signup", anywhere},     Keyword{"login", anywhere},      Keyword{"signin", anywhere},
    Keyword{"cookie", anywhere},     Keyword{"consent", whole | prefix}, Keyword{"gdpr", anywhere},
    Keyword{"breadcrumb", anywhere}, Keyword{"crumbs", whole},        Keyword{"menu", anywhere},
    Keyword{"nav", anywhere},        Keyword{"navigation", anywhere}, Keyword{"footer", anywhere},
    Keyword{"header", anywhere},     Keyword{"masthead", anywhere},   Keyword{"outbrain", anywhere},
    Keyword{"taboola", anywhere},    Keyword{"zergnet", anywhere},    Keyword{"popup", anywhere},
    Keyword{"modal", whole | prefix}, Keyword{"pagination", anywhere}, Keyword{"pager", whole},
    Keyword{"caption", anywhere},
};

// Weaker signs of furniture: page builders call every box a "widget", some sites keep the
// rest of the story in a "more" box. A positive word after them wins
// ("elementor-widget-theme-post-content"), and they do not count against a box that holds
// much prose.
constexpr std::array weak_furniture_words{
    Keyword{"widget", anywhere},     Keyword{"banner", anywhere},     Keyword{"trending", anywhere},
    Keyword{"popular", anywhere},    Keyword{"most", whole},          Keyword{"recent", whole | prefix}, Keyword{"search", anywhere},   Keyword{"byline", anywhere},
    Keyword{"author", whole | prefix}, Keyword{"tags", whole | suffix}, Keyword{"tag", whole},
    Keyword{"meta", whole | suffix}, Keyword{"toolbar", anywhere},    Keyword{"tools", whole | suffix},
    Keyword{"copyright", whole | prefix}, Keyword{"skip", whole},     Keyword{"print", whole},
    Keyword{"next", whole},          Keyword{"prev", whole},          Keyword{"previous", whole},
    Keyword{"follow", whole},        Keyword{"logo", whole | suffix},  Keyword{"gallery", anywhere},
    Keyword{"slideshow", anywhere},  Keyword{"carousel", anywhere},
};

// Words that make a class describe a layout, a state or an embedded quote rather than
// furniture: "has-sidebar", "comments-enabled", "no-ads", "social-media-embed" (a tweet the
// story quotes).
constexpr std::array modifier_words{
    std::string_view("no"),     std::string_view("has"),     std::string_view("with"),
    std::string_view("without"), std::string_view("enabled"), std::string_view("disabled"),
    std::string_view("open"),   std::string_view("closed"),  std::string_view("layout"),
    std::string_view("template"), std::string_view("count"), std::string_view("free"),
    std::string_view("embed"),  std::string_view("embedded"),
};
// clang-format on

template <std::size_t N>
bool matches(std::string_view token, const std::array<Keyword, N>& words, bool plural_is_list) {
    for (const Keyword& k : words) {
        if (token.size() < k.word.size()) continue;
        if (token.size() == k.word.size()) {
            if ((k.match & whole) && token == k.word) return true;
            continue;
        }
        if ((k.match & prefix) && token.starts_with(k.word)) {
            // "articles", "posts", "stories": a list of articles, not one.
            const std::string_view rest = token.substr(k.word.size());
            if (plural_is_list && (rest == "s" || rest == "es")) continue;
            return true;
        }
        if ((k.match & suffix) && token.ends_with(k.word)) return true;
    }
    return false;
}

// What a class name, an id or a custom element's name says about its element.
struct Evidence {
    int value = 0;      // > 0 article, < 0 furniture
    bool weak = false;  // all the furniture evidence is weak
};

constexpr int positive_name = 1, weak_furniture_name = -1, furniture_name = -2;

int name_evidence(std::string_view name) {
    bool positive = false, furniture = false, weak = false, modifier = false;
    char token[48];
    std::size_t length = 0;
    auto finish = [&] {
        if (length == 0) return;
        const std::string_view t(token, std::min(length, sizeof token));
        const bool commentary = t == "commentary";  // an opinion column, not reader comments
        if (std::find(modifier_words.begin(), modifier_words.end(), t) != modifier_words.end()) {
            modifier = true;
        } else if (!commentary && matches(t, furniture_words, false)) {
            furniture = true;
        } else if (matches(t, weak_furniture_words, false)) {
            weak = true;
            positive = false;  // only a positive word after it wins
        } else if (commentary || matches(t, positive_words, true)) {
            positive = true;
        }
        length = 0;
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (!is_ascii_alpha(c)) {
            finish();
            continue;
        }
        // camelCase boundary: "relatedLinks" -> "related", "links"
        if (is_ascii_upper(c) && i > 0 && is_ascii_lower(name[i - 1])) finish();
        if (length < sizeof token) token[length] = ascii_lower(c);
        ++length;
    }
    finish();
    if (modifier) return positive ? positive_name : 0;
    if (furniture) return furniture_name;
    if (positive) return positive_name;
    return weak ? weak_furniture_name : 0;
}

// A class attribute (several names) or an id.
Evidence attribute_evidence(std::string_view value) {
    Evidence e;
    bool strong = false;
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && is_ascii_space(value[i])) ++i;
        std::size_t j = i;
        while (j < value.size() && !is_ascii_space(value[j])) ++j;
        if (j > i) {
            const int v = name_evidence(value.substr(i, j - i));
            e.value += v;
            strong = strong || v == furniture_name;
        }
        i = j;
    }
    e.value = std::clamp(e.value, -2, 2);
    e.weak = !strong;
    return e;
}

// ---------------------------------------------------------------------- stop words

// The commonest function words of the languages news pages are mostly written in. Prose is
// full of them; menus, labels and headline lists are not (jusText's main signal).
// clang-format off
constexpr auto stop_words = [] {
    std::array words{
        // English
        std::string_view("a"), std::string_view("about"), std::string_view("after"), std::string_view("all"),
        std::string_view("also"), std::string_view("an"), std::string_view("and"), std::string_view("are"),
        std::string_view("as"), std::string_view("at"), std::string_view("be"), std::string_view("been"),
        std::string_view("but"), std::string_view("by"), std::string_view("can"), std::string_view("could"),
        std::string_view("for"), std::string_view("from"), std::string_view("had"), std::string_view("has"),
        std::string_view("have"), std::string_view("he"), std::string_view("her"), std::string_view("his"),
        std::string_view("i"), std::string_view("if"), std::string_view("in"), std::string_view("into"),
        std::string_view("is"), std::string_view("it"), std::string_view("its"), std::string_view("not"),
        std::string_view("of"), std::string_view("on"), std::string_view("or"), std::string_view("said"),
        std::string_view("she"), std::string_view("so"), std::string_view("than"), std::string_view("that"),
        std::string_view("the"), std::string_view("their"), std::string_view("there"), std::string_view("they"),
        std::string_view("this"), std::string_view("to"), std::string_view("was"), std::string_view("we"),
        std::string_view("were"), std::string_view("which"), std::string_view("who"), std::string_view("will"),
        std::string_view("with"), std::string_view("would"), std::string_view("you"),
        // German, French, Spanish, Portuguese, Italian, Dutch
        std::string_view("auf"), std::string_view("das"), std::string_view("dem"), std::string_view("den"),
        std::string_view("der"), std::string_view("die"), std::string_view("ein"), std::string_view("eine"),
        std::string_view("ist"), std::string_view("mit"), std::string_view("nicht"), std::string_view("sich"),
        std::string_view("und"), std::string_view("von"), std::string_view("zu"), std::string_view("au"),
        std::string_view("dans"), std::string_view("des"), std::string_view("du"), std::string_view("est"),
        std::string_view("et"), std::string_view("il"), std::string_view("la"), std::string_view("le"),
        std::string_view("les"), std::string_view("pour"), std::string_view("qui"), std::string_view("sur"),
        std::string_view("une"), std::string_view("con"), std::string_view("del"), std::string_view("el"),
        std::string_view("en"), std::string_view("es"), std::string_view("las"), std::string_view("los"),
        std::string_view("para"), std::string_view("por"), std::string_view("que"), std::string_view("se"),
        std::string_view("un"), std::string_view("uma"), std::string_view("com"), std::string_view("da"),
        std::string_view("de"), std::string_view("do"), std::string_view("em"), std::string_view("na"),
        std::string_view("no"), std::string_view("os"), std::string_view("che"), std::string_view("di"),
        std::string_view("e"), std::string_view("non"), std::string_view("per"), std::string_view("het"),
        std::string_view("van"), std::string_view("een"), std::string_view("op"),
        // Indonesian and Malay
        std::string_view("dan"), std::string_view("dengan"), std::string_view("ini"),
        std::string_view("itu"), std::string_view("yang"), std::string_view("untuk"), std::string_view("dari"),
        std::string_view("dalam"), std::string_view("tidak"), std::string_view("akan"), std::string_view("pada"),
        std::string_view("juga"), std::string_view("ke"), std::string_view("ada"),  // "di": see Italian
        // Russian (UTF-8)
        std::string_view("\xD0\xB8"), std::string_view("\xD0\xB2"), std::string_view("\xD0\xBD\xD0\xB5"),
        std::string_view("\xD0\xBD\xD0\xB0"), std::string_view("\xD1\x87\xD1\x82\xD0\xBE"),
        std::string_view("\xD1\x81"), std::string_view("\xD0\xBF\xD0\xBE"),
        std::string_view("\xD0\xBA\xD0\xB0\xD0\xBA"), std::string_view("\xD1\x8D\xD1\x82\xD0\xBE"),
        std::string_view("\xD0\xB4\xD0\xBB\xD1\x8F"),
    };
    std::sort(words.begin(), words.end());
    return words;
}();
// clang-format on
static_assert(std::adjacent_find(stop_words.begin(), stop_words.end()) == stop_words.end(), "stop words repeat");

bool is_stop_word(std::string_view lower_word) {
    return std::binary_search(stop_words.begin(), stop_words.end(), lower_word);
}

// ------------------------------------------------------------------ the page model

// A block-level element. Nodes are in document order: the subtree of node i is [i, end).
struct Node {
    std::uint32_t parent = no_index;
    std::uint32_t end = 0;
    std::uint32_t first_block = 0;  // its blocks are [first_block, end_block)
    std::uint32_t end_block = 0;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    std::int8_t hint = 0;       // class, id, role and tag evidence: < 0 furniture, > 0 article
    bool weak = false;          // the furniture evidence is weak
    bool furniture = false;     // judged furniture: the evidence, and for weak evidence little prose
    bool in_furniture = false;  // it or an ancestor is furniture
    // Sums over the subtree:
    float score = 0;  // block weights, furniture subtrees counted as costs
    float prose = 0;  // weights of the prose blocks, without evidence
    std::uint32_t chars = 0;
    std::uint32_t link_chars = 0;
    std::uint32_t prose_blocks = 0;
    std::uint32_t headline_links = 0;  // lines that are all link and read like a headline
};

// A run of text between block boundaries: a paragraph, heading, list item or cell.
struct Block {
    std::uint32_t node = 0;            // the innermost block element around it
    std::uint32_t begin = 0, end = 0;  // bytes of Page::text; '\n' where a <br> was
    std::uint32_t chars = 0;           // non-space characters; CJK ones count double
    std::uint32_t link_chars = 0;      // of them inside links
    std::uint32_t words = 0;
    std::uint32_t stop_words = 0;
    std::uint32_t commas = 0;
    std::uint32_t sentence_ends = 0;
    float weight = 0;
    bool prose = false;
};

struct DateCandidate {
    std::string value;
    int rank = 0;  // lower is better
};

struct TimeElement {
    std::string datetime;
    std::uint32_t block = 0;  // the number of blocks before it: its position in the text
    bool published = false;   // marked as the publication time (pubdate, itemprop, class)
};

struct Page {
    std::vector<Node> nodes;
    std::vector<Block> blocks;
    std::string text;
    // metadata
    std::string title_tag, og_title, twitter_title, site_name;
    std::optional<std::string> canonical, og_url;
    std::optional<DateCandidate> meta_date;
    std::vector<std::string> json_ld;
    std::vector<TimeElement> times;
    std::vector<std::uint32_t> h1_blocks;
};

// ----------------------------------------------------------------------- the walk

// The text inside an element, up to limit bytes and a bounded number of nodes (so that
// nested elements asking for their text cannot make the walk quadratic).
std::string text_of(const GumboNode* node, std::size_t limit = 4096) {
    std::string out;
    std::vector<const GumboNode*> stack{node};
    for (int budget = 2000; !stack.empty() && out.size() < limit && budget > 0; --budget) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
            out += n->v.text.text;
        } else if (n->type == GUMBO_NODE_ELEMENT) {
            const GumboVector& children = n->v.element.children;
            for (unsigned i = std::min(children.length, 256u); i > 0; --i) {
                stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
            }
        }
    }
    return out;
}

std::string collapse_space(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool nbsp =
            static_cast<unsigned char>(c) == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
        if (is_ascii_space(c) || nbsp) {
            space = !out.empty();
            if (nbsp) ++i;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool is_hidden(const GumboElement& e) {
    if (has_attribute(e, "hidden")) return true;
    if (equals_ci(attribute(e, "aria-hidden"), "true")) return true;
    const std::string_view style = attribute(e, "style");
    if (!style.empty()) {
        std::string compact;
        for (char c : style) {
            if (!is_ascii_space(c)) compact += ascii_lower(c);
        }
        if (compact.find("display:none") != std::string::npos ||
            compact.find("visibility:hidden") != std::string::npos) {
            return true;
        }
    }
    // Conventional class names of content kept for screen readers or shown by scripts.
    const std::string_view classes = attribute(e, "class");
    std::size_t i = 0;
    while (i < classes.size()) {
        while (i < classes.size() && is_ascii_space(classes[i])) ++i;
        std::size_t j = i;
        while (j < classes.size() && !is_ascii_space(classes[j])) ++j;
        const std::string_view name = classes.substr(i, j - i);
        for (std::string_view hidden : {"hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
                                        "screenreader-only", "d-none", "invisible"}) {
            if (equals_ci(name, hidden)) return true;
        }
        i = j;
    }
    return false;
}

Evidence element_evidence(const GumboElement& e, GumboTag tag) {
    int value = 0;
    bool strong = false;
    // clang-format off
    switch (tag) {
        case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: value += 1; break;
        case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_FIGCAPTION: value -= 2; strong = true; break;  // captions are not the story
        case GUMBO_TAG_HEADER: value -= 1; strong = true; break;
        // weak: some sites wrap the whole page in a form, figures hold quotes and embeds too
        case GUMBO_TAG_FIGURE: case GUMBO_TAG_FORM: value -= 1; break;
        default: break;
    }
    // clang-format on
    auto add = [&](Evidence ev) {
        value += ev.value;
        strong = strong || (ev.value < 0 && !ev.weak);
    };
    add(attribute_evidence(attribute(e, "class")));
    add(attribute_evidence(attribute(e, "id")));
    if (tag == GUMBO_TAG_UNKNOWN) {
        // A custom element's name is evidence like a class: <related-stories>, <story-body>.
        GumboStringPiece name = e.original_tag;
        gumbo_tag_from_original_text(&name);
        const int v = name_evidence(std::string_view(name.data, name.length));
        add(Evidence{v, v != furniture_name});
    }
    const std::string_view role = attribute(e, "role");
    if (equals_ci(role, "main") || equals_ci(role, "article")) value += 1;
    for (std::string_view furniture : {"navigation", "menu", "menubar", "banner", "contentinfo", "complementary",
                                       "search", "dialog", "alert", "alertdialog"}) {
        if (equals_ci(role, furniture)) {
            value -= 2;
            strong = true;
        }
    }
    const std::string_view itemprop = attribute(e, "itemprop");
    if (contains_ci(itemprop, "articlebody")) value += 3;
    if (contains_ci(itemprop, "comment") || contains_ci(attribute(e, "itemtype"), "comment")) {
        value -= 2;
        strong = true;
    }
    return Evidence{std::clamp(value, -3, 3), !strong};
}

class Walker {
  public:
    explicit Walker(Page& page) : m_page(page) {}

    void walk(const GumboNode* root) {
        struct Frame {
            const GumboNode* node;
            unsigned next_child;
        };
        std::vector<Frame> stack;
        if (enter(root)) stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const GumboVector& children =
                top.node->type == GUMBO_NODE_DOCUMENT ? top.node->v.document.children : top.node->v.element.children;
            if (top.next_child < children.length) {
                const auto* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
                if (enter(child)) stack.push_back({child, 0});
            } else {
                leave(top.node);
                stack.pop_back();
            }
        }
        close_block();
    }

  private:
    Page& m_page;
    std::vector<std::uint32_t> m_open;              // open block elements, innermost last
    std::vector<const GumboNode*> m_open_elements;  // the same, as parsed
    int m_links = 0;                                // depth of open <a href>
    int m_pre = 0;                                  // depth of open <pre>
    int m_head = 0;                                 // inside <head>: metadata only
    // the block being built
    std::uint32_t m_block_begin = 0;
    Block m_block;
    bool m_space = false;  // white space seen since the last character
    bool m_in_word = false;
    std::size_t m_word_begin = 0;

    std::uint32_t owner() const { return m_open.empty() ? 0 : m_open.back(); }

    void end_word() {
        if (!m_in_word) return;
        m_in_word = false;
        const std::string_view word = std::string_view(m_page.text).substr(m_word_begin);
        // A sentence ends in a full stop, maybe inside closing quotes or brackets.
        std::string_view end = word;
        for (bool stripped = true; stripped && !end.empty();) {
            stripped = false;
            for (std::string_view closing : {"\"", "'", ")", "]", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"}) {
                if (end.size() > closing.size() && end.ends_with(closing)) {
                    end.remove_suffix(closing.size());
                    stripped = true;
                }
            }
        }
        const char last = end.empty() ? ' ' : end.back();
        if (last == '.' || last == '!' || last == '?') ++m_block.sentence_ends;
        if (word.size() <= 12) {
            char lower[12];
            std::size_t n = 0;
            for (char c : word) {
                if (c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '"') break;
                lower[n++] = ascii_lower(c);
            }
            if (n > 0 && is_stop_word(std::string_view(lower, n))) ++m_block.stop_words;
        }
    }

    void append_text(std::string_view s) {
        std::string& text = m_page.text;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            const auto u = static_cast<unsigned char>(c);
            const bool nbsp = u == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
            if (is_ascii_space(c) || nbsp) {
                if (nbsp) ++i;
                end_word();
                if (c == '\n' && m_pre > 0) {
                    line_break();
                } else {
                    m_space = true;
                }
                continue;
            }
            if (m_space && text.size() > m_block_begin && text.back() != '\n') text += ' ';
            m_space = false;
            if (!m_in_word) {
                m_in_word = true;
                m_word_begin = text.size();
                ++m_block.words;
            }
            text += c;
            if ((u & 0xC0) != 0x80) {
                // CJK and Hangul (U+3000..U+D7FF) carry about a word per character.
                const std::uint32_t weight = (u >= 0xE3 && u <= 0xED) ? 2 : 1;
                m_block.chars += weight;
                if (m_links > 0) m_block.link_chars += weight;
            }
            if (c == ',') {
                ++m_block.commas;
            } else if (u >= 0x80 && text.size() >= 3) {
                // ideographic comma and full stop, fullwidth comma, exclamation and question marks
                const std::string_view tail = std::string_view(text).substr(text.size() - 3);
                if (tail == "\xE3\x80\x81" || tail == "\xEF\xBC\x8C") ++m_block.commas;
                if (tail == "\xE3\x80\x82" || tail == "\xEF\xBC\x81" || tail == "\xEF\xBC\x9F") ++m_block.sentence_ends;
            }
        }
    }

    void line_break() {
        end_word();
        m_space = false;
        std::string& text = m_page.text;
        if (text.size() > m_block_begin && text.back() != '\n') text += '\n';
    }

    void close_block() {
        end_word();
        m_space = false;
        std::string& text = m_page.text;
        while (text.size() > m_block_begin && text.back() == '\n') text.pop_back();
        if (m_block.chars > 0 && !m_open.empty()) {
            m_block.node = owner();
            m_block.begin = m_block_begin;
            m_block.end = static_cast<std::uint32_t>(text.size());
            m_page.blocks.push_back(m_block);
        } else {
            text.resize(m_block_begin);
        }
        m_block = Block{};
        m_block_begin = static_cast<std::uint32_t>(text.size());
    }

    void meta(const GumboElement& e) {
        const std::string_view property = attribute(e, "property");
        const std::string_view name = !attribute(e, "name").empty() ? attribute(e, "name") : attribute(e, "itemprop");
        const std::string_view content = trim(attribute(e, "content"));
        if (content.empty()) return;
        const std::string_view key = !property.empty() ? property : name;
        if (equals_ci(key, "og:title") && m_page.og_title.empty()) m_page.og_title = collapse_space(content);
        if (equals_ci(key, "twitter:title") && m_page.twitter_title.empty()) {
            m_page.twitter_title = collapse_space(content);
        }
        if ((equals_ci(key, "og:site_name") || equals_ci(key, "application-name")) && m_page.site_name.empty()) {
            m_page.site_name = collapse_space(content);
        }
        if (equals_ci(key, "og:url") && !m_page.og_url) m_page.og_url = std::string(content);
        // Publication dates, best first.
        int rank = 0;
        if (equals_ci(key, "article:published_time") || equals_ci(key, "og:published_time") ||
            equals_ci(key, "article:published")) {
            rank = 1;
        } else if (equals_ci(key, "datepublished")) {
            rank = 2;
        } else {
            for (std::string_view n : {"date", "pubdate", "publishdate", "publish_date", "publish-date", "dc.date",
                                       "dc.date.issued", "dc.date.created", "dcterms.date", "dcterms.issued",
                                       "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published",
                                       "article_date_original", "original-publish-date", "date.release"}) {
                if (equals_ci(key, n)) rank = 3;
            }
        }
        if (rank > 0 && (!m_page.meta_date || rank < m_page.meta_date->rank)) {
            m_page.meta_date = DateCandidate{std::string(content), rank};
        }
    }

    void link(const GumboElement& e) {
        const std::string_view rel = attribute(e, "rel");
        const std::string_view href = trim(attribute(e, "href"));
        if (equals_ci(trim(rel), "canonical") && !href.empty() && !m_page.canonical)
            m_page.canonical = std::string(href);
    }

    void time(const GumboElement& e) {
        std::string_view datetime = trim(attribute(e, "datetime"));
        if (datetime.empty()) datetime = trim(attribute(e, "content"));
        if (datetime.empty()) return;
        TimeElement t;
        t.datetime = std::string(datetime);
        t.block = static_cast<std::uint32_t>(m_page.blocks.size());
        t.published = has_attribute(e, "pubdate") || contains_ci(attribute(e, "itemprop"), "datepublished") ||
                      contains_ci(attribute(e, "class"), "publish") || contains_ci(attribute(e, "class"), "posted");
        m_page.times.push_back(std::move(t));
    }

    // Visits a node before its children; returns false to skip them.
    bool enter(const GumboNode* node) {
        switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
            case GUMBO_NODE_CDATA:
                if (m_head == 0) append_text(node->v.text.text);
                return false;
            case GUMBO_NODE_DOCUMENT:
                return true;
            case GUMBO_NODE_ELEMENT:
                break;
            default:
                return false;
        }
        const GumboElement& e = node->v.element;
        const GumboTag tag = e.tag;
        switch (tag) {
            case GUMBO_TAG_TITLE:
                if (m_page.title_tag.empty()) m_page.title_tag = collapse_space(text_of(node));
                return false;
            case GUMBO_TAG_META:
                meta(e);
                return false;
            case GUMBO_TAG_LINK:
                link(e);
                return false;
            case GUMBO_TAG_SCRIPT:
                if (contains_ci(attribute(e, "type"), "ld+json") && m_page.json_ld.size() < 16) {
                    m_page.json_ld.push_back(text_of(node, 1u << 20));
                }
                return false;
            case GUMBO_TAG_HEAD:
                ++m_head;
                return true;
            default:
                break;
        }
        if (m_head > 0) return true;  // metadata may sit anywhere in a malformed head
        if (tag == GUMBO_TAG_TIME) time(e);
        if (equals_ci(attribute(e, "itemprop"), "datepublished")) {
            // <span itemprop="datePublished">Nov 20, 2019</span> or a content attribute
            std::string value(trim(attribute(e, "content")));
            if (value.empty()) value = collapse_space(text_of(node, 200));
            if (!value.empty() && (!m_page.meta_date || m_page.meta_date->rank > 2)) {
                m_page.meta_date = DateCandidate{std::move(value), 2};
            }
        }
        const TagRole role = role_of(tag);
        if (role == TagRole::skip || is_hidden(e)) return false;
        if (tag == GUMBO_TAG_BR) {
            line_break();
            return false;
        }
        Evidence evidence;
        if (role == TagRole::inline_text) {
            // A span marked as furniture (a caption, a credit, a share line inside a
            // paragraph) is judged like a block.
            const bool marked = (tag == GUMBO_TAG_SPAN || tag == GUMBO_TAG_SMALL || tag == GUMBO_TAG_LABEL) &&
                                (has_attribute(e, "class") || has_attribute(e, "id"));
            if (marked) evidence = element_evidence(e, tag);
            if (!marked || evidence.value >= 0 || evidence.weak) {
                if (tag == GUMBO_TAG_A && has_attribute(e, "href")) ++m_links;
                return true;
            }
        } else {
            evidence = element_evidence(e, tag);
        }
        close_block();
        Node n;
        n.parent = m_open.empty() ? no_index : m_open.back();
        n.tag = tag;
        n.hint = static_cast<std::int8_t>(evidence.value);
        n.weak = evidence.weak;
        n.first_block = static_cast<std::uint32_t>(m_page.blocks.size());
        m_open.push_back(static_cast<std::uint32_t>(m_page.nodes.size()));
        m_open_elements.push_back(node);
        m_page.nodes.push_back(n);
        if (tag == GUMBO_TAG_PRE) ++m_pre;
        return true;
    }

    void leave(const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return;
        const GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_HEAD) {
            --m_head;
            return;
        }
        if (m_head > 0) return;
        if (m_open_elements.empty() || m_open_elements.back() != node) {
            if (tag == GUMBO_TAG_A && has_attribute(node->v.element, "href")) --m_links;
            return;
        }
        close_block();
        Node& n = m_page.nodes[m_open.back()];
        if (tag == GUMBO_TAG_H1 && m_page.blocks.size() > n.first_block) {
            m_page.h1_blocks.push_back(static_cast<std::uint32_t>(m_page.blocks.size() - 1));
        }
        n.end = static_cast<std::uint32_t>(m_page.nodes.size());
        n.end_block = static_cast<std::uint32_t>(m_page.blocks.size());
        if (tag == GUMBO_TAG_PRE) --m_pre;
        m_open.pop_back();
        m_open_elements.pop_back();
    }
};

// ---------------------------------------------------------------------- scoring

// Prose: sentences written for reading, as opposed to labels, menus and headlines.
bool is_prose(const Block& b) {
    const bool cjk = b.chars >= 12 * b.words;  // few spaces for the characters: Chinese or Japanese
    // Mostly links: a menu or a headline list; a long punctuated line with a long link is
    // still prose.
    if (b.link_chars * 10 > b.chars * 7) return false;
    if (b.link_chars * 2 > b.chars && (b.chars < 100 || b.sentence_ends + b.commas == 0)) return false;
    if (cjk) return b.chars >= 30 && (b.sentence_ends + b.commas > 0);
    if (b.words < 6) return false;
    if (b.chars >= 200) return true;
    const bool punctuated = b.sentence_ends > 0 || b.commas > 0;
    const bool function_words = b.stop_words * 5 >= b.words;
    return (punctuated && (function_words || b.words >= 10)) || (function_words && b.words >= 10);
}

// A block's weight, in characters: prose counts its text, less what sits in links, and a
// little for being a unit of its own; other text counts little, and links and each
// separate fragment cost.
float block_weight(const Block& b, GumboTag owner) {
    const auto chars = static_cast<float>(b.chars);
    const auto links = static_cast<float>(b.link_chars);
    if (b.prose) return chars - 1.5f * links + 20;  // a sentence is a unit, as a fragment is
    // A table's cells are short by nature: a standings table is data, not furniture.
    const bool cell = owner == GUMBO_TAG_TD || owner == GUMBO_TAG_TH;
    return 0.3f * (chars - links) - 1.5f * links - (cell ? 0.0f : 20.0f);
}

// A line that is all link and reads like a headline (not "Share", not "12:05").
bool is_headline_link(const Block& b) { return b.link_chars * 5 >= b.chars * 4 && b.words >= 3 && b.chars >= 15; }

// A teaser card of a grid or list of other stories: a linked headline, then a short
// summary, perhaps a date or a section label. Such grids can hold more prose than a short
// article. (A paragraph followed by a "Read the full report" link is not one.)
bool is_teaser(const Node& n, const std::vector<Block>& blocks) {
    if (n.hint > 0 || n.prose_blocks != 1 || n.headline_links == 0 || n.end_block - n.first_block > 6 ||
        n.prose > 320) {
        return false;
    }
    for (std::uint32_t b = n.first_block; b < n.end_block; ++b) {
        if (blocks[b].prose) return false;
        if (is_headline_link(blocks[b])) return true;
    }
    return false;
}

// Prose (in weight units) above which weak furniture evidence is taken to be wrong.
constexpr float weak_evidence_prose = 400;

void score(Page& page) {
    std::vector<Node>& nodes = page.nodes;
    for (Block& b : page.blocks) {
        b.prose = is_prose(b);
        Node& n = nodes[b.node];
        b.weight = block_weight(b, n.tag);
        n.score += b.weight;
        if (b.prose) {
            n.prose += b.weight;
            ++n.prose_blocks;
        }
        if (is_headline_link(b)) ++n.headline_links;
        n.chars += b.chars;
        n.link_chars += b.link_chars;
    }
    // Children follow their parent: one backward sweep adds every subtree into its parent.
    for (std::size_t i = nodes.size(); i-- > 0;) {
        Node& n = nodes[i];
        n.furniture = (n.hint < 0 && !(n.weak && n.prose >= weak_evidence_prose)) || is_teaser(n, page.blocks);
        if (n.furniture) {
            // Furniture is left out of the text wherever it is, so its prose (comments,
            // captions, teasers) earns nothing; its links and labels still cost.
            n.score = std::min(n.score, 0.0f) - 20;
        }
        if (n.parent == no_index) continue;
        Node& p = nodes[n.parent];
        p.score += n.score;
        p.prose += n.prose;
        p.chars += n.chars;
        p.link_chars += n.link_chars;
        p.prose_blocks += n.prose_blocks;
        p.headline_links += n.headline_links;
    }
    // Inside furniture unless the node's own evidence says article: layout wrappers named
    // after the sidebar they sit beside ("container-with-sidebar", "sticky-sidebar") hold
    // the article too, and the more specific evidence wins.
    for (Node& n : nodes) {
        const bool inherited = n.parent != no_index && nodes[n.parent].in_furniture && n.hint <= 0;
        n.in_furniture = n.furniture || inherited;
    }
}

float link_density(const Node& n) {
    return n.chars > 0 ? static_cast<float>(n.link_chars) / static_cast<float>(n.chars) : 0.0f;
}

// How much a node is worth as the article: its score, raised by positive evidence and by
// its position: an article starts at its headline, or soon after it (the byline, the
// picture), and does not end before it.
float selection_value(const Node& n, std::uint32_t headline) {
    if (n.score <= 0) return n.score;
    float factor = 1 + 0.2f * static_cast<float>(std::max<int>(n.hint, 0));
    if (headline != no_index) {
        if (n.end_block <= headline) {
            factor *= 0.8f;
        } else if (n.first_block <= headline + 20) {
            factor *= 1.1f;
        }
    }
    return n.score * factor;
}

bool is_furniture_tag(GumboTag tag) {
    return tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FORM;
}

// The article's roots: the best subtree, then those of its siblings that carry prose.
std::vector<std::uint32_t> choose_roots(const Page& page, std::uint32_t headline) {
    const std::vector<Node>& nodes = page.nodes;
    std::uint32_t best = no_index;
    float best_value = 0;
    // A paragraph of a comment is not the article, unless the page has nothing else.
    for (bool furniture_too : {false, true}) {
        for (std::uint32_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].in_furniture && !furniture_too) continue;
            const float v = selection_value(nodes[i], headline);
            if (v > best_value) {
                best_value = v;
                best = i;
            }
        }
        if (best != no_index) break;
    }
    // Nothing reads like an article (a list of links, a page of labels): the whole page,
    // less its furniture, as a plain walk would give it.
    if (best == no_index) return nodes.empty() ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{0};
    // A paragraph alone is not an article; its container is, with the short lines around it,
    // unless the container is mostly furniture.
    if (nodes[best].end == best + 1 && nodes[best].parent != no_index && nodes[best].tag != GUMBO_TAG_DIV &&
        nodes[best].tag != GUMBO_TAG_TD && !nodes[nodes[best].parent].in_furniture &&
        nodes[nodes[best].parent].score >= 0.5f * nodes[best].score) {
        best = nodes[best].parent;
    }
    const Node& top = nodes[best];
    if (top.parent == no_index) return {best};
    const Node& parent = nodes[top.parent];
    const float threshold = std::max(60.0f, 0.2f * top.score);
    std::vector<std::uint32_t> roots;
    for (std::uint32_t i = top.parent + 1; i < parent.end; i = nodes[i].end) {
        const Node& s = nodes[i];
        if (i == best) {
            roots.push_back(i);
            continue;
        }
        if (s.furniture || is_furniture_tag(s.tag) || s.score <= 0) continue;
        const bool good = s.score >= threshold && link_density(s) < 0.33f;
        // A lone paragraph beside the article (Readability): a lead set apart, a last line.
        const bool paragraph =
            s.tag == GUMBO_TAG_P && s.end == i + 1 && s.chars >= 80 && link_density(s) < 0.25f && s.prose > 0;
        if (good || paragraph) roots.push_back(i);
    }
    return roots;
}

// Inside the article: drop furniture subtrees and link-dense containers.
bool drop_inside(const std::vector<Node>& nodes, std::uint32_t i, const Node& root) {
    const Node& n = nodes[i];
    if (n.furniture) return true;
    const bool container = n.end > i + 1 || n.end_block > n.first_block + 1;
    return container && n.score < 0 && link_density(n) > 0.33f && n.prose < 0.5f * root.prose;
}

bool drop_block(const Block& b) {
    // a line that is all link: a related story, a byline, "Read more"
    return b.link_chars * 5 >= b.chars * 4 && b.chars < 200;
}

std::string fold_words(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
            out += ascii_lower(c);
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string article_text(const Page& page, const std::vector<std::uint32_t>& roots, std::string_view title) {
    const std::vector<Node>& nodes = page.nodes;
    std::vector<const Block*> kept;
    std::vector<std::uint8_t> dropped;
    for (std::uint32_t r : roots) {
        const Node& root = nodes[r];
        dropped.assign(root.end - r, 0);
        for (std::uint32_t i = r + 1; i < root.end; ++i) {
            const Node& n = nodes[i];
            dropped[i - r] = dropped[n.parent - r] != 0 || drop_inside(nodes, i, root) ? 1 : 0;
        }
        for (std::uint32_t b = root.first_block; b < root.end_block; ++b) {
            const Block& block = page.blocks[b];
            if (!dropped[block.node - r] && !drop_block(block)) kept.push_back(&block);
        }
    }
    // The headline is the title, not the text: drop it and what stands before it (kicker,
    // section label) when no prose comes first.
    const std::string folded_title = fold_words(title);
    if (!folded_title.empty()) {
        for (std::size_t i = 0; i < kept.size() && i < 8; ++i) {
            if (kept[i]->prose) break;
            const std::string_view line =
                std::string_view(page.text).substr(kept[i]->begin, kept[i]->end - kept[i]->begin);
            if (fold_words(line) == folded_title) {
                kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(i) + 1);
                break;
            }
        }
    }
    std::string text;
    for (const Block* b : kept) {
        if (!text.empty()) text += '\n';
        text.append(page.text, b->begin, b->end - b->begin);
    }
    return text;
}

// A block's text on one line.
std::string block_text(const Page& page, std::uint32_t b) {
    std::string text = page.text.substr(page.blocks[b].begin, page.blocks[b].end - page.blocks[b].begin);
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

// ------------------------------------------------------------------------ title

// Separators of a title's parts. Dashes also join the clauses of a headline ("wins the
// title - then loses it"); the others hardly ever do.
constexpr std::array dash_separators{
    std::string_view(" - "), std::string_view(" \xE2\x80\x93 "), std::string_view(" \xE2\x80\x94 "),  // en, em dash
};
constexpr std::array other_separators{
    std::string_view(" | "),
    std::string_view(" \xC2\xB7 "),
    std::string_view(" \xE2\x80\xA2 "),  // middle dot, bullet
    std::string_view(" :: "),
    std::string_view(" // "),
    std::string_view(" \xC2\xBB "),  // guillemet
    std::string_view(" \xC2\xAB "),
    std::string_view(" ~ "),
    std::string_view(" \xEF\xBD\x9C "),  // fullwidth bar
};

struct TitlePart {
    std::string_view text;
    bool after_dash = false;  // the separator before it is a dash
};

std::vector<TitlePart> split_title(std::string_view title) {
    std::vector<TitlePart> parts;
    std::size_t start = 0, i = 0;
    bool dash = false;
    auto separator_at = [&](std::size_t at, bool& is_dash) -> std::size_t {
        for (std::string_view sep : dash_separators) {
            if (title.substr(at).starts_with(sep)) {
                is_dash = true;
                return sep.size();
            }
        }
        for (std::string_view sep : other_separators) {
            if (title.substr(at).starts_with(sep)) {
                is_dash = false;
                return sep.size();
            }
        }
        return 0;
    };
    while (i < title.size()) {
        bool next_dash = false;
        const std::size_t length = separator_at(i, next_dash);
        if (length == 0) {
            ++i;
            continue;
        }
        parts.push_back({trim(title.substr(start, i - start)), dash});
        dash = next_dash;
        i += length;
        start = i;
    }
    parts.push_back({trim(title.substr(start)), dash});
    std::erase_if(parts, [](const TitlePart& p) { return p.text.empty(); });
    return parts;
}

std::string alnum_lower(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80) out += ascii_lower(c);
    }
    return out;
}

// "edition.cnn.com" -> "cnn"; "www.theguardian.co.uk" -> "theguardian"
std::string domain_name(std::string_view url) {
    std::size_t start = url.find("://");
    if (start == std::string_view::npos) return {};
    start += 3;
    std::string_view host = url.substr(start, url.find_first_of("/:?#", start) - start);
    std::vector<std::string_view> labels;
    std::size_t i = 0;
    while (i <= host.size()) {
        const std::size_t dot = std::min(host.find('.', i), host.size());
        labels.push_back(host.substr(i, dot - i));
        i = dot + 1;
    }
    // drop the public suffix: the last label, and a second-level one like "co" or "com"
    if (labels.size() >= 2) labels.pop_back();
    if (labels.size() >= 2 && labels.back().size() <= 3 &&
        (labels.back() == "co" || labels.back() == "com" || labels.back() == "org" || labels.back() == "net" ||
         labels.back() == "gov" || labels.back() == "ac" || labels.back() == "or" || labels.back() == "ne")) {
        labels.pop_back();
    }
    return labels.empty() ? std::string() : alnum_lower(labels.back());
}

// True if a part of a title is the site's name: its og:site_name or its domain, as it is or
// in a short phrase ("BBC News" on bbc.com, "CNN Politics"), but not a headline that starts
// with it ("The Guardian view on ...").
bool names_site(std::string_view part, std::string_view site_name, std::string_view domain) {
    const std::string p = alnum_lower(part);
    if (p.empty()) return false;
    const bool short_part = count_words(part) <= 4;
    for (const std::string& name : {alnum_lower(site_name), std::string(domain)}) {
        if (name.size() < 2) continue;
        if (p == name) return true;
        if (short_part && name.size() >= 3 &&
            (p.find(name) != std::string::npos || name.find(p) != std::string::npos)) {
            return true;
        }
    }
    return false;
}

// The title from the start of one part to the end of another, separators included.
std::string join_parts(const std::vector<TitlePart>& parts, std::size_t first, std::size_t last) {
    const char* begin = parts[first].text.data();
    const char* end = parts[last].text.data() + parts[last].text.size();
    return std::string(begin, static_cast<std::size_t>(end - begin));
}

}  // namespace

std::string clean_title(std::string_view title, std::string_view site_name, std::string_view url) {
    std::string collapsed = collapse_space(title);
    const std::vector<TitlePart> parts = split_title(collapsed);
    if (parts.size() <= 1) return collapsed;
    const std::string domain = domain_name(url);
    std::size_t first = 0, last = parts.size() - 1;
    bool changed = true;
    while (changed && first < last) {
        changed = false;
        if (names_site(parts[last].text, site_name, domain)) {
            --last;
            changed = true;
        } else if (names_site(parts[first].text, site_name, domain)) {
            ++first;
            changed = true;
        }
    }
    // Short trailing parts after a longer headline are the site's name or its sections
    // ("Officials resign | World | Example Times", "... | Editorial | Opinion"); after a
    // dash, only when the headline is much longer.
    auto words = [&](std::size_t from, std::size_t to) {
        std::size_t n = 0;
        for (std::size_t i = from; i <= to; ++i) n += count_words(parts[i].text);
        return n;
    };
    while (first < last) {
        const std::size_t tail = count_words(parts[last].text);
        const std::size_t head = words(first, last - 1);
        const bool goes = tail <= 4 && (parts[last].after_dash ? head >= 2 * tail + 2 : head > tail);
        if (!goes) break;
        --last;
    }
    return join_parts(parts, first, last);
}

namespace {

// The block of the article's headline: the h1 that says what the title metadata says, or,
// without title metadata, the page's only h1. no_index if there is none.
std::uint32_t find_headline(const Page& page, std::string_view url) {
    std::vector<std::string> titles;
    for (const std::string* t : {&page.og_title, &page.twitter_title, &page.title_tag}) {
        if (!t->empty()) titles.push_back(fold_words(clean_title(*t, page.site_name, url)));
    }
    for (std::uint32_t b : page.h1_blocks) {
        const std::string h1 = fold_words(block_text(page, b));
        if (h1.empty()) continue;
        for (const std::string& t : titles) {
            const std::size_t shorter = std::min(h1.size(), t.size());
            const std::size_t longer = std::max(h1.size(), t.size());
            const bool contained = h1.find(t) != std::string::npos || t.find(h1) != std::string::npos;
            if (h1 == t || (contained && shorter * 5 >= longer * 3)) return b;
        }
    }
    return titles.empty() && page.h1_blocks.size() == 1 ? page.h1_blocks.front() : no_index;
}

// -------------------------------------------------------------------------- dates

// "2019-11-20T10:00:00Z", "2019/11/20", "20191120", "November 20, 2019", "Wed, 20 Nov 2019".
std::optional<Date> parse_any_date(std::string_view value) {
    value = trim(value);
    if (value.size() >= 10) {
        std::string iso(value.substr(0, 10));
        if (iso[4] == '/' && iso[7] == '/') {
            iso[4] = '-';
            iso[7] = '-';
        }
        if (auto d = Date::parse(iso)) return d;
    }
    if (value.size() >= 8 && std::all_of(value.begin(), value.begin() + 8, is_ascii_digit) &&
        (value.size() == 8 || !is_ascii_digit(value[8]))) {
        const std::string iso = std::string(value.substr(0, 4)) + "-" + std::string(value.substr(4, 2)) + "-" +
                                std::string(value.substr(6, 2));
        if (auto d = Date::parse(iso)) return d;
    }
    // "November 20, 2019", "Wed, 20 Nov 2019 10:00:00 GMT"
    for (const DateExpression& e : find_date_expressions(value.substr(0, 100), true)) {
        if (e.kind == DateExpression::Kind::absolute && Date::valid(e.year, e.month, e.day)) {
            return Date{e.year, e.month, e.day};
        }
    }
    return std::nullopt;
}

// A publication date, not a placeholder ("0001-01-01") or a typo from another century.
std::optional<Date> plausible(std::optional<Date> d) {
    if (d && (d->year < 1800 || d->year > 2200)) return std::nullopt;
    return d;
}

std::optional<Date> parse_date_value(std::string_view value) { return plausible(parse_any_date(value)); }

bool is_article_type(const nlohmann::json& type) {
    auto one = [](const nlohmann::json& t) {
        if (!t.is_string()) return false;
        const std::string& s = t.get_ref<const std::string&>();
        return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "LiveBlogPosting" ||
               s == "SocialMediaPosting" || s == "Report" || s == "ReportageNews";
    };
    if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
    return one(type);
}

// datePublished of the JSON-LD objects, articles first; walks @graph, arrays and nested
// objects, to a bounded depth.
void find_json_ld_dates(const nlohmann::json& j, int depth, std::optional<Date>& article, std::optional<Date>& other) {
    if (depth > 8 || (article && other)) return;
    if (j.is_array()) {
        for (const auto& item : j) find_json_ld_dates(item, depth + 1, article, other);
        return;
    }
    if (!j.is_object()) return;
    const auto published = j.find("datePublished");
    if (published != j.end() && published->is_string()) {
        if (auto d = parse_date_value(published->get_ref<const std::string&>())) {
            const auto type = j.find("@type");
            if (type != j.end() && is_article_type(*type)) {
                if (!article) article = d;
            } else if (!other) {
                other = d;
            }
        }
    }
    for (const auto& [key, value] : j.items()) {
        if (value.is_object() || value.is_array()) find_json_ld_dates(value, depth + 1, article, other);
    }
}

// For JSON-LD that does not parse (trailing commas, raw newlines): the first
// "datePublished": "..." in the text.
std::optional<Date> scan_json_ld_date(std::string_view text) {
    const std::size_t key = text.find("\"datePublished\"");
    if (key == std::string_view::npos) return std::nullopt;
    std::size_t i = key + 15;
    while (i < text.size() && (is_ascii_space(text[i]) || text[i] == ':')) ++i;
    if (i >= text.size() || text[i] != '"') return std::nullopt;
    const std::size_t end = text.find('"', i + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return parse_date_value(text.substr(i + 1, end - i - 1));
}

std::optional<Date> json_ld_date(const std::vector<std::string>& scripts) {
    std::optional<Date> article, other, scanned;
    for (const std::string& s : scripts) {
        const nlohmann::json j = nlohmann::json::parse(s, nullptr, false, true);
        if (j.is_discarded()) {
            if (!scanned) scanned = scan_json_ld_date(s);
        } else {
            find_json_ld_dates(j, 0, article, other);
        }
    }
    return article ? article : other ? other : scanned;
}

// /2015/09/28/, /2015-09-28, /20150928/ in a url's path
std::optional<Date> url_date(std::string_view url) {
    const std::size_t scheme = url.find("://");
    const std::size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
    if (path == std::string_view::npos) return std::nullopt;
    url = url.substr(path);
    auto digits = [&](std::size_t at, std::size_t n) {
        if (at + n > url.size()) return false;
        for (std::size_t k = at; k < at + n; ++k) {
            if (!is_ascii_digit(url[k])) return false;
        }
        return at + n == url.size() || !is_ascii_digit(url[at + n]);
    };
    for (std::size_t i = 0; i + 5 < url.size(); ++i) {
        if (url[i] != '/' && url[i] != '-' && url[i] != '_') continue;
        const std::size_t y = i + 1;
        if (!digits(y, 4) && !digits(y, 8)) continue;
        if (digits(y, 8)) {
            const std::string iso = std::string(url.substr(y, 4)) + "-" + std::string(url.substr(y + 4, 2)) + "-" +
                                    std::string(url.substr(y + 6, 2));
            if (auto d = Date::parse(iso); d && d->year >= 1990) return d;
            continue;
        }
        const char sep = y + 4 < url.size() ? url[y + 4] : '\0';
        if (sep != '/' && sep != '-') continue;
        std::size_t m = y + 5, m_len = 0;
        while (m + m_len < url.size() && is_ascii_digit(url[m + m_len]) && m_len < 3) ++m_len;
        if (m_len < 1 || m_len > 2 || m + m_len >= url.size() || url[m + m_len] != sep) continue;
        const std::size_t d = m + m_len + 1;
        std::size_t d_len = 0;
        while (d + d_len < url.size() && is_ascii_digit(url[d + d_len]) && d_len < 3) ++d_len;
        if (d_len < 1 || d_len > 2) continue;
        if (d + d_len < url.size() && is_ascii_alnum(url[d + d_len])) continue;
        const int year = std::stoi(std::string(url.substr(y, 4)));
        const auto month = static_cast<unsigned>(std::stoi(std::string(url.substr(m, m_len))));
        const auto day = static_cast<unsigned>(std::stoi(std::string(url.substr(d, d_len))));
        if (year >= 1990 && Date::valid(year, month, day)) return Date{year, month, day};
    }
    return std::nullopt;
}

// The <time datetime> of the article's header: just after the headline; else in the
// article before its first paragraph of prose; else the last one shortly before the
// article; else the first one in it. A <time> in a list of other stories is none of these.
const TimeElement* header_time(const Page& page, const std::vector<std::uint32_t>& roots, std::uint32_t headline) {
    if (headline != no_index) {
        for (const TimeElement& t : page.times) {
            if (t.block > headline && t.block <= headline + 10) return &t;
        }
    }
    if (roots.empty()) return nullptr;
    const std::uint32_t start = page.nodes[roots.front()].first_block;
    const std::uint32_t end = page.nodes[roots.back()].end_block;
    std::uint32_t first_prose = start;
    while (first_prose < end && !page.blocks[first_prose].prose) ++first_prose;
    const TimeElement* before = nullptr;
    const TimeElement* inside = nullptr;
    for (const TimeElement& t : page.times) {
        if (t.block >= start && t.block <= first_prose) return &t;
        if (t.block < start && t.block + 40 >= start) before = &t;
        if (t.block > start && t.block < end && inside == nullptr) inside = &t;
    }
    return before != nullptr ? before : inside;
}

std::optional<Date> published_date(const Page& page, const std::vector<std::uint32_t>& roots, std::uint32_t headline,
                                   const std::optional<std::string>& url) {
    if (auto d = json_ld_date(page.json_ld)) return d;
    if (page.meta_date) {
        if (auto d = parse_date_value(page.meta_date->value)) return d;
    }
    for (const TimeElement& t : page.times) {
        if (t.published) {
            if (auto d = parse_date_value(t.datetime)) return d;
        }
    }
    if (const TimeElement* t = header_time(page, roots, headline)) {
        if (auto d = parse_date_value(t->datetime)) return d;
    }
    if (url) return url_date(*url);
    return std::nullopt;
}

// The first "</name" (any case) at or after from, or npos.
std::size_t find_closing_tag(std::string_view html, std::string_view lower_name, std::size_t from) {
    while ((from = html.find("</", from)) != std::string_view::npos) {
        if (starts_with_ci(html.substr(from + 2), lower_name)) return from;
        from += 2;
    }
    return std::string_view::npos;
}

// One past the '>' that ends the start tag whose attributes begin at from (quotes respected).
std::size_t find_tag_end(std::string_view html, std::size_t from) {
    char quote = 0;
    for (std::size_t i = from; i < html.size(); ++i) {
        const char c = html[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// The markup without what the walk never reads: the insides of scripts (JSON-LD excepted),
// of styles, and comments. They are over half the bytes of a modern news page and the
// slowest part for the parser to tokenise. Anything unterminated is left as it is, for the
// parser to judge.
std::string strip_unread(std::string_view html) {
    std::string out;
    out.reserve(html.size() / 2);
    std::size_t copied = 0;  // html[copied, i) is yet to be copied
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        const std::string_view rest = html.substr(i);
        if (rest.starts_with("<!--")) {
            std::size_t end = rest.starts_with("<!-->")    ? i + 2
                              : rest.starts_with("<!--->") ? i + 3
                                                           : html.find("-->", i + 4);
            if (end == std::string_view::npos) break;
            out.append(html.substr(copied, i - copied));
            i = copied = end + 3;
            continue;
        }
        if (i + 1 >= html.size() || !is_ascii_alpha(html[i + 1])) {
            ++i;
            continue;
        }
        // A start tag: its attributes are skipped whole, so that a "<script" inside one is
        // not taken for a tag.
        const std::size_t content = find_tag_end(html, i + 1);
        if (content == std::string_view::npos) break;
        std::string_view name;
        for (std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
            const std::size_t after = i + 1 + raw.size();
            if (starts_with_ci(rest.substr(1), raw) && after < html.size() &&
                (is_ascii_space(html[after]) || html[after] == '>' || html[after] == '/')) {
                name = raw;
            }
        }
        if (name.empty()) {
            i = content;
            continue;
        }
        const std::size_t close = find_closing_tag(html, name, content);
        if (close == std::string_view::npos) break;
        const bool json_ld = name == "script" && contains_ci(html.substr(i, content - i), "ld+json");
        if (!json_ld) {
            out.append(html.substr(copied, content - copied));
            copied = close;
        }
        i = close + 2;
    }
    out.append(html.substr(copied));
    return out;
}

// True if the tag name at the start of s is that of an element without content (<br>,
// <img>, <meta> ...), which never closes and so adds no depth.
bool is_void_element(std::string_view s) {
    std::size_t n = 0;
    while (n < s.size() && n < 8 && is_ascii_alnum(s[n])) ++n;
    const std::string_view name = s.substr(0, n);
    for (std::string_view v : {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                               "source", "track", "wbr"}) {
        if (equals_ci(name, v)) return true;
    }
    return false;
}

}  // namespace

std::size_t estimate_nesting(std::string_view html) {
    std::size_t depth = 0, deepest = 0;
    for (std::size_t i = 0; i + 1 < html.size(); ++i) {
        if (html[i] != '<') continue;
        const char next = html[i + 1];
        // Scripts and styles hold comparisons ("i<n"), not tags; they close, so they add no depth.
        bool raw = false;
        for (std::string_view raw_text : {std::string_view("<script"), std::string_view("<style")}) {
            if (starts_with_ci(html.substr(i), raw_text)) {
                const std::string closing = "</" + std::string(raw_text.substr(1));
                std::size_t j = i + raw_text.size();
                while (j < html.size() && !starts_with_ci(html.substr(j), closing)) j = html.find('<', j + 1);
                i = std::min(j, html.size());
                raw = true;
                break;
            }
        }
        if (raw) continue;
        if (next == '/') {
            depth -= depth > 0 ? 1 : 0;
        } else if (is_ascii_alpha(next) && !is_void_element(html.substr(i + 1))) {
            deepest = std::max(deepest, ++depth);
        }
    }
    return deepest;
}

HtmlContent extract_html(std::string_view original) {
    const std::string html = strip_unread(original);
    // The HTML5 tree builder's cost grows with the square of the nesting depth: a hostile page
    // of 100,000 open tags takes half a minute. Real pages, even unclosed tag soup, stay far
    // below this bound.
    if (const std::size_t depth = estimate_nesting(html); depth > max_nesting) {
        throw InputError("HTML nested about " + std::to_string(depth) + " elements deep (more than " +
                         std::to_string(max_nesting) + ")");
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // parse errors are of no use here; recording them costs time
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&options, html.data(), html.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    Page page;
    page.nodes.reserve(html.size() / 200);
    page.blocks.reserve(html.size() / 400);
    Walker(page).walk(output->document);
    output.reset();
    score(page);

    HtmlContent content;
    if (page.canonical && page.canonical->find("://") == std::string::npos && page.og_url) {
        content.canonical_url = page.og_url;  // a relative canonical link is less use than og:url
    } else {
        content.canonical_url = page.canonical ? page.canonical : page.og_url;
    }
    const std::string url = content.canonical_url.value_or(std::string());
    const std::uint32_t headline = find_headline(page, url);
    const std::vector<std::uint32_t> roots = choose_roots(page, headline);

    // Title: og:title, twitter:title, the article's h1, <title>; without the site's name.
    std::string h1;
    if (headline != no_index) {
        h1 = block_text(page, headline);
    } else {
        for (std::uint32_t b : page.h1_blocks) {  // the first h1 in the article, else the first
            const bool in_article = std::any_of(roots.begin(), roots.end(), [&](std::uint32_t r) {
                return b >= page.nodes[r].first_block && b < page.nodes[r].end_block;
            });
            if (h1.empty() || in_article) h1 = block_text(page, b);
            if (in_article) break;
        }
    }
    const std::string& raw_title = !page.og_title.empty()        ? page.og_title
                                   : !page.twitter_title.empty() ? page.twitter_title
                                   : !h1.empty()                 ? h1
                                                                 : page.title_tag;
    content.title = clean_title(raw_title, page.site_name, url);

    content.text = article_text(page, roots, h1.empty() ? std::string_view(content.title) : std::string_view(h1));
    content.published = published_date(page, roots, headline, content.canonical_url);
    return content;
}

}  // namespace newsindex::detail
