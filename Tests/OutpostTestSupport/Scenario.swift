import Foundation
import OutpostCore

/// A conflict scenario read from `fixtures/scenarios/*.json` (see the README there): laptops,
/// offline steps at stated times, and what must hold afterwards.
public struct Scenario: Decodable, Sendable {
    public var id: String
    public var title: String
    public var rules: [String]
    /// Laptop name → user id.
    public var laptops: [String: String]
    /// Laptop name → the ISO-8601 instant its wrong clock shows when the scenario starts.
    public var clockSkew: [String: String]?
    public var steps: [Step]
    public var expect: Expectation

    /// One thing that happens at a time. Text values starting with `@` name rows of the
    /// scenario (`"@L1"` is the id of the row created as `L1`).
    public struct Step: Decodable, Sendable {
        /// `"D<day> HH:MM"` in Asia/Shanghai, day 1 being 2026-09-01.
        public var at: String
        public var laptop: String?
        public var entity: String?
        public var create: String?
        public var edit: String?
        public var delete: String?
        public var restore: String?
        public var values: [String: FieldValue]?
        /// A command queued on `laptop` about the row named `row`, with `arguments`.
        public var command: String?
        public var row: String?
        public var arguments: [String: FieldValue]?
        /// An offline convert of the lead named here; `names` names the provisional rows
        /// (`customer`, `contact`, `student`, `opportunity`).
        public var convert: String?
        public var names: [String: String]?
        /// A row the server writes on its own (`entity`, `values`): a paid order from the front
        /// desk, a trial session, a pool.
        public var seed: String?
        /// The id a `seed` step writes to, for a row of the demo organisation (`"u-sun"`);
        /// without it the row gets a new id.
        public var id: String?
        /// `true`: the server runs the reclaim job at the step's time.
        public var reclaim: Bool?
        /// Leads that reach head office (web form, ads), placed by the server (`ChangeStore.ingest`).
        public var ingest: [IngestedLead]?
        /// Who ingests (`ingest`): a user id.
        public var actor: String?
        /// Laptops that sync, in order.
        public var sync: [String]?
    }

    /// A lead of an `ingest` step: its name for later steps, fields, and optionally the team
    /// or city code it is ingested with.
    public struct IngestedLead: Decodable, Sendable {
        public var name: String
        public var values: [String: FieldValue]
        public var teamID: String?
        public var cityCode: String?
    }

    /// What must hold once everyone has synced.
    public struct Expectation: Decodable, Sendable {
        /// Row name → field values, on the server and on every replica whose user may see it.
        public var rows: [String: [String: FieldValue]]
        /// Laptop → rows that must not be on it (they left its user's scope, or never entered it).
        public var absentFrom: [String: [String]]?
        /// The whole conflict log.
        public var conflicts: [ExpectedConflict]
        /// Laptop → codes of rejected writes still visible on that device.
        public var rejections: [String: [String]]?
        /// Laptop → how many of its clocks the server clamped.
        public var clampedWrites: [String: Int64]?
        /// Every ownership event but `assign_on_create` (one per created lead, always there).
        public var ownershipEvents: [ExpectedOwnershipEvent]?
        /// Every audit entry.
        public var audit: [ExpectedAudit]?
        /// Every opportunity stage change.
        public var stageChanges: [ExpectedStageChange]?
        /// Every suspected-duplicate link (`subject`, `other` row names).
        public var suspectedDuplicates: [[String]]?
        /// Every notification the server left (R-6.5, C4).
        public var notifications: [ExpectedNotification]?
    }

    /// A notification: its recipient, kind, the row name it is about, and words its message holds.
    public struct ExpectedNotification: Decodable, Sendable, Hashable {
        public var recipient: String
        public var kind: String
        public var about: String
        public var says: [String]?

        public init(recipient: String, kind: String, about: String, says: [String]?) {
            self.recipient = recipient
            self.kind = kind
            self.about = about
            self.says = says
        }
    }

    /// An ownership event: subject row name, action, previous and new owner.
    public struct ExpectedOwnershipEvent: Decodable, Sendable, Hashable {
        public var subject: String
        public var action: String
        public var from: String?
        public var to: String?

        public init(subject: String, action: String, from: String?, to: String?) {
            self.subject = subject
            self.action = action
            self.from = from
            self.to = to
        }
    }

    /// An audit entry: actor, action, entity and the row names it is about.
    public struct ExpectedAudit: Decodable, Sendable, Hashable {
        public var actor: String
        public var action: String
        public var entity: String
        public var rows: [String]

        public init(actor: String, action: String, entity: String, rows: [String]) {
            self.actor = actor
            self.action = action
            self.entity = entity
            self.rows = rows
        }
    }

    /// A stage change of the opportunity named `opportunity`.
    public struct ExpectedStageChange: Decodable, Sendable, Hashable {
        public var opportunity: String
        public var from: String?
        public var to: String
        public var author: String
        public var accepted: Bool

        public init(opportunity: String, from: String?, to: String, author: String, accepted: Bool) {
            self.opportunity = opportunity
            self.from = from
            self.to = to
            self.author = author
            self.accepted = accepted
        }
    }

    /// One conflict-log entry, with normalized values.
    public struct ExpectedConflict: Decodable, Sendable, Hashable {
        public var row: String
        public var field: String
        public var winner: FieldValue
        public var winnerAuthor: String
        public var loser: FieldValue
        public var loserAuthor: String

        /// Creates an entry (for comparing the actual log with the expected one).
        public init(row: String, field: String, winner: FieldValue, winnerAuthor: String, loser: FieldValue, loserAuthor: String) {
            self.row = row
            self.field = field
            self.winner = winner
            self.winnerAuthor = winnerAuthor
            self.loser = loser
            self.loserAuthor = loserAuthor
        }
    }

    /// The folder holding the scenario files.
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/scenarios")

    /// The names of every scenario file, sorted.
    public static func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Reads one scenario file.
    public static func load(_ fileName: String) throws -> Scenario {
        try JSONDecoder().decode(Scenario.self, from: Data(contentsOf: folder.appendingPathComponent(fileName)))
    }

    /// The instant of `"D<day> HH:MM"` in ms since 1970 (Asia/Shanghai, UTC+8, day 1 = 2026-09-01).
    public static func instant(_ text: String) throws -> Int64 {
        let parts = text.dropFirst().split(whereSeparator: { $0 == " " || $0 == ":" })
        guard text.first == "D", parts.count == 3, let day = Int64(parts[0]), let hour = Int64(parts[1]), let minute = Int64(parts[2]) else {
            throw ProcessFailure("'\(text)' is not a scenario time; write \"D<day> HH:MM\".")
        }
        let day1Midnight: Int64 = 1_788_192_000_000   // 2026-09-01T00:00:00+08:00
        return day1Midnight + (day - 1) * 86_400_000 + hour * 3_600_000 + minute * 60_000
    }
}
