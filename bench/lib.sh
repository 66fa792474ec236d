# Shared helpers of the benchmarks: timing by medians of alternating runs, and peak memory.
# Sourced, not run.

patvault="${PATVAULT_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build/release/patvault}"
runs="${RUNS:-10}"

# median_ms CMD...: runs CMD (stdout to /dev/null) $runs times, prints the median wall time in ms.
# Timed with bash's EPOCHREALTIME, so no clock process is forked inside the measurement.
median_ms() {
    local times=() start end
    for _ in $(seq "$runs"); do
        start=$EPOCHREALTIME
        "$@" >/dev/null 2>&1
        end=$EPOCHREALTIME
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%d", (b - a) * 1000000}')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f\n", m / 1000}'
}

# peak_mib CMD...: the peak resident memory of one run of CMD, in MiB.
peak_mib() {
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f\n", $1 / 1024}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", a / b}'; }

# fill_vault VAULT N: inserts N synthetic credentials, each with one active version and every
# tenth with a replaced version too, straight into the vault's tables in one transaction.
# check reads only metadata, so the sealed tokens are random bytes of a real one's size.
fill_vault() {
    sqlite3 "$1" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO credentials (id, name, org_url, org, owner, note, added_at)
SELECT i, printf('team-%03d/integration-%06d', i % 500, i), printf('https://dev.azure.com/org%02d', i % 40),
       printf('org%02d', i % 40), 'platform-team', NULL, 1798761600 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO versions (credential_id, version, state, scopes, created_at, expires_at, added_at, replaced_at,
                      revoked_at, fingerprint)
SELECT i, CASE WHEN i % 10 = 0 THEN 2 ELSE 1 END, 'active', 'vso.code,vso.work,vso.build,vso.test,vso.wiki,vso.project',
       1798761600 - (i % 200) * 86400, 1798761600 + (i % 365) * 86400, 1798761600, NULL, NULL,
       lower(hex(randomblob(6))) FROM n;
WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 10 FROM n WHERE i + 10 <= $2)
INSERT INTO versions (credential_id, version, state, scopes, created_at, expires_at, added_at, replaced_at,
                      revoked_at, fingerprint)
SELECT i, 1, 'pending-revocation', 'vso.code', 1790000000, 1800000000, 1790000000, 1798000000, NULL,
       lower(hex(randomblob(6))) FROM n;
INSERT INTO sealed_tokens (credential_id, version, nonce, sealed)
SELECT credential_id, version, randomblob(24), randomblob(171) FROM versions;
COMMIT;
SQL
}

# The query check runs, as the sqlite3 shell would run it: the same columns, the same join.
check_query="SELECT c.id, c.name, c.org_url, c.org, c.owner, c.note, c.added_at, v.version, v.state, v.scopes,
  v.created_at, v.expires_at, v.added_at, v.replaced_at, v.fingerprint
  FROM credentials c LEFT JOIN versions v ON v.credential_id = c.id AND v.state <> 'revoked'
  ORDER BY c.name, v.version"
