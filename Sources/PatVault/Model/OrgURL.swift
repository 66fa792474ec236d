/// An Azure DevOps organisation URL, normalised: `https://dev.azure.com/ORG` or
/// `https://ORG.visualstudio.com`; plain `http://` only to a loopback host (tests, proxies).
///
/// The org name is what policies match against.
public struct OrgURL: Hashable, Sendable, CustomStringConvertible {
    /// The normalised URL, without a trailing slash.
    public let url: String
    /// The organisation's name (lower case), e.g. `contoso`.
    public let organization: String
    /// Whether requests to this org go over loopback (plain http allowed, no TLS).
    public let isLoopback: Bool

    public init(_ text: String) throws(InputError) {
        func fail(_ reason: String) -> InputError { .badOrgURL(text, reason: reason) }
        guard text.utf8.count <= 2048 else { throw fail("it is too long") }
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f }) else {
            throw fail("it holds spaces or characters outside ASCII")
        }
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https"
        } else if lowered.hasPrefix("http://") {
            scheme = "http"
        } else {
            throw fail("it must start with https://")
        }
        var rest = Substring(text.dropFirst(scheme.count + 3))
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else {
            throw fail("it must not have a query, fragment or user name")
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let hostPort = parts.first, !hostPort.isEmpty else { throw fail("it has no host") }
        let host = Self.host(ofHostPort: hostPort.lowercased())
        let path = Array(parts.dropFirst())

        isLoopback = Self.isLoopback(host)
        if isLoopback {
            // A stand-in server: the first path segment, if any, names the org.
            guard path.allSatisfy(Self.isOrgName) else { throw fail("a path segment is not a valid name") }
            organization = (path.first ?? host).lowercased()
            url = "\(scheme)://\(hostPort.lowercased())" + path.map { "/" + $0 }.joined()
            return
        }
        guard scheme == "https" else { throw fail("plain http is allowed only to a loopback host") }
        guard host == hostPort.lowercased() else { throw fail("it must not name a port") }
        if host == "dev.azure.com" {
            guard path.count == 1, Self.isOrgName(path[0]) else {
                throw fail("expected exactly one organisation name after dev.azure.com/")
            }
            organization = path[0].lowercased()
            url = "https://dev.azure.com/\(path[0])"
        } else if host.hasSuffix(".visualstudio.com"), path.isEmpty {
            let org = String(host.dropLast(".visualstudio.com".count))
            guard Self.isOrgName(org) else { throw fail("the organisation name is not valid") }
            organization = org
            url = "https://\(host)"
        } else {
            throw fail("the host is neither dev.azure.com nor ORG.visualstudio.com")
        }
    }

    /// Azure DevOps organisation names: letters, digits and hyphens, not at either end.
    static func isOrgName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...50).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// `example:443` -> `example`, `[::1]:8080` -> `[::1]`.
    static func host(ofHostPort hostPort: String) -> String {
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            return String(hostPort[...close])
        }
        return hostPort.split(separator: ":", maxSplits: 1).first.map(String.init) ?? hostPort
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host.hasPrefix("127.")
    }

    public var description: String { url }
}
