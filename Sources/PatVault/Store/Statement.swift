import CSQLite

/// A prepared statement: prepared in `init`, finalized in `deinit`, every C result checked.
final class Statement {
    // Unowned: the database caches its statements, and a strong reference back would keep
    // the connection open forever.
    private unowned let database: Database
    private let handle: OpaquePointer

    init(_ database: Database, sql: String) throws(StoreError) {
        self.database = database
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw database.error(status, context: "prepare")
        }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to the positional parameters, in order, after clearing earlier ones.
    @discardableResult
    func bind(_ values: [SQLValue]) throws(StoreError) -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number):
                status = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                status = sqlite3_bind_text(handle, index, text, -1, patvault_sqlite_transient())
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    // A zero-length blob still needs a non-null pointer to read as a blob, not NULL.
                    sqlite3_bind_blob(
                        handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                        Int32(buffer.count), patvault_sqlite_transient())
                }
            case .null:
                status = sqlite3_bind_null(handle, index)
            }
            guard status == SQLITE_OK else { throw database.error(status, context: "bind") }
        }
        return self
    }

    /// Advances to the next row; false when the statement is done.
    func step() throws(StoreError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            sqlite3_reset(handle)
            throw database.error(status, context: "query")
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [SQLValue] = []) throws(StoreError) {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs a query and maps each row.
    func rows<T>(_ values: [SQLValue] = [], _ transform: (Row) throws(StoreError) -> T) throws(StoreError) -> [T] {
        try bind(values)
        var result: [T] = []
        while try step() { result.append(try transform(Row(statement: handle))) }
        sqlite3_reset(handle)
        return result
    }

    /// Visits each row without collecting them, for queries over many credentials.
    func forEachRow(_ values: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try body(Row(statement: handle)) }
    }

    /// Reads the current row's columns by index.
    struct Row {
        let statement: OpaquePointer

        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

        func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

        func timestamp(_ column: Int32) -> Timestamp { Timestamp(seconds: int(column)) }

        func optionalTimestamp(_ column: Int32) -> Timestamp? { optionalInt(column).map(Timestamp.init(seconds:)) }

        func text(_ column: Int32) -> String {
            guard let pointer = sqlite3_column_text(statement, column) else { return "" }
            let length = Int(sqlite3_column_bytes(statement, column))
            return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }

        func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

        func blob(_ column: Int32) -> [UInt8] {
            let length = Int(sqlite3_column_bytes(statement, column))
            guard length > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: length))
        }

        func optionalBlob(_ column: Int32) -> [UInt8]? { isNull(column) ? nil : blob(column) }
    }
}
