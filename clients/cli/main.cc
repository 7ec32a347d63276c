// fondbok: the command-line client of fondbokd. See clients/README.md.
#include <iostream>

#include "clients/cli/commands.h"

int main(int argc, char** argv) {
  return fondbok::cli::RunCli(argc, argv, std::cout, std::cerr, fondbok::cli::ProcessGetenv());
}
