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

extension Locations {
    /// The policy folder: `--policies`, `PATVAULT_POLICIES` (either must exist), else
    /// `$XDG_CONFIG_HOME/patvault/policies` or `/etc/patvault/policies` if there; nil means
    /// the built-in default policy.
    public static func policies(flag: String?, environment: [String: String]) -> String? {
        if let flag, !flag.isEmpty { return flag }
        if let folder = environment["PATVAULT_POLICIES"], !folder.isEmpty { return folder }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            let folder = Path.join(config, "patvault/policies")
            if isDirectory(folder) { return folder }
        }
        return isDirectory(systemPolicies) ? systemPolicies : nil
    }

    static let systemPolicies = "/etc/patvault/policies"

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}

#if canImport(Glibc)
    import Glibc
#endif
