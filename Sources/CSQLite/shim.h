#ifndef PATVAULT_CSQLITE_SHIM_H
#define PATVAULT_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import.
/// It tells SQLite to copy a bound value before sqlite3_bind_* returns.
static inline sqlite3_destructor_type patvault_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
/// sqlite3_db_config is variadic, which Swift cannot call: set one integer option.
static inline int patvault_sqlite_db_config_int(sqlite3 *db, int option, int value) {
    return sqlite3_db_config(db, option, value, (int *)0);
}
#endif
