#pragma once
// Reading input files: transparent gzip, bounded reads, and the stable walk over folders.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace newsindex::detail {

/// A byte stream over a file that may be gzip-compressed (one member or many, as WARC
/// files are); plain files are read as they are. Move-only.
class InputStream {
  public:
    /// Throws InputError naming the file if it cannot be opened.
    explicit InputStream(const std::filesystem::path& path);
    InputStream(InputStream&& other) noexcept;
    InputStream& operator=(InputStream&& other) noexcept;
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;
    ~InputStream();

    /// Reads up to size bytes; returns 0 at the end. Throws InputError on corrupt or
    /// truncated compressed data (what was returned before stays valid).
    std::size_t read(char* buffer, std::size_t size);

    /// Reads everything that is left. Throws InputError if more than max_bytes remain.
    std::string read_all(std::size_t max_bytes);

    /// Reads one line (without its '\n') of at most max_bytes into line; returns false at the
    /// end. A longer line is consumed entirely, and line holds its first max_bytes and
    /// truncated is set, so that one huge line cannot exhaust memory.
    bool read_line(std::string& line, std::size_t max_bytes, bool& truncated);

    /// Peeks at up to size bytes without consuming them.
    std::string_view peek(std::size_t size);

    [[nodiscard]] bool compressed() const noexcept { return m_compressed; }
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }

  private:
    bool fill();  // refills m_buffer; false at the end

    std::filesystem::path m_path;
    void* m_gz = nullptr;  // gzFile, kept opaque so zlib.h stays out of this header
    bool m_compressed = false;
    std::size_t m_chunk_size = 0;  // bytes asked of zlib per read
    std::string m_buffer;
    std::size_t m_pos = 0;
    bool m_eof = false;
};

/// A file found among the inputs: its path on disk and the name records report it by.
struct InputFile {
    std::filesystem::path path;
    std::string source;  ///< the argument as given, or the folder argument joined with the relative path
};

/// What a walk over the inputs reports, in walk order. Unset members are not called.
struct WalkVisitor {
    std::function<void(const InputFile&)> file;
    std::function<void(const std::string& source, const std::string& reason)> problem;
    /// A folder was listed: `files` are its own regular files (not those of its subfolders)
    /// in the order `file` will be called for them, which is after this call and before
    /// folder_end. A walk holds one folder listing per level of nesting, never all of them.
    std::function<void(const std::filesystem::path& folder, const std::vector<InputFile>& files)> folder_begin;
    std::function<void(const std::filesystem::path& folder)> folder_end;
};

/// Walks the inputs (files and folders, recursively) in a stable order: arguments as given,
/// inside a folder entries sorted by name bytewise. Directory symlinks are not followed
/// (no loops); file symlinks are. Hidden entries (".name") inside folders are skipped.
/// Problems (missing, unreadable) are reported and the walk continues.
void walk_inputs(const std::vector<std::string>& inputs, const WalkVisitor& visit);

/// The same walk for callers that need only the files and the problems.
void walk_inputs(const std::vector<std::string>& inputs,
                 const std::function<void(const InputFile&)>& on_file,
                 const std::function<void(const std::string& source, const std::string& reason)>& on_problem);

/// The file name that tells the format: lower-cased, with a trailing ".gz" removed.
[[nodiscard]] std::string logical_name(const std::filesystem::path& path);

}  // namespace newsindex::detail
