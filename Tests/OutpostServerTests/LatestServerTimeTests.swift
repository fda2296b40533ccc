import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
@testable import OutpostServer
import OutpostTestSupport
import Testing

/// Pushed clocks are clamped from the latest time the server's clock has read, which a
/// restarted server (SQLite) or another process (PostgreSQL) finds in its store: a server set
/// right after running fast still lets a laptop order its edits after what it saw.
@Suite struct LatestServerTimeTests {
    private let realNow: Int64 = 1_764_000_000_000
    private let eightDays: Int64 = 8 * 24 * 3_600_000

    private func push(_ device: String, clockWall: Int64, sequence: Int64 = 1) -> PushRequest {
        let id = DeviceID(device)
        return PushRequest(deviceID: id, changes: [
            PushChange(sequence: sequence, entity: EntityName("lead"), rowID: RowID("019a0000-0000-7000-8000-00000000c10c"),
                       field: FieldName("contact_name"), value: .text(device), clock: HLCTimestamp(wallMilliseconds: clockWall, counter: 0, deviceID: id),
                       base: nil),
        ])
    }

    /// After the fast days' write: a push after the correction, through `second` (which has
    /// not pushed before), whose clock orders after that write.
    private func expectTheLaterEditWins(through second: any ChangeStore) async throws {
        let fastTime = realNow + eightDays
        let answer = try await second.apply(push("d-real", clockWall: fastTime + 10), author: UserID("u-wang"), serverNow: realNow)
        #expect(answer.results.map(\.status) == [.applied])
        let row = try #require(try await storeRows(second)[RowID("019a0000-0000-7000-8000-00000000c10c")])
        #expect(row.values[FieldName("contact_name")] == .text("d-real"))
        #expect(row.stamps[FieldName("contact_name")]?.clock.wallMilliseconds == fastTime + 10, "not clamped")

        // A clock further ahead is still clamped, to the latest reading plus the budget.
        let ahead = try await second.apply(push("d-ahead", clockWall: fastTime + eightDays), author: UserID("u-wang"), serverNow: realNow)
        #expect(ahead.results.map(\.status) == [.applied])
        let clamped = try #require(try await storeRows(second)[RowID("019a0000-0000-7000-8000-00000000c10c")])
        #expect(clamped.stamps[FieldName("contact_name")]?.clock.wallMilliseconds == fastTime + ClockSkewBudget().maximumAheadMilliseconds)
    }

    @Test func aRestartedSQLiteServerClampsFromTheLatestTimeItsStoreRecorded() async throws {
        let path = try makeTemporaryDirectory("outpost-latest-time").appendingPathComponent("s.sqlite").path
        let before = try SQLiteChangeStore(path: path, schema: PlainSchema.current)
        let fastTime = realNow + eightDays
        _ = try await before.apply(push("d-fast", clockWall: fastTime), author: UserID("u-wang"), serverNow: fastTime)
        let restarted = try SQLiteChangeStore(path: path, schema: PlainSchema.current)
        try await expectTheLaterEditWins(through: restarted)
    }

    @Test func anotherPostgreSQLProcessClampsFromTheLatestTimeTheDatabaseRecorded() async throws {
        try await withPostgresStores(2, schema: PlainSchema.current) { stores in
            let fastTime = realNow + eightDays
            _ = try await stores[0].apply(push("d-fast", clockWall: fastTime), author: UserID("u-wang"), serverNow: fastTime)
            try await expectTheLaterEditWins(through: stores[1])
        }
    }
}
