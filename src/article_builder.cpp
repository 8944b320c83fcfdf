#include "article_builder.hpp"

#include "dates.hpp"
#include "html.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <algorithm>

namespace newsindex::detail {

namespace {

struct CleanText {
    std::string title;
    std::string text;
    std::vector<std::string> removed;
};

// Splits into lines, drops boilerplate, takes the title, and joins what is left: lines of
// one block by '\n', blocks by a blank line.
CleanText clean(std::string_view body, const std::optional<std::string>& given_title,
                const BoilerplateFilter& filter, bool strip, const RepeatedLines* repeated) {
    CleanText out;
    const std::vector<std::string_view> lines = split_lines(body);
    std::vector<BoilerplateReason> verdicts = strip ? filter.classify(lines, repeated)
                                                    : std::vector<BoilerplateReason>(lines.size(), BoilerplateReason::none);
    bool need_title = !given_title || trim(*given_title).empty();
    if (!need_title) out.title = std::string(trim(*given_title));
    bool block_open = false;
    bool pending_break = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = trim(lines[i]);
        if (line.empty()) {
            pending_break = block_open;
            continue;
        }
        if (verdicts[i] != BoilerplateReason::none) {
            out.removed.emplace_back(line);
            continue;
        }
        if (need_title) {
            out.title = std::string(line);
            need_title = false;
            continue;
        }
        if (block_open) out.text += pending_break ? "\n\n" : "\n";
        out.text.append(line);
        block_open = true;
        pending_break = false;
    }
    return out;
}

std::optional<Date> latest(const std::vector<DateExpression>& expressions) {
    std::optional<Date> best;
    for (const DateExpression& e : expressions) {
        if (e.kind != DateExpression::Kind::absolute) continue;
        const Date d{e.year, e.month, e.day};
        if (!best || *best < d) best = d;
    }
    return best;
}

std::string_view first_line(std::string_view text) {
    return text.substr(0, text.find('\n'));
}

// The first max_bytes of text or less, cut at a line end, else at a space, else before a
// UTF-8 sequence: never inside a word or a character, so offsets into it are offsets into text.
std::string_view analysed_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = text.rfind('\n', max_bytes);
    if (cut == std::string_view::npos) cut = text.rfind(' ', max_bytes);
    if (cut == std::string_view::npos) {
        cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    return text.substr(0, cut);
}

}  // namespace

std::string make_article_id(std::string_view basis) { return to_hex(stable_hash(basis)); }

Article ArticleBuilder::build(RawDocument&& raw, const ExtractOptions& options, const RepeatedLines* repeated) const {
    Article article;
    article.id = raw.id.value_or(std::string());
    article.source = std::move(raw.source);
    article.url = std::move(raw.url);

    std::optional<std::string> title = std::move(raw.title);
    std::optional<Date> published = raw.published;
    std::string body;
    if (raw.format == DocumentFormat::html) {
        HtmlContent html = extract_html(raw.body);
        if (!title && !html.title.empty()) title = std::move(html.title);
        if (!article.url && html.canonical_url) article.url = std::move(html.canonical_url);
        if (!published) published = html.published;
        body = std::move(html.text);
    } else {
        body = std::move(raw.body);
    }

    CleanText cleaned = clean(body, title, m_boilerplate, options.strip_boilerplate, repeated);
    article.title = std::move(cleaned.title);
    article.text = std::move(cleaned.text);
    article.removed = std::move(cleaned.removed);
    // A page of scripts only, or a file of web furniture only: nothing a search could find.
    if (trim(article.title).empty() && trim(article.text).empty()) {
        throw InputError(article.removed.empty() ? "no text (markup only)" : "no text (only boilerplate lines)");
    }

    // The entity and date stages hold tens of bytes per byte of text (a hundred for a text of
    // one-word lines): beyond a news article's length they see only the beginning, which keeps
    // an article's memory and time bounded. Every word is still indexed.
    const std::string_view title_seen = analysed_prefix(article.title, max_analysed_bytes);
    const std::string_view text_seen = analysed_prefix(article.text, max_analysed_bytes);

    // Dates: expressions in title and text; the dateline gives the publication date when
    // no metadata does; explicit dates elsewhere are only a lower bound for it.
    const std::vector<DateExpression> in_title = find_date_expressions(title_seen);
    const std::vector<DateExpression> in_text = find_date_expressions(text_seen);
    DateContext context;
    context.reference = options.reference_date;
    context.lower_bound = std::max(latest(in_title), latest(in_text));
    if (!context.reference && raw.crawl_date) {
        // A page was published no later than it was fetched: the crawl date anchors yearless
        // datelines and past-tense weekdays as a reference would.
        context.reference = raw.crawl_date;
    }
    if (!published) {
        if (auto dateline = parse_dateline(first_line(text_seen)); dateline && dateline->date) {
            published = resolve_dateline(*dateline->date, context);
        }
    }
    context.published = published;
    // With neither metadata nor dateline, the latest date the article states is the earliest
    // day it can have appeared: the best estimate we have, and what the date facet shows.
    // Relative dates still resolve forward from it as a bound, not back from it.
    // A lower bound later than the reference or crawl date is a future date the story
    // announces (a bond's maturity, a planned vote), not a sign of when it appeared.
    const bool bound_plausible =
        context.lower_bound && (!context.reference || *context.lower_bound <= *context.reference);
    article.published = published ? published : bound_plausible ? context.lower_bound : std::nullopt;

    std::vector<Date> dates;
    auto take = [&](const std::vector<DateExpression>& expressions, bool in_body) {
        for (const DateExpression& e : expressions) {
            if (const std::optional<Date> d = resolve(e, context)) dates.push_back(*d);
            if (in_body && options.annotate) {
                // Periods ("last week") are mentions too, normalised to their week, month or year.
                if (const std::optional<std::string> norm = resolve_norm(e, context)) {
                    article.mentions.push_back(Mention{e.start, e.end, MentionType::date,
                                                       article.text.substr(e.start, e.end - e.start), *norm});
                }
            }
        }
    };
    take(in_title, false);
    take(in_text, true);
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    article.dates = std::move(dates);

    article.places = collect_places(m_gazetteer, title_seen, text_seen, options.annotate ? &article.mentions : nullptr);
    article.actors = m_actors.find(title_seen, text_seen, m_gazetteer, options.annotate ? &article.mentions : nullptr);
    std::sort(article.mentions.begin(), article.mentions.end(),
              [](const Mention& a, const Mention& b) { return a.start < b.start; });
    return article;
}

}  // namespace newsindex::detail
