/// `patvault check`: the cron job. Evaluates every credential against its policy and exits
/// with a monitoring status. Needs no key and never opens a sealed token.
struct CheckCommand: Command {
    static let name = "check"
    static let summary = "evaluate every credential against its policy; exit 0/1/2/3 for monitoring"
    static let help = """
        usage: patvault check [--format text|json|prometheus] [--at DATE] [--output FILE]
                              [--quiet] [--no-notify] [--probe]

        Evaluates every credential against the policy of its org and reports what needs
        attention: expired tokens and tokens inside the critical window (CRITICAL), tokens past
        a warning threshold or due for rotation (WARNING), tokens that break the policy in force
        (CRITICAL), replaced tokens not revoked within revoke_within (CRITICAL), credentials
        with no active version (WARNING). Needs no key.

          --format FORMAT  text (default; the monitoring-plugin shape), json, or prometheus
                           (node_exporter textfile-collector metrics)
          --at DATE        forecast: evaluate as if now were DATE; records and sends nothing
          --output FILE    write the report to FILE atomically (temporary file + rename),
                           mode 0644, e.g. for node_exporter's textfile collector
          --quiet          print nothing when everything is OK (cron mails only on news)
          --no-notify      evaluate without delivering notifications
          --probe          first ask Azure DevOps whether each replaced token (pending
                           revocation) still authenticates: rejected ones are recorded
                           revoked; needs the vault key

        exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (vault unreadable, policies invalid).
        """
    static let options: [ParsedArguments.Option] = [
        .init("--format"), .init("--at"), .init("--output"), .flag("--quiet"), .flag("--no-notify"), .flag("--probe"),
    ]

    let format: String
    let at: Timestamp?
    let output: String?
    let quiet: Bool
    /// Deliver due events to the alert hooks: not for forecasts, not with --no-notify.
    let notify: Bool
    /// Ask Azure DevOps about every version pending revocation first (needs the key).
    let probe: Bool

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        format = try Arguments.format(arguments, ["text", "json", "prometheus"])
        at = try arguments.values["--at"].map(Arguments.date)
        output = arguments.values["--output"]
        quiet = arguments.has("--quiet")
        notify = !arguments.has("--no-notify") && at == nil
        probe = arguments.has("--probe")
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let now = at ?? context.now
        var destination: Destination
        do {
            destination = try makeDestination(context)
            let report = try evaluate(context, globals, now: now, into: &destination)
            if quiet && report.status == .ok, case .held = destination {
                return .success
            }
            try destination.commit(to: context.standardOutput)
            return ExitCode(rawValue: report.status.rawValue) ?? .unknown
        } catch {
            // Monitoring must see UNKNOWN, never a stale OK: say why on stderr, and in the
            // output's own shape where a scraper or a plugin reads it.
            let reason = CLI.message(for: error)
            context.standardError.write("patvault: \(reason)\n")
            if notify { notifyFailure(reason, context, globals) }
            let notice =
                switch format {
                case "prometheus": PrometheusCheckRenderer.runMetrics(at: context.now, success: false)
                case "json": JSONCheckRenderer.failureDocument(reason: reason, at: now, ranAt: context.now)
                default: "PATVAULT UNKNOWN - \(reason)\n"
                }
            if let output {
                try? AtomicFile.write(notice, to: output, mode: 0o644)
            } else {
                context.standardOutput.write(notice)
            }
            return .unknown
        }
    }

    /// Sends `check-failed` to the hooks that subscribed to it, if the policies can be read.
    private func notifyFailure(_ reason: String, _ context: CommandContext, _ globals: GlobalOptions) {
        guard let policies = try? context.policies(globals) else { return }
        var jobs: [Notifier.Job] = []
        for policy in policies.policies {
            for hook in policy.alerts where hook.events?.contains(AlertEvent.Kind.checkFailed.rawValue) == true {
                let event = AlertEvent.checkFailed(reason: reason, policy: policy.name, at: context.now)
                jobs.append(Notifier.Job(event: event, hook: hook, hookID: "\(policy.name)/\(hook.name)"))
            }
        }
        _ = Notifier(environment: context.environment).deliver(jobs)
    }

    /// Probes every version pending revocation (recording each answer, which may mark it
    /// revoked) and turns the answers into findings: confirmed (OK), still valid (CRITICAL),
    /// inconclusive (WARNING). Runs before the evaluation, which then sees the new states.
    private func probeFindings(_ vault: Vault, _ context: CommandContext, _ globals: GlobalOptions) throws
        -> [(Finding, Credential, Bool)]
    {
        let targets = try vault.store.versionsPendingRevocation()
        guard !targets.isEmpty else { return [] }
        let key = try context.unlock(vault, globals)
        let policies = try context.policies(globals)
        return try vault.probe(targets, key: key, environment: context.environment, now: context.now).map { result in
            let (severity, kind, summary): (Finding.Severity, Finding.Kind, String) =
                switch result.outcome {
                case .revoked: (.ok, .revocationConfirmed, "v\(result.version.version) is revoked: \(result.detail)")
                case .stillValid:
                    (
                        .critical, .revocationFailed,
                        "v\(result.version.version) was replaced but still authenticates (\(result.detail)): revoke it in Azure DevOps"
                    )
                case .inconclusive:
                    (.warning, .probeInconclusive, "probe of v\(result.version.version) inconclusive: \(result.detail)")
                }
            let finding = Finding(
                severity: severity, kind: kind, credential: result.credential.name,
                organization: result.credential.organization, version: result.version.version,
                fingerprint: result.version.fingerprint,
                policy: policies.policy(forOrganization: result.credential.organization).name,
                expiresAt: result.version.expiresAt, daysLeft: context.now.wholeDays(until: result.version.expiresAt),
                threshold: nil, summary: summary)
            return (finding, result.credential, result.httpStatus != 0)
        }
    }

    /// Delivers the due jobs and records every attempt, returning a WARNING finding for each
    /// failure (retried next run). Deliveries run outside any transaction, under a lock file so
    /// that two overlapping runs never both send; a run that finds the lock taken skips them.
    private func deliver(_ jobs: [Notifier.Job], vault: Vault, context: CommandContext) throws -> [Finding] {
        guard !jobs.isEmpty else { return [] }
        let lock = try DeliveryLock(vaultPath: vault.path)
        guard lock.acquired else {
            context.say("patvault: another check is delivering notifications; this run sends none")
            return []
        }
        let outcomes = Notifier(environment: context.environment).deliver(jobs)
        let now = context.now
        return try vault.store.write {
            var failures: [Finding] = []
            for outcome in outcomes {
                let event = outcome.job.event
                try vault.store.recordDelivery(
                    Delivery(
                        key: outcome.job.key, state: outcome.error == nil ? .delivered : .failed, attempts: 1,
                        firstAttemptAt: now, lastAttemptAt: now, deliveredAt: outcome.error == nil ? now : nil,
                        lastError: outcome.error))
                var detail: [(String, JSONValue)] = [
                    ("event", .string(event.kind.rawValue)), ("hook", .string(outcome.job.hookID)),
                    ("threshold", JSONValue(event.threshold)), ("fingerprint", JSONValue(event.fingerprint)),
                ]
                if let error = outcome.error { detail.append(("error", .string(error))) }
                try vault.audit(
                    outcome.error == nil ? "notify" : "notify-failed", at: now, credential: event.credential,
                    version: event.version, detail: detail)
                if let error = outcome.error {
                    failures.append(
                        Finding(
                            severity: .warning, kind: .deliveryFailed, credential: event.credential,
                            organization: event.organization, version: event.version, fingerprint: event.fingerprint,
                            policy: event.policy, expiresAt: event.expiresAt, daysLeft: event.daysLeft,
                            threshold: event.threshold,
                            summary:
                                "\(event.kind.rawValue) to hook \(outcome.job.hookID) failed: \(error); retried next run"
                        ))
                }
            }
            return failures
        }
    }

    /// Where the report goes: streamed to standard output, held back (for `--quiet`, which
    /// prints only when something is wrong), or into a temporary file renamed into place.
    enum Destination {
        case stream(OutputSink)
        case held(HeldBytes)
        case file(AtomicFile)

        mutating func write(_ bytes: [UInt8]) throws {
            switch self {
            case .stream(let sink): sink.write(bytes)
            case .held(let held): held.bytes += bytes
            case .file(let file): try file.write(bytes)
            }
        }

        func commit(to standardOutput: OutputSink) throws {
            switch self {
            case .stream: break
            case .held(let held): standardOutput.write(held.bytes)
            case .file(let file): try file.commit()
            }
        }
    }

    private func makeDestination(_ context: CommandContext) throws -> Destination {
        if let output { return .file(try AtomicFile(path: output, mode: 0o644)) }
        return quiet ? .held(HeldBytes()) : .stream(context.standardOutput)
    }

    /// Output kept back until the status is known; a class, so appending never copies.
    final class HeldBytes {
        var bytes: [UInt8] = []
    }

    private func evaluate(
        _ context: CommandContext, _ globals: GlobalOptions, now: Timestamp, into destination: inout Destination
    ) throws -> CheckReport {
        let vault = try context.openVault(globals)
        let policies = try context.policies(globals)
        var report = CheckReport(at: now, ranAt: context.now)
        var renderer: any CheckRenderer
        switch format {
        case "json": renderer = JSONCheckRenderer()
        case "prometheus": renderer = PrometheusCheckRenderer(at: now)
        default: renderer = TextCheckRenderer()
        }
        var policyByOrg: [String: Policy] = [:]
        let scopeVerdicts = ScopeVerdicts()
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 17)
        let hooksByPolicy = Dictionary(policies.policies.map { ($0.name, $0.alerts) }) { first, _ in first }
        var events: [AlertEvent] = []
        var delivered = Set<Delivery.Key>()
        if probe {
            for (finding, credential, reachable) in try probeFindings(vault, context, globals) {
                if !reachable { report.probeUnreachable = true }
                report.add(runFinding: finding)
                try renderer.add(runFinding: finding)
                if let event = AlertEvent(finding, credential: credential, at: context.now) { events.append(event) }
            }
        }
        try vault.store.read {
            if notify && hooksByPolicy.values.contains(where: { !$0.isEmpty }) {
                delivered = try vault.store.deliveredKeys()
            }
            try vault.store.forEachTrackedCredential { credential, versions in
                let policy =
                    policyByOrg[credential.organization] ?? policies.policy(forOrganization: credential.organization)
                policyByOrg[credential.organization] = policy
                let status = CredentialStatus(
                    credential: credential, versions: versions, policy: policy, now: now, scopeVerdicts: scopeVerdicts)
                report.add(status)
                try renderer.add(status, to: &pending)
                if notify, !(hooksByPolicy[policy.name] ?? []).isEmpty {
                    events += status.findings.compactMap { AlertEvent($0, credential: credential, at: context.now) }
                }
                if pending.count >= 1 << 16 {
                    try destination.write(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        let jobs = Notifier.plan(events: events, hooks: { hooksByPolicy[$0] ?? [] }, delivered: delivered)
        for failure in try deliver(jobs, vault: vault, context: context) {
            report.add(runFinding: failure)
            try renderer.add(runFinding: failure)
        }
        if at == nil {
            try vault.store.write {
                try vault.audit(
                    "check", at: context.now,
                    detail: [
                        ("status", .string(report.status.description)),
                        ("credentials", .integer(Int64(report.credentialCount))),
                        ("warning", .integer(Int64(report.count(.warning)))),
                        ("critical", .integer(Int64(report.count(.critical)))),
                    ])
            }
        }
        try destination.write(pending)
        try renderer.finish(report) { try destination.write($0) }
        return report
    }
}
