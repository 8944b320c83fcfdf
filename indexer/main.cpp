// news-index: reads news articles and writes a newsindex database. See --help and
// CONTRACTS.md; everything but the exit status lives in libnewsindex.

#include "cli/cli.hpp"

#include <iostream>

#include <unistd.h>

int main(int argc, char* argv[]) {
    std::ios::sync_with_stdio(false);
    newsindex::cli::install_stop_handlers();
    return newsindex::cli::index_main(argc, argv, std::cout, std::cerr, isatty(STDERR_FILENO) != 0);
}
