import Crypto
import Foundation
import OutpostCore
import OutpostProtocol

/// The hash chain over `audit_log` rows: each row the store writes gets an entry, in
/// commit order, whose hash is SHA-256(previous hash ‖ canonical text of the row), so editing
/// or deleting a row behind the server's back breaks the chain from that row on.
///
/// The canonical text is the JSON object `{"id": …, "values": {…}}` with keys sorted and the
/// row's written field values as on the wire (`WireCoding`). The first entry's previous hash
/// is 64 zeros. Pure: the stores load and write, this only computes.
public enum AuditChain {
    /// The "previous hash" of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of the entry for row `id` with `values`, after the entry hashed `previous`.
    public static func link(previous: String, id: RowID, values: [FieldName: FieldValue]) throws -> String {
        var hasher = SHA256()
        hasher.update(data: Data(previous.utf8))
        hasher.update(data: try canonicalText(id: id, values: values))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Checks stored entries, in chain order, against the rows they cover.
    /// - Parameters:
    ///   - entries: every chain entry, in position order.
    ///   - rows: the audit rows as stored now, by id.
    ///   - filled: the fields whose column holds a value, by row, read from the columns
    ///     themselves: a value put in an empty column behind the server's back has no stamp,
    ///     so `rows` does not show it, and the hash alone would not see it.
    ///   - lastHash: the chain's last hash at an earlier check, kept elsewhere: the chain alone
    ///     cannot tell that its newest entries were removed together with their links.
    /// - Returns: how many entries were checked, the first that does not match, if any, and
    ///   the chain's last hash.
    public static func verify(_ entries: [AuditChainEntry], rows: [RowID: RowState], filled: [RowID: Set<FieldName>],
                              markedDeleted: Set<RowID> = [], lastHash: String? = nil) throws -> AuditChainReport {
        var previous = genesis
        var checked = 0
        for entry in entries {
            guard let row = rows[entry.auditID] else {
                return AuditChainReport(checked: checked, broken: .init(entry: entry, reason: "its audit_log row is missing"))
            }
            if markedDeleted.contains(entry.auditID) {
                return AuditChainReport(checked: checked, broken: .init(entry: entry, reason: "its audit_log row is marked deleted (is_deleted), which nothing written through the server does: it was hidden behind the server's back"))
            }
            if let stray = filled[entry.auditID]?.subtracting(row.values.keys).min() {
                return AuditChainReport(checked: checked, broken: .init(entry: entry, reason: "its audit_log row holds a value in '\(stray)' that was never written through the server"))
            }
            let expected = try link(previous: previous, id: entry.auditID, values: row.values)
            guard expected == entry.hash else {
                return AuditChainReport(checked: checked, broken: .init(entry: entry, reason: "its audit_log row does not match the hash recorded when it was written"))
            }
            checked += 1
            previous = entry.hash
        }
        if let lastHash, !entries.contains(where: { $0.hash == lastHash }) {
            let entry = AuditChainEntry(position: (entries.last?.position ?? 0) + 1, auditID: RowID("-"), hash: lastHash)
            return AuditChainReport(checked: checked, broken: .init(entry: entry, reason: "the entry whose hash was \(lastHash) at an earlier check is gone: entries were removed from the end of the chain"),
                                    lastHash: entries.last?.hash)
        }
        let chained = Set(entries.map(\.auditID))
        if let stray = rows.keys.filter({ !chained.contains($0) }).min() {
            let entry = AuditChainEntry(position: (entries.last?.position ?? 0) + 1, auditID: stray, hash: "")
            return AuditChainReport(checked: checked, broken: .init(entry: entry, reason: "this audit_log row has no chain entry (written behind the server's back)"),
                                    lastHash: entries.last?.hash)
        }
        return AuditChainReport(checked: checked, broken: nil, lastHash: entries.last?.hash)
    }

    // MARK: - Private

    private struct Canonical: Encodable {
        var id: String
        var values: [String: FieldValue]
    }

    private static func canonicalText(id: RowID, values: [FieldName: FieldValue]) throws -> Data {
        let named = Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
        return try WireCoding.makeEncoder().encode(Canonical(id: id.rawValue, values: named))
    }
}

/// One stored link of the audit chain.
public struct AuditChainEntry: Hashable, Sendable {
    /// The entry's place in the chain, from 1.
    public var position: Int64
    /// The audit_log row it covers.
    public var auditID: RowID
    /// Its hash, 64 lowercase hex digits.
    public var hash: String

    /// Creates an entry.
    public init(position: Int64, auditID: RowID, hash: String) {
        self.position = position
        self.auditID = auditID
        self.hash = hash
    }
}

/// What `outpost-server audit verify` found.
public struct AuditChainReport: Hashable, Sendable {
    /// The first entry that does not match, and why.
    public struct Break: Hashable, Sendable {
        /// The entry.
        public var entry: AuditChainEntry
        /// What is wrong with it, for people.
        public var reason: String
    }

    /// How many entries matched, from the first.
    public var checked: Int
    /// The first break, or nil when the whole chain matched.
    public var broken: Break?
    /// The hash of the chain's last entry, nil for an empty chain: keep it elsewhere and pass
    /// it to a later check (`audit verify --last-hash`), which then finds entries removed from the end.
    public var lastHash: String?

    /// Creates a report.
    public init(checked: Int, broken: Break?, lastHash: String? = nil) {
        self.checked = checked
        self.broken = broken
        self.lastHash = lastHash
    }
}

/// A store whose audit_log rows are hash-chained.
public protocol AuditTrail: Sendable {
    /// Walks the whole chain against the audit rows as stored now; `lastHash`, the last hash
    /// of an earlier check, must still be in it.
    func verifyAuditChain(lastHash: String?) async throws -> AuditChainReport
}

extension AuditTrail {
    /// Walks the whole chain against the audit rows as stored now.
    public func verifyAuditChain() async throws -> AuditChainReport {
        try await verifyAuditChain(lastHash: nil)
    }
}
