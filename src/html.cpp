#include "html.hpp"

#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace newsindex::detail {

namespace {

constexpr std::size_t max_nesting = 20000;

bool is_skipped(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_HEAD:
        case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
            return true;
        default:
            return false;
    }
}

bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
        case GUMBO_TAG_OL: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_BR:
        case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION:
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
        case GUMBO_TAG_MAIN: case GUMBO_TAG_BODY: case GUMBO_TAG_HR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
            return true;
        default:
            return false;
    }
}

std::string_view attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
    return a != nullptr ? std::string_view(a->value) : std::string_view();
}

struct Walker {
    std::string text;
    std::string title_tag;
    std::string og_title;
    std::optional<std::string> canonical;
    std::optional<Date> published;
    bool in_head = false;  // in <head>, only metadata is read

    void line_break() {
        while (!text.empty() && text.back() == ' ') text.pop_back();
        if (!text.empty() && text.back() != '\n') text += '\n';
    }

    void append_text(std::string_view s) {
        for (char c : s) {
            if (is_ascii_space(c)) {
                if (!text.empty() && text.back() != ' ' && text.back() != '\n') text += ' ';
            } else {
                text += c;
            }
        }
    }

    void meta(const GumboElement& e) {
        const std::string_view property = attribute(e, "property");
        const std::string_view name = attribute(e, "name");
        const std::string_view content = attribute(e, "content");
        if (property == "og:title" && og_title.empty()) og_title = std::string(trim(content));
        if (property == "og:url" && !canonical) canonical = std::string(trim(content));
        if ((property == "article:published_time" || name == "pubdate" || name == "date" ||
             name == "publishdate" || name == "dc.date") && !published) {
            published = Date::parse(trim(content).substr(0, 10));
        }
    }

    // Visits an element before its children; returns false to skip them.
    bool enter(const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
            append_text(node->v.text.text);
            return false;
        }
        if (node->type == GUMBO_NODE_DOCUMENT) return true;
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        const GumboElement& e = node->v.element;
        if (e.tag == GUMBO_TAG_TITLE) {
            for (unsigned i = 0; i < e.children.length; ++i) {
                const auto* child = static_cast<const GumboNode*>(e.children.data[i]);
                if (child->type == GUMBO_NODE_TEXT) title_tag += child->v.text.text;
            }
            return false;
        }
        if (e.tag == GUMBO_TAG_META) meta(e);
        if (e.tag == GUMBO_TAG_LINK && attribute(e, "rel") == "canonical" && !attribute(e, "href").empty()) {
            canonical = std::string(attribute(e, "href"));
        }
        if (e.tag == GUMBO_TAG_HEAD) {
            in_head = true;
            return true;
        }
        if (in_head) return e.tag != GUMBO_TAG_SCRIPT && e.tag != GUMBO_TAG_STYLE;
        if (is_skipped(e.tag) || gumbo_get_attribute(&e.attributes, "hidden") != nullptr ||
            attribute(e, "aria-hidden") == "true") {
            return false;
        }
        if (is_block(e.tag)) line_break();
        return true;
    }

    void leave(const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return;
        if (node->v.element.tag == GUMBO_TAG_HEAD) in_head = false;
        if (!in_head && is_block(node->v.element.tag)) line_break();
    }

    // Depth-first, with an explicit stack: hostile pages nest thousands of levels deep.
    void walk(const GumboNode* root) {
        struct Frame {
            const GumboNode* node;
            unsigned next_child;
        };
        std::vector<Frame> stack;
        if (enter(root)) stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const GumboVector& children = top.node->type == GUMBO_NODE_DOCUMENT ? top.node->v.document.children
                                                                                : top.node->v.element.children;
            if (top.next_child < children.length) {
                const auto* child = static_cast<const GumboNode*>(children.data[top.next_child++]);
                if (enter(child)) stack.push_back({child, 0});
            } else {
                leave(top.node);
                stack.pop_back();
            }
        }
    }
};

}  // namespace

namespace {

bool starts_with_ci(std::string_view s, std::string_view lower_prefix) {
    return s.size() >= lower_prefix.size() &&
           std::equal(lower_prefix.begin(), lower_prefix.end(), s.begin(),
                      [](char a, char b) { return a == ascii_lower(b); });
}

}  // namespace

std::size_t estimate_nesting(std::string_view html) {
    std::size_t depth = 0, deepest = 0;
    for (std::size_t i = 0; i + 1 < html.size(); ++i) {
        if (html[i] != '<') continue;
        const char next = html[i + 1];
        // Scripts and styles hold comparisons ("i<n"), not tags.
        for (std::string_view raw_text : {std::string_view("<script"), std::string_view("<style")}) {
            if (starts_with_ci(html.substr(i), raw_text)) {
                const std::string closing = "</" + std::string(raw_text.substr(1));
                std::size_t j = i + raw_text.size();
                while (j < html.size() && !starts_with_ci(html.substr(j), closing)) j = html.find('<', j + 1);
                i = std::min(j, html.size());
                break;
            }
        }
        if (i + 1 >= html.size()) break;
        if (next == '/') {
            depth -= depth > 0 ? 1 : 0;
        } else if (is_ascii_alpha(next)) {
            deepest = std::max(deepest, ++depth);
        }
    }
    return deepest;
}

HtmlContent extract_html(std::string_view html) {
    // The HTML5 tree builder's cost grows with the square of the nesting depth: a hostile page
    // of 100,000 open tags takes half a minute. Real pages, even unclosed tag soup, stay far
    // below this bound.
    if (const std::size_t depth = estimate_nesting(html); depth > max_nesting) {
        throw InputError("HTML nested about " + std::to_string(depth) + " elements deep (more than " +
                         std::to_string(max_nesting) + ")");
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 1000;  // error lists of malformed pages would only cost memory
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&options, html.data(), html.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    Walker walker;
    walker.walk(output->document);
    HtmlContent content;
    content.title = std::string(trim(!walker.og_title.empty() ? walker.og_title : walker.title_tag));
    content.text = std::move(walker.text);
    content.canonical_url = std::move(walker.canonical);
    content.published = walker.published;
    return content;
}

}  // namespace newsindex::detail
