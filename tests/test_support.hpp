#pragma once
// Helpers shared by the tests: temporary folders and files that clean up after themselves.

#include <newsindex/types.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

namespace newsindex::test {

/// A fresh folder under the system temporary folder, removed with everything in it.
class TempDir {
  public:
    TempDir() {
        static std::atomic<unsigned> counter{0};
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() /
                 ("newsindex-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                  std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::string operator/(std::string_view name) const { return (m_path / name).string(); }

    /// Writes bytes to a file below the folder (creating sub-folders) and returns its path.
    std::string write(std::string_view name, std::string_view bytes) const {
        const auto p = m_path / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }

  private:
    std::filesystem::path m_path;
};

/// The bytes compressed as one gzip member.
inline std::string gzip(std::string_view data) {
    z_stream zs{};
    deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, data.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Changes the permissions of root and of everything below it (as chmod -R; symbolic links
/// are not followed).
inline void chmod_tree(const std::filesystem::path& root, std::filesystem::perms perms,
                       std::filesystem::perm_options how) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Folders first going down (to enter them), so adding permissions opens the way.
    fs::permissions(root, perms, how, ec);
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_symlink()) fs::permissions(it->path(), perms, how, ec);
    }
}

/// What a child process gave: its exit status (128 + the signal if one killed it) and what it
/// wrote to the stream it was handed.
struct ChildRun {
    int status;
    std::string output;
};

/// The status of a child that could not become the user nobody: the test should skip.
inline constexpr int cannot_drop_privileges = 77;

/// Runs body in a forked child as the user nobody (65534) when this process is root, so that
/// file permissions apply to it as to any user (root ignores them; tests run as root in CI).
/// The child exits with body's return value; what body writes to out is returned. The
/// folders the child works in must be open to others (0755, or 0777 where it writes).
inline ChildRun run_as_nobody(const std::function<int(std::ostream& out)>& body) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return {-1, "pipe failed"};
    const pid_t child = fork();
    if (child < 0) return {-1, "fork failed"};
    if (child == 0) {
        close(pipe_fds[0]);
        if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) {
            _exit(cannot_drop_privileges);
        }
        std::ostringstream out;
        const int status = body(out);
        const std::string text = out.str();
        for (std::size_t done = 0; done < text.size();) {
            const ssize_t n = write(pipe_fds[1], text.data() + done, text.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        _exit(status);
    }
    close(pipe_fds[1]);
    ChildRun run{-1, {}};
    char buffer[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
        run.output.append(buffer, static_cast<std::size_t>(n));
    close(pipe_fds[0]);
    int status = 0;
    if (waitpid(child, &status, 0) == child) {
        run.status = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
    }
    return run;
}

inline std::string source_dir() { return NEWSINDEX_SOURCE_DIR; }
inline std::string seed_path(std::string_view name) { return source_dir() + "/corpus/" + std::string(name); }
inline constexpr std::string_view cnn_seed = "000_0d1ab3161a27d4a7.txt";
inline constexpr std::string_view respun_seed = "004_49bb6308d4702ce6.txt";

/// An article for index fixtures: source "mem/ID", the places as countries mentioned once.
inline Article make_article(std::string id, std::string title, std::string text, std::optional<Date> published,
                            std::vector<std::string> places) {
    Article a;
    a.id = id;
    a.source = "mem/" + id;
    a.title = std::move(title);
    a.text = std::move(text);
    a.published = published;
    for (auto& p : places) a.places.push_back(Place{p, PlaceKind::country, "", {}, 1});
    return a;
}

}  // namespace newsindex::test
