// patvault-net: the HTTP client of patvault, in its own executable so that commands which make
// no request never load FoundationNetworking and libcurl (README: "The network helper";
// docs/design.md).
//
// Reads one JSON document on standard input:
//   {"requests": [{"id": "1", "method": "POST", "url": "https://...", "headers": {"K": "V"},
//                  "body": "...", "timeout_seconds": 10}]}
// performs the requests concurrently, never following redirects, and writes:
//   {"responses": [{"id": "1", "status": 200, "content_type": "...", "location": null,
//                   "body": "first 64 KiB", "error": null}]}
// A request that fails at the network level has status 0 and an error. Requests may carry
// credentials (a probe's Authorization header): they arrive only on stdin and are never
// printed, logged or echoed back.
import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Refuses every redirect: a probe must see the 302 to a sign-in page, not follow it.
final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[String: Any]] = []
    func add(_ item: [String: Any]) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }
    var all: [[String: Any]] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

/// A network failure in words an operator can act on; the code name for the rare others.
func describe(_ error: (any Error)?, timeout: Int) -> String {
    guard let error else { return "no response" }
    guard let failure = error as? URLError else { return error.localizedDescription }
    switch failure.code {
    case .timedOut: return "timed out after \(timeout) s"
    case .cannotConnectToHost: return "connection refused"
    case .cannotFindHost, .dnsLookupFailed: return "host not found (DNS)"
    case .networkConnectionLost: return "connection lost"
    case .notConnectedToInternet: return "no network"
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
        .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
        return "TLS failure (\(failure.code))"
    default: return "\(failure.code)"
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("patvault-net: \(message)\n".utf8))
    exit(70)
}

let input = FileHandle.standardInput.readDataToEndOfFile()
guard let document = try? JSONSerialization.jsonObject(with: input) as? [String: Any],
    let requests = document["requests"] as? [[String: Any]]
else { fail("expected {\"requests\": [...]} on standard input") }

let configuration = URLSessionConfiguration.ephemeral
configuration.httpCookieStorage = nil
configuration.urlCache = nil
let session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
let results = Results()
let group = DispatchGroup()

for request in requests {
    let id = request["id"] as? String ?? ""
    guard let text = request["url"] as? String, let url = URL(string: text),
        let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http"
    else {
        results.add(["id": id, "status": 0, "error": "not an http(s) URL"])
        continue
    }
    var urlRequest = URLRequest(url: url)
    urlRequest.httpMethod = request["method"] as? String ?? "GET"
    let timeout = request["timeout_seconds"] as? Int ?? 10
    urlRequest.timeoutInterval = TimeInterval(timeout)
    for (name, value) in request["headers"] as? [String: String] ?? [:] {
        urlRequest.setValue(value, forHTTPHeaderField: name)
    }
    if let body = request["body"] as? String { urlRequest.httpBody = Data(body.utf8) }
    group.enter()
    session.dataTask(with: urlRequest) { data, response, error in
        defer { group.leave() }
        guard let http = response as? HTTPURLResponse else {
            results.add(["id": id, "status": 0, "error": describe(error, timeout: timeout)])
            return
        }
        let body = String(decoding: (data ?? Data()).prefix(65_536), as: UTF8.self)
        var result: [String: Any] = ["id": id, "status": http.statusCode, "body": body]
        result["content_type"] = http.value(forHTTPHeaderField: "Content-Type")
        result["location"] = http.value(forHTTPHeaderField: "Location")
        results.add(result)
    }.resume()
}

group.wait()
guard let output = try? JSONSerialization.data(withJSONObject: ["responses": results.all]) else {
    fail("could not encode the responses")
}
FileHandle.standardOutput.write(output)
FileHandle.standardOutput.write(Data("\n".utf8))
