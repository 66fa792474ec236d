// The libFuzzer target: built by fuzz/run together with the library's sources (so it sees
// internal API) with -sanitize=fuzzer,address. The first byte picks what to feed the rest to.
@_cdecl("LLVMFuzzerTestOneInput")
public func patvaultFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let text = String(decoding: bytes, as: UTF8.self)
    switch data[0] % 4 {
    case 0:
        // An argument vector: NUL-separated words, as execve would hand them over.
        let words = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        _ = try? CLI.parse(words)
    case 1:
        _ = PolicyFile.parse(bytes, name: "fuzz", file: "fuzz.json")
    case 2:
        if let timestamp = try? DateParser.parse(text) {
            // Whatever parses must print and parse back to the same instant.
            precondition((try? DateParser.parse(timestamp.iso8601)) == timestamp, "date round trip")
        }
    default:
        if let lifetime = try? Lifetime.parse(text) {
            precondition((try? Lifetime.parse(lifetime.description)) == lifetime, "duration round trip")
            _ = lifetime.after(Timestamp(seconds: 1_800_000_000))
        }
        _ = try? OrgURL(text)
        _ = try? CredentialName(text)
        _ = try? Scope.parseList(text)
    }
    return 0
}
