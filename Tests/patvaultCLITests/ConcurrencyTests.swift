import Dispatch
import Foundation
import PatVaultTestSupport
import Testing

/// Two processes writing to one vault at once: SQLite's WAL, the busy timeout and
/// `BEGIN IMMEDIATE` must make them queue, not fail.
@Suite struct ConcurrencyTests {
    @Test func twoWritersAddFiftyEachAndLoseNothing() throws {
        let harness = PatvaultHarness()
        #expect(harness.initialise().status == 0)
        let environment = harness.environment(["PATVAULT_KEYFILE": harness.keyFile])
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for index in 0..<50 {
                let result = ProcessRunner.run(
                    PatvaultHarness.executable,
                    ["add", "w\(writer)/c\(index)", "--org", "https://dev.azure.com/contoso", "--lifetime", "90d"],
                    environment: environment, input: Array(LookAlikeToken.classic().utf8))
                if result.status != 0 || result.errors.contains("locked") {
                    failures.record("\(writer)/\(index): \(result)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let list = harness.run(["list", "--format", "json"], unlock: false)
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout)) as? [[String: Any]]
        #expect(rows?.count == 100)
        let audit = harness.run(["audit", "--verify"], unlock: false)
        #expect(audit.output.hasPrefix("audit log intact: 101 entries"), "\(audit)")
    }
}

/// A thread-safe list of failure messages.
final class Failures: @unchecked Sendable {
    private let lock = DispatchQueue(label: "failures")
    private var messages: [String] = []
    func record(_ message: String) { lock.sync { messages.append(message) } }
    var all: [String] { lock.sync { messages } }
}
