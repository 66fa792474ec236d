import CSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Turns events into deliveries to the alert hooks of each event's policy, exactly once per
/// (version, event, threshold, hook): what was delivered is skipped, what failed is tried
/// again while the event is still due, and only milestones due now are sent (a run missed for
/// a week sends today's milestone, not the backlog).
public struct Notifier {
    /// One event for one hook.
    public struct Job: Sendable {
        public var event: AlertEvent
        public var hook: AlertHook
        /// `policy/hook`, the name deliveries are recorded under.
        public var hookID: String
        public var key: Delivery.Key { event.key(hook: hookID) }
    }

    public struct Outcome: Sendable {
        public var job: Job
        /// nil when delivered; else why not, in one line.
        public var error: String?
    }

    /// The jobs due: every hook of the event's policy that wants the event and has not had it.
    public static func plan(events: [AlertEvent], hooks: (String) -> [AlertHook], delivered: Set<Delivery.Key>) -> [Job]
    {
        var jobs: [Job] = []
        var planned = Set<Delivery.Key>()
        for event in events {
            for hook in hooks(event.policy) where hook.events?.contains(event.kind.rawValue) ?? true {
                let job = Job(event: event, hook: hook, hookID: "\(event.policy)/\(hook.name)")
                guard !delivered.contains(job.key), planned.insert(job.key).inserted else { continue }
                jobs.append(job)
            }
        }
        return jobs
    }

    let environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    /// Delivers every job at once: exec hooks as children, webhooks in one run of the network
    /// helper, syslog lines in-process. Each has its own time-out; none waits for another.
    public func deliver(_ jobs: [Job]) -> [Outcome] {
        var results = [Outcome?](repeating: nil, count: jobs.count)
        var execIndices: [Int] = []
        var execSpecs: [ChildProcess.Spec] = []
        var webIndices: [Int] = []
        var webRequests: [NetworkHelper.Request] = []
        let childEnvironment = ChildProcess.sanitizedEnvironment(environment)

        for (index, job) in jobs.enumerated() {
            switch job.hook.kind {
            case .exec(let argv):
                execIndices.append(index)
                execSpecs.append(
                    ChildProcess.Spec(
                        argv: argv, environment: childEnvironment.merging(job.event.environment) { $1 },
                        input: job.event.json + [UInt8(ascii: "\n")], timeoutSeconds: job.hook.timeoutSeconds,
                        outputLimit: 65_536))
            case .webhook(let url, let format, let headers):
                webIndices.append(index)
                var allHeaders = headers
                allHeaders["Content-Type"] = "application/json"
                allHeaders["User-Agent"] = "patvault/\(CLI.version)"
                webRequests.append(
                    NetworkHelper.Request(
                        method: "POST", url: url, headers: allHeaders,
                        body: WebhookPayload.body(job.event, format: format),
                        timeoutSeconds: job.hook.timeoutSeconds))
            case .syslog(let facility, let tag):
                let priority: Int32 = job.event.severity == "CRITICAL" ? 2 : job.event.severity == "WARNING" ? 4 : 6
                let line = "\(job.event.kind.rawValue) severity=\(job.event.severity) \(job.event.summary)"
                patvault_syslog(AlertHook.facilities[facility] ?? (1 << 3), tag, priority, line)
                results[index] = Outcome(job: job, error: nil)
            }
        }

        // The helper and the exec hooks run side by side: the helper is one more child.
        var helperProblem: String?
        if !webRequests.isEmpty {
            do {
                execSpecs.append(try NetworkHelper.childSpec(webRequests, environment: environment))
            } catch {
                helperProblem = CLI.message(for: error)
            }
        }
        let outcomes = ChildProcess.run(execSpecs)
        for (position, index) in execIndices.enumerated() {
            results[index] = Outcome(
                job: jobs[index], error: Self.failure(of: outcomes[position], timeout: jobs[index].hook.timeoutSeconds))
        }
        if !webIndices.isEmpty {
            var responses: [NetworkHelper.Response] = []
            if helperProblem == nil, let outcome = outcomes.last {
                do {
                    responses = try NetworkHelper.responses(from: outcome, count: webRequests.count)
                } catch {
                    helperProblem = CLI.message(for: error)
                }
            }
            for (position, index) in webIndices.enumerated() {
                var error = helperProblem
                if error == nil {
                    let response = responses[position]
                    if response.status == 0 {
                        error = "no answer: \(response.error ?? "network failure")"
                    } else if !(200..<300).contains(response.status) {
                        error = "HTTP \(response.status)"
                    }
                }
                results[index] = Outcome(job: jobs[index], error: error)
            }
        }
        return results.enumerated().map { $0.element ?? Outcome(job: jobs[$0.offset], error: "not sent") }
    }

    static func failure(of outcome: ChildProcess.Outcome, timeout: Int) -> String? {
        switch outcome.ending {
        case .exited(0): return nil
        case .exited(let status): return "exit \(status)" + (outcome.lastErrorLine.map { ": \($0)" } ?? "")
        case .signalled(let signal): return "killed by signal \(signal)"
        case .timedOut: return "timed out after \(timeout) s and was killed"
        case .failedToStart(let error): return "could not start: \(String(cString: strerror(error)))"
        }
    }
}
