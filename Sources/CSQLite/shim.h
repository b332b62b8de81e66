// SQLite from Debian's libsqlite3-dev: the embedded store of anshin's monitor and log analytics.
#ifndef ANSHIN_CSQLITE_SHIM_H
#define ANSHIN_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
