#pragma once
/// @file index_writer.hpp
/// Writing articles into a newsindex database (a Xapian database on disk).

#include <newsindex/extract.hpp>
#include <newsindex/types.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace newsindex {

/// How an index is laid out.
struct WriterOptions {
    /// 0 or 1: one Xapian database in the folder. N > 1 (for a new index): the folder holds N
    /// databases shard-0 ... shard-(N-1) and a Xapian stub file shards.stub naming them; an
    /// article goes to the shard a stable hash of its id picks. An existing sharded index is
    /// reopened with its own shard count (0 means "whatever it has").
    unsigned shards = 0;
    /// How much article text (title and body, in bytes) the index buffers before it writes
    /// the postings out, shared by the shards (each writes after flush_bytes / shards), so
    /// that memory does not grow with the shard count. Xapian's own threshold (10,000
    /// documents, or XAPIAN_FLUSH_THRESHOLD) still applies. In Xapian 1.4 writing out is a
    /// commit: searchers see those articles, and a killed run keeps them (whole articles
    /// always). 0: only Xapian's threshold.
    std::size_t flush_bytes = 32u << 20;
    /// Group copies of one story (near-duplicates, exact copies) as articles are added: each
    /// article joins the story of the most similar article already in the index, in any
    /// shard, or starts one (AddResult). Searches can then show one result per story. The
    /// articles added since the last write-out are kept in memory for this (about a
    /// kilobyte each; flush_bytes bounds them).
    bool stories = true;
};

/// What add() did with an article.
struct AddResult {
    enum class Duplicate {
        none,   ///< nothing like it in the index: it starts a story of its own
        near,   ///< a copy with changes (rewritten, cut, reordered) of an indexed article
        exact,  ///< the same text as an indexed article
    };
    Duplicate duplicate = Duplicate::none;
    std::string story;  ///< the story's id: that of its first article
    /// When a duplicate: the source of the indexed article it is closest to, if known (it
    /// is for exact duplicates), and their estimated similarity (0..1, share of shingles).
    std::string duplicate_of;
    double similarity = 0;
};

/// Adds, replaces and deletes articles in one index. Only one writer may hold an index at a
/// time. Changes become visible to searchers at commit(). Move-only.
class IndexWriter {
  public:
    /// Opens the index at path, creating it (and its folder) if it does not exist.
    /// Throws IndexError if it cannot be opened or created (a folder or file of the index
    /// this process may not write is named: "index folder DIR is not writable (...)"), is
    /// locked by another writer, or its layout contradicts options.shards.
    explicit IndexWriter(const std::string& path, const WriterOptions& options = {});
    IndexWriter(IndexWriter&&) noexcept;
    IndexWriter& operator=(IndexWriter&&) noexcept;
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;
    /// Commits pending changes, swallowing errors as Xapian does; call commit() first to
    /// learn of them.
    ~IndexWriter();

    /// Adds the article, replacing any article with the same id, and says which story it
    /// joined (WriterOptions::stories; without it the result is empty). Throws IndexError.
    /// With several shards, each shard is written by a thread of its own: add() returns once
    /// the article is queued, and a failure to write it is thrown by a later call (commit()
    /// at the latest).
    AddResult add(const Article& article);
    AddResult add(Article&& article);

    /// Deletes the article with this id; returns false if there was none. Throws IndexError.
    bool remove(const std::string& id);

    /// Makes every change so far durable and visible. Throws IndexError.
    void commit();

    /// Number of articles in the index, including uncommitted changes.
    [[nodiscard]] std::size_t size() const;

    /// Number of shards (1 for a single database).
    [[nodiscard]] std::size_t shards() const noexcept;

    /// Incremental indexing: true if the file was indexed (record_file) with this size and
    /// modification time, so reading it again would change nothing.
    [[nodiscard]] bool is_current(const InputFileInfo& file) const;

    /// Deletes every article that came from the file (Article::origin); returns how many.
    /// Called before a changed file is read again, so records it no longer holds go too.
    std::size_t remove_origin(const std::string& path);

    /// Records that the file is indexed as it is now; durable with the next commit().
    void record_file(const InputFileInfo& file);

    /// Deletes the articles of recorded files that no longer exist on disk and forgets those
    /// files; returns how many files were pruned.
    std::size_t prune();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace newsindex
