#pragma once
// The two tools' front ends run in-process with fake argument lists, as the tests drive them.

#include "cli/cli.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace newsindex::test {

/// What a tool run gave: its exit status and everything it printed.
struct ToolRun {
    int status;
    std::string out;
    std::string err;
};

using ToolMain = int (*)(int, const char* const[], std::ostream&, std::ostream&);

/// Runs a tool's main with argv = {program, args...}.
inline ToolRun run_tool(ToolMain tool, const char* program, std::vector<std::string> args) {
    args.insert(args.begin(), program);
    std::vector<const char*> argv;
    for (auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    const int status = tool(static_cast<int>(argv.size()), argv.data(), out, err);
    return {status, out.str(), err.str()};
}

/// news-index with these arguments.
inline ToolRun index(std::vector<std::string> args) {
    return run_tool(&cli::index_main, "news-index", std::move(args));
}

/// news-query with these arguments (no colour).
inline ToolRun query(std::vector<std::string> args) {
    return run_tool([](int argc, const char* const argv[], std::ostream& out,
                       std::ostream& err) { return cli::query_main(argc, argv, out, err, false); },
                    "news-query", std::move(args));
}

}  // namespace newsindex::test
