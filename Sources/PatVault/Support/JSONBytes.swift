/// Writing JSON objects field by field straight into a byte buffer, for output that runs once
/// per credential (`check --format json`, `list --format json`): no intermediate `JSONValue`.
struct JSONObjectBytes {
    private(set) var bytes: [UInt8]
    private var first = true

    init(into bytes: [UInt8] = []) {
        self.bytes = bytes
        self.bytes.append(UInt8(ascii: "{"))
    }

    /// Field names are literals of plain ASCII, so they are copied, not escaped.
    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { JSONValue.writeString(value, into: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    mutating func field(_ name: StaticString, _ value: Int64?) {
        key(name)
        bytes.append(contentsOf: (value.map { String($0) } ?? "null").utf8)
    }

    mutating func field(_ name: StaticString, _ value: Int?) { field(name, value.map(Int64.init)) }

    mutating func field(_ name: StaticString, _ value: Timestamp?) {
        key(name)
        guard let value else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        value.appendISO8601(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func field(_ name: StaticString, _ value: JSONValue) {
        key(name)
        value.write(into: &bytes, indent: nil, level: 0)
    }

    /// Closes the object and hands back the buffer.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

extension CredentialStatus {
    /// One row of `list --format json` and of `check`'s `credentials` array.
    func writeJSON(into out: inout [UInt8]) {
        var object = JSONObjectBytes(into: out)
        out = []
        object.field("name", credential.name)
        object.field("org", credential.organization)
        object.field("org_url", credential.orgURL)
        object.field("version", active?.version)
        object.field("state", state)
        object.field("expires_at", active?.expiresAt)
        object.field("days_left", daysLeft)
        object.field("policy", policy)
        object.field("status", status)
        object.field("owner", credential.owner)
        out = object.finish()
    }
}

extension Finding {
    func writeJSON(into out: inout [UInt8]) {
        var object = JSONObjectBytes(into: out)
        out = []
        object.field("severity", severity.description)
        object.field("kind", kind.rawValue)
        object.field("credential", credential)
        object.field("org", organization)
        object.field("version", version)
        object.field("fingerprint", fingerprint)
        object.field("policy", policy)
        object.field("expires_at", expiresAt)
        object.field("days_left", daysLeft)
        object.field("threshold", threshold)
        object.field("summary", summary)
        out = object.finish()
    }

    /// The finding as a `JSONValue`, for documents built whole (`show --format json`).
    var json: JSONValue {
        var bytes: [UInt8] = []
        writeJSON(into: &bytes)
        return .raw(bytes)
    }
}
