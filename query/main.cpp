// news-query: searches a newsindex database with filters and facets. See --help.

#include "cli/cli.hpp"

#include <cstdlib>
#include <iostream>

#include <unistd.h>

int main(int argc, char* argv[]) {
    std::ios::sync_with_stdio(false);
    // Colour only for a person at a terminal, and never against their wish (no-color.org).
    const bool color = isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    return newsindex::cli::query_main(argc, argv, std::cout, std::cerr, color);
}
