#pragma once
// Turns a raw document into an Article: extract text -> strip boilerplate -> find metadata.

#include "actors.hpp"
#include "boilerplate.hpp"
#include "places.hpp"
#include "reader.hpp"

#include <newsindex/extract.hpp>
#include <newsindex/types.hpp>

namespace newsindex::detail {

/// Bytes of an article's title and of its text that the date, place and actor stages read (a
/// long news article is some 50 KB of text); a longer one is indexed whole but its metadata
/// comes from its beginning.
inline constexpr std::size_t max_analysed_bytes = 1u << 20;

class ArticleBuilder {
  public:
    ArticleBuilder() = default;
    ArticleBuilder(BoilerplateFilter boilerplate, Gazetteer gazetteer)
        : m_boilerplate(std::move(boilerplate)), m_gazetteer(std::move(gazetteer)) {}

    /// Runs every extraction stage on one document. raw.id must be set. repeated, if given,
    /// holds the recurring furniture of the document's source.
    [[nodiscard]] Article build(RawDocument&& raw, const ExtractOptions& options,
                                const RepeatedLines* repeated = nullptr) const;

    [[nodiscard]] const Gazetteer& gazetteer() const noexcept { return m_gazetteer; }

  private:
    BoilerplateFilter m_boilerplate;
    Gazetteer m_gazetteer;
    ActorFinder m_actors;
};

/// The id of an input that carries none: a stable hash of its absolute path and record.
[[nodiscard]] std::string make_article_id(std::string_view basis);

}  // namespace newsindex::detail
