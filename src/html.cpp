#include "html.hpp"

#include "text_util.hpp"

#include <gumbo.h>

#include <memory>

namespace newsindex::detail {

namespace {

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
    std::size_t depth_limit = 400;  // deeper nesting is hostile, not content

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

    void walk(const GumboNode* node, std::size_t depth) {
        if (depth > depth_limit) return;
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
            append_text(node->v.text.text);
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
        const GumboVector* children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children
                                                                         : &node->v.element.children;
        if (node->type == GUMBO_NODE_ELEMENT) {
            const GumboElement& e = node->v.element;
            if (e.tag == GUMBO_TAG_TITLE) {
                for (unsigned i = 0; i < e.children.length; ++i) {
                    const auto* child = static_cast<const GumboNode*>(e.children.data[i]);
                    if (child->type == GUMBO_NODE_TEXT) title_tag += child->v.text.text;
                }
                return;
            }
            if (e.tag == GUMBO_TAG_META) meta(e);
            if (e.tag == GUMBO_TAG_LINK && attribute(e, "rel") == "canonical" && !attribute(e, "href").empty()) {
                canonical = std::string(attribute(e, "href"));
            }
            if (e.tag == GUMBO_TAG_HEAD) {
                for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), depth + 1);
                return;
            }
            if (is_skipped(e.tag) || gumbo_get_attribute(&e.attributes, "hidden") != nullptr ||
                attribute(e, "aria-hidden") == "true") {
                return;
            }
            if (is_block(e.tag)) line_break();
        }
        for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), depth + 1);
        if (node->type == GUMBO_NODE_ELEMENT && is_block(node->v.element.tag)) line_break();
    }
};

}  // namespace

HtmlContent extract_html(std::string_view html) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 1000;  // error lists of malformed pages would only cost memory
    std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
        gumbo_parse_with_options(&options, html.data(), html.size()),
        [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    Walker walker;
    walker.walk(output->document, 0);
    HtmlContent content;
    content.title = std::string(trim(!walker.og_title.empty() ? walker.og_title : walker.title_tag));
    content.text = std::move(walker.text);
    content.canonical_url = std::move(walker.canonical);
    content.published = walker.published;
    return content;
}

}  // namespace newsindex::detail
