/// A named credential: the integration a PAT serves, and the org it belongs to. Its tokens
/// are the versions.
public struct Credential: Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var orgURL: String
    /// The organisation name, which policies match.
    public var organization: String
    public var owner: String?
    public var note: String?
    public var addedAt: Timestamp
}
