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

    /// One thing that happens at a time.
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
        /// Laptops that sync, in order.
        public var sync: [String]?
    }

    /// What must hold once everyone has synced.
    public struct Expectation: Decodable, Sendable {
        /// Row name → field values, on the server and on every replica.
        public var rows: [String: [String: FieldValue]]
        /// The whole conflict log.
        public var conflicts: [ExpectedConflict]
        /// Laptop → codes of rejected writes still visible on that device.
        public var rejections: [String: [String]]?
        /// Laptop → how many of its clocks the server clamped.
        public var clampedWrites: [String: Int64]?
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
