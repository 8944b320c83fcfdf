#include "document.hpp"
#include "task_thread.hpp"
#include "schema.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>
#include <newsindex/index_writer.hpp>

#include <xapian.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <optional>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

namespace newsindex {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view stub_name = "shards.stub";
// The process id of the writer holding the index, for the message another writer gets. Only
// read while the lock is held, and rewritten by every holder, so it is never stale then.
constexpr std::string_view writer_pid_name = "writer.pid";

unsigned read_count(const Xapian::Database& db, std::string_view key) {
    const std::string value = db.get_metadata(std::string(key));
    return value.empty() ? 0u : static_cast<unsigned>(std::stoul(value));
}

// The shards a stub file names ("auto shard-0" per line), or 0 if there is no stub.
unsigned shards_in_stub(const fs::path& folder) {
    std::ifstream stub(folder / stub_name);
    if (!stub) return 0;
    unsigned shards = 0;
    for (std::string line; std::getline(stub, line);) {
        if (!line.empty() && line.front() != '#') ++shards;
    }
    return shards;
}

// A database whose creation was killed before its first commit: Xapian's tables are there
// but not the version file that every committed glass database has. It holds nothing
// committed, and Xapian would refuse to open it ("Failed to open glass revision file").
bool interrupted_creation(const fs::path& folder) {
    std::error_code ec;
    return !fs::exists(folder / "iamglass", ec) && !fs::exists(folder / "iamchert", ec) &&
           (fs::exists(folder / "postlist.glass", ec) || fs::exists(folder / "record.glass", ec) ||
            fs::exists(folder / "termlist.glass", ec));
}

// Where writing the index is refused: the folder, a shard folder or a file in them that this
// process may not write, and why ("... : Permission denied"), or empty. Xapian reports such an
// index as locked ("Couldn't open lockfile") or as a database it cannot open.
std::string unwritable_part(const fs::path& folder) {
    auto refused = [](const fs::path& p) {
        return faccessat(AT_FDCWD, p.c_str(), W_OK, AT_EACCESS) != 0 &&
               (errno == EACCES || errno == EROFS || errno == EPERM);
    };
    if (refused(folder)) return folder.string() + ": " + std::strerror(errno);
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (refused(it->path())) return it->path().string() + ": " + std::strerror(errno);
    }
    return {};
}

[[noreturn]] void throw_unwritable(const std::string& path, const std::string& part) {
    throw IndexError("index folder " + path + " is not writable (" + part + ")");
}

}  // namespace

struct IndexWriter::Impl {
    std::string path;
    // One database, or the shards of DIR/shard-0 ... DIR/shard-(N-1); an article lives in
    // the shard a stable hash of its id picks, so replacing it finds it again.
    std::vector<Xapian::WritableDatabase> shards;
    std::vector<Xapian::TermGenerator> term_generators;  // one per shard: spelling data goes there
    std::size_t flush_bytes = 0;           // per shard; 0: Xapian's threshold only
    std::vector<std::size_t> unflushed;    // text bytes per shard since it last wrote out
    // Facet slots in use per family (schema::facet_families), written to every shard at commit
    // so that any shard's metadata tells a searcher how many slots to count.
    std::vector<unsigned> facet_slots = std::vector<unsigned>(std::size(detail::schema::facet_families), 0);
    // With several shards, one thread per shard writes it (adds, file records); every other
    // operation waits for them to finish first (drain). Each has its own slot counts.
    // Declared last: the threads end before anything they use goes.
    std::vector<std::vector<unsigned>> worker_facet_slots;

    // Stories (WriterOptions::stories). An article's copies are looked up in two places:
    // what is committed, through `reader` (all shards), and what is not yet, in `recent`.
    // An entry of `recent` is forgotten once the reader shows its shard's commit of it.
    bool stories = true;
    std::vector<std::string> shard_paths;
    std::optional<Xapian::Database> reader;  // absent until every shard has a first commit
    detail::RecentStories recent;
    std::deque<std::pair<std::size_t, std::uint64_t>> recent_adds;  // (shard, add number) per entry
    std::vector<std::uint64_t> posted;                       // adds handed to each shard
    std::unique_ptr<std::atomic<std::uint64_t>[]> committed;  // adds each shard has committed
    std::vector<std::uint64_t> visible;                      // committed adds the reader shows

    std::vector<std::unique_ptr<detail::TaskThread>> workers;

    [[nodiscard]] std::size_t shard_of(const std::string& id) const {
        return shards.size() == 1 ? 0 : static_cast<std::size_t>(detail::stable_hash(id) % shards.size());
    }

    void open_shard(const std::string& shard_path) {
        Xapian::WritableDatabase db(shard_path, interrupted_creation(shard_path) ? Xapian::DB_CREATE_OR_OVERWRITE
                                                                                 : Xapian::DB_CREATE_OR_OPEN);
        for (std::size_t f = 0; f < facet_slots.size(); ++f) {
            facet_slots[f] = std::max(facet_slots[f], read_count(db, detail::schema::facet_families[f].slots_key));
        }
        if (db.get_metadata(std::string(detail::schema::format_key)).empty()) {
            db.set_metadata(std::string(detail::schema::format_key), std::string(detail::schema::format_version));
        }
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_database(db);  // spelling data for "did you mean"
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        shards.push_back(db);
        term_generators.push_back(tg);
    }

    void start_workers() {
        if (shards.size() < 2) return;
        worker_facet_slots.assign(shards.size(), facet_slots);
        for (std::size_t i = 0; i < shards.size(); ++i) workers.push_back(std::make_unique<detail::TaskThread>());
    }

    // Every posted task has run; then the slot counts of the workers are merged (not before:
    // a commit task of another shard may still read them). Rethrows the first failure.
    void drain() {
        std::exception_ptr error;
        for (const auto& worker : workers) {
            try {
                worker->drain();
            } catch (...) {
                if (!error) error = std::current_exception();
            }
        }
        for (const std::vector<unsigned>& slots : worker_facet_slots) {
            for (std::size_t f = 0; f < facet_slots.size(); ++f) facet_slots[f] = std::max(facet_slots[f], slots[f]);
        }
        if (error) std::rethrow_exception(error);
    }

    // Makes the document and writes it; on a shard's worker thread when there are workers.
    // `number` counts the adds of this shard, for the commit record that stories rely on.
    void write(std::size_t shard, const Article& article, const detail::StoryRecord* story, std::uint64_t number,
               std::vector<unsigned>& slots) {
        try {
            std::array<std::size_t, std::size(detail::schema::facet_families)> used{};
            Xapian::Document doc = detail::make_document(article, term_generators[shard], &used, story);
            for (std::size_t f = 0; f < used.size(); ++f) slots[f] = std::max(slots[f], static_cast<unsigned>(used[f]));
            shards[shard].replace_document(detail::id_term(article.id), doc);
            // Xapian's threshold counts documents, whatever their length: ten thousand news
            // articles buffered half a gigabyte, per shard. Bytes of text bound it.
            unflushed[shard] += article.title.size() + article.text.size();
            if (flush_bytes > 0 && unflushed[shard] >= flush_bytes) {
                shards[shard].commit();
                unflushed[shard] = 0;
                committed[shard].store(number, std::memory_order_release);
            }
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot add " + article.source + " to " + path + ": " + e.get_description());
        }
    }

    bool open_reader() {
        try {
            Xapian::Database db;
            for (const std::string& shard_path : shard_paths) db.add_database(Xapian::Database(shard_path));
            reader = std::move(db);
            return true;
        } catch (const Xapian::DatabaseOpeningError&) {
            return false;
        }
    }

    // The reader shows every commit made so far; entries of `recent` it shows are dropped.
    void refresh_reader() {
        bool moved = false;
        std::vector<std::uint64_t> now(shards.size());
        for (std::size_t i = 0; i < shards.size(); ++i) {
            now[i] = committed[i].load(std::memory_order_acquire);
            moved = moved || now[i] != visible[i];
        }
        if (!moved) return;
        if (reader) {
            reader->reopen();
        } else if (!open_reader()) {
            return;  // a shard without its first commit: `recent` still holds all of it
        }
        visible = now;
        while (!recent_adds.empty() && recent_adds.front().second <= visible[recent_adds.front().first]) {
            recent_adds.pop_front();
            recent.keep_newest(recent_adds.size());
        }
    }

    // Indexed articles sharing the exact hash or a band with f: the most promising few from
    // the index (by bands shared), then those of `recent`.
    void story_candidates(const std::string& id, const detail::Fingerprint& f, std::vector<detail::StoryMember>& out,
                          std::vector<Xapian::docid>& docids) {
        constexpr std::size_t most = 8;
        if (reader) {
            const Xapian::docid self = first_docid(*reader, detail::id_term(id));
            std::vector<std::pair<Xapian::docid, unsigned>> shared;  // docid, keys in common
            for (const std::string& term : detail::story_lookup_terms(f)) {
                for (auto it = reader->postlist_begin(term); it != reader->postlist_end(term); ++it) {
                    if (*it == self) continue;
                    auto found = std::find_if(shared.begin(), shared.end(), [&](const auto& e) { return e.first == *it; });
                    if (found == shared.end()) {
                        shared.emplace_back(*it, 1);
                    } else {
                        ++found->second;
                    }
                }
            }
            std::stable_sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
            if (shared.size() > most) shared.resize(most);
            for (const auto& [docid, _] : shared) {
                const Xapian::Document doc = reader->get_document(docid, Xapian::DOC_ASSUME_VALID);
                std::optional<detail::Fingerprint> fp = detail::decode_fingerprint(doc.get_value(detail::schema::fingerprint_slot));
                if (!fp) continue;
                out.push_back({std::string(), doc.get_value(detail::schema::story_slot), std::string(), *fp});
                docids.push_back(docid);
            }
        }
        recent.candidates(f, out);
    }

    static Xapian::docid first_docid(const Xapian::Database& db, const std::string& term) {
        auto it = db.postlist_begin(term);
        return it != db.postlist_end(term) ? *it : 0;
    }

    // The story of an article about to be added (on the calling thread, in add order).
    AddResult assign_story(const Article& article, std::size_t shard, detail::StoryRecord& record) {
        AddResult result;
        record.fingerprint = detail::fingerprint(article.title, article.text);
        std::vector<detail::StoryMember> candidates;
        std::vector<Xapian::docid> docids;  // of the candidates read from the index, in order
        for (int attempt = 0;; ++attempt) {
            try {
                refresh_reader();
                candidates.clear();
                docids.clear();
                story_candidates(article.id, record.fingerprint, candidates, docids);
                const detail::StoryDecision decision = detail::decide_story(article.id, record.fingerprint, candidates);
                result.story = decision.story;
                result.similarity = decision.similarity;
                if (decision.kind != detail::StoryDecision::Kind::new_story) {
                    result.duplicate = decision.kind == detail::StoryDecision::Kind::exact_duplicate
                                           ? AddResult::Duplicate::exact
                                           : AddResult::Duplicate::near;
                    result.duplicate_of = decision.of < docids.size()
                                              ? detail::read_stored(reader->get_document(docids[decision.of]).get_data()).source
                                              : candidates[decision.of].source;
                }
                break;
            } catch (const Xapian::DatabaseModifiedError&) {
                // The writer moved on more than one revision under the reader: read again.
                if (attempt > 0) throw;
                reader->reopen();
            }
        }
        record.story = result.story;
        recent_adds.emplace_back(shard, posted[shard] + 1);
        recent.add({article.id, record.story, article.source, record.fingerprint});
        return result;
    }
};

IndexWriter::IndexWriter(const std::string& path, const WriterOptions& options) : m_impl(std::make_unique<Impl>()) {
    m_impl->path = path;
    try {
        std::error_code ec;
        fs::create_directories(path, ec);
        if (ec) throw IndexError("cannot create index folder " + path + ": " + ec.message());
        const unsigned existing = shards_in_stub(path);
        const bool single_exists = fs::exists(fs::path(path) / "iamglass") || fs::exists(fs::path(path) / "iamchert");
        if (options.shards > 1 && single_exists) {
            throw IndexError("index " + path + " is a single database; it cannot take --shards " +
                             std::to_string(options.shards));
        }
        if (existing > 0 && options.shards > 0 && options.shards != existing) {
            throw IndexError("index " + path + " has " + std::to_string(existing) + " shards, not " +
                             std::to_string(options.shards));
        }
        const unsigned shards = existing > 0 ? existing : std::max(1u, options.shards);
        if (shards == 1) {
            m_impl->open_shard(path);
            m_impl->shard_paths.push_back(path);
        } else {
            std::string stub = "# Xapian stub database: the shards of this newsindex archive.\n";
            for (unsigned i = 0; i < shards; ++i) {
                const std::string name = "shard-" + std::to_string(i);
                m_impl->open_shard((fs::path(path) / name).string());
                m_impl->shard_paths.push_back((fs::path(path) / name).string());
                stub += "auto " + name + "\n";
            }
            if (existing == 0) std::ofstream(fs::path(path) / stub_name) << stub;
        }
        m_impl->unflushed.assign(m_impl->shards.size(), 0);
        m_impl->stories = options.stories;
        m_impl->posted.assign(m_impl->shards.size(), 0);
        m_impl->visible.assign(m_impl->shards.size(), 0);
        m_impl->committed = std::make_unique<std::atomic<std::uint64_t>[]>(m_impl->shards.size());
        if (m_impl->stories) m_impl->open_reader();  // what earlier runs indexed
        m_impl->flush_bytes = options.flush_bytes / m_impl->shards.size();
        if (options.flush_bytes > 0) m_impl->flush_bytes = std::max<std::size_t>(m_impl->flush_bytes, 1);
        m_impl->start_workers();
        // Xapian's lock (an open file description lock) does not tell who holds it.
        std::ofstream(fs::path(path) / writer_pid_name) << getpid() << '\n';
    } catch (const Xapian::DatabaseLockError& e) {
        if (const std::string part = unwritable_part(path); !part.empty()) throw_unwritable(path, part);
        std::ifstream holder(fs::path(path) / writer_pid_name);
        long pid = 0;
        if (holder >> pid && pid > 0) {
            throw IndexError("index " + path + " is locked by another writer, process " + std::to_string(pid) +
                             " (one writer at a time; searching goes on meanwhile)");
        }
        throw IndexError("index " + path + " is locked by another writer (" + e.get_msg() + ")");
    } catch (const Xapian::Error& e) {
        if (const std::string part = unwritable_part(path); !part.empty()) throw_unwritable(path, part);
        throw IndexError("cannot open index " + path + ": " + e.get_description());
    } catch (const std::invalid_argument&) {
        throw IndexError("index " + path + " has corrupt newsindex metadata");
    }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
    if (!m_impl) return;
    try {
        commit();
    } catch (...) {  // NOLINT(bugprone-empty-catch): destructors never throw; commit() reports
    }
    std::error_code ec;
    fs::remove(fs::path(m_impl->path) / writer_pid_name, ec);
}

AddResult IndexWriter::add(const Article& article) {
    if (article.id.empty()) throw IndexError("article from " + article.source + " has no id");
    if (m_impl->workers.empty()) {
        Impl& impl = *m_impl;
        detail::StoryRecord record;
        AddResult result;
        try {
            if (impl.stories) result = impl.assign_story(article, 0, record);
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot look for copies of " + article.source + " in " + impl.path + ": " + e.get_description());
        }
        impl.write(0, article, impl.stories ? &record : nullptr, ++impl.posted[0], impl.facet_slots);
        return result;
    }
    return add(Article(article));
}

AddResult IndexWriter::add(Article&& article) {
    if (article.id.empty()) throw IndexError("article from " + article.source + " has no id");
    Impl& impl = *m_impl;
    const std::size_t shard = impl.shard_of(article.id);
    auto record = std::make_shared<detail::StoryRecord>();
    AddResult result;
    try {
        if (impl.stories) result = impl.assign_story(article, shard, *record);
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot look for copies of " + article.source + " in " + impl.path + ": " + e.get_description());
    }
    const std::uint64_t number = ++impl.posted[shard];
    const detail::StoryRecord* story = impl.stories ? record.get() : nullptr;
    if (impl.workers.empty()) {
        impl.write(shard, article, story, number, impl.facet_slots);
        return result;
    }
    // A shared_ptr: std::function needs a copyable task.
    auto owned = std::make_shared<Article>(std::move(article));
    impl.workers[shard]->post([&impl, shard, owned, record, story, number] {
        impl.write(shard, *owned, story, number, impl.worker_facet_slots[shard]);
    });
    return result;
}

bool IndexWriter::remove(const std::string& id) {
    m_impl->drain();
    try {
        const std::string term = detail::id_term(id);
        Xapian::WritableDatabase& db = m_impl->shards[m_impl->shard_of(id)];
        if (!db.term_exists(term)) return false;
        db.delete_document(term);
        return true;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot delete " + id + " from " + m_impl->path + ": " + e.get_description());
    }
}

void IndexWriter::commit() {
    Impl& impl = *m_impl;
    impl.drain();
    std::fill(impl.unflushed.begin(), impl.unflushed.end(), 0);
    auto commit_shard = [&impl](Xapian::WritableDatabase& db) {
        try {
            for (std::size_t f = 0; f < impl.facet_slots.size(); ++f) {
                const std::string key(detail::schema::facet_families[f].slots_key);
                const std::string value = std::to_string(impl.facet_slots[f]);
                if (db.get_metadata(key) != value) db.set_metadata(key, value);
            }
            db.commit();
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot commit " + impl.path + ": " + e.get_description());
        }
    };
    // Once every shard has committed, everything posted is committed.
    auto all_committed = [&impl] {
        for (std::size_t i = 0; i < impl.shards.size(); ++i) impl.committed[i].store(impl.posted[i]);
    };
    if (impl.workers.empty()) {
        for (Xapian::WritableDatabase& db : impl.shards) commit_shard(db);
        all_committed();
        return;
    }
    // Shards flush their buffered postings in parallel too.
    for (std::size_t i = 0; i < impl.shards.size(); ++i) {
        impl.workers[i]->post([&commit_shard, &db = impl.shards[i]] { commit_shard(db); });
    }
    impl.drain();
    all_committed();
}

std::size_t IndexWriter::size() const {
    m_impl->drain();
    try {
        std::size_t total = 0;
        for (const Xapian::WritableDatabase& db : m_impl->shards) total += db.get_doccount();
        return total;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read " + m_impl->path + ": " + e.get_description());
    }
}

std::size_t IndexWriter::shards() const noexcept { return m_impl->shards.size(); }

namespace {

std::string file_state(const InputFileInfo& file) {
    return std::to_string(file.size) + " " + std::to_string(file.mtime_ns);
}

}  // namespace

bool IndexWriter::is_current(const InputFileInfo& file) const {
    m_impl->drain();
    try {
        const std::string key = std::string(detail::schema::file_key_prefix) + file.path;
        return key.size() <= 240 && m_impl->shards.front().get_metadata(key) == file_state(file);
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot read " + m_impl->path + ": " + e.get_description());
    }
}

std::size_t IndexWriter::remove_origin(const std::string& path) {
    m_impl->drain();
    try {
        const std::string term = detail::origin_term(path);
        std::size_t removed = 0;
        for (Xapian::WritableDatabase& db : m_impl->shards) {
            const Xapian::doccount before = db.get_termfreq(term);
            if (before > 0) db.delete_document(term);
            removed += before;
        }
        return removed;
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot delete the articles of " + path + ": " + e.get_description());
    }
}

void IndexWriter::record_file(const InputFileInfo& file) {
    // Metadata keys are bounded like terms; a longer path is simply never skipped.
    const std::string key = std::string(detail::schema::file_key_prefix) + file.path;
    if (key.size() > 240) return;
    auto record = [&impl = *m_impl, key, file] {
        try {
            impl.shards.front().set_metadata(key, file_state(file));
        } catch (const Xapian::Error& e) {
            throw IndexError("cannot record " + file.path + " in " + impl.path + ": " + e.get_description());
        }
    };
    // In order with the file's articles, without waiting for them: shard 0's thread writes
    // the record once the articles posted before it are written.
    if (m_impl->workers.empty()) {
        record();
    } else {
        m_impl->workers.front()->post(record);
    }
}

std::size_t IndexWriter::prune() {
    m_impl->drain();
    try {
        Xapian::WritableDatabase& db = m_impl->shards.front();
        const std::string prefix(detail::schema::file_key_prefix);
        std::vector<std::string> gone;
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
            const std::string path = (*it).substr(prefix.size());
            std::error_code ec;
            if (!std::filesystem::exists(path, ec) && !ec) gone.push_back(path);
        }
        for (const std::string& path : gone) {
            remove_origin(path);
            db.set_metadata(prefix + path, "");  // an empty value deletes the key
        }
        return gone.size();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot prune " + m_impl->path + ": " + e.get_description());
    }
}

}  // namespace newsindex
