/// A value bound to, or read from, an SQL statement.
public enum SQLValue: Equatable, Sendable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null
}

extension SQLValue {
    init(_ value: Int64?) { self = value.map(SQLValue.integer) ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    init(_ value: [UInt8]?) { self = value.map(SQLValue.blob) ?? .null }
    init(_ value: Timestamp?) { self = value.map { .integer($0.seconds) } ?? .null }
}
