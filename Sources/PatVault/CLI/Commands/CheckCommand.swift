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
          --probe          ask Azure DevOps about replaced tokens (not yet supported)

        exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (vault unreadable, policies invalid).
        """
    static let options: [ParsedArguments.Option] = [
        .init("--format"), .init("--at"), .init("--output"), .flag("--quiet"), .flag("--no-notify"), .flag("--probe"),
    ]

    let format: String
    let at: Timestamp?
    let output: String?
    let quiet: Bool

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        format = try Arguments.format(arguments, ["text", "json", "prometheus"])
        at = try arguments.values["--at"].map(Arguments.date)
        output = arguments.values["--output"]
        quiet = arguments.has("--quiet")
        if arguments.has("--probe") {
            throw UsageError("check --probe is not yet supported", command: Self.name)
        }
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let now = at ?? context.now
        let report: CheckReport
        let rendered: String
        do {
            (report, rendered) = try evaluate(context, globals, now: now)
        } catch {
            // Monitoring must see UNKNOWN, never a stale OK: say why on stderr, and in the
            // output's own shape where a scraper or a plugin reads it.
            context.standardError.write("patvault: \(CLI.message(for: error))\n")
            switch format {
            case "prometheus":
                try? deliver(PrometheusCheckRenderer.runMetrics(at: context.now, success: false), context)
            case "text":
                try? deliver("PATVAULT UNKNOWN - \(CLI.message(for: error))\n", context)
            default:
                break
            }
            return .unknown
        }
        if !(quiet && report.status == .ok && output == nil) {
            try deliver(rendered, context)
        }
        return ExitCode(rawValue: report.status.rawValue) ?? .unknown
    }

    private func evaluate(_ context: CommandContext, _ globals: GlobalOptions, now: Timestamp) throws -> (CheckReport, String) {
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
        try vault.store.read {
            try vault.store.forEachTrackedCredential { credential, versions in
                let policy = policyByOrg[credential.organization] ?? policies.policy(forOrganization: credential.organization)
                policyByOrg[credential.organization] = policy
                let status = CredentialStatus(credential: credential, versions: versions, policy: policy, now: now)
                report.add(status)
                renderer.add(status)
            }
        }
        if at == nil {
            try vault.store.write {
                try vault.audit("check", at: context.now, detail: [
                    ("status", .string(report.status.description)), ("credentials", .integer(Int64(report.credentialCount))),
                    ("warning", .integer(Int64(report.count(.warning)))), ("critical", .integer(Int64(report.count(.critical)))),
                ])
            }
        }
        return (report, renderer.finish(report))
    }

    private func deliver(_ text: String, _ context: CommandContext) throws {
        if let output {
            try AtomicFile.write(text, to: output, mode: 0o644)
        } else {
            context.standardOutput.write(text)
        }
    }
}
