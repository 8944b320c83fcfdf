#pragma once
// Helpers of the fuzz targets: the readers take an InputStream over a path, so the input
// goes into an in-memory file (memfd) that the stream opens by its /proc name, without
// touching the disk on every run.

#include "input.hpp"
#include "reader.hpp"
#include "text_util.hpp"

#include <newsindex/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

namespace newsindex::fuzz {

class MemoryFile {
  public:
    MemoryFile() : m_fd(::memfd_create("newsindex-fuzz", 0)) {
        if (m_fd < 0) std::abort();
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    ~MemoryFile() { ::close(m_fd); }

    /// Replaces the contents with the bytes and returns the path to open.
    const std::string& hold(const std::uint8_t* data, std::size_t size) {
        if (::ftruncate(m_fd, 0) != 0) std::abort();
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::pwrite(m_fd, data + done, size - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<std::size_t>(n);
        }
        return m_path;
    }

  private:
    int m_fd;
    std::string m_path;
};

/// What a reader made of one input: its documents (each checked to be UTF-8) and problems.
struct ReadOutcome {
    std::vector<detail::RawDocument> documents;
    std::size_t problems = 0;
    bool file_rejected = false;  ///< the reader threw InputError: an expected outcome
};

/// Runs the reader over the bytes as a whole file, as the extractor does. InputError is an
/// expected outcome; any other exception escapes, and libFuzzer reports it as a crash.
inline ReadOutcome read_bytes(const detail::Reader& reader, MemoryFile& file, const std::uint8_t* data,
                              std::size_t size, std::size_t max_article_bytes) {
    ReadOutcome outcome;
    detail::ReadLimits limits;
    limits.max_article_bytes = max_article_bytes;
    try {
        detail::InputStream stream(file.hold(data, size));
        reader.read(
            stream, "fuzz", limits,
            [&](detail::RawDocument&& doc) {
                // Readers promise UTF-8 bodies of bounded size: later stages rely on both.
                if (!detail::is_valid_utf8(doc.body)) std::abort();
                if (doc.body.size() > 4 * max_article_bytes) std::abort();
                outcome.documents.push_back(std::move(doc));
            },
            [&](const std::string&, const std::string&) { ++outcome.problems; });
    } catch (const InputError&) {
        outcome.file_rejected = true;
    }
    return outcome;
}

}  // namespace newsindex::fuzz
