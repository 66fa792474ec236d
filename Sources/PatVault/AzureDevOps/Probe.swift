/// Asking Azure DevOps whether a token still authenticates (`azure-devops.md`):
/// `GET {org}/_apis/connectionData` with Basic auth of `:` + token, `Accept: application/json`
/// and `X-TFS-FedAuthRedirect: Suppress`, read as authenticated, rejected or inconclusive.
public enum Probe {
    /// The endpoint probed for an org.
    public static func endpoint(orgURL: String) -> String { orgURL + "/_apis/connectionData" }

    /// The probe request. The token goes only to the credential's own org URL, which
    /// `OrgURL` allows only over https (or http to loopback).
    public static func request(orgURL: String, token: SecureBytes, timeoutSeconds: Int) -> NetworkHelper.Request {
        var credentials = [UInt8(ascii: ":")]
        token.withUnsafeBytes { credentials += $0 }
        let authorization = "Basic " + Base64.encode(credentials)
        _ = credentials.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) }
        return NetworkHelper.Request(
            method: "GET", url: endpoint(orgURL: orgURL),
            headers: [
                "Authorization": authorization, "Accept": "application/json", "X-TFS-FedAuthRedirect": "Suppress",
            ],
            body: nil, timeoutSeconds: timeoutSeconds)
    }

    /// Reads an answer: 2xx JSON naming an authenticated user means the token still works;
    /// 401, 203, a redirect to a sign-in page or an HTML page means Azure DevOps rejected it;
    /// anything else (5xx, time-out, DNS or TLS failure, an unexpected body) cannot tell, and
    /// is never taken for revoked.
    public static func classify(_ response: NetworkHelper.Response) -> (RevocationCheck.Outcome, String) {
        let status = response.status
        let isHTML =
            response.contentType?.lowercased().contains("text/html") ?? false
            || response.body.prefix(512).lowercased().contains("<html")
        if status == 0 { return (.inconclusive, "no answer: \(response.error ?? "network failure")") }
        if status == 401 { return (.revoked, "HTTP 401: the token was rejected") }
        if status == 203 { return (.revoked, "HTTP 203 with a sign-in page: the token was rejected") }
        if (300..<400).contains(status) {
            let location = response.location?.lowercased() ?? ""
            if location.contains("signin") || location.contains("login") || location.contains("_signin") {
                return (.revoked, "HTTP \(status) redirect to a sign-in page: the token was rejected")
            }
            return (.inconclusive, "HTTP \(status) redirect elsewhere")
        }
        if (200..<300).contains(status) {
            if isHTML { return (.revoked, "HTTP \(status) with an HTML sign-in page: the token was rejected") }
            if authenticatedUser(in: response.body) {
                return (.stillValid, "HTTP \(status): the token still authenticates")
            }
            return (.inconclusive, "HTTP \(status) without an authenticated user")
        }
        return (.inconclusive, "HTTP \(status)")
    }

    /// Whether a connectionData body names an authenticated, non-anonymous user.
    static func authenticatedUser(in body: String) -> Bool {
        guard case .object(let fields)? = try? JSONParser.parse(Array(body.utf8)),
            case .object(let user)? = fields.first(where: { $0.0 == "authenticatedUser" })?.1,
            case .string(let id)? = user.first(where: { $0.0 == "id" })?.1, !id.isEmpty,
            id != "00000000-0000-0000-0000-000000000000"
        else { return false }
        if case .string(let name)? = user.first(where: { $0.0 == "providerDisplayName" })?.1,
            name.lowercased() == "anonymous"
        {
            return false
        }
        return true
    }
}

/// Standard base64 (RFC 4648), for the Basic authorization header.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let a = bytes[index]
            let b = index + 1 < bytes.count ? bytes[index + 1] : 0
            let c = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(a >> 2)])
            out.append(alphabet[Int((a & 0x03) << 4 | b >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b & 0x0f) << 2 | c >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(c & 0x3f)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
