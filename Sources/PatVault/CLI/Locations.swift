/// Where the vault and the policies live, first that is set wins (`docs/cli.md`).
public enum Locations {
    public static func vault(flag: String?, environment: [String: String]) throws -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["PATVAULT_VAULT"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return Path.join(data, "patvault/vault.db")
        }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw UsageError("cannot find the vault: set --vault, PATVAULT_VAULT, XDG_DATA_HOME or HOME")
        }
        return Path.join(home, ".local/share/patvault/vault.db")
    }
}
