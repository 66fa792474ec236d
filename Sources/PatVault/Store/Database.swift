import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// One SQLite connection: WAL journal, a busy timeout, extended result codes, and
/// `BEGIN IMMEDIATE` transactions that roll back on the first error.
final class Database {
    let handle: OpaquePointer
    let path: String
    /// How long a writer waits for another process's lock before giving up (exit 75).
    let busyTimeoutMilliseconds: Int32
    private var statements: [String: Statement] = [:]

    /// Opens (or, with `create`, creates) the database file at `path`.
    init(path: String, create: Bool, busyTimeoutMilliseconds: Int32) throws(StoreError) {
        self.path = path
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        var connection: OpaquePointer?
        var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW
        if create { flags |= SQLITE_OPEN_CREATE }
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(connection)
            throw StoreError.sqlite(code: status, message: message, context: "open")
        }
        handle = connection
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        // Every command is a short process: folding the WAL back into the file at each close,
        // and creating and deleting the WAL and its index each time, cost two fsyncs and four
        // file operations per command. Keep the WAL between runs, and fold it back only once it
        // has grown (`writeTransaction`). SQLite's own automatic checkpoint cannot do that here:
        // each new process rebuilds the WAL index as if nothing had been copied back, so the
        // WAL would never start over and every open would re-read all of it.
        patvault_sqlite_db_config_int(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1)
        var persist: Int32 = 1
        sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
        sqlite3_wal_hook(
            handle,
            { context, _, _, frames in
                if let context { Unmanaged<Database>.fromOpaque(context).takeUnretainedValue().walFrames = Int(frames) }
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Frames in the WAL after the last commit (SQLite's WAL hook keeps it current).
    private var walFrames = 0

    /// A WAL longer than this many frames (pages) is folded into the file after a commit:
    /// short enough that re-reading it at every open costs nothing worth measuring, long
    /// enough that the checkpoint's fsyncs come once every several commands.
    static let walCheckpointFrames = 64

    /// After a commit that left the WAL long, folds it into the file and truncates it, if no
    /// other process is reading it right now; otherwise a later commit does it. Never waits.
    private func shortenWALIfLong() {
        guard walFrames >= Self.walCheckpointFrames else { return }
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, busyTimeoutMilliseconds) }
        if sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_TRUNCATE, nil, nil) == SQLITE_OK {
            walFrames = 0
        }
    }

    /// Copies every WAL frame into the database file and truncates the WAL to nothing: before
    /// a vault file is linked or copied whole, and after a sealed token is erased, so that no
    /// old page image (holding the token) lingers in the WAL.
    func checkpoint() throws(StoreError) {
        var logFrames: Int32 = 0
        var checkpointed: Int32 = 0
        let status = sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointed)
        guard status == SQLITE_OK else { throw error(status, context: "checkpoint") }
    }

    deinit {
        close()
    }

    private var isOpen = true

    /// Finalizes the cached statements and closes the connection, leaving the WAL in place for
    /// the next command (see `init`).
    func close() {
        guard isOpen else { return }
        isOpen = false
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters.
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if let message { sqlite3_free(message) }
        guard status == SQLITE_OK else { throw error(status, context: "update") }
    }

    /// A prepared statement, cached for the life of the connection.
    func statement(_ sql: String) throws(StoreError) -> Statement {
        if let cached = statements[sql] { return cached }
        let prepared = try Statement(self, sql: sql)
        statements[sql] = prepared
        return prepared
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front (so
    /// two writers queue on the busy timeout instead of failing on upgrade), committed if
    /// `body` returns, rolled back if it throws.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            shortenWALIfLong()
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` in a read transaction, so that several queries see one snapshot.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    var userVersion: Int {
        get throws(StoreError) {
            let rows = try statement("PRAGMA user_version").rows { row in Int(row.int(0)) }
            return rows.first ?? 0
        }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Turns an SQLite status into a `StoreError` with its message and meaning.
    func error(_ status: Int32, context: String) -> StoreError {
        let primary = status & 0xff
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return .busy(seconds: Int((busyTimeoutMilliseconds + 999) / 1000))
        }
        if primary == SQLITE_NOTADB {
            return .notAVault(path: path, reason: "it is not an SQLite database")
        }
        if primary == SQLITE_CORRUPT {
            return .corrupt("SQLite reports the file as malformed (\(path))")
        }
        let message = String(cString: sqlite3_errmsg(handle))
        return .sqlite(code: status, message: message, context: context)
    }
}
