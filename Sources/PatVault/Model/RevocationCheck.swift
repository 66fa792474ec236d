/// Evidence that a version was revoked in Azure DevOps: an operator's attestation, or a probe
/// of the org's API and what it answered.
public struct RevocationCheck: Equatable, Sendable {
    public enum Method: String, Sendable {
        case attested
        case probe
    }

    public enum Outcome: String, Sendable {
        case revoked
        case stillValid = "still-valid"
        case inconclusive
    }

    public var credentialID: Int64
    public var version: Int
    public var at: Timestamp
    public var method: Method
    public var outcome: Outcome
    /// The URL probed, for probes.
    public var endpoint: String?
    public var httpStatus: Int?
    /// Who attested, or what the probe saw, in words.
    public var detail: String
}
