import Foundation
import OutpostCore
import OutpostProtocol

/// A manager's review of the quarantine: what a disabled user pushed is kept, not
/// applied, until someone releases it (it is then applied as the user would have had it
/// applied, with their stamps and permissions) or discards it.
///
/// A release goes through the ordinary push path, so merges and rules hold as for any push.
/// It cannot reuse the laptop's device: that device's sequence has moved past the quarantined
/// entries, and a sequence below it counts as already answered. Each device's entries are
/// pushed instead from a **release device**, `<device>~released`, owned by the same user, in
/// their order, numbered after the release device's last sequence (so entries released in
/// any order, or again after a rejection, are each judged afresh), with their clocks' wall time
/// and counter (so last-writer-wins orders them exactly as the laptop wrote them). Releasing an
/// entry again changes nothing: a write whose version is in force already is answered applied
/// without being judged again, a command with the same id is answered as done; so a crash
/// between the push and the removal loses nothing.
///
/// An applied entry leaves the quarantine; a rejected one stays, with its answer shown, until
/// it is discarded.
public struct QuarantineReview: Sendable {
    /// Which entries a review acts on.
    public enum Selection: Sendable, Equatable {
        /// Every entry one user pushed.
        case user(UserID)
        /// The entries of one device; all of them when `sequences` is empty.
        case device(DeviceID, sequences: [Int64])
    }

    /// One released entry and its answer.
    public struct Outcome: Sendable, Equatable {
        /// The entry as it was kept.
        public var entry: QuarantinedEntry
        /// How the push path answered it.
        public var result: PushResult
    }

    /// A release or discard that cannot run as asked.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// Nothing in the quarantine matches the selection.
        case nothingSelected(String)
        /// A kept entry cannot be read back (written by a build that stored it differently).
        case unreadable(device: DeviceID, sequence: Int64, reason: String)

        public var description: String {
            switch self {
            case .nothingSelected(let selection): "Nothing in the quarantine matches \(selection)."
            case .unreadable(let device, let sequence, let reason):
                "Entry \(sequence) of device \(device.rawValue) cannot be read back (\(reason)); discard it instead."
            }
        }
    }

    private let store: any ChangeStore

    /// A review of `store`'s quarantine.
    public init(store: any ChangeStore) {
        self.store = store
    }

    /// The entries `selection` names, by device then sequence.
    /// - Throws: `Refusal.nothingSelected` when there are none.
    public func entries(_ selection: Selection) async throws -> [QuarantinedEntry] {
        let selected = try await store.quarantinedEntries().filter { entry in
            switch selection {
            case .user(let user): entry.user == user
            case .device(let device, let sequences): entry.device == device && (sequences.isEmpty || sequences.contains(entry.sequence))
            }
        }
        guard !selected.isEmpty else { throw Refusal.nothingSelected(Self.describe(selection)) }
        return selected
    }

    /// Applies the selected entries as their author's, one push per device, and takes the
    /// applied ones out of the quarantine.
    /// - Returns: every selected entry with its answer, by device then sequence.
    public func release(_ selection: Selection, serverNow: Int64) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for (device, entries) in Dictionary(grouping: try await entries(selection), by: \.device).sorted(by: { $0.key < $1.key }) {
            let author = entries[0].user
            let releaseDevice = device.releaseDevice
            let last = try await store.registerDevice(releaseDevice, user: author, skewMilliseconds: 0, serverNow: serverNow).lastSequence
            let ordered = entries.sorted { $0.sequence < $1.sequence }
            let push = try Self.push(releasing: ordered, from: device, numberedAfter: last)
            // A write whose version is in force already was released before (a crash came
            // before its removal): answered applied, not judged again as an edit of its row.
            let current = try await store.currentVersions(of: push.changes, readableBy: author)
            let repeats = Set(push.changes.filter { current[$0.sequence]?.version.clock == $0.clock }.map(\.sequence))
            let fresh = PushRequest(deviceID: push.deviceID, changes: push.changes.filter { !repeats.contains($0.sequence) },
                                    commands: push.commands)
            let answer = try await store.apply(fresh, author: author, serverNow: serverNow, authority: .quarantineRelease)
            var results = Dictionary(uniqueKeysWithValues: answer.results.map { ($0.sequence, $0) })
            for sequence in repeats { results[sequence] = PushResult(sequence: sequence, status: .applied) }
            let released = zip(ordered, (last + 1)...).map { entry, sequence in
                var result = results[sequence] ?? PushPlanner.forgottenResult(sequence)
                result.sequence = entry.sequence   // shown as the entry the manager picked
                return Outcome(entry: entry, result: result)
            }
            try await store.removeFromQuarantine(released.filter { $0.result.status != .rejected }.map(\.entry))
            outcomes += released
        }
        return outcomes
    }

    /// Takes the selected entries out of the quarantine without applying them.
    /// - Returns: the entries discarded.
    public func discard(_ selection: Selection) async throws -> [QuarantinedEntry] {
        let selected = try await entries(selection)
        try await store.removeFromQuarantine(selected)
        return selected
    }

    // MARK: - Private

    /// The push that releases `entries` (one device's, in sequence order) from its release
    /// device, numbered from `last + 1`.
    static func push(releasing entries: [QuarantinedEntry], from device: DeviceID, numberedAfter last: Int64) throws -> PushRequest {
        let releaseDevice = device.releaseDevice
        var changes: [PushChange] = []
        var commands: [PushCommand] = []
        for (entry, sequence) in zip(entries, (last + 1)...) {
            func unreadable(_ reason: String) -> Refusal { .unreadable(device: device, sequence: entry.sequence, reason: reason) }
            guard let written = HLCTimestamp(entry.clock) else { throw unreadable("its clock '\(entry.clock)' is not a clock") }
            let clock = HLCTimestamp(wallMilliseconds: written.wallMilliseconds, counter: written.counter, deviceID: releaseDevice)
            let json = Data(entry.valueJSON.utf8)
            if entry.target.hasPrefix(Self.commandPrefix) {
                let name = CommandName(String(entry.target.dropFirst(Self.commandPrefix.count)))
                guard let arguments = try? WireCoding.decode([String: FieldValue].self, from: json) else {
                    throw unreadable("its arguments are not a command's")
                }
                commands.append(PushCommand(sequence: sequence, id: commandID(device: device, sequence: entry.sequence), name: name,
                                            entity: entry.entity, rowID: entry.rowID, arguments: arguments, clock: clock))
            } else {
                guard let value = try? WireCoding.decode(FieldValue.self, from: json) else { throw unreadable("its value is not a field value") }
                changes.append(PushChange(sequence: sequence, entity: entry.entity, rowID: entry.rowID, field: FieldName(entry.target),
                                          value: value, clock: clock, base: nil))
            }
        }
        return PushRequest(deviceID: releaseDevice, changes: changes, commands: commands)
    }

    /// How `DisabledUserPush` names a command entry's target.
    static let commandPrefix = "command:"

    /// A released command's id (its idempotency key), the same every time the entry is
    /// released: the quarantine keeps the command, not the id the laptop gave it.
    private static func commandID(device: DeviceID, sequence: Int64) -> RowID {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a over the device id
        for byte in device.rawValue.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return RowID("released-\(String(hash, radix: 16))-\(sequence)")
    }

    private static func describe(_ selection: Selection) -> String {
        switch selection {
        case .user(let user): "user \(user.rawValue)"
        case .device(let device, let sequences) where sequences.isEmpty: "device \(device.rawValue)"
        case .device(let device, let sequences): "device \(device.rawValue), sequences \(sequences.map(String.init).joined(separator: ", "))"
        }
    }
}
