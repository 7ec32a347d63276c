// fondbok-reconcile: integrity and replay proof of a fondbok data directory. See cli.h.
#include <iostream>

#include "tools/reconcile/cli.h"

int main(int argc, char** argv) { return fondbok::reconcile::RunReconcileCli(argc, argv, std::cout, std::cerr); }
