#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP requests patvault makes (webhooks, probes), run by the `patvault-net` helper
/// executable so that the main binary never links FoundationNetworking and libcurl.
public enum NetworkHelper {
    public struct Request: Sendable {
        public var method: String
        public var url: String
        public var headers: [String: String]
        public var body: String?
        public var timeoutSeconds: Int

        public init(method: String, url: String, headers: [String: String], body: String?, timeoutSeconds: Int) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
            self.timeoutSeconds = timeoutSeconds
        }
    }

    public struct Response: Equatable, Sendable {
        /// The HTTP status; 0 when the request failed at the network level.
        public var status: Int
        public var contentType: String?
        public var location: String?
        public var body: String
        /// The network failure (time-out, refused, DNS, TLS), when status is 0.
        public var error: String?
    }

    public enum Failure: PatVaultError, Equatable {
        case helperMissing(String)
        case helperFailed(String)

        public var exitCode: ExitCode { .temporaryFailure }

        public var description: String {
            switch self {
            case .helperMissing(let path):
                return
                    "the network helper \(path) is missing: install patvault-net beside patvault, or set PATVAULT_NET"
            case .helperFailed(let reason):
                return "the network helper failed: \(reason)"
            }
        }
    }

    /// `PATVAULT_NET` if set, else `patvault-net` in the folder of the running executable.
    public static func location(environment: [String: String]) -> String {
        if let path = environment["PATVAULT_NET"], !path.isEmpty { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "patvault-net" }
        let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Path.join(Path.parent(of: executable), "patvault-net")
    }

    /// Performs the requests concurrently; the responses come back in the same order. A
    /// request that fails at the network level is a response with status 0, not a throw.
    public static func perform(_ requests: [Request], environment: [String: String]) throws -> [Response] {
        guard !requests.isEmpty else { return [] }
        let spec = try childSpec(requests, environment: environment)
        return try responses(from: ChildProcess.run([spec])[0], count: requests.count)
    }

    /// The helper run that performs `requests`, for callers that run it beside other children.
    public static func childSpec(_ requests: [Request], environment: [String: String]) throws -> ChildProcess.Spec {
        let helper = location(environment: environment)
        guard access(helper, X_OK) == 0 else { throw Failure.helperMissing(helper) }
        var document = Array(#"{"requests":["#.utf8)
        for (index, request) in requests.enumerated() {
            if index > 0 { document.append(UInt8(ascii: ",")) }
            var object = JSONObjectBytes()
            object.field("id", String(index))
            object.field("method", request.method)
            object.field("url", request.url)
            object.field(
                "headers",
                JSONValue.object(request.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            object.field("body", request.body)
            object.field("timeout_seconds", request.timeoutSeconds)
            document += object.finish()
        }
        document += "]}".utf8
        return ChildProcess.Spec(
            argv: [helper], environment: ChildProcess.sanitizedEnvironment(environment), input: document,
            timeoutSeconds: (requests.map(\.timeoutSeconds).max() ?? 10) + 5)
    }

    /// Reads the helper's answer.
    public static func responses(from outcome: ChildProcess.Outcome, count: Int) throws -> [Response] {
        guard outcome.ending == .exited(0) else {
            throw Failure.helperFailed(outcome.lastErrorLine ?? "\(outcome.ending)")
        }
        return try parse(outcome.stdout, count: count)
    }

    static func parse(_ bytes: [UInt8], count: Int) throws -> [Response] {
        guard case .object(let top) = try JSONParser.parse(bytes),
            case .array(let items)? = top.first(where: { $0.0 == "responses" })?.1
        else { throw Failure.helperFailed("unreadable output") }
        var responses = [Response?](repeating: nil, count: count)
        for item in items {
            guard case .object(let fields) = item else { continue }
            func string(_ name: String) -> String? {
                if case .string(let text)? = fields.first(where: { $0.0 == name })?.1 { return text }
                return nil
            }
            var status = 0
            if case .integer(let number)? = fields.first(where: { $0.0 == "status" })?.1 { status = Int(number) }
            guard let id = string("id").flatMap(Int.init), id >= 0, id < count else { continue }
            responses[id] = Response(
                status: status, contentType: string("content_type"), location: string("location"),
                body: string("body") ?? "",
                error: string("error"))
        }
        return responses.map {
            $0 ?? Response(status: 0, contentType: nil, location: nil, body: "", error: "no answer")
        }
    }
}
