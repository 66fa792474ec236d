import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 and a port the kernel picks, for tests: a webhook
/// receiver that records what it gets, or a stand-in Azure DevOps. One connection at a time,
/// `Connection: close`; it stops when stopped or deinitialised.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: String
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
        public var delaySeconds: Double

        public init(status: Int, headers: [String: String] = [:], body: String = "", delaySeconds: Double = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delaySeconds = delaySeconds
        }
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopped = false
    private var handler: @Sendable (Request) -> Response
    private let done = DispatchSemaphore(value: 0)

    public init(handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        Thread.detachNewThread { [self] in serve() }
    }

    deinit { stop() }

    /// Every request received so far.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    /// Replaces how the server answers from now on.
    public func respond(with handler: @escaping @Sendable (Request) -> Response) {
        lock.lock()
        self.handler = handler
        lock.unlock()
    }

    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        done.wait()
        close(listener)
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func serve() {
        defer { done.signal() }
        while !isStopped {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, data.count >= end + contentLength { break }
            let got = recv(connection, &buffer, buffer.count, 0)
            guard got > 0 else { return }
            data += buffer[0..<got]
            if headerEnd == nil, let range = findHeaderEnd(data) {
                headerEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self)
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        guard let end = headerEnd else { return }
        let lines = String(decoding: data[0..<(end - 4)], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let request = Request(
            method: requestLine.count > 0 ? String(requestLine[0]) : "",
            path: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers, body: String(decoding: data[end...], as: UTF8.self))
        lock.lock()
        recorded.append(request)
        let answer = handler
        lock.unlock()
        let response = answer(request)
        if response.delaySeconds > 0 { Thread.sleep(forTimeInterval: response.delaySeconds) }
        var text = "HTTP/1.1 \(response.status) \(response.status == 200 ? "OK" : "Status")\r\n"
        var headersOut = response.headers
        headersOut["Content-Length"] = String(response.body.utf8.count)
        headersOut["Connection"] = "close"
        for (name, value) in headersOut { text += "\(name): \(value)\r\n" }
        text += "\r\n" + response.body
        _ = Array(text.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func findHeaderEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 0...(data.count - 4)
        where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}

/// A stand-in for Azure DevOps' `_apis/connectionData`, answering as the real service does:
/// 200 with the authenticated user for a live token; for a revoked or unknown token 401 with
/// `X-TFS-ServiceError` when the client sends `X-TFS-FedAuthRedirect: Suppress`, else 203 with
/// an HTML sign-in page; 401 "has expired" for an expired token.
public final class StandInAzureDevOps: @unchecked Sendable {
    public let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var live: Set<String> = []
    private var expired: Set<String> = []
    private var unavailable = false

    public init() throws {
        let state = StateBox()
        server = try LoopbackHTTPServer { request in state.owner?.answer(request) ?? .init(status: 500) }
        state.owner = self
    }

    /// The org URL tokens of this org are added with.
    public func orgURL(_ org: String = "contoso") -> String { "\(server.url)/\(org)" }

    public func accept(_ token: String) {
        lock.lock()
        live.insert(token)
        lock.unlock()
    }
    public func revoke(_ token: String) {
        lock.lock()
        live.remove(token)
        lock.unlock()
    }
    public func expire(_ token: String) {
        lock.lock()
        live.remove(token)
        expired.insert(token)
        lock.unlock()
    }
    /// Answer 503 to everything (an outage).
    public func setUnavailable(_ down: Bool) {
        lock.lock()
        unavailable = down
        lock.unlock()
    }

    func answer(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        lock.lock()
        defer { lock.unlock() }
        if unavailable { return .init(status: 503, body: "Service Unavailable") }
        guard request.path.hasSuffix("/_apis/connectionData") else { return .init(status: 404) }
        var token = ""
        if let header = request.headers["authorization"], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6)))
        {
            token = String(decoding: decoded, as: UTF8.self)
            if let colon = token.firstIndex(of: ":") { token = String(token[token.index(after: colon)...]) }
        }
        if live.contains(token) {
            return .init(
                status: 200, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: """
                    {"authenticatedUser":{"id":"6c2d1a7e-1d3f-4b8a-9a57-3d2b1c0e9f11","descriptor":"aad.x","providerDisplayName":"Integration Bot","isActive":true},"instanceId":"1"}
                    """)
        }
        if expired.contains(token) {
            return .init(
                status: 401,
                headers: ["X-TFS-ServiceError": "Access Denied: The Personal Access Token used has expired."])
        }
        if request.headers["x-tfs-fedauthredirect"] == "Suppress" {
            return .init(status: 401, headers: ["X-TFS-ServiceError": "Access Denied"])
        }
        return .init(
            status: 203, headers: ["Content-Type": "text/html; charset=utf-8"],
            body: "<html><head><title>Sign In</title></head><body>Azure DevOps Services | Sign In</body></html>")
    }

    private final class StateBox: @unchecked Sendable {
        weak var owner: StandInAzureDevOps?
    }
}
